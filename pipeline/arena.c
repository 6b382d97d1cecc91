/*
 * arena.c - the per-document arena and the capped buffer.
 *
 * Why: everything derived from one input dies with it, so a bump allocator
 * freed at once is both faster and simpler than tracking each block.  The
 * AK_ARENA_MALLOC build turns every allocation into its own malloc block so
 * that ASan and valgrind see true bounds; behaviour is otherwise identical.
 *
 * Invariants: arena memory is zeroed and aligned to max_align_t; a failed
 * allocation returns NULL and sets the sticky `failed` flag; the buffer never
 * grows past its cap and stays NUL-terminated.
 */
#include "arkiv.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <time.h>

#define AK_ALIGN (alignof(max_align_t))
#define AK_CHUNK_MIN ((size_t)64 * 1024)

struct ak_arena_chunk {
	struct ak_arena_chunk *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

void ak_arena_keep_memory(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
	/* A document's arena (and its page images) is freed in one go and the
	 * next document needs as much again: by default glibc returns the
	 * freed top of the heap to the kernel and maps chunks of 128 KiB and
	 * more afresh each time, so every document pays for zero-filled
	 * pages again (a quarter of the repair stage's time on a 15 kB text).
	 * Keep up to 64 MiB of freed memory; map only blocks of 32 MiB and
	 * more (large page images) on their own. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

void ak_arena_init(struct ak_arena *a, size_t limit)
{
	memset(a, 0, sizeof(*a));
	a->limit = limit;
}

void ak_arena_release(struct ak_arena *a)
{
	struct ak_arena_chunk *c = a->head;
	while (c) {
		struct ak_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

static size_t round_up(size_t n)
{
	return (n + AK_ALIGN - 1) & ~(AK_ALIGN - 1);
}

void *ak_arena_alloc(struct ak_arena *a, size_t n)
{
	struct ak_arena_chunk *c;
	size_t need;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2 || (a->limit && a->used + n > a->limit)) {
		a->failed = 1;
		return NULL;
	}
	need = round_up(n);
#ifdef AK_ARENA_MALLOC
	c = malloc(sizeof(*c) + need);
	if (!c) {
		a->failed = 1;
		return NULL;
	}
	c->size = need;
	c->used = need;
	c->next = a->head;
	a->head = c;
	a->used += n;
	memset(c->data, 0, need);
	return c->data;
#else
	c = a->head;
	if (!c || c->size - c->used < need) {
		size_t sz = need > AK_CHUNK_MIN ? need : AK_CHUNK_MIN;
		c = malloc(sizeof(*c) + sz);
		if (!c) {
			a->failed = 1;
			return NULL;
		}
		c->size = sz;
		c->used = 0;
		/* A big one-off block goes behind the head so the head's free
		 * space is not wasted. */
		if (a->head && sz == need && a->head->size - a->head->used > AK_CHUNK_MIN / 4) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	{
		void *p = c->data + c->used;
		c->used += need;
		a->used += n;
		memset(p, 0, need);
		return p;
	}
#endif
}

void *ak_arena_array(struct ak_arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		a->failed = 1;
		return NULL;
	}
	return ak_arena_alloc(a, count * size);
}

void *ak_arena_grow(struct ak_arena *a, void *old, size_t count, size_t *cap,
                    size_t size)
{
	size_t ncap;
	void *p;

	if (count < *cap && old)
		return old;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap <= count)
		ncap *= 2;
	p = ak_arena_array(a, ncap, size);
	if (!p)
		return NULL;
	if (old && count)
		memcpy(p, old, count * size);
	*cap = ncap;
	return p;
}

char *ak_arena_strndup(struct ak_arena *a, const char *s, size_t n)
{
	char *p = ak_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ak_arena_strdup(struct ak_arena *a, const char *s)
{
	return ak_arena_strndup(a, s, strlen(s));
}

char *ak_arena_printf(struct ak_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = ak_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* ------------------------------------------------------------------ buf */

void ak_buf_init(struct ak_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : AK_BUF_DEFAULT_MAX;
}

void ak_buf_release(struct ak_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}

void ak_buf_reset(struct ak_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

static int buf_reserve(struct ak_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (b->err)
		return b->err;
	if (!b->max)
		b->max = AK_BUF_DEFAULT_MAX;
	if (extra > b->max - b->len)
		return b->err = AK_ELIMIT;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = realloc(b->ptr, ncap);
	if (!p)
		return b->err = AK_ENOMEM;
	b->ptr = p;
	b->cap = ncap;
	return 0;
}

int ak_buf_put(struct ak_buf *b, const char *s, size_t n)
{
	int rc = buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int ak_buf_puts(struct ak_buf *b, const char *s)
{
	return ak_buf_put(b, s, strlen(s));
}

int ak_buf_putc(struct ak_buf *b, char c)
{
	return ak_buf_put(b, &c, 1);
}

int ak_buf_vprintf(struct ak_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return b->err = AK_EINVAL;
	if ((rc = buf_reserve(b, (size_t)n)) != 0)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int ak_buf_printf(struct ak_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = ak_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

/* Length of a valid UTF-8 sequence at s (1-4), or 0 if invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, cp = c & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

int ak_buf_json_str(struct ak_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	ak_buf_putc(b, '"');
	while (p < end) {
		size_t run = 0;
		while (p + run < end && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' &&
		       p[run] != '\\')
			run++;
		if (run) {
			ak_buf_put(b, (const char *)p, run);
			p += run;
			continue;
		}
		if (*p >= 0x80) {
			size_t k = utf8_valid_len(p, (size_t)(end - p));
			if (k) {
				ak_buf_put(b, (const char *)p, k);
				p += k;
			} else {
				ak_buf_puts(b, "\xef\xbf\xbd");
				p++;
			}
			continue;
		}
		switch (*p) {
		case '"': ak_buf_puts(b, "\\\""); break;
		case '\\': ak_buf_puts(b, "\\\\"); break;
		case '\n': ak_buf_puts(b, "\\n"); break;
		case '\t': ak_buf_puts(b, "\\t"); break;
		case '\r': ak_buf_puts(b, "\\r"); break;
		case '\f': ak_buf_puts(b, "\\f"); break;
		default: ak_buf_printf(b, "\\u%04x", *p); break;
		}
		p++;
	}
	return ak_buf_putc(b, '"');
}

char *ak_buf_detach(struct ak_buf *b, size_t *len)
{
	char *p = b->ptr;
	if (!p) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

double ak_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
