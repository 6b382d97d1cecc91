/*
 * checks.h - the auditor's cross-checks: the grid the checker reads, the
 * relations it discovers, and the checks (one per relation) it reports.
 *
 * The checker does not read the table extractor's model directly: it reads
 * a small grid (struct ak_grid) so that it can be fed from any source - the
 * table extractor, the text fallback in checks_text.c, figures found in
 * running text, a test case or the fault-injection bench.
 *
 * Pipeline of the checker, per document:
 *   grids  -> ak_rel_discover()  (relations.c: column sums, row relations,
 *                                 statement identities, same figure twice)
 *          -> ak_checks_classify() (checks_classify.c: which relations do not
 *                                 hold, and what most plausibly explains it)
 *          -> struct ak_check[]  (d->checks) + findings.
 *
 * Units: a grid's values are int64 in units of 10^-dec of the printed unit
 * (dec = the grid's largest number of printed decimals), so "11,2" in a grid
 * with dec 1 is 112 and "10" is 100.  Money never goes through floating point.
 * Rows and columns are 0-based in this API; findings and JSON are 1-based.
 */
#ifndef AK_CHECKS_H
#define AK_CHECKS_H

#include "arkiv.h"

/* Where a grid's figures come from: decides whether a one-digit change is a
 * probable OCR misread (scans) or a likely typo in the source (born-digital). */
enum ak_grid_src {
	AK_GRID_UNKNOWN = 0, /* text of unknown provenance: treated as OCR'd */
	AK_GRID_DIGITAL,     /* born-digital (text layer, tab-separated export) */
	AK_GRID_OCR          /* OCR of a scan */
};

/* Row flags. */
enum {
	AK_GROW_HEADER = 1 << 0,  /* column headings (years, "Budget Utfall") */
	AK_GROW_SECTION = 1 << 1, /* a label without figures: starts a block */
	AK_GROW_TOTAL = 1 << 2,   /* label says total ("Summa", "Totalt", "S:a") */
	AK_GROW_TEXT = 1 << 3     /* figures quoted in running text */
};

struct ak_gcell {
	int present;      /* 1 when the cell holds a number */
	int64_t value;    /* units of 10^-grid.dec */
	int dec;          /* decimals as printed */
	int pct;          /* printed as a percentage ("8,75 %") */
	const char *text; /* as printed (arena or borrowed), NULL if absent */
	float conf;       /* OCR confidence 0-100, < 0 unknown */
	int page;         /* 1-based, 0 unknown */
	int x0, y0, x1, y1; /* box, pixels of the page; all 0 when unknown */
	uint32_t off;     /* byte offset in d->text, for text sources */
};

struct ak_grid {
	const char *title;       /* heading above the table, or NULL */
	const char *unit;        /* "tkr", "kr", "t.kr", NULL unknown */
	enum ak_grid_src src;
	int table_no;            /* 1-based number in the document (findings) */
	int page;                /* 1-based page of the first row */
	int dec;                 /* scale of every value (see above) */
	int exact;               /* figures are exact (counts and amounts quoted
	                          * in running text): no rounding tolerance */
	size_t nrows, ncols;
	const char **labels;     /* nrows; "" when the row has no label */
	const char **colheads;   /* ncols; NULL or "" when unknown */
	unsigned *rflags;        /* nrows, AK_GROW_* */
	struct ak_gcell *cells;  /* nrows * ncols, row-major */
};

#define AK_GCELL(g, r, c) (&(g)->cells[(size_t)(r) * (g)->ncols + (size_t)(c)])

/* Allocate a grid of nrows x ncols (all cells absent) from the arena. */
struct ak_grid *ak_grid_new(struct ak_arena *a, size_t nrows, size_t ncols);

/* ----------------------------------------------------------- relations */

enum ak_rel_kind {
	AK_REL_COLSUM = 1, /* a total row = the sum of the block above it */
	AK_REL_ROW,        /* a relation between columns, row by row */
	AK_REL_IDENTITY,   /* statement identity (balance, cash flow) */
	AK_REL_SAME,       /* the same figure in two places */
	AK_REL_TEXT,       /* figures in running text */
	AK_REL_SHARE       /* target = terms[0] percent of terms[1] (a share of a total) */
};

struct ak_cref {
	uint32_t grid, row, col; /* 0-based */
};

struct ak_term {
	struct ak_cref c;
	int sign; /* +1 or -1 */
};

/* target == sum(sign_i * term_i).  `rule` names the discovery rule. */
struct ak_rel {
	enum ak_rel_kind kind;
	const char *rule;
	struct ak_cref target;
	struct ak_term *terms;
	size_t nterms;
	int absolute;           /* compare |target| with |sum| (same figure) */
};

struct ak_relset {
	struct ak_rel *v;
	size_t n, cap;
};

/* Discover the relations of grid number gi (column sums, row relations,
 * identities) and append them to rs.  Returns 0 or AK_ENOMEM. */
int ak_rel_discover(struct ak_arena *a, const struct ak_grid *grids, size_t gi,
                    struct ak_relset *rs);
/* Relations between grids of one document: the same figure in two places
 * (a note's total and the statement row; "Årets resultat" in every
 * statement).  Only pairs whose figures agree within rounding become
 * relations, so unrelated rows with the same label are not compared. */
int ak_rel_discover_cross(struct ak_arena *a, const struct ak_grid *grids,
                          size_t ngrids, struct ak_relset *rs);
int ak_relset_push(struct ak_arena *a, struct ak_relset *rs, const struct ak_rel *r);
/* Label classification used by the discovery (exposed for tests). */
int ak_label_is_total(const char *label);

/* ----------------------------------------------------------- checks */

