/*
 * lexicon.c - loading and querying the repair model (lexicon.h).
 *
 * Why separate from repair.c: the tables are data with their own format,
 * shared by the dictionary builder (dicts/mkdict.c) and the repair stage;
 * keeping hashing, lower-casing and the file layout in one unit makes the
 * builder and the reader agree by construction.
 *
 * Invariants: the whole file is mapped read-only at once (or borrowed from
 * the caller); every size in its header is checked against the file's size
 * at load time and every string offset where it is read, so lookups never
 * read outside it even for a damaged file.  Lookups that miss usually end
 * in the key filter (one cache line); hits compare a hash tag before the
 * string.  Lookups are read-only and
 * thread-safe.  Compound splitting is bounded (words of at most
 * AK_LEX_MAXWORD bytes, at most three parts).
 */
#define _DEFAULT_SOURCE 1 /* MAP_POPULATE (Linux) next to POSIX mmap */
#include "lexicon.h"
#include "arkiv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef MAP_POPULATE
#define AK_MAP_POPULATE MAP_POPULATE /* fault the pages in at load, not in the first documents */
#else
#define AK_MAP_POPULATE 0
#endif

struct slot {
	uint32_t str;   /* offset + 1 into the pool, 0 = empty */
	uint32_t count; /* running-text count */
	uint32_t flags; /* AK_LEXF_* | AK_LEX_TAG(key hash) */
};

/* A fold table slot: the top 32 bits of the folded key's hash and the
 * first key of its group in fkeys (+ 1; 0 = empty). */
struct fslot {
	uint32_t tag;
	uint32_t first;
};

struct bislot {
	uint32_t id1;   /* slot id + 1, 0 = empty */
	uint32_t id2;
	uint32_t count;
};

struct ak_lex {
	void *map;          /* the file mapped read-only, or NULL when borrowed */
	size_t map_len;
	struct ak_lex_header h;
	const struct slot *slots;
	const char *pool;
	const struct bislot *bis;
	const char *conf;
	const uint32_t *bloom; /* nbloom blocks of 16 words */
	const uint32_t *fbloom; /* nfbloom blocks: the fold table's key filter */
	const struct fslot *fslots;
	const struct ak_fold_key *fkeys; /* groups; a group's last has AK_FOLD_LAST */
	uint32_t cp[AK_CP__COUNT][128];
};

uint32_t ak_lex_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)w[i];
		h *= 16777619u;
	}
	return h ^ (h >> 15);
}

uint64_t ak_lex_key_hash(const char *w, size_t n)
{
	uint64_t h = 14695981039346656037u;
	size_t i = n;
	while (i > 0) {
		h ^= (unsigned char)w[--i];
		h *= 1099511628211u;
	}
	h ^= n;
	/* murmur3's 64-bit finaliser: every output bit depends on every byte */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 33);
}

void ak_lex_suffix_hashes(uint64_t *hs, const char *w, size_t n)
{
	uint64_t h = 14695981039346656037u, x;
	size_t i = n;
	while (i > 0) {
		h ^= (unsigned char)w[--i];
		h *= 1099511628211u;
		x = h ^ (n - i);
		x ^= x >> 33;
		x *= 0xff51afd7ed558ccdu;
		x ^= x >> 33;
		x *= 0xc4ceb9fe1a85ec53u;
		hs[i] = x ^ (x >> 33);
	}
}

/* Blocked Bloom filter: the block from bits 24.., AK_LEX_BLOOM_K bit
 * positions inside its 512 bits from a second mix of the hash. */
static uint64_t bloom_bits(uint64_t h)
{
	return (h ^ (h >> 29)) * 0x9e3779b97f4a7c15u;
}

int ak_lex_bloom_has(const uint32_t *bloom, uint32_t nblocks, uint64_t h)
{
	const uint32_t *b = bloom + (size_t)((h >> 24) & (nblocks - 1)) * 16;
	uint64_t x = bloom_bits(h) >> 10;
	int k;
	for (k = 0; k < AK_LEX_BLOOM_K; k++, x >>= 9) {
		unsigned pos = (unsigned)(x & 511u);
		if (!(b[pos >> 5] >> (pos & 31u) & 1u))
			return 0;
	}
	return 1;
}

