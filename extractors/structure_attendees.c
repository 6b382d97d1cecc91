/*
 * structure_attendees.c - who took part in a meeting: the attendance list
 * of minutes with roles (ordförande, vice ordförande, ledamot, ersättare,
 * sekreterare, justerare, adjungerad, frånvarande, tjänsteperson), parties
 * and the member bodies represented, and the justerare appointed in the
 * items.
 *
 * Why a unit of its own: the head of minutes is a form, not prose - label
 * blocks ("Beslutande", "Ersättare", "Frånvarande") with names beside or
 * under them - and on OCR pages the page geometry (line boxes) says which
 * label a name belongs to, whatever order OCR read the two columns in.
 *
 * Limits: attendees are read only from the head of minutes (before the
 * first item) plus the appointment of the justerare in the items; a line
 * is a person only when it starts with at least two capitalised names and
 * holds no digits outside a party mark; a person keeps one entry per role
 * (the chair listed among "Beslutande" and again under the signatures is
 * one attendee).  Geometry needs the label on the same page as its names.
 */
#include "structure_int.h"

#include <stdlib.h>
#include <string.h>

/* Attendance labels: the role they give to the names under them. */
static const struct ak_rx_def label_rx[] = {
	{ "label-beslutande", "(?:Beslutande|Ledam[oö]ter|N[aä]rvarande\\s+ledam[oö]ter)(?:\\s+ledam[oö]ter)?\\b\\s*:?", 0 },
	{ "label-tjg-ersattare", "Tj[aä]nstg[oö]rande\\s+ers[aä]ttare\\b\\s*:?", 0 },
	{ "label-ersattare", "(?:[OÖ]vriga\\s+)?(?:n[aä]rvarande\\s+)?[Ee]rs[aä]ttare\\b\\s*:?", 0 },
	{ "label-franvarande", "Fr[aå]nvarande\\b(?:[ \\t]*\\([^)\\n]*\\))?\\s*:?", 0 },
	{ "label-ovriga", "(?:[OÖ]vriga\\s+(?:deltagande|n[aä]rvarande)|Tj[aä]nstepersoner|N[aä]rvarande\\s+tj[aä]nstepersoner)\\b(?:[ \\t]+fr[aå]n[ \\t]+\\p{L}+)?(?:[ \\t]*\\([^)\\n]*\\))?\\s*:?", 0 },
	{ "label-sekreterare", "Sekreterare\\b\\s*:?", 0 },
	{ "label-vice-ordforande", "Vice\\s+ordf[oöé]rande\\b\\s*:?", AK_RX_I },
	{ "label-ordforande", "Ordf[oöé]rande\\b\\s*:?", 0 },
	{ "label-justerare", "(?:Justerare|Justerande|Utses\\s+att\\s+justera)\\b\\s*:?", 0 },
	{ "label-adjungerad", "Adjungerade?\\b\\s*:?", 0 },
	{ "label-narvarande", "N[aä]rvarande\\b\\s*:?", 0 },
	{ "label-stop", "(?:Plats\\s+och\\s+tid|Justeringens\\s+plats|Underskrifter|Paragrafer|ANSLAG|Anslag|Organ)\\b", 0 },
};
static const char *const label_role[] = {
	"ledamot", "ersättare", "ersättare", "frånvarande", "tjänsteperson", "sekreterare",
	"vice ordförande", "ordförande", "justerare", "adjungerad", "ledamot", NULL
};

