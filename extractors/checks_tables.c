/*
 * checks_tables.c - the table extractor's model (struct ak_table, tables.h)
 * as grids for the checker.
 *
 * Why a unit of its own: the checker reads grids so that it stays
 * independent of how tables were rebuilt; this is the one place that knows
 * both models.  It copies, never changes, the tables: values are rescaled to
 * the grid's decimals (exactly, int64), OCR confidence and boxes are kept for
 * tables rebuilt from OCR words, and provenance decides how a one-digit
 * difference is read (TAB/pipe exports and PDF text layers are born-digital:
 * a typo; OCR words: a misread; plain text of unknown origin: as OCR).
 * Percentages keep a flag: they enter shares of a total (relations.c).
 */
#include "checks.h"
#include "tables.h"

#include <string.h>

/* The page's source decides first (an OCR'd page is OCR even when its
 * text made a pipe table; a PDF text layer is born-digital), then the
 * table's layout (tab/pipe exports in text files are born-digital). */
static enum ak_grid_src grid_src(const struct doc *d, const struct ak_table *t)
{
	int pg = t->page - 1;
	if (pg >= 0 && (size_t)pg < d->npages) {
		if (d->pages[pg].src == AK_SRC_OCR)
			return AK_GRID_OCR;
		if (d->pages[pg].src == AK_SRC_PDF_TEXT)
			return AK_GRID_DIGITAL;
	}
	switch (t->src) {
	case AK_TSRC_TAB:
	case AK_TSRC_PIPE:
		return AK_GRID_DIGITAL;
	case AK_TSRC_GEOM:
		return AK_GRID_OCR;
	default:
		return AK_GRID_UNKNOWN;
	}
}

static const char *unit_name(int scale)
{
	switch (scale) {
	case 0: return "kr";
	case 3: return "tkr";
	case 6: return "mkr";
	default: return NULL;
	}
}

static int usable(const struct ak_cell *c)
{
	return c->has_value && c->num.dec >= 0 && c->num.dec <= 6;
}

static int row_has(const struct ak_grid *g, size_t r)
{
	size_t c;
	for (c = 0; c < g->ncols; c++)
		if (AK_GCELL(g, r, c)->present)
			return 1;
	return 0;
}

/* On a scan, one printed line sometimes comes out of the table reader as
 * two rows: the label with some figures, then an unlabelled row holding
 * the other columns' figures (or a label alone, then its figures).  An
 * unlabelled row whose figures fill exactly the columns the row above
 * lacks is that row's continuation: joined, so the relations through the
 * line are found.  The emptied row has no label and no figures (ignored). */
/* Which row holds each label when labels are read one line below their
 * figures (below = 1): label-only rows right after an unlabelled row of
 * figures go up to it.  lab[] gets the label of every row. */
static void shifted_labels(const struct ak_grid *g, size_t first, const char **lab)
{
	size_t r;
	for (r = 0; r < g->nrows; r++)
		lab[r] = g->labels[r];
	for (r = first; r + 1 < g->nrows; r++)
		if (!g->labels[r][0] && row_has(g, r) && g->labels[r + 1][0] && !row_has(g, r + 1)) {
			lab[r] = g->labels[r + 1];
			lab[r + 1] = "";
			r++;
		}
}

static int starts_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char a = *s, b = *prefix;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

/* A line that sums the lines above it: "Summa", "Totalt", "S:a" ... and
 * the result lines of a result statement. */
static int sums_above(const char *l)
{
	return ak_label_is_total(l) || starts_ci(l, "verksamhetens netto") ||
	       starts_ci(l, "verksamhetens resultat") || starts_ci(l, "resultat ") ||
	       starts_ci(l, "\xc3\x85rets resultat") || starts_ci(l, "\xc3\xa5rets resultat");
}

/* Totals that hold under a labelling: rows whose label says total and
 * whose figures equal, in some column, the sum of the figure rows since
 * the previous total (or the table's start). */
static int totals_holding(const struct ak_grid *g, const char **lab, int below)
{
	int64_t sum[64];
	size_t r, c, nc = g->ncols < 64 ? g->ncols : 64;
	int n = 0;
	memset(sum, 0, sizeof(sum));
	for (r = 0; r < g->nrows; r++) {
		int holds = 0;
		/* without the shift, a label-only row and the unlabelled figures
		 * under it are one line (the continuation rule below) */
		const char *l = lab[r];
		if (!below && !l[0] && r > 0 && g->labels[r - 1][0] && !row_has(g, r - 1))
			l = g->labels[r - 1];
		if (!row_has(g, r) || (g->rflags[r] & AK_GROW_HEADER))
			continue;
		if (sums_above(l)) {
			for (c = 0; c < nc; c++)
				if (AK_GCELL(g, r, c)->present && sum[c] != 0 &&
				    AK_GCELL(g, r, c)->value == sum[c])
					holds = 1;
			n += holds;
			memset(sum, 0, sizeof(sum));
			continue;
		}
		for (c = 0; c < nc; c++)
			if (AK_GCELL(g, r, c)->present)
				sum[c] += AK_GCELL(g, r, c)->value;
	}
	return n;
}

/* On a scan the table reader sometimes pairs labels and figures wrongly:
 *   - one printed line comes out as two rows: the label with some figures
 *     (or none), then an unlabelled row with the other columns' figures.
 *     An unlabelled row whose figures fill exactly the columns the row
 *     above lacks is that line's continuation: joined.
 *   - every label read one line below its figures (the table starts with
 *     an unlabelled row of figures, label-only rows follow such rows).
 *     Taken only when more labelled totals hold that way than with the
 *     labels where they are (the arithmetic decides, not the layout).
 * Emptied rows have no label and no figures (ignored by discovery). */
