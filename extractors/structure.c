/*
 * structure.c - the structure stage: sections of minutes and reports, and
 * the order in which the parts of the stage run.
 *
 * Why here: the stage has one entry point (ak_stage_structure); its parts
 * (furniture.c, meta.c, decisions.c) share st_work through
 * structure_int.h.  This file owns the section model: minutes items in
 * their printed forms ("§ 4 Titel", "§41" with the title on the next line,
 * an item whose "§ n" OCR lost, inferred from its neighbours), numbered
 * report headings ("1.2.3 Uppdrag"), notes ("Not 3. ...") and appendices.
 *
 * Invariants: sections are in text order and do not overlap (a section
 * runs to the start of the next); item numbers increase (a "§ 3" that
 * does not is a reference, not a heading); report headings are accepted
 * only in increasing number order and never from a table of contents
 * (a title ending in a page number); the stage never prints and never
 * changes d->text.
 */
#include "structure_int.h"
#include "stages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

int st_table(struct st_work *w, const struct ak_rx_def *defs, size_t n,
             const struct ak_rx_set **out)
{
	char err[256];
	int rc = ak_rx_table(w->ctx, defs, n, out, err, sizeof(err));
	if (rc == AK_EINVAL)
		return ak_fail(w->d, AK_EINVAL, "structure: %s", err);
	if (rc)
		return ak_fail(w->d, rc, "structure: cannot compile patterns");
	return 0;
}

void *st_push(struct doc *d, void **arr, size_t *n, size_t *cap, size_t size)
{
	char *p = *arr;
	if (*n == *cap || !p) {
		size_t c = *cap;
		if (!p)
			*cap = 0, c = 0;
		p = ak_arena_grow(&d->arena, *arr, *n, &c, size);
		if (!p)
			return NULL;
		*arr = p;
		*cap = c;
	}
	p += (*n)++ * size;
	memset(p, 0, size);
	return p;
}

char *st_clean_dup(struct doc *d, const char *s, size_t n)
{
	char *o = ak_arena_alloc(&d->arena, n + 1);
	size_t i, k = 0;
	int sp = 0;
	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			sp = 1;
			continue;
		}
		if (sp && k)
			o[k++] = ' ';
		sp = 0;
		o[k++] = c;
	}
	o[k] = '\0';
	return o;
}

/* Upper/lower case of the first letter: ASCII and the Latin-1 block in
 * UTF-8 (C3 80..9E upper, C3 9F..BF lower). */
int st_upper_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 1 && u[0] >= 'A' && u[0] <= 'Z')
		return 1;
	return n >= 2 && u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97;
}

int st_lower_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 1 && u[0] >= 'a' && u[0] <= 'z')
		return 1;
	return n >= 2 && u[0] == 0xC3 && u[1] >= 0x9F && u[1] <= 0xBF && u[1] != 0xB7;
}

