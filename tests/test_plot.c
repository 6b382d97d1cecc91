/*
 * test_plot.c - the series chart as PNG (query_png.c) and the chart helpers
 * of the OCR adapter (font, PNG encode/decode).
 *
 * Each case is a hand-made series result; the PNG is decoded again through
 * the adapter and checked pixel by pixel against the layout both writers
 * share (ak_chart_layout): size, axes, every point in its line's colour,
 * exactly the expected line colours, the zero line, title ink, nothing but
 * the chart's own colours (no anti-aliasing), and the same bytes on a
 * second run.  The SVG stays covered by test_query's golden file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arkiv.h"
#include "ocr_adapter.h"
#include "query.h"

/* ------------------------------------------------------------ results */

struct row {
	int year;       /* 0 = end of the case's rows */
	const char *org;/* NULL = unknown organisation */
	int64_t value;
	int scale;
};

static void build(struct ak_qres *r, const struct row *rows)
{
	static const char *const names[] = { "year", "organisation", "value", "scale" };
	size_t i;
	memset(r, 0, sizeof(*r));
	assert_int_equal(ak_qres_collect(r, 4, names, NULL), 0);
	for (i = 0; rows[i].year; i++) {
		struct ak_store_val v[4];
		memset(v, 0, sizeof(v));
		v[0].type = AK_SV_INT;
		v[0].i = rows[i].year;
		if (rows[i].org) {
			v[1].type = AK_SV_TEXT;
			v[1].s = rows[i].org;
			v[1].n = strlen(rows[i].org);
		}
		v[2].type = AK_SV_INT;
		v[2].i = rows[i].value;
		v[3].type = AK_SV_INT;
		v[3].i = rows[i].scale;
		assert_int_equal(ak_qres_collect(r, 4, NULL, v), 0);
	}
}