static void join_split_rows(struct ak_arena *a, struct ak_grid *g)
{
	size_t r, c, first = 0, below = 0;
	while (first < g->nrows && ((g->rflags[first] & AK_GROW_HEADER) ||
	                            (!g->labels[first][0] && !row_has(g, first))))
		first++;
	if (first < g->nrows && !g->labels[first][0] && row_has(g, first))
		for (r = first; r + 1 < g->nrows; r++)
			below += !g->labels[r][0] && row_has(g, r) && g->labels[r + 1][0] &&
			         !row_has(g, r + 1);
	if (below >= 2) {
		const char **lab = ak_arena_array(a, g->nrows, sizeof(*lab));
		if (lab) {
			shifted_labels(g, first, lab);
			if (totals_holding(g, lab, 1) > totals_holding(g, g->labels, 0)) {
				for (r = 0; r < g->nrows; r++) {
					if (g->labels[r][0] && !lab[r][0])
						g->rflags[r] &= ~(unsigned)AK_GROW_SECTION;
					g->labels[r] = lab[r];
				}
				return;
			}
		}
	}
	for (r = 1; r < g->nrows; r++) {
		int fits = 1;
		if (g->labels[r][0] || !row_has(g, r) || !g->labels[r - 1][0] ||
		    (g->rflags[r - 1] & AK_GROW_HEADER) || (g->rflags[r] & AK_GROW_HEADER))
			continue;
		for (c = 0; c < g->ncols && fits; c++)
			if (AK_GCELL(g, r, c)->present && AK_GCELL(g, r - 1, c)->present)
				fits = 0;
		if (!fits)
			continue;
		for (c = 0; c < g->ncols; c++)
			if (AK_GCELL(g, r, c)->present) {
				*AK_GCELL(g, r - 1, c) = *AK_GCELL(g, r, c);
				memset(AK_GCELL(g, r, c), 0, sizeof(struct ak_gcell));
				AK_GCELL(g, r, c)->conf = -1;
			}
		g->rflags[r - 1] &= ~(unsigned)AK_GROW_SECTION;
	}
}

int ak_grids_from_tables(struct ak_arena *a, const struct doc *d, struct ak_grid **out,
                         size_t *nout)
{
	struct ak_grid *gv;
	size_t ti;

	*out = NULL;
	*nout = 0;
	if (!d->tables || d->ntables == 0)
		return 0;
	gv = ak_arena_array(a, d->ntables, sizeof(*gv));
	if (!gv)
		return AK_ENOMEM;
	for (ti = 0; ti < d->ntables; ti++) {
		const struct ak_table *t = &d->tables[ti];
		struct ak_grid *g = ak_grid_new(a, t->nrows, t->ncols);
		size_t r, c;
		int gdec = 0;
		if (!g)
			return AK_ENOMEM;
		for (r = 0; r < t->nrows; r++)
			for (c = 0; c < t->ncols && c < t->rows[r].ncells; c++)
				if (usable(&t->rows[r].cells[c]) && t->rows[r].cells[c].num.dec > gdec)
					gdec = t->rows[r].cells[c].num.dec;
		g->title = t->title;
		g->unit = unit_name(t->scale);
		g->src = grid_src(d, t);
		g->table_no = (int)ti + 1;
		g->page = t->page;
		g->dec = gdec;
		for (c = 0; c < t->ncols; c++)
			g->colheads[c] = t->header ? t->header[c] : NULL;
		for (r = 0; r < t->nrows; r++) {
			const struct ak_row *row = &t->rows[r];
			g->labels[r] = row->label.n ? ak_arena_strndup(a, row->label.p, row->label.n) : "";
			if (!g->labels[r])
				return AK_ENOMEM;
			if (row->kind == AK_ROW_HEADER)
				g->rflags[r] |= AK_GROW_HEADER;
			else if (row->kind == AK_ROW_SECTION)
				g->rflags[r] |= AK_GROW_SECTION;
			for (c = 0; c < t->ncols && c < row->ncells; c++) {
				const struct ak_cell *src = &row->cells[c];
				struct ak_gcell *x = AK_GCELL(g, r, c);
				int64_t v;
				int k, ok = 1;
				if (!usable(src))
					continue;
				v = src->num.v;
				for (k = src->num.dec; k < gdec; k++) {
					if (v > INT64_MAX / 10 || v < INT64_MIN / 10) {
						ok = 0;
						break;
					}
					v *= 10;
				}
				if (!ok)
					continue;
				x->present = 1;
				x->value = v;
				x->dec = src->num.dec;
				x->pct = src->num.unit == AK_UNIT_PERCENT;
				x->text = src->raw.n ? ak_arena_strndup(a, src->raw.p, src->raw.n) : NULL;
				x->conf = t->src == AK_TSRC_GEOM ? src->conf : -1;
				x->page = row->page;
				x->x0 = src->x0;
				x->y0 = src->y0;
				x->x1 = src->x1;
				x->y1 = src->y1;
				x->off = (uint32_t)row->off;
			}
		}
		if (g->src == AK_GRID_OCR)
			join_split_rows(a, g);
		gv[ti] = *g;
	}
	*out = gv;
	*nout = d->ntables;
	return 0;
}
