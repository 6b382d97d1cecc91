/*
 * test_store.c - the store: one transaction per document, failure rows,
 * rerun skips, changed-file redo, concurrent writers and readers, schema
 * migration, read-only and broken databases, FTS5 over å/ä/ö, and through
 * the CLI binary a run killed mid-way that the next run finishes.
 *
 * Documents are built in the test (ak_doc_new + pages + hash), so most of
 * this runs without ingest or OCR; the CLI cases skip with a message when
 * the arkiv binary cannot ingest text yet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arkiv.h"
#include "stages.h"
#include "store.h"

/* ------------------------------------------------------------ helpers */

static char tmpdir[256];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ak_store_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *tpath(const char *name)
{
	static char buf[8][512];
	static int k;
	char *p = buf[k++ % 8];
	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

/* A stand-in content hash: 64 hex digits derived from the text (the real
 * one is ingest's SHA-256; the store only compares them). */
static void fake_hash(char out[65], const char *text)
{
	uint64_t h = 1469598103934665603ULL;
	int i;
	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 1099511628211ULL;
	for (i = 0; i < 4; i++) {
		snprintf(out + i * 16, 17, "%016llx", (unsigned long long)h);
		h = (h ^ (uint64_t)i) * 1099511628211ULL;
	}
}

/* A text document: pages separated by '\f' in `text`. */
static struct doc *make_doc(const char *path, const char *text)
{
	struct doc *d;
	const char *p = text;

	assert_int_equal(ak_doc_new(&d, path, 0), 0);
	d->format = AK_FMT_TEXT;
	d->size = strlen(text);
	d->encoding = "UTF-8";
	fake_hash(d->hash, text);
	for (;;) {
		const char *e = strchr(p, '\f');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct ak_page *pg = ak_doc_add_page(d);
		assert_non_null(pg);
		pg->src = AK_SRC_TEXT;
		pg->mean_conf = 100;
		pg->text = ak_arena_strndup(&d->arena, p, n);
		pg->text_len = n;
		if (!e)
			break;
		p = e + 1;
	}
	assert_int_equal(ak_doc_join_pages(d), 0);
	return d;
}

static int64_t int_cb_val;
static int int_cb(void *ud, int ncol, const char *const *names,
                  const struct ak_store_val *v)
{
	(void)ud;
	(void)names;
	if (v && ncol > 0)
		int_cb_val = v[0].type == AK_SV_INT ? v[0].i : -999;
	return 0;
}

/* First column of the first row of `sql` as an integer. */
static int64_t q_int(struct ak_store *s, const char *sql, const char *arg)
{
	struct ak_store_val p = { AK_SV_TEXT, 0, 0, arg, arg ? strlen(arg) : 0 };
	int_cb_val = -1;
	assert_int_equal(ak_store_query(s, sql, &p, arg ? 1 : 0, 1, int_cb, NULL), 0);
	return int_cb_val;
}

static int integrity_seen;
static int integrity_cb(void *ud, int ncol, const char *const *names,
                        const struct ak_store_val *v)
{
	(void)ud;
	(void)names;
	if (v && ncol == 1)
		integrity_seen = v[0].type == AK_SV_TEXT && v[0].n == 2 &&
		                 memcmp(v[0].s, "ok", 2) == 0 ? 1 : -1;
	return 0;
}

/* PRAGMA integrity_check says exactly "ok". */
static int integrity_ok(struct ak_store *s)
{
	integrity_seen = 0;
	if (ak_store_query(s, "PRAGMA integrity_check", NULL, 0, 0, integrity_cb, NULL))
		return 0;
	return integrity_seen == 1;
}

static struct ak_store *open_rw(const char *path)
{
	struct ak_store *s = NULL;
	char err[512];
	int rc = ak_store_open(&s, path, NULL, err, sizeof(err));
	if (rc)
		fail_msg("open %s: %s", path, err);
	return s;
}

static void ctx_with_store(struct ak_ctx *ctx, struct ak_store *s)
{
	struct ak_config cfg;
	ak_config_defaults(&cfg);
	cfg.jobs = 1;
	cfg.progress = 0;
	assert_int_equal(ak_ctx_init(ctx, &cfg), 0);
	ctx->store = s;
}

/* ------------------------------------------------------------ unit cases */

static void test_write_and_read_back(void **state)
{
	struct ak_store *s = open_rw(tpath("a.db"));
	struct ak_ctx ctx;
	struct doc *d = make_doc("/in/protokoll-2023-05.txt",
	                         "§ 1 Mötets öppnande\nOrdföranden öppnar mötet.\n"
	                         "\f§ 2 Förbundsreserv\nStyrelsen beslutar att godkänna.\n");
	(void)state;
	ctx_with_store(&ctx, s);
	assert_int_equal(ak_finding_add(d, AK_F_ENCODING_GUESSED, 0, 0, "score",
	                                "guessed %s", "CP1252"), 0);
	assert_int_equal(ak_stage_store(&ctx, d), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE status='ok'", NULL), 1);
	assert_int_equal(q_int(s, "SELECT pages FROM documents", NULL), 2);
	assert_int_equal(q_int(s, "SELECT count(*) FROM pages", NULL), 2);
	assert_int_equal(q_int(s, "SELECT count(*) FROM text WHERE repaired IS NULL", NULL), 2);
	assert_int_equal(q_int(s, "SELECT count(*) FROM text WHERE page = 2 AND original"
	                          " = '§ 2 Förbundsreserv' || char(10) ||"
	                          " 'Styrelsen beslutar att godkänna.' || char(10)", NULL), 1);
	assert_int_equal(q_int(s, "SELECT count(*) FROM findings WHERE name ="
	                          " 'encoding-guessed' AND severity = 'note'", NULL), 1);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE hash = ?1", d->hash), 1);
	ak_doc_free(&d);
	ak_ctx_release(&ctx); /* closes the store */
	assert_null(ctx.store);
}

/* Repair changed page 2: only that page gets a repaired text. */
static void test_repaired_text_per_page(void **state)
{
	struct ak_store *s = open_rw(tpath("r.db"));
	struct ak_ctx ctx;
	struct doc *d = make_doc("/in/r.txt", "Sida ett\n\fStyrelsen beslutar &r\n");
	static const char fixed[] = "Sida ett\n\fStyrelsen beslutar år\n";
	(void)state;
	ctx_with_store(&ctx, s);
	d->text = ak_arena_strdup(&d->arena, fixed);
	d->text_len = strlen(fixed);
	assert_int_equal(ak_stage_store(&ctx, d), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM text WHERE repaired IS NULL", NULL), 1);
	assert_int_equal(q_int(s, "SELECT page FROM text WHERE repaired ="
	                          " 'Styrelsen beslutar år' || char(10)", NULL), 2);
	assert_int_equal(q_int(s, "SELECT count(*) FROM page_text WHERE repaired = original",
	                       NULL), 1);
	ak_doc_free(&d);
	ak_ctx_release(&ctx);
}

/* A failed document: its row says failed with the reason, no pages; an
 * earlier good version of the same path is replaced, not mixed in. */
static void test_failure_row_only(void **state)
{
	struct ak_store *s = open_rw(tpath("f.db"));
	struct ak_ctx ctx;
	struct doc *d = make_doc("/in/x.txt", "Hej\n\fDå\n");
	(void)state;
	ctx_with_store(&ctx, s);
	assert_int_equal(ak_stage_store(&ctx, d), 0);
	ak_doc_free(&d);
	d = make_doc("/in/x.txt", "changed and broken");
	ak_fail(d, AK_ENOTTEXT, "not text (binary data)");
	d->err_stage = "ingest";
	assert_int_equal(ak_stage_store(&ctx, d), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents", NULL), 1);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE status = 'failed'"
	                          " AND error = 'not text (binary data)' AND error_stage ="
	                          " 'ingest' AND error_code = -11", NULL), 1);
	assert_int_equal(q_int(s, "SELECT count(*) FROM pages", NULL), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM text", NULL), 0);
	/* a failed document is not "current": the next run tries again */
	assert_int_equal(ak_store_doc_current(s, d->hash, AK_PIPELINE_VERSION), 0);
	ak_doc_free(&d);
	ak_ctx_release(&ctx);
}

/* A put failing half-way (duplicate page number) rolls the whole document
 * back: the earlier version stays as it was, nothing half-written. */
static void test_transaction_rolls_back(void **state)
{
	struct ak_store *s = open_rw(tpath("t.db"));
	struct ak_config cfg;
	struct doc *d = make_doc("/in/t.txt", "ett\ftvå\ftre\n");
	char err[512] = "";
	(void)state;
	ak_config_defaults(&cfg);
	assert_int_equal(ak_store_write_doc(s, &cfg, d, err, sizeof(err)), 0);
	ak_doc_free(&d);
	d = make_doc("/in/t.txt", "fyra\ffem\n");
	d->pages[1].no = 1; /* the second page collides with the first */
	assert_int_equal(ak_store_write_doc(s, &cfg, d, err, sizeof(err)), AK_ESTORE);
	assert_non_null(strstr(err, "UNIQUE"));
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents", NULL), 1);
	assert_int_equal(q_int(s, "SELECT pages FROM documents", NULL), 3);
	assert_int_equal(q_int(s, "SELECT count(*) FROM pages", NULL), 3);
	assert_int_equal(q_int(s, "SELECT count(*) FROM text WHERE original = 'två'", NULL), 1);
	ak_doc_free(&d);
	/* the lock was released: another document can be written */
	d = make_doc("/in/u.txt", "sex\n");
	assert_int_equal(ak_store_write_doc(s, &cfg, d, err, sizeof(err)), 0);
	ak_doc_free(&d);
	/* a put outside a document is refused */
	{
		struct ak_store_page_row r;
		memset(&r, 0, sizeof(r));
		assert_int_equal(ak_store_put_page(s, &r), AK_ESTORE);
	}
	ak_store_close(&s);
}

/* Rerun: same content and options -> skip; --force, other options, changed
 * content -> redo; a redo replaces the path's earlier row. */
static void test_skip_force_and_redo(void **state)
{
	static const struct {
		const char *text;     /* content of /in/s.txt this round */
		int force;
		int repair;           /* enum ak_repair_mode */
		int until_ocr;        /* partial run: never skip */
		int want_skip;
	} cases[] = {
		{ "Protokoll 1\n", 0, AK_REPAIR_FULL, 0, 0 }, /* first time: stored */
		{ "Protokoll 1\n", 0, AK_REPAIR_FULL, 0, 1 }, /* rerun: skipped */
		{ "Protokoll 1\n", 1, AK_REPAIR_FULL, 0, 0 }, /* --force */
		{ "Protokoll 1\n", 0, AK_REPAIR_OFF, 0, 0 },  /* other options */
		{ "Protokoll 1\n", 0, AK_REPAIR_OFF, 0, 1 },
		{ "Protokoll 2\n", 0, AK_REPAIR_OFF, 0, 0 },  /* file changed */
		{ "Protokoll 2\n", 0, AK_REPAIR_OFF, 1, 0 },  /* --until ocr */
	};
	struct ak_store *s = open_rw(tpath("s.db"));
	struct ak_ctx ctx;
	size_t i;
	(void)state;
	ctx_with_store(&ctx, s);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct doc *d = make_doc("/in/s.txt", cases[i].text);
		int rc;
		ctx.cfg.force = cases[i].force;
		ctx.cfg.repair = (enum ak_repair_mode)cases[i].repair;
		ctx.cfg.from = 0;
		ctx.cfg.until = cases[i].until_ocr ? ak_stage_index("ocr")
		                                   : ak_stage_index("store");
		rc = ak_stage_skip(&ctx, d);
		if (rc != (cases[i].want_skip ? AK_ESKIP : 0))
			fail_msg("case %zu: skip returned %d", i, rc);
		assert_int_equal(d->skipped, cases[i].want_skip);
		if (!cases[i].want_skip && !cases[i].until_ocr)
			assert_int_equal(ak_stage_store(&ctx, d), 0);
		/* one row per path, always the latest content */
		assert_int_equal(q_int(&*s, "SELECT count(*) FROM documents", NULL), 1);
		assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE hash = ?1",
		                       d->hash), 1);
		ak_doc_free(&d);
	}
	ak_ctx_release(&ctx);
}

