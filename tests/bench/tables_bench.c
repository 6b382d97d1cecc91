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
#include "numbers.h"
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

/* Integer field (may be negative), cursor style. */
static long field_long(const char *p, const char *e)
{
	long v = 0;
	int neg = 0;
	if (p < e && *p == '-') {
		neg = 1;
		p++;
	}
	while (p < e && *p >= '0' && *p <= '9' && v < 100000000)
		v = v * 10 + (*p++ - '0');
	return neg ? -v : v;
}

/* One page from tesseract's TSV output (level 4 lines, level 5 words). */
static int load_tsv_page(struct doc *d, const char *buf, size_t n)
{
	struct ak_page *pg = ak_doc_add_page(d);
	struct ak_buf text;
	const char *p = buf, *end = buf + n;
	size_t capw = 0, capl = 0;
	long cur_key = -1, pending_base = 0;

	if (!pg)
		return -1;
	pg->src = AK_SRC_OCR;
	ak_buf_init(&text, 0);
	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p)), *f[12];
		size_t nf = 0;
		const char *q = p;
		if (!le)
			le = end;
		f[nf++] = q;
		while (q < le && nf < 12) {
			if (*q == '\t')
				f[nf++] = q + 1;
			q++;
		}
		if (nf == 12 && *p >= '0' && *p <= '9') {
			long level = field_long(f[0], le);
			long key = field_long(f[2], le) * 1000000 + field_long(f[3], le) * 1000 + field_long(f[4], le);
			long x = field_long(f[6], le), y = field_long(f[7], le);
			long w = field_long(f[8], le), h = field_long(f[9], le);
			long conf = field_long(f[10], le);
			const char *t = f[11];
			size_t tl = (size_t)(le - t);
			while (tl && (t[tl - 1] == '\r' || t[tl - 1] == ' '))
				tl--;
			if (level == 1) {
				pg->width = (int)w;
				pg->height = (int)h;
			} else if (level == 4 && tl > 9 && memcmp(t, "baseline=", 9) == 0) {
				pending_base = field_long(t + 9, t + tl);
			} else if (level == 5 && tl) {
				struct ak_word *wd;
				struct ak_line *ln;
				if (key != cur_key) {
					if (pg->nlines)
						ak_buf_putc(&text, '\n');
					pg->lines = ak_arena_grow(&d->arena, pg->lines, pg->nlines, &capl, sizeof(*pg->lines));
					if (!pg->lines)
						return -1;
					ln = &pg->lines[pg->nlines++];
					memset(ln, 0, sizeof(*ln));
					ln->first_word = (uint32_t)pg->nwords;
					ln->x0 = (int)x;
					ln->y0 = (int)y;
					ln->x1 = (int)(x + w);
					ln->y1 = (int)(y + h);
					ln->off = (uint32_t)text.len;
					ln->baseline = (int)pending_base;
					pending_base = 0;
					cur_key = key;
				} else {
					ak_buf_putc(&text, ' ');
				}
				ln = &pg->lines[pg->nlines - 1];
				pg->words = ak_arena_grow(&d->arena, pg->words, pg->nwords, &capw, sizeof(*pg->words));
				if (!pg->words)
					return -1;
				wd = &pg->words[pg->nwords++];
				memset(wd, 0, sizeof(*wd));
				wd->text = ak_arena_strndup(&d->arena, t, tl);
				wd->off = (uint32_t)text.len;
				wd->len = (uint32_t)tl;
				wd->x0 = (int)x;
				wd->y0 = (int)y;
				wd->x1 = (int)(x + w);
				wd->y1 = (int)(y + h);
				wd->conf = (float)conf;
				wd->line = (uint32_t)(pg->nlines - 1);
				ak_buf_put(&text, t, tl);
				ln->nwords++;
				if (wd->x0 < ln->x0) ln->x0 = wd->x0;
				if (wd->y0 < ln->y0) ln->y0 = wd->y0;
				if (wd->x1 > ln->x1) ln->x1 = wd->x1;
				if (wd->y1 > ln->y1) ln->y1 = wd->y1;
				ln->len = (uint32_t)(text.len - ln->off);
			}
		}
		p = le + 1;
	}
	/* Baseline: bottom of the line box (tesseract TSV has none). */
	{
		size_t i;
		for (i = 0; i < pg->nlines; i++)
			if (!pg->lines[i].baseline)
				pg->lines[i].baseline = pg->lines[i].y1;
	}
	ak_buf_putc(&text, '\n');
	pg->text = ak_arena_strndup(&d->arena, text.ptr ? text.ptr : "", text.len);
	pg->text_len = text.len;
	ak_buf_release(&text);
	return 0;
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
		char *t = slurp(files[i], &len);
		if (!t)
			continue;
		load_tsv_page(d, t, len);
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
