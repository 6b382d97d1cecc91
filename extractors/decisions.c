/*
 * decisions.c - what was proposed and decided in each item of minutes:
 * proposals ("Förslag till beslut", "Styrelsen föreslås besluta"),
 * decisions ("Styrelsen beslutar/beslutade att ...", one per point of a
 * numbered or "att" list), conditions ("under förutsättning att"), the type
 * of each with the phrase that decided it, amounts and dates mentioned,
 * delegation decisions reported, reservations, protokollsanteckningar,
 * votes, "Övriga frågor", and whether a decision follows the proposal.
 *
 * Why a unit of its own: it is a small state machine over the paragraphs
 * of one item (marker -> text -> list points) with its own pattern tables;
 * sections and metadata do not depend on it.
 *
 * Invariants: a decision's span is a paragraph or a list point of the
 * flowed text mapped back to d->text, so it never contains page furniture
 * in its text; patterns tolerate the OCR damage seen on real scans
 * ("F[oöé]rslag", "besluta[rt]", "l&gga").  Types come from the first row
 * of type_rx that matches (rows run from the most to the least specific).
 */
#include "structure_int.h"

#include <stdlib.h>
#include <string.h>

static const struct ak_rx_def marker_rx[] = {
	{ "proposal-heading",
	  "(?:F[oöé]rslag\\s+till\\s+beslut|Beslutsf[oöé]rslag|(?:Kansliets|F[oöé]rvaltningens|Ordf[oöé]randens|F[oöé]rbundschefens)\\s+f[oöé]rslag(?:\\s+till\\s+beslut)?)\\s*:?\\s*",
	  AK_RX_I },
	{ "proposal-foreslas",
	  "(?:[\\p{L}-]+\\s+){0,3}?f[oöé]resl[aåé]s\\s+(?:besluta|att)\\b\\s*(?:att\\b)?\\s*:?\\s*", AK_RX_I },
	/* OCR adds specks around a marker heading ("--Nämndens beslut -",
	 * "Styrelsen beslutar |") */
	{ "decision-label",
	  "[-–|.'‘’]{0,3}(?:\\p{Lu}[^\\n]{0,80}?(?:s|ens|ets)\\s+[Bb]eslut|Beslut)\\s*[:|.,–-]{0,2}\\s*$", 0 },
	{ "decision-beslutar",
	  "[-–|.'‘’]{0,3}(?=\\p{Lu})(?:[\\p{L}-]+\\s+){0,3}?(?:beslutar|beslutade|beslöt|besluta[rt])\\b\\s*[:|]?\\s*", 0 },
	{ "decision-justerare-utses",
	  "Till\\s+justerare\\b.{0,80}?\\buts\\p{L}{1,3}\\b", AK_RX_I },
	{ "decision-utses", "(?:.{0,120}?)\\b(?:utses|valdes|v[aä]ljs)\\s+(?:till|att)\\b", 0 },
	{ "other-question", "[OÖ]vrig(?:a)?\\s+fr[aå]g(?:a|or)\\b", AK_RX_I },
	{ "reservation", ".{0,200}?\\breserver(?:ar|ade)\\s+sig\\b", AK_RX_I },
	{ "protokollsanteckning", ".{0,200}?\\bprotokollsanteckning", AK_RX_I },
	{ "vote", ".{0,200}?\\b(?:omr[oö]stning|votering|r[oö]stade)\\b", AK_RX_I },
	{ "list-att", "[Aa]tt\\s+", 0 },
	{ "list-number", "(\\d{1,2})[.)]\\s+", 0 },
	{ "ends-att", "(?:\\batt|:)\\s*$", 0 },
	{ "mote-avslutas", "(?:M[oö]tet|Sammantr[aä]det)\\s+(?:avslutas|avslutades|f[oö]rklaras\\s+avslutat)", AK_RX_I },
	{ "kind-heading",
	  "(?:(Reservation)(?:er)?|(Omr[oö]stning|Votering)|(Protokollsanteckning)(?:ar)?)\\s*:?\\s*$", AK_RX_I },
	{ "delegation-mention", ".{0,200}?(?:delegationsbeslut|p[aå]\\s+delegation|delegeringsbeslut|med\\s+st[oö]d\\s+av\\s+delegationsordningen)", AK_RX_I },
	{ "enligt-forslaget", ".{0,120}?\\b(?:i\\s+enlighet\\s+med|enligt)\\s+(?:\\p{L}+\\s+)?f[oö]rslage[tn]\\b\\s*\\.?\\s*$", AK_RX_I },
};
enum { M_PROP, M_FORESLAS, M_DLABEL, M_BESLUTAR, M_JUST, M_UTSES, M_OQ, M_RES, M_NOTE,
       M_VOTE, M_ATT, M_NUM, M_ENDSATT, M_AVSLUTAS, M_KHEAD, M_DELEG, M_ENLIGT };

