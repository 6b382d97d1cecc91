/*
 * fuzz_textdec.c - libFuzzer target over ak_text_decode (textdec.c).
 *
 * Invariants checked on every input: the call returns 0 or a negative AK_E*
 * code; on success the output is valid UTF-8, NUL-terminated at outlen,
 * holds no NUL byte, and an encoding name is set; memory stays inside the
 * arena (ASan).  Also exercises ak_iconv_convert on the same bytes between
 * the legacy encodings the repair stage uses.
 *
 * Without libFuzzer (plain build), the weak main() below runs the target over
 * files named on the command line, so a crash found by the fuzzer can be
 * replayed with any compiler.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arkiv.h"
#include "textdec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		           : (c & 0xF8) == 0xF0 ? 4 : 0, k;
		if (!len || i + len > n || (len == 2 && c < 0xC2))
			return 0;
		for (k = 1; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encs[] = { "CP1252", "CP850", "CP437", "MACINTOSH",
	                                    "ISO-8859-1", "UTF-8" };
	struct ak_arena a;
	char *out = NULL;
	size_t outlen = 0;
	const char *enc = NULL;
	int guessed = 0, rc;

	ak_arena_init(&a, 0);
	rc = ak_text_decode(&a, data, size, &out, &outlen, &enc, &guessed);
	if (rc > 0)
		abort();
	if (rc == 0) {
		if (!out || !enc || out[outlen] != '\0' || memchr(out, 0, outlen) ||
		    !valid_utf8((const unsigned char *)out, outlen))
			abort();
	}
	if (size) {
		const char *from = encs[data[0] % 6], *to = encs[(data[0] / 6) % 6];
		rc = ak_iconv_convert(&a, from, to, (const char *)data + 1, size - 1, &out, &outlen);
		if (rc > 0 || (rc == 0 && out[outlen] != '\0'))
			abort();
	}
	ak_arena_release(&a);
	return 0;
}

#include "fuzz_replay.h"
