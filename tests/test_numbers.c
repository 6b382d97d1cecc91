/*
 * test_numbers.c - the number parsers, table-driven: every form the issue
 * names, as running text (ak_num_next), as a table cell (ak_num_cell) and
 * the exact unit conversion (ak_num_scaled).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "numbers.h"

struct text_case {
	const char *text;      /* running text; the first number in it is checked */
	enum ak_num_kind kind;
	int64_t v;
	int dec, scale;
	enum ak_num_unit unit;
	const char *raw;       /* the exact span parsed */
	int64_t v2;            /* ranges */
	int y, m, d;           /* dates */
	unsigned flags;        /* flags that must be set */
};

static const struct text_case text_cases[] = {
	{ "utfall 18 192 622 i år", AK_NUM_COUNT, 18192622, 0, 0, AK_UNIT_NONE, "18 192 622", 0, 0, 0, 0, AK_NUMF_GROUPED },
	{ "avvikelse \xE2\x88\x92" "131 879 mot", AK_NUM_COUNT, -131879, 0, 0, AK_UNIT_NONE, "\xE2\x88\x92" "131 879", 0, 0, 0, 0, 0 },
	{ "NNS -4 767", AK_NUM_COUNT, -4767, 0, 0, AK_UNIT_NONE, "-4 767", 0, 0, 0, 0, 0 },
	{ "resultat (1 879 925) tkr", AK_NUM_AMOUNT, -1879925, 0, 3, AK_UNIT_KR, "(1 879 925) tkr", 0, 0, 0, 0, AK_NUMF_PAREN },
	{ "kostnad 1 250 047 kr.", AK_NUM_AMOUNT, 1250047, 0, 0, AK_UNIT_KR, "1 250 047 kr.", 0, 0, 0, 0, 0 },
	{ "tilldelning p\xC3\xA5 \xE2\x89\x88" "13,3 m.kr. Under", AK_NUM_AMOUNT, 133, 1, 6, AK_UNIT_KR, "\xE2\x89\x88" "13,3 m.kr.", 0, 0, 0, 0, AK_NUMF_APPROX },
	{ "en \xC3\xB6kning med 350 tkr f\xC3\xB6r", AK_NUM_AMOUNT, 350, 0, 3, AK_UNIT_KR, "350 tkr", 0, 0, 0, 0, 0 },
	{ "blir 1,8 miljoner kronor", AK_NUM_AMOUNT, 18, 1, 6, AK_UNIT_KR, "1,8 miljoner kronor", 0, 0, 0, 0, 0 },
	{ "totalt 4 602 tkr", AK_NUM_AMOUNT, 4602, 0, 3, AK_UNIT_KR, "4 602 tkr", 0, 0, 0, 0, 0 },
	{ "drygt 25 miljoner for", AK_NUM_AMOUNT, 25, 0, 6, AK_UNIT_KR, "25 miljoner", 0, 0, 0, 0, 0 },
	{ "4,6 milj.kr", AK_NUM_AMOUNT, 46, 1, 6, AK_UNIT_KR, "4,6 milj.kr", 0, 0, 0, 0, 0 },
	{ "2 miljarder kronor", AK_NUM_AMOUNT, 2, 0, 9, AK_UNIT_KR, "2 miljarder kronor", 0, 0, 0, 0, 0 },
	{ "ca 558 000 kronor (MISA)", AK_NUM_AMOUNT, 558000, 0, 0, AK_UNIT_KR, "ca 558 000 kronor", 0, 0, 0, 0, AK_NUMF_APPROX },
	{ "Balans + 408", AK_NUM_COUNT, 408, 0, 0, AK_UNIT_NONE, "+ 408", 0, 0, 0, 0, AK_NUMF_PLUS },
	{ "nyckeln 75 procent fors\xC3\xB6rjning", AK_NUM_PERCENT, 75, 0, 0, AK_UNIT_PERCENT, "75 procent", 0, 0, 0, 0, 0 },
	{ "minskar med 7 % i", AK_NUM_PERCENT, 7, 0, 0, AK_UNIT_PERCENT, "7 %", 0, 0, 0, 0, 0 },
	{ "motsvarar \xE2\x89\x88" "45% av", AK_NUM_PERCENT, 45, 0, 0, AK_UNIT_PERCENT, "\xE2\x89\x88" "45%", 0, 0, 0, 0, AK_NUMF_APPROX },
	{ "ett digitalt st\xC3\xB6" "d p\xC3\xA5 25% samt", AK_NUM_PERCENT, 25, 0, 0, AK_UNIT_PERCENT, "25%", 0, 0, 0, 0, 0 },
	{ "till 17 medarbetare", AK_NUM_COUNT, 17, 0, 0, AK_UNIT_NONE, "17", 0, 0, 0, 0, 0 },
	{ "bokslut 2023 godk\xC3\xA4nns", AK_NUM_YEAR, 2023, 0, 0, AK_UNIT_NONE, "2023", 0, 0, 0, 0, 0 },
	{ "Signering 2023-12-05 (digital)", AK_NUM_DATE, 0, 0, 0, AK_UNIT_NONE, "2023-12-05", 0, 2023, 12, 5, 0 },
	{ "den 29 november 2023 kl.", AK_NUM_DATE, 0, 0, 0, AK_UNIT_NONE, "29 november 2023", 0, 2023, 11, 29, 0 },
	{ "m\xC3\xB6tet 15 februari.", AK_NUM_DATE, 0, 0, 0, AK_UNIT_NONE, "15 februari", 0, 0, 2, 15, 0 },
	{ "skedde den 15/2 i", AK_NUM_DATE, 0, 0, 0, AK_UNIT_NONE, "15/2", 0, 0, 2, 15, 0 },
	{ "inv\xC3\xA5nare (16 - 64 \xC3\xA5r) i", AK_NUM_RANGE, 16, 0, 0, AK_UNIT_YEARS, "16 - 64 \xC3\xA5r", 64, 0, 0, 0, 0 },
	{ "medborgare (16\xE2\x80\x93" "64 \xC3\xA5r)", AK_NUM_RANGE, 16, 0, 0, AK_UNIT_YEARS, "16\xE2\x80\x93" "64 \xC3\xA5r", 64, 0, 0, 0, 0 },
	{ "kl. 13-15.", AK_NUM_RANGE, 13, 0, 0, AK_UNIT_NONE, "13-15", 15, 0, 0, 0, 0 },
	{ "se Not 3 nedan", AK_NUM_NOTE, 3, 0, 0, AK_UNIT_NONE, "Not 3", 0, 0, 0, 0, 0 },
	{ "enligt \xC2\xA7 4 ovan", AK_NUM_PARAGRAPH, 4, 0, 0, AK_UNIT_NONE, "\xC2\xA7 4", 0, 0, 0, 0, 0 },
	{ "\xC2\xA7" "11 Meddelanden", AK_NUM_PARAGRAPH, 11, 0, 0, AK_UNIT_NONE, "\xC2\xA7" "11", 0, 0, 0, 0, 0 },
	{ "belopp 1\xC2\xA0" "204\xC2\xA0" "311 kr", AK_NUM_AMOUNT, 1204311, 0, 0, AK_UNIT_KR, "1\xC2\xA0" "204\xC2\xA0" "311 kr", 0, 0, 0, 0, AK_NUMF_GROUPED },
	{ "tunna 3\xE2\x80\xAF" "899\xE2\x80\xAF" "000", AK_NUM_COUNT, 3899000, 0, 0, AK_UNIT_NONE, "3\xE2\x80\xAF" "899\xE2\x80\xAF" "000", 0, 0, 0, 0, 0 },
	/* A 4-digit run does not take the next group: "2023 100 personer". */
	{ "under 2023 100 personer", AK_NUM_YEAR, 2023, 0, 0, AK_UNIT_NONE, "2023", 0, 0, 0, 0, 0 },
	/* "1:a" is an ordinal, not a number; the next one is found. */
	{ "1:a halv\xC3\xA5ret 0,75 personal", AK_NUM_COUNT, 75, 2, 0, AK_UNIT_NONE, "0,75", 0, 0, 0, 0, 0 },
	/* Words with digits inside are skipped. */
	{ "ESF-medel MiA2 och 12 till", AK_NUM_COUNT, 12, 0, 0, AK_UNIT_NONE, "12", 0, 0, 0, 0, 0 },
};

