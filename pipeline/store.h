/*
 * store.h - the document store: a small interface in front of the database
 * (store_sqlite.c is the one implementation today; a server database can be
 * added behind the same functions without touching the stages).
 *
 * Ownership and threads:
 *   - ak_store_open() gives a heap object the caller frees with
 *     ak_store_close(&s) (sets s to NULL).
 *   - One store is shared by all runner threads.  Writing a document is
 *     ak_store_begin_doc() ... ak_store_put_*() ... ak_store_commit_doc() or
 *     ak_store_rollback_doc(); begin takes the store's lock and commit /
 *     rollback release it, so the calling thread owns the connection for the
 *     whole document.  Every document is ONE transaction: a reader (or a run
 *     killed at any point) sees either all of it or none of it.
 *   - Strings in rows are borrowed for the duration of the call only.
 *   - ak_store_errmsg() is meaningful right after a failing call, while the
 *     thread still holds the document (between begin and commit/rollback),
 *     or when only one thread uses the store.
 *
 * Identity: a document is identified by its content (SHA-256 hex of the
 * input file's bytes) and a path holds at most one document.  Writing a
 * document replaces any earlier row with the same path or the same hash.
 * Errors: negative AK_E* codes (AK_ESTORE for anything the database says).
 */
#ifndef AK_STORE_H
#define AK_STORE_H

#include "arkiv.h"

#include <stdint.h>

/* Version of the pipeline recorded with every document; a stored document
 * is "current" only when this (plus the options that change results, see
 * ak_store_pipeline_version) matches. */
#ifndef AK_PIPELINE_VERSION
#define AK_PIPELINE_VERSION AK_VERSION
#endif

struct ak_store;

enum {
	AK_STORE_RDONLY = 1 << 0 /* open read-only (query); never migrates */
};

struct ak_store_opts {
	unsigned flags;  /* AK_STORE_* */
	int max_version; /* migrate at most to this schema version; 0 = latest
	                    (tests build old databases with it) */
	int busy_ms;     /* busy timeout, ms; 0 = 10000 */
};

/* Open (creating and migrating when writable).  On failure *out is NULL,
 * a reason is written to err (may be NULL) and AK_ESTORE is returned. */
int ak_store_open(struct ak_store **out, const char *path,
                  const struct ak_store_opts *opts, char *err, size_t errlen);
void ak_store_close(struct ak_store **s);
/* Schema version of the open database (PRAGMA user_version), and the
 * latest version this build knows. */
int ak_store_schema_version(struct ak_store *s);
int ak_store_latest_version(void);
const char *ak_store_errmsg(struct ak_store *s);

/* 1 when a document with this content hash and pipeline version is stored
 * with status ok, 0 when not, negative on error. */
int ak_store_doc_current(struct ak_store *s, const char *hash,
                         const char *pipeline_version);

/* ------------------------------------------------------------------ rows
 * Plain rows, one per table.  The store stage fills them from the document
 * model (store_doc.c); the store only sees these, so a new extractor
 * structure needs a row and one put function, nothing else.  NULL strings
 * are stored as NULL; ints documented "0 = unknown" are stored as NULL.
 */
struct ak_store_doc_row {
	const char *hash;             /* SHA-256 hex, "" if ingest did not get so far */
	const char *path;
	const char *format;           /* "text", "pdf", "png", ... */
	const char *kind;             /* "protokoll", "arsredovisning", ... or NULL */
	const char *organisation;     /* or NULL */
	const char *date;             /* ISO 8601 date of the meeting/report, or NULL */
	int year;                     /* the document's year, 0 = unknown */
	int pages;
	int64_t bytes;                /* size of the input file */
	const char *encoding;         /* text inputs, or NULL */
	const char *pipeline_version;
	int err;                      /* 0 = ok; negative AK_E* = failed */
	const char *err_stage;        /* failing stage, or NULL */
	const char *error;            /* one line, or NULL */
};

struct ak_store_page_row {
	int no;                /* 1-based */
	const char *source;    /* "text", "pdf-text", "ocr", "none" */
	int source_index;      /* page/frame inside the source file */
	int width, height;     /* pixels, 0 = not an image */
	int dpi;               /* 0 = not an image */
	int rotation;          /* degrees */
	double skew;           /* degrees */
	double mean_conf;      /* 0-100 */
	int nwords, nlines;
	int err;               /* per-page failure code, 0 = fine */
	const char *file;      /* page sets: the page's own file; else NULL */
	const char *original;  /* page text as read / OCR'd */
	size_t original_len;
	const char *repaired;  /* after repair; NULL when identical to original */
	size_t repaired_len;
};

/* One repair edit (extractors/repair.h: struct ak_edit). */
struct ak_store_edit_row {
	int page;             /* 1-based */
	int64_t offset;       /* byte offset in the page's original text */
	const char *before, *after;
	double score;         /* the repair's evidence, as the repair stage defines it */
	const char *rule;     /* rule / reason */
};

struct ak_store_finding_row {
	const char *name;     /* ak_finding_name() */
	int severity;         /* enum ak_severity */
	int page, line;       /* 0 = unknown */
	int table, row, col;  /* 0 = not in a table */
	const char *rule;
	const char *message;
};

struct ak_store_section_row {
	int seq;              /* 1-based order in the document */
	const char *number;   /* "§ 4", "1.2.3", "Not 3", or NULL */
	const char *title;
	const char *body;
	const char *kind;     /* "paragraf", "heading", "note", "bilaga", ... */
	int page_from, page_to;
};

