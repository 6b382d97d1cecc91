/*
 * checks.c - the check stage: recompute every total and stated sum in a
 * document and record, for each that does not hold, what is most likely
 * wrong and where.
 *
 * Why a stage of its own: auditors read its result; it only reads what the
 * earlier stages found (tables, text) and writes checks and findings.
 * Inputs: the document's tables as grids (the table extractor's d->tables
 * through checks_tables.c; without them, tab-separated and digit-group rows
 * read from the text by checks_text.c) and figures in running text.
 * Grids from born-digital pages are marked so that a one-digit change there
 * is reported as a typo in the source (GENUINE), not as an OCR misread.
 *
 * Output: d->checks (one struct ak_check per relation, held ones included,
 * so a clean report says how much was verified) and one finding per
 * suspect cell (AK_F_CHECK_ROUNDING/MISREAD/SIGN/GENUINE) listing every
 * relation the cell breaks - one fault, one finding - or per relation that
 * does not hold exactly and names no cell, positioned at the suspect cell
 * (or the computed cell).  Never prints.
 */
#include "checks.h"
#include "stages.h"

#include <string.h>

static enum ak_fid fid_of(enum ak_check_class c)
{
	switch (c) {
	case AK_CHK_ROUNDING: return AK_F_CHECK_ROUNDING;
	case AK_CHK_MISREAD: return AK_F_CHECK_MISREAD;
	case AK_CHK_SIGN: return AK_F_CHECK_SIGN;
	default: return AK_F_CHECK_GENUINE;
	}
}

/* Provenance is the page's, not the file format's: a PDF page read from
 * its text layer is born-digital (a one-digit difference is a typo in the
 * source), a rendered and OCR'd page - a scanned PDF's, an image's - is
 * OCR (a misread is possible), whatever the table looked like (an OCR'd
 * "|" rule makes a pipe table).  Text files keep what their layout says
 * (tab exports born-digital, digit-group rows unknown, read as OCR). */
static void set_provenance(const struct doc *d, struct ak_grid *g)
{
	const struct ak_page *pg;
	if (g->page < 1 || (size_t)g->page > d->npages)
		return;
	pg = &d->pages[g->page - 1];
	if (pg->src == AK_SRC_OCR)
		g->src = AK_GRID_OCR;
	else if (pg->src == AK_SRC_PDF_TEXT)
		g->src = AK_GRID_DIGITAL;
}

int ak_stage_check(struct ak_ctx *ctx, struct doc *d)
{
	struct ak_doc_checks *dc;
	struct ak_relset rs;
	struct ak_buf msg;
	size_t i;
	int rc;

	(void)ctx;
	if ((!d->text || d->text_len == 0) && d->npages) {
		/* OCR'd pages whose text was not joined yet (no repair ran) */
		size_t k, any = 0;
		for (k = 0; k < d->npages; k++)
			any += d->pages[k].text_len;
		if (any && (rc = ak_doc_join_pages(d)) != 0)
			return ak_fail(d, rc, "checks: joining pages: %s", ak_strerror(rc));
	}
	if ((!d->text || d->text_len == 0) && d->ntables == 0)
		return 0;
	dc = ak_arena_alloc(&d->arena, sizeof(*dc));
	if (!dc)
		return ak_fail(d, AK_ENOMEM, "checks: out of memory");
	memset(&rs, 0, sizeof(rs));
	/* The table extractor's tables when it ran; else tables read from
	 * the text here (text-only runs, --from check). */
	if (d->ntables > 0)
		rc = ak_grids_from_tables(&d->arena, d, &dc->grids, &dc->ngrids);
	else
		rc = ak_grids_from_text(&d->arena, d->text ? d->text : "", d->text_len, &dc->grids,
		                        &dc->ngrids);
	if (rc)
		return ak_fail(d, rc, "checks: reading tables: %s", ak_strerror(rc));
	for (i = 0; i < dc->ngrids; i++) {
		set_provenance(d, &dc->grids[i]);
		if ((rc = ak_rel_discover(&d->arena, dc->grids, i, &rs)) != 0)
			return ak_fail(d, rc, "checks: %s", ak_strerror(rc));
	}
	if ((rc = ak_rel_discover_cross(&d->arena, dc->grids, dc->ngrids, &rs)) != 0 ||
	    (rc = ak_text_relations(&d->arena, d->text ? d->text : "", d->text_len, &dc->grids,
	                            &dc->ngrids, &rs)) != 0)
		return ak_fail(d, rc, "checks: %s", ak_strerror(rc));
	for (i = 0; i < dc->ngrids; i++)
		set_provenance(d, &dc->grids[i]); /* figures in running text too */
	if ((rc = ak_checks_classify(&d->arena, dc->grids, dc->ngrids, &rs, &dc->list)) != 0)
		return ak_fail(d, rc, "checks: %s", ak_strerror(rc));

	d->checks = dc->list.v;
	d->nchecks = dc->list.n;
	ak_buf_init(&msg, 1 << 16);
	for (i = 0; i < dc->list.n; i++)
		dc->list.v[i].owner = dc;
	/* One finding per suspect cell, naming every relation it breaks. */
	for (i = 0; i < dc->list.n; i++) {
		struct ak_check *c = &dc->list.v[i];
		const struct ak_cref *at = c->has_suspect ? &c->suspect : &c->target;
		const struct ak_grid *g = &dc->grids[at->grid];
		const struct ak_gcell *x = AK_GCELL(g, at->row, at->col);
		size_t k;
		if (c->cls == AK_CHK_HELD || !c->finding_first)
			continue;
		ak_buf_reset(&msg);
		ak_checks_describe(&msg, dc, c);
		for (k = i + 1; k < dc->list.n; k++)
			if (dc->list.v[k].finding == c->finding) {
				ak_buf_puts(&msg, " | also: ");
				ak_checks_describe(&msg, dc, &dc->list.v[k]);
			}
		if (!ak_finding_add_cell(d, fid_of(c->cls), x->page ? x->page : g->page,
		                         g->table_no, (int)at->row + 1, (int)at->col + 1, c->rule,
		                         msg.err ? "" : msg.ptr)) {
			ak_buf_release(&msg);
			return ak_fail(d, AK_ENOMEM, "checks: out of memory");
		}
	}
	ak_buf_release(&msg);
	return 0;
}