void ak_lex_bloom_add(uint32_t *bloom, uint32_t nblocks, uint64_t h)
{
	uint32_t *b = bloom + (size_t)((h >> 24) & (nblocks - 1)) * 16;
	uint64_t x = bloom_bits(h) >> 10;
	int k;
	for (k = 0; k < AK_LEX_BLOOM_K; k++, x >>= 9) {
		unsigned pos = (unsigned)(x & 511u);
		b[pos >> 5] |= 1u << (pos & 31u);
	}
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int is_pow2(uint32_t v) { return v && !(v & (v - 1)); }

static int parse(struct ak_lex *lx, const unsigned char *b, size_t n)
{
	size_t off = sizeof(struct ak_lex_header), need;
	uint32_t i, k;

	if (n < off || memcmp(b, AK_LEX_MAGIC, 8) != 0)
		return AK_EFORMAT;
	memcpy(lx->h.magic, b, 8);
	lx->h.nslots = rd32(b + 8);
	lx->h.nwords = rd32(b + 12);
	lx->h.pool_bytes = rd32(b + 16);
	lx->h.nbislots = rd32(b + 20);
	lx->h.nbigrams = rd32(b + 24);
	lx->h.total = rd32(b + 28);
	lx->h.conf_bytes = rd32(b + 32);
	lx->h.nbloom = rd32(b + 36);
	lx->h.nfslots = rd32(b + 40);
	lx->h.nfids = rd32(b + 44);
	lx->h.nfbloom = rd32(b + 48);
	if (!is_pow2(lx->h.nslots) || !is_pow2(lx->h.nbislots) || !is_pow2(lx->h.nbloom) ||
	    !is_pow2(lx->h.nfslots) || !is_pow2(lx->h.nfbloom) ||
	    lx->h.nslots > (1u << 26) || lx->h.nbislots > (1u << 26) ||
	    lx->h.nfslots > (1u << 26) || lx->h.nfids > (1u << 26) ||
	    lx->h.nbloom > (1u << 22) || lx->h.nfbloom > (1u << 22) || (lx->h.pool_bytes & 3u) ||
	    lx->h.pool_bytes > (1u << 30) || lx->h.conf_bytes > (1u << 20))
		return AK_EFORMAT;
	need = off + (size_t)lx->h.nslots * sizeof(struct slot) + lx->h.pool_bytes +
	       (size_t)lx->h.nbislots * sizeof(struct bislot) +
	       ((lx->h.conf_bytes + 3u) & ~3u) + AK_CP__COUNT * 128 * 4;
	need = ((need + 63u) & ~(size_t)63u) + (size_t)lx->h.nbloom * 64; /* filter: own lines */
	need += (size_t)lx->h.nfbloom * 64 + (size_t)lx->h.nfslots * sizeof(struct fslot) +
	        (size_t)lx->h.nfids * sizeof(struct ak_fold_key);
	if (n < need)
		return AK_EFORMAT;
	/* The file is written little-endian on a little-endian machine with
	 * these exact structs; checked by the magic and the sizes above. */
	lx->slots = (const struct slot *)(b + off);
	off += (size_t)lx->h.nslots * sizeof(struct slot);
	lx->pool = (const char *)(b + off);
	off += lx->h.pool_bytes;
	lx->bis = (const struct bislot *)(b + off);
	off += (size_t)lx->h.nbislots * sizeof(struct bislot);
	lx->conf = (const char *)(b + off);
	off += (lx->h.conf_bytes + 3u) & ~3u;
	for (k = 0; k < AK_CP__COUNT; k++)
		for (i = 0; i < 128; i++, off += 4)
			lx->cp[k][i] = rd32(b + off);
	off = (off + 63u) & ~(size_t)63u;
	lx->bloom = (const uint32_t *)(b + off);
	off += (size_t)lx->h.nbloom * 64;
	lx->fbloom = (const uint32_t *)(b + off);
	off += (size_t)lx->h.nfbloom * 64;
	lx->fslots = (const struct fslot *)(b + off);
	off += (size_t)lx->h.nfslots * sizeof(struct fslot);
	lx->fkeys = (const struct ak_fold_key *)(b + off);
	if (lx->h.pool_bytes == 0 || lx->pool[lx->h.pool_bytes - 1] != '\0')
		return AK_EFORMAT;
	/* slot string offsets are checked where they are read (ak_lex_find_h),
	 * so loading does not touch the 25 MB table */
	return 0;
}

int ak_lex_from_memory(struct ak_lex **out, const void *buf, size_t n)
{
	struct ak_lex *lx;
	int rc;

	*out = NULL;
	if (((uintptr_t)buf & 3u) != 0)
		return AK_EINVAL;
	if (!(lx = calloc(1, sizeof(*lx))))
		return AK_ENOMEM;
	if ((rc = parse(lx, buf, n)) != 0) {
		free(lx);
		return rc;
	}
	*out = lx;
	return 0;
}

int ak_lex_load(struct ak_lex **out, const char *path)
{
	struct stat st;
	void *map;
	int fd, rc;

	*out = NULL;
	if ((fd = open(path, O_RDONLY)) < 0)
		return AK_EIO;
	if (fstat(fd, &st) != 0 || st.st_size <= 0) {
		close(fd);
		return AK_EIO;
	}
	/* Mapped read-only: loading costs no copy, the pages are shared with
	 * every other process using the model, and nothing can write them. */
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | AK_MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return AK_EIO;
	if ((rc = ak_lex_from_memory(out, map, (size_t)st.st_size)) != 0) {
		munmap(map, (size_t)st.st_size);
		return rc;
	}
	(*out)->map = map;
	(*out)->map_len = (size_t)st.st_size;
	return 0;
}

void ak_lex_free(struct ak_lex **lex)
{
	if (!*lex)
		return;
	if ((*lex)->map)
		munmap((*lex)->map, (*lex)->map_len);
	free(*lex);
	*lex = NULL;
}

uint32_t ak_lex_find_h(const struct ak_lex *lx, const char *w, size_t n, uint64_t h,
                       unsigned *flags)
{
	uint32_t mask, i, probes, tag;

	if (flags)
		*flags = 0;
	if (!lx || n == 0 || n > AK_LEX_MAXWORD || !ak_lex_bloom_has(lx->bloom, lx->h.nbloom, h))
		return AK_LEX_NONE;
	mask = lx->h.nslots - 1;
	tag = AK_LEX_TAG(h);
	i = (uint32_t)h & mask;
	for (probes = 0; probes < lx->h.nslots; probes++, i = (i + 1) & mask) {
		const struct slot *s = &lx->slots[i];
		const char *p;
		if (!s->str)
			return AK_LEX_NONE;
		/* the tag first; the string only when it agrees and lies in the
		 * pool with n + 1 bytes to spare (a damaged file cannot lead out) */
		if ((s->flags & ~AK_LEX_FLAGMASK) != tag || s->str > lx->h.pool_bytes ||
		    lx->h.pool_bytes - (s->str - 1) <= n)
			continue;
		p = lx->pool + s->str - 1;
		if (memcmp(p, w, n) == 0 && p[n] == '\0') {
			if (flags)
				*flags = s->flags & AK_LEX_FLAGMASK;
			return i;
		}
	}
	return AK_LEX_NONE;
}

const char *ak_lex_key(const struct ak_lex *lx, uint32_t id, size_t *len)
{
	const struct slot *s;
	const char *p;
	if (!lx || id >= lx->h.nslots || !(s = &lx->slots[id])->str || s->str > lx->h.pool_bytes)
		return NULL;
	p = lx->pool + s->str - 1;
	/* the pool ends in a NUL (checked at load) */
	*len = strlen(p);
	return p;
}

size_t ak_lex_fold_marks(char *dst, const char *w, size_t n, uint64_t *marks, size_t *nocc)
{
	size_t i, k = 0, occ = 0;
	uint64_t mk = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		unsigned m = 0;
		if (c == 0xC3 && i + 1 < n) {
			unsigned char d = (unsigned char)w[i + 1];
			if (d == 0xA4 || d == 0xA5 || d == 0xB6) { /* ä å ö */
				m = d == 0xA4 ? 1 : d == 0xA5 ? 2 : 3;
				c = d == 0xB6 ? 'o' : 'a';
				i++;
			}
		}
		if (c == 'a' || c == 'o') {
			if (occ < 32)
				mk |= (uint64_t)m << (2 * occ);
			occ++;
		}
		dst[k++] = (char)c;
	}
	dst[k] = '\0';
	if (marks)
		*marks = mk;
	if (nocc)
		*nocc = occ;
	return k;
}

