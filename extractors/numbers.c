/*
 * numbers.c - cursor parsers for Swedish figures.
 *
 * Why a unit of its own: every later stage (tables, checks, the report)
 * compares figures, and they must agree on what "1,8 mkr", "(1 879 925)" or
 * "4 602 tkr" is.  The parsers here are the only place that turns printed
 * digits into values.
 *
 * Invariants: no floating point, no atoi/sscanf/strtod; a parser never
 * reads at or past `end`, needs no NUL and moves its cursor only on
 * success; digits that overflow int64 fail with AK_ELIMIT.  Digit groups
 * follow the Swedish rule (a first group of 1-3 digits, then groups of
 * exactly 3 after a space, no-break space or thin space) in running text;
 * a table cell (ak_num_cell) also takes groups OCR has merged or split,
 * flagged AK_NUMF_LOOSE.
 */
#include "numbers.h"

#include <string.h>

enum { MODE_TEXT = 0, MODE_CELL = 1 };

static int is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

static int is_alpha_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == 0xC3 || c == 0xC5; /* lead bytes of Latin letters (å ä ö é ...) */
}

/* A letter or digit at p: a word goes on. */
static int is_wordch(const char *p, const char *end)
{
	return p < end && (is_alpha_byte((unsigned char)*p) || (*p >= '0' && *p <= '9'));
}

size_t ak_num_gap(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (p >= end)
		return 0;
	if (*p == ' ')
		return 1;
	if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x89 || (unsigned char)p[2] == 0xAF))
		return 3;
	return 0;
}

size_t ak_num_minus(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (p >= end)
		return 0;
	if (*p == '-')
		return 1;
	if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 &&
	    (unsigned char)p[2] == 0x92)
		return 3; /* U+2212 minus sign */
	if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0x93)
		return 3; /* U+2013 en dash, as printed by word processors */
	return 0;
}