int st_page_of(const struct st_work *w, size_t off)
{
	size_t lo = 0, hi = w->nlines;
	if (!w->nlines)
		return 1;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (w->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return w->lines[lo].page;
}

int st_parse_int(const char **pp, const char *end, int64_t *out)
{
	const char *p = *pp;
	int64_t v = 0;
	int nd = 0;
	while (p < end) {
		if (*p >= '0' && *p <= '9') {
			if (v > (INT64_MAX - 9) / 10)
				return -1;
			v = v * 10 + (*p - '0');
			nd++;
			p++;
		} else if ((*p == ' ' || (unsigned char)*p == 0xA0) && nd && p + 3 < end &&
		           p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
		           p[3] >= '0' && p[3] <= '9' &&
		           (p + 4 >= end || p[4] < '0' || p[4] > '9')) {
			p++; /* digit-group separator: exactly three digits follow */
		} else {
			break;
		}
	}
	if (!nd)
		return -1;
	*pp = p;
	*out = v;
	return 0;
}

static const char *const kind_names[] = { "other", "minutes", "annual-report", "budget-plan" };
static const char *const sec_names[] = { "item", "heading", "note", "appendix" };
static const char *const dk_names[] = { "proposal", "decision", "delegation", "reservation",
	                                    "protokollsanteckning", "vote", "other-question" };
static const char *const dt_names[] = { "other", "information-noted", "approval",
	                                    "budget-adopted", "appointment", "assignment",
	                                    "funding", "policy-adopted" };

#define NAME(tab, i) ((unsigned)(i) < sizeof(tab) / sizeof(tab[0]) ? tab[i] : "unknown")
const char *ak_doc_kind_name(enum ak_doc_kind k) { return NAME(kind_names, k); }
const char *ak_sec_kind_name(enum ak_sec_kind k) { return NAME(sec_names, k); }
const char *ak_dec_kind_name(enum ak_dec_kind k) { return NAME(dk_names, k); }
const char *ak_dec_type_name(enum ak_dec_type t) { return NAME(dt_names, t); }

/* ------------------------------------------------------------ sections */

static const struct ak_rx_def section_rx[] = {
	/* applied to a heading paragraph's flowed text, anchored */
	{ "item-paragraph", "['‘’`\"]?(?:§|\\$&?|&\\$|£|Par\\.|[8&S](?=[ \\t]+\\d{1,3}[ \\t]+\\p{Lu}))\\s*(\\d{1,4})\\s*[.:]?\\s*(.*)", AK_RX_S },
	{ "note", "(?:Not|NOT)[.\\s]+(\\d{1,2})\\s*[.:]?\\s+([^\\t]*)", 0 },
	{ "appendix", "(?:Bilaga|BILAGA)\\s+(\\d{1,2}|[A-Z])\\b\\s*[.:]?\\s*([^\\t]*)", 0 },
	{ "heading-numbered", "(\\d{1,2}(?:[.:]\\d{1,2}){0,3})[.:]{0,2}\\)?(?:\\s+|(?=\\p{Lu}\\p{Ll}))([^\\t]*)", 0 },
	/* a title ending in a page number or dot leaders: table of contents */
	{ "item-ocr-glued", "(?:[83&S](\\d{2,3})\\s*()$|(?:[8&S$]|s[gq])[ \\t]*(\\d{1,3})[ \\t]+(\\p{Lu}.*))", AK_RX_S },
	{ "toc-line", "(?:\\.{3,}|\\t)\\s*\\d{1,3}\\s*$|\\.{4,}", 0 },
};

enum { RX_ITEM, RX_NOTE, RX_APPX, RX_HEAD, RX_GLUED, RX_TOC };

/* Compare dotted numbers "1.2" < "1.10" < "2". */
static int numcmp(const char *a, const char *b)
{
	while (*a || *b) {
		int64_t x = 0, y = 0;
		const char *ea = a + strcspn(a, "."), *eb = b + strcspn(b, ".");
		if (!*a)
			return -1;
		if (!*b)
			return 1;
		if (st_parse_int(&a, ea, &x))
			x = 0;
		if (st_parse_int(&b, eb, &y))
			y = 0;
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea ? ea + 1 : ea;
		b = *eb ? eb + 1 : eb;
	}
	return 0;
}

static int level_of(const char *num)
{
	int lv = 1;
	size_t n = strlen(num);
	for (; *num; num++)
		if (*num == '.')
			lv++;
	/* "1.0" is a top-level heading */
	if (n >= 2 && num[-1] == '0' && num[-2] == '.')
		lv--;
	return lv;
}

/* Trim a title: blanks, trailing tabs and colons. */
static char *title_dup(struct doc *d, const char *s, size_t n)
{
	for (;;) {
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == ':' || s[n - 1] == '|'))
			n--;
		/* a margin rule OCR read as a last one-letter word ("Övriga
		 * frågor i"): no Swedish title ends in "i", "l" or "I"; a speck
		 * after a blank ("Delegationsbeslut .") */
		if (n > 4 && (s[n - 1] == 'i' || s[n - 1] == 'l' || s[n - 1] == 'I' ||
		              s[n - 1] == '.' || s[n - 1] == ',') &&
		    (s[n - 2] == ' ' || s[n - 2] == '\t')) {
			n -= 2;
			continue;
		}
		return st_clean_dup(d, s, n);
	}
}