/* The same content under a second path is the same document: the copy is
 * skipped on a normal run and moves the row on --force. */
static void test_same_content_two_paths(void **state)
{
	struct ak_store *s = open_rw(tpath("c.db"));
	struct ak_ctx ctx;
	struct doc *a = make_doc("/in/a.txt", "Samma text\n");
	struct doc *b = make_doc("/in/kopia/a.txt", "Samma text\n");
	(void)state;
	ctx_with_store(&ctx, s);
	ctx.cfg.until = ak_stage_index("store");
	assert_int_equal(ak_stage_skip(&ctx, a), 0);
	assert_int_equal(ak_stage_store(&ctx, a), 0);
	assert_int_equal(ak_stage_skip(&ctx, b), AK_ESKIP);
	ctx.cfg.force = 1;
	assert_int_equal(ak_stage_skip(&ctx, b), 0);
	assert_int_equal(ak_stage_store(&ctx, b), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents", NULL), 1);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE path = ?1",
	                       "/in/kopia/a.txt"), 1);
	ak_doc_free(&a);
	ak_doc_free(&b);
	ak_ctx_release(&ctx);
}

/* ------------------------------------------------------------ threads */

struct writer_arg {
	struct ak_store *s;
	int id, n;
	int errors;
};

static void *writer(void *p)
{
	struct writer_arg *w = p;
	struct ak_config cfg;
	int i;
	ak_config_defaults(&cfg);
	for (i = 0; i < w->n; i++) {
		char path[64], text[256];
		struct doc *d;
		snprintf(path, sizeof(path), "/in/w%d/doc%04d.txt", w->id, i);
		snprintf(text, sizeof(text), "Dokument %d/%d\fsida två\fsida tre %d\n", w->id, i, i);
		d = make_doc(path, text);
		if (ak_store_write_doc(w->s, &cfg, d, NULL, 0) != 0)
			w->errors++;
		ak_doc_free(&d);
	}
	return NULL;
}

