/*
 * ocr.c - the OCR stage and the batch's pool of OCR workers.
 *
 * Why a pool shared by the batch: the runner already works on up to
 * cfg.jobs documents at once, but one 20-page report must use every core
 * as much as twenty one-page scans do.  So documents do not OCR their own
 * pages: ak_stage_ocr submits every page that needs OCR to ONE pool owned by
 * the context and waits for its own pages.  Each worker owns one Tesseract
 * engine, created on its first page and kept for the whole batch (loading
 * a model costs about as much as OCR'ing a page).
 *
 * Invariants:
 *   - output does not depend on the number of workers: each page is OCR'd
 *     independently (the adapter clears Tesseract's adaptive classifier) and
 *     results are stored into the page itself; findings are added after all
 *     pages are back, in page order;
 *   - the queue is FIFO, so when page k fails every page before it has
 *     already started and the failure reported (the lowest failed page) is
 *     the same whatever the number of workers; pages not yet started after
 *     a failure are skipped;
 *   - PDF pages are rendered on the document's own thread (poppler objects
 *     stay on one thread), at most 2 x workers rendered pages wait in memory;
 *   - the pool lives until ak_ocr_pool_stop (ak_ctx_release).
 */
#include "ocr_adapter.h"
#include "pdf.h"
#include "stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pages whose mean word confidence is below this get a finding. */
#define LOW_CONF 60.0f

void ak_ocr_pool_stop(struct ak_ctx *ctx);

struct waiter {
	pthread_cond_t cv; /* signalled when pending drops */
	size_t pending;    /* jobs submitted and not finished */
	int cancel;        /* a page failed: skip pages not yet started */
};

struct job {
	struct job *next;
	struct doc *d;
	struct ak_page *p;
	struct ak_raster r; /* rendered PDF page, or empty */
	struct waiter *w;
	int submitted;
	int rc;
	struct ak_ocr_rereads rr; /* second readings taken, for the findings */
	char why[256];
};

struct worker {
	struct ak_ocr_pool *pool;
	pthread_t th;
	struct ak_ocr_engine *eng;
	int init_rc; /* engine could not start: every page fails with init_why */
	char init_why[256];
};

struct ak_ocr_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* work arrived or stop */
	struct job *head, *tail;
	int stop;
	struct worker *workers;
	int nworkers;
	struct ak_ctx *ctx; /* config and progress counters */
};

static void run_job(struct worker *wk, struct job *j)
{
	const struct ak_config *cfg = &wk->pool->ctx->cfg;
	double t0 = ak_now();

	if (!wk->eng && !wk->init_rc)
		wk->init_rc = ak_ocr_engine_new(&wk->eng, cfg->tessdata, cfg->lang,
		                                wk->init_why, sizeof(wk->init_why));
	if (wk->init_rc) {
		j->rc = wk->init_rc;
		snprintf(j->why, sizeof(j->why), "%s", wk->init_why);
	} else {
		j->rc = ak_ocr_page(wk->eng, j->d, j->p, ak_page_path(j->d, j->p), j->r.px ? &j->r : NULL,
		                    cfg->prep, cfg->max_pixels, &j->rr, j->why, sizeof(j->why));
	}
	j->p->ocr_ms = (ak_now() - t0) * 1000.0;
	ak_raster_release(&j->r);
	if (j->rc == 0) {
		pthread_mutex_lock(&wk->pool->ctx->lock);
		wk->pool->ctx->pages_done++;
		pthread_mutex_unlock(&wk->pool->ctx->lock);
	}
}

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct ak_ocr_pool *pool = wk->pool;

	pthread_mutex_lock(&pool->mu);
	for (;;) {
		struct job *j;
		while (!pool->head && !pool->stop)
			pthread_cond_wait(&pool->cv, &pool->mu);
		if (!pool->head)
			break; /* stopping and nothing left */
		j = pool->head;
		pool->head = j->next;
		if (!pool->head)
			pool->tail = NULL;
		if (j->w->cancel) {
			j->rc = AK_ESKIP;
			ak_raster_release(&j->r);
		} else {
			pthread_mutex_unlock(&pool->mu);
			run_job(wk, j);
			pthread_mutex_lock(&pool->mu);
			if (j->rc < 0)
				j->w->cancel = 1;
		}
		j->w->pending--;
		pthread_cond_broadcast(&j->w->cv);
	}
	pthread_mutex_unlock(&pool->mu);
	ak_ocr_engine_free(&wk->eng);
	return NULL;
}

