/*
 * store_stage.c - the last stage: write the document to the store.
 *
 * Why a stage: storing is one more step of the pipeline, in the same table,
 * timed like the others, and skipped when no store is open (cfg.db_path
 * unset).  The runner also calls it for a document that failed in an
 * earlier stage, so the failure is recorded (document row with the error,
 * nothing else).  The stage never prints; a database error fails the
 * document with AK_ESTORE and the batch goes on.
 */
#include "stages.h"
#include "store.h"

int ak_stage_store(struct ak_ctx *ctx, struct doc *doc)
{
	char err[512];
	int rc;

	if (!ctx->store)
		return 0;
	rc = ak_store_write_doc(ctx->store, &ctx->cfg, doc, err, sizeof(err));
	if (rc != 0 && !doc->err)
		return ak_fail(doc, AK_ESTORE, "store: %s", err);
	return rc != 0 ? AK_ESTORE : 0;
}
