/*
 * textdec.h - decoding text files in legacy encodings (textdec.c, iconv).
 *
 * The only place that calls iconv.  Detects UTF-8 (with or without BOM),
 * UTF-16 with BOM, CP1252/Latin-1, CP850, CP437, MacRoman and 7-bit
 * ISO 646-SE, by validity and by scoring candidate decodings on Swedish
 * letter statistics; repair (extractors/) later undoes mojibake inside
 * valid UTF-8.
 */
#ifndef AK_TEXTDEC_H
#define AK_TEXTDEC_H

#include <stddef.h>

#include "arkiv.h"

/* Decode bytes to UTF-8 into the arena.  *encoding gets a static name
 * ("UTF-8", "CP1252", ...).  Returns AK_ENOTTEXT for binary data. */
int ak_text_decode(struct ak_arena *a, const unsigned char *in, size_t n,
                   char **out, size_t *outlen, const char **encoding,
                   int *guessed);

/* Convert n bytes from encoding `from` to encoding `to` (iconv names, e.g.
 * "UTF-8", "CP1252", "CP850", "MACINTOSH") into the arena.  Fails with
 * AK_EFORMAT when a byte sequence has no mapping (no silent substitution),
 * so callers can use it to test whether a reading is possible. */
int ak_iconv_convert(struct ak_arena *a, const char *from, const char *to,
                     const char *in, size_t n, char **out, size_t *outlen);

#endif
