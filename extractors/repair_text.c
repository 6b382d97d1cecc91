/*
 * repair_text.c - the repair engine: mis-encodings, then OCR confusions.
 *
 * Why separate from the stage: the engine works on plain bytes and is what
 * tests, the bench and the fuzz target drive; the stage only maps pages and
 * word boxes onto it.
 *
 * Two layers, each a list of replaced byte ranges:
 *  1. encodings, per line: invalid UTF-8 bytes are read as CP1252; then the
 *     readings "UTF-8 shown as CP1252" (also twice over), "CP850/CP437/
 *     MacRoman bytes shown as CP1252" and "ISO 646-SE" are scored on the
 *     lexicon, per line and per document, and a chunk is changed only when
 *     its reading gains known words (or, for names, when its line's and the
 *     document's best reading agree).
 *  2. OCR confusions, per word: a noisy channel.  The print's variants come
 *     from the confusion table's glyph rules (é, 6, & ... read as ö, ä),
 *     and misread real letters (d for ö) when nothing cheaper is a word;
 *     the readings of each variant with lost marks restored (a -> ä/å,
 *     o -> ö) are the model's fold table lookups: one for the whole
 *     variant, one per part for compounds, never the 2^k spellings of k
 *     a/o letters.  Each reading is scored by log P(word) (running-text
 *     counts, lexicon floor, compounds, same spelling elsewhere in the
 *     document) + bigram context + log P(print | word).  The probability
 *     that å/ä/ö lost its marks is estimated per document, so clean text
 *     is left alone and badly damaged text is repaired.
 * Invariant: a word the lexicon knows is changed only in full mode and only
 * when the alternative wins by a margin; text that is clean UTF-8 Swedish
 * comes out byte-identical; repairing the output again changes nothing.
 * Limits: words longer than AK_LEX_MAXWORD bytes and chunks longer than
 * 256 bytes are not touched; candidates per word are capped.
 */
#include "repair.h"
#include "repair_int.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXCHUNK 256
#define MAXCANDS 384 /* variants of a print searched */
#define MAXSUBS 4

/* ------------------------------------------------------------ layers */

struct seg {
	uint32_t ioff, ilen; /* range in the layer's input */
	uint32_t ooff, olen; /* range in the layer's output */
	float score;
	const char *reason;
};

struct layer {
	struct ak_arena *a;
	struct seg *v;
	size_t n, cap;
	struct ak_buf out;
	size_t copied; /* input bytes consumed */
	const char *in;
	int err;
};

static void layer_init(struct layer *l, struct ak_arena *a, const char *in, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->a = a;
	l->in = in;
	ak_buf_init(&l->out, max);
}

/* Replace in[off..off+len) (off >= copied) with rep. */
static void layer_put(struct layer *l, size_t off, size_t len, const char *rep, size_t rlen,
                      float score, const char *reason)
{
	if (l->n == l->cap) {
		struct seg *nv = ak_arena_grow(l->a, l->v, l->n, &l->cap, sizeof(*nv));
		if (!nv) {
			l->err = AK_ENOMEM;
			return;
		}
		l->v = nv;
	}
	ak_buf_put(&l->out, l->in + l->copied, off - l->copied);
	l->v[l->n].ioff = (uint32_t)off;
	l->v[l->n].ilen = (uint32_t)len;
	l->v[l->n].ooff = (uint32_t)l->out.len;
	l->v[l->n].olen = (uint32_t)rlen;
	l->v[l->n].score = score;
	l->v[l->n].reason = reason;
	l->n++;
	ak_buf_put(&l->out, rep, rlen);
	l->copied = off + len;
}

static void layer_finish(struct layer *l, size_t n)
{
	ak_buf_put(&l->out, l->in + l->copied, n - l->copied);
	l->copied = n;
	if (l->out.err && !l->err)
		l->err = l->out.err;
}

/* Map an output offset x (not strictly inside a segment) to input. */
static size_t map_back(const struct layer *l, size_t x)
{
	size_t lo = 0, hi = l->n;
	/* last segment whose output ends at or before x */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->v[mid].ooff + l->v[mid].olen <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return x;
	return x - (l->v[lo - 1].ooff + l->v[lo - 1].olen) + l->v[lo - 1].ioff + l->v[lo - 1].ilen;
}

/* Map an input offset x (not strictly inside a segment) to output. */
static size_t map_fwd(const struct layer *l, size_t x)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->v[mid].ioff + l->v[mid].ilen <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return x;
	return x - (l->v[lo - 1].ioff + l->v[lo - 1].ilen) + l->v[lo - 1].ooff + l->v[lo - 1].olen;
}

/* ------------------------------------------------------------ lexicon */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* 2 = stand-alone word, 1 = compound of known parts, 0 = unknown.  *id
 * gets the word's id, or for a compound its head's id in *head. */
static int known_lower2(const struct ak_lex *lx, const char *w, size_t n, uint64_t h,
                        uint32_t *id, uint32_t *head, int *kind, struct ak_lex_cache *c)
{
	unsigned f;
	uint32_t i = ak_lex_find_cached_h(lx, c, w, n, h, &f);
	if (id)
		*id = AK_LEX_NONE;
	if (head)
		*head = AK_LEX_NONE;
	if (i != AK_LEX_NONE && (f & (AK_LEXF_WORD | AK_LEXF_DOMAIN | AK_LEXF_NAME))) {
		if (id)
			*id = i;
		return 2;
	}
	if (kind)
		*kind = ak_lex_compound_cached(lx, c, w, n, head);
	else
		return ak_lex_compound_cached(lx, c, w, n, head) ? 1 : 0;
	return *kind ? 1 : 0;
}

static int known_lower(const struct ak_lex *lx, const char *w, size_t n, uint32_t *id)
{
	return known_lower2(lx, w, n, ak_lex_key_hash(w, n), id, NULL, NULL, NULL);
}

static int known_any(const struct ak_lex *lx, const char *w, size_t n)
{
	char low[AK_LEX_MAXWORD + 8];
	size_t m = ak_lex_lower(low, sizeof(low), w, n);
	if (!m || m > AK_LEX_MAXWORD)
		return 0;
	return known_lower(lx, low, m, NULL);
}

/* ------------------------------------------------------------ encodings */

enum xf { XF_UTF8 = 0, XF_ISO646, XF_CP850, XF_CP437, XF_MAC, XF__N };
static const char *const xf_reason[XF__N] = { "utf8-as-cp1252", "iso646-se", "cp850", "cp437",
	"macroman" };
static const char *const xf_name[XF__N] = { "UTF-8 (shown as CP1252)", "ISO 646-SE", "CP850",
	"CP437", "MacRoman" };

/* The byte CP1252 (or Latin-1 for C1 controls) shows as c, or -1. */
static int byte_1252(const uint32_t *cp1252, uint32_t c)
{
	int i;
	if (c < 0x80)
		return (int)c;
	if (c >= 0xA0 && c <= 0xFF)
		return (int)c;
	for (i = 0; i < 32; i++)
		if (cp1252[i] == c)
			return 0x80 + i;
	if (c >= 0x80 && c <= 0x9F && !cp1252[c - 0x80])
		return (int)c;
	if (c >= 0x80 && c <= 0x9F)
		return (int)c; /* Latin-1 reading of the byte */
	return -1;
}

static int valid_utf8_multi(const char *s, size_t n)
{
	size_t i = 0, k;
	int multi = 0;
	while (i < n) {
		uint32_t c = ak_utf8_get(s + i, n - i, &k);
		if (c == 0xFFFFFFFFu || (c >= 0x80 && c < 0xA0))
			return 0;
		if (k > 1)
			multi = 1;
		i += k;
	}
	return multi;
}

/* Apply reading x to s[0..n) into out (cap >= 4n+4); 0 if not applicable
 * or unchanged. */
static size_t xf_apply(const struct ak_lex *lx, enum xf x, const char *s, size_t n, char *out)
{
	const uint32_t *c1252 = ak_lex_codepage(lx, AK_CP_1252);
	size_t i = 0, o = 0, k;
	int changed = 0, letters = 0;

	if (x == XF_UTF8) {
		while (i < n) {
			uint32_t c = ak_utf8_get(s + i, n - i, &k);
			int b = c == 0xFFFFFFFFu ? -1 : byte_1252(c1252, c);
			if (b < 0)
				return 0;
			if (b >= 0x80)
				changed = 1;
			out[o++] = (char)b;
			i += k;
		}
		return changed && valid_utf8_multi(out, o) ? o : 0;
	}
	if (x == XF_ISO646) {
		static const char map[] = "{\xc3\xa4|\xc3\xb6}\xc3\xa5[\xc3\x84\\\xc3\x96]\xc3\x85";
		for (i = 0; i < n; i++) {
			const char *p = memchr("{|}[\\]", s[i], 6);
			if (p && s[i]) {
				size_t at = (size_t)(p - "{|}[\\]") * 3;
				memcpy(out + o, map + at + 1, 2);
				o += 2;
				changed = 1;
			} else {
				if (((unsigned char)s[i] | 32) >= 'a' && ((unsigned char)s[i] | 32) <= 'z')
					letters++;
				out[o++] = s[i];
			}
		}
		return changed && letters ? o : 0;
	}
	{
		enum ak_cp cp = x == XF_CP850 ? AK_CP_850 : x == XF_CP437 ? AK_CP_437 : AK_CP_MAC;
		const uint32_t *tab = ak_lex_codepage(lx, cp);
		while (i < n) {
			uint32_t c = ak_utf8_get(s + i, n - i, &k);
			if (c == 0xFFFFFFFFu)
				return 0;
			if (c >= 0x80) {
				int b = byte_1252(c1252, c);
				if (b < 0x80 || !tab[b - 0x80])
					return 0;
				c = tab[b - 0x80];
				changed = 1;
			}
			o += ak_utf8_put(out + o, c);
			i += k;
		}
		return changed ? o : 0;
	}
}

static int odd_char(uint32_t c);

/* One of ISO 646-SE's national characters { | } [ \ ]. */
static int is_iso(uint32_t c)
{
	return c == '{' || c == '|' || c == '}' || c == '[' || c == '\\' || c == ']';
}

/* Lexicon score of a chunk: +1 per known word, -1 per unknown (words of
 * two letters or more that hold a non-ASCII letter or an ISO 646 mark). */
static int chunk_score(const struct ak_lex *lx, const char *s, size_t n)
{
	size_t i = 0, k;
	int sc = 0;
	while (i < n) {
		size_t st = i, end;
		int special = 0, nl = 0;
		while (i < n) {
			uint32_t c = ak_utf8_get(s + i, n - i, &k);
			if (!ak_cp_is_letter(c) && !(c >= 0x80 && c != 0xFFFFFFFFu && !is_space((unsigned char)c) &&
			                             c != 0xA0 && c != 0x2013 && c != 0x2014 && c != 0x201D &&
			                             c != 0x201C && c != 0xAB && c != 0xBB && c != 0xA7) &&
			    !(c && is_iso(c) && i > st))
				break;
			if (c >= 0x80 || (c && is_iso(c)))
				special = 1;
			nl++;
			i += k;
		}
		end = i;
		if (end > st && nl >= 2 && special)
			sc += known_any(lx, s + st, end - st) ? 1 : -1;
		{
			size_t q = st, kk;
			while (q < end) { /* stray symbols are a sign of a wrong reading */
				uint32_t cc = ak_utf8_get(s + q, end - q, &kk);
				sc -= odd_char(cc);
				q += kk;
			}
		}
		if (i == st) {
			uint32_t cc = ak_utf8_get(s + i, n - i, &k);
			sc -= odd_char(cc);
		}
		if (i == st)
			i += k ? k : 1;
	}
	return sc;
}

