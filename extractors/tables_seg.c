/*
 * tables_seg.c - segmenting a row's run of digit groups into numbers.
 *
 * Why: Swedish reports print "18 192 622" with single spaces between digit
 * groups, and text exports and OCR often separate the columns of a table
 * by single spaces too: "Resursradet 696 856 642 383 54 473" is three
 * numbers, but the text alone allows many readings.  This unit lists the
 * readings the digit-group rule allows (a number is a first group of 1-3
 * digits followed by groups of exactly 3; a minus sign, a group of 1-2
 * digits or a wider gap always starts a number; a group wider than 3 joined
 * to the next is an OCR "loose" reading, allowed at a cost), places them in
 * the table's columns (empty cells allowed, at a cost) and scores them
 * against the row relation the table's other rows agree on.  The caller
 * (tables.c) picks the column count and the relation; the column sums
 * then choose among readings still tied (ak_table_resolve_sums).
 *
 * Bounds: at most AK_SEG_MAX_TOKENS tokens per row and AK_SEG_MAX_READINGS
 * candidates explored per call, so adversarial digit runs cost bounded time.
 */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tokens */

/* A numeric word at [p, p+n): "(" optional, minus optional, digits, a
 * decimal comma part optional, ")" optional.  Fills t (not gap_before). */
static int num_word(const char *p, size_t n, struct ak_seg_tok *t)
{
	const char *end = p + n;
	size_t k;
	int nd = 0, paren = 0;

	memset(t, 0, sizeof(*t));
	if (p < end && *p == '(') {
		paren = 1;
		p++;
	}
	if ((k = ak_num_minus(p, end)) != 0) {
		t->neg = 1;
		p += k;
	}
	while (p < end && *p >= '0' && *p <= '9') {
		if (nd >= 18)
			return 0;
		t->v = t->v * 10 + (*p - '0');
		nd++;
		p++;
	}
	if (!nd)
		return 0;
	t->ndig = nd;
	if (p < end && *p == ',' && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
		p++;
		while (p < end && *p >= '0' && *p <= '9') {
			if (nd >= 18)
				return 0;
			t->v = t->v * 10 + (*p - '0');
			t->dec++;
			nd++;
			p++;
		}
	}
	if (paren) {
		t->neg = 1;
		t->paren = 1;
		if (p < end && *p == ')') {
			p++;
			t->paren = 0; /* opened and closed in one word */
		}
	} else if (p < end && *p == ')' && !t->neg) {
		p++;
		t->paren = 2;
	}
	return p == end;
}

static int is_space(char c)
{
	return c == ' ' || c == '\r';
}

size_t ak_seg_tokens(struct ak_seg_tok *toks, size_t cap, const char *p, size_t n,
                     size_t *label_end)
{
	/* Words from the end backwards while numeric. */
	size_t e = n, cnt = 0, i, first_start = n;
	struct ak_seg_tok rev[AK_SEG_MAX_TOKENS + 1];
	size_t starts[AK_SEG_MAX_TOKENS + 1], ends[AK_SEG_MAX_TOKENS + 1];

	if (cap > AK_SEG_MAX_TOKENS)
		cap = AK_SEG_MAX_TOKENS;
	*label_end = n;
	for (;;) {
		size_t s, we;
		struct ak_seg_tok t;
		while (e > 0 && is_space(p[e - 1]))
			e--;
		if (e == 0)
			break;
		we = e;
		s = e;
		while (s > 0 && !is_space(p[s - 1]) && p[s - 1] != '\t')
			s--;
		if (s == we)
			break;
		/* A lone minus before a number: "- 4 767". */
		if (cnt > 0 && !rev[cnt - 1].neg && starts[cnt - 1] == e + 1 &&
		    ak_num_minus(p + s, p + we) == we - s) {
			rev[cnt - 1].neg = 1;
			starts[cnt - 1] = s;
			first_start = s;
			e = s;
			continue;
		}
		if (!num_word(p + s, we - s, &t))
			break;
		if (cnt >= cap) {
			/* Too many: not a table row we segment. */
			*label_end = n;
			return 0;
		}
		starts[cnt] = s;
		ends[cnt] = we;
		rev[cnt++] = t;
		first_start = s;
		e = s;
	}
	if (!cnt)
		return 0;
	for (i = 0; i < cnt; i++) {
		size_t r = cnt - 1 - i, gs = starts[r], g = 0;
		toks[i] = rev[r];
		while (gs > g && is_space(p[gs - g - 1]))
			g++;
		toks[i].gap_before = (int)g;
		toks[i].off = (uint32_t)starts[r];
		toks[i].len = (uint32_t)(ends[r] - starts[r]);
	}
	(void)ends;
	*label_end = first_start;
	return cnt;
}

