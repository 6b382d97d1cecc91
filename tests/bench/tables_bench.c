/*
 * tables_bench.c - run the table stage over text files without ingest/OCR:
 * print each document's tables as JSON (one line per file) and, with
 * --repeat N, the throughput of numbers and tables from text.
 *
 *   tables_bench [--repeat N] [--quiet] FILE...
 *
 * Why its own program: the bench and the scorer (tables_score.py) need the
 * tables of text inputs whatever the state of the ingest stage, and a
 * throughput figure for the table stage alone.  Built by tables_bench.sh.
 */
#include "arkiv.h"
#include "numbers.h"
#include "stages.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0;
	if (!f)
		return NULL;
	for (;;) {
		size_t got;
		if (len + 65536 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 131072;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*n = len;
	return buf;
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
	int i, repeat = 0, quiet = 0, first = 1;
	size_t bytes = 0, ntables = 0, nnumbers = 0;
	double t0, el;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
			repeat = 0;
			for (const char *p = argv[++i]; *p >= '0' && *p <= '9'; p++)
				repeat = repeat * 10 + (*p - '0');
		} else if (strcmp(argv[i], "--quiet") == 0) {
			quiet = 1;
		}
	}
	first = i;
	ak_ctx_init(&ctx, NULL);
	if (!repeat) {
		for (i = first; i < argc; i++) {
			size_t n;
			char *t = slurp(argv[i], &n);
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
			texts[i] = slurp(argv[i], &lens[i]);
		t0 = ak_now();
		for (r = 0; r < repeat; r++)
			for (i = first; i < argc; i++)
				if (texts[i]) {
					run_one(&ctx, argv[i], texts[i], lens[i], 0, &ntables, &nnumbers);
					bytes += lens[i];
				}
		el = ak_now() - t0;
		printf("throughput: %zu bytes in %.3f s = %.2f MB/s (one core); %zu tables, %zu numbers\n",
		       bytes, el, el > 0 ? (double)bytes / el / 1e6 : 0.0, ntables, nnumbers);
		for (i = first; i < argc; i++)
			free(texts[i]);
		free(texts);
		free(lens);
	}
	ak_ctx_release(&ctx);
	return 0;
}
