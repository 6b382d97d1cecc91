/*
 * ocr_glyphs.c - put back the glyphs the Tesseract model cannot print.
 *
 * Why: Debian's `swe` model has no `§`, `%` or `@` in its character set and
 * `swe+eng` still reads many of them as digits: "§ 4" comes
 * out as "8 4" or "3 4", "17 %" as "17 96" or "17 26)".  Section numbers and
 * percentages are what the later stages key on (decisions are "§ N",
 * tables hold shares), so the OCR stage restores them here, before the words
 * enter the document.
 *
 * Invariant: a rule fires only when the word boxes agree with the text, so a
 * genuine "8 4" in a table or "12 96" in prose is never rewritten:
 *   - section-sign: a one-glyph look-alike of `§` ("8", "3", "5", "9", "&",
 *     "S") next to a number - at the start of a heading line ("8 4 Val av
 *     justerare") or in running text ("enligt 8 5", "6 8 LVU") - whose box
 *     is taller than the digits beside it and reaches below them (`§`
 *     descends under the baseline, digits do not); a `$` (which Swedish
 *     documents do not use) beside or glued to a number ("$ 4", "6 $ LVU",
 *     "$38") needs no boxes;
 *   - percent-sign: a two- or three-glyph look-alike of `%` ("96", "26",
 *     "946", "9%", "0/0") right after a number, whose box is 1.2 to 1.8 digit
 *     widths of that number (a `%` is one glyph; two digits are wider).
 *   - one-as-letter: a lone "I", "l" or "|" where only a number can stand:
 *     "Sida I av 2" (page numbering) and an item number at the start of a
 *     line followed by an ISO date ("I 2024-09-02 Socialsekreterare", the
 *     numbered rows of a delegation list).  A Swedish "I" ("I 2023 års
 *     budget") is followed by a year, never by a full date, so it stays.
 * Each rule is one row of the table below, with its name; a changed word
 * carries the rule's name.
 *
 * Also here, because it is the same kind of pure word-and-box rule: when a
 * second reading of a low-confidence figure (done by ocr_tess.c) replaces
 * the first - only when clearly surer AND its width agrees with the box.
 */
#include "ocr_adapter.h"

#include <string.h>

#define SECTION_SIGN "\xc2\xa7"

static int box_known(const struct ak_ocr_tok *t)
{
	return t->x1 > t->x0 && t->y1 > t->y0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (unsigned char)*s >= 0xc3)
			return 1;
	return 0;
}

/* "4", "12", "12." or "12:" - an item number after a section sign. */
static int is_item_number(const char *s)
{
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	if (n == 0 || n > 4)
		return 0;
	if (s[n] == '.' || s[n] == ':')
		n++;
	return s[n] == '\0';
}

/* Is t (a one-glyph look-alike) a section sign, judged against the number
 * `num` next to it?  The sign is taller than the digits and reaches below
 * them; a digit is neither. */
static int taller_than_digits(const struct ak_ocr_tok *t, const struct ak_ocr_tok *num)
{
	int h0, h1;
	if (!box_known(t) || !box_known(num))
		return 0;
	h0 = t->y1 - t->y0;
	h1 = num->y1 - num->y0;
	/* taller by 5 % and reaching at least 1/20 of a digit lower (measured:
	 * a bold 14 pt `§` is 41 px against 38 px digits, 3 px lower) */
	if (h0 * 100 < h1 * 105 || t->y1 * 20 < num->y1 * 20 + h1)
		return 0;
	/* one glyph: not wider than 1.6 digit heights */
	return (t->x1 - t->x0) * 10 <= h1 * 16;
}

static int is_number(const char *s)
{
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	return n > 0 && n <= 4 && (s[n] == '\0' || strchr(".,:;)", s[n]));
}

