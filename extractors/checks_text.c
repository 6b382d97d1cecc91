/*
 * checks_text.c - grids for the checker from plain text: tab-separated
 * tables, rows ending in digit-group runs, and figures in running text.
 *
 * Why: the checker must run on text-only inputs (the seeds, born-digital
 * exports) and on the bench's fault-injected tables before the table
 * extractor's model is merged; afterwards it stays as the reader of the
 * bench's files and of figures in running text.  It is deliberately small:
 *
 *   - a tab-separated row is split on TABs; fields are cells by position;
 *     a "Not" column holds note references and is dropped; rows whose
 *     figures are all years are headings;
 *   - a space-separated row ("Lumena 2116 199 1806 979 309 220") is split
 *     into numbers by the digit-group rule (a first group of 1-3 digits, then
 *     groups of 3) with the column count most rows of the block agree on;
 *     where several splits remain, the one under which a row relation holds
 *     is taken, then the one with the most even number lengths; short rows
 *     are right-aligned (empty cells are at the left in Swedish reports);
 *   - running text: "utfall ... X kronor jämfört med budget Y ... avvikelse
 *     Z" and "N deltagare varav a ..., b ... och c ..." become one-row grids
 *     with their relation.
 *
 * Limits: no word geometry (that is the table extractor's job); tables of at
 * most 64 columns and 4096 rows; numbers of at most 18 digits.  Cursor
 * parsing with bounds throughout; nothing reads past `end`.
 */
#include "checks.h"

#include <string.h>

#define MAXF 64
#define MAXROWS 4096
#define MAXTOK 24

/* ------------------------------------------------------------ numbers */

/* Length of a Unicode space or minus at p (0 when none). */
static size_t uspace(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2; /* no-break space */
	if (end - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89))
		return 3; /* narrow no-break space, thin space */
	return 0;
}

static size_t uminus(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	if (p < end && *p == '-')
		return 1;
	if (end - p >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
		return 3; /* U+2212 minus */
	if (end - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x93)
		return 3; /* en dash used as minus */
	return 0;
}

int ak_check_parse_number(const char *s, size_t n, int64_t *value, int *dec)
{
	const char *p = s, *end = s + n;
	int neg = 0, paren = 0, ndig = 0, d = 0, indec = 0;
	int64_t v = 0;
	size_t k;

	while (p < end && (k = uspace(p, end)) > 0)
		p += k;
	while (end > p && (k = uspace(end - 1, end)) > 0)
		end -= k;
	while (end > p && (unsigned char)end[-1] == 0xA0 && end - p >= 2 &&
	       (unsigned char)end[-2] == 0xC2)
		end -= 2;
	if (p < end && *p == '(' && end[-1] == ')') {
		paren = neg = 1;
		p++;
		end--;
	}
	if ((k = uminus(p, end)) > 0) {
		neg = 1;
		p += k;
	} else if (p < end && *p == '+') {
		p++;
	}
	while (p < end && (k = uspace(p, end)) > 0)
		p += k;
	if (p >= end || *p < '0' || *p > '9')
		return 0;
	while (p < end) {
		if (*p >= '0' && *p <= '9') {
			if (ndig >= 18)
				return 0;
			v = v * 10 + (*p - '0');
			ndig++;
			if (indec)
				d++;
			p++;
		} else if (!indec && *p == ',' && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
			indec = 1;
			p++;
		} else if (!indec && (k = uspace(p, end)) > 0 && p + k + 2 < end + 0 &&
		           p[k] >= '0' && p[k] <= '9') {
			/* a group separator must be followed by exactly 3 digits */
			const char *q = p + k;
			if (end - q < 3 || !(q[1] >= '0' && q[1] <= '9') || !(q[2] >= '0' && q[2] <= '9') ||
			    (end - q > 3 && q[3] >= '0' && q[3] <= '9'))
				return 0;
			p = q;
		} else {
			return 0;
		}
	}
	(void)paren;
	*value = neg ? -v : v;
	*dec = d;
	return 1;
}

static int is_year_text(const char *s, size_t n)
{
	while (n && (*s == ' '))
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (n != 4 || (s[0] != '1' && s[0] != '2'))
		return 0;
	return s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9';
}

/* ------------------------------------------------------------ rows */

struct prow {
	const char *label;
	size_t nf;                 /* cells (fields after the label) */
	int present[MAXF];
	int64_t v[MAXF];
	int dec[MAXF];
	unsigned char pct[MAXF];   /* printed with "%" */
	const char *text[MAXF];    /* arena copies */
	uint32_t off;
	int page;
	int is_header, is_sep;
};

struct builder {
	struct ak_arena *a;
	struct ak_grid *grids;
	size_t n, cap;
	const char *text;
};

/* 1 when every byte of p[0..n) is in `set`; reads nothing past n (spans
 * into the document are not NUL-terminated where they end). */
static int span_all(const char *p, size_t n, const char *set)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strchr(set, p[i]) || p[i] == '\0')
			return 0;
	return 1;
}

