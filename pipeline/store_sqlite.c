/*
 * store_sqlite.c - the SQLite implementation of store.h; the only file that
 * includes sqlite3.h.
 *
 * Why an adapter: the stages and the query command speak rows (store.h);
 * SQLite's return codes, statement lifetimes and locking stay in here, so a
 * server database can be added later as a second implementation.
 *
 * Invariants:
 *   - The schema is built by numbered migration steps (the table
 *     `migrations` below); PRAGMA user_version is the last step applied.
 *     Each step runs in its own IMMEDIATE transaction and re-reads the
 *     version inside it, so two processes opening a new database at once
 *     cannot apply a step twice.  Steps are only appended, never edited.
 *   - WAL mode, synchronous=NORMAL: a killed process loses at most the
 *     document being written (never half of one); readers never block the
 *     writer.  foreign_keys=ON: deleting a document deletes its rows.
 *   - One connection per store, guarded by s->mu.  A document holds the
 *     lock from ak_store_begin_doc() to commit/rollback.  (Measured in
 *     docs/store.md: storing is a few hundred microseconds per document, far
 *     below OCR, so one writer connection costs nothing and avoids
 *     SQLITE_BUSY storms between per-thread connections.)
 *   - Text bound with SQLITE_STATIC: rows are borrowed for the call.
 */
#include "store.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the schema */

static const char schema_v1[] =
	"CREATE TABLE schema_log(\n"
	"  version INTEGER PRIMARY KEY,\n"
	"  applied TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
	"CREATE TABLE documents(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  hash TEXT NOT NULL,\n"             /* SHA-256 hex of the file, '' if unknown */
	"  path TEXT NOT NULL,\n"
	"  format TEXT,\n"
	"  kind TEXT,\n"
	"  organisation TEXT,\n"
	"  date TEXT,\n"                      /* ISO 8601 */
	"  year INTEGER,\n"
	"  pages INTEGER NOT NULL DEFAULT 0,\n"
	"  bytes INTEGER,\n"
	"  encoding TEXT,\n"
	"  pipeline_version TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('ok','failed')),\n"
	"  error_code INTEGER,\n"
	"  error_stage TEXT,\n"
	"  error TEXT,\n"
	"  stored TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
	"CREATE UNIQUE INDEX documents_path ON documents(path);\n"
	"CREATE INDEX documents_hash ON documents(hash, pipeline_version);\n"
	"CREATE INDEX documents_org_year ON documents(organisation, year);\n"
	"CREATE TABLE pages(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  page INTEGER NOT NULL,\n"
	"  source TEXT NOT NULL,\n"           /* text, pdf-text, ocr, none */
	"  source_index INTEGER,\n"
	"  width INTEGER, height INTEGER,\n"  /* pixels */
	"  dpi INTEGER,\n"
	"  rotation INTEGER,\n"               /* degrees */
	"  skew REAL,\n"                      /* degrees */
	"  ocr_conf REAL,\n"                  /* mean word confidence 0-100 */
	"  words INTEGER, lines INTEGER,\n"
	"  error_code INTEGER,\n"
	"  PRIMARY KEY (doc_id, page)) WITHOUT ROWID;\n"
	"CREATE TABLE text(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  page INTEGER NOT NULL,\n"
	"  original TEXT NOT NULL,\n"
	"  repaired TEXT,\n"                  /* NULL = same as original */
	"  PRIMARY KEY (doc_id, page));\n"
	"CREATE VIEW page_text AS\n"
	"  SELECT doc_id, page, original, COALESCE(repaired, original) AS repaired\n"
	"  FROM text;\n"
	"CREATE TABLE edits(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  page INTEGER,\n"
	"  offset INTEGER,\n"                 /* bytes into the page's original */
	"  before TEXT, after TEXT,\n"
	"  score REAL,\n"
	"  rule TEXT,\n"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;\n"
	"CREATE TABLE findings(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  severity TEXT NOT NULL,\n"         /* info, note, warning, error */
	"  page INTEGER, line INTEGER,\n"
	"  table_no INTEGER, row_no INTEGER, col_no INTEGER,\n"
	"  rule TEXT,\n"
	"  message TEXT,\n"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;\n"
	"CREATE INDEX findings_name ON findings(name);\n";