/* Several runner threads share one store. */
static void test_threads_share_store(void **state)
{
	struct ak_store *s = open_rw(tpath("th.db"));
	pthread_t th[4];
	struct writer_arg w[4];
	int i;
	(void)state;
	for (i = 0; i < 4; i++) {
		w[i].s = s;
		w[i].id = i;
		w[i].n = 50;
		w[i].errors = 0;
		assert_int_equal(pthread_create(&th[i], NULL, writer, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].errors, 0);
	}
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents", NULL), 200);
	assert_int_equal(q_int(s, "SELECT count(*) FROM pages", NULL), 600);
	ak_store_close(&s);
}

struct reader_arg {
	const char *path;
	volatile int stop;
	int rounds, bad, errors;
};

static int64_t pair_docs, pair_pages;
static int pair_cb(void *ud, int ncol, const char *const *names,
                   const struct ak_store_val *v)
{
	(void)ud;
	(void)names;
	if (v && ncol == 2) {
		pair_docs = v[0].i;
		pair_pages = v[1].i;
	}
	return 0;
}

static void *reader(void *p)
{
	struct reader_arg *r = p;
	struct ak_store_opts o = { AK_STORE_RDONLY, 0, 0 };
	struct ak_store *s = NULL;
	char err[512];

	if (ak_store_open(&s, r->path, &o, err, sizeof(err)) != 0) {
		r->errors++;
		return NULL;
	}
	while (!r->stop) {
		/* One statement = one read snapshot: every document has all
		 * three of its pages, never some. */
		if (ak_store_query(s, "SELECT (SELECT count(*) FROM documents),"
		                      " (SELECT count(*) FROM pages)", NULL, 0, 1,
		                   pair_cb, NULL) != 0)
			r->errors++;
		else if (pair_pages != 3 * pair_docs)
			r->bad++;
		r->rounds++;
		{
			/* a reader that never pauses starves the writer under
			 * valgrind, which runs one thread at a time */
			struct timespec ts = { 0, 1000000L };
			nanosleep(&ts, NULL);
		}
	}
	ak_store_close(&s);
	return NULL;
}