static void test_text_forms(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		const struct text_case *c = &text_cases[i];
		const char *p = c->text, *end = c->text + strlen(c->text);
		struct ak_number n;
		int rc = ak_num_next(&n, &p, end);
		if (rc != 0 || n.kind != c->kind || n.v != c->v || n.dec != c->dec ||
		    n.scale != c->scale || n.unit != c->unit || n.raw.n != strlen(c->raw) ||
		    memcmp(n.raw.p, c->raw, n.raw.n) != 0 || n.v2 != c->v2 || n.year != c->y ||
		    n.month != c->m || n.day != c->d || (n.flags & c->flags) != c->flags)
			fail_msg("case %zu '%s': rc %d kind %s v %lld dec %d scale %d unit %d raw '%.*s' "
			         "v2 %lld date %d-%d-%d flags %x",
			         i, c->text, rc, ak_num_kind_name(n.kind), (long long)n.v, n.dec,
			         n.scale, (int)n.unit, (int)n.raw.n, n.raw.p, (long long)n.v2,
			         n.year, n.month, n.day, n.flags);
	}
}

struct cell_case {
	const char *cell;
	int rc;
	int64_t v;
	int dec;
	const char *canon;
	unsigned flags;
};

static const struct cell_case cell_cases[] = {
	{ "1 814", 0, 1814, 0, "1814", AK_NUMF_GROUPED },
	{ "-7086", 0, -7086, 0, "-7086", 0 },
	{ " -10 308 ", 0, -10308, 0, "-10308", 0 },
	{ "+ 408", 0, 408, 0, "408", AK_NUMF_PLUS },
	{ "(1 879 925)", 0, -1879925, 0, "-1879925", AK_NUMF_PAREN },
	{ "2,0", 0, 20, 1, "2.0", 0 },
	{ "0,75", 0, 75, 2, "0.75", 0 },
	{ "45%", 0, 45, 0, "45", 0 },
	{ "3055578", 0, 3055578, 0, "3055578", 0 },
	{ "2923 699", 0, 2923699, 0, "2923699", AK_NUMF_LOOSE },
	{ "1 250 047 kr", 0, 1250047, 0, "1250047", 0 },
	{ "\xE2\x88\x92" "131 879", 0, -131879, 0, "-131879", 0 },
	{ "0", 0, 0, 0, "0", 0 },
	{ "", AK_EINVAL, 0, 0, NULL, 0 },
	{ "-", AK_EINVAL, 0, 0, NULL, 0 },
	{ "Utfall", AK_EINVAL, 0, 0, NULL, 0 },
	{ "12 deltagare", AK_EINVAL, 0, 0, NULL, 0 },
	{ "99999999999999999999", AK_ELIMIT, 0, 0, NULL, 0 },
	{ "1,99999999999999999999", AK_ELIMIT, 0, 0, NULL, 0 },
	{ "(12", AK_EINVAL, 0, 0, NULL, 0 },
};

