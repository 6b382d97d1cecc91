/*
 * query_out.c - query results as bytes: an aligned table, CSV, JSON, and the
 * series chart as SVG.
 *
 * Why separate from query.c: the commands decide WHAT to ask; this file only
 * decides how a result looks, for every command alike.  Invariants: output
 * depends on the result only (no locale, no time, no addresses); reals are
 * printed with a fixed "%.1f"; table widths count UTF-8 code points, not
 * bytes, so å/ä/ö line up; CSV follows RFC 4180 (quote when a field holds
 * , " CR or LF; "" inside quotes); JSON is one object per row, one row per
 * line, inside [ ].  The chart is laid out once (ak_chart_layout) and drawn
 * here as SVG or in query_png.c as PNG; every coordinate is computed in
 * int64 from the int64 values (money never goes through double).
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ collecting */

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int ak_qres_collect(void *ud, int ncol, const char *const *names,
                    const struct ak_store_val *vals)
{
	struct ak_qres *r = ud;
	size_t i;

	if (r->err)
		return 1;
	if (!vals) {
		r->ncol = (size_t)ncol;
		r->names = calloc(r->ncol ? r->ncol : 1, sizeof(*r->names));
		if (!r->names)
			return r->err = AK_ENOMEM, 1;
		for (i = 0; i < r->ncol; i++)
			if (!(r->names[i] = dupn(names[i], strlen(names[i]))))
				return r->err = AK_ENOMEM, 1;
		return 0;
	}
	if (r->nrow == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 64;
		struct ak_qcell *c = realloc(r->cells, ncap * r->ncol * sizeof(*c));
		if (!c)
			return r->err = AK_ENOMEM, 1;
		r->cells = c;
		r->cap = ncap;
	}
	for (i = 0; i < r->ncol; i++) {
		struct ak_qcell *c = &r->cells[r->nrow * r->ncol + i];
		memset(c, 0, sizeof(*c));
		c->type = vals[i].type;
		c->i = vals[i].i;
		c->r = vals[i].r;
		if (c->type == AK_SV_TEXT) {
			c->n = vals[i].n;
			if (!(c->s = dupn(vals[i].s, vals[i].n))) {
				c->type = AK_SV_NULL;
				r->nrow++;
				return r->err = AK_ENOMEM, 1;
			}
		}
	}
	r->nrow++;
	return 0;
}

