/*
 * mkdict.c - build the repair model (extractors/lexicon.h) from word lists,
 * running text and the confusion table.  Run by dicts/build.sh, which
 * prepares the inputs from Debian packages; see dicts/README.md.
 *
 * Why a C tool: the builder must hash and lower-case exactly as the reader
 * does, so it links the same lexicon.c.  Output is deterministic: the same
 * inputs give the same bytes (words are inserted in sorted order, the hash
 * tables are sized from the counts).
 *
 * usage: mkdict -o OUT [--words F] [--begin F] [--mid F] [--end F]
 *               [--latin1-words F] [--domain F] [--names F]
 *               [[--weight N] --text F]... [--conf F]
 * Word files: one form per line, UTF-8 (ISO-8859-1 for --latin1-words);
 * anything after '/' or a TAB is ignored.  Text files: HTML or plain text;
 * --weight N (1..16) multiplies the counts of the text files that follow.
 */
#include "lexicon.h"
#include "repair_int.h" /* AK_REPAIR_SENT, AK_REPAIR_NUM */

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ent {
	char *w;
	uint32_t count;
	uint32_t flags;
	uint32_t orig; /* insertion index (bigram ids use it) */
};

struct tab {
	struct ent *v;
	size_t n, cap;  /* dynamic array while collecting */
	uint32_t *slot; /* hash: index+1 */
	uint32_t nslots;
};

static void die(const char *m)
{
	fprintf(stderr, "mkdict: %s\n", m);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die("out of memory");
	return q;
}

static void rehash(struct tab *t, uint32_t nslots)
{
	size_t i;
	free(t->slot);
	t->nslots = nslots;
	t->slot = calloc(nslots, sizeof(*t->slot));
	if (!t->slot)
		die("out of memory");
	for (i = 0; i < t->n; i++) {
		uint32_t h = ak_lex_hash(t->v[i].w, strlen(t->v[i].w)) & (nslots - 1);
		while (t->slot[h])
			h = (h + 1) & (nslots - 1);
		t->slot[h] = (uint32_t)i + 1;
	}
}

static struct ent *lookup(struct tab *t, const char *w, size_t n, int add)
{
	uint32_t h;
	if (!t->nslots)
		rehash(t, 1u << 16);
	h = ak_lex_hash(w, n) & (t->nslots - 1);
	while (t->slot[h]) {
		struct ent *e = &t->v[t->slot[h] - 1];
		if (strlen(e->w) == n && memcmp(e->w, w, n) == 0)
			return e;
		h = (h + 1) & (t->nslots - 1);
	}
	if (!add)
		return NULL;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n].w = malloc(n + 1);
	if (!t->v[t->n].w)
		die("out of memory");
	memcpy(t->v[t->n].w, w, n);
	t->v[t->n].w[n] = '\0';
	t->v[t->n].count = 0;
	t->v[t->n].flags = 0;
	t->v[t->n].orig = (uint32_t)t->n;
	t->slot[h] = (uint32_t)t->n + 1;
	t->n++;
	if (t->n * 2 > t->nslots)
		rehash(t, t->nslots * 2);
	return &t->v[t->n - 1];
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t n = 0, cap = 0, r;
	if (!f) {
		fprintf(stderr, "mkdict: cannot open %s\n", path);
		exit(1);
	}
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			b = xrealloc(b, cap + 1);
		}
		r = fread(b + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	b[n] = '\0';
	*len = n;
	return b;
}

static char *latin1_to_utf8(const char *s, size_t n, size_t *outn)
{
	char *o = xrealloc(NULL, n * 2 + 1);
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		k += ak_utf8_put(o + k, (unsigned char)s[i]);
	o[k] = '\0';
	*outn = k;
	return o;
}

