/*
 * test_runner.c - the stage table, path walking and the batch runner:
 * documents come back in input order whatever the number of jobs, a failing
 * document does not stop the batch, and --from/--until narrow the stages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arkiv.h"

static char tmpdir[256];

static void write_file(const char *rel, const char *content)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int setup(void **state)
{
	char p[512];
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ak_runner_XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(p, sizeof(p), "%s/b", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/b/c", tmpdir);
	mkdir(p, 0755);
	write_file("z.txt", "Protokoll fört vid styrelsens sammanträde.\n");
	write_file("a.txt", "Styrelsen beslutar att godkänna dagordningen.\n");
	write_file("b/c/m.txt", "§ 4 Halvårsrapport\fSida 2\n");
	write_file("b/k.txt", "Årsredovisning 2023\n");
	write_file(".hidden.txt", "skipped\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_stage_table(void **state)
{
	size_t n, i;
	const struct ak_stage *st = ak_stages(&n);
	(void)state;
	assert_true(n >= 2);
	assert_true(n <= AK_NSTAGES_MAX);
	assert_string_equal(st[0].name, "ingest");
	assert_true(st[0].flags & AK_STAGE_ALWAYS);
	for (i = 0; i < n; i++) {
		assert_non_null(st[i].fn);
		assert_int_equal(ak_stage_index(st[i].name), (int)i);
	}
	assert_null(st[n].name);
	assert_int_equal(ak_stage_index("no-such-stage"), -1);
}

static int nerr;
static char errpath[512];
static void on_err(const char *path, const char *why, void *ud)
{
	(void)why;
	(void)ud;
	nerr++;
	snprintf(errpath, sizeof(errpath), "%s", path);
}

static void test_expand_sorted_recursive(void **state)
{
	char **files = NULL;
	size_t n = 0;
	char missing[300];
	char *args[2];
	(void)state;
	snprintf(missing, sizeof(missing), "%s/nope.pdf", tmpdir);
	args[0] = tmpdir;
	args[1] = missing;
	nerr = 0;
	assert_int_equal(ak_expand_paths(&files, &n, args, 2, on_err, NULL), 0);
	assert_int_equal(n, 4);
	/* sorted by full path, folders walked in place, hidden files skipped */
	assert_non_null(strstr(files[0], "/a.txt"));
	assert_non_null(strstr(files[1], "/b/c/m.txt"));
	assert_non_null(strstr(files[2], "/b/k.txt"));
	assert_non_null(strstr(files[3], "/z.txt"));
	assert_int_equal(nerr, 1);
	assert_string_equal(errpath, missing);
	ak_free_paths(&files, n);
	assert_null(files);
}

struct seen {
	size_t n;
	size_t order[64];
	int err[64];
	char path[64][300];
};

static void collect(struct ak_ctx *ctx, struct doc *d, void *ud)
{
	struct seen *s = ud;
	(void)ctx;
	assert_true(s->n < 64);
	s->order[s->n] = d->index;
	s->err[s->n] = d->err;
	snprintf(s->path[s->n], sizeof(s->path[0]), "%s", d->path);
	s->n++;
}

/* Missing files fail at ingest; the batch goes on and keeps input order. */
static void test_batch_order_and_failures(void **state)
{
	char names[20][300];
	char *files[20];
	int jobs;
	(void)state;
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof(names[i]), "%s/missing-%02d.png", tmpdir, i);
		files[i] = names[i];
	}
	for (jobs = 1; jobs <= 4; jobs++) {
		struct ak_config cfg;
		struct ak_ctx ctx;
		struct seen s;
		long failed;
		memset(&s, 0, sizeof(s));
		ak_config_defaults(&cfg);
		cfg.jobs = jobs;
		cfg.progress = 0;
		assert_int_equal(ak_ctx_init(&ctx, &cfg), 0);
		failed = ak_run_batch(&ctx, files, 20, collect, &s);
		assert_int_equal(failed, 20);
		assert_int_equal(s.n, 20);
		for (size_t i = 0; i < 20; i++) {
			assert_int_equal(s.order[i], i);
			assert_true(s.err[i] < 0);
			assert_string_equal(s.path[i], names[i]);
		}
		assert_int_equal(ctx.docs_failed, 20);
		ak_ctx_release(&ctx);
	}
}

static void test_empty_batch(void **state)
{
	struct ak_ctx ctx;
	struct seen s;
	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(ak_ctx_init(&ctx, NULL), 0);
	ctx.cfg.progress = 0;
	assert_int_equal(ak_run_batch(&ctx, NULL, 0, collect, &s), 0);
	assert_int_equal(s.n, 0);
	ak_ctx_release(&ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_table),
		cmocka_unit_test(test_expand_sorted_recursive),
		cmocka_unit_test(test_batch_order_and_failures),
		cmocka_unit_test(test_empty_batch),
	};
	return cmocka_run_group_tests_name("runner", tests, setup, teardown);
}
