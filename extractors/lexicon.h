/*
 * lexicon.h - the repair model's word tables: Swedish word forms with
 * compound flags, unigram and bigram counts, the OCR confusion table and
 * the legacy code-page tables, all in one binary file built by dicts/mkdict
 * (see dicts/README.md) and loaded with a single read.
 *
 * Keys are lower-case UTF-8 (ak_lex_lower).  Ids are slot numbers, stable
 * for one loaded file only.  A loaded lexicon is read-only and may be
 * shared by any number of threads.
 */
#ifndef AK_LEXICON_H
#define AK_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#define AK_LEX_MAGIC "AKREPR04"
#define AK_LEX_NONE UINT32_MAX
#define AK_LEX_MAXWORD 64 /* bytes; longer tokens are never looked up */

/* Word flags (bit set per form). */
enum {
	AK_LEXF_WORD = 1 << 0,   /* a form that stands alone */
	AK_LEXF_CBEGIN = 1 << 1, /* may begin a compound (incl. linking -s) */
	AK_LEXF_CEND = 1 << 2,   /* may end a compound */
	AK_LEXF_CMID = 1 << 3,   /* may stand in the middle of a compound */
	AK_LEXF_DOMAIN = 1 << 4, /* curated domain list (dicts/domain.txt) */
	AK_LEXF_NAME = 1 << 5,   /* curated proper name (place, person) */
	AK_LEXF_TEXT = 1 << 6    /* seen in the running-text counts */
};

/* Code pages whose upper halves the model carries (derived with iconv when
 * the model is built): index into ak_lex_codepage(). */
enum ak_cp { AK_CP_1252 = 0, AK_CP_850, AK_CP_437, AK_CP_MAC, AK_CP__COUNT };

/* On-disk header; all integers little-endian uint32. */
struct ak_lex_header {
	char magic[8];
	uint32_t nslots;      /* word hash slots, power of two */
	uint32_t nwords;      /* forms stored */
	uint32_t pool_bytes;  /* string pool */
	uint32_t nbislots;    /* bigram hash slots, power of two */
	uint32_t nbigrams;
	uint32_t total;       /* sum of unigram counts */
	uint32_t conf_bytes;  /* confusion table text (TSV) */
	uint32_t nbloom;      /* key filter: 64-byte blocks, power of two */
	uint32_t nfslots;     /* fold table slots, power of two */
	uint32_t nfids;       /* keys in the fold table's groups */
	uint32_t nfbloom;     /* fold key filter: 64-byte blocks, power of two */
};

/* A word slot's third field: AK_LEXF_* in the low byte, the top 24 bits of
 * the key's hash above it, so a probe compares strings only when the hash
 * agrees.  The key filter is a blocked Bloom filter over every key (one
 * cache line per query): most lookups of readings that are not words end
 * there, without touching the 25 MB table. */
#define AK_LEX_FLAGMASK 0xFFu
#define AK_LEX_TAG(h) ((uint32_t)((h) >> 40) << 8)
#define AK_LEX_BLOOM_K 6

struct ak_lex;

/* Load the model file at `path` (one read).  *out owned by the caller:
 * ak_lex_free.  Returns 0, AK_EIO or AK_EFORMAT. */
int ak_lex_load(struct ak_lex **out, const char *path);
/* Same, from memory the caller keeps alive (tests, fuzzing). */
int ak_lex_from_memory(struct ak_lex **out, const void *buf, size_t n);
void ak_lex_free(struct ak_lex **lex);

/* Id of the lower-case form w[0..n), or AK_LEX_NONE.  *flags may be NULL. */
uint32_t ak_lex_find(const struct ak_lex *lex, const char *w, size_t n,
                     unsigned *flags);
uint32_t ak_lex_count(const struct ak_lex *lex, uint32_t id);
uint32_t ak_lex_total(const struct ak_lex *lex);
void ak_lex_flags(const struct ak_lex *lex, uint32_t id, unsigned *flags);
uint32_t ak_lex_bigram(const struct ak_lex *lex, uint32_t id1, uint32_t id2);
/* Whether w is a compound of lexicon parts (each 3+ letters), best kind
 * first: AK_COMP_FLAGGED (two parts, the first flagged as a compound begin
 * by hunspell-sv), AK_COMP_LOOSE (two parts, the first any word or word+s),
 * AK_COMP_THREE (three parts); AK_COMP_NONE (0) if not.  *head (may be
 * NULL) gets the id of the last part of the best split. */
enum { AK_COMP_NONE = 0, AK_COMP_FLAGGED, AK_COMP_LOOSE, AK_COMP_THREE };
int ak_lex_compound(const struct ak_lex *lex, const char *w, size_t n, uint32_t *head);
/* The same splitting over any part lookup: find(ctx, i, j, &flags, &count)
 * gives the id of the key w[i..j) with its flags and count, or
 * AK_LEX_NONE (the repair search looks parts up in its fold table). */
struct ak_lex_parts {
	uint32_t (*find)(void *ctx, size_t i, size_t j, unsigned *flags, uint32_t *count);
	void *ctx;
};
int ak_lex_compound_parts(const char *w, size_t n, const struct ak_lex_parts *P,
                          uint32_t *head);

/* Caller-owned memo of recent lookups (by 64-bit key hash and length,
 * direct-mapped), for the many overlapping lookups of a document's words,
 * their readings and their parts.  The caller gives it n slots (a power of
 * two, sized to the document) with ak_lex_cache_init, which empties them;
 * ak_lex_cache_reset empties them again. */