static int section_sign(struct ak_ocr_tok *t, size_t n)
{
	static const char *const lookalike[] = { "8", "3", "5", "9", "&", "S" };
	size_t i, k;
	int changed = 0;

	for (i = 0; i < n; i++) {
		int found = 0, letters = 0;
		const struct ak_ocr_tok *next = i + 1 < n ? &t[i + 1] : NULL;
		const struct ak_ocr_tok *prev = i > 0 ? &t[i - 1] : NULL;

		/* "$38", "($33)": a dollar sign glued to a number */
		if ((t[i].text[0] == '$' && is_digit(t[i].text[1])) ||
		    (t[i].text[0] == '(' && t[i].text[1] == '$' && is_digit(t[i].text[2]))) {
			char *d = strchr(t[i].text, '$');
			size_t rest = strlen(d + 1);
			if ((size_t)(d - t[i].text) + 2 + rest < AK_OCR_TOK_MAX) {
				memmove(d + 2, d + 1, rest + 1);
				memcpy(d, SECTION_SIGN, 2);
				t[i].rule = "section-sign";
				changed++;
			}
			continue;
		}
		/* "6 $ LVU", "$ 4 Val": a lone dollar sign beside a number */
		if (strcmp(t[i].text, "$") == 0) {
			if ((next && is_item_number(next->text)) || (prev && is_number(prev->text))) {
				memcpy(t[i].text, SECTION_SIGN, sizeof(SECTION_SIGN));
				t[i].rule = "section-sign";
				changed++;
			}
			continue;
		}
		for (k = 0; k < sizeof(lookalike) / sizeof(lookalike[0]); k++)
			if (strcmp(t[i].text, lookalike[k]) == 0)
				found = 1;
		if (!found)
			continue;
		/* "8 4 Val av justerare": heading, item number, words */
		if (i == 0 && n >= 3 && is_item_number(t[1].text)) {
			for (k = 2; k < n && !letters; k++)
				letters = has_letter(t[k].text);
			if (letters && taller_than_digits(&t[0], &t[1])) {
				memcpy(t[0].text, SECTION_SIGN, sizeof(SECTION_SIGN));
				t[0].rule = "section-sign";
				changed++;
			}
			continue;
		}
		/* "enligt 8 5", "6 8 LVU": in running text, boxes must agree */
		if (i > 0 && ((next && is_item_number(next->text) && taller_than_digits(&t[i], next)) ||
		              (prev && is_number(prev->text) && taller_than_digits(&t[i], prev)))) {
			memcpy(t[i].text, SECTION_SIGN, sizeof(SECTION_SIGN));
			t[i].rule = "section-sign";
			changed++;
		}
	}
	return changed;
}

/* A number the percent sign may follow: "(17", "4,5", "-3", "38". Returns
 * the number of digits (0 if not a number) and the other characters. */
static int number_shape(const char *s, int *others)
{
	int digits = 0, o = 0;
	size_t i = 0;

	if (s[i] == '(' || s[i] == '[')
		i++, o++;
	if (s[i] == '-' || s[i] == '+')
		i++, o++;
	for (; s[i]; i++) {
		if (is_digit(s[i]))
			digits++;
		else if ((s[i] == ',' || s[i] == '.') && is_digit(s[i + 1]) && digits)
			o++;
		else
			return 0;
	}
	*others = o;
	return digits;
}

/* "96", "26", "946", "9%", "0/0": two or three glyphs a `%` is read as. */
static size_t percent_lookalike(const char *s)
{
	size_t n = 0;
	int digit = 0;
	while (s[n] && (is_digit(s[n]) || s[n] == '%' || s[n] == '/' || s[n] == 'o')) {
		digit |= is_digit(s[n]) || s[n] == '/';
		n++;
	}
	return n >= 2 && n <= 3 && digit ? n : 0;
}

