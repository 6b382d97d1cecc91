/*
 * repair.c - the repair stage: restore Swedish letters in every page.
 *
 * Why a stage of its own: every later stage (sections, decisions, tables)
 * matches Swedish words, and "&r", "f|r" or "fÃ¶r" defeat all of them.  The
 * stage runs the engine (repair_text.c) on each page, keeps the input in
 * d->orig, puts the repaired text in the pages and in d->text, and records
 * every change as an ak_edit with position, before, after, score and rule.
 *
 * Invariants: with --repair=off the document is untouched; d->orig is never
 * modified; word boxes keep their geometry and get the repaired spelling;
 * the model is loaded once per batch under ctx->lock and read-only after.
 */
#include "repair.h"
#include "repair_int.h"
#include "stages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AK_DICT_PATH
#define AK_DICT_PATH "dicts/repair.bin"
#endif

/* ------------------------------------------------------------ the model */

static void parse_rules(struct ak_repair_model *m)
{
	size_t len, i = 0;
	const char *t = ak_lex_confusions(m->lex, &len);
	double tot[3] = { 0, 0, 0 };
	size_t k;
	unsigned cnt[AK_MAX_RULES];

	while (i < len && m->nrules < AK_MAX_RULES) {
		size_t j = i, f[4], fl[4], nf = 0;
		while (j < len && t[j] != '\n')
			j++;
		if (t[i] != '#' && j > i) {
			size_t p = i;
			while (nf < 4 && p <= j) {
				size_t q = p;
				while (q < j && t[q] != '\t')
					q++;
				f[nf] = p;
				fl[nf] = q - p;
				nf++;
				p = q + 1;
			}
			if (nf == 4 && fl[0] && fl[0] < 8 && fl[1] && fl[1] < 8) {
				struct ak_rule *r = &m->rules[m->nrules];
				unsigned c = 0;
				size_t d;
				memcpy(r->from, t + f[0], fl[0]);
				memcpy(r->to, t + f[1], fl[1]);
				r->flen = (unsigned char)fl[0];
				r->tlen = (unsigned char)fl[1];
				for (d = 0; d < fl[2] && t[f[2] + d] >= '0' && t[f[2] + d] <= '9'; d++)
					c = c * 10 + (unsigned)(t[f[2] + d] - '0');
				r->cls = fl[3] >= 5 && !strncmp(t + f[3], "strip", 5) ? AK_RC_STRIP :
				         fl[3] >= 5 && !strncmp(t + f[3], "glyph", 5) ? AK_RC_GLYPH : AK_RC_RARE;
				cnt[m->nrules] = c;
				tot[r->cls] += c;
				/* strip rules are searched through the fold table,
				 * which folds exactly these three */
				if (r->cls == AK_RC_STRIP && r->flen == 1)
					m->strip |= !strcmp(r->to, "\xc3\xa4") && r->from[0] == 'a' ? 1u :
					            !strcmp(r->to, "\xc3\xa5") && r->from[0] == 'a' ? 2u :
					            !strcmp(r->to, "\xc3\xb6") && r->from[0] == 'o' ? 4u : 0u;
				m->starts[(unsigned char)r->from[0]] = 1;
				if (r->cls != AK_RC_STRIP && m->nvrule[(unsigned char)r->from[0]] < 16) {
					unsigned char b0 = (unsigned char)r->from[0];
					m->vrule[b0][m->nvrule[b0]++] = (unsigned char)m->nrules;
				}
				m->nrules++;
			}
		}
		i = j + 1;
	}
	/* glyph: the print is almost surely damage; share among readings.
	 * rare: a real letter misread, weighed by its share of all misreads
	 * of real letters, times a low base rate. */
	for (k = 0; k < m->nrules; k++) {
		struct ak_rule *r = &m->rules[k];
		double c = cnt[k] + 1.0;
		if (r->cls == AK_RC_GLYPH)
			r->logp = (float)log(0.5 + 0.5 * c / (tot[AK_RC_GLYPH] + 1.0));
		else if (r->cls == AK_RC_RARE)
			r->logp = (float)log(0.2 * c / (tot[AK_RC_RARE] + 1.0));
		else
			r->logp = 0; /* per document */
	}
}

