/*
 * report.h - the auditor's HTML report (report.c).
 *
 * One self-contained HTML file per document (styles and page crops inline,
 * no network, no scripts) and an index.html for the batch in the same
 * folder.  Findings first by severity; each shows its table with the cells
 * highlighted, the arithmetic written out, the suggested reading and, for
 * image inputs, a crop of the page around the cell.
 */
#ifndef AK_REPORT_H
#define AK_REPORT_H

#include "arkiv.h"

/* Write <dir>/<name>.html for d (dir created if missing) and rewrite
 * <dir>/index.html from every report's summary line in the folder.
 * Returns 0 or a negative AK_E* code; why holds one line of reason. */
int ak_report_write(const struct doc *d, const char *dir, char *why, size_t whylen);

/* The document's report into b (crops read from/written to dir, or none
 * when dir is NULL).  Exposed for tests. */
int ak_report_html(struct ak_buf *b, const struct doc *d, const char *dir);

#endif