void ak_lex_fold_prefetch(const struct ak_lex *lx, uint64_t h)
{
	if (lx && lx->h.nfbloom)
		__builtin_prefetch(lx->fbloom + (size_t)((h >> 24) & (lx->h.nfbloom - 1)) * 16);
}

const struct ak_fold_key *ak_lex_fold_group(const struct ak_lex *lx, const char *f, size_t n,
                                            uint64_t h, size_t *nk)
{
	uint32_t mask, i, probes, tag = (uint32_t)(h >> 32);
	*nk = 0;
	if (!lx || !lx->h.nfslots || n == 0 || n > AK_LEX_MAXWORD ||
	    !ak_lex_bloom_has(lx->fbloom, lx->h.nfbloom, h))
		return NULL;
	mask = lx->h.nfslots - 1;
	i = (uint32_t)h & mask;
	for (probes = 0; probes < lx->h.nfslots; probes++, i = (i + 1) & mask) {
		const struct fslot *s = &lx->fslots[i];
		uint32_t j;
		if (!s->first)
			return NULL;
		if (s->tag != tag || s->first > lx->h.nfids ||
		    AK_FOLD_LEN(lx->fkeys[s->first - 1].flags) != n)
			continue;
		/* the group ends at its last key (or the table's end) */
		for (j = s->first - 1; j + 1 < lx->h.nfids && !(lx->fkeys[j].flags & AK_FOLD_LAST); j++)
			;
		*nk = j - (s->first - 1) + 1;
		return &lx->fkeys[s->first - 1];
	}
	return NULL;
}

