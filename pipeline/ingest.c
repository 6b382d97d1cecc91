/*
 * ingest.c - the first stage: read one input file, decide what it is from
 * its bytes, hash it, and lay out its pages.
 *
 * Why a unit of its own: every later stage trusts what ingest set up -
 * d->format, d->size, d->hash (SHA-256 of the file's bytes), and one struct
 * ak_page per page, either with text (text files, sane PDF text layers) or
 * marked needs_ocr (images, scanned PDF pages).  Bad input stops here with
 * ONE failure naming the reason; the runner then goes on with the next file.
 *
 * Rules (docs/ingest.md has the long form):
 *   - The format comes from magic bytes, never from the name: PNG, JPEG,
 *     TIFF (one page per frame), PNM, BMP, PDF; anything else is read as
 *     text.  Known formats we do not read (GIF, ZIP/Office, ...) fail with
 *     their name.
 *   - Limits are checked before anything is decoded: file bytes
 *     (cfg.max_file_bytes), pixels per page (cfg.max_pixels, by
 *     ak_img_probe for images, from the page size for PDFs), pages
 *     (cfg.max_pages).
 *   - Truncation is caught from structure, cheaply: PNG must end in an IEND
 *     chunk, JPEG must hold an EOI marker near its end, every TIFF strip or
 *     tile must lie inside the file, a PDF must have %%EOF in its last
 *     1024 bytes (poppler silently rebuilds damaged files otherwise).
 *   - Text: decoded by textdec.c; CRLF and lone CR become LF; control
 *     characters other than TAB LF FF CR are dropped with a finding
 *     (a trailing DOS end-of-file SUB run is dropped silently); C1 controls
 *     are kept, since repair needs them to undo mojibake.  Pages split at
 *     '\f' (a '\f' at the very end does not open an empty page).
 *
 * After the pages exist ak_doc_join_pages() fills d->orig/d->text.  For
 * pages marked needs_ocr the text is empty here: the OCR stage (ocr.c)
 * fills page text and must call ak_doc_join_pages(d) again itself once
 * every page is OCR'd.
 *
 * Never prints; no global state; the only foreign calls go through
 * pdf.h (poppler), ocr_adapter.h (Leptonica probe) and textdec.h (iconv).
 */
#include "stages.h"
#include "pdf.h"
#include "sha256.h"
#include "textdec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEAD_BYTES 4096   /* enough for every magic number we test */
#define TAIL_BYTES 1024   /* %%EOF, IEND and EOI are looked for here */
#define CHUNK ((size_t)1 << 20)
#define TIFF_MAX_IFDS 100000

struct input {
	const char *path;               /* the file being read */
	int part;                       /* its index in a page set, else 0 */
	char hash[65];                  /* SHA-256 of its bytes, hex */
	int fd;
	uint64_t size;                  /* bytes read */
	unsigned char head[HEAD_BYTES]; /* the first min(size, HEAD_BYTES) */
	size_t nhead;
	unsigned char tail[TAIL_BYTES]; /* the last min(size, TAIL_BYTES) */
	size_t ntail;
	unsigned char *all;             /* whole file (text only), malloc'd */
};

/* ------------------------------------------------------------ reading */

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m)) return "a folder";
	if (S_ISFIFO(m)) return "a FIFO";
	if (S_ISSOCK(m)) return "a socket";
	if (S_ISCHR(m)) return "a character device";
	if (S_ISBLK(m)) return "a block device";
	return "not a regular file";
}

