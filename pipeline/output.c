/*
 * output.c - plain text and JSON of a document.
 *
 * Why separate: stages never print; the CLI decides what to show and calls
 * these.  The JSON schema is documented in docs/json.md; fields are only
 * added, never renamed, so scripts keep working.  Floats are printed with a
 * fixed number of decimals so the bytes are stable.
 */
#include "output.h"
#include "repair.h"

#include <string.h>

int ak_write_text(struct ak_buf *b, const struct doc *d)
{
	size_t i;
	for (i = 0; i < d->npages; i++) {
		const struct ak_page *p = &d->pages[i];
		if (i)
			ak_buf_putc(b, '\f');
		ak_buf_put(b, p->text ? p->text : "", p->text_len);
		if (p->text_len && p->text[p->text_len - 1] != '\n')
			ak_buf_putc(b, '\n');
	}
	return b->err;
}

static const char *src_name(enum ak_page_src s)
{
	switch (s) {
	case AK_SRC_TEXT: return "text";
	case AK_SRC_PDF_TEXT: return "pdf-text";
	case AK_SRC_OCR: return "ocr";
	default: return "none";
	}
}

static void json_key(struct ak_buf *b, const char *k)
{
	ak_buf_json_str(b, k, strlen(k));
	ak_buf_putc(b, ':');
}

static void json_str_or_null(struct ak_buf *b, const char *s)
{
	if (s)
		ak_buf_json_str(b, s, strlen(s));
	else
		ak_buf_puts(b, "null");
}

static void write_page(struct ak_buf *b, const struct doc *d, const struct ak_page *p,
                       unsigned flags)
{
	size_t i;

	ak_buf_printf(b, "{\"no\":%d,\"source\":\"%s\",\"source_index\":%d,"
	              "\"width\":%d,\"height\":%d,\"dpi\":%d,\"rotation\":%d,"
	              "\"skew\":%.2f,\"mean_conf\":%.1f,\"nlines\":%zu,\"nwords\":%zu",
	              p->no, src_name(p->src), p->source_index, p->width, p->height,
	              p->dpi, p->rotation, (double)p->skew, (double)p->mean_conf,
	              p->nlines, p->nwords);
	if (d->nparts) { /* a page set: the page's own file */
		ak_buf_puts(b, ",\"file\":");
		json_str_or_null(b, ak_page_path(d, p));
	}
	if (flags & AK_JSON_TIMINGS)
		ak_buf_printf(b, ",\"ocr_ms\":%.1f", p->ocr_ms);
	if (flags & AK_JSON_TEXT) {
		ak_buf_puts(b, ",\"text\":");
		ak_buf_json_str(b, p->text ? p->text : "", p->text_len);
	}
	if (flags & AK_JSON_WORDS) {
		ak_buf_puts(b, ",\"lines\":[");
		for (i = 0; i < p->nlines; i++) {
			const struct ak_line *l = &p->lines[i];
			size_t k;
			if (i)
				ak_buf_putc(b, ',');
			ak_buf_printf(b, "{\"box\":[%d,%d,%d,%d],\"baseline\":%d,\"block\":%u,\"words\":[",
			              l->x0, l->y0, l->x1, l->y1, l->baseline, l->block);
			for (k = 0; k < l->nwords && l->first_word + k < p->nwords; k++) {
				const struct ak_word *w = &p->words[l->first_word + k];
				if (k)
					ak_buf_putc(b, ',');
				ak_buf_puts(b, "{\"text\":");
				ak_buf_json_str(b, w->text ? w->text : "", w->len);
				ak_buf_printf(b, ",\"box\":[%d,%d,%d,%d],\"conf\":%.1f}",
				              w->x0, w->y0, w->x1, w->y1, (double)w->conf);
			}
			ak_buf_puts(b, "]}");
		}
		ak_buf_putc(b, ']');
	}
	ak_buf_putc(b, '}');
}

