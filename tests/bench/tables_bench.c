/*
 * tables_bench.c - run the table stage over text files without ingest/OCR:
 * print each document's tables as JSON (one line per file) and, with
 * --repeat N, the throughput of numbers and tables from text.
 *
 *   tables_bench [--repeat N] [--quiet] FILE...
 *   tables_bench --tsv PAGE.tsv...   (tesseract TSV pages of one document)
 *
 * Why its own program: the bench and the scorer (tables_score.py) need the
 * tables of text inputs whatever the state of the ingest stage, and a
 * throughput figure for the table stage alone.  Built by tables_bench.sh.
 */
#include "arkiv.h"
#include "bench_io.h"
#include "numbers.h"
#include "ocr_tsv.h"
#include "stages.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of this process: the figure for "one core", whatever the load. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


static int run_tsv(struct ak_ctx *ctx, char **files, int n)
{
	struct doc *d = NULL;
	struct ak_buf b;
	int i;
	const char *name = n > 0 ? files[0] : "-";
	if (ak_doc_new(&d, name, 0))
		return -1;
	for (i = 0; i < n; i++) {
		size_t len;
		char *t = ak_bench_slurp(files[i], &len);
		if (!t)
			continue;
		ak_bench_load_tsv_page(d, t, len);
		free(t);
	}
	ak_doc_join_pages(d);
	ak_stage_tables(ctx, d);
	ak_buf_init(&b, 0);
	ak_tables_write_json(&b, d);
	if (!b.err)
		printf("%s\n", b.ptr);
	ak_buf_release(&b);
	ak_doc_free(&d);
	return 0;
}

static int run_one(struct ak_ctx *ctx, const char *path, const char *text, size_t n,
                   int print, size_t *ntables, size_t *nnumbers)
{
	struct doc *d = NULL;
	struct ak_page *pg;
	int rc;

	if (ak_doc_new(&d, path, 0))
		return -1;
	pg = ak_doc_add_page(d);
	if (!pg || !(pg->text = ak_arena_strndup(&d->arena, text, n))) {
		ak_doc_free(&d);
		return -1;
	}
	pg->text_len = n;
	pg->src = AK_SRC_TEXT;
	pg->mean_conf = 100.0f;
	ak_doc_join_pages(d);
	rc = ak_stage_tables(ctx, d);
	/* Numbers in running text too: the whole text once. */
	{
		const char *p = d->text, *end = d->text + d->text_len;
		struct ak_number num;
		while (ak_num_next(&num, &p, end) == 0)
			(*nnumbers)++;
	}
	*ntables += d->ntables;
	if (print) {
		struct ak_buf b;
		ak_buf_init(&b, 0);
		ak_tables_write_json(&b, d);
		if (!b.err)
			printf("%s\n", b.ptr);
		ak_buf_release(&b);
	}
	ak_doc_free(&d);
	return rc;
}

int main(int argc, char **argv)
{
	struct ak_ctx ctx;
	int i, repeat = 0, quiet = 0, first = 1, tsv = 0;
	size_t bytes = 0, ntables = 0, nnumbers = 0;
	double t0, el;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
			repeat = 0;
			for (const char *p = argv[++i]; *p >= '0' && *p <= '9'; p++)
				repeat = repeat * 10 + (*p - '0');
		} else if (strcmp(argv[i], "--quiet") == 0) {
			quiet = 1;
		} else if (strcmp(argv[i], "--tsv") == 0) {
			tsv = 1;
		}
	}
	first = i;
	ak_ctx_init(&ctx, NULL);
	if (tsv) {
		run_tsv(&ctx, argv + first, argc - first);
		ak_ctx_release(&ctx);
		return 0;
	}
	if (!repeat) {
		for (i = first; i < argc; i++) {
			size_t n;
			char *t = ak_bench_slurp(argv[i], &n);
			if (!t) {
				fprintf(stderr, "tables_bench: cannot read %s\n", argv[i]);
				continue;
			}
			run_one(&ctx, argv[i], t, n, !quiet, &ntables, &nnumbers);
			free(t);
		}
		ak_ctx_release(&ctx);
		return 0;
	}
	{
		char **texts = calloc((size_t)argc, sizeof(*texts));
		size_t *lens = calloc((size_t)argc, sizeof(*lens));
		int r;
		for (i = first; i < argc; i++)
			texts[i] = ak_bench_slurp(argv[i], &lens[i]);
		t0 = cpu_now();
		for (r = 0; r < repeat; r++)
			for (i = first; i < argc; i++)
				if (texts[i]) {
					run_one(&ctx, argv[i], texts[i], lens[i], 0, &ntables, &nnumbers);
					bytes += lens[i];
				}
		el = cpu_now() - t0;
		printf("throughput: %zu bytes in %.3f s CPU = %.2f MB/s (one core); %zu tables, %zu numbers\n",
		       bytes, el, el > 0 ? (double)bytes / el / 1e6 : 0.0, ntables, nnumbers);
		for (i = first; i < argc; i++)
			free(texts[i]);
		free(texts);
		free(lens);
	}
	ak_ctx_release(&ctx);
	return 0;
}
