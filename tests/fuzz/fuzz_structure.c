/*
 * fuzz_structure.c - libFuzzer target over the structure stage: any bytes
 * as page text (form feeds split pages), through furniture, metadata,
 * sections and decisions, then the JSON writer.  Checks the invariants the
 * rest of the pipeline relies on: every span lies inside d->text, sections
 * are ordered and tile the text, decisions point at a section or none.
 *
 * Without libFuzzer (plain build), the weak main() of fuzz_replay.h runs
 * the target once over each file named on the command line, so a crash
 * input replays anywhere (gdb, valgrind).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arkiv.h"
#include "structure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct doc *d)
{
	size_t i;
	const struct ak_meta *m = d->meta;
	if (!m)
		return;
	for (i = 0; i < m->nparas; i++)
		if (m->paras[i].start > m->paras[i].end || m->paras[i].end > d->text_len)
			abort();
	for (i = 0; i < d->nsections; i++) {
		const struct ak_section *s = &d->sections[i];
		if (s->start > s->body_start || s->body_start > s->end || s->end > d->text_len)
			abort();
		if (i && d->sections[i - 1].end != s->start)
			abort();
		if (!s->title || !s->number)
			abort();
	}
	for (i = 0; i < d->ndecisions; i++) {
		const struct ak_decision *x = &d->decisions[i];
		size_t k;
		if (x->start > x->end || x->end > d->text_len || !x->text)
			abort();
		if (x->section != SIZE_MAX && x->section >= d->nsections)
			abort();
		for (k = 0; k < x->namounts; k++)
			if (x->amounts[k].start > x->amounts[k].end || x->amounts[k].end > d->text_len)
				abort();
	}
	for (i = 0; i < d->nattendees; i++)
		if (!d->attendees[i].name || !d->attendees[i].role || d->attendees[i].end > d->text_len)
			abort();
	for (i = 0; i < m->nfurniture; i++)
		if (m->furniture[i] > d->text_len)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ak_ctx ctx; /* patterns compile once per process */
	static int ready;
	struct doc *d = NULL;
	struct ak_buf b = AK_BUF_INIT;

	if (!ready) {
		if (ak_ctx_init(&ctx, NULL) != 0)
			return 0;
		ready = 1;
	}
	if (size > (1 << 20))
		return 0;
	if (ak_doc_new(&d, "fuzz", 0) != 0)
		return 0;
	if (ak_structure_doc_from_text(d, (const char *)data, size) == 0 &&
	    ak_structure_run(&ctx, d, NULL) == 0)
		check(d);
	ak_structure_write_json(&b, d);
	ak_buf_release(&b);
	ak_doc_free(&d);
	return 0;
}

#include "fuzz_replay.h"
