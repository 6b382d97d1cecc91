/*
 * test_query.c - `arkiv query` against a store filled with invented
 * documents (three organisations, 2020-2023: decisions, table cells,
 * findings, one failed document): every subcommand and format compared
 * byte for byte with tests/golden/query/NAME.out, plus the error paths.
 *
 * Regenerate the golden files after a deliberate change with
 *   AK_UPDATE_GOLDEN=1 build/test_query   (from the repo root)
 * and review the diff.
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
#include "ocr_adapter.h"
#include "query.h"
#include "store.h"

static char tmpdir[256];
static char dbpath[300];

/* ------------------------------------------------------------ the data */

struct fake_doc {
	const char *path, *org, *date;
	int year;
	int failed;
};

static const struct fake_doc docs[] = {
	{ "/arkiv/exempel/protokoll-2021-03-15.pdf", "Samordningsförbundet Exempel",
	  "2021-03-15", 2021, 0 },
	{ "/arkiv/exempel/protokoll-2022-09-20.pdf", "Samordningsförbundet Exempel",
	  "2022-09-20", 2022, 0 },
	{ "/arkiv/exempel/arsredovisning-2022.pdf", "Samordningsförbundet Exempel",
	  "2023-02-28", 2022, 0 },
	{ "/arkiv/exempel/arsredovisning-2023.pdf", "Samordningsförbundet Exempel",
	  "2024-02-27", 2023, 0 },
	{ "/arkiv/norrby/protokoll-2020-11-02.txt", "Norrby kommun", "2020-11-02", 2020, 0 },
	{ "/arkiv/norrby/arsredovisning-2021.pdf", "Norrby kommun", "2022-03-01", 2021, 0 },
	{ "/arkiv/soderland/trasig.pdf", NULL, NULL, 0, 1 },
};

struct fake_decision {
	int doc;
	const char *paragraph, *title, *text, *type;
	int page;
	const char *kind; /* NULL = decision */
};

static const struct fake_decision decisions[] = {
	{ 0, "§ 4", "Budget 2021", "Styrelsen beslutar att fastställa budget för 2021 "
	  "med en ram på 12 400 tkr.", "budget", 2, NULL },
	{ 0, "§ 5", "ESF-projekt Vägen vidare", "Förbundschefen föreslår att styrelsen ansöker "
	  "om medel från ESF.", "funding", 3, "proposal" },
	{ 0, "§ 5", "ESF-projekt Vägen vidare", "Styrelsen beslutar att ansöka om medel från "
	  "ESF för projektet Vägen vidare.", "funding", 3, "decision" },
	{ 1, "§ 12", "Förbundsreserv", "Styrelsen beslutar att använda 300 tkr av "
	  "förbundsreserven till insatser för unga.", "funding", 4, NULL },
	{ 1, "§ 13", "Halvårsrapport", "Styrelsen beslutar att lägga halvårsrapporten till "
	  "handlingarna.", "information", 5, NULL },
	{ 4, "§ 38", "Verksamhetsplan och budget 2021", "Kommunstyrelsen beslutar att "
	  "godkänna verksamhetsplan och budget för 2021.", "budget", 7, NULL },
	{ 4, "§ 39", "Anmälningsärenden", "Anmälningsärendena läggs till handlingarna, "
	  "\"utan\" erinran.", "information", 8, NULL },
};

struct fake_cell {
	int doc;
	const char *label, *header, *raw;
	int64_t value;
	int scale, table, row, col, page;
};

static const struct fake_cell cells[] = {
	{ 2, "Årets resultat", "2022", "1 204", 1204, 3, 1, 5, 2, 12 },
	{ 2, "Årets resultat", "2021", "-379", -379, 3, 1, 5, 3, 12 },
	{ 2, "Kansli", "Budget 2022", "3 100", 3100, 3, 2, 2, 2, 14 },
	{ 2, "Kansli", "Utfall 2022", "2 987", 2987, 3, 2, 2, 3, 14 },
	{ 3, "ÅRETS RESULTAT", "2023", "845", 845, 3, 1, 5, 2, 11 },
	{ 3, "Årets  resultat", "2022", "1 204", 1204, 3, 1, 5, 3, 11 },
	{ 3, "Kansli", "Budget 2023", "3 250", 3250, 3, 2, 2, 2, 13 },
	{ 3, "Kansli", "Utfall 2023", "3 301", 3301, 3, 2, 2, 3, 13 },
	{ 5, "Årets resultat", "2021", "18 192 622", 18192622, 0, 1, 9, 2, 20 },
	{ 5, "Årets resultat", "2020", "-4 767 000", -4767000, 0, 1, 9, 3, 20 },
};

