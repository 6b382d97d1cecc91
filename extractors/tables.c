/*
 * tables.c - the table stage: tables rebuilt from text and from OCR words.
 *
 * Why: the auditor's checks (issue 6) are only as good as the tables under
 * them.  This stage finds tables in the repaired text of each page - TAB
 * separated lines from born-digital exports, and lines ending in runs of
 * digit groups from OCR or PDF text - and, for OCR pages with word boxes,
 * from the words' geometry (tables_geom.c).  It records every table in
 * d->tables with its title, header, rows, cells and, for segmented rows,
 * every reading considered.
 *
 * Invariants: the text is never changed; every cell's raw span points into
 * d->text or the arena; the same input gives the same tables.  Limits: at
 * most AK_TAB_MAX_COLS value columns; rows with more than
 * AK_SEG_MAX_TOKENS digit groups are not segmented; the search for
 * readings is capped (tables_seg.c) and so is the column-sum search.
 */
#include "stages.h"
#include "tables.h"

#include <string.h>

/* A line of a page's text. */
struct tline {
	const char *p;
	size_t n;       /* without the '\n' */
	size_t off;     /* in d->text */
	int no;         /* 1-based line on the page */
	int kind;
	size_t ntok;    /* SPACE rows: tokens in the numeric tail */
	size_t label_end;
	int years_only; /* tail is all years (a header line) */
};

enum { L_BLANK, L_TEXT, L_TAB, L_RULE, L_NUM, L_PIPE };

struct build {
	struct doc *d;
	int page;
	struct ak_table *tabs;
	size_t ntabs, cap;
};

/* ------------------------------------------------------------ helpers */

static struct ak_span trim(const char *p, size_t n)
{
	struct ak_span s;
	while (n && (*p == ' ' || *p == '\t' || *p == '\r')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	/* trailing no-break space */
	while (n >= 2 && (unsigned char)p[n - 2] == 0xC2 && (unsigned char)p[n - 1] == 0xA0)
		n -= 2;
	s.p = p;
	s.n = n;
	return s;
}

static int is_rule(const char *p, size_t n)
{
	size_t i, dashes = 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '-' || p[i] == '=' || p[i] == '_')
			dashes++;
		else if (p[i] != '\t' && p[i] != ' ' && p[i] != '|' && p[i] != '+' && p[i] != ':')
			return 0;
	}
	return dashes >= 2;
}

static int ends_sentence(struct ak_span s)
{
	return s.n && (s.p[s.n - 1] == '.' || s.p[s.n - 1] == ':' || s.p[s.n - 1] == '!' ||
	               s.p[s.n - 1] == '?');
}

static size_t count_words(const char *p, size_t n)
{
	size_t i, w = 0;
	int in = 0;
	for (i = 0; i < n; i++) {
		int sp = p[i] == ' ' || p[i] == '\t';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

static int starts_lower(struct ak_span s)
{
	unsigned char c;
	if (!s.n)
		return 0;
	c = (unsigned char)s.p[0];
	if (c >= 'a' && c <= 'z')
		return 1;
	/* å ä ö: C3 A5, C3 A4, C3 B6 */
	return c == 0xC3 && s.n > 1 && (unsigned char)s.p[1] >= 0xA0;
}

static int paren_open(struct ak_span s)
{
	size_t i;
	int depth = 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '(')
			depth++;
		else if (s.p[i] == ')' && depth > 0)
			depth--;
	}
	return depth > 0;
}

/* Footnote marks at the end of a label: superscript digits and '*'. */
static size_t mark_len_at_end(const char *p, size_t n)
{
	size_t k = n;
	for (;;) {
		if (k >= 2 && (unsigned char)p[k - 2] == 0xC2 &&
		    ((unsigned char)p[k - 1] == 0xB9 || (unsigned char)p[k - 1] == 0xB2 ||
		     (unsigned char)p[k - 1] == 0xB3))
			k -= 2;
		else if (k >= 3 && (unsigned char)p[k - 3] == 0xE2 && (unsigned char)p[k - 2] == 0x81 &&
		         ((unsigned char)p[k - 1] == 0xB0 ||
		          ((unsigned char)p[k - 1] >= 0xB4 && (unsigned char)p[k - 1] <= 0xB9)))
			k -= 3;
		else if (k >= 1 && p[k - 1] == '*' && k < n + 1 && k != 1)
			k -= 1;
		else
			break;
	}
	return n - k;
}

static void set_label(struct ak_row *r, struct ak_span s)
{
	size_t m;
	s = trim(s.p, s.n);
	m = mark_len_at_end(s.p, s.n);
	if (m && m < s.n) {
		r->marks.p = s.p + s.n - m;
		r->marks.n = m;
		s.n -= m;
		s = trim(s.p, s.n);
	}
	r->label = s;
}

static int table_scale_of(const char *p, size_t n)
{
	size_t i;
	for (i = 0; i + 2 < n + 1; i++) {
		const char *q = p + i;
		size_t rest = n - i;
		if (rest >= 4 && (memcmp(q, "t.kr", 4) == 0 || memcmp(q, "tkr", 3) == 0))
			return 3;
		if (rest >= 3 && memcmp(q, "tkr", 3) == 0)
			return 3;
		if (rest >= 5 && memcmp(q, "tusen", 5) == 0)
			return 3;
		if (rest >= 4 && (memcmp(q, "m.kr", 4) == 0 || memcmp(q, "mkr", 3) == 0))
			return 6;
		if (rest >= 3 && memcmp(q, "mkr", 3) == 0)
			return 6;
		if (rest >= 8 && memcmp(q, "miljoner", 8) == 0)
			return 6;
	}
	for (i = 0; i + 1 < n; i++)
		if (memcmp(p + i, "kr", 2) == 0 && (i == 0 || p[i - 1] == ' '))
			return 0;
	return -1;
}

