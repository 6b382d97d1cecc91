/*
 * test_textdec.c - encoding detection and iconv conversion (textdec.c).
 *
 * The same invented Swedish paragraph is encoded by this test's own byte
 * tables (not by iconv, so the decoder is checked against an independent
 * encoder) into every supported encoding; each must decode to the identical
 * UTF-8 and report the right encoding name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arkiv.h"
#include "textdec.h"

/* Invented text.  Letters only (å ä ö Å Ä Ö é), so it exists in every
 * encoding tested. */
#define P_SWE                                                                      \
	"Kommunfullmäktige i Ödeshög beslutade den 12 maj att godkänna "             \
	"årsredovisningen för år 2023. Överskottet på 4 mkr förs över till nästa "  \
	"år. Även revisorernas yttrande lades till handlingarna. Åtgärderna följs " \
	"upp av kommunstyrelsen, som återrapporterar före årsskiftet. Idén om ett "  \
	"nytt äldreboende i Ängelholm bordlades; Sjöberg och Bäckström reserverade sig.\n"

/* With characters only some encodings have. */
#define P_RICH P_SWE "§ 12 – ”Beslutet justeras omedelbart.”\n"
#define P_850 P_SWE "§ 12 Beslutet justeras omedelbart.\n"
#define P_BOX                                                                      \
	P_SWE "╒════════════╤═══════╕\n"                                              \
	      "│ Intäkter   │  4 mkr│\n"                                               \
	      "╘════════════╧═══════╛\n"

struct map {
	uint32_t cp;
	unsigned char b;
};

static const struct map m_cp1252[] = {
	{ 0xE5, 0xE5 }, { 0xE4, 0xE4 }, { 0xF6, 0xF6 }, { 0xC5, 0xC5 }, { 0xC4, 0xC4 },
	{ 0xD6, 0xD6 }, { 0xE9, 0xE9 }, { 0xA7, 0xA7 }, { 0x2013, 0x96 }, { 0x201D, 0x94 },
	{ 0, 0 }
};
static const struct map m_latin1[] = {
	{ 0xE5, 0xE5 }, { 0xE4, 0xE4 }, { 0xF6, 0xF6 }, { 0xC5, 0xC5 }, { 0xC4, 0xC4 },
	{ 0xD6, 0xD6 }, { 0xE9, 0xE9 }, { 0xA7, 0xA7 }, { 0, 0 }
};
static const struct map m_cp850[] = {
	{ 0xE5, 0x86 }, { 0xE4, 0x84 }, { 0xF6, 0x94 }, { 0xC5, 0x8F }, { 0xC4, 0x8E },
	{ 0xD6, 0x99 }, { 0xE9, 0x82 }, { 0xA7, 0xF5 }, { 0, 0 }
};
static const struct map m_cp437[] = {
	{ 0xE5, 0x86 }, { 0xE4, 0x84 }, { 0xF6, 0x94 }, { 0xC5, 0x8F }, { 0xC4, 0x8E },
	{ 0xD6, 0x99 }, { 0xE9, 0x82 }, { 0x2550, 0xCD }, { 0x2564, 0xD1 },
	{ 0x2555, 0xB8 }, { 0x2552, 0xD5 }, { 0x2502, 0xB3 }, { 0x2558, 0xD4 },
	{ 0x2567, 0xCF }, { 0x255B, 0xBE }, { 0, 0 }
};
static const struct map m_mac[] = {
	{ 0xE5, 0x8C }, { 0xE4, 0x8A }, { 0xF6, 0x9A }, { 0xC5, 0x81 }, { 0xC4, 0x80 },
	{ 0xD6, 0x85 }, { 0xE9, 0x8E }, { 0xA7, 0xA4 }, { 0x2013, 0xD0 }, { 0x201D, 0xD3 },
	{ 0, 0 }
};

enum how { E_UTF8, E_UTF8_BOM, E_UTF16LE, E_UTF16BE, E_UTF16LE_NOBOM, E_MAP };