static void add_words(struct tab *t, const char *path, uint32_t flag, int latin1)
{
	size_t n, i = 0;
	char *b = slurp(path, &n), *u = b;
	if (latin1) {
		u = latin1_to_utf8(b, n, &n);
		free(b);
		b = u;
	}
	while (i < n) {
		size_t j = i, e;
		char low[AK_LEX_MAXWORD + 8];
		size_t m;
		while (j < n && u[j] != '\n')
			j++;
		e = i;
		while (e < j && u[e] != '/' && u[e] != '\t' && u[e] != '\r' && u[e] != ' ')
			e++;
		if (e > i && u[i] != '#' && (m = ak_lex_lower(low, sizeof(low), u + i, e - i)) &&
		    m <= AK_LEX_MAXWORD) {
			struct ent *x = lookup(t, low, m, 1);
			x->flags |= flag;
			if ((flag & AK_LEXF_NAME) && m + 1 <= AK_LEX_MAXWORD &&
			    low[m - 1] != 's') { /* genitive */
				low[m] = 's';
				lookup(t, low, m + 1, 1)->flags |= flag;
			}
		}
		i = j + 1;
	}
	free(b);
}

/* ---------------------------------------------------------- running text */

struct bigram {
	uint32_t a, b, count;
};

struct bitab {
	struct bigram *v;
	uint32_t nslots;
	size_t n;
};

static void bi_add(struct bitab *t, uint32_t a, uint32_t b)
{
	uint32_t h;
	if (t->n * 2 >= t->nslots) {
		struct bigram *old = t->v;
		uint32_t on = t->nslots, i;
		t->nslots = on ? on * 2 : 1u << 16;
		t->v = calloc(t->nslots, sizeof(*t->v));
		if (!t->v)
			die("out of memory");
		for (i = 0; i < on; i++)
			if (old[i].count) {
				uint32_t k = (old[i].a * 2654435761u ^ old[i].b * 40503u) & (t->nslots - 1);
				while (t->v[k].count)
					k = (k + 1) & (t->nslots - 1);
				t->v[k] = old[i];
			}
		free(old);
	}
	h = (a * 2654435761u ^ b * 40503u) & (t->nslots - 1);
	while (t->v[h].count) {
		if (t->v[h].a == a && t->v[h].b == b) {
			t->v[h].count++;
			return;
		}
		h = (h + 1) & (t->nslots - 1);
	}
	t->v[h].a = a;
	t->v[h].b = b;
	t->v[h].count = 1;
	t->n++;
}

/* English words that mark an untranslated sentence in help texts. */
static int english(const char *w)
{
	static const char *const en[] = { "the", "is", "to", "of", "and", "you", "this",
		"with", "that", "are", "be", "on", "it", "click", "page", "help", "select", NULL };
	size_t i;
	for (i = 0; en[i]; i++)
		if (strcmp(w, en[i]) == 0)
			return 1;
	return 0;
}

#define MAXSENT 256

static void sentence(struct tab *t, struct bitab *bt, char (*w)[AK_LEX_MAXWORD + 8],
                     size_t nw, size_t *kept, uint32_t weight)
{
	size_t i, known = 0, eng = 0;
	uint32_t prev = 0;
	struct ent *start;
	if (nw < 3)
		return;
	lookup(t, AK_REPAIR_NUM, strlen(AK_REPAIR_NUM), 1);
	for (i = 0; i < nw; i++) {
		struct ent *e = lookup(t, w[i], strlen(w[i]), 0);
		if (e && ((e->flags & (AK_LEXF_WORD | AK_LEXF_DOMAIN | AK_LEXF_NAME)) ||
		          strcmp(w[i], AK_REPAIR_NUM) == 0))
			known++;
		eng += (size_t)english(w[i]);
	}
	if (known * 10 < nw * 8 || eng * 10 > nw)
		return;
	(*kept)++;
	/* the sentence start is a word of its own for the bigrams; its count
	 * stays out of the running-text total */
	start = lookup(t, AK_REPAIR_SENT, strlen(AK_REPAIR_SENT), 1);
	start->count += weight;
	prev = (uint32_t)(start - t->v) + 1;
	for (i = 0; i < nw; i++) {
		struct ent *e = lookup(t, w[i], strlen(w[i]), 0);
		uint32_t id = e ? (uint32_t)(e - t->v) + 1 : 0;
		if (e) {
			e->count += weight;
			if (w[i][0] != '<') /* not the pseudo-words */
				e->flags |= AK_LEXF_TEXT;
		}
		if (prev && id) {
			uint32_t r;
			for (r = 0; r < weight; r++)
				bi_add(bt, prev - 1, id - 1);
		}
		prev = id;
	}
}

