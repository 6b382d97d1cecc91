/*
 * ocr_tsv.h - OCR'd pages from tesseract-style TSV, for the benches.
 *
 * Why: the table and check benches re-run the stages after OCR on pages
 * whose OCR was made once (`arkiv ocr --format json --words`, turned into
 * TSV by ocr_to_tsv.py, or tesseract's own TSV), so they need the page as
 * the OCR stage would have left it.  One loader serves both benches.
 */
#ifndef AK_BENCH_OCR_TSV_H
#define AK_BENCH_OCR_TSV_H

#include "arkiv.h"

/* Append one page to d from TSV (level 1 page size, level 4 lines with
 * "baseline=N", level 5 words; a line is block+paragraph+line).  Returns 0
 * or -1 when out of memory. */
int ak_bench_load_tsv_page(struct doc *d, const char *buf, size_t n);

#endif