/* v2: what the extractors find, and full-text search over it.  FTS5 with
 * unicode61 remove_diacritics 2 folds å/ä/ö to a/a/o, so "forbundsreserv"
 * finds "förbundsreserv" (and "för" also matches "for": accepted). */
static const char schema_v2[] =
	"CREATE TABLE sections(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  number TEXT, title TEXT, body TEXT, kind TEXT,\n"
	"  page_from INTEGER, page_to INTEGER,\n"
	"  UNIQUE (doc_id, seq));\n"
	"CREATE TABLE decisions(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  section_seq INTEGER,\n"
	"  date TEXT,\n"                      /* ISO 8601 */
	"  paragraph TEXT,\n"                 /* '§ 4' as printed */
	"  title TEXT, text TEXT, type TEXT,\n"
	"  kind TEXT,\n"                      /* decision, proposal, delegation, ... */
	"  proposal TEXT,\n"
	"  follows INTEGER,\n"                /* 1 follows the proposal, 0 differs */
	"  page INTEGER, line INTEGER,\n"
	"  UNIQUE (doc_id, seq));\n"
	"CREATE INDEX decisions_type ON decisions(type);\n"
	"CREATE TABLE attendees(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL, role TEXT, party TEXT, body TEXT,\n"
	"  present INTEGER NOT NULL DEFAULT 1,\n"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;\n"
	"CREATE TABLE tables(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  table_no INTEGER NOT NULL,\n"
	"  title TEXT, page INTEGER, line_from INTEGER, line_to INTEGER,\n"
	"  rows INTEGER, cols INTEGER,\n"
	"  PRIMARY KEY (doc_id, table_no)) WITHOUT ROWID;\n"
	"CREATE TABLE cells(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  table_no INTEGER NOT NULL,\n"
	"  row_no INTEGER NOT NULL, col_no INTEGER NOT NULL,\n"
	"  label TEXT,\n"
	"  label_key TEXT,\n"                 /* ak_store_label_key(label) */
	"  header TEXT,\n"
	"  year INTEGER,\n"                   /* year in the header ('Utfall 2023'), or NULL */
	"  raw TEXT,\n"
	"  value INTEGER,\n"                  /* units of 10^scale `unit` */
	"  unit TEXT, scale INTEGER,\n"
	"  page INTEGER,\n"
	"  x0 INTEGER, y0 INTEGER, x1 INTEGER, y1 INTEGER,\n"  /* pixels */
	"  conf REAL,\n"
	"  is_total INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (doc_id, table_no, row_no, col_no)) WITHOUT ROWID;\n"
	"CREATE INDEX cells_label ON cells(label_key);\n"
	"CREATE TABLE checks(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  table_no INTEGER, row_no INTEGER, col_no INTEGER,\n"
	"  rule TEXT, class TEXT,\n"
	"  expected INTEGER, found INTEGER,\n"
	"  message TEXT,\n"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;\n"
	"CREATE VIRTUAL TABLE sections_fts USING fts5(number, title, body,\n"
	"  content='sections', content_rowid='id',\n"
	"  tokenize='unicode61 remove_diacritics 2');\n"
	"CREATE VIRTUAL TABLE decisions_fts USING fts5(paragraph, title, text,\n"
	"  content='decisions', content_rowid='id',\n"
	"  tokenize='unicode61 remove_diacritics 2');\n"
	"CREATE TRIGGER sections_ai AFTER INSERT ON sections BEGIN\n"
	"  INSERT INTO sections_fts(rowid, number, title, body)\n"
	"  VALUES (new.id, new.number, new.title, new.body); END;\n"
	"CREATE TRIGGER sections_ad AFTER DELETE ON sections BEGIN\n"
	"  INSERT INTO sections_fts(sections_fts, rowid, number, title, body)\n"
	"  VALUES ('delete', old.id, old.number, old.title, old.body); END;\n"
	"CREATE TRIGGER decisions_ai AFTER INSERT ON decisions BEGIN\n"
	"  INSERT INTO decisions_fts(rowid, paragraph, title, text)\n"
	"  VALUES (new.id, new.paragraph, new.title, new.text); END;\n"
	"CREATE TRIGGER decisions_ad AFTER DELETE ON decisions BEGIN\n"
	"  INSERT INTO decisions_fts(decisions_fts, rowid, paragraph, title, text)\n"
	"  VALUES ('delete', old.id, old.paragraph, old.title, old.text); END;\n";

