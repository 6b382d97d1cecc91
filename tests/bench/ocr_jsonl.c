/*
 * ocr_jsonl.c - recorded OCR (JSON Lines of `arkiv ocr --format json
 * --words`) back into OCR pages of a document; see ocr_jsonl.h.
 *
 * Why its own unit: every bench that measures a stage on real OCR needs
 * the same pages the OCR stage would have produced (text, lines, words,
 * boxes), and OCR is far too slow to re-run per measurement.  One loader,
 * shared, so the benches measure the same thing.
 *
 * A small cursor JSON parser (values into a scratch arena per record,
 * bounded depth, never reads past the end) and a page builder.  Word
 * offsets are found by searching each word's text in the page text from
 * the previous word's end, as the OCR stage wrote the text from the same
 * words; a word not found (never with arkiv's own output) gets an empty
 * span at the cursor so the document invariants still hold.
 */
#include "ocr_jsonl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jt t;
	double num;          /* J_NUM, J_BOOL */
	const char *s;       /* J_STR: UTF-8, NUL-terminated (scratch arena) */
	size_t slen;
	struct jv *kids;     /* J_ARR, J_OBJ */
	const char **keys;   /* J_OBJ */
	size_t n;
};

struct jp {
	const char *p, *end;
	struct ak_arena *a;
	int depth;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
	unsigned v = 0;
	int i;
	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct ak_buf *b, unsigned cp)
{
	char u[4];
	if (cp < 0x80) {
		ak_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		ak_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		ak_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		ak_buf_put(b, u, 4);
	}
}

/* At the opening quote; advances past the closing one. */
static int jstring(struct jp *j, struct jv *v)
{
	struct ak_buf b;
	const char *p = j->p + 1;
	ak_buf_init(&b, 0);
	while (p < j->end && *p != '"') {
		if (*p == '\\') {
			unsigned cp;
			if (++p >= j->end)
				break;
			switch (*p) {
			case 'n': ak_buf_putc(&b, '\n'); p++; break;
			case 't': ak_buf_putc(&b, '\t'); p++; break;
			case 'r': ak_buf_putc(&b, '\r'); p++; break;
			case 'b': ak_buf_putc(&b, '\b'); p++; break;
			case 'f': ak_buf_putc(&b, '\f'); p++; break;
			case 'u':
				if (hex4(p + 1, j->end, &cp)) {
					ak_buf_release(&b);
					return AK_EFORMAT;
				}
				p += 5;
				if (cp >= 0xD800 && cp < 0xDC00 && j->end - p >= 6 && p[0] == '\\' &&
				    p[1] == 'u') {
					unsigned lo;
					if (hex4(p + 2, j->end, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						p += 6;
					}
				}
				put_utf8(&b, cp);
				break;
			default: ak_buf_putc(&b, *p++); break; /* \" \\ \/ */
			}
		} else {
			const char *q = p;
			while (q < j->end && *q != '"' && *q != '\\')
				q++;
			ak_buf_put(&b, p, (size_t)(q - p));
			p = q;
		}
	}
	if (p >= j->end || b.err) {
		ak_buf_release(&b);
		return AK_EFORMAT;
	}
	v->t = J_STR;
	v->slen = b.len;
	v->s = ak_arena_strndup(j->a, b.ptr ? b.ptr : "", b.len);
	ak_buf_release(&b);
	j->p = p + 1;
	return v->s ? 0 : AK_ENOMEM;
}

/* Number: [-]digits[.digits][e[+-]digits], cursor style. */
static int jnumber(struct jp *j, struct jv *v)
{
	const char *p = j->p;
	double x = 0, scale = 1;
	int neg = 0, nd = 0;
	if (p < j->end && *p == '-')
		neg = 1, p++;
	while (p < j->end && *p >= '0' && *p <= '9')
		x = x * 10 + (*p++ - '0'), nd++;
	if (p < j->end && *p == '.') {
		p++;
		while (p < j->end && *p >= '0' && *p <= '9')
			x += (*p++ - '0') * (scale /= 10), nd++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, e = 0;
		p++;
		if (p < j->end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		while (p < j->end && *p >= '0' && *p <= '9' && e < 400)
			e = e * 10 + (*p++ - '0');
		while (e-- > 0)
			x = eneg ? x / 10 : x * 10;
	}
	if (!nd)
		return AK_EFORMAT;
	v->t = J_NUM;
	v->num = neg ? -x : x;
	j->p = p;
	return 0;
}

static int jvalue(struct jp *j, struct jv *v);

static int jcontainer(struct jp *j, struct jv *v, int obj)
{
	size_t cap = 0, capk = 0;
	char close = obj ? '}' : ']';
	int rc;
	v->t = obj ? J_OBJ : J_ARR;
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		struct jv key;
		ws(j);
		if (obj) {
			if (j->p >= j->end || *j->p != '"' || (rc = jstring(j, &key)) != 0)
				return AK_EFORMAT;
			ws(j);
			if (j->p >= j->end || *j->p != ':')
				return AK_EFORMAT;
			j->p++;
			if (!(v->keys = ak_arena_grow(j->a, v->keys, v->n, &capk, sizeof(*v->keys))))
				return AK_ENOMEM;
			v->keys[v->n] = key.s;
		}
		if (!(v->kids = ak_arena_grow(j->a, v->kids, v->n, &cap, sizeof(*v->kids))))
			return AK_ENOMEM;
		memset(&v->kids[v->n], 0, sizeof(*v->kids));
		if ((rc = jvalue(j, &v->kids[v->n])) != 0)
			return rc;
		v->n++;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		return AK_EFORMAT;
	}
}

static int jvalue(struct jp *j, struct jv *v)
{
	int rc;
	ws(j);
	if (j->p >= j->end || j->depth > 32)
		return AK_EFORMAT;
	switch (*j->p) {
	case '"': return jstring(j, v);
	case '{':
	case '[':
		j->depth++;
		rc = jcontainer(j, v, *j->p == '{');
		j->depth--;
		return rc;
	case 't':
	case 'f':
	case 'n': {
		static const char *const lit[] = { "true", "false", "null" };
		int k = *j->p == 't' ? 0 : *j->p == 'f' ? 1 : 2;
		size_t ln = strlen(lit[k]);
		if ((size_t)(j->end - j->p) < ln || memcmp(j->p, lit[k], ln) != 0)
			return AK_EFORMAT;
		j->p += ln;
		v->t = k == 2 ? J_NULL : J_BOOL;
		v->num = k == 0;
		return 0;
	}
	default: return jnumber(j, v);
	}
}

static const struct jv *get(const struct jv *o, const char *k)
{
	size_t i;
	if (!o || o->t != J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], k) == 0)
			return &o->kids[i];
	return NULL;
}

