/*
 * textdec.c - decode a text file of unknown encoding to UTF-8 (glibc iconv).
 *
 * Why a unit of its own: it is the only file that calls iconv, and encoding
 * detection is a decision with its own rules that archivists must be able
 * to read.  The rules, in order (docs/ingest.md has the long form):
 *
 *   1. A byte-order mark decides: UTF-8, UTF-16LE/BE, UTF-32LE/BE.
 *   2. Binary data is refused (AK_ENOTTEXT): any NUL byte outside UTF-16/32,
 *      or more than 2 + 1 in 20 bytes a C0 control other than TAB LF VT FF
 *      CR, SUB (DOS end of file) and ESC.  UTF-16 without a BOM is recognised
 *      from its NUL pattern (guessed).
 *   3. Pure 7-bit input is "ASCII" (ISO 646-SE is not told apart here: the
 *      repair stage reads `{|}` as ä ö å with its lexicon).
 *   4. Valid UTF-8 is "UTF-8".  Mostly-valid UTF-8 with a few stray bytes
 *      keeps its valid sequences and reads each stray byte as CP1252
 *      ("UTF-8+CP1252", guessed): nothing the file said is dropped.
 *   5. Otherwise each legacy candidate (CP1252, CP850, CP437, MacRoman,
 *      Latin-1) that iconv can decode is scored on Swedish letter
 *      statistics - å ä ö Å Ä Ö é inside words score high, other letters
 *      inside words a little, punctuation and box drawing glued to letters
 *      score negative - and the best wins (guessed).  Ties go to the earlier
 *      candidate: CP1252 and Latin-1, and CP850 and CP437, decode Swedish
 *      letters identically, so the name reported is the commoner one.
 *
 * Invariants: output is valid UTF-8, NUL-terminated, in the caller's arena;
 * no byte sequence is silently replaced (iconv runs without //TRANSLIT or
 * //IGNORE, and a failed conversion is an error, not a U+FFFD).  The input
 * is never modified.  Thread-safe: every call opens its own iconv_t.
 */
#include "textdec.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ iconv */

int ak_iconv_convert(struct ak_arena *a, const char *from, const char *to,
                     const char *in, size_t n, char **out, size_t *outlen)
{
	iconv_t cd;
	char *buf, *ip, *op, *res;
	size_t cap, inleft, outleft, r;
	int rc = 0;

	*out = NULL;
	*outlen = 0;
	if (n > SIZE_MAX / 2 - 64)
		return AK_ETOOBIG;
	cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return AK_EINVAL;
	cap = n + n / 4 + 64; /* grows on E2BIG; most text is close to 1:1 */
	buf = malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return AK_ENOMEM;
	}
	ip = (char *)(uintptr_t)in; /* iconv's prototype is not const-correct */
	inleft = n;
	op = buf;
	outleft = cap;
	for (;;) {
		r = inleft ? iconv(cd, &ip, &inleft, &op, &outleft)
		           : iconv(cd, NULL, NULL, &op, &outleft); /* flush state */
		if (r != (size_t)-1) {
			if (!inleft && ip != NULL) {
				ip = NULL; /* now flush */
				continue;
			}
			break;
		}
		if (errno == E2BIG) {
			size_t used = (size_t)(op - buf);
			char *nb;
			if (cap > SIZE_MAX / 2) {
				rc = AK_ETOOBIG;
				break;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = AK_ENOMEM;
				break;
			}
			buf = nb;
			op = buf + used;
			outleft = cap * 2 - used;
			cap *= 2;
			continue;
		}
		rc = AK_EFORMAT; /* EILSEQ: no mapping; EINVAL: cut sequence */
		break;
	}
	iconv_close(cd);
	if (!rc) {
		*outlen = (size_t)(op - buf);
		res = ak_arena_strndup(a, buf, *outlen);
		if (!res)
			rc = AK_ENOMEM;
		*out = res;
		if (rc)
			*outlen = 0;
	}
	free(buf);
	return rc;
}