int ak_table_scale_of(const char *p, size_t n)
{
	return table_scale_of(p, n);
}

void ak_row_set_label(struct ak_row *r, const char *p, size_t n)
{
	struct ak_span s;
	s.p = p;
	s.n = n;
	set_label(r, s);
}

static struct ak_table *new_table(struct build *b)
{
	struct ak_table *t = ak_arena_grow(&b->d->arena, b->tabs, b->ntabs, &b->cap, sizeof(*t));
	if (!t)
		return NULL;
	b->tabs = t;
	t = &b->tabs[b->ntabs++];
	memset(t, 0, sizeof(*t));
	t->page = b->page;
	t->scale = -1;
	return t;
}

/* Is a parsed cell a header word (a year, a date) rather than data? */
static int headerish_num(const struct ak_number *n)
{
	return n->kind == AK_NUM_YEAR || n->kind == AK_NUM_DATE;
}

/* ------------------------------------------------------------ TAB tables */

#define TMAXC (AK_TAB_MAX_COLS + 2)

struct trow {
	struct ak_span c[TMAXC];
	size_t nc;
	const struct tline *ln;
	int section_text; /* a short non-TAB line inside the table */
};

static size_t split_cells(struct trow *r, const char *p, size_t n, char sep)
{
	size_t i, s = 0;
	r->nc = 0;
	for (i = 0; i <= n; i++) {
		if (i == n || p[i] == sep) {
			if (r->nc < TMAXC) {
				r->c[r->nc] = trim(p + s, i - s);
				r->nc++;
			} else {
				/* extra cells join the last one */
				struct ak_span *l = &r->c[TMAXC - 1];
				l->n = (size_t)(p + i - l->p);
			}
			s = i + 1;
		}
	}
	/* drop trailing empties */
	while (r->nc > 1 && r->c[r->nc - 1].n == 0)
		r->nc--;
	return r->nc;
}

static int cell_numeric(struct ak_span s, struct ak_number *n)
{
	struct ak_number tmp;
	if (!n)
		n = &tmp;
	if (!s.n)
		return 0;
	return ak_num_cell(n, s.p, s.n) == 0;
}

/* A figure a table column holds: not a date, range, § or note number. */
static int cell_figure(struct ak_span s)
{
	struct ak_number n;
	if (!cell_numeric(s, &n))
		return 0;
	return n.kind == AK_NUM_AMOUNT || n.kind == AK_NUM_COUNT || n.kind == AK_NUM_PERCENT ||
	       n.kind == AK_NUM_YEAR;
}

/* A row whose non-empty value cells are all words, years or dates. */
static int trow_headerish(const struct trow *r)
{
	size_t j, nonempty = 0;
	for (j = 1; j < r->nc; j++) {
		struct ak_number n;
		if (!r->c[j].n)
			continue;
		nonempty++;
		if (cell_numeric(r->c[j], &n) && !headerish_num(&n))
			return 0;
	}
	return nonempty > 0;
}

static int trow_title_only(const struct trow *r)
{
	return r->c[0].n && r->nc <= 1;
}

