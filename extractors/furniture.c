/*
 * furniture.c - from page text to flowed paragraphs: lines, page furniture,
 * hyphenation, bullets.
 *
 * Why a unit of its own: every later part of the structure stage (items,
 * decisions, attendees) must see the body text the way a reader does -
 * without the running header "Justerare  Utdragsbestyrkande", e-signature
 * URLs and page numbers, with words split over a line end put back
 * together and with the lines of a paragraph joined - and yet every result
 * must point back into d->text.  So this file never edits d->text: it
 * classifies each line, marks furniture, and builds each paragraph's flowed
 * text together with a byte map (flowed byte -> d->text offset).
 *
 * Invariants and limits:
 *   - a line is furniture only when a named rule says so (pattern table,
 *     bare page number between blank lines, or a line repeated at the edge
 *     of most pages: structure_edges.c); furniture is dropped from the
 *     flow, never from d->text;
 *   - a line-end hyphen is dropped only when the joined word is a word (the
 *     lexicon hook, else evidence from the document, else the default of
 *     Swedish typesetting: soft hyphen); it is kept after an abbreviation in
 *     capitals ("ESF-/projekt") and before "och"/"eller" ("hälso- och");
 *   - paragraphs break at blank lines unless the next line plainly
 *     continues the sentence (starts in lower case), and always before
 *     headings, bullets, numbered points, decision markers and table rows.
 */
#include "structure_int.h"

#include <stdlib.h>
#include <string.h>

/* Furniture patterns, run over the whole text.  Lines end at '\n' or at
 * the '\f' that joins pages, so ^ and $ are spelt out. */
#define BOL "(?:^|(?<=[\\n\\f]))"
#define EOL "(?=[\\n\\f]|\\z)"
static const struct ak_rx_def furniture_rx[] = {
	{ "furniture-justerare-header",
	  BOL "[ \\t|]*Justerare[.,:;|]?[ \\t]+Utdragsbestyrkande[ \\t|.,]*" EOL, AK_RX_M | AK_RX_I },
	{ "furniture-justerare-split",
	  BOL "[ \\t|]*Justerare[.,]?[ \\t]*\\n(?:[ \\t]*\\n){0,3}[ \\t|]*Utdragsbestyrkande[ \\t|.,]*" EOL,
	  AK_RX_M | AK_RX_I },
	{ "furniture-utdragsbestyrkande", BOL "[ \\t|]*Utdragsbestyrkande[ \\t|.,]*" EOL, AK_RX_M | AK_RX_I },
	{ "furniture-justerare-orphan",
	  BOL "[ \\t]*Justerare[ \\t]*" EOL "(?=\\s*(?:§|\\z))", AK_RX_M },
	{ "furniture-esign-url",
	  BOL "[ \\t]*https?://(?:sign|esign|app\\.scrive|scrive|assently)[^\\s]*[^\\n\\f]*" EOL, AK_RX_M | AK_RX_I },
	/* "visma sign" also as repair may read it ("visma sägn") */
	{ "furniture-esign-brand",
	  BOL "[ \\t]*(?:#\\s*)?(?:www\\.)?(?:visma\\s*s\\p{L}{1,2}gn|vismasign\\.com|scrive\\.com|assently\\.com)[ \\t]*" EOL,
	  AK_RX_M | AK_RX_I },
	{ "furniture-esign-verify",
	  BOL "[ \\t]*(?:Verifikat|Transaktion|Dokument-?ID)[ \\t:]+[0-9A-Fa-f-]{8,}[^\\n\\f]*" EOL, AK_RX_M | AK_RX_I },
	{ "furniture-sida",
	  BOL "[ \\t]*Sida[ \\t]+\\d{1,4}(?:[ \\t]*(?:\\(\\d{1,4}\\)|av[ \\t]+\\d{1,4}))?[ \\t]*" EOL,
	  AK_RX_M | AK_RX_I },
	/* the signature box of minutes: "Justerandes sign(atur)  Utdrags-
	 * bestyrkande", its first letter often misread */
	{ "furniture-justerandes-sign",
	  BOL "[ \\t|]*\\S?usterandes[ \\t]+s(?:ign\\S*|n)\\b[^\\n\\f]{0,40}" EOL, AK_RX_M | AK_RX_I },
	/* "3 (5)", "3/5", "- 3 -" alone on a line */
	{ "furniture-page-of",
	  BOL "[ \\t]*(?:\\d{1,3}[ \\t]*(?:\\(\\d{1,3}\\)|/[ \\t]*\\d{1,3})|[-–][ \\t]*\\d{1,3}[ \\t]*[-–])[ \\t]*" EOL,
	  AK_RX_M },
};