static int lower_eq(const char *p, size_t n, const char *w)
{
	size_t i;
	if (strlen(w) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

static const char *trim(const char **pp, size_t *n)
{
	const char *p = *pp;
	while (*n && (*p == ' ' || *p == '\r'))
		p++, (*n)--;
	while (*n && (p[*n - 1] == ' ' || p[*n - 1] == '\r'))
		(*n)--;
	*pp = p;
	return p;
}

static const char *find_unit(const char *s)
{
	if (!s)
		return NULL;
	if (strstr(s, "t.kr") || strstr(s, "tkr") || strstr(s, "Tkr"))
		return "tkr";
	if (strstr(s, "mkr") || strstr(s, "m.kr") || strstr(s, "miljoner"))
		return "mkr";
	if (strstr(s, "kr"))
		return "kr";
	return NULL;
}

static int grid_push(struct builder *b, struct prow *rows, size_t nr, const char *title,
                     const char **heads, size_t nheads, const unsigned char *dropcol,
                     enum ak_grid_src src, int page)
{
	size_t ncols = 0, r, c, k, maxc;
	int gdec = 0;
	struct ak_grid *g;
	size_t map[MAXF];
	int any = 0;

	for (r = 0; r < nr; r++)
		for (c = 0; c < rows[r].nf && c < MAXF; c++)
			if (rows[r].present[c] && !dropcol[c]) {
				any = 1;
				if (rows[r].dec[c] > gdec)
					gdec = rows[r].dec[c];
			}
	if (!any)
		return 0;
	maxc = 0;
	for (r = 0; r < nr; r++)
		if (rows[r].nf > maxc)
			maxc = rows[r].nf;
	if (maxc > MAXF)
		maxc = MAXF;
	for (c = 0; c < maxc; c++)
		map[c] = dropcol[c] ? (size_t)-1 : ncols++;
	if (ncols == 0)
		return 0;
	if (b->n == b->cap) {
		void *nv = ak_arena_grow(b->a, b->grids, b->n, &b->cap, sizeof(*b->grids));
		if (!nv)
			return AK_ENOMEM;
		b->grids = nv;
	}
	g = ak_grid_new(b->a, nr, ncols);
	if (!g)
		return AK_ENOMEM;
	g->title = title;
	g->src = src;
	g->dec = gdec;
	g->page = page;
	g->unit = find_unit(title);
	for (c = 0; c < maxc && c < nheads; c++)
		if (map[c] != (size_t)-1 && heads[c]) {
			g->colheads[map[c]] = heads[c];
			if (!g->unit)
				g->unit = find_unit(heads[c]);
		}
	for (r = 0; r < nr; r++) {
		g->labels[r] = rows[r].label ? rows[r].label : "";
		if (rows[r].is_header)
			g->rflags[r] |= AK_GROW_HEADER;
		if (!g->unit)
			g->unit = find_unit(g->labels[r]);
		for (c = 0; c < rows[r].nf && c < maxc; c++) {
			struct ak_gcell *x;
			int64_t v;
			if (map[c] == (size_t)-1 || !rows[r].present[c] || rows[r].is_header)
				continue;
			x = AK_GCELL(g, r, map[c]);
			v = rows[r].v[c];
			for (k = (size_t)rows[r].dec[c]; k < (size_t)gdec; k++)
				v *= 10;
			x->present = 1;
			x->value = v;
			x->dec = rows[r].dec[c];
			x->pct = rows[r].pct[c];
			x->text = rows[r].text[c];
			x->conf = -1;
			x->page = rows[r].page;
			x->off = rows[r].off;
		}
		if (!rows[r].is_header) {
			int fig = 0;
			for (c = 0; c < ncols; c++)
				fig |= AK_GCELL(g, r, c)->present;
			if (!fig && g->labels[r][0])
				g->rflags[r] |= AK_GROW_SECTION;
			if (ak_label_is_total(g->labels[r]))
				g->rflags[r] |= AK_GROW_TOTAL;
		}
	}
	g->table_no = (int)b->n + 1;
	b->grids[b->n++] = *g;
	return 0;
}

/* ------------------------------------------------------------ tab tables */

static int push_row(struct ak_arena *a, struct prow **rows, size_t *n, size_t *cap,
                    const struct prow *r)
{
	if (*n == *cap) {
		void *nv = ak_arena_grow(a, *rows, *n, cap, sizeof(**rows));
		if (!nv)
			return AK_ENOMEM;
		*rows = nv;
	}
	(*rows)[(*n)++] = *r;
	return 0;
}

static int title_like(const char *s)
{
	/* "Not 3. ...", "2.4 Driftredovisning", "Tabell ..." */
	if (strncmp(s, "Not ", 4) == 0 && s[4] >= '0' && s[4] <= '9')
		return 1;
	if (strncmp(s, "Tabell", 6) == 0)
		return 1;
	if (s[0] >= '0' && s[0] <= '9') {
		const char *p = s;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
		return p > s + 1 && *p == ' ' && p[-1] != '.' ? 1 : (*p == ' ' && p > s + 1);
	}
	return 0;
}

static int parse_tab_row(struct ak_arena *a, const char *p, const char *end, struct prow *r,
                         const char **heads, int *nheads_text)
{
	const char *f[MAXF + 1] = { NULL };
	size_t fl[MAXF + 1] = { 0 }, nf = 0, i;
	const char *q = p;
	int nnum = 0, nyear = 0, ntext = 0, nsep = 0;

	while (q <= end && nf <= MAXF) {
		const char *e = memchr(q, '\t', (size_t)(end - q));
		if (!e)
			e = end;
		f[nf] = q;
		fl[nf] = (size_t)(e - q);
		trim(&f[nf], &fl[nf]);
		nf++;
		if (e == end)
			break;
		q = e + 1;
	}
	memset(r, 0, sizeof(*r));
	r->label = ak_arena_strndup(a, f[0], fl[0]);
	r->nf = nf - 1;
	*nheads_text = 0;
	for (i = 1; i < nf; i++) {
		size_t c = i - 1;
		int64_t v;
		int d;
		heads[c] = NULL;
		if (fl[i] == 0)
			continue;
		if (span_all(f[i], fl[i], "-")) {
			nsep++;
			continue;
		}
		if (fl[i] > 1 && f[i][fl[i] - 1] == '%' &&
		    ak_check_parse_number(f[i], fl[i] - 1, &v, &d)) {
			r->present[c] = 1;
			r->pct[c] = 1;
			r->v[c] = v;
			r->dec[c] = d;
			r->text[c] = ak_arena_strndup(a, f[i], fl[i]);
			nnum++;
			heads[c] = r->text[c];
		} else if (ak_check_parse_number(f[i], fl[i], &v, &d)) {
			r->present[c] = 1;
			r->v[c] = v;
			r->dec[c] = d;
			r->text[c] = ak_arena_strndup(a, f[i], fl[i]);
			nnum++;
			if (d == 0 && is_year_text(f[i], fl[i]))
				nyear++;
			heads[c] = r->text[c];
		} else {
			ntext++;
			heads[c] = ak_arena_strndup(a, f[i], fl[i]);
			if (!r->label[0] && ntext == 1)
				r->label = heads[c];
		}
	}
	if (strspn(r->label, "-") == strlen(r->label) && r->label[0])
		nsep++;
	r->is_sep = nsep > 0 && nnum == 0;
	r->is_header = (nnum == 0 && ntext > 0) || (nnum > 0 && nyear == nnum);
	*nheads_text = ntext + nyear;
	return nnum;
}

/* ------------------------------------------------------------ space rows */

struct tok {
	const char *p;
	size_t n;
	int neg;       /* leading minus */
	int ndig;
	size_t gap;    /* spaces before this token */
};

/* Tokens of the numeric tail of a line; returns how many, label length in *lab. */
static size_t tail_tokens(const char *p, const char *end, struct tok *t, size_t *lab)
{
	const char *q = end;
	size_t n = 0, i;
	struct tok tmp[MAXTOK];
	while (q > p && (q[-1] == ' ' || q[-1] == '\r'))
		q--;
	while (q > p && n < MAXTOK) {
		const char *e = q, *s = q;
		size_t gap = 0;
		while (s > p && s[-1] >= '0' && s[-1] <= '9')
			s--;
		if (s == e)
			break;
		if (s > p && s[-1] == '-')
			s--;
		/* must be preceded by a space or the start */
		if (s > p && s[-1] != ' ')
			break;
		tmp[n].p = s;
		tmp[n].n = (size_t)(e - s);
		tmp[n].neg = *s == '-';
		tmp[n].ndig = (int)(e - s) - tmp[n].neg;
		q = s;
		while (q > p && q[-1] == ' ')
			q--, gap++;
		tmp[n].gap = gap;
		n++;
	}
	for (i = 0; i < n; i++)
		t[i] = tmp[n - 1 - i];
	*lab = (size_t)(q - p);
	return n;
}

struct seg {
	size_t n;
	int64_t v[MAXTOK];
	size_t s0[MAXTOK], s1[MAXTOK]; /* token range */
	int strict;
	int maxlen;
};

/* Enumerate segmentations by boundary masks; a token may continue the
 * previous number only if it has exactly 3 digits and no sign, and the gap
 * before it is a single space. */
static void eval_mask(const struct tok *t, size_t nt, unsigned mask, struct seg *s)
{
	size_t i;
	s->n = 0;
	s->strict = 1;
	s->maxlen = 0;
	for (i = 0; i < nt; i++) {
		int cont = i > 0 && !(mask & (1u << (i - 1)));
		if (cont) {
			int64_t *v = &s->v[s->n - 1];
			const char *d = t[i].p;
			int k;
			if (t[i].neg || t[i].ndig != 3 || t[i].gap > 1 || *v > (int64_t)1e15 ||
			    *v < -(int64_t)1e15) {
				s->n = 0;
				return;
			}
			for (k = 0; k < 3; k++)
				*v = *v < 0 || (s->v[s->n - 1] == 0 && t[s->s0[s->n - 1]].neg)
				     ? *v * 10 - (d[k] - '0') : *v * 10 + (d[k] - '0');
			s->s1[s->n - 1] = i + 1;
			{
				size_t first = s->s0[s->n - 1];
				if (t[first].ndig > 3)
					s->strict = 0;
			}
		} else {
			const char *d = t[i].p + t[i].neg;
			int64_t v = 0;
			int k;
			if (t[i].ndig > 18) {
				s->n = 0;
				return;
			}
			for (k = 0; k < t[i].ndig; k++)
				v = v * 10 + (d[k] - '0');
			s->v[s->n] = t[i].neg ? -v : v;
			s->s0[s->n] = i;
			s->s1[s->n] = i + 1;
			s->n++;
		}
	}
	for (i = 0; i < s->n; i++) {
		int len = 0;
		size_t k;
		for (k = s->s0[i]; k < s->s1[i]; k++)
			len += t[k].ndig;
		if (len > s->maxlen)
			s->maxlen = len;
	}
}

static int rel_holds3(const int64_t *v, const int *present)
{
	int64_t a = present[0] ? v[0] : 0, b = present[1] ? v[1] : 0, c = present[2] ? v[2] : 0;
	int64_t d1 = a - b - c, d2 = b - a - c, d3 = a + b - c;
	if (d1 < 0) d1 = -d1;
	if (d2 < 0) d2 = -d2;
	if (d3 < 0) d3 = -d3;
	return d1 <= 1 || d2 <= 1 || d3 <= 1;
}

/* Boundaries before tokens that cannot continue a number are forced; the
 * rest are free.  Returns 0 when there are too many free ones to try. */
static int split_masks(const struct tok *t, size_t nt, unsigned *forced, unsigned *freeb)
{
	size_t i;
	int nfree = 0;
	*forced = *freeb = 0;
	if (nt == 0 || nt > MAXTOK || nt > 31)
		return 0;
	for (i = 1; i < nt; i++) {
		if (t[i].neg || t[i].ndig != 3 || t[i].gap > 1)
			*forced |= 1u << (i - 1);
		else {
			*freeb |= 1u << (i - 1);
			nfree++;
		}
	}
	return nfree <= 14;
}

static int split_space_row(const struct tok *t, size_t nt, size_t ncols, int64_t *v,
                           int *present, const char **span_p, size_t *span_n)
{
	unsigned forced, freeb, sub;
	int bestscore = -1;
	struct seg best;
	size_t c;
	if (!split_masks(t, nt, &forced, &freeb))
		return 0;
	memset(&best, 0, sizeof(best));
	for (sub = freeb;; sub = (sub - 1) & freeb) {
		struct seg s;
		int score, pr[3];
		int64_t vv[3];
		unsigned mask = forced | sub;
		eval_mask(t, nt, mask, &s);
		if (s.n == 0 || s.n > ncols) {
			if (sub == 0)
				break;
			continue;
		}
		score = 0;
		if (ncols >= 3) {
			for (c = 0; c < 3; c++) {
				size_t col = ncols - 3 + c; /* right-aligned */
				long si = (long)col - (long)(ncols - s.n);
				pr[c] = si >= 0;
				vv[c] = si >= 0 ? s.v[si] : 0;
			}
			if (rel_holds3(vv, pr))
				score += 1000;
		}
		if (s.n == ncols)
			score += 100;
		if (s.strict)
			score += 50;
		score += 40 - s.maxlen;
		if (score > bestscore) {
			bestscore = score;
			best = s;
		}
		if (sub == 0)
			break;
	}
	if (bestscore < 0)
		return 0;
	for (c = 0; c < ncols; c++)
		present[c] = 0;
	for (c = 0; c < best.n; c++) {
		size_t col = ncols - best.n + c;
		present[col] = 1;
		v[col] = best.v[c];
		span_p[col] = t[best.s0[c]].p;
		span_n[col] = (size_t)(t[best.s1[c] - 1].p + t[best.s1[c] - 1].n - t[best.s0[c]].p);
	}
	return (int)best.n;
}

/* Possible counts of numbers in a token run (bit i set: i numbers). */
static unsigned possible_counts(const struct tok *t, size_t nt)
{
	unsigned forced, freeb, sub, out = 0;
	if (!split_masks(t, nt, &forced, &freeb))
		return 0;
	for (sub = freeb;; sub = (sub - 1) & freeb) {
		struct seg s;
		eval_mask(t, nt, forced | sub, &s);
		if (s.n && s.strict && s.n < 32)
			out |= 1u << s.n;
		if (sub == 0)
			break;
	}
	return out;
}

/* ------------------------------------------------------------ the scan */

struct line {
	const char *p;
	size_t n;
	uint32_t off;
	int page;
};

static int flush_space_block(struct builder *b, struct line *L, size_t n0, size_t n1,
                             const char *title)
{
	struct prow *rows;
	size_t i, nr = 0, c;
	unsigned votes[32];
	size_t ncols = 0, bestv = 0;
	unsigned char dropcol[MAXF];
	const char *heads[MAXF];
	int rc;

	memset(votes, 0, sizeof(votes));
	memset(dropcol, 0, sizeof(dropcol));
	memset(heads, 0, sizeof(heads));
	for (i = n0; i < n1; i++) {
		struct tok t[MAXTOK];
		size_t lab, nt = tail_tokens(L[i].p, L[i].p + L[i].n, t, &lab), k;
		unsigned pc = possible_counts(t, nt);
		for (k = 1; k < 32; k++)
			if (pc & (1u << k))
				votes[k]++;
	}
	for (c = 1; c < 32 && c <= MAXF; c++)
		if (votes[c] >= bestv && votes[c] > 0) {
			bestv = votes[c];
			ncols = c;
		}
	if (ncols == 0)
		return 0;
	rows = ak_arena_array(b->a, n1 - n0, sizeof(*rows));
	if (!rows)
		return AK_ENOMEM;
	for (i = n0; i < n1; i++) {
		struct tok t[MAXTOK];
		size_t lab, nt = tail_tokens(L[i].p, L[i].p + L[i].n, t, &lab);
		struct prow *r = &rows[nr];
		int64_t v[MAXF];
		int present[MAXF];
		const char *sp[MAXF];
		size_t sn[MAXF];
		const char *lp = L[i].p;
		memset(r, 0, sizeof(*r));
		trim(&lp, &lab);
		r->label = ak_arena_strndup(b->a, lp, lab);
		r->off = L[i].off;
		r->page = L[i].page;
		r->nf = ncols;
		if (nt && split_space_row(t, nt, ncols, v, present, sp, sn) > 0) {
			for (c = 0; c < ncols; c++) {
				if (!present[c])
					continue;
				r->present[c] = 1;
				r->v[c] = v[c];
				r->text[c] = ak_arena_strndup(b->a, sp[c], sn[c]);
			}
		}
		nr++;
	}
	rc = grid_push(b, rows, nr, title, heads, 0, dropcol, AK_GRID_UNKNOWN, L[n0].page);
	return rc;
}

/* A line that ends in figures after a label (or a bare figure run). */
static int space_row(const struct line *l)
{
	struct tok t[MAXTOK];
	size_t lab, nt;
	if (memchr(l->p, '\t', l->n))
		return 0;
	nt = tail_tokens(l->p, l->p + l->n, t, &lab);
	if (nt == 0)
		return 0;
	if (nt == 1 && (lab == 0 || t[0].ndig < 2 || is_year_text(t[0].p, t[0].n)))
		return 0; /* page numbers, "§ 4", "... 2023" */
	/* a year at the end of a sentence is not a table row */
	if (lab > 0 && nt == 1 && t[0].ndig == 4)
		return 0;
	return 1;
}

int ak_grids_from_text(struct ak_arena *a, const char *text, size_t len,
                       struct ak_grid **out, size_t *nout)
{
	struct builder b;
	struct line *L;
	size_t nl = 0, capl = 0, i, j;
	const char *p = text, *end = text + len;
	int page = 1, rc = 0;

	memset(&b, 0, sizeof(b));
	b.a = a;
	b.text = text;
	*out = NULL;
	*nout = 0;
	L = NULL;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *q;
		if (!e)
			e = end;
		for (q = p; q < e; q++) {
			if (*q == '\f') {
				page++;
				p = q + 1;
			}
		}
		if (nl == capl) {
			void *nv = ak_arena_grow(a, L, nl, &capl, sizeof(*L));
			if (!nv)
				return AK_ENOMEM;
			L = nv;
		}
		L[nl].p = p;
		L[nl].n = (size_t)(e - p);
		L[nl].off = (uint32_t)(p - text);
		L[nl].page = page;
		nl++;
		p = e < end ? e + 1 : end;
	}

	for (i = 0; i < nl && rc == 0;) {
		const char *lp = L[i].p;
		size_t ln = L[i].n;
		trim(&lp, &ln);
		if (ln && memchr(lp, '\t', ln)) {
			/* ---- a tab table: TAB lines, blank lines allowed inside */
			struct prow *rows = NULL;
			size_t caprows = 0;
			const char *heads[MAXF], *rh[MAXF];
			unsigned char dropcol[MAXF];
			const char *title = NULL;
			size_t nr = 0, nh = 0, c, ndata = 0;
			int started = 0;
			memset(heads, 0, sizeof(heads));
			memset(dropcol, 0, sizeof(dropcol));
			/* a title on the line just above, if short */
			if (i > 0 && L[i - 1].n > 0 && L[i - 1].n < 120 && !memchr(L[i - 1].p, '\t', L[i - 1].n))
				title = ak_arena_strndup(a, L[i - 1].p, L[i - 1].n);
			for (j = i; j < nl && nr < MAXROWS; j++) {
				const char *q = L[j].p;
				size_t qn = L[j].n;
				struct prow r;
				int nth, nnum;
				trim(&q, &qn);
				if (qn == 0 || span_all(q, qn, "\t "))
					continue; /* blank */
				if (!memchr(q, '\t', qn)) {
					/* a short heading between tab rows is a section
					 * row when a tab row follows; else the end */
					size_t k2 = j + 1;
					while (k2 < nl && L[k2].n == 0)
						k2++;
					if (qn > 80 || k2 >= nl || !memchr(L[k2].p, '\t', L[k2].n) || !started)
						break;
					memset(&r, 0, sizeof(r));
					r.label = ak_arena_strndup(a, q, qn);
					r.off = L[j].off;
					r.page = L[j].page;
					if (push_row(a, &rows, &nr, &caprows, &r))
						return AK_ENOMEM;
					continue;
				}
				nnum = parse_tab_row(a, q, q + qn, &r, rh, &nth);
				r.off = L[j].off;
				r.page = L[j].page;
				if (r.is_sep)
					continue;
				if (started && title_like(r.label) && (nnum == 0 || r.is_header))
					break; /* the next table's title row */
				if (ndata > 0 && r.is_header && nnum > 0)
					break; /* a year heading after figures: a new table */
				if (!r.is_header && nnum > 0)
					ndata++;
				if (!started && title_like(r.label)) {
					title = r.label;
				}
				started = 1;
				if (r.is_header) {
					for (c = 0; c < r.nf && c < MAXF; c++) {
						if (!rh[c])
							continue;
						if (lower_eq(rh[c], strlen(rh[c]), "not"))
							dropcol[c] = 1;
						else
							heads[c] = rh[c];
						if (c + 1 > nh)
							nh = c + 1;
					}
				}
				if (push_row(a, &rows, &nr, &caprows, &r))
					return AK_ENOMEM;
			}
			rc = rows ? grid_push(&b, rows, nr, title, heads, nh, dropcol, AK_GRID_DIGITAL, L[i].page) : 0;
			i = j > i ? j : i + 1;
			continue;
		}
		if (space_row(&L[i])) {
			/* ---- a block of space-separated rows */
			size_t last = i, k;
			size_t nrow = 1;
			const char *title = NULL;
			for (j = i + 1; j < nl; j++) {
				const char *q = L[j].p;
				size_t qn = L[j].n;
				trim(&q, &qn);
				if (space_row(&L[j])) {
					last = j;
					nrow++;
					continue;
				}
				/* allow one blank or one short text line (a wrapped
				 * label, a section heading) between rows */
				if (j - last > 2 || (qn > 60) || memchr(q, '\t', qn))
					break;
			}
			if (nrow >= 3) {
				for (k = i; k > 0 && k + 3 > i; k--) {
					const char *q = L[k - 1].p;
					size_t qn = L[k - 1].n;
					trim(&q, &qn);
					if (qn > 0 && qn < 80) {
						title = ak_arena_strndup(a, q, qn);
						break;
					}
				}
				rc = flush_space_block(&b, L, i, last + 1, title);
				i = last + 1;
			} else {
				i++;
			}
			continue;
		}
		i++;
	}
	*out = b.grids;
	*nout = b.n;
	return rc;
}

/* ------------------------------------------------------------ running text */

/* Next grouped number in [p, end) at a word boundary: "24 018 032".
 * Returns its start or NULL; *val, *nxt. */
static const char *next_amount(const char *p, const char *end, int64_t *val, const char **nxt)
{
	for (; p < end; p++) {
		const char *q = p, *s;
		int64_t v = 0;
		int ndig = 0, first = 0;
		if (*p < '0' || *p > '9')
			continue;
		if (p > end - (end - p) && p > (const char *)0 && 0)
			continue;
		s = p;
		while (q < end && *q >= '0' && *q <= '9' && first < 4) {
			v = v * 10 + (*q - '0');
			q++;
			first++;
			ndig++;
		}
		if (q < end && *q >= '0' && *q <= '9') {
			/* unspaced long run: take it whole */
			while (q < end && *q >= '0' && *q <= '9' && ndig < 18) {
				v = v * 10 + (*q - '0');
				q++;
				ndig++;
			}
		} else if (first <= 3) {
			while (q + 3 < end + 0 && *q == ' ' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' &&
			       q[2] <= '9' && q[3] >= '0' && q[3] <= '9' &&
			       (q + 4 >= end || q[4] < '0' || q[4] > '9') && ndig < 15) {
				v = v * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
				q += 4;
				ndig += 3;
			}
		}
		/* no decimals, no part of a date or a word */
		if (q < end && (*q == ',' || *q == '-' || *q == '/' || *q == ':' || *q == '.') &&
		    q + 1 < end && q[1] >= '0' && q[1] <= '9') {
			p = q;
			continue;
		}
		*val = v;
		*nxt = q;
		return s;
	}
	return NULL;
}

static int word_at(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - p) >= n && lower_eq(p, n, w);
}

