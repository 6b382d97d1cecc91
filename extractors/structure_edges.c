/*
 * structure_edges.c - page furniture by repetition: a line repeated at the
 * top or bottom edge of most pages (running headers and footers, "Sida 3 av
 * 7" beside a title), for the furniture pass of furniture.c.
 *
 * Why a unit of its own: the rule compares lines across pages rather than
 * matching a pattern in one, and OCR misreads a repeated line differently
 * on each page, so besides exact keys (digits folded, specks dropped, a
 * misread page number at the end dropped) it groups keys by a bounded edit
 * distance.  Needs '\f' page breaks.
 *
 * Invariants and limits: only the first and last 3 non-blank lines of a
 * page are candidates; a key needs 3 letters ("§38", "- 3 -" never); a group
 * must cover >= 3 pages and half of them, or both pages of a two-page text;
 * the edit-distance pass compares at most 600 left-over lines, each pair at
 * one edit per 10 bytes, at the same edge, on different pages.
 */
#include "structure_int.h"

#include <stdlib.h>
#include <string.h>

static int is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Normalised key of a line for the repeated-at-page-edge rule: digits
 * become '#', runs of blanks one space.  Written into buf (cap bytes). */
static size_t edge_key(const char *t, const struct st_line *l, char *buf, size_t cap)
{
	size_t k, n = 0;
	int sp = 0;
	for (k = l->ts; k < l->te && n + 1 < cap; k++) {
		char c = t[k];
		if (is_blank_byte((unsigned char)c)) {
			sp = 1;
			continue;
		}
		if (strchr(".,-|:;'\"!_=~*^`", c))
			continue; /* OCR sprinkles these on repeated lines */
		if (sp && n)
			buf[n++] = ' ';
		sp = 0;
		if (n + 1 < cap)
			buf[n++] = is_digit(c) ? '#' : c;
	}
	buf[n] = '\0';
	/* a running header or footer ends in its page number, which OCR may
	 * read as anything short ("Zå", "S"): a last word of at most three
	 * bytes after at least two words is left out of the key */
	{
		char *sp1 = strrchr(buf, ' ');
		if (sp1 && n - (size_t)(sp1 + 1 - buf) <= 3) {
			size_t words = 1, k2;
			for (k2 = 0; k2 < (size_t)(sp1 - buf); k2++)
				words += buf[k2] == ' ';
			if (words >= 2) {
				*sp1 = '\0';
				n = (size_t)(sp1 - buf);
			}
		}
	}
	return n;
}

static size_t letters(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (unsigned char)*s >= 0xC3)
			n++;
	return n;
}

/* Lines repeated within the first/last 3 non-blank lines of most pages:
 * keys of the edge lines are sorted, so the work is O(n log n). */
struct edge {
	size_t line;
	int page;
	int top;          /* 1: among the first lines of its page, 0: the last */
	const char *key;
	size_t len;       /* strlen(key) */
};

/* Edit distance of a and b in bytes when at most k, else k + 1: the
 * dynamic programme inside the diagonal band |i - j| <= k only. */
static size_t edit_within(const char *a, size_t la, const char *b, size_t lb, size_t k)
{
	size_t prev[258], row[258], i, j, inf = k + 1;
	if (la > 256 || lb > 256 || (la > lb ? la - lb : lb - la) > k)
		return inf;
	for (j = 0; j <= lb; j++)
		prev[j] = j <= k ? j : inf;
	for (i = 1; i <= la; i++) {
		size_t lo = i > k ? i - k : 1, hi = i + k < lb ? i + k : lb, best;
		row[0] = i <= k ? i : inf;
		best = lo == 1 ? row[0] : inf;
		if (lo > 1)
			row[lo - 1] = inf;
		for (j = lo; j <= hi; j++) {
			size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (row[j - 1] + 1 < c)
				c = row[j - 1] + 1;
			row[j] = c < inf ? c : inf;
			if (row[j] < best)
				best = row[j];
		}
		if (hi < lb)
			row[hi + 1] = inf;
		if (best > k)
			return inf;
		memcpy(prev, row, (hi < lb ? hi + 2 : lb + 1) * sizeof(*row));
	}
	return prev[lb] <= k ? prev[lb] : inf;
}

static size_t uf_find(size_t *par, size_t x)
{
	while (par[x] != x)
		x = par[x] = par[par[x]];
	return x;
}

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->page < b->page ? -1 : a->page > b->page;
}

static int edge_pages_enough(size_t pages, size_t npages)
{
	return (pages >= 3 && pages * 2 >= npages) || (npages == 2 && pages == 2);
}