/* A reader on its own read-only connection queries while a writer stores;
 * it never waits for the writer and never sees half a document. */
static void test_concurrent_reader(void **state)
{
	const char *db = tpath("rd.db");
	struct ak_store *s = open_rw(db);
	struct writer_arg w = { s, 9, 300, 0 };
	struct reader_arg r = { db, 0, 0, 0, 0 };
	pthread_t tr;
	(void)state;
	assert_int_equal(pthread_create(&tr, NULL, reader, &r), 0);
	writer(&w);
	r.stop = 1;
	pthread_join(tr, NULL);
	assert_int_equal(w.errors, 0);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.bad, 0);
	assert_true(r.rounds > 0);
	ak_store_close(&s);
}

/* ------------------------------------------------------------ schema */

/* A database made by schema v1 (the first release) is migrated to the
 * current version on open, keeping its documents. */
static void test_migration_from_v1(void **state)
{
	const char *db = tpath("m.db");
	struct ak_store_opts v1 = { 0, 1, 0 };
	struct ak_store *s = NULL;
	struct ak_config cfg;
	struct doc *d = make_doc("/in/old.txt", "gammal\n");
	char err[512];
	(void)state;
	ak_config_defaults(&cfg);
	assert_int_equal(ak_store_open(&s, db, &v1, err, sizeof(err)), 0);
	assert_int_equal(ak_store_schema_version(s), 1);
	assert_int_equal(ak_store_write_doc(s, &cfg, d, NULL, 0), 0);
	/* v2 tables are not there yet */
	assert_int_equal(ak_store_query(s, "SELECT count(*) FROM decisions", NULL, 0, 1,
	                                NULL, NULL), AK_ESTORE);
	ak_store_close(&s);

	/* a reader refuses the old schema with a clear message */
	{
		struct ak_store_opts ro = { AK_STORE_RDONLY, 0, 0 };
		assert_int_equal(ak_store_open(&s, db, &ro, err, sizeof(err)), AK_ESTORE);
		assert_non_null(strstr(err, "older"));
	}

	s = open_rw(db);
	assert_int_equal(ak_store_schema_version(s), ak_store_latest_version());
	assert_true(ak_store_latest_version() >= 2);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE path = ?1",
	                       "/in/old.txt"), 1);
	assert_int_equal(q_int(s, "SELECT count(*) FROM decisions", NULL), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM schema_log", NULL),
	                 ak_store_latest_version());
	/* opening again applies nothing */
	ak_store_close(&s);
	s = open_rw(db);
	assert_int_equal(q_int(s, "SELECT count(*) FROM schema_log", NULL),
	                 ak_store_latest_version());
	ak_doc_free(&d);
	ak_store_close(&s);
}