static void pool_free(struct ak_ocr_pool *pool)
{
	pthread_mutex_destroy(&pool->mu);
	pthread_cond_destroy(&pool->cv);
	free(pool->workers);
	free(pool);
}

/* The context's pool, started on first use. */
static struct ak_ocr_pool *get_pool(struct ak_ctx *ctx)
{
	struct ak_ocr_pool *pool;
	int i, n;

	pthread_mutex_lock(&ctx->lock);
	if ((pool = ctx->ocr) != NULL)
		goto out;
	n = ctx->cfg.jobs > 0 ? ctx->cfg.jobs : 1;
	if (!(pool = calloc(1, sizeof(*pool))))
		goto out;
	if (!(pool->workers = calloc((size_t)n, sizeof(*pool->workers)))) {
		free(pool);
		pool = NULL;
		goto out;
	}
	pthread_mutex_init(&pool->mu, NULL);
	pthread_cond_init(&pool->cv, NULL);
	pool->ctx = ctx;
	for (i = 0; i < n; i++) {
		pool->workers[i].pool = pool;
		if (pthread_create(&pool->workers[i].th, NULL, worker_main, &pool->workers[i]))
			break;
	}
	pool->nworkers = i;
	if (i == 0) {
		pool_free(pool);
		pool = NULL;
		goto out;
	}
	ctx->ocr = pool;
out:
	pthread_mutex_unlock(&ctx->lock);
	return pool;
}

void ak_ocr_pool_stop(struct ak_ctx *ctx)
{
	struct ak_ocr_pool *pool;
	int i;

	pthread_mutex_lock(&ctx->lock);
	pool = ctx->ocr;
	ctx->ocr = NULL;
	pthread_mutex_unlock(&ctx->lock);
	if (!pool)
		return;
	pthread_mutex_lock(&pool->mu);
	pool->stop = 1;
	pthread_cond_broadcast(&pool->cv);
	pthread_mutex_unlock(&pool->mu);
	for (i = 0; i < pool->nworkers; i++)
		pthread_join(pool->workers[i].th, NULL);
	pool_free(pool);
}

/* Queue one job; with `limit`, first wait until fewer than that many of this
 * document's jobs are pending (bounds rendered pages held in memory). */
static void submit(struct ak_ocr_pool *pool, struct job *j, size_t limit)
{
	pthread_mutex_lock(&pool->mu);
	while (limit && j->w->pending >= limit)
		pthread_cond_wait(&j->w->cv, &pool->mu);
	j->w->pending++;
	j->submitted = 1;
	j->next = NULL;
	if (pool->tail)
		pool->tail->next = j;
	else
		pool->head = j;
	pool->tail = j;
	pthread_cond_signal(&pool->cv);
	pthread_mutex_unlock(&pool->mu);
}

static int cancelled(struct ak_ocr_pool *pool, struct waiter *w)
{
	int c;
	pthread_mutex_lock(&pool->mu);
	c = w->cancel;
	pthread_mutex_unlock(&pool->mu);
	return c;
}

/* Render the PDF's pages on this thread and queue them one by one. */
static void submit_pdf(struct ak_ocr_pool *pool, struct ak_ctx *ctx, struct doc *d,
                       struct job *jobs, size_t njobs, struct waiter *w)
{
	struct ak_pdf *pdf = NULL;
	size_t i;
	char why[256];
	size_t limit = 2 * (size_t)pool->nworkers;

