/*
 * store_skip.c - the early skip: right after ingest, a document whose
 * content hash and pipeline version are already stored (status ok) needs
 * no further work.
 *
 * Why a stage of its own: it must run after ingest (which computes the
 * hash) and before OCR (the expensive part), and it is policy, not
 * ingest's business.  It returns AK_ESKIP, which the runner treats as
 * "done, not an error", and sets doc->skipped.  It does nothing without a
 * store, with --force, or when the store stage is outside --from/--until
 * (a partial run never stores, so it must not skip either).
 */
#include "stages.h"
#include "store.h"

int ak_stage_skip(struct ak_ctx *ctx, struct doc *doc)
{
	char ver[256];
	int k, rc;

	if (!ctx->store || ctx->cfg.force || !doc->hash[0])
		return 0;
	k = ak_stage_index("store");
	if (k < 0 || k > ctx->cfg.until || k < ctx->cfg.from)
		return 0;
	rc = ak_store_doc_current(ctx->store, doc->hash,
	                          ak_store_pipeline_version(&ctx->cfg, ver, sizeof(ver)));
	if (rc < 0)
		return ak_fail(doc, AK_ESTORE, "store: %s", ak_store_errmsg(ctx->store));
	if (rc == 0)
		return 0;
	doc->skipped = 1;
	return AK_ESKIP;
}