uint32_t ak_lex_find(const struct ak_lex *lx, const char *w, size_t n, unsigned *flags)
{
	if (n == 0 || n > AK_LEX_MAXWORD) {
		if (flags)
			*flags = 0;
		return AK_LEX_NONE;
	}
	return ak_lex_find_h(lx, w, n, ak_lex_key_hash(w, n), flags);
}

uint32_t ak_lex_count(const struct ak_lex *lx, uint32_t id)
{
	return lx && id < lx->h.nslots ? lx->slots[id].count : 0;
}

void ak_lex_flags(const struct ak_lex *lx, uint32_t id, unsigned *flags)
{
	*flags = lx && id < lx->h.nslots ? lx->slots[id].flags & AK_LEX_FLAGMASK : 0;
}

uint32_t ak_lex_total(const struct ak_lex *lx)
{
	return lx ? lx->h.total : 0;
}

uint32_t ak_lex_bigram(const struct ak_lex *lx, uint32_t id1, uint32_t id2)
{
	uint32_t mask, i, probes;
	if (!lx || id1 == AK_LEX_NONE || id2 == AK_LEX_NONE)
		return 0;
	mask = lx->h.nbislots - 1;
	i = (id1 * 2654435761u ^ id2 * 40503u) & mask;
	for (probes = 0; probes < lx->h.nbislots; probes++, i = (i + 1) & mask) {
		const struct bislot *b = &lx->bis[i];
		if (!b->id1)
			return 0;
		if (b->id1 == id1 + 1 && b->id2 == id2)
			return b->count;
	}
	return 0;
}

