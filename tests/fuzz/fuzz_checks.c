/*
 * fuzz_checks.c - libFuzzer target over the checker: text -> grids
 * (tab-separated and digit-group rows), running-text relations, relation
 * discovery and classification.
 *
 * The first input byte picks the grids' provenance (unknown, born-digital,
 * OCR); the rest is the text.  Invariants checked on every input: every
 * call returns 0 (or AK_ENOMEM); every check's cells lie inside their grid;
 * held checks have diff 0, rounding ones |diff| <= tol, and the others a
 * larger difference; a suspect cell and a reading come together and the
 * reading differs from the printed figure; every check that does not hold
 * belongs to one finding, and the findings are counted once by class.  Input is capped at 64 KiB;
 * the checker's own bounds (block and relation lengths, free split points)
 * keep each run well under a second.
 *
 * Without libFuzzer the weak main() runs the target over files named on
 * the command line, so a crash can be replayed with any compiler.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cref_ok(const struct ak_grid *g, size_t ng, struct ak_cref c)
{
	if (c.grid >= ng || c.row >= g[c.grid].nrows || c.col >= g[c.grid].ncols)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_arena a;
	struct ak_grid *g = NULL;
	struct ak_relset rs;
	struct ak_checklist cl;
	size_t ng = 0, i, k;
	enum ak_grid_src src;
	int rc;

	if (size < 1 || size > 65536)
		return 0;
	src = (enum ak_grid_src)(data[0] % 3);
	data++;
	size--;
	ak_arena_init(&a, 0);
	memset(&rs, 0, sizeof(rs));
	memset(&cl, 0, sizeof(cl));
	rc = ak_grids_from_text(&a, (const char *)data, size, &g, &ng);
	if (rc != 0 && rc != AK_ENOMEM)
		abort();
	for (i = 0; rc == 0 && i < ng; i++) {
		g[i].src = src;
		rc = ak_rel_discover(&a, g, i, &rs);
	}
	if (rc == 0)
		rc = ak_rel_discover_cross(&a, g, ng, &rs);
	if (rc == 0)
		rc = ak_text_relations(&a, (const char *)data, size, &g, &ng, &rs);
	if (rc == 0)
		rc = ak_checks_classify(&a, g, ng, &rs, &cl);
	if (rc != 0 && rc != AK_ENOMEM)
		abort();
	for (i = 0; rc == 0 && i < cl.n; i++) {
		const struct ak_check *c = &cl.v[i];
		int64_t ad = c->diff < 0 ? -c->diff : c->diff;
		cref_ok(g, ng, c->target);
		for (k = 0; k < c->nterms; k++)
			cref_ok(g, ng, c->terms[k].c);
		if ((c->cls == AK_CHK_HELD && c->diff != 0) ||
		    (c->cls == AK_CHK_ROUNDING && (ad == 0 || ad > c->tol)))
			abort();
		/* one finding per suspect cell: held checks belong to none,
		 * the others to one finding numbered below nfindings */
		if ((c->cls == AK_CHK_HELD) != (c->finding == SIZE_MAX) ||
		    (c->cls != AK_CHK_HELD && c->finding >= cl.nfindings))
			abort();
		if (c->has_suspect) {
			cref_ok(g, ng, c->suspect);
			if (!c->suggested_text || c->cls == AK_CHK_HELD || c->cls == AK_CHK_ROUNDING ||
			    c->suggested == AK_GCELL(&g[c->suspect.grid], c->suspect.row,
			                             c->suspect.col)->value)
				abort();
		}
	}
	if (rc == 0 && cl.f_rounding + cl.f_misread + cl.f_sign + cl.f_genuine != cl.nfindings)
		abort();
	ak_arena_release(&a);
	return 0;
}

#include "fuzz_replay.h"