struct fake_finding {
	int doc;
	enum ak_fid id;
	int page, table, row, col;
	const char *rule, *msg;
};

static const struct fake_finding findings[] = {
	{ 2, AK_F_CHECK_GENUINE, 12, 1, 6, 2, "sum-rows", "Summa 2 310 ≠ 2 301 (rows 2-5)" },
	{ 2, AK_F_CHECK_ROUNDING, 14, 2, 7, 3, "sum-rows", "off by 1 tkr" },
	{ 5, AK_F_CHECK_MISREAD, 20, 1, 4, 2, "sum-rows", "8 read as 3?" },
	{ 1, AK_F_OCR_LOW_CONF, 2, 0, 0, 0, "page-conf", "mean confidence 61.3" },
	{ 4, AK_F_ENCODING_GUESSED, 0, 0, 0, 0, "score", "CP850" },
};

static void fill_store(void)
{
	struct ak_store *s = NULL;
	char err[512];
	size_t i, k;

	assert_int_equal(ak_store_open(&s, dbpath, NULL, err, sizeof(err)), 0);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct ak_store_doc_row r;
		char hash[65];
		int seq = 0;
		memset(&r, 0, sizeof(r));
		snprintf(hash, sizeof(hash), "%064zx", i + 1);
		r.hash = hash;
		r.path = docs[i].path;
		r.format = strstr(docs[i].path, ".txt") ? "text" : "pdf";
		r.kind = strstr(docs[i].path, "protokoll") ? "protokoll" :
		         strstr(docs[i].path, "arsred") ? "arsredovisning" : NULL;
		r.organisation = docs[i].org;
		r.date = docs[i].date;
		r.year = docs[i].year;
		r.pages = docs[i].failed ? 0 : 20;
		r.pipeline_version = "test";
		if (docs[i].failed) {
			r.err = AK_EENCRYPTED;
			r.err_stage = "ingest";
			r.error = "encrypted PDF (password protected)";
		}
		assert_int_equal(ak_store_begin_doc(s, &r), 0);
		for (k = 0; k < sizeof(decisions) / sizeof(decisions[0]); k++) {
			struct ak_store_decision_row d;
			if (decisions[k].doc != (int)i)
				continue;
			memset(&d, 0, sizeof(d));
			d.seq = ++seq;
			d.date = docs[i].date;
			d.paragraph = decisions[k].paragraph;
			d.title = decisions[k].title;
			d.text = decisions[k].text;
			d.type = decisions[k].type;
			d.page = decisions[k].page;
			d.kind = decisions[k].kind;
			d.follows = d.kind ? 1 : 0;
			assert_int_equal(ak_store_put_decision(s, &d), 0);
		}
		for (k = 0; k < sizeof(cells) / sizeof(cells[0]); k++) {
			struct ak_store_cell_row c;
			if (cells[k].doc != (int)i)
				continue;
			memset(&c, 0, sizeof(c));
			c.table = cells[k].table;
			c.row = cells[k].row;
			c.col = cells[k].col;
			c.label = cells[k].label;
			c.header = cells[k].header;
			c.raw = cells[k].raw;
			c.has_value = 1;
			c.value = cells[k].value;
			c.unit = "kr";
			c.scale = cells[k].scale;
			c.page = cells[k].page;
			c.x0 = 900;
			c.y0 = 400 + 40 * c.row;
			c.x1 = 1100;
			c.y1 = 430 + 40 * c.row;
			c.conf = -1;
			assert_int_equal(ak_store_put_cell(s, &c), 0);
		}
		for (k = 0; k < sizeof(findings) / sizeof(findings[0]); k++) {
			struct ak_store_finding_row f;
			if (findings[k].doc != (int)i)
				continue;
			memset(&f, 0, sizeof(f));
			f.name = ak_finding_name(findings[k].id);
			f.severity = (int)ak_finding_severity(findings[k].id);
			f.page = findings[k].page;
			f.table = findings[k].table;
			f.row = findings[k].row;
			f.col = findings[k].col;
			f.rule = findings[k].rule;
			f.message = findings[k].msg;
			assert_int_equal(ak_store_put_finding(s, &f), 0);
		}
		assert_int_equal(ak_store_commit_doc(s), 0);
	}
	ak_store_close(&s);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ak_query_XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/q.db", tmpdir);
	fill_store();
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ golden */

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0, k;
	if (!f)
		return NULL;
	do {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + len, 1, cap - len - 1, f);
		len += k;
	} while (k > 0);
	fclose(f);
	buf[len] = '\0';
	*n = len;
	return buf;
}

