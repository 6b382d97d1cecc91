/*
 * store_doc.c - the document model turned into the store's plain rows.
 *
 * Why separate from the adapter: the adapter (store_sqlite.c) knows SQL and
 * nothing of struct doc; this file knows struct doc and nothing of SQL.  When
 * an extractor's structures land (structure.h, tables.h, repair.h, checks),
 * wiring them is one loop here filling the matching ak_store_*_row.
 *
 * Invariants: one document = one transaction (begin ... commit, rollback on
 * the first error); a failed document is written as its document row only,
 * never with half of its data; the repaired text of a page is stored only
 * when it differs from the original (NULL means "same").
 */
#include "store.h"

#include <stdio.h>
#include <string.h>

const char *ak_store_pipeline_version(const struct ak_config *cfg, char *buf,
                                      size_t n)
{
	static const char *const repair[] = { "off", "safe", "full" };
	unsigned r = (unsigned)cfg->repair;

	snprintf(buf, n, "%s;repair=%s;lang=%s;dpi=%d;prep=%u", AK_PIPELINE_VERSION,
	         r < 3 ? repair[r] : "?", cfg->lang ? cfg->lang : "", cfg->render_dpi,
	         cfg->prep);
	return buf;
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

/* The repaired text of page i: the i-th '\f'-separated piece of d->text
 * when repair changed the document and kept its pages; else NULL. */
static const char *repaired_piece(const struct doc *d, size_t i, size_t *len)
{
	const char *p, *end, *q;
	size_t k = 0;

	*len = 0;
	if (!d->text || d->text == d->orig)
		return NULL;
	p = d->text;
	end = d->text + d->text_len;
	while (k < i) {
		q = memchr(p, '\f', (size_t)(end - p));
		if (!q)
			return NULL;
		p = q + 1;
		k++;
	}
	q = memchr(p, '\f', (size_t)(end - p));
	*len = (size_t)((q ? q : end) - p);
	return p;
}

static int count_pages(const struct doc *d)
{
	size_t n = 1;
	const char *p;
	if (!d->text || d->text == d->orig)
		return (int)d->npages;
	for (p = d->text; p < d->text + d->text_len; p++)
		n += *p == '\f';
	return (int)n;
}

static int put_pages(struct ak_store *s, const struct doc *d)
{
	size_t i;
	/* Repair must keep the page breaks; if it did not, the repaired text
	 * cannot be split by page and is kept whole on page 1. */
	int split = count_pages(d) == (int)d->npages;

	for (i = 0; i < d->npages; i++) {
		const struct ak_page *pg = &d->pages[i];
		struct ak_store_page_row r;
		int rc;

		memset(&r, 0, sizeof(r));
		r.no = pg->no;
		r.source = src_name(pg->src);
		r.source_index = pg->source_index;
		r.width = pg->width;
		r.height = pg->height;
		r.dpi = pg->dpi;
		r.rotation = pg->rotation;
		r.skew = pg->skew;
		r.mean_conf = pg->mean_conf;
		r.nwords = (int)pg->nwords;
		r.nlines = (int)pg->nlines;
		r.err = pg->err;
		r.original = pg->text ? pg->text : "";
		r.original_len = pg->text ? pg->text_len : 0;
		if (split) {
			r.repaired = repaired_piece(d, i, &r.repaired_len);
		} else if (i == 0 && d->text && d->text != d->orig) {
			r.repaired = d->text;
			r.repaired_len = d->text_len;
		}
		if (r.repaired && r.repaired_len == r.original_len &&
		    memcmp(r.repaired, r.original, r.original_len) == 0)
			r.repaired = NULL;
		if ((rc = ak_store_put_page(s, &r)) != 0)
			return rc;
	}
	return 0;
}

static int put_findings(struct ak_store *s, const struct doc *d)
{
	size_t i;
	for (i = 0; i < d->nfindings; i++) {
		const struct ak_finding *f = &d->findings[i];
		struct ak_store_finding_row r;
		int rc;

		memset(&r, 0, sizeof(r));
		r.name = ak_finding_name(f->id);
		r.severity = (int)ak_finding_severity(f->id);
		r.page = f->page;
		r.line = f->line;
		r.table = f->table;
		r.row = f->row;
		r.col = f->col;
		r.rule = f->rule;
		r.message = f->msg;
		if ((rc = ak_store_put_finding(s, &r)) != 0)
			return rc;
	}
	return 0;
}

static int failed(struct ak_store *s, int rc, char *err, size_t errlen, int held)
{
	if (err)
		snprintf(err, errlen, "%s", ak_store_errmsg(s));
	if (held)
		ak_store_rollback_doc(s);
	return rc;
}

int ak_store_write_doc(struct ak_store *s, const struct ak_config *cfg,
                       const struct doc *d, char *err, size_t errlen)
{
	struct ak_store_doc_row r;
	char ver[256];
	int rc;

	memset(&r, 0, sizeof(r));
	r.hash = d->hash;
	r.path = d->path;
	r.format = ak_format_name(d->format);
	r.pages = (int)d->npages;
	r.bytes = (int64_t)d->size;
	r.encoding = d->encoding;
	r.pipeline_version = ak_store_pipeline_version(cfg, ver, sizeof(ver));
	/* kind, organisation, date, year: from d->meta once structure.h lands. */
	if (d->err) {
		r.err = d->err;
		r.err_stage = d->err_stage;
		r.error = d->errmsg;
		if ((rc = ak_store_begin_doc(s, &r)) != 0)
			return failed(s, rc, err, errlen, 0);
		if ((rc = ak_store_commit_doc(s)) != 0)
			return failed(s, rc, err, errlen, 0);
		return 0;
	}
	if ((rc = ak_store_begin_doc(s, &r)) != 0)
		return failed(s, rc, err, errlen, 0);
	if ((rc = put_pages(s, d)) != 0 || (rc = put_findings(s, d)) != 0)
		return failed(s, rc, err, errlen, 1);
	/* Edits, sections, decisions, attendees, tables, cells and checks are
	 * written here with ak_store_put_* once their structures land. */
	if ((rc = ak_store_commit_doc(s)) != 0)
		return failed(s, rc, err, errlen, 0);
	return 0;
}