/* Find a word (ASCII-lowercase prefix match) in [p, end); NULL if none. */
static const char *find_word(const char *p, const char *end, const char *w)
{
	for (; p < end; p++)
		if ((p == end || 1) && word_at(p, end, w))
			return p;
	return NULL;
}

static int add_text_grid(struct ak_arena *a, struct ak_grid **grids, size_t *ngrids,
                         size_t *cap, const char *text, const int64_t *v, const char *const *sp,
                         const size_t *sn, size_t n, const char *title, int page)
{
	struct ak_grid *g = ak_grid_new(a, 1, n);
	size_t c;
	if (!g)
		return AK_ENOMEM;
	g->title = title;
	g->src = AK_GRID_UNKNOWN;
	g->unit = "kr";
	g->page = page;
	g->rflags[0] = AK_GROW_TEXT;
	g->exact = 1;
	g->labels[0] = title;
	for (c = 0; c < n; c++) {
		struct ak_gcell *x = AK_GCELL(g, 0, c);
		x->present = 1;
		x->value = v[c];
		x->text = ak_arena_strndup(a, sp[c], sn[c]);
		x->off = (uint32_t)(sp[c] - text);
		x->page = page;
	}
	if (*ngrids == *cap) {
		void *nv = ak_arena_grow(a, *grids, *ngrids, cap, sizeof(**grids));
		if (!nv)
			return AK_ENOMEM;
		*grids = nv;
	}
	g->table_no = (int)*ngrids + 1;
	(*grids)[(*ngrids)++] = *g;
	return 0;
}