/* Databases the store cannot use: one clear message each. */
static void test_unusable_databases(void **state)
{
	static const struct {
		const char *name;
		const char *content; /* NULL: make a folder; "" : do not create */
		unsigned flags;
		const char *want;    /* in the message */
	} cases[] = {
		{ "folder.db", NULL, 0, "unable to open" },
		{ "garbage.db", "this is not a database, just some text bytes......"
		                "................................................", 0,
		  "not a database" },
		{ "missing.db", "", AK_STORE_RDONLY, "unable to open" },
		{ "nodir/x.db", "", 0, "unable to open" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = tpath(cases[i].name);
		struct ak_store_opts o = { cases[i].flags, 0, 0 };
		struct ak_store *s = NULL;
		char err[512] = "";
		if (!cases[i].content) {
			assert_int_equal(mkdir(p, 0700), 0);
		} else if (cases[i].content[0]) {
			FILE *f = fopen(p, "w");
			assert_non_null(f);
			fputs(cases[i].content, f);
			fclose(f);
		}
		assert_int_equal(ak_store_open(&s, p, &o, err, sizeof(err)), AK_ESTORE);
		assert_null(s);
		if (!strstr(err, cases[i].want))
			fail_msg("case %s: message '%s' lacks '%s'", cases[i].name, err,
			         cases[i].want);
	}
}

/* A read-only database file: refused at open (the batch cannot store).
 * As root, permission bits do not stop writes; use chattr +i if allowed. */
static void test_readonly_file(void **state)
{
	const char *db = tpath("ro.db");
	struct ak_store *s = open_rw(db);
	char err[512] = "", cmd[600];
	int immutable = 0;
	(void)state;
	ak_store_close(&s);
	if (geteuid() != 0) {
		assert_int_equal(chmod(db, 0444), 0);
	} else {
		snprintf(cmd, sizeof(cmd), "chattr +i '%s' 2>/dev/null", db);
		if (system(cmd) != 0) {
			print_message("skipped: running as root without chattr +i: "
			              "cannot make a read-only file\n");
			skip();
		}
		immutable = 1;
	}
	assert_int_equal(ak_store_open(&s, db, NULL, err, sizeof(err)), AK_ESTORE);
	assert_non_null(strstr(err, "read-only"));
	if (immutable) {
		snprintf(cmd, sizeof(cmd), "chattr -i '%s'", db);
		assert_int_equal(system(cmd), 0);
	}
}

/* `sql` passthrough: only single read-only statements. */
static void test_query_readonly_guard(void **state)
{
	static const struct {
		const char *sql;
		int want;
	} cases[] = {
		{ "SELECT count(*) FROM documents", 0 },
		/* first use of an FTS5 table on this connection: its constructor
		 * runs internal statements under the authorizer */
		{ "SELECT count(*) FROM decisions_fts WHERE decisions_fts MATCH 'x'", 0 },
		{ "SELECT 1; ", 0 },
		{ "SELECT load_extension('x')", AK_ESTORE }, /* "not authorized" */
		{ "DELETE FROM documents", AK_EINVAL },
		{ "SELECT 1; DELETE FROM documents", AK_EINVAL },
		{ "PRAGMA user_version = 7", AK_EINVAL },
		{ "ATTACH 'x.db' AS x", AK_EINVAL },
		{ "CREATE TABLE x(a)", AK_EINVAL },
		{ "SELEKT 1", AK_ESTORE },
		{ "", AK_EINVAL },
	};
	struct ak_store *s = open_rw(tpath("q.db"));
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = ak_store_query(s, cases[i].sql, NULL, 0, 1, NULL, NULL);
		if (rc != cases[i].want)
			fail_msg("'%s': %d, want %d (%s)", cases[i].sql, rc, cases[i].want,
			         ak_store_errmsg(s));
	}
	assert_int_equal(ak_store_schema_version(s), ak_store_latest_version());
	ak_store_close(&s);
}