int ak_repair_model_from_memory(struct ak_repair_model **out, const void *buf, size_t n)
{
	struct ak_repair_model *m;
	int rc;
	*out = NULL;
	if (!(m = calloc(1, sizeof(*m))))
		return AK_ENOMEM;
	if ((rc = ak_lex_from_memory(&m->lex, buf, n)) != 0) {
		free(m);
		return rc;
	}
	parse_rules(m);
	*out = m;
	return 0;
}

/* An installed binary's model: <dir of the executable>/../share/arkiv/
 * repair.bin (`cmake --install`), if that file is there. */
static int installed_model(char *out, size_t n)
{
	char exe[4096];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	if (k <= 0)
		return 0;
	exe[k] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return 0;
	*slash = '\0';
	if (snprintf(out, n, "%s/../share/arkiv/repair.bin", exe) >= (int)n)
		return 0;
	return access(out, R_OK) == 0;
}

int ak_repair_model_load(struct ak_repair_model **out, const char *path)
{
	struct ak_repair_model *m;
	char installed[4200];
	int rc;
	*out = NULL;
	/* order: the caller's path, $AK_REPAIR_MODEL, the installed model,
	 * the build tree's */
	if (!path)
		path = getenv("AK_REPAIR_MODEL");
	if ((!path || !*path) && installed_model(installed, sizeof(installed)))
		path = installed;
	if (!path || !*path)
		path = AK_DICT_PATH;
	if (!(m = calloc(1, sizeof(*m))))
		return AK_ENOMEM;
	if ((rc = ak_lex_load(&m->lex, path)) != 0) {
		free(m);
		return rc;
	}
	parse_rules(m);
	*out = m;
	return 0;
}

void ak_repair_model_free(void *model)
{
	struct ak_repair_model *m = model;
	if (!m)
		return;
	ak_lex_free(&m->lex);
	free(m);
}

const struct ak_lex *ak_repair_model_lexicon(const struct ak_repair_model *m)
{
	return m ? m->lex : NULL;
}

/* ------------------------------------------------------------ the stage */

static int get_model(struct ak_ctx *ctx, struct doc *d, const struct ak_repair_model **out)
{
	int rc = 0;
	pthread_mutex_lock(&ctx->lock);
	if (!ctx->repair_model) {
		struct ak_repair_model *m = NULL;
		rc = ak_repair_model_load(&m, NULL);
		ctx->repair_model = m;
	}
	*out = ctx->repair_model;
	pthread_mutex_unlock(&ctx->lock);
	if (rc)
		return ak_fail(d, rc, "repair model not loadable (%s): set AK_REPAIR_MODEL "
		               "or build dicts/repair.bin", ak_strerror(rc));
	return 0;
}

/* New offset of old byte offset x after the edits (x not inside one). */
static uint32_t shift_off(const struct ak_edit *e, size_t n, uint32_t x)
{
	long delta = 0;
	size_t i;
	for (i = 0; i < n && e[i].off < x; i++)
		delta += (long)strlen(e[i].after) - (long)e[i].len;
	return (uint32_t)((long)x + delta);
}

static void fix_words(struct doc *d, struct ak_page *p, const struct ak_repair_result *r)
{
	size_t i, k = 0;
	for (i = 0; i < p->nwords; i++) {
		struct ak_word *w = &p->words[i];
		uint32_t end = w->off + w->len, no, ne;
		while (k < r->nedits && r->edits[k].off + r->edits[k].len <= w->off)
			k++;
		no = shift_off(r->edits, r->nedits, w->off);
		ne = shift_off(r->edits, r->nedits, end);
		if (ne < no || ne > r->len)
			continue;
		if (ne - no != w->len || memcmp(r->text + no, p->text + w->off, w->len) != 0)
			w->text = ak_arena_strndup(&d->arena, r->text + no, ne - no);
		w->off = no;
		w->len = ne - no;
	}
	for (i = 0; i < p->nlines; i++) {
		struct ak_line *l = &p->lines[i];
		uint32_t no = shift_off(r->edits, r->nedits, l->off);
		uint32_t ne = shift_off(r->edits, r->nedits, l->off + l->len);
		l->off = no;
		l->len = ne >= no ? ne - no : 0;
	}
}

