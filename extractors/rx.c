/*
 * rx.c - the PCRE2 adapter (the only file that includes pcre2.h).
 *
 * Why a unit of its own: patterns are data.  Extractors declare named
 * tables; this file turns them into compiled code once per batch, keeps them
 * in the context and hands out matches as plain byte offsets with the name
 * of the rule that fired, so no extractor sees a PCRE2 type or return code.
 *
 * Invariants: a compiled table is immutable once published in the cache, so
 * threads share it without locking; match data is per call; every pattern is
 * compiled with UTF, UCP and MATCH_INVALID_UTF (hostile bytes cannot make a
 * match fail with an error).  Match and depth limits bound the work of one
 * call; hitting them counts as "no match".
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ak_rx_set {
	struct ak_rx_set *next;       /* cache list */
	const struct ak_rx_def *defs; /* cache key and names */
	size_t n;
	pcre2_code **code;            /* n compiled patterns */
	pcre2_match_context *mctx;    /* limits, shared read-only */
};

struct rx_cache {
	struct ak_rx_set *head;
};

static void set_free(struct ak_rx_set *s)
{
	size_t i;
	if (!s)
		return;
	if (s->code)
		for (i = 0; i < s->n; i++)
			pcre2_code_free(s->code[i]);
	free(s->code);
	pcre2_match_context_free(s->mctx);
	free(s);
}

static uint32_t compile_opts(unsigned f)
{
	uint32_t o = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	if (f & AK_RX_I)
		o |= PCRE2_CASELESS;
	if (f & AK_RX_M)
		o |= PCRE2_MULTILINE;
	if (f & AK_RX_X)
		o |= PCRE2_EXTENDED;
	if (f & AK_RX_S)
		o |= PCRE2_DOTALL;
	return o;
}

static int set_compile(struct ak_rx_set **out, const struct ak_rx_def *defs, size_t n,
                       char *errbuf, size_t errlen)
{
	struct ak_rx_set *s;
	size_t i;

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s))))
		return AK_ENOMEM;
	s->defs = defs;
	s->n = n;
	s->code = calloc(n ? n : 1, sizeof(*s->code));
	s->mctx = pcre2_match_context_create(NULL);
	if (!s->code || !s->mctx) {
		set_free(s);
		return AK_ENOMEM;
	}
	pcre2_set_match_limit(s->mctx, 1000000);
	pcre2_set_depth_limit(s->mctx, 10000);
	for (i = 0; i < n; i++) {
		int ec;
		PCRE2_SIZE eoff;
		s->code[i] = pcre2_compile((PCRE2_SPTR)defs[i].pattern, PCRE2_ZERO_TERMINATED,
		                           compile_opts(defs[i].flags), &ec, &eoff, NULL);
		if (!s->code[i]) {
			if (errbuf && errlen) {
				PCRE2_UCHAR msg[160];
				pcre2_get_error_message(ec, msg, sizeof(msg));
				snprintf(errbuf, errlen, "pattern %s at offset %zu: %s",
				         defs[i].name, (size_t)eoff, (const char *)msg);
			}
			set_free(s);
			return AK_EINVAL;
		}
		/* JIT is an optimisation only: without it matching still works. */
		(void)pcre2_jit_compile(s->code[i], PCRE2_JIT_COMPLETE);
	}
	*out = s;
	return 0;
}

int ak_rx_table(struct ak_ctx *ctx, const struct ak_rx_def *defs, size_t n,
                const struct ak_rx_set **out, char *errbuf, size_t errlen)
{
	struct rx_cache *c;
	struct ak_rx_set *s;
	int rc = 0;

	*out = NULL;
	pthread_mutex_lock(&ctx->lock);
	if (!(c = ctx->patterns)) {
		if (!(c = calloc(1, sizeof(*c)))) {
			pthread_mutex_unlock(&ctx->lock);
			return AK_ENOMEM;
		}
		ctx->patterns = c;
	}
	for (s = c->head; s; s = s->next)
		if (s->defs == defs && s->n == n)
			break;
	if (!s && (rc = set_compile(&s, defs, n, errbuf, errlen)) == 0) {
		s->next = c->head;
		c->head = s;
	}
	pthread_mutex_unlock(&ctx->lock);
	if (rc)
		return rc;
	*out = s;
	return 0;
}

