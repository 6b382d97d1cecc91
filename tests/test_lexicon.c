/*
 * test_lexicon.c - the repair model's lookup machinery (extractors/lexicon.c):
 * the key hash and its one-pass suffix hashes, the key filter (never a false
 * negative), lookups with a hand-built model image (hash tags, a damaged
 * string offset), and on the built model that every fast path (hash given,
 * memo, compound splitting with a memo) answers exactly as the plain lookup.
 * The built-model cases skip when dicts/repair.bin is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arkiv.h"
#include "lexicon.h"

static const char *const words[] = {
	"a", "år", "och", "förbundsreserv", "medelstilldelning", "halvårsbokslut",
	"processtöd", "kommunfullmäktige", "xqzvt", "fdrslag", "ÖSTRA", "östra",
	"budgetuppföljningen", "samordningsförbundet", "verksamhetsplanen",
	"arbetsmarknadsåtgärdernas", "ab", "abc", "abcdef", "sjösätta", "tillsätta",
	"0123456789012345678901234567890123456789012345678901234567890123", /* 64 bytes */
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void test_suffix_hashes(void **state)
{
	uint64_t hs[AK_LEX_MAXWORD + 1];
	size_t w, i;
	(void)state;
	for (w = 0; w < NWORDS; w++) {
		size_t n = strlen(words[w]);
		ak_lex_suffix_hashes(hs, words[w], n);
		for (i = 0; i < n; i++)
			if (hs[i] != ak_lex_key_hash(words[w] + i, n - i))
				fail_msg("suffix %zu of '%s'", i, words[w]);
	}
	/* the length is part of the hash: "a" and "a\0" differ */
	assert_true(ak_lex_key_hash("a", 1) != ak_lex_key_hash("a\0", 2));
}

/* Every key added is found; most others are not (about 1 % at 10 bits a
 * key; the bound is loose so the test checks the filter, not luck). */
static void test_filter(void **state)
{
	enum { NB = 64, NKEYS = 3000, NPROBE = 20000 };
	static uint32_t bloom[NB * 16];
	char buf[32];
	size_t i, fp = 0;
	(void)state;
	memset(bloom, 0, sizeof(bloom));
	for (i = 0; i < NKEYS; i++) {
		int m = snprintf(buf, sizeof(buf), "ord%zu", i);
		ak_lex_bloom_add(bloom, NB, ak_lex_key_hash(buf, (size_t)m));
	}
	for (i = 0; i < NKEYS; i++) {
		int m = snprintf(buf, sizeof(buf), "ord%zu", i);
		if (!ak_lex_bloom_has(bloom, NB, ak_lex_key_hash(buf, (size_t)m)))
			fail_msg("false negative for %s", buf);
	}
	for (i = 0; i < NPROBE; i++) {
		int m = snprintf(buf, sizeof(buf), "annat%zu", i);
		fp += (size_t)ak_lex_bloom_has(bloom, NB, ak_lex_key_hash(buf, (size_t)m));
	}
	if (fp * 20 > NPROBE) /* > 5 % */
		fail_msg("filter passes %zu of %d absent keys", fp, NPROBE);
}

/* A one-word model image written by hand in the file format of lexicon.h:
 * header, 1 slot, pool, 1 bigram slot, no confusions, code pages, key
 * filter, then the fold table: its filter, 1 slot, 1 id. */
struct image {
	uint32_t w[(52 + 12 + 8 + 12 + 4 * 128 * 4 + 64 + 64 + 64 + 8 + 16 + 64) / 4];
	size_t n;
};

