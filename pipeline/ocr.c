/* ocr.c - placeholder until the OCR stage lands (being written now). */
#include "stages.h"
void ak_ocr_pool_stop(struct ak_ctx *ctx);
void ak_ocr_pool_stop(struct ak_ctx *ctx) { (void)ctx; }
int ak_stage_ocr(struct ak_ctx *ctx, struct doc *doc)
{
	(void)ctx;
	(void)doc;
	return 0;
}
