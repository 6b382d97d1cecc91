/*
 * checks_classify.c - judging the relations: held, rounding, misread, sign
 * or genuine, and which cell to look at.
 *
 * Why separate from discovery: discovery says what should hold; this unit
 * says, for what does not, what most plausibly went wrong.  The reasoning:
 *
 *   ROUNDING  every printed figure is its true value rounded to the printed
 *             unit, so a relation over n+1 printed figures may be off by up
 *             to (n+1)/2 units (half a unit each) - and no more.
 *   MISREAD   one OCR-plausible change to ONE printed number (a look-alike
 *             digit 3/8/6/5/0/9, 1/7/4, a dropped or added digit, two adjacent
 *             digits swapped) makes every failing relation through that cell
 *             hold, breaks none that held, and at least two independent
 *             relations through the cell hold afterwards.  One relation alone
 *             cannot say which of its cells is wrong.
 *   SIGN      the change is a lost or extra minus sign.
 *   GENUINE   nothing plausible explains it; or the source is born-digital,
 *             where a digit change is a typo in the source, not an OCR fault
 *             (the reading is still reported as the likely intended figure).
 *
 * Candidates are ranked by the number of relations they repair, then by the
 * relations that hold through the cell afterwards, then by the difference
 * they leave over those relations (exact before within rounding), then by
 * the prior of the edit (look-alike digits first), then by lower OCR
 * confidence.  Several
 * faults in one table are explained greedily, best first.  Deterministic:
 * the same grids give the same checks in the same order.
 */
#include "checks.h"

#include <stdio.h>
#include <string.h>

#define MAX_ALTS 512
#define MAX_TRY_TERMS 200 /* relations longer than this are not searched */
#define MAX_DIGITS 19

const char *ak_check_class_name(enum ak_check_class c)
{
	static const char *const names[] = { "held", "rounding", "misread", "sign", "genuine" };
	return (unsigned)c < 5 ? names[c] : "unknown";
}

const char *ak_edit_name(enum ak_edit_kind k)
{
	static const char *const names[] = { "none", "look-alike digit", "other digit",
	                                     "dropped digit", "added digit",
	                                     "swapped digits", "sign", "dropped digit group" };
	return (unsigned)k < 8 ? names[k] : "unknown";
}

/* Look-alike digits in print as OCR sees them. */
static const char *const lookalike[10] = {
	"689", "74", "7", "5895", "19", "3686", "5803", "14", "36095", "803",
};

static int edit_prior(enum ak_edit_kind k)
{
	switch (k) {
	case AK_EDIT_SIGN: return 6;
	case AK_EDIT_CONFUSED: return 5;
	case AK_EDIT_SWAPPED: return 4;
	case AK_EDIT_DROPPED: return 3;
	case AK_EDIT_ADDED: return 3;
	case AK_EDIT_GROUP: return 2;
	case AK_EDIT_SUBST: return 1;
	default: return 0;
	}
}

/* ------------------------------------------------------------ values */

struct override {
	int on;
	struct ak_cref c;
	int64_t v;
};

struct ctx {
	struct ak_arena *a;
	const struct ak_grid *grids;
	size_t ngrids;
	const struct ak_relset *rs;
	size_t *base;       /* first cell id of each grid */
	size_t ncells;
	size_t *adj_off;    /* CSR: relations through each cell */
	uint32_t *adj;
	struct override fix[64]; /* explanations applied so far */
	size_t nfix;
};

static const struct ak_gcell *gc(const struct ctx *x, struct ak_cref c)
{
	return AK_GCELL(&x->grids[c.grid], c.row, c.col);
}

static int same_cref(struct ak_cref a, struct ak_cref b)
{
	return a.grid == b.grid && a.row == b.row && a.col == b.col;
}

static int64_t value(const struct ctx *x, struct ak_cref c, const struct override *o)
{
	size_t i;
	if (o && o->on && same_cref(o->c, c))
		return o->v;
	for (i = 0; i < x->nfix; i++)
		if (same_cref(x->fix[i].c, c))
			return x->fix[i].v;
	return gc(x, c)->value;
}