struct chunk {
	size_t off, len;
};

/* A character clean Swedish text does not use: C1 controls, Latin-1
 * letters and symbols outside Swedish use, and characters above U+00FF
 * other than common punctuation. */
static int odd_char(uint32_t c)
{
	static const uint32_t ok[] = { 0xA0, 0xA7, 0xAB, 0xBB, 0xB0, 0xB1, 0xB2, 0xB3, 0xB9,
		0xBD, 0xD7, 0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xC9, 0xFC, 0xDC, 0xE8,
		0xE1, 0xF8, 0xE6, 0x2013, 0x2014, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC };
	size_t i;
	if (c < 0x80)
		return 0;
	if (c == 0xFFFFFFFFu || c < 0xA0)
		return 1;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (c == ok[i])
			return 0;
	return 1;
}

/* Does s hold a character no clean Swedish text needs: a C1 control, a
 * Latin-1 symbol or letter outside Swedish use, a CP1252 extra (” „ š Œ
 * † ...), an invalid byte, or an ISO 646-SE mark between letters?  Only
 * such chunks are tried with other readings. */
static int suspicious(const char *s, size_t n)
{
	size_t i = 0, k;
	/* most chunks are plain ASCII without an ISO 646 mark: nothing to see */
	for (k = 0; k < n; k++) {
		unsigned char b = (unsigned char)s[k];
		/* non-ASCII, or an ISO 646 mark: 0x5B-0x5D or 0x7B-0x7D */
		if (b >= 0x80 || (unsigned)(b - 0x5B) <= 2u || (unsigned)(b - 0x7B) <= 2u)
			break;
	}
	if (k == n)
		return 0;
	while (i < n) {
		uint32_t c;
		if ((unsigned char)s[i] < 0x80) { /* ASCII: only an ISO 646 mark counts */
			c = (unsigned char)s[i];
			if (c && is_iso(c) &&
			    ((i > 0 && ak_cp_is_letter((unsigned char)s[i - 1])) ||
			     (i + 1 < n && ak_cp_is_letter((unsigned char)s[i + 1]))))
				return 1;
			i++;
			continue;
		}
		c = ak_utf8_get(s + i, n - i, &k);
		if (c == 0xFFFFFFFFu || (c >= 0x80 && c < 0xA0))
			return 1;
		if (c >= 0xA0 && c <= 0xFF &&
		    c != 0xA0 && c != 0xA7 && c != 0xAB && c != 0xBB && c != 0xB0 && c != 0xB1 &&
		    c != 0xB2 && c != 0xB3 && c != 0xBD && c != 0xD7 && c != 0xE5 && c != 0xE4 &&
		    c != 0xF6 && c != 0xC5 && c != 0xC4 && c != 0xD6 && c != 0xE9 && c != 0xC9 &&
		    c != 0xFC && c != 0xDC && c != 0xE8 && c != 0xE1 && c != 0xF8 && c != 0xE6)
			return 1;
		if (c > 0xFF && c != 0x2013 && c != 0x2014 && c != 0x2019 && c != 0x201C &&
		    c != 0x201D && c != 0x2022 && c != 0x2026 && c != 0x20AC) {
			/* the other CP1252 extras show legacy bytes */
			static const uint32_t extra[] = { 0x201A, 0x0192, 0x201E, 0x2020, 0x2021,
				0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x02DC, 0x2122,
				0x0161, 0x203A, 0x0153, 0x017E, 0x0178 };
			size_t e;
			for (e = 0; e < sizeof(extra) / sizeof(extra[0]); e++)
				if (c == extra[e])
					return 1;
		}
		if (c == 0x201D || c == 0x2026 || c == 0x20AC || c == 0x2013) {
			/* ” … € – inside a word (cp850 ö, mac Ö/Ä, cp1252 Ö) */
			if ((i > 0 && ak_cp_is_letter((unsigned char)s[i - 1])) ||
			    (i + k < n && ((unsigned char)s[i + k] >= 0x80 ||
			                   ak_cp_is_letter((unsigned char)s[i + k]))))
				return 1;
		}
		if (c && is_iso(c) &&
		    ((i > 0 && ak_cp_is_letter((unsigned char)s[i - 1])) ||
		     (i + 1 < n && ak_cp_is_letter((unsigned char)s[i + 1]))))
			return 1;
		i += k;
	}
	return 0;
}

static size_t next_chunk(const char *s, size_t n, size_t i, struct chunk *c)
{
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	c->off = i;
	while (i < n && !is_space((unsigned char)s[i]))
		i++;
	c->len = i - c->off;
	return i;
}

/* Invalid UTF-8 bytes read as CP1252; returns new length or 0 if none. */
static size_t fix_bytes(const struct ak_lex *lx, const char *s, size_t n, char *out)
{
	const uint32_t *c1252 = ak_lex_codepage(lx, AK_CP_1252);
	size_t i = 0, o = 0, k;
	int bad = 0;
	while (i < n) {
		uint32_t c = ak_utf8_get(s + i, n - i, &k);
		if (c == 0xFFFFFFFFu) {
			unsigned char b = (unsigned char)s[i];
			c = b >= 0xA0 ? b : c1252[b - 0x80] ? c1252[b - 0x80] : 0xFFFD;
			bad = 1;
			k = 1;
		}
		o += ak_utf8_put(out + o, c);
		i += k;
	}
	return bad ? o : 0;
}

/* Best reading of one chunk (already byte-fixed): applies x (UTF-8 up to
 * three times over).  Returns length in out or 0. */
static size_t xf_chunk(const struct ak_lex *lx, enum xf x, const char *s, size_t n, char *out,
                       char *tmp)
{
	size_t m = xf_apply(lx, x, s, n, out), r;
	int it;
	if (!m || x != XF_UTF8)
		return m;
	for (it = 0; it < 2; it++) {
		r = xf_apply(lx, XF_UTF8, out, m, tmp);
		if (!r)
			break;
		memcpy(out, tmp, r);
		m = r;
	}
	return m;
}

static int enc_layer(const struct ak_repair_model *m, struct ak_arena *a, const char *in,
                     size_t n, struct layer *L, const char **encoding)
{
	const struct ak_lex *lx = m->lex;
	char fixed[MAXCHUNK * 4 + 8], out[MAXCHUNK * 16 + 8], tmp[MAXCHUNK * 16 + 8];
	long docgain[XF__N] = { 0 };
	size_t i, ncs = 0, cscap = 0, ci;
	int docbest = -1;
	/* each suspicious chunk, its scores as printed and under each reading
	 * (INT_MIN: no such reading): found and scored once, then decided */
	struct cscore {
		uint32_t off, len;
		int base, sc[XF__N];
	} *cs = NULL;

	layer_init(L, a, in, (size_t)n * 4 + 64);
	/* Whole text at once first: a chunk's neighbours are white space, so
	 * the text holds a suspicious character exactly when a chunk does
	 * (chunks too long to try included).  Clean text stops here. */
	if (!suspicious(in, n)) {
		layer_finish(L, n);
		return L->err;
	}
	/* per line: the gain of each reading over its suspicious chunks; the
	 * document's reading is the one most lines gain by */
	for (i = 0; i < n;) {
		size_t ls = i, le, x, j;
		long gain[XF__N] = { 0 };
		struct chunk c;
		const char *nl = memchr(in + i, '\n', n - i);
		le = nl ? (size_t)(nl - in) : n;
		i = le + 1;
		if (!suspicious(in + ls, le - ls)) /* no chunk of it is (see above) */
			continue;
		for (j = ls; (j = next_chunk(in, le, j, &c)), c.len;) {
			const char *s = in + c.off;
			size_t sn = c.len, f;
			if (sn > MAXCHUNK || !suspicious(s, sn))
				continue;
			if ((f = fix_bytes(lx, s, sn, fixed)) != 0) {
				s = fixed;
				sn = f;
			}
			if (ncs == cscap) {
				struct cscore *nv = ak_arena_grow(a, cs, ncs, &cscap, sizeof(*cs));
				if (!nv)
					return AK_ENOMEM;
				cs = nv;
			}
			cs[ncs].off = (uint32_t)c.off;
			cs[ncs].len = (uint32_t)c.len;
			cs[ncs].base = chunk_score(lx, s, sn);
			for (x = 0; x < XF__N; x++) {
				size_t r = xf_chunk(lx, (enum xf)x, s, sn, out, tmp);
				cs[ncs].sc[x] = r ? chunk_score(lx, out, r) : INT_MIN;
				if (r)
					gain[x] += cs[ncs].sc[x] - cs[ncs].base;
			}
			ncs++;
		}
		for (x = 0; x < XF__N; x++)
			docgain[x] += gain[x] > 0 ? gain[x] : 0;
	}
	for (i = 0; i < XF__N; i++)
		if (docgain[i] > 0 && (docbest < 0 || docgain[i] > docgain[docbest]))
			docbest = (int)i;
	/* each chunk: its best reading, if it gains known words or is the
	 * document's reading */
	for (ci = 0; ci < ncs; ci++) {
		const char *s = in + cs[ci].off;
		size_t sn = cs[ci].len, f, r = 0;
		const char *why = NULL;
		int base = cs[ci].base, x2, sb = -1000, bx = -1;
		int strong = docbest >= 0 && docgain[docbest] >= 5;
		if ((f = fix_bytes(lx, s, sn, fixed)) != 0) {
			s = fixed;
			sn = f;
			why = "cp1252-bytes";
		}
		for (x2 = 0; x2 < XF__N; x2++) {
			int sc = cs[ci].sc[x2];
			if (sc == INT_MIN)
				continue;
			/* UTF-8 mojibake is specific enough to undo always; other
			 * readings must gain known words, or be the document's
			 * reading (names, symbols) */
			if (x2 == XF_UTF8 || sc > base ||
			    (x2 == docbest && sc >= base - strong &&
			     docgain[docbest] >= (x2 == XF_ISO646 ? 5 : 2))) {
				if (sc > sb || (sc == sb && x2 == docbest)) {
					sb = sc;
					bx = x2;
				}
			}
		}
		if (bx >= 0) {
			r = xf_chunk(lx, (enum xf)bx, s, sn, out, tmp);
			why = xf_reason[bx];
			if (!*encoding || bx == docbest)
				*encoding = xf_name[bx];
		}
		if (r)
			layer_put(L, cs[ci].off, cs[ci].len, out, r, (float)(sb - base), why);
		else if (f)
			layer_put(L, cs[ci].off, cs[ci].len, fixed, f, 0, why);
	}
	layer_finish(L, n);
	return L->err;
}

/* ------------------------------------------------------------ OCR words */

struct cand {
	char w[AK_LEX_MAXWORD + 8];
	unsigned char len;
	unsigned char nsub; /* substitutions made */
	unsigned char nrare; /* of them, real letters misread */
	float chan;
	uint64_t pre;   /* w's first 8 bytes, big-endian, zero-padded (sorting) */
};

struct gen {
	const struct ak_repair_model *m;
	const char *w;
	size_t n;
	int allow_rare;
	float rare_adj; /* misreads are rarer in cleaner documents */
	char buf[AK_LEX_MAXWORD + 8];
	size_t blen;
	int nsub, nrare;
	int maxsubs;    /* substitutions per reading */
	float chan;
	struct cand *out;
	size_t nout;
	/* the print, prepared once per word, at each character's offset i:
	 * its byte length, the rules whose printed side matches there (in
	 * table order) mrule[mfirst[i] .. mlast[i]), the offset of the next
	 * character (i included) where any rule matches (nextr) or a glyph
	 * rule does (nextg), and whether a rule for a misread real letter
	 * matches at i or later */
	unsigned char clen[AK_LEX_MAXWORD + 8];
	unsigned short mfirst[AK_LEX_MAXWORD + 9], mlast[AK_LEX_MAXWORD + 9];
	unsigned char nextr[AK_LEX_MAXWORD + 9], nextg[AK_LEX_MAXWORD + 9];
	unsigned char rare_after[AK_LEX_MAXWORD + 9];
	unsigned char mrule[(AK_LEX_MAXWORD + 8) * AK_MAX_RULES];
};