/* Page sets (pageset.c): a document made of one image file per page keeps
 * each page's file, so a stored page leads back to the print. */
static const char schema_v3[] =
	"ALTER TABLE pages ADD COLUMN file TEXT;\n"; /* NULL: the document's path */

static const struct migration {
	int version;
	const char *name;
	const char *sql;
} migrations[] = {
	{ 1, "documents, pages, text, edits, findings", schema_v1 },
	{ 2, "sections, decisions, attendees, tables, cells, checks, FTS5", schema_v2 },
	{ 3, "pages.file (page sets)", schema_v3 },
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int ak_store_latest_version(void)
{
	return migrations[NMIGRATIONS - 1].version;
}

/* A 32 MB page cache per connection instead of SQLite's 2 MB: a query
 * over 10 000 documents otherwise reads the same pages through the kernel
 * again and again.  (mmap was tried: it cost a one-shot `arkiv query` more
 * CPU in page faults and munmap than it saved - docs/store.md.) */
#define CACHE_PRAGMAS "PRAGMA cache_size = -32768"

/* ------------------------------------------------------------ the object */

enum stmt_id {
	ST_CURRENT,
	ST_DELETE,
	ST_DOC,
	ST_PAGE,
	ST_PAGE_V1,   /* a store kept at schema < 3 (tests): no pages.file */
	ST_TEXT,
	ST_EDIT,
	ST_FINDING,
	ST_SECTION,
	ST_DECISION,
	ST_ATTENDEE,
	ST_TABLE,
	ST_CELL,
	ST_CHECK,
	ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
	[ST_CURRENT] = "SELECT 1 FROM documents WHERE hash = ?1 AND pipeline_version = ?2"
	               " AND status = 'ok' LIMIT 1",
	[ST_DELETE] = "DELETE FROM documents WHERE path = ?1 OR (hash = ?2 AND hash <> '')",
	[ST_DOC] = "INSERT INTO documents(hash, path, format, kind, organisation, date, year,"
	           " pages, bytes, encoding, pipeline_version, status, error_code,"
	           " error_stage, error)"
	           " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
	[ST_PAGE] = "INSERT INTO pages(doc_id, page, source, source_index, width, height, dpi,"
	            " rotation, skew, ocr_conf, words, lines, error_code, file)"
	            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
	[ST_PAGE_V1] = "INSERT INTO pages(doc_id, page, source, source_index, width, height, dpi,"
	               " rotation, skew, ocr_conf, words, lines, error_code)"
	               " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
	[ST_TEXT] = "INSERT INTO text(doc_id, page, original, repaired) VALUES (?1,?2,?3,?4)",
	[ST_EDIT] = "INSERT INTO edits(doc_id, seq, page, offset, before, after, score, rule)"
	            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
	[ST_FINDING] = "INSERT INTO findings(doc_id, seq, name, severity, page, line, table_no,"
	               " row_no, col_no, rule, message)"
	               " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
	[ST_SECTION] = "INSERT INTO sections(doc_id, seq, number, title, body, kind, page_from,"
	               " page_to) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
	[ST_DECISION] = "INSERT INTO decisions(doc_id, seq, section_seq, date, paragraph, title,"
	                " text, type, proposal, page, line, kind, follows)"
	                " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
	[ST_ATTENDEE] = "INSERT INTO attendees(doc_id, seq, name, role, party, body, present)"
	                " VALUES (?1,?2,?3,?4,?5,?6,?7)",
	[ST_TABLE] = "INSERT INTO tables(doc_id, table_no, title, page, line_from, line_to, rows,"
	             " cols) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
	[ST_CELL] = "INSERT INTO cells(doc_id, table_no, row_no, col_no, label, label_key, header,"
	            " raw, value, unit, scale, page, x0, y0, x1, y1, conf, is_total, year)"
	            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)",
	[ST_CHECK] = "INSERT INTO checks(doc_id, seq, table_no, row_no, col_no, rule, class,"
	             " expected, found, message) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
};

struct ak_store {
	sqlite3 *db;
	pthread_mutex_t mu;
	unsigned flags;
	int in_doc;              /* a document transaction is open */
	sqlite3_int64 doc_id;    /* of the document being written */
	int nedit, nfinding;     /* sequence numbers inside the document */
	int version;             /* schema version after opening */
	sqlite3_stmt *st[ST__COUNT];
	struct ak_buf key;       /* scratch for label keys */
	char errmsg[512];
};