/* Line classes, tried in order, anchored at the first non-blank byte. */
static const struct ak_rx_def line_rx[] = {
	/* "Par. 4": how 7-bit text (ISO 646-SE) spells "§ 4"; OCR's "£3",
	 * "'$42", "$& 113" */
	{ "line-item", "['‘’`\"]?(?:§|\\$&?|&\\$|£|Par\\.)[ \\t]*(\\d{1,4})(?!\\d)(?![.,]\\d)", 0 },
	/* OCR reads "§" as "8", "&" or "S": only with a space, a number and a
	 * capitalised title ("8 4 Ekonomisk uppföljning") */
	{ "line-item-ocr", "[8&S][ \\t]+(\\d{1,3})[ \\t]+(?=\\p{Lu})", 0 },
	/* "§41" read as "841" / "341": kept only when it continues the
	 * numbering (structure.c) */
	{ "line-item-ocr-glued", "(?:[83&S](\\d{2,3})[ \\t]*$|(?:[8&S$]|s[gq])[ \\t]*(\\d{1,3})[ \\t]+(?=\\p{Lu}))", 0 },
	{ "line-note", "(?:Not|NOT)[ \\t.]+(\\d{1,2})[ \\t]*[.:]?[ \\t]+\\p{Lu}", 0 },
	{ "line-appendix", "(?:Bilaga|BILAGA)[ \\t]+(?:\\d{1,2}|[A-Z])\\b", 0 },
	{ "line-marker-proposal",
	  "(?:F[oöé]rslag[ \\t]+till[ \\t]+beslut|Beslutsf[oöé]rslag|(?=\\p{Lu})(?:[\\p{L}-]+[ \\t]+){0,3}?f[oöé]resl[aåé]s[ \\t]+(?:besluta|att))",
	  AK_RX_I },
	{ "line-marker-decision",
	  "[-–|.'‘’]{0,3}(?=\\p{Lu})(?:(?:[\\p{L}-]+[ \\t]+){0,3}?(?:beslutar|beslutade|beslöt|besluta[rt])\\b|(?:\\p{Lu}[^\\n]{0,80}?(?:s|ens|ets)[ \\t]+[Bb]eslut|Beslut)[ \\t]*[:|.,–-]{0,2}[ \\t]*$)",
	  0 },
	{ "line-marker-att", "Att[ \\t]+\\p{L}", 0 },
	{ "line-marker-other-question", "[OÖ]vrig(?:a)?[ \\t]+fr[aå]g(?:a|or)\\b", AK_RX_I },
	{ "line-label",
	  "(?:Beslutande|Ledam[oö]ter|N[aä]rvarande|Tj[aä]nstg[oö]rande[ \\t]+ers[aä]ttare|Ers[aä]ttare|Fr[aå]nvarande|[OÖ]vriga[ \\t]+(?:deltagande|n[aä]rvarande)|Sekreterare|Vice[ \\t]+ordf[oöé]rande|Ordf[oöé]rande|Justerare|Adjungerade?|Plats[ \\t]+och[ \\t]+tid|Justeringens[ \\t]+plats[ \\t]+och[ \\t]+tid|Underskrifter|Paragrafer)\\b[^\\n]{0,40}$",
	  0 },
	{ "line-bullet",
	  "(?:[•·▪◦●*»«¢+–-]|[eo](?=[ \\t]+[\\p{Lu}\\d]))[ \\t]+(?=\\S)", 0 },
	/* "1.2 Titel", "2. Titel"; OCR reads the dot as a colon ("2:2
	 * Balansräkning") or doubles it ("5..Noter") */
	{ "line-numbered",
	  "(?:\\d{1,2}(?:[.:]\\d{1,2}){1,3}[.:]?|\\d{1,2}[.):]{1,2})(?:[ \\t]+(?=\\p{L})|(?=\\p{Lu}\\p{Ll}))", 0 },
	/* a heading numbered without a full stop ("1 Inledning"): short, a
	 * capitalised word first, no closing punctuation (not "2 Fördelningen
	 * följer ... lagen."); wrapped text is undone below */
	{ "line-numbered-bare",
	  "\\d{1,2}[ \\t]+(?=\\p{Lu}\\p{Ll}+(?:[ \\t]+[^ \\t\\n]+){0,8}[ \\t]*$)(?![^\\n]*[^ \\t][.,:;][ \\t]*$)(?![^\\n]*\\t)",
	  0 },
};

