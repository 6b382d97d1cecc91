/*
 * meta.c - what a document is: document kind with the evidence,
 * organisation, meeting date, time and place, and the year the document
 * concerns.  The attendance list is read by structure_attendees.c, before
 * the organisation (a member body an attendee represents is not who meets).
 *
 * Why a unit of its own: this reads the head of the document (the first
 * page of minutes, the title page of a report), not the items, and its
 * rules are different - title lines, "Plats och tid", signing lines -
 * rather than sentences.
 *
 * Limits: the organisation of minutes comes from their head (or the whole
 * text of an excerpt without one); a head that names none leaves it
 * unknown.  Dates in the forms of date_rx only.
 */
#include "structure_int.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ dates */

int st_month(const char *s, size_t n)
{
	static const char *const names[] = { "januari", "februari", "mars", "april", "maj",
	                                     "juni", "juli", "augusti", "september",
	                                     "oktober", "november", "december" };
	size_t i, k;
	for (i = 0; i < 12; i++) {
		size_t ln = strlen(names[i]);
		if (n != ln && !(n == 3 && ln > 3))
			continue;
		for (k = 0; k < n; k++) {
			char c = s[k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != names[i][k])
				break;
		}
		if (k == n)
			return (int)i + 1;
	}
	return 0;
}

const char *st_iso_date(struct doc *d, int64_t y, int64_t m, int64_t day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return NULL;
	if (y == 0)
		return ak_arena_printf(&d->arena, "--%02d-%02d", (int)m, (int)day);
	if (y < 1900 || y > 2199)
		return NULL;
	return ak_arena_printf(&d->arena, "%04d-%02d-%02d", (int)y, (int)m, (int)day);
}

/* ------------------------------------------------------------ tables */

#define MONTHS "(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"

static const struct ak_rx_def kind_rx[] = {
	{ "kind-protokoll", "\\b(?:sammantr[aä]des)?protokoll(?:et)?\\b", AK_RX_I },
	{ "kind-justerare", "\\bJusterare\\b", 0 },
	{ "kind-arsredovisning", "\\b(?:[ÅA]rsredovisning|[ÅA]RSREDOVISNING|Del[aå]rsrapport)\\b", 0 },
	{ "kind-resultatrakning", "\\bResultatr[aä]kning\\b", AK_RX_I },
	{ "kind-balansrakning", "\\bBalansr[aä]kning\\b", AK_RX_I },
	{ "kind-budget-title",
	  "^[ \\t]*(?:Verksamhetsplan(?:\\s+(?:och|med)\\s+budget)?|Budget(?:\\s+och\\s+verksamhetsplan)?|Detaljbudget)\\s+(?:f[oö]r\\s+)?(?:\\d{4})[^\\n]{0,20}$",
	  AK_RX_I | AK_RX_M },
};
enum { K_PROT, K_JUST, K_ARS, K_RES, K_BAL, K_BUD };