static int page_at(const char *text, const char *p)
{
	int pg = 1;
	for (; text < p; text++)
		if (*text == '\f')
			pg++;
	return pg;
}

/* Start of the sentence that holds p, not before lo: just after the last
 * ". ", "! " or "? " (line breaks count as spaces) followed by a capital
 * letter; lo when there is none.  The two amounts compared ("X kronor
 * jämfört med budget Y kronor") are in one sentence - an amount OCR failed
 * to read must not be replaced by one from the sentence before ("utfallet
 * uppgår till A kronor. Prognosen ... visar [unread] kronor jämfört med
 * budget Y kronor, en avvikelse på Z kronor"). */
static const char *sentence_start(const char *lo, const char *p)
{
	const char *q;
	for (q = p; q > lo + 1; q--) {
		const char *r = q;
		unsigned char c = (unsigned char)*r;
		int upper = (c >= 'A' && c <= 'Z') ||
		            (c == 0xC3 && (r[1] == '\x85' || r[1] == '\x84' || r[1] == '\x96'));
		const char *b = q;
		if (!upper)
			continue;
		while (b > lo && (b[-1] == ' ' || b[-1] == '\n'))
			b--;
		if (b < q && b > lo && (b[-1] == '.' || b[-1] == '!' || b[-1] == '?'))
			return q;
	}
	return lo;
}