static void golden(const char *name, const char *got, size_t n)
{
	char path[600];
	const char *src = getenv("AK_SOURCE_DIR");
	char *want;
	size_t wn = 0;

	snprintf(path, sizeof(path), "%s/tests/golden/query/%s", src && *src ? src : ".", name);
	if (getenv("AK_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, n, f), n);
		fclose(f);
		return;
	}
	want = slurp(path, &wn);
	if (!want)
		fail_msg("%s: missing golden file (AK_UPDATE_GOLDEN=1 writes it)", path);
	if (wn != n || memcmp(want, got, n) != 0) {
		print_message("--- want %s\n%s--- got\n%.*s", path, want, (int)n, got);
		free(want);
		fail_msg("%s differs", name);
	}
	free(want);
}

/* Run `arkiv query --db DB ARGS...`; returns the exit status. */
static int run_query(const char *const *args, struct ak_buf *out, struct ak_buf *err)
{
	char *argv[24];
	int argc = 0, i;
	argv[argc++] = (char *)"query";
	argv[argc++] = (char *)"--db";
	argv[argc++] = dbpath;
	for (i = 0; args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	return ak_query_exec(argc, argv, out, err);
}

static void test_golden_outputs(void **state)
{
	static const struct {
		const char *name;
		const char *args[10];
	} cases[] = {
		{ "documents.out", { "documents", NULL } },
		{ "documents.json", { "--format", "json", "documents", NULL } },
		{ "documents-failed.csv", { "documents", "--status", "failed", "--format", "csv", NULL } },
		{ "decisions.out", { "decisions", NULL } },
		{ "decisions-forbundsreserv.out", { "decisions", "--text", "forbundsreserv", NULL } },
		{ "decisions-esf.json", { "decisions", "--text", "ESF", "--format", "json", NULL } },
		{ "decisions-budget-prefix.out", { "decisions", "--text", "budget*", NULL } },
		{ "decisions-org-years.out", { "decisions", "--org", "Exempel", "--year", "2021-2021", NULL } },
		{ "decisions-type.csv", { "decisions", "--type", "budget", "--format", "csv", NULL } },
		{ "decisions-from-to.out", { "decisions", "--from-year", "2022", "--to-year", "2023", NULL } },
		{ "decisions-none.json", { "decisions", "--text", "finns-inte", "--format", "json", NULL } },
		{ "decisions-kind-all.csv", { "decisions", "--kind", "all", "--text", "ESF", "--format", "csv", NULL } },
		{ "decisions-kind-proposal.out", { "decisions", "--kind", "proposal", NULL } },
		{ "series-arets-resultat.out", { "series", "årets resultat", NULL } },
		{ "series-kansli-utfall.csv", { "series", "KANSLI", "--column", "Utfall", "--format", "csv", NULL } },
		{ "series-org.json", { "series", "Årets resultat", "--org", "Norrby", "--format", "json", NULL } },
		{ "findings.out", { "findings", NULL } },
		{ "findings-count.out", { "findings", "--count", NULL } },
		{ "findings-genuine.json", { "findings", "--class", "check-genuine", "--format", "json", NULL } },
		{ "sql.csv", { "--format", "csv", "sql", "SELECT organisation, count(*) AS documents, "
		               "sum(pages) AS pages FROM documents GROUP BY 1 ORDER BY 1", NULL } },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ak_buf out, err;
		int rc;
		ak_buf_init(&out, 0);
		ak_buf_init(&err, 0);
		rc = run_query(cases[i].args, &out, &err);
		if (rc != 0)
			fail_msg("%s: exit %d: %s", cases[i].name, rc, err.ptr ? err.ptr : "");
		assert_int_equal(err.len, 0);
		golden(cases[i].name, out.ptr ? out.ptr : "", out.len);
		/* same query, same bytes */
		{
			struct ak_buf again;
			ak_buf_init(&again, 0);
			ak_buf_reset(&err);
			assert_int_equal(run_query(cases[i].args, &again, &err), 0);
			assert_int_equal(again.len, out.len);
			assert_memory_equal(again.ptr ? again.ptr : "", out.ptr ? out.ptr : "", out.len);
			ak_buf_release(&again);
		}
		ak_buf_release(&out);
		ak_buf_release(&err);
	}
}

static void test_plot_svg(void **state)
{
	char svg[400];
	const char *args[] = { "series", "Årets resultat", "--plot", svg, NULL };
	struct ak_buf out, err;
	char *got;
	size_t n = 0;
	(void)state;
	snprintf(svg, sizeof(svg), "%s/r.svg", tmpdir);
	ak_buf_init(&out, 0);
	ak_buf_init(&err, 0);
	assert_int_equal(run_query(args, &out, &err), 0);
	got = slurp(svg, &n);
	assert_non_null(got);
	/* two organisations: two lines; Exempel 2021-2023 keeps one point
	 * per year (the latest document's), Norrby 2020-2021 */
	assert_non_null(strstr(got, "<svg"));
	golden("series-arets-resultat.svg", got, n);
	free(got);
	ak_buf_release(&out);
	ak_buf_release(&err);
}

/* --plot FILE.png: a PNG of the chart's size, the same bytes on a rerun,
 * the extension's case ignored, no temporary file left behind. */
static void test_plot_png(void **state)
{
	static const char *const names[] = { "r.png", "R.PNG" };
	unsigned char *first = NULL;
	size_t firstn = 0, k;
	(void)state;
	for (k = 0; k < 2 * sizeof(names) / sizeof(names[0]); k++) {
		char png[400], why[256], cmd[600];
		const char *args[] = { "series", "Årets resultat", "--plot", png, NULL };
		struct ak_buf out, err;
		struct ak_rgb img;
		char *got;
		size_t n = 0;
		snprintf(png, sizeof(png), "%s/%s", tmpdir, names[k % 2]);
		ak_buf_init(&out, 0);
		ak_buf_init(&err, 0);
		assert_int_equal(run_query(args, &out, &err), 0);
		assert_int_equal(err.len, 0);
		got = slurp(png, &n);
		assert_non_null(got);
		assert_int_equal(ak_img_png_decode(&img, (const unsigned char *)got, n,
		                                   (size_t)1 << 24, why, sizeof(why)), 0);
		assert_int_equal(img.w, AK_CHART_W);
		assert_int_equal(img.h, AK_CHART_H);
		ak_rgb_release(&img);
		if (!first) {
			first = (unsigned char *)got;
			firstn = n;
		} else {
			assert_int_equal(n, firstn);
			assert_memory_equal(got, first, n);
			free(got);
		}
		snprintf(cmd, sizeof(cmd), "ls '%s' | grep -q '\\.tmp$'", tmpdir);
		assert_int_not_equal(system(cmd), 0);
		ak_buf_release(&out);
		ak_buf_release(&err);
	}
	free(first);
}

/* A chart that cannot be written fails the query (exit 1) with the file
 * and the reason, leaves no temporary file and keeps an existing file. */
static void test_plot_unwritable(void **state)
{
	char dir[400], indir[400], cmd[900];
	const char *const targets[] = { "/nonexistent/dir/r.png", dir, indir };
	size_t k;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/adir.png", tmpdir);
	snprintf(indir, sizeof(indir), "%s/adir.png/r.svg", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	for (k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
		const char *args[] = { "series", "Årets resultat", "--plot", targets[k], NULL };
		struct ak_buf out, err;
		ak_buf_init(&out, 0);
		ak_buf_init(&err, 0);
		if (k == 2) /* make the folder unwritable: a file where the chart goes */
			assert_int_equal(mkdir(indir, 0755), 0);
		assert_int_equal(run_query(args, &out, &err), 1);
		if (!err.ptr || !strstr(err.ptr, targets[k]) ||
		    !strstr(err.ptr, "cannot write the chart: "))
			fail_msg("case %zu: stderr '%s'", k, err.ptr ? err.ptr : "");
		snprintf(cmd, sizeof(cmd), "find '%s' -name '*.tmp' | grep -q .", tmpdir);
		assert_int_not_equal(system(cmd), 0);
		ak_buf_release(&out);
		ak_buf_release(&err);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_errors(void **state)
{
	static const struct {
		const char *args[8];
		int rc;
		const char *msg; /* in stderr */
		int no_db;       /* use a database that does not exist */
	} cases[] = {
		{ { "sql", "DELETE FROM documents", NULL }, 1, "only read-only", 0 },
		{ { "sql", "SELECT 1; DELETE FROM documents", NULL }, 1, "one statement", 0 },
		{ { "sql", "SELECT x FROM nowhere", NULL }, 1, "no such table", 0 },
		{ { "decisions", "--year", "20x1", NULL }, 2, "--year takes", 0 },
		{ { "decisions", "--year", "2023-2021", NULL }, 2, "--year takes", 0 },
		{ { "decisions", "--from-year", "99", NULL }, 2, "--from-year takes", 0 },
		{ { "--format", "xml", "documents", NULL }, 2, "--format takes", 0 },
		{ { "budgets", NULL }, 2, "'budgets'", 0 },
		{ { "series", NULL }, 2, "'series' with 0 arguments", 0 },
		{ { "documents", "--plot", "x.svg", NULL }, 2, "--plot goes with series", 0 },
		{ { "series", "Kansli", "--plot", "x.jpg", NULL }, 2,
		  "x.jpg: --plot draws .svg or .png, not '.jpg'", 0 },
		{ { "series", "Kansli", "--plot", "x.png.gz", NULL }, 2, "not '.gz'", 0 },
		{ { "series", "Kansli", "--plot", "chart", NULL }, 2,
		  "chart: --plot needs a file name ending in .svg or .png", 0 },
		{ { "series", "Kansli", "--plot", "dir.png/chart", NULL }, 2, "needs a file name", 0 },
		{ { "series", "Kansli", "--plot", ".png", NULL }, 2, "needs a file name", 0 },
		{ { "--nope", "documents", NULL }, 2, "unknown or incomplete option", 0 },
		{ { NULL }, 2, "what to query", 0 },
		{ { "documents", NULL }, 3, "unable to open", 1 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ak_buf out, err;
		int rc;
		ak_buf_init(&out, 0);
		ak_buf_init(&err, 0);
		if (cases[i].no_db) {
			char *argv[] = { (char *)"query", (char *)"--db", (char *)"/nonexistent/x.db",
			                 (char *)cases[i].args[0], NULL };
			rc = ak_query_exec(4, argv, &out, &err);
		} else {
			rc = run_query(cases[i].args, &out, &err);
		}
		if (rc != cases[i].rc || !err.ptr || !strstr(err.ptr, cases[i].msg))
			fail_msg("case %zu: exit %d (want %d), stderr '%s' (want '%s')", i, rc,
			         cases[i].rc, err.ptr ? err.ptr : "", cases[i].msg);
		assert_int_equal(out.len, 0);
		ak_buf_release(&out);
		ak_buf_release(&err);
	}
}

/* The CLI binary: `arkiv query` goes to ak_query_main before any stage. */
static void test_cli(void **state)
{
	const char *bin = getenv("AK_ARKIV");
	char cmd[1200];
	(void)state;
	if (!bin || access(bin, X_OK) != 0) {
		print_message("skipped: AK_ARKIV unset\n");
		skip();
	}
	snprintf(cmd, sizeof(cmd),
	         "'%s' query --db '%s' --format csv sql 'SELECT count(*) AS n FROM decisions'"
	         " | tr -d '\\r' | tail -1 | grep -qx 7", bin, dbpath);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "'%s' query --db '%s' sql 'DROP TABLE cells' 2>/dev/null",
	         bin, dbpath);
	assert_int_equal(WEXITSTATUS(system(cmd)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_outputs),
		cmocka_unit_test(test_plot_svg),
		cmocka_unit_test(test_plot_png),
		cmocka_unit_test(test_plot_unwritable),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