static int set_err(struct ak_store *s, const char *what)
{
	snprintf(s->errmsg, sizeof(s->errmsg), "%s: %s", what,
	         s->db ? sqlite3_errmsg(s->db) : "no database");
	return AK_ESTORE;
}

const char *ak_store_errmsg(struct ak_store *s)
{
	return s ? s->errmsg : "no store";
}

static int exec(struct ak_store *s, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(s->errmsg, sizeof(s->errmsg), "%s: %s", what,
		         msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return AK_ESTORE;
	}
	return 0;
}

static int user_version(struct ak_store *s, int *v)
{
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return set_err(s, "reading the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : set_err(s, "reading the schema version");
}

static int migrate(struct ak_store *s, int target)
{
	int i, v;

	for (i = 0; i < NMIGRATIONS && migrations[i].version <= target; i++) {
		char sql[96];
		if (exec(s, "BEGIN IMMEDIATE", "starting a migration"))
			return AK_ESTORE;
		if (user_version(s, &v))
			goto fail;
		if (v >= migrations[i].version) { /* another process did it */
			exec(s, "COMMIT", "migration");
			continue;
		}
		if (exec(s, migrations[i].sql, migrations[i].name))
			goto fail;
		snprintf(sql, sizeof(sql),
		         "INSERT INTO schema_log(version) VALUES (%d); PRAGMA user_version = %d",
		         migrations[i].version, migrations[i].version);
		if (exec(s, sql, "recording the schema version"))
			goto fail;
		if (exec(s, "COMMIT", "committing a migration"))
			goto fail;
	}
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return AK_ESTORE;
}

int ak_store_open(struct ak_store **out, const char *path,
                  const struct ak_store_opts *opts, char *err, size_t errlen)
{
	struct ak_store *s;
	struct ak_store_opts o = { 0, 0, 0 };
	int flags, v = 0, latest = ak_store_latest_version(), rc;

	*out = NULL;
	if (opts)
		o = *opts;
	if (o.busy_ms <= 0)
		o.busy_ms = 10000;
	if (o.max_version <= 0 || o.max_version > latest)
		o.max_version = latest;
	s = calloc(1, sizeof(*s));
	if (!s) {
		if (err)
			snprintf(err, errlen, "out of memory");
		return AK_ENOMEM;
	}
	s->flags = o.flags;
	ak_buf_init(&s->key, 4096);
	if (pthread_mutex_init(&s->mu, NULL) != 0) {
		free(s);
		if (err)
			snprintf(err, errlen, "out of memory");
		return AK_ENOMEM;
	}
	flags = (o.flags & AK_STORE_RDONLY) ? SQLITE_OPEN_READONLY
	                                    : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		set_err(s, "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, o.busy_ms);
	if (!(o.flags & AK_STORE_RDONLY) && sqlite3_db_readonly(s->db, "main") == 1) {
		snprintf(s->errmsg, sizeof(s->errmsg),
		         "database is read-only (check the file's permissions)");
		goto fail;
	}
	/* Reading the schema version is the first real read: a file that is
	 * not a database fails here with SQLite's own words. */
	if (user_version(s, &v))
		goto fail;
	if (v > latest) {
		snprintf(s->errmsg, sizeof(s->errmsg),
		         "database schema version %d is newer than this arkiv knows (%d)", v,
		         latest);
		goto fail;
	}
	if (o.flags & AK_STORE_RDONLY) {
		if (v < latest) {
			snprintf(s->errmsg, sizeof(s->errmsg),
			         v == 0 ? "not an arkiv database (no schema)"
			                : "database schema version %d is older than %d: run "
			                  "'arkiv run --db' on it once to migrate",
			         v, latest);
			goto fail;
		}
		exec(s, "PRAGMA foreign_keys = ON; " CACHE_PRAGMAS, "setup");
	} else {
		if (exec(s, "PRAGMA journal_mode = WAL", "setting WAL mode") ||
		    exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " CACHE_PRAGMAS, "setup") ||
		    migrate(s, o.max_version) || user_version(s, &v))
			goto fail;
	}
	s->version = v;
	s->errmsg[0] = '\0';
	*out = s;
	return 0;
fail:
	if (err)
		snprintf(err, errlen, "%s", s->errmsg);
	rc = AK_ESTORE;
	ak_store_close(&s);
	return rc;
}

void ak_store_close(struct ak_store **sp)
{
	struct ak_store *s = *sp;
	int i;
	if (!s)
		return;
	if (s->in_doc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	/* planner statistics for the tables that changed (SQLite's advice for
	 * long-lived writers: run at close) */
	if (s->db && !(s->flags & AK_STORE_RDONLY))
		sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	ak_buf_release(&s->key);
	pthread_mutex_destroy(&s->mu);
	free(s);
	*sp = NULL;
}

int ak_store_schema_version(struct ak_store *s)
{
	int v = -1;
	pthread_mutex_lock(&s->mu);
	if (user_version(s, &v))
		v = -1;
	pthread_mutex_unlock(&s->mu);
	return v;
}

/* Prepared statement `id`, reset and with bindings cleared; NULL on error. */
static sqlite3_stmt *stmt(struct ak_store *s, enum stmt_id id)
{
	if (!s->st[id]) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
		                       &s->st[id], NULL) != SQLITE_OK) {
			set_err(s, "preparing a statement");
			return NULL;
		}
	} else {
		sqlite3_reset(s->st[id]);
		sqlite3_clear_bindings(s->st[id]);
	}
	return s->st[id];
}

