/*
 * tables_out.c - the tables of a document as TSV and JSON.
 *
 * Why separate from output.c: the table model is this extractor's, and its
 * serialisation changes with it; output.c stays about pages and words.
 * Output is a pure function of the document (stable bytes; no timings).
 * JSON schema (docs/tables.md): {"path", "tables": [{"id", "source",
 * "title", "page", "lines", "ncols", "has_note", "scale", "relation",
 * "header", "rows": [{"kind", "label", "marks", "note", "lines",
 * "ambiguous", "cells": [null | {"raw", "value", "v", "dec", "scale",
 * "unit", "box", "conf"}], "alts": [{"score", "chosen", "loose", "note",
 * "values"}]}]}]}.
 */
#include "tables.h"

#include <string.h>

static const char *src_name(enum ak_table_src s)
{
	switch (s) {
	case AK_TSRC_TAB: return "tab";
	case AK_TSRC_PIPE: return "pipe";
	case AK_TSRC_SPACE: return "text";
	case AK_TSRC_GEOM: return "ocr";
	}
	return "?";
}

static const char *kind_name(enum ak_row_kind k)
{
	switch (k) {
	case AK_ROW_DATA: return "data";
	case AK_ROW_HEADER: return "header";
	case AK_ROW_SECTION: return "section";
	case AK_ROW_SUBTOTAL: return "subtotal";
	case AK_ROW_TOTAL: return "total";
	}
	return "?";
}

static void jstr(struct ak_buf *b, const char *p, size_t n)
{
	if (!p)
		ak_buf_puts(b, "null");
	else
		ak_buf_json_str(b, p, n);
}

static void write_rel(struct ak_buf *b, const int rel[4])
{
	if (!rel[0]) {
		ak_buf_puts(b, "null");
		return;
	}
	ak_buf_printf(b, "\"c%d = c%d %c c%d\"", rel[3] + 1, rel[1] + 1, rel[0] == 1 ? '-' : '+',
	              rel[2] + 1);
}

static void write_cell(struct ak_buf *b, const struct ak_cell *c)
{
	char canon[48];
	if (!c->raw.n) {
		ak_buf_puts(b, "null");
		return;
	}
	ak_buf_puts(b, "{\"raw\":");
	jstr(b, c->raw.p, c->raw.n);
	if (c->has_value) {
		ak_num_canon(&c->num, canon, sizeof(canon));
		ak_buf_printf(b, ",\"value\":\"%s\",\"v\":%lld,\"dec\":%d,\"scale\":%d,\"kind\":\"%s\"",
		              canon, (long long)c->num.v, c->num.dec, c->num.scale,
		              ak_num_kind_name(c->num.kind));
	} else {
		ak_buf_puts(b, ",\"value\":null");
	}
	if (c->x1 > c->x0)
		ak_buf_printf(b, ",\"box\":[%d,%d,%d,%d]", c->x0, c->y0, c->x1, c->y1);
	ak_buf_printf(b, ",\"conf\":%.1f}", (double)c->conf);
}

static void write_row(struct ak_buf *b, const struct ak_row *r)
{
	size_t k, j;
	ak_buf_printf(b, "{\"kind\":\"%s\",\"label\":", kind_name(r->kind));
	jstr(b, r->label.p ? r->label.p : "", r->label.n);
	if (r->marks.n) {
		ak_buf_puts(b, ",\"marks\":");
		jstr(b, r->marks.p, r->marks.n);
	}
	if (r->note.n) {
		ak_buf_puts(b, ",\"note\":");
		jstr(b, r->note.p, r->note.n);
	}
	if (r->nnotes) {
		int q;
		ak_buf_puts(b, ",\"notes\":[");
		for (q = 0; q < r->nnotes; q++)
			ak_buf_printf(b, "%s%d", q ? "," : "", r->notes[q]);
		ak_buf_putc(b, ']');
	}
	ak_buf_printf(b, ",\"page\":%d,\"lines\":[%d,%d]", r->page, r->line0, r->line1);
	if (r->nalts)
		ak_buf_printf(b, ",\"ambiguous\":%s", r->ambiguous ? "true" : "false");
	ak_buf_puts(b, ",\"cells\":[");
	for (k = 0; k < r->ncells; k++) {
		if (k)
			ak_buf_putc(b, ',');
		write_cell(b, &r->cells[k]);
	}
	ak_buf_putc(b, ']');
	if (r->nalts) {
		ak_buf_puts(b, ",\"alts\":[");
		for (k = 0; k < r->nalts; k++) {
			const struct ak_reading *a = &r->alts[k];
			if (k)
				ak_buf_putc(b, ',');
			ak_buf_printf(b, "{\"score\":%d,\"chosen\":%s,\"loose\":%d,\"note\":%d,\"values\":[",
			              a->score, a->chosen ? "true" : "false", a->loose, a->note);
			for (j = 0; j < a->nvals; j++) {
				if (j)
					ak_buf_putc(b, ',');
				if (a->present[j])
					ak_buf_printf(b, "%lld", (long long)a->vals[j]);
				else
					ak_buf_puts(b, "null");
			}
			ak_buf_puts(b, "]}");
		}
		ak_buf_putc(b, ']');
	}
	ak_buf_putc(b, '}');
}