static const struct ak_rx_def person_rx[] = {
	/* two to four capitalised names, optional party, rest */
	{ "person-line",
	  "(\\p{Lu}[\\p{Ll}'’]+(?:-\\p{Lu}?[\\p{Ll}'’]+)*(?:[ \\t]+(?:\\p{Lu}[\\p{Ll}'’]+(?:-\\p{Lu}?[\\p{Ll}'’]+)*|von|van|af|de)){1,3}?)[ \\t]*(?:\\((\\p{Lu}{1,3}|\\p{Lu}\\p{Ll}{1,3}|[\\p{Lu}5]{1,3})\\))?[ \\t]*,?[ \\t]*([^\\n]*)",
	  0 },
	{ "person-body",
	  "(?:(?:\\p{Lu}[\\p{L}-]+?)s?\\s+kommun|Region\\s+\\p{Lu}[\\p{L}-]+|Regionen|Arbetsf[oö]rmedlingen|F[oö]rs[aä]kringskassan|\\p{Lu}[\\p{L}-]+\\s+(?:stad|landsting))",
	  0 },
	{ "person-role",
	  "\\b(vice\\s+ordf[oöé]rande|ordf[oöé]rande|sekreterare|justerare|adjungerad|ers[aä]ttare|ledamot)\\b",
	  AK_RX_I },
	{ "justerare-utses",
	  "[Jj]usterare\\b[^\\n.]{0,80}?\\buts\\p{L}{1,3}\\s+(\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+){1,2})", 0 },
	{ "utses-justera",
	  "(\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+){1,2})(?:\\s*\\(\\p{Lu}{1,3}\\))?\\s+(?:utses|valdes|v[aä]ljs)\\s+(?:att\\s+)?(?:till\\s+)?(?:att\\s+)?justera", 0 },
};
enum { P_LINE, P_BODY, P_ROLE, P_UTSES, P_UTSES2 };

/* ------------------------------------------------------------ attendees */

static int add_attendee(struct st_work *w, const char *name, const char *party,
                        const char *body, const char *role, const char *title,
                        size_t start, size_t end, const char *rule)
{
	struct doc *d = w->d;
	struct ak_attendee *a;
	char f1[128], f2[128];
	size_t i;

	st_fold(name, f1, sizeof(f1));
	for (i = 0; i < d->nattendees; i++) {
		st_fold(d->attendees[i].name, f2, sizeof(f2));
		if (strcmp(f1, f2) == 0 && strcmp(d->attendees[i].role, role) == 0) {
			if (!d->attendees[i].party)
				d->attendees[i].party = party;
			if (!d->attendees[i].body)
				d->attendees[i].body = body;
			return 0;
		}
	}
	a = st_push(d, (void **)&d->attendees, &d->nattendees, &w->cap_attendees, sizeof(*a));
	if (!a)
		return AK_ENOMEM;
	a->name = name;
	a->party = party;
	a->body = body;
	a->role = role;
	a->title = title;
	a->start = start;
	a->end = end;
	a->rule = rule;
	return 0;
}

/* Digits outside a party mark: OCR reads the S of "(S)" or "(SD)" as 5. */
static int has_digit(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] == '(' && i + 2 < n) {
			size_t k = i + 1;
			while (k < n && k < i + 5 && s[k] != ')')
				k++;
			if (k < n && s[k] == ')' && k - i - 1 <= 3) {
				i = k;
				continue;
			}
		}
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	}
	return 0;
}

/* Party mark as printed, with OCR's 5 for S undone ("(5)", "(5D)"). */
static const char *party_dup(struct doc *d, struct ak_span s)
{
	char *p = s.p ? st_clean_dup(d, s.p, s.n) : NULL;
	size_t k;
	for (k = 0; p && p[k]; k++)
		if (p[k] == '5')
			p[k] = 'S';
	return p;
}