static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c;
	if (s[0] < 0x80) {
		*p += 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0) {
		c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		*p += 2;
		return c;
	}
	c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	*p += 3;
	return c;
}

/* Encode UTF-8 text (BMP only) the way `how` says; returns malloc'd bytes. */
static unsigned char *encode(const char *utf8, enum how how, const struct map *m,
                             size_t *n)
{
	size_t len = strlen(utf8), at = 0;
	unsigned char *o = malloc(len * 2 + 8);
	const unsigned char *p = (const unsigned char *)utf8, *end = p + len;

	assert_non_null(o);
	if (how == E_UTF8 || how == E_UTF8_BOM) {
		if (how == E_UTF8_BOM) {
			memcpy(o, "\xEF\xBB\xBF", 3);
			at = 3;
		}
		memcpy(o + at, utf8, len);
		*n = at + len;
		return o;
	}
	if (how == E_UTF16LE) {
		o[at++] = 0xFF;
		o[at++] = 0xFE;
	} else if (how == E_UTF16BE) {
		o[at++] = 0xFE;
		o[at++] = 0xFF;
	}
	while (p < end) {
		uint32_t c = next_cp(&p);
		if (how == E_UTF16LE || how == E_UTF16LE_NOBOM) {
			o[at++] = (unsigned char)(c & 0xFF);
			o[at++] = (unsigned char)(c >> 8);
		} else if (how == E_UTF16BE) {
			o[at++] = (unsigned char)(c >> 8);
			o[at++] = (unsigned char)(c & 0xFF);
		} else if (c < 0x80) {
			o[at++] = (unsigned char)c;
		} else {
			size_t k;
			for (k = 0; m[k].cp && m[k].cp != c; k++)
				;
			if (!m[k].cp)
				fail_msg("test encoder has no byte for U+%04X", (unsigned)c);
			o[at++] = m[k].b;
		}
	}
	*n = at;
	return o;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		           : (c & 0xF8) == 0xF0 ? 4 : 0;
		size_t k;
		if (!len || i + len > n || (len == 2 && c < 0xC2))
			return 0;
		for (k = 1; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

static const struct enc_case {
	const char *name;
	const char *text;
	enum how how;
	const struct map *map;
	const char *want_enc;
	int want_guessed;
} enc_cases[] = {
	{ "utf8", P_RICH, E_UTF8, NULL, "UTF-8", 0 },
	{ "utf8-bom", P_RICH, E_UTF8_BOM, NULL, "UTF-8-BOM", 0 },
	{ "utf16le-bom", P_RICH, E_UTF16LE, NULL, "UTF-16LE", 0 },
	{ "utf16be-bom", P_RICH, E_UTF16BE, NULL, "UTF-16BE", 0 },
	{ "utf16le-nobom", P_RICH, E_UTF16LE_NOBOM, NULL, "UTF-16LE", 1 },
	{ "cp1252", P_RICH, E_MAP, m_cp1252, "CP1252", 1 },
	/* Latin-1 and CP1252 agree on every Swedish letter: CP1252 is named. */
	{ "latin1", P_SWE, E_MAP, m_latin1, "CP1252", 1 },
	{ "cp850", P_850, E_MAP, m_cp850, "CP850", 1 },
	{ "cp850-letters-only", P_SWE, E_MAP, m_cp850, "CP850", 1 },
	/* CP437 is told from CP850 by box drawing CP850 lacks; with letters
	 * only the two are identical and CP850 is named. */
	{ "cp437-box", P_BOX, E_MAP, m_cp437, "CP437", 1 },
	{ "cp437-letters-only", P_SWE, E_MAP, m_cp437, "CP850", 1 },
	{ "macroman", P_RICH, E_MAP, m_mac, "MacRoman", 1 },
	{ "macroman-letters-only", P_SWE, E_MAP, m_mac, "MacRoman", 1 },
	/* Short inputs: one line of minutes. */
	{ "short-cp1252", "Justerare: Åsa Öberg, Märta Ström\n", E_MAP, m_cp1252, "CP1252", 1 },
	{ "short-cp850", "Justerare: Åsa Öberg, Märta Ström\n", E_MAP, m_cp850, "CP850", 1 },
	{ "short-mac", "Justerare: Åsa Öberg, Märta Ström\n", E_MAP, m_mac, "MacRoman", 1 },
	{ "one-word-cp1252", "för", E_MAP, m_cp1252, "CP1252", 1 },
	{ "one-word-cp850", "för", E_MAP, m_cp850, "CP850", 1 },
	{ "one-word-mac", "för", E_MAP, m_mac, "MacRoman", 1 },
	{ "ascii", "Protokoll 2023-11-29, paragraf 4.\n", E_UTF8, NULL, "ASCII", 0 },
	/* ISO 646-SE passes as ASCII: repair reads the braces. */
	{ "iso646-se", "Kommunfullm{ktige godk{nde |versikten f|r }ret.\n", E_UTF8, NULL,
	  "ASCII", 0 },
};

static void test_same_paragraph_every_encoding(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		const struct enc_case *c = &enc_cases[i];
		struct ak_arena a;
		unsigned char *in;
		size_t n, outlen = 0;
		char *out = NULL;
		const char *enc = NULL;
		int guessed = -1, rc;

		ak_arena_init(&a, 0);
		in = encode(c->text, c->how, c->map, &n);
		rc = ak_text_decode(&a, in, n, &out, &outlen, &enc, &guessed);
		if (rc != 0 || !enc || strcmp(enc, c->want_enc) != 0 || outlen != strlen(c->text) ||
		    memcmp(out, c->text, outlen) != 0 || guessed != c->want_guessed)
			fail_msg("%s: rc=%d enc=%s (want %s) guessed=%d out=%.*s", c->name, rc,
			         enc ? enc : "(null)", c->want_enc, guessed, (int)outlen,
			         out ? out : "");
		assert_true(valid_utf8((const unsigned char *)out, outlen));
		assert_int_equal(out[outlen], '\0');
		free(in);
		ak_arena_release(&a);
	}
}

static const struct bad_case {
	const char *name;
	const char *bytes;
	size_t n;
	int want_rc;
} bad_cases[] = {
	{ "nul-bytes", "PK\0\0\0\x14\0\x08\0abcdef", 15, AK_ENOTTEXT },
	{ "controls", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 text", 17, AK_ENOTTEXT },
	{ "one-nul", "Protokoll\0 fortsatt text som annars vore text", 45, AK_ENOTTEXT },
	{ "utf16-odd-length", "\xFF\xFEh\0e\0j", 7, AK_ENOTTEXT },
	{ "utf16-lone-surrogate", "\xFF\xFE\x00\xD8h\0", 6, AK_ENOTTEXT },
	{ "utf16-with-nul-chars", "\xFF\xFE\0\0\0\0\0\0\0\0", 10, AK_ENOTTEXT },
};

static void test_not_text(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct ak_arena a;
		char *out = NULL;
		size_t outlen = 0;
		const char *enc;
		int guessed, rc;

		ak_arena_init(&a, 0);
		rc = ak_text_decode(&a, (const unsigned char *)c->bytes, c->n, &out, &outlen, &enc,
		                    &guessed);
		if (rc != c->want_rc)
			fail_msg("%s: rc=%d, want %d", c->name, rc, c->want_rc);
		ak_arena_release(&a);
	}
}

static void test_random_binary_is_not_text(void **state)
{
	unsigned char buf[4096];
	uint32_t x = 12345;
	size_t i;
	int round;
	(void)state;
	for (round = 0; round < 20; round++) {
		struct ak_arena a;
		char *out;
		size_t outlen;
		const char *enc;
		int guessed;
		for (i = 0; i < sizeof(buf); i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (unsigned char)(x >> 16);
		}
		ak_arena_init(&a, 0);
		assert_int_equal(ak_text_decode(&a, buf, sizeof(buf), &out, &outlen, &enc, &guessed),
		                 AK_ENOTTEXT);
		ak_arena_release(&a);
	}
}

/* Mostly UTF-8 with a few stray CP1252 bytes: the UTF-8 is kept as it is
 * and each stray byte is read as CP1252, nothing dropped. */
static void test_mixed_utf8_and_cp1252(void **state)
{
	static const char in[] = "Beslut för år 2023 \x96 godk\xe4nt av styrelsen, även revisorerna.";
	static const char want[] = "Beslut för år 2023 – godkänt av styrelsen, även revisorerna.";
	struct ak_arena a;
	char *out;
	size_t outlen;
	const char *enc;
	int guessed;
	(void)state;
	ak_arena_init(&a, 0);
	assert_int_equal(ak_text_decode(&a, (const unsigned char *)in, strlen(in), &out, &outlen,
	                                &enc, &guessed), 0);
	assert_string_equal(enc, "UTF-8+CP1252");
	assert_int_equal(guessed, 1);
	assert_string_equal(out, want);
	ak_arena_release(&a);
}

static void test_empty_input(void **state)
{
	struct ak_arena a;
	char *out;
	size_t outlen = 99;
	const char *enc;
	int guessed;
	(void)state;
	ak_arena_init(&a, 0);
	assert_int_equal(ak_text_decode(&a, (const unsigned char *)"", 0, &out, &outlen, &enc,
	                                &guessed), 0);
	assert_int_equal(outlen, 0);
	assert_string_equal(out, "");
	/* A BOM alone decodes to nothing. */
	assert_int_equal(ak_text_decode(&a, (const unsigned char *)"\xEF\xBB\xBF", 3, &out,
	                                &outlen, &enc, &guessed), 0);
	assert_int_equal(outlen, 0);
	assert_string_equal(enc, "UTF-8-BOM");
	ak_arena_release(&a);
}

static const struct conv_case {
	const char *from, *to, *in;
	size_t n;
	int want_rc;
	const char *want;
	size_t want_n;
} conv_cases[] = {
	{ "CP1252", "UTF-8", "f\xf6r \xe5r", 6, 0, "för år", 8 },
	{ "UTF-8", "CP850", "för år", 8, 0, "f\x94r \x86r", 6 },
	{ "UTF-8", "CP437", "Öst", 4, 0, "\x99st", 3 },
	{ "MACINTOSH", "UTF-8", "f\x9ar", 3, 0, "för", 4 },
	{ "UTF-8", "MACINTOSH", "Åsa", 4, 0, "\x81sa", 3 },
	{ "UTF-8", "ISO-8859-1", "fÃ¶r", 6, 0, "f\xc3\xb6r", 4 },   /* undoes mojibake */
	{ "UTF-8", "UTF-16LE", "ö", 2, 0, "\xf6\0", 2 },
	{ "", "", "", 0, 0, "", 0 },                                 /* empty in, empty out */
	{ "UTF-8", "CP850", "€", 3, AK_EFORMAT, NULL, 0 },           /* no mapping */
	{ "CP1252", "UTF-8", "\x81", 1, AK_EFORMAT, NULL, 0 },       /* hole in CP1252 */
	{ "UTF-8", "CP1252", "\xc3", 1, AK_EFORMAT, NULL, 0 },       /* cut sequence */
	{ "UTF-8", "CP1252", "\xff", 1, AK_EFORMAT, NULL, 0 },       /* invalid UTF-8 */
	{ "NO-SUCH-CHARSET", "UTF-8", "x", 1, AK_EINVAL, NULL, 0 },
};

static void test_iconv_convert(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(conv_cases) / sizeof(conv_cases[0]); i++) {
		const struct conv_case *c = &conv_cases[i];
		struct ak_arena a;
		char *out = (char *)"x";
		size_t outlen = 99;
		int rc;

		ak_arena_init(&a, 0);
		rc = ak_iconv_convert(&a, c->from[0] ? c->from : "UTF-8", c->to[0] ? c->to : "UTF-8",
		                      c->in, c->n, &out, &outlen);
		if (rc != c->want_rc)
			fail_msg("case %zu %s->%s: rc=%d want %d", i, c->from, c->to, rc, c->want_rc);
		if (!rc) {
			assert_int_equal(outlen, c->want_n);
			assert_memory_equal(out, c->want, c->want_n);
			assert_int_equal(out[outlen], '\0');
		} else {
			assert_null(out);
			assert_int_equal(outlen, 0);
		}
		ak_arena_release(&a);
	}
}