/* Decision types, most specific first. */
static const struct ak_rx_def type_rx[] = {
	{ "type-budget",
	  "(?:godk\\S*nn|fastst\\S*ll|anta[rs]?\\b|antog|antagen|bifall).{0,80}?(?:budget|verksamhetsplan)"
	  "|\\b(?:budget|verksamhetsplan)\\S*.{0,80}?(?:godk\\S*nn|fastst\\S*ll|antas|antogs|antagen|anta\\b)",
	  AK_RX_I },
	{ "type-policy",
	  "(?:godk\\S*nn\\p{L}*|fastst\\S*ll\\p{L}*|anta[rs]?|antog|antagen)\\s+(?:\\S+\\s+){0,3}?\\S*(?:policy|riktlinje|delegationsordning|f[oö]rbundsordning|reglemente|arbetsordning|attestordning|plan\\s+f[oö]r)"
	  "|(?:policy|riktlinje|delegationsordning|f[oö]rbundsordning|reglemente|arbetsordning|attestordning)\\S*.{0,80}?(?:godk\\S*nn|fastst\\S*ll|antas|antogs|antagen)"
	  "|\\banta[rs]?\\s+(?:\\S+\\s+){0,2}?\\S*plan",
	  AK_RX_I },
	{ "type-appointment",
	  "\\b(?:uts\\p{L}{1,3}|utse|valdes|v[aä]ljs|v[aä]lja|v[aä]ljer|utnämn\\p{L}*|entledig\\p{L}*)\\b", AK_RX_I },
	{ "type-assignment",
	  "\\buppdra(?:r|s|git)?\\b|\\bi\\s+uppdrag\\b|\\buppdraget\\b|\\b(?:ge|ges|gav)\\s+(?:kansliet|f[oö]rbundschefen|f[oö]rvaltningen)\\b",
	  AK_RX_I },
	{ "type-funding",
	  "\\b(?:bevilja\\p{L}*|anslå\\p{L}*|finansiera\\p{L}*|medfinansier\\p{L}*|k[oö]pa|k[oö]p\\s+av|upphandl\\p{L}*|avs[aä]tt\\p{L}*|tilldela\\p{L}*)\\b|\\bi\\s+ansp\\S*k\\b",
	  AK_RX_I },
	{ "type-approval",
	  "\\b(?:godk\\S*nn\\p{L}*|fastst\\S*ll\\p{L}*|anta[rs]?|antog|bifall\\p{L}*|till\\S*styrk\\p{L}*|\\S*ndra)\\b", AK_RX_I },
	{ "type-information-noted",
	  "till\\s+handlingarna|\\bnoter\\p{L}*\\s+informationen|\\btack(?:a|ar)\\s+f[oö]r\\s+informationen|\\binformationen\\s+(?:noteras|godtas)",
	  AK_RX_I },
};
static const enum ak_dec_type type_of_row[] = {
	AK_DT_BUDGET, AK_DT_POLICY, AK_DT_APPOINTMENT, AK_DT_ASSIGNMENT, AK_DT_FUNDING,
	AK_DT_APPROVAL, AK_DT_INFO_NOTED
};

static const struct ak_rx_def detail_rx[] = {
	{ "condition", "\\bunder\\s+f[oöé]ruts[aäé]ttning\\s+att\\b[^.;]*", AK_RX_I },
	{ "amount",
	  "(?<![\\d,])(\\d{1,3}(?:[ \\x{a0}]\\d{3})+|\\d+)(?:,(\\d{1,3}))?\\s*(kr\\b|kronor\\b|tkr\\b|t\\.?\\s?kr\\b|mkr\\b|m\\.?\\s?kr\\b|miljoner(?:\\s+kronor)?|mnkr\\b|miljarder)",
	  AK_RX_I },
	{ "date-iso", "\\b(\\d{4})-(\\d{2})-(\\d{2})\\b", 0 },
	{ "date-sv",
	  "\\b(\\d{1,2})\\s+(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)(?:\\s+(\\d{4}))?\\b",
	  AK_RX_I },
};
enum { DT_COND, DT_AMOUNT, DT_ISO, DT_SV };