void ak_qres_release(struct ak_qres *r)
{
	size_t i;
	for (i = 0; i < r->nrow * r->ncol; i++)
		free(r->cells[i].s);
	for (i = 0; r->names && i < r->ncol; i++)
		free(r->names[i]);
	free(r->names);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

const struct ak_qcell *ak_qres_cell(const struct ak_qres *r, size_t row, size_t col)
{
	return &r->cells[row * r->ncol + col];
}

int ak_qres_col(const struct ak_qres *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->ncol; i++)
		if (strcmp(r->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------ rendering */

/* Text of a cell into b (no quoting). */
static void put_plain(struct ak_buf *b, const struct ak_qcell *c)
{
	switch (c->type) {
	case AK_SV_INT: ak_buf_printf(b, "%lld", (long long)c->i); break;
	case AK_SV_REAL: ak_buf_printf(b, "%.1f", c->r); break;
	case AK_SV_TEXT: ak_buf_put(b, c->s, c->n); break;
	default: break;
	}
}

static size_t utf8_width(const char *s, size_t n)
{
	size_t w = 0, i;
	for (i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* Table cells are one line: newlines and tabs shown as spaces. */
static void put_flat(struct ak_buf *b, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		ak_buf_putc(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == '\f'
		                   ? ' ' : s[i]);
}

static int write_table(struct ak_buf *b, const struct ak_qres *r)
{
	size_t *w, i, j;
	struct ak_buf t;

	w = calloc(r->ncol ? r->ncol : 1, sizeof(*w));
	if (!w)
		return b->err = AK_ENOMEM;
	ak_buf_init(&t, 0);
	for (j = 0; j < r->ncol; j++)
		w[j] = utf8_width(r->names[j], strlen(r->names[j]));
	for (i = 0; i < r->nrow; i++)
		for (j = 0; j < r->ncol; j++) {
			size_t k;
			ak_buf_reset(&t);
			put_plain(&t, ak_qres_cell(r, i, j));
			k = utf8_width(t.ptr ? t.ptr : "", t.len);
			if (k > w[j])
				w[j] = k;
		}
	for (i = 0; i <= r->nrow + 1; i++) {
		for (j = 0; j < r->ncol; j++) {
			size_t k, len;
			const char *s;
			int right = 0;
			ak_buf_reset(&t);
			if (i == 0) {
				ak_buf_puts(&t, r->names[j]);
			} else if (i == 1) {
				for (k = 0; k < w[j]; k++)
					ak_buf_putc(&t, '-');
			} else {
				const struct ak_qcell *c = ak_qres_cell(r, i - 2, j);
				put_plain(&t, c);
				right = c->type == AK_SV_INT || c->type == AK_SV_REAL;
			}
			s = t.ptr ? t.ptr : "";
			len = t.len;
			k = utf8_width(s, len);
			if (j)
				ak_buf_puts(b, "  ");
			if (right)
				for (; k < w[j]; k++)
					ak_buf_putc(b, ' ');
			put_flat(b, s, len);
			if (!right && j + 1 < r->ncol)
				for (; k < w[j]; k++)
					ak_buf_putc(b, ' ');
		}
		ak_buf_putc(b, '\n');
	}
	ak_buf_printf(b, "(%zu row%s)\n", r->nrow, r->nrow == 1 ? "" : "s");
	ak_buf_release(&t);
	free(w);
	return b->err;
}

static void put_csv_field(struct ak_buf *b, const char *s, size_t n)
{
	size_t i;
	if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) &&
	    !memchr(s, '\r', n)) {
		ak_buf_put(b, s, n);
		return;
	}
	ak_buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			ak_buf_putc(b, '"');
		ak_buf_putc(b, s[i]);
	}
	ak_buf_putc(b, '"');
}

static int write_csv(struct ak_buf *b, const struct ak_qres *r)
{
	size_t i, j;
	struct ak_buf t;
	ak_buf_init(&t, 0);
	for (j = 0; j < r->ncol; j++) {
		if (j)
			ak_buf_putc(b, ',');
		put_csv_field(b, r->names[j], strlen(r->names[j]));
	}
	ak_buf_puts(b, "\r\n");
	for (i = 0; i < r->nrow; i++) {
		for (j = 0; j < r->ncol; j++) {
			if (j)
				ak_buf_putc(b, ',');
			ak_buf_reset(&t);
			put_plain(&t, ak_qres_cell(r, i, j));
			put_csv_field(b, t.ptr ? t.ptr : "", t.len);
		}
		ak_buf_puts(b, "\r\n");
	}
	ak_buf_release(&t);
	return b->err;
}

static int write_json(struct ak_buf *b, const struct ak_qres *r)
{
	size_t i, j;
	ak_buf_puts(b, "[");
	for (i = 0; i < r->nrow; i++) {
		ak_buf_puts(b, i ? ",\n{" : "\n{");
		for (j = 0; j < r->ncol; j++) {
			const struct ak_qcell *c = ak_qres_cell(r, i, j);
			if (j)
				ak_buf_putc(b, ',');
			ak_buf_json_str(b, r->names[j], strlen(r->names[j]));
			ak_buf_putc(b, ':');
			switch (c->type) {
			case AK_SV_INT: ak_buf_printf(b, "%lld", (long long)c->i); break;
			case AK_SV_REAL: ak_buf_printf(b, "%.1f", c->r); break;
			case AK_SV_TEXT: ak_buf_json_str(b, c->s, c->n); break;
			default: ak_buf_puts(b, "null"); break;
			}
		}
		ak_buf_putc(b, '}');
	}
	ak_buf_puts(b, r->nrow ? "\n]\n" : "]\n");
	return b->err;
}

int ak_qres_write(struct ak_buf *b, const struct ak_qres *r, enum ak_qfmt fmt)
{
	switch (fmt) {
	case AK_QFMT_CSV: return write_csv(b, r);
	case AK_QFMT_JSON: return write_json(b, r);
	default: return write_table(b, r);
	}
}

/* ------------------------------------------------------------ the chart */

#define SVG_W AK_CHART_W
#define SVG_H AK_CHART_H
#define M_LEFT AK_CHART_LEFT
#define M_RIGHT AK_CHART_RIGHT
#define M_TOP AK_CHART_TOP
#define M_BOTTOM AK_CHART_BOTTOM

const uint32_t ak_chart_colours[AK_CHART_NCOLOUR] = {
	0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x8c564b, 0xe377c2, 0x17becf
};

static void put_xml(struct ak_buf *b, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': ak_buf_puts(b, "&lt;"); break;
		case '>': ak_buf_puts(b, "&gt;"); break;
		case '&': ak_buf_puts(b, "&amp;"); break;
		case '"': ak_buf_puts(b, "&quot;"); break;
		default: ak_buf_putc(b, s[i]); break;
		}
	}
}