/* Read exactly n bytes at off (short only at end of file). */
static ssize_t pread_full(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Read the whole file once: hash every byte, keep head and tail, and keep
 * everything when keep_all (text).  The size is what was read, so a file
 * that grows or shrinks meanwhile is still hashed consistently. */
static int read_all(struct doc *d, struct input *in, size_t max, int keep_all)
{
	struct ak_sha256 sh;
	unsigned char *buf = NULL;
	size_t cap = 0;
	uint64_t off = 0;
	int rc = 0;

	ak_sha256_init(&sh);
	if (keep_all) {
		cap = in->size < max ? (size_t)in->size + 1 : max + 1;
		if (!(in->all = malloc(cap)))
			return ak_fail(d, AK_ENOMEM, "out of memory reading %llu bytes",
			               (unsigned long long)in->size);
	} else if (!(buf = malloc(CHUNK))) {
		return ak_fail(d, AK_ENOMEM, "out of memory");
	}
	for (;;) {
		unsigned char *dst;
		size_t want;
		ssize_t r;

		if (keep_all) {
			if (off >= cap) {
				unsigned char *nb;
				size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
				if (ncap <= cap) {
					rc = ak_fail(d, AK_ETOOBIG, "file grew past the limit of %zu bytes", max);
					break;
				}
				if (!(nb = realloc(in->all, ncap))) {
					rc = ak_fail(d, AK_ENOMEM, "out of memory reading the file");
					break;
				}
				in->all = nb;
				cap = ncap;
			}
			dst = in->all + off;
			want = cap - (size_t)off;
			if (want > CHUNK)
				want = CHUNK;
		} else {
			dst = buf;
			want = CHUNK;
		}
		r = pread_full(in->fd, dst, want, off);
		if (r < 0) {
			rc = ak_fail(d, AK_EIO, "cannot read: %s", strerror(errno));
			break;
		}
		if (r == 0)
			break;
		ak_sha256_update(&sh, dst, (size_t)r);
		/* Rolling tail: the last TAIL_BYTES of the stream. */
		if ((size_t)r >= TAIL_BYTES) {
			memcpy(in->tail, dst + r - TAIL_BYTES, TAIL_BYTES);
			in->ntail = TAIL_BYTES;
		} else {
			size_t keep = in->ntail + (size_t)r > TAIL_BYTES ? TAIL_BYTES - (size_t)r
			                                                 : in->ntail;
			memmove(in->tail, in->tail + in->ntail - keep, keep);
			memcpy(in->tail + keep, dst, (size_t)r);
			in->ntail = keep + (size_t)r;
		}
		off += (uint64_t)r;
		if (off > max) {
			rc = ak_fail(d, AK_ETOOBIG, "file is over the limit of %zu bytes", max);
			break;
		}
	}
	free(buf);
	if (rc)
		return rc;
	in->size = off;
	ak_sha256_final_hex(&sh, in->hash);
	return 0;
}

/* ------------------------------------------------------------ formats */

/* Formats recognised only to say that we do not read them. */
static const struct {
	const char *magic;
	size_t n;
	const char *name;
} unsupported[] = {
	{ "GIF87a", 6, "GIF image" },
	{ "GIF89a", 6, "GIF image" },
	{ "PK\x03\x04", 4, "ZIP archive (or Office document)" },
	{ "\x1F\x8B", 2, "gzip-compressed file" },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "MS Office 97-2003 document" },
	{ "{\\rtf", 5, "RTF document" },
	{ "\x00\x00\x00\x0CjP  ", 8, "JPEG 2000 image" },
	{ "\x7F" "ELF", 4, "executable (ELF)" },
};