struct ak_store_decision_row {
	int seq;              /* 1-based order in the document */
	int section_seq;      /* the section it belongs to, 0 = none */
	const char *date;     /* ISO date of the meeting, or NULL */
	const char *paragraph;/* "§ 4" as printed, or NULL */
	const char *title;    /* the item's title */
	const char *text;     /* the decision text */
	const char *type;     /* "information-noted", "approval", "budget-adopted", ... */
	const char *kind;     /* "decision", "proposal", "delegation", ...; NULL = decision */
	const char *proposal; /* the item's proposal text, or NULL */
	int follows;          /* 1 follows the proposal, 2 differs, 0 unknown */
	int page, line;       /* where it starts; 1-based */
};

struct ak_store_attendee_row {
	int seq;
	const char *name;
	const char *role;     /* ordförande, ledamot, ersättare, ... */
	const char *party;    /* "M" (printed "(M)"), or NULL */
	const char *body;     /* member body ("Haninge kommun"), or NULL */
	int present;          /* 1 present, 0 absent (frånvarande) */
};

struct ak_store_table_row {
	int no;               /* 1-based table number in the document */
	const char *title;
	int page;
	int line_from, line_to;
	int nrows, ncols;
};

struct ak_store_cell_row {
	int table;            /* ak_store_table_row.no */
	int row, col;         /* 1-based */
	const char *label;    /* the row's label ("Kansli", "Årets resultat") */
	const char *header;   /* the column's header ("Utfall 2023", "2022") */
	const char *raw;      /* text as printed */
	int has_value;        /* 0: not a number (value is NULL) */
	int64_t value;        /* in units of 10^scale of `unit` */
	const char *unit;     /* "kr", "%", ... or NULL */
	int scale;            /* power of ten: tkr = 3 */
	int page;
	int x0, y0, x1, y1;   /* box, pixels; all 0 = unknown */
	double conf;          /* OCR confidence 0-100, < 0 = unknown */
	int is_total;         /* subtotal/total row */
};

struct ak_store_check_row {
	int seq;
	int table, row, col;  /* the checked cell; 0 = n/a */
	const char *rule;     /* relation checked ("sum of rows 2-5") */
	const char *klass;    /* ok, rounding, misread, sign, genuine */
	int64_t expected, found; /* same units as the cell */
	const char *message;
};

/* Start a document: takes the store's lock, begins a write transaction,
 * removes earlier rows of the same path or hash and inserts the document
 * row.  On failure the lock is released and nothing was written. */
int ak_store_begin_doc(struct ak_store *s, const struct ak_store_doc_row *r);
int ak_store_put_page(struct ak_store *s, const struct ak_store_page_row *r);
int ak_store_put_edit(struct ak_store *s, const struct ak_store_edit_row *r);
int ak_store_put_finding(struct ak_store *s, const struct ak_store_finding_row *r);
int ak_store_put_section(struct ak_store *s, const struct ak_store_section_row *r);
int ak_store_put_decision(struct ak_store *s, const struct ak_store_decision_row *r);
int ak_store_put_attendee(struct ak_store *s, const struct ak_store_attendee_row *r);
int ak_store_put_table(struct ak_store *s, const struct ak_store_table_row *r);
int ak_store_put_cell(struct ak_store *s, const struct ak_store_cell_row *r);
int ak_store_put_check(struct ak_store *s, const struct ak_store_check_row *r);
/* Commit (0) or, on failure, roll back; either way releases the lock. */
int ak_store_commit_doc(struct ak_store *s);
void ak_store_rollback_doc(struct ak_store *s);

/* ---------------------------------------------------------------- reading
 * Values handed to and from queries.  Text values are borrowed: valid
 * during the callback only.
 */
enum ak_sv_type { AK_SV_NULL = 0, AK_SV_INT, AK_SV_REAL, AK_SV_TEXT };

struct ak_store_val {
	enum ak_sv_type type;
	int64_t i;
	double r;
	const char *s;  /* AK_SV_TEXT: not necessarily NUL-terminated */
	size_t n;
};

/* Called first with vals == NULL (the column names, also for an empty
 * result), then once per row.  Return non-zero to stop early. */
typedef int (*ak_store_row_fn)(void *ud, int ncol, const char *const *names,
                               const struct ak_store_val *vals);

/* Run one SQL statement with bound parameters (?1..?n).  With
 * `readonly_only`, a statement that could write, or more than one
 * statement, is refused (AK_EINVAL) before it runs, whatever the connection
 * mode.  Safe to call from any thread (serialised by the store's lock). */
int ak_store_query(struct ak_store *s, const char *sql,
                   const struct ak_store_val *params, size_t nparams,
                   int readonly_only, ak_store_row_fn fn, void *ud);

/* The key under which cell labels are matched (`arkiv query series`):
 * trimmed, inner whitespace collapsed to one space, ASCII and Latin-1
 * capitals (Å Ä Ö É ...) lower-cased.  Appends to b; returns b->err. */
int ak_store_label_key(struct ak_buf *b, const char *label);

/* ------------------------------------------------------------ documents
 * store_doc.c: the document model turned into rows.
 */

/* The version recorded with each document: AK_PIPELINE_VERSION plus the
 * options that change results (repair mode, OCR languages, dpi, prep), so
 * a rerun with other options redoes the documents.  Writes into buf. */
const char *ak_store_pipeline_version(const struct ak_config *cfg, char *buf,
                                      size_t n);

/* Write one document (ok or failed) in one transaction.  A failed document
 * (doc->err) gets its document row with the error and nothing else.  On
 * failure the reason goes to err (may be NULL).  (The reason of a failing
 * begin/commit is read after the lock is released: with several threads
 * failing at once the texts may be swapped; the codes are exact.) */
int ak_store_write_doc(struct ak_store *s, const struct ak_config *cfg,
                       const struct doc *d, char *err, size_t errlen);

#endif