static int percent_sign(struct ak_ocr_tok *t, size_t n)
{
	size_t i, m, tail;
	int changed = 0;

	for (i = 1; i < n; i++) {
		struct ak_ocr_tok *cur = &t[i];
		const struct ak_ocr_tok *prev = &t[i - 1];
		int digits, others, wprev, wcur;
		long dw100; /* digit width, 1/100 pixel */

		if (!(m = percent_lookalike(cur->text)))
			continue;
		for (tail = m; cur->text[tail]; tail++)
			if (!strchr(").,;:]", cur->text[tail]))
				break;
		if (cur->text[tail] != '\0')
			continue;
		if (!(digits = number_shape(prev->text, &others)))
			continue;
		if (!box_known(cur) || !box_known(prev))
			continue;
		wprev = prev->x1 - prev->x0;
		wcur = cur->x1 - cur->x0;
		/* others (brackets, commas) count as half a digit */
		dw100 = (long)wprev * 200 / (2 * digits + others);
		/* trailing punctuation: half a digit each */
		wcur -= (int)(dw100 * (long)(tail - m) / 200);
		/* one glyph of 1.2 to 1.8 digit widths; two digits are >= 1.8 */
		if ((long)wcur * 100 * 100 >= dw100 * 180 ||
		    (long)wcur * 100 * 100 < dw100 * 120)
			continue;
		if ((long)(cur->x0 - prev->x1) * 100 > dw100 * 2)
			continue; /* too far from the number */
		memmove(cur->text + 1, cur->text + m, tail - m + 1);
		cur->text[0] = '%';
		cur->rule = "percent-sign";
		changed++;
	}
	return changed;
}

static int is_one_lookalike(const char *s)
{
	return strcmp(s, "I") == 0 || strcmp(s, "l") == 0 || strcmp(s, "|") == 0;
}

/* YYYY-MM-DD, nothing else. */
static int is_iso_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return 0;
	return s[i] == '\0';
}

static int one_as_letter(struct ak_ocr_tok *t, size_t n)
{
	size_t i;
	int changed = 0;

	for (i = 0; i < n; i++) {
		int fire = 0;
		if (!is_one_lookalike(t[i].text))
			continue;
		if (i > 0 && i + 2 < n && strcmp(t[i - 1].text, "Sida") == 0 &&
		    strcmp(t[i + 1].text, "av") == 0 && is_number(t[i + 2].text))
			fire = 1;
		else if (i == 0 && n > 1 && is_iso_date(t[1].text))
			fire = 1;
		if (fire) {
			strcpy(t[i].text, "1");
			t[i].rule = "one-as-letter";
			changed++;
		}
	}
	return changed;
}

static const struct {
	const char *name;
	int (*fn)(struct ak_ocr_tok *t, size_t n);
} rules[] = {
	{ "section-sign", section_sign },
	{ "percent-sign", percent_sign },
	{ "one-as-letter", one_as_letter },
};

int ak_ocr_restore_line(struct ak_ocr_tok *t, size_t n)
{
	size_t i;
	int changed = 0;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		changed += rules[i].fn(t, n);
	return changed;
}

/* ------------------------------------------------------------ second reading
 * Decision rule for the second reading of a numeric word (ocr_adapter.h);
 * ocr_tess.c does the reading.  Pure functions, tested without Tesseract. */

static int num_punct(char c)
{
	return c == '-' || c == '.' || c == ',' || c == ':' || c == '/' || c == '(' ||
	       c == ')';
}

int ak_ocr_numeric_candidate(const char *text, float conf)
{
	size_t n = strlen(text), i, digits = 0, alnum = 0;

	if (conf >= AK_OCR_REREAD_CONF || n == 0 || n > 16)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (is_digit((char)c))
			digits++;
		if (is_digit((char)c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    c >= 0xc3)
			alnum++;
	}
	return digits > 0 && 2 * digits >= alnum;
}