/* ------------------------------------------------------------ UTF-8 */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *p, size_t left, uint32_t *cp)
{
	uint32_t c = p[0];
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07;
	else
		return 0;
	if (left < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* ------------------------------------------------------------ scoring */

enum cclass { C_OTHER, C_SPACE, C_LETTER, C_RARE, C_SWE, C_ODD, C_PUNCT, C_PARA, C_BULLET };

/* Letters as far as the scorer cares: ASCII, Latin-1 Supplement and Latin
 * Extended-A/B letters, and the Greek the DOS pages put in 0xE0-0xEF
 * counts as "other" (it is never Swedish). */
static enum cclass classify(uint32_t c, int *upper)
{
	*upper = 0;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0)
		return C_SPACE;
	if ((c >= 'a' && c <= 'z'))
		return C_LETTER;
	if ((c >= 'A' && c <= 'Z')) {
		*upper = 1;
		return C_LETTER;
	}
	switch (c) {
	case 0xE5: case 0xE4: case 0xF6: case 0xE9: /* å ä ö é */
		return C_SWE;
	case 0xC5: case 0xC4: case 0xD6: case 0xC9: /* Å Ä Ö É */
		*upper = 1;
		return C_SWE;
	default:
		break;
	}
	/* Spacing diacritics (¨ ¯ ´ ¸ ˆ ˜ ...) and the currency sign ¤ never
	 * stand alone in Swedish text: they are what a wrong code page makes
	 * of a symbol (MacRoman § is CP1252 ¤). */
	if (c == 0xA4 || c == 0xA8 || c == 0xAF || c == 0xB4 || c == 0xB8 ||
	    (c >= 0x2C6 && c <= 0x2DD))
		return C_ODD;
	/* Punctuation that touches words: quotes, ellipsis, dashes. */
	if (c == 0xAB || c == 0xBB || (c >= 0x2013 && c <= 0x2014) ||
	    (c >= 0x2018 && c <= 0x201E) || c == 0x2026 || c == 0x2039 || c == 0x203A)
		return C_PUNCT;
	if (c == 0xA7) /* § */
		return C_PARA;
	if (c == 0x2022) /* • */
		return C_BULLET;
	if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) {
		*upper = c < 0xDF || (c >= 0x100 && !(c & 1));
		/* Letters seen in Swedish text (names, loanwords, Nordic
		 * neighbours); other Latin letters are rare. */
		switch (c) {
		case 0xFC: case 0xDC: case 0xE8: case 0xC8: case 0xE0: case 0xC0: /* ü Ü è È à À */
		case 0xE1: case 0xC1: case 0xE7: case 0xC7: case 0xF1:            /* á Á ç Ç ñ */
		case 0xF8: case 0xD8: case 0xE6: case 0xC6:                       /* ø Ø æ Æ */
		case 0x160: case 0x161: case 0x17D: case 0x17E:                   /* Š š Ž ž */
			return C_LETTER;
		default:
			return C_RARE;
		}
	}
	return C_OTHER;
}

/* Decode the next code point of valid UTF-8 (the candidate decodings are
 * valid by construction). */
static uint32_t next_cp(const unsigned char **p, const unsigned char *end)
{
	uint32_t c;
	size_t len = utf8_seq(*p, (size_t)(end - *p), &c);
	if (!len) {
		(*p)++;
		return 0xFFFD;
	}
	*p += len;
	return c;
}

/*
 * Score a candidate decoding: only non-ASCII characters are judged, each by
 * its neighbours.  A Swedish letter touching a letter +4 (+1 when its case
 * is odd, e.g. "hÖr"), a letter seen in Swedish text (ü è à ç ø æ ...)
 * touching a letter +1, a rare one (Ò õ ù ...) 0 (both -1 when the case is
 * odd or the letter stands alone); "§" before a space or digit +2, "• " +1;
 * a symbol glued between two letters -4, touching one letter -2, alone 0;
 * quotes and dashes touching one letter +1 (“så”), between two -2; spacing
 * diacritics and "¤" are -2 even alone.
 */
static long score_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint32_t prev = ' ', cur, next;
	long score = 0;

	if (p >= end)
		return 0;
	cur = next_cp(&p, end);
	for (;;) {
		int more = p < end;

		next = more ? next_cp(&p, end) : ' ';
		if (cur >= 0x80) {
			int up_p, up_c, up_n, lp, ln, odd;
			enum cclass kp = classify(prev, &up_p);
			enum cclass kc = classify(cur, &up_c);
			enum cclass kn = classify(next, &up_n);

			lp = kp == C_LETTER || kp == C_SWE || kp == C_RARE;
			ln = kn == C_LETTER || kn == C_SWE || kn == C_RARE;
			/* Odd case: a capital inside a word ("hÖr", "FÄrslag"), but
			 * not in all-caps words ("MALMÖ", "SÖDERTÖRN"). */
			odd = up_c && lp && (!up_p || (ln && !up_n));
			switch (kc) {
			case C_SWE:
				score += (lp || ln) ? (odd ? 1 : 4) : 1;
				break;
			case C_LETTER:
				score += (lp || ln) ? (odd ? -1 : 1) : -1;
				break;
			case C_RARE:
				score += (lp || ln) ? (odd ? -1 : 0) : -1;
				break;
			case C_BULLET: /* "• Punkt" */
				score += kp == C_SPACE && next == ' ' ? 1 : 0;
				break;
			case C_OTHER:
				score -= lp && ln ? 4 : (lp || ln) ? 2 : 0;
				break;
			case C_ODD:
				score -= lp && ln ? 4 : 2;
				break;
			case C_PUNCT: /* quotes open or close a word: “så” */
				score += lp && ln ? -2 : (lp || ln) ? 1 : 0;
				break;
			case C_PARA: /* "§ 4", "§§" */
				score += (next == ' ' || next == 0xA7 || (next >= '0' && next <= '9')) ? 2 : 0;
				break;
			case C_SPACE:
				break;
			}
		}
		if (!more)
			break;
		prev = cur;
		cur = next;
	}
	return score;
}