static struct ak_section *add_section(struct st_work *w, enum ak_sec_kind k, const char *num,
                                      const char *title, size_t start, size_t body,
                                      const char *rule)
{
	struct ak_section *s = st_push(w->d, (void **)&w->d->sections, &w->d->nsections,
	                               &w->cap_sections, sizeof(*s));
	if (!s)
		return NULL;
	s->kind = k;
	s->number = num;
	s->title = title ? title : "";
	s->level = k == AK_SEC_HEADING && num ? level_of(num) : 1;
	s->start = start;
	s->body_start = body;
	s->rule = rule;
	return s;
}

/* A full stop at the end of a title that is an OCR speck: "Risker ." */
static int speck_stop(const char *t, size_t n)
{
	return n >= 3 && (t[n - 1] == '.' || t[n - 1] == ',') && t[n - 2] == ' ';
}

static int is_title_like(const struct st_work *w, size_t p)
{
	const struct ak_para *pa = &w->meta->paras[p];
	const struct st_line *l = &w->lines[w->para_first_line[p]];
	size_t n = strlen(pa->text);
	if (l->cls == ST_L_ITEM || l->cls == ST_L_BULLET || l->cls == ST_L_NUMBERED ||
	    l->cls == ST_L_TABLE || n == 0 || n > 90)
		return 0;
	if (speck_stop(pa->text, n))
		n -= 2;
	if (pa->text[n - 1] == '.' || pa->text[n - 1] == ':')
		return 0;
	return st_upper_at(pa->text, n);
}

/* Paragraph p starts right after page furniture or a page break. */
static int at_page_top(const struct st_work *w, size_t p)
{
	size_t i = w->para_first_line[p];
	while (i-- > 0) {
		const struct st_line *l = &w->lines[i];
		if (l->cls == ST_L_FURNITURE || l->page != w->lines[w->para_first_line[p]].page)
			return 1;
		if (l->cls != ST_L_BLANK)
			return 0;
	}
	return 1;
}