	if (ak_pdf_open(&pdf, d->path, why, sizeof(why)) != 0) {
		jobs[0].rc = AK_EFORMAT;
		snprintf(jobs[0].why, sizeof(jobs[0].why), "%s", why);
		return;
	}
	for (i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		int rc;
		if (cancelled(pool, w))
			break;
		rc = ak_pdf_render(pdf, j->p->source_index, ctx->cfg.render_dpi,
		                   ctx->cfg.max_pixels, &j->r, j->why, sizeof(j->why));
		if (rc < 0) {
			j->rc = rc;
			ak_raster_release(&j->r);
			break;
		}
		if (j->r.dpi <= 0)
			j->r.dpi = ctx->cfg.render_dpi;
		submit(pool, j, limit);
	}
	ak_pdf_close(&pdf);
}

int ak_stage_ocr(struct ak_ctx *ctx, struct doc *d)
{
	struct ak_ocr_pool *pool;
	struct waiter w;
	struct job *jobs;
	size_t i, n = 0, k;
	int rc = 0;

	for (i = 0; i < d->npages; i++)
		n += d->pages[i].needs_ocr != 0;
	if (n == 0)
		return 0;
	if (!(pool = get_pool(ctx)))
		return ak_fail(d, AK_ENOMEM, "OCR: cannot start the worker pool");
	if (!(jobs = calloc(n, sizeof(*jobs))))
		return ak_fail(d, AK_ENOMEM, "OCR: out of memory for %zu pages", n);
	memset(&w, 0, sizeof(w));
	pthread_cond_init(&w.cv, NULL);
	for (i = 0, k = 0; i < d->npages; i++) {
		if (!d->pages[i].needs_ocr)
			continue;
		jobs[k].d = d;
		jobs[k].p = &d->pages[i];
		jobs[k].w = &w;
		k++;
	}

	if (d->format == AK_FMT_PDF)
		submit_pdf(pool, ctx, d, jobs, n, &w);
	else
		for (k = 0; k < n; k++)
			submit(pool, &jobs[k], 0);

	pthread_mutex_lock(&pool->mu);
	while (w.pending > 0)
		pthread_cond_wait(&w.cv, &pool->mu);
	pthread_mutex_unlock(&pool->mu);
	pthread_cond_destroy(&w.cv);

	/* Results in page order: the first failed page fails the document. */
	for (k = 0; k < n; k++) {
		struct job *j = &jobs[k];
		struct ak_page *p = j->p;
		if (j->rc == AK_ESKIP || (!j->submitted && j->rc == 0))
			continue;
		if (j->rc < 0) {
			p->err = j->rc;
			if (!rc)
				rc = ak_fail(d, j->rc, "page %d: %s", p->no,
				             j->why[0] ? j->why : ak_strerror(j->rc));
			continue;
		}
		p->needs_ocr = 0;
		if (p->rotation)
			ak_finding_add(d, AK_F_OCR_ROTATED, p->no, 0, "osd",
			               "page turned %d degrees clockwise before OCR", p->rotation);
		if (p->nwords > 0 && p->mean_conf < LOW_CONF)
			ak_finding_add(d, AK_F_OCR_LOW_CONF, p->no, 0, "mean-conf",
			               "mean word confidence %.0f below %.0f", (double)p->mean_conf,
			               (double)LOW_CONF);
		/* a figure taken from a second reading: the first stays on record */
		for (i = 0; i < j->rr.n; i++) {
			const struct ak_ocr_reread *x = &j->rr.v[i];
			const struct ak_word *ow;
			if (x->word >= p->nwords)
				continue;
			ow = &p->words[x->word];
			ak_finding_add(d, AK_F_OCR_REREAD, p->no, (int)ow->line + 1,
			               "numeric-reread",
			               "\"%s\" (confidence %.0f) read again as \"%s\" (confidence %.0f)",
			               x->first, (double)x->conf1, ow->text, (double)ow->conf);
		}
	}
	free(jobs);
	return rc;
}