int ak_text_relations(struct ak_arena *a, const char *text, size_t len,
                      struct ak_grid **grids, size_t *ngrids, struct ak_relset *rs)
{
	const char *p = text, *end = text + len;
	size_t cap = *ngrids;

	/* "avvikelse ... Z" with two amounts before it in the same stretch:
	 * |X - Y| = |Z| (prognos/utfall against budget). */
	while ((p = find_word(p, end, "avvikelse")) != NULL) {
		const char *w0 = p - (p - text > 400 ? 400 : p - text), *q, *nx, *zend;
		const char *sp[3];
		size_t sn[3], k = 0;
		int64_t v[3], val;
		/* the deviation: first amount within 80 bytes after the word */
		const char *z = next_amount(p, p + (end - p > 80 ? 80 : end - p), &val, &nx);
		if (z) {
			const char *after = nx;
			while (after < end && *after == ' ')
				after++;
			if (val < 1000 || !word_at(after, end, "kr"))
				z = NULL;
		}
		if (!z) {
			p += 9;
			continue;
		}
		v[2] = val;
		sp[2] = z;
		sn[2] = (size_t)(nx - z);
		zend = nx;
		/* the two amounts before: the last two followed by "kr" */
		{
			const char *cand[8];
			size_t cn[8];
			int64_t cv[8];
			size_t nc = 0;
			q = w0;
			while (q < p && (q = next_amount(q, p, &val, &nx)) != NULL) {
				const char *after = nx;
				while (after < p && *after == ' ')
					after++;
				if (word_at(after, p, "kr") && val >= 1000) {
					if (nc == 8) {
						memmove(cand, cand + 1, 7 * sizeof(*cand));
						memmove(cn, cn + 1, 7 * sizeof(*cn));
						memmove(cv, cv + 1, 7 * sizeof(*cv));
						nc = 7;
					}
					cand[nc] = q;
					cn[nc] = (size_t)(nx - q);
					cv[nc] = val;
					nc++;
				}
				q = nx;
			}
			if (nc >= 2) {
				sp[0] = cand[nc - 2];
				sn[0] = cn[nc - 2];
				v[0] = cv[nc - 2];
				sp[1] = cand[nc - 1];
				sn[1] = cn[nc - 1];
				v[1] = cv[nc - 1];
				/* the two compared amounts are in one sentence
				 * (the deviation may follow in the next one) */
				k = sentence_start(sp[0], sp[1]) == sp[0] ? 3 : 0;
			}
		}
		if (k == 3) {
			size_t gi = *ngrids;
			struct ak_term t[2];
			struct ak_rel rel;
			int rc = add_text_grid(a, grids, ngrids, &cap, text, v, sp, sn, 3,
			                       "text: avvikelse", page_at(text, z));
			if (rc)
				return rc;
			memset(&rel, 0, sizeof(rel));
			rel.kind = AK_REL_TEXT;
			rel.rule = "text:avvikelse";
			rel.target.grid = (uint32_t)gi;
			rel.target.col = 2;
			t[0].c.grid = t[1].c.grid = (uint32_t)gi;
			t[0].c.row = t[1].c.row = 0;
			t[0].c.col = 1;
			t[0].sign = 1;
			t[1].c.col = 0;
			t[1].sign = -1;
			rel.terms = t;
			rel.nterms = 2;
			rel.absolute = 1;
			if ((rc = ak_relset_push(a, rs, &rel)) != 0)
				return rc;
		}
		p = zend;
	}

