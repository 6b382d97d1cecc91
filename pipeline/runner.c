/*
 * runner.c - the stage table, the batch context and the batch runner.
 *
 * Why: stages are data, not calls wired into main.  The runner walks the
 * table for each document, times every stage, stops a document at its first
 * failing stage and goes on with the next document.  Documents run on
 * cfg.jobs threads; finished documents are handed to the caller strictly in
 * input order, so output is byte-identical whatever the number of jobs.
 *
 * Invariants: at most 2*jobs documents are alive at once (bounded memory);
 * the emit callback runs on the calling thread only; a document that failed
 * still reaches emit (with d->err set) so the caller can report it.
 */
#include "arkiv.h"
#include "stages.h"
#include "repair.h"
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct ak_stage stage_table[] = {
	{ "ingest", ak_stage_ingest, AK_STAGE_ALWAYS },
	{ "skip", ak_stage_skip, AK_STAGE_ALWAYS },  /* already stored? (store_skip.c) */
	{ "ocr", ak_stage_ocr, 0 },
	{ "repair", ak_stage_repair, 0 },
	{ "structure", ak_stage_structure, 0 },
	{ "tables", ak_stage_tables, 0 },
	{ "check", ak_stage_check, 0 },
	{ "store", ak_stage_store, 0 },              /* keep last */
	{ NULL, NULL, 0 }
};

const struct ak_stage *ak_stages(size_t *count)
{
	if (count)
		*count = sizeof(stage_table) / sizeof(stage_table[0]) - 1;
	return stage_table;
}

int ak_stage_index(const char *name)
{
	size_t i;
	for (i = 0; stage_table[i].name; i++)
		if (strcmp(stage_table[i].name, name) == 0)
			return (int)i;
	return -1;
}

void ak_config_defaults(struct ak_config *c)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	memset(c, 0, sizeof(*c));
	c->jobs = n > 0 ? (int)n : 1;
	c->lang = "swe";
	c->render_dpi = 300;
	c->prep = AK_PREP_DEFAULT;
	c->format = AK_OUT_TEXT;
	c->repair = AK_REPAIR_FULL;
	c->from = 0;
	c->until = AK_NSTAGES_MAX - 1;
	c->progress = 1;
	c->max_pixels = (size_t)100 * 1000 * 1000;      /* 100 Mpx: A3 at 1200 dpi */
	c->max_file_bytes = (size_t)2 << 30;            /* 2 GiB */
	c->max_pages = 5000;
}

int ak_ctx_init(struct ak_ctx *ctx, const struct ak_config *cfg)
{
	memset(ctx, 0, sizeof(*ctx));
	if (cfg)
		ctx->cfg = *cfg;
	else
		ak_config_defaults(&ctx->cfg);
	if (ctx->cfg.jobs < 1)
		ctx->cfg.jobs = 1;
	if (pthread_mutex_init(&ctx->lock, NULL) != 0)
		return AK_ENOMEM;
	ctx->t_start = ak_now();
	return 0;
}

/* Implemented by the OCR stage; stops its worker pool if one was started. */
void ak_ocr_pool_stop(struct ak_ctx *ctx);
/* Implemented by the regex adapter (extractors/rx.c): compiled patterns. */
void ak_rx_cache_free(struct ak_ctx *ctx);

void ak_ctx_release(struct ak_ctx *ctx)
{
	ak_ocr_pool_stop(ctx);
	ak_repair_model_free(ctx->repair_model);
	ctx->repair_model = NULL;
	ak_store_close(&ctx->store);
	ak_rx_cache_free(ctx);
	pthread_mutex_destroy(&ctx->lock);
}

/* ------------------------------------------------------------ one document */

int ak_run_doc(struct ak_ctx *ctx, struct doc *doc)
{
	size_t i;

	for (i = 0; stage_table[i].name; i++) {
		const struct ak_stage *s = &stage_table[i];
		double t0;
		int rc;

		if (!(s->flags & AK_STAGE_ALWAYS) &&
		    ((int)i < ctx->cfg.from || (int)i > ctx->cfg.until))
			continue;
		t0 = ak_now();
		rc = s->fn(ctx, doc);
		if (i < AK_NSTAGES_MAX)
			doc->stage_ms[i] = (ak_now() - t0) * 1000.0;
		if (rc == AK_ESKIP)
			return 0;
		if (rc < 0 || doc->err) {
			if (!doc->err)
				ak_fail(doc, rc < 0 ? rc : AK_EINVAL, "%s", ak_strerror(rc));
			doc->err_stage = s->name;
			/* Record the failure in the store (document row only). */
			if (ctx->store && s->fn != ak_stage_store &&
			    ak_stage_index("store") <= ctx->cfg.until)
				ak_stage_store(ctx, doc);
			return doc->err;
		}
		if (doc->arena.failed)
			return ak_fail(doc, AK_ENOMEM, "out of memory in stage %s", s->name);
#ifndef NDEBUG
		{
			const char *broken = ak_doc_invariant(doc);
			if (broken) {
				doc->err_stage = s->name;
				return ak_fail(doc, AK_EINVAL, "internal error after stage %s: %s",
				               s->name, broken);
			}
		}
#endif
	}
	return 0;
}

