/*
 * numbers.h - Swedish figures as printed: amounts, percents, counts, years,
 * dates, ranges, note references and § numbers (numbers.c).
 *
 * Money never goes through floating point.  A number keeps exactly what was
 * printed: the digits as one int64 (`v`), how many of them stood after the
 * decimal comma (`dec`) and the power of ten of the printed unit (`scale`:
 * 0 kr, 3 tkr, 6 mkr/miljoner, 9 miljarder).  "1,8 mkr" is v = 18, dec = 1,
 * scale = 6: 18 * 10^(6-1) kr, precision 10^5 kr.  ak_num_scaled() converts
 * to any unit exactly or fails; nothing is rounded silently.
 *
 * Parsers are cursors with bounds: they never read at or past `end`, never
 * need a NUL, advance only on success and fail with AK_ELIMIT on overflow.
 */
#ifndef AK_NUMBERS_H
#define AK_NUMBERS_H

#include "arkiv.h"

enum ak_num_kind {
	AK_NUM_NONE = 0,
	AK_NUM_AMOUNT,    /* money: a currency unit printed (kr, tkr, mkr, ...) */
	AK_NUM_PERCENT,   /* "52 procent", "7 %" */
	AK_NUM_COUNT,     /* a plain number: no unit (table cells, counts) */
	AK_NUM_YEAR,      /* 1900-2099 alone, no grouping, no sign */
	AK_NUM_DATE,      /* "2023-12-05", "29 november 2023", "15/2" */
	AK_NUM_RANGE,     /* "16 - 64 år", "13-15" */
	AK_NUM_NOTE,      /* "Not 3" */
	AK_NUM_PARAGRAPH  /* "§ 4" */
};

enum ak_num_unit {
	AK_UNIT_NONE = 0,
	AK_UNIT_KR,       /* kronor; see scale for tkr/mkr/... */
	AK_UNIT_PERCENT,
	AK_UNIT_YEARS     /* "år" after a number or range (ages) */
};

enum {
	AK_NUMF_APPROX = 1 << 0,  /* "≈", "ca", "cirka" before it */
	AK_NUMF_PAREN = 1 << 1,   /* negative written "(1 879 925)" */
	AK_NUMF_GROUPED = 1 << 2, /* digit groups separated by spaces */
	AK_NUMF_PLUS = 1 << 3,    /* explicit "+" */
	AK_NUMF_LOOSE = 1 << 4    /* groups broke the 1-3 then 3,3,... rule */
};

struct ak_number {
	enum ak_num_kind kind;
	enum ak_num_unit unit;
	int64_t v;        /* digits as printed, sign applied, decimal comma removed */
	int dec;          /* digits after the decimal comma (0-18) */
	int scale;        /* power of ten of the unit in kronor: 0, 3, 6, 9 */
	unsigned flags;   /* AK_NUMF_* */
	int64_t v2;       /* RANGE: upper bound (same dec/scale) */
	int year, month, day; /* DATE: 0 when not printed */
	struct ak_span raw;   /* the text parsed, including sign and unit */
};

/* Parse one number starting exactly at *pp (a sign, "(", "≈" or "ca " may
 * come first; a unit word may follow).  On success fills *out, moves *pp
 * past it and returns 0.  Returns AK_EINVAL when no number starts here and
 * AK_ELIMIT when the digits overflow int64; *pp is then unchanged. */
int ak_num_parse(struct ak_number *out, const char **pp, const char *end);

/* Find the next number in [*pp, end) that starts at a word boundary.
 * Returns 0 with *pp past it, or AK_EINVAL at the end of the text
 * (*pp = end).  Overflowing digit runs are skipped. */
int ak_num_next(struct ak_number *out, const char **pp, const char *end);

/* The whole of [p, p+n) (spaces around ignored) is one number, as in a
 * table cell: "1 814", "-7086", "+ 408", "(1 879 925)", "2,0", "45%",
 * "1 250 047 kr".  Digit runs longer than 3 without separators are
 * accepted here.  Returns 0, AK_EINVAL or AK_ELIMIT. */
int ak_num_cell(struct ak_number *out, const char *p, size_t n);

/* The value in units of 10^exp kronor (exp 0: kr, 3: tkr), exactly:
 * AK_EINVAL if the printed precision is finer than that unit, AK_ELIMIT on
 * overflow. */
int ak_num_scaled(const struct ak_number *n, int exp, int64_t *out);

/* Canonical text of the value: "-2091", "1.8", "0.35" (no unit, no
 * grouping).  Writes at most cap bytes including the NUL; returns length. */
size_t ak_num_canon(const struct ak_number *n, char *buf, size_t cap);

const char *ak_num_kind_name(enum ak_num_kind k);

/* Bytes of a group separator at p (space, no-break space U+00A0, thin
 * space U+2009, narrow no-break space U+202F), else 0. */
size_t ak_num_gap(const char *p, const char *end);
/* Bytes of a minus sign at p ('-', U+2212 minus, U+2013 en dash), else 0. */
size_t ak_num_minus(const char *p, const char *end);

#endif