/* FTS5 with remove_diacritics 2 on Debian's SQLite: å/ä/ö fold both ways. */
static void test_fts_diacritics(void **state)
{
	static const struct {
		const char *match;
		int hits;
	} cases[] = {
		{ "forbundsreserv", 1 },
		{ "förbundsreserv", 1 },
		{ "FÖRBUNDSRESERV", 1 },
		{ "arsredovisning", 1 },
		{ "årsredovisningen", 0 },  /* whole tokens only */
		{ "årsredovisning*", 1 },   /* prefix */
		{ "ESF", 1 },
		{ "esf", 1 },
		{ "budget", 0 },
	};
	struct ak_store *s = open_rw(tpath("fts.db"));
	struct ak_config cfg;
	struct doc *d = make_doc("/in/fts.txt", "x\n");
	struct ak_store_doc_row dr;
	struct ak_store_decision_row r;
	size_t i;
	(void)state;
	ak_config_defaults(&cfg);
	memset(&dr, 0, sizeof(dr));
	dr.hash = d->hash;
	dr.path = d->path;
	assert_int_equal(ak_store_begin_doc(s, &dr), 0);
	memset(&r, 0, sizeof(r));
	r.seq = 1;
	r.paragraph = "§ 7";
	r.title = "Förbundsreserv och årsredovisning";
	r.text = "Styrelsen beslutar att använda förbundsreserven till ESF-projektet.";
	assert_int_equal(ak_store_put_decision(s, &r), 0);
	assert_int_equal(ak_store_commit_doc(s), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t n = q_int(s, "SELECT count(*) FROM decisions_fts WHERE decisions_fts"
		                     " MATCH ?1", cases[i].match);
		if (n != cases[i].hits)
			fail_msg("'%s': %lld hits, want %d", cases[i].match, (long long)n,
			         cases[i].hits);
	}
	/* deleting the document removes it from the index too */
	ak_doc_free(&d);
	d = make_doc("/in/fts.txt", "y\n");
	assert_int_equal(ak_store_write_doc(s, &cfg, d, NULL, 0), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM decisions_fts WHERE decisions_fts"
	                          " MATCH ?1", "forbundsreserv"), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM decisions", NULL), 0);
	ak_doc_free(&d);
	ak_store_close(&s);
}

static void test_label_key(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "Årets resultat", "årets resultat" },
		{ "  ÅRETS   RESULTAT \n", "årets resultat" },
		{ "Kansli", "kansli" },
		{ "Övriga kostnader", "övriga kostnader" },
		{ "Summa ÄNDAMÅL", "summa ändamål" },
		{ "", "" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ak_buf b;
		ak_buf_init(&b, 0);
		assert_int_equal(ak_store_label_key(&b, cases[i].in), 0);
		assert_string_equal(b.ptr ? b.ptr : "", cases[i].want);
		ak_buf_release(&b);
	}
}

/* ------------------------------------------------------------ the CLI */

static const char *arkiv_bin(void)
{
	const char *p = getenv("AK_ARKIV");
	return p && *p && access(p, X_OK) == 0 ? p : NULL;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int rc;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Write n invented minutes under dir (1-based numbering). */
static void write_corpus(const char *dir, int n)
{
	int i;
	assert_int_equal(mkdir(dir, 0700), 0);
	for (i = 1; i <= n; i++) {
		char p[600];
		FILE *f;
		int k;
		snprintf(p, sizeof(p), "%s/prot%04d.txt", dir, i);
		f = fopen(p, "w");
		assert_non_null(f);
		fprintf(f, "Protokoll nr %d\nSamordningsförbundet Exempel\n", i);
		for (k = 1; k <= 40; k++)
			fprintf(f, "§ %d Ärende %d\nStyrelsen beslutar att godkänna "
			           "förbundsreserv %d kr.\n", k, k, i * 1000 + k);
		fprintf(f, "\fSida två av protokoll %d\n", i);
		fclose(f);
	}
}

/* Skip the CLI cases when this build's ingest cannot read a text file. */
static int cli_ready(const char *bin)
{
	const char *dir = tpath("probe");
	if (sh("mkdir -p '%s' && printf 'Hej\\n' > '%s/a.txt'", dir, dir) != 0)
		return 0;
	return sh("'%s' run --no-progress --db '%s/p.db' '%s/a.txt' >/dev/null 2>&1",
	          bin, dir, dir) == 0;
}

/* Rerun over the CLI: second run stores nothing new, a changed file is
 * redone, --force redoes all. */
static void test_cli_rerun(void **state)
{
	const char *bin = arkiv_bin(), *dir = tpath("cli"), *db = tpath("cli.db");
	struct ak_store *s;
	(void)state;
	if (!bin || !cli_ready(bin)) {
		print_message("skipped: AK_ARKIV unset or its ingest cannot read text yet\n");
		skip();
	}
	write_corpus(dir, 5);
	assert_int_equal(sh("'%s' run -j2 --no-progress --db '%s' '%s' >/dev/null", bin, db, dir), 0);
	s = open_rw(db);
	assert_int_equal(ak_store_query(s, "UPDATE documents SET stored = 'x'", NULL, 0, 0,
	                                NULL, NULL), 0);
	ak_store_close(&s);
	assert_int_equal(sh("'%s' run -j2 --no-progress --db '%s' '%s' >/dev/null", bin, db, dir), 0);
	s = open_rw(db);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE stored = 'x'", NULL), 5);
	ak_store_close(&s);
	assert_int_equal(sh("printf 'Ny text\\n' >> '%s/prot0003.txt'", dir), 0);
	assert_int_equal(sh("'%s' run --no-progress --db '%s' '%s' >/dev/null", bin, db, dir), 0);
	s = open_rw(db);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE stored = 'x'", NULL), 4);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE stored <> 'x' AND"
	                          " path LIKE '%prot0003.txt'", NULL), 1);
	ak_store_close(&s);
	assert_int_equal(sh("'%s' run --force --no-progress --db '%s' '%s' >/dev/null", bin, db,
	                    dir), 0);
	s = open_rw(db);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE stored = 'x'", NULL), 0);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents", NULL), 5);
	ak_store_close(&s);
}