static int has(const struct input *in, size_t at, const char *m, size_t n)
{
	return in->nhead >= at + n && memcmp(in->head + at, m, n) == 0;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* PNM: "P1".."P6", white space, then width (comments allowed) as digits. */
static int is_pnm(const struct input *in)
{
	size_t i = 2;
	if (in->nhead < 4 || in->head[0] != 'P' || in->head[1] < '1' || in->head[1] > '6' ||
	    !is_ws(in->head[2]))
		return 0;
	while (i < in->nhead) {
		if (is_ws(in->head[i])) {
			i++;
		} else if (in->head[i] == '#') {
			while (i < in->nhead && in->head[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	return i < in->nhead && in->head[i] >= '0' && in->head[i] <= '9';
}

/* BMP: "BM", reserved words zero, and a known DIB header size. */
static int is_bmp(const struct input *in)
{
	uint32_t dib;
	if (in->nhead < 18 || !has(in, 0, "BM", 2))
		return 0;
	if (in->head[6] || in->head[7] || in->head[8] || in->head[9])
		return 0;
	dib = (uint32_t)in->head[14] | (uint32_t)in->head[15] << 8 |
	      (uint32_t)in->head[16] << 16 | (uint32_t)in->head[17] << 24;
	return dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 ||
	       dib == 108 || dib == 124;
}

static int is_pdf(const struct input *in)
{
	/* The header may follow up to 1024 bytes of junk (PDF 1.7, 7.5.2). */
	size_t i, lim = in->nhead < 1024 ? in->nhead : 1024;
	for (i = 0; i + 5 <= lim; i++)
		if (memcmp(in->head + i, "%PDF-", 5) == 0)
			return 1;
	return 0;
}

static enum ak_format sniff(const struct input *in, const char **unsup)
{
	size_t i;

	*unsup = NULL;
	if (has(in, 0, "\x89PNG\r\n\x1A\n", 8))
		return AK_FMT_PNG;
	if (has(in, 0, "\xFF\xD8\xFF", 3))
		return AK_FMT_JPEG;
	if (has(in, 0, "II*\0", 4) || has(in, 0, "MM\0*", 4) ||
	    has(in, 0, "II+\0", 4) || has(in, 0, "MM\0+", 4))
		return AK_FMT_TIFF;
	if (is_pdf(in))
		return AK_FMT_PDF;
	if (is_bmp(in))
		return AK_FMT_BMP;
	if (is_pnm(in))
		return AK_FMT_PNM;
	for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (has(in, 0, unsupported[i].magic, unsupported[i].n)) {
			*unsup = unsupported[i].name;
			return AK_FMT_UNKNOWN;
		}
	return AK_FMT_TEXT;
}

/* ------------------------------------------------------------ truncation */

static int tail_has(const struct input *in, const char *m, size_t n, size_t within)
{
	size_t i, start = in->ntail > within ? in->ntail - within : 0;
	for (i = in->ntail >= n ? in->ntail - n + 1 : 0; i-- > start;)
		if (memcmp(in->tail + i, m, n) == 0)
			return 1;
	return 0;
}

/* Bounded reader over the file for the TIFF walk. */
struct tiff {
	int fd;
	uint64_t size;
	int be;      /* big-endian ("MM") */
	int big;     /* BigTIFF */
};

static int tiff_read(const struct tiff *t, uint64_t off, void *buf, size_t n)
{
	if (off > t->size || n > t->size - off)
		return -1;
	return pread_full(t->fd, buf, n, off) == (ssize_t)n ? 0 : -1;
}

static uint64_t tiff_uint(const struct tiff *t, const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;
	for (i = 0; i < n; i++)
		v |= (uint64_t)p[t->be ? n - 1 - i : i] << (8 * i);
	return v;
}

/* Values of a SHORT/LONG/LONG8 array tag; count capped by the caller. */
static int tiff_values(const struct tiff *t, const unsigned char *entry, uint64_t *v,
                       size_t maxv, size_t *nv)
{
	unsigned type = (unsigned)tiff_uint(t, entry + 2, 2);
	uint64_t count = tiff_uint(t, entry + 4, t->big ? 8 : 4);
	size_t w = type == 3 ? 2 : type == 4 ? 4 : type == 16 ? 8 : 0;
	size_t inl = t->big ? 8 : 4, i;
	unsigned char buf[8 * 64];

	*nv = 0;
	if (!w || count == 0)
		return w ? 0 : -1;
	if (count > maxv)
		count = maxv;
	if (count * w <= inl) {
		for (i = 0; i < count; i++)
			v[i] = tiff_uint(t, entry + (t->big ? 12 : 8) + i * w, w);
	} else {
		uint64_t off = tiff_uint(t, entry + (t->big ? 12 : 8), inl);
		if (tiff_read(t, off, buf, (size_t)count * w))
			return -1;
		for (i = 0; i < count; i++)
			v[i] = tiff_uint(t, buf + i * w, w);
	}
	*nv = (size_t)count;
	return 0;
}

/*
 * Walk the chain of image file directories; every strip/tile must lie
 * inside the file.  Only the first 64 strips of a frame are checked (a
 * truncated file loses its last bytes, which the last strip's end shows in
 * practice only when strips are in order; the end of any checked strip past
 * EOF is proof enough).  Returns 0 or a failure set on d.
 */
static int tiff_check(struct doc *d, const struct input *in, size_t max_frames,
                      int *nframes)
{
	struct tiff t = { in->fd, in->size, in->head[0] == 'M', in->head[2] == '+' || in->head[3] == '+' };
	uint64_t ifd, seen[64];
	int frame = 0;

	*nframes = 0;
	if (t.big)
		ifd = in->nhead >= 16 ? tiff_uint(&t, in->head + 8, 8) : UINT64_MAX;
	else
		ifd = in->nhead >= 8 ? tiff_uint(&t, in->head + 4, 4) : UINT64_MAX;
	while (ifd != 0) {
		unsigned char cnt[8], e[20];
		uint64_t n, k, off[64] = { 0 }, len[64] = { 0 };
		size_t noff = 0, nlen = 0, esz = t.big ? 20 : 12, i;

		for (i = 0; i < (size_t)frame && i < 64; i++)
			if (seen[i] == ifd)
				return ak_fail(d, AK_EFORMAT, "damaged TIFF: the directory after frame %d loops "
				               "back to frame %zu", frame, i + 1);
		if (frame < 64)
			seen[frame] = ifd;
		if ((size_t)frame >= max_frames || frame >= TIFF_MAX_IFDS)
			return ak_fail(d, AK_ETOOBIG, "TIFF with more than %zu frames, over the page "
			               "limit (or a directory loop)", max_frames);
		if (tiff_read(&t, ifd, cnt, t.big ? 8 : 2))
			return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d directory at byte %llu "
			               "is past the end (%llu bytes)", frame + 1,
			               (unsigned long long)ifd, (unsigned long long)t.size);
		n = tiff_uint(&t, cnt, t.big ? 8 : 2);
		if (n > (t.size - ifd) / esz)
			return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d directory is cut "
			               "off", frame + 1);
		for (k = 0; k < n; k++) {
			unsigned tag;
			uint64_t eoff = ifd + (t.big ? 8 : 2) + k * esz;
			if (tiff_read(&t, eoff, e, esz))
				return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d directory is cut "
				               "off", frame + 1);
			tag = (unsigned)tiff_uint(&t, e, 2);
			if ((tag == 273 || tag == 324) && tiff_values(&t, e, off, 64, &noff))
				return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d strip offsets are "
				               "past the end", frame + 1);
			if ((tag == 279 || tag == 325) && tiff_values(&t, e, len, 64, &nlen))
				return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d strip sizes are "
				               "past the end", frame + 1);
		}
		for (i = 0; i < noff && i < nlen; i++)
			if (off[i] > t.size || len[i] > t.size - off[i])
				return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d image data ends at "
				               "byte %llu, the file has %llu", frame + 1,
				               (unsigned long long)(off[i] + len[i]),
				               (unsigned long long)t.size);
		frame++;
		{
			unsigned char nx[8];
			uint64_t at = ifd + (t.big ? 8 : 2) + n * esz;
			if (tiff_read(&t, at, nx, t.big ? 8 : 4))
				return ak_fail(d, AK_EFORMAT, "truncated TIFF: frame %d directory is cut "
				               "off", frame);
			ifd = tiff_uint(&t, nx, t.big ? 8 : 4);
		}
	}
	*nframes = frame;
	return 0;
}