static int append_edits(struct doc *d, struct ak_edit **all, size_t *n, size_t *cap,
                        const struct ak_repair_result *r, int page, size_t base)
{
	size_t i;
	for (i = 0; i < r->nedits; i++) {
		if (*n == *cap) {
			struct ak_edit *nv = ak_arena_grow(&d->arena, *all, *n, cap, sizeof(**all));
			if (!nv)
				return AK_ENOMEM;
			*all = nv;
		}
		(*all)[*n] = r->edits[i];
		(*all)[*n].page = page;
		(*all)[*n].doc_off = (uint32_t)(base + r->edits[i].off);
		(*n)++;
	}
	return 0;
}

int ak_stage_repair(struct ak_ctx *ctx, struct doc *d)
{
	const struct ak_repair_model *m;
	struct ak_edit *all = NULL;
	size_t n = 0, cap = 0, i, amb = 0;
	const char *enc = NULL;
	double damage = 0;
	int rc;

	if (ctx->cfg.repair == AK_REPAIR_OFF)
		return 0;
	if ((rc = get_model(ctx, d, &m)) != 0)
		return rc;

	if (d->npages == 0) {
		struct ak_repair_result r;
		if (!d->orig)
			return 0;
		if ((rc = ak_repair_text(m, ctx->cfg.repair, &d->arena, d->orig, d->orig_len,
		                         NULL, &r)) != 0)
			return ak_fail(d, rc, "repair: %s", ak_strerror(rc));
		if ((rc = append_edits(d, &all, &n, &cap, &r, 0, 0)) != 0)
			return ak_fail(d, rc, "repair: out of memory");
		d->text = r.text;
		d->text_len = r.len;
		enc = r.encoding;
		damage = r.damage;
	} else {
		struct ak_buf b;
		size_t base = 0; /* page i's offset in d->orig (pages joined by '\f') */
		for (i = 0; i < d->npages; i++, base++) {
			struct ak_page *p = &d->pages[i];
			struct ak_repair_result r;
			struct ak_repair_words ws = { p->words, p->nwords };
			size_t orig_len = p->text_len;
			if (!p->text)
				continue;
			base += orig_len; /* for the next page; this one starts at base - orig_len */
			if ((rc = ak_repair_text(m, ctx->cfg.repair, &d->arena, p->text, p->text_len,
			                         p->src == AK_SRC_OCR ? &ws : NULL, &r)) != 0)
				return ak_fail(d, rc, "repair: page %d: %s", p->no, ak_strerror(rc));
			if ((rc = append_edits(d, &all, &n, &cap, &r, p->no, base - orig_len)) != 0)
				return ak_fail(d, rc, "repair: out of memory");
			if (r.nedits) {
				fix_words(d, p, &r);
				p->text = r.text;
				p->text_len = r.len;
			}
			if (r.encoding)
				enc = r.encoding;
			if (r.damage > damage)
				damage = r.damage;
		}
		/* d->text: the repaired pages joined like ak_doc_join_pages does */
		ak_buf_init(&b, 0);
		for (i = 0; i < d->npages; i++) {
			if (i)
				ak_buf_putc(&b, '\f');
			if (d->pages[i].text)
				ak_buf_put(&b, d->pages[i].text, d->pages[i].text_len);
		}
		if (b.err) {
			ak_buf_release(&b);
			return ak_fail(d, AK_ENOMEM, "repair: out of memory");
		}
		d->text = ak_arena_strndup(&d->arena, b.ptr ? b.ptr : "", b.len);
		d->text_len = b.len;
		ak_buf_release(&b);
		if (!d->text)
			return ak_fail(d, AK_ENOMEM, "repair: out of memory");
	}
	d->edits = all;
	d->nedits = n;
	for (i = 0; i < n; i++)
		if (all[i].score < 1.0f && strncmp(all[i].reason, "ocr", 3) == 0 && amb < 20) {
			ak_finding_add(d, AK_F_REPAIR_AMBIGUOUS, all[i].page, all[i].line,
			               all[i].reason, "'%s' -> '%s' on weak evidence (%.2f)",
			               all[i].before, all[i].after, (double)all[i].score);
			amb++;
		}
	if (enc)
		ak_finding_add(d, AK_F_ENCODING_GUESSED, 0, 0, "repair-encoding",
		               "text inside the document read as %s and undone", enc);
	(void)damage;
	return 0;
}