/* ------------------------------------------------------------ path walking */

struct pathlist {
	char **v;
	size_t n, cap;
};

static int pl_push(struct pathlist *pl, const char *s)
{
	if (pl->n == pl->cap) {
		size_t ncap = pl->cap ? pl->cap * 2 : 64;
		char **nv = realloc(pl->v, ncap * sizeof(*nv));
		if (!nv)
			return AK_ENOMEM;
		pl->v = nv;
		pl->cap = ncap;
	}
	if (!(pl->v[pl->n] = strdup(s)))
		return AK_ENOMEM;
	pl->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(struct pathlist *pl, const char *path, int depth,
                void (*emit_err)(const char *, const char *, void *), void *ud)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	struct pathlist sub = { 0 };
	size_t i;
	int rc = 0;

	if (stat(path, &st) != 0) {
		if (emit_err)
			emit_err(path, strerror(errno), ud);
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return pl_push(pl, path);
	if (depth > 64) {
		if (emit_err)
			emit_err(path, "folders nested too deep", ud);
		return 0;
	}
	if (!(dir = opendir(path))) {
		if (emit_err)
			emit_err(path, strerror(errno), ud);
		return 0;
	}
	while ((de = readdir(dir)) != NULL) {
		size_t need;
		char *full;
		if (de->d_name[0] == '.')
			continue;
		need = strlen(path) + strlen(de->d_name) + 2;
		if (!(full = malloc(need))) {
			rc = AK_ENOMEM;
			break;
		}
		snprintf(full, need, "%s%s%s", path,
		         path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
		rc = pl_push(&sub, full);
		free(full);
		if (rc)
			break;
	}
	closedir(dir);
	qsort(sub.v, sub.n, sizeof(*sub.v), cmp_str);
	for (i = 0; i < sub.n && !rc; i++)
		rc = walk(pl, sub.v[i], depth + 1, emit_err, ud);
	for (i = 0; i < sub.n; i++)
		free(sub.v[i]);
	free(sub.v);
	return rc;
}

int ak_expand_paths(char ***out, size_t *n, char *const *paths, size_t npaths,
                    void (*emit_err)(const char *, const char *, void *), void *ud)
{
	struct pathlist pl = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < npaths && !rc; i++)
		rc = walk(&pl, paths[i], 0, emit_err, ud);
	if (rc) {
		ak_free_paths(&pl.v, pl.n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	*out = pl.v;
	*n = pl.n;
	return 0;
}

void ak_free_paths(char ***paths, size_t n)
{
	size_t i;
	if (!*paths)
		return;
	for (i = 0; i < n; i++)
		free((*paths)[i]);
	free(*paths);
	*paths = NULL;
}

/* ------------------------------------------------------------ the batch */

struct batch {
	struct ak_ctx *ctx;
	const struct ak_input *in;
	size_t n;
	size_t next;        /* next index to start */
	size_t emitted;     /* documents handed to emit */
	size_t window;      /* max documents alive */
	struct doc **slots; /* finished documents waiting for emit */
	unsigned char *done;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *doc_thread(void *arg)
{
	struct batch *b = arg;

	for (;;) {
		size_t i;
		struct doc *d = NULL;

		pthread_mutex_lock(&b->mu);
		while (b->next < b->n && b->next >= b->emitted + b->window)
			pthread_cond_wait(&b->cv, &b->mu);
		if (b->next >= b->n) {
			pthread_mutex_unlock(&b->mu);
			return NULL;
		}
		i = b->next++;
		pthread_mutex_unlock(&b->mu);

		if (ak_doc_new(&d, b->in[i].path, i) == 0) {
			if (ak_doc_set_parts(d, b->in[i].parts, b->in[i].nparts) == 0)
				ak_run_doc(b->ctx, d);
			else
				ak_doc_free(&d);
		}

		pthread_mutex_lock(&b->mu);
		b->slots[i] = d; /* NULL means out of memory creating it */
		b->done[i] = 1;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
}

static void progress_line(struct ak_ctx *ctx, int final)
{
	double el;
	size_t done, total, pages;

	if (!ctx->cfg.progress || !isatty(STDERR_FILENO))
		return;
	pthread_mutex_lock(&ctx->lock);
	done = ctx->docs_done;
	total = ctx->docs_total;
	pages = ctx->pages_done;
	pthread_mutex_unlock(&ctx->lock);
	el = ak_now() - ctx->t_start;
	if (final) {
		fprintf(stderr, "\r\033[Karkiv: %zu/%zu documents, %zu pages in %.1f s\n",
		        done, total, pages, el);
		return;
	}
	{
		double rate = el > 0 ? (double)pages * 60.0 / el : 0;
		double eta = done ? el / (double)done * (double)(total - done) : 0;
		fprintf(stderr, "\r\033[Karkiv: %zu/%zu documents, %zu pages, %.1f pages/min, ETA %.0f s",
		        done, total, pages, rate, eta);
	}
}

long ak_run_batch(struct ak_ctx *ctx, char *const *files, size_t n,
                  ak_emit_fn emit, void *ud)
{
	struct ak_input *in = calloc(n ? n : 1, sizeof(*in));
	size_t i;
	long r;

	if (!in)
		return AK_ENOMEM;
	for (i = 0; i < n; i++)
		in[i].path = files[i];
	r = ak_run_inputs(ctx, in, n, emit, ud);
	free(in);
	return r;
}

long ak_run_inputs(struct ak_ctx *ctx, const struct ak_input *in, size_t n,
                   ak_emit_fn emit, void *ud)
{
	struct batch b;
	pthread_t *th;
	size_t i, nth;
	long failed = 0;

	if (ctx->cfg.db_path && !ctx->store) {
		char err[512];
		if (ak_store_open(&ctx->store, ctx->cfg.db_path, NULL, err, sizeof(err)) != 0) {
			fprintf(stderr, "arkiv: %s: %s\n", ctx->cfg.db_path, err);
			return AK_ESTORE;
		}
	}
	memset(&b, 0, sizeof(b));
	b.ctx = ctx;
	b.in = in;
	b.n = n;
	nth = (size_t)ctx->cfg.jobs;
	if (nth > n)
		nth = n ? n : 1;
	b.window = 2 * (size_t)ctx->cfg.jobs;
	b.slots = calloc(n ? n : 1, sizeof(*b.slots));
	b.done = calloc(n ? n : 1, 1);
	th = calloc(nth, sizeof(*th));
	if (!b.slots || !b.done || !th) {
		free(b.slots);
		free(b.done);
		free(th);
		return AK_ENOMEM;
	}
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	pthread_mutex_lock(&ctx->lock);
	ctx->docs_total += n;
	pthread_mutex_unlock(&ctx->lock);

	for (i = 0; i < nth; i++)
		if (pthread_create(&th[i], NULL, doc_thread, &b) != 0)
			break;
	nth = i;
	if (nth == 0) { /* no threads at all: run every document inline */
		b.window = n;
		doc_thread(&b);
	}

	for (i = 0; i < n; i++) {
		struct doc *d;
		pthread_mutex_lock(&b.mu);
		while (!b.done[i]) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&b.cv, &b.mu, &ts);
			if (!b.done[i]) {
				pthread_mutex_unlock(&b.mu);
				progress_line(ctx, 0);
				pthread_mutex_lock(&b.mu);
			}
		}
		d = b.slots[i];
		b.slots[i] = NULL;
		pthread_mutex_unlock(&b.mu);

		pthread_mutex_lock(&ctx->lock);
		ctx->docs_done++;
		if (!d || d->err)
			ctx->docs_failed++;
		pthread_mutex_unlock(&ctx->lock);
		if (!d || d->err)
			failed++;
		if (d && emit)
			emit(ctx, d, ud);
		else if (!d)
			fprintf(stderr, "arkiv: %s: out of memory\n", in[i].path);
		ak_doc_free(&d);

		pthread_mutex_lock(&b.mu);
		b.emitted++;
		pthread_cond_broadcast(&b.cv);
		pthread_mutex_unlock(&b.mu);
		progress_line(ctx, 0);
	}
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	progress_line(ctx, 1);
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.cv);
	free(b.slots);
	free(b.done);
	free(th);
	return failed;
}