static uint32_t pixel(const struct ak_rgb *img, int64_t x, int64_t y)
{
	const unsigned char *p = img->px + ((size_t)y * (size_t)img->w + (size_t)x) * 3;
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static size_t count_colour(const struct ak_rgb *img, uint32_t rgb)
{
	size_t n = 0;
	int x, y;
	for (y = 0; y < img->h; y++)
		for (x = 0; x < img->w; x++)
			n += pixel(img, x, y) == rgb;
	return n;
}

/* Draw r, decode the PNG; *png keeps the bytes (caller frees). */
static void draw(const struct ak_qres *r, const char *title, unsigned char **png, size_t *n,
                 struct ak_rgb *img)
{
	char why[256] = "";
	int rc = ak_qres_plot_png(png, n, r, title, why, sizeof(why));
	if (rc != 0)
		fail_msg("ak_qres_plot_png: %d %s", rc, why);
	assert_true(*n > 8);
	assert_memory_equal(*png, "\x89PNG\r\n\x1a\n", 8);
	rc = ak_img_png_decode(img, *png, *n, (size_t)1 << 24, why, sizeof(why));
	if (rc != 0)
		fail_msg("ak_img_png_decode: %d %s", rc, why);
}

/* ------------------------------------------------------------ the cases */

static const struct row two_orgs[] = {
	{ 2020, "Norrby kommun", -4767000, 0 },
	{ 2021, "Norrby kommun", 18192622, 0 },
	{ 2021, "Samordningsförbundet Exempel", -379, 3 },
	{ 2022, "Samordningsförbundet Exempel", 1204, 3 },
	{ 2023, "Samordningsförbundet Exempel", 845, 3 },
	{ 0, NULL, 0, 0 },
};

static const struct row positive[] = {
	{ 2015, "Åby kommun", 120, 3 },
	{ 2016, "Åby kommun", 340, 3 },
	{ 2019, "Åby kommun", 90, 3 },
	{ 2016, NULL, 200, 3 },
	{ 0, NULL, 0, 0 },
};

static const struct row nine_orgs[] = {
	{ 2020, "A", 10, 0 }, { 2021, "A", 11, 0 },
	{ 2020, "B", 20, 0 }, { 2021, "B", 21, 0 },
	{ 2020, "C", 30, 0 }, { 2021, "C", 31, 0 },
	{ 2020, "D", 40, 0 }, { 2021, "D", 41, 0 },
	{ 2020, "E", 50, 0 }, { 2021, "E", 51, 0 },
	{ 2020, "F", 60, 0 }, { 2021, "F", 61, 0 },
	{ 2020, "G", 70, 0 }, { 2021, "G", 71, 0 },
	{ 2020, "H", 80, 0 }, { 2021, "H", 81, 0 },
	{ 2020, "I", 90, 0 }, { 2021, "I", 91, 0 },
	{ 0, NULL, 0, 0 },
};

static const struct row one_point[] = {
	{ 2022, "Vättern", -5, 0 },
	{ 0, NULL, 0, 0 },
};

static const struct row twenty_years[] = {
	{ 2004, "Region Norrhav", 100, 6 }, { 2009, "Region Norrhav", -300, 6 },
	{ 2014, "Region Norrhav", 250, 6 }, { 2023, "Region Norrhav", 400, 6 },
	{ 0, NULL, 0, 0 },
};

static const struct row no_rows[] = { { 0, NULL, 0, 0 } };

static const struct {
	const char *name;
	const struct row *rows;
	size_t lines;  /* organisations: colours 0..lines-1 (mod 8) expected */
	int zero_line; /* 1 when zero lies above the x axis */
} cases[] = {
	{ "two organisations, negative values, two scales", two_orgs, 2, 1 },
	{ "positive values only, unknown organisation", positive, 2, 0 },
	{ "nine organisations: the colours cycle", nine_orgs, 9, 0 },
	{ "one point", one_point, 1, 1 },
	{ "twenty years: ticks every five", twenty_years, 1, 1 },
	{ "no rows: axes only", no_rows, 0, 0 },
};

static int near_point(const struct ak_chart *c, int64_t x, int64_t y, int64_t d)
{
	size_t i;
	for (i = 0; i < c->npt; i++)
		if (c->pt[i].x - d <= x && x <= c->pt[i].x + d && c->pt[i].y - d <= y &&
		    y <= c->pt[i].y + d)
			return 1;
	return 0;
}

/* A pixel of a line segment lies within a band of the straight line
 * between two consecutive points: any pixel near a segment's midpoint. */
static int line_near(const struct ak_rgb *img, int64_t x, int64_t y, uint32_t rgb)
{
	int dx, dy;
	for (dy = -2; dy <= 2; dy++)
		for (dx = -2; dx <= 2; dx++)
			if (x + dx >= 0 && x + dx < img->w && y + dy >= 0 && y + dy < img->h &&
			    pixel(img, x + dx, y + dy) == rgb)
				return 1;
	return 0;
}

static void test_png_cases(void **state)
{
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct ak_qres r;
		struct ak_chart c;
		struct ak_rgb img, again_img;
		unsigned char *png = NULL, *again = NULL;
		size_t n = 0, n2 = 0, i, j, known;
		int64_t x, y;
		int x_axis = AK_CHART_H - AK_CHART_BOTTOM;

		print_message("case: %s\n", cases[k].name);
		build(&r, cases[k].rows);
		assert_int_equal(ak_chart_layout(&c, &r), 0);
		assert_int_equal(c.nline, cases[k].lines);
		draw(&r, "Årets resultat", &png, &n, &img);
		assert_int_equal(img.w, AK_CHART_W);
		assert_int_equal(img.h, AK_CHART_H);

		/* the axes, except where a point's disc covers them */
		for (y = AK_CHART_TOP; y <= x_axis; y++)
			assert_int_equal(pixel(&img, AK_CHART_LEFT, y), 0x000000);
		for (x = AK_CHART_LEFT; x <= AK_CHART_W - AK_CHART_RIGHT; x++)
			if (!near_point(&c, x, x_axis, 4))
				assert_int_equal(pixel(&img, x, x_axis), 0x000000);
		/* inside the plot, left of the first point, nothing but white
		 * and the dashed zero line */
		for (y = AK_CHART_TOP; y < x_axis; y++)
			for (x = AK_CHART_LEFT + 1; x < AK_CHART_LEFT + 15; x++) {
				uint32_t p = pixel(&img, x, y);
				if (y == c.zero_y && cases[k].zero_line)
					assert_true(p == 0x999999 || p == 0xffffff);
				else
					assert_int_equal(p, 0xffffff);
			}
		if (cases[k].zero_line)
			assert_int_equal(pixel(&img, AK_CHART_LEFT + 1, c.zero_y), 0x999999);
		else
			assert_int_equal(count_colour(&img, 0x999999), 0);

		/* every point in its line's colour (unless a later line's point
		 * covers it), every segment drawn (checked at its midpoint) */
		for (i = 0; i < c.npt; i++) {
			const struct ak_chart_pt *p = &c.pt[i];
			int covered = 0;
			for (j = i + 1; j < c.npt; j++)
				covered |= c.pt[j].line != p->line && c.pt[j].x - 4 <= p->x &&
				           p->x <= c.pt[j].x + 4 && c.pt[j].y - 4 <= p->y &&
				           p->y <= c.pt[j].y + 4;
			if (!covered)
				assert_int_equal(pixel(&img, p->x, p->y), c.line[p->line].rgb);
			for (j = i + 1; j < c.npt && c.pt[j].line != p->line; j++)
				;
			if (j < c.npt && !covered)
				assert_true(line_near(&img, (p->x + c.pt[j].x) / 2, (p->y + c.pt[j].y) / 2,
				                      c.line[p->line].rgb));
		}
		/* exactly the expected line colours */
		for (i = 0; i < AK_CHART_NCOLOUR; i++) {
			size_t got = count_colour(&img, ak_chart_colours[i]);
			if (i < cases[k].lines)
				assert_true(got > 20);
			else
				assert_int_equal(got, 0);
		}
		/* nothing but the chart's colours */
		known = count_colour(&img, 0xffffff) + count_colour(&img, 0x000000) +
		        count_colour(&img, 0x999999);
		for (i = 0; i < AK_CHART_NCOLOUR && i < cases[k].lines; i++)
			known += count_colour(&img, ak_chart_colours[i]);
		assert_int_equal(known, (size_t)img.w * (size_t)img.h);
		/* the title: black ink right of the y axis, above the plot */
		{
			size_t ink = 0;
			for (y = 0; y < AK_CHART_TOP - 8; y++)
				for (x = AK_CHART_LEFT; x < AK_CHART_LEFT + 200; x++)
					ink += pixel(&img, x, y) == 0x000000;
			assert_true(ink > 100);
		}
		/* year labels under the x axis when there are points */
		{
			size_t ink = 0;
			for (y = x_axis + 4; y < AK_CHART_H; y++)
				for (x = AK_CHART_LEFT + 10; x < AK_CHART_W - AK_CHART_RIGHT; x++)
					ink += pixel(&img, x, y) == 0x000000;
			if (c.npt)
				assert_true(ink > 30 * c.ntick);
			else
				assert_int_equal(ink, 0);
		}

		/* same input, same bytes */
		draw(&r, "Årets resultat", &again, &n2, &again_img);
		assert_int_equal(n2, n);
		assert_memory_equal(again, png, n);

		free(png);
		free(again);
		ak_rgb_release(&img);
		ak_rgb_release(&again_img);
		ak_chart_release(&c);
		ak_qres_release(&r);
	}
}

