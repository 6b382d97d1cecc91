/*
 * structure_int.h - what the parts of the structure stage share (internal;
 * not for other stages).  The stage runs in this order on one document:
 *
 *   furniture.c  lines, page furniture, hyphens, bullets -> paragraphs
 *                (structure_edges.c: headers/footers repeated on pages)
 *   meta.c       document kind, organisation, date/time/place
 *                (structure_attendees.c: the attendance list)
 *   structure.c  sections (items, headings, notes, appendices); the stage
 *   decisions.c  proposals, decisions, reservations... per item
 *
 * Everything a part produces goes into the document's arena.
 */
#ifndef AK_STRUCTURE_INT_H
#define AK_STRUCTURE_INT_H

#include "rx.h"
#include "structure.h"

/* Line classes (from the line table in furniture.c). */
enum st_lclass {
	ST_L_TEXT = 0,
	ST_L_BLANK,
	ST_L_FURNITURE,
	ST_L_ITEM,       /* "§ 4 ..." */
	ST_L_NOTE,       /* "Not 3. ..." */
	ST_L_APPENDIX,   /* "Bilaga 2 ..." */
	ST_L_NUMBERED,   /* "1.2.3 Uppdrag", "1. Att ..." */
	ST_L_BULLET,     /* "e Vi har ...", "• ..." */
	ST_L_MARKER,     /* "Förslag till beslut:", "Styrelsen beslutar:", "Att ..." */
	ST_L_LABEL,      /* attendee/metadata label: "Beslutande", "Plats och tid" */
	ST_L_TABLE       /* a table row: tabs or mostly digit groups */
};

struct st_line {
	size_t off, len;    /* the raw line in d->text (without '\n') */
	size_t ts, te;      /* trimmed content: d->text[ts..te) */
	int page;           /* 1-based */
	int lno;            /* 1-based line on its page */
	enum st_lclass cls;
	size_t bullet_end;  /* ST_L_BULLET: d->text offset where the text starts */
	int title;          /* the title line after a bare "§38" */
	const char *rule;   /* furniture rule, or class rule */
};

struct st_work {
	struct ak_ctx *ctx;
	struct doc *d;
	struct ak_structure_opts opts;
	struct ak_meta *meta;
	struct st_line *lines;
	size_t nlines;
	/* flowed text of every paragraph, with the d->text offset of each
	 * byte (map) so any flowed position maps back to its page and line */
	size_t *para_first_line; /* per paragraph: index of its first line */
	size_t **maps;           /* per paragraph: byte -> d->text offset */
	size_t cap_paras, cap_pfl, n_pfl, cap_maps, n_maps;
	size_t cap_sections, cap_decisions, cap_attendees;
	size_t hyphen_lookups;   /* document searches made by the hyphen rule */
};

/* furniture.c: split into lines, drop furniture, build paragraphs. */
int st_lines_and_paras(struct st_work *w);
/* structure_edges.c: mark lines repeated at the page edges as furniture. */
int st_repeated_edges(struct st_work *w);
/* Map a byte of paragraph p's flowed text back to d->text. */
size_t st_map(const struct st_work *w, size_t p, size_t flow_off);

/* meta.c */
int st_meta(struct st_work *w);
/* Fold to lower ASCII with å/ä/ö/é -> a/a/o/e into out (cap bytes), for
 * comparing names; returns the length. */
size_t st_fold(const char *s, char *out, size_t cap);
/* structure_attendees.c: the attendance list (minutes only; called by
 * st_meta before the organisation is chosen). */
int st_attendees(struct st_work *w);
/* structure.c */
int st_sections(struct st_work *w);
/* decisions.c */
int st_decisions(struct st_work *w);

/* Shared helpers (structure.c). */
int st_table(struct st_work *w, const struct ak_rx_def *defs, size_t n,
             const struct ak_rx_set **out);
/* Append to an arena array of `size`-byte elements; returns the new slot. */
void *st_push(struct doc *d, void **arr, size_t *n, size_t *cap, size_t size);
/* Trimmed arena copy with runs of blanks collapsed to one space. */
char *st_clean_dup(struct doc *d, const char *s, size_t n);
/* Is the first letter at s upper case (UTF-8 aware for Å Ä Ö É)? */
int st_upper_at(const char *s, size_t n);
int st_lower_at(const char *s, size_t n);
/* Page (1-based) of a d->text offset. */
int st_page_of(const struct st_work *w, size_t off);
/* Parse decimal digits at [p, end) skipping single spaces between groups of
 * three; cursor style: returns 0 and advances *pp, or -1 (overflow/none). */
int st_parse_int(const char **pp, const char *end, int64_t *out);
/* Month number 1..12 of a Swedish month name (full or 3-letter), else 0. */
int st_month(const char *s, size_t n);
/* ISO date string in the arena from year (0 = unknown), month, day; NULL
 * when the date is impossible. */
const char *st_iso_date(struct doc *d, int64_t y, int64_t m, int64_t day);

#endif