int ak_ocr_numeric_normalise(char *s)
{
	size_t n = strlen(s), i, k, start = 0, digits = 0;
	size_t group = 0, ngroups = 0;
	int grouped_ok = 1;

	while (start < n && (s[start] == ' ' || s[start] == '\n' || s[start] == '\t'))
		start++;
	while (n > start && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
		n--;
	/* a space is allowed only between digit groups of a thousands grouping:
	 * every group after the first has exactly three digits */
	for (i = start; i <= n; i++) {
		if (i == n || s[i] == ' ') {
			if (ngroups > 0 && group != 3)
				grouped_ok = 0;
			if (i < n && (i == start || !is_digit(s[i - 1]) || i + 1 >= n ||
			              !is_digit(s[i + 1])))
				grouped_ok = 0;
			ngroups++;
			group = 0;
		} else if (is_digit(s[i])) {
			group++;
		} else if (ngroups > 0) {
			group = 99; /* punctuation inside a later group: no grouping */
		}
	}
	if (ngroups > 1 && !grouped_ok)
		return 0;
	for (i = start, k = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if (!is_digit(s[i]) && !num_punct(s[i]))
			return 0;
		digits += is_digit(s[i]) != 0;
		s[k++] = s[i];
	}
	s[k] = '\0';
	return digits > 0;
}

double ak_ocr_text_width(const char *s)
{
	size_t n, i;
	double w = 0;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) == 0x80 || c < 0x20)
			continue; /* UTF-8 continuation: counted with its lead byte */
		if (c == '.' || c == ',' || c == ':' || c == ' ' || c == '/')
			w += 0.38;
		else if (c == '-' || c == '(' || c == ')')
			w += 0.46;
		else
			w += 0.76;
	}
	/* a '1' at either end leaves white inside its advance */
	if (n > 1 && s[0] == '1')
		w -= 0.1;
	if (n > 1 && s[n - 1] == '1')
		w -= 0.07;
	return w > 0.1 ? w - 0.1 : w;
}

int ak_ocr_take_second(const char *first, float conf1, char *second, float conf2,
                       int box_w, int box_h)
{
	double ratio, w1, w2, e1, e2, tol;
	size_t n1, n2;

	if (box_w <= 0 || box_h <= 0 || conf2 < AK_OCR_REREAD_MIN ||
	    conf2 < conf1 + AK_OCR_REREAD_MARGIN)
		return 0;
	w2 = ak_ocr_text_width(second); /* as printed, grouping spaces included */
	if (!ak_ocr_numeric_normalise(second))
		return 0;
	/* punctuation around the figure that the first reading saw and the
	 * second did not ("716." -> "716"): kept, the figure is what is re-read */
	n1 = strlen(first);
	n2 = strlen(second);
	if (n1 > 1 && strchr(".,:;)", first[n1 - 1]) && second[n2 - 1] != first[n1 - 1] &&
	    n2 + 2 < AK_OCR_TOK_MAX) {
		second[n2++] = first[n1 - 1];
		second[n2] = '\0';
		w2 += first[n1 - 1] == ')' ? 0.46 : 0.38;
	}
	if (n1 > 1 && first[0] == '(' && second[0] != '(' && n2 + 2 < AK_OCR_TOK_MAX) {
		memmove(second + 1, second, n2 + 1);
		second[0] = '(';
		w2 += 0.46;
	}
	if (strcmp(first, second) == 0)
		return 0;
	ratio = (double)box_w / (double)box_h;
	w1 = ak_ocr_text_width(first);
	e1 = ratio > w1 ? ratio - w1 : w1 - ratio;
	e2 = ratio > w2 ? ratio - w2 : w2 - ratio;
	/* a lone glyph read as another lone glyph: no geometric evidence */
	if (strlen(second) == 1 && strlen(first) == 1)
		return 0;
	/* a quarter of a digit height (a third of a digit), a little more for long numbers:
	 * a dropped or extra digit (0.76) or grouping space (0.38) is outside */
	tol = 0.25 + 0.01 * w2;
	return e2 <= tol && e2 <= e1 + 0.2;
}