/* Reset g for the lower-case print w[0..n) (n < AK_LEX_MAXWORD + 8). */
static void gen_start(struct gen *g, const struct ak_repair_model *m, const char *w, size_t n)
{
	size_t i, r, k = 0, len, nx, ng;
	int rare;
	g->m = m;
	g->w = w;
	g->n = n;
	g->allow_rare = 0;
	g->rare_adj = 0.0f;
	g->maxsubs = 0;
	g->out = NULL;
	g->blen = 0;
	g->nsub = g->nrare = 0;
	g->chan = 0;
	g->nout = 0;
	for (i = 0; i < n; i += len) {
		unsigned char b = (unsigned char)w[i];
		len = 1;
		if (b >= 0x80)
			ak_utf8_get(w + i, n - i, &len);
		g->clen[i] = (unsigned char)len;
		g->mfirst[i] = (unsigned short)k;
		for (r = 0; r < m->nvrule[b]; r++) {
			const struct ak_rule *ru = &m->rules[m->vrule[b][r]];
			if (n - i >= ru->flen && memcmp(w + i, ru->from, ru->flen) == 0)
				g->mrule[k++] = m->vrule[b][r];
		}
		g->mlast[i] = (unsigned short)k;
	}
	if (k == 0) { /* no rule anywhere: the print is its only variant */
		g->nextr[0] = g->nextg[0] = (unsigned char)n;
		g->rare_after[0] = 0;
		return;
	}
	/* backwards: the next offset with a rule, and rare rules ahead */
	nx = ng = n;
	rare = 0;
	g->nextr[n] = g->nextg[n] = (unsigned char)n;
	g->rare_after[n] = 0;
	for (i = n; i-- > 0;) {
		if (((unsigned char)w[i] & 0xC0) == 0x80)
			continue;
		if (g->mlast[i] > g->mfirst[i])
			nx = i;
		for (r = g->mfirst[i]; r < g->mlast[i]; r++) {
			if (m->rules[g->mrule[r]].cls == AK_RC_RARE)
				rare = 1;
			else
				ng = i;
		}
		g->nextr[i] = (unsigned char)nx;
		g->nextg[i] = (unsigned char)ng;
		g->rare_after[i] = (unsigned char)rare;
	}
}

static void dfs(struct gen *g, size_t i)
{
	size_t k, j, nx, run;
	if (g->nout >= MAXCANDS)
		return;
	/* second pass: only readings with a real letter misread are wanted */
	if (g->allow_rare && g->nrare == 0 && !g->rare_after[i])
		return;
	/* the characters up to the next one a rule matches stay as printed */
	nx = g->allow_rare ? g->nextr[i] : g->nextg[i];
	run = nx - i;
	if (g->blen + run > AK_LEX_MAXWORD)
		return;
	memcpy(g->buf + g->blen, g->w + i, run);
	g->blen += run;
	if (nx >= g->n) {
		struct cand *c;
		if (!(g->allow_rare && g->nrare == 0)) {
			c = &g->out[g->nout++];
			memcpy(c->w, g->buf, g->blen);
			c->w[g->blen] = '\0';
			c->len = (unsigned char)g->blen;
			c->nsub = (unsigned char)g->nsub;
			c->nrare = (unsigned char)g->nrare;
			c->chan = g->chan;
		}
		g->blen -= run;
		return;
	}
	k = g->clen[nx];
	if (g->blen + k <= AK_LEX_MAXWORD) {
		memcpy(g->buf + g->blen, g->w + nx, k);
		g->blen += k;
		dfs(g, nx + k);
		g->blen -= k;
	}
	if (g->nsub < g->maxsubs) {
		for (j = g->mfirst[nx]; j < g->mlast[nx]; j++) {
			const struct ak_rule *ru = &g->m->rules[g->mrule[j]];
			float cost;
			if (ru->cls == AK_RC_RARE && (!g->allow_rare || g->nrare >= 2))
				continue;
			if (g->blen + ru->tlen > AK_LEX_MAXWORD)
				continue;
			/* glyph and rare rules only: marks lost are the fold table's */
			cost = ru->cls == AK_RC_RARE ? ru->logp + g->rare_adj : ru->logp;
			memcpy(g->buf + g->blen, ru->to, ru->tlen);
			g->blen += ru->tlen;
			g->nsub++;
			g->nrare += ru->cls == AK_RC_RARE;
			g->chan += cost;
			dfs(g, nx + ru->flen);
			g->chan -= cost;
			g->nrare -= ru->cls == AK_RC_RARE;
			g->nsub--;
			g->blen -= ru->tlen;
		}
	}
	g->blen -= run;
}

struct tok {
	uint32_t off, len;   /* in the layer's input */
	uint32_t id;         /* lexicon id of the lower-case print, or NONE */
	signed char known;   /* 0/1/2, see known_lower */
	unsigned char skip;  /* not a word to repair */
	unsigned char diac;  /* holds å/ä/ö */
	unsigned char url;   /* inside a URL or e-mail address */
	unsigned char num;   /* digits only */
	float conf;          /* 0-100 */
	uint32_t ent;        /* its distinct print (struct tmemo), or UINT32_MAX */
};

/* Small open-addressing counter of lower-case forms seen in the document. */
struct docset {
	const char **k;
	uint32_t *len;
	uint32_t *cnt;
	size_t cap;
};

static uint32_t *docset_slot(struct docset *s, const char *w, size_t n, int add)
{
	size_t i = ak_lex_hash(w, n) & (s->cap - 1), probes;
	for (probes = 0; probes < s->cap; probes++, i = (i + 1) & (s->cap - 1)) {
		if (!s->k[i]) {
			if (!add)
				return NULL;
			s->k[i] = w;
			s->len[i] = (uint32_t)n;
			return &s->cnt[i];
		}
		if (s->len[i] == n && memcmp(s->k[i], w, n) == 0)
			return &s->cnt[i];
	}
	return NULL;
}

static int has_diacritic(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xC3) {
			unsigned char b = (unsigned char)s[i + 1];
			if (b == 0xA5 || b == 0xA4 || b == 0xB6 || b == 0x85 || b == 0x84 || b == 0x96)
				return 1;
		}
	return 0;
}

/* ak_utf8_get with the common case (ASCII) inline. */
static inline uint32_t get_cp(const char *s, size_t n, size_t *k)
{
	if ((unsigned char)s[0] < 0x80) {
		*k = 1;
		return (unsigned char)s[0];
	}
	return ak_utf8_get(s, n, k);
}

static inline int tok_char(uint32_t c)
{
	if (c < 0x80) /* ASCII: letters, digits, &, | and { */
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '&' || c == '|' || c == '{';
	return ak_cp_is_letter(c) || (c >= '0' && c <= '9') || c == '&' || c == '|' || c == 0xA2 ||
	       c == '{';
}

/* Apply the case of the print to the lower-case candidate. */
static size_t apply_case(const char *print, size_t pn, const char *cand, size_t cn, char *out)
{
	size_t i = 0, k, o = 0, up = 0, lo = 0;
	int first_up = -1;
	/* the common case: a print in lower-case ASCII letters */
	for (k = 0; k < pn && print[k] >= 'a' && print[k] <= 'z'; k++)
		;
	if (k == pn) {
		memcpy(out, cand, cn);
		return cn;
	}
	while (i < pn) {
		uint32_t c = ak_utf8_get(print + i, pn - i, &k);
		int isup = c == '|' || (ak_cp_is_letter(c) && ak_cp_lower(c) != c &&
		                        !(c == 'I' && i + 1 < pn && print[i + 1] >= '0' &&
		                          print[i + 1] <= '9'));
		int islo = ak_cp_is_letter(c) && ak_cp_upper(c) != c;
		if ((isup || islo) && first_up < 0)
			first_up = isup;
		up += (size_t)isup;
		lo += (size_t)islo;
		i += k;
	}
	i = 0;
	while (i < cn) {
		uint32_t c = ak_utf8_get(cand + i, cn - i, &k);
		if ((up >= 2 && lo == 0) || (i == 0 && first_up == 1))
			c = ak_cp_upper(c);
		o += ak_utf8_put(out + o, c);
		i += k;
	}
	return o;
}

/* Is print (lower case) the reading w with its å/ä/ö marks lost? */
static int is_stripped(const char *print, size_t pn, const char *w, size_t wn)
{
	size_t i = 0, j = 0, k;
	while (i < pn && j < wn) {
		uint32_t c = ak_utf8_get(w + j, wn - j, &k);
		char plain = c == 0xE5 || c == 0xE4 ? 'a' : c == 0xF6 ? 'o' : c < 0x80 ? (char)c : 0;
		if (!plain || print[i] != plain)
			return 0;
		i++;
		j += k;
	}
	return i == pn && j == wn;
}

/* Does a sentence start at in[off]: a capital letter with only numbers,
 * spaces and list marks ("§ 1", "2.", "•") between it and the start of
 * the text, a line or the last . ! ? or : ?  Its context is then the
 * model's sentence start (AK_REPAIR_SENT), as in the running text. */
static int sentence_start(const char *in, size_t off, size_t len)
{
	size_t k;
	uint32_t c = ak_utf8_get(in + off, len, &k);
	if (!ak_cp_is_letter(c) || ak_cp_lower(c) == c)
		return 0;
	while (off > 0) {
		unsigned char b = (unsigned char)in[off - 1];
		if (b == '\n' || b == '.' || b == '!' || b == '?' || b == ':')
			return 1;
		if ((b | 32) >= 'a' && (b | 32) <= 'z')
			return 0;
		if (b >= 0x80 && b != 0xA7 && b != 0xC2 && b != 0xE2 && b != 0x80 && b != 0x93 &&
		    b != 0x94 && b != 0xA2) /* letters; not § (C2 A7), – — • (E2 80 9x, A2) */
			return 0;
		off--;
	}
	return 1;
}

/* Fold table lookups of one document (direct-mapped by hash, sized to
 * its distinct prints): the variants of a print and the prints of a
 * document share most of their parts ("...förbundet"). */
struct fcslot {
	uint64_t h;
	const struct ak_fold_key *g; /* the group, or NULL: not a folded key */
	unsigned char len;           /* folded length + 1, 0 = empty */
	unsigned char n;
};
struct fcache {
	struct fcslot *v;
	size_t mask;
};

struct ocrctx {
	const struct ak_repair_model *m;
	const struct ak_lex *lx;
	struct docset ds;
	double logT, T;     /* log of the running-text total (smoothed), and it */
	float logrho;
	struct ak_lex_cache *cache; /* lookups in this document */
	struct fcache fc;           /* fold table lookups in this document */
};

/* log P(b | a) / P(b) for a pair seen `pair` times after a word seen
 * `first` times, P(b) = pb, Dirichlet-smoothed with mu. */
static double pmi(uint32_t pair, uint32_t first, double pb, double mu)
{
	double v = log(((pair ? pair : 1.0) + mu * pb) / (first + mu)) - log(pb);
	return pair ? (v > 0 ? v : 0) : (v < 0 ? v : 0);
}

/* The bigram evidence for id (seen cid times in the running text) between
 * prev and next (seen cprev and cnext times). */
