/*
 * query.h - `arkiv query`: the analysts' questions over the store.
 *
 * query.c parses the command line and runs the SQL (through store.h, on a
 * read-only connection); query_out.c turns a result into table, CSV or JSON
 * bytes and draws the series chart as SVG.  Output is a pure function of
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

/* Draw a series result (columns year, value, scale, organisation) as an
 * SVG line chart, one line per organisation.  Values are compared in
 * int64 after bringing them to one scale; no floating point. */
int ak_qres_plot_svg(struct ak_buf *b, const struct ak_qres *r, const char *title);

#endif
