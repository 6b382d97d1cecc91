/*
 * test_doc.c - the document model and core services: arena, capped buffer,
 * JSON escaping, pages and joined text, failures and findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arkiv.h"
#include "output.h"

static void test_arena_alloc_zeroed_aligned(void **state)
{
	struct ak_arena a;
	size_t i;
	(void)state;
	ak_arena_init(&a, 0);
	for (i = 1; i < 5000; i += 37) {
		unsigned char *p = ak_arena_alloc(&a, i);
		size_t k;
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		for (k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xab, i);
	}
	/* a block bigger than a chunk */
	assert_non_null(ak_arena_alloc(&a, 1 << 20));
	assert_false(a.failed);
	ak_arena_release(&a);
}

/* With freed memory kept for the next document, a new arena still hands
 * out zeroed memory where the last one left its bytes. */
static void test_arena_keep_memory(void **state)
{
	struct ak_arena a;
	size_t round, i, sizes[] = { 100, 70000, 1 << 20, 40 << 20 };
	(void)state;
	ak_arena_keep_memory();
	for (round = 0; round < 2; round++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			unsigned char *p;
			size_t k;
			ak_arena_init(&a, 0);
			p = ak_arena_alloc(&a, sizes[i]);
			assert_non_null(p);
			for (k = 0; k < sizes[i]; k += 4093)
				assert_int_equal(p[k], 0);
			memset(p, 0xab, sizes[i]);
			ak_arena_release(&a);
		}
	}
}

static void test_arena_limit_and_overflow(void **state)
{
	struct ak_arena a;
	(void)state;
	ak_arena_init(&a, 1000);
	assert_non_null(ak_arena_alloc(&a, 600));
	assert_null(ak_arena_alloc(&a, 600));
	assert_true(a.failed);
	ak_arena_release(&a);

	ak_arena_init(&a, 0);
	assert_null(ak_arena_array(&a, SIZE_MAX / 2, 4));
	assert_true(a.failed);
	ak_arena_release(&a);
}

static void test_arena_strings_and_grow(void **state)
{
	struct ak_arena a;
	int *v = NULL;
	size_t cap = 0, n;
	char *s;
	(void)state;
	ak_arena_init(&a, 0);
	/* "Förbundsreserv" is 15 bytes: ö takes two */
	s = ak_arena_strndup(&a, "Förbundsreserv och mer", 15);
	assert_string_equal(s, "Förbundsreserv");
	s = ak_arena_printf(&a, "§ %d %s", 4, "Halvårsrapport");
	assert_string_equal(s, "§ 4 Halvårsrapport");
	for (n = 0; n < 1000; n++) {
		v = ak_arena_grow(&a, v, n, &cap, sizeof(*v));
		assert_non_null(v);
		assert_true(cap > n);
		v[n] = (int)n;
	}
	for (n = 0; n < 1000; n++)
		assert_int_equal(v[n], (int)n);
	ak_arena_release(&a);
}

static void test_buf_cap(void **state)
{
	struct ak_buf b;
	(void)state;
	ak_buf_init(&b, 10);
	assert_int_equal(ak_buf_puts(&b, "0123456789"), 0);
	assert_int_equal(b.len, 10);
	assert_int_equal(ak_buf_putc(&b, 'x'), AK_ELIMIT);
	/* sticky: nothing more goes in, content intact */
	assert_int_equal(ak_buf_puts(&b, ""), AK_ELIMIT);
	assert_string_equal(b.ptr, "0123456789");
	ak_buf_reset(&b);
	assert_int_equal(ak_buf_printf(&b, "%d kr", 350), 0);
	assert_string_equal(b.ptr, "350 kr");
	ak_buf_release(&b);
}

static const struct {
	const char *in;
	size_t n;
	const char *json;
} json_cases[] = {
	{ "plain", 5, "\"plain\"" },
	{ "å\"ä\\ö", 8, "\"å\\\"ä\\\\ö\"" },
	{ "a\nb\tc\fd", 7, "\"a\\nb\\tc\\fd\"" },
	{ "\x01", 1, "\"\\u0001\"" },
	{ "f\xf6r", 3, "\"f\xef\xbf\xbdr\"" },          /* Latin-1 byte: invalid UTF-8 */
	{ "\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" }, /* surrogate */
	{ "\xc3", 1, "\"\xef\xbf\xbd\"" },               /* truncated sequence */
	{ "\xe2\x88\x92" "131", 6, "\"\xe2\x88\x92" "131\"" }, /* U+2212 minus */
};

static void test_json_escape(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(json_cases) / sizeof(json_cases[0]); i++) {
		struct ak_buf b;
		ak_buf_init(&b, 0);
		ak_buf_json_str(&b, json_cases[i].in, json_cases[i].n);
		assert_int_equal(b.err, 0);
		assert_string_equal(b.ptr, json_cases[i].json);
		ak_buf_release(&b);
	}
}