struct dstate {
	struct st_work *w;
	const struct ak_rx_set *mk, *ty, *dt;
	size_t sec;
};

static int is_wordbyte(char c)
{
	return ((unsigned char)c >= 0x80) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Same word up to inflection: equal, or both >= 6 bytes sharing the first
 * six ("godkänns"/"godkänna", "information"/"informationen"). */
static int same_word(const char *p, size_t n, const char *q, size_t m)
{
	size_t k, lim = n;
	if (n >= 6 && m >= 6)
		lim = 6;
	else if (n != m)
		return 0;
	for (k = 0; k < lim; k++)
		if (lower_ascii((unsigned char)p[k]) != lower_ascii((unsigned char)q[k]))
			return 0;
	return 1;
}

/* Share of the proposal's content words (>= 4 letters) that the decision
 * repeats: 1.0 when the proposal has none. */
static double overlap(const char *a, const char *b)
{
	size_t inter = 0, na = 0;
	const char *p, *q;
	for (p = a; *p;) {
		size_t n;
		while (*p && !is_wordbyte(*p))
			p++;
		for (n = 0; p[n] && is_wordbyte(p[n]); n++)
			;
		if (n >= 4) {
			na++;
			for (q = b; *q;) {
				size_t m;
				while (*q && !is_wordbyte(*q))
					q++;
				for (m = 0; q[m] && is_wordbyte(q[m]); m++)
					;
				if (m >= 4 && same_word(p, n, q, m)) {
					inter++;
					break;
				}
				q += m;
			}
		}
		p += n;
	}
	return na ? (double)inter / (double)na : 1.0;
}

static int64_t scale_amount(struct ak_span whole, struct ak_span frac, struct ak_span unit, int *ok)
{
	int64_t v = 0, f = 0, mult = 1, fdiv = 1;
	const char *p = whole.p;
	size_t k;
	char u0;
	*ok = 0;
	if (!p || st_parse_int(&p, whole.p + whole.n, &v))
		return 0;
	if (frac.p) {
		p = frac.p;
		if (st_parse_int(&p, frac.p + frac.n, &f))
			return 0;
		for (k = 0; k < frac.n; k++)
			fdiv *= 10;
	}
	u0 = unit.n ? unit.p[0] : 'k';
	if (u0 == 'k' || u0 == 'K')
		mult = 1;
	else if (u0 == 't' || u0 == 'T')
		mult = 1000;
	else if (unit.n >= 9 && (unit.p[6] == 'r' || unit.p[6] == 'R') && unit.p[5] == 'a')
		mult = 1000000000; /* miljarder */
	else
		mult = 1000000;
	if (v > INT64_MAX / mult)
		return 0;
	v *= mult;
	if (frac.p) {
		if (mult < fdiv) /* "12,50 kr": öre are not kept */
			f = f * mult / fdiv;
		else
			f = f * (mult / fdiv);
		if (v > INT64_MAX - f)
			return 0;
		v += f;
	}
	*ok = 1;
	return v;
}

static int details(struct dstate *s, struct ak_decision *dc, size_t p, const char *t, size_t n)
{
	struct st_work *w = s->w;
	struct doc *d = w->d;
	struct ak_rx_match m;
	size_t pos, cap_a = 0, cap_d = 0, base = 0;
	int rc;

	/* t points into the paragraph's flowed text at offset base */
	base = (size_t)(t - w->meta->paras[p].text);
	if ((rc = ak_rx_exec(s->dt, DT_COND, t, n, 0, &m)) < 0)
		return rc;
	if (rc)
		dc->condition = st_clean_dup(d, t + m.so, m.eo - m.so);
	for (pos = 0; (rc = ak_rx_exec(s->dt, DT_AMOUNT, t, n, pos, &m)) == 1; pos = m.eo) {
		int ok;
		int64_t v = scale_amount(ak_rx_group(&m, t, 1), ak_rx_group(&m, t, 2),
		                         ak_rx_group(&m, t, 3), &ok);
		struct ak_amount *a;
		if (!ok)
			continue;
		if (!(a = st_push(d, (void **)&dc->amounts, &dc->namounts, &cap_a, sizeof(*a))))
			return AK_ENOMEM;
		a->kr = v;
		a->start = st_map(w, p, base + m.so);
		a->end = st_map(w, p, base + m.eo - 1) + 1;
	}
	if (rc < 0)
		return rc;
	for (pos = 0; (rc = ak_rx_earliest(s->dt, t, n, pos, &m)) == 1; pos = m.eo) {
		const char *iso = NULL;
		const char **slot;
		if (m.idx == DT_ISO) {
			const char *c1 = t + m.gs[1], *c2 = t + m.gs[2], *c3 = t + m.gs[3];
			int64_t y, mo, dd;
			if (st_parse_int(&c1, t + m.ge[1], &y) || st_parse_int(&c2, t + m.ge[2], &mo) ||
			    st_parse_int(&c3, t + m.ge[3], &dd))
				continue;
			iso = st_iso_date(d, y, mo, dd);
		} else if (m.idx == DT_SV) {
			const char *c1 = t + m.gs[1];
			int64_t y = 0, dd;
			if (st_parse_int(&c1, t + m.ge[1], &dd))
				continue;
			if (m.gs[3] != SIZE_MAX) {
				const char *c3 = t + m.gs[3];
				if (st_parse_int(&c3, t + m.ge[3], &y))
					continue;
			}
			iso = st_iso_date(d, y, st_month(t + m.gs[2], m.ge[2] - m.gs[2]), dd);
		} else {
			continue;
		}
		if (!iso)
			continue;
		if (!(slot = st_push(d, (void **)&dc->dates, &dc->ndates, &cap_d, sizeof(*slot))))
			return AK_ENOMEM;
		*slot = iso;
	}
	return rc < 0 ? rc : 0;
}

/* Add a decision-like record for flowed text t[0..n) of paragraph p. */
static int add(struct dstate *s, enum ak_dec_kind kind, size_t p, const char *t, size_t n,
               const char *rule, int point)
{
	struct st_work *w = s->w;
	struct doc *d = w->d;
	struct ak_decision *dc;
	struct ak_rx_match m;
	size_t base, r;
	int rc;

	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	while (n && (*t == ' ' || *t == '\t'))
		t++, n--;
	if (!n)
		return 0;
	base = (size_t)(t - w->meta->paras[p].text);
	dc = st_push(d, (void **)&d->decisions, &d->ndecisions, &w->cap_decisions, sizeof(*dc));
	if (!dc)
		return AK_ENOMEM;
	dc->kind = kind;
	dc->section = s->sec;
	dc->point = point;
	dc->start = st_map(w, p, base);
	dc->end = st_map(w, p, base + n - 1) + 1;
	dc->text = st_clean_dup(d, t, n);
	dc->rule = rule;
	dc->follows = -1;
	dc->page = st_page_of(w, dc->start);
	if (!dc->text)
		return AK_ENOMEM;
	for (r = 0; r < ak_rx_size(s->ty); r++) {
		if ((rc = ak_rx_exec(s->ty, r, t, n, 0, &m)) < 0)
			return rc;
		if (rc) {
			dc->type = type_of_row[r];
			dc->type_rule = m.rule;
			dc->type_phrase = st_clean_dup(d, t + m.so, m.eo - m.so);
			break;
		}
	}
	return details(s, dc, p, t, n);
}

enum mode { MD_NONE, MD_PROP, MD_DEC, MD_PROP_DONE, MD_DEC_DONE };

static int is_list_point(struct dstate *s, const char *t, size_t n, struct ak_rx_match *m)
{
	int rc;
	if ((rc = ak_rx_at(s->mk, M_NUM, t, n, 0, m)) != 0)
		return rc;
	return ak_rx_at(s->mk, M_ATT, t, n, 0, m);
}

/* A decision that names other amounts than the proposal does not follow
 * it (150 000 kr proposed, 120 000 kr granted). */
static int same_amounts(const struct ak_decision *a, const struct ak_decision *b)
{
	size_t i;
	if (a->namounts != b->namounts)
		return a->namounts == 0 || b->namounts == 0;
	for (i = 0; i < a->namounts; i++)
		if (a->amounts[i].kr != b->amounts[i].kr)
			return 0;
	return 1;
}

/* Decisions of the paragraphs [p0, p1) of one section. */
static int section_decisions(struct dstate *s, size_t p0, size_t p1, int delegation, int oq)
{
	struct st_work *w = s->w;
	struct ak_meta *mt = w->meta;
	enum ak_dec_kind pending = AK_DEC_PROPOSAL; /* PROPOSAL = none pending */
	const char *pending_rule = NULL;
	enum mode mode = MD_NONE;
	size_t p, first = w->d->ndecisions;
	int point = 0, rc, list_pending = 0, seen_marker = 0, has_marker = 0;
	size_t oq_open = 0; /* 1 + index of an open "Övrig fråga ...:" record */

	/* does the item print a decision of its own?  (then "NN utses ..." in
	 * the body is narrative, not the decision) */
	for (p = p0; p < p1 && !has_marker; p++) {
		const char *t = mt->paras[p].text;
		struct ak_rx_match m;
		size_t n = strlen(t);
		if ((rc = ak_rx_at(s->mk, M_BESLUTAR, t, n, 0, &m)) < 0 ||
		    (!rc && (rc = ak_rx_at(s->mk, M_DLABEL, t, n, 0, &m)) < 0))
			return rc;
		has_marker = rc;
	}

	for (p = p0; p < p1; p++) {
		const struct ak_para *pa = &mt->paras[p];
		const char *t = pa->text;
		size_t n = strlen(t);
		struct ak_rx_match m;
		enum ak_dec_kind cur = (mode == MD_PROP || mode == MD_PROP_DONE) ? AK_DEC_PROPOSAL
		                                                                   : AK_DEC_DECISION;

		if ((rc = ak_rx_at(s->mk, M_KHEAD, t, n, 0, &m)) != 0) {
			/* "Reservation" / "Omröstning" as a heading: the next
			 * paragraph is the reservation or the vote */
			if (rc < 0)
				return rc;
			pending = m.gs[1] != SIZE_MAX ? AK_DEC_RESERVATION
			        : m.gs[2] != SIZE_MAX ? AK_DEC_VOTE : AK_DEC_NOTE;
			pending_rule = m.rule;
			continue;
		}
		if (pending != AK_DEC_PROPOSAL) {
			if ((rc = add(s, pending, p, t, n, pending_rule, 0)) != 0)
				return rc;
			pending = AK_DEC_PROPOSAL;
			continue;
		}
		if (oq) {
			if ((rc = ak_rx_at(s->mk, M_AVSLUTAS, t, n, 0, &m)) < 0)
				return rc;
			if (!rc && (rc = add(s, AK_DEC_OTHER_QUESTION, p, t, n, "other-question-item", 0)) != 0)
				return rc;
			continue;
		}
		if ((rc = ak_rx_at(s->mk, M_OQ, t, n, 0, &m)) != 0) {
			if (rc < 0)
				return rc;
			if ((rc = add(s, AK_DEC_OTHER_QUESTION, p, t, n, m.rule, 0)) != 0)
				return rc;
			mode = MD_NONE;
			/* "Övrig fråga från NN:" - the question follows */
			oq_open = n && t[n - 1] == ':' ? w->d->ndecisions : 0;
			continue;
		}
		if (oq_open) {
			/* the question belongs to the heading's record */
			struct ak_decision *q = &w->d->decisions[oq_open - 1];
			const char *nt = ak_arena_printf(&w->d->arena, "%s %s", q->text, t);
			oq_open = 0;
			if (!nt)
				return AK_ENOMEM;
			q->text = nt;
			q->end = pa->end;
			continue;
		}
		if ((rc = ak_rx_at(s->mk, M_PROP, t, n, 0, &m)) != 0 ||
		    (rc = ak_rx_at(s->mk, M_FORESLAS, t, n, 0, &m)) != 0) {
			if (rc < 0)
				return rc;
			seen_marker = 1;
			mode = MD_PROP;
			point = 0;
			list_pending = 0;
			if (m.eo < n) {
				/* "Styrelsen föreslås besluta att den nya ..." */
				size_t from = m.idx == M_FORESLAS ? 0 : m.eo;
				struct ak_rx_match e;
				if ((rc = ak_rx_exec(s->mk, M_ENDSATT, t, n, 0, &e)) < 0)
					return rc;
				if (rc && e.so <= m.eo) {
					list_pending = 1;
					continue;
				}
				if ((rc = add(s, AK_DEC_PROPOSAL, p, t + from, n - from, m.rule, 0)) != 0)
					return rc;
				mode = MD_PROP_DONE;
			}
			continue;
		}
		if ((rc = ak_rx_at(s->mk, M_DLABEL, t, n, 0, &m)) != 0) {
			if (rc < 0)
				return rc;
			seen_marker = 1;
			mode = MD_DEC;
			point = 0;
			continue;
		}
		if ((rc = ak_rx_at(s->mk, M_BESLUTAR, t, n, 0, &m)) != 0) {
			struct ak_rx_match e;
			if (rc < 0)
				return rc;
			seen_marker = 1;
			point = 0;
			if (m.eo >= n || t[m.eo - 1] == ':' || (t[n - 1] == ':' && m.eo + 2 >= n)) {
				mode = MD_DEC; /* "Styrelsen beslutar:" */
				continue;
			}
			if ((rc = ak_rx_exec(s->mk, M_ENDSATT, t, n, 0, &e)) < 0)
				return rc;
			if (rc && n - e.so < 6) {
				/* "... styrelse beslutar att" + a list */
				mode = MD_DEC;
				list_pending = 1;
				continue;
			}
			if ((rc = add(s, AK_DEC_DECISION, p, t, n, "decision-beslutar", 0)) != 0)
				return rc;
			mode = MD_DEC_DONE;
			continue;
		}
		if (!has_marker && ((rc = ak_rx_at(s->mk, M_JUST, t, n, 0, &m)) != 0 ||
		                    (rc = ak_rx_at(s->mk, M_UTSES, t, n, 0, &m)) != 0)) {
			if (rc < 0)
				return rc;
			if ((rc = add(s, AK_DEC_DECISION, p, t, n, m.rule, 0)) != 0)
				return rc;
			continue;
		}
		if ((rc = ak_rx_at(s->mk, M_RES, t, n, 0, &m)) != 0 ||
		    (rc = ak_rx_at(s->mk, M_NOTE, t, n, 0, &m)) != 0 ||
		    (rc = ak_rx_at(s->mk, M_VOTE, t, n, 0, &m)) != 0) {
			if (rc < 0)
				return rc;
			if ((rc = add(s, m.idx == M_RES ? AK_DEC_RESERVATION : m.idx == M_NOTE
			                  ? AK_DEC_NOTE : AK_DEC_VOTE, p, t, n, m.rule, 0)) != 0)
				return rc;
			continue;
		}
		if (mode == MD_PROP || mode == MD_DEC || mode == MD_PROP_DONE || mode == MD_DEC_DONE) {
			if ((rc = is_list_point(s, t, n, &m)) < 0)
				return rc;
			if (rc && (list_pending || point > 0 || m.idx == M_ATT || mode == MD_PROP || mode == MD_DEC)) {
				size_t from = m.idx == M_NUM ? m.eo : 0;
				point++;
				if ((rc = add(s, cur, p, t + from, n - from,
				              cur == AK_DEC_PROPOSAL ? "proposal-point" : "decision-point",
				              point)) != 0)
					return rc;
				if (mode == MD_PROP)
					mode = MD_PROP_DONE;
				else if (mode == MD_DEC)
					mode = MD_DEC_DONE;
				continue;
			}
			if (mode == MD_PROP || mode == MD_DEC) {
				/* the first paragraph after the marker */
				if ((rc = ak_rx_at(s->mk, M_AVSLUTAS, t, n, 0, &m)) < 0)
					return rc;
				if (!rc && (rc = add(s, cur, p, t, n, cur == AK_DEC_PROPOSAL ? "proposal-text"
				                                               : "decision-text", 0)) != 0)
					return rc;
				mode = mode == MD_PROP ? MD_PROP_DONE : MD_DEC_DONE;
				continue;
			}
			mode = MD_NONE;
			list_pending = 0;
			point = 0;
		}
		if (!delegation && !seen_marker) {
			if ((rc = ak_rx_at(s->mk, M_DELEG, t, n, 0, &m)) < 0)
				return rc;
			delegation = rc;
		}
		if (delegation && !seen_marker) {
			/* a delegation decision reported: a paragraph with an amount
			 * or a date, before the item's own proposal */
			struct ak_rx_match a;
			if ((rc = ak_rx_exec(s->dt, DT_AMOUNT, t, n, 0, &a)) == 0)
				rc = ak_rx_exec(s->dt, DT_ISO, t, n, 0, &a);
			if (rc < 0)
				return rc;
			if (rc && a.idx != DT_COND && (rc = add(s, AK_DEC_DELEGATION, p, t, n,
			                                         "delegation-reported", 0)) != 0)
				return rc;
		}
	}
	/* a single point is no list; follows-the-proposal */
	{
		struct doc *d = w->d;
		size_t i, j, np[2] = { 0, 0 };
		for (i = first; i < d->ndecisions; i++)
			if (d->decisions[i].kind <= AK_DEC_DECISION && d->decisions[i].point)
				np[d->decisions[i].kind]++;
		for (i = first; i < d->ndecisions; i++) {
			struct ak_decision *dc = &d->decisions[i];
			if (dc->kind <= AK_DEC_DECISION && np[dc->kind] == 1)
				dc->point = 0;
			if (dc->kind != AK_DEC_DECISION)
				continue;
			{
				/* "beslutar i enlighet med förslaget": the proposal's type */
				struct ak_rx_match m;
				int e = ak_rx_at(s->mk, M_ENLIGT, dc->text, strlen(dc->text), 0, &m);
				if (e < 0)
					return e;
				for (j = first; e && j < d->ndecisions; j++)
					if (d->decisions[j].kind == AK_DEC_PROPOSAL) {
						dc->type = d->decisions[j].type;
						dc->type_rule = "type-from-proposal";
						dc->type_phrase = st_clean_dup(d, dc->text + m.so, m.eo - m.so);
						dc->follows = 1;
						break;
					}
				if (dc->follows == 1)
					continue;
			}
			for (j = first; j < d->ndecisions; j++) {
				const struct ak_decision *pr = &d->decisions[j];
				if (pr->kind != AK_DEC_PROPOSAL)
					continue;
				if (dc->follows < 1)
					dc->follows = (pr->type == dc->type && overlap(pr->text, dc->text) >= 0.5 &&
					               same_amounts(pr, dc)) ? 1 : 0;
			}
		}
	}
	return 0;
}

int st_decisions(struct st_work *w)
{
	struct doc *d = w->d;
	struct ak_meta *mt = w->meta;
	struct dstate s;
	size_t i, p = 0;
	int rc;

	if (mt->kind != AK_KIND_MINUTES)
		return 0;
	memset(&s, 0, sizeof(s));
	s.w = w;
	if ((rc = st_table(w, marker_rx, AK_RX_COUNT(marker_rx), &s.mk)) != 0 ||
	    (rc = st_table(w, type_rx, AK_RX_COUNT(type_rx), &s.ty)) != 0 ||
	    (rc = st_table(w, detail_rx, AK_RX_COUNT(detail_rx), &s.dt)) != 0)
		return rc;
	for (i = 0; i < d->nsections; i++) {
		const struct ak_section *sec = &d->sections[i];
		size_t p0, p1;
		struct ak_rx_match m;
		int deleg, oq;
		if (sec->kind != AK_SEC_ITEM)
			continue;
		while (p < mt->nparas && mt->paras[p].start < sec->body_start)
			p++;
		p0 = p;
		p1 = p0;
		while (p1 < mt->nparas && mt->paras[p1].start < sec->end)
			p1++;
		if ((deleg = ak_rx_exec(s.mk, M_DELEG, sec->title, strlen(sec->title), 0, &m)) < 0)
			return deleg;
		if ((oq = ak_rx_at(s.mk, M_OQ, sec->title, strlen(sec->title), 0, &m)) < 0)
			return oq;
		s.sec = i;
		if ((rc = section_decisions(&s, p0, p1, deleg, oq)) != 0)
			return rc;
		p = p1;
	}
	if (d->nsections == 0) {
		s.sec = SIZE_MAX;
		return section_decisions(&s, 0, mt->nparas, 0, 0);
	}
	return 0;
}