/* Å is drawn as A with a ring: the two titles differ, and only above the
 * plot (the title band). */
static void test_png_swedish_letters(void **state)
{
	static const char *const pairs[][2] = {
		{ "Årets resultat", "Arets resultat" },
		{ "Förbundsreserv", "Forbundsreserv" },
		{ "Ärenden", "Arenden" },
		{ "Kansli × 2", "Kansli x 2" },
	};
	struct ak_qres r;
	size_t k;
	(void)state;
	build(&r, two_orgs);
	for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		struct ak_rgb a, b;
		unsigned char *pa = NULL, *pb = NULL;
		size_t na = 0, nb = 0, diff = 0;
		int x, y;
		draw(&r, pairs[k][0], &pa, &na, &a);
		draw(&r, pairs[k][1], &pb, &nb, &b);
		for (y = 0; y < a.h; y++)
			for (x = 0; x < a.w; x++)
				if (pixel(&a, x, y) != pixel(&b, x, y)) {
					assert_true(y < AK_CHART_TOP - 8);
					diff++;
				}
		if (strstr(pairs[k][0], "×"))
			assert_int_equal(diff, 0); /* × is drawn as x */
		else
			assert_true(diff >= 4);
		free(pa);
		free(pb);
		ak_rgb_release(&a);
		ak_rgb_release(&b);
	}
	ak_qres_release(&r);
}