static double num(const struct jv *o, const char *k)
{
	const struct jv *v = get(o, k);
	return v && v->t == J_NUM ? v->num : 0;
}

/* box [x0,y0,x1,y1] */
static void box(const struct jv *o, int *x0, int *y0, int *x1, int *y1)
{
	const struct jv *b = get(o, "box");
	int *dst[4] = { x0, y0, x1, y1 };
	size_t i;
	for (i = 0; i < 4; i++)
		*dst[i] = b && b->t == J_ARR && i < b->n && b->kids[i].t == J_NUM ? (int)b->kids[i].num : 0;
	if (*x1 < *x0)
		*x1 = *x0;
	if (*y1 < *y0)
		*y1 = *y0;
}

static float conf(double c)
{
	return c < 0 ? 0.0f : c > 100 ? 100.0f : (float)c;
}

static int add_page(struct doc *d, const struct jv *pj)
{
	struct ak_page *pg = ak_doc_add_page(d);
	const struct jv *t = get(pj, "text"), *src = get(pj, "source"), *lines = get(pj, "lines");
	size_t capl = 0, capw = 0, cur = 0, i, k;

	if (!pg)
		return AK_ENOMEM;
	pg->src = AK_SRC_OCR;
	if (src && src->t == J_STR)
		pg->src = strcmp(src->s, "text") == 0 ? AK_SRC_TEXT
		        : strcmp(src->s, "pdf-text") == 0 ? AK_SRC_PDF_TEXT : AK_SRC_OCR;
	pg->source_index = (int)num(pj, "source_index");
	pg->width = (int)num(pj, "width");
	pg->height = (int)num(pj, "height");
	pg->dpi = (int)num(pj, "dpi");
	pg->rotation = (int)num(pj, "rotation");
	pg->skew = (float)num(pj, "skew");
	pg->mean_conf = conf(num(pj, "mean_conf"));
	pg->text = ak_arena_strndup(&d->arena, t && t->t == J_STR ? t->s : "",
	                            t && t->t == J_STR ? t->slen : 0);
	if (!pg->text)
		return AK_ENOMEM;
	pg->text_len = strlen(pg->text); /* a \u0000 in the text ends it */
	if (!lines || lines->t != J_ARR)
		return 0;
	for (i = 0; i < lines->n; i++) {
		const struct jv *lj = &lines->kids[i], *words = get(lj, "words");
		struct ak_line *ln;
		if (!(pg->lines = ak_arena_grow(&d->arena, pg->lines, pg->nlines, &capl, sizeof(*pg->lines))))
			return AK_ENOMEM;
		ln = &pg->lines[pg->nlines++];
		memset(ln, 0, sizeof(*ln));
		box(lj, &ln->x0, &ln->y0, &ln->x1, &ln->y1);
		ln->baseline = (int)num(lj, "baseline");
		ln->block = (uint32_t)num(lj, "block");
		ln->first_word = (uint32_t)pg->nwords;
		ln->off = (uint32_t)cur;
		for (k = 0; words && words->t == J_ARR && k < words->n; k++) {
			const struct jv *wj = &words->kids[k], *wt = get(wj, "text");
			const char *s = wt && wt->t == J_STR ? wt->s : "";
			size_t sl = strlen(s);
			const char *hit = sl ? strstr(pg->text + cur, s) : NULL;
			struct ak_word *w;
			if (!(pg->words = ak_arena_grow(&d->arena, pg->words, pg->nwords, &capw, sizeof(*pg->words))))
				return AK_ENOMEM;
			w = &pg->words[pg->nwords++];
			memset(w, 0, sizeof(*w));
			box(wj, &w->x0, &w->y0, &w->x1, &w->y1);
			w->conf = conf(num(wj, "conf"));
			w->line = (uint32_t)(pg->nlines - 1);
			if (hit) {
				w->off = (uint32_t)(hit - pg->text);
				w->len = (uint32_t)sl;
				w->text = ak_arena_strndup(&d->arena, s, sl);
				cur = w->off + sl;
			} else {
				w->off = (uint32_t)cur; /* not in the text: empty span */
				w->len = 0;
				w->text = ak_arena_strdup(&d->arena, "");
			}
			if (!w->text)
				return AK_ENOMEM;
			if (k == 0)
				ln->off = w->off;
			ln->nwords++;
		}
		ln->len = (uint32_t)(cur >= ln->off ? cur - ln->off : 0);
	}
	return 0;
}

