/*
 * tables.h - the table model (d->tables, d->ntables) and the table stage
 * (tables.c, tables_seg.c, tables_geom.c; writers in tables_out.c).
 *
 * A table is rebuilt from one of three sources:
 *   - TAB-separated lines (born-digital exports; cells are given),
 *   - text lines whose numbers are runs of digit groups separated by single
 *     spaces (OCR text, PDF text): the runs are segmented into numbers by
 *     the digit-group rule, the column count the rows agree on and the
 *     table's arithmetic (see tables_seg.c),
 *   - OCR words with boxes: rows from baselines, columns from the right
 *     edges of numeric words (tables_geom.c).
 *
 * Ownership: everything here lives in the document's arena and is valid as
 * long as the document.  Spans point into d->text (text sources) or into
 * arena copies.
 *
 * Values: a cell keeps the parsed number (struct ak_number: digits as
 * printed, decimals and the unit's power of ten); `scale` of a table is the
 * unit its heading states ("Belopp i t.kr" = 3), applied to cells without a
 * unit of their own.  Nothing is converted through floating point.
 */
#ifndef AK_TABLES_H
#define AK_TABLES_H

#include "arkiv.h"
#include "numbers.h"

enum ak_table_src {
	AK_TSRC_TAB = 1,   /* TAB-separated text */
	AK_TSRC_PIPE,      /* | separated text */
	AK_TSRC_SPACE,     /* digit groups and single spaces: segmented */
	AK_TSRC_GEOM       /* OCR word boxes */
};

enum ak_row_kind {
	AK_ROW_DATA = 0,
	AK_ROW_HEADER,     /* column headings (years, Budget Utfall Avvikelse) */
	AK_ROW_SECTION,    /* a label with no values that opens a block */
	AK_ROW_SUBTOTAL,   /* "Summa ..." or an unlabelled sum of the rows above */
	AK_ROW_TOTAL       /* "Totalt", "Total budget", "Summa tillgångar", ... */
};

struct ak_cell {
	struct ak_span raw;   /* text as printed; n == 0 for an empty cell */
	int has_value;        /* raw parsed as a number */
	struct ak_number num; /* value as printed (digits, decimals, unit) */
	int x0, y0, x1, y1;   /* box, pixels; all 0 when unknown (text input) */
	float conf;           /* OCR confidence 0-100 of the worst word; 100 for text */
};

/* One way of reading a row's digit groups (segmented sources only). */
struct ak_reading {
	size_t nvals;         /* == table ncols */
	int64_t *vals;        /* value per column (digits as printed) */
	unsigned char *present; /* 0 = empty cell in this reading */
	struct ak_span *raw;  /* text of each column (n 0 = empty); set by tables.c */
	unsigned char *tok;   /* first token of each present column */
	unsigned char *ntok;  /* tokens in each column (0 = empty) */
	int note;             /* note number taken from the run, 0 none */
	struct ak_span note_raw; /* its text */
	int score;            /* higher is better (see tables_seg.c) */
	int loose;            /* groups joined against the 1-3/3 rule */
	int chosen;           /* the reading in the cells */
};

struct ak_row {
	enum ak_row_kind kind;
	struct ak_span label; /* label text, footnote marks removed */
	struct ak_span marks; /* footnote marks after the label ("⁷", "¹⁰"), or n 0 */
	struct ak_span note;  /* the "Not" column, or n 0 */
	int notes[4];         /* note numbers it refers to ("23" may be notes 2 and 3) */
	int nnotes;
	struct ak_cell *cells;/* ncols value cells */
	size_t ncells;
	struct ak_reading *alts; /* every reading considered, best first; */
	size_t nalts;            /* 0 when the cells were given (TAB, GEOM) */
	int ambiguous;        /* two or more readings scored alike */
	int page;             /* 1-based */
	int line0, line1;     /* 1-based lines on the page (first, last) */
	size_t off, len;      /* bytes of d->text (text sources) */
};

struct ak_table {
	enum ak_table_src src;
	const char *title;    /* heading or caption above, or NULL */
	const char **header;  /* ncols column headings (NULL entries when none) */
	struct ak_row *rows;  /* header rows are not in rows[] */
	size_t nrows;
	size_t ncols;         /* value columns (label and note excluded) */
	int has_note;         /* a "Not" column */
	int scale;            /* stated unit: 0 kr, 3 tkr, 6 mkr; -1 not stated */
	int relation[4];      /* row relation found: op, i, j, k (op 0 none,
	                         1: c[k] = c[i] - c[j], 2: c[k] = c[i] + c[j]) */
	int page;             /* first page, 1-based */
	int line0, line1;     /* first and last line on their pages */
	size_t off, len;      /* bytes of d->text spanned (text sources) */
};