static const struct ak_rx_def date_rx[] = {
	{ "date-sammantradesdatum", "Sammantr[aä]des-?\\s*datum\\s*:?\\s*(\\d{4})-(\\d{2})-(\\d{2})", AK_RX_I },
	{ "date-time-sv",
	  "(\\d{1,2})\\s+" MONTHS "\\s+(\\d{4})\\s*,?\\s*(?:kl\\.?|klockan)\\s*(\\d{1,2})(?:[.:](\\d{2}))?(?:\\s*[-–]\\s*(\\d{1,2})(?:[.:](\\d{2}))?)?",
	  AK_RX_I },
	{ "date-time-iso",
	  "(\\d{4})-(\\d{2})-(\\d{2})\\s*,?\\s*(?:kl\\.?|klockan)\\s*(\\d{1,2})(?:[.:](\\d{2}))?(?:\\s*[-–]\\s*(\\d{1,2})(?:[.:](\\d{2}))?)?",
	  AK_RX_I },
	{ "date-beslutad", "(?:Beslutad|Fastst[aä]lld|Antagen|Godk[aä]nd)\\s+av\\s+\\S+\\s+(?:den\\s+)?(\\d{4})-(\\d{2})-(\\d{2})", AK_RX_I },
	{ "date-datum-iso", "\\bDatum\\s*:?\\s*(\\d{4})-(\\d{2})-(\\d{2})", 0 },
	{ "date-datum-sv", "\\bDatum\\s*:?\\s*(\\d{1,2})\\s+" MONTHS "\\s+(\\d{4})", 0 },
	/* the signing line of a report or list: "Kolbäcka den 14 mars 2025"
	 * alone on its line; tried last (minutes print their date first) */
	{ "date-place-den",
	  "^[ \\t]*\\p{Lu}\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+)?[ \\t]+den[ \\t]+(\\d{1,2})[ \\t]+" MONTHS "[ \\t]+(\\d{4})[ \\t|.]*$",
	  AK_RX_M },
};
enum { D_SAMM, D_TIME_SV, D_TIME_ISO, D_BESL, D_DATUM_ISO, D_DATUM_SV, D_PLACE_DEN };

static const struct ak_rx_def place_rx[] = {
	{ "place-before-date",
	  "(?<!ens )Plats\\s+och\\s+tid\\s*:?\\s*([^\\n]+?)\\s*,\\s*(?:\\p{Ll}+dagen\\s+)?(?:den\\s+)?(?:\\d{1,2}\\s+\\p{Ll}+\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|kl\\b)",
	  AK_RX_I },
	{ "place-after-date-line",
	  "(?<!ens )Plats\\s+och\\s+tid\\s*:?[ \\t]*\\n(?:[ \\t]*\\n)*[^\\n]*\\d{4}[^\\n]*\\n(?:[ \\t]*\\n)*[ \\t]*([^\\n]+)",
	  AK_RX_I },
	{ "place-label", "^[ \\t]*(?:Plats|Lokal|Sammantr[aä]desplats|M[oö]tesplats)\\s*:\\s*([^\\n]+)", AK_RX_M },
	/* the label read apart from its value (a two-column head after OCR):
	 * the line that gives a place, then the date and the hour */
	{ "place-before-kl",
	  "^[ \\t]*(\\p{Lu}[^\\n]{2,80}?),\\s*(?:(?:\\p{Ll}+dagen\\s+)?(?:den\\s+)?(?:\\d{1,2}\\s+\\p{Ll}+\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})\\s*,?\\s*)?kl\\.?\\s*\\d{1,2}[.:]\\d{2}\\s*[-–]",
	  AK_RX_M },
};

/* Time of the meeting when the date is printed elsewhere. */
static const struct ak_rx_def time_rx[] = {
	{ "time-plats-och-tid",
	  "(?<!ens )Plats\\s+och\\s+tid[^\\n]*?(?:\\n[^\\n]*?)?\\bkl\\.?\\s*(\\d{1,2})(?:[.:](\\d{2}))?(?:\\s*[-–]\\s*(\\d{1,2})(?:[.:](\\d{2}))?)?",
	  AK_RX_I },
	{ "time-range-head", "\\bkl\\.?\\s*(\\d{1,2})[.:](\\d{2})\\s*[-–]\\s*(\\d{1,2})[.:](\\d{2})", AK_RX_I },
};