/* The running header or footer OCR misread differently on each page
 * ("Samordningstörbundet", "Samordmngsförbundet"): edge lines left over by
 * the exact rule, at the same edge (top or bottom), of at least 12 bytes,
 * whose keys are within one edit per 10 bytes of each other, are one line.
 * Bounded: at most 600 left-over lines are compared. */
static int fuzzy_edges(struct st_work *w, const struct edge *e, size_t ne, size_t npages)
{
	size_t *u, *par, nu = 0, a, b;
	for (a = 0; a < ne; a++)
		nu += w->lines[e[a].line].cls != ST_L_FURNITURE && e[a].len >= 12;
	if (nu < 2 || nu > 600)
		return 0;
	if (!(u = malloc(nu * sizeof(*u))) || !(par = malloc(nu * sizeof(*par)))) {
		free(u);
		return AK_ENOMEM;
	}
	nu = 0;
	for (a = 0; a < ne; a++)
		if (w->lines[e[a].line].cls != ST_L_FURNITURE && e[a].len >= 12) {
			par[nu] = nu;
			u[nu++] = a;
		}
	for (a = 0; a < nu; a++)
		for (b = a + 1; b < nu; b++) {
			const struct edge *x = &e[u[a]], *y = &e[u[b]];
			size_t k = (x->len < y->len ? x->len : y->len) / 10;
			if (x->top != y->top || x->page == y->page)
				continue;
			if (edit_within(x->key, x->len, y->key, y->len, k) <= k)
				par[uf_find(par, a)] = uf_find(par, b);
		}
	for (a = 0; a < nu; a++) {
		size_t pages = 0, c;
		if (uf_find(par, a) != a)
			continue;
		/* distinct pages of the cluster rooted at a */
		for (b = 0; b < nu; b++) {
			int dup = 0;
			if (uf_find(par, b) != a)
				continue;
			for (c = 0; c < b && !dup; c++)
				dup = uf_find(par, c) == a && e[u[c]].page == e[u[b]].page;
			pages += !dup;
		}
		if (!edge_pages_enough(pages, npages))
			continue;
		for (b = 0; b < nu; b++)
			if (uf_find(par, b) == a) {
				w->lines[e[u[b]].line].cls = ST_L_FURNITURE;
				w->lines[e[u[b]].line].rule = "furniture-repeated-edge-fuzzy";
			}
	}
	free(u);
	free(par);
	return 0;
}

int st_repeated_edges(struct st_work *w)
{
	struct doc *d = w->d;
	size_t i, j, k, ne = 0, npages = d->npages;
	struct edge *e;
	char buf[256];

	if (npages < 2)
		return 0;
	if (!(e = malloc((w->nlines + 1) * sizeof(*e))))
		return AK_ENOMEM;
	for (i = 0; i < w->nlines;) {
		/* one page: lines [i, j) */
		size_t nb = 0, seen = 0;
		for (j = i; j < w->nlines && w->lines[j].page == w->lines[i].page; j++)
			if (w->lines[j].cls != ST_L_BLANK)
				nb++;
		for (k = i; k < j; k++) {
			struct st_line *l = &w->lines[k];
			size_t n;
			if (l->cls == ST_L_BLANK)
				continue;
			seen++;
			if (seen > 3 && seen + 3 <= nb)
				continue;
			if (l->cls == ST_L_FURNITURE)
				continue;
			n = edge_key(d->text, l, buf, sizeof(buf));
			if (n < 2 || letters(buf) < 3)
				continue; /* "§##", "- # -": numbered headings are not furniture */
			e[ne].line = k;
			e[ne].page = l->page;
			e[ne].top = seen <= 3;
			e[ne].len = n;
			if (!(e[ne].key = ak_arena_strndup(&d->arena, buf, n))) {
				free(e);
				return AK_ENOMEM;
			}
			ne++;
		}
		i = j;
	}
	qsort(e, ne, sizeof(*e), cmp_edge);
	for (i = 0; i < ne; i = j) {
		size_t pages = 0;
		int last = 0;
		for (j = i; j < ne && strcmp(e[j].key, e[i].key) == 0; j++)
			if (e[j].page != last) {
				pages++;
				last = e[j].page;
			}
		/* three pages and half of them; both pages of a two-page text */
		if (edge_pages_enough(pages, npages))
			for (k = i; k < j; k++) {
				w->lines[e[k].line].cls = ST_L_FURNITURE;
				w->lines[e[k].line].rule = "furniture-repeated-edge";
			}
	}
	k = fuzzy_edges(w, e, ne, npages);
	free(e);
	return (int)k;
}
