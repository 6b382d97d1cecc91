/*
 * test_pageset.c - which files the batch gathers into one page set.
 *
 * Why: joining files that are not pages of one document would silently
 * merge two records; missing a set splits a document into pages.  Each case
 * is a folder listing and the inputs it must become (pageset.c's rule).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arkiv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct pageset_case {
	const char *name;
	const char *files; /* space-separated names created in a fresh folder */
	int group;
	const char *want;  /* inputs in order: "a" a file, "s*.png(s1.png,s2.png)" a set */
} cases[] = {
	{ "numbered pages", "doc-p01.png doc-p02.png doc-p03.png", 1,
	  "doc-p*.png(doc-p01.png,doc-p02.png,doc-p03.png)" },
	{ "numeric order, not name order", "s1.png s10.png s2.png s3.png s4.png s5.png s6.png "
	  "s7.png s8.png s9.png", 1,
	  "s*.png(s1.png,s2.png,s3.png,s4.png,s5.png,s6.png,s7.png,s8.png,s9.png,s10.png)" },
	{ "two documents side by side", "a-1.tif a-2.tif b-1.tif b-2.tif notes.txt", 1,
	  "a-*.tif(a-1.tif,a-2.tif) b-*.tif(b-1.tif,b-2.tif) notes.txt" },
	{ "from zero", "scan_000.jpg scan_001.jpg", 1, "scan_*.jpg(scan_000.jpg,scan_001.jpg)" },
	{ "a single numbered file stays alone", "doc-p1.png other.png", 1, "doc-p1.png other.png" },
	{ "years are not pages", "budget-2023.png budget-2024.png", 1,
	  "budget-2023.png budget-2024.png" },
	{ "a gap leaves every file alone", "x1.png x2.png x4.png", 1, "x1.png x2.png x4.png" },
	{ "a number twice leaves them alone", "y1.png y01.png y2.png", 1,
	  "y01.png y1.png y2.png" },
	{ "different extensions are different sets", "z1.png z2.png z1.tif", 1,
	  "z*.png(z1.png,z2.png) z1.tif" },
	{ "extension case does not matter", "c1.PNG c2.png", 1, "c*.PNG(c1.PNG,c2.png)" },
	{ "texts and PDFs are never pages", "t1.txt t2.txt r1.pdf r2.pdf", 1,
	  "r1.pdf r2.pdf t1.txt t2.txt" },
	{ "no stem, no set", "1.png 2.png", 1, "1.png 2.png" },
	{ "--no-group", "doc-p01.png doc-p02.png", 0, "doc-p01.png doc-p02.png" },
};

static void describe(struct ak_buf *b, const struct ak_input *in, size_t n, size_t skip)
{
	size_t i, j;
	for (i = 0; i < n; i++) {
		if (i)
			ak_buf_putc(b, ' ');
		ak_buf_puts(b, in[i].path + skip);
		if (in[i].nparts) {
			ak_buf_putc(b, '(');
			for (j = 0; j < in[i].nparts; j++) {
				if (j)
					ak_buf_putc(b, ',');
				ak_buf_puts(b, in[i].parts[j] + skip);
			}
			ak_buf_putc(b, ')');
		}
	}
}

static void test_cases(void **state)
{
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct pageset_case *c = &cases[k];
		char dir[] = "/tmp/ak-pageset-XXXXXX";
		char names[512], *tok, *save = NULL, path[600], *arg;
		struct ak_input *in = NULL;
		struct ak_buf b;
		size_t n = 0;

		assert_non_null(mkdtemp(dir));
		snprintf(names, sizeof(names), "%s", c->files);
		for (tok = strtok_r(names, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			FILE *f;
			snprintf(path, sizeof(path), "%s/%s", dir, tok);
			assert_non_null(f = fopen(path, "w"));
			fclose(f);
		}
		arg = dir;
		assert_int_equal(ak_expand_inputs(&in, &n, &arg, 1, c->group, NULL, NULL), 0);
		ak_buf_init(&b, 0);
		describe(&b, in, n, strlen(dir) + 1);
		if (strcmp(b.ptr, c->want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, b.ptr, c->want);
		ak_buf_release(&b);
		ak_free_inputs(&in, n);
		assert_null(in);

		snprintf(names, sizeof(names), "%s", c->files);
		for (tok = strtok_r(names, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			snprintf(path, sizeof(path), "%s/%s", dir, tok);
			unlink(path);
		}
		rmdir(dir);
	}
}

/* Files named on the command line are gathered too, at the first page's
 * place; an unreadable path is reported and skipped. */
static void test_explicit_files(void **state)
{
	char dir[] = "/tmp/ak-pageset-XXXXXX";
	char a[600], p2[600], p1[600], missing[600];
	char *args[4];
	struct ak_input *in = NULL;
	size_t n = 0;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.txt", dir);
	snprintf(p1, sizeof(p1), "%s/m-1.png", dir);
	snprintf(p2, sizeof(p2), "%s/m-2.png", dir);
	snprintf(missing, sizeof(missing), "%s/nope.png", dir);
	assert_non_null(f = fopen(a, "w")); fclose(f);
	assert_non_null(f = fopen(p1, "w")); fclose(f);
	assert_non_null(f = fopen(p2, "w")); fclose(f);
	args[0] = p2;
	args[1] = a;
	args[2] = missing;
	args[3] = p1;
	assert_int_equal(ak_expand_inputs(&in, &n, args, 4, 1, NULL, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(in[0].nparts, 2);
	assert_string_equal(in[0].parts[0], p1);
	assert_string_equal(in[0].parts[1], p2);
	assert_string_equal(in[1].path, a);
	ak_free_inputs(&in, n);
	unlink(a);
	unlink(p1);
	unlink(p2);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_explicit_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