/* HTML character references for letters: &ouml; &Aring; &#246; &#xF6; */
static uint32_t entity(const char *s, size_t n)
{
	static const struct { const char *name; uint32_t cp; } tab[] = {
		{ "aring", 0xE5 }, { "auml", 0xE4 }, { "ouml", 0xF6 }, { "Aring", 0xC5 },
		{ "Auml", 0xC4 }, { "Ouml", 0xD6 }, { "eacute", 0xE9 }, { "Eacute", 0xC9 },
		{ "uuml", 0xFC }, { "Uuml", 0xDC }, { "egrave", 0xE8 }, { "aacute", 0xE1 },
		{ "oslash", 0xF8 }, { "aelig", 0xE6 }, { NULL, 0 }
	};
	size_t i;
	uint32_t v = 0;
	if (n >= 2 && s[0] == '#') {
		int hex = s[1] == 'x' || s[1] == 'X';
		for (i = hex ? 2 : 1; i < n; i++) {
			int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
			        hex && (s[i] | 32) >= 'a' && (s[i] | 32) <= 'f' ? (s[i] | 32) - 'a' + 10 : -1;
			if (d < 0 || v > 0x10FFFF)
				return 0;
			v = v * (hex ? 16u : 10u) + (uint32_t)d;
		}
		return v;
	}
	for (i = 0; tab[i].name; i++)
		if (strlen(tab[i].name) == n && memcmp(tab[i].name, s, n) == 0)
			return tab[i].cp;
	return 0;
}

static void add_text(struct tab *t, struct bitab *bt, const char *path, uint32_t weight)
{
	size_t n, i = 0, nw = 0, kept = 0;
	char *b = slurp(path, &n);
	static char words[MAXSENT][AK_LEX_MAXWORD + 8];
	char cur[AK_LEX_MAXWORD + 8];
	size_t cn = 0;
	int in_num = 0; /* inside a number: "24 018 032", "16-64" */

	while (i <= n) {
		size_t k = 1;
		uint32_t c = i < n ? ak_utf8_get(b + i, n - i, &k) : '\n';
		int end_sent = 0, is_letter = ak_cp_is_letter(c);

		if (c == '<') { /* a tag ends the sentence; skip it */
			while (i < n && b[i] != '>')
				i++;
			k = 1;
			end_sent = 1;
			is_letter = 0;
		} else if (c == '&') { /* entity: a letter, else a word break */
			size_t j = i;
			while (j < n && j - i < 10 && b[j] != ';' && b[j] != ' ')
				j++;
			is_letter = 0;
			if (j < n && b[j] == ';') {
				uint32_t e = entity(b + i + 1, j - i - 1);
				k = j - i + 1;
				if (e && ak_cp_is_letter(e)) {
					c = e;
					is_letter = 1;
				}
			}
		}
		if (is_letter) {
			char tmp[4];
			in_num = 0;
			size_t m = ak_utf8_put(tmp, ak_cp_lower(c));
			if (cn + m < AK_LEX_MAXWORD) {
				memcpy(cur + cn, tmp, m);
				cn += m;
			} else {
				cn = AK_LEX_MAXWORD + 1; /* too long: drop */
			}
		} else {
			if (cn && cn <= AK_LEX_MAXWORD) {
				if (nw < MAXSENT) {
					memcpy(words[nw], cur, cn);
					words[nw][cn] = '\0';
					nw++;
				}
			} else if (cn) {
				end_sent = 1;
			}
			cn = 0;
			if (c >= '0' && c <= '9') {
				/* a number is one word, <num>, in the bigrams ("2024 år") */
				if (!in_num && nw < MAXSENT) {
					memcpy(words[nw], AK_REPAIR_NUM, sizeof(AK_REPAIR_NUM));
					nw++;
				}
				in_num = 1;
			} else if (c != ' ' && c != ',' && c != '-' && c != 0x2013) {
				in_num = 0;
			}
			if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' ||
			    c == '(' || c == ')' || c == '"')
				end_sent = 1;
		}
		if (end_sent && nw) {
			sentence(t, bt, words, nw, &kept, weight);
			nw = 0;
		}
		i += k;
	}
	fprintf(stderr, "mkdict: %s: %zu sentences kept\n", path, kept);
	free(b);
}

