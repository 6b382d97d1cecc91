/*
 * relations.c - discovering what should add up in a table, from the table.
 *
 * Why a unit of its own: the checker must not be told per document which
 * rows are totals.  It finds relations from two kinds of evidence and keeps
 * them apart from judging them (checks_classify.c):
 *
 *   - column sums: a row is the total of the block of rows above it when its
 *     label says so ("Summa", "Totalt", "S:a", "Total budget", "Summerat") or
 *     when the arithmetic holds in most of its columns (unlabelled subtotals).
 *     Blocks nest: once a total is found it replaces its block, so a later
 *     total of subtotals sums the subtotals;
 *   - row relations between columns (a - b = c, b - a = c, a + b = c), kept
 *     when they hold on most rows of a table, then checked on every row;
 *   - statement identities (balance, cash flow) by label, and the same figure
 *     in two places (a note's total and its statement row).
 *
 * Invariants: a relation that holds nowhere is not a relation - a labelled
 * total whose plain sum fails in every column of a multi-column table is
 * tried with cost rows subtracted and otherwise dropped.  Discovery accepts a
 * column within rounding tolerance as "holding" so that rounded reports (tkr)
 * are read as rounded, not as wrong.  Bounded: O(rows^2 * cols) per grid.
 */
#include "checks.h"

#include <string.h>

#define MAX_OPEN 4096
#define MAX_BLOCK 200 /* lines summed by one total, at most */
#define MAX_COLS 64

struct ak_grid *ak_grid_new(struct ak_arena *a, size_t nrows, size_t ncols)
{
	struct ak_grid *g = ak_arena_alloc(a, sizeof(*g));
	size_t i;
	if (!g)
		return NULL;
	g->nrows = nrows;
	g->ncols = ncols;
	g->labels = ak_arena_array(a, nrows ? nrows : 1, sizeof(*g->labels));
	g->colheads = ak_arena_array(a, ncols ? ncols : 1, sizeof(*g->colheads));
	g->rflags = ak_arena_array(a, nrows ? nrows : 1, sizeof(*g->rflags));
	g->cells = ak_arena_array(a, (nrows * ncols) != 0 ? nrows * ncols : 1, sizeof(*g->cells));
	if (!g->labels || !g->colheads || !g->rflags || !g->cells)
		return NULL;
	for (i = 0; i < nrows; i++)
		g->labels[i] = "";
	for (i = 0; i < nrows * ncols; i++)
		g->cells[i].conf = -1;
	return g;
}

int ak_relset_push(struct ak_arena *a, struct ak_relset *rs, const struct ak_rel *r)
{
	size_t i, k;
	/* The same equation found twice (by label and by arithmetic) counts once. */
	for (i = 0; i < rs->n; i++) {
		const struct ak_rel *o = &rs->v[i];
		if (memcmp(&o->target, &r->target, sizeof(r->target)) != 0 ||
		    o->nterms != r->nterms)
			continue;
		for (k = 0; k < r->nterms; k++)
			if (memcmp(&o->terms[k], &r->terms[k], sizeof(r->terms[k])) != 0)
				break;
		if (k == r->nterms)
			return 0;
	}
	if (rs->n == rs->cap) {
		void *nv = ak_arena_grow(a, rs->v, rs->n, &rs->cap, sizeof(*rs->v));
		if (!nv)
			return AK_ENOMEM;
		rs->v = nv;
	}
	rs->v[rs->n] = *r;
	rs->v[rs->n].terms = ak_arena_array(a, r->nterms ? r->nterms : 1, sizeof(*r->terms));
	if (!rs->v[rs->n].terms)
		return AK_ENOMEM;
	memcpy(rs->v[rs->n].terms, r->terms, r->nterms * sizeof(*r->terms));
	rs->n++;
	return 0;
}

/* ------------------------------------------------------------ labels */

/* ASCII-lowercase copy of a label with leading marks ("-", "•") skipped. */
static void norm_label(const char *s, char *out, size_t outsz)
{
	size_t n = 0;
	while (*s == ' ' || *s == '-' || *s == '\t' || *s == '*')
		s++;
	for (; *s && n + 1 < outsz; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		/* Å Ä Ö (C3 85, C3 84, C3 96) to å ä ö (C3 A5, C3 A4, C3 B6). */
		if (n > 0 && (unsigned char)out[n - 1] == 0xC3 &&
		    (c == 0x85 || c == 0x84 || c == 0x96))
			c = (unsigned char)(c + 0x20);
		out[n++] = (char)c;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ':'))
		n--;
	out[n] = '\0';
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int ak_label_is_total(const char *label)
{
	static const char *const prefixes[] = {
		"summa", "totalt", "total ", "total", "s:a ", "s:a", "summerat", "delsumma",
	};
	/* "S:a" as OCR and the letter repair leave it: the whole label only
	 * ("Så" starts ordinary Swedish sentences too). */
	static const char *const whole[] = { "så", "s.a", "s.a.", "s a", "s;a", "s:a." };
	char l[256];
	size_t i;
	if (!label)
		return 0;
	norm_label(label, l, sizeof(l));
	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (strcmp(l, whole[i]) == 0)
			return 1;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(l, prefixes[i], n) == 0 &&
		    (l[n] == '\0' || l[n] == ' ' || l[n] == ':' || prefixes[i][n - 1] == ' '))
			return 1;
	}
	return 0;
}

