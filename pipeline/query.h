/*
 * query.h - `arkiv query`: the analysts' questions over the store.
 *
 * query.c parses the command line and runs the SQL (through store.h, on a
 * read-only connection); query_out.c turns a result into table, CSV or JSON
 * bytes, lays out the series chart and draws it as SVG; query_png.c draws
 * the same chart as PNG.  Output is a pure function of
 * the database contents: every query has a total ORDER BY, numbers are
 * printed without locale, so the same query gives the same bytes.
 */
#ifndef AK_QUERY_H
#define AK_QUERY_H

#include "arkiv.h"
#include "store.h"

/* The `query` command: argv[0] is "query".  Prints to stdout/stderr and
 * returns the exit status (0 ok, 1 query failed, 2 usage, 3 no database). */
int ak_query_main(int argc, char **argv);

/* The same, writing into buffers (tests). */
int ak_query_exec(int argc, char **argv, struct ak_buf *out, struct ak_buf *err);

/* A result held in memory (malloc'd, ak_qres_release frees it). */
struct ak_qcell {
	enum ak_sv_type type;
	int64_t i;
	double r;
	char *s;  /* AK_SV_TEXT: NUL-terminated copy */
	size_t n;
};

struct ak_qres {
	size_t ncol, nrow, cap;
	char **names;          /* ncol column names */
	struct ak_qcell *cells;/* nrow * ncol, row-major */
	int err;               /* sticky AK_ENOMEM */
};

enum ak_qfmt { AK_QFMT_TABLE = 0, AK_QFMT_CSV, AK_QFMT_JSON };

/* Row callback for ak_store_query() collecting into an ak_qres. */
int ak_qres_collect(void *ud, int ncol, const char *const *names,
                    const struct ak_store_val *vals);
void ak_qres_release(struct ak_qres *r);
const struct ak_qcell *ak_qres_cell(const struct ak_qres *r, size_t row, size_t col);
/* Column index by name, or -1. */
int ak_qres_col(const struct ak_qres *r, const char *name);

/* Render the result (query_out.c). */
int ak_qres_write(struct ak_buf *b, const struct ak_qres *r, enum ak_qfmt fmt);

/* The series chart laid out in pixels (query_out.c).  The SVG and the PNG
 * writer draw from the same layout, so both show the same chart: title at
 * the top left, axes, a dashed zero line, the top and bottom values on y,
 * year ticks on x, one line per organisation (in order of first
 * appearance, colours cycling through AK_CHART_NCOLOUR) with its points
 * marked and its name in the legend on the right (words shared by every
 * name shown once, right-aligned above the legend).  Every coordinate is
 * computed in int64 from the int64 values (no floating point). */
#define AK_CHART_W 720
#define AK_CHART_H 400
#define AK_CHART_LEFT 90   /* y axis */
#define AK_CHART_RIGHT 170 /* legend column width */
#define AK_CHART_TOP 40
#define AK_CHART_BOTTOM 40 /* x axis at AK_CHART_H - AK_CHART_BOTTOM */
#define AK_CHART_NCOLOUR 8
#define AK_CHART_HEAD_Y (AK_CHART_TOP - 16) /* baseline of the legend's head */
extern const uint32_t ak_chart_colours[AK_CHART_NCOLOUR]; /* 0xRRGGBB */

struct ak_chart_pt {
	int64_t year;
	int64_t v;      /* value at the chart's common scale (10^minscale) */
	int64_t x, y;   /* pixels */
	size_t line;    /* index into lines[] */
};

struct ak_chart_line {
	const char *org; /* borrowed from the result; "" = unknown */
	size_t orgn;
	const char *label;/* legend text: org without the legend's head (in org) */
	size_t labeln;
	uint32_t rgb;    /* 0xRRGGBB */
	int64_t legend_y;/* baseline of its legend entry, pixels */
};

struct ak_chart_tick {
	int64_t year;
	int64_t x;       /* pixels */
};

struct ak_chart {
	int minscale;            /* values are in units of 10^minscale */
	int64_t vlo, vhi;        /* value range shown (always includes 0) */
	int64_t zero_y;          /* pixels */
	/* Leading words every organisation shares ("Samordningsförbundet"),
	 * shown once above the legend so the entries keep the words that
	 * tell them apart; headn 0 = none (fewer than two lines). */
	const char *head;
	size_t headn;
	size_t npt, nline, ntick;
	struct ak_chart_pt *pt;  /* npt points in result order */
	struct ak_chart_line *line;
	struct ak_chart_tick *tick;
};

/* Lay out a series result (columns year, value, scale, organisation; rows
 * that are not integer year and value are left out).  Borrows from r:
 * release the chart before the result.  AK_EINVAL without year/value
 * columns, AK_ETOOBIG when a value does not fit int64 at the common scale. */
int ak_chart_layout(struct ak_chart *c, const struct ak_qres *r);
void ak_chart_release(struct ak_chart *c);

/* An amount with Swedish digit grouping (a space every three digits):
 * "-1 234 567". */
void ak_chart_amount(struct ak_buf *b, int64_t v);

/* Draw a series result as an SVG line chart (query_out.c). */
int ak_qres_plot_svg(struct ak_buf *b, const struct ak_qres *r, const char *title);

/* The same chart as a PNG image of AK_CHART_W x AK_CHART_H pixels
 * (query_png.c): *png malloc'd, the caller frees it.  Same result and
 * title, same bytes.  why gets one line on failure. */
int ak_qres_plot_png(unsigned char **png, size_t *n, const struct ak_qres *r,
                     const char *title, char *why, size_t whylen);

#endif
