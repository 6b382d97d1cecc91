/*
 * tables_geom.c - tables from OCR word boxes.
 *
 * Why apart from the text path: on a scanned page the words' boxes say
 * what the text cannot - which words share a printed row, and which
 * numbers share a column (right edges aligned).  OCR engines split a table
 * row into several "lines" (the label in one block, the figures in another)
 * and put digit groups of one number in separate words; both are undone
 * here by measured distances:
 *   - rows: lines whose baselines lie within 40 % of the text height are
 *     one printed row (80 % for a figures-only line beside a line without
 *     figures);
 *   - numbers: two neighbouring numeric words are one number when the gap
 *     between them is a digit-group gap, not a column gap.  The threshold
 *     is measured on the page (the widest jump in the sorted gaps between
 *     numeric words followed by a 3-digit group), else 0.9 x text height;
 *   - columns: right edges of numbers clustered within 1.2 x text height,
 *     kept when at least two rows have a number there.
 * OCR damage is read through where the page itself says what was printed
 * (digit_fix, junk_word, percent_suffixes, width_fix): a figure so read
 * gets AK_NUMF_LOOSE and keeps the OCR text as raw; a word that cannot be
 * read stays as the raw text of its cell, with no value.
 *
 * Invariants: words are only read; cell text is copied into the arena;
 * bounded work (rows and words per page are what OCR gave; columns capped
 * at AK_TAB_MAX_COLS).
 */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

struct gword {
	const struct ak_word *w;
	int num;        /* parses as a (part of a) number */
	int grp3;       /* exactly three digits, no sign */
};

struct grow {
	struct gword *w;
	size_t nw;
	int y0, y1, base;
	size_t first_num; /* index of the first word of the numeric tail */
	size_t nnum;      /* numbers after grouping */
	int x1s[AK_SEG_MAX_TOKENS]; /* right edge of each number */
	int x0s[AK_SEG_MAX_TOKENS];
	size_t wfirst[AK_SEG_MAX_TOKENS], wlast[AK_SEG_MAX_TOKENS];
	size_t nfig;      /* words that read as figures */
	int xmin, xmax;   /* extent of the words, pixels */
	size_t junk[8];   /* unreadable figures (junk_word) in the tail */
	size_t njunk;
	uint32_t line;    /* first OCR line */
	int header;       /* numbers are years only: column headings */
};

static int word_numeric(const struct ak_word *w, int *grp3);

/* Is OCR line l the other half of printed row r, set a little lower or
 * higher (up to 0.8 text height, skewed or uneven paper): figures only
 * right of a row with no figures, or words without figures left of a row
 * of figures only? */
static int split_row(const struct ak_page *pg, const struct ak_line *l, const struct grow *r, int h)
{
	size_t j, nf = 0, n = 0;
	int lx0 = 0, lx1 = 0, g3;
	for (j = 0; j < l->nwords && l->first_word + j < pg->nwords; j++) {
		const struct ak_word *w = &pg->words[l->first_word + j];
		nf += word_numeric(w, &g3) != 0;
		if (!n || w->x0 < lx0)
			lx0 = w->x0;
		if (!n || w->x1 > lx1)
			lx1 = w->x1;
		n++;
	}
	if (!n || !r->nw)
		return 0;
	if (nf == n && r->nfig == 0 && lx0 > r->xmax + 2 * h)
		return 1;
	if (nf == 0 && r->nfig == r->nw && lx1 + 2 * h < r->xmin)
		return 1;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_gword(const void *a, const void *b)
{
	const struct gword *x = a, *y = b;
	return (x->w->x0 > y->w->x0) - (x->w->x0 < y->w->x0);
}

/* Bytes of a UTF-8 quote or ellipsis at p (’ ” “ ‘ „ …), else 0. */
static size_t quote_len(const unsigned char *p, const unsigned char *e)
{
	if (e - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0x9C || p[2] == 0x9D || p[2] == 0x9E || p[2] == 0xA6))
		return 3;
	return 0;
}

/* OCR's usual confusions inside a figure, undone on one word (the cell
 * keeps the OCR text as raw):
 *   - letters that stand for digits (O→0, l/I/|→1, S→5, B→8, T→7, /→7,
 *     Z→2), not as the word's first character, at most one per digit;
 *     a lone "o" or "O" is 0;
 *   - a digit-group gap read as ".", ":" or "-" ("3.412.906", "1:150.000",
 *     "4131-880"): a first group of 1-4 digits, then groups of exactly 3;
 *   - quotes, brackets and stops around the figure ("[0]", "897:",
 *     "180...", "”1820"); ")" without "(";
 *   - a minus read as "=" or "—".
 * Returns the length written to out (NUL-terminated), 0 when the word is
 * not such a figure or needs no fixing. */