/* A run SIGKILLed mid-way leaves a consistent store; the next run stores
 * exactly the documents still missing. */
static void test_cli_kill_during_run(void **state)
{
	const char *bin = arkiv_bin(), *dir = tpath("kill"), *db = tpath("kill.db");
	struct ak_store *s;
	int64_t before, n_ok;
	int round, killed_mid = 0;
	(void)state;
	if (!bin || !cli_ready(bin)) {
		print_message("skipped: AK_ARKIV unset or its ingest cannot read text yet\n");
		skip();
	}
	write_corpus(dir, 400);
	/* Kill once the run has committed a few documents (read while it
	 * writes), so the kill lands between documents stored and ones to come. */
	for (round = 0; round < 3 && !killed_mid; round++) {
		char wal[600];
		pid_t pid = fork();
		int st, i, done = 0;
		assert_true(pid >= 0);
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execl(bin, bin, "run", "-j2", "--no-progress", "--db", db, dir, (char *)NULL);
			_exit(127);
		}
		snprintf(wal, sizeof(wal), "%s-wal", db);
		for (i = 0; i < 3000 && !done; i++) {
			struct stat sb;
			struct timespec ts = { 0, 5 * 1000000L };
			if (stat(wal, &sb) == 0) {
				/* a concurrent reader: open read-only while the run writes */
				struct ak_store *r = NULL;
				struct ak_store_opts ro = { AK_STORE_RDONLY, 0, 0 };
				int64_t n = 0;
				if (ak_store_open(&r, db, &ro, NULL, 0) == 0) {
					n = q_int(r, "SELECT count(*) FROM documents", NULL);
					ak_store_close(&r);
				}
				if (n >= 5)
					break;
			}
			done = waitpid(pid, &st, WNOHANG) == pid;
			nanosleep(&ts, NULL);
		}
		if (!done) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
		killed_mid = !done && WIFSIGNALED(st);
	}
	if (!killed_mid) {
		print_message("note: every run finished before the kill; checking rerun only\n");
	}
	s = open_rw(db);
	assert_true(integrity_ok(s));
	before = q_int(s, "SELECT count(*) FROM documents", NULL);
	/* every stored document is whole: 2 pages, 2 texts */
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents d WHERE status = 'ok' AND"
	                          " (SELECT count(*) FROM pages p WHERE p.doc_id = d.id) <> 2"
	                          " OR (SELECT count(*) FROM text t WHERE t.doc_id = d.id) <> 2",
	                       NULL), 0);
	ak_store_close(&s);
	print_message("killed run had stored %lld of 400 documents\n", (long long)before);
	if (killed_mid) {
		assert_true(before > 0);
		assert_true(before < 400);
	}
	assert_int_equal(sh("'%s' run -j2 --no-progress --db '%s' '%s' >/dev/null", bin, db, dir), 0);
	s = open_rw(db);
	n_ok = q_int(s, "SELECT count(*) FROM documents WHERE status = 'ok'", NULL);
	assert_int_equal(n_ok, 400);
	assert_int_equal(q_int(s, "SELECT count(*) FROM pages", NULL), 800);
	assert_true(integrity_ok(s));
	ak_store_close(&s);
}

/* With the extractors merged, a run stores what they found: invented
 * minutes give sections, decisions with §, title and page, attendees, and
 * the document's metadata; an invented annual report gives table cells that
 * `arkiv query series` finds.  Skips while a stage is not in this build. */