/* Binding helpers: NULL strings and "0 = unknown" ints become NULL. */
static void b_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void b_textn(sqlite3_stmt *st, int i, const char *v, size_t n)
{
	if (v && n <= 0x7fffffff)
		sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
	else if (v)
		sqlite3_bind_text64(st, i, v, n, SQLITE_STATIC, SQLITE_UTF8);
}

static void b_int(sqlite3_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

static void b_nz(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
}

static int run(struct ak_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return set_err(s, what);
	return 0;
}

int ak_store_doc_current(struct ak_store *s, const char *hash,
                         const char *pipeline_version)
{
	sqlite3_stmt *st;
	int rc;

	if (!hash || !*hash)
		return 0;
	pthread_mutex_lock(&s->mu);
	if (!(st = stmt(s, ST_CURRENT))) {
		pthread_mutex_unlock(&s->mu);
		return AK_ESTORE;
	}
	b_text(st, 1, hash);
	b_text(st, 2, pipeline_version);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = 1;
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = set_err(s, "looking up a document");
	sqlite3_reset(st);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

/* ------------------------------------------------------------ writing */

int ak_store_begin_doc(struct ak_store *s, const struct ak_store_doc_row *r)
{
	sqlite3_stmt *st;

	pthread_mutex_lock(&s->mu);
	if (s->flags & AK_STORE_RDONLY) {
		snprintf(s->errmsg, sizeof(s->errmsg), "store opened read-only");
		pthread_mutex_unlock(&s->mu);
		return AK_ESTORE;
	}
	if (exec(s, "BEGIN IMMEDIATE", "starting the document's transaction")) {
		pthread_mutex_unlock(&s->mu);
		return AK_ESTORE;
	}
	s->in_doc = 1;
	s->nedit = s->nfinding = 0;
	if (!(st = stmt(s, ST_DELETE)))
		goto fail;
	b_text(st, 1, r->path ? r->path : "");
	b_text(st, 2, r->hash ? r->hash : "");
	if (run(s, st, "removing the document's earlier rows"))
		goto fail;
	if (!(st = stmt(s, ST_DOC)))
		goto fail;
	b_text(st, 1, r->hash ? r->hash : "");
	b_text(st, 2, r->path ? r->path : "");
	b_text(st, 3, r->format);
	b_text(st, 4, r->kind);
	b_text(st, 5, r->organisation);
	b_text(st, 6, r->date);
	b_nz(st, 7, r->year);
	b_int(st, 8, r->pages);
	b_int(st, 9, r->bytes);
	b_text(st, 10, r->encoding);
	b_text(st, 11, r->pipeline_version ? r->pipeline_version : AK_PIPELINE_VERSION);
	b_text(st, 12, r->err ? "failed" : "ok");
	b_nz(st, 13, r->err);
	b_text(st, 14, r->err_stage);
	b_text(st, 15, r->error);
	if (run(s, st, "writing the document row"))
		goto fail;
	s->doc_id = sqlite3_last_insert_rowid(s->db);
	return 0;
fail:
	ak_store_rollback_doc(s);
	return AK_ESTORE;
}

int ak_store_commit_doc(struct ak_store *s)
{
	int rc = 0;
	if (!s->in_doc)
		return AK_EINVAL;
	if (exec(s, "COMMIT", "committing the document")) {
		rc = AK_ESTORE;
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	s->in_doc = 0;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

void ak_store_rollback_doc(struct ak_store *s)
{
	if (!s->in_doc)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_doc = 0;
	pthread_mutex_unlock(&s->mu);
}

/* Every put: inside a document, statement ready, doc_id bound as ?1. */
static sqlite3_stmt *put_start(struct ak_store *s, enum stmt_id id)
{
	sqlite3_stmt *st;
	if (!s->in_doc) {
		snprintf(s->errmsg, sizeof(s->errmsg), "no document transaction open");
		return NULL;
	}
	if (!(st = stmt(s, id)))
		return NULL;
	sqlite3_bind_int64(st, 1, s->doc_id);
	return st;
}

int ak_store_put_page(struct ak_store *s, const struct ak_store_page_row *r)
{
	int v1 = s->version < 3;
	sqlite3_stmt *st = put_start(s, v1 ? ST_PAGE_V1 : ST_PAGE);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->no);
	b_text(st, 3, r->source ? r->source : "none");
	b_int(st, 4, r->source_index);
	b_nz(st, 5, r->width);
	b_nz(st, 6, r->height);
	b_nz(st, 7, r->dpi);
	b_int(st, 8, r->rotation);
	sqlite3_bind_double(st, 9, r->skew);
	sqlite3_bind_double(st, 10, r->mean_conf);
	b_int(st, 11, r->nwords);
	b_int(st, 12, r->nlines);
	b_nz(st, 13, r->err);
	if (!v1)
		b_text(st, 14, r->file);
	if (run(s, st, "writing a page"))
		return AK_ESTORE;
	if (!(st = stmt(s, ST_TEXT)))
		return AK_ESTORE;
	sqlite3_bind_int64(st, 1, s->doc_id);
	b_int(st, 2, r->no);
	b_textn(st, 3, r->original ? r->original : "", r->original ? r->original_len : 0);
	b_textn(st, 4, r->repaired, r->repaired_len);
	return run(s, st, "writing a page's text");
}

int ak_store_put_edit(struct ak_store *s, const struct ak_store_edit_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_EDIT);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, ++s->nedit);
	b_nz(st, 3, r->page);
	b_int(st, 4, r->offset);
	b_text(st, 5, r->before);
	b_text(st, 6, r->after);
	sqlite3_bind_double(st, 7, r->score);
	b_text(st, 8, r->rule);
	return run(s, st, "writing an edit");
}

static const char *sev_name(int sev)
{
	static const char *const names[] = { "info", "note", "warning", "error" };
	return sev >= 0 && sev < 4 ? names[sev] : "error";
}

int ak_store_put_finding(struct ak_store *s, const struct ak_store_finding_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_FINDING);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, ++s->nfinding);
	b_text(st, 3, r->name ? r->name : "unknown");
	b_text(st, 4, sev_name(r->severity));
	b_nz(st, 5, r->page);
	b_nz(st, 6, r->line);
	b_nz(st, 7, r->table);
	b_nz(st, 8, r->row);
	b_nz(st, 9, r->col);
	b_text(st, 10, r->rule);
	b_text(st, 11, r->message);
	return run(s, st, "writing a finding");
}