static size_t digit_fix(const char *s, size_t n, char *out, size_t cap)
{
	static const char from[] = "OoDlI|SBT/Z";
	static const char to[] = "00011158772";
	const unsigned char *p = (const unsigned char *)s, *e = p + n, *q;
	size_t o = 0, digits = 0, fixed = 0, runs = 0, run = 0, first_run = 0;
	int changed = 0, open = 0, close = 0, seps = 0, bad_run = 0, comma = 0;
	size_t ql;

	if (n == 0 || n > 24 || cap < 32)
		return 0;
	if (n == 1 && (s[0] == 'o' || s[0] == 'O')) {
		out[0] = '0';
		out[1] = '\0';
		return 1;
	}
	for (;;) { /* leading quotes and brackets */
		if (p < e && (*p == '"' || *p == '\'' || *p == '[')) {
			p++;
			changed = 1;
		} else if ((ql = quote_len(p, e)) != 0) {
			p += ql;
			changed = 1;
		} else {
			break;
		}
	}
	if (p < e && *p == '-') {
		out[o++] = '-';
		p++;
	} else if (p < e && *p == '=') {
		out[o++] = '-';
		p++;
		changed = 1;
	} else if (e - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x94) { /* — */
		out[o++] = '-';
		p += 3;
		changed = 1;
	}
	if (p < e && *p == '(') {
		open = 1;
		p++;
	}
	for (;;) { /* trailing stops, quotes, brackets */
		if (e > p && (e[-1] == '.' || e[-1] == ',' || e[-1] == ':' || e[-1] == ';' || e[-1] == '"' ||
		              e[-1] == '\'' || e[-1] == ']' || (e[-1] == ')' && !open))) {
			e--;
			changed = 1;
		} else if (e - p >= 3 && quote_len(e - 3, e) == 3) {
			e -= 3;
			changed = 1;
		} else {
			break;
		}
	}
	if (open && e > p && e[-1] == ')') {
		close = 1;
		e--;
	}
	if (open)
		out[o++] = '(';
	for (q = p; q < e; q++) {
		const char *f = memchr(from, *q, sizeof(from) - 1);
		if (*q >= '0' && *q <= '9') {
			out[o++] = (char)*q;
			digits++;
			run++;
		} else if (f && (const char *)q > s) {
			out[o++] = to[f - from];
			fixed++;
			run++;
		} else if ((*q == '.' || *q == ':' || *q == '-') && run && q + 1 < e && !comma) {
			if (runs == 0)
				first_run = run;
			else if (run != 3)
				bad_run = 1;
			runs++;
			run = 0;
			seps++;
			changed = 1;
		} else if (*q == ',' && run && q + 1 < e && !seps) {
			out[o++] = ',';
			comma = 1;
			run = 0;
		} else {
			return 0;
		}
	}
	if (seps) {
		if (runs == 0)
			first_run = run;
		else if (run != 3)
			bad_run = 1;
		if (bad_run || first_run < 1 || first_run > 4)
			return 0;
	}
	if (close)
		out[o++] = ')';
	out[o] = '\0';
	if (!digits || fixed > digits || (!changed && !fixed))
		return 0;
	return o;
}

static int parse_ocr_cell(struct ak_number *num, const char *p, size_t len)
{
	char fix[32];
	size_t fl;
	if (ak_num_cell(num, p, len) == 0 && num->kind != AK_NUM_DATE && num->kind != AK_NUM_RANGE)
		return 0;
	if ((fl = digit_fix(p, len, fix, sizeof(fix))) != 0 && ak_num_cell(num, fix, fl) == 0) {
		num->raw.p = p;
		num->raw.n = len;
		num->flags |= AK_NUMF_LOOSE;
		return 0;
	}
	return AK_EINVAL;
}

/* "%" or a currency unit after a figure ("1 250 047 kr", "350 tkr"): part
 * of the figure's cell. */
static int is_percent_word(const struct ak_word *w)
{
	static const char *const units[] = { "%", "kr", "tkr", "t.kr", "mkr", "m.kr", "kronor" };
	size_t i, len = w->len ? w->len : strlen(w->text);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i]) == len && memcmp(units[i], w->text, len) == 0)
			return 1;
	return 0;
}

static int word_numeric(const struct ak_word *w, int *grp3)
{
	struct ak_number n;
	const char *p = w->text;
	size_t len = w->len ? w->len : strlen(w->text);
	size_t i, digits = 0;
	*grp3 = 0;
	if (!len)
		return 0;
	if (parse_ocr_cell(&n, p, len) != 0) {
		/* "(1" opening a negative figure printed "(1 879 925)" */
		if (len >= 2 && len <= 4 && p[0] == '(') {
			for (i = 1; i < len; i++)
				if (p[i] < '0' || p[i] > '9')
					return 0;
			return 1;
		}
		return 0;
	}
	if (n.kind == AK_NUM_DATE || n.kind == AK_NUM_RANGE)
		return 0;
	{
		/* a digit group (or two run together, "300-000") that can follow
		 * a first group of the same number; digits counted as read after
		 * OCR's confusions ("6/1" is 671) */
		char fx[32];
		size_t fl = digit_fix(p, len, fx, sizeof(fx));
		if (fl) {
			p = fx;
			len = fl;
		}
		for (i = 0; i < len; i++)
			if (p[i] >= '0' && p[i] <= '9')
				digits++;
		*grp3 = p[0] != '-' && p[0] != '(' && n.v >= 0 && !n.dec && !(n.flags & AK_NUMF_PAREN) &&
		        (digits == 3 || digits == 6) && len <= digits + 1;
	}
	return 1;
}

/* A word of punctuation only ("|:", "~~", "§", "."): OCR noise that
 * neither carries a figure nor ends a row's figures. */