static const enum st_lclass line_cls[] = {
	ST_L_ITEM, ST_L_ITEM, ST_L_ITEM, ST_L_NOTE, ST_L_APPENDIX, ST_L_MARKER, ST_L_MARKER, ST_L_MARKER,
	ST_L_MARKER, ST_L_LABEL, ST_L_BULLET, ST_L_NUMBERED, ST_L_NUMBERED
};

static int is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v';
}

/* Trim ASCII blanks and UTF-8 no-break spaces from both ends. */
static void trim(const char *t, size_t off, size_t end, size_t *ts, size_t *te)
{
	size_t a = off, b = end;
	for (;;) {
		if (a < b && is_blank_byte((unsigned char)t[a]))
			a++;
		else if (a + 1 < b && (unsigned char)t[a] == 0xC2 && (unsigned char)t[a + 1] == 0xA0)
			a += 2;
		else
			break;
	}
	for (;;) {
		if (b > a && is_blank_byte((unsigned char)t[b - 1]))
			b--;
		else if (b >= a + 2 && (unsigned char)t[b - 2] == 0xC2 && (unsigned char)t[b - 1] == 0xA0)
			b -= 2;
		else
			break;
	}
	*ts = a;
	*te = b;
}

static int split_lines(struct st_work *w)
{
	struct doc *d = w->d;
	const char *t = d->text;
	size_t i, start = 0, cap = 0;
	int page = 1, lno = 0;

	w->nlines = 0;
	w->lines = NULL;
	for (i = 0; i <= d->text_len; i++) {
		struct st_line *l;
		if (i < d->text_len && t[i] != '\n' && t[i] != '\f')
			continue;
		if (i == d->text_len && start == i)
			break;
		l = st_push(d, (void **)&w->lines, &w->nlines, &cap, sizeof(*l));
		if (!l)
			return AK_ENOMEM;
		l->off = start;
		l->len = i - start;
		trim(t, start, i, &l->ts, &l->te);
		l->page = page;
		l->lno = ++lno;
		l->cls = l->ts == l->te ? ST_L_BLANK : ST_L_TEXT;
		if (i < d->text_len && t[i] == '\f') {
			page++;
			lno = 0;
		}
		start = i + 1;
	}
	return 0;
}

