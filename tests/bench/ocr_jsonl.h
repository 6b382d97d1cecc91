/*
 * ocr_jsonl.h - load recorded OCR (`arkiv ocr --format json --words`, one
 * JSON object per page image, JSON Lines) back into a document as OCR
 * pages with their text, lines and words with boxes - what the OCR stage
 * leaves in a document - so the later stages (repair, structure, tables)
 * can be measured on real OCR without running Tesseract again.
 *
 * Shared by the benches (structure_extract.c; tables_bench.c can use it in
 * place of its ocr_to_tsv.py + TSV route).  Bench code: not part of
 * arkivcore.  Schema: docs/json.md.
 */
#ifndef AK_OCR_JSONL_H
#define AK_OCR_JSONL_H

#include "arkiv.h"

/* Document name of an OCR'd page image path: the file name without its
 * extension and without a trailing "-pNN" page suffix or the "-p*" of a
 * page set
 * ("corpus/scans/office/protokoll-x-p03.png" -> "protokoll-x").  Writes at
 * most cap-1 bytes and a NUL into out; returns the length. */
size_t ak_ocr_jsonl_docname(const char *path, char *out, size_t cap);

/* Append to d, in file order, the pages of every record of the JSON Lines
 * file `path` whose document name (above) is `docname` (NULL: every
 * record).  Each page gets its text as recorded, src/width/height/dpi/
 * rotation/skew/mean_conf, and lines and words with boxes, baselines,
 * blocks and confidences; word and line offsets are found in the page text.
 * Does not join the pages (call ak_doc_join_pages, as ingest+ocr would).
 * Returns the number of pages added (0: none matched), or a negative AK_E*
 * code (AK_EIO unreadable, AK_EFORMAT bad JSON, AK_ENOMEM). */
long ak_ocr_jsonl_load(struct doc *d, const char *path, const char *docname);

#endif