/* Cost rows, subtracted when a labelled total is a result ("Summerat
 * årets resultat" over intäkter and kostnader printed as positive). */
static int label_is_cost(const char *label)
{
	char l[256];
	norm_label(label, l, sizeof(l));
	return strstr(l, "kostnad") != NULL || strstr(l, "avskrivning") != NULL;
}

/* ------------------------------------------------------------ arithmetic */

static const struct ak_gcell *cell(const struct ak_grid *g, size_t r, size_t c)
{
	return AK_GCELL(g, r, c);
}

/* Twice the rounding error bound of one printed cell, in grid units:
 * a figure printed with d decimals is off by at most half of 10^(dec-d). */
static int64_t half_units2(const struct ak_grid *g, const struct ak_gcell *x)
{
	int64_t u = 1;
	int k;
	for (k = x->dec; k < g->dec && k < 18; k++)
		u *= 10;
	return u;
}

/* A label that ends in two or more number-like words ("Utvärdering 80 000
 * 0)", "Kompetensutveckling information 1213 1.540 «327"): a line whose
 * figures the table reader left in a label - its own, or the line above's
 * when two printed lines were merged into one row.  A number-like word has
 * a digit and no ASCII letter. */
static int label_holds_figures(const char *label)
{
	const char *e = label + strlen(label);
	int n = 0;
	for (;;) {
		const char *t;
		int digits = 0, letters = 0;
		while (e > label && e[-1] == ' ')
			e--;
		t = e;
		while (t > label && t[-1] != ' ')
			t--;
		if (t == e)
			break;
		for (const char *q = t; q < e; q++) {
			digits += *q >= '0' && *q <= '9';
			letters += (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
		}
		if (!digits || letters)
			break;
		n++;
		e = t;
	}
	return n >= 2;
}

static int row_has_figures(const struct ak_grid *g, size_t r)
{
	size_t c;
	for (c = 0; c < g->ncols; c++)
		if (cell(g, r, c)->present)
			return 1;
	return 0;
}

struct colscore {
	int ok, tested, nonzero;
};

/* Score "row r = sum of items[i0..i1) (with signs)" column by column. */
static struct colscore score_sum(const struct ak_grid *g, size_t r, const size_t *items,
                                 const int *signs, size_t i0, size_t i1)
{
	struct colscore s = { 0, 0, 0 };
	size_t c, i;
	for (c = 0; c < g->ncols; c++) {
		const struct ak_gcell *t = cell(g, r, c);
		int64_t sum = 0, tol2;
		int any = 0;
		if (!t->present)
			continue;
		tol2 = half_units2(g, t);
		for (i = i0; i < i1; i++) {
			const struct ak_gcell *x = cell(g, items[i], c);
			if (!x->present)
				continue;
			sum += signs[i] * x->value;
			tol2 += half_units2(g, x);
			any = 1;
		}
		if (!any)
			continue;
		s.tested++;
		{
			int64_t d = t->value - sum;
			if (d < 0)
				d = -d;
			if (2 * d <= tol2) {
				s.ok++;
				if (sum != 0 || t->value != 0)
					s.nonzero++;
			}
		}
	}
	return s;
}

static int emit_colsum(struct ak_arena *a, struct ak_relset *rs, size_t gi,
                       const struct ak_grid *g, size_t r, const size_t *items,
                       const int *signs, size_t i0, size_t i1, const char *rule)
{
	struct ak_term terms[MAX_OPEN];
	size_t c, i;
	for (c = 0; c < g->ncols; c++) {
		struct ak_rel rel;
		size_t nt = 0, lost = 0;
		if (!cell(g, r, c)->present)
			continue;
		/* On a scan, a line of the block with figures in other columns
		 * but none in this one may have lost the cell (OCR, table
		 * geometry): this column's sum cannot be judged.  Born-digital
		 * text prints blanks as blanks (sparse note tables). */
		for (i = i0; i < i1; i++) {
			int here = cell(g, items[i], c)->present;
			if (!here && g->src != AK_GRID_DIGITAL && row_has_figures(g, items[i]))
				lost++;
			/* figures left in a label: lost from the block (a merged
			 * line's own figures are there, the other line's not) */
			else if (label_holds_figures(g->labels[items[i]]) &&
			         (!here || g->src != AK_GRID_DIGITAL))
				lost++;
		}
		if (lost > 0)
			continue;
		for (i = i0; i < i1; i++) {
			if (!cell(g, items[i], c)->present)
				continue;
			terms[nt].c.grid = (uint32_t)gi;
			terms[nt].c.row = (uint32_t)items[i];
			terms[nt].c.col = (uint32_t)c;
			terms[nt].sign = signs[i];
			nt++;
		}
		if (nt == 0)
			continue;
		memset(&rel, 0, sizeof(rel));
		rel.kind = AK_REL_COLSUM;
		rel.rule = rule;
		rel.target.grid = (uint32_t)gi;
		rel.target.row = (uint32_t)r;
		rel.target.col = (uint32_t)c;
		rel.terms = terms;
		rel.nterms = nt;
		if (ak_relset_push(a, rs, &rel))
			return AK_ENOMEM;
	}
	return 0;
}

/* Drop the column sums found by arithmetic for one row (a labelled total
 * showed that row to be a plain line that happened to add up). */
static void drop_arith(struct ak_relset *rs, size_t from, size_t gi, size_t row)
{
	size_t i, k = from;
	for (i = from; i < rs->n; i++) {
		const struct ak_rel *r = &rs->v[i];
		if (r->kind == AK_REL_COLSUM && r->target.grid == gi && r->target.row == row &&
		    strcmp(r->rule, "colsum-arith") == 0)
			continue;
		rs->v[k++] = rs->v[i];
	}
	rs->n = k;
}

static int any_exact(const struct ak_grid *g, size_t r, const size_t *items, const int *signs,
                     size_t i0, size_t i1)
{
	size_t c, i;
	for (c = 0; c < g->ncols; c++) {
		int64_t sum = 0;
		int any = 0;
		if (!cell(g, r, c)->present)
			continue;
		for (i = i0; i < i1; i++)
			if (cell(g, items[i], c)->present) {
				sum += signs[i] * cell(g, items[i], c)->value;
				any = 1;
			}
		if (any && sum == cell(g, r, c)->value && (sum >= 100 || sum <= -100))
			return 1;
	}
	return 0;
}

static int discover_colsums(struct ak_arena *a, const struct ak_grid *g, size_t gi,
                            struct ak_relset *rs)
{
	/* Open items: rows not yet summed into a total.  An item found to be
	 * a subtotal by arithmetic alone remembers the rows it consumed
	 * (hist[c0..c1)), so a labelled total can undo that reading. */
	size_t items[MAX_OPEN], c0[MAX_OPEN], c1[MAX_OPEN], hist[MAX_OPEN], flat[MAX_OPEN];
	int plus[MAX_OPEN], costsign[MAX_OPEN], arith[MAX_OPEN];
	unsigned char istot[MAX_OPEN]; /* the open item is itself a total */
	size_t nopen = 0, brk = 0, nhist = 0, r, i, k;
	size_t rs0 = rs->n;

	for (i = 0; i < MAX_OPEN; i++)
		plus[i] = 1;
	for (r = 0; r < g->nrows; r++) {
		unsigned f = g->rflags[r];
		int labelled, is_arith = 0;
		size_t bestk = 0;
		int closed = 0; /* a relation was emitted with r as the total */
		struct colscore best = { 0, 0, 0 };
		size_t cons_from = nhist;

		if (f & (AK_GROW_HEADER | AK_GROW_TEXT))
			continue;
		if (!row_has_figures(g, r)) {
			if (label_holds_figures(g->labels[r])) {
				/* a line whose figures were lost: stays in the
				 * block, and no column sum over it is judged */
				if (nopen < MAX_OPEN) {
					arith[nopen] = 0;
					istot[nopen] = 0;
					c0[nopen] = c1[nopen] = nhist;
					items[nopen++] = r;
				}
				continue;
			}
			if (g->labels[r][0])
				brk = nopen; /* a section heading starts a block */
			continue;
		}
		labelled = (f & AK_GROW_TOTAL) || ak_label_is_total(g->labels[r]);
		/* Suffixes grow one item at a time with running column sums:
		 * O(MAX_BLOCK * cols) per row. */
		{
			int64_t sum[MAX_COLS], tol2[MAX_COLS];
			unsigned char anyc[MAX_COLS];
			size_t c, nc = g->ncols < MAX_COLS ? g->ncols : MAX_COLS;
			for (c = 0; c < nc; c++) {
				sum[c] = 0;
				anyc[c] = 0;
				tol2[c] = cell(g, r, c)->present ? half_units2(g, cell(g, r, c)) : 0;
			}
			for (k = 1; k <= nopen && k <= MAX_BLOCK; k++) {
				struct colscore s = { 0, 0, 0 };
				size_t it = items[nopen - k];
				for (c = 0; c < nc; c++) {
					const struct ak_gcell *x = cell(g, it, c), *t = cell(g, r, c);
					int64_t d;
					if (x->present) {
						sum[c] += x->value;
						tol2[c] += half_units2(g, x);
						anyc[c] = 1;
					}
					if (!t->present || !anyc[c])
						continue;
					s.tested++;
					d = t->value - sum[c];
					if (d < 0)
						d = -d;
					if (2 * d <= tol2[c]) {
						s.ok++;
						if (sum[c] != 0 || t->value != 0)
							s.nonzero++;
					}
				}
				/* One line is a block only under a total's label
				 * ("Summa skulder" over "Kortfristiga skulder"). */
				if ((k < 2 && (!labelled || s.ok * 2 <= s.tested)) || s.nonzero == 0)
					continue;
			if (s.ok > best.ok || (s.ok == best.ok && s.ok > 0)) {
				/* Ties prefer the longer block (it only adds rows
				 * that sum to zero in the holding columns). */
				best = s;
				bestk = k;
			}
			}
		}
		if (bestk && !labelled) {
			/* Unlabelled: the arithmetic must carry it - most columns,
			 * and one exactly or two within rounding. */
			int exact = any_exact(g, r, items, plus, nopen - bestk, nopen);
			if (!(best.ok * 2 > best.tested || (best.ok * 2 >= best.tested && (best.ok >= 2 || exact))) ||
			    !(best.ok >= 2 || exact))
				bestk = 0;
			is_arith = bestk != 0;
		}
		if (labelled && nopen > brk) {
			/* Undo arithmetic-only subtotals in the block when the
			 * label's total holds better over their rows. */
			size_t nf = 0, j, hasarith = 0;
			for (i = brk; i < nopen && nf < MAX_OPEN; i++) {
				if (arith[i]) {
					hasarith = 1;
					for (j = c0[i]; j < c1[i] && nf < MAX_OPEN; j++)
						flat[nf++] = hist[j];
				}
				if (nf < MAX_OPEN)
					flat[nf++] = items[i];
			}
			if (hasarith) {
				struct colscore s = score_sum(g, r, flat, plus, 0, nf);
				if (s.ok > best.ok) {
					for (i = brk; i < nopen; i++)
						if (arith[i])
							drop_arith(rs, rs0, gi, items[i]);
					if (emit_colsum(a, rs, gi, g, r, flat, plus, 0, nf, "colsum-label"))
						return AK_ENOMEM;
					nopen = brk;
					items[nopen] = r;
					arith[nopen] = 0;
					istot[nopen] = 1;
					nopen++;
					continue;
				}
			}
		}
		if (bestk) {
			if (emit_colsum(a, rs, gi, g, r, items, plus, nopen - bestk, nopen,
			                labelled ? "colsum-label" : "colsum-arith"))
				return AK_ENOMEM;
			for (i = nopen - bestk; i < nopen && nhist < MAX_OPEN; i++)
				hist[nhist++] = items[i];
			nopen -= bestk;
			closed = 1;
		} else if (labelled && nopen > brk) {
			/* No suffix holds anywhere: try cost rows subtracted,
			 * else trust the label only in a one-column table. */
			struct colscore s = { 0, 0, 0 };
			int ncost = 0;
			for (i = brk; i < nopen; i++) {
				costsign[i] = label_is_cost(g->labels[items[i]]) ? -1 : 1;
				ncost += costsign[i] < 0;
			}
			/* only when there are cost lines and lines that are not */
			if (ncost > 0 && (size_t)ncost < nopen - brk)
				s = score_sum(g, r, items, costsign, brk, nopen);
			if (s.ok >= 1 && s.nonzero >= 1) {
				if (emit_colsum(a, rs, gi, g, r, items, costsign, brk, nopen,
				                "colsum-label-costs"))
					return AK_ENOMEM;
				nopen = brk;
				closed = 1;
			} else {
				/* "Summa X" sums the lines under its own heading:
				 * after the last total above it in the block, when
				 * plain lines follow that total ("Summa eget kapital",
				 * "Kortfristiga skulder", "Summa skulder"). */
				size_t from = brk;
				for (i = nopen; i > brk; i--)
					if (istot[i - 1]) {
						if (i < nopen)
							from = i;
						break;
					}
				s = score_sum(g, r, items, plus, from, nopen);
				if (s.tested >= 1 && (s.tested == 1 || nopen - from >= 2)) {
					/* A labelled total failing in every column of a
					 * block of >= 2 rows: the label is the evidence
					 * (a dropped row fails every column). */
					if (emit_colsum(a, rs, gi, g, r, items, plus, from, nopen,
					                "colsum-label-block"))
						return AK_ENOMEM;
					nopen = from;
					closed = 1;
				}
			}
		}
		if (nopen < brk)
			brk = nopen;
		if (nopen < MAX_OPEN) {
			arith[nopen] = is_arith;
			istot[nopen] = (unsigned char)closed;
			c0[nopen] = cons_from;
			c1[nopen] = nhist;
			items[nopen++] = r;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ row relations */

/* Equations over three columns x<y<z with target z:
 *   z = x + y,  z = x - y,  z = y - x,  z = -(x + y). */
static const struct { int sx, sy; const char *rule; } row_forms[] = {
	{ 1, 1, "row:a+b=c" },
	{ 1, -1, "row:a-b=c" },
	{ -1, 1, "row:b-a=c" },
	{ -1, -1, "row:-(a+b)=c" },
};

static int discover_rows(struct ak_arena *a, const struct ak_grid *g, size_t gi,
                         struct ak_relset *rs)
{
	size_t x, y, z, r, f;
	unsigned char used[64];

	if (g->ncols < 3 || g->ncols > 16)
		return 0; /* O(cols^3 * rows): real tables have few columns */
	memset(used, 0, sizeof(used));
	for (z = 2; z < g->ncols; z++) {
		int bestf = -1;
		size_t bx = 0, by = 0, bestn = 0;
		for (x = 0; x < z; x++)
			for (y = x + 1; y < z; y++)
				for (f = 0; f < sizeof(row_forms) / sizeof(row_forms[0]); f++) {
					size_t n3 = 0, nh = 0;
					if (used[x] && used[y])
						continue;
					for (r = 0; r < g->nrows; r++) {
						const struct ak_gcell *cx = cell(g, r, x), *cy = cell(g, r, y),
						                      *cz = cell(g, r, z);
						int64_t d;
						if (g->rflags[r] & (AK_GROW_HEADER | AK_GROW_TEXT))
							continue;
						if (!cx->present || !cy->present || !cz->present)
							continue;
						if (cx->value == 0 && cy->value == 0 && cz->value == 0)
							continue;
						n3++;
						d = cz->value - (row_forms[f].sx * cx->value + row_forms[f].sy * cy->value);
						if (d < 0)
							d = -d;
						if (2 * d <= half_units2(g, cx) + half_units2(g, cy) + half_units2(g, cz))
							nh++;
					}
					if (nh >= 2 && nh * 10 >= n3 * 6 && nh > bestn) {
						bestn = nh;
						bestf = (int)f;
						bx = x;
						by = y;
					}
				}
		if (bestf < 0)
			continue;
		used[bx] = used[by] = used[z] = 1;
		for (r = 0; r < g->nrows; r++) {
			struct ak_term t[2];
			struct ak_rel rel;
			if (g->rflags[r] & (AK_GROW_HEADER | AK_GROW_TEXT))
				continue;
			if (!cell(g, r, bx)->present || !cell(g, r, by)->present ||
			    !cell(g, r, z)->present)
				continue;
			t[0].c.grid = t[1].c.grid = (uint32_t)gi;
			t[0].c.row = t[1].c.row = (uint32_t)r;
			t[0].c.col = (uint32_t)bx;
			t[1].c.col = (uint32_t)by;
			t[0].sign = row_forms[bestf].sx;
			t[1].sign = row_forms[bestf].sy;
			memset(&rel, 0, sizeof(rel));
			rel.kind = AK_REL_ROW;
			rel.rule = row_forms[bestf].rule;
			rel.target.grid = (uint32_t)gi;
			rel.target.row = (uint32_t)r;
			rel.target.col = (uint32_t)z;
			rel.terms = t;
			rel.nterms = 2;
			if (ak_relset_push(a, rs, &rel))
				return AK_ENOMEM;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ shares */

/* "Försäkringskassan 50 % 3 200 ... Summa 100 % 6 400": in a column of
 * percentages whose total row says 100 %, each row's amount is its share of
 * that row's amount.  Kept when it holds on most rows (as row relations). */
static int share_holds(const struct ak_grid *g, const struct ak_gcell *p, const struct ak_gcell *t,
                       const struct ak_gcell *amt)
{
	__int128 scale = 100, prod, tol2;
	int k;
	for (k = 0; k < g->dec && k < 18; k++)
		scale *= 10;
	prod = (__int128)p->value * t->value;
	prod = prod >= 0 ? (prod + scale / 2) / scale : -((-prod + scale / 2) / scale);
	tol2 = half_units2(g, amt) + 2;
	tol2 += (__int128)half_units2(g, p) * (t->value < 0 ? -t->value : t->value) / scale;
	tol2 += (__int128)half_units2(g, t) * (p->value < 0 ? -p->value : p->value) / scale;
	prod -= amt->value;
	if (prod < 0)
		prod = -prod;
	return 2 * prod <= tol2;
}

static int discover_shares(struct ak_arena *a, const struct ak_grid *g, size_t gi,
                           struct ak_relset *rs)
{
	size_t pc, ac, r, R;
	int64_t hundred = 100;
	int k;
	for (k = 0; k < g->dec && k < 16; k++)
		hundred *= 10;
	for (pc = 0; pc < g->ncols; pc++) {
		size_t npct = 0, nother = 0;
		long tot = -1;
		for (r = 0; r < g->nrows; r++) {
			const struct ak_gcell *x = cell(g, r, pc);
			if (!x->present || (g->rflags[r] & (AK_GROW_HEADER | AK_GROW_TEXT)))
				continue;
			if (x->pct)
				npct++;
			else
				nother++;
			if (x->pct && x->value == hundred && tot < 0 && r > 0)
				tot = (long)r;
		}
		if (npct < 3 || nother > 0 || tot < 0)
			continue;
		R = (size_t)tot;
		for (ac = 0; ac < g->ncols; ac++) {
			size_t n3 = 0, nh = 0;
			const struct ak_gcell *T = cell(g, R, ac);
			if (ac == pc || !T->present || T->pct || T->value == 0)
				continue;
			for (r = 0; r < g->nrows; r++) {
				const struct ak_gcell *p = cell(g, r, pc), *x = cell(g, r, ac);
				if (r == R || !p->present || !x->present || x->pct ||
				    (g->rflags[r] & (AK_GROW_HEADER | AK_GROW_TEXT)))
					continue;
				n3++;
				nh += share_holds(g, p, T, x);
			}
			if (nh < 2 || nh * 10 < n3 * 6)
				continue;
			for (r = 0; r < g->nrows; r++) {
				const struct ak_gcell *p = cell(g, r, pc), *x = cell(g, r, ac);
				struct ak_term t[2];
				struct ak_rel rel;
				if (r == R || !p->present || !x->present || x->pct ||
				    (g->rflags[r] & (AK_GROW_HEADER | AK_GROW_TEXT)))
					continue;
				t[0].c.grid = t[1].c.grid = (uint32_t)gi;
				t[0].c.row = (uint32_t)r;
				t[0].c.col = (uint32_t)pc;
				t[1].c.row = (uint32_t)R;
				t[1].c.col = (uint32_t)ac;
				t[0].sign = t[1].sign = 1;
				memset(&rel, 0, sizeof(rel));
				rel.kind = AK_REL_SHARE;
				rel.rule = "share:pct-of-total";
				rel.target.grid = (uint32_t)gi;
				rel.target.row = (uint32_t)r;
				rel.target.col = (uint32_t)ac;
				rel.terms = t;
				rel.nterms = 2;
				if (ak_relset_push(a, rs, &rel))
					return AK_ENOMEM;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------ identities */

static long find_row(const struct ak_grid *g, const char *prefix, const char *also)
{
	size_t r;
	char l[256];
	for (r = 0; r < g->nrows; r++) {
		norm_label(g->labels[r], l, sizeof(l));
		if (starts_with(l, prefix) && (!also || strstr(l, also)))
			return (long)r;
	}
	return -1;
}

static int emit_identity(struct ak_arena *a, struct ak_relset *rs, size_t gi,
                         const struct ak_grid *g, long target, const long *rows,
                         const int *signs, size_t n, const char *rule)
{
	size_t c, i;
	for (c = 0; c < g->ncols; c++) {
		struct ak_term t[64];
		struct ak_rel rel;
		if (n > 64 || !cell(g, (size_t)target, c)->present)
			continue;
		for (i = 0; i < n; i++) {
			if (!cell(g, (size_t)rows[i], c)->present)
				break;
			t[i].c.grid = (uint32_t)gi;
			t[i].c.row = (uint32_t)rows[i];
			t[i].c.col = (uint32_t)c;
			t[i].sign = signs[i];
		}
		if (i < n)
			continue;
		memset(&rel, 0, sizeof(rel));
		rel.kind = AK_REL_IDENTITY;
		rel.rule = rule;
		rel.target.grid = (uint32_t)gi;
		rel.target.row = (uint32_t)target;
		rel.target.col = (uint32_t)c;
		rel.terms = t;
		rel.nterms = n;
		if (ak_relset_push(a, rs, &rel))
			return AK_ENOMEM;
	}
	return 0;
}

static long find_row_from(const struct ak_grid *g, const char *prefix, long from)
{
	size_t r;
	char l[256];
	for (r = from < 0 ? 0 : (size_t)from; r < g->nrows; r++) {
		norm_label(g->labels[r], l, sizeof(l));
		if (starts_with(l, prefix))
			return (long)r;
	}
	return -1;
}

/* An intermediate result line of a result statement ("Resultat efter
 * finansiella poster", "Resultat före extraordinära poster"): it closes the
 * lines above it, and the next result is computed from it. */
static int label_is_result(const char *label)
{
	char l[256];
	norm_label(label, l, sizeof(l));
	return starts_with(l, "resultat ") || starts_with(l, "årets resultat") ||
	       starts_with(l, "periodens resultat");
}

/* Result statement, in the order the lines are printed:
 *   net = "Verksamhetens intäkter" .. the line above the net line;
 *   each later result line = the previous result + the lines between them
 * ("Resultat efter finansiella poster" = net + the financial lines; "Årets
 * resultat" = that + extraordinary lines).  A result line is never a term
 * of its own equation, and the lines must be found in order (Årets
 * resultat below the net line).  Cost lines printed positive in every
 * column are subtracted. */
static int result_statement(struct ak_arena *a, const struct ak_grid *g, size_t gi,
                            struct ak_relset *rs)
{
	long first = find_row(g, "verksamhetens intäkter", NULL);
	long net = find_row(g, "verksamhetens nettokostnad", NULL);
	long rows[64];
	int signs[64];
	long prev, r, res;
	if (net < 0)
		net = find_row(g, "verksamhetens resultat", NULL);
	if (first < 0 || net <= first + 1)
		return 0;
	res = find_row_from(g, "årets resultat", net + 1);
	for (prev = -1, r = first; r >= 0 && r < (long)g->nrows;) {
		long from = prev < 0 ? first : prev + 1, to, k;
		size_t n = 0;
		if (prev < 0) {
			to = net;
		} else {
			/* the next result line below prev, up to Årets resultat */
			for (to = prev + 1; to < (long)g->nrows && to <= res; to++)
				if (row_has_figures(g, (size_t)to) && label_is_result(g->labels[to]))
					break;
			if (res < 0 || to > res || to >= (long)g->nrows)
				break;
			rows[n] = prev;
			signs[n++] = 1;
		}
		if (to - from > 60)
			break;
		for (k = from; k < to && n < 64; k++) {
			size_t c;
			int allpos = 1, any = 0;
			if (!row_has_figures(g, (size_t)k))
				continue;
			for (c = 0; c < g->ncols; c++)
				if (cell(g, (size_t)k, c)->present) {
					any = 1;
					if (cell(g, (size_t)k, c)->value <= 0)
						allpos = 0;
				}
			rows[n] = k;
			signs[n++] = any && allpos && label_is_cost(g->labels[k]) ? -1 : 1;
		}
		if (n >= (prev < 0 ? 2u : 1u) && emit_identity(a, rs, gi, g, to, rows, signs, n,
		                            prev < 0 ? "identity:result-net" : "identity:result"))
			return AK_ENOMEM;
		if (to == res)
			break;
		prev = to;
		r = to;
	}
	return 0;
}

static int discover_identities(struct ak_arena *a, const struct ak_grid *g, size_t gi,
                               struct ak_relset *rs)
{
	long t, r1, r2;
	if (result_statement(a, g, gi, rs))
		return AK_ENOMEM;
	/* Balance sheet: assets = equity, provisions and liabilities. */
	t = find_row(g, "summa eget kapital", "skulder");
	r1 = find_row(g, "summa tillgångar", NULL);
	if (t >= 0 && r1 >= 0) {
		int s = 1;
		if (emit_identity(a, rs, gi, g, t, &r1, &s, 1, "identity:balance"))
			return AK_ENOMEM;
	}
	/* Cash flow: closing = opening + the year's cash flow. */
	t = find_row(g, "likvida medel vid årets slut", NULL);
	r1 = find_row(g, "likvida medel vid årets början", NULL);
	r2 = find_row(g, "årets kassaflöde", NULL);
	if (r2 < 0)
		r2 = find_row(g, "periodens kassaflöde", NULL);
	if (t >= 0 && r1 >= 0 && r2 >= 0) {
		long rows[2];
		int s[2] = { 1, 1 };
		rows[0] = r1;
		rows[1] = r2;
		if (emit_identity(a, rs, gi, g, t, rows, s, 2, "identity:cashflow"))
			return AK_ENOMEM;
	}
	return 0;
}

int ak_rel_discover(struct ak_arena *a, const struct ak_grid *grids, size_t gi,
                    struct ak_relset *rs)
{
	const struct ak_grid *g = &grids[gi];
	int rc;
	if (g->nrows == 0 || g->ncols == 0)
		return 0;
	if ((rc = discover_colsums(a, g, gi, rs)) != 0)
		return rc;
	if ((rc = discover_rows(a, g, gi, rs)) != 0)
		return rc;
	if ((rc = discover_shares(a, g, gi, rs)) != 0)
		return rc;
	return discover_identities(a, g, gi, rs);
}

/* ------------------------------------------------------------ across grids */

static int year_of(const char *h)
{
	/* First run of four digits 19xx/20xx in a heading, or 0. */
	const char *p;
	if (!h)
		return 0;
	for (p = h; p[0]; p++)
		if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
		    (p[4] < '0' || p[4] > '9') && (p == h || p[-1] < '0' || p[-1] > '9')) {
			int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
			if (y >= 1900 && y <= 2100)
				return y;
		}
	return 0;
}

static int is_note_grid(const struct ak_grid *g)
{
	char l[64];
	if (!g->title)
		return 0;
	norm_label(g->title, l, sizeof(l));
	return starts_with(l, "not ") && l[4] >= '0' && l[4] <= '9';
}

static int is_total_row(const struct ak_relset *rs, size_t gi, size_t r)
{
	size_t i;
	for (i = 0; i < rs->n; i++)
		if (rs->v[i].kind == AK_REL_COLSUM && rs->v[i].target.grid == gi &&
		    rs->v[i].target.row == r)
			return 1;
	return 0;
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

static int push_same(struct ak_arena *a, struct ak_relset *rs, size_t ga, size_t ra,
                     size_t ca, size_t gb, size_t rb, size_t cb, const char *rule)
{
	struct ak_term t;
	struct ak_rel rel;
	memset(&rel, 0, sizeof(rel));
	rel.kind = AK_REL_SAME;
	rel.rule = rule;
	rel.target.grid = (uint32_t)gb;
	rel.target.row = (uint32_t)rb;
	rel.target.col = (uint32_t)cb;
	t.c.grid = (uint32_t)ga;
	t.c.row = (uint32_t)ra;
	t.c.col = (uint32_t)ca;
	t.sign = 1;
	rel.terms = &t;
	rel.nterms = 1;
	rel.absolute = 1;
	return ak_relset_push(a, rs, &rel);
}

int ak_rel_discover_cross(struct ak_arena *a, const struct ak_grid *grids,
                          size_t ngrids, struct ak_relset *rs)
{
	size_t ga, gb, ra, rb, ca, cb;
	size_t nbase = rs->n;

	for (ga = 0; ga < ngrids; ga++) {
		const struct ak_grid *A = &grids[ga];
		if (!is_note_grid(A))
			continue;
		/* A note's totals: each should be a figure of a statement. */
		for (ra = 0; ra < A->nrows; ra++) {
			if (!is_total_row(rs, ga, ra) && !(A->rflags[ra] & AK_GROW_TOTAL))
				continue;
			for (ca = 0; ca < A->ncols; ca++) {
				const struct ak_gcell *x = cell(A, ra, ca);
				int matched = 0;
				if (!x->present || abs64(x->value) < 1000)
					continue;
				for (gb = 0; gb < ngrids && !matched; gb++) {
					const struct ak_grid *B = &grids[gb];
					if (gb == ga || is_note_grid(B) || B->dec != A->dec)
						continue;
					for (rb = 0; rb < B->nrows && !matched; rb++) {
						if (B->rflags[rb] & (AK_GROW_HEADER | AK_GROW_TEXT))
							continue;
						for (cb = 0; cb < B->ncols && !matched; cb++) {
							const struct ak_gcell *y = cell(B, rb, cb);
							int ya = year_of(A->colheads[ca]), yb = year_of(B->colheads[cb]);
							if (!y->present || abs64(abs64(y->value) - abs64(x->value)) > 1)
								continue;
							if (ya && yb && ya != yb)
								continue;
							if (push_same(a, rs, ga, ra, ca, gb, rb, cb, "same:note-total"))
								return AK_ENOMEM;
							matched = 1;
						}
					}
				}
			}
		}
	}
	/* "Årets resultat" in every statement: the same figure per year. */
	for (ga = 0; ga < ngrids; ga++) {
		long r1 = find_row(&grids[ga], "årets resultat", NULL);
		if (r1 < 0)
			continue;
		for (gb = ga + 1; gb < ngrids; gb++) {
			long r2 = find_row(&grids[gb], "årets resultat", NULL);
			if (r2 < 0)
				continue;
			for (ca = 0; ca < grids[ga].ncols; ca++) {
				int ya = year_of(grids[ga].colheads[ca]);
				if (!ya || !cell(&grids[ga], (size_t)r1, ca)->present)
					continue;
				for (cb = 0; cb < grids[gb].ncols; cb++)
					if (year_of(grids[gb].colheads[cb]) == ya &&
					    cell(&grids[gb], (size_t)r2, cb)->present &&
					    grids[ga].dec == grids[gb].dec) {
						if (push_same(a, rs, ga, (size_t)r1, ca, gb, (size_t)r2, cb,
						              "same:arets-resultat"))
							return AK_ENOMEM;
						break;
					}
			}
			break; /* chain: each statement against the next one */
		}
	}
	(void)nbase;
	return 0;
}