static int noise_word(const struct ak_word *w)
{
	const unsigned char *p = (const unsigned char *)w->text;
	size_t i, len = w->len ? w->len : strlen(w->text);
	if (!len || len > 4)
		return 0;
	for (i = 0; i < len; i++)
		if ((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') || p[i] == 0xC3)
			return 0;
	return 1;
}

/* A word standing where figures stand that is neither a figure nor a
 * word: OCR's reading of a figure it could not read ("ft", "Ore", "KS",
 * "Yo" for "%") or of specks (a box far too narrow or too tall for its
 * letters).  In the figure area of a row such a word is an unreadable
 * cell: it neither ends the row's figures nor joins two of them. */
static int junk_word(const struct ak_word *w, int h)
{
	size_t len = w->len ? w->len : strlen(w->text);
	int wd = w->x1 - w->x0, ht = w->y1 - w->y0;
	static const char *const units[] = { "kr", "tkr", "mkr", "st", "%" };
	size_t i;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i]) == len && memcmp(units[i], w->text, len) == 0)
			return 0;
	return len <= 4 || ht * 2 > h * 5 || wd * 5 < (int)len * h;
}

/* Digits of a word that is digits only, after an optional "-"; 0 else. */
static size_t plain_digits(const struct ak_word *w, int *neg)
{
	size_t len = w->len ? w->len : strlen(w->text), i = 0, nd = 0;
	*neg = 0;
	if (len && w->text[0] == '-') {
		*neg = 1;
		i = 1;
	}
	for (; i < len; i++, nd++)
		if (w->text[i] < '0' || w->text[i] > '9')
			return 0;
	return nd;
}

/* What the box says that the text does not.  OCR engines drop a leading
 * minus while its ink stays in the word's box, and now and then insert a
 * "1" the box has no room for.  With the table's digit pitch (pixels per
 * digit, 1/16 px, from its plain figures) a first word wider than its
 * digits by about a minus sign (0.45-0.9 pitch, in a table that prints
 * minus signs elsewhere; one digit group only, as OCR's merged groups
 * "4978" are wide by their gap) is negative, and a single word with one
 * "1" whose box holds one digit less loses that "1".  Both set AK_NUMF_LOOSE; the raw
 * text stays as OCR gave it. */
static void width_fix(struct ak_cell *cell, const struct grow *g, size_t k, int pitch16, int has_neg)
{
	const struct ak_word *w = g->w[g->wfirst[k]].w;
	int neg, wd16 = (w->x1 - w->x0) * 16;
	size_t nd = plain_digits(w, &neg);
	char fx[32];
	size_t fl, q, ones = 0, at = 0;
	int64_t v = 0;

	if (!pitch16 || !cell->has_value || cell->num.dec || (cell->num.flags & AK_NUMF_PAREN) ||
	    (cell->num.kind != AK_NUM_COUNT && cell->num.kind != AK_NUM_AMOUNT))
		return;
	if (nd && !neg && cell->num.v > 0 && has_neg && nd <= 3 &&
	    wd16 * 20 >= ((int)nd * 20 + 9) * pitch16 && wd16 * 10 < ((int)nd * 10 + 9) * pitch16) {
		cell->num.v = -cell->num.v;
		cell->num.flags |= AK_NUMF_LOOSE;
		return;
	}
	/* an inserted "1": one word, exactly one "1" among its digits (as
	 * read after OCR's confusions: "-T17" is -717), a box one digit short */
	if (g->wfirst[k] != g->wlast[k])
		return;
	fl = digit_fix(w->text, w->len ? w->len : strlen(w->text), fx, sizeof(fx));
	if (!fl) {
		fl = w->len ? w->len : strlen(w->text);
		if (fl >= sizeof(fx))
			return;
		memcpy(fx, w->text, fl);
		fx[fl] = '\0';
	}
	neg = fx[0] == '-';
	for (q = neg ? 1 : 0, nd = 0; q < fl; q++) {
		if (fx[q] < '0' || fx[q] > '9')
			return;
		if (fx[q] == '1') {
			ones++;
			at = q;
		}
		nd++;
	}
	if (nd < 2 || ones != 1 || wd16 * 10 > ((int)nd * 10 - 7 + (neg ? 6 : 0)) * pitch16)
		return;
	for (q = neg ? 1 : 0; q < fl; q++)
		if (q != at)
			v = v * 10 + (fx[q] - '0');
	cell->num.v = neg ? -v : v;
	cell->num.flags |= AK_NUMF_LOOSE;
}

/* Does the text start with a lower-case letter (a-z, å, ä, ö)? */
static int starts_lower(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (u[0] >= 'a' && u[0] <= 'z') || (u[0] == 0xC3 && (u[1] == 0xA5 || u[1] == 0xA4 || u[1] == 0xB6));
}

/* A footnote mark word: superscript digits ("⁷", "¹⁰") or "*". */
static int mark_word(const struct ak_word *w)
{
	const unsigned char *p = (const unsigned char *)w->text;
	size_t i = 0, len = w->len ? w->len : strlen(w->text);
	while (i < len) {
		if (p[i] == '*')
			i++;
		else if (i + 1 < len && p[i] == 0xC2 && (p[i + 1] == 0xB9 || p[i + 1] == 0xB2 || p[i + 1] == 0xB3))
			i += 2;
		else if (i + 2 < len && p[i] == 0xE2 && p[i + 1] == 0x81 &&
		         (p[i + 2] == 0xB0 || (p[i + 2] >= 0xB4 && p[i + 2] <= 0xB9)))
			i += 3;
		else
			return 0;
	}
	return len > 0;
}

static int med(int *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_int);
	return v[n / 2];
}

/* A "%" that OCR read as a short figure ("25 0", "100 2", "6,25 \"0"):
 * in a table whose other rows print "%" at that place, a one- or
 * two-character word right after a figure (closer than the text height)
 * and starting where the "%" signs start is that figure's unit, not a
 * column of its own.  It is dropped from the figure's text (as noise) and
 * its box joins the figure's. */