/* Limits: the segmentation search is bounded. */
#define AK_TAB_MAX_COLS 12
#define AK_SEG_MAX_TOKENS 48   /* digit groups in one row */
#define AK_SEG_MAX_READINGS 2048 /* readings explored per row and column count */
#define AK_SEG_KEEP 8          /* alternatives kept per row */
#define AK_SEG_MAX_NODES 20000 /* search nodes per row and column count */

/* ---- segmentation of one row's digit groups (tables_seg.c) ---- */

struct ak_seg_tok {
	int64_t v;      /* digits of the group (no sign) */
	int ndig;       /* digits in the group (>3: merged by OCR or unspaced) */
	int neg;        /* a minus sign before it */
	int dec;        /* digits after a decimal comma in the token */
	int gap_before; /* spaces before it (1 for single spaces) */
	int paren;      /* 1: "(" opens a negative number here, 2: ")" closes one */
	uint32_t off, len; /* bytes of the token in the line (minus sign included) */
};

/* All readings of toks[0..n) as exactly `ncols` values (some columns may be
 * empty when fewer numbers are read) and optionally a leading note number.
 * Readings are written to out[0..cap), best score first; returns how many
 * (0 when none).  The search stops after AK_SEG_MAX_READINGS candidates.
 * rel is the row relation to score against (op 0: none). */
size_t ak_seg_readings(struct ak_reading *out, size_t cap, struct ak_arena *a,
                       const struct ak_seg_tok *toks, size_t n, size_t ncols,
                       int note_col, const int rel[4]);

/* Score the row against every relation at once: best[r] is the score of
 * the best reading under rels[r] (INT32_MIN when there is none), holds[r]
 * whether that reading satisfies the relation.  One enumeration of the
 * readings serves all relations.  Returns 1, 0 (no reading) or AK_ENOMEM. */
int ak_seg_rel_scores(int *best, int *holds, const struct ak_seg_tok *toks, size_t n,
                      size_t ncols, int note_col, const int (*rels)[4], size_t nrel);

/* Split a line's tail into tokens.  Returns the number of tokens (at most
 * cap) and sets *label_end to the byte where the numeric tail starts. */
size_t ak_seg_tokens(struct ak_seg_tok *toks, size_t cap, const char *p, size_t n,
                     size_t *label_end);

/* Does value row v satisfy relation rel exactly (1), within `tol` (2, only
 * between figures of 1000 or more), or not (0)?  present[] marks non-empty
 * cells (empty counts as 0); two of the three must be present. */
int ak_rel_holds(const int rel[4], const int64_t *v, const unsigned char *present,
                 size_t ncols, int64_t tol);

/* Is this label a sum ("Summa", "Totalt", "S:a", "Total budget")? Returns
 * AK_ROW_SUBTOTAL, AK_ROW_TOTAL or AK_ROW_DATA. */
enum ak_row_kind ak_label_sum_kind(const char *p, size_t n);

/* The unit a heading or caption states ("Belopp i t.kr" 3, "(mkr)" 6,
 * "kr" 0), -1 if none (tables.c). */
int ak_table_scale_of(const char *p, size_t n);

/* Set r->label to [p, p+n) trimmed, footnote marks at its end ("⁷", "¹⁰",
 * "*") split off into r->marks (tables.c).  p must outlive the row. */
void ak_row_set_label(struct ak_row *r, const char *p, size_t n);

/* ---- geometry (tables_geom.c) ---- */

/* Tables from OCR words of one page; appends to d->tables. */
int ak_tables_from_words(struct doc *d, const struct ak_page *pg);

/* ---- text (tables.c) ---- */

/* Tables from text [text, text+len) of page `page` starting at d->text
 * offset `off`; appends to d->tables.  Used by the stage for text pages. */
int ak_tables_from_text(struct doc *d, const char *text, size_t len, size_t off, int page);

/* Choose among ambiguous rows' readings so that subtotal rows equal the sum
 * of the rows above (bounded search).  Called after rows are read. */
void ak_table_resolve_sums(struct ak_table *t);

/* ---- output (tables_out.c) ---- */

/* TSV: one line per cell: doc, table, row, col, kind, label, raw, value. */
int ak_tables_write_tsv(struct ak_buf *b, const struct doc *d);
/* JSON: {"path":..., "tables":[...]} (no trailing newline). */
int ak_tables_write_json(struct ak_buf *b, const struct doc *d);

#endif
