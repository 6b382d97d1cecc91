/*
 * doc.c - the document object: creation, pages, joined text, failures and
 * findings, and the message tables behind them.
 *
 * Why a unit of its own: every stage writes into the document through these
 * few functions, so the invariants live here - pages are numbered 1..n in
 * order, d->text is the pages' text joined by '\f', a document holds at most
 * one failure (the first), and findings carry a severity from one table.
 */
#include "arkiv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Document arenas are capped so that one hostile input cannot take the
 * machine: 2 GiB is far above any real report (a 500-page scan is ~200 MB). */
#define AK_DOC_ARENA_LIMIT ((size_t)2 << 30)

static const struct {
	int err;
	const char *text;
} err_table[] = {
	{ AK_OK, "success" },
	{ AK_EIO, "cannot read" },
	{ AK_EFORMAT, "unsupported or damaged format" },
	{ AK_ETOOBIG, "over a size limit" },
	{ AK_EENCRYPTED, "encrypted" },
	{ AK_ENOMEM, "out of memory" },
	{ AK_EOCR, "OCR failed" },
	{ AK_ESTORE, "database error" },
	{ AK_EINVAL, "invalid argument" },
	{ AK_ELIMIT, "buffer limit reached" },
	{ AK_EEMPTY, "empty" },
	{ AK_ENOTTEXT, "not text" },
	{ AK_ESKIP, "skipped" },
};

const char *ak_strerror(int err)
{
	size_t i;
	for (i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].err == err)
			return err_table[i].text;
	return "unknown error";
}

/* Severity and stable name of every finding, in enum order. */
static const struct {
	enum ak_fid id;
	enum ak_severity sev;
	const char *name;
} finding_table[AK_F__COUNT] = {
	{ AK_F_OCR_LOW_CONF, AK_SEV_WARNING, "ocr-low-confidence" },
	{ AK_F_OCR_ROTATED, AK_SEV_INFO, "ocr-page-rotated" },
	{ AK_F_PDF_TEXT_INSANE, AK_SEV_NOTE, "pdf-text-layer-rejected" },
	{ AK_F_ENCODING_GUESSED, AK_SEV_NOTE, "encoding-guessed" },
	{ AK_F_TEXT_CONTROL_CHARS, AK_SEV_NOTE, "text-control-chars" },
	{ AK_F_REPAIR_AMBIGUOUS, AK_SEV_NOTE, "repair-ambiguous" },
	{ AK_F_CHECK_ROUNDING, AK_SEV_INFO, "check-rounding" },
	{ AK_F_CHECK_MISREAD, AK_SEV_WARNING, "check-misread" },
	{ AK_F_CHECK_SIGN, AK_SEV_WARNING, "check-sign" },
	{ AK_F_CHECK_GENUINE, AK_SEV_ERROR, "check-genuine" },
	{ AK_F_OCR_REREAD, AK_SEV_NOTE, "ocr-figure-reread" },
};

enum ak_severity ak_finding_severity(enum ak_fid id)
{
	return (unsigned)id < AK_F__COUNT ? finding_table[id].sev : AK_SEV_ERROR;
}

const char *ak_finding_name(enum ak_fid id)
{
	return (unsigned)id < AK_F__COUNT ? finding_table[id].name : "unknown";
}

const char *ak_format_name(enum ak_format f)
{
	static const char *const names[] = { "unknown", "text", "png", "jpeg",
	                                     "tiff", "pnm", "bmp", "pdf" };
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "unknown";
}

int ak_doc_new(struct doc **out, const char *path, size_t index)
{
	struct doc *d;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return AK_ENOMEM;
	ak_arena_init(&d->arena, AK_DOC_ARENA_LIMIT);
	if (pthread_mutex_init(&d->lock, NULL) != 0) {
		free(d);
		return AK_ENOMEM;
	}
	d->path = ak_arena_strdup(&d->arena, path ? path : "");
	d->index = index;
	if (!d->path) {
		ak_doc_free(&d);
		return AK_ENOMEM;
	}
	*out = d;
	return 0;
}

void ak_doc_free(struct doc **dp)
{
	struct doc *d = *dp;
	if (!d)
		return;
	ak_arena_release(&d->arena);
	pthread_mutex_destroy(&d->lock);
	free(d);
	*dp = NULL;
}

int ak_doc_set_parts(struct doc *d, char *const *parts, size_t n)
{
	const char **v;
	size_t i;

	if (n == 0)
		return 0;
	if (!(v = ak_arena_alloc(&d->arena, n * sizeof(*v))))
		return AK_ENOMEM;
	for (i = 0; i < n; i++)
		if (!(v[i] = ak_arena_strdup(&d->arena, parts[i])))
			return AK_ENOMEM;
	d->parts = v;
	d->nparts = n;
	return 0;
}

const char *ak_page_path(const struct doc *d, const struct ak_page *p)
{
	if (d->nparts && p && p->part >= 0 && (size_t)p->part < d->nparts)
		return d->parts[p->part];
	return d->path;
}

struct ak_page *ak_doc_add_page(struct doc *d)
{
	struct ak_page *p;

	p = ak_arena_grow(&d->arena, d->pages, d->npages, &d->cap_pages, sizeof(*p));
	if (!p)
		return NULL;
	d->pages = p;
	p = &d->pages[d->npages++];
	memset(p, 0, sizeof(*p));
	p->no = (int)d->npages;
	return p;
}

