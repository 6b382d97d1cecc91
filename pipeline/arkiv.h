/*
 * arkiv.h - the document model, the batch context and the core services
 * (arena, capped buffers, errors, findings) that every stage shares.
 *
 * Why one header: a stage needs exactly three things - the batch context
 * (what lasts for the whole run), the document (everything known about one
 * input) and the services to allocate and to report.  Keeping them together
 * makes the ownership rules readable in one place:
 *
 *   - Everything derived from one input lives in that document's arena and is
 *     freed by ak_doc_free().  Pointers into a document (words, spans, edits,
 *     tables) are valid exactly as long as the document.
 *   - Nothing here is global: the context is passed to every stage, and
 *     per-thread state (a Tesseract instance) lives in a worker struct.
 *   - Failures (the stage could not run) are negative AK_E* codes with one
 *     line of text stored in the document by ak_fail().  Findings (something
 *     is wrong with the data) are recorded by ak_finding_add() and processing
 *     goes on.  The two are never mixed.
 *
 * Units: coordinates are pixels of the page image as OCR'd (origin top left),
 * confidences are 0-100, money is int64 in the smallest printed unit (öre
 * where öre are printed, else kronor or tkr - see the table model).
 */
#ifndef AK_ARKIV_H
#define AK_ARKIV_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifndef AK_VERSION
#define AK_VERSION "0.0.0"
#endif

/* ---------------------------------------------------------------------
 * Error codes (failures).  0 is success; every failure is negative.
 */
enum ak_err {
	AK_OK = 0,
	AK_EIO = -1,        /* cannot open or read a file */
	AK_EFORMAT = -2,    /* not a format we read, or damaged (truncated) */
	AK_ETOOBIG = -3,    /* over a documented limit (pixels, pages, bytes) */
	AK_EENCRYPTED = -4, /* encrypted PDF */
	AK_ENOMEM = -5,
	AK_EOCR = -6,       /* OCR engine could not start or failed on a page */
	AK_ESTORE = -7,     /* database error */
	AK_EINVAL = -8,     /* bad argument or option */
	AK_ELIMIT = -9,     /* capped buffer would grow past its cap */
	AK_EEMPTY = -10,    /* zero-byte file or no content at all */
	AK_ENOTTEXT = -11,  /* declared/guessed text that is not text */
	AK_ESKIP = -12      /* not an error: the document needs no further work */
};

const char *ak_strerror(int err);

/* ---------------------------------------------------------------------
 * Arena: one per document.  Bump allocation from chunks; freed at once.
 * With -DAK_ARENA_MALLOC every allocation is its own malloc block so that
 * ASan and valgrind see true bounds.  Not thread-safe: threads that add to
 * a document take doc->lock.
 */
struct ak_arena_chunk;
struct ak_arena {
	struct ak_arena_chunk *head;
	size_t used;  /* bytes handed out, for statistics */
	size_t limit; /* 0 = unlimited; past it allocations fail */
	int failed;   /* sticky: an allocation failed */
};

/* Process setup for batch runs (call once at start, before threads):
 * freed memory is kept for the next document instead of being returned
 * to the kernel.  A no-op where the C library has no such setting. */
