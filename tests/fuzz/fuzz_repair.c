/*
 * fuzz_repair.c - libFuzzer target for the repair engine: any bytes in,
 * every mode; the output must be valid for its length and repairing is
 * bounded in memory (arena limit) and never crashes.
 *
 * The model is loaded once per process from $AK_REPAIR_MODEL or the build
 * tree (dicts/repair.bin).  Without libFuzzer, the shared file-replay main
 * (fuzz_replay.h) runs the files named on the command line once each.
 */
#include "arkiv.h"
#include "repair.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ak_repair_model *model;
static int tried;

static void free_model(void)
{
	ak_repair_model_free(model);
	model = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_arena a;
	struct ak_repair_result r;
	enum ak_repair_mode mode;
	int rc;

	if (!tried) {
		tried = 1;
		if (ak_repair_model_load(&model, NULL) != 0) {
			fprintf(stderr, "fuzz_repair: no model (set AK_REPAIR_MODEL)\n");
			abort();
		}
		atexit(free_model);
	}
	if (size < 1 || size > 65536)
		return 0;
	mode = (enum ak_repair_mode)(data[0] % 3);
	ak_arena_init(&a, (size_t)256 << 20);
	rc = ak_repair_text(model, mode, &a, (const char *)data + 1, size - 1, NULL, &r);
	if (rc == 0) {
		size_t i;
		if (!r.text || strlen(r.text) > r.len)
			abort();
		for (i = 0; i < r.nedits; i++)
			if (r.edits[i].off + r.edits[i].len > size - 1 ||
			    r.edits[i].new_off + strlen(r.edits[i].after) > r.len ||
			    memcmp(data + 1 + r.edits[i].off, r.edits[i].before, r.edits[i].len) != 0)
				abort();
	} else if (rc != AK_ENOMEM) {
		abort();
	}
	ak_arena_release(&a);
	return 0;
}

#include "fuzz_replay.h"
