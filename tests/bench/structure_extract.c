/*
 * structure_extract.c - bench driver: run the structure stage and print the
 * JSON of `arkiv extract`, one line per document, without the ingest stage.
 * Built by tests/bench/structure_bench.sh against libarkivcore.a; prints
 * nothing of its own but that JSON.
 *
 *   structure_extract [--repair] [--map-orig] FILE...
 *       text files, pages split at '\f'
 *   structure_extract --ocr OCR.jsonl DOC [--repair] [--text-out PATH]
 *       the pages of DOC recorded by `arkiv ocr --format json --words`
 *       (tests/bench/ocr_jsonl.c), as OCR pages with lines and word boxes
 *
 * --repair runs the repair stage (the pipeline's default mode) before
 * structure, as `arkiv run` does.  Offsets in the JSON are then bytes of the
 * repaired text; --text-out writes that text (what the scorer reads), and
 * --map-orig adds "orig_map": [[repaired_start, repaired_end, orig_start,
 * orig_end], ...] for every edit, so a scorer can map offsets back to the
 * input file (gold anchors written against the unrepaired text).
 */
#include "arkiv.h"
#include "bench_io.h"
#include "ocr_jsonl.h"
#include "repair.h"
#include "stages.h"
#include "structure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Edits in document order: where each sits in the repaired d->text and in
 * d->orig (pages joined by '\f' in both). */
static void orig_map(struct ak_buf *b, const struct doc *d)
{
	long delta = 0;
	size_t i;
	ak_buf_puts(b, ",\"orig_map\":[");
	for (i = 0; i < d->nedits; i++) {
		const struct ak_edit *e = &d->edits[i];
		size_t alen = strlen(e->after);
		size_t rs = (size_t)((long)e->doc_off + delta);
		ak_buf_printf(b, "%s[%zu,%zu,%u,%u]", i ? "," : "", rs, rs + alen, e->doc_off,
		              e->doc_off + e->len);
		delta += (long)alen - (long)e->len;
	}
	ak_buf_putc(b, ']');
}

static int emit(struct ak_ctx *ctx, struct doc *d, int repair, int map, const char *text_out)
{
	struct ak_buf b = AK_BUF_INIT;
	int rc = 0;

	if (repair && (rc = ak_stage_repair(ctx, d)) != 0)
		fprintf(stderr, "structure_extract: %s: repair: %s\n", d->path, d->errmsg);
	if (rc == 0)
		ak_structure_run(ctx, d, NULL);
	ak_structure_write_json(&b, d);
	if (map && b.len && b.ptr[b.len - 1] == '}') {
		b.len--;
		orig_map(&b, d);
		ak_buf_putc(&b, '}');
	}
	ak_buf_putc(&b, '\n');
	fwrite(b.ptr, 1, b.len, stdout);
	ak_buf_release(&b);
	if (text_out) {
		FILE *f = fopen(text_out, "wb");
		if (!f || fwrite(d->text ? d->text : "", 1, d->text_len, f) != d->text_len) {
			fprintf(stderr, "structure_extract: cannot write %s\n", text_out);
			rc = -1;
		}
		if (f)
			fclose(f);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct ak_ctx ctx;
	const char *ocr = NULL, *ocr_doc = NULL, *text_out = NULL;
	int i, bad = 0, repair = 0, map = 0;
	char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0, k;

	if (!files)
		return 3;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--repair") == 0)
			repair = 1;
		else if (strcmp(argv[i], "--map-orig") == 0)
			map = 1;
		else if (strcmp(argv[i], "--text-out") == 0 && i + 1 < argc)
			text_out = argv[++i];
		else if (strcmp(argv[i], "--ocr") == 0 && i + 2 < argc)
			ocr = argv[i + 1], ocr_doc = argv[i + 2], i += 2;
		else
			files[nfiles++] = argv[i];
	}
	if (ak_ctx_init(&ctx, NULL) != 0) {
		free(files);
		return 3;
	}
	if (ocr) {
		struct doc *d = NULL;
		long np = -1;
		if (ak_doc_new(&d, ocr_doc, 0) == 0 && (np = ak_ocr_jsonl_load(d, ocr, ocr_doc)) > 0 &&
		    ak_doc_join_pages(d) == 0)
			bad |= emit(&ctx, d, repair, map, text_out) != 0;
		else {
			fprintf(stderr, "structure_extract: %s: no pages of %s (%ld)\n", ocr, ocr_doc, np);
			bad = 1;
		}
		ak_doc_free(&d);
	}
	for (k = 0; k < nfiles; k++) {
		struct doc *d = NULL;
		size_t n;
		char *text = ak_bench_slurp(files[k], &n);
		if (!text) {
			fprintf(stderr, "structure_extract: %s: cannot open\n", files[k]);
			bad = 1;
			continue;
		}
		if (ak_doc_new(&d, files[k], k) == 0 && ak_structure_doc_from_text(d, text, n) == 0)
			bad |= emit(&ctx, d, repair, map, nfiles == 1 ? text_out : NULL) != 0;
		ak_doc_free(&d);
		free(text);
	}
	ak_ctx_release(&ctx);
	free(files);
	return bad;
}
