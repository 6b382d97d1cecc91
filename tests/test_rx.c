/*
 * test_rx.c - the PCRE2 adapter: named tables compile once per context,
 * UTF/UCP semantics (å ä ö are letters), anchored and unanchored matching,
 * groups, invalid UTF-8 subjects, compile errors, and thread safety.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "arkiv.h"
#include "rx.h"

static const struct ak_rx_def tab[] = {
	{ "word", "\\b(\\w+)\\b", 0 },
	{ "forslag", "F[oöé]rslag\\s+till\\s+beslut", AK_RX_I },
	{ "item", "§\\s*(\\d+)\\s*(.*)", 0 },
	{ "upper", "\\p{Lu}\\p{Ll}+", 0 },
	{ "multi", "^Justerare$", AK_RX_M },
};

static struct ak_ctx ctx;

static int setup(void **state)
{
	(void)state;
	return ak_ctx_init(&ctx, NULL);
}

static int teardown(void **state)
{
	(void)state;
	ak_ctx_release(&ctx);
	return 0;
}

struct mcase {
	const char *pattern;  /* row name */
	const char *subject;
	size_t start;
	int anchored;
	int want;             /* 1 match, 0 none */
	const char *whole;    /* expected whole match */
	const char *group1;   /* expected group 1 or NULL */
};

static const struct mcase mcases[] = {
	{ "word", "  årsredovisning 2023", 0, 0, 1, "årsredovisning", "årsredovisning" },
	{ "word", "  årsredovisning", 0, 1, 0, NULL, NULL },
	{ "word", "  årsredovisning", 2, 1, 1, "årsredovisning", "årsredovisning" },
	{ "forslag", "xx FÖRSLAG TILL BESLUT:", 0, 0, 1, "FÖRSLAG TILL BESLUT", NULL },
	{ "forslag", "Férslag till beslut", 0, 1, 1, "Férslag till beslut", NULL },
	{ "forslag", "Forslag om beslut", 0, 0, 0, NULL, NULL },
	{ "item", "§ 41 Halvårsrapport", 0, 1, 1, "§ 41 Halvårsrapport", "41" },
	{ "item", "§41", 0, 1, 1, "§41", "41" },
	{ "upper", "östra Södertörn", 0, 0, 1, "Södertörn", NULL },
	{ "upper", "ÖSTRA", 0, 0, 0, NULL, NULL },
	{ "multi", "a\nJusterare\nb", 0, 0, 1, "Justerare", NULL },
	{ "multi", "a Justerare b", 0, 0, 0, NULL, NULL },
};

static void test_match_table(void **state)
{
	const struct ak_rx_set *set;
	size_t i;
	(void)state;
	assert_int_equal(ak_rx_table(&ctx, tab, AK_RX_COUNT(tab), &set, NULL, 0), 0);
	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		const struct mcase *c = &mcases[i];
		struct ak_rx_match m;
		int idx = ak_rx_index(set, c->pattern);
		int rc;
		assert_true(idx >= 0);
		rc = c->anchored ? ak_rx_at(set, (size_t)idx, c->subject, strlen(c->subject), c->start, &m)
		                 : ak_rx_exec(set, (size_t)idx, c->subject, strlen(c->subject), c->start, &m);
		assert_int_equal(rc, c->want);
		if (!rc)
			continue;
		assert_string_equal(m.rule, c->pattern);
		assert_int_equal(m.eo - m.so, strlen(c->whole));
		assert_memory_equal(c->subject + m.so, c->whole, strlen(c->whole));
		if (c->group1) {
			struct ak_span g = ak_rx_group(&m, c->subject, 1);
			assert_int_equal(g.n, strlen(c->group1));
			assert_memory_equal(g.p, c->group1, g.n);
		}
	}
}

static void test_compiled_once(void **state)
{
	const struct ak_rx_set *a, *b;
	(void)state;
	assert_int_equal(ak_rx_table(&ctx, tab, AK_RX_COUNT(tab), &a, NULL, 0), 0);
	assert_int_equal(ak_rx_table(&ctx, tab, AK_RX_COUNT(tab), &b, NULL, 0), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(ak_rx_size(a), AK_RX_COUNT(tab));
	assert_int_equal(ak_rx_index(a, "nope"), -1);
}

static void test_compile_error(void **state)
{
	static const struct ak_rx_def bad[] = { { "ok", "a", 0 }, { "broken", "(unclosed", 0 } };
	const struct ak_rx_set *set = (const void *)1;
	char err[200] = "";
	(void)state;
	assert_int_equal(ak_rx_table(&ctx, bad, AK_RX_COUNT(bad), &set, err, sizeof(err)), AK_EINVAL);
	assert_null(set);
	assert_non_null(strstr(err, "broken"));
}

static void test_first_and_earliest(void **state)
{
	static const struct ak_rx_def t2[] = { { "b", "b", 0 }, { "a", "a", 0 } };
	const struct ak_rx_set *set;
	struct ak_rx_match m;
	(void)state;
	assert_int_equal(ak_rx_table(&ctx, t2, AK_RX_COUNT(t2), &set, NULL, 0), 0);
	assert_int_equal(ak_rx_first(set, "xaxb", 4, 0, &m), 1);
	assert_string_equal(m.rule, "b"); /* first row wins */
	assert_int_equal(ak_rx_earliest(set, "xaxb", 4, 0, &m), 1);
	assert_string_equal(m.rule, "a"); /* earliest position wins */
	assert_int_equal(m.so, 1);
	assert_int_equal(ak_rx_earliest(set, "xyz", 3, 0, &m), 0);
}

static void test_invalid_utf8(void **state)
{
	const struct ak_rx_set *set;
	struct ak_rx_match m;
	const char s[] = "\xff\xfe Styrelsen \xc3 besl\xc3\xb6t \xe2\x82";
	(void)state;
	assert_int_equal(ak_rx_table(&ctx, tab, AK_RX_COUNT(tab), &set, NULL, 0), 0);
	assert_int_equal(ak_rx_exec(set, 0, s, sizeof(s) - 1, 0, &m), 1);
	assert_memory_equal(s + m.so, "Styrelsen", 9);
	/* out of range start and NULL subject are errors, not crashes */
	assert_int_equal(ak_rx_exec(set, 0, s, 3, 10, &m), AK_EINVAL);
	assert_int_equal(ak_rx_exec(set, 99, s, 3, 0, &m), AK_EINVAL);
	assert_int_equal(ak_rx_exec(set, 0, NULL, 0, 0, &m), 0);
}

static void *worker(void *arg)
{
	const struct ak_rx_set *set;
	struct ak_rx_match m;
	int i, *ok = arg;
	for (i = 0; i < 200; i++) {
		if (ak_rx_table(&ctx, tab, AK_RX_COUNT(tab), &set, NULL, 0) != 0 ||
		    ak_rx_exec(set, 2, "§ 7 Budget", 11, 0, &m) != 1) {
			*ok = 0;
			return NULL;
		}
	}
	*ok = 1;
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t th[4];
	int ok[4], i;
	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &ok[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(ok[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_table),
		cmocka_unit_test(test_compiled_once),
		cmocka_unit_test(test_compile_error),
		cmocka_unit_test(test_first_and_earliest),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