int ak_store_put_section(struct ak_store *s, const struct ak_store_section_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_SECTION);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->seq);
	b_text(st, 3, r->number);
	b_text(st, 4, r->title);
	b_text(st, 5, r->body);
	b_text(st, 6, r->kind);
	b_nz(st, 7, r->page_from);
	b_nz(st, 8, r->page_to);
	return run(s, st, "writing a section");
}

int ak_store_put_decision(struct ak_store *s, const struct ak_store_decision_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_DECISION);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->seq);
	b_nz(st, 3, r->section_seq);
	b_text(st, 4, r->date);
	b_text(st, 5, r->paragraph);
	b_text(st, 6, r->title);
	b_text(st, 7, r->text);
	b_text(st, 8, r->type);
	b_text(st, 9, r->proposal);
	b_nz(st, 10, r->page);
	b_nz(st, 11, r->line);
	b_text(st, 12, r->kind);
	if (r->follows == 1 || r->follows == 2)
		b_int(st, 13, r->follows == 1);
	return run(s, st, "writing a decision");
}

int ak_store_put_attendee(struct ak_store *s, const struct ak_store_attendee_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_ATTENDEE);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->seq);
	b_text(st, 3, r->name ? r->name : "");
	b_text(st, 4, r->role);
	b_text(st, 5, r->party);
	b_text(st, 6, r->body);
	b_int(st, 7, r->present ? 1 : 0);
	return run(s, st, "writing an attendee");
}