size_t ak_ocr_jsonl_docname(const char *path, char *out, size_t cap)
{
	const char *b = strrchr(path, '/'), *e;
	size_t n;
	b = b ? b + 1 : path;
	e = strrchr(b, '.');
	if (!e || e == b)
		e = b + strlen(b);
	/* "-pNN" page suffix, or "-p*" of a page set (one record, all pages) */
	{
		const char *q = e;
		if (q > b && q[-1] == '*')
			q--;
		else
			while (q > b && q[-1] >= '0' && q[-1] <= '9')
				q--;
		if (q < e && q - b >= 2 && q[-1] == 'p' && q[-2] == '-')
			e = q - 2;
	}
	n = (size_t)(e - b);
	if (cap == 0)
		return 0;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(out, b, n);
	out[n] = '\0';
	return n;
}

long ak_ocr_jsonl_load(struct doc *d, const char *path, const char *docname)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long pages = 0;
	int rc = 0;

	if (!f)
		return AK_EIO;
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		struct ak_arena scratch;
		struct jp j;
		struct jv rec;
		const struct jv *pth, *pgs;
		char name[512];
		size_t i;

		ak_arena_init(&scratch, 0);
		memset(&rec, 0, sizeof(rec));
		j.p = line;
		j.end = line + n;
		j.a = &scratch;
		j.depth = 0;
		ws(&j);
		if (j.p >= j.end) {
			ak_arena_release(&scratch);
			continue;
		}
		if ((rc = jvalue(&j, &rec)) == 0) {
			pth = get(&rec, "path");
			pgs = get(&rec, "pages");
			if (!pth || pth->t != J_STR) {
				rc = AK_EFORMAT;
			} else {
				ak_ocr_jsonl_docname(pth->s, name, sizeof(name));
				if ((!docname || strcmp(name, docname) == 0) && pgs && pgs->t == J_ARR)
					for (i = 0; i < pgs->n && rc == 0; i++)
						if ((rc = add_page(d, &pgs->kids[i])) == 0)
							pages++;
			}
		}
		ak_arena_release(&scratch);
	}
	free(line);
	fclose(f);
	return rc ? rc : pages;
}