/* ------------------------------------------------------------ relations */

int ak_rel_holds(const int rel[4], const int64_t *v, const unsigned char *present,
                 size_t ncols, int64_t tol)
{
	int op = rel[0], i = rel[1], j = rel[2], k = rel[3];
	int64_t r, d;

	if (op == 0 || i < 0 || j < 0 || k < 0 || (size_t)i >= ncols || (size_t)j >= ncols ||
	    (size_t)k >= ncols)
		return 0;
	if (present[i] + present[j] + present[k] < 2)
		return 0; /* one figure proves nothing */
	{
		int64_t a = present[i] ? v[i] : 0, b = present[j] ? v[j] : 0;
		int64_t c = present[k] ? v[k] : 0;
		if (op == 1) {
			if (__builtin_sub_overflow(a, b, &r))
				return 0;
		} else {
			if (__builtin_add_overflow(a, b, &r))
				return 0;
		}
		if (__builtin_sub_overflow(r, c, &d))
			return 0;
	}
	if (d == 0)
		return 1;
	/* Rounding differences only mean something between large figures. */
	if (d >= -tol && d <= tol) {
		int64_t m = 0, x;
		size_t q;
		const int idx[3] = { i, j, k };
		for (q = 0; q < 3; q++) {
			x = present[idx[q]] ? v[idx[q]] : 0;
			if (x < 0)
				x = x == INT64_MIN ? INT64_MAX : -x;
			if (x > m)
				m = x;
		}
		if (m >= 1000)
			return 2;
	}
	return 0;
}

/* ------------------------------------------------------------ readings */

struct cand {
	int64_t vals[AK_TAB_MAX_COLS];
	unsigned char present[AK_TAB_MAX_COLS];
	unsigned char tok[AK_TAB_MAX_COLS], ntok[AK_TAB_MAX_COLS];
	int note, score, loose;
};

struct seg {
	const struct ak_seg_tok *t;
	size_t n, ncols;
	int note_col;
	const int *rel;
	size_t explored;  /* placements scored */
	size_t nodes;     /* search nodes visited */
	unsigned char start[AK_SEG_MAX_TOKENS];
	unsigned char forced[AK_SEG_MAX_TOKENS + 1]; /* tokens from i on that must start a number */
	struct cand best[AK_SEG_KEEP];
	size_t nbest, cap;
	struct cand *all;  /* collect mode: every candidate, base scores */
	size_t nall, capall;
};

static int can_continue(const struct ak_seg_tok *prev, const struct ak_seg_tok *t)
{
	return !t->neg && t->ndig == 3 && t->dec == 0 && prev->dec == 0 && t->gap_before == 1 &&
	       prev->paren != 2 && t->paren != 1;
}

static int leading_zero(const struct ak_seg_tok *t)
{
	int64_t lim = 1;
	int i;
	if (t->ndig <= 1)
		return 0;
	for (i = 1; i < t->ndig + t->dec; i++)
		lim *= 10;
	return t->v < lim;
}

static void keep(struct seg *s, const struct cand *c)
{
	size_t i, at;
	/* Insert sorted by score, stable (earlier first on ties). */
	for (at = 0; at < s->nbest; at++)
		if (c->score > s->best[at].score)
			break;
	if (at >= s->cap)
		return;
	if (s->nbest < s->cap)
		s->nbest++;
	for (i = s->nbest - 1; i > at; i--)
		s->best[i] = s->best[i - 1];
	s->best[at] = *c;
}

/* Place m numbers (values nv[], token ranges) into ncols columns: every
 * combination of m columns, leftmost first. */