enum ak_check_class {
	AK_CHK_HELD = 0,  /* holds exactly */
	AK_CHK_ROUNDING,  /* off by no more than rounding of the printed unit explains */
	AK_CHK_MISREAD,   /* one OCR-plausible change to one number explains >= 2 relations */
	AK_CHK_SIGN,      /* a missing or extra minus explains it */
	AK_CHK_GENUINE    /* nothing plausible explains it, or born-digital source */
};
const char *ak_check_class_name(enum ak_check_class c);

/* The kind of change a suggested reading makes to the printed number. */
enum ak_edit_kind {
	AK_EDIT_NONE = 0,
	AK_EDIT_CONFUSED,   /* one digit read as a look-alike (3/8, 6/5, 0/9 ...) */
	AK_EDIT_SUBST,      /* one digit replaced by a non-look-alike */
	AK_EDIT_DROPPED,    /* a digit was lost: the true number has one more */
	AK_EDIT_ADDED,      /* a digit too many */
	AK_EDIT_SWAPPED,    /* two adjacent digits swapped */
	AK_EDIT_SIGN,       /* minus sign lost or added */
	AK_EDIT_GROUP       /* a whole digit group lost: "3 765" read "3",
	                     * "7 797 178" read "797 178" */
};
const char *ak_edit_name(enum ak_edit_kind k);

struct ak_doc_checks;

struct ak_check {
	enum ak_rel_kind kind;
	const char *rule;
	struct ak_cref target;      /* the cell the relation computes */
	const struct ak_term *terms;/* borrowed from the relation */
	size_t nterms;
	int64_t expected;           /* sum of the terms (grid units) */
	int64_t printed;            /* the target as printed */
	int64_t diff;               /* printed - expected */
	int64_t tol;                /* rounding tolerance (grid units) */
	int dec;                    /* grid scale (decimals) */
	enum ak_check_class cls;
	/* For checks that do not hold: the suspect cell and the suggested
	 * reading (MISREAD/SIGN, and GENUINE when born-digital "typo"). */
	int has_suspect;
	struct ak_cref suspect;
	int64_t suggested;          /* grid units */
	const char *suggested_text; /* as it would be printed */
	enum ak_edit_kind edit;
	int support;                /* relations through the suspect that hold after the change */
	int rank;                   /* 1 = best explanation of this check */
	const char *evidence;       /* one line, arena-owned */
	const struct ak_doc_checks *owner; /* grids the cells refer to (stage) */
	/* One finding per suspect cell: the checks that do not hold exactly
	 * and name the same suspect cell (with the same class) are one
	 * finding, listing every relation the cell breaks; a check without a
	 * suspect is a finding of its own.  0-based; SIZE_MAX for held checks. */
	size_t finding;
	int finding_first;          /* 1 on the finding's first check */
};

struct ak_checklist {
	struct ak_check *v;
	size_t n, cap;
	/* per relation (check) */
	size_t held, rounding, misread, sign, genuine;
	/* per finding (one per suspect cell), see struct ak_check.finding */
	size_t nfindings;
	size_t f_rounding, f_misread, f_sign, f_genuine;
};

/* Evaluate every relation over the grids and classify those that do not
 * hold.  Appends one check per relation to out (arena-owned). */
int ak_checks_classify(struct ak_arena *a, const struct ak_grid *grids, size_t ngrids,
                       const struct ak_relset *rs, struct ak_checklist *out);

/* Convenience: discover + classify for a set of grids (tests, bench, fuzz). */
int ak_checks_run(struct ak_arena *a, const struct ak_grid *grids, size_t ngrids,
                  struct ak_checklist *out);

/* ----------------------------------------------------------- text input */

/* Tables found in plain text: tab-separated rows (born-digital exports) and
 * rows ending in digit-group runs (OCR'd text).  A stop-gap until the table
 * extractor's model is merged, and the reader of the bench's grid files. */
int ak_grids_from_text(struct ak_arena *a, const char *text, size_t len,
                       struct ak_grid **out, size_t *nout);
/* The table extractor's tables (d->tables) as grids (checks_tables.c).
 * *out is arena-owned; *nout == d->ntables. */
int ak_grids_from_tables(struct ak_arena *a, const struct doc *d, struct ak_grid **out,
                         size_t *nout);
/* Figures related in running text ("utfall X ... budget Y ... avvikelse Z",
 * "N personer, varav a kvinnor och b män") become one-row grids with a
 * relation each; appended to *grids (grown in the arena) and rs. */
int ak_text_relations(struct ak_arena *a, const char *text, size_t len,
                      struct ak_grid **grids, size_t *ngrids, struct ak_relset *rs);

/* Parse one printed number: "-1 234", "−131 879", "11,2", "(1 879)".
 * Returns 1 and fills value (in units of 10^-dec) and dec, or 0. */
int ak_check_parse_number(const char *s, size_t n, int64_t *value, int *dec);

/* ----------------------------------------------------------- output */

struct ak_doc_checks {
	struct ak_grid *grids;
	size_t ngrids;
	struct ak_checklist list;
};

/* One line: where, the arithmetic written out, the class and evidence. */
int ak_checks_describe(struct ak_buf *b, const struct ak_doc_checks *dc,
                       const struct ak_check *c);
/* Terminal summary and JSON of a document's checks (checks_out.c). */
int ak_checks_write_text(struct ak_buf *b, const struct doc *d);
int ak_checks_write_json(struct ak_buf *b, const struct doc *d);
/* The checks attached to a document by the stage, or NULL. */
const struct ak_doc_checks *ak_doc_checks(const struct doc *d);

#endif /* AK_CHECKS_H */