static void test_doc_pages_and_join(void **state)
{
	struct doc *d;
	struct ak_page *p;
	static const char *texts[] = { "§ 1 Val av justerare\n", "Sida 2\n", "" };
	size_t i;
	(void)state;
	assert_int_equal(ak_doc_new(&d, "x/protokoll.txt", 3), 0);
	assert_string_equal(d->path, "x/protokoll.txt");
	for (i = 0; i < 3; i++) {
		p = ak_doc_add_page(d);
		assert_non_null(p);
		p->text = ak_arena_strdup(&d->arena, texts[i]);
		p->text_len = strlen(texts[i]);
	}
	/* pages numbered in order even after the array grew */
	for (i = 0; i < 3; i++)
		assert_int_equal(d->pages[i].no, (int)i + 1);
	assert_int_equal(ak_doc_join_pages(d), 0);
	assert_string_equal(d->text, "§ 1 Val av justerare\n\fSida 2\n\f");
	assert_ptr_equal(d->text, d->orig);
	assert_int_equal(ak_doc_page_offset(d, 1), strlen(texts[0]) + 1);
	assert_int_equal(ak_doc_page_of(d, 0), 1);
	assert_int_equal(ak_doc_page_of(d, strlen(texts[0]) + 1), 2);
	assert_int_equal(ak_doc_page_of(d, d->text_len - 1), 2);
	ak_doc_free(&d);
	assert_null(d);
}

static void test_fail_keeps_first_one_line(void **state)
{
	struct doc *d;
	(void)state;
	assert_int_equal(ak_doc_new(&d, "a.pdf", 0), 0);
	assert_int_equal(ak_fail(d, AK_EENCRYPTED, "encrypted PDF\n(password)"), AK_EENCRYPTED);
	assert_int_equal(ak_fail(d, AK_EIO, "second"), AK_EIO);
	assert_int_equal(d->err, AK_EENCRYPTED);
	assert_string_equal(d->errmsg, "encrypted PDF (password)");
	/* a non-negative code is never stored as success */
	ak_doc_free(&d);
	assert_int_equal(ak_doc_new(&d, "b", 0), 0);
	assert_true(ak_fail(d, 0, "x") < 0);
	assert_true(d->err < 0);
	ak_doc_free(&d);
}

static void test_findings_and_worst(void **state)
{
	struct doc *d;
	int any;
	struct ak_buf b;
	(void)state;
	assert_int_equal(ak_doc_new(&d, "r.txt", 0), 0);
	assert_int_equal(ak_doc_worst(d, &any), AK_SEV_INFO);
	assert_false(any);
	assert_int_equal(ak_finding_add(d, AK_F_CHECK_ROUNDING, 2, 7, "colsum",
	                                "Summa %s off by %d", "kostnader", 1), 0);
	assert_int_equal(ak_doc_worst(d, &any), AK_SEV_INFO);
	assert_true(any);
	assert_non_null(ak_finding_add_cell(d, AK_F_CHECK_GENUINE, 3, 1, 4, 2, "rowdiff", "1941 vs 1914"));
	assert_int_equal(ak_doc_worst(d, &any), AK_SEV_ERROR);
	assert_int_equal(d->nfindings, 2);
	assert_string_equal(d->findings[0].msg, "Summa kostnader off by 1");
	assert_string_equal(ak_finding_name(d->findings[1].id), "check-genuine");
	/* every finding id has a name and a severity */
	for (int i = 0; i < AK_F__COUNT; i++)
		assert_string_not_equal(ak_finding_name((enum ak_fid)i), "unknown");

	ak_buf_init(&b, 0);
	assert_int_equal(ak_write_json(&b, d, 0), 0);
	assert_non_null(strstr(b.ptr, "\"id\":\"check-genuine\",\"severity\":3,\"page\":3"));
	assert_non_null(strstr(b.ptr, "\"status\":\"ok\""));
	ak_buf_release(&b);
	ak_doc_free(&d);
}

static void test_invariants(void **state)
{
	struct doc *d;
	struct ak_page *p;
	(void)state;
	assert_int_equal(ak_doc_new(&d, "inv", 0), 0);
	p = ak_doc_add_page(d);
	p->text = ak_arena_strdup(&d->arena, "Kansli 350 tkr\n");
	p->text_len = strlen(p->text);
	p->words = ak_arena_array(&d->arena, 2, sizeof(*p->words));
	p->nwords = 2;
	p->words[0] = (struct ak_word){ .text = "Kansli", .off = 0, .len = 6, .conf = 91,
	                                .x0 = 10, .y0 = 10, .x1 = 60, .y1 = 30 };
	p->words[1] = (struct ak_word){ .text = "350", .off = 7, .len = 3, .conf = 88,
	                                .x0 = 70, .y0 = 10, .x1 = 95, .y1 = 30 };
	assert_null(ak_doc_invariant(d));
	p->words[1].off = 8; /* text no longer matches */
	assert_string_equal(ak_doc_invariant(d), "word text differs from page text at its offset");
	p->words[1].off = 12;
	p->words[1].len = 9; /* runs past the page */
	assert_string_equal(ak_doc_invariant(d), "word outside its page text");
	p->words[1] = p->words[0];
	p->words[1].conf = 101;
	assert_string_equal(ak_doc_invariant(d), "word confidence outside 0-100");
	p->words[1].conf = 50;
	p->no = 2;
	assert_string_equal(ak_doc_invariant(d), "pages not numbered 1..n in order");
	ak_doc_free(&d);
}

static void test_strerror_covers_codes(void **state)
{
	(void)state;
	for (int e = AK_OK; e >= AK_ESKIP; e--)
		assert_string_not_equal(ak_strerror(e), "unknown error");
	assert_string_equal(ak_strerror(12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_zeroed_aligned),
		cmocka_unit_test(test_arena_keep_memory),
		cmocka_unit_test(test_arena_limit_and_overflow),
		cmocka_unit_test(test_arena_strings_and_grow),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_doc_pages_and_join),
		cmocka_unit_test(test_fail_keeps_first_one_line),
		cmocka_unit_test(test_findings_and_worst),
		cmocka_unit_test(test_invariants),
		cmocka_unit_test(test_strerror_covers_codes),
	};
	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
