/* ingest.c - placeholder until the ingest stage lands (being written now). */
#include "stages.h"
int ak_stage_ingest(struct ak_ctx *ctx, struct doc *doc)
{
	(void)ctx;
	return ak_fail(doc, AK_EFORMAT, "ingest not implemented yet");
}