/* A large input: the output grows past the first guess of its size. */
static void test_iconv_large(void **state)
{
	struct ak_arena a;
	size_t n = 300000, i, outlen;
	char *in = malloc(n), *out;
	(void)state;
	assert_non_null(in);
	for (i = 0; i < n; i++)
		in[i] = (char)0xE4; /* ä */
	ak_arena_init(&a, 0);
	assert_int_equal(ak_iconv_convert(&a, "CP1252", "UTF-32LE", in, n, &out, &outlen), 0);
	assert_int_equal(outlen, n * 4);
	assert_int_equal((unsigned char)out[0], 0xE4);
	assert_int_equal(out[1], 0);
	free(in);
	ak_arena_release(&a);
}

/* The decision is not fooled by a long legacy file whose Swedish letters
 * only start late (the sample is the first 256 KiB). */
static void test_long_cp850(void **state)
{
	struct ak_arena a;
	size_t n, pn, at = 0, k, outlen;
	unsigned char *p1 = encode(P_850, E_MAP, m_cp850, &pn), *big;
	char *out;
	const char *enc;
	int guessed;
	(void)state;
	n = pn * 3000;
	big = malloc(n);
	assert_non_null(big);
	for (k = 0; k < 3000; k++, at += pn)
		memcpy(big + at, p1, pn);
	ak_arena_init(&a, 0);
	assert_int_equal(ak_text_decode(&a, big, n, &out, &outlen, &enc, &guessed), 0);
	assert_string_equal(enc, "CP850");
	assert_int_equal(outlen, strlen(P_850) * 3000);
	assert_memory_equal(out, P_850, strlen(P_850));
	free(big);
	free(p1);
	ak_arena_release(&a);
}