static int image_tail_check(struct doc *d, const struct input *in)
{
	switch (d->format) {
	case AK_FMT_PNG:
		/* The IEND chunk: length 0, "IEND", CRC AE 42 60 82. */
		if (!tail_has(in, "IEND\xAE\x42\x60\x82", 8, TAIL_BYTES))
			return ak_fail(d, AK_EFORMAT, "truncated PNG (no IEND chunk at the end)");
		return 0;
	case AK_FMT_JPEG:
		if (!tail_has(in, "\xFF\xD9", 2, TAIL_BYTES))
			return ak_fail(d, AK_EFORMAT, "truncated JPEG (no end-of-image marker)");
		return 0;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------ images */

static int ingest_image(struct ak_ctx *ctx, struct doc *d, const struct input *in)
{
	char why[256] = "";
	enum ak_format fmt = AK_FMT_UNKNOWN;
	int npages = 0, w = 0, h = 0, dpi = 0, rc, i, tframes = 0;

	/* The cheap structural check first: a truncated file is named as such,
	 * and image libraries never see it. */
	if ((rc = image_tail_check(d, in)) != 0)
		return rc;
	if (d->format == AK_FMT_TIFF &&
	    (rc = tiff_check(d, in, ctx->cfg.max_pages, &tframes)) != 0)
		return rc;
	rc = ak_img_probe(in->path, ctx->cfg.max_pixels ? ctx->cfg.max_pixels : SIZE_MAX,
	                  &fmt, &npages, &w, &h, &dpi, why, sizeof(why));
	if (rc < 0)
		return ak_fail(d, rc, "%s", why[0] ? why : ak_strerror(rc));
	if (d->format == AK_FMT_TIFF && tframes > npages)
		npages = tframes;
	if (npages < 1)
		npages = 1;
	if ((size_t)npages + d->npages > ctx->cfg.max_pages)
		return ak_fail(d, AK_ETOOBIG, "%zu pages, over the limit of %zu pages",
		               (size_t)npages + d->npages, ctx->cfg.max_pages);
	for (i = 0; i < npages; i++) {
		struct ak_page *p = ak_doc_add_page(d);
		if (!p)
			return ak_fail(d, AK_ENOMEM, "out of memory adding page %d", i + 1);
		p->needs_ocr = 1;
		p->src = AK_SRC_OCR;
		p->source_index = i;
		p->part = in->part;
		if (i == 0) { /* other frames: the OCR stage reads their size */
			p->width = w;
			p->height = h;
			p->dpi = dpi;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ PDF */

static int ingest_pdf(struct ak_ctx *ctx, struct doc *d, const struct input *in)
{
	struct ak_pdf *pdf = NULL;
	char why[512] = "";
	int rc, n, i, dpi = ctx->cfg.render_dpi > 0 ? ctx->cfg.render_dpi : 300;

	rc = ak_pdf_open(&pdf, in->path, why, sizeof(why));
	if (rc < 0)
		return ak_fail(d, rc, "%s", why[0] ? why : ak_strerror(rc));
	if (!tail_has(in, "%%EOF", 5, TAIL_BYTES)) {
		ak_pdf_close(&pdf);
		return ak_fail(d, AK_EFORMAT, "damaged PDF: truncated (no %%%%EOF in its last "
		               "%d bytes)", TAIL_BYTES);
	}
	n = ak_pdf_npages(pdf);
	if (n <= 0) {
		ak_pdf_close(&pdf);
		return ak_fail(d, AK_EEMPTY, "PDF has no pages");
	}
	if ((size_t)n > ctx->cfg.max_pages) {
		ak_pdf_close(&pdf);
		return ak_fail(d, AK_ETOOBIG, "%d pages, over the limit of %zu", n,
		               ctx->cfg.max_pages);
	}
	for (i = 0; i < n; i++) {
		struct ak_page *p = ak_doc_add_page(d);
		if (!p) {
			rc = ak_fail(d, AK_ENOMEM, "out of memory adding page %d", i + 1);
			break;
		}
		rc = ak_pdf_page_text(pdf, i, dpi, d, p);
		if (rc < 0) {
			rc = ak_fail(d, rc, "page %d: %s", i + 1,
			             rc == AK_ENOMEM ? "out of memory" : "cannot be read");
			break;
		}
		p->source_index = i;
		if (rc == 0) {
			p->needs_ocr = 1;
			p->src = AK_SRC_OCR;
			p->dpi = dpi;
			if (ctx->cfg.max_pixels &&
			    (size_t)p->width * (size_t)p->height > ctx->cfg.max_pixels) {
				rc = ak_fail(d, AK_ETOOBIG, "page %d is %dx%d pixels at %d dpi, over the "
				             "limit of %zu", i + 1, p->width, p->height, dpi,
				             ctx->cfg.max_pixels);
				break;
			}
		}
		rc = 0;
	}
	ak_pdf_close(&pdf);
	return rc;
}

/* ------------------------------------------------------------ text */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Lines and words of one page of text (words split at ASCII space and TAB;
 * blocks numbered by blank lines). */
static int text_page(struct doc *d, struct ak_page *p, const char *s, size_t n)
{
	size_t i, nl = 0, nw = 0, at, capl = 1, capw = 0;
	char *t;
	uint32_t block = 0;
	int prev_blank = 0;

	for (i = 0; i < n; i++) {
		capl += s[i] == '\n';
		capw += !is_space(s[i]) && s[i] != '\n' && (i == 0 || is_space(s[i - 1]) ||
		                                             s[i - 1] == '\n');
	}
	t = ak_arena_alloc(&d->arena, n + 2);
	p->lines = ak_arena_array(&d->arena, capl, sizeof(*p->lines));
	p->words = ak_arena_array(&d->arena, capw ? capw : 1, sizeof(*p->words));
	if (!t || !p->lines || !p->words)
		return AK_ENOMEM;
	memcpy(t, s, n);
	if (n && t[n - 1] != '\n')
		t[n++] = '\n'; /* lines end in '\n' */
	t[n] = '\0';
	p->text = t;
	p->text_len = n;

	for (at = 0; at < n;) {
		struct ak_line *l = &p->lines[nl];
		size_t e = at;
		while (e < n && t[e] != '\n')
			e++;
		memset(l, 0, sizeof(*l));
		l->off = (uint32_t)at;
		l->len = (uint32_t)(e - at);
		l->first_word = (uint32_t)nw;
		{
			size_t k = at;
			int blank = 1;
			while (k < e) {
				size_t ws;
				struct ak_word *w;
				while (k < e && is_space(t[k]))
					k++;
				if (k >= e)
					break;
				ws = k;
				while (k < e && !is_space(t[k]))
					k++;
				w = &p->words[nw++];
				memset(w, 0, sizeof(*w));
				w->off = (uint32_t)ws;
				w->len = (uint32_t)(k - ws);
				w->conf = 100.0f;
				w->line = (uint32_t)nl;
				if (!(w->text = ak_arena_strndup(&d->arena, t + ws, k - ws)))
					return AK_ENOMEM;
				l->nwords++;
				blank = 0;
			}
			if (!blank && prev_blank && nl)
				block++;
			prev_blank = blank;
		}
		l->block = block;
		nl++;
		at = e + 1;
	}
	p->nlines = nl;
	p->nwords = nw;
	p->src = AK_SRC_TEXT;
	p->mean_conf = 100.0f;
	return 0;
}

static int ingest_text(struct ak_ctx *ctx, struct doc *d, const struct input *in)
{
	char *u, *o;
	size_t ulen, i, n = 0, start, npages = 0, dropped = 0;
	const char *enc = NULL;
	int guessed = 0, rc, page = 1, first_drop_page = 0;

	rc = ak_text_decode(&d->arena, in->all, (size_t)in->size, &u, &ulen, &enc, &guessed);
	if (rc == AK_ENOTTEXT)
		d->format = AK_FMT_UNKNOWN;
	if (rc == AK_ENOTTEXT && enc)
		return ak_fail(d, AK_ENOTTEXT, "not text (invalid %s)", enc);
	if (rc == AK_ENOTTEXT)
		return ak_fail(d, AK_ENOTTEXT, "not text (binary data)");
	if (rc < 0)
		return ak_fail(d, rc, "cannot decode text: %s", ak_strerror(rc));
	d->encoding = enc;
	if (guessed)
		ak_finding_add(d, AK_F_ENCODING_GUESSED, 0, 0, "textdec-score",
		               "encoding guessed: %s", enc);

	/* Normalise into a copy: CRLF and CR -> LF, controls dropped. */
	if (!(o = ak_arena_alloc(&d->arena, ulen + 1)))
		return ak_fail(d, AK_ENOMEM, "out of memory");
	while (ulen && u[ulen - 1] == 0x1A)
		ulen--; /* DOS end-of-file marker */
	for (i = 0; i < ulen; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c == '\r') {
			if (i + 1 < ulen && u[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if (c == '\f') {
			page++;
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
			dropped++;
			if (!first_drop_page)
				first_drop_page = page;
			continue;
		}
		o[n++] = (char)c;
	}
	o[n] = '\0';
	if (dropped)
		ak_finding_add(d, AK_F_TEXT_CONTROL_CHARS, first_drop_page, 0, "ingest-control-chars",
		               "%zu control characters dropped (first on page %d)", dropped,
		               first_drop_page);

	for (i = 0; i < n; i++)
		if (!(o[i] == ' ' || o[i] == '\t' || o[i] == '\n' || o[i] == '\f'))
			break;
	if (i == n)
		return ak_fail(d, AK_EEMPTY, n ? "no content (only white space)"
		                               : "no content (only a byte-order mark or controls)");

	/* Count pages first: a failure leaves no half-built document. */
	for (i = 0, npages = 1; i < n; i++)
		npages += o[i] == '\f' && i + 1 < n;
	if (npages > ctx->cfg.max_pages)
		return ak_fail(d, AK_ETOOBIG, "%zu pages, more than the limit of %zu", npages,
		               ctx->cfg.max_pages);
	npages = 0;
	for (start = 0, i = 0; i <= n; i++) {
		struct ak_page *p;
		if (i < n && o[i] != '\f')
			continue;
		if (i == n && start == n && npages)
			break; /* '\f' at the very end */
		npages++;
		if (!(p = ak_doc_add_page(d)))
			return ak_fail(d, AK_ENOMEM, "out of memory adding page %zu", npages);
		p->source_index = (int)npages - 1;
		if (text_page(d, p, o + start, i - start) != 0)
			return ak_fail(d, AK_ENOMEM, "out of memory on page %zu", npages);
		start = i + 1;
	}
	return 0;
}

/* ------------------------------------------------------------ the stage */

/* Read one file into d: the document's only file, or part `part` of a page
 * set (then only an image, of the same format as the set's first page). */
static int ingest_file(struct ak_ctx *ctx, struct doc *d, struct input *in)
{
	struct stat st;
	const char *unsup = NULL;
	enum ak_format fmt;
	ssize_t r;
	int rc;

	in->fd = open(in->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (in->fd < 0)
		return ak_fail(d, AK_EIO, "cannot open: %s", strerror(errno));
	if (fstat(in->fd, &st) != 0)
		return ak_fail(d, AK_EIO, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ak_fail(d, AK_EIO, "cannot read: %s", kind_of(st.st_mode));
	if (st.st_size == 0)
		return ak_fail(d, AK_EEMPTY, "empty file (0 bytes)");
	in->size = (uint64_t)st.st_size;
	if (ctx->cfg.max_file_bytes && in->size > ctx->cfg.max_file_bytes)
		return ak_fail(d, AK_ETOOBIG, "file is %llu bytes, over the limit of %zu",
		               (unsigned long long)in->size, ctx->cfg.max_file_bytes);
	r = pread_full(in->fd, in->head, sizeof(in->head), 0);
	if (r < 0)
		return ak_fail(d, AK_EIO, "cannot read: %s", strerror(errno));
	in->nhead = (size_t)r;
	fmt = sniff(in, &unsup);
	if (unsup)
		return ak_fail(d, AK_EFORMAT, "unsupported format (%s)", unsup);
	if (in->part == 0)
		d->format = fmt;
	else if (fmt != d->format)
		return ak_fail(d, AK_EFORMAT, "a %s among %s pages", ak_format_name(fmt),
		               ak_format_name(d->format));
	if (d->nparts && (fmt == AK_FMT_TEXT || fmt == AK_FMT_PDF))
		return ak_fail(d, AK_EFORMAT, "a page set holds images only, this is %s",
		               ak_format_name(fmt));
	rc = read_all(d, in, ctx->cfg.max_file_bytes ? ctx->cfg.max_file_bytes : SIZE_MAX - 1,
	              fmt == AK_FMT_TEXT);
	if (rc)
		return rc;
	if (in->size == 0)
		return ak_fail(d, AK_EEMPTY, "empty file (0 bytes)");

	switch (fmt) {
	case AK_FMT_TEXT:
		return ingest_text(ctx, d, in);
	case AK_FMT_PDF:
		return ingest_pdf(ctx, d, in);
	default:
		return ingest_image(ctx, d, in);
	}
}

int ak_stage_ingest(struct ak_ctx *ctx, struct doc *d)
{
	struct ak_sha256 sh;
	size_t i, n = d->nparts ? d->nparts : 1;
	uint64_t total = 0;
	int rc = 0;

	/* A page set's hash is the SHA-256 of its pages' hashes in order, so a
	 * changed, added or removed page makes it a changed document. */
	ak_sha256_init(&sh);
	for (i = 0; i < n && rc == 0; i++) {
		struct input in;

		memset(&in, 0, sizeof(in));
		in.fd = -1;
		in.part = (int)i;
		in.path = d->nparts ? d->parts[i] : d->path;
		rc = ingest_file(ctx, d, &in);
		if (rc == 0) {
			total += in.size;
			if (!d->nparts) {
				memcpy(d->hash, in.hash, sizeof(d->hash));
			} else {
				ak_sha256_update(&sh, (const unsigned char *)in.hash, 64);
				ak_sha256_update(&sh, (const unsigned char *)"\n", 1);
			}
		} else if (d->nparts) {
			/* Name the page file: the document's path is the set's. */
			char msg[sizeof(d->errmsg)];
			const char *base = strrchr(in.path, '/');
			snprintf(msg, sizeof(msg), "%s", d->errmsg);
			snprintf(d->errmsg, sizeof(d->errmsg), "page %zu (%.120s): %.360s", i + 1,
			         base ? base + 1 : in.path, msg);
		}
		free(in.all);
		if (in.fd >= 0)
			close(in.fd);
	}
	if (rc == 0) {
		d->size = total;
		if (d->nparts)
			ak_sha256_final_hex(&sh, d->hash);
	}
	if (rc == 0 && ak_doc_join_pages(d) != 0)
		rc = d->err ? d->err : AK_ENOMEM;
	if (rc)
		d->npages = 0; /* a failure leaves no half-built page list */
	return rc;
}