static double context(const struct ocrctx *X, uint32_t prev, uint32_t cprev, uint32_t id,
                      uint32_t cid, uint32_t next, uint32_t cnext)
{
	const double mu = 5.0;
	double s = 0, pc;
	if (id == AK_LEX_NONE)
		return 0;
	pc = (cid + 0.5) / X->T;
	/* The bigram table keeps pairs seen twice or more in a small corpus:
	 * a pair that is there is evidence for it.  A missing pair is read as
	 * seen once: it counts against a reading only when both words are
	 * common enough that the pair should have been seen ("varje är"). */
	if (prev != AK_LEX_NONE)
		s += pmi(ak_lex_bigram(X->lx, prev, id), cprev, pc, mu);
	if (next != AK_LEX_NONE) {
		double pn = (cnext + 0.5) / X->T;
		s += pmi(ak_lex_bigram(X->lx, id, next), cid, pn, mu);
	}
	return s;
}

static int url_like(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '@' || (c == ':' && i + 3 <= n && s[i + 1] == '/' && s[i + 2] == '/') ||
		    ((c == 'w' || c == 'W') && i + 4 <= n && memcmp(s + i + 1, "ww.", 3) == 0))
			return 1;
	}
	return 0;
}

static float conf_at(const struct ak_repair_words *ws, size_t off, size_t *hint)
{
	size_t i;
	if (!ws || !ws->n)
		return 100.0f;
	for (i = *hint; i < ws->n; i++) {
		if (ws->v[i].off > off)
			break;
		if (off < (size_t)ws->v[i].off + ws->v[i].len) {
			*hint = i;
			return ws->v[i].conf;
		}
	}
	return 100.0f;
}

/* The scored readings of one print (context not included), memoised per
 * document by the lower-case print: reading 0 is the print itself. */
struct reading {
	const char *w;
	float base;       /* unigram + channel */
	uint32_t id;
	uint32_t count;   /* running-text count of id */
	unsigned char len;
	signed char kn;
};

struct memo {
	const char **key;
	uint32_t *klen;
	struct reading **r;
	unsigned short *n;
	size_t cap;
};

/* Likelier channel first, then by spelling (a total order: two readings
 * that compare equal are the same reading); for variants and readings. */
static int cmp_spelled(float xc, uint64_t xp, const char *xw, size_t xl, float yc, uint64_t yp,
                       const char *yw, size_t yl)
{
	if (xc != yc)
		return xc > yc ? -1 : 1;
	/* deterministic: strcmp order, the first 8 bytes compared at once */
	if (xp != yp)
		return xp < yp ? -1 : 1;
	if (xl > 8 && yl > 8)
		return strcmp(xw + 8, yw + 8);
	return (xl > yl) - (xl < yl); /* a prefix sorts first */
}

static int cmp_chan(const struct cand *x, const struct cand *y)
{
	return cmp_spelled(x->chan, x->pre, x->w, x->len, y->chan, y->pre, y->w, y->len);
}

/* Sort the indices ord[0..n) of readings by cmp_chan: a merge sort of
 * 16-bit indices (tmp: n more), not of the 80-byte readings. */
static void sort_cands(const struct cand *c, unsigned short *ord, unsigned short *tmp, size_t n)
{
	size_t w, i;
	for (i = 1; i < n; i++) { /* runs of 8 by insertion */
		unsigned short v = ord[i];
		size_t j = i;
		if (i % 8 == 0)
			continue;
		while (j % 8 != 0 && cmp_chan(&c[ord[j - 1]], &c[v]) > 0) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = v;
	}
	for (w = 8; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t a = i, b = i + w, ae = i + w < n ? i + w : n,
			       be = i + 2 * w < n ? i + 2 * w : n, o = i;
			while (a < ae && b < be)
				tmp[o++] = cmp_chan(&c[ord[b]], &c[ord[a]]) < 0 ? ord[b++] : ord[a++];
			while (a < ae)
				tmp[o++] = ord[a++];
			while (b < be)
				tmp[o++] = ord[b++];
		}
		memcpy(ord, tmp, n * sizeof(*ord));
	}
}

