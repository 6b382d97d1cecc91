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

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "repair.h"
#include "structure.h"
#include "tables.h"
#include "checks.h"

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
		r.file = d->nparts ? ak_page_path(d, pg) : NULL;
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

/* The repair log: offsets made relative to the page's original text. */
static int put_edits(struct ak_store *s, const struct doc *d)
{
	size_t i;
	for (i = 0; i < d->nedits; i++) {
		const struct ak_edit *e = &d->edits[i];
		struct ak_store_edit_row r;
		size_t base = e->page > 0 ? ak_doc_page_offset(d, (size_t)e->page - 1) : 0;
		int rc;

		memset(&r, 0, sizeof(r));
		r.page = e->page;
		r.offset = e->doc_off >= base ? (int64_t)(e->doc_off - base) : (int64_t)e->doc_off;
		r.before = e->before;
		r.after = e->after;
		r.score = e->score;
		r.rule = e->reason;
		if ((rc = ak_store_put_edit(s, &r)) != 0)
			return rc;
	}
	return 0;
}

static void meta_row(const struct doc *d, struct ak_store_doc_row *r)
{
	const struct ak_meta *m = d->meta;
	if (!m)
		return;
	r->kind = ak_doc_kind_name(m->kind);
	r->organisation = m->organisation;
	r->date = m->date;
	r->year = m->year;
}

/* A span of d->text as a NUL-terminated string in buf (cut at its cap). */
static const char *span_str(struct ak_buf *buf, const struct doc *d, size_t a, size_t b)
{
	ak_buf_reset(buf);
	if (d->text && a < b && b <= d->text_len)
		ak_buf_put(buf, d->text + a, b - a);
	return buf->ptr && !buf->err ? buf->ptr : "";
}

/* "§ 4" for a minutes item, else the number as printed ("1.2.3", "3"). */
static const char *section_number(char *buf, size_t n, const struct ak_section *sec)
{
	if (!sec->number)
		return NULL;
	if (sec->kind == AK_SEC_ITEM) {
		snprintf(buf, n, "§ %s", sec->number);
		return buf;
	}
	if (sec->kind == AK_SEC_NOTE) {
		snprintf(buf, n, "Not %s", sec->number);
		return buf;
	}
	if (sec->kind == AK_SEC_APPENDIX) {
		snprintf(buf, n, "Bilaga %s", sec->number);
		return buf;
	}
	return sec->number;
}

static int put_structure(struct ak_store *s, const struct doc *d)
{
	const struct ak_meta *m = d->meta;
	struct ak_buf body;
	char num[64];
	size_t i, k;
	int rc = 0, seq = 0;

	ak_buf_init(&body, (size_t)64 << 20);
	for (i = 0; i < d->nsections && !rc; i++) {
		const struct ak_section *sec = &d->sections[i];
		struct ak_store_section_row r;
		memset(&r, 0, sizeof(r));
		r.seq = (int)i + 1;
		r.number = section_number(num, sizeof(num), sec);
		r.title = sec->title;
		r.body = span_str(&body, d, sec->body_start, sec->end);
		r.kind = ak_sec_kind_name(sec->kind);
		r.page_from = sec->page_first;
		r.page_to = sec->page_last;
		rc = ak_store_put_section(s, &r);
	}
	for (i = 0; i < d->ndecisions && !rc; i++) {
		const struct ak_decision *dec = &d->decisions[i];
		const struct ak_section *sec =
			dec->section < d->nsections ? &d->sections[dec->section] : NULL;
		struct ak_store_decision_row r;
		memset(&r, 0, sizeof(r));
		r.seq = ++seq;
		r.section_seq = sec ? (int)dec->section + 1 : 0;
		r.date = m ? m->date : NULL;
		r.paragraph = sec ? section_number(num, sizeof(num), sec) : NULL;
		r.title = sec ? sec->title : NULL;
		r.text = dec->text;
		r.type = ak_dec_type_name(dec->type);
		r.kind = ak_dec_kind_name(dec->kind);
		r.follows = dec->follows == 1 ? 1 : dec->follows == 0 ? 2 : 0;
		/* the item's proposal, for a decision */
		for (k = 0; dec->kind == AK_DEC_DECISION && sec && k < d->ndecisions; k++)
			if (d->decisions[k].kind == AK_DEC_PROPOSAL &&
			    d->decisions[k].section == dec->section) {
				r.proposal = d->decisions[k].text;
				break;
			}
		r.page = dec->page;
		rc = ak_store_put_decision(s, &r);
	}
	for (i = 0; i < d->nattendees && !rc; i++) {
		const struct ak_attendee *a = &d->attendees[i];
		struct ak_store_attendee_row r;
		memset(&r, 0, sizeof(r));
		r.seq = (int)i + 1;
		r.name = a->name;
		r.role = a->role;
		r.party = a->party;
		r.body = a->body;
		r.present = !(a->role && strcmp(a->role, "frånvarande") == 0);
		rc = ak_store_put_attendee(s, &r);
	}
	ak_buf_release(&body);
	return rc;
}

