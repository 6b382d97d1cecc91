/*
 * structure.h - the structure of a document: kind and metadata, attendees,
 * sections (minutes items, report headings, notes, appendices) and
 * decisions, as found by the structure stage (extractors/structure.c).
 *
 * Ownership: everything here lives in the document's arena and is valid as
 * long as the document.  Offsets (start, end) are byte offsets into
 * d->text, so every result maps back to its page and line; `text` fields are
 * the flowed form (page furniture dropped, hyphenated line ends joined,
 * lines of a paragraph joined by one space).
 */
#ifndef AK_STRUCTURE_H
#define AK_STRUCTURE_H

#include "arkiv.h"

enum ak_doc_kind {
	AK_KIND_OTHER = 0,
	AK_KIND_MINUTES,        /* protokoll */
	AK_KIND_ANNUAL_REPORT,  /* årsredovisning, delårsrapport */
	AK_KIND_BUDGET_PLAN     /* budget, verksamhetsplan */
};

enum ak_sec_kind {
	AK_SEC_ITEM = 0,   /* minutes item: "§ 4 Halvårsrapport" */
	AK_SEC_HEADING,    /* numbered report heading: "1.2.3 Uppdrag" */
	AK_SEC_NOTE,       /* "Not 3. Verksamhetens kostnader" */
	AK_SEC_APPENDIX    /* "Bilaga 2 Projektbudget" */
};

struct ak_section {
	enum ak_sec_kind kind;
	const char *number;   /* as printed, normalised: "4", "1.2.3"; for an
	                         item whose "§ n" OCR lost, the inferred number */
	const char *title;    /* flowed heading text, never NULL */
	int level;            /* heading depth (1.2.3 -> 3); items and notes 1 */
	int inferred;         /* 1: number not printed/read, inferred from neighbours */
	size_t start, end;    /* d->text bytes: heading start .. next section start */
	size_t body_start;    /* first byte after the heading (and title line) */
	int page_first, page_last; /* 1-based */
	const char *rule;     /* pattern that recognised the heading */
};

enum ak_dec_kind {
	AK_DEC_PROPOSAL = 0,  /* "Förslag till beslut", "Styrelsen föreslås besluta" */
	AK_DEC_DECISION,      /* "Styrelsen beslutar att ...", one per list point */
	AK_DEC_DELEGATION,    /* a delegation decision reported (anmälan) */
	AK_DEC_RESERVATION,   /* "X (S) reserverar sig" */
	AK_DEC_NOTE,          /* protokollsanteckning */
	AK_DEC_VOTE,          /* omröstning / votering */
	AK_DEC_OTHER_QUESTION /* "Övriga frågor" raised */
};

enum ak_dec_type {
	AK_DT_OTHER = 0,
	AK_DT_INFO_NOTED,     /* informationen läggs till handlingarna */
	AK_DT_APPROVAL,       /* godkänna, fastställa (not budget/policy) */
	AK_DT_BUDGET,         /* budget / verksamhetsplan antas */
	AK_DT_APPOINTMENT,    /* utse, välja */
	AK_DT_ASSIGNMENT,     /* uppdrag till kansliet / förbundschefen */
	AK_DT_FUNDING,        /* bevilja medel, köp, upphandling */
	AK_DT_POLICY          /* policy, riktlinje, ordning antas */
};

struct ak_amount {
	int64_t kr;          /* kronor (millions and tkr scaled exactly) */
	size_t start, end;   /* d->text bytes of the printed amount */
};

struct ak_decision {
	enum ak_dec_kind kind;
	enum ak_dec_type type;
	size_t section;       /* index into d->sections, or SIZE_MAX */
	int point;            /* 1-based point of a numbered/att list, 0 = none */
	size_t start, end;    /* d->text bytes of the decision text */
	const char *text;     /* flowed text */
	const char *rule;     /* marker pattern ("decision-beslutar") */
	const char *type_rule;   /* pattern that decided the type, or NULL */
	const char *type_phrase; /* the phrase it matched, or NULL */
	const char *condition;   /* "under förutsättning att ..." or NULL */
	int follows;          /* decisions: 1 follows the proposal, 0 differs,
	                         -1 no proposal in the item */
	struct ak_amount *amounts; size_t namounts;
	const char **dates;   /* ISO: "2024-02-15", or "--11-28" without year */
	size_t ndates;
	int page;             /* 1-based page of start */
};

struct ak_attendee {
	const char *name;
	const char *party;    /* "M", "S"... or NULL */
	const char *body;     /* member body represented ("Haninge kommun") or NULL */
	const char *role;     /* ordförande, vice ordförande, ledamot, ersättare,
	                         sekreterare, justerare, adjungerad, frånvarande,
	                         tjänsteperson */
	const char *title;    /* printed function ("förbundschef") or NULL */
	size_t start, end;    /* d->text bytes of the line */
	const char *rule;
};

/* Paragraph of the flowed text (after furniture removal). */
struct ak_para {
	size_t start, end;    /* d->text bytes of the first and past the last char */
	const char *text;     /* flowed, arena */
	int bullet;           /* 1: a bullet list item (bullet glyph removed) */
	int page;
};

struct ak_meta {
	enum ak_doc_kind kind;
	const char *kind_rule;      /* pattern that decided the kind */
	const char *kind_evidence;  /* the phrase it matched */
	const char *organisation;   /* "Samordningsförbundet Östra Södertörn" */
	const char *date;           /* meeting/decision date, ISO, or NULL */
	const char *time_start;     /* "15:00" or NULL */
	const char *time_end;
	const char *place;
	int year;                   /* the year the document is about, 0 unknown */
	size_t nfurniture;          /* lines dropped as page furniture */
	size_t nhyphen_joined;      /* line-end hyphens joined (hyphen dropped) */
	size_t nhyphen_kept;        /* line-end hyphens kept ("ESF-projekt") */
	struct ak_para *paras;      /* flowed paragraphs, in text order */
	size_t nparas;
	size_t *furniture;          /* d->text offsets of dropped lines' starts */
};

/* Callback deciding whether a joined hyphenated word is a word (lexicon):
 * returns 1 yes, 0 no, -1 unknown (fall back to the document heuristic). */
typedef int (*ak_is_word_fn)(void *ud, const char *w, size_t n);

/* Optional lexicon hook for the hyphen rule (set by the repair stage's
 * model when it lands); NULL = heuristic only.  Stored in a struct the
 * context does not know of, so it is passed explicitly. */
struct ak_structure_opts {
	ak_is_word_fn is_word;
	void *is_word_ud;
};

const char *ak_doc_kind_name(enum ak_doc_kind k);
const char *ak_sec_kind_name(enum ak_sec_kind k);
const char *ak_dec_kind_name(enum ak_dec_kind k);
const char *ak_dec_type_name(enum ak_dec_type t);

/* Run the structure analysis with options (the stage uses defaults). */
int ak_structure_run(struct ak_ctx *ctx, struct doc *d, const struct ak_structure_opts *o);

/* Fill a fresh document from text in memory: pages split at '\f', joined
 * into d->text (for tests, the fuzz target and the bench; the pipeline's
 * ingest stage does this for real files).  Returns 0 or AK_ENOMEM. */
int ak_structure_doc_from_text(struct doc *d, const char *text, size_t n);

/* The structure of d as one JSON object (no trailing newline); the schema
 * is in docs/structure.md.  Offsets are bytes of d->text. */
int ak_structure_write_json(struct ak_buf *b, const struct doc *d);

#endif
