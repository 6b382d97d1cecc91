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