int ak_store_put_table(struct ak_store *s, const struct ak_store_table_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_TABLE);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->no);
	b_text(st, 3, r->title);
	b_nz(st, 4, r->page);
	b_nz(st, 5, r->line_from);
	b_nz(st, 6, r->line_to);
	b_int(st, 7, r->nrows);
	b_int(st, 8, r->ncols);
	return run(s, st, "writing a table");
}

/* A year printed in a column header ("2023", "Utfall 2023", "Budget
 * 2024*"): four digits 1900-2099 not part of a longer number; 0 if none. */
static int header_year(const char *h)
{
	const char *p;
	for (p = h; *p; p++) {
		int y = 0, k;
		if (p > h && p[-1] >= '0' && p[-1] <= '9')
			continue;
		for (k = 0; k < 4 && p[k] >= '0' && p[k] <= '9'; k++)
			y = y * 10 + (p[k] - '0');
		if (k == 4 && !(p[4] >= '0' && p[4] <= '9') && y >= 1900 && y <= 2099)
			return y;
	}
	return 0;
}

int ak_store_put_cell(struct ak_store *s, const struct ak_store_cell_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_CELL);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->table);
	b_int(st, 3, r->row);
	b_int(st, 4, r->col);
	b_text(st, 5, r->label);
	if (r->label) {
		ak_buf_reset(&s->key);
		if (ak_store_label_key(&s->key, r->label) == 0)
			b_textn(st, 6, s->key.ptr ? s->key.ptr : "", s->key.len);
	}
	b_text(st, 7, r->header);
	b_text(st, 8, r->raw);
	if (r->has_value)
		b_int(st, 9, r->value);
	b_text(st, 10, r->unit);
	b_int(st, 11, r->scale);
	b_nz(st, 12, r->page);
	if (r->x0 || r->y0 || r->x1 || r->y1) {
		b_int(st, 13, r->x0);
		b_int(st, 14, r->y0);
		b_int(st, 15, r->x1);
		b_int(st, 16, r->y1);
	}
	if (r->conf >= 0)
		sqlite3_bind_double(st, 17, r->conf);
	b_int(st, 18, r->is_total ? 1 : 0);
	b_nz(st, 19, r->header ? header_year(r->header) : 0);
	return run(s, st, "writing a cell");
}

int ak_store_put_check(struct ak_store *s, const struct ak_store_check_row *r)
{
	sqlite3_stmt *st = put_start(s, ST_CHECK);
	if (!st)
		return AK_ESTORE;
	b_int(st, 2, r->seq);
	b_nz(st, 3, r->table);
	b_nz(st, 4, r->row);
	b_nz(st, 5, r->col);
	b_text(st, 6, r->rule);
	b_text(st, 7, r->klass);
	b_int(st, 8, r->expected);
	b_int(st, 9, r->found);
	b_text(st, 10, r->message);
	return run(s, st, "writing a check");
}

/* ------------------------------------------------------------ reading */

/* Authorizer for `sql` passthrough, beside sqlite3_stmt_readonly() (which
 * refuses every statement that writes): it lets ATTACH through (that
 * creates files) and pragmas that set.  A deny list, not an allow list:
 * virtual tables (FTS5) run internal statements while they connect. */
static int ro_auth(void *ud, int action, const char *a3, const char *a4,
                   const char *a5, const char *a6)
{
	(void)ud;
	(void)a5;
	(void)a6;
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		return a4 ? SQLITE_DENY : SQLITE_OK; /* "PRAGMA x = y" sets */
	case SQLITE_FUNCTION:
		return a4 && strcmp(a4, "load_extension") == 0 ? SQLITE_DENY : SQLITE_OK;
	default:
		(void)a3;
		return SQLITE_OK;
	}
}