static void percent_suffixes(struct grow *rows, size_t i, size_t last, int h)
{
	int px[16];
	size_t np = 0, r, k, q, j;
	for (r = i; r <= last; r++)
		for (k = rows[r].first_num; k < rows[r].nw; k++)
			if (rows[r].w[k].num == 2 && rows[r].w[k].w->text[0] == '%' && np < 16)
				px[np++] = rows[r].w[k].w->x0;
	if (!np)
		return;
	for (r = i; r <= last; r++) {
		struct grow *g = &rows[r];
		for (q = 1; q < g->nnum; q++) {
			const struct ak_word *w = g->w[g->wfirst[q]].w, *pw = g->w[g->wlast[q - 1]].w;
			size_t len = w->len ? w->len : strlen(w->text);
			int near = 0;
			if (g->wfirst[q] != g->wlast[q] || len > 2 || w->x0 - pw->x1 >= h)
				continue;
			for (j = 0; j < np; j++)
				if (abs(w->x0 - px[j]) * 2 <= h)
					near = 1;
			if (!near)
				continue;
			g->w[g->wfirst[q]].num = 3;
			g->x1s[q - 1] = g->x1s[q];
			for (j = q; j + 1 < g->nnum; j++) {
				g->x0s[j] = g->x0s[j + 1];
				g->x1s[j] = g->x1s[j + 1];
				g->wfirst[j] = g->wfirst[j + 1];
				g->wlast[j] = g->wlast[j + 1];
			}
			g->nnum--;
			q--;
		}
	}
}

/* Has the row a word standing in a column (its right edge at most 6 text
 * heights left of a column's right edge, as header words are placed)? */
static int in_columns(const struct grow *g, const int *cl_x, size_t ncl, int h)
{
	size_t k, c;
	for (k = 0; k < g->nw; k++)
		for (c = 0; c < ncl; c++)
			if (g->w[k].w->x1 > cl_x[c] - 6 * h && g->w[k].w->x1 <= cl_x[c] + h)
				return 1;
	return 0;
}

/* Rows [i, last] whose numbers all end at one right edge (a one-column
 * table), with at least three of them and short labels. */
static int aligned_single(const struct grow *rows, size_t i, size_t last, int h)
{
	size_t r, n = 0;
	int x = -1;
	for (r = i; r <= last; r++) {
		if (!rows[r].nnum)
			continue;
		if (rows[r].nnum != 1 || rows[r].first_num > 6)
			return 0;
		if (x < 0)
			x = rows[r].x1s[0];
		else if (abs(rows[r].x1s[0] - x) > h)
			return 0;
		n++;
	}
	return n >= 3;
}