int ak_doc_join_pages(struct doc *d)
{
	size_t i, n = 0, at = 0;
	char *t;

	for (i = 0; i < d->npages; i++)
		n += d->pages[i].text_len + 1;
	t = ak_arena_alloc(&d->arena, n + 1);
	if (!t)
		return ak_fail(d, AK_ENOMEM, "out of memory joining %zu pages", d->npages);
	for (i = 0; i < d->npages; i++) {
		if (i)
			t[at++] = '\f';
		if (d->pages[i].text_len)
			memcpy(t + at, d->pages[i].text, d->pages[i].text_len);
		at += d->pages[i].text_len;
	}
	t[at] = '\0';
	d->orig = d->text = t;
	d->orig_len = d->text_len = at;
	return 0;
}

size_t ak_doc_page_offset(const struct doc *d, size_t i)
{
	size_t off = 0, k;
	for (k = 0; k < i && k < d->npages; k++)
		off += d->pages[k].text_len + 1;
	return off;
}

int ak_doc_page_of(const struct doc *d, size_t off)
{
	size_t k, at = 0;
	for (k = 0; k < d->npages; k++) {
		at += d->pages[k].text_len + 1;
		if (off < at)
			return (int)k + 1;
	}
	return d->npages ? (int)d->npages : 0;
}

int ak_fail(struct doc *d, int err, const char *fmt, ...)
{
	va_list ap;

	if (err >= 0)
		err = AK_EINVAL;
	pthread_mutex_lock(&d->lock);
	if (!d->err) {
		d->err = err;
		va_start(ap, fmt);
		vsnprintf(d->errmsg, sizeof(d->errmsg), fmt, ap);
		va_end(ap);
		/* One line, always. */
		for (char *c = d->errmsg; *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
	}
	pthread_mutex_unlock(&d->lock);
	return err;
}

static struct ak_finding *finding_push(struct doc *d)
{
	struct ak_finding *f;
	f = ak_arena_grow(&d->arena, d->findings, d->nfindings, &d->cap_findings, sizeof(*f));
	if (!f)
		return NULL;
	d->findings = f;
	f = &d->findings[d->nfindings++];
	memset(f, 0, sizeof(*f));
	return f;
}

int ak_finding_add(struct doc *d, enum ak_fid id, int page, int line,
                   const char *rule, const char *fmt, ...)
{
	struct ak_finding *f;
	va_list ap;
	int n;
	char *msg;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return AK_EINVAL;
	pthread_mutex_lock(&d->lock);
	msg = ak_arena_alloc(&d->arena, (size_t)n + 1);
	f = msg ? finding_push(d) : NULL;
	if (f) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
		f->id = id;
		f->page = page;
		f->line = line;
		f->rule = rule;
		f->msg = msg;
	}
	pthread_mutex_unlock(&d->lock);
	return f ? 0 : AK_ENOMEM;
}

struct ak_finding *ak_finding_add_cell(struct doc *d, enum ak_fid id, int page,
                   int table, int row, int col, const char *rule, const char *msg)
{
	struct ak_finding *f;
	pthread_mutex_lock(&d->lock);
	f = finding_push(d);
	if (f) {
		f->id = id;
		f->page = page;
		f->table = table;
		f->row = row;
		f->col = col;
		f->rule = rule;
		f->msg = msg ? ak_arena_strdup(&d->arena, msg) : "";
	}
	pthread_mutex_unlock(&d->lock);
	return f;
}

enum ak_severity ak_doc_worst(const struct doc *d, int *any)
{
	enum ak_severity w = AK_SEV_INFO;
	size_t i;
	*any = d->nfindings > 0;
	for (i = 0; i < d->nfindings; i++) {
		enum ak_severity s = ak_finding_severity(d->findings[i].id);
		if (s > w)
			w = s;
	}
	return w;
}

/*
 * Invariants of a document after any stage (run by the runner in debug
 * builds, and by tests).  Returns NULL when all hold, else a static
 * description of the first one broken.
 */
const char *ak_doc_invariant(const struct doc *d)
{
	size_t i, k;

	if (d->npages > d->cap_pages && d->cap_pages)
		return "npages > cap_pages";
	for (i = 0; i < d->npages; i++) {
		const struct ak_page *p = &d->pages[i];
		if (p->no != (int)i + 1)
			return "pages not numbered 1..n in order";
		if (p->text_len && !p->text)
			return "page text_len without text";
		if (p->text && p->text[p->text_len] != '\0')
			return "page text not NUL-terminated at text_len";
		if (p->mean_conf < 0 || p->mean_conf > 100)
			return "page mean_conf outside 0-100";
		for (k = 0; k < p->nwords; k++) {
			const struct ak_word *w = &p->words[k];
			if ((size_t)w->off + w->len > p->text_len)
				return "word outside its page text";
			if (w->text && memcmp(w->text, p->text + w->off, w->len) != 0)
				return "word text differs from page text at its offset";
			if (w->conf < 0 || w->conf > 100)
				return "word confidence outside 0-100";
			if (w->x1 < w->x0 || w->y1 < w->y0)
				return "word box inverted";
			if (p->nlines && w->line >= p->nlines)
				return "word line index out of range";
		}
		for (k = 0; k < p->nlines; k++) {
			const struct ak_line *l = &p->lines[k];
			if ((size_t)l->first_word + l->nwords > p->nwords)
				return "line words out of range";
			if ((size_t)l->off + l->len > p->text_len)
				return "line outside its page text";
		}
	}
	if (d->text && d->text[d->text_len] != '\0')
		return "document text not NUL-terminated";
	if (d->orig && d->orig[d->orig_len] != '\0')
		return "original text not NUL-terminated";
	if (d->nfindings > d->cap_findings)
		return "nfindings > cap_findings";
	for (i = 0; i < d->nfindings; i++)
		if ((unsigned)d->findings[i].id >= AK_F__COUNT)
			return "finding id out of range";
	return NULL;
}