/* A result that is not a series, a value that does not fit. */
static void test_png_errors(void **state)
{
	static const char *const names[] = { "path", "status" };
	static const struct row huge[] = {
		{ 2020, "A", INT64_MAX / 2, 6 },
		{ 2021, "A", 1, 0 },
		{ 0, NULL, 0, 0 },
	};
	struct ak_qres r;
	unsigned char *png = NULL;
	size_t n = 0;
	char why[256] = "";
	(void)state;

	memset(&r, 0, sizeof(r));
	assert_int_equal(ak_qres_collect(&r, 2, names, NULL), 0);
	assert_int_equal(ak_qres_plot_png(&png, &n, &r, "x", why, sizeof(why)), AK_EINVAL);
	assert_null(png);
	assert_non_null(strstr(why, "not a series"));
	ak_qres_release(&r);

	build(&r, huge);
	assert_int_equal(ak_qres_plot_png(&png, &n, &r, "x", why, sizeof(why)), AK_ETOOBIG);
	assert_null(png);
	ak_qres_release(&r);
}

/* The adapter's PNG decoder on damaged input. */
static void test_png_decode_errors(void **state)
{
	struct ak_qres r;
	struct ak_rgb img;
	unsigned char *png = NULL;
	size_t n = 0;
	char why[256];
	(void)state;

	build(&r, one_point);
	draw(&r, "t", &png, &n, &img);
	ak_rgb_release(&img);
	/* truncated */
	assert_int_equal(ak_img_png_decode(&img, png, n - 20, (size_t)1 << 24, why, sizeof(why)),
	                 AK_EFORMAT);
	assert_null(img.px);
	/* not a PNG */
	assert_int_equal(ak_img_png_decode(&img, (const unsigned char *)"GIF89a.........................."
	                                   "......", 40, (size_t)1 << 24, why, sizeof(why)),
	                 AK_EFORMAT);
	/* over the pixel limit (checked from the header) */
	assert_int_equal(ak_img_png_decode(&img, png, n, 1000, why, sizeof(why)), AK_ETOOBIG);
	assert_non_null(strstr(why, "720x400"));
	free(png);
	ak_qres_release(&r);
}

/* The font: every printable ASCII glyph has ink and a sane advance. */
static void test_font(void **state)
{
	static const int sizes[] = { 4, 6 };
	size_t k;
	int c;
	char why[256];
	struct ak_font f;
	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		assert_int_equal(ak_img_font_init(&f, sizes[k], why, sizeof(why)), 0);
		assert_true(f.line_height > 10);
		assert_true(f.space > 0);
		for (c = AK_FONT_FIRST; c <= AK_FONT_LAST; c++) {
			const struct ak_glyph *g = &f.g[c - AK_FONT_FIRST];
			int i, ink = 0;
			assert_non_null(g->ink);
			assert_true(g->advance > 0 && g->advance <= g->w + 4);
			assert_true(g->baseline > 0 && g->baseline <= g->h);
			for (i = 0; i < g->w * g->h; i++)
				ink += g->ink[i];
			assert_true(ink > 0);
		}
		ak_img_font_release(&f);
		assert_null(f.store);
	}
	assert_int_equal(ak_img_font_init(&f, 5, why, sizeof(why)), AK_EINVAL);
}