static void make_image(struct image *im, const char *key, uint32_t str_off)
{
	unsigned char *b = (unsigned char *)im->w;
	char fold[16];
	uint64_t marks;
	size_t nocc, fn = ak_lex_fold_marks(fold, key, strlen(key), &marks, &nocc);
	uint64_t h = ak_lex_key_hash(key, strlen(key));
	uint64_t fh = ak_lex_key_hash(fold, fn);
	uint32_t *p;
	size_t off;
	memset(im, 0, sizeof(*im));
	memcpy(b, AK_LEX_MAGIC, 8);
	p = (uint32_t *)(b + 8);
	p[0] = 1;   /* nslots */
	p[1] = 1;   /* nwords */
	p[2] = 8;   /* pool bytes */
	p[3] = 1;   /* bigram slots */
	p[4] = 0;   /* bigrams */
	p[5] = 7;   /* total */
	p[6] = 0;   /* confusion bytes */
	p[7] = 1;   /* filter blocks */
	p[8] = 1;   /* fold slots */
	p[9] = 1;   /* fold ids */
	p[10] = 1;  /* fold filter blocks */
	p = (uint32_t *)(b + 52); /* the slot */
	p[0] = str_off;
	p[1] = 7;
	p[2] = AK_LEX_TAG(h) | AK_LEXF_WORD;
	memcpy(b + 64, key, strlen(key) + 1); /* pool, 8 bytes */
	off = 64 + 8 + 12 + 4 * 128 * 4;
	off = (off + 63) & ~(size_t)63;
	/* filters that let everything through */
	for (p = (uint32_t *)(b + off); p < (uint32_t *)(b + off + 128); p++)
		*p = 0xFFFFFFFFu;
	off += 128;
	p = (uint32_t *)(b + off); /* the fold slot, then its one key (slot 0, last) */
	p[0] = (uint32_t)(fh >> 32);
	p[1] = 1;
	p[2] = 0;
	p[3] = (uint32_t)marks;
	p[4] = 7;
	p[5] = AK_LEXF_WORD | AK_FOLD_LAST | (uint32_t)fn << 16;
	im->n = off + 24;
	assert_true(im->n <= sizeof(im->w));
}

/* The fold table finds a key by its spelling without å/ä/ö marks, and
 * says which letters carry them. */
static void test_image_fold(void **state)
{
	static struct image im;
	struct ak_lex *lx = NULL;
	const struct ak_fold_key *g;
	char f[16];
	uint64_t marks;
	size_t fn, nocc, nk;
	(void)state;
	make_image(&im, "f\xc3\xb6ra", 1); /* föra */
	assert_int_equal(ak_lex_from_memory(&lx, im.w, im.n), 0);
	fn = ak_lex_fold_marks(f, "f\xc3\xb6ra", 5, &marks, &nocc);
	assert_int_equal(fn, 4);
	assert_string_equal(f, "fora");
	assert_int_equal(nocc, 2);
	assert_int_equal(marks, 3); /* ö, then a plain a */
	g = ak_lex_fold_group(lx, "fora", 4, ak_lex_key_hash("fora", 4), &nk);
	assert_non_null(g);
	assert_int_equal(nk, 1);
	assert_int_equal(g[0].id, 0);
	assert_int_equal(g[0].marks, 3);
	assert_int_equal(g[0].count, 7);
	assert_int_equal(g[0].flags & AK_LEX_FLAGMASK, AK_LEXF_WORD);
	/* an unfolded query or another word: nothing */
	assert_null(ak_lex_fold_group(lx, "f\xc3\xb6ra", 5, ak_lex_key_hash("f\xc3\xb6ra", 5), &nk));
	assert_int_equal(nk, 0);
	assert_null(ak_lex_fold_group(lx, "fura", 4, ak_lex_key_hash("fura", 4), &nk));
	ak_lex_free(&lx);
	/* the fold table cut off: refused */
	make_image(&im, "ord", 1);
	assert_int_not_equal(ak_lex_from_memory(&lx, im.w, im.n - 4), 0);
	assert_null(lx);
}