static void test_cells(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cell_cases) / sizeof(cell_cases[0]); i++) {
		const struct cell_case *c = &cell_cases[i];
		struct ak_number n;
		char buf[48];
		int rc = ak_num_cell(&n, c->cell, strlen(c->cell));
		if (rc != c->rc)
			fail_msg("cell %zu '%s': rc %d, want %d", i, c->cell, rc, c->rc);
		if (rc)
			continue;
		ak_num_canon(&n, buf, sizeof(buf));
		if (n.v != c->v || n.dec != c->dec || strcmp(buf, c->canon) != 0 ||
		    (n.flags & c->flags) != c->flags)
			fail_msg("cell %zu '%s': v %lld dec %d canon %s flags %x", i, c->cell,
			         (long long)n.v, n.dec, buf, n.flags);
	}
}

struct scale_case {
	const char *text;
	int exp;
	int rc;
	int64_t out;
};

static const struct scale_case scale_cases[] = {
	{ "1,8 mkr", 0, 0, 1800000 },
	{ "1,8 mkr", 3, 0, 1800 },
	{ "1,8 mkr", 5, 0, 18 },
	{ "1,8 mkr", 6, AK_EINVAL, 0 },   /* finer than whole mkr */
	{ "350 tkr", 0, 0, 350000 },
	{ "4 602 tkr", 3, 0, 4602 },
	{ "13,3 m.kr", 0, 0, 13300000 },
	{ "2 miljarder", 0, 0, 2000000000 },
	{ "9 300 000 000 miljarder", 0, AK_ELIMIT, 0 },
	{ "1 250 047 kr", 3, AK_EINVAL, 0 },
	{ "0,35 m.kr", 3, 0, 350 },
};