/* Sort keys of variants [from, to): the first 8 bytes, big-endian. */
static void cand_keys(struct cand *c, size_t from, size_t to)
{
	size_t i;
	for (i = from; i < to; i++) {
		unsigned char b[8] = { 0 };
		memcpy(b, c[i].w, c[i].len < 8 ? c[i].len : 8);
		c[i].pre = (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 |
		           (uint64_t)b[3] << 32 | (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 |
		           (uint64_t)b[6] << 8 | b[7];
	}
}

static int has_upper(const char *s, size_t n)
{
	size_t i = 0, k;
	while (i < n) {
		uint32_t c = ak_utf8_get(s + i, n - i, &k);
		if (ak_cp_is_letter(c) && ak_cp_lower(c) != c)
			return 1;
		i += k;
	}
	return 0;
}

static int listed_name(const struct ak_lex *lx, const char *w, size_t n)
{
	unsigned f = 0;
	return ak_lex_find(lx, w, n, &f) != AK_LEX_NONE && (f & AK_LEXF_NAME);
}

/* How many marks key k (lower case) adds to the print v: the same bytes
 * but where v has "a" and k "å"/"ä", or v "o" and k "ö" (the strip rules of
 * the model, strip: bit 0 a->ä, bit 1 a->å, bit 2 o->ö); -1 if k is not
 * v with marks added. */
static int strip_match(unsigned strip, const char *v, size_t vn, const char *k, size_t kn)
{
	size_t i = 0, j = 0;
	int m = 0;
	while (i < vn && j < kn) {
		if (v[i] == k[j]) {
			i++;
			j++;
			continue;
		}
		if (j + 1 < kn && (unsigned char)k[j] == 0xC3 &&
		    ((v[i] == 'a' && (((unsigned char)k[j + 1] == 0xA4 && (strip & 1)) ||
		                      ((unsigned char)k[j + 1] == 0xA5 && (strip & 2)))) ||
		     (v[i] == 'o' && (unsigned char)k[j + 1] == 0xB6 && (strip & 4)))) {
			i++;
			j += 2;
			m++;
			continue;
		}
		return -1;
	}
	return i == vn && j == kn ? m : -1;
}

/* A reading of one print found through the fold table: a listed form
 * (kn 2, id its id) or a compound of listed parts (kn 1, id the head,
 * kind AK_COMP_*). */
struct rd {
	char w[AK_LEX_MAXWORD + 8];
	unsigned char len;
	signed char kn;
	unsigned char kind;
	float chan;
	uint32_t id;
	uint32_t hc;   /* count of the form, or of the head (compounds: the best split first) */
	uint32_t fl;   /* AK_LEXF_* of the form or of the head */
	uint64_t pre;  /* first 8 bytes, big-endian (sorting) */
};

#define MAXREAD 128 /* readings kept per print */
#define MAXPART 8   /* keys per folded part */
#define MAXRARE 32  /* variants with real letters misread, per print */

struct rdset {
	struct rd *v;
	size_t n;
	const char *print; /* reading 0: never added again */
	size_t pn;
};

/* Add a reading (or merge it into the same spelling found another way:
 * the likeliest path, the best split). */
static void rd_add(struct rdset *R, const char *w, size_t n, float chan, int kn, int kind,
                   uint32_t id, uint32_t hc, uint32_t fl)
{
	size_t i, k;
	struct rd *r;
	if (n > AK_LEX_MAXWORD || (n == R->pn && memcmp(w, R->print, n) == 0))
		return;
	for (i = 0; i < R->n; i++) {
		r = &R->v[i];
		if (r->len != n || memcmp(r->w, w, n) != 0)
			continue;
		if (chan > r->chan)
			r->chan = chan;
		if (kn > r->kn || (kn == 1 && r->kn == 1 &&
		                   (kind < r->kind || (kind == r->kind && hc > r->hc)))) {
			r->kn = (signed char)kn;
			r->kind = (unsigned char)kind;
			r->id = id;
			r->hc = hc;
			r->fl = fl;
		}
		return;
	}
	if (R->n >= MAXREAD)
		return;
	r = &R->v[R->n++];
	memcpy(r->w, w, n);
	r->w[n] = '\0';
	r->len = (unsigned char)n;
	r->kn = (signed char)kn;
	r->kind = (unsigned char)kind;
	r->chan = chan;
	r->id = id;
	r->hc = hc;
	r->fl = fl;
	r->pre = 0;
	for (k = 0; k < 8; k++)
		r->pre = r->pre << 8 | (k < n ? (unsigned char)w[k] : 0u);
}

/* A key that a part of a print may stand for. */
struct part {
	char key[AK_LEX_MAXWORD + 8]; /* the part with the key's marks */
	unsigned char klen;
	unsigned char strips; /* marks added */
	unsigned char link;   /* a first part read with a linking -s after it */
	unsigned char beg;    /* as a first part: 2 flagged, 1 any form, 0 no */
	unsigned char end;    /* may end a compound */
	unsigned char listed;
	unsigned char word;   /* a form that stands alone */
	uint32_t id, count, flags;
};

/* Marks a key with marks k adds to a print whose nocc a/o letters have the
 * marks q (see ak_fold_key); -1 if the key is not the print with marks
 * added (a mark of the print differs, or the strip rule is not there). */
static int mark_match(unsigned strip, uint64_t q, uint32_t k, size_t nocc)
{
	size_t j;
	int m = 0;
	for (j = 0; j < nocc; j++, q >>= 2, k >>= 2) {
		unsigned a = (unsigned)(q & 3), b = k & 3;
		if (a == b)
			continue;
		if (a || !(strip >> (b - 1) & 1))
			return -1;
		m++;
	}
	return m;
}

/* v[0..vn) with the marks k put on its a/o letters that have none. */
static size_t add_marks(char *out, const char *v, size_t vn, uint32_t k)
{
	size_t i, o = 0;
	for (i = 0; i < vn; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == 'a' || c == 'o') {
			unsigned m = k & 3;
			k >>= 2;
			if (m) {
				out[o++] = (char)0xC3;
				out[o++] = (char)(m == 1 ? 0xA4 : m == 2 ? 0xA5 : 0xB6);
				continue;
			}
		} else if (c == 0xC3 && i + 1 < vn &&
		           ((unsigned char)v[i + 1] == 0xA4 || (unsigned char)v[i + 1] == 0xA5 ||
		            (unsigned char)v[i + 1] == 0xB6)) {
			k >>= 2;
			out[o++] = v[i++];
		}
		out[o++] = v[i];
	}
	out[o] = '\0';
	return o;
}

/* The group of keys folded to f[0..fn) (hash h), through the document's
 * memo; *n of them. */
static const struct ak_fold_key *fold_lookup(const struct ocrctx *X, const char *f, size_t fn,
                                             uint64_t h, size_t *n)
{
	const struct ak_fold_key *g;
	struct fcslot *e = &X->fc.v[(size_t)(h >> 40) & X->fc.mask];
	if (e->len == fn + 1 && e->h == h) {
		*n = e->n;
		return e->g;
	}
	g = ak_lex_fold_group(X->lx, f, fn, h, n);
	if (*n > 255)
		*n = 255;
	if (fn < 255) {
		e->h = h;
		e->len = (unsigned char)(fn + 1);
		e->g = g;
		e->n = (unsigned char)*n;
	}
	return g;
}

/* How many marks the key g adds to v[0..vn) (the marks of its a/o letters
 * q, nocc of them), -1 if it is not v with marks added.  A key or a print
 * with more a/o letters than the table records marks for is compared by
 * the key's string, returned in *key (else *key is NULL). */
static int key_strips(const struct ocrctx *X, const struct ak_fold_key *g, const char *v,
                      size_t vn, uint64_t q, size_t nocc, const char **key, size_t *kl)
{
	*key = NULL;
	*kl = 0;
	if ((g->flags & AK_FOLD_LONG) || nocc > AK_FOLD_MAXOCC) {
		*key = ak_lex_key(X->lx, g->id, kl);
		return *key ? strip_match(X->m->strip, v, vn, *key, *kl) : -1;
	}
	return mark_match(X->m->strip, q, g->marks, nocc);
}

/* Whether a variant of cv[0..nv) with its marks restored is a listed form
 * other than the print itself, at most maxsubs glyphs and marks away (the
 * damage estimate's question: the readings themselves are not built). */
static int any_listed(const struct ocrctx *X, const struct cand *cv, size_t nv, int maxsubs)
{
	size_t i, j;
	for (i = 0; i < nv; i++) {
		const struct cand *c = &cv[i];
		char f[AK_LEX_MAXWORD + 9];
		size_t fn, no, n;
		uint64_t q;
		const struct ak_fold_key *g;
		int left = maxsubs - c->nsub;
		if (left < 0)
			continue;
		fn = ak_lex_fold_marks(f, c->w, c->len, &q, &no);
		g = fold_lookup(X, f, fn, ak_lex_key_hash(f, fn), &n);
		for (j = 0; j < n; j++) {
			const char *key;
			size_t kl;
			int m;
			if (!(g[j].flags & (AK_LEXF_WORD | AK_LEXF_DOMAIN | AK_LEXF_NAME)))
				continue;
			m = key_strips(X, &g[j], c->w, c->len, q, no, &key, &kl);
			if (m >= 0 && m <= left && c->nsub + m > 0)
				return 1;
		}
	}
	return 0;
}

/* The keys the part v[0..vn) (folded: f[0..fn), hash h; the marks of its
 * a/o letters q, nocc of them, or nocc > 32: not known) may stand for,
 * with at most maxstrips marks added. */
static size_t parts(const struct ocrctx *X, const char *v, size_t vn, const char *f, size_t fn,
                    uint64_t h, uint64_t q, size_t nocc, int maxstrips, struct part *out)
{
	size_t n, i, k = 0;
	const struct ak_fold_key *g = fold_lookup(X, f, fn, h, &n);
	for (i = 0; i < n && k < MAXPART; i++) {
		unsigned fl = g[i].flags & AK_LEX_FLAGMASK;
		const char *key;
		size_t kl;
		int m = key_strips(X, &g[i], v, vn, q, nocc, &key, &kl);
		if (m < 0 || m > maxstrips)
			continue;
		if (key) { /* compared by its string: the reading is the key */
			if (kl > AK_LEX_MAXWORD)
				continue;
			memcpy(out[k].key, key, kl + 1);
			out[k].klen = (unsigned char)kl;
		} else {
			if (vn + (size_t)m > AK_LEX_MAXWORD)
				continue;
			out[k].klen = (unsigned char)add_marks(out[k].key, v, vn, g[i].marks);
		}
		out[k].strips = (unsigned char)m;
		out[k].link = 0;
		out[k].beg = fl & (AK_LEXF_CBEGIN | AK_LEXF_CMID) ? 2 : fl & AK_LEXF_WORD ? 1 : 0;
		out[k].end = (fl & (AK_LEXF_CEND | AK_LEXF_WORD)) != 0;
		out[k].listed = (fl & (AK_LEXF_WORD | AK_LEXF_DOMAIN | AK_LEXF_NAME)) != 0;
		out[k].word = (fl & AK_LEXF_WORD) != 0;
		out[k].id = g[i].id;
		out[k].count = g[i].count;
		out[k].flags = fl;
		k++;
	}
	return k;
}

/* The marks of the a/o letters of v[i..j), from those of v (qm; oc[x]:
 * a/o letters in v[0..x)); *no > AK_FOLD_MAXOCC when not known. */
static void span_marks(uint64_t qm, const unsigned char *oc, size_t i, size_t j, uint64_t *q,
                       size_t *no)
{
	size_t k = (size_t)(oc[j] - oc[i]);
	*q = 0;
	*no = k;
	if (oc[j] > 32) {
		*no = AK_FOLD_MAXOCC + 1;
		return;
	}
	if (k) {
		*q = qm >> (2 * oc[i]);
		if (k < 32)
			*q &= ((uint64_t)1 << (2 * k)) - 1;
	}
}

/* The compound readings of the variant c (a print with its glyphs read,
 * marks not yet restored): every split into two parts (the first a form
 * that may begin a compound, or a form + linking -s; the last one that may
 * end one), the triple letter written double at the joint, and three parts
 * where no two-part split exists.  Parts are looked up by their folded
 * spelling, so the marks are restored per part. */
static void compounds(const struct ocrctx *X, const struct cand *c, int maxsubs,
                      struct rdset *R)
{
	const char *v = c->w;
	size_t n = c->len, i, j, fn = 0;
	unsigned char cc[AK_LEX_MAXWORD + 9], fpos[AK_LEX_MAXWORD + 9], ok[AK_LEX_MAXWORD + 9];
	char f[AK_LEX_MAXWORD + 9], w[2 * AK_LEX_MAXWORD + 16];
	uint64_t hs[AK_LEX_MAXWORD + 9];
	struct part E[AK_LEX_MAXWORD + 1][MAXPART];
	unsigned char ne[AK_LEX_MAXWORD + 1], oc[AK_LEX_MAXWORD + 9];
	int left = maxsubs - c->nsub, two = 0;
	size_t before = R->n, no;
	uint64_t qm, q;

	if (n < 6 || n > AK_LEX_MAXWORD || left < 0)
		return;
	cc[0] = 0;
	oc[0] = 0;
	for (i = 0; i < n; i++) {
		int b = ((unsigned char)v[i] & 0xC0) != 0x80;
		cc[i + 1] = (unsigned char)(cc[i] + b);
		oc[i + 1] = (unsigned char)(oc[i] + (v[i] == 'a' || v[i] == 'o'));
		fpos[i] = (unsigned char)fn;
		if ((unsigned char)v[i] == 0xC3 && i + 1 < n &&
		    ((unsigned char)v[i + 1] == 0xA5 || (unsigned char)v[i + 1] == 0xA4 ||
		     (unsigned char)v[i + 1] == 0xB6)) {
			f[fn++] = (unsigned char)v[i + 1] == 0xB6 ? 'o' : 'a';
			fpos[i + 1] = (unsigned char)fn; /* inside a character: unused */
			cc[i + 2] = cc[i + 1];
			oc[i + 1] = (unsigned char)(oc[i] + 1);
			oc[i + 2] = oc[i + 1];
			i++;
			continue;
		}
		f[fn++] = v[i];
	}
	ak_lex_fold_marks(f, v, n, &qm, &no);
	fpos[n] = (unsigned char)fn;
	f[fn] = '\0';
	ak_lex_suffix_hashes(hs, f, fn);
	for (i = 0; i <= n; i++) {
		ok[i] = i > 0 && i < n && ((unsigned char)v[i] & 0xC0) != 0x80;
		ne[i] = 0;
	}
	/* the last parts' lookups are independent: overlap their misses */
	for (i = 3; i + 3 <= n; i++)
		if (ok[i])
			ak_lex_fold_prefetch(X->lx, hs[fpos[i]]);
	/* last parts */
	for (i = 1; i < n; i++) {
		size_t k, m;
		struct part P[MAXPART];
		if (!ok[i] || cc[i] < 3 || cc[n] - cc[i] < 3)
			continue;
		span_marks(qm, oc, i, n, &q, &no);
		k = parts(X, v + i, n - i, f + fpos[i], fn - fpos[i], hs[fpos[i]], q, no, left, P);
		for (m = 0; m < k; m++)
			if (P[m].end)
				E[i][ne[i]++] = P[m];
	}
	/* first parts where a last part can follow, then the pairs */
	for (i = 1; i < n; i++) {
		struct part B[MAXPART];
		size_t nb, a, e;
		int triple = i >= 3 && (unsigned char)v[i - 1] < 0x80 && v[i - 1] == v[i - 2] &&
		             ne[i - 1];
		if (!ok[i] || cc[i] < 3 || (!ne[i] && !triple))
			continue;
		span_marks(qm, oc, 0, i, &q, &no);
		nb = parts(X, v, i, f, fpos[i], ak_lex_key_hash(f, fpos[i]), q, no, left, B);
		for (a = 0, e = 0; a < nb; a++)
			if (B[a].beg)
				B[e++] = B[a];
		nb = e;
		/* a form + linking -s: "förbunds|reserv" */
		if (i > 3 && v[i - 1] == 's' && nb < MAXPART) {
			struct part S[MAXPART];
			size_t ns;
			span_marks(qm, oc, 0, i - 1, &q, &no);
			ns = parts(X, v, i - 1, f, fpos[i - 1], ak_lex_key_hash(f, fpos[i - 1]), q, no,
			           left, S);
			for (a = 0; a < ns && nb < MAXPART; a++) {
				if (!S[a].word)
					continue;
				B[nb] = S[a];
				B[nb].link = 1;
				B[nb].beg = 1;
				nb++;
			}
		}
		for (a = 0; a < nb; a++) {
			size_t bl = B[a].klen + B[a].link;
			memcpy(w, B[a].key, B[a].klen);
			if (B[a].link)
				w[B[a].klen] = 's';
			for (e = 0; e < ne[i]; e++) {
				const struct part *P = &E[i][e];
				int st = B[a].strips + P->strips;
				if (st > left)
					continue;
				memcpy(w + bl, P->key, P->klen);
				rd_add(R, w, bl + P->klen, c->chan + (float)st * X->logrho, 1,
				       B[a].beg == 2 ? AK_COMP_FLAGGED : AK_COMP_LOOSE, P->id,
				       P->count, P->flags);
				two = 1;
			}
			/* the triple letter written double: process + stöd = processtöd */
			if (triple && !B[a].link) {
				for (e = 0; e < ne[i - 1]; e++) {
					const struct part *P = &E[i - 1][e];
					int st = B[a].strips + P->strips;
					if (st > left || P->klen < 2 || P->key[0] != w[bl - 1])
						continue;
					memcpy(w + bl, P->key + 1, P->klen - 1u);
					rd_add(R, w, bl + P->klen - 1u, c->chan + (float)st * X->logrho, 1,
					       B[a].beg == 2 ? AK_COMP_FLAGGED : AK_COMP_LOOSE, P->id,
					       P->count, P->flags);
					two = 1;
				}
			}
		}
	}
	if (two || R->n > before)
		return;
	/* three parts: first, middle (a form that may begin or stand inside a
	 * compound) and last */
	for (i = 1; i < n; i++) {
		struct part B[MAXPART];
		size_t nb, a;
		if (!ok[i] || cc[i] < 3 || cc[n] - cc[i] < 6)
			continue;
		span_marks(qm, oc, 0, i, &q, &no);
		nb = parts(X, v, i, f, fpos[i], ak_lex_key_hash(f, fpos[i]), q, no, left, B);
		for (a = 0; a < nb; a++) {
			if (!B[a].beg)
				continue;
			for (j = i + 1; j < n; j++) {
				struct part M[MAXPART];
				size_t nm, b, e, bl;
				if (!ne[j] || cc[j] - cc[i] < 3)
					continue;
				span_marks(qm, oc, i, j, &q, &no);
				nm = parts(X, v + i, j - i, f + fpos[i], fpos[j] - fpos[i],
				           ak_lex_key_hash(f + fpos[i], fpos[j] - fpos[i]), q, no,
				           left - B[a].strips, M);
				for (b = 0; b < nm; b++) {
					if (!M[b].beg)
						continue;
					memcpy(w, B[a].key, B[a].klen);
					memcpy(w + B[a].klen, M[b].key, M[b].klen);
					bl = (size_t)B[a].klen + M[b].klen;
					for (e = 0; e < ne[j]; e++) {
						const struct part *P = &E[j][e];
						int st = B[a].strips + M[b].strips + P->strips;
						if (st > left)
							continue;
						memcpy(w + bl, P->key, P->klen);
						rd_add(R, w, bl + P->klen, c->chan + (float)st * X->logrho, 1,
						       AK_COMP_THREE, P->id, P->count, P->flags);
					}
				}
			}
		}
	}
}

/* log P(word) of a reading: listed forms by their running-text count,
 * compounds by their kind and head, far below any listed form. */
static double prior(const struct ocrctx *X, int kn, int kind, uint32_t count, unsigned fl,
                    const char *w, size_t n)
{
	uint32_t *dc;
	double u;
	if (kn == 2) {
		u = count + 2.0;
		if (fl & AK_LEXF_DOMAIN) /* curated administrative vocabulary */
			u += 30.0;
	} else if (kn == 1) {
		/* The head's count is weak evidence (a short common word such as
		 * "ser" heads many false splits): it counts by its square root,
		 * so the kind of split (flagged, loose, three parts) decides first. */
		u = 0.01 * (2.0 + sqrt(count + (fl & AK_LEXF_DOMAIN ? 30.0 : 0)));
		if (u > 1.9)
			u = 1.9;
		u *= kind == AK_COMP_FLAGGED ? 1.0 : kind == AK_COMP_LOOSE ? 0.1 : 0.01;
	} else {
		u = 0.0005;
	}
	if (has_diacritic(w, n) && (dc = docset_slot((struct docset *)&X->ds, w, n, 0)) != NULL &&
	    *dc)
		u += 20.0 * *dc;
	return log(u) - X->logT;
}

static int cmp_rd(const void *a, const void *b)
{
	const struct rd *x = a, *y = b;
	return cmp_spelled(x->chan, x->pre, x->w, x->len, y->chan, y->pre, y->w, y->len);
}

/* The listed forms among the variants' readings with marks restored
 * (the variants cv[ix[0..nv)], or cv[0..nv) when ix is NULL). */
static void listed(const struct ocrctx *X, const struct cand *cv, const unsigned short *ix,
                   size_t nv, int maxsubs, struct rdset *R)
{
	size_t i, k;
	/* the variants folded and hashed first, so that their lookups'
	 * filter misses overlap (a handful at a time) */
	enum { BATCH = 8 };
	char f[BATCH][AK_LEX_MAXWORD + 9];
	size_t fn[BATCH], no[BATCH];
	uint64_t q[BATCH], h[BATCH];
	for (i = 0; i < nv; i += BATCH) {
		size_t m = nv - i < BATCH ? nv - i : BATCH, j;
		for (j = 0; j < m; j++) {
			const struct cand *c = &cv[ix ? ix[i + j] : i + j];
			fn[j] = ak_lex_fold_marks(f[j], c->w, c->len, &q[j], &no[j]);
			h[j] = ak_lex_key_hash(f[j], fn[j]);
			ak_lex_fold_prefetch(X->lx, h[j]);
		}
		for (j = 0; j < m; j++) {
			const struct cand *c = &cv[ix ? ix[i + j] : i + j];
			struct part P[MAXPART];
			size_t np;
			if (maxsubs - c->nsub < 0)
				continue;
			np = parts(X, c->w, c->len, f[j], fn[j], h[j], q[j], no[j], maxsubs - c->nsub, P);
			for (k = 0; k < np; k++)
				if (P[k].listed)
					rd_add(R, P[k].key, P[k].klen,
					       c->chan + (float)P[k].strips * X->logrho, 2, 0, P[k].id,
					       P[k].count, P[k].flags);
		}
	}
}

static int readings(const struct ocrctx *X, struct ak_arena *a, struct memo *mm,
                    struct cand *cands, struct rd *rds, const char *low, size_t ln, int known,
                    int kind, uint32_t id0, const struct reading **out, size_t *nout)
{
	size_t h = ak_lex_hash(low, ln) & (mm->cap - 1), probes, c2, k = 0, n1;
	struct gen g;
	struct reading *rv;
	struct rdset R;
	unsigned short sel[MAXCANDS], tmp[MAXCANDS];
	size_t nsel;
	double best, s0;

	for (probes = 0; probes < mm->cap; probes++, h = (h + 1) & (mm->cap - 1)) {
		if (!mm->key[h])
			break;
		if (mm->klen[h] == ln && memcmp(mm->key[h], low, ln) == 0) {
			*out = mm->r[h];
			*nout = mm->n[h];
			return 0;
		}
	}
	R.v = rds;
	R.n = 0;
	R.print = low;
	R.pn = ln;
	/* The variants: the print with its glyphs read ("6ver" -> över), not
	 * yet its lost marks, which the fold table restores in one lookup. */
	gen_start(&g, X->m, low, ln);
	g.rare_adj = X->logrho < (float)log(0.5) ? X->logrho - (float)log(0.5) : 0.0f;
	/* In a clean document each substitution costs log(rho) < -3: more than
	 * two can never win, and misread real letters are not tried. */
	g.maxsubs = X->logrho < (float)log(0.05) ? 2 : MAXSUBS;
	g.out = cands;
	dfs(&g, 0);
	for (c2 = 0; c2 < g.nout; c2++)
		sel[c2] = (unsigned short)c2;
	listed(X, cands, NULL, g.nout, g.maxsubs, &R);
	nsel = n1 = g.nout;
	if (R.n == 0 && g.maxsubs == MAXSUBS && !(known == 1 && kind == AK_COMP_FLAGGED) &&
	    (known < 2 || (ln <= 3 && ak_lex_count(X->lx, id0) < 5))) {
		/* misread real letters only when no cheaper reading is a word
		 * and the print is not a well-formed compound already (its first
		 * part flagged as a compound beginning); also for a short listed
		 * form (3 bytes or less) seen at most once in the running text
		 * (count < 5: one sentence of prose, weight 4, or four of help
		 * text): rare, so as likely a misread ("dn" for "än").  Longer
		 * misreads seldom land on a listed form; for them the search is
		 * not worth its cost.  The MAXRARE likeliest such variants, those
		 * with one letter misread first: two only when one gives no word. */
		size_t nr;
		g.allow_rare = 1;
		dfs(&g, 0);
		nr = g.nout - n1;
		for (c2 = 0; c2 < nr; c2++)
			sel[n1 + c2] = (unsigned short)(n1 + c2);
		if (nr > MAXRARE) {
			cand_keys(cands, n1, g.nout);
			sort_cands(cands, sel + n1, tmp, nr);
			nr = MAXRARE;
		}
		{
			unsigned short one[MAXRARE], two[MAXRARE];
			size_t n_1 = 0, n_2 = 0;
			for (c2 = 0; c2 < nr; c2++) {
				if (cands[sel[n1 + c2]].nrare == 1)
					one[n_1++] = sel[n1 + c2];
				else
					two[n_2++] = sel[n1 + c2];
			}
			listed(X, cands, one, n_1, g.maxsubs, &R);
			if (R.n == 0)
				listed(X, cands, two, n_2, g.maxsubs, &R);
		}
		nsel = n1 + nr;
	}
	/* the print itself, as the tokens saw it */
	{
		unsigned fl0 = 0;
		if (id0 != AK_LEX_NONE)
			ak_lex_flags(X->lx, id0, &fl0);
		s0 = prior(X, known, kind, ak_lex_count(X->lx, id0), fl0, low, ln);
	}
	/* Compounds score below any listed word: when a reading is a listed
	 * word, or the document is clean, other readings are not split.  The
	 * variants are split likeliest first, while one can still win: a
	 * compound scores at most log(1.9) + its channel. */
	if (R.n == 0 && X->logrho >= -2.9f) {
		size_t nplain = 0;
		best = s0;
		cand_keys(cands, 0, g.nout);
		if (nsel > 1)
			sort_cands(cands, sel, tmp, nsel);
		for (c2 = 0; c2 < nsel; c2++) {
			size_t r, before = R.n;
			const struct cand *cd = &cands[sel[c2]];
			if (log(1.9) - X->logT + cd->chan < best)
				break;
			/* a real letter misread is a costlier explanation: tried
			 * only when no reading with marks and glyphs alone splits */
			if (cd->nrare && nplain)
				continue;
			compounds(X, cd, g.maxsubs, &R);
			if (!cd->nrare)
				nplain = R.n;
			for (r = before; r < R.n; r++) {
				double sc = prior(X, 1, R.v[r].kind, R.v[r].hc, R.v[r].fl, R.v[r].w,
				                  R.v[r].len) +
				            R.v[r].chan;
				if (sc > best)
					best = sc;
			}
		}
	}
	if (R.n > 1)
		qsort(R.v, R.n, sizeof(*R.v), cmp_rd);
	/* the readings and their spellings in one block */
	{
		size_t bytes = ln + 1;
		char *sp;
		for (c2 = 0; c2 < R.n; c2++)
			bytes += R.v[c2].len + 1u;
		rv = ak_arena_alloc(a, (R.n + 1) * sizeof(*rv) + bytes);
		if (!rv)
			return AK_ENOMEM;
		sp = (char *)(rv + R.n + 1);
		memcpy(sp, low, ln);
		rv[k].w = sp;
		sp += ln + 1;
		rv[k].len = (unsigned char)ln;
		rv[k].base = (float)s0;
		rv[k].id = known == 2 ? id0 : AK_LEX_NONE;
		rv[k].count = known == 2 ? ak_lex_count(X->lx, id0) : 0;
		rv[k].kn = (signed char)known;
		k++;
		for (c2 = 0; c2 < R.n; c2++) {
			const struct rd *r = &R.v[c2];
			memcpy(sp, r->w, r->len);
			rv[k].w = sp;
			sp += r->len + 1u;
			rv[k].len = r->len;
			rv[k].base = (float)(prior(X, r->kn, r->kind, r->hc, r->fl, r->w, r->len) +
			                     r->chan);
			rv[k].id = r->kn == 2 ? r->id : AK_LEX_NONE;
			rv[k].count = r->kn == 2 ? r->hc : 0;
			rv[k].kn = r->kn;
			k++;
		}
	}
	if (probes < mm->cap && !mm->key[h]) {
		mm->key[h] = rv[0].w;
		mm->klen[h] = (uint32_t)ln;
		mm->r[h] = rv;
		mm->n[h] = (unsigned short)k;
	}
	*out = rv;
	*nout = k;
	return 0;
}

/* What the lexicon says about each distinct print of the document (by its
 * bytes as printed): tokenising looks each up once, the damage estimate
 * tries each unknown one once. */
struct tment {
	uint32_t off, len; /* the first occurrence in the layer's input */
	uint32_t id;
	signed char known;
	unsigned char diac;
	signed char fix;   /* a reading with marks added is a word: 1/0, -1 = not tried */
	uint32_t count;     /* running-text count of id */
	unsigned char kind; /* known == 1: AK_COMP_* of its best split ... */
	uint32_t head;      /* ... and the id of its last part */
	unsigned char rdone; /* rv and nr are set */
	unsigned char dnone; /* no counter in the document's forms (dslot) */
	uint32_t *dslot;     /* known with å/ä/ö: its form's count in the document */
	unsigned short nr;   /* 0: no lower-case form, 1: the print alone */
	const struct reading *rv; /* rv[0] is the lower-case print */
};

struct tmemo {
	uint32_t *slot;    /* index + 1 into v, 0 = empty; cap: power of two */
	size_t cap;
	struct tment *v;   /* in order of first occurrence */
	size_t n, vcap;
};

/* Index of the entry for in[off..off+len), added (fix = -1, known unset)
 * when new: *added says so.  Returns UINT32_MAX when out of memory. */
static uint32_t tmemo_get(struct tmemo *tm, struct ak_arena *a, const char *in, size_t off,
                          size_t len, int *added)
{
	size_t i;
	*added = 0;
	if ((tm->n + 1) * 2 > tm->cap) { /* grow (the old table stays in the arena) */
		size_t ncap = tm->cap ? tm->cap * 2 : 1024, j;
		uint32_t *ns = ak_arena_array(a, ncap, sizeof(*ns));
		if (!ns)
			return UINT32_MAX;
		for (j = 0; j < tm->n; j++) {
			i = ak_lex_hash(in + tm->v[j].off, tm->v[j].len) & (ncap - 1);
			while (ns[i])
				i = (i + 1) & (ncap - 1);
			ns[i] = (uint32_t)j + 1;
		}
		tm->slot = ns;
		tm->cap = ncap;
	}
	i = ak_lex_hash(in + off, len) & (tm->cap - 1);
	for (;; i = (i + 1) & (tm->cap - 1)) { /* never full: at most half */
		const struct tment *e;
		if (!tm->slot[i])
			break;
		e = &tm->v[tm->slot[i] - 1];
		if (e->len == len && memcmp(in + e->off, in + off, len) == 0)
			return tm->slot[i] - 1;
	}
	if (tm->n == tm->vcap) {
		struct tment *nv = ak_arena_grow(a, tm->v, tm->n, &tm->vcap, sizeof(*nv));
		if (!nv)
			return UINT32_MAX;
		tm->v = nv;
	}
	memset(&tm->v[tm->n], 0, sizeof(tm->v[tm->n]));
	tm->v[tm->n].off = (uint32_t)off;
	tm->v[tm->n].len = (uint32_t)len;
	tm->v[tm->n].id = AK_LEX_NONE;
	tm->v[tm->n].head = AK_LEX_NONE;
	tm->v[tm->n].fix = -1;
	tm->slot[i] = (uint32_t)++tm->n;
	*added = 1;
	return (uint32_t)tm->n - 1;
}

static int ocr_layer(const struct ak_repair_model *m, enum ak_repair_mode mode,
                     struct ak_arena *a, const char *in, size_t n,
                     const struct ak_repair_words *ws, struct layer *L, double *damage)
{
	struct ocrctx X;
	struct memo mm;
	struct tmemo tm;
	struct docset names;
	struct tok *tv = NULL;
	struct cand *cands;
	struct rd *rds;
	size_t nt = 0, cap = 0, i, k, hint = 0, chunk_end = 0;
	size_t nfix = 0, ndiac = 0;
	int chunk_skip = 0;
	uint32_t prev = AK_LEX_NONE, pcnt = 0, sent, num, sentcnt, numcnt;
	double rho;

	memset(&X, 0, sizeof(X));
	memset(&tm, 0, sizeof(tm));
	X.m = m;
	X.lx = m->lex;
	X.logT = log((double)ak_lex_total(m->lex) + 1e5);
	X.T = exp(X.logT);
	sent = ak_lex_find(m->lex, AK_REPAIR_SENT, strlen(AK_REPAIR_SENT), NULL);
	num = ak_lex_find(m->lex, AK_REPAIR_NUM, strlen(AK_REPAIR_NUM), NULL);
	sentcnt = ak_lex_count(m->lex, sent);
	numcnt = ak_lex_count(m->lex, num);
	layer_init(L, a, in, (size_t)n * 2 + 64);
	/* one memo of lexicon lookups for the whole document, sized to it
	 * (a slot for every 8 bytes of text) */
	{
		uint32_t ns = 512;
		struct ak_lex_cache_slot *sl;
		while (ns < AK_LEX_CACHE && ns < n / 8)
			ns <<= 1;
		X.cache = ak_arena_alloc(a, sizeof(*X.cache));
		sl = ak_arena_array(a, ns, sizeof(*sl));
		if (!X.cache || !sl)
			return AK_ENOMEM;
		ak_lex_cache_init(X.cache, sl, ns);
	}
	/* tokens: about one per six bytes */
	cap = n / 6 + 16;
	if (!(tv = ak_arena_array(a, cap, sizeof(*tv))))
		return AK_ENOMEM;

	/* tokens */
	for (i = 0; i < n;) {
		uint32_t c = get_cp(in + i, n - i, &k);
		size_t st = i, letters = 0, digits = 0;
		if (i >= chunk_end) { /* a new whitespace chunk starts at or after i */
			size_t e = i;
			int mark = 0; /* a character a URL or address needs */
			while (e < n && !is_space((unsigned char)in[e])) {
				char ch = in[e++];
				mark |= ch == '@' || ch == ':' || ch == 'w' || ch == 'W';
			}
			chunk_skip = mark && url_like(in + i, e - i);
			chunk_end = e > i ? e : i + 1;
		}
		if (!tok_char(c)) {
			i += k;
			continue;
		}
		while (i < n) {
			c = get_cp(in + i, n - i, &k);
			if (!tok_char(c))
				break;
			if (c < 0x80 ? !(c >= '0' && c <= '9') && c != '|' :
			               ak_cp_is_letter(c) || c == 0xA2)
				letters++; /* ASCII: letters, & and { */
			else if (c >= '0' && c <= '9')
				digits++;
			i += k;
		}
		if (nt == cap) {
			struct tok *nv = ak_arena_grow(a, tv, nt, &cap, sizeof(*tv));
			if (!nv)
				return AK_ENOMEM;
			tv = nv;
		}
		memset(&tv[nt], 0, sizeof(tv[nt]));
		tv[nt].off = (uint32_t)st;
		tv[nt].len = (uint32_t)(i - st);
		tv[nt].id = AK_LEX_NONE;
		tv[nt].conf = conf_at(ws, st, &hint);
		tv[nt].url = (unsigned char)chunk_skip;
		tv[nt].num = letters == 0 && digits > 0;
		tv[nt].skip = chunk_skip || letters == 0 || digits > 2 || i - st > AK_LEX_MAXWORD - 8 ||
		              (letters + digits < 2 && !(i - st == 1 && in[st] == '|'));
		tv[nt].ent = UINT32_MAX;
		if (!tv[nt].skip || (letters >= 2 && i - st <= AK_LEX_MAXWORD)) {
			/* the same print again (as printed, case included): same answer */
			int added;
			uint32_t ei = tmemo_get(&tm, a, in, st, i - st, &added);
			struct tment *e;
			if (ei == UINT32_MAX)
				return AK_ENOMEM;
			e = &tm.v[ei];
			if (added) {
				char low[AK_LEX_MAXWORD + 8];
				size_t ln = ak_lex_lower(low, sizeof(low), in + st, i - st);
				if (ln) {
					int kind = 0;
					e->known = (signed char)known_lower2(X.lx, low, ln,
					                                     ak_lex_key_hash(low, ln),
					                                     &e->id, &e->head, &kind, X.cache);
					e->kind = (unsigned char)kind;
					e->count = e->id != AK_LEX_NONE ? ak_lex_count(X.lx, e->id) : 0;
					e->diac = (unsigned char)has_diacritic(low, ln);
				}
			}
			tv[nt].ent = ei;
			tv[nt].known = e->known;
			tv[nt].id = e->id;
			tv[nt].diac = e->diac;
		}
		nt++;
	}
	/* document statistics: forms with å/ä/ö spelled out; damage estimate.
	 * The tables below hold lower-case forms of distinct prints: sized
	 * from their number they never fill up. */
	X.ds.cap = 64;
	while (X.ds.cap < tm.n * 2 + 2)
		X.ds.cap <<= 1;
	X.ds.k = ak_arena_array(a, X.ds.cap, sizeof(*X.ds.k));
	X.ds.len = ak_arena_array(a, X.ds.cap, sizeof(*X.ds.len));
	X.ds.cnt = ak_arena_array(a, X.ds.cap, sizeof(*X.ds.cnt));
	cands = ak_arena_array(a, MAXCANDS, sizeof(*cands));
	X.fc.mask = 255;
	while (X.fc.mask + 1 < 4096 && X.fc.mask + 1 < tm.n * 2)
		X.fc.mask = X.fc.mask * 2 + 1;
	X.fc.v = ak_arena_array(a, X.fc.mask + 1, sizeof(*X.fc.v));
	rds = ak_arena_array(a, MAXREAD, sizeof(*rds));
	mm.cap = X.ds.cap;
	mm.key = ak_arena_array(a, mm.cap, sizeof(*mm.key));
	mm.klen = ak_arena_array(a, mm.cap, sizeof(*mm.klen));
	mm.r = ak_arena_array(a, mm.cap, sizeof(*mm.r));
	mm.n = ak_arena_array(a, mm.cap, sizeof(*mm.n));
	if (!X.ds.k || !X.ds.len || !X.ds.cnt || !cands || !rds || !X.fc.v || !mm.key ||
	    !mm.klen || !mm.r || !mm.n)
		return AK_ENOMEM;
	/* Words inside the document's URLs and e-mail addresses are names
	 * ("sign" in sign.example.net): the same word elsewhere stays as it is. */
	for (i = 0, k = 0; i < nt; i++)
		k += tv[i].url;
	names.cap = 16;
	while (names.cap < k * 2 + 2)
		names.cap <<= 1;
	names.k = ak_arena_array(a, names.cap, sizeof(*names.k));
	names.len = ak_arena_array(a, names.cap, sizeof(*names.len));
	names.cnt = ak_arena_array(a, names.cap, sizeof(*names.cnt));
	if (!names.k || !names.len || !names.cnt)
		return AK_ENOMEM;
	for (i = 0; i < nt; i++) {
		struct tok *t = &tv[i];
		char *low;
		size_t ln;
		uint32_t *slot;
		if (!t->url || t->len < 2 || t->len > AK_LEX_MAXWORD)
			continue;
		if (!(low = ak_arena_alloc(a, t->len * 2 + 8)))
			return AK_ENOMEM;
		ln = ak_lex_lower(low, t->len * 2 + 8, in + t->off, t->len);
		if (ln && (slot = docset_slot(&names, low, ln, 1)) != NULL)
			(*slot)++;
	}
	for (i = 0; i < nt; i++) {
		struct tok *t = &tv[i];
		if (t->known == 2 && t->diac) {
			/* its lower-case form's counter, found once per distinct print */
			struct tment *e = &tm.v[t->ent];
			if (!e->dslot && !e->dnone) {
				char *low = ak_arena_alloc(a, t->len * 2 + 8);
				size_t ln;
				if (!low)
					return AK_ENOMEM;
				ln = ak_lex_lower(low, t->len * 2 + 8, in + t->off, t->len);
				e->dslot = ln ? docset_slot(&X.ds, low, ln, 1) : NULL;
				e->dnone = !e->dslot;
			}
			if (e->dslot)
				(*e->dslot)++;
			ndiac++;
		} else if (!t->skip && t->known == 0) {
			struct gen g;
			char low[AK_LEX_MAXWORD + 8];
			size_t ln = ak_lex_lower(low, sizeof(low), in + t->off, t->len);
			struct tment *e = &tm.v[t->ent];
			if (e->fix >= 0) { /* the same print again: same answer */
				nfix += (size_t)e->fix;
				continue;
			}
			gen_start(&g, m, low, ln);
			g.out = cands;
			g.maxsubs = 2;
			dfs(&g, 0);
			/* a listed form other than the print, two marks or glyphs away */
			e->fix = (signed char)any_listed(&X, cands, g.nout, 2);
			nfix += (size_t)e->fix;
		}
	}
	rho = (nfix + 0.5) / (nfix + ndiac + 1.0);
	if (rho < 0.01)
		rho = 0.01;
	if (rho > 0.95)
		rho = 0.95;
	*damage = rho;
	X.logrho = (float)log(rho);

	/* choose */
	for (i = 0; i < nt; i++) {
		struct tok *t = &tv[i];
		const struct reading *rv;
		struct tment *e;
		const char *low;
		char out[AK_LEX_MAXWORD * 2 + 8];
		size_t ln, c2, best = 0, on, nr = 0;
		int rc;
		double sbest = -1e30, sorig = 0, margin;
		uint32_t next = AK_LEX_NONE, ncnt = 0, bid = AK_LEX_NONE;
		int bkn = 0;

		if (t->skip) {
			/* a lone '|' read for "I" before a word at a line or sentence start */
			if (t->len == 1 && in[t->off] == '|' && i + 1 < nt && !tv[i + 1].skip &&
			    tv[i + 1].known) {
				size_t p = t->off;
				while (p > 0 && (in[p - 1] == ' ' || in[p - 1] == '\t'))
					p--;
				if (p == 0 || in[p - 1] == '\n' || in[p - 1] == '.' || in[p - 1] == ':' ||
				    in[p - 1] == '\f') {
					layer_put(L, t->off, 1, "I", 1, 1.0f, "ocr-pipe");
				}
			}
			/* a number is the model's <num> for the word after it ("64 år");
			 * not for the word before it: "utfall är 10 228 kronor" and
			 * "lagen (2003:1210)" became "år", "lägen" */
			prev = t->num ? num : AK_LEX_NONE;
			pcnt = t->num ? numcnt : 0;
			continue;
		}
		/* fast path: a known word in a clean document */
		if (t->known == 2 && rho < 0.05) {
			int glyph = 0;
			for (c2 = 0; c2 < t->len; c2++)
				if ((unsigned char)in[t->off + c2] >= 0x80 || in[t->off + c2] == '&' ||
				    (in[t->off + c2] >= '0' && in[t->off + c2] <= '9'))
					glyph = 1;
			if (!glyph) {
				prev = t->id;
				pcnt = tm.v[t->ent].count;
				continue;
			}
		}
		/* the readings of a print, once per distinct print */
		e = &tm.v[t->ent];
		if (!e->rdone) {
			char lbuf[AK_LEX_MAXWORD + 8];
			e->rdone = 1;
			e->nr = 0;
			ln = ak_lex_lower(lbuf, sizeof(lbuf), in + t->off, t->len);
			/* no confusion rule matches anywhere in the print: its only
			 * reading is itself, and there is nothing to choose */
			for (c2 = 0; c2 < ln && !m->starts[(unsigned char)lbuf[c2]]; c2++)
				;
			if (ln && c2 == ln)
				e->nr = 1;
			else if (ln) {
				if ((rc = readings(&X, a, &mm, cands, rds, lbuf, ln, t->known, e->kind,
				                   t->known == 2 ? t->id : e->head, &e->rv, &nr)) != 0)
					return rc;
				e->nr = (unsigned short)nr;
			}
		}
		if (e->nr == 0) {
			prev = AK_LEX_NONE;
			pcnt = 0;
			continue;
		}
		if (e->nr == 1) { /* the print alone: context cannot change that */
			prev = t->id;
			pcnt = e->count;
			continue;
		}
		rv = e->rv;
		nr = e->nr;
		low = rv[0].w;
		ln = rv[0].len;
		if (sent != AK_LEX_NONE && sentence_start(in, t->off, t->len)) {
			prev = sent;
			pcnt = sentcnt;
		}
		if (i + 1 < nt && !tv[i + 1].skip && tv[i + 1].off - (t->off + t->len) <= 2) {
			next = tv[i + 1].id;
			ncnt = tm.v[tv[i + 1].ent].count;
		}
		for (c2 = 0; c2 < nr; c2++) {
			double s = rv[c2].base;
			if (mode == AK_REPAIR_FULL)
				s += context(&X, prev, pcnt, rv[c2].id, rv[c2].count, next, ncnt);
			if (c2 == 0)
				sorig = s;
			if (s > sbest) {
				sbest = s;
				best = c2;
				bid = rv[c2].id;
				bkn = rv[c2].kn;
			}
		}
		/* margins grow with how much the print is a word already:
		 * unknown 0.2, compound of known parts 0.3, listed word 0.3 scaled
		 * by OCR confidence (below) */
		margin = t->known == 1 ? 0.3 : 0.2;
		if (rho < 0.2) {
			/* in a clean document an unknown word is rarely damage: more so
			 * a short one (abbreviations, foreign words) */
			margin += log(0.2 / rho);
			if (ln <= 3)
				margin += 2.0;
		}
		/* A real word: the channel already charges the reading for the
		 * marks it adds, and the negative bigram evidence keeps common
		 * words in place; the margin (0.7 before the negative evidence,
		 * 0.3 now: measured on seed 000, the simulated set and the eng
		 * OCR pages) guards against near-ties. */
		if (t->known == 2)
			margin = mode == AK_REPAIR_FULL ? 0.3 * (0.5 + 0.5 * t->conf / 100.0) : 1e30;
		/* A short unknown print says little: a reading that is more than
		 * the print with its marks restored and was never seen in the
		 * running text nor in this document ("amt" -> "ömt") is no repair. */
		if (t->known == 0 && ln <= 3 && best != 0 && bid != AK_LEX_NONE &&
		    !is_stripped(low, ln, rv[best].w, rv[best].len) &&
		    ak_lex_count(X.lx, bid) == 0 && !docset_slot(&X.ds, rv[best].w, rv[best].len, 0))
			best = 0;
		/* A word also found in the document's URLs or e-mail addresses is
		 * a name there, unless the reading is a listed name itself (web
		 * addresses drop the marks: malmo.se, Malmö). */
		if (t->known == 0 && best != 0 && docset_slot(&names, low, ln, 0) &&
		    !listed_name(X.lx, rv[best].w, rv[best].len))
			best = 0;
		/* A listed word rarely seen in the running text may be a misread
		 * ("dn" for "än"), but not when capitalised: a name or an
		 * abbreviation ("Lisa", "SD"). */
		if (t->known == 2 && best != 0 && !is_stripped(low, ln, rv[best].w, rv[best].len) &&
		    has_upper(in + t->off, t->len))
			best = 0;
		if (best != 0 && bkn > 0 && sbest - sorig > margin && (t->known < 2 || bkn == 2)) {
			on = apply_case(in + t->off, t->len, rv[best].w, rv[best].len, out);
			if (on != t->len || memcmp(out, in + t->off, on) != 0) {
				layer_put(L, t->off, t->len, out, on, (float)(sbest - sorig),
				          t->known == 2 ? "ocr-context" : "ocr-lexicon");
			}
			prev = bid;
			pcnt = rv[best].count;
		} else {
			prev = t->id;
			pcnt = e->count;
		}
	}
	layer_finish(L, n);
	return L->err;
}

/* ------------------------------------------------------------ compose */

int ak_repair_text(const struct ak_repair_model *m, enum ak_repair_mode mode,
                   struct ak_arena *a, const char *in, size_t n,
                   const struct ak_repair_words *words, struct ak_repair_result *r)
{
	struct layer E, O;
	size_t i, j, ne = 0, cap = 0;
	struct ak_edit *ev = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	if (n > ((size_t)1 << 30))
		return AK_ETOOBIG;
	if (mode == AK_REPAIR_OFF || !m) {
		r->text = ak_arena_strndup(a, in, n);
		r->len = n;
		return r->text ? 0 : AK_ENOMEM;
	}
	if ((rc = enc_layer(m, a, in, n, &E, &r->encoding)) != 0) {
		ak_buf_release(&E.out);
		return rc;
	}
	if ((rc = ocr_layer(m, mode, a, E.out.ptr ? E.out.ptr : "", E.out.len,
	                    words && E.n == 0 ? words : NULL, &O, &r->damage)) != 0) {
		ak_buf_release(&E.out);
		ak_buf_release(&O.out);
		return rc;
	}
	r->len = O.out.len;
	r->text = ak_arena_strndup(a, O.out.ptr ? O.out.ptr : "", O.out.len);
	if (!r->text) {
		ak_buf_release(&E.out);
		ak_buf_release(&O.out);
		return AK_ENOMEM;
	}
	/* Merge the two layers' ranges in middle (E output = O input)
	 * coordinates; overlapping ranges become one edit. */
	i = j = 0;
	{
		size_t lp = 0;
		int line = 1;
		while (i < E.n || j < O.n) {
			size_t s, e, is, ie, os, oe;
			const char *why = NULL;
			float score = 0;
			int grew = 1;
			if (j >= O.n || (i < E.n && E.v[i].ooff <= O.v[j].ioff)) {
				s = E.v[i].ooff;
				e = s + E.v[i].olen;
			} else {
				s = O.v[j].ioff;
				e = s + O.v[j].ilen;
			}
			while (grew) {
				grew = 0;
				while (i < E.n && E.v[i].ooff <= e &&
				       (E.v[i].ooff < e || E.v[i].ooff == s) &&
				       E.v[i].ooff + E.v[i].olen >= s) {
					if (E.v[i].ooff < s)
						s = E.v[i].ooff;
					if (E.v[i].ooff + E.v[i].olen > e)
						e = E.v[i].ooff + E.v[i].olen;
					why = why ? ak_arena_printf(a, "%s+%s", why, E.v[i].reason) : E.v[i].reason;
					score += E.v[i].score;
					i++;
					grew = 1;
				}
				while (j < O.n && O.v[j].ioff <= e &&
				       (O.v[j].ioff < e || O.v[j].ioff == s) &&
				       O.v[j].ioff + O.v[j].ilen >= s) {
					if (O.v[j].ioff < s)
						s = O.v[j].ioff;
					if (O.v[j].ioff + O.v[j].ilen > e)
						e = O.v[j].ioff + O.v[j].ilen;
					why = why ? ak_arena_printf(a, "%s+%s", why, O.v[j].reason) : O.v[j].reason;
					score += O.v[j].score;
					j++;
					grew = 1;
				}
			}
			is = map_back(&E, s);
			ie = map_back(&E, e);
			os = map_fwd(&O, s);
			oe = map_fwd(&O, e);
			if (ie < is || oe < os || ie > n || oe > r->len)
				continue;
			if (ie - is == oe - os && memcmp(in + is, r->text + os, ie - is) == 0)
				continue;
			if (ne == cap) {
				struct ak_edit *nv = ak_arena_grow(a, ev, ne, &cap, sizeof(*ev));
				if (!nv) {
					rc = AK_ENOMEM;
					break;
				}
				ev = nv;
			}
			while (lp < is) { /* count the newlines before the edit */
				const char *nl = memchr(in + lp, '\n', is - lp);
				if (!nl)
					break;
				line++;
				lp = (size_t)(nl - in) + 1;
			}
			if (lp < is)
				lp = is;
			memset(&ev[ne], 0, sizeof(ev[ne]));
			ev[ne].off = (uint32_t)is;
			ev[ne].len = (uint32_t)(ie - is);
			ev[ne].doc_off = (uint32_t)is;
			ev[ne].new_off = (uint32_t)os;
			ev[ne].line = line;
			ev[ne].before = ak_arena_strndup(a, in + is, ie - is);
			ev[ne].after = ak_arena_strndup(a, r->text + os, oe - os);
			ev[ne].score = score;
			ev[ne].reason = why ? why : "repair";
			ne++;
		}
	}
	ak_buf_release(&E.out);
	ak_buf_release(&O.out);
	r->edits = ev;
	r->nedits = ne;
	if (rc == 0 && a->failed)
		rc = AK_ENOMEM;
	return rc;
}