static void place(struct seg *s, const int64_t *nv, const unsigned char *nt0,
                  const unsigned char *ntn, size_t m, int note, int base, int loose)
{
	size_t pos[AK_TAB_MAX_COLS], i;

	if (m == 0 || m > s->ncols)
		return;
	for (i = 0; i < m; i++)
		pos[i] = i;
	for (;;) {
		struct cand c;
		int h;
		if (s->explored >= AK_SEG_MAX_READINGS)
			return;
		s->explored++;
		memset(&c, 0, sizeof(c));
		for (i = 0; i < m; i++) {
			c.vals[pos[i]] = nv[i];
			c.present[pos[i]] = 1;
			c.tok[pos[i]] = nt0[i];
			c.ntok[pos[i]] = ntn[i];
		}
		c.note = note;
		c.loose = loose;
		c.score = base - (int)(s->ncols - m);
		/* Evidence from wide gaps: a gap of 2+ spaces before the first
		 * number beyond the usual one hints at an empty first cell. */
		if (s->all) {
			if (s->nall < s->capall)
				s->all[s->nall++] = c;
		} else {
			h = s->rel ? ak_rel_holds(s->rel, c.vals, c.present, s->ncols, 2) : 0;
			if (h == 1)
				c.score += 12;
			else if (h == 2)
				c.score += 6;
			keep(s, &c);
		}
		/* next combination */
		i = m;
		while (i > 0 && pos[i - 1] == s->ncols - m + i - 1)
			i--;
		if (i == 0)
			return;
		pos[i - 1]++;
		for (; i < m; i++)
			pos[i] = pos[i - 1] + 1;
	}
}

static void evaluate(struct seg *s)
{
	int64_t nv[AK_SEG_MAX_TOKENS] = { 0 };
	unsigned char t0[AK_SEG_MAX_TOKENS] = { 0 }, tn[AK_SEG_MAX_TOKENS] = { 0 };
	size_t m = 0, i;
	int base = 0, loose = 0;

	for (i = 0; i < s->n; i++) {
		const struct ak_seg_tok *t = &s->t[i];
		if (s->start[i]) {
			if (leading_zero(t) && !(t->ndig == 1 && t->v == 0))
				return;
			nv[m] = t->neg ? -t->v : t->v;
			t0[m] = (unsigned char)i;
			tn[m] = 1;
			m++;
			if (i > 0 && can_continue(&s->t[i - 1], t))
				base -= 3; /* unforced split */
		} else {
			int64_t v = nv[m - 1] < 0 ? -nv[m - 1] : nv[m - 1];
			if (s->t[t0[m - 1]].ndig > 3 && tn[m - 1] == 1) {
				base -= 3; /* OCR dropped a space: loose */
				loose++;
			}
			if (v > (INT64_MAX - 999) / 1000)
				return;
			v = v * 1000 + t->v;
			nv[m - 1] = s->t[t0[m - 1]].neg ? -v : v;
			tn[m - 1]++;
		}
	}
	place(s, nv, t0, tn, m, 0, base, loose);
	if (s->note_col && m >= 2 && tn[0] == 1 && !s->t[0].neg && s->t[0].ndig <= 2 &&
	    s->t[0].dec == 0 && nv[0] > 0)
		place(s, nv + 1, t0 + 1, tn + 1, m - 1, (int)nv[0], base, loose);
}

static void count_forced(struct seg *s)
{
	size_t i = s->n;
	s->forced[i] = 0;
	while (i-- > 1)
		s->forced[i] = (unsigned char)(s->forced[i + 1] +
		                               !can_continue(&s->t[i - 1], &s->t[i]));
	s->forced[0] = s->forced[1];
}

static void dfs(struct seg *s, size_t i, size_t nums)
{
	if (s->explored >= AK_SEG_MAX_READINGS || ++s->nodes > AK_SEG_MAX_NODES)
		return;
	if (nums + s->forced[i] > s->ncols + (size_t)s->note_col)
		return;
	if (i == s->n) {
		evaluate(s);
		return;
	}
	/* Continue the current number first (fewer numbers first). */
	if (i > 0 && can_continue(&s->t[i - 1], &s->t[i])) {
		/* A first group wider than 3 continued only as a loose reading,
		 * and only by one group ("2923 699"). */
		size_t st = i - 1;
		while (st > 0 && !s->start[st])
			st--;
		if (!(s->t[st].ndig > 3 && i - st >= 1 && st + 1 < i)) {
			s->start[i] = 0;
			dfs(s, i + 1, nums);
		}
	}
	if (s->t[i].paren == 2)
		return; /* ")" closes the number before: never starts one */
	s->start[i] = 1;
	dfs(s, i + 1, nums + 1);
}