void ak_lex_cache_init(struct ak_lex_cache *c, struct ak_lex_cache_slot *v, uint32_t n)
{
	c->v = v;
	c->mask = n - 1;
	memset(v, 0, (size_t)n * sizeof(*v));
}

void ak_lex_cache_reset(struct ak_lex_cache *c)
{
	memset(c->v, 0, ((size_t)c->mask + 1) * sizeof(*c->v));
}

static uint32_t find_cached_h(const struct ak_lex *lx, struct ak_lex_cache *c, const char *w,
                              size_t n, uint64_t h, unsigned *flags)
{
	struct ak_lex_cache_slot *e;
	uint32_t id;
	unsigned f;
	if (!c)
		return ak_lex_find_h(lx, w, n, h, flags);
	e = &c->v[(uint32_t)(h >> 32) & c->mask];
	if (e->len == n && e->hash == h) {
		if (flags)
			*flags = e->flags;
		return e->id;
	}
	id = ak_lex_find_h(lx, w, n, h, &f);
	e->hash = h;
	e->len = (uint16_t)n;
	e->id = id;
	e->flags = (uint16_t)f;
	if (flags)
		*flags = f;
	return id;
}

uint32_t ak_lex_find_cached_h(const struct ak_lex *lx, struct ak_lex_cache *c,
                              const char *w, size_t n, uint64_t h, unsigned *flags)
{
	if (n == 0 || n > AK_LEX_MAXWORD) {
		if (flags)
			*flags = 0;
		return AK_LEX_NONE;
	}
	return find_cached_h(lx, c, w, n, h, flags);
}

void ak_lex_prefetch(const struct ak_lex *lx, uint64_t h)
{
	if (lx)
		__builtin_prefetch(lx->bloom + (size_t)((h >> 24) & (lx->h.nbloom - 1)) * 16);
}

uint32_t ak_lex_find_cached(const struct ak_lex *lx, struct ak_lex_cache *c,
                            const char *w, size_t n, unsigned *flags)
{
	if (n == 0 || n > AK_LEX_MAXWORD) {
		if (flags)
			*flags = 0;
		return AK_LEX_NONE;
	}
	return find_cached_h(lx, c, w, n, ak_lex_key_hash(w, n), flags);
}

/* The word table as the part lookup of compound splitting: the word's
 * suffix hashes computed once, prefix hashes as needed, and the caller's
 * memo in front. */
struct wsplit {
	const struct ak_lex *lx;
	struct ak_lex_cache *c;
	const char *w;
	size_t n;
	uint64_t hs[AK_LEX_MAXWORD + 1]; /* hs[i]: hash of w[i..n) */
};

static uint32_t wsplit_find(void *ctx, size_t i, size_t j, unsigned *flags, uint32_t *count)
{
	struct wsplit *sp = ctx;
	uint64_t h = j == sp->n ? sp->hs[i] : ak_lex_key_hash(sp->w + i, j - i);
	uint32_t id = find_cached_h(sp->lx, sp->c, sp->w + i, j - i, h, flags);
	*count = id != AK_LEX_NONE ? sp->lx->slots[id].count : 0;
	return id;
}

/* A split point is valid unless it falls on a UTF-8 continuation byte. */
static int boundary(const char *w, size_t i)
{
	return ((unsigned char)w[i] & 0xC0) != 0x80;
}

/* One word being split, with the lookups memoised per part. */
struct split {
	const char *w;
	size_t n;
	const struct ak_lex_parts *P;
	unsigned char cc[AK_LEX_MAXWORD + 1]; /* characters in w[0..i) */
};

/* May w[i..j) begin (or stand inside) a compound: 2 = a form flagged so
 * by hunspell-sv, 1 = a stand-alone form of 3+ letters, or one plus
 * linking -s; 0 = no. */