/* v * 10^k without overflow; 0 on overflow (*ok cleared). */
static int64_t scale_up(int64_t v, int k, int *ok)
{
	while (k-- > 0) {
		if (v > INT64_MAX / 10 || v < INT64_MIN / 10) {
			*ok = 0;
			return 0;
		}
		v *= 10;
	}
	return v;
}

static int64_t lerp(int64_t v, int64_t lo, int64_t hi, int64_t a, int64_t bpx)
{
	__int128 num;
	if (hi == lo)
		return (a + bpx) / 2;
	num = (__int128)(v - lo) * (bpx - a);
	return a + (int64_t)(num / (hi - lo));
}

void ak_chart_amount(struct ak_buf *b, int64_t v)
{
	char d[32];
	int n = 0, i;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		d[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		ak_buf_putc(b, '-');
	for (i = n - 1; i >= 0; i--) {
		ak_buf_putc(b, d[i]);
		if (i && i % 3 == 0)
			ak_buf_putc(b, ' ');
	}
}

void ak_chart_release(struct ak_chart *c)
{
	free(c->pt);
	free(c->line);
	free(c->tick);
	memset(c, 0, sizeof(*c));
}

static int same_org(const struct ak_chart_line *l, const char *org, size_t orgn)
{
	return l->orgn == orgn && memcmp(l->org, org, orgn) == 0;
}

/* The leading whole words (up to and with a space) that every line's
 * organisation shares, when every one has something left after them. */
static void legend_head(struct ak_chart *c)
{
	size_t n, i, k;

	if (c->nline < 2)
		return;
	n = c->line[0].orgn;
	for (i = 1; i < c->nline; i++) {
		for (k = 0; k < n && k < c->line[i].orgn && c->line[i].org[k] == c->line[0].org[k];
		     k++)
			;
		n = k;
	}
	while (n > 0 && c->line[0].org[n - 1] != ' ')
		n--;
	for (i = 0; i < c->nline; i++)
		if (c->line[i].orgn <= n)
			return;
	if (n < 2)
		return;
	c->head = c->line[0].org;
	c->headn = n - 1; /* without the space */
	for (i = 0; i < c->nline; i++) {
		c->line[i].label = c->line[i].org + n;
		c->line[i].labeln = c->line[i].orgn - n;
	}
}

int ak_chart_layout(struct ak_chart *c, const struct ak_qres *r)
{
	int cy = ak_qres_col(r, "year"), cv = ak_qres_col(r, "value"),
	    cs = ak_qres_col(r, "scale"), co = ak_qres_col(r, "organisation");
	size_t i, j, cap = r->nrow ? r->nrow : 1;
	int ok = 1, first = 1;
	int64_t ylo = 0, yhi = 0, yr;

	memset(c, 0, sizeof(*c));
	if (cy < 0 || cv < 0)
		return AK_EINVAL;
	c->pt = calloc(cap, sizeof(*c->pt));
	c->line = calloc(cap, sizeof(*c->line));
	c->tick = calloc(201, sizeof(*c->tick));
	if (!c->pt || !c->line || !c->tick) {
		ak_chart_release(c);
		return AK_ENOMEM;
	}
	/* the common scale: the smallest among the points */
	for (i = 0; i < r->nrow; i++) {
		const struct ak_qcell *s = cs >= 0 ? ak_qres_cell(r, i, (size_t)cs) : NULL;
		int sc = s && s->type == AK_SV_INT ? (int)s->i : 0;
		if (i == 0 || sc < c->minscale)
			c->minscale = sc;
	}
	for (i = 0; i < r->nrow; i++) {
		const struct ak_qcell *y = ak_qres_cell(r, i, (size_t)cy);
		const struct ak_qcell *v = ak_qres_cell(r, i, (size_t)cv);
		const struct ak_qcell *s = cs >= 0 ? ak_qres_cell(r, i, (size_t)cs) : NULL;
		const struct ak_qcell *o = co >= 0 ? ak_qres_cell(r, i, (size_t)co) : NULL;
		int sc = s && s->type == AK_SV_INT ? (int)s->i : 0;
		struct ak_chart_pt *p = &c->pt[c->npt];
		const char *org = o && o->type == AK_SV_TEXT ? o->s : "";
		size_t orgn = o && o->type == AK_SV_TEXT ? o->n : 0;
		if (y->type != AK_SV_INT || v->type != AK_SV_INT)
			continue;
		p->year = y->i;
		p->v = scale_up(v->i, sc - c->minscale, &ok);
		/* one line per organisation, in order of first appearance */
		for (j = 0; j < c->nline && !same_org(&c->line[j], org, orgn); j++)
			;
		if (j == c->nline) {
			c->line[j].org = org;
			c->line[j].orgn = orgn;
			c->line[j].label = orgn ? org : "(okänd)";
			c->line[j].labeln = orgn ? orgn : strlen("(okänd)");
			c->line[j].rgb = ak_chart_colours[j % AK_CHART_NCOLOUR];
			c->line[j].legend_y = (int64_t)M_TOP + 16 * (int64_t)j;
			c->nline++;
		}
		p->line = j;
		if (first || p->year < ylo) ylo = p->year;
		if (first || p->year > yhi) yhi = p->year;
		if (first || p->v < c->vlo) c->vlo = p->v;
		if (first || p->v > c->vhi) c->vhi = p->v;
		first = 0;
		c->npt++;
	}
	if (!ok) {
		ak_chart_release(c);
		return AK_ETOOBIG;
	}
	if (c->vlo > 0)
		c->vlo = 0; /* amounts read best from zero */
	if (c->vhi < 0)
		c->vhi = 0;
	c->zero_y = lerp(0, c->vlo, c->vhi, SVG_H - M_BOTTOM, M_TOP);
	legend_head(c);
	for (i = 0; i < c->npt; i++) {
		c->pt[i].x = lerp(c->pt[i].year, ylo, yhi, M_LEFT + 20, SVG_W - M_RIGHT - 20);
		c->pt[i].y = lerp(c->pt[i].v, c->vlo, c->vhi, SVG_H - M_BOTTOM, M_TOP);
	}
	for (yr = ylo; c->npt && yr <= yhi && yr - ylo < 200; yr++) {
		if (yhi - ylo > 12 && (yr - ylo) % 5)
			continue;
		c->tick[c->ntick].year = yr;
		c->tick[c->ntick].x = lerp(yr, ylo, yhi, M_LEFT + 20, SVG_W - M_RIGHT - 20);
		c->ntick++;
	}
	return 0;
}

int ak_qres_plot_svg(struct ak_buf *b, const struct ak_qres *r, const char *title)
{
	struct ak_chart c;
	size_t i, j;
	int rc;

	if ((rc = ak_chart_layout(&c, r)) != 0)
		return b->err = rc;
	ak_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
	              " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
	              SVG_W, SVG_H, SVG_W, SVG_H);
	ak_buf_printf(b, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", SVG_W, SVG_H);
	ak_buf_printf(b, "<text x=\"%d\" y=\"24\" font-size=\"15\">", M_LEFT);
	put_xml(b, title, strlen(title));
	if (c.minscale)
		ak_buf_printf(b, " (×10^%d)", c.minscale);
	ak_buf_puts(b, "</text>\n");
	/* axes */
	ak_buf_printf(b, "<path d=\"M%d %dV%dH%d\" stroke=\"black\" fill=\"none\"/>\n", M_LEFT,
	              M_TOP, SVG_H - M_BOTTOM, SVG_W - M_RIGHT);
	if (c.npt) {
		ak_buf_printf(b, "<path d=\"M%d %lldH%d\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n",
		              M_LEFT, (long long)c.zero_y, SVG_W - M_RIGHT);
		ak_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", M_LEFT - 6, M_TOP + 4);
		ak_chart_amount(b, c.vhi);
		ak_buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", M_LEFT - 6,
		              SVG_H - M_BOTTOM + 4);
		ak_chart_amount(b, c.vlo);
		ak_buf_puts(b, "</text>\n");
		for (i = 0; i < c.ntick; i++)
			ak_buf_printf(b, "<text x=\"%lld\" y=\"%d\" text-anchor=\"middle\">%lld</text>\n",
			              (long long)c.tick[i].x, SVG_H - M_BOTTOM + 18,
			              (long long)c.tick[i].year);
	}
	for (i = 0; i < c.nline; i++) {
		const struct ak_chart_line *l = &c.line[i];
		char col[16];
		int first = 1;
		snprintf(col, sizeof(col), "#%06lx", (unsigned long)(l->rgb & 0xffffffu));
		ak_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
		for (j = 0; j < c.npt; j++) {
			if (c.pt[j].line != i)
				continue;
			ak_buf_printf(b, "%s%lld,%lld", first ? "" : " ", (long long)c.pt[j].x,
			              (long long)c.pt[j].y);
			first = 0;
		}
		ak_buf_puts(b, "\"/>\n");
		for (j = 0; j < c.npt; j++) {
			if (c.pt[j].line != i)
				continue;
			ak_buf_printf(b, "<circle r=\"3\" fill=\"%s\" cx=\"%lld\" cy=\"%lld\"><title>%lld: ",
			              col, (long long)c.pt[j].x, (long long)c.pt[j].y,
			              (long long)c.pt[j].year);
			ak_chart_amount(b, c.pt[j].v);
			ak_buf_puts(b, "</title></circle>\n");
		}
		ak_buf_printf(b, "<text x=\"%d\" y=\"%lld\" fill=\"%s\">", SVG_W - M_RIGHT + 10,
		              (long long)l->legend_y, col);
		put_xml(b, l->label, l->labeln);
		ak_buf_puts(b, "</text>\n");
	}
	if (c.headn) {
		ak_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", SVG_W - 4,
		              AK_CHART_HEAD_Y);
		put_xml(b, c.head, c.headn);
		ak_buf_puts(b, "</text>\n");
	}
	ak_buf_puts(b, "</svg>\n");
	ak_chart_release(&c);
	return b->err;
}