static void test_scaled(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(scale_cases) / sizeof(scale_cases[0]); i++) {
		const struct scale_case *c = &scale_cases[i];
		const char *p = c->text;
		struct ak_number n;
		int64_t out = -1;
		int rc;
		assert_int_equal(ak_num_parse(&n, &p, c->text + strlen(c->text)), 0);
		rc = ak_num_scaled(&n, c->exp, &out);
		if (rc != c->rc || (rc == 0 && out != c->out))
			fail_msg("scale %zu '%s' exp %d: rc %d out %lld", i, c->text, c->exp, rc,
			         (long long)out);
	}
}

/* The cursor never moves on failure and never reads past end. */
static void test_bounds(void **state)
{
	static const char *const bad[] = { "", "abc", "(", "-", "\xE2\x88", "\xC2", "ca ", "Not x", "\xC2\xA7" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = bad[i], *end = bad[i] + strlen(bad[i]);
		struct ak_number n;
		assert_int_not_equal(ak_num_parse(&n, &p, end), 0);
		assert_ptr_equal(p, bad[i]);
	}
	{
		/* "18 192" cut after the first group: only "18" is in bounds. */
		const char *s = "18 192 622";
		const char *p = s;
		struct ak_number n;
		assert_int_equal(ak_num_parse(&n, &p, s + 4), 0);
		assert_int_equal(n.v, 18);
		assert_ptr_equal(p, s + 2);
	}
	{
		const char *s = "99999999999999999999 kr och 12 kr";
		const char *p = s;
		struct ak_number n;
		assert_int_equal(ak_num_next(&n, &p, s + strlen(s)), 0);
		assert_int_equal(n.v, 12);
	}
}

/* Every number in a sentence, in order. */
static void test_scan_all(void **state)
{
	const char *s = "Prognosen ar 24 018 032 kr jamfort med 26 871 654 kronor, "
	                "avvikelse 2 853 622 kronor (10 %) den 29 november.";
	static const int64_t want[] = { 24018032, 26871654, 2853622, 10, 0 };
	const char *p = s, *end = s + strlen(s);
	struct ak_number n;
	size_t k = 0;
	(void)state;
	while (ak_num_next(&n, &p, end) == 0) {
		assert_true(k < 5);
		assert_int_equal(n.v, want[k]);
		k++;
	}
	assert_int_equal(k, 5);
	assert_int_equal(n.kind, AK_NUM_DATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_forms),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_scaled),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_scan_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
