/*
 * repair.h - restoring Swedish letters in mis-encoded and OCR'd text.
 *
 * The repair stage (repair.c) keeps what the input said in d->orig and puts
 * the repaired text in d->text and in the pages; every change is an
 * ak_edit so nothing is rewritten silently.  The model (lexicon.h) is
 * loaded once per batch into ctx->repair_model.
 */
#ifndef AK_REPAIR_H
#define AK_REPAIR_H

#include <stddef.h>
#include <stdint.h>

#include "arkiv.h"

/* One change.  Offsets are bytes; `off` is in the text that was repaired
 * (a page's original text, or d->orig when the document has no pages),
 * `doc_off` in d->orig (page offsets included) and `new_off` in the
 * repaired text of the same unit. */
struct ak_edit {
	uint32_t off, len;      /* what was replaced: before = text[off..off+len) */
	uint32_t doc_off;       /* the same position in d->orig */
	uint32_t new_off;       /* where `after` starts in the repaired text */
	int page, line;         /* 1-based; 0 = unknown */
	const char *before;     /* arena-owned, NUL-terminated */
	const char *after;
	float score;            /* evidence for `after` over `before`, nats */
	const char *reason;     /* rule id, see docs/repair.md */
};

struct ak_repair_model;

/* Load the model file (NULL path: $AK_REPAIR_MODEL, else the build tree's
 * dicts/repair.bin).  *out owned by the caller: ak_repair_model_free. */
int ak_repair_model_load(struct ak_repair_model **out, const char *path);
/* Model over a file image the caller keeps alive (tests, fuzzing). */
int ak_repair_model_from_memory(struct ak_repair_model **out, const void *buf, size_t n);
/* Takes void * so ak_ctx_release can call it on ctx->repair_model. */
void ak_repair_model_free(void *model);
const struct ak_lex *ak_repair_model_lexicon(const struct ak_repair_model *m);

/* Result of one repair run; arrays live in the arena given. */
struct ak_repair_result {
	char *text;             /* repaired text, NUL-terminated */
	size_t len;
	struct ak_edit *edits;  /* in text order */
	size_t nedits;
	double damage;          /* estimated share of å/ä/ö printed without marks */
	const char *encoding;   /* dominant legacy reading undone, or NULL */
};

/* Optional word confidences (OCR): words sorted by offset into `in`. */
struct ak_repair_words {
	const struct ak_word *v;
	size_t n;
};

/* Repair in[0..n) (any bytes; invalid UTF-8 is read as CP1252).  mode:
 * AK_REPAIR_OFF copies, SAFE undoes encodings and fixes only words that
 * are not Swedish words, FULL also weighs real words against context.
 * Never fails on content; returns AK_ENOMEM or AK_ETOOBIG (n > 1 GiB). */
int ak_repair_text(const struct ak_repair_model *m, enum ak_repair_mode mode,
                   struct ak_arena *a, const char *in, size_t n,
                   const struct ak_repair_words *words,
                   struct ak_repair_result *out);

#endif