/* Parse a person from t[a..b); 1 added, 0 not a person, <0 error. */
static int person(struct st_work *w, const struct ak_rx_set *ps, const char *role,
                  size_t a, size_t b, const char *rule)
{
	struct doc *d = w->d;
	const char *t = d->text;
	struct ak_rx_match m, mb, mr;
	struct ak_span nm, party, rest;
	const char *body = NULL, *title = NULL, *r = role;
	size_t rs, re;
	int rc;

	{
		/* digits are allowed after the first comma: "NN, ekonomichef, § 39-40" */
		size_t c = a;
		while (c < b && t[c] != ',')
			c++;
		if (b <= a || b - a > 160 || has_digit(t + a, c - a))
			return 0;
	}
	if ((rc = ak_rx_at(ps, P_LINE, t, b, a, &m)) <= 0)
		return rc;
	nm = ak_rx_group(&m, t, 1);
	party = ak_rx_group(&m, t, 2);
	rest = ak_rx_group(&m, t, 3);
	rs = rest.p ? (size_t)(rest.p - t) : b;
	re = b;
	/* a capitalised word after the name that is not a body is still name
	 * ("Anna Karin Berg"); one that is a body starts the body */
	if ((rc = ak_rx_at(ps, P_BODY, t, re, rs, &mb)) < 0)
		return rc;
	if (rc == 1) {
		body = st_clean_dup(d, t + mb.so, mb.eo - mb.so);
		rs = mb.eo;
		while (rs < re && (t[rs] == ' ' || t[rs] == ',' || t[rs] == '\t'))
			rs++;
	} else if (!party.p && rs < re && st_upper_at(t + rs, re - rs)) {
		/* "Cia Holmér Arbetsförmedlingen"-like body not in the list: keep
		 * it as body only when a comma or nothing follows */
		size_t e = rs;
		while (e < re && t[e] != ',')
			e++;
		body = st_clean_dup(d, t + rs, e - rs);
		rs = e < re ? e + 1 : e;
		while (rs < re && t[rs] == ' ')
			rs++;
	}
	if (rs < re) {
		if ((rc = ak_rx_exec(ps, P_ROLE, t, re, rs, &mr)) < 0)
			return rc;
		if (rc == 1) {
			struct ak_span rw = ak_rx_group(&mr, t, 1);
			char f[64], tmp[64];
			size_t ln = rw.n < sizeof(tmp) - 1 ? rw.n : sizeof(tmp) - 1;
			memcpy(tmp, rw.p, ln);
			tmp[ln] = '\0';
			st_fold(tmp, f, sizeof(f));
			r = strncmp(f, "vice", 4) == 0 ? "vice ordförande"
			  : strncmp(f, "ordf", 4) == 0 ? "ordförande"
			  : strncmp(f, "sekr", 4) == 0 ? "sekreterare"
			  : strncmp(f, "just", 4) == 0 ? "justerare"
			  : strncmp(f, "adju", 4) == 0 ? "adjungerad"
			  : strncmp(f, "ers", 3) == 0 ? "ersättare" : "ledamot";
			if (role && strcmp(role, "frånvarande") == 0)
				r = role;
		} else {
			title = st_clean_dup(d, t + rs, re - rs);
		}
	}
	if (!r) {
		/* no label: the line must say what the person is */
		if (party.p || body)
			r = "ledamot";
		else if (title && st_lower_at(title, strlen(title)))
			r = "tjänsteperson";
		else
			return 0;
	}
	if ((rc = add_attendee(w, st_clean_dup(d, nm.p, nm.n), party_dup(d, party), body, r, title,
	                       a, b, rule)) != 0)
		return rc;
	return 1;
}

/* ------------------------------------------------------------ attendees by geometry */

/* OCR pages carry line boxes.  A two-column head ("Beslutande" at the
 * left, names at the right) may come out of OCR in any order - a column
 * of labels then a column of names, or a name line moved below a later
 * label - but on the page each name sits at or below its label: the label
 * is the nearest label line above it (or on its row, to its left) that
 * starts left of the name or in the same column.  Text inputs have no
 * boxes and keep the reading-order rules. */

struct geo_line {
	int ok;               /* 1: box found */
	int page;             /* 1-based */
	int x0, y0, x1, y1;   /* pixels */
};

/* The OCR line box of head line i, when its page has boxes and d->text is
 * the join of the page texts (as after ocr and repair). */
static int line_box(const struct st_work *w, size_t i, struct geo_line *g)
{
	const struct doc *d = w->d;
	const struct st_line *l = &w->lines[i];
	const struct ak_page *pg;
	size_t base = 0, k, loc;

	memset(g, 0, sizeof(*g));
	if (l->page < 1 || (size_t)l->page > d->npages)
		return 0;
	for (k = 0; k + 1 < (size_t)l->page; k++)
		base += d->pages[k].text_len + 1;
	pg = &d->pages[l->page - 1];
	if (!pg->nlines || base + pg->text_len > d->text_len || l->ts < base ||
	    l->ts - base > pg->text_len)
		return 0;
	loc = l->ts - base;
	for (k = 0; k < pg->nlines; k++) {
		const struct ak_line *al = &pg->lines[k];
		if (loc >= al->off && loc < (size_t)al->off + al->len) {
			g->ok = 1;
			g->page = l->page;
			g->x0 = al->x0;
			g->y0 = al->y0;
			g->x1 = al->x1;
			g->y1 = al->y1;
			return 1;
		}
	}
	return 0;
}