static const struct ak_rx_def org_rx[] = {
	{ "org-samordningsforbund",
	  "\\b(Samordningsf\\S{1,3}rbundet)[ \\t]*\\n?[ \\t]*(\\p{Lu}\\p{Ll}[\\p{L}-]*(?: +\\p{Lu}\\p{Ll}[\\p{L}-]*)?)", 0 },
	{ "org-samordningsforbund-caps",
	  "\\b(SAMORDNINGSF\\S{1,3}RBUNDET) +(\\p{Lu}{2,}(?: +\\p{Lu}{2,})?)\\b", 0 },
	{ "org-region", "\\b(Region)\\s+(\\p{Lu}[\\p{L}-]+)", 0 },
	{ "org-kommun", "\\b(\\p{Lu}[\\p{L}-]+)\\s+(kommun)\\b", 0 },
	{ "org-kommun-caps", "\\b(\\p{Lu}{3,})\\s+(KOMMUN)\\b", 0 },
};
enum { O_SAMORDNING, O_SAMORDNING_CAPS, O_REGION, O_KOMMUN, O_KOMMUN_CAPS };

static const struct ak_rx_def year_rx[] = {
	{ "year-arsredovisning", "(?:[ÅA]rsredovisning|[ÅA]RSREDOVISNING|Del[aå]rsrapport)\\s+(?:f[oö]r\\s+)?(?:[\\p{L}]+\\s+)?(\\d{4})\\b", 0 },
	{ "year-budget-title", "(?:Verksamhetsplan|Budget)(?:\\s+(?:och|med)\\s+(?:budget|verksamhetsplan))?\\s+(?:f[oö]r\\s+)?(\\d{4})\\b", AK_RX_I },
	{ "year-any", "\\b((?:19|20)\\d{2})\\b", 0 },
};

/* ------------------------------------------------------------ helpers */

static const char *dup_span(struct doc *d, struct ak_span s)
{
	return s.p ? st_clean_dup(d, s.p, s.n) : NULL;
}

static int64_t span_int(struct ak_span s)
{
	int64_t v = 0;
	const char *p = s.p;
	if (!p || st_parse_int(&p, s.p + s.n, &v))
		return -1;
	return v;
}