static int begin_ok(const struct split *sp, size_t i, size_t j)
{
	unsigned f;
	uint32_t cnt;
	if (sp->cc[j] - sp->cc[i] < 3)
		return 0;
	if (sp->P->find(sp->P->ctx, i, j, &f, &cnt) != AK_LEX_NONE) {
		if (f & (AK_LEXF_CBEGIN | AK_LEXF_CMID))
			return 2;
		if (f & AK_LEXF_WORD)
			return 1;
	}
	return j - i > 3 && sp->w[j - 1] == 's' &&
	       sp->P->find(sp->P->ctx, i, j - 1, &f, &cnt) != AK_LEX_NONE && (f & AK_LEXF_WORD);
}

/* Id of w[i..n) when it may end a compound (and its count). */
static uint32_t end_id(const struct split *sp, size_t i, uint32_t *count)
{
	unsigned f;
	uint32_t id;
	*count = 0;
	if (sp->cc[sp->n] - sp->cc[i] < 3)
		return AK_LEX_NONE;
	id = sp->P->find(sp->P->ctx, i, sp->n, &f, count);
	return id != AK_LEX_NONE && (f & (AK_LEXF_CEND | AK_LEXF_WORD)) ? id : AK_LEX_NONE;
}

int ak_lex_compound(const struct ak_lex *lx, const char *w, size_t n, uint32_t *head)
{
	return ak_lex_compound_cached(lx, NULL, w, n, head);
}

int ak_lex_compound_cached(const struct ak_lex *lx, struct ak_lex_cache *c, const char *w,
                           size_t n, uint32_t *head)
{
	struct wsplit ws;
	struct ak_lex_parts P;
	if (head)
		*head = AK_LEX_NONE;
	if (!lx || n < 6 || n > AK_LEX_MAXWORD)
		return AK_COMP_NONE;
	ws.lx = lx;
	ws.c = c;
	ws.w = w;
	ws.n = n;
	ak_lex_suffix_hashes(ws.hs, w, n);
	/* the suffix lookups come first and are independent: overlap their
	 * misses */
	{
		size_t i;
		for (i = 3; i + 3 <= n; i++)
			if (boundary(w, i))
				ak_lex_prefetch(lx, ws.hs[i]);
	}
	P.find = wsplit_find;
	P.ctx = &ws;
	return ak_lex_compound_parts(w, n, &P, head);
}

int ak_lex_compound_parts(const char *w, size_t n, const struct ak_lex_parts *P, uint32_t *head)
{
	/* One lookup per suffix, then per prefix where a suffix is a last
	 * part: O(n) lookups for two parts; three parts only between a valid
	 * begin and a valid end. */
	struct split sp;
	unsigned char beg[AK_LEX_MAXWORD + 1];
	uint32_t end[AK_LEX_MAXWORD + 1], ecount[AK_LEX_MAXWORD + 1];
	size_t i, j;
	int kind = 0;
	uint32_t best = AK_LEX_NONE, bc = 0;

	if (head)
		*head = AK_LEX_NONE;
	if (n < 6 || n > AK_LEX_MAXWORD)
		return AK_COMP_NONE;
	sp.w = w;
	sp.n = n;
	sp.P = P;
	sp.cc[0] = 0;
	for (i = 0; i < n; i++)
		sp.cc[i + 1] = (unsigned char)(sp.cc[i] + boundary(w, i));
	/* suffixes first: a split needs a listed last part; prefixes are
	 * looked up only where one ends (beg: 3 = not looked up yet) */
	for (i = 0; i <= n; i++) {
		int ok = i >= 3 && i + 3 <= n && boundary(w, i);
		beg[i] = ok ? 3 : 0;
		end[i] = ok ? end_id(&sp, i, &ecount[i]) : AK_LEX_NONE;
	}
	/* every two-part split; the best kind wins, then the head (last part)
	 * with the highest count, since it carries inflection and sense */
	for (i = 3; i + 3 <= n; i++) {
		int k;
		if (end[i] == AK_LEX_NONE)
			continue;
		if (beg[i] == 3)
			beg[i] = (unsigned char)begin_ok(&sp, 0, i);
		if (!beg[i])
			continue;
		k = beg[i] == 2 ? AK_COMP_FLAGGED : AK_COMP_LOOSE;
		if (!kind || k < kind || (k == kind && ecount[i] > bc)) {
			best = end[i];
			bc = ecount[i];
			kind = k;
		}
	}
	/* a triple letter written double at the joint: process+stöd = processtöd */
	for (i = 3; i + 2 <= n; i++) {
		uint32_t id, cnt;
		int b, k;
		if ((unsigned char)w[i - 1] >= 0x80 || w[i - 1] != w[i - 2] ||
		    (kind && kind <= AK_COMP_FLAGGED) ||
		    (id = end_id(&sp, i - 1, &cnt)) == AK_LEX_NONE || !(b = begin_ok(&sp, 0, i)))
			continue;
		k = b == 2 ? AK_COMP_FLAGGED : AK_COMP_LOOSE;
		if (!kind || k < kind) {
			best = id;
			kind = k;
		}
	}
	/* three parts */
	for (i = 3; !kind && i + 6 <= n; i++) {
		for (j = i + 3; j + 3 <= n && end[j] == AK_LEX_NONE; j++)
			;
		if (j + 3 > n)
			break; /* no listed last part after i */
		if (beg[i] == 3)
			beg[i] = (unsigned char)begin_ok(&sp, 0, i);
		if (!beg[i])
			continue;
		for (j = i + 3; j + 3 <= n; j++) {
			if (end[j] == AK_LEX_NONE || !begin_ok(&sp, i, j))
				continue;
			best = end[j];
			kind = AK_COMP_THREE;
			break;
		}
	}
	if (head)
		*head = best;
	return kind;
}