static size_t line_at(const struct st_work *w, size_t off)
{
	size_t lo = 0, hi = w->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (w->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A bare page number "11" or "- 3 -" between blank lines (or text edges). */
static int bare_page_number(const struct st_work *w, size_t i)
{
	const struct st_line *l = &w->lines[i];
	const char *t = w->d->text;
	size_t k, nd = 0;

	for (k = l->ts; k < l->te; k++) {
		if (is_digit(t[k]))
			nd++;
		else if (t[k] != '-' && t[k] != ' ')
			return 0;
	}
	if (nd == 0 || nd > 3)
		return 0;
	/* "841" before a capitalised line may be "§41" (structure.c decides) */
	if (nd == 3 && (t[l->ts] == '8' || t[l->ts] == '3')) {
		size_t k2;
		for (k2 = i + 1; k2 < w->nlines && w->lines[k2].cls == ST_L_BLANK; k2++)
			;
		if (k2 < w->nlines && st_upper_at(t + w->lines[k2].ts, w->lines[k2].te - w->lines[k2].ts))
			return 0;
	}
	if (i > 0 && w->lines[i - 1].cls != ST_L_BLANK && w->lines[i - 1].cls != ST_L_FURNITURE &&
	    w->lines[i - 1].page == l->page)
		return 0;
	if (i + 1 < w->nlines && w->lines[i + 1].cls != ST_L_BLANK &&
	    w->lines[i + 1].cls != ST_L_FURNITURE && w->lines[i + 1].page == l->page)
		return 0;
	return 1;
}

static int mark_furniture(struct st_work *w)
{
	const struct ak_rx_set *set;
	struct doc *d = w->d;
	size_t r, i;
	int rc;

	if ((rc = st_table(w, furniture_rx, AK_RX_COUNT(furniture_rx), &set)) != 0)
		return rc;
	for (r = 0; r < ak_rx_size(set); r++) {
		size_t pos = 0;
		struct ak_rx_match m;
		while (pos < d->text_len && (rc = ak_rx_exec(set, r, d->text, d->text_len, pos, &m)) == 1) {
			size_t a = line_at(w, m.so), b = line_at(w, m.eo > m.so ? m.eo - 1 : m.so);
			for (i = a; i <= b && i < w->nlines; i++) {
				if (w->lines[i].cls == ST_L_BLANK)
					continue;
				w->lines[i].cls = ST_L_FURNITURE;
				w->lines[i].rule = m.rule;
			}
			pos = m.eo > pos ? m.eo : pos + 1;
		}
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < w->nlines; i++)
		if (w->lines[i].cls == ST_L_TEXT && bare_page_number(w, i)) {
			w->lines[i].cls = ST_L_FURNITURE;
			w->lines[i].rule = "furniture-page-number";
		}
	return st_repeated_edges(w);
}

/* Table row: tabs, or a line that is mostly digit groups. */
static int table_like(const char *t, const struct st_line *l)
{
	size_t k, nd = 0, nsp = 0, n = l->te - l->ts;
	for (k = l->ts; k < l->te; k++) {
		if (t[k] == '\t')
			return 1;
		if (is_digit(t[k]))
			nd++;
		else if (t[k] == ' ' || t[k] == '-')
			nsp++;
	}
	return nd >= 5 && (nd + nsp) * 2 >= n && is_digit(t[l->te - 1]);
}

static int classify(struct st_work *w)
{
	const struct ak_rx_set *set;
	struct doc *d = w->d;
	size_t i, r;
	int64_t last_no;
	int rc;

	if ((rc = st_table(w, line_rx, AK_RX_COUNT(line_rx), &set)) != 0)
		return rc;
	for (i = 0; i < w->nlines; i++) {
		struct st_line *l = &w->lines[i];
		struct ak_rx_match m;
		if (l->cls != ST_L_TEXT)
			continue;
		for (r = 0; r < ak_rx_size(set); r++) {
			rc = ak_rx_at(set, r, d->text, l->te, l->ts, &m);
			if (rc < 0)
				return rc;
			if (rc == 1) {
				l->cls = line_cls[r];
				l->rule = m.rule;
				if (l->cls == ST_L_BULLET)
					l->bullet_end = m.eo;
				break;
			}
		}
		if (l->cls == ST_L_TEXT && table_like(d->text, l)) {
			l->cls = ST_L_TABLE;
			l->rule = "line-table";
		}
	}
	/* a "§ 11" at a line start after a line cut mid-sentence is a
	 * reference that wrapped, not a heading - unless it is the next item
	 * with a capitalised title (the line before lost its full stop to OCR,
	 * or is a running header) */
	for (i = 1, last_no = -1; i < w->nlines; i++) {
		struct st_line *l = &w->lines[i], *p = &w->lines[i - 1];
		int64_t no = -1;
		int titled = 0;
		if (l->cls == ST_L_ITEM) {
			const char *c = d->text + l->ts, *e = d->text + l->te, *c0 = c;
			while (c < e && c - c0 < 6 && !is_digit(*c))
				c++;
			if (st_parse_int(&c, e, &no) != 0)
				no = -1;
			while (c < e && (*c == ' ' || *c == '\t' || *c == '.' || *c == ':'))
				c++;
			titled = c < e && st_upper_at(c, (size_t)(e - c));
		}
		if (l->cls == ST_L_ITEM && p->cls == ST_L_TEXT && p->te - p->ts >= 60 &&
		    !strchr(".:!?", d->text[p->te - 1]) && !(p->page == l->page && p->lno <= 3) &&
		    !(titled && last_no >= 0 && no == last_no + 1)) {
			l->cls = ST_L_TEXT;
			l->rule = "line-item-reference";
		}
		if (l->cls == ST_L_ITEM && no >= 0 && (last_no < 0 || no > last_no))
			last_no = no;
		/* "... uppgår till\n4 Insatser" is a sentence that wrapped */
		if (l->cls == ST_L_NUMBERED && l->rule && strcmp(l->rule, "line-numbered-bare") == 0 &&
		    p->cls == ST_L_TEXT && p->page == l->page && p->te > p->ts &&
		    !strchr(".:!?", d->text[p->te - 1]) && p->te - p->ts >= 60) {
			l->cls = ST_L_TEXT;
			l->rule = "line-numbered-wrapped";
		}
	}
	return 0;
}

/* ------------------------------------------------------------ paragraphs */

struct pbuild {
	struct ak_buf b;
	size_t *map;
	size_t nmap, capmap;
	int open;
	size_t first_line, last_line;
	int bullet;
};

static int pb_put(struct pbuild *p, const char *s, size_t n, size_t src, int same_src)
{
	size_t k;
	if (p->nmap + n > p->capmap) {
		size_t nc = p->capmap ? p->capmap * 2 : 256;
		size_t *nm;
		while (nc < p->nmap + n)
			nc *= 2;
		if (!(nm = realloc(p->map, nc * sizeof(*nm))))
			return AK_ENOMEM;
		p->map = nm;
		p->capmap = nc;
	}
	if (ak_buf_put(&p->b, s, n))
		return p->b.err;
	for (k = 0; k < n; k++)
		p->map[p->nmap++] = same_src ? src : src + k;
	return 0;
}

static int starts_lower(const struct st_work *w, const struct st_line *l, size_t from)
{
	return st_lower_at(w->d->text + from, l->te - from);
}

static int ends_with(const struct st_work *w, const struct st_line *l, const char *set)
{
	return l->te > l->ts && strchr(set, w->d->text[l->te - 1]) != NULL;
}

/* A marker line that is only a heading: its last word is a form of
 * "beslut" ("Nämndens beslut", "Styrelsen beslutar", "... föreslås besluta"). */
/* End of a marker line without the specks OCR leaves after it
 * ("Styrelsen beslutar |", "Nämndens beslut -") and a colon. */
static size_t marker_end(const char *t, size_t ts, size_t te)
{
	while (te > ts && strchr(" \t|.,-:", t[te - 1]))
		te--;
	return te;
}

static int marker_heading(const struct st_work *w, const struct st_line *P)
{
	const char *t = w->d->text;
	size_t e = marker_end(t, P->ts, P->te), k = e;
	while (k > P->ts && t[k - 1] != ' ' && t[k - 1] != '\t')
		k--;
	return e - k >= 6 && (memcmp(t + k, "beslut", 6) == 0 || memcmp(t + k, "Beslut", 6) == 0);
}

/* Does line L continue the paragraph whose last line is P? */
static int joins(const struct st_work *w, const struct st_line *P, const struct st_line *L,
                 int gap)
{
	size_t from = L->ts;
	switch (L->cls) {
	case ST_L_ITEM: case ST_L_NOTE: case ST_L_APPENDIX: case ST_L_NUMBERED:
	case ST_L_BULLET: case ST_L_MARKER: case ST_L_LABEL: case ST_L_TABLE:
		return 0;
	default:
		break;
	}
	if (P->cls == ST_L_TABLE || P->cls == ST_L_LABEL || P->title || L->title ||
	    ends_with(w, P, ":"))
		return 0;
	/* a marker heading ("Nämndens beslut") before a new sentence */
	if (P->cls == ST_L_MARKER && marker_heading(w, P) && st_upper_at(w->d->text + from, L->te - from))
		return 0;
	if (starts_lower(w, L, from) && !ends_with(w, P, ".!?") &&
	    (!gap || P->te - P->ts >= 45 || ends_with(w, P, ",-")))
		return 1;
	if (gap) /* a long line cut mid-sentence continues past blank lines */
		return L->cls == ST_L_TEXT && P->te - P->ts >= 70 && !ends_with(w, P, ".!?:;") &&
		       P->cls != ST_L_ITEM && P->cls != ST_L_NUMBERED;
	if (P->cls == ST_L_ITEM || P->cls == ST_L_NOTE || P->cls == ST_L_APPENDIX ||
	    P->cls == ST_L_NUMBERED)
		return 0;
	if (P->te - P->ts < 45 && !ends_with(w, P, ",-"))
		return 0;
	return 1;
}

static size_t count_occ(const char *hay, size_t hn, const char *needle, size_t nn)
{
	size_t c = 0, i;
	if (nn == 0 || nn > hn)
		return 0;
	for (i = 0; i + nn <= hn; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
			c++;
	return c;
}

static int is_ascii_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Decide a line-end hyphen between the word ending at buf[..n) (without
 * the '-') and the word at L.  Returns 1 join (drop '-'), 0 keep '-',
 * 2 keep "- " (a suspended compound: "hälso- och"). */
static int hyphen_rule(struct st_work *w, const char *left, size_t ln, const char *right,
                       size_t rn)
{
	char joined[128], hyph[129];
	size_t cj, ch, k;
	int upper = 0;

	static const char *const conj[] = { "och", "eller", "samt", "respektive", "resp",
	                                    "liksom", "som" };
	for (k = 0; k < sizeof(conj) / sizeof(conj[0]); k++)
		if (rn == strlen(conj[k]) && memcmp(right, conj[k], rn) == 0)
			return 2;
	for (k = 0; k < ln; k++)
		if (is_ascii_upper(left[k]) && k > 0)
			upper = 1;
	if (ln >= 2 && is_ascii_upper(left[0]) && is_ascii_upper(left[1]))
		upper = 1;
	if (upper || (ln && is_digit(left[ln - 1])))
		return 0;
	if (ln + rn + 1 >= sizeof(joined))
		return 1;
	memcpy(joined, left, ln);
	memcpy(joined + ln, right, rn);
	if (w->opts.is_word) {
		int v = w->opts.is_word(w->opts.is_word_ud, joined, ln + rn);
		if (v >= 0)
			return v ? 1 : 0;
	}
	if (++w->hyphen_lookups > 2000)
		return 1; /* bounded work: past this, the typesetting default */
	memcpy(hyph, left, ln);
	hyph[ln] = '-';
	memcpy(hyph + ln + 1, right, rn);
	cj = count_occ(w->d->text, w->d->text_len, joined, ln + rn);
	ch = count_occ(w->d->text, w->d->text_len, hyph, ln + rn + 1);
	if (ch > cj)
		return 0;
	return 1;
}

/* Sub-headings inside running text ("Sammanfattning", "Halvårsbokslut"):
 * a short capitalised line without final punctuation, after a finished
 * sentence or a heading and before a capitalised line. */
static void mark_subheadings(struct st_work *w)
{
	const char *t = w->d->text;
	size_t i, prev = SIZE_MAX;
	for (i = 0; i < w->nlines; i++) {
		struct st_line *l = &w->lines[i];
		size_t nx, n = l->te - l->ts;
		if (l->cls == ST_L_BLANK || l->cls == ST_L_FURNITURE)
			continue;
		if (l->cls == ST_L_TEXT && n >= 3 && n < 45 && st_upper_at(t + l->ts, n) &&
		    !strchr(".,;:!?-", t[l->te - 1]) && prev != SIZE_MAX &&
		    (strchr(".:!?", t[w->lines[prev].te - 1]) || w->lines[prev].cls == ST_L_MARKER ||
		     w->lines[prev].cls == ST_L_TABLE)) {
			for (nx = i + 1; nx < w->nlines && (w->lines[nx].cls == ST_L_BLANK ||
			                                    w->lines[nx].cls == ST_L_FURNITURE); nx++)
				;
			if (nx < w->nlines && st_upper_at(t + w->lines[nx].ts, w->lines[nx].te - w->lines[nx].ts))
				l->title = 1;
		}
		prev = i;
	}
}

/* Word bytes (letters incl. UTF-8, digits) ending at p[n) / starting at p. */
static size_t word_back(const char *p, size_t n)
{
	size_t k = n;
	while (k > 0 && (((unsigned char)p[k - 1] >= 0x80) ||
	                 (p[k - 1] >= 'a' && p[k - 1] <= 'z') ||
	                 (p[k - 1] >= 'A' && p[k - 1] <= 'Z') || is_digit(p[k - 1])))
		k--;
	return n - k;
}

static size_t word_fwd(const char *p, size_t n)
{
	size_t k = 0;
	while (k < n && (((unsigned char)p[k] >= 0x80) || (p[k] >= 'a' && p[k] <= 'z') ||
	                 (p[k] >= 'A' && p[k] <= 'Z') || is_digit(p[k])))
		k++;
	return k;
}

/* A line "att ..." is a point of a decision list when the line before is
 * the heading of the list ("Styrelsen beslutar", "... föreslås besluta:")
 * or itself a point that ends in ",", ";", "samt" or "och". */
static int att_point(const struct st_work *w, const struct st_line *P, const struct st_line *L)
{
	const char *t = w->d->text;
	size_t pn = P->te - P->ts;
	if (L->cls != ST_L_TEXT || L->te - L->ts < 5 || memcmp(t + L->ts, "att ", 4) != 0)
		return 0;
	if (P->cls != ST_L_MARKER)
		return 0;
	if (P->rule && strcmp(P->rule, "line-marker-att-point") == 0)
		return strchr(",;", t[P->te - 1]) ||
		       (pn >= 4 && memcmp(t + P->te - 4, "samt", 4) == 0) ||
		       (pn >= 3 && memcmp(t + P->te - 3, "och", 3) == 0);
	if (t[P->te - 1] == ':')
		return 1;
	/* the heading ends in a form of "beslut" */
	{
		size_t e = marker_end(t, P->ts, P->te), k = e;
		while (k > P->ts && t[k - 1] != ' ')
			k--;
		return e - k >= 6 && (memcmp(t + k, "beslut", 6) == 0 ||
		                          memcmp(t + k, "besluta", 6) == 0);
	}
}

static int flush(struct st_work *w, struct pbuild *p)
{
	struct doc *d = w->d;
	struct ak_meta *mt = w->meta;
	struct ak_para *pa;
	size_t *idx, **mp;

	if (!p->open)
		return 0;
	p->open = 0;
	pa = st_push(d, (void **)&mt->paras, &mt->nparas, &w->cap_paras, sizeof(*pa));
	idx = st_push(d, (void **)&w->para_first_line, &w->n_pfl, &w->cap_pfl, sizeof(*idx));
	mp = st_push(d, (void **)&w->maps, &w->n_maps, &w->cap_maps, sizeof(*mp));
	if (!pa || !idx || !mp)
		return AK_ENOMEM;
	pa->text = ak_arena_strndup(&d->arena, p->b.ptr ? p->b.ptr : "", p->b.len);
	*mp = ak_arena_array(&d->arena, p->nmap + 1, sizeof(size_t));
	if (!pa->text || !*mp)
		return AK_ENOMEM;
	memcpy(*mp, p->map, p->nmap * sizeof(size_t));
	(*mp)[p->nmap] = w->lines[p->last_line].te;
	*idx = p->first_line;
	pa->start = p->nmap ? p->map[0] : w->lines[p->first_line].ts;
	pa->end = w->lines[p->last_line].te;
	if (pa->end < pa->start)
		pa->end = pa->start;
	pa->bullet = p->bullet;
	pa->page = w->lines[p->first_line].page;
	ak_buf_reset(&p->b);
	p->nmap = 0;
	return 0;
}

/* Append line content [from, te) collapsing runs of spaces. */
static int put_line(struct pbuild *p, const char *t, size_t from, size_t to)
{
	size_t k = from;
	int rc;
	while (k < to) {
		size_t e = k;
		if (t[k] == ' ') {
			while (e < to && t[e] == ' ')
				e++;
			if ((rc = pb_put(p, " ", 1, k, 1)) != 0)
				return rc;
			k = e;
			continue;
		}
		while (e < to && t[e] != ' ')
			e++;
		if ((rc = pb_put(p, t + k, e - k, k, 0)) != 0)
			return rc;
		k = e;
	}
	return 0;
}

static int build_paras(struct st_work *w)
{
	struct doc *d = w->d;
	const char *t = d->text;
	struct pbuild p;
	size_t i, prev = 0;
	int gap = 0, rc = 0, have_prev = 0;

	memset(&p, 0, sizeof(p));
	ak_buf_init(&p.b, (size_t)1 << 28);
	mark_subheadings(w);
	for (i = 0; i < w->nlines && !rc; i++) {
		struct st_line *l = &w->lines[i];
		size_t from = l->ts;
		if (l->cls == ST_L_BLANK || l->cls == ST_L_FURNITURE) {
			gap = 1;
			continue;
		}
		if (l->cls == ST_L_BULLET)
			from = l->bullet_end;
		if (have_prev && att_point(w, &w->lines[prev], l)) {
			l->cls = ST_L_MARKER; /* "Styrelsen beslutar" / "att ..., samt" / "att ..." */
			l->rule = "line-marker-att-point";
		}
		/* the line after a bare "§38" is the item's title, a paragraph of
		 * its own */
		if (have_prev && w->lines[prev].cls == ST_L_ITEM &&
		    w->lines[prev].te - w->lines[prev].ts <= 8 && l->cls == ST_L_TEXT)
			l->title = 1;
		if (p.open && have_prev && joins(w, &w->lines[prev], l, gap)) {
			/* separator or hyphen join */
			const char *bp = p.b.ptr;
			size_t bn = p.b.len;
			if (bn >= 2 && bp[bn - 1] == '-' && bp[bn - 2] != ' ' && st_lower_at(t + from, l->te - from)) {
				size_t ln = word_back(bp, bn - 1);
				size_t rn = word_fwd(t + from, l->te - from);
				int h = ln ? hyphen_rule(w, bp + bn - 1 - ln, ln, t + from, rn) : 0;
				if (h == 1) {
					p.b.len--;
					p.b.ptr[p.b.len] = '\0';
					p.nmap--;
					w->meta->nhyphen_joined++;
				} else if (h == 2) {
					rc = pb_put(&p, " ", 1, w->lines[prev].te, 1);
				} else {
					w->meta->nhyphen_kept++;
				}
			} else {
				rc = pb_put(&p, " ", 1, w->lines[prev].te, 1);
			}
		} else {
			if ((rc = flush(w, &p)) != 0)
				break;
			p.open = 1;
			p.first_line = i;
			p.bullet = l->cls == ST_L_BULLET;
		}
		if (!rc)
			rc = put_line(&p, t, from, l->te);
		p.last_line = i;
		prev = i;
		have_prev = 1;
		gap = 0;
	}
	if (!rc)
		rc = flush(w, &p);
	ak_buf_release(&p.b);
	free(p.map);
	return rc;
}

size_t st_map(const struct st_work *w, size_t p, size_t flow_off)
{
	const struct ak_para *pa = &w->meta->paras[p];
	size_t n = strlen(pa->text);
	if (flow_off > n)
		flow_off = n;
	return w->maps[p][flow_off];
}

int st_lines_and_paras(struct st_work *w)
{
	size_t i, nf = 0, cap = 0;
	int rc;

	if ((rc = split_lines(w)) != 0)
		return rc;
	if ((rc = mark_furniture(w)) != 0)
		return rc;
	if ((rc = classify(w)) != 0)
		return rc;
	for (i = 0; i < w->nlines; i++)
		if (w->lines[i].cls == ST_L_FURNITURE) {
			size_t *f = st_push(w->d, (void **)&w->meta->furniture, &nf, &cap, sizeof(*f));
			if (!f)
				return AK_ENOMEM;
			*f = w->lines[i].off;
		}
	w->meta->nfurniture = nf;
	return build_paras(w);
}
