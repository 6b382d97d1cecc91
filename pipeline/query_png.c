/*
 * query_png.c - the series chart as a PNG image (`arkiv query series
 * --plot FILE.png`).
 *
 * Why its own unit: the SVG is text (query_out.c) while a PNG needs pixels,
 * i.e. a small rasteriser: lines, dashes, discs and text on an RGB canvas.
 * The layout is ak_chart_layout's, shared with the SVG, so both files show
 * the same chart at the same coordinates; this file only turns it into
 * pixels.  The font (Leptonica's built-in serif, ASCII only) and the PNG
 * encoder are borrowed through the OCR adapter (ocr_adapter.h), which
 * stays the only file that includes Leptonica.
 *
 * Invariants: no anti-aliasing and no floating point, so the pixels, and
 * with them the PNG bytes, depend on the result and the title only; drawing
 * is clipped to the canvas, so no input can write outside it.  Limits:
 * letters outside ASCII are drawn as their base letter plus a mark for
 * å ä ö é ü (and capitals), '×' as 'x', dashes as '-', anything else as
 * '?'; a legend entry longer than the legend column ends in ".." (the
 * words all entries share are drawn once above the legend, so what is cut
 * is the end of what tells them apart, not all of it).
 */
#include "query.h"
#include "ocr_adapter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_TEXT 4   /* Leptonica size: 17-pixel lines, like the SVG's 12 px */
#define FONT_TITLE 6  /* 25-pixel lines, the SVG's 15 px title */

#define WHITE 0xffffffu
#define BLACK 0x000000u
#define GREY 0x999999u

struct canvas {
	struct ak_rgb img;
};

static void put(struct canvas *c, int64_t x, int64_t y, uint32_t rgb)
{
	unsigned char *p;
	if (x < 0 || y < 0 || x >= c->img.w || y >= c->img.h)
		return;
	p = c->img.px + ((size_t)y * (size_t)c->img.w + (size_t)x) * 3;
	p[0] = (unsigned char)(rgb >> 16);
	p[1] = (unsigned char)(rgb >> 8);
	p[2] = (unsigned char)rgb;
}

/* A rectangle [x0, x1) x [y0, y1). */
static void fill(struct canvas *c, int64_t x0, int64_t y0, int64_t x1, int64_t y1,
                 uint32_t rgb)
{
	int64_t x, y;
	if (x0 < 0) x0 = 0;
	if (y0 < 0) y0 = 0;
	if (x1 > c->img.w) x1 = c->img.w;
	if (y1 > c->img.h) y1 = c->img.h;
	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			put(c, x, y, rgb);
}

/* A line of width 2 (the SVG's stroke-width="2"): Bresenham with a 2x2
 * brush covering [x-1, x] x [y-1, y]. */