static void test_cli_extractors_stored(void **state)
{
	const char *bin = arkiv_bin(), *dir = tpath("ext"), *db = tpath("ext.db");
	struct ak_store *s;
	FILE *f;
	char p[600];
	int tables;
	(void)state;
	if (!bin || !cli_ready(bin) || sh("'%s' --help | grep -q '^  extract '", bin) != 0) {
		print_message("skipped: this build has no structure stage yet\n");
		skip();
	}
	tables = sh("'%s' --help | grep -q '^  tables '", bin) == 0;
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(p, sizeof(p), "%s/protokoll.txt", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("PROTOKOLL\n"
	      "Styrelsen för Samordningsförbundet Exempelbygd\n"
	      "Sammanträdesdatum 2023-05-17\n"
	      "Plats och tid: Förbundets kansli, kl. 13.00-15.00\n\n"
	      "Beslutande\n"
	      "Anna Exempelsson (S) Exempelby kommun, ordförande\n"
	      "Bertil Provsson (M) Provby kommun, vice ordförande\n\n"
	      "§ 1 Mötets öppnande\n"
	      "Ordföranden öppnar mötet.\n\n"
	      "§ 2 Förbundsreserv\n"
	      "Förslag till beslut\n"
	      "Styrelsen föreslås besluta att använda 300 000 kr av förbundsreserven.\n"
	      "Styrelsen beslutar att använda 300 000 kr av förbundsreserven till insatser "
	      "för unga.\n\n"
	      "§ 3 Mötets avslutande\n"
	      "Ordföranden avslutar mötet.\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/arsredovisning.txt", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("Årsredovisning 2023\nSamordningsförbundet Exempelbygd\n\n"
	      "Resultaträkning (tkr)\n"
	      "\t2023\t2022\n"
	      "Verksamhetens intäkter\t12 400\t11 900\n"
	      "Verksamhetens kostnader\t-12 100\t-12 300\n"
	      "Årets resultat\t300\t-400\n", f);
	fclose(f);
	assert_int_equal(sh("'%s' run --no-progress --db '%s' '%s' >/dev/null 2>&1", bin, db, dir),
	                 0);
	s = open_rw(db);
	assert_true(q_int(s, "SELECT count(*) FROM sections", NULL) >= 3);
	assert_true(q_int(s, "SELECT count(*) FROM decisions WHERE paragraph = '§ 2' AND"
	                     " kind = 'decision' AND page = 1", NULL) >= 1);
	assert_true(q_int(s, "SELECT count(*) FROM decisions_fts WHERE decisions_fts MATCH"
	                     " 'forbundsreserven'", NULL) >= 1);
	assert_true(q_int(s, "SELECT count(*) FROM attendees", NULL) >= 2);
	assert_int_equal(q_int(s, "SELECT count(*) FROM documents WHERE organisation LIKE"
	                          " '%Exempelbygd%' AND path LIKE '%protokoll.txt'", NULL), 1);
	if (tables)
		assert_true(q_int(s, "SELECT count(*) FROM cells WHERE label_key ="
		                     " 'årets resultat' AND value IN (300, -400)", NULL) >= 2);
	else
		print_message("note: no tables stage in this build: cells not checked\n");
	ak_store_close(&s);
}

/* The batch cannot store: exit 3 and one line naming the database. */
static void test_cli_unusable_db(void **state)
{
	const char *bin = arkiv_bin(), *dir = tpath("ucli");
	(void)state;
	if (!bin) {
		print_message("skipped: AK_ARKIV unset\n");
		skip();
	}
	assert_int_equal(sh("mkdir -p '%s/db.d' && printf 'Hej\\n' > '%s/a.txt'", dir, dir), 0);
	assert_int_equal(sh("'%s' run --no-progress --db '%s/db.d' '%s/a.txt' 2>'%s/err' >/dev/null",
	                    bin, dir, dir, dir), 3);
	assert_int_equal(sh("grep -q 'db.d: cannot open: unable to open' '%s/err'", dir), 0);
	assert_int_equal(sh("test $(wc -l < '%s/err') -le 2", dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_and_read_back),
		cmocka_unit_test(test_repaired_text_per_page),
		cmocka_unit_test(test_failure_row_only),
		cmocka_unit_test(test_transaction_rolls_back),
		cmocka_unit_test(test_skip_force_and_redo),
		cmocka_unit_test(test_same_content_two_paths),
		cmocka_unit_test(test_threads_share_store),
		cmocka_unit_test(test_concurrent_reader),
		cmocka_unit_test(test_migration_from_v1),
		cmocka_unit_test(test_unusable_databases),
		cmocka_unit_test(test_readonly_file),
		cmocka_unit_test(test_query_readonly_guard),
		cmocka_unit_test(test_fts_diacritics),
		cmocka_unit_test(test_label_key),
		cmocka_unit_test(test_cli_rerun),
		cmocka_unit_test(test_cli_kill_during_run),
		cmocka_unit_test(test_cli_unusable_db),
		cmocka_unit_test(test_cli_extractors_stored),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
