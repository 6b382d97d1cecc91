/*
 * output.h - serialising a document: plain text and JSON (output.c).
 *
 * Output is a pure function of the document: the same input gives the same
 * bytes whatever the number of jobs or the run time (timings are left out
 * unless asked for), so outputs can be diffed and kept as golden files.
 */
#ifndef AK_OUTPUT_H
#define AK_OUTPUT_H

#include "arkiv.h"

enum {
	AK_JSON_WORDS = 1 << 0,   /* include every word with box and confidence */
	AK_JSON_TIMINGS = 1 << 1, /* include per-stage timings (not stable) */
	AK_JSON_TEXT = 1 << 2     /* include page text */
};

/* Page texts separated by form feeds, ending in a newline. */
int ak_write_text(struct ak_buf *b, const struct doc *d);
/* One JSON object (no trailing newline). */
int ak_write_json(struct ak_buf *b, const struct doc *d, unsigned flags);

#endif