static int span_ieq(struct ak_span s, const char *w)
{
	size_t i, n = strlen(w);
	if (s.n != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

static const char *span_dup(struct doc *d, struct ak_span s)
{
	return ak_arena_strndup(&d->arena, s.p, s.n);
}

static void row_kind_from_label(struct ak_row *r, int any_value)
{
	if (!any_value) {
		r->kind = AK_ROW_SECTION;
		return;
	}
	if (!r->label.n) {
		r->kind = AK_ROW_SUBTOTAL;
		return;
	}
	r->kind = ak_label_sum_kind(r->label.p, r->label.n);
}

static void split_notes(struct ak_table *t);

static int build_tab_table(struct build *b, struct trow *rows, size_t nr, enum ak_table_src src)
{
	struct doc *d = b->d;
	struct ak_table *t;
	size_t i, j, first = 0, maxc = 0, k;
	int note_col = -1;
	int textcol[TMAXC];
	const struct trow *hdr = NULL;
	size_t ndata = 0;

	if (nr == 0)
		return 0;
	/* Title row, header rows. */
	t = new_table(b);
	if (!t)
		return AK_ENOMEM;
	t->src = src;
	if (trow_title_only(&rows[0]) && nr > 1) {
		t->title = span_dup(d, rows[0].c[0]);
		first = 1;
	}
	while (first < nr && !rows[first].section_text && trow_headerish(&rows[first])) {
		hdr = &rows[first];
		if (!t->title && rows[first].c[0].n)
			t->title = span_dup(d, rows[first].c[0]);
		if (t->scale < 0 && rows[first].c[0].n)
			t->scale = table_scale_of(rows[first].c[0].p, rows[first].c[0].n);
		first++;
	}
	if (t->title && t->scale < 0)
		t->scale = table_scale_of(t->title, strlen(t->title));
	for (i = 0; i < nr; i++)
		if (rows[i].nc > maxc)
			maxc = rows[i].nc;
	if (hdr)
		for (j = 1; j < hdr->nc; j++)
			if (span_ieq(hdr->c[j], "not"))
				note_col = (int)j;
	/* Rows written without their empty cells ("label<TAB>61<TAB>-292" in a
	 * table with a Not column): numeric cells go to the rightmost columns. */
	for (i = first; i < nr; i++) {
		struct trow *tr = &rows[i];
		size_t nval = 0, q, explicit_empty = 0, shift;
		if (tr->section_text || tr->nc >= maxc || tr->nc < 2)
			continue;
		for (q = 1; q < tr->nc; q++) {
			if (!tr->c[q].n)
				explicit_empty = 1;
			else if (cell_figure(tr->c[q]))
				nval++;
		}
		if (explicit_empty || nval != tr->nc - 1 || tr->ln->p[tr->ln->n ? tr->ln->n - 1 : 0] == '\t')
			continue;
		shift = maxc - tr->nc;
		for (q = tr->nc; q-- > 1;)
			tr->c[q + shift] = tr->c[q];
		for (q = 1; q <= shift; q++)
			tr->c[q].p = NULL, tr->c[q].n = 0;
		tr->nc = maxc;
	}
	/* Text columns: mostly words in data rows. */
	memset(textcol, 0, sizeof(textcol));
	for (j = 1; j < maxc; j++) {
		size_t num = 0, word = 0;
		if ((int)j == note_col)
			continue;
		for (i = first; i < nr; i++) {
			if (rows[i].section_text || j >= rows[i].nc || !rows[i].c[j].n)
				continue;
			if (trow_headerish(&rows[i]))
				continue;
			if (cell_figure(rows[i].c[j]))
				num++;
			else
				word++;
		}
		textcol[j] = word > num;
	}
	t->ncols = 0;
	for (j = 1; j < maxc; j++)
		if ((int)j != note_col && !textcol[j])
			t->ncols++;
	if (t->ncols == 0 || t->ncols > AK_TAB_MAX_COLS) {
		b->ntabs--;
		return 0;
	}
	t->has_note = note_col >= 0;
	t->header = ak_arena_array(&d->arena, t->ncols, sizeof(*t->header));
	t->rows = ak_arena_array(&d->arena, nr, sizeof(*t->rows));
	if (!t->header || !t->rows)
		return AK_ENOMEM;
	if (hdr)
		for (j = 1, k = 0; j < maxc; j++) {
			if ((int)j == note_col || textcol[j])
				continue;
			if (j < hdr->nc && hdr->c[j].n)
				t->header[k] = span_dup(d, hdr->c[j]);
			k++;
		}
	for (i = first; i < nr; i++) {
		const struct trow *tr = &rows[i];
		struct ak_row *r = &t->rows[t->nrows];
		int any = 0;
		struct ak_span label = tr->c[0];

		memset(r, 0, sizeof(*r));
		r->page = b->page;
		r->line0 = r->line1 = tr->ln->no;
		r->off = tr->ln->off;
		r->len = tr->ln->n;
		/* fold text columns into the label */
		for (j = 1; j < tr->nc; j++)
			if (textcol[j] && tr->c[j].n) {
				char *s = ak_arena_printf(&d->arena, "%.*s%s%.*s", (int)label.n, label.p,
				                          label.n ? " " : "", (int)tr->c[j].n, tr->c[j].p);
				if (!s)
					return AK_ENOMEM;
				label.p = s;
				label.n = strlen(s);
			}
		set_label(r, label);
		if (note_col >= 0 && (size_t)note_col < tr->nc)
			r->note = tr->c[note_col];
		r->ncells = t->ncols;
		r->cells = ak_arena_array(&d->arena, t->ncols, sizeof(*r->cells));
		if (!r->cells)
			return AK_ENOMEM;
		for (j = 1, k = 0; j < maxc; j++) {
			struct ak_cell *c;
			if ((int)j == note_col || textcol[j])
				continue;
			c = &r->cells[k++];
			c->conf = 100.0f;
			if (j >= tr->nc || !tr->c[j].n)
				continue;
			c->raw = tr->c[j];
			c->has_value = cell_numeric(c->raw, &c->num);
			any |= c->has_value;
		}
		if (!tr->section_text && trow_headerish(tr) && i > first) {
			/* a heading inside the table: a section row */
			for (k = 0; k < r->ncells; k++)
				memset(&r->cells[k], 0, sizeof(r->cells[k]));
			any = 0;
		}
		row_kind_from_label(r, any);
		t->nrows++;
		if (any)
			ndata++;
		if (i == first) {
			t->line0 = tr->ln->no;
			t->off = tr->ln->off;
		}
		t->line1 = tr->ln->no;
		t->len = tr->ln->off + tr->ln->n - t->off;
	}
	if (ndata == 0 || (ndata == 1 && !hdr)) {
		/* one line with a figure and no heading is not a table */
		b->ntabs--;
		return 0;
	}
	split_notes(t);
	return 0;
}

/* ------------------------------------------------------------ SPACE tables */

/* Relations to try for n columns: op 1 (c[k] = c[i] - c[j]) and op 2. */
#define AK_MAXREL 64

/* Relations to try for n columns: the rightmost column of a triple is the
 * difference or the sum of the other two (op 1: c[k] = c[i] - c[j],
 * op 2: c[k] = c[i] + c[j]).  Entry 0 is "no relation". */
static size_t list_relations(int (*rels)[4], size_t cap, size_t n)
{
	size_t cnt = 0;
	int i, j, k;
	memset(rels[0], 0, sizeof(rels[0]));
	cnt++;
	for (k = 2; k < (int)n; k++)
		for (i = 0; i < k; i++)
			for (j = i + 1; j < k; j++) {
				static const int ops[3][3] = { { 1, 0, 1 }, { 1, 1, 0 }, { 2, 0, 1 } };
				int o;
				for (o = 0; o < 3 && cnt < cap; o++) {
					rels[cnt][0] = ops[o][0];
					rels[cnt][1] = ops[o][1] ? j : i;
					rels[cnt][2] = ops[o][2] ? j : i;
					rels[cnt][3] = k;
					cnt++;
				}
			}
	return cnt;
}

struct srow {
	const struct tline *ln;
	struct ak_seg_tok toks[AK_SEG_MAX_TOKENS];
	size_t ntok;
	struct ak_span label;
	int label_only;
};

static void fill_raw(struct doc *d, struct ak_reading *r, const struct srow *s)
{
	size_t k;
	r->raw = ak_arena_array(&d->arena, r->nvals, sizeof(*r->raw));
	if (!r->raw)
		return;
	if (r->note) {
		r->note_raw.p = s->ln->p + s->toks[0].off;
		r->note_raw.n = s->toks[0].len;
	}
	for (k = 0; k < r->nvals; k++) {
		if (!r->present[k])
			continue;
		{
			const struct ak_seg_tok *a = &s->toks[r->tok[k]];
			const struct ak_seg_tok *z = &s->toks[r->tok[k] + r->ntok[k] - 1];
			r->raw[k].p = s->ln->p + a->off;
			r->raw[k].n = (size_t)(z->off + z->len - a->off);
		}
	}
}

static void apply_reading(struct ak_row *r, size_t which)
{
	struct ak_reading *rd = &r->alts[which];
	size_t k;
	for (k = 0; k < r->nalts; k++)
		r->alts[k].chosen = k == which;
	for (k = 0; k < r->ncells && k < rd->nvals; k++) {
		struct ak_cell *c = &r->cells[k];
		memset(c, 0, sizeof(*c));
		c->conf = 100.0f;
		if (!rd->present[k] || !rd->raw)
			continue;
		c->raw = rd->raw[k];
		if (ak_num_cell(&c->num, c->raw.p, c->raw.n) != 0 || c->num.v != rd->vals[k]) {
			memset(&c->num, 0, sizeof(c->num));
			c->num.kind = AK_NUM_COUNT;
			c->num.v = rd->vals[k];
			c->num.raw = c->raw;
			c->num.flags |= AK_NUMF_LOOSE;
		}
		c->has_value = 1;
	}
	r->note = rd->note ? rd->note_raw : (struct ak_span){ NULL, 0 };
}

static int build_space_table(struct build *b, struct srow *rows, size_t nr,
                             const struct tline *hdr_lines[], size_t nhdr)
{
	struct doc *d = b->d;
	struct ak_table *t;
	int (*rels)[4];
	size_t nrel, c, i, r, maxtok = 0, bestc = 0, best_rel = 0, nvalrows = 0;
	long best_total = 0;
	int have_best = 0, note_col = 0;
	struct ak_reading *tmp;

	for (i = 0; i < nr; i++)
		if (!rows[i].label_only) {
			nvalrows++;
			if (rows[i].ntok > maxtok)
				maxtok = rows[i].ntok;
		}
	if (nvalrows < 2)
		return 0;
	for (i = 0; i < nhdr; i++) {
		const struct tline *h = hdr_lines[i];
		size_t k;
		for (k = 0; k + 3 <= h->n; k++)
			if ((k == 0 || h->p[k - 1] == ' ') && memcmp(h->p + k, "Not", 3) == 0 &&
			    (k + 3 == h->n || h->p[k + 3] == ' '))
				note_col = 1;
	}
	rels = ak_arena_array(&d->arena, AK_MAXREL, sizeof(*rels));
	tmp = ak_arena_array(&d->arena, AK_SEG_KEEP, sizeof(*tmp));
	if (!rels || !tmp)
		return AK_ENOMEM;
	if (maxtok > 6)
		maxtok = 6;
	/* Choose the column count and the row relation together. */
	for (c = 1; c <= maxtok; c++) {
		long total[AK_MAXREL];
		size_t nhold[AK_MAXREL], nrows = 0;
		nrel = list_relations(rels, AK_MAXREL, c);
		memset(total, 0, sizeof(total));
		memset(nhold, 0, sizeof(nhold));
		for (i = 0; i < nr; i++) {
			int bs[AK_MAXREL], hs[AK_MAXREL], rc;
			if (rows[i].label_only)
				continue;
			nrows++;
			rc = ak_seg_rel_scores(bs, hs, rows[i].toks, rows[i].ntok, c, note_col,
			                       (const int (*)[4])rels, nrel);
			if (rc < 0)
				return rc;
			for (r = 0; r < nrel; r++) {
				if (rc == 0 || bs[r] == INT32_MIN) {
					total[r] -= 40;
					continue;
				}
				total[r] += bs[r];
				nhold[r] += (size_t)hs[r];
			}
		}
		for (r = 0; r < nrel; r++) {
			if (rels[r][0] && (nhold[r] < 2 || nhold[r] * 5 < nrows * 2))
				continue;
			if (!have_best || total[r] > best_total) {
				have_best = 1;
				best_total = total[r];
				bestc = c;
				best_rel = r;
			}
		}
	}
	if (!have_best)
		return 0;
	nrel = list_relations(rels, AK_MAXREL, bestc);

	t = new_table(b);
	if (!t)
		return AK_ENOMEM;
	t->src = AK_TSRC_SPACE;
	t->ncols = bestc;
	t->has_note = note_col;
	memcpy(t->relation, rels[best_rel], sizeof(t->relation));
	t->header = ak_arena_array(&d->arena, bestc, sizeof(*t->header));
	t->rows = ak_arena_array(&d->arena, nr, sizeof(*t->rows));
	if (!t->header || !t->rows)
		return AK_ENOMEM;
	/* Title and header from the lines above. */
	if (nhdr) {
		const struct tline *top = hdr_lines[0];
		struct ak_span s = trim(top->p, top->n);
		t->title = span_dup(d, s);
		t->scale = table_scale_of(s.p, s.n);
		for (i = nhdr; i-- > 0;) {
			const struct tline *h = hdr_lines[i];
			size_t w = count_words(h->p, h->n);
			if (w == bestc + (size_t)note_col || (i == nhdr - 1 && w == bestc)) {
				/* one word per column, from the right */
				size_t k = 0, e = h->n, col = bestc;
				while (col > 0 && e > 0 && k < w) {
					size_t s2;
					while (e > 0 && (h->p[e - 1] == ' ' || h->p[e - 1] == '\r'))
						e--;
					s2 = e;
					while (s2 > 0 && h->p[s2 - 1] != ' ')
						s2--;
					if (s2 == e)
						break;
					t->header[--col] = ak_arena_strndup(&d->arena, h->p + s2, e - s2);
					e = s2;
					k++;
				}
				break;
			}
		}
	}
	for (i = 0; i < nr; i++) {
		struct srow *s = &rows[i];
		struct ak_row *row = &t->rows[t->nrows];
		size_t nread, k;

		/* A label-only line: wrapped label or a section. */
		if (s->label_only) {
			if (i + 1 < nr && !rows[i + 1].label_only &&
			    (starts_lower(rows[i + 1].label) || paren_open(s->label) ||
			     !rows[i + 1].label.n)) {
				/* join with the next row's label */
				char *j = ak_arena_printf(&d->arena, "%.*s %.*s", (int)s->label.n, s->label.p,
				                          (int)rows[i + 1].label.n, rows[i + 1].label.p);
				if (!j)
					return AK_ENOMEM;
				rows[i + 1].label.p = j;
				rows[i + 1].label.n = strlen(j);
				continue;
			}
			memset(row, 0, sizeof(*row));
			set_label(row, s->label);
			row->kind = AK_ROW_SECTION;
			row->page = b->page;
			row->line0 = row->line1 = s->ln->no;
			row->off = s->ln->off;
			row->len = s->ln->n;
			row->ncells = bestc;
			row->cells = ak_arena_array(&d->arena, bestc, sizeof(*row->cells));
			if (!row->cells)
				return AK_ENOMEM;
			t->nrows++;
			continue;
		}
		memset(row, 0, sizeof(*row));
		set_label(row, s->label);
		row->page = b->page;
		row->line0 = row->line1 = s->ln->no;
		if (i > 0 && rows[i - 1].label_only && row->label.p != s->label.p)
			row->line0 = rows[i - 1].ln->no;
		row->off = s->ln->off;
		row->len = s->ln->n;
		row->ncells = bestc;
		row->cells = ak_arena_array(&d->arena, bestc, sizeof(*row->cells));
		row->alts = ak_arena_array(&d->arena, AK_SEG_KEEP, sizeof(*row->alts));
		if (!row->cells || !row->alts)
			return AK_ENOMEM;
		nread = ak_seg_readings(row->alts, AK_SEG_KEEP, &d->arena, s->toks, s->ntok, bestc,
		                        note_col, rels[best_rel]);
		row->nalts = nread;
		for (k = 0; k < nread; k++)
			fill_raw(d, &row->alts[k], s);
		if (nread) {
			apply_reading(row, 0);
			row->ambiguous = nread > 1 && row->alts[1].score == row->alts[0].score;
		}
		row_kind_from_label(row, nread > 0);
		t->nrows++;
	}
	if (t->nrows) {
		t->line0 = t->rows[0].line0;
		t->line1 = t->rows[t->nrows - 1].line1;
		t->off = t->rows[0].off;
		t->len = t->rows[t->nrows - 1].off + t->rows[t->nrows - 1].len - t->off;
	}
	ak_table_resolve_sums(t);
	split_notes(t);
	return 0;
}

/* ------------------------------------------------------------ notes */

/* Parse each row's note; a two-digit note in a table whose other notes are
 * single digits, with increasing digits no larger than the largest other
 * note + 2, is two notes printed together ("23" = notes 2 and 3). */
static void split_notes(struct ak_table *t)
{
	size_t i;
	int maxsingle = 0;
	for (i = 0; i < t->nrows; i++) {
		struct ak_row *r = &t->rows[i];
		struct ak_number n;
		r->nnotes = 0;
		if (!r->note.n || ak_num_cell(&n, r->note.p, r->note.n) != 0 || n.v <= 0 ||
		    n.v > 999 || n.dec)
			continue;
		r->notes[0] = (int)n.v;
		r->nnotes = 1;
		if (n.v < 10 && n.v > maxsingle)
			maxsingle = (int)n.v;
	}
	for (i = 0; i < t->nrows; i++) {
		struct ak_row *r = &t->rows[i];
		int a, b;
		if (r->nnotes != 1 || r->notes[0] < 10 || r->notes[0] > 99 || !maxsingle)
			continue;
		a = r->notes[0] / 10;
		b = r->notes[0] % 10;
		if (a >= 1 && b > a && b <= maxsingle + 2) {
			r->notes[0] = a;
			r->notes[1] = b;
			r->nnotes = 2;
		}
	}
}

/* ------------------------------------------------------------ sums */

static int row_is_sum(const struct ak_row *r)
{
	return r->kind == AK_ROW_SUBTOTAL || r->kind == AK_ROW_TOTAL;
}

/* Columns of row s that equal the sum over rows[blk0..s) of data rows. */
static int block_hits(const struct ak_table *t, size_t blk0, size_t s, const size_t *pick)
{
	size_t c, i;
	int hits = 0;
	for (c = 0; c < t->ncols; c++) {
		int64_t sum = 0, want;
		int any = 0;
		const struct ak_row *sr = &t->rows[s];
		const struct ak_reading *srd = sr->nalts ? &sr->alts[pick[s]] : NULL;
		if (srd) {
			if (!srd->present[c])
				continue;
			want = srd->vals[c];
		} else {
			if (!sr->cells[c].has_value)
				continue;
			want = sr->cells[c].num.v;
		}
		for (i = blk0; i < s; i++) {
			const struct ak_row *r = &t->rows[i];
			if (r->kind != AK_ROW_DATA)
				continue;
			if (r->nalts) {
				const struct ak_reading *rd = &r->alts[pick[i]];
				if (rd->present[c]) {
					if (__builtin_add_overflow(sum, rd->vals[c], &sum))
						return 0;
					any = 1;
				}
			} else if (r->cells[c].has_value) {
				if (__builtin_add_overflow(sum, r->cells[c].num.v, &sum))
					return 0;
				any = 1;
			}
		}
		if (any && sum == want)
			hits += 2;
		else if (any && sum - want <= 2 && want - sum <= 2)
			hits += 1;
	}
	return hits;
}

void ak_table_resolve_sums(struct ak_table *t)
{
	size_t s, i;
	size_t *pick;
	size_t pickbuf[256];

	if (!t || t->nrows == 0 || t->nrows > 256)
		return;
	pick = pickbuf;
	for (i = 0; i < t->nrows; i++) {
		pick[i] = 0;
		for (s = 0; s < t->rows[i].nalts; s++)
			if (t->rows[i].alts[s].chosen)
				pick[i] = s;
	}
	for (s = 0; s < t->nrows; s++) {
		size_t blk0 = s, amb[8], namb = 0, combos = 1, n, bestn = 0;
		int besth, bests;
		if (!row_is_sum(&t->rows[s]))
			continue;
		while (blk0 > 0 && t->rows[blk0 - 1].kind == AK_ROW_DATA)
			blk0--;
		if (blk0 == s)
			continue;
		/* rows with tied or near-tied readings */
		for (i = blk0; i <= s && namb < 8; i++) {
			const struct ak_row *r = &t->rows[i];
			if (r->nalts > 1 && r->alts[1].score >= r->alts[0].score - 3) {
				amb[namb++] = i;
			}
		}
		if (!namb)
			continue;
		for (i = 0; i < namb; i++) {
			size_t k = t->rows[amb[i]].nalts;
			if (k > 4)
				k = 4;
			combos *= k;
		}
		if (combos > 1024)
			combos = 1024;
		besth = -1;
		bests = 0;
		for (n = 0; n < combos; n++) {
			size_t x = n;
			int h, sc = 0;
			int ok = 1;
			for (i = 0; i < namb; i++) {
				const struct ak_row *r = &t->rows[amb[i]];
				size_t k = r->nalts > 4 ? 4 : r->nalts;
				pick[amb[i]] = x % k;
				x /= k;
				if (r->alts[pick[amb[i]]].score < r->alts[0].score - 3)
					ok = 0;
				sc += r->alts[pick[amb[i]]].score;
			}
			if (!ok)
				continue;
			h = block_hits(t, blk0, s, pick);
			if (h > besth || (h == besth && sc > bests)) {
				besth = h;
				bests = sc;
				bestn = n;
			}
		}
		{
			size_t x = bestn;
			for (i = 0; i < namb; i++) {
				struct ak_row *r = &t->rows[amb[i]];
				size_t k = r->nalts > 4 ? 4 : r->nalts;
				pick[amb[i]] = x % k;
				x /= k;
				if (pick[amb[i]] != 0 || !r->alts[0].chosen)
					apply_reading(r, pick[amb[i]]);
			}
		}
	}
}

/* ------------------------------------------------------------ text pages */

static void classify(struct tline *l)
{
	struct ak_seg_tok toks[AK_SEG_MAX_TOKENS];
	struct ak_span s = trim(l->p, l->n);
	size_t k;

	if (!s.n) {
		l->kind = L_BLANK;
		return;
	}
	if (memchr(l->p, '\t', l->n)) {
		l->kind = is_rule(l->p, l->n) ? L_RULE : L_TAB;
		return;
	}
	if (is_rule(l->p, l->n)) {
		l->kind = L_RULE;
		return;
	}
	if (s.p[0] == '|' && s.n > 1 && s.p[s.n - 1] == '|') {
		l->kind = L_PIPE;
		return;
	}
	l->kind = L_TEXT;
	if (ends_sentence(s))
		return;
	l->ntok = ak_seg_tokens(toks, AK_SEG_MAX_TOKENS, l->p, l->n, &l->label_end);
	if (!l->ntok)
		return;
	{
		struct ak_span lab = trim(l->p, l->label_end);
		if (lab.n > 90 || count_words(lab.p, lab.n) > 12)
			return;
		if (!lab.n && l->ntok < 2)
			return;
		l->years_only = 1;
		for (k = 0; k < l->ntok; k++)
			if (!(toks[k].ndig == 4 && !toks[k].neg && toks[k].v >= 1900 && toks[k].v <= 2099))
				l->years_only = 0;
		l->kind = L_NUM;
	}
}

static int is_short_text(const struct tline *l)
{
	struct ak_span s = trim(l->p, l->n);
	return l->kind == L_TEXT && s.n <= 70 && (!ends_sentence(s) || paren_open(s)) &&
	       count_words(s.p, s.n) <= 10;
}

/* Page furniture of signed minutes: never a table's title. */
static int is_furniture(const struct tline *l)
{
	static const char *const words[] = { "Justerare", "Utdragsbestyrkande", "Sida " };
	size_t i, k;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t wl = strlen(words[i]);
		for (k = 0; k + wl <= l->n; k++)
			if (memcmp(l->p + k, words[i], wl) == 0)
				return 1;
	}
	return 0;
}

/* A running footer after a table ("Förbundet<TAB>Årsredovisning 2024<TAB>4"):
 * words where the row above has figures, and at most one figure. */
static int trow_furniture(const struct trow *r, const struct trow *above)
{
	size_t j, fig = 0, words_over_figures = 0;
	for (j = 1; j < r->nc; j++) {
		if (!r->c[j].n)
			continue;
		if (cell_figure(r->c[j]))
			fig++;
		else if (j < above->nc && cell_figure(above->c[j]))
			words_over_figures++;
	}
	return fig <= 1 && words_over_figures >= 1;
}

/* The next TAB line after blanks and rules is a header row. */
static int next_headerish(const struct tline *ls, size_t nl, size_t j, int kind)
{
	struct trow tr;
	while (j < nl && (ls[j].kind == L_BLANK || ls[j].kind == L_RULE))
		j++;
	if (j >= nl || ls[j].kind != kind || kind != L_TAB)
		return 0;
	memset(&tr, 0, sizeof(tr));
	split_cells(&tr, ls[j].p, ls[j].n, '\t');
	return trow_headerish(&tr);
}

static int text_tables(struct build *b, struct tline *ls, size_t nl)
{
	struct doc *d = b->d;
	size_t i = 0;
	int rc;

	while (i < nl) {
		if (ls[i].kind == L_TAB || ls[i].kind == L_PIPE) {
			/* Run of TAB lines; blank lines, rules and short headings inside. */
			int kind = ls[i].kind;
			size_t cap = 64, nr = 0, j = i, last = i;
			struct trow *rows = ak_arena_array(&d->arena, cap, sizeof(*rows));
			if (!rows)
				return AK_ENOMEM;
			while (j < nl) {
				const struct tline *l = &ls[j];
				if (l->kind == kind) {
					struct trow tr;
					const char *p = l->p;
					size_t n = l->n;
					if (kind == L_PIPE) {
						struct ak_span s = trim(p, n);
						p = s.p + 1;
						n = s.n - 2;
					}
					memset(&tr, 0, sizeof(tr));
					split_cells(&tr, p, n, kind == L_PIPE ? '|' : '\t');
					tr.ln = l;
					/* A new table: after a blank, a heading row that is
					 * a title or a header, once this one has data. */
					if (nr > 0 && j > last + 1 && tr.c[0].n &&
					    (trow_title_only(&tr) || trow_headerish(&tr))) {
						size_t q, has_data = 0;
						for (q = 0; q < nr; q++)
							if (!rows[q].section_text && !trow_headerish(&rows[q]) &&
							    !trow_title_only(&rows[q]))
								has_data = 1;
						if (has_data && (trow_headerish(&tr) || next_headerish(ls, nl, j + 1, kind)))
							break;
					}
					if (nr == cap) {
						rows = ak_arena_grow(&d->arena, rows, nr, &cap, sizeof(*rows));
						if (!rows)
							return AK_ENOMEM;
					}
					rows[nr++] = tr;
					last = j;
					j++;
					continue;
				}
				if (l->kind == L_BLANK || l->kind == L_RULE) {
					j++;
					continue;
				}
				if (is_short_text(l) || (l->kind == L_NUM && trim(l->p, l->label_end).n <= 70)) {
					/* a heading inside: only if the table goes on */
					size_t q = j + 1;
					while (q < nl && (ls[q].kind == L_BLANK || ls[q].kind == L_RULE))
						q++;
					if (q < nl && ls[q].kind == kind && nr > 0) {
						struct trow tr;
						size_t r2, data = 0;
						for (r2 = 0; r2 < nr; r2++)
							if (!rows[r2].section_text && !trow_headerish(&rows[r2]) &&
							    !trow_title_only(&rows[r2]))
								data = 1;
						if (!data && next_headerish(ls, nl, q, kind)) {
							/* only headings so far (page furniture): start
							 * the table at the next TAB line */
							nr = 0;
							j = q;
							i = q;
							continue;
						}
						memset(&tr, 0, sizeof(tr));
						tr.c[0] = trim(l->p, l->n);
						tr.nc = 1;
						tr.ln = l;
						tr.section_text = 1;
						if (nr == cap) {
							rows = ak_arena_grow(&d->arena, rows, nr, &cap, sizeof(*rows));
							if (!rows)
								return AK_ENOMEM;
						}
						rows[nr++] = tr;
						j++;
						continue;
					}
				}
				break;
			}
			/* Headings and furniture after the last data row end it. */
			while (nr > 1 && (rows[nr - 1].section_text || trow_headerish(&rows[nr - 1]) ||
			                  trow_title_only(&rows[nr - 1]) ||
			                  (nr > 2 && trow_furniture(&rows[nr - 1], &rows[nr - 2])))) {
				nr--;
				last = (size_t)(rows[nr - 1].ln - ls);
			}
			rc = build_tab_table(b, rows, nr,
			                     kind == L_PIPE ? AK_TSRC_PIPE : AK_TSRC_TAB);
			if (rc)
				return rc;
			i = last + 1;
			continue;
		}
		if (ls[i].kind == L_NUM && !ls[i].years_only) {
			/* Run of digit-group rows. */
			size_t cap = 64, nr = 0, j = i, last = i, nnum = 0, nmulti = 0, q;
			struct srow *rows = ak_arena_array(&d->arena, cap, sizeof(*rows));
			const struct tline *hdr[4];
			size_t nhdr = 0;
			if (!rows)
				return AK_ENOMEM;
			while (j < nl) {
				const struct tline *l = &ls[j];
				if (l->kind == L_NUM) {
					struct srow *s;
					if (nr == cap) {
						rows = ak_arena_grow(&d->arena, rows, nr, &cap, sizeof(*rows));
						if (!rows)
							return AK_ENOMEM;
					}
					s = &rows[nr++];
					s->ln = l;
					s->ntok = ak_seg_tokens(s->toks, AK_SEG_MAX_TOKENS, l->p, l->n,
					                        &q);
					s->label = trim(l->p, q);
					s->label_only = 0;
					nnum++;
					if (s->ntok >= 2)
						nmulti++;
					last = j++;
					continue;
				}
				if (l->kind == L_BLANK) {
					j++;
					continue;
				}
				if (is_short_text(l)) {
					q = j + 1;
					while (q < nl && ls[q].kind == L_BLANK)
						q++;
					if (q < nl && ls[q].kind == L_NUM) {
						struct srow *s;
						if (nr && rows[nr - 1].label_only && rows[nr - 1].ln == &ls[j - 1])
							break; /* two text lines in a row: prose */
						if (nr == cap) {
							rows = ak_arena_grow(&d->arena, rows, nr, &cap,
							                     sizeof(*rows));
							if (!rows)
								return AK_ENOMEM;
						}
						s = &rows[nr++];
						memset(s, 0, sizeof(*s));
						s->ln = l;
						s->label = trim(l->p, l->n);
						s->label_only = 1;
						j++;
						continue;
					}
				}
				break;
			}
			/* drop trailing label-only rows */
			while (nr && rows[nr - 1].label_only)
				nr--;
			if (nnum >= 3 && nmulti >= 2) {
				/* header lines above: short text lines */
				size_t k = i;
				const struct tline *up[4];
				size_t nup = 0;
				while (k > 0 && nup < 4) {
					const struct tline *l = &ls[k - 1];
					if (l->kind == L_BLANK) {
						k--;
						continue;
					}
					if (is_furniture(l))
						break;
					if (is_short_text(l) || (l->kind == L_NUM && l->years_only)) {
						up[nup++] = l;
						k--;
						continue;
					}
					break;
				}
				while (nup)
					hdr[nhdr++] = up[--nup];
				rc = build_space_table(b, rows, nr, hdr, nhdr);
				if (rc)
					return rc;
				i = last + 1;
				continue;
			}
			i++;
			continue;
		}
		i++;
	}
	return 0;
}

int ak_tables_from_text(struct doc *d, const char *text, size_t len, size_t off, int page)
{
	struct build b;
	struct tline *ls;
	size_t nl = 0, cap = 0, i, s = 0;
	int rc;

	memset(&b, 0, sizeof(b));
	b.d = d;
	b.page = page;
	b.tabs = d->tables;
	b.ntabs = d->ntables;
	b.cap = d->ntables;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			cap++;
	cap += 1;
	ls = ak_arena_array(&d->arena, cap, sizeof(*ls));
	if (!ls)
		return AK_ENOMEM;
	for (i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			if (i == len && s == len)
				break;
			memset(&ls[nl], 0, sizeof(ls[nl]));
			ls[nl].p = text + s;
			ls[nl].n = i - s;
			ls[nl].off = off + s;
			ls[nl].no = (int)nl + 1;
			classify(&ls[nl]);
			nl++;
			s = i + 1;
		}
	}
	rc = text_tables(&b, ls, nl);
	d->tables = b.tabs;
	d->ntables = b.ntabs;
	return rc;
}

/* ------------------------------------------------------------ the stage */

int ak_stage_tables(struct ak_ctx *ctx, struct doc *d)
{
	size_t i, start = 0, pageno = 0;
	int rc;

	(void)ctx;
	d->tables = NULL;
	d->ntables = 0;
	if (!d->text && d->npages) {
		rc = ak_doc_join_pages(d);
		if (rc)
			return rc;
	}
	if (!d->text)
		return 0;
	for (i = 0; i <= d->text_len; i++) {
		if (i == d->text_len || d->text[i] == '\f') {
			const struct ak_page *pg = pageno < d->npages ? &d->pages[pageno] : NULL;
			if (pg && pg->src == AK_SRC_OCR && pg->nwords > 0)
				rc = ak_tables_from_words(d, pg);
			else
				rc = ak_tables_from_text(d, d->text + start, i - start, start,
				                         (int)pageno + 1);
			if (rc)
				return ak_fail(d, rc, "tables: %s", ak_strerror(rc));
			pageno++;
			start = i + 1;
		}
	}
	return 0;
}
