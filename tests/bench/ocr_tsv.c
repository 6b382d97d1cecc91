/*
 * ocr_tsv.c - OCR'd pages from tesseract-style TSV, for the benches
 * (tables_bench.c, checks_bench.c).
 *
 * Why one file: both benches rebuild a page as the OCR stage would have
 * left it (words with boxes and confidences, lines with baselines, page
 * size, dpi, mean confidence) from TSV; two copies drifted apart (line
 * keys, blocks, dpi), so there is one loader.
 */
#include "ocr_tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One OCR'd page from TSV (level 1 page, level 4 lines with "baseline=N",
 * level 5 words), as the OCR stage would have left it. */
int ak_bench_load_tsv_page(struct doc *d, const char *buf, size_t n)
{
	struct ak_page *pg = ak_doc_add_page(d);
	struct ak_buf text;
	const char *p = buf, *end = buf + n;
	size_t capw = 0, capl = 0, i;
	long cur_key = -1, pending_base = 0;
	double confsum = 0;

	if (!pg)
		return -1;
	pg->src = AK_SRC_OCR;
	pg->dpi = 300;
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
			long block = field_long(f[2], le);
			long key = block * 1000000 + field_long(f[3], le) * 1000 + field_long(f[4], le);
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
					pg->lines = ak_arena_grow(&d->arena, pg->lines, pg->nlines, &capl,
					                          sizeof(*pg->lines));
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
					ln->block = (uint32_t)block;
					pending_base = 0;
					cur_key = key;
				} else {
					ak_buf_putc(&text, ' ');
				}
				ln = &pg->lines[pg->nlines - 1];
				pg->words = ak_arena_grow(&d->arena, pg->words, pg->nwords, &capw,
				                          sizeof(*pg->words));
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
				confsum += (double)conf;
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
	for (i = 0; i < pg->nlines; i++)
		if (!pg->lines[i].baseline)
			pg->lines[i].baseline = pg->lines[i].y1;
	ak_buf_putc(&text, '\n');
	pg->text = ak_arena_strndup(&d->arena, text.ptr ? text.ptr : "", text.len);
	pg->text_len = text.len;
	pg->mean_conf = pg->nwords ? (float)(confsum / (double)pg->nwords) : 0.0f;
	ak_buf_release(&text);
	return pg->text ? 0 : -1;
}