int ak_store_query(struct ak_store *s, const char *sql,
                   const struct ak_store_val *params, size_t nparams,
                   int readonly_only, ak_store_row_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	struct ak_store_val *vals = NULL;
	const char **names = NULL;
	int ncol, i, rc = 0, step;
	size_t k;

	pthread_mutex_lock(&s->mu);
	if (readonly_only)
		sqlite3_set_authorizer(s->db, ro_auth, NULL);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, &tail) != SQLITE_OK) {
		if (readonly_only && sqlite3_errcode(s->db) == SQLITE_AUTH) {
			snprintf(s->errmsg, sizeof(s->errmsg),
			         "SQL: only read-only statements are allowed");
			rc = AK_EINVAL;
		} else {
			rc = set_err(s, "SQL");
		}
		goto out;
	}
	if (!st) {
		snprintf(s->errmsg, sizeof(s->errmsg), "SQL: empty statement");
		rc = AK_EINVAL;
		goto out;
	}
	if (readonly_only) {
		while (tail && (*tail == ' ' || *tail == '\t' || *tail == '\n' ||
		                *tail == '\r' || *tail == ';'))
			tail++;
		if (tail && *tail) {
			snprintf(s->errmsg, sizeof(s->errmsg), "SQL: one statement only");
			rc = AK_EINVAL;
			goto out;
		}
		if (!sqlite3_stmt_readonly(st)) {
			snprintf(s->errmsg, sizeof(s->errmsg),
			         "SQL: only read-only statements are allowed");
			rc = AK_EINVAL;
			goto out;
		}
	}
	for (k = 0; k < nparams; k++) {
		const struct ak_store_val *p = &params[k];
		int idx = (int)k + 1;
		switch (p->type) {
		case AK_SV_INT: sqlite3_bind_int64(st, idx, p->i); break;
		case AK_SV_REAL: sqlite3_bind_double(st, idx, p->r); break;
		case AK_SV_TEXT: b_textn(st, idx, p->s ? p->s : "", p->s ? p->n : 0); break;
		default: sqlite3_bind_null(st, idx); break;
		}
	}
	ncol = sqlite3_column_count(st);
	vals = calloc((size_t)(ncol ? ncol : 1), sizeof(*vals));
	names = calloc((size_t)(ncol ? ncol : 1), sizeof(*names));
	if (!vals || !names) {
		rc = AK_ENOMEM;
		goto out;
	}
	for (i = 0; i < ncol; i++)
		names[i] = sqlite3_column_name(st, i);
	if (fn && fn(ud, ncol, names, NULL))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncol; i++) {
			struct ak_store_val *v = &vals[i];
			memset(v, 0, sizeof(*v));
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				v->type = AK_SV_INT;
				v->i = sqlite3_column_int64(st, i);
				break;
			case SQLITE_FLOAT:
				v->type = AK_SV_REAL;
				v->r = sqlite3_column_double(st, i);
				break;
			case SQLITE_NULL:
				v->type = AK_SV_NULL;
				break;
			default: /* text, and blobs shown as their bytes */
				v->type = AK_SV_TEXT;
				v->s = (const char *)sqlite3_column_text(st, i);
				v->n = (size_t)sqlite3_column_bytes(st, i);
				if (!v->s)
					v->s = "";
				break;
			}
		}
		if (fn && fn(ud, ncol, names, vals))
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = set_err(s, "SQL");
out:
	sqlite3_finalize(st);
	if (readonly_only)
		sqlite3_set_authorizer(s->db, NULL, NULL);
	free(vals);
	free(names);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

/* ------------------------------------------------------------ label keys */

int ak_store_label_key(struct ak_buf *b, const char *label)
{
	const unsigned char *p = (const unsigned char *)label;
	int space = 0, any = 0;

	for (; *p; p++) {
		unsigned c = *p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			space = any;
			continue;
		}
		if (space)
			ak_buf_putc(b, ' ');
		space = 0;
		any = 1;
		if (c >= 'A' && c <= 'Z') {
			ak_buf_putc(b, (char)(c + 32));
		} else if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97) {
			/* U+00C0..U+00DE (not ×): Latin-1 capitals, lower case is +0x20 */
			ak_buf_putc(b, (char)0xc3);
			ak_buf_putc(b, (char)(p[1] + 0x20));
			p++;
		} else {
			ak_buf_putc(b, (char)c);
		}
	}
	return b->err;
}