const char *ak_lex_confusions(const struct ak_lex *lx, size_t *len)
{
	if (!lx) {
		*len = 0;
		return "";
	}
	*len = lx->h.conf_bytes;
	return lx->conf;
}

const uint32_t *ak_lex_codepage(const struct ak_lex *lx, enum ak_cp cp)
{
	return lx && cp < AK_CP__COUNT ? lx->cp[cp] : NULL;
}

/* ------------------------------------------------------------ UTF-8 */

uint32_t ak_utf8_get(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t k, i;

	*len = 1;
	if (n == 0)
		return 0xFFFFFFFFu;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		k = 2;
		cp = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		k = 3;
		cp = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		k = 4;
		cp = u[0] & 0x07;
	} else {
		return 0xFFFFFFFFu;
	}
	if (n < k)
		return 0xFFFFFFFFu;
	for (i = 1; i < k; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFFFFFFu;
		cp = cp << 6 | (u[i] & 0x3F);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFFFFFFu;
	*len = k;
	return cp;
}

size_t ak_utf8_put(char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xC0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xE0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		d[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (char)(0xF0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	d[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int ak_cp_is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

uint32_t ak_cp_lower(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 32;
	if (c >= 0x100 && c <= 0x17F && !(c & 1) && c != 0x130 && c != 0x138)
		return c + 1;
	return c;
}

uint32_t ak_cp_upper(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))
		return c - 32;
	if (c >= 0x101 && c <= 0x17F && (c & 1) && c != 0x131 && c != 0x149)
		return c - 1;
	return c;
}

size_t ak_lex_lower(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i = 0, o = 0, k;
	char tmp[4];

	while (i < n) {
		uint32_t c;
		size_t m;
		if ((unsigned char)s[i] < 0x80) { /* ASCII: most of any text */
			unsigned char b = (unsigned char)s[i];
			if (o + 1 >= cap)
				return 0;
			dst[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			i++;
			continue;
		}
		c = ak_utf8_get(s + i, n - i, &k);
		if (c == 0xFFFFFFFFu) {
			if (o + 1 >= cap)
				return 0;
			dst[o++] = s[i];
			i++;
			continue;
		}
		m = ak_utf8_put(tmp, ak_cp_lower(c));
		if (o + m >= cap)
			return 0;
		memcpy(dst + o, tmp, m);
		o += m;
		i += k;
	}
	if (o >= cap)
		return 0;
	dst[o] = '\0';
	return o;
}