static int cmp_sec(const void *a, const void *b)
{
	const struct ak_section *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* An item whose "§ n" was lost: exactly one number missing between two
 * items, and a title-like paragraph at a page top in between. */
static int infer_missing(struct st_work *w, size_t *para_of_sec)
{
	struct doc *d = w->d;
	size_t i, n = d->nsections;
	for (i = 0; i + 1 < n; i++) {
		struct ak_section *a = &d->sections[i], *b = &d->sections[i + 1];
		const char *pa_num = a->number, *pb_num = b->number;
		int64_t x, y;
		const char *c;
		size_t p;
		if (a->kind != AK_SEC_ITEM || b->kind != AK_SEC_ITEM)
			continue;
		c = pa_num;
		if (st_parse_int(&c, c + strlen(c), &x))
			continue;
		c = pb_num;
		if (st_parse_int(&c, c + strlen(c), &y) || y != x + 2)
			continue;
		for (p = para_of_sec[i] + 1; p < para_of_sec[i + 1]; p++) {
			if (is_title_like(w, p) && at_page_top(w, p)) {
				const struct ak_para *pp = &w->meta->paras[p];
				struct ak_section *s = add_section(
					w, AK_SEC_ITEM, ak_arena_printf(&d->arena, "%lld", (long long)(x + 1)),
					title_dup(d, pp->text, strlen(pp->text)), pp->start, pp->end,
					"item-inferred");
				if (!s)
					return AK_ENOMEM;
				s->inferred = 1;
				break;
			}
		}
	}
	if (d->nsections > n)
		qsort(d->sections, d->nsections, sizeof(*d->sections), cmp_sec);
	return 0;
}

/* Minutes without a printed date: the year most item titles name (a
 * meeting in the autumn names this year's reports more than next year's
 * budget); ties go to the earlier year.  Keeps the text's guess otherwise. */
static void year_from_titles(struct st_work *w)
{
	struct doc *d = w->d;
	int counts[300], y, best = 0, bestc = 0;
	size_t i;

	memset(counts, 0, sizeof(counts));
	for (i = 0; i < d->nsections; i++) {
		const char *t = d->sections[i].title;
		for (; *t; t++) {
			const char *c = t;
			int64_t v;
			if ((t > d->sections[i].title && t[-1] >= '0' && t[-1] <= '9') ||
			    st_parse_int(&c, t + strlen(t), &v) || c - t != 4)
				continue;
			if (v >= 1900 && v < 2200)
				counts[v - 1900]++;
			t = c - 1;
		}
	}
	for (y = 0; y < 300; y++)
		if (counts[y] > bestc) {
			bestc = counts[y];
			best = y + 1900;
		}
	if (best)
		w->meta->year = best;
}

/* Same title, ignoring blanks, ASCII case and closing punctuation. */
static int same_title(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, k = 0;
	while (an && strchr(" \t:.|", a[an - 1]))
		an--;
	while (bn && strchr(" \t:.|", b[bn - 1]))
		bn--;
	for (;;) {
		char x, y;
		while (i < an && (a[i] == ' ' || a[i] == '\t'))
			i++;
		while (k < bn && (b[k] == ' ' || b[k] == '\t'))
			k++;
		if (i == an || k == bn)
			return i == an && k == bn;
		x = a[i++];
		y = b[k++];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
}

/* Numbered paragraphs of a report, read once: number and title spans. */
struct head_cand {
	size_t p;             /* paragraph index */
	struct ak_span num, ttl;
};

/* A numbered heading whose number and title come again further on is a
 * contents entry (OCR often loses the page numbers and leaders that would
 * tell it apart); the later one is the heading.  Compares with at most
 * 2000 later numbered paragraphs. */
static int recurs_later(const struct head_cand *hc, size_t nhc, size_t p, struct ak_span num,
                        struct ak_span ttl)
{
	size_t lo = 0, hi = nhc, k;
	while (lo < hi) { /* first candidate after paragraph p */
		size_t mid = (lo + hi) / 2;
		if (hc[mid].p <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < nhc && k < lo + 2000; k++)
		if (hc[k].num.n == num.n && memcmp(hc[k].num.p, num.p, num.n) == 0 &&
		    same_title(ttl.p, ttl.n, hc[k].ttl.p, hc[k].ttl.n))
			return 1;
	return 0;
}

int st_sections(struct st_work *w)
{
	struct doc *d = w->d;
	struct ak_meta *mt = w->meta;
	const struct ak_rx_set *set;
	size_t p, i, *para_of_sec = NULL, cap_pos = 0, npos = 0;
	const char *last_item = NULL, *last_head = NULL, *last_contents = NULL;
	struct head_cand *hc = NULL;
	size_t nhc = 0, cap_hc = 0;
	int rc, contents = 0;

	if ((rc = st_table(w, section_rx, AK_RX_COUNT(section_rx), &set)) != 0)
		return rc;
	for (p = 0; mt->kind != AK_KIND_MINUTES && p < mt->nparas; p++) {
		const char *t = mt->paras[p].text;
		struct ak_rx_match m;
		struct head_cand *h;
		if (w->lines[w->para_first_line[p]].cls != ST_L_NUMBERED)
			continue;
		if ((rc = ak_rx_at(set, RX_HEAD, t, strlen(t), 0, &m)) < 0)
			return rc;
		if (rc == 0 || !(h = st_push(d, (void **)&hc, &nhc, &cap_hc, sizeof(*h))))
			continue;
		h->p = p;
		h->num = ak_rx_group(&m, t, 1);
		h->ttl = ak_rx_group(&m, t, 2);
		if (!h->num.p || !h->ttl.p)
			nhc--;
	}
	if (d->arena.failed)
		return AK_ENOMEM;
	for (p = 0; p < mt->nparas; p++) {
		const struct ak_para *pa = &mt->paras[p];
		const struct st_line *l = &w->lines[w->para_first_line[p]];
		const char *t = pa->text;
		size_t n = strlen(t);
		struct ak_rx_match m, toc;
		struct ak_span num, ttl;
		struct ak_section *s = NULL;
		int r;
		char *numstr;

		/* a contents list: from an "Innehåll" heading to the first
		 * paragraph of running text or the first number that does not
		 * increase, headings are entries (OCR may have lost their page
		 * numbers and misread their numbers) */
		if (n <= 25 && (strncmp(t, "Innehåll", 9) == 0 || strncmp(t, "INNEHÅLL", 10) == 0)) {
			contents = 1;
			continue;
		}
		if (contents && l->cls != ST_L_NUMBERED && l->cls != ST_L_NOTE &&
		    l->cls != ST_L_APPENDIX && !is_title_like(w, p))
			contents = 0;
		if (l->cls == ST_L_ITEM && l->rule && strcmp(l->rule, "line-item-ocr-glued") == 0) r = RX_GLUED;
		else if (l->cls == ST_L_ITEM) r = RX_ITEM;
		else if (l->cls == ST_L_NOTE) r = RX_NOTE;
		else if (l->cls == ST_L_APPENDIX) r = RX_APPX;
		else if (l->cls == ST_L_NUMBERED && mt->kind != AK_KIND_MINUTES) r = RX_HEAD;
		else continue;
		if ((rc = ak_rx_at(set, (size_t)r, t, n, 0, &m)) < 0)
			return rc;
		if (rc == 0)
			continue;
		num = ak_rx_group(&m, t, 1);
		ttl = ak_rx_group(&m, t, 2);
		if (!num.p && r == RX_GLUED) { /* "&2 Titel", "88 Titel" */
			num = ak_rx_group(&m, t, 3);
			ttl = ak_rx_group(&m, t, 4);
		}
		if (!num.p)
			continue;
		if (!(numstr = ak_arena_strndup(&d->arena, num.p, num.n)))
			return AK_ENOMEM;
		for (i = 0; numstr[i]; i++)
			if (numstr[i] == ':')
				numstr[i] = '.'; /* OCR's "2:2" */
		if (contents && r != RX_ITEM && r != RX_GLUED) {
			/* a number smaller than the last entry's starts the body
			 * (an equal one is an entry OCR misread), and so does a
			 * heading with running text under it */
			const struct st_line *nl = p + 1 < mt->nparas ? &w->lines[w->para_first_line[p + 1]] : NULL;
			int body_next = nl && nl->cls != ST_L_NUMBERED && nl->cls != ST_L_NOTE &&
			                nl->cls != ST_L_APPENDIX && !is_title_like(w, p + 1);
			if (!body_next && (!last_contents || numcmp(numstr, last_contents) >= 0)) {
				last_contents = numstr;
				continue;
			}
			contents = 0;
		}
		if ((rc = ak_rx_exec(set, RX_TOC, t, n, 0, &toc)) < 0)
			return rc;
		if (rc == 1 && r != RX_ITEM)
			continue; /* table of contents */
		if (r == RX_HEAD) {
			/* headings: short, capitalised, no full stop, increasing,
			 * not a contents entry */
			if (ttl.n == 0 || ttl.n > 90 || (ttl.p[ttl.n - 1] == '.' && !speck_stop(ttl.p, ttl.n)) ||
			    !st_upper_at(ttl.p, ttl.n) || (last_head && numcmp(numstr, last_head) <= 0) ||
			    recurs_later(hc, nhc, p, num, ttl))
				continue;
			last_head = numstr;
		}
		if (r == RX_GLUED) {
			/* only the next number of the sequence: "841" after §40 */
			int64_t a = 0, b = 0;
			const char *c1 = numstr, *c2 = last_item;
			if (!last_item || st_parse_int(&c1, c1 + strlen(c1), &a) ||
			    st_parse_int(&c2, c2 + strlen(c2), &b) || a != b + 1)
				continue;
			r = RX_ITEM;
		}
		if (r == RX_ITEM) {
			/* "... tas upp under § 11." wrapped to a line start */
			if (ttl.n && !st_upper_at(ttl.p, ttl.n) && !(ttl.p[0] >= '0' && ttl.p[0] <= '9'))
				continue;
			if (last_item && numcmp(numstr, last_item) <= 0)
				continue;
			last_item = numstr;
		}
		if (r != RX_ITEM && (ttl.n == 0 || ttl.n > 120))
			continue;
		s = add_section(w, r == RX_ITEM ? AK_SEC_ITEM : r == RX_NOTE ? AK_SEC_NOTE
		                   : r == RX_APPX ? AK_SEC_APPENDIX : AK_SEC_HEADING,
		                numstr, NULL, pa->start, pa->end, m.rule);
		if (!s)
			return AK_ENOMEM;
		if (ttl.n) {
			s->title = title_dup(d, ttl.p, ttl.n);
		} else if (r == RX_ITEM && p + 1 < mt->nparas && is_title_like(w, p + 1)) {
			/* "§41" with the title on the next line */
			const struct ak_para *nx = &mt->paras[p + 1];
			s->title = title_dup(d, nx->text, strlen(nx->text));
			s->body_start = nx->end;
			s->rule = "item-title-next-line";
		}
		if (!s->title)
			return AK_ENOMEM;
		{
			size_t *pp = st_push(d, (void **)&para_of_sec, &npos, &cap_pos, sizeof(*pp));
			if (!pp)
				return AK_ENOMEM;
			*pp = p;
		}
	}
	if (mt->kind == AK_KIND_MINUTES && (rc = infer_missing(w, para_of_sec)) != 0)
		return rc;
	if (mt->kind == AK_KIND_MINUTES && !mt->date)
		year_from_titles(w);
	for (i = 0; i < d->nsections; i++) {
		struct ak_section *s = &d->sections[i];
		s->end = i + 1 < d->nsections ? d->sections[i + 1].start : d->text_len;
		if (s->body_start > s->end)
			s->body_start = s->end;
		s->page_first = st_page_of(w, s->start);
		s->page_last = st_page_of(w, s->end > s->start ? s->end - 1 : s->start);
	}
	return 0;
}

/* ------------------------------------------------------------ the stage */

int ak_structure_run(struct ak_ctx *ctx, struct doc *d, const struct ak_structure_opts *o)
{
	struct st_work w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.d = d;
	if (o)
		w.opts = *o;
	if (!d->text && d->npages && (rc = ak_doc_join_pages(d)) != 0)
		return rc;
	if (!(w.meta = ak_arena_alloc(&d->arena, sizeof(*w.meta))))
		return ak_fail(d, AK_ENOMEM, "structure: out of memory");
	d->meta = w.meta;
	d->sections = NULL;
	d->nsections = 0;
	d->decisions = NULL;
	d->ndecisions = 0;
	d->attendees = NULL;
	d->nattendees = 0;
	if (!d->text || d->text_len == 0)
		return 0;
	if ((rc = st_lines_and_paras(&w)) == 0 && (rc = st_meta(&w)) == 0 &&
	    (rc = st_sections(&w)) == 0)
		rc = st_decisions(&w);
	if (rc && !d->err)
		return ak_fail(d, rc, "structure: %s", ak_strerror(rc));
	if (d->arena.failed)
		return ak_fail(d, AK_ENOMEM, "structure: out of memory");
	return rc;
}

int ak_stage_structure(struct ak_ctx *ctx, struct doc *doc)
{
	return ak_structure_run(ctx, doc, NULL);
}