/* ---------------------------------------------------------- code pages */

static void codepage(uint32_t out[128], const char *name)
{
	iconv_t cd = iconv_open("UTF-32LE", name);
	int i;
	if (cd == (iconv_t)-1)
		die("iconv_open failed");
	for (i = 0; i < 128; i++) {
		char in = (char)(0x80 + i), *ip = &in;
		unsigned char ob[8];
		char *op = (char *)ob;
		size_t il = 1, ol = sizeof(ob);
		iconv(cd, NULL, NULL, NULL, NULL);
		out[i] = 0;
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == sizeof(ob) - 4)
			out[i] = (uint32_t)ob[0] | (uint32_t)ob[1] << 8 | (uint32_t)ob[2] << 16 |
			         (uint32_t)ob[3] << 24;
	}
	iconv_close(cd);
}

/* ---------------------------------------------------------- output */

static void w32(FILE *f, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
		(unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	fwrite(b, 1, 4, f);
}

/* A key under its folded form (the fold table). */
struct fent {
	char *f;
	size_t flen, nocc;
	uint64_t marks;
	uint32_t slot, count, flags;
};

static int cmp_fent(const void *a, const void *b)
{
	const struct fent *x = a, *y = b;
	int c = strcmp(x->f, y->f);
	return c ? c : (x->slot > y->slot) - (x->slot < y->slot);
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->w, ((const struct ent *)b)->w);
}

