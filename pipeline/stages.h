/*
 * stages.h - the entry points of every pipeline stage, declared together.
 *
 * Each stage lives in one .c file with this one public entry point; all else
 * in that file is static.  The table that orders them is in runner.c.
 * A stage returns 0, or a negative AK_E* code after ak_fail() has stored the
 * reason in the document.  A stage that has nothing to do for a document
 * (OCR on a text file) returns 0 without touching it.
 */
#ifndef AK_STAGES_H
#define AK_STAGES_H

#include "arkiv.h"

int ak_stage_ingest(struct ak_ctx *ctx, struct doc *doc);   /* ingest.c */
int ak_stage_ocr(struct ak_ctx *ctx, struct doc *doc);      /* ocr.c */
int ak_stage_repair(struct ak_ctx *ctx, struct doc *doc);   /* extractors/repair.c */
int ak_stage_skip(struct ak_ctx *ctx, struct doc *doc);     /* store_skip.c */
int ak_stage_store(struct ak_ctx *ctx, struct doc *doc);    /* store_stage.c */
int ak_stage_structure(struct ak_ctx *ctx, struct doc *doc); /* extractors/structure.c */
int ak_stage_tables(struct ak_ctx *ctx, struct doc *doc);   /* extractors/tables.c */
int ak_stage_check(struct ak_ctx *ctx, struct doc *doc);    /* extractors/checks.c */

#endif