static int put_tables(struct ak_store *s, const struct doc *d)
{
	struct ak_buf label, raw;
	size_t i, j, k;
	int rc = 0;

	ak_buf_init(&label, 1 << 16);
	ak_buf_init(&raw, 1 << 16);
	for (i = 0; i < d->ntables && !rc; i++) {
		const struct ak_table *t = &d->tables[i];
		struct ak_store_table_row tr;
		memset(&tr, 0, sizeof(tr));
		tr.no = (int)i + 1;
		tr.title = t->title;
		tr.page = t->page;
		tr.line_from = t->line0;
		tr.line_to = t->line1;
		tr.nrows = (int)t->nrows;
		tr.ncols = (int)t->ncols;
		rc = ak_store_put_table(s, &tr);
		for (j = 0; j < t->nrows && !rc; j++) {
			const struct ak_row *row = &t->rows[j];
			ak_buf_reset(&label);
			ak_buf_put(&label, row->label.p ? row->label.p : "", row->label.n);
			for (k = 0; k < row->ncells && !rc; k++) {
				const struct ak_cell *c = &row->cells[k];
				struct ak_store_cell_row r;
				int scale;
				memset(&r, 0, sizeof(r));
				r.table = (int)i + 1;
				r.row = (int)j + 1;
				r.col = (int)k + 1;
				r.label = label.ptr && !label.err ? label.ptr : "";
				r.header = t->header && k < t->ncols ? t->header[k] : NULL;
				ak_buf_reset(&raw);
				ak_buf_put(&raw, c->raw.p ? c->raw.p : "", c->raw.n);
				r.raw = raw.ptr && !raw.err ? raw.ptr : "";
				/* value in units of 10^scale: the cell's own unit, else
				 * the table's stated one; decimals lower the power */
				scale = c->num.unit == AK_UNIT_NONE && t->scale > 0 ? t->scale
				                                                     : c->num.scale;
				r.has_value = c->has_value;
				r.value = c->num.v;
				r.scale = scale - c->num.dec;
				r.unit = c->num.unit == AK_UNIT_PERCENT ? "%"
				         : c->num.unit == AK_UNIT_KR || t->scale >= 0 ? "kr" : NULL;
				r.page = row->page;
				r.x0 = c->x0;
				r.y0 = c->y0;
				r.x1 = c->x1;
				r.y1 = c->y1;
				r.conf = c->x1 > c->x0 ? c->conf : -1;
				r.is_total = row->kind == AK_ROW_SUBTOTAL || row->kind == AK_ROW_TOTAL;
				rc = ak_store_put_cell(s, &r);
			}
		}
	}
	ak_buf_release(&label);
	ak_buf_release(&raw);
	return rc;
}

/* Every relation checked, the ones that held included, so the store says
 * how much was verified as well as what failed. */
static int put_checks(struct ak_store *s, const struct doc *d)
{
	struct ak_buf msg;
	size_t i;
	int rc = 0;

	ak_buf_init(&msg, 1 << 16);
	for (i = 0; i < d->nchecks && !rc; i++) {
		const struct ak_check *c = &d->checks[i];
		const struct ak_cref *at = c->has_suspect ? &c->suspect : &c->target;
		struct ak_store_check_row r;

		memset(&r, 0, sizeof(r));
		r.seq = (int)i + 1;
		if (c->owner && at->grid < c->owner->ngrids)
			r.table = c->owner->grids[at->grid].table_no;
		r.row = (int)at->row + 1;
		r.col = (int)at->col + 1;
		r.rule = c->rule;
		r.klass = ak_check_class_name(c->cls);
		r.expected = c->expected;
		r.found = c->printed;
		ak_buf_reset(&msg);
		if (c->owner)
			ak_checks_describe(&msg, c->owner, c);
		r.message = msg.ptr && !msg.err ? msg.ptr : "";
		rc = ak_store_put_check(s, &r);
	}
	ak_buf_release(&msg);
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
	if (!d->err)
		meta_row(d, &r);
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
	if ((rc = put_edits(s, d)) != 0)
		return failed(s, rc, err, errlen, 1);
	if ((rc = put_structure(s, d)) != 0)
		return failed(s, rc, err, errlen, 1);
	if ((rc = put_tables(s, d)) != 0)
		return failed(s, rc, err, errlen, 1);
	if ((rc = put_checks(s, d)) != 0)
		return failed(s, rc, err, errlen, 1);
	if ((rc = ak_store_commit_doc(s)) != 0)
		return failed(s, rc, err, errlen, 0);
	return 0;
}