static int64_t half2(const struct ctx *x, struct ak_cref c)
{
	const struct ak_grid *g = &x->grids[c.grid];
	const struct ak_gcell *e = gc(x, c);
	int64_t u = 1;
	int k;
	if (g->exact)
		return 0;
	for (k = e->dec; k < g->dec && k < 18; k++)
		u *= 10;
	return u;
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

struct eval {
	int64_t expected, printed, diff, tol;
};

/* A share: amount = pct % of total.  All three in grid units (10^-dec);
 * the percentage's own rounding (half its last printed digit) times the
 * total is part of the tolerance. */
static struct eval evaluate_share(const struct ctx *x, const struct ak_rel *r,
                                  const struct override *o)
{
	struct eval e;
	const struct ak_grid *g = &x->grids[r->target.grid];
	__int128 scale = 100, prod, t2;
	int64_t pv = value(x, r->terms[0].c, o), tv = value(x, r->terms[1].c, o);
	int k;
	for (k = 0; k < g->dec && k < 18; k++)
		scale *= 10;
	prod = (__int128)pv * tv;
	prod = prod >= 0 ? (prod + scale / 2) / scale : -((-prod + scale / 2) / scale);
	e.expected = prod > INT64_MAX ? INT64_MAX : prod < -INT64_MAX ? -INT64_MAX : (int64_t)prod;
	e.printed = value(x, r->target, o);
	e.diff = e.printed - e.expected;
	t2 = half2(x, r->target) + 2; /* + 2: the rounding of the product itself */
	t2 += (__int128)half2(x, r->terms[0].c) * (tv < 0 ? -tv : tv) / scale;
	t2 += (__int128)half2(x, r->terms[1].c) * (pv < 0 ? -pv : pv) / scale;
	e.tol = t2 > INT64_MAX ? INT64_MAX : (int64_t)(t2 / 2);
	return e;
}

static struct eval evaluate(const struct ctx *x, const struct ak_rel *r, const struct override *o)
{
	struct eval e;
	int64_t t2 = half2(x, r->target);
	size_t i;
	if (r->kind == AK_REL_SHARE && r->nterms == 2)
		return evaluate_share(x, r, o);
	e.expected = 0;
	for (i = 0; i < r->nterms; i++) {
		e.expected += r->terms[i].sign * value(x, r->terms[i].c, o);
		t2 += half2(x, r->terms[i].c);
	}
	e.printed = value(x, r->target, o);
	if (r->absolute)
		e.diff = abs64(e.printed) - abs64(e.expected);
	else
		e.diff = e.printed - e.expected;
	e.tol = t2 / 2;
	return e;
}

static int holds(const struct eval *e)
{
	return abs64(e->diff) <= e->tol;
}

/* ------------------------------------------------------------ cell index */

static size_t cell_id(const struct ctx *x, struct ak_cref c)
{
	return x->base[c.grid] + (size_t)c.row * x->grids[c.grid].ncols + c.col;
}
#define CID(c) cell_id(x, (c))

static int build_index(struct ctx *x)
{
	size_t g, i, k;
	size_t *fill;
	x->base = ak_arena_array(x->a, x->ngrids + 1, sizeof(size_t));
	if (!x->base)
		return AK_ENOMEM;
	x->ncells = 0;
	for (g = 0; g < x->ngrids; g++) {
		x->base[g] = x->ncells;
		x->ncells += x->grids[g].nrows * x->grids[g].ncols;
	}
	x->base[x->ngrids] = x->ncells;
	x->adj_off = ak_arena_array(x->a, x->ncells + 1, sizeof(size_t));
	fill = ak_arena_array(x->a, x->ncells + 1, sizeof(size_t));
	if (!x->adj_off || !fill)
		return AK_ENOMEM;
	for (i = 0; i < x->rs->n; i++) {
		const struct ak_rel *r = &x->rs->v[i];
		x->adj_off[CID(r->target) + 1]++;
		for (k = 0; k < r->nterms; k++)
			x->adj_off[CID(r->terms[k].c) + 1]++;
	}
	for (i = 0; i < x->ncells; i++)
		x->adj_off[i + 1] += x->adj_off[i];
	x->adj = ak_arena_array(x->a, x->adj_off[x->ncells] + 1, sizeof(uint32_t));
	if (!x->adj)
		return AK_ENOMEM;
	for (i = 0; i < x->rs->n; i++) {
		const struct ak_rel *r = &x->rs->v[i];
		size_t id = CID(r->target);
		x->adj[x->adj_off[id] + fill[id]++] = (uint32_t)i;
		for (k = 0; k < r->nterms; k++) {
			id = CID(r->terms[k].c);
			x->adj[x->adj_off[id] + fill[id]++] = (uint32_t)i;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ readings */

struct alt {
	int64_t v;
	enum ak_edit_kind kind;
	char digits[MAX_DIGITS + 2];
	int neg;
};

static int64_t digits_value(const char *d)
{
	int64_t v = 0;
	for (; *d; d++)
		v = v * 10 + (*d - '0');
	return v;
}

/* Digits of a cell as printed (decimals included), its sign, and the
 * factor from the printed digits to grid units. */
static int cell_digits(const struct ctx *x, struct ak_cref c, char *d, int *neg, int64_t *mul)
{
	const struct ak_gcell *e = gc(x, c);
	const struct ak_grid *g = &x->grids[c.grid];
	size_t n = 0;
	int k;
	*mul = 1;
	for (k = e->dec; k < g->dec && k < 18; k++)
		*mul *= 10;
	*neg = e->value < 0;
	if (e->text) {
		const char *p;
		for (p = e->text; *p && n < MAX_DIGITS; p++)
			if (*p >= '0' && *p <= '9')
				d[n++] = *p;
		if (*p)
			return -1;
		d[n] = '\0';
		/* The number reader may have read a letter as a digit ("-T1"
		 * is -71): readings start from the value, not the text. */
		if (n == 0 || n > 18 || abs64(e->value) % *mul != 0 ||
		    digits_value(d) != abs64(e->value) / *mul)
			n = 0;
	}
	if (n == 0) {
		char tmp[32];
		snprintf(tmp, sizeof(tmp), "%lld", (long long)abs64(e->value / *mul));
		for (k = 0; tmp[k] && n < MAX_DIGITS; k++)
			d[n++] = tmp[k];
	}
	d[n] = '\0';
	return n ? (int)n : -1;
}

/* Readings already generated, by value: a small open-addressing set so
 * that generation stays linear in the number of readings. */
#define SEEN_SLOTS 2048 /* > 2 * MAX_ALTS, power of two */
struct seenset {
	int64_t v[SEEN_SLOTS];
	unsigned char used[SEEN_SLOTS];
};

static int seen_add(struct seenset *s, int64_t v)
{
	uint64_t h = (uint64_t)v * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 53) & (SEEN_SLOTS - 1);
	while (s->used[i]) {
		if (s->v[i] == v)
			return 0;
		i = (i + 1) & (SEEN_SLOTS - 1);
	}
	s->used[i] = 1;
	s->v[i] = v;
	return 1;
}

static int add_alt(struct alt *alts, int *n, struct seenset *seen, const char *d, int neg,
                   int64_t mul, enum ak_edit_kind kind, int64_t printed)
{
	int64_t v;
	size_t len = strlen(d);
	if (*n >= MAX_ALTS || len == 0 || len > 18)
		return 0;
	if (len > 1 && d[0] == '0')
		return 0; /* no reading with a leading zero */
	v = digits_value(d) * mul;
	if (neg)
		v = -v;
	if (v == printed || !seen_add(seen, v))
		return 0; /* keep the first (highest prior) way to it */
	alts[*n].v = v;
	alts[*n].kind = kind;
	alts[*n].neg = neg;
	memcpy(alts[*n].digits, d, len + 1);
	(*n)++;
	return 0;
}

static int gen_alts(const struct ctx *x, struct ak_cref c, struct alt *alts)
{
	char d[MAX_DIGITS + 2], t[MAX_DIGITS + 3];
	int neg, n = 0, len, i, j;
	int64_t mul, printed = gc(x, c)->value;
	struct seenset seen;

	if ((len = cell_digits(x, c, d, &neg, &mul)) < 0)
		return 0;
	memset(seen.used, 0, sizeof(seen.used));
	if (printed != 0)
		add_alt(alts, &n, &seen, d, !neg, mul, AK_EDIT_SIGN, printed);
	for (i = 0; i < len; i++) { /* look-alike digits */
		const char *l = lookalike[d[i] - '0'];
		for (; *l; l++) {
			memcpy(t, d, (size_t)len + 1);
			t[i] = *l;
			add_alt(alts, &n, &seen, t, neg, mul, AK_EDIT_CONFUSED, printed);
		}
	}
	/* One glyph confused the same way more than once in a number ("7 377"
	 * read "1 311": every 7 read as 1): the same look-alike at two to all
	 * of a digit's places (at most 5 places, all subsets of them). */
	for (j = 0; j < 10; j++) {
		int pos[MAX_DIGITS], np = 0, m;
		const char *l;
		for (i = 0; i < len; i++)
			if (d[i] == '0' + j)
				pos[np++] = i;
		if (np < 2 || np > 5)
			continue;
		for (l = lookalike[j]; *l; l++)
			for (m = 1; m < (1 << np); m++) {
				int b, bits = 0;
				for (b = 0; b < np; b++)
					bits += (m >> b) & 1;
				if (bits < 2)
					continue;
				memcpy(t, d, (size_t)len + 1);
				for (b = 0; b < np; b++)
					if ((m >> b) & 1)
						t[pos[b]] = *l;
				add_alt(alts, &n, &seen, t, neg, mul, AK_EDIT_CONFUSED, printed);
			}
	}
	for (i = 0; i + 1 < len; i++) { /* adjacent swap */
		if (d[i] == d[i + 1])
			continue;
		memcpy(t, d, (size_t)len + 1);
		t[i] = d[i + 1];
		t[i + 1] = d[i];
		add_alt(alts, &n, &seen, t, neg, mul, AK_EDIT_SWAPPED, printed);
	}
	if (len > 1)
		for (i = 0; i < len; i++) { /* a digit too many */
			memcpy(t, d, (size_t)i);
			memcpy(t + i, d + i + 1, (size_t)(len - i));
			add_alt(alts, &n, &seen, t, neg, mul, AK_EDIT_ADDED, printed);
		}
	if (len < MAX_DIGITS - 1)
		for (i = 0; i <= len; i++) /* a digit lost */
			for (j = 0; j < 10; j++) {
				memcpy(t, d, (size_t)i);
				t[i] = (char)('0' + j);
				memcpy(t + i + 1, d + i, (size_t)(len - i) + 1);
				add_alt(alts, &n, &seen, t, neg, mul, AK_EDIT_DROPPED, printed);
			}
	for (i = 0; i < len; i++) /* any other digit */
		for (j = 0; j < 10; j++) {
			memcpy(t, d, (size_t)len + 1);
			t[i] = (char)('0' + j);
			add_alt(alts, &n, &seen, t, neg, mul, AK_EDIT_SUBST, printed);
		}
	return n;
}

/* ------------------------------------------------------------ candidates */

struct cand {
	struct ak_cref c;
	struct alt alt;
	int fixed, support, broken, prior;
	int64_t resid; /* sum of |difference| left over the relations through the cell */
	float conf;
};

static int better(const struct cand *a, const struct cand *b)
{
	if (a->fixed != b->fixed)
		return a->fixed > b->fixed;
	if (a->support != b->support)
		return a->support > b->support;
	/* two readings both within rounding ("3)" as 8 or 9 under a total
	 * of six lines): the one that leaves the relations closer to exact */
	if (a->resid != b->resid)
		return a->resid < b->resid;
	if (a->prior != b->prior)
		return a->prior > b->prior;
	if (a->conf != b->conf) {
		float ca = a->conf < 0 ? 101 : a->conf, cb = b->conf < 0 ? 101 : b->conf;
		return ca < cb;
	}
	return 0;
}

/* Is `want` the printed figure with a whole digit group lost?  A trailing
 * group ("3 765" read "3") or one to three leading digits ("7 797 178" read
 * "797 178"): what OCR does to digit groups it splits off or drops. */
static int group_lost(int64_t printed, int64_t want)
{
	int64_t p = abs64(printed), w = abs64(want), m;
	if ((printed < 0) != (want < 0) || w <= p || w > INT64_MAX / 1000)
		return 0;
	if (w / 1000 == p && p != 0)
		return 1;
	for (m = 1; m <= p && m < INT64_MAX / 10; m *= 10)
		;
	/* p has as many digits as m has zeros: w = lead * m + p, lead 1-999 */
	return m > 1 && w % m == p && w / m >= 1 && w / m <= 999 && p >= m / 10;
}

/* Readings solved from the failing relations through the cell: the value
 * that would make the relation hold, kept when it is the printed figure
 * with a digit group lost (the edit model cannot enumerate those). */
static int solved_alts(const struct ctx *x, struct ak_cref c, const unsigned char *failing,
                       struct alt *alts, int n)
{
	size_t id = CID(c), k, i;
	const struct ak_gcell *e = gc(x, c);
	if (e->dec != x->grids[c.grid].dec)
		return n;
	for (k = x->adj_off[id]; k < x->adj_off[id + 1] && n < MAX_ALTS; k++) {
		const struct ak_rel *r = &x->rs->v[x->adj[k]];
		struct eval ev;
		int64_t want = 0;
		int found = 0, j;
		if (!failing[x->adj[k]] || r->kind == AK_REL_SHARE || r->absolute)
			continue;
		ev = evaluate(x, r, NULL);
		if (same_cref(r->target, c)) {
			want = ev.expected;
			found = 1;
		} else {
			for (i = 0; i < r->nterms; i++)
				if (same_cref(r->terms[i].c, c)) {
					want = value(x, c, NULL) + r->terms[i].sign * ev.diff;
					found = 1;
					break;
				}
		}
		if (!found || !group_lost(value(x, c, NULL), want))
			continue;
		for (j = 0; j < n && alts[j].v != want; j++)
			;
		if (j < n)
			continue;
		memset(&alts[n], 0, sizeof(alts[n]));
		alts[n].v = want;
		alts[n].kind = AK_EDIT_GROUP;
		alts[n].neg = want < 0;
		snprintf(alts[n].digits, sizeof(alts[n].digits), "%lld", (long long)abs64(want));
		n++;
	}
	return n;
}

static void try_cell(const struct ctx *x, struct ak_cref c, const unsigned char *failing,
                     struct cand *top, int ntop, int *have, struct cand *local, int *haslocal)
{
	struct alt alts[MAX_ALTS];
	size_t id = CID(c), k;
	int n = gen_alts(x, c, alts), i, j;

	n = solved_alts(x, c, failing, alts, n);

	for (i = 0; i < n; i++) {
		struct override o;
		struct cand cd;
		o.on = 1;
		o.c = c;
		o.v = alts[i].v;
		memset(&cd, 0, sizeof(cd));
		for (k = x->adj_off[id]; k < x->adj_off[id + 1]; k++) {
			const struct ak_rel *r = &x->rs->v[x->adj[k]];
			struct eval e = evaluate(x, r, &o);
			cd.resid += abs64(e.diff);
			if (holds(&e)) {
				cd.support++;
				if (failing[x->adj[k]])
					cd.fixed++;
			} else if (!failing[x->adj[k]]) {
				cd.broken++;
			}
		}
		if (cd.fixed == 0 || cd.broken > 0)
			continue;
		cd.c = c;
		cd.alt = alts[i];
		cd.prior = edit_prior(alts[i].kind);
		cd.conf = gc(x, c)->conf;
		if (!*haslocal || better(&cd, local)) {
			*local = cd;
			*haslocal = 1;
		}
		/* insert into the sorted top list */
		if (*have < ntop) {
			j = (*have)++;
			top[j] = cd;
		} else if (better(&cd, &top[ntop - 1])) {
			j = ntop - 1;
			top[j] = cd;
		} else {
			continue;
		}
		for (; j > 0 && better(&top[j], &top[j - 1]); j--) {
			struct cand tmp = top[j];
			top[j] = top[j - 1];
			top[j - 1] = tmp;
		}
	}
}

/* ------------------------------------------------------------ formatting */

static const char *fmt_value(struct ak_arena *a, int64_t v, int dec)
{
	char d[40], out[64];
	int n, i, o = 0, intlen;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	n = snprintf(d, sizeof(d), "%llu", (unsigned long long)u);
	while (n <= dec) { /* pad "5" with dec 1 to "05" */
		memmove(d + 1, d, (size_t)n + 1);
		d[0] = '0';
		n++;
	}
	intlen = n - dec;
	if (v < 0)
		out[o++] = '-';
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			out[o++] = ' ';
		out[o++] = d[i];
	}
	if (dec > 0) {
		out[o++] = ',';
		for (; i < n; i++)
			out[o++] = d[i];
	}
	out[o] = '\0';
	return ak_arena_strdup(a, out);
}

/* ------------------------------------------------------------ classify */

static int push_check(struct ak_arena *a, struct ak_checklist *out, const struct ak_check *c)
{
	if (out->n == out->cap) {
		void *nv = ak_arena_grow(a, out->v, out->n, &out->cap, sizeof(*out->v));
		if (!nv)
			return AK_ENOMEM;
		out->v = nv;
	}
	out->v[out->n++] = *c;
	return 0;
}

#define NTOP 4

#define MAX_PAIR_CELLS 48

static enum ak_check_class class_of(const struct ctx *x, const struct cand *c)
{
	if (c->alt.kind == AK_EDIT_SIGN)
		return AK_CHK_SIGN;
	return x->grids[c->c.grid].src == AK_GRID_DIGITAL ? AK_CHK_GENUINE : AK_CHK_MISREAD;
}

/* Do all relations through cell c hold (with the readings applied)?
 * Counts them in *n and the failing ones among them in *fixed. */
static int all_hold(const struct ctx *x, struct ak_cref c, const unsigned char *failing,
                    int *n, int *fixed)
{
	size_t id = cell_id(x, c), k;
	*n = *fixed = 0;
	for (k = x->adj_off[id]; k < x->adj_off[id + 1]; k++) {
		struct eval e = evaluate(x, &x->rs->v[x->adj[k]], NULL);
		if (!holds(&e))
			return 0;
		(*n)++;
		*fixed += failing[x->adj[k]];
	}
	return 1;
}

static void mark(struct ctx *x, struct ak_arena *a, struct ak_check *ck, const unsigned char *failing,
                 unsigned char *explained, const struct cand *c, int support, const struct cand *other)
{
	size_t id = cell_id(x, c->c), k;
	const struct ak_grid *g = &x->grids[c->c.grid];
	enum ak_check_class cls = class_of(x, c);
	const char *sugg = fmt_value(a, c->alt.v, g->dec - gc(x, c->c)->dec);
	for (k = x->adj_off[id]; k < x->adj_off[id + 1]; k++) {
		size_t ri = x->adj[k];
		struct ak_check *ch = &ck[ri];
		if (!failing[ri] || explained[ri])
			continue;
		explained[ri] = 1;
		ch->cls = cls;
		ch->has_suspect = 1;
		ch->suspect = c->c;
		ch->suggested = c->alt.v;
		ch->suggested_text = sugg;
		ch->edit = c->alt.kind;
		ch->support = support;
		ch->rank = 1;
		ch->evidence = ak_arena_printf(a,
			"%s%s reading %s (%s), together with %s reading %s at row %u col %u, makes "
			"every relation through both cells hold (%d through this one): two misreads",
			cls == AK_CHK_GENUINE ? "born-digital source, likely typos: " : "",
			gc(x, c->c)->text ? gc(x, c->c)->text : "?", sugg, ak_edit_name(c->alt.kind),
			gc(x, other->c)->text ? gc(x, other->c)->text : "?",
			fmt_value(a, other->alt.v, x->grids[other->c.grid].dec - gc(x, other->c)->dec),
			other->c.row + 1, other->c.col + 1, support);
	}
}

static int explain_pair(struct ctx *x, struct ak_arena *a, struct ak_check *ck,
                        const unsigned char *failing, unsigned char *explained,
                        const struct cand *pc, size_t n)
{
	size_t i, j, bi = 0, bj = 0;
	int best = -1, bsi = 0, bsj = 0;
	if (x->nfix + 2 > sizeof(x->fix) / sizeof(x->fix[0]))
		return 0;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			int ni, nj, fi, fj, score;
			if (same_cref(pc[i].c, pc[j].c) || pc[i].prior < 3 || pc[j].prior < 3)
				continue;
			x->fix[x->nfix].on = x->fix[x->nfix + 1].on = 1;
			x->fix[x->nfix].c = pc[i].c;
			x->fix[x->nfix].v = pc[i].alt.v;
			x->fix[x->nfix + 1].c = pc[j].c;
			x->fix[x->nfix + 1].v = pc[j].alt.v;
			x->nfix += 2;
			if (all_hold(x, pc[i].c, failing, &ni, &fi) &&
			    all_hold(x, pc[j].c, failing, &nj, &fj) && ni >= 2 && nj >= 2) {
				score = (fi + fj) * 100 + pc[i].prior + pc[j].prior;
				if (score > best) {
					best = score;
					bi = i;
					bj = j;
					bsi = ni;
					bsj = nj;
				}
			}
			x->nfix -= 2;
		}
	if (best < 0)
		return 0;
	x->fix[x->nfix].on = x->fix[x->nfix + 1].on = 1;
	x->fix[x->nfix].c = pc[bi].c;
	x->fix[x->nfix].v = pc[bi].alt.v;
	x->fix[x->nfix + 1].c = pc[bj].c;
	x->fix[x->nfix + 1].v = pc[bj].alt.v;
	x->nfix += 2;
	mark(x, a, ck, failing, explained, &pc[bi], bsi, &pc[bj]);
	mark(x, a, ck, failing, explained, &pc[bj], bsj, &pc[bi]);
	return 1;
}

int ak_checks_classify(struct ak_arena *a, const struct ak_grid *grids, size_t ngrids,
                       const struct ak_relset *rs, struct ak_checklist *out)
{
	struct ctx x;
	const struct ctx *xp;
	struct ak_check *ck;
	unsigned char *failing, *explained;
	size_t i, k, round;
	int rc;

	memset(&x, 0, sizeof(x));
	xp = &x;
	x.a = a;
	x.grids = grids;
	x.ngrids = ngrids;
	x.rs = rs;
	if (rs->n == 0)
		return 0;
	if ((rc = build_index(&x)) != 0)
		return rc;
	ck = ak_arena_array(a, rs->n, sizeof(*ck));
	failing = ak_arena_array(a, rs->n, 1);
	explained = ak_arena_array(a, rs->n, 1);
	if (!ck || !failing || !explained)
		return AK_ENOMEM;

	for (i = 0; i < rs->n; i++) {
		const struct ak_rel *r = &rs->v[i];
		struct eval e = evaluate(&x, r, NULL);
		ck[i].kind = r->kind;
		ck[i].rule = r->rule;
		ck[i].target = r->target;
		ck[i].terms = r->terms;
		ck[i].nterms = r->nterms;
		ck[i].expected = e.expected;
		ck[i].printed = e.printed;
		ck[i].diff = e.diff;
		ck[i].tol = e.tol;
		ck[i].dec = grids[r->target.grid].dec;
		if (e.diff == 0)
			ck[i].cls = AK_CHK_HELD;
		else if (holds(&e))
			ck[i].cls = AK_CHK_ROUNDING;
		else {
			ck[i].cls = AK_CHK_GENUINE;
			failing[i] = 1;
		}
	}

	/* Explain failing relations greedily, best single-cell change first. */
	for (round = 0; round < 64; round++) {
		struct cand top[NTOP], percell[MAX_PAIR_CELLS];
		int have = 0;
		size_t npc = 0;
		const struct cand *b;
		enum ak_check_class cls;
		const struct ak_grid *g;
		size_t nfail = 0;
		unsigned char *seen = ak_arena_array(a, x.ncells + 1, 1);
		if (!seen)
			return AK_ENOMEM;
		for (i = 0; i < rs->n; i++) {
			const struct ak_rel *r = &rs->v[i];
			if (!failing[i] || explained[i])
				continue;
			nfail++;
			if (r->nterms > MAX_TRY_TERMS)
				continue; /* too long to locate one cell in: stays genuine */
			for (k = 0; k <= r->nterms; k++) {
				struct ak_cref cc = k == 0 ? r->target : r->terms[k - 1].c;
				struct cand local;
				int haslocal = 0;
				if (seen[cell_id(xp, cc)])
					continue;
				seen[cell_id(xp, cc)] = 1;
				try_cell(&x, cc, failing, top, NTOP, &have, &local, &haslocal);
				if (haslocal && npc < MAX_PAIR_CELLS)
					percell[npc++] = local;
			}
		}
		if (nfail == 0 || have == 0)
			break;
		b = &top[0];
		/* One relation cannot tell which of its cells is wrong, except a
		 * sign: a difference of exactly twice one figure is no accident. */
		if (b->support < 2 && !(b->alt.kind == AK_EDIT_SIGN &&
		                        (have < 2 || top[1].alt.kind != AK_EDIT_SIGN ||
		                         better(b, &top[1])))) {
			/* Two misreads in one table: two readings that together
			 * make every relation through both cells hold. */
			if (explain_pair(&x, a, ck, failing, explained, percell, npc))
				continue;
			break;
		}
		g = &grids[b->c.grid];
		if (b->alt.kind == AK_EDIT_SIGN)
			cls = AK_CHK_SIGN;
		else if (g->src == AK_GRID_DIGITAL)
			cls = AK_CHK_GENUINE;
		else
			cls = AK_CHK_MISREAD;
		{
			size_t id = cell_id(xp, b->c);
			const char *sugg = fmt_value(a, b->alt.v, g->dec - gc(&x, b->c)->dec);
			char alts[256];
			int o = 0, j;
			for (j = 1; j < have && o < (int)sizeof(alts) - 80; j++) {
				const struct ak_grid *gj = &grids[top[j].c.grid];
				o += snprintf(alts + o, sizeof(alts) - (size_t)o,
				              "%s r%uc%u=%s (%s)", j > 1 ? ";" : "",
				              top[j].c.row + 1, top[j].c.col + 1,
				              fmt_value(a, top[j].alt.v, gj->dec - gc(&x, top[j].c)->dec),
				              ak_edit_name(top[j].alt.kind));
			}
			alts[o] = '\0';
			for (k = x.adj_off[id]; k < x.adj_off[id + 1]; k++) {
				size_t ri = x.adj[k];
				struct ak_check *c = &ck[ri];
				if (!failing[ri] || explained[ri])
					continue;
				explained[ri] = 1;
				c->cls = cls;
				c->has_suspect = 1;
				c->suspect = b->c;
				c->suggested = b->alt.v;
				c->suggested_text = sugg;
				c->edit = b->alt.kind;
				c->support = b->support;
				c->rank = 1;
				c->evidence = ak_arena_printf(a,
					"%s%s reading %s (%s) makes %d relation%s through the cell hold%s%s",
					cls == AK_CHK_GENUINE ? "born-digital source, likely a typo: " : "",
					gc(&x, b->c)->text ? gc(&x, b->c)->text : "?", sugg,
					ak_edit_name(b->alt.kind), b->support, b->support == 1 ? "" : "s",
					o ? "; other readings:" : "", alts);
			}
		}
		if (x.nfix < sizeof(x.fix) / sizeof(x.fix[0])) {
			x.fix[x.nfix].on = 1;
			x.fix[x.nfix].c = b->c;
			x.fix[x.nfix].v = b->alt.v;
			x.nfix++;
		}
		/* Relations that now hold under the applied readings are explained. */
		for (i = 0; i < rs->n; i++)
			if (failing[i] && !explained[i]) {
				struct eval e = evaluate(&x, &rs->v[i], NULL);
				if (holds(&e))
					explained[i] = 1;
			}
	}

	/* What is left is genuine.  Name the cell when the failing relations
	 * of one grid share exactly one cell and agree on its true value. */
	for (i = 0; i < rs->n; i++) {
		const struct ak_rel *r = &rs->v[i];
		struct eval e;
		if (!failing[i] || ck[i].has_suspect)
			continue;
		e = evaluate(&x, r, NULL);
		ck[i].cls = holds(&e) ? AK_CHK_ROUNDING : AK_CHK_GENUINE;
		if (ck[i].cls == AK_CHK_GENUINE)
			ck[i].evidence = ak_arena_printf(a,
				"off by %s: no single plausible change to one printed figure explains it",
				fmt_value(a, ck[i].diff, ck[i].dec));
	}

	/* One finding per suspect cell: group the checks that name it. */
	for (i = 0; i < rs->n; i++) {
		ck[i].finding = SIZE_MAX;
		ck[i].finding_first = 0;
		if (ck[i].cls == AK_CHK_HELD)
			continue;
		if (ck[i].has_suspect)
			for (k = 0; k < i; k++)
				if (ck[k].has_suspect && ck[k].cls == ck[i].cls &&
				    same_cref(ck[k].suspect, ck[i].suspect)) {
					ck[i].finding = ck[k].finding;
					break;
				}
		if (ck[i].finding != SIZE_MAX)
			continue;
		ck[i].finding = out->nfindings++;
		ck[i].finding_first = 1;
		switch (ck[i].cls) {
		case AK_CHK_ROUNDING: out->f_rounding++; break;
		case AK_CHK_MISREAD: out->f_misread++; break;
		case AK_CHK_SIGN: out->f_sign++; break;
		default: out->f_genuine++; break;
		}
	}
	for (i = 0; i < rs->n; i++) {
		switch (ck[i].cls) {
		case AK_CHK_HELD: out->held++; break;
		case AK_CHK_ROUNDING: out->rounding++; break;
		case AK_CHK_MISREAD: out->misread++; break;
		case AK_CHK_SIGN: out->sign++; break;
		case AK_CHK_GENUINE: out->genuine++; break;
		}
		if ((rc = push_check(a, out, &ck[i])) != 0)
			return rc;
	}
	return 0;
}

int ak_checks_run(struct ak_arena *a, const struct ak_grid *grids, size_t ngrids,
                  struct ak_checklist *out)
{
	struct ak_relset rs;
	size_t i;
	int rc;
	memset(&rs, 0, sizeof(rs));
	for (i = 0; i < ngrids; i++)
		if ((rc = ak_rel_discover(a, grids, i, &rs)) != 0)
			return rc;
	if ((rc = ak_rel_discover_cross(a, grids, ngrids, &rs)) != 0)
		return rc;
	return ak_checks_classify(a, grids, ngrids, &rs, out);
}
