/*
 * checks_bench.c - runs the checker over the fault-injection bench's grid
 * file (inject_faults.py) and prints one JSON line per grid with every check
 * that does not hold exactly.  Scored by checks_score.py.
 *
 * Why a separate driver: the bench's tables carry their provenance
 * ("#grid ID src=ocr|digital") which a plain text file cannot, and each
 * grid is checked on its own so one table's figures never explain
 * another's.  Built by checks_bench.sh against the build's libarkivcore.a.
 *
 *   checks_bench GRIDS.txt
 *   checks_bench --tsv TABLES.jsonl PAGE.tsv...
 *
 * --tsv: each PAGE.tsv (tesseract-style TSV of one OCR'd page, made from
 * cached `arkiv ocr --format json --words` output by ocr_to_tsv.py) is one
 * document, run through the pipeline's own stages after OCR (repair,
 * structure, tables, check) exactly as `arkiv check` runs them on the
 * image; prints `arkiv check --format json` lines and appends `arkiv tables
 * --format json` lines to TABLES.jsonl.  So the scan benches can re-check
 * hundreds of pages in seconds instead of re-running OCR.
 */
#include "checks.h"
#include "ocr_tsv.h"
#include "stages.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void run_one(const char *id, enum ak_grid_src src, const char *p, size_t n,
                    double *secs, size_t *nchecks)
{
	struct ak_arena a;
	struct ak_grid *g = NULL;
	struct ak_checklist cl;
	struct timespec t0, t1;
	size_t ng = 0, i;

	ak_arena_init(&a, 0);
	memset(&cl, 0, sizeof(cl));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ak_grids_from_text(&a, p, n, &g, &ng) == 0) {
		for (i = 0; i < ng; i++)
			g[i].src = src;
		ak_checks_run(&a, g, ng, &cl);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	*nchecks += cl.n;
	printf("{\"id\":\"%s\",\"grids\":%zu,\"checks\":%zu,\"held\":%zu,\"findings\":[", id, ng, cl.n,
	       cl.held);
	{
		int first = 1;
		for (i = 0; i < cl.n; i++) {
			const struct ak_check *c = &cl.v[i];
			if (c->cls == AK_CHK_HELD)
				continue;
			printf("%s{\"class\":\"%s\",\"rule\":\"%s\",\"row\":%u,\"col\":%u,\"diff\":%lld",
			       first ? "" : ",", ak_check_class_name(c->cls), c->rule, c->target.row + 1,
			       c->target.col + 1, (long long)c->diff);
			if (c->has_suspect)
				printf(",\"suspect\":{\"row\":%u,\"col\":%u,\"reading\":%lld,\"edit\":\"%s\","
				       "\"support\":%d}",
				       c->suspect.row + 1, c->suspect.col + 1, (long long)c->suggested,
				       ak_edit_name(c->edit), c->support);
			printf("}");
			first = 0;
		}
	}
	printf("]}\n");
	ak_arena_release(&a);
}

/* ---------------------------------------------------------- --tsv */

static int run_tsv(const char *tables_out, char **files, int n)
{
	struct ak_ctx ctx;
	FILE *tf = fopen(tables_out, "ab");
	int i;
	if (!tf) {
		perror(tables_out);
		return 1;
	}
	if (ak_ctx_init(&ctx, NULL) != 0) {
		fclose(tf);
		return 3;
	}
	for (i = 0; i < n; i++) {
		struct doc *d = NULL;
		struct ak_buf b;
		size_t len;
		char *t = ak_bench_slurp(files[i], &len);
		if (!t || ak_doc_new(&d, files[i], (size_t)i) != 0 || ak_bench_load_tsv_page(d, t, len) != 0 ||
		    ak_doc_join_pages(d) != 0) {
			fprintf(stderr, "checks_bench: cannot load %s\n", files[i]);
			free(t);
			ak_doc_free(&d);
			continue;
		}
		free(t);
		d->format = AK_FMT_PNG;
		if (ak_stage_repair(&ctx, d) == 0 && ak_stage_structure(&ctx, d) == 0 &&
		    ak_stage_tables(&ctx, d) == 0)
			ak_stage_check(&ctx, d);
		ak_buf_init(&b, 0);
		ak_checks_write_json(&b, d);
		if (!b.err)
			printf("%s\n", b.ptr);
		ak_buf_reset(&b);
		ak_tables_write_json(&b, d);
		if (!b.err)
			fprintf(tf, "%s\n", b.ptr);
		ak_buf_release(&b);
		ak_doc_free(&d);
	}
	fclose(tf);
	ak_ctx_release(&ctx);
	return 0;
}

int main(int argc, char **argv)
{
	FILE *f;
	char *buf;
	long len;
	size_t i, start = 0, ngrids = 0, nchecks = 0;
	char id[64] = "";
	enum ak_grid_src src = AK_GRID_UNKNOWN;
	double secs = 0;

	if (argc >= 3 && strcmp(argv[1], "--tsv") == 0)
		return run_tsv(argv[2], argv + 3, argc - 3);
	if (argc != 2) {
		fprintf(stderr, "usage: checks_bench GRIDS.txt | --tsv TABLES.jsonl PAGE.tsv...\n");
		return 2;
	}
	if (!(f = fopen(argv[1], "rb")) || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(argv[1]);
		return 1;
	}
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "checks_bench: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	buf[len] = '\0';
	for (i = 0; i <= (size_t)len; i++) {
		int at_hdr = i < (size_t)len && (i == 0 || buf[i - 1] == '\n') &&
		             strncmp(buf + i, "#grid ", 6) == 0;
		if (!at_hdr && i < (size_t)len)
			continue;
		if (id[0]) {
			run_one(id, src, buf + start, i - start, &secs, &nchecks);
			ngrids++;
		}
		if (i < (size_t)len) {
			const char *e = strchr(buf + i, '\n');
			size_t k = 0;
			const char *q = buf + i + 6;
			while (*q && *q != ' ' && *q != '\n' && k + 1 < sizeof(id))
				id[k++] = *q++;
			id[k] = '\0';
			src = strstr(q, "src=digital") && (!e || strstr(q, "src=digital") < e)
			      ? AK_GRID_DIGITAL : AK_GRID_OCR;
			start = e ? (size_t)(e - buf) + 1 : (size_t)len;
			i = start - 1;
		}
	}
	fprintf(stderr, "checks_bench: %zu grids, %zu checks in %.3f s (%.0f grids/s)\n", ngrids,
	        nchecks, secs, secs > 0 ? (double)ngrids / secs : 0.0);
	free(buf);
	return 0;
}