static void line2(struct canvas *c, int64_t x0, int64_t y0, int64_t x1, int64_t y1,
                  uint32_t rgb)
{
	int64_t dx = x1 > x0 ? x1 - x0 : x0 - x1, sx = x0 < x1 ? 1 : -1;
	int64_t dy = y1 > y0 ? y0 - y1 : y1 - y0, sy = y0 < y1 ? 1 : -1;
	int64_t e = dx + dy, n = 0;
	/* coordinates are inside the canvas (the layout's), but a bound keeps
	 * the loop finite whatever they are */
	while (n++ <= 4 * (AK_CHART_W + AK_CHART_H)) {
		fill(c, x0 - 1, y0 - 1, x0 + 1, y0 + 1, rgb);
		if (x0 == x1 && y0 == y1)
			break;
		if (2 * e >= dy) {
			e += dy;
			x0 += sx;
		}
		if (2 * e <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

/* A filled disc of radius 3 (the SVG's circle r="3"). */
static void disc(struct canvas *c, int64_t cx, int64_t cy, uint32_t rgb)
{
	int dx, dy;
	for (dy = -3; dy <= 3; dy++)
		for (dx = -3; dx <= 3; dx++)
			if (dx * dx + dy * dy <= 10)
				put(c, cx + dx, cy + dy, rgb);
}

/* ------------------------------------------------------------ text */

enum mark { MARK_NONE, MARK_DOTS, MARK_RING, MARK_ACUTE };

/* One UTF-8 character -> the font's character and a mark above it.
 * Advances *i past the character (one byte for a broken sequence). */
static char glyph_of(const char *s, size_t n, size_t *i, enum mark *m)
{
	static const struct {
		unsigned cp;
		char base;
		enum mark mark;
	} latin[] = {
		{ 0xe5, 'a', MARK_RING }, { 0xc5, 'A', MARK_RING },
		{ 0xe4, 'a', MARK_DOTS }, { 0xc4, 'A', MARK_DOTS },
		{ 0xf6, 'o', MARK_DOTS }, { 0xd6, 'O', MARK_DOTS },
		{ 0xfc, 'u', MARK_DOTS }, { 0xdc, 'U', MARK_DOTS },
		{ 0xe9, 'e', MARK_ACUTE }, { 0xc9, 'E', MARK_ACUTE },
		{ 0xd7, 'x', MARK_NONE },                          /* × */
		{ 0xa0, ' ', MARK_NONE }, { 0x2009, ' ', MARK_NONE }, /* no-break, thin */
		{ 0x202f, ' ', MARK_NONE },
		{ 0x2013, '-', MARK_NONE }, { 0x2014, '-', MARK_NONE },
		{ 0x2212, '-', MARK_NONE },
	};
	const unsigned char *u = (const unsigned char *)s + *i;
	size_t left = n - *i, len, k;
	unsigned cp;

	*m = MARK_NONE;
	if (u[0] < 0x80) {
		(*i)++;
		return u[0] < ' ' || u[0] == 0x7f ? ' ' : (char)u[0];
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = u[0] & 0x1fu;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = u[0] & 0x0fu;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = u[0] & 0x07u;
	} else {
		(*i)++;
		return '?';
	}
	if (left < len) {
		(*i)++;
		return '?';
	}
	for (k = 1; k < len; k++) {
		if ((u[k] & 0xc0) != 0x80) {
			(*i)++;
			return '?';
		}
		cp = cp << 6 | (u[k] & 0x3fu);
	}
	*i += len;
	for (k = 0; k < sizeof(latin) / sizeof(latin[0]); k++)
		if (latin[k].cp == cp) {
			*m = latin[k].mark;
			return latin[k].base;
		}
	return '?';
}

static const struct ak_glyph *glyph(const struct ak_font *f, char ch)
{
	if (ch < AK_FONT_FIRST || ch > AK_FONT_LAST)
		return NULL;
	return f->g[ch - AK_FONT_FIRST].ink ? &f->g[ch - AK_FONT_FIRST] : NULL;
}

static int advance(const struct ak_font *f, char ch)
{
	const struct ak_glyph *g = glyph(f, ch);
	return g ? g->advance : f->space;
}

/* Width in pixels of the UTF-8 text s[0..n) in font f. */
static int64_t text_width(const struct ak_font *f, const char *s, size_t n)
{
	size_t i = 0;
	int64_t w = 0;
	enum mark m;
	while (i < n)
		w += advance(f, glyph_of(s, n, &i, &m));
	return w;
}

/* The mark above a glyph drawn with its top left at (x, y): placed over
 * the glyph's ink, sized from the font's line height. */
static void draw_mark(struct canvas *c, const struct ak_font *f, const struct ak_glyph *g,
                      int64_t x, int64_t y, enum mark m, uint32_t rgb)
{
	int top = g->h, left = g->w, right = -1, gx, gy;
	int d = (f->line_height + 8) / 12; /* dot size: 2 px at sizes 4 and 6 */
	int64_t cx, base;

	for (gy = 0; gy < g->h; gy++)
		for (gx = 0; gx < g->w; gx++)
			if (g->ink[gy * g->w + gx]) {
				if (gy < top) top = gy;
				if (gx < left) left = gx;
				if (gx > right) right = gx;
			}
	if (right < 0)
		return;
	cx = x + (left + right + 1) / 2;
	base = y + top - 1; /* bottom of the mark, one pixel above the ink */
	switch (m) {
	case MARK_DOTS: {
		int64_t half = (right - left + 1) / 4 + 1;
		fill(c, cx - half - d / 2, base - d, cx - half - d / 2 + d, base, rgb);
		fill(c, cx + half - d / 2, base - d, cx + half - d / 2 + d, base, rgb);
		break;
	}
	case MARK_RING: {
		int r = d, rx, ry;
		for (ry = -r; ry <= r; ry++)
			for (rx = -r; rx <= r; rx++) {
				int q = rx * rx + ry * ry;
				if (q <= r * r + r && q >= r * r - r)
					put(c, cx + rx, base - r - 1 + ry, rgb);
			}
		break;
	}
	case MARK_ACUTE: {
		int k;
		for (k = 0; k <= d + 1; k++)
			fill(c, cx - 1 + k, base - 1 - k, cx + k + d - 1, base - k, rgb);
		break;
	}
	default:
		break;
	}
}

/* One character with its baseline at y, starting at x. */
static void draw_glyph(struct canvas *c, const struct ak_font *f, int64_t x, int64_t y,
                       char ch, enum mark m, uint32_t rgb)
{
	const struct ak_glyph *g = glyph(f, ch);
	int64_t top;
	int gx, gy;

	if (!g)
		return;
	top = y - g->baseline;
	for (gy = 0; gy < g->h; gy++)
		for (gx = 0; gx < g->w; gx++)
			if (g->ink[gy * g->w + gx])
				put(c, x + gx, top + gy, rgb);
	if (m != MARK_NONE)
		draw_mark(c, f, g, x, top, m, rgb);
}

enum anchor { START, MIDDLE, END };

/* Draw s[0..n) with its baseline at y; x is the start, middle or end as
 * `a` says (the SVG's text-anchor).  Text that would pass maxx stops
 * early and ends in "..". */
static void draw_text(struct canvas *c, const struct ak_font *f, int64_t x, int64_t y,
                      enum anchor a, const char *s, size_t n, int64_t maxx, uint32_t rgb)
{
	int64_t w = text_width(f, s, n), dot = advance(f, '.');
	size_t i = 0;
	int cut;
	enum mark m;

	if (a == MIDDLE)
		x -= w / 2;
	else if (a == END)
		x -= w;
	cut = x + w > maxx;
	while (i < n) {
		char ch = glyph_of(s, n, &i, &m);
		int adv = advance(f, ch);
		if (cut && x + adv + 2 * dot > maxx) {
			draw_glyph(c, f, x, y, '.', MARK_NONE, rgb);
			draw_glyph(c, f, x + dot, y, '.', MARK_NONE, rgb);
			return;
		}
		draw_glyph(c, f, x, y, ch, m, rgb);
		x += adv;
	}
}

/* ------------------------------------------------------------ the chart */

static void draw_chart(struct canvas *cv, const struct ak_chart *c, const struct ak_font *text,
                       const struct ak_font *big, const char *title, struct ak_buf *t)
{
	size_t i, j;
	int64_t x;

	fill(cv, 0, 0, AK_CHART_W, AK_CHART_H, WHITE);
	ak_buf_reset(t);
	ak_buf_puts(t, title);
	if (c->minscale)
		ak_buf_printf(t, " (×10^%d)", c->minscale);
	draw_text(cv, big, AK_CHART_LEFT, 24, START, t->ptr ? t->ptr : "", t->len,
	          AK_CHART_W - 4, BLACK);
	/* axes: y then x, 1 pixel */
	fill(cv, AK_CHART_LEFT, AK_CHART_TOP, AK_CHART_LEFT + 1, AK_CHART_H - AK_CHART_BOTTOM + 1,
	     BLACK);
	fill(cv, AK_CHART_LEFT, AK_CHART_H - AK_CHART_BOTTOM, AK_CHART_W - AK_CHART_RIGHT + 1,
	     AK_CHART_H - AK_CHART_BOTTOM + 1, BLACK);
	if (c->npt) {
		/* the zero line, dashed 4 on, 3 off, over the plot only */
		for (x = AK_CHART_LEFT + 1; x <= AK_CHART_W - AK_CHART_RIGHT; x++)
			if ((x - AK_CHART_LEFT) % 7 < 4 && c->zero_y != AK_CHART_H - AK_CHART_BOTTOM)
				put(cv, x, c->zero_y, GREY);
		ak_buf_reset(t);
		ak_chart_amount(t, c->vhi);
		draw_text(cv, text, AK_CHART_LEFT - 6, AK_CHART_TOP + 4, END, t->ptr, t->len,
		          AK_CHART_W, BLACK);
		ak_buf_reset(t);
		ak_chart_amount(t, c->vlo);
		draw_text(cv, text, AK_CHART_LEFT - 6, AK_CHART_H - AK_CHART_BOTTOM + 4, END, t->ptr,
		          t->len, AK_CHART_W, BLACK);
		for (i = 0; i < c->ntick; i++) {
			ak_buf_reset(t);
			ak_buf_printf(t, "%lld", (long long)c->tick[i].year);
			draw_text(cv, text, c->tick[i].x, AK_CHART_H - AK_CHART_BOTTOM + 18, MIDDLE,
			          t->ptr, t->len, AK_CHART_W, BLACK);
		}
	}
	for (i = 0; i < c->nline; i++) {
		const struct ak_chart_line *l = &c->line[i];
		const struct ak_chart_pt *prev = NULL;
		for (j = 0; j < c->npt; j++) {
			if (c->pt[j].line != i)
				continue;
			if (prev)
				line2(cv, prev->x, prev->y, c->pt[j].x, c->pt[j].y, l->rgb);
			prev = &c->pt[j];
		}
		for (j = 0; j < c->npt; j++)
			if (c->pt[j].line == i)
				disc(cv, c->pt[j].x, c->pt[j].y, l->rgb);
		draw_text(cv, text, AK_CHART_W - AK_CHART_RIGHT + 10, l->legend_y, START, l->label,
		          l->labeln, AK_CHART_W - 2, l->rgb);
	}
	if (c->headn)
		draw_text(cv, text, AK_CHART_W - 4, AK_CHART_HEAD_Y, END, c->head, c->headn,
		          AK_CHART_W, BLACK);
}

int ak_qres_plot_png(unsigned char **png, size_t *n, const struct ak_qres *r,
                     const char *title, char *why, size_t whylen)
{
	struct ak_chart c;
	struct ak_font text, big;
	struct canvas cv;
	struct ak_buf t;
	int rc;

	*png = NULL;
	*n = 0;
	if ((rc = ak_chart_layout(&c, r)) != 0) {
		snprintf(why, whylen, "%s", rc == AK_ETOOBIG ? "a value does not fit at the common scale"
		                            : rc == AK_EINVAL ? "not a series result (year, value)"
		                            : "out of memory");
		return rc;
	}
	if ((rc = ak_img_font_init(&text, FONT_TEXT, why, whylen)) != 0) {
		ak_chart_release(&c);
		return rc;
	}
	if ((rc = ak_img_font_init(&big, FONT_TITLE, why, whylen)) != 0) {
		ak_img_font_release(&text);
		ak_chart_release(&c);
		return rc;
	}
	memset(&cv, 0, sizeof(cv));
	cv.img.w = AK_CHART_W;
	cv.img.h = AK_CHART_H;
	cv.img.px = malloc((size_t)AK_CHART_W * AK_CHART_H * 3);
	ak_buf_init(&t, 0);
	if (!cv.img.px) {
		snprintf(why, whylen, "out of memory");
		rc = AK_ENOMEM;
	} else {
		draw_chart(&cv, &c, &text, &big, title, &t);
		if (t.err) {
			snprintf(why, whylen, "out of memory");
			rc = AK_ENOMEM;
		} else {
			rc = ak_img_png_encode(png, n, &cv.img, why, whylen);
		}
	}
	ak_buf_release(&t);
	ak_rgb_release(&cv.img);
	ak_img_font_release(&big);
	ak_img_font_release(&text);
	ak_chart_release(&c);
	return rc;
}