/* ------------------------------------------------------------ seeds */

/*
 * Real Swedish documents (../shared/seeds, read in place, never copied):
 * each is converted with iconv into every legacy encoding (lines holding a
 * character the encoding lacks are left out of that encoding's sample),
 * then decoded blind.  Whole documents must come back byte-identical; each
 * line with a non-ASCII letter is also decoded on its own, and the share
 * read correctly is reported (short lines are the hard case) with a floor.
 */
static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[len] = '\0';
		*n = (size_t)len;
	}
	return buf;
}

static int has_bytes(const char *p, size_t n, const char *m, size_t mn)
{
	size_t i;
	for (i = 0; i + mn <= n; i++)
		if (memcmp(p + i, m, mn) == 0)
			return 1;
	return 0;
}

static void test_seed_documents(void **state)
{
	static const char *const seeds[] = { "000_c860e2893d2a5280.txt", "001_895b1e0f09eda0ef.txt",
	                                     "004_7f8b82e79f01c46b.txt" };
	static const struct {
		const char *iconv_name, *want;
		const char *acceptable; /* decodes Swedish letters identically */
	} encs[] = {
		{ "CP1252", "CP1252", "ISO-8859-1" },
		{ "ISO-8859-1", "CP1252", "ISO-8859-1" },
		{ "CP850", "CP850", "CP437" },
		{ "CP437", "CP850", "CP437" },
		{ "MACINTOSH", "MacRoman", NULL },
	};
	const char *root = getenv("AK_SOURCE_DIR");
	size_t s, e, docs = 0;
	(void)state;

	for (e = 0; e < sizeof(encs) / sizeof(encs[0]); e++) {
		size_t lines = 0, right = 0;
		for (s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
			char path[1024], *txt, *line, *sample, *out, *enc_line;
			size_t n = 0, at = 0, outlen, ln;
			const char *enc;
			int guessed;
			struct ak_arena a;

			snprintf(path, sizeof(path), "%s/../shared/seeds/%s", root ? root : ".", seeds[s]);
			if (!(txt = read_file(path, &n))) {
				print_message("seeds not found at %s: seed test skipped\n", path);
				skip();
			}
			ak_arena_init(&a, 0);
			sample = malloc(n + 1);
			assert_non_null(sample);
			/* Keep the lines this encoding can hold. */
			for (line = txt; *line;) {
				char *end = strchr(line, '\n');
				size_t len = end ? (size_t)(end - line + 1) : strlen(line);
				/* CP437 and CP850 differ only in symbols: a CP437 "¢" (0x9B)
				 * inside a word reads better as CP850 "ø", and is read so
				 * (OCR-mangled seed 000 has "¢" for "ö").  Such lines are
				 * left out of the CP437 sample: no scorer can tell. */
				int cp437_only = strcmp(encs[e].iconv_name, "CP437") == 0 &&
				                 (has_bytes(line, len, "\xc2\xa2", 2) ||
				                  has_bytes(line, len, "\xc2\xa5", 2) ||
				                  has_bytes(line, len, "\xe2\x82\xa7", 3));
				if (!cp437_only &&
				    ak_iconv_convert(&a, "UTF-8", encs[e].iconv_name, line, len, &enc_line,
				                     &ln) == 0) {
					memcpy(sample + at, line, len);
					at += len;
					/* The line on its own, if it has a non-ASCII letter. */
					{
						size_t k, high = 0;
						for (k = 0; k < ln; k++)
							high += (unsigned char)enc_line[k] >= 0x80;
						if (high) {
							lines++;
							if (ak_text_decode(&a, (const unsigned char *)enc_line, ln, &out,
							                   &outlen, &enc, &guessed) == 0 &&
							    outlen == len && memcmp(out, line, len) == 0)
								right++;
						}
					}
				}
				line += len;
			}
			assert_int_equal(ak_iconv_convert(&a, "UTF-8", encs[e].iconv_name, sample, at,
			                                  &enc_line, &ln), 0);
			assert_int_equal(ak_text_decode(&a, (const unsigned char *)enc_line, ln, &out,
			                                &outlen, &enc, &guessed), 0);
			if (outlen != at || memcmp(out, sample, at) != 0 ||
			    (strcmp(enc, encs[e].want) != 0 &&
			     !(encs[e].acceptable && strcmp(enc, encs[e].acceptable) == 0)))
				fail_msg("seed %s as %s: read as %s, %s", seeds[s], encs[e].iconv_name, enc,
				         outlen == at && memcmp(out, sample, at) == 0 ? "text identical"
				                                                      : "text differs");
			docs++;
			free(sample);
			free(txt);
			ak_arena_release(&a);
		}
		print_message("seeds as %-10s: 3/3 documents identical; single lines %zu/%zu "
		              "(%.1f%%) identical\n", encs[e].iconv_name, right, lines,
		              lines ? 100.0 * (double)right / (double)lines : 0.0);
		/* Floor: single lines are the hard case (one "ö" in a short
		 * line); measured 98.3-99.8% (docs/ingest.md). */
		assert_true(right * 100 >= lines * 95);
	}
	assert_int_equal(docs, 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_paragraph_every_encoding),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_random_binary_is_not_text),
		cmocka_unit_test(test_mixed_utf8_and_cp1252),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_iconv_convert),
		cmocka_unit_test(test_iconv_large),
		cmocka_unit_test(test_long_cp850),
		cmocka_unit_test(test_seed_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