size_t st_fold(const char *s, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;
	while (*u && n + 1 < cap) {
		unsigned char c = *u++;
		if (c == 0xC3 && *u) {
			unsigned char x = *u++;
			x = (unsigned char)(x | 0x20); /* lower case the Latin-1 block */
			c = (x == 0xA5 || x == 0xA4 || x == 0xA0 || x == 0xA1) ? 'a'
			  : (x == 0xB6 || x == 0xB8 || x == 0xB3) ? 'o'
			  : (x == 0xA9 || x == 0xA8) ? 'e' : 'x';
		} else if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c - 'A' + 'a');
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* ------------------------------------------------------------ kind */

static int detect_kind(struct st_work *w)
{
	struct doc *d = w->d;
	struct ak_meta *mt = w->meta;
	const struct ak_rx_set *set;
	struct ak_rx_match m[6];
	int hit[6];
	size_t i, items = 0, first_item = SIZE_MAX, head = d->text_len < 3000 ? d->text_len : 3000;
	int rc;

	if ((rc = st_table(w, kind_rx, AK_RX_COUNT(kind_rx), &set)) != 0)
		return rc;
	for (i = 0; i < 6; i++) {
		size_t lim = (i == K_ARS) ? head : (i == K_BUD) ? (d->text_len < 1500 ? d->text_len : 1500)
		                                                : d->text_len;
		if ((hit[i] = ak_rx_exec(set, i, d->text, lim, 0, &m[i])) < 0)
			return hit[i];
	}
	for (i = 0; i < w->nlines; i++)
		if (w->lines[i].cls == ST_L_ITEM) {
			if (first_item == SIZE_MAX)
				first_item = i;
			items++;
		}
	mt->kind = AK_KIND_OTHER;
	if (items >= 2 && (hit[K_PROT] || hit[K_JUST] || items >= 3)) {
		const struct st_line *l = &w->lines[first_item];
		mt->kind = AK_KIND_MINUTES;
		mt->kind_rule = "kind-minutes-items";
		mt->kind_evidence = st_clean_dup(d, d->text + l->ts, l->te - l->ts > 60 ? 60 : l->te - l->ts);
		return 0;
	}
	if (hit[K_ARS] || (hit[K_RES] && hit[K_BAL])) {
		i = hit[K_ARS] ? K_ARS : K_RES;
		mt->kind = AK_KIND_ANNUAL_REPORT;
	} else if (hit[K_BUD]) {
		i = K_BUD;
		mt->kind = AK_KIND_BUDGET_PLAN;
	} else if (hit[K_PROT] && m[K_PROT].so < 1500) {
		i = K_PROT;
		mt->kind = AK_KIND_MINUTES;
	} else {
		return 0;
	}
	mt->kind_rule = m[i].rule;
	mt->kind_evidence = st_clean_dup(d, d->text + m[i].so, m[i].eo - m[i].so);
	return 0;
}

/* ------------------------------------------------------------ date, place */

static const char *time_str(struct doc *d, struct ak_span h, struct ak_span mi)
{
	int64_t hh = span_int(h), mm = mi.p ? span_int(mi) : 0;
	if (hh < 0 || hh > 24 || mm < 0 || mm > 59)
		return NULL;
	return ak_arena_printf(&d->arena, "%02d:%02d", (int)hh, (int)mm);
}

static int detect_date(struct st_work *w)
{
	struct doc *d = w->d;
	struct ak_meta *mt = w->meta;
	const struct ak_rx_set *set;
	struct ak_rx_match m;
	size_t r;
	int rc;

	if ((rc = st_table(w, date_rx, AK_RX_COUNT(date_rx), &set)) != 0)
		return rc;
	for (r = 0; r < ak_rx_size(set) && !mt->date; r++) {
		const char *t = d->text;
		if ((rc = ak_rx_exec(set, r, t, d->text_len, 0, &m)) < 0)
			return rc;
		if (!rc)
			continue;
		if (r == D_TIME_SV || r == D_DATUM_SV || r == D_PLACE_DEN) {
			struct ak_span mon = ak_rx_group(&m, t, 2);
			mt->date = st_iso_date(d, span_int(ak_rx_group(&m, t, 3)),
			                       st_month(mon.p, mon.n), span_int(ak_rx_group(&m, t, 1)));
		} else {
			mt->date = st_iso_date(d, span_int(ak_rx_group(&m, t, 1)),
			                       span_int(ak_rx_group(&m, t, 2)),
			                       span_int(ak_rx_group(&m, t, 3)));
		}
		if (r == D_TIME_SV || r == D_TIME_ISO) {
			mt->time_start = time_str(d, ak_rx_group(&m, t, 4), ak_rx_group(&m, t, 5));
			if (m.gs[6] != SIZE_MAX)
				mt->time_end = time_str(d, ak_rx_group(&m, t, 6), ak_rx_group(&m, t, 7));
		}
	}
	if (!mt->time_start) {
		if ((rc = st_table(w, time_rx, AK_RX_COUNT(time_rx), &set)) != 0)
			return rc;
		size_t head = d->text_len < 3000 ? d->text_len : 3000;
		if ((rc = ak_rx_exec(set, 0, d->text, d->text_len, 0, &m)) == 0)
			rc = ak_rx_exec(set, 1, d->text, head, 0, &m);
		if (rc < 0)
			return rc;
		if (rc) {
			mt->time_start = time_str(d, ak_rx_group(&m, d->text, 1), ak_rx_group(&m, d->text, 2));
			if (m.gs[3] != SIZE_MAX)
				mt->time_end = time_str(d, ak_rx_group(&m, d->text, 3), ak_rx_group(&m, d->text, 4));
		}
	}
	if (mt->date)
		mt->year = (int)((mt->date[0] - '0') * 1000 + (mt->date[1] - '0') * 100 +
		                 (mt->date[2] - '0') * 10 + (mt->date[3] - '0'));
	if ((rc = st_table(w, place_rx, AK_RX_COUNT(place_rx), &set)) != 0)
		return rc;
	if ((rc = ak_rx_first(set, d->text, d->text_len < 3000 ? d->text_len : 3000, 0, &m)) < 0)
		return rc;
	if (rc) {
		struct ak_span s = ak_rx_group(&m, d->text, 1);
		while (s.n && (s.p[s.n - 1] == '.' || s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
			s.n--;
		mt->place = dup_span(d, s);
	}
	return 0;
}

/* ------------------------------------------------------------ organisation, year */

/* Canonical name: the recognised word spelt right (OCR's
 * "Samordningsférbundet" is the same word), the name as printed; names in
 * capitals ("NORRVIKS KOMMUN") in title case. */
static const char *org_name(struct doc *d, size_t row, struct ak_span name)
{
	char *nm = st_clean_dup(d, name.p, name.n);
	size_t k;
	if (!nm)
		return NULL;
	if (row == O_KOMMUN_CAPS || row == O_SAMORDNING_CAPS) {
		/* title case: the first letter of each word stays upper */
		int first = 1;
		for (k = 0; nm[k]; k++) {
			unsigned char c = (unsigned char)nm[k];
			if (c == ' ') {
				first = 1;
				continue;
			}
			if (c == 0xC3)
				continue;
			if (!first && c >= 'A' && c <= 'Z')
				nm[k] = (char)(c + 32);
			else if (!first && c >= 0x80 && c <= 0x9E && k && (unsigned char)nm[k - 1] == 0xC3 &&
			         c != 0x97)
				nm[k] = (char)(c + 32);
			first = 0;
		}
	}
	switch (row) {
	case O_SAMORDNING:
	case O_SAMORDNING_CAPS: return ak_arena_printf(&d->arena, "Samordningsförbundet %s", nm);
	case O_REGION: return ak_arena_printf(&d->arena, "Region %s", nm);
	default: return ak_arena_printf(&d->arena, "%s kommun", nm);
	}
}

/* Is [so, eo) on an attendee's line?  The member bodies printed there
 * ("Region Vätterland", "Sjöhamra kommun") are who the members represent,
 * not who meets. */
static int in_attendee(const struct doc *d, size_t so, size_t eo)
{
	size_t i;
	for (i = 0; i < d->nattendees; i++)
		if (so >= d->attendees[i].start && eo <= d->attendees[i].end)
			return 1;
	return 0;
}

static int detect_org_year(struct st_work *w)
{
	struct doc *d = w->d;
	struct ak_meta *mt = w->meta;
	const struct ak_rx_set *set;
	struct ak_rx_match m;
	size_t r, vote_end;
	int rc;

	if ((rc = st_table(w, org_rx, AK_RX_COUNT(org_rx), &set)) != 0)
		return rc;
	/* Minutes say who meets in their head (title, running header, the
	 * "Protokoll från styrelsens sammanträde" block), before the first
	 * item; the items name applicants, members and partners.  A head that
	 * names no organisation outside the attendance list leaves it unknown
	 * rather than guessed from the items.  An excerpt without a head (no
	 * attendance list and fewer than 5 lines before the first item) is
	 * read whole. */
	vote_end = d->text_len;
	if (mt->kind == AK_KIND_MINUTES) {
		size_t nonblank = 0, k, listed = 0;
		for (r = 0; r < w->nlines; r++) {
			if (w->lines[r].cls == ST_L_ITEM) {
				for (k = 0; k < d->nattendees; k++)
					listed += d->attendees[k].start < w->lines[r].off;
				if (nonblank >= 5 || listed)
					vote_end = w->lines[r].off;
				break;
			}
			nonblank += w->lines[r].cls != ST_L_BLANK;
		}
	}
	/* the head names the organisation: the first row with a match in the
	 * first 2000 bytes wins */
	for (r = 0; r < ak_rx_size(set) && !mt->organisation; r++) {
		size_t lim = vote_end < 2000 ? vote_end : 2000, pos = 0;
		while ((rc = ak_rx_exec(set, r, d->text, lim, pos, &m)) == 1 && in_attendee(d, m.so, m.eo))
			pos = m.eo > pos ? m.eo : pos + 1;
		if (rc < 0)
			return rc;
		if (rc == 1)
			mt->organisation = org_name(d, r, ak_rx_group(&m, d->text, r >= O_KOMMUN ? 1 : 2));
	}
	for (r = 0; r < ak_rx_size(set) && !mt->organisation; r++) {
		/* else the most frequent candidate of the first row that has any
		 * (at most 512 candidates are read: the count is a vote) */
		struct cand { char key[96]; struct ak_span name; } *cv;
		size_t nc = 0, pos = 0, i, j, best = 0, bestn = 0;
		if (!(cv = malloc(512 * sizeof(*cv))))
			return AK_ENOMEM;
		while (nc < 512 && (rc = ak_rx_exec(set, r, d->text, vote_end, pos, &m)) == 1) {
			struct ak_span s2 = ak_rx_group(&m, d->text, r >= O_KOMMUN ? 1 : 2);
			char tmp[96];
			size_t ln = s2.n < sizeof(tmp) - 1 ? s2.n : sizeof(tmp) - 1;
			if (in_attendee(d, m.so, m.eo)) {
				pos = m.eo > pos ? m.eo : pos + 1;
				continue;
			}
			memcpy(tmp, s2.p, ln);
			tmp[ln] = '\0';
			st_fold(tmp, cv[nc].key, sizeof(cv[nc].key));
			cv[nc].name = s2;
			nc++;
			pos = m.eo > pos ? m.eo : pos + 1;
		}
		if (rc < 0) {
			free(cv);
			return rc;
		}
		for (i = 0; i < nc; i++) {
			size_t cnt = 0;
			for (j = 0; j < nc; j++)
				cnt += strcmp(cv[i].key, cv[j].key) == 0;
			if (cnt > bestn) {
				bestn = cnt;
				best = i;
			}
		}
		if (bestn)
			mt->organisation = org_name(d, r, cv[best].name);
		free(cv);
	}
	if ((rc = st_table(w, year_rx, AK_RX_COUNT(year_rx), &set)) != 0)
		return rc;
	if (mt->kind == AK_KIND_ANNUAL_REPORT || mt->kind == AK_KIND_BUDGET_PLAN || !mt->year) {
		size_t lim = d->text_len < 3000 ? d->text_len : 3000;
		for (r = 0; r < 2; r++) {
			if ((rc = ak_rx_exec(set, r, d->text, lim, 0, &m)) < 0)
				return rc;
			if (rc) {
				mt->year = (int)span_int(ak_rx_group(&m, d->text, 1));
				return 0;
			}
		}
	}
	if (!mt->year) {
		/* the most frequent year in the text */
		int counts[300];
		size_t pos = 0;
		int y, besty = 0;
		memset(counts, 0, sizeof(counts));
		while ((rc = ak_rx_exec(set, 2, d->text, d->text_len, pos, &m)) == 1) {
			y = (int)span_int(ak_rx_group(&m, d->text, 1));
			if (y >= 1900 && y < 2200)
				counts[y - 1900]++;
			pos = m.eo;
		}
		if (rc < 0)
			return rc;
		for (y = 0; y < 300; y++)
			if (counts[y] > (besty ? counts[besty - 1900] : 0))
				besty = y + 1900;
		mt->year = besty;
	}
	return 0;
}

int st_meta(struct st_work *w)
{
	int rc;
	/* attendees first: the organisation is not one of the bodies they
	 * represent */
	if ((rc = detect_kind(w)) != 0 || (rc = detect_date(w)) != 0)
		return rc;
	if (w->meta->kind == AK_KIND_MINUTES && (rc = st_attendees(w)) != 0)
		return rc;
	return detect_org_year(w);
}