int ak_tables_write_json(struct ak_buf *b, const struct doc *d)
{
	size_t i, k;
	ak_buf_puts(b, "{\"path\":");
	jstr(b, d->path, d->path ? strlen(d->path) : 0);
	ak_buf_puts(b, ",\"tables\":[");
	for (i = 0; i < d->ntables; i++) {
		const struct ak_table *t = &d->tables[i];
		if (i)
			ak_buf_putc(b, ',');
		ak_buf_printf(b, "{\"id\":%zu,\"source\":\"%s\",\"title\":", i + 1, src_name(t->src));
		jstr(b, t->title, t->title ? strlen(t->title) : 0);
		ak_buf_printf(b, ",\"page\":%d,\"lines\":[%d,%d],\"ncols\":%zu,\"has_note\":%s,\"scale\":%d,"
		              "\"relation\":",
		              t->page, t->line0, t->line1, t->ncols, t->has_note ? "true" : "false",
		              t->scale);
		write_rel(b, t->relation);
		ak_buf_puts(b, ",\"header\":[");
		for (k = 0; k < t->ncols; k++) {
			if (k)
				ak_buf_putc(b, ',');
			jstr(b, t->header ? t->header[k] : NULL,
			     t->header && t->header[k] ? strlen(t->header[k]) : 0);
		}
		ak_buf_puts(b, "],\"rows\":[");
		for (k = 0; k < t->nrows; k++) {
			if (k)
				ak_buf_putc(b, ',');
			write_row(b, &t->rows[k]);
		}
		ak_buf_puts(b, "]}");
	}
	ak_buf_puts(b, "]}");
	return b->err;
}

/* TSV fields never hold a TAB or newline: those become spaces. */
static void tsv_field(struct ak_buf *b, const char *p, size_t n)
{
	size_t i;
	for (i = 0; p && i < n; i++)
		ak_buf_putc(b, (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') ? ' ' : p[i]);
}

int ak_tables_write_tsv(struct ak_buf *b, const struct doc *d)
{
	size_t i, k, c;
	ak_buf_puts(b, "path\ttable\tpage\trow\tkind\tlabel\tnote\tcol\theader\traw\tvalue\n");
	for (i = 0; i < d->ntables; i++) {
		const struct ak_table *t = &d->tables[i];
		for (k = 0; k < t->nrows; k++) {
			const struct ak_row *r = &t->rows[k];
			for (c = 0; c < r->ncells; c++) {
				const struct ak_cell *cl = &r->cells[c];
				char canon[48] = "";
				if (!cl->raw.n && r->kind != AK_ROW_SECTION)
					continue;
				if (r->kind == AK_ROW_SECTION && c > 0)
					break;
				if (cl->has_value)
					ak_num_canon(&cl->num, canon, sizeof(canon));
				tsv_field(b, d->path, d->path ? strlen(d->path) : 0);
				ak_buf_printf(b, "\t%zu\t%d\t%zu\t%s\t", i + 1, r->page, k + 1,
				              kind_name(r->kind));
				tsv_field(b, r->label.p, r->label.n);
				ak_buf_putc(b, '\t');
				tsv_field(b, r->note.p, r->note.n);
				ak_buf_printf(b, "\t%zu\t", c + 1);
				if (t->header && t->header[c])
					tsv_field(b, t->header[c], strlen(t->header[c]));
				ak_buf_putc(b, '\t');
				tsv_field(b, cl->raw.p, cl->raw.n);
				ak_buf_printf(b, "\t%s\n", canon);
			}
		}
	}
	return b->err;
}