/* ------------------------------------------------------------ decoding */

static int has_prefix(const unsigned char *in, size_t n, const char *bom, size_t bn)
{
	return n >= bn && memcmp(in, bom, bn) == 0;
}

/* Is a decoded UTF-8 text binary data?  U+0000 anywhere, or more than
 * 2 + 1 in 20 bytes a C0 control other than TAB LF VT FF CR SUB ESC (the
 * constant lets a short text carry a stray control or two). */
static int looks_binary(const unsigned char *p, size_t n)
{
	size_t i, ctl = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == 0)
			return 1;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' &&
		     c != '\r' && c != 0x1A && c != 0x1B) || c == 0x7F)
			ctl++;
	}
	return ctl * 20 > n + 40;
}

/* UTF-16 without a BOM: at least 90% of the even (LE: odd) bytes are NUL
 * in a text that is mostly Latin script.  Returns "UTF-16LE"/"BE"/NULL. */
static const char *utf16_guess(const unsigned char *in, size_t n)
{
	size_t i, z_even = 0, z_odd = 0, pairs = n / 2;
	if (n < 4 || (n & 1))
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		z_even += in[i] == 0;
		z_odd += in[i + 1] == 0;
	}
	if (z_odd * 10 >= pairs * 9 && z_even * 10 < pairs)
		return "UTF-16LE";
	if (z_even * 10 >= pairs * 9 && z_odd * 10 < pairs)
		return "UTF-16BE";
	return NULL;
}

/* Decode with iconv, then refuse the result if it is binary. */
static int decode_unicode(struct ak_arena *a, const char *enc, const unsigned char *in,
                          size_t n, char **out, size_t *outlen)
{
	int rc = ak_iconv_convert(a, enc, "UTF-8", (const char *)in, n, out, outlen);
	if (rc == AK_EFORMAT)
		return AK_ENOTTEXT; /* broken UTF-16/32: not text we can read */
	if (rc)
		return rc;
	if (looks_binary((const unsigned char *)*out, *outlen))
		return AK_ENOTTEXT;
	return 0;
}

/* CP1252 0x80-0x9F; its five holes read as the Latin-1 C1 control. */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

static size_t put_utf8(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | c >> 12);
	o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

/* Valid UTF-8 sequences are kept; each stray byte is read as CP1252 (or
 * Latin-1 where CP1252 has a hole), so that no byte is lost. */
static int decode_mixed(struct ak_arena *a, const unsigned char *in, size_t n,
                        char **out, size_t *outlen)
{
	char *o;
	size_t i = 0, at = 0;
	uint32_t cp;

	if (n > (SIZE_MAX - 1) / 3 || !(o = ak_arena_alloc(a, n * 3 + 1)))
		return AK_ENOMEM;
	while (i < n) {
		size_t len = utf8_seq(in + i, n - i, &cp);
		if (len) {
			memcpy(o + at, in + i, len);
			at += len;
			i += len;
			continue;
		}
		cp = in[i] >= 0x80 && in[i] < 0xA0 ? cp1252_hi[in[i] - 0x80] : in[i];
		at += put_utf8(o + at, cp);
		i++;
	}
	o[at] = '\0';
	*out = o;
	*outlen = at;
	return 0;
}

static const char *const legacy[] = { "CP1252", "CP850", "CP437", "MACINTOSH", "ISO-8859-1" };
static const char *const legacy_name[] = { "CP1252", "CP850", "CP437", "MacRoman", "ISO-8859-1" };
#define NLEGACY (sizeof(legacy) / sizeof(legacy[0]))

/* Candidates are scored on the first SAMPLE bytes only; the winner then
 * decodes the whole input (falling back to the next best if a byte past
 * the sample has no mapping; Latin-1 maps every byte). */