	/* "N <noun> varav a ..., b ... och c ...": N = a + b + c. */
	p = text;
	while ((p = find_word(p, end, " varav ")) != NULL) {
		const char *s = p, *q, *nx, *stop;
		int64_t v[9], val;
		const char *sp[9];
		size_t sn[9], n = 0;
		/* the whole: the last number within 60 bytes before "varav" */
		const char *from = s - (s - text > 60 ? 60 : s - text);
		const char *last = NULL, *lastn = NULL;
		int64_t lastv = 0;
		q = from;
		while ((q = next_amount(q, s, &val, &nx)) != NULL) {
			last = q;
			lastn = nx;
			lastv = val;
			q = nx;
		}
		p += 7;
		if (!last)
			continue;
		v[0] = lastv;
		sp[0] = last;
		sn[0] = (size_t)(lastn - last);
		n = 1;
		/* the parts: numbers up to the end of the sentence */
		stop = p;
		while (stop < end && *stop != '.' && *stop != ';' && stop - p < 240 &&
		       !(*stop == '\n' && stop + 1 < end && stop[1] == '\n'))
			stop++;
		q = p;
		while (n < 9 && (q = next_amount(q, stop, &val, &nx)) != NULL) {
			const char *after = nx;
			while (after < stop && *after == ' ')
				after++;
			if (after < stop && *after == '%')
				break; /* shares are not parts */
			if (word_at(after, stop, "procent"))
				break;
			v[n] = val;
			sp[n] = q;
			sn[n] = (size_t)(nx - q);
			n++;
			q = nx;
		}
		if (n >= 3) {
			size_t gi = *ngrids, k;
			struct ak_term t[8];
			struct ak_rel rel;
			int64_t sum = 0;
			int rc;
			for (k = 1; k < n; k++)
				sum += v[k];
			/* Only a sum when the parts do not exceed the whole
			 * ("varav 5 till arbete, 3 till studier och 4 ..."). */
			if (sum > v[0] * 2)
				continue;
			rc = add_text_grid(a, grids, ngrids, &cap, text, v, sp, sn, n, "text: varav",
			                   page_at(text, sp[0]));
			if (rc)
				return rc;
			memset(&rel, 0, sizeof(rel));
			rel.kind = AK_REL_TEXT;
			rel.rule = "text:varav";
			rel.target.grid = (uint32_t)gi;
			rel.target.col = 0;
			for (k = 1; k < n; k++) {
				t[k - 1].c.grid = (uint32_t)gi;
				t[k - 1].c.row = 0;
				t[k - 1].c.col = (uint32_t)k;
				t[k - 1].sign = 1;
			}
			rel.terms = t;
			rel.nterms = n - 1;
			if ((rc = ak_relset_push(a, rs, &rel)) != 0)
				return rc;
		}
	}
	return 0;
}