static void test_image_lookups(void **state)
{
	static struct image im;
	struct ak_lex *lx = NULL;
	unsigned f = 99;
	(void)state;
	make_image(&im, "ord", 1);
	assert_int_equal(ak_lex_from_memory(&lx, im.w, im.n), 0);
	assert_int_equal(ak_lex_find(lx, "ord", 3, &f), 0);
	assert_int_equal(f, AK_LEXF_WORD); /* the tag is not a flag */
	assert_int_equal(ak_lex_count(lx, 0), 7);
	assert_int_equal(ak_lex_find(lx, "or", 2, &f), AK_LEX_NONE);
	assert_int_equal(f, 0);
	assert_int_equal(ak_lex_find(lx, "orden", 5, NULL), AK_LEX_NONE);
	ak_lex_free(&lx);
	assert_null(lx);
	/* a string offset past the pool: the word is simply not there */
	make_image(&im, "ord", 1000);
	assert_int_equal(ak_lex_from_memory(&lx, im.w, im.n), 0);
	assert_int_equal(ak_lex_find(lx, "ord", 3, NULL), AK_LEX_NONE);
	ak_lex_free(&lx);
	/* a string that would need bytes past the pool's end */
	make_image(&im, "ord", 7);
	assert_int_equal(ak_lex_from_memory(&lx, im.w, im.n), 0);
	assert_int_equal(ak_lex_find(lx, "ord", 3, NULL), AK_LEX_NONE);
	ak_lex_free(&lx);
	/* the filter cut off: refused */
	make_image(&im, "ord", 1);
	assert_int_not_equal(ak_lex_from_memory(&lx, im.w, im.n - 1), 0);
	assert_null(lx);
}

static struct ak_lex *model;

static int setup(void **state)
{
	char path[4096];
	const char *b = getenv("AK_BUILD_DIR");
	(void)state;
	snprintf(path, sizeof(path), "%s/dicts/repair.bin", b ? b : "build");
	if (ak_lex_load(&model, path) != 0)
		model = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ak_lex_free(&model);
	return 0;
}

#define NEED_MODEL()                                                          \
	do {                                                                  \
		if (!model && getenv("AK_BUILD_DIR"))                         \
			fail_msg("no model in $AK_BUILD_DIR/dicts/repair.bin"); \
		if (!model)                                                   \
			skip();                                               \
	} while (0)

/* The memo and the hash-given paths answer as the plain lookup, also after
 * enough other lookups to evict entries, and for every part of a word. */
static void test_fast_paths(void **state)
{
	static struct ak_lex_cache_slot slots[AK_LEX_CACHE];
	struct ak_lex_cache cache;
	size_t round, w, i, j;
	(void)state;
	NEED_MODEL();
	/* few slots, so entries are evicted and refilled */
	ak_lex_cache_init(&cache, slots, 64);
	for (round = 0; round < 3; round++) {
		for (w = 0; w < NWORDS; w++) {
			const char *s = words[(w * 7 + round) % NWORDS];
			size_t n = strlen(s);
			for (i = 0; i < n; i++) {
				for (j = i + 1; j <= n; j++) {
					unsigned f1, f2, f3;
					uint32_t a = ak_lex_find(model, s + i, j - i, &f1);
					uint32_t b = ak_lex_find_cached(model, &cache, s + i, j - i, &f2);
					uint32_t c = ak_lex_find_h(model, s + i, j - i,
					                           ak_lex_key_hash(s + i, j - i), &f3);
					if (a != b || a != c || f1 != f2 || f1 != f3)
						fail_msg("'%.*s': %u/%u/%u", (int)(j - i), s + i, a, b, c);
				}
			}
			{
				uint32_t h1, h2;
				int k1 = ak_lex_compound(model, s, n, &h1);
				int k2 = ak_lex_compound_cached(model, &cache, s, n, &h2);
				if (k1 != k2 || h1 != h2)
					fail_msg("compound '%s': %d/%d", s, k1, k2);
			}
		}
		if (round == 1)
			ak_lex_cache_reset(&cache);
	}
	/* known answers through the filter and the tags */
	assert_int_not_equal(ak_lex_find(model, "och", 3, NULL), AK_LEX_NONE);
	assert_int_not_equal(ak_lex_find(model, "kommunfullmäktige", 18, NULL), AK_LEX_NONE);
	assert_int_equal(ak_lex_find(model, "xqzvt", 5, NULL), AK_LEX_NONE);
	assert_int_equal(ak_lex_compound(model, "förbundsreserv", 15, NULL) != AK_COMP_NONE, 1);
}

/* On the built model every key is found under its folded form, with its
 * marks, count and flags as the word table has them: the fold table has no
 * false negatives. */