struct geo_label {
	size_t line;          /* index into w->lines */
	const char *role;     /* NULL: a stop label ("Justeringens plats och tid") */
	struct geo_line g;
};

/* The label over line g: nearest above (or on its row and to its left),
 * starting left of it or in its column; NULL when none. */
static const struct geo_label *label_over(const struct geo_label *lab, size_t n,
                                          const struct geo_line *g)
{
	const struct geo_label *best = NULL;
	int h = g->y1 - g->y0 > 0 ? g->y1 - g->y0 : 1;
	size_t k;
	for (k = 0; k < n; k++) {
		const struct geo_line *b = &lab[k].g;
		int above = b->y0 + h / 2 <= g->y0;
		int left_same_row = b->x1 <= g->x0 && b->y0 <= g->y0 + h / 2;
		if (b->page != g->page || (!above && !left_same_row) || b->x0 > g->x0 + 2 * h)
			continue;
		if (!best || b->y0 >= best->g.y0)
			best = &lab[k];
	}
	return best;
}

static int attendees_geo(struct st_work *w, const struct ak_rx_set *ls,
                         const struct ak_rx_set *ps, size_t head_end)
{
	struct doc *d = w->d;
	struct geo_label *lab;
	struct geo_line *box;
	size_t i, r, nlab = 0;
	int rc = 0;

	if (!(lab = calloc(head_end + 1, sizeof(*lab))) ||
	    !(box = calloc(head_end + 1, sizeof(*box)))) {
		free(lab);
		return AK_ENOMEM;
	}
	for (i = 0; i < head_end; i++) {
		const struct st_line *l = &w->lines[i];
		struct ak_rx_match m;
		if (l->cls == ST_L_BLANK || l->cls == ST_L_FURNITURE || !line_box(w, i, &box[i]))
			continue;
		for (r = 0; r < ak_rx_size(ls); r++) {
			if ((rc = ak_rx_at(ls, r, d->text, l->te, l->ts, &m)) < 0)
				goto out;
			if (rc)
				break;
		}
		rc = 0;
		if (r == ak_rx_size(ls))
			continue;
		lab[nlab].line = i;
		lab[nlab].role = label_role[r];
		lab[nlab].g = box[i];
		nlab++;
		/* names on the label line itself: "Beslutande  Anna Berg (S)" */
		if (label_role[r] && m.eo < l->te) {
			size_t a = m.eo;
			while (a < l->te && (d->text[a] == ' ' || d->text[a] == '\t'))
				a++;
			if ((rc = person(w, ps, label_role[r], a, l->te, m.rule)) < 0)
				goto out;
			rc = 0;
		}
	}
	for (i = 0; i < head_end; i++) {
		const struct st_line *l = &w->lines[i];
		const struct geo_label *b;
		size_t k;
		int is_label = 0;
		if (!box[i].ok)
			continue;
		for (k = 0; k < nlab && !is_label; k++)
			is_label = lab[k].line == i;
		if (is_label || !(b = label_over(lab, nlab, &box[i])) || !b->role)
			continue;
		if ((rc = person(w, ps, b->role, l->ts, l->te, "person-geometry")) < 0)
			goto out;
		rc = 0;
	}
out:
	free(lab);
	free(box);
	return rc;
}

/* Use the geometry when the head's lines have boxes: at least one label
 * and four in five non-blank lines. */
static int head_has_boxes(const struct st_work *w, size_t head_end)
{
	size_t i, n = 0, ok = 0;
	struct geo_line g;
	for (i = 0; i < head_end; i++) {
		const struct st_line *l = &w->lines[i];
		if (l->cls == ST_L_BLANK || l->cls == ST_L_FURNITURE)
			continue;
		n++;
		ok += line_box(w, i, &g);
	}
	return n > 0 && ok * 5 >= n * 4;
}