#define SAMPLE ((size_t)256 * 1024)

static int decode_legacy(struct ak_arena *a, const unsigned char *in, size_t n,
                         char **out, size_t *outlen, const char **encoding)
{
	long score[NLEGACY];
	int ok[NLEGACY];
	size_t i, m = n < SAMPLE ? n : SAMPLE;
	struct ak_arena scratch;

	/* Candidate decodings live in a scratch arena, freed at once. */
	ak_arena_init(&scratch, 0);
	for (i = 0; i < NLEGACY; i++) {
		char *t;
		size_t tl;
		int rc = ak_iconv_convert(&scratch, legacy[i], "UTF-8", (const char *)in, m,
		                          &t, &tl);
		if (rc == AK_ENOMEM) {
			ak_arena_release(&scratch);
			return rc;
		}
		ok[i] = rc == 0;
		score[i] = ok[i] ? score_utf8(t, tl) : 0;
	}
	ak_arena_release(&scratch);
	for (;;) {
		int best = -1, rc;
		for (i = 0; i < NLEGACY; i++)
			if (ok[i] && (best < 0 || score[i] > score[best]))
				best = (int)i;
		if (best < 0)
			return AK_ENOTTEXT;
		rc = ak_iconv_convert(a, legacy[best], "UTF-8", (const char *)in, n, out, outlen);
		if (rc == 0) {
			*encoding = legacy_name[best];
			return looks_binary((const unsigned char *)*out, *outlen) ? AK_ENOTTEXT : 0;
		}
		if (rc != AK_EFORMAT)
			return rc;
		ok[best] = 0;
	}
}

int ak_text_decode(struct ak_arena *a, const unsigned char *in, size_t n,
                   char **out, size_t *outlen, const char **encoding, int *guessed)
{
	size_t i, nbad = 0, nmb = 0, nhigh = 0;
	const char *u16;

	*out = NULL;
	*outlen = 0;
	*encoding = NULL;
	*guessed = 0;

	/* 1. Byte-order marks (UTF-32 before UTF-16: FF FE 00 00). */
	if (has_prefix(in, n, "\xFF\xFE\0\0", 4)) {
		*encoding = "UTF-32LE";
		return decode_unicode(a, "UTF-32LE", in + 4, n - 4, out, outlen);
	}
	if (has_prefix(in, n, "\0\0\xFE\xFF", 4)) {
		*encoding = "UTF-32BE";
		return decode_unicode(a, "UTF-32BE", in + 4, n - 4, out, outlen);
	}
	if (has_prefix(in, n, "\xFF\xFE", 2)) {
		*encoding = "UTF-16LE";
		return decode_unicode(a, "UTF-16LE", in + 2, n - 2, out, outlen);
	}
	if (has_prefix(in, n, "\xFE\xFF", 2)) {
		*encoding = "UTF-16BE";
		return decode_unicode(a, "UTF-16BE", in + 2, n - 2, out, outlen);
	}
	if (has_prefix(in, n, "\xEF\xBB\xBF", 3)) {
		*encoding = "UTF-8-BOM";
		in += 3;
		n -= 3;
	}

	/* 2. Binary data, or UTF-16 without a BOM. */
	if (!*encoding && (u16 = utf16_guess(in, n)) != NULL) {
		*encoding = u16;
		*guessed = 1;
		return decode_unicode(a, u16, in, n, out, outlen);
	}
	if (looks_binary(in, n)) {
		*encoding = NULL;
		return AK_ENOTTEXT;
	}

	/* 3, 4. ASCII and UTF-8. */
	for (i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_seq(in + i, n - i, &cp);
		if (in[i] >= 0x80)
			nhigh++;
		if (!len) {
			nbad++;
			i++;
		} else {
			nmb += len > 1;
			i += len;
		}
	}
	if (!nbad) {
		if (!*encoding)
			*encoding = nhigh ? "UTF-8" : "ASCII";
		*out = ak_arena_strndup(a, (const char *)in, n);
		*outlen = n;
		return *out ? 0 : AK_ENOMEM;
	}
	if (*encoding || (nmb && nmb >= nbad)) {
		/* A BOM said UTF-8, or most non-ASCII is valid UTF-8. */
		*encoding = "UTF-8+CP1252";
		*guessed = 1;
		return decode_mixed(a, in, n, out, outlen);
	}

	/* 5. Legacy single-byte encodings, scored. */
	*guessed = 1;
	return decode_legacy(a, in, n, out, outlen, encoding);
}
