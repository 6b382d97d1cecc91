/*
 * ocr_glyphs.c - put back the glyphs the Tesseract model cannot print.
 *
 * Why: Debian's `swe` model has no `§`, `%` or `@` in its character set and
 * `swe+eng` (our default) still reads many of them as digits: "§ 4" comes
 * out as "8 4" or "3 4", "17 %" as "17 96" or "17 26)".  Section numbers and
 * percentages are what the later stages key on (decisions are "§ N",
 * tables hold shares), so the OCR stage restores them here, before the words
 * enter the document.
 *
 * Invariant: a rule fires only when the word boxes agree with the text, so a
 * genuine "8 4" in a table or "12 96" in prose is never rewritten:
 *   - section-sign: first word of a line is a one-glyph look-alike of `§`
 *     followed by an item number and a word with letters, and its box is
 *     taller than the digit after it and reaches below it (the `§` descends
 *     under the baseline, digits do not);
 *   - percent-sign: a two-glyph look-alike of `%` right after a number, whose
 *     box is narrower than two digits of that number (a `%` is one glyph,
 *     about 1.5 digit widths).
 * Without boxes only the unambiguous look-alike `$` before an item number is
 * restored.  Each rule is one row of the table below, with its name.
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

static int section_sign(struct ak_ocr_tok *t, size_t n)
{
	static const char *const lookalike[] = { "8", "3", "5", "9", "$", "S" };
	const struct ak_ocr_tok *num;
	size_t i, k;
	int found = 0, h0, h1;

	if (n < 3)
		return 0;
	for (i = 0; i < sizeof(lookalike) / sizeof(lookalike[0]); i++)
		if (strcmp(t[0].text, lookalike[i]) == 0)
			found = 1;
	if (!found || !is_item_number(t[1].text))
		return 0;
	for (found = 0, k = 2; k < n && !found; k++)
		found = has_letter(t[k].text);
	if (!found)
		return 0;
	num = &t[1];
	if (box_known(&t[0]) && box_known(num)) {
		h0 = t[0].y1 - t[0].y0;
		h1 = num->y1 - num->y0;
		/* taller by 10 % and reaching at least 1/20 of a digit lower */
		if (h0 * 100 < h1 * 110 || t[0].y1 * 20 < num->y1 * 20 + h1)
			return 0;
		/* one glyph: not wider than 1.6 digit heights */
		if ((t[0].x1 - t[0].x0) * 10 > h1 * 16)
			return 0;
	} else if (strcmp(t[0].text, "$") != 0) {
		return 0;
	}
	memcpy(t[0].text, SECTION_SIGN, sizeof(SECTION_SIGN));
	return 1;
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

static const struct {
	const char *name;
	int (*fn)(struct ak_ocr_tok *t, size_t n);
} rules[] = {
	{ "section-sign", section_sign },
	{ "percent-sign", percent_sign },
};

int ak_ocr_restore_line(struct ak_ocr_tok *t, size_t n)
{
	size_t i;
	int changed = 0;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		int c = rules[i].fn(t, n);
		if (c > 0 && rules[i].fn == section_sign)
			t[0].rule = rules[i].name;
		changed += c;
	}
	return changed;
}