/* Words every organisation shares go above the legend, once. */
static void test_legend_head(void **state)
{
	static const struct row sf[] = {
		{ 2022, "Samordningsförbundet Norra Vättern", 10, 3 },
		{ 2022, "Samordningsförbundet Roslagen", 20, 3 },
		{ 2023, "Samordningsförbundet Norra Vättern", 15, 3 },
		{ 0, NULL, 0, 0 },
	};
	static const struct row region[] = {
		{ 2022, "Region Norrhav", 10, 3 }, { 2022, "Region Norrhavet", 20, 3 },
		{ 0, NULL, 0, 0 },
	};
	static const struct row whole[] = {
		{ 2022, "Region Norrhav", 10, 3 }, { 2022, "Region", 20, 3 },
		{ 0, NULL, 0, 0 },
	};
	static const struct row unknown[] = {
		{ 2022, "Samordningsförbundet Roslagen", 10, 3 }, { 2023, NULL, 20, 3 },
		{ 0, NULL, 0, 0 },
	};
	static const struct {
		const struct row *rows;
		const char *head;     /* NULL = none */
		const char *label[3];
	} heads[] = {
		{ two_orgs, NULL, { "Norrby kommun", "Samordningsförbundet Exempel" } },
		{ sf, "Samordningsförbundet", { "Norra Vättern", "Roslagen" } },
		{ region, "Region", { "Norrhav", "Norrhavet" } },
		{ whole, NULL, { "Region Norrhav", "Region" } },
		{ unknown, NULL, { "Samordningsförbundet Roslagen", "(okänd)" } },
		{ one_point, NULL, { "Vättern" } },
	};
	size_t k, i;
	(void)state;
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		struct ak_qres r;
		struct ak_chart c;
		struct ak_buf svg;
		struct ak_rgb img;
		unsigned char *png = NULL;
		size_t n = 0, ink = 0;
		int x, y;
		build(&r, heads[k].rows);
		assert_int_equal(ak_chart_layout(&c, &r), 0);
		if (heads[k].head) {
			assert_int_equal(c.headn, strlen(heads[k].head));
			assert_memory_equal(c.head, heads[k].head, c.headn);
		} else {
			assert_int_equal(c.headn, 0);
		}
		for (i = 0; i < c.nline; i++) {
			assert_int_equal(c.line[i].labeln, strlen(heads[k].label[i]));
			assert_memory_equal(c.line[i].label, heads[k].label[i], c.line[i].labeln);
		}
		/* the SVG names the head once, right-aligned above the legend */
		ak_buf_init(&svg, 0);
		assert_int_equal(ak_qres_plot_svg(&svg, &r, "Årets resultat"), 0);
		assert_int_equal(strstr(svg.ptr, "text-anchor=\"end\">Samordnings") != NULL ||
		                 strstr(svg.ptr, "text-anchor=\"end\">Region<") != NULL,
		                 heads[k].head != NULL);
		/* the PNG has black ink there only with a head */
		draw(&r, "t", &png, &n, &img);
		for (y = 0; y < AK_CHART_TOP - 10; y++)
			for (x = AK_CHART_W - AK_CHART_RIGHT; x < AK_CHART_W; x++)
				ink += pixel(&img, x, y) == 0x000000;
		if (heads[k].head)
			assert_true(ink > 30);
		else
			assert_int_equal(ink, 0);
		free(png);
		ak_rgb_release(&img);
		ak_buf_release(&svg);
		ak_chart_release(&c);
		ak_qres_release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_cases),
		cmocka_unit_test(test_png_swedish_letters),
		cmocka_unit_test(test_png_errors),
		cmocka_unit_test(test_legend_head),
		cmocka_unit_test(test_png_decode_errors),
		cmocka_unit_test(test_font),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