void ak_rx_cache_free(struct ak_ctx *ctx)
{
	struct rx_cache *c = ctx->patterns;
	struct ak_rx_set *s, *nx;

	if (!c)
		return;
	for (s = c->head; s; s = nx) {
		nx = s->next;
		set_free(s);
	}
	free(c);
	ctx->patterns = NULL;
}

size_t ak_rx_size(const struct ak_rx_set *set)
{
	return set ? set->n : 0;
}

int ak_rx_index(const struct ak_rx_set *set, const char *name)
{
	size_t i;
	for (i = 0; set && i < set->n; i++)
		if (strcmp(set->defs[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int exec(const struct ak_rx_set *set, size_t idx, const char *s, size_t len,
                size_t start, uint32_t opts, struct ak_rx_match *m)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	uint32_t cap = 0, k;
	int rc;

	if (!set || idx >= set->n || start > len || (!s && len))
		return AK_EINVAL;
	md = pcre2_match_data_create(AK_RX_MAXGROUPS + 1, NULL);
	if (!md)
		return AK_ENOMEM;
	rc = pcre2_match(set->code[idx], (PCRE2_SPTR)(s ? s : ""), len, start, opts, md,
	                 set->mctx);
	if (rc < 0) {
		pcre2_match_data_free(md);
		return rc == PCRE2_ERROR_NOMEMORY ? AK_ENOMEM : 0; /* no match or limit */
	}
	ov = pcre2_get_ovector_pointer(md);
	pcre2_pattern_info(set->code[idx], PCRE2_INFO_CAPTURECOUNT, &cap);
	if (cap > AK_RX_MAXGROUPS)
		cap = AK_RX_MAXGROUPS;
	memset(m, 0, sizeof(*m));
	m->rule = set->defs[idx].name;
	m->idx = idx;
	m->ngroups = cap;
	for (k = 0; k <= AK_RX_MAXGROUPS; k++) {
		if (k <= cap && (int)k < (rc == 0 ? AK_RX_MAXGROUPS + 1 : rc) &&
		    ov[2 * k] != PCRE2_UNSET) {
			m->gs[k] = ov[2 * k];
			m->ge[k] = ov[2 * k + 1];
		} else {
			m->gs[k] = m->ge[k] = SIZE_MAX;
		}
	}
	m->so = m->gs[0];
	m->eo = m->ge[0];
	pcre2_match_data_free(md);
	return 1;
}

int ak_rx_exec(const struct ak_rx_set *set, size_t idx, const char *s, size_t len,
               size_t start, struct ak_rx_match *m)
{
	return exec(set, idx, s, len, start, 0, m);
}

int ak_rx_at(const struct ak_rx_set *set, size_t idx, const char *s, size_t len,
             size_t start, struct ak_rx_match *m)
{
	return exec(set, idx, s, len, start, PCRE2_ANCHORED, m);
}

int ak_rx_first(const struct ak_rx_set *set, const char *s, size_t len, size_t start,
                struct ak_rx_match *m)
{
	size_t i;
	for (i = 0; set && i < set->n; i++) {
		int rc = exec(set, i, s, len, start, 0, m);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int ak_rx_earliest(const struct ak_rx_set *set, const char *s, size_t len,
                   size_t start, struct ak_rx_match *m)
{
	struct ak_rx_match t;
	size_t i;
	int found = 0;

	for (i = 0; set && i < set->n; i++) {
		int rc = exec(set, i, s, len, start, 0, &t);
		if (rc < 0)
			return rc;
		if (rc && (!found || t.so < m->so)) {
			*m = t;
			found = 1;
		}
	}
	return found;
}

struct ak_span ak_rx_group(const struct ak_rx_match *m, const char *s, size_t g)
{
	struct ak_span sp = { NULL, 0 };
	if (g <= AK_RX_MAXGROUPS && g <= m->ngroups && m->gs[g] != SIZE_MAX) {
		sp.p = s + m->gs[g];
		sp.n = m->ge[g] - m->gs[g];
	}
	return sp;
}