void ak_arena_keep_memory(void);
void ak_arena_init(struct ak_arena *a, size_t limit);
void ak_arena_release(struct ak_arena *a);
/* Zeroed memory of n bytes aligned for any type, or NULL (and a->failed). */
void *ak_arena_alloc(struct ak_arena *a, size_t n);
/* Arrays with overflow check. */
void *ak_arena_array(struct ak_arena *a, size_t count, size_t size);
/* Copy of s[0..n) plus NUL. */
char *ak_arena_strndup(struct ak_arena *a, const char *s, size_t n);
char *ak_arena_strdup(struct ak_arena *a, const char *s);
char *ak_arena_printf(struct ak_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a new block holding the old contents
 * (the old block is abandoned to the arena).  *cap is updated. */
void *ak_arena_grow(struct ak_arena *a, void *old, size_t count, size_t *cap,
                    size_t size);

/* ---------------------------------------------------------------------
 * Capped growable buffer (malloc-backed, for output and scratch).
 * Appending past `max` fails with AK_ELIMIT and sets err; it never crashes
 * and never grows without bound.
 */
struct ak_buf {
	char *ptr;  /* always NUL-terminated when ptr != NULL */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* cap on len; 0 = AK_BUF_DEFAULT_MAX */
	int err;    /* sticky first error */
};
#define AK_BUF_DEFAULT_MAX ((size_t)1 << 30)
#define AK_BUF_INIT { NULL, 0, 0, 0, 0 }

void ak_buf_init(struct ak_buf *b, size_t max);
void ak_buf_release(struct ak_buf *b);
void ak_buf_reset(struct ak_buf *b);
int ak_buf_put(struct ak_buf *b, const char *s, size_t n);
int ak_buf_puts(struct ak_buf *b, const char *s);
int ak_buf_putc(struct ak_buf *b, char c);
int ak_buf_printf(struct ak_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ak_buf_vprintf(struct ak_buf *b, const char *fmt, va_list ap);
/* JSON string literal with quotes; invalid UTF-8 bytes become U+FFFD. */
int ak_buf_json_str(struct ak_buf *b, const char *s, size_t n);
/* Take the buffer's memory (caller frees) and reset the buffer. */
char *ak_buf_detach(struct ak_buf *b, size_t *len);

/* Borrowed view into text that outlives it (usually the document's). */
struct ak_span {
	const char *p;
	size_t n;
};

/* ---------------------------------------------------------------------
 * Findings: something is wrong with the data.  One ordered enum; severity
 * and message come from the table in doc.c.  The exit status follows the
 * worst severity reached (see main.c).
 */
enum ak_severity {
	AK_SEV_INFO = 0,
	AK_SEV_NOTE,
	AK_SEV_WARNING,
	AK_SEV_ERROR
};

enum ak_fid {
	AK_F_OCR_LOW_CONF = 0,   /* page mean confidence below threshold */
	AK_F_OCR_ROTATED,        /* page was rotated before OCR */
	AK_F_PDF_TEXT_INSANE,    /* text layer present but rejected: OCR'd */
	AK_F_ENCODING_GUESSED,   /* legacy encoding chosen by scoring */
	AK_F_TEXT_CONTROL_CHARS, /* control characters dropped from text */
	AK_F_REPAIR_AMBIGUOUS,   /* repair left a word it could not decide */
	AK_F_CHECK_ROUNDING,     /* relation off by what rounding explains */
	AK_F_CHECK_MISREAD,      /* probable OCR misread of one number */
	AK_F_CHECK_SIGN,         /* a minus sign missing or extra */
	AK_F_CHECK_GENUINE,      /* inconsistency in the source itself */
	AK_F_OCR_REREAD,         /* a figure taken from OCR's second reading */
	AK_F__COUNT
};

struct ak_finding {
	enum ak_fid id;
	int page;           /* 1-based, 0 = document level */
	int line;           /* 1-based line on the page, 0 = unknown */
	int table, row, col;/* 1-based, 0 = not in a table */
	const char *rule;   /* id of the pattern or rule that fired */
	const char *msg;    /* details, arena-owned */
};

enum ak_severity ak_finding_severity(enum ak_fid id);
const char *ak_finding_name(enum ak_fid id);

/* ---------------------------------------------------------------------
 * The document model.
 */
enum ak_format {
	AK_FMT_UNKNOWN = 0,
	AK_FMT_TEXT,
	AK_FMT_PNG,
	AK_FMT_JPEG,
	AK_FMT_TIFF,
	AK_FMT_PNM,
	AK_FMT_BMP,
	AK_FMT_PDF
};
const char *ak_format_name(enum ak_format f);

/* Where a page's text came from. */
enum ak_page_src {
	AK_SRC_NONE = 0,
	AK_SRC_TEXT,     /* text file */
	AK_SRC_PDF_TEXT, /* born-digital PDF text layer */
	AK_SRC_OCR       /* OCR of an image or a rendered PDF page */
};

struct ak_word {
	const char *text; /* UTF-8, arena-owned */
	uint32_t off;     /* byte offset of the word in page->text */
	uint32_t len;     /* bytes */
	int x0, y0, x1, y1; /* box, pixels, x1/y1 exclusive */
	float conf;       /* 0-100; 100 for text layers */
	uint32_t line;    /* index into page->lines */
};

struct ak_line {
	uint32_t first_word, nwords; /* into page->words */
	uint32_t off, len;           /* bytes of page->text */
	int x0, y0, x1, y1;          /* box, pixels */
	int baseline;                /* y of the baseline, pixels; 0 unknown */
	uint32_t block;              /* layout block (paragraph) number */
};

struct ak_page {
	int no;                  /* 1-based page number in the document */
	enum ak_page_src src;
	int source_index;        /* page/frame index inside the source file */
	int part;                /* which file of a page set (d->parts), else 0 */
	int width, height;       /* pixels of the image as OCR'd (0 for text) */
	int dpi;                 /* resolution used (0 for text) */
	int rotation;            /* degrees applied before OCR: 0/90/180/270 */
	float skew;              /* degrees corrected by deskew */
	float mean_conf;         /* mean word confidence 0-100 (100 for text) */
	char *text;              /* page text, UTF-8, lines end in '\n' */
	size_t text_len;
	struct ak_word *words;
	size_t nwords;
	struct ak_line *lines;
	size_t nlines;
	double ocr_ms;           /* wall time of the OCR of this page */
	int needs_ocr;           /* set by ingest: render/load image, OCR */
	int err;                 /* per-page failure code (0 = fine) */
};

/* Later stages' results; each is defined in its extractor's header. */
struct ak_edit;
struct ak_section;
struct ak_decision;
struct ak_attendee;
struct ak_table;
struct ak_check;

#define AK_NSTAGES_MAX 16

struct doc {
	struct ak_arena arena;
	pthread_mutex_t lock;   /* for threads adding to this document */
	const char *path;       /* as given, arena-owned; a page set's name */
	const char *const *parts; /* page set: its page files in order (arena) */
	size_t nparts;          /* 0 for a document that is one file */
	size_t index;           /* position in the batch (0-based) */
	enum ak_format format;
	uint64_t size;          /* bytes of the input file */
	char hash[65];          /* SHA-256 of the file's bytes, hex */
	const char *encoding;   /* text inputs: detected source encoding */

	struct ak_page *pages;
	size_t npages, cap_pages;

	/* Whole-document text: pages joined by '\f'.  `orig` is what the
	 * input said (after decoding to UTF-8); `text` is the working text
	 * after repair.  Without repair they are the same pointer. */
	char *orig;
	size_t orig_len;
	char *text;
	size_t text_len;

	/* Stage results (owned by the arena). */
	struct ak_edit *edits;          size_t nedits;
	struct ak_section *sections;    size_t nsections;
	struct ak_decision *decisions;  size_t ndecisions;
	struct ak_attendee *attendees;  size_t nattendees;
	struct ak_table *tables;        size_t ntables;
	struct ak_check *checks;        size_t nchecks;
	void *meta;                     /* struct ak_meta, structure.h */

	struct ak_finding *findings;
	size_t nfindings, cap_findings;

	double stage_ms[AK_NSTAGES_MAX]; /* wall time per stage, ms */
	int err;                /* first failure (negative) or 0 */
	const char *err_stage;  /* stage that failed */
	char errmsg[512];       /* one line: reason */
	int skipped;            /* store says: already up to date */
};

/* Create a document for `path` (copied).  *out owned by caller: ak_doc_free. */
int ak_doc_new(struct doc **out, const char *path, size_t index);
void ak_doc_free(struct doc **d);
/* Make d a page set: the document is the files parts[0..n-1], in order
 * (copied into the arena).  Before ingest. */
int ak_doc_set_parts(struct doc *d, char *const *parts, size_t n);
/* The file a page came from: its page-set part, else d->path. */
const char *ak_page_path(const struct doc *d, const struct ak_page *p);
/* Append a zeroed page (numbered in order); returns NULL when out of memory. */
struct ak_page *ak_doc_add_page(struct doc *d);
/* Join page texts into d->orig (and d->text = d->orig). */
int ak_doc_join_pages(struct doc *d);
/* Byte offset in d->text where page i (0-based) starts, and which page
 * holds byte offset off.  Valid after ak_doc_join_pages. */
size_t ak_doc_page_offset(const struct doc *d, size_t i);
int ak_doc_page_of(const struct doc *d, size_t off);

/* Record a failure in the document and return `err` (negative). */
int ak_fail(struct doc *d, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a finding (message formatted into the arena). Returns 0 or AK_ENOMEM. */
int ak_finding_add(struct doc *d, enum ak_fid id, int page, int line,
                   const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
struct ak_finding *ak_finding_add_cell(struct doc *d, enum ak_fid id, int page,
                   int table, int row, int col, const char *rule, const char *msg);
enum ak_severity ak_doc_worst(const struct doc *d, int *any);
/* NULL when the document's invariants hold, else which one is broken.
 * The runner checks it after every stage in debug builds (!NDEBUG). */
const char *ak_doc_invariant(const struct doc *d);

/* ---------------------------------------------------------------------
 * The batch context.
 */
enum ak_outfmt { AK_OUT_TEXT = 0, AK_OUT_JSON, AK_OUT_TSV, AK_OUT_HTML };
enum ak_repair_mode { AK_REPAIR_OFF = 0, AK_REPAIR_SAFE, AK_REPAIR_FULL };

/* Preprocessing steps before OCR (bit flags). */
enum {
	AK_PREP_OSD = 1 << 0,       /* orientation 0/90/180/270 by Tesseract OSD */
	AK_PREP_DESKEW = 1 << 1,    /* Leptonica skew find + rotate */
	AK_PREP_NORMBG = 1 << 2,    /* background normalisation */
	AK_PREP_BINARIZE = 1 << 3,  /* our own binarisation (Sauvola) */
	AK_PREP_DENOISE = 1 << 4,   /* remove specks */
	AK_PREP_DEFAULT = AK_PREP_OSD | AK_PREP_DESKEW | AK_PREP_NORMBG /* measured: docs/ocr.md */
};

struct ak_config {
	int jobs;              /* worker threads (OCR and documents) */
	const char *lang;      /* Tesseract languages, default "swe" (docs/ocr.md) */
	const char *tessdata;  /* NULL = Tesseract's default */
	int render_dpi;        /* PDF pages rendered for OCR at this dpi */
	unsigned prep;         /* AK_PREP_* */
	enum ak_outfmt format;
	enum ak_repair_mode repair;
	const char *db_path;   /* SQLite store; NULL = no store */
	const char *out_dir;   /* report output folder, or NULL */
	int from, until;       /* stage index range to run (inclusive) */
	int progress;          /* 1: progress line on stderr if a tty */
	int force;             /* redo documents already stored */
	size_t max_pixels;     /* per page image; larger is AK_ETOOBIG */
	size_t max_file_bytes; /* per input file */
	size_t max_pages;      /* per document */
	int keep_images;       /* keep page images for crops (reports) */
};

void ak_config_defaults(struct ak_config *c);

struct ak_ocr_pool; /* ocr.c */
struct ak_store;    /* store.c */

struct ak_ctx {
	struct ak_config cfg;
	struct ak_ocr_pool *ocr;    /* started on first use, stopped in release */
	struct ak_store *store;     /* opened by the runner when cfg.db_path */
	void *repair_model;         /* loaded dictionaries (repair.h) */
	void *patterns;             /* compiled pattern tables (extractors) */
	pthread_mutex_t lock;       /* guards the lazily created members */
	/* Progress counters (updated under lock). */
	size_t docs_total, docs_done, docs_failed;
	size_t pages_done;
	double t_start;             /* monotonic seconds */
};

int ak_ctx_init(struct ak_ctx *ctx, const struct ak_config *cfg);
void ak_ctx_release(struct ak_ctx *ctx);

/* Monotonic clock in seconds. */
double ak_now(void);

/* ---------------------------------------------------------------------
 * Stages and the runner (runner.c).
 */
typedef int (*ak_stage_fn)(struct ak_ctx *ctx, struct doc *doc);

enum {
	AK_STAGE_ALWAYS = 1 << 0 /* runs even when outside --from/--until (ingest) */
};

struct ak_stage {
	const char *name;
	ak_stage_fn fn;
	unsigned flags;
};

/* The stage table, in pipeline order, terminated by {NULL}. */
const struct ak_stage *ak_stages(size_t *count);
int ak_stage_index(const char *name); /* -1 if unknown */

/* Called on the calling thread for each finished document, in input order.
 * The callback may read the document; the runner frees it afterwards. */
typedef void (*ak_emit_fn)(struct ak_ctx *ctx, struct doc *doc, void *ud);

/* Expand paths (folders walked recursively, sorted by name, hidden files
 * skipped) into *out (malloc'd array of malloc'd strings). Errors for
 * unreadable folders are reported through `emit_err`. */
int ak_expand_paths(char ***out, size_t *n, char *const *paths, size_t npaths,
                    void (*emit_err)(const char *path, const char *why, void *ud),
                    void *ud);
void ak_free_paths(char ***paths, size_t n);

/* One input of a batch: a file, or a page set - the page images of one
 * scanned document, one file per page (pageset.c). */
struct ak_input {
	char *path;     /* the file; for a page set "<dir>/<stem>*<.ext>" */
	char **parts;   /* page set: the page files in page order, else NULL */
	size_t nparts;
};

/* Expand paths like ak_expand_paths, then, when `group`, gather page sets:
 * image files of one folder named <stem><number><.ext> with the same stem
 * and extension, numbered 1..n (or 0..n-1) without gaps, n >= 2, become
 * one input (docs/ingest.md).  *out is malloc'd: ak_free_inputs. */
int ak_expand_inputs(struct ak_input **out, size_t *n, char *const *paths, size_t npaths,
                     int group,
                     void (*emit_err)(const char *path, const char *why, void *ud),
                     void *ud);
void ak_free_inputs(struct ak_input **in, size_t n);

/* Run the pipeline over files; returns number of documents that failed,
 * or a negative error if the batch itself could not run. */
long ak_run_batch(struct ak_ctx *ctx, char *const *files, size_t n,
                  ak_emit_fn emit, void *ud);
/* The same over inputs (page sets included). */
long ak_run_inputs(struct ak_ctx *ctx, const struct ak_input *in, size_t n,
                   ak_emit_fn emit, void *ud);
/* Run the stage range on one document (no threads of its own). */
int ak_run_doc(struct ak_ctx *ctx, struct doc *doc);

#endif /* AK_ARKIV_H */
