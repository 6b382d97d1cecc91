/*
 * test_install.c - the installed binary finds its repair model.
 *
 * `cmake --install BUILD --prefix TMP` must give a TMP/bin/arkiv that
 * repairs text with no environment variable, and the model lookup order
 * must be $AK_REPAIR_MODEL, then TMP/share/arkiv/repair.bin (beside the
 * executable), then the build tree.  The installed model is replaced by a
 * damaged file to prove it is the one read (the build tree's model would
 * otherwise hide a broken lookup), and removed to prove the build tree is
 * the last resort.  Needs AK_BUILD_DIR (set by ctest) and cmake on PATH.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ak_install_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int sh(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_installed_model(void **state)
{
	/* invented text in ISO 646-SE (| for ö, { for ä), the repair's
	 * surest rule, and what the installed binary must print */
	static const char input[] = "Styrelsen beslutade att f|rbundsreserven skall anv{ndas.\n";
	static const char want[] = "förbundsreserven skall användas";
	static const struct {
		const char *name;
		const char *model;   /* what share/arkiv/repair.bin is: "ok", "junk", "none" */
		int env;             /* set AK_REPAIR_MODEL to the build tree's model */
		int rc;              /* exit status of `arkiv repair` */
	} cases[] = {
		{ "installed model, no environment", "ok", 0, 0 },
		{ "damaged installed model is the one read", "junk", 0, 1 },
		{ "$AK_REPAIR_MODEL comes first", "junk", 1, 0 },
		{ "no installed model: the build tree's", "none", 0, 0 },
	};
	const char *build = getenv("AK_BUILD_DIR");
	char cmd[2000], in[300], out[300], model[300];
	size_t i;
	FILE *f;
	(void)state;

	if (!build || !*build || sh("command -v cmake >/dev/null 2>&1") != 0) {
		print_message("skipped: AK_BUILD_DIR unset or no cmake\n");
		skip();
	}
	snprintf(cmd, sizeof(cmd), "cmake --install '%s' --prefix '%s/p' >/dev/null", build,
	         tmpdir);
	assert_int_equal(sh(cmd), 0);
	snprintf(model, sizeof(model), "%s/p/share/arkiv/repair.bin", tmpdir);
	snprintf(in, sizeof(in), "%s/in.txt", tmpdir);
	snprintf(out, sizeof(out), "%s/out.txt", tmpdir);
	assert_int_equal(access(model, R_OK), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s.good'", model, model);
	assert_int_equal(sh(cmd), 0);
	f = fopen(in, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(input, 1, sizeof(input) - 1, f), sizeof(input) - 1);
	assert_int_equal(fclose(f), 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		print_message("case: %s\n", cases[i].name);
		if (strcmp(cases[i].model, "ok") == 0)
			snprintf(cmd, sizeof(cmd), "cp '%s.good' '%s'", model, model);
		else if (strcmp(cases[i].model, "junk") == 0)
			snprintf(cmd, sizeof(cmd), "echo junk > '%s'", model);
		else
			snprintf(cmd, sizeof(cmd), "rm -f '%s'", model);
		assert_int_equal(sh(cmd), 0);
		/* run from / so nothing relative to the source tree can help */
		snprintf(cmd, sizeof(cmd),
		         "cd / && env -u AK_REPAIR_MODEL %s%s%s '%s/p/bin/arkiv' repair '%s'"
		         " >'%s' 2>&1", cases[i].env ? "AK_REPAIR_MODEL='" : "",
		         cases[i].env ? build : "", cases[i].env ? "/dicts/repair.bin'" : "", tmpdir,
		         in, out);
		rc = sh(cmd);
		if (rc != cases[i].rc) {
			snprintf(cmd, sizeof(cmd), "cat '%s'", out);
			sh(cmd);
			fail_msg("%s: exit %d, want %d", cases[i].name, rc, cases[i].rc);
		}
		snprintf(cmd, sizeof(cmd), "grep -q '%s' '%s'",
		         cases[i].rc == 0 ? want : "repair model not loadable", out);
		assert_int_equal(sh(cmd), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installed_model),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