/* Case-insensitive ASCII prefix match of word w at p; returns its length. */
static size_t match_ci(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w), i;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 0; i < n; i++) {
		char a = p[i], b = w[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return n;
}

/* Digits at p, at most `max` of them, accumulated into *acc (which already
 * holds earlier digits).  Returns the count, or -1 on overflow. */
static int take_digits(const char **pp, const char *end, int64_t *acc, int max)
{
	const char *p = *pp;
	int n = 0;
	while (p < end && *p >= '0' && *p <= '9' && n < max) {
		int d = *p - '0';
		if (*acc > (INT64_MAX - d) / 10)
			return -1;
		*acc = *acc * 10 + d;
		p++;
		n++;
	}
	*pp = p;
	return n;
}

static int run_len(const char *p, const char *end)
{
	int n = 0;
	while (p < end && *p >= '0' && *p <= '9') {
		p++;
		n++;
	}
	return n;
}

/* ---------------------------------------------------------------- units */

struct unit_word {
	const char *w;
	enum ak_num_unit unit;
	int scale;
};

/* Longer spellings first: the first match wins. */
static const struct unit_word unit_words[] = {
	{ "miljoner kronor", AK_UNIT_KR, 6 }, { "miljoner kr", AK_UNIT_KR, 6 },
	{ "miljarder kronor", AK_UNIT_KR, 9 }, { "miljarder kr", AK_UNIT_KR, 9 },
	{ "tusen kronor", AK_UNIT_KR, 3 }, { "tusen kr", AK_UNIT_KR, 3 },
	{ "milj. kr", AK_UNIT_KR, 6 }, { "milj.kr", AK_UNIT_KR, 6 },
	{ "milj kr", AK_UNIT_KR, 6 }, { "miljoner", AK_UNIT_KR, 6 },
	{ "miljarder", AK_UNIT_KR, 9 }, { "milj.", AK_UNIT_KR, 6 },
	{ "kronor", AK_UNIT_KR, 0 }, { "procent", AK_UNIT_PERCENT, 0 },
	{ "t.kr.", AK_UNIT_KR, 3 }, { "t.kr", AK_UNIT_KR, 3 },
	{ "m.kr.", AK_UNIT_KR, 6 }, { "m.kr", AK_UNIT_KR, 6 },
	{ "mnkr", AK_UNIT_KR, 6 }, { "mdkr", AK_UNIT_KR, 9 },
	{ "tkr", AK_UNIT_KR, 3 }, { "mkr", AK_UNIT_KR, 6 },
	{ "sek", AK_UNIT_KR, 0 }, { "kr.", AK_UNIT_KR, 0 }, { "kr", AK_UNIT_KR, 0 },
};

/* A unit at p (after the number and at most one gap).  Sets unit/scale and
 * returns the bytes used, 0 when none. */
static size_t take_unit(const char *p, const char *end, enum ak_num_unit *unit, int *scale)
{
	const char *q = p;
	size_t g, i;

	if (q < end && *q == '%') {
		*unit = AK_UNIT_PERCENT;
		*scale = 0;
		return 1;
	}
	if ((g = ak_num_gap(q, end)) != 0)
		q += g;
	if (q < end && *q == '%') {
		*unit = AK_UNIT_PERCENT;
		*scale = 0;
		return (size_t)(q + 1 - p);
	}
	for (i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++) {
		size_t n = match_ci(q, end, unit_words[i].w);
		if (!n)
			continue;
		/* "kr." may end a sentence; the word must end here. */
		if (is_wordch(q + n, end))
			continue;
		*unit = unit_words[i].unit;
		*scale = unit_words[i].scale;
		return (size_t)(q + n - p);
	}
	/* "år" (U+00E5 is C3 A5) after an age or a range. */
	if (end - q >= 3 && q[0] == (char)0xC3 && q[1] == (char)0xA5 && q[2] == 'r' &&
	    !is_wordch(q + 3, end)) {
		*unit = AK_UNIT_YEARS;
		*scale = 0;
		return (size_t)(q + 3 - p);
	}
	return 0;
}

static const char *const months[] = {
	"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"
};

static int take_month(const char **pp, const char *end)
{
	size_t i;
	for (i = 0; i < 12; i++) {
		size_t n = match_ci(*pp, end, months[i]);
		if (n && !is_wordch(*pp + n, end)) {
			*pp += n;
			return (int)i + 1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- core */

/* Digits with grouping.  Returns 0, AK_EINVAL (no digit) or AK_ELIMIT. */
static int take_grouped(const char **pp, const char *end, int mode, int64_t *v,
                        int *first_len, unsigned *flags)
{
	const char *p = *pp;
	int n;

	*v = 0;
	if (!is_digit(p, end))
		return AK_EINVAL;
	n = take_digits(&p, end, v, 64);
	if (n < 0)
		return AK_ELIMIT;
	*first_len = n;
	for (;;) {
		size_t g = ak_num_gap(p, end);
		int m;
		if (!g || !is_digit(p + g, end))
			break;
		m = run_len(p + g, end);
		if (mode == MODE_TEXT) {
			/* Strict: 1-3 digits first, then exactly 3 per group. */
			if (*first_len > 3 || m != 3)
				break;
		} else if (*first_len > 3 || m != 3) {
			*flags |= AK_NUMF_LOOSE;
		}
		p += g;
		if (take_digits(&p, end, v, 64) < 0)
			return AK_ELIMIT;
		*flags |= AK_NUMF_GROUPED;
	}
	*pp = p;
	return 0;
}

static int parse_core(struct ak_number *out, const char **pp, const char *end, int mode)
{
	const char *p = *pp, *start = *pp;
	struct ak_number n;
	int neg = 0, first_len = 0, rc;
	size_t k;

	memset(&n, 0, sizeof(n));

	/* Approximation marks. */
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x89 &&
	    (unsigned char)p[2] == 0x88) {
		n.flags |= AK_NUMF_APPROX;
		p += 3;
		while ((k = ak_num_gap(p, end)) != 0)
			p += k;
	} else if (((k = match_ci(p, end, "cirka")) != 0 || (k = match_ci(p, end, "ca.")) != 0 ||
	            (k = match_ci(p, end, "ca")) != 0) &&
	           ak_num_gap(p + k, end)) {
		n.flags |= AK_NUMF_APPROX;
		p += k;
		p += ak_num_gap(p, end);
	}

	/* § numbers and note references. */
	if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA7) {
		const char *q = p + 2;
		int64_t v = 0;
		if (end - q >= 2 && (unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA7)
			q += 2;
		while ((k = ak_num_gap(q, end)) != 0)
			q += k;
		if (!is_digit(q, end))
			return AK_EINVAL;
		if (take_digits(&q, end, &v, 9) < 0 || is_digit(q, end))
			return AK_ELIMIT;
		n.kind = AK_NUM_PARAGRAPH;
		n.v = v;
		n.raw.p = start;
		n.raw.n = (size_t)(q - start);
		*out = n;
		*pp = q;
		return 0;
	}
	if ((k = match_ci(p, end, "not")) != 0 && ak_num_gap(p + k, end)) {
		const char *q = p + k + ak_num_gap(p + k, end);
		int64_t v = 0;
		if (!is_digit(q, end))
			return AK_EINVAL;
		if (take_digits(&q, end, &v, 4) < 0 || is_digit(q, end))
			return AK_EINVAL;
		n.kind = AK_NUM_NOTE;
		n.v = v;
		n.raw.p = start;
		n.raw.n = (size_t)(q - start);
		*out = n;
		*pp = q;
		return 0;
	}

	if (p < end && *p == '(') {
		n.flags |= AK_NUMF_PAREN;
		p++;
		while ((k = ak_num_gap(p, end)) != 0)
			p += k;
	}
	if ((k = ak_num_minus(p, end)) != 0) {
		neg = 1;
		p += k;
	} else if (p < end && *p == '+') {
		n.flags |= AK_NUMF_PLUS;
		p++;
	}
	if ((neg || (n.flags & AK_NUMF_PLUS)) && (k = ak_num_gap(p, end)) != 0 &&
	    is_digit(p + k, end))
		p += k; /* "+ 408", "- 4 767" */
	if (!is_digit(p, end))
		return AK_EINVAL;

	/* ISO date 2023-12-05. */
	if (!neg && !(n.flags & (AK_NUMF_PAREN | AK_NUMF_PLUS)) && run_len(p, end) == 4 &&
	    end - p >= 10 && p[4] == '-' && run_len(p + 5, end) == 2 && p[7] == '-' &&
	    run_len(p + 8, end) == 2) {
		int64_t y = 0, m = 0, d = 0;
		const char *q = p;
		take_digits(&q, end, &y, 4);
		q++;
		take_digits(&q, end, &m, 2);
		q++;
		take_digits(&q, end, &d, 2);
		if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
			n.kind = AK_NUM_DATE;
			n.year = (int)y;
			n.month = (int)m;
			n.day = (int)d;
			n.raw.p = start;
			n.raw.n = (size_t)(q - start);
			*out = n;
			*pp = q;
			return 0;
		}
	}
	/* Day/month 15/2. */
	if (!neg && !(n.flags & (AK_NUMF_PAREN | AK_NUMF_PLUS)) && run_len(p, end) <= 2) {
		int a = run_len(p, end);
		const char *q = p + a;
		if (q < end && *q == '/' && is_digit(q + 1, end) && run_len(q + 1, end) <= 2) {
			int64_t d = 0, m = 0;
			const char *r = p;
			take_digits(&r, end, &d, 2);
			r++;
			take_digits(&r, end, &m, 2);
			if (d >= 1 && d <= 31 && m >= 1 && m <= 12 && !(r < end && *r == '/')) {
				n.kind = AK_NUM_DATE;
				n.day = (int)d;
				n.month = (int)m;
				n.raw.p = start;
				n.raw.n = (size_t)(r - start);
				*out = n;
				*pp = r;
				return 0;
			}
		}
	}

	rc = take_grouped(&p, end, mode, &n.v, &first_len, &n.flags);
	if (rc)
		return rc;

	/* Decimal comma. */
	if (p < end && *p == ',' && is_digit(p + 1, end)) {
		int d;
		p++;
		d = take_digits(&p, end, &n.v, 18);
		if (d < 0)
			return AK_ELIMIT;
		if (is_digit(p, end))
			return AK_ELIMIT;
		n.dec = d;
	}
	if (neg)
		n.v = -n.v;

	if (n.flags & AK_NUMF_PAREN) {
		const char *q = p;
		while ((k = ak_num_gap(q, end)) != 0)
			q += k;
		if (q >= end || *q != ')')
			return AK_EINVAL;
		if (!neg)
			n.v = -n.v;
		p = q + 1;
		neg = 1;
	}

	/* "29 november 2023". */
	if (!neg && !(n.flags & (AK_NUMF_GROUPED | AK_NUMF_PLUS)) && !n.dec && first_len <= 2 &&
	    (k = ak_num_gap(p, end)) != 0) {
		const char *q = p + k;
		int mon = take_month(&q, end);
		if (mon && n.v >= 1 && n.v <= 31) {
			n.kind = AK_NUM_DATE;
			n.day = (int)n.v;
			n.month = mon;
			n.v = 0;
			if ((k = ak_num_gap(q, end)) != 0 && run_len(q + k, end) == 4 &&
			    !is_wordch(q + k + 4, end)) {
				int64_t y = 0;
				const char *r = q + k;
				take_digits(&r, end, &y, 4);
				n.year = (int)y;
				q = r;
			}
			n.raw.p = start;
			n.raw.n = (size_t)(q - start);
			*out = n;
			*pp = q;
			return 0;
		}
	}

	/* Ranges: "16-64", "16 - 64" (gaps on both sides or on neither). */
	if (!(n.flags & AK_NUMF_PAREN) && !n.dec) {
		const char *q = p;
		size_t g1 = ak_num_gap(q, end), g2, m;
		q += g1;
		if ((m = ak_num_minus(q, end)) != 0) {
			q += m;
			g2 = ak_num_gap(q, end);
			if ((g1 == 0) == (g2 == 0) && is_digit(q + g2, end)) {
				int64_t hi = 0;
				int fl2 = 0;
				unsigned f2 = 0;
				const char *r = q + g2;
				if (take_grouped(&r, end, MODE_TEXT, &hi, &fl2, &f2) == 0 &&
				    !(r < end && *r == ',') && !(r < end && *r == '-')) {
					n.kind = AK_NUM_RANGE;
					n.v2 = hi;
					p = r;
				}
			}
		}
	}

	/* Unit. */
	if ((k = take_unit(p, end, &n.unit, &n.scale)) != 0)
		p += k;

	if (n.kind == AK_NUM_NONE) {
		if (n.unit == AK_UNIT_KR)
			n.kind = AK_NUM_AMOUNT;
		else if (n.unit == AK_UNIT_PERCENT)
			n.kind = AK_NUM_PERCENT;
		else if (first_len == 4 && !(n.flags & (AK_NUMF_GROUPED | AK_NUMF_PLUS)) &&
		         !neg && !n.dec && n.v >= 1900 && n.v <= 2099)
			n.kind = AK_NUM_YEAR;
		else
			n.kind = AK_NUM_COUNT;
	}
	n.raw.p = start;
	n.raw.n = (size_t)(p - start);
	*out = n;
	*pp = p;
	return 0;
}

int ak_num_parse(struct ak_number *out, const char **pp, const char *end)
{
	if (!out || !pp || !*pp || *pp >= end)
		return AK_EINVAL;
	return parse_core(out, pp, end, MODE_TEXT);
}

/* Could a number start at p (cheap test before parsing)? */
static int may_start(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	if (c >= '0' && c <= '9')
		return 1;
	if (c == '(' || c == '+' || c == '-' || c == 0xE2 || c == 0xC2)
		return 1;
	return c == 'c' || c == 'C' || c == 'n' || c == 'N';
}

int ak_num_next(struct ak_number *out, const char **pp, const char *end)
{
	const char *p;
	int prev_word = 0;

	if (!out || !pp || !*pp)
		return AK_EINVAL;
	p = *pp;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (!prev_word && may_start(p, end)) {
			const char *q = p;
			struct ak_number n;
			int rc = parse_core(&n, &q, end, MODE_TEXT);
			if (rc == 0 && !is_wordch(q, end) &&
			    !(q < end && *q == ':' && is_alpha_byte((unsigned char)q[q + 1 < end ? 1 : 0]))) {
				*out = n;
				*pp = q;
				return 0;
			}
			if (rc == AK_ELIMIT) {
				while (p < end && (is_digit(p, end) || ak_num_gap(p, end)))
					p++;
				prev_word = 1;
				continue;
			}
		}
		/* Step one UTF-8 character. */
		prev_word = is_wordch(p, end);
		p++;
		if (c >= 0xC0)
			while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
				p++;
	}
	*pp = end;
	return AK_EINVAL;
}

int ak_num_cell(struct ak_number *out, const char *p, size_t n)
{
	const char *end = p + n, *q;
	size_t k;
	int rc;

	if (!out || !p)
		return AK_EINVAL;
	while (p < end && ((k = ak_num_gap(p, end)) != 0 || *p == '\t')) {
		p += k ? k : 1;
	}
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	/* Trailing no-break / thin spaces. */
	while (end - p >= 2 && (unsigned char)end[-2] == 0xC2 && (unsigned char)end[-1] == 0xA0)
		end -= 2;
	if (p >= end)
		return AK_EINVAL;
	q = p;
	rc = parse_core(out, &q, end, MODE_CELL);
	if (rc)
		return rc;
	while (q < end && (k = ak_num_gap(q, end)) != 0)
		q += k;
	if (q != end)
		return AK_EINVAL;
	return 0;
}

int ak_num_scaled(const struct ak_number *n, int exp, int64_t *out)
{
	int e = n->scale - n->dec - exp;
	int64_t v = n->v;

	if (e >= 0) {
		while (e-- > 0) {
			if (v > INT64_MAX / 10 || v < INT64_MIN / 10)
				return AK_ELIMIT;
			v *= 10;
		}
	} else {
		while (e++ < 0) {
			if (v % 10 != 0)
				return AK_EINVAL;
			v /= 10;
		}
	}
	*out = v;
	return 0;
}

size_t ak_num_canon(const struct ak_number *n, char *buf, size_t cap)
{
	char tmp[48];
	size_t len = 0, i, nd;
	uint64_t u;
	char digits[24];

	if (!cap)
		return 0;
	u = n->v < 0 ? (uint64_t)0 - (uint64_t)n->v : (uint64_t)n->v;
	nd = 0;
	do {
		digits[nd++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u && nd < sizeof(digits));
	while (nd <= (size_t)n->dec && nd < sizeof(digits))
		digits[nd++] = '0';
	if (n->v < 0)
		tmp[len++] = '-';
	for (i = nd; i-- > 0;) {
		tmp[len++] = digits[i];
		if (n->dec && i == (size_t)n->dec)
			tmp[len++] = '.';
	}
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, tmp, len);
	buf[len] = '\0';
	return len;
}

const char *ak_num_kind_name(enum ak_num_kind k)
{
	static const char *const names[] = {
		"none", "amount", "percent", "count", "year", "date", "range", "note", "paragraph"
	};
	if ((unsigned)k < sizeof(names) / sizeof(names[0]))
		return names[k];
	return "?";
}