static void test_fold_model(void **state)
{
	size_t w, found = 0;
	(void)state;
	NEED_MODEL();
	for (w = 0; w < NWORDS; w++) {
		char low[AK_LEX_MAXWORD + 8], f[AK_LEX_MAXWORD + 8];
		const struct ak_fold_key *g;
		uint32_t id;
		uint64_t marks;
		unsigned fl;
		size_t n = ak_lex_lower(low, sizeof(low), words[w], strlen(words[w])), fn, nk, i, nocc;
		if (!n || (id = ak_lex_find(model, low, n, &fl)) == AK_LEX_NONE)
			continue;
		found++;
		fn = ak_lex_fold_marks(f, low, n, &marks, &nocc);
		g = ak_lex_fold_group(model, f, fn, ak_lex_key_hash(f, fn), &nk);
		for (i = 0; i < nk && g[i].id != id; i++)
			;
		if (i == nk)
			fail_msg("'%s' not under its folded form '%s'", low, f);
		assert_int_equal(g[i].marks, (uint32_t)marks);
		assert_int_equal(g[i].count, ak_lex_count(model, id));
		assert_int_equal(g[i].flags & AK_LEX_FLAGMASK, fl);
	}
	assert_true(found >= 10);
}

/* Compound splitting over a part lookup of one's own (a toy dictionary):
 * each kind of split, the head with the highest count, no split. */
static const struct toy { const char *w; unsigned flags; uint32_t count; } toy[] = {
	{ "kommun", AK_LEXF_CBEGIN, 5 },  { "fullm\xc3\xa4ktige", AK_LEXF_WORD, 9 },
	{ "hus", AK_LEXF_WORD, 3 },       { "b\xc3\xa5t", AK_LEXF_WORD, 4 },
	{ "dag", AK_LEXF_WORD, 8 },       { "ljus", AK_LEXF_WORD, 6 },
	{ "process", AK_LEXF_CBEGIN, 2 }, { "st\xc3\xb6" "d", AK_LEXF_WORD, 7 },
	{ "sol", AK_LEXF_WORD, 1 },       { "vind", AK_LEXF_WORD, 1 },
	{ "vatten", AK_LEXF_WORD, 1 },    { "husb", AK_LEXF_CBEGIN, 1 },
	{ "\xc3\xa5t", AK_LEXF_CEND, 50 },
};

static uint32_t toy_find(void *ctx, size_t i, size_t j, unsigned *flags, uint32_t *count)
{
	const char *w = ctx;
	size_t k;
	for (k = 0; k < sizeof(toy) / sizeof(toy[0]); k++)
		if (strlen(toy[k].w) == j - i && memcmp(toy[k].w, w + i, j - i) == 0) {
			*flags = toy[k].flags;
			*count = toy[k].count;
			return (uint32_t)k;
		}
	*flags = 0;
	*count = 0;
	return AK_LEX_NONE;
}

static void test_compound_parts(void **state)
{
	static const struct { const char *w; int kind; const char *head; } cases[] = {
		{ "kommunfullm\xc3\xa4ktige", AK_COMP_FLAGGED, "fullm\xc3\xa4ktige" },
		{ "husb\xc3\xa5t", AK_COMP_LOOSE, "b\xc3\xa5t" }, /* "husb|åt": too short a head */
		{ "dagsljus", AK_COMP_LOOSE, "ljus" },                /* linking -s */
		{ "processt\xc3\xb6" "d", AK_COMP_FLAGGED, "st\xc3\xb6" "d" }, /* triple s written double */
		{ "solvindvatten", AK_COMP_THREE, "vatten" },
		{ "xyzxyzxyz", AK_COMP_NONE, NULL },
		{ "hus", AK_COMP_NONE, NULL }, /* too short to split */
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ak_lex_parts P;
		uint32_t head = 0;
		int kind;
		P.find = toy_find;
		P.ctx = (void *)cases[i].w;
		kind = ak_lex_compound_parts(cases[i].w, strlen(cases[i].w), &P, &head);
		if (kind != cases[i].kind)
			fail_msg("'%s': kind %d, want %d", cases[i].w, kind, cases[i].kind);
		if (cases[i].head)
			assert_string_equal(toy[head].w, cases[i].head);
		else
			assert_int_equal(head, AK_LEX_NONE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suffix_hashes),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_image_lookups),
		cmocka_unit_test(test_image_fold),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_fold_model),
		cmocka_unit_test(test_compound_parts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
