/*
 * test_structure_util.h - shared by the structure test programs: run the
 * structure stage over text in memory with one batch context per program.
 */
#ifndef TEST_STRUCTURE_UTIL_H
#define TEST_STRUCTURE_UTIL_H

#include <string.h>

#include "arkiv.h"
#include "structure.h"

static struct ak_ctx st_ctx;

static int st_setup(void **state)
{
	(void)state;
	return ak_ctx_init(&st_ctx, NULL);
}

static int st_teardown(void **state)
{
	(void)state;
	ak_ctx_release(&st_ctx);
	return 0;
}

/* The document for `text` after the structure stage; caller frees. */
static inline struct doc *st_run_opts(const char *text, const struct ak_structure_opts *o)
{
	struct doc *d = NULL;
	assert_int_equal(ak_doc_new(&d, "test.txt", 0), 0);
	assert_int_equal(ak_structure_doc_from_text(d, text, strlen(text)), 0);
	assert_int_equal(ak_structure_run(&st_ctx, d, o), 0);
	assert_non_null(d->meta);
	return d;
}

static inline struct doc *st_run(const char *text)
{
	return st_run_opts(text, NULL);
}

static inline const struct ak_meta *st_meta(const struct doc *d)
{
	return d->meta;
}

/* Is there a paragraph whose flowed text equals / starts with s? */
static inline const struct ak_para *st_para(const struct doc *d, const char *s, int prefix)
{
	const struct ak_meta *m = d->meta;
	size_t i;
	for (i = 0; i < m->nparas; i++)
		if (prefix ? strncmp(m->paras[i].text, s, strlen(s)) == 0
		           : strcmp(m->paras[i].text, s) == 0)
			return &m->paras[i];
	return NULL;
}

#endif
