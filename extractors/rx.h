/*
 * rx.h - the regular-expression adapter: named pattern tables compiled once
 * per batch (rx.c is the only file that includes pcre2.h).
 *
 * An extractor keeps its patterns as a static table of { name, pattern,
 * flags } rows.  ak_rx_table() compiles the table the first time any thread
 * asks for it (with PCRE2_UTF | PCRE2_UCP, so å, ä, ö are letters and \w,
 * \b, \d follow Unicode) and caches it in ctx->patterns under ctx->lock; the
 * table's address is the cache key.  Compiled tables are read-only and are
 * shared by all threads; match data is created per call, so matching is
 * thread-safe.  Every match records the name of the pattern that fired.
 *
 * Ownership: a struct ak_rx_set belongs to the context and lives until
 * ak_rx_cache_free(ctx) (called by ak_ctx_release).  Subjects may contain
 * invalid UTF-8 (PCRE2_MATCH_INVALID_UTF): such bytes never match.
 */
#ifndef AK_RX_H
#define AK_RX_H

#include "arkiv.h"

enum {
	AK_RX_I = 1 << 0,  /* caseless */
	AK_RX_M = 1 << 1,  /* ^ and $ at every line */
	AK_RX_X = 1 << 2,  /* extended: whitespace and # comments ignored */
	AK_RX_S = 1 << 3   /* . matches newline too */
};

struct ak_rx_def {
	const char *name;    /* stable id, recorded in every match ("item-para") */
	const char *pattern; /* PCRE2 syntax */
	unsigned flags;      /* AK_RX_* */
};

#define AK_RX_COUNT(defs) (sizeof(defs) / sizeof((defs)[0]))
#define AK_RX_MAXGROUPS 12

struct ak_rx_set; /* compiled table, owned by the context */

struct ak_rx_match {
	const char *rule;  /* name of the pattern that matched (static storage) */
	size_t idx;        /* its row in the table */
	size_t so, eo;     /* the whole match: byte offsets in the subject */
	size_t ngroups;    /* capture groups in the pattern (<= AK_RX_MAXGROUPS) */
	size_t gs[AK_RX_MAXGROUPS + 1], ge[AK_RX_MAXGROUPS + 1]; /* [0] = whole;
	                      unset groups have gs == ge == SIZE_MAX */
};

/* The compiled form of `defs` (n rows), compiled on first use.  Returns 0
 * and *out, or AK_EINVAL when a pattern does not compile (the message, with
 * the pattern's name and offset, is written to errbuf when given),
 * AK_ENOMEM. */
int ak_rx_table(struct ak_ctx *ctx, const struct ak_rx_def *defs, size_t n,
                const struct ak_rx_set **out, char *errbuf, size_t errlen);

/* Number of rows and the row index of `name` (-1 when absent). */
size_t ak_rx_size(const struct ak_rx_set *set);
int ak_rx_index(const struct ak_rx_set *set, const char *name);

/* Match row `idx` against s[0..len) starting the search at `start`.
 * Returns 1 (and fills *m) on a match, 0 when none, AK_ENOMEM/AK_EINVAL on
 * errors (match limits reached count as no match). */
int ak_rx_exec(const struct ak_rx_set *set, size_t idx, const char *s, size_t len,
               size_t start, struct ak_rx_match *m);
/* Same, anchored at `start` (the match must begin there). */
int ak_rx_at(const struct ak_rx_set *set, size_t idx, const char *s, size_t len,
             size_t start, struct ak_rx_match *m);
/* Try every row in order; the first that matches anywhere from `start`
 * wins (rows are ordered from most to least specific).  1, 0 or error. */
int ak_rx_first(const struct ak_rx_set *set, const char *s, size_t len,
                size_t start, struct ak_rx_match *m);
/* Row whose match starts earliest from `start` (ties: lower row). */
int ak_rx_earliest(const struct ak_rx_set *set, const char *s, size_t len,
                   size_t start, struct ak_rx_match *m);
/* Matched group g as a span (n == 0 and p == NULL when unset). */
struct ak_span ak_rx_group(const struct ak_rx_match *m, const char *s, size_t g);

/* Free every compiled table of the context (ak_ctx_release calls it). */
void ak_rx_cache_free(struct ak_ctx *ctx);

#endif