#define AK_LEX_CACHE 8192 /* slots a long document needs at most */
struct ak_lex_cache_slot {
	uint64_t hash;
	uint32_t id;
	uint16_t len;   /* 0 = empty */
	uint16_t flags;
};
struct ak_lex_cache {
	struct ak_lex_cache_slot *v;
	uint32_t mask;
};
void ak_lex_cache_init(struct ak_lex_cache *c, struct ak_lex_cache_slot *v, uint32_t n);
void ak_lex_cache_reset(struct ak_lex_cache *c);
uint32_t ak_lex_find_cached(const struct ak_lex *lex, struct ak_lex_cache *c,
                            const char *w, size_t n, unsigned *flags);
/* Same with h = ak_lex_key_hash(w, n) already known. */
uint32_t ak_lex_find_cached_h(const struct ak_lex *lex, struct ak_lex_cache *c,
                              const char *w, size_t n, uint64_t h, unsigned *flags);
/* Start loading the key filter's line for hash h: a caller about to look up
 * many keys prefetches them all first, so their memory latencies overlap. */
void ak_lex_prefetch(const struct ak_lex *lex, uint64_t h);
int ak_lex_compound_cached(const struct ak_lex *lex, struct ak_lex_cache *c,
                           const char *w, size_t n, uint32_t *head);
/* The fold table: every key under its folded form (å, ä -> a; ö -> o, see
 * ak_lex_fold_marks), so the keys that a print with its marks lost could stand
 * for are one lookup away ("for" -> for, för; "sodertorn" -> södertörn).
 * A key there carries what the search needs without touching the word
 * table: which of the a/o letters of its folded form have marks (2 bits
 * each, the first letter lowest: 0 none, 1 ä, 2 å, 3 ö), its count and its
 * flags. */
#define AK_FOLD_MAXOCC 16      /* a/o letters whose marks a key records */
#define AK_FOLD_LONG 0x100u    /* more a/o letters than that: compare the key */
#define AK_FOLD_LAST 0x200u    /* the last key of its group */
#define AK_FOLD_LEN(fl) ((fl) >> 16) /* length of the folded form */
struct ak_fold_key {
	uint32_t id;
	uint32_t marks;
	uint32_t count;
	uint32_t flags; /* AK_LEXF_* | AK_FOLD_* | folded length << 16 */
};
/* The keys whose folded form is f[0..n), h = ak_lex_key_hash(f, n): the
 * first of the group (*nk of them), or NULL.  A group is found by its hash
 * (32 bits of it in the slot, the slot's position, the folded length); the
 * strings are not compared. */
const struct ak_fold_key *ak_lex_fold_group(const struct ak_lex *lex, const char *f, size_t n,
                                            uint64_t h, size_t *nk);
/* Start loading the fold table filter's line for h (see ak_lex_prefetch). */
void ak_lex_fold_prefetch(const struct ak_lex *lex, uint64_t h);
/* Fold lower-case UTF-8 w[0..n) into dst (n + 1 bytes; NUL-terminated),
 * recording the marks of its a/o letters (as in ak_fold_key, the first 32
 * of them; marks may be NULL) into *marks and their number into *nocc (may
 * be NULL); returns the folded length. */
size_t ak_lex_fold_marks(char *dst, const char *w, size_t n, uint64_t *marks, size_t *nocc);
/* The key of id (NUL-terminated) and its length, or NULL. */
const char *ak_lex_key(const struct ak_lex *lex, uint32_t id, size_t *len);
/* Confusion table text ("from<TAB>to<TAB>count<TAB>kind" lines). */
const char *ak_lex_confusions(const struct ak_lex *lex, size_t *len);
/* Code point of byte 0x80+i in code page cp (0 = unmapped). */
const uint32_t *ak_lex_codepage(const struct ak_lex *lex, enum ak_cp cp);

/* ---- helpers shared with dicts/mkdict.c ---- */
/* General-purpose 32-bit string hash (in-memory tables). */
uint32_t ak_lex_hash(const char *w, size_t n);
/* The model's key hash: 64-bit FNV-1a over the bytes from the last to the
 * first, mixed with the length.  Running from the end makes the hashes of
 * all suffixes of a word one pass (ak_lex_suffix_hashes), which compound
 * splitting needs. */
uint64_t ak_lex_key_hash(const char *w, size_t n);
/* hs[i] = ak_lex_key_hash(w + i, n - i) for 0 <= i < n; hs[n] unused. */
void ak_lex_suffix_hashes(uint64_t *hs, const char *w, size_t n);
/* Lookup with the key hash already known (h = ak_lex_key_hash(w, n)). */
uint32_t ak_lex_find_h(const struct ak_lex *lex, const char *w, size_t n, uint64_t h,
                       unsigned *flags);
/* Whether the key filter may hold h (no false negatives). */
int ak_lex_bloom_has(const uint32_t *bloom, uint32_t nblocks, uint64_t h);
void ak_lex_bloom_add(uint32_t *bloom, uint32_t nblocks, uint64_t h);
/* Lower-case UTF-8 (ASCII and Latin-1/Latin Extended-A letters) into dst;
 * returns bytes written or 0 if it does not fit.  dst is NUL-terminated. */
size_t ak_lex_lower(char *dst, size_t cap, const char *s, size_t n);
/* Decode one UTF-8 code point at s (n bytes left); *len gets its length
 * (1 for an invalid byte, which yields 0xFFFFFFFF). */
uint32_t ak_utf8_get(const char *s, size_t n, size_t *len);
/* Encode cp into dst (4 bytes room); returns its length. */
size_t ak_utf8_put(char *dst, uint32_t cp);
int ak_cp_is_letter(uint32_t cp);
uint32_t ak_cp_lower(uint32_t cp);
uint32_t ak_cp_upper(uint32_t cp);

#endif
