/*
 * fuzz_segment.c - libFuzzer target for the text table segmenter and the
 * table stage on text: the input is one document's text.  The first byte
 * picks a column count and a row relation; every line is split into its
 * numeric tail (ak_seg_tokens) and segmented (ak_seg_readings), then the
 * whole text goes through ak_stage_tables.  Checks: no crash, no read past
 * the input, readings within the caps, and bounded time on adversarial
 * digit runs (the search is capped; libFuzzer's -timeout catches a miss).
 *
 * Without libFuzzer (plain build), the weak main() runs the target over the
 * files named on the command line, so a crash can be replayed anywhere.
 */
#include "stages.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_seg_tok toks[AK_SEG_MAX_TOKENS];
	struct ak_reading rd[AK_SEG_KEEP];
	struct ak_arena a;
	struct ak_ctx ctx;
	struct doc *d = NULL;
	struct ak_page *pg;
	const char *s, *line, *end;
	int rel[4] = { 0, 0, 0, 0 };
	size_t ncols = 3;

	if (size > (1 << 16))
		return 0;
	if (size > 0) {
		ncols = (size_t)(data[0] % AK_TAB_MAX_COLS) + 1;
		if (ncols >= 3 && (data[0] & 0x80)) {
			rel[0] = 1 + (data[0] & 1);
			rel[1] = 0;
			rel[2] = 1;
			rel[3] = (int)ncols - 1;
		}
	}
	ak_arena_init(&a, 0);
	s = (const char *)data;
	end = s + size;
	for (line = s; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line), lab, nt, nr, k;
		nt = ak_seg_tokens(toks, AK_SEG_MAX_TOKENS, line, n, &lab);
		if (nt > AK_SEG_MAX_TOKENS || lab > n)
			abort();
		if (nt) {
			nr = ak_seg_readings(rd, AK_SEG_KEEP, &a, toks, nt, ncols, data[0] & 2, rel);
			if (nr > AK_SEG_KEEP)
				abort();
			for (k = 0; k < nr; k++)
				if (rd[k].nvals != ncols)
					abort();
		}
		line += n + 1;
	}
	ak_arena_release(&a);

	/* The whole stage on the text (a NUL-free copy in the arena). */
	if (ak_doc_new(&d, "fuzz.txt", 0) != 0)
		return 0;
	pg = ak_doc_add_page(d);
	if (pg && (pg->text = ak_arena_strndup(&d->arena, s, size)) != NULL) {
		pg->text_len = strlen(pg->text);
		pg->src = AK_SRC_TEXT;
		if (ak_doc_join_pages(d) == 0) {
			struct ak_buf b;
			memset(&ctx, 0, sizeof(ctx)); /* the stage reads nothing from it */
			ak_stage_tables(&ctx, d);
			ak_buf_init(&b, 0);
			ak_tables_write_json(&b, d);
			ak_tables_write_tsv(&b, d);
			ak_buf_release(&b);
		}
	}
	ak_doc_free(&d);
	return 0;
}

#include "fuzz_replay.h"