int ak_tables_from_words(struct doc *d, const struct ak_page *pg)
{
	struct grow *rows;
	size_t nrows = 0, i, k, nl = pg->nlines;
	int *hs, h, theta, *gaps, pitch16, has_neg, page_pitch16;
	size_t ngaps = 0;
	uint32_t *order;

	if (!pg->nwords || !nl)
		return 0;
	rows = ak_arena_array(&d->arena, nl, sizeof(*rows));
	order = ak_arena_array(&d->arena, nl, sizeof(*order));
	hs = ak_arena_array(&d->arena, pg->nwords, sizeof(*hs));
	gaps = ak_arena_array(&d->arena, pg->nwords, sizeof(*gaps));
	if (!rows || !order || !hs || !gaps)
		return AK_ENOMEM;

	/* Text height: median height of words with digits or letters. */
	for (i = 0, k = 0; i < pg->nwords; i++)
		if (pg->words[i].y1 > pg->words[i].y0)
			hs[k++] = pg->words[i].y1 - pg->words[i].y0;
	h = med(hs, k);
	if (h <= 0)
		return 0;

	/* Lines in baseline order; merge lines of one printed row. */
	for (i = 0; i < nl; i++)
		order[i] = (uint32_t)i;
	for (i = 1; i < nl; i++) { /* insertion sort by baseline: lines are near-sorted */
		uint32_t v = order[i];
		const struct ak_line *lv = &pg->lines[v];
		int bv = lv->baseline ? lv->baseline : lv->y1;
		size_t j = i;
		while (j > 0) {
			const struct ak_line *lu = &pg->lines[order[j - 1]];
			int bu = lu->baseline ? lu->baseline : lu->y1;
			if (bu <= bv)
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
	for (i = 0; i < nl; i++) {
		const struct ak_line *l = &pg->lines[order[i]];
		int b = l->baseline ? l->baseline : l->y1;
		struct grow *r;
		size_t j;
		if (!l->nwords)
			continue;
		if (nrows && (abs(b - rows[nrows - 1].base) * 10 < h * 4 ||
		              (abs(b - rows[nrows - 1].base) * 10 < h * 8 &&
		               split_row(pg, l, &rows[nrows - 1], h)))) {
			r = &rows[nrows - 1];
		} else {
			r = &rows[nrows++];
			memset(r, 0, sizeof(*r));
			r->base = b;
			r->y0 = l->y0;
			r->y1 = l->y1;
			r->line = order[i];
		}
		{
			struct gword *nw = ak_arena_array(&d->arena, r->nw + l->nwords, sizeof(*nw));
			if (!nw)
				return AK_ENOMEM;
			if (r->nw)
				memcpy(nw, r->w, r->nw * sizeof(*nw));
			for (j = 0; j < l->nwords && l->first_word + j < pg->nwords; j++) {
				struct gword *g = &nw[r->nw++];
				g->w = &pg->words[l->first_word + j];
				g->num = word_numeric(g->w, &g->grp3);
				if (g->num)
					r->nfig++;
				if (r->nw == 1 || g->w->x0 < r->xmin)
					r->xmin = g->w->x0;
				if (r->nw == 1 || g->w->x1 > r->xmax)
					r->xmax = g->w->x1;
			}
			r->w = nw;
		}
		if (l->y0 < r->y0)
			r->y0 = l->y0;
		if (l->y1 > r->y1)
			r->y1 = l->y1;
	}
	for (i = 0; i < nrows; i++) {
		struct grow *r = &rows[i];
		qsort(r->w, r->nw, sizeof(*r->w), cmp_gword);
		int figx = -1; /* the figure area starts after the row's first wide gap */
		for (k = 1; k < r->nw && figx < 0; k++)
			if (r->w[k].w->x0 - r->w[k - 1].w->x1 > 2 * h)
				figx = r->w[k].w->x0;
		for (k = 0; k < r->nw; k++)
			if (is_percent_word(r->w[k].w) && k > 0 && r->w[k - 1].num)
				r->w[k].num = 2; /* "%" after a figure */
			else if (!r->w[k].num && noise_word(r->w[k].w) && k > 0)
				r->w[k].num = 3; /* noise among the figures */
			else if (!r->w[k].num && k > 0 && figx >= 0 && r->w[k].w->x0 >= figx &&
			         junk_word(r->w[k].w, h))
				r->w[k].num = 4; /* an unreadable figure */
		r->first_num = r->nw;
		while (r->first_num > 0 && r->w[r->first_num - 1].num &&
		       r->nw - r->first_num < AK_SEG_MAX_TOKENS)
			r->first_num--;
		while (r->first_num < r->nw && r->w[r->first_num].num == 3)
			r->first_num++;
		for (k = r->first_num + 1; k < r->nw; k++)
			if (r->w[k].grp3 && r->w[k - 1].num == 1)
				gaps[ngaps++] = r->w[k].w->x0 - r->w[k - 1].w->x1;
	}
	/* Digit-group gap vs column gap. */
	theta = h * 9 / 10;
	if (ngaps >= 4) {
		size_t bestj = 0;
		long bestr = 0;
		qsort(gaps, ngaps, sizeof(*gaps), cmp_int);
		for (k = 1; k < ngaps; k++) {
			long lo = gaps[k - 1] > 1 ? gaps[k - 1] : 1;
			long ratio = (long)gaps[k] * 100 / lo;
			if (gaps[k - 1] >= 0 && ratio > bestr) {
				bestr = ratio;
				bestj = k;
			}
		}
		if (bestr >= 180 && gaps[bestj - 1] < h && gaps[bestj] > h / 3)
			theta = (gaps[bestj - 1] + gaps[bestj]) / 2;
	}
	/* Group numeric words into numbers. */
	for (i = 0; i < nrows; i++) {
		struct grow *r = &rows[i];
		size_t m = 0;
		size_t prev = r->nw;
		for (k = r->first_num; k < r->nw; k++) {
			const struct ak_word *w = r->w[k].w;
			int join;
			if (r->w[k].num == 3)
				continue; /* noise */
			if (r->w[k].num == 4) {
				if (m > 0 && prev < r->nw && r->wlast[m - 1] == prev &&
				    w->x0 - r->w[prev].w->x1 < theta) {
					/* close after a figure: its unit or "%" misread
					 * ("50 Yo"); the figure's box spans it */
					r->x1s[m - 1] = w->x1;
					prev = r->nw;
					continue;
				}
				if (r->njunk < sizeof(r->junk) / sizeof(r->junk[0]))
					r->junk[r->njunk++] = k;
				prev = r->nw; /* joins nothing across it */
				continue;
			}
			join = m > 0 && prev < r->nw &&
			       ((r->w[k].grp3 && w->x0 - r->w[prev].w->x1 < theta) || r->w[k].num == 2);
			prev = k;
			if (join) {
				r->x1s[m - 1] = w->x1;
				r->wlast[m - 1] = k;
			} else if (m < AK_SEG_MAX_TOKENS) {
				r->x0s[m] = w->x0;
				r->x1s[m] = w->x1;
				r->wfirst[m] = r->wlast[m] = k;
				m++;
			}
		}
		r->nnum = m;
		/* A prose line ending in a figure is not a table row. */
		if (m && r->first_num > 12)
			r->nnum = 0;
		/* Years alone (2024 2023) head columns: a header row. */
		if (m) {
			size_t q, years = 0;
			for (q = 0; q < m; q++) {
				const struct ak_word *w = r->w[r->wfirst[q]].w;
				char fx[32];
				size_t wl = w->len ? w->len : strlen(w->text);
				size_t fl = digit_fix(w->text, wl, fx, sizeof(fx));
				const char *yt = fl ? fx : w->text; /* "2023" read as "”2023" */
				if (r->wfirst[q] == r->wlast[q] && (fl ? fl : wl) == 4 && yt[0] >= '1' &&
				    yt[0] <= '2' && (yt[1] == '9' || yt[1] == '0') && yt[2] >= '0' &&
				    yt[2] <= '9' && yt[3] >= '0' && yt[3] <= '9')
					years++;
			}
			if (years == m)
				r->header = 1, r->nnum = 0;
		}
	}

	/* Digit pitch of the page's plain figures, for tables with few. */
	{
		size_t np = 0;
		for (i = 0; i < nrows; i++)
			for (k = rows[i].first_num; k < rows[i].nw && rows[i].nnum; k++) {
				const struct ak_word *w = rows[i].w[k].w;
				int neg;
				size_t nd = plain_digits(w, &neg);
				if (rows[i].w[k].num == 1 && nd >= 2 && nd <= 3 && !neg && !memchr(w->text, '1', nd) &&
				    np < pg->nwords)
					gaps[np++] = (w->x1 - w->x0) * 16 / (int)nd;
			}
		page_pitch16 = np >= 3 ? med(gaps, np) : 0;
	}

	/* Tables: runs of rows with numbers, label-only rows allowed between. */
	i = 0;
	while (i < nrows) {
		size_t j = i, last = i, nnumrows = 0, nmulti = 0, r;
		int pitch = 3 * (h * 2);
		int xs[512];
		size_t nx = 0, ncl = 0, c;
		int note_x = -1;
		int cl_x[AK_TAB_MAX_COLS], cl_n[AK_TAB_MAX_COLS], cl_x0[AK_TAB_MAX_COLS];
		struct ak_table *t;

		if (!rows[i].nnum) {
			i++;
			continue;
		}
		while (j < nrows) {
			if (j > last && rows[j].base - rows[last].base > pitch)
				break;
			if (rows[j].nnum) {
				nnumrows++;
				if (rows[j].nnum >= 2)
					nmulti++;
				last = j;
			} else if (rows[j].nw > 12) {
				break;
			} else if (j + 1 < nrows && (rows[j + 1].header || rows[j].header) && j > i) {
				break; /* a new table's heading */
			}
			j++;
		}
		if (nnumrows < 3 || (nmulti < 2 && !aligned_single(rows, i, last, h))) {
			i = last + 1;
			continue;
		}
		percent_suffixes(rows, i, last, h);
		/* Column clusters from right edges. */
		for (r = i; r <= last; r++)
			for (k = 0; k < rows[r].nnum && nx < 512; k++)
				xs[nx++] = rows[r].x1s[k];
		qsort(xs, nx, sizeof(*xs), cmp_int);
		for (k = 0; k < nx; k++) {
			if (ncl && xs[k] - cl_x[ncl - 1] <= h * 12 / 10) {
				cl_n[ncl - 1]++;
				continue;
			}
			if (ncl == AK_TAB_MAX_COLS)
				break;
			cl_x[ncl] = xs[k];
			cl_n[ncl] = 1;
			ncl++;
		}
		/* keep clusters seen in two rows or more; right edge = median-ish */
		for (c = 0, k = 0; c < ncl; c++)
			if (cl_n[c] >= 2) {
				cl_x[k] = cl_x[c];
				cl_n[k] = cl_n[c];
				k++;
			}
		ncl = k;
		if (!ncl) {
			i = last + 1;
			continue;
		}
		for (c = 0; c < ncl; c++)
			cl_x0[c] = cl_x[c];
		/* A leftmost column of small integers is the Not column. */
		{
			int small = 1, seen = 0;
			if (ncl >= 2) {
				for (r = i; r <= last; r++)
					for (k = 0; k < rows[r].nnum; k++) {
						const struct grow *g = &rows[r];
						if (abs(g->x1s[k] - cl_x[0]) > h * 12 / 10)
							continue;
						seen++;
						if (g->wfirst[k] != g->wlast[k] || g->w[g->wfirst[k]].w->len > 2 ||
						    g->w[g->wfirst[k]].w->text[0] == '-')
							small = 0;
					}
			}
			if (ncl >= 2 && small && seen >= 1) {
				/* notes are sparse: some data rows have none, sums never */
				size_t rows_with_nums = 0;
				int on_sum = 0, hdr_not = 0;
				for (r = i; r <= last; r++) {
					const struct grow *g = &rows[r];
					int here = 0;
					if (!g->nnum)
						continue;
					rows_with_nums++;
					for (k = 0; k < g->nnum; k++)
						if (abs(g->x1s[k] - cl_x[0]) <= h * 12 / 10)
							here = 1;
					if (here && g->first_num > 0 &&
					    ak_label_sum_kind(g->w[0].w->text, strlen(g->w[0].w->text)) != AK_ROW_DATA)
						on_sum = 1;
				}
				for (r = i; r > 0 && r + 3 > i; r--) {
					const struct grow *g = &rows[r - 1];
					for (k = 0; k < g->nw; k++)
						if (strcmp(g->w[k].w->text, "Not") == 0 &&
						    abs(g->w[k].w->x1 - cl_x[0]) <= 3 * h)
							hdr_not = 1;
				}
				if (hdr_not || ((size_t)seen < rows_with_nums && !on_sum))
					note_x = cl_x[0];
			}
		}
		/* A label alone between the header and the first figures
		 * ("Tillgångar", "Intäkter") opens the table's first block. */
		if (i >= 2 && !rows[i - 1].nnum && !rows[i - 1].header && rows[i - 1].nw &&
		    rows[i - 1].nw <= 8 && rows[i].base - rows[i - 1].base < pitch &&
		    !in_columns(&rows[i - 1], cl_x, ncl, h) &&
		    (rows[i - 2].header || in_columns(&rows[i - 2], cl_x, ncl, h)))
			i--;
		t = NULL;
		{
			struct ak_table *tabs = d->tables;
			size_t cap = d->ntables;
			tabs = ak_arena_grow(&d->arena, tabs, d->ntables, &cap, sizeof(*tabs));
			if (!tabs)
				return AK_ENOMEM;
			d->tables = tabs;
			t = &d->tables[d->ntables++];
			memset(t, 0, sizeof(*t));
		}
		t->src = AK_TSRC_GEOM;
		t->page = pg->no;
		t->scale = -1;
		t->has_note = note_x >= 0;
		t->ncols = note_x >= 0 ? ncl - 1 : ncl;
		t->header = ak_arena_array(&d->arena, ncl, sizeof(*t->header));
		t->rows = ak_arena_array(&d->arena, last - i + 1, sizeof(*t->rows));
		if (!t->header || !t->rows)
			return AK_ENOMEM;
		/* Header: up to two rows above without data numbers. */
		{
			size_t hr = i, nh = 0;
			while (hr > 0 && nh < 2 && !rows[hr - 1].nnum && rows[i].base - rows[hr - 1].base < 4 * pitch) {
				hr--;
				nh++;
			}
			for (; nh > 0; nh--, hr++) {
				const struct grow *g = &rows[hr];
				for (k = 0; k < g->nw; k++) {
					const struct ak_word *w = g->w[k].w;
					for (c = note_x >= 0 ? 1 : 0; c < ncl; c++)
						if (w->x1 > cl_x0[c] - 6 * h && w->x1 <= cl_x[c] + h) {
							size_t hc = note_x >= 0 ? c - 1 : c;
							const char *old = t->header[hc];
							t->header[hc] = old ? ak_arena_printf(&d->arena, "%s %s", old, w->text)
							                    : ak_arena_strdup(&d->arena, w->text);
							break;
						}
				}
				if (!t->title && g->nw && g->w[0].w->x1 < cl_x0[0] - 6 * h) {
					/* words left of the columns: a title or the label head */
					struct ak_buf tb;
					ak_buf_init(&tb, 4096);
					for (k = 0; k < g->nw && g->w[k].w->x1 < cl_x0[0] - 6 * h; k++)
						ak_buf_printf(&tb, "%s%s", k ? " " : "", g->w[k].w->text);
					if (!tb.err && tb.ptr)
						t->title = ak_arena_strdup(&d->arena, tb.ptr);
					ak_buf_release(&tb);
				}
			}
		}
		/* Digit pitch of the table's plain figures (no "1": narrow ink). */
		pitch16 = 0;
		has_neg = 0;
		{
			int ps[256];
			size_t np = 0;
			for (r = i; r <= last; r++)
				for (k = 0; k < rows[r].nw; k++) {
					const struct ak_word *w = rows[r].w[k].w;
					int neg;
					size_t nd;
					if (rows[r].w[k].num != 1 || k < rows[r].first_num)
						continue;
					nd = plain_digits(w, &neg);
					has_neg |= neg;
					if (nd >= 2 && nd <= 3 && !neg && !memchr(w->text, '1', nd) && np < 256)
						ps[np++] = (w->x1 - w->x0) * 16 / (int)nd;
				}
			pitch16 = np >= 3 ? med(ps, np) : page_pitch16;
		}
		for (r = i; r <= last; r++) {
			const struct grow *g = &rows[r];
			struct ak_row *row = &t->rows[t->nrows];
			struct ak_buf lb;
			size_t lw = g->nnum ? g->first_num : g->nw, k0;
			int any = 0;

			memset(row, 0, sizeof(*row));
			row->page = pg->no;
			row->line0 = row->line1 = (int)g->line + 1;
			row->ncells = t->ncols;
			row->cells = ak_arena_array(&d->arena, ncl, sizeof(*row->cells));
			if (!row->cells)
				return AK_ENOMEM;
			/* OCR noise at the label's ends ("Lokalkostnader :", "| Kassa")
			 * is not the label; footnote marks are (split off below) */
			while (lw > 1 && noise_word(g->w[lw - 1].w) && !mark_word(g->w[lw - 1].w))
				lw--;
			k0 = 0;
			while (k0 + 1 < lw && noise_word(g->w[k0].w) && !mark_word(g->w[k0].w))
				k0++;
			ak_buf_init(&lb, 4096);
			for (k = k0; k < lw; k++)
				ak_buf_printf(&lb, "%s%s", k > k0 ? " " : "", g->w[k].w->text);
			{
				char *lab = ak_arena_strdup(&d->arena, lb.ptr ? lb.ptr : "");
				ak_buf_release(&lb);
				if (!lab)
					return AK_ENOMEM;
				/* wrapped label, figures on its first line: a label-only
				 * row going on in lower case after a row of figures */
				if (r > i && t->nrows && !g->nnum && rows[r - 1].nnum && starts_lower(lab) &&
				    t->rows[t->nrows - 1].kind != AK_ROW_SECTION && t->rows[t->nrows - 1].label.n &&
				    !t->rows[t->nrows - 1].marks.n) {
					struct ak_row *prev = &t->rows[t->nrows - 1];
					char *j2 = ak_arena_printf(&d->arena, "%.*s %s", (int)prev->label.n, prev->label.p, lab);
					if (!j2)
						return AK_ENOMEM;
					ak_row_set_label(prev, j2, strlen(j2));
					prev->line1 = (int)g->line + 1;
					continue;
				}
				/* wrapped label: a label-only row before this one */
				if (r > i && t->nrows && !rows[r - 1].nnum && t->rows[t->nrows - 1].kind == AK_ROW_SECTION &&
				    g->nnum && starts_lower(lab)) {
					struct ak_row *prev = &t->rows[t->nrows - 1];
					char *j2 = ak_arena_printf(&d->arena, "%.*s %s", (int)prev->label.n, prev->label.p, lab);
					if (!j2)
						return AK_ENOMEM;
					t->nrows--;
					row = &t->rows[t->nrows];
					row->cells = ak_arena_array(&d->arena, ncl, sizeof(*row->cells));
					row->ncells = t->ncols;
					row->page = pg->no;
					row->line0 = prev->line0;
					row->line1 = (int)g->line + 1;
					lab = j2;
					if (!row->cells)
						return AK_ENOMEM;
				}
				ak_row_set_label(row, lab, strlen(lab));
			}
			for (k = 0; k < g->nnum; k++) {
				size_t best = 0, wi;
				int bd = -1;
				struct ak_cell *cell;
				struct ak_buf cb;
				for (c = 0; c < ncl; c++) {
					int dd = abs(g->x1s[k] - cl_x[c]);
					if (bd < 0 || dd < bd) {
						bd = dd;
						best = c;
					}
				}
				if (bd > 3 * h)
					continue;
				if (note_x >= 0) {
					if (best == 0) {
						const struct ak_word *w = g->w[g->wfirst[k]].w;
						row->note.p = w->text;
						row->note.n = w->len ? w->len : strlen(w->text);
						continue;
					}
					best--;
				}
				cell = &row->cells[best];
				if (cell->raw.n)
					continue; /* two numbers in one column: keep the first */
				ak_buf_init(&cb, 4096);
				cell->conf = 100.0f;
				cell->x0 = g->x0s[k];
				cell->x1 = g->x1s[k];
				cell->y0 = g->y1;
				cell->y1 = g->y0;
				for (wi = g->wfirst[k]; wi <= g->wlast[k]; wi++) {
					const struct ak_word *w = g->w[wi].w;
					if (g->w[wi].num == 3)
						continue;
					ak_buf_printf(&cb, "%s%s", wi > g->wfirst[k] ? " " : "", w->text);
					if (w->conf < cell->conf)
						cell->conf = w->conf;
					if (w->y0 < cell->y0)
						cell->y0 = w->y0;
					if (w->y1 > cell->y1)
						cell->y1 = w->y1;
				}
				if (cb.ptr) {
					char *txt = ak_arena_strdup(&d->arena, cb.ptr);
					if (!txt) {
						ak_buf_release(&cb);
						return AK_ENOMEM;
					}
					cell->raw.p = txt;
					cell->raw.n = strlen(txt);
					cell->has_value = ak_num_cell(&cell->num, txt, cell->raw.n) == 0 &&
					                  cell->num.kind != AK_NUM_DATE && cell->num.kind != AK_NUM_RANGE;
					if (!cell->has_value) {
						/* digit confusions word by word */
						struct ak_buf fb;
						int ok = 1;
						ak_buf_init(&fb, 4096);
						for (wi = g->wfirst[k]; wi <= g->wlast[k] && ok; wi++) {
							const struct ak_word *w = g->w[wi].w;
							if (g->w[wi].num == 3)
								continue;
							size_t wl = w->len ? w->len : strlen(w->text);
							char fx[32];
							size_t fl = digit_fix(w->text, wl, fx, sizeof(fx));
							ak_buf_printf(&fb, "%s%.*s", wi > g->wfirst[k] ? " " : "",
							              (int)(fl ? fl : wl), fl ? fx : w->text);
						}
						if (!fb.err && fb.ptr &&
						    ak_num_cell(&cell->num, fb.ptr, fb.len) == 0) {
							cell->has_value = 1;
							cell->num.raw = cell->raw;
							cell->num.flags |= AK_NUMF_LOOSE;
						}
						ak_buf_release(&fb);
					}
					width_fix(cell, g, k, pitch16, has_neg);
					any |= cell->has_value;
				}
				ak_buf_release(&cb);
			}
			/* unreadable figures in a column: raw text kept, no value */
			for (k = 0; k < g->njunk; k++) {
				const struct ak_word *w = g->w[g->junk[k]].w;
				struct ak_cell *cell;
				for (c = note_x >= 0 ? 1 : 0; c < ncl; c++)
					if (abs(w->x1 - cl_x[c]) <= h * 12 / 10)
						break;
				if (c == ncl)
					continue;
				cell = &row->cells[note_x >= 0 ? c - 1 : c];
				if (cell->raw.n)
					continue;
				cell->raw.p = w->text;
				cell->raw.n = w->len ? w->len : strlen(w->text);
				cell->x0 = w->x0;
				cell->x1 = w->x1;
				cell->y0 = w->y0;
				cell->y1 = w->y1;
				cell->conf = w->conf;
			}
			if (!any)
				row->kind = AK_ROW_SECTION;
			else if (!row->label.n)
				row->kind = AK_ROW_SUBTOTAL;
			else
				row->kind = ak_label_sum_kind(row->label.p, row->label.n);
			t->nrows++;
		}
		t->line0 = t->nrows ? t->rows[0].line0 : 0;
		t->line1 = t->nrows ? t->rows[t->nrows - 1].line1 : 0;
		if (t->title)
			t->scale = ak_table_scale_of(t->title, strlen(t->title));
		i = last + 1;
	}
	return 0;
}