int ak_write_json(struct ak_buf *b, const struct doc *d, unsigned flags)
{
	size_t i, ns;
	const struct ak_stage *st = ak_stages(&ns);

	ak_buf_putc(b, '{');
	json_key(b, "path");
	json_str_or_null(b, d->path);
	ak_buf_printf(b, ",\"format\":\"%s\",\"bytes\":%llu", ak_format_name(d->format),
	              (unsigned long long)d->size);
	ak_buf_puts(b, ",\"sha256\":");
	json_str_or_null(b, d->hash[0] ? d->hash : NULL);
	ak_buf_puts(b, ",\"encoding\":");
	json_str_or_null(b, d->encoding);
	ak_buf_puts(b, ",\"status\":");
	if (d->err) {
		ak_buf_puts(b, "\"failed\",\"error\":{\"stage\":");
		json_str_or_null(b, d->err_stage);
		ak_buf_printf(b, ",\"code\":%d,\"message\":", d->err);
		ak_buf_json_str(b, d->errmsg, strlen(d->errmsg));
		ak_buf_putc(b, '}');
	} else {
		ak_buf_puts(b, "\"ok\"");
	}
	ak_buf_printf(b, ",\"npages\":%zu,\"pages\":[", d->npages);
	for (i = 0; i < d->npages; i++) {
		if (i)
			ak_buf_putc(b, ',');
		write_page(b, d, &d->pages[i], flags);
	}
	ak_buf_putc(b, ']');
	/* The original text stays in pages[].text; repair adds the repaired
	 * document text and every edit, so nothing is lost or hidden. */
	if (d->text && d->text != d->orig) {
		ak_buf_puts(b, ",\"repair\":{\"text\":");
		ak_buf_json_str(b, d->text, d->text_len);
		ak_buf_puts(b, ",\"edits\":[");
		for (i = 0; i < d->nedits; i++) {
			const struct ak_edit *e = &d->edits[i];
			if (i)
				ak_buf_putc(b, ',');
			ak_buf_printf(b, "{\"page\":%d,\"line\":%d,\"orig_offset\":%u,"
			              "\"offset\":%u,\"before\":", e->page, e->line,
			              e->doc_off, e->new_off);
			json_str_or_null(b, e->before);
			ak_buf_puts(b, ",\"after\":");
			json_str_or_null(b, e->after);
			ak_buf_printf(b, ",\"score\":%.2f,\"reason\":", (double)e->score);
			json_str_or_null(b, e->reason);
			ak_buf_putc(b, '}');
		}
		ak_buf_puts(b, "]}");
	}
	ak_buf_puts(b, ",\"findings\":[");
	for (i = 0; i < d->nfindings; i++) {
		const struct ak_finding *f = &d->findings[i];
		if (i)
			ak_buf_putc(b, ',');
		ak_buf_printf(b, "{\"id\":\"%s\",\"severity\":%d,\"page\":%d,\"line\":%d,"
		              "\"table\":%d,\"row\":%d,\"col\":%d,\"rule\":",
		              ak_finding_name(f->id), (int)ak_finding_severity(f->id), f->page,
		              f->line, f->table, f->row, f->col);
		json_str_or_null(b, f->rule);
		ak_buf_puts(b, ",\"message\":");
		json_str_or_null(b, f->msg);
		ak_buf_putc(b, '}');
	}
	ak_buf_putc(b, ']');
	if (flags & AK_JSON_TIMINGS) {
		ak_buf_puts(b, ",\"stage_ms\":{");
		for (i = 0; i < ns && i < AK_NSTAGES_MAX; i++) {
			if (i)
				ak_buf_putc(b, ',');
			ak_buf_printf(b, "\"%s\":%.1f", st[i].name, d->stage_ms[i]);
		}
		ak_buf_putc(b, '}');
	}
	ak_buf_putc(b, '}');
	return b->err;
}