int st_attendees(struct st_work *w)
{
	struct doc *d = w->d;
	const struct ak_rx_set *ls, *ps;
	const char *role = NULL;
	size_t i, prev_label = SIZE_MAX;
	int rc, column = 0;

	if ((rc = st_table(w, label_rx, AK_RX_COUNT(label_rx), &ls)) != 0 ||
	    (rc = st_table(w, person_rx, AK_RX_COUNT(person_rx), &ps)) != 0)
		return rc;
	{
		size_t head_end = 0;
		while (head_end < w->nlines && w->lines[head_end].cls != ST_L_ITEM)
			head_end++;
		if (head_has_boxes(w, head_end)) {
			if ((rc = attendees_geo(w, ls, ps, head_end)) != 0)
				return rc;
			goto utses;
		}
	}
	/* Are the labels a column of their own (two-column block read column
	 * by column)?  Then three labels follow each other with no value. */
	for (i = 0; i < w->nlines && column < 2; i++) {
		const struct st_line *l = &w->lines[i];
		struct ak_rx_match m;
		size_t r;
		int bare = 0;
		if (l->cls == ST_L_ITEM)
			break;
		if (l->cls == ST_L_BLANK || l->cls == ST_L_FURNITURE)
			continue;
		for (r = 0; r < ak_rx_size(ls); r++) {
			if ((rc = ak_rx_at(ls, r, d->text, l->te, l->ts, &m)) < 0)
				return rc;
			if (rc) {
				bare = m.eo >= l->te;
				break;
			}
		}
		if (bare && prev_label != SIZE_MAX)
			column++;
		else if (!bare)
			column = 0;
		prev_label = bare ? i : SIZE_MAX;
	}
	column = column >= 2;
	for (i = 0; i < w->nlines; i++) {
		const struct st_line *l = &w->lines[i];
		struct ak_rx_match m;
		size_t r;
		if (l->cls == ST_L_ITEM)
			break;
		if (l->cls != ST_L_BLANK && l->cls != ST_L_FURNITURE && !role && column) {
			/* labels printed as a column before their values (OCR of a
			 * two-column block): roles come from the line itself */
			if ((rc = person(w, ps, NULL, l->ts, l->te, "person-unlabelled")) < 0)
				return rc;
		}
		if (l->cls == ST_L_BLANK || l->cls == ST_L_FURNITURE)
			continue;
		for (r = 0; r < ak_rx_size(ls); r++) {
			if ((rc = ak_rx_at(ls, r, d->text, l->te, l->ts, &m)) < 0)
				return rc;
			if (rc)
				break;
		}
		if (r < ak_rx_size(ls)) {
			role = column && m.eo >= l->te ? NULL : label_role[r];
			/* names on the label line itself: "Justerare: Anna Berg" */
			if (role && m.eo < l->te) {
				size_t a = m.eo;
				while (a < l->te && (d->text[a] == ' ' || d->text[a] == '\t'))
					a++;
				if ((rc = person(w, ps, role, a, l->te, m.rule)) < 0)
					return rc;
			}
			continue;
		}
		if (!role)
			continue;
		if (column) {
			role = NULL;
			continue;
		}
		if ((rc = person(w, ps, role, l->ts, l->te, "person-line")) < 0)
			return rc;
		if (rc == 0)
			role = NULL; /* the block ended */
	}
utses:
	/* "Till justerare ... utses NN" / "NN utses att justera" */
	for (i = P_UTSES; i <= P_UTSES2; i++) {
		struct ak_rx_match m;
		size_t pos = 0;
		while ((rc = ak_rx_exec(ps, i, d->text, d->text_len, pos, &m)) == 1) {
			struct ak_span nm = ak_rx_group(&m, d->text, 1);
			if ((rc = add_attendee(w, st_clean_dup(d, nm.p, nm.n), NULL, NULL, "justerare",
			                       NULL, m.so, m.eo, m.rule)) != 0)
				return rc;
			pos = m.eo;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}