size_t ak_seg_readings(struct ak_reading *out, size_t cap, struct ak_arena *a,
                       const struct ak_seg_tok *toks, size_t n, size_t ncols,
                       int note_col, const int rel[4])
{
	struct seg sbuf, *s;
	size_t i, k;

	if (!out || !toks || n == 0 || n > AK_SEG_MAX_TOKENS || ncols == 0 ||
	    ncols > AK_TAB_MAX_COLS || cap == 0)
		return 0;
	memset(&sbuf, 0, sizeof(sbuf));
	s = &sbuf;
	s->t = toks;
	s->n = n;
	s->ncols = ncols;
	s->note_col = note_col ? 1 : 0;
	s->rel = rel && rel[0] ? rel : NULL;
	s->cap = cap < AK_SEG_KEEP ? cap : AK_SEG_KEEP;
	s->start[0] = 1;
	count_forced(s);
	dfs(s, 1, 1);
	for (i = 0; i < s->nbest; i++) {
		struct ak_reading *r = &out[i];
		const struct cand *c = &s->best[i];
		memset(r, 0, sizeof(*r));
		r->nvals = ncols;
		r->vals = ak_arena_array(a, ncols, sizeof(*r->vals));
		r->present = ak_arena_alloc(a, ncols);
		r->tok = ak_arena_alloc(a, ncols);
		r->ntok = ak_arena_alloc(a, ncols);
		if (!r->vals || !r->present || !r->tok || !r->ntok)
			return i;
		for (k = 0; k < ncols; k++) {
			r->vals[k] = c->vals[k];
			r->present[k] = c->present[k];
			r->tok[k] = c->tok[k];
			r->ntok[k] = c->ntok[k];
		}
		r->note = c->note;
		r->score = c->score;
		r->loose = c->loose;
	}
	return s->nbest;
}

int ak_seg_rel_scores(int *best, int *holds, const struct ak_seg_tok *toks, size_t n,
                      size_t ncols, int note_col, const int (*rels)[4], size_t nrel)
{
	struct seg sbuf, *s = &sbuf;
	size_t r, i;

	if (!toks || n == 0 || n > AK_SEG_MAX_TOKENS || ncols == 0 || ncols > AK_TAB_MAX_COLS)
		return 0;
	memset(&sbuf, 0, sizeof(sbuf));
	s->t = toks;
	s->n = n;
	s->ncols = ncols;
	s->note_col = note_col ? 1 : 0;
	s->cap = AK_SEG_KEEP;
	s->capall = 512;
	s->all = malloc(s->capall * sizeof(*s->all));
	if (!s->all)
		return AK_ENOMEM;
	s->start[0] = 1;
	count_forced(s);
	dfs(s, 1, 1);
	for (r = 0; r < nrel; r++) {
		int b = 0, h = 0, have = 0;
		for (i = 0; i < s->nall; i++) {
			const struct cand *c = &s->all[i];
			int sc = c->score, hh = 0;
			if (rels[r][0]) {
				hh = ak_rel_holds(rels[r], c->vals, c->present, ncols, 2);
				sc += hh == 1 ? 12 : hh == 2 ? 6 : 0;
			}
			if (!have || sc > b) {
				have = 1;
				b = sc;
				h = hh != 0;
			}
		}
		best[r] = have ? b : INT32_MIN;
		holds[r] = h;
	}
	free(s->all);
	return s->nall ? 1 : 0;
}

/* ------------------------------------------------------------ labels */

enum ak_row_kind ak_label_sum_kind(const char *p, size_t n)
{
	static const struct { const char *w; enum ak_row_kind k; } words[] = {
		{ "summa tillg", AK_ROW_TOTAL }, { "summa eget kapital", AK_ROW_TOTAL },
		{ "total budget", AK_ROW_TOTAL }, { "totalt", AK_ROW_TOTAL },
		{ "total", AK_ROW_TOTAL }, { "summerat", AK_ROW_SUBTOTAL },
		{ "summa", AK_ROW_SUBTOTAL }, { "s:a", AK_ROW_SUBTOTAL },
	};
	size_t i, k;

	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t wl = strlen(words[i].w);
		if (n < wl)
			continue;
		for (k = 0; k < wl; k++) {
			char c = p[k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != words[i].w[k])
				break;
		}
		if (k == wl && (wl == n || words[i].w[wl - 1] == ' ' || words[i].w[wl - 1] == 'g' ||
		                !((p[wl] >= 'a' && p[wl] <= 'z') || (unsigned char)p[wl] >= 0x80)))
			return words[i].k;
	}
	return AK_ROW_DATA;
}