int main(int argc, char **argv)
{
	struct tab t = { 0 };
	struct bitab bt = { 0 };
	const char *out = NULL, *conf = NULL;
	char *conftext = NULL;
	size_t conflen = 0, i, pool = 0;
	uint32_t nslots = 1, nbs = 1, total = 0, nbig = 0, *remap, cps[AK_CP__COUNT][128];
	uint32_t *slots, *bloom, nbloom = 1, *slotof;
	uint32_t nfslots = 1, nfbloom = 1, ngroups = 0, *fbloom;
	struct ak_fold_key *fkeys;
	struct fent *fe;
	struct { uint32_t tag, first; } *fslots;
	struct bigram *bis;
	FILE *f;
	int a;
	static const char *const cpname[AK_CP__COUNT] = { "CP1252", "CP850", "CP437", "MACINTOSH" };

	/* Word lists first (flags), then text (counts need the lexicon). */
	for (a = 1; a < argc; a++) {
		const char *o = argv[a], *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (!v)
			die("option needs a value");
		a++;
		if (!strcmp(o, "-o")) out = v;
		else if (!strcmp(o, "--words")) add_words(&t, v, AK_LEXF_WORD, 0);
		else if (!strcmp(o, "--latin1-words")) add_words(&t, v, AK_LEXF_WORD, 1);
		else if (!strcmp(o, "--begin")) add_words(&t, v, AK_LEXF_CBEGIN, 0);
		else if (!strcmp(o, "--mid")) add_words(&t, v, AK_LEXF_CMID, 0);
		else if (!strcmp(o, "--end")) add_words(&t, v, AK_LEXF_CEND, 0);
		else if (!strcmp(o, "--domain")) add_words(&t, v, AK_LEXF_DOMAIN | AK_LEXF_WORD | AK_LEXF_CEND, 0);
		else if (!strcmp(o, "--names")) add_words(&t, v, AK_LEXF_NAME | AK_LEXF_WORD, 0);
		else if (!strcmp(o, "--conf")) conf = v;
		else if (!strcmp(o, "--text") || !strcmp(o, "--weight")) continue;
		else die("unknown option");
	}
	{
		uint32_t weight = 1;
		for (a = 1; a + 1 < argc; a += 2) {
			if (!strcmp(argv[a], "--weight")) {
				weight = (uint32_t)strtoul(argv[a + 1], NULL, 10);
				if (weight < 1 || weight > 16)
					die("--weight takes 1..16");
			} else if (!strcmp(argv[a], "--text")) {
				add_text(&t, &bt, argv[a + 1], weight);
			}
		}
	}
	if (!out)
		die("no -o OUT");
	if (conf)
		conftext = slurp(conf, &conflen);

	/* Deterministic layout: sort, then insert in order. */
	qsort(t.v, t.n, sizeof(*t.v), cmp_ent);
	/* bigram ids refer to the unsorted order: map old -> new via lookup */
	remap = calloc(t.n ? t.n : 1, sizeof(*remap));
	while (nslots < t.n * 2 + 16)
		nslots <<= 1;
	slots = calloc(nslots, sizeof(*slots));
	slotof = calloc(t.n ? t.n : 1, sizeof(*slotof));
	if (!remap || !slots || !slotof)
		die("out of memory");
	/* key filter: about 10 bits per key (1 MB for 840 k forms) */
	while ((size_t)nbloom * 512 < t.n * 8)
		nbloom <<= 1;
	bloom = calloc((size_t)nbloom * 16, sizeof(*bloom));
	if (!bloom)
		die("out of memory");
	for (i = 0; i < t.n; i++) {
		uint64_t kh = ak_lex_key_hash(t.v[i].w, strlen(t.v[i].w));
		uint32_t h = (uint32_t)kh & (nslots - 1);
		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = (uint32_t)i + 1;
		slotof[i] = h;
		t.v[i].flags |= AK_LEX_TAG(kh);
		ak_lex_bloom_add(bloom, nbloom, kh);
		if (strcmp(t.v[i].w, AK_REPAIR_SENT) != 0 && strcmp(t.v[i].w, AK_REPAIR_NUM) != 0)
			total += t.v[i].count;
	}
	/* remap: insertion index (bigram ids) -> slot id in the output */
	for (i = 0; i < nslots; i++)
		if (slots[i])
			remap[t.v[slots[i] - 1].orig] = (uint32_t)i;
	for (i = 0; i < t.n; i++)
		pool += strlen(t.v[i].w) + 1;
	pool = (pool + 4) & ~(size_t)3;

	/* Fold table: keys grouped by their folded form, in folded order;
	 * each group one slot (tag = top of the folded key's hash). */
	fe = calloc(t.n ? t.n : 1, sizeof(*fe));
	fkeys = calloc(t.n ? t.n : 1, sizeof(*fkeys));
	if (!fe || !fkeys)
		die("out of memory");
	for (i = 0; i < t.n; i++) {
		size_t n = strlen(t.v[i].w);
		if (!(fe[i].f = malloc(n + 1)))
			die("out of memory");
		fe[i].flen = ak_lex_fold_marks(fe[i].f, t.v[i].w, n, &fe[i].marks, &fe[i].nocc);
		fe[i].slot = slotof[i];
		fe[i].count = t.v[i].count;
		fe[i].flags = t.v[i].flags & AK_LEX_FLAGMASK;
	}
	qsort(fe, t.n, sizeof(*fe), cmp_fent);
	for (i = 0; i < t.n; i++)
		ngroups += i == 0 || strcmp(fe[i].f, fe[i - 1].f) != 0;
	while (nfslots < ngroups * 2 + 16)
		nfslots <<= 1;
	while ((size_t)nfbloom * 512 < (size_t)ngroups * 8)
		nfbloom <<= 1;
	fslots = calloc(nfslots, sizeof(*fslots));
	fbloom = calloc((size_t)nfbloom * 16, sizeof(*fbloom));
	if (!fslots || !fbloom)
		die("out of memory");
	for (i = 0; i < t.n; i++) {
		fkeys[i].id = fe[i].slot;
		fkeys[i].marks = (uint32_t)fe[i].marks; /* the first 16 letters */
		fkeys[i].count = fe[i].count;
		fkeys[i].flags = fe[i].flags | (uint32_t)fe[i].flen << 16 |
		                 (fe[i].nocc > AK_FOLD_MAXOCC ? AK_FOLD_LONG : 0);
		if (i + 1 == t.n || strcmp(fe[i].f, fe[i + 1].f) != 0)
			fkeys[i].flags |= AK_FOLD_LAST;
		if (i == 0 || strcmp(fe[i].f, fe[i - 1].f) != 0) {
			uint64_t kh = ak_lex_key_hash(fe[i].f, strlen(fe[i].f));
			uint32_t h = (uint32_t)kh & (nfslots - 1);
			while (fslots[h].first)
				h = (h + 1) & (nfslots - 1);
			fslots[h].tag = (uint32_t)(kh >> 32);
			fslots[h].first = (uint32_t)i + 1;
			ak_lex_bloom_add(fbloom, nfbloom, kh);
		}
	}

	f = fopen(out, "wb");
	if (!f)
		die("cannot write output");
	/* bigrams: count >= 2 only */
	for (i = 0; i < bt.nslots; i++)
		if (bt.v[i].count >= 2)
			nbig++;
	while (nbs < nbig * 2 + 16)
		nbs <<= 1;
	bis = calloc(nbs, sizeof(*bis));
	if (!bis)
		die("out of memory");
	fwrite(AK_LEX_MAGIC, 1, 8, f);
	w32(f, nslots);
	w32(f, (uint32_t)t.n);
	w32(f, (uint32_t)pool);
	w32(f, nbs);
	w32(f, nbig);
	w32(f, total);
	w32(f, (uint32_t)conflen);
	w32(f, nbloom);
	w32(f, nfslots);
	w32(f, (uint32_t)t.n);
	w32(f, nfbloom);
	{
		size_t off = 0;
		uint32_t *stroff = calloc(t.n ? t.n : 1, sizeof(*stroff));
		if (!stroff)
			die("out of memory");
		for (i = 0; i < t.n; i++) {
			stroff[i] = (uint32_t)off + 1;
			off += strlen(t.v[i].w) + 1;
		}
		for (i = 0; i < nslots; i++) {
			if (slots[i]) {
				struct ent *e = &t.v[slots[i] - 1];
				w32(f, stroff[slots[i] - 1]);
				w32(f, e->count);
				w32(f, e->flags);
			} else {
				w32(f, 0);
				w32(f, 0);
				w32(f, 0);
			}
		}
		for (i = 0; i < t.n; i++)
			fwrite(t.v[i].w, 1, strlen(t.v[i].w) + 1, f);
		for (; off < pool; off++)
			fputc(0, f);
		free(stroff);
	}
	/* Bigram ids were taken before sorting: translate them to slot ids. */
	for (i = 0; i < bt.nslots; i++) {
		struct bigram *g = &bt.v[i];
		uint32_t h, ia, ib;
		if (g->count < 2)
			continue;
		ia = remap[g->a];
		ib = remap[g->b];
		h = (ia * 2654435761u ^ ib * 40503u) & (nbs - 1);
		while (bis[h].count)
			h = (h + 1) & (nbs - 1);
		bis[h].a = ia + 1;
		bis[h].b = ib;
		bis[h].count = g->count;
	}
	for (i = 0; i < nbs; i++) {
		w32(f, bis[i].a);
		w32(f, bis[i].b);
		w32(f, bis[i].count);
	}
	if (conflen)
		fwrite(conftext, 1, conflen, f);
	for (i = conflen; i % 4; i++)
		fputc(0, f);
	for (a = 0; a < AK_CP__COUNT; a++) {
		codepage(cps[a], cpname[a]);
		for (i = 0; i < 128; i++)
			w32(f, cps[a][i]);
	}
	/* the filter starts on a cache line of the file (and of the buffer
	 * it is read into) */
	for (i = (size_t)ftell(f); i % 64; i++)
		fputc(0, f);
	for (i = 0; i < (size_t)nbloom * 16; i++)
		w32(f, bloom[i]);
	for (i = 0; i < (size_t)nfbloom * 16; i++)
		w32(f, fbloom[i]);
	for (i = 0; i < nfslots; i++) {
		w32(f, fslots[i].tag);
		w32(f, fslots[i].first);
	}
	for (i = 0; i < t.n; i++) {
		w32(f, fkeys[i].id);
		w32(f, fkeys[i].marks);
		w32(f, fkeys[i].count);
		w32(f, fkeys[i].flags);
	}
	if (fclose(f) != 0)
		die("write failed");
	fprintf(stderr, "mkdict: %zu forms (%u folded), running-text total %u, %u bigrams, "
	        "key filter %u KiB -> %s\n", t.n, ngroups, total, nbig, nbloom / 16, out);
	return 0;
}
