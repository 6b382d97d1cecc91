/*
 * pdf_poppler.c - the PDF adapter: poppler-glib behind pipeline/pdf.h.
 *
 * Why a unit of its own: it is the only file that includes poppler, glib or
 * cairo.  It turns GError into AK_E* codes, copies text and boxes into the
 * document's arena and frees every poppler object in the same function.
 *
 * The text layer of a page is used only when it is "sane" (pdf_sanity()):
 *   - at least AK_PDF_MIN_CHARS visible characters (else the page is an
 *     image-only scan or blank: it is OCR'd, without a finding);
 *   - not a scan with a stray stamp: when images cover >= 50% of the page and
 *     there are fewer than AK_PDF_SCAN_CHARS visible characters, OCR it;
 *   - at most 5% U+FFFD, private-use or control characters (fonts without
 *     a usable ToUnicode map), no "(cid:NN)" runs;
 *   - at least 50% of visible characters letters or digits;
 *   - plausible words: mean length <= 20 characters, and not mostly
 *     one-letter "words" (letter-spaced extraction, "b e s l u t").
 * A rejected layer gives the finding AK_F_PDF_TEXT_INSANE naming the rule,
 * and the page is rendered and OCR'd instead.
 *
 * Coordinates: poppler reports points (1/72 in) from the top left of the
 * page; words and lines get pixels at the dpi the page would be rendered
 * at, so text-layer and OCR'd pages share one model.  Page rotation
 * (/Rotate) is applied by poppler to text layout and rendering alike.
 *
 * Threads: a struct ak_pdf belongs to one thread.  Poppler's global
 * parameters are set up on first use, so opening is serialised by one
 * process-wide mutex; poppler's diagnostics are routed to a no-op glib log
 * handler installed once (stages never print).
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AK_PDF_MIN_CHARS 3
#define AK_PDF_SCAN_CHARS 200

struct ak_pdf {
	PopplerDocument *doc;
	int npages;
};

/* ------------------------------------------------------------ quiet poppler */

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

static void log_nothing(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                        gpointer ud)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)ud;
}

static void quiet_init(void)
{
	g_log_set_handler("Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
	                  G_LOG_FLAG_RECURSION), log_nothing, NULL);
}

/* ------------------------------------------------------------ open / close */

int ak_pdf_open(struct ak_pdf **out, const char *path, char *why, size_t whylen)
{
	GError *err = NULL;
	PopplerDocument *doc;
	struct ak_pdf *pdf;
	int rc, fd;

	*out = NULL;
	if (whylen)
		why[0] = '\0';
	pthread_once(&quiet_once, quiet_init);
	/* poppler takes ownership of the descriptor (closed with the doc). */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "cannot open: %s", strerror(errno));
		return AK_EIO;
	}
	pthread_mutex_lock(&open_lock);
	doc = poppler_document_new_from_fd(fd, NULL, &err);
	pthread_mutex_unlock(&open_lock);
	if (!doc) {
		if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED) {
			snprintf(why, whylen, "encrypted PDF (password protected)");
			rc = AK_EENCRYPTED;
		} else if (err && err->domain == G_FILE_ERROR) {
			snprintf(why, whylen, "%s", err->message);
			rc = AK_EIO;
		} else {
			snprintf(why, whylen, "damaged PDF: %s",
			         err && err->message ? err->message : "poppler cannot read it");
			rc = AK_EFORMAT;
		}
		g_clear_error(&err);
		return rc;
	}
	pdf = calloc(1, sizeof(*pdf));
	if (!pdf) {
		g_object_unref(doc);
		return AK_ENOMEM;
	}
	pdf->doc = doc;
	pdf->npages = poppler_document_get_n_pages(doc);
	*out = pdf;
	return 0;
}

void ak_pdf_close(struct ak_pdf **pdf)
{
	if (!*pdf)
		return;
	if ((*pdf)->doc)
		g_object_unref((*pdf)->doc);
	free(*pdf);
	*pdf = NULL;
}

int ak_pdf_npages(const struct ak_pdf *pdf)
{
	return pdf ? pdf->npages : 0;
}

/* ------------------------------------------------------------ sanity */

struct stats {
	size_t visible;   /* non-space characters */
	size_t alnum;     /* letters and digits */
	size_t bad;       /* U+FFFD, private use, controls */
	size_t cid;       /* "(cid:" runs */
	size_t words, word_chars, one_char_words;
};

static int is_space_cp(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       g_unichar_isspace(c);
}

static void text_stats(const char *t, struct stats *st)
{
	const char *p;
	size_t wlen = 0;

	memset(st, 0, sizeof(*st));
	for (p = t; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (is_space_cp(c)) {
			if (wlen) {
				st->words++;
				st->word_chars += wlen;
				st->one_char_words += wlen == 1;
			}
			wlen = 0;
			continue;
		}
		wlen++;
		st->visible++;
		if (g_unichar_isalnum(c))
			st->alnum++;
		if (c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 ||
		    g_unichar_iscntrl(c))
			st->bad++;
		if (c == '(' && strncmp(p, "(cid:", 5) == 0)
			st->cid++;
	}
	if (wlen) {
		st->words++;
		st->word_chars += wlen;
		st->one_char_words += wlen == 1;
	}
}

/* Returns NULL when sane, else the rule that rejects the layer. */
static const char *pdf_sanity(const struct stats *st)
{
	if (st->bad * 20 > st->visible)
		return "pdf-sane-bad-chars";
	if (st->cid > 0)
		return "pdf-sane-cid";
	if (st->alnum * 2 < st->visible)
		return "pdf-sane-letters";
	if (st->words && st->word_chars > 20 * st->words)
		return "pdf-sane-word-length";
	if (st->words >= 20 && st->one_char_words * 10 > st->words * 6)
		return "pdf-sane-spaced-letters";
	return NULL;
}

/* Share (0..1) of the page area covered by images. */
static double image_cover(PopplerPage *page, double pw, double ph)
{
	GList *maps = poppler_page_get_image_mapping(page), *l;
	double area = 0;

	for (l = maps; l; l = l->next) {
		PopplerImageMapping *m = l->data;
		double w = m->area.x2 - m->area.x1, h = m->area.y2 - m->area.y1;
		if (w < 0)
			w = -w;
		if (h < 0)
			h = -h;
		area += w * h;
	}
	poppler_page_free_image_mapping(maps);
	return pw > 0 && ph > 0 ? area / (pw * ph) : 0;
}

/* ------------------------------------------------------------ text layer */

static int px(double pt, int dpi)
{
	double v = pt * dpi / 72.0;
	if (v < 0)
		v = 0;
	if (v > 1e9)
		v = 1e9;
	return (int)(v + 0.5);
}

/*
 * Page text in reading order from poppler's text and per-character boxes.
 *
 * poppler_page_get_text() returns text "fragments" (one per output line):
 * running text comes one printed line per fragment, but a table comes one
 * column at a time.  So the page is rebuilt from geometry:
 *   1. words are runs of non-space characters of a fragment, each with the
 *      union of its characters' boxes; a fragment also ends where the next
 *      character is off the line, goes backwards, or follows a gap wider
 *      than the text height (poppler may glue two table columns);
 *   2. fragments are grouped into printed lines: sorted by vertical centre,
 *      a fragment joins the current line when their vertical extents overlap
 *      by at least half the smaller height;
 *   3. within a line fragments are ordered left to right and joined by TAB
 *      (a column gap) - by a space after a list mark such as "•" or "3." -
 *      and words within a fragment by one space;
 *   4. a vertical gap over 1.5 line heights starts a new block.
 * If poppler's box count does not match its text (never seen, but not
 * promised) or the text runs vertically on the displayed page, poppler's
 * own order is kept.
 */
struct pw {          /* a word while building */
	size_t off, len; /* bytes in poppler's text */
	int x0, y0, x1, y1;
};

struct frag {
	size_t first, n; /* words */
	int x0, y0, x1, y1;
	size_t line;     /* printed line after grouping */
};

static int frag_by_y(const void *a, const void *b)
{
	const struct frag *fa = *(const struct frag *const *)a, *fb = *(const struct frag *const *)b;
	long ca = (long)fa->y0 + fa->y1, cb = (long)fb->y0 + fb->y1;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	return fa->x0 < fb->x0 ? -1 : fa->x0 > fb->x0;
}

static int frag_by_line_x(const void *a, const void *b)
{
	const struct frag *fa = *(const struct frag *const *)a, *fb = *(const struct frag *const *)b;
	if (fa->line != fb->line)
		return fa->line < fb->line ? -1 : 1;
	if (fa->x0 != fb->x0)
		return fa->x0 < fb->x0 ? -1 : 1;
	return fa->first < fb->first ? -1 : fa->first > fb->first;
}

/* A list mark set off by indentation ("•", "–", "3.", "b)") is followed by
 * a space, not a column TAB. */
static int list_mark(const char *p, size_t n)
{
	static const char *const marks[] = { "\xe2\x80\xa2", "\xe2\x80\x93", "-", "*",
	                                     "\xe2\x96\xaa", "\xe2\x97\xa6", "\xc2\xb7" };
	size_t i;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strlen(marks[i]) == n && memcmp(p, marks[i], n) == 0)
			return 1;
	if (n >= 2 && n <= 4 && (p[n - 1] == '.' || p[n - 1] == ')')) {
		for (i = 0; i + 1 < n; i++)
			if (!g_ascii_isdigit(p[i]) && !(n == 2 && g_ascii_islower(p[i])))
				return 0;
		return 1;
	}
	return 0;
}

static void box_union(int *x0, int *y0, int *x1, int *y1, int a0, int b0, int a1, int b1)
{
	if (a0 < *x0) *x0 = a0;
	if (b0 < *y0) *y0 = b0;
	if (a1 > *x1) *x1 = a1;
	if (b1 > *y1) *y1 = b1;
}

static int horizontal(const char *text, const PopplerRectangle *rects, guint nrects)
{
	const char *s;
	guint ci = 0;
	long hor = 0, ver = 0;
	int prev_visible = 0;

	for (s = text; *s && ci < nrects; s = g_utf8_next_char(s), ci++) {
		gunichar c = g_utf8_get_char(s);
		if (is_space_cp(c)) {
			prev_visible = 0;
			continue;
		}
		if (prev_visible) {
			double dx = (rects[ci].x1 + rects[ci].x2) - (rects[ci - 1].x1 + rects[ci - 1].x2);
			double dy = (rects[ci].y1 + rects[ci].y2) - (rects[ci - 1].y1 + rects[ci - 1].y2);
			if (dx < 0) dx = -dx;
			if (dy < 0) dy = -dy;
			if (dx > dy)
				hor++;
			else if (dy > dx)
				ver++;
		}
		prev_visible = 1;
	}
	return hor >= ver;
}

static int build_page(struct doc *d, struct ak_page *p, const char *text,
                      const PopplerRectangle *rects, guint nrects, int dpi)
{
	size_t tn = strlen(text), nw = 0, nf = 0, i, k, at = 0, ci = 0, nl = 0;
	struct pw *w = NULL;
	struct frag *f = NULL, **order = NULL;
	struct ak_word *words;
	struct ak_line *lines;
	char *t;
	const char *s;
	int boxes = (glong)nrects == g_utf8_strlen(text, -1), geometric, rc = AK_ENOMEM;
	int in_word = 0, frag_open = 0, px1 = 0, py0 = 0, py1 = 0;

	w = calloc(tn + 2, sizeof(*w)); /* geometry may split every glyph */
	f = calloc(tn + 2, sizeof(*f));
	order = calloc(tn + 2, sizeof(*order));
	t = ak_arena_alloc(&d->arena, 2 * tn + 2);
	if (!w || !f || !order || !t)
		goto out;

	/* Reading order is rebuilt only for horizontal text: if glyphs inside
	 * words mostly advance downwards or upwards (text drawn rotated on the
	 * page as displayed), poppler's order is kept. */
	geometric = boxes && horizontal(text, rects, nrects);

	/* 1. Words and fragments from poppler's text. */
	for (s = text; *s; s = g_utf8_next_char(s), ci++) {
		gunichar c = g_utf8_get_char(s);
		size_t off = (size_t)(s - text), clen = (size_t)(g_utf8_next_char(s) - s);
		int x0 = 0, y0 = 0, x1 = 0, y1 = 0;

		if (c == '\n' || c == '\r') {
			in_word = 0;
			frag_open = 0;
			continue;
		}
		if (is_space_cp(c)) {
			in_word = 0;
			continue;
		}
		if (boxes && ci < nrects) {
			const PopplerRectangle *r = &rects[ci];
			x0 = px(r->x1 < r->x2 ? r->x1 : r->x2, dpi);
			x1 = px(r->x1 < r->x2 ? r->x2 : r->x1, dpi);
			y0 = px(r->y1 < r->y2 ? r->y1 : r->y2, dpi);
			y1 = px(r->y1 < r->y2 ? r->y2 : r->y1, dpi);
		}
		/* poppler does not always end a block with '\n': a character
		 * that is not on the previous one's line, goes backwards, or
		 * follows a gap wider than the text height starts a fragment. */
		if (geometric && frag_open) {
			int h = y1 - y0, ph = py1 - py0, mh = h < ph ? h : ph;
			int ov = (y1 < py1 ? y1 : py1) - (y0 > py0 ? y0 : py0);
			int big = h > ph ? h : ph;
			if (ov * 2 < mh || x0 < px1 - big / 2 || x0 - px1 > big) {
				frag_open = 0;
				in_word = 0;
			}
		}
		px1 = x1;
		py0 = y0;
		py1 = y1;
		if (!frag_open) {
			f[nf].first = nw;
			f[nf].n = 0;
			f[nf].x0 = f[nf].y0 = INT32_MAX;
			f[nf].x1 = f[nf].y1 = 0;
			nf++;
			frag_open = 1;
		}
		if (!in_word) {
			w[nw].off = off;
			w[nw].len = 0;
			w[nw].x0 = x0; w[nw].y0 = y0; w[nw].x1 = x1; w[nw].y1 = y1;
			nw++;
			f[nf - 1].n++;
			in_word = 1;
		}
		w[nw - 1].len += clen;
		box_union(&w[nw - 1].x0, &w[nw - 1].y0, &w[nw - 1].x1, &w[nw - 1].y1, x0, y0, x1, y1);
		box_union(&f[nf - 1].x0, &f[nf - 1].y0, &f[nf - 1].x1, &f[nf - 1].y1, x0, y0, x1, y1);
	}

	/* 2. Group fragments into printed lines (or keep poppler's lines). */
	for (i = 0; i < nf; i++)
		order[i] = &f[i];
	if (geometric && nf > 1) {
		int ly0 = 0, ly1 = 0;
		qsort(order, nf, sizeof(*order), frag_by_y);
		for (i = 0; i < nf; i++) {
			struct frag *g = order[i];
			int h = g->y1 - g->y0, lh = ly1 - ly0;
			int ov = (g->y1 < ly1 ? g->y1 : ly1) - (g->y0 > ly0 ? g->y0 : ly0);
			if (i == 0 || ov * 2 < (h < lh ? h : lh)) {
				nl++;
				ly0 = g->y0;
				ly1 = g->y1;
			} else {
				if (g->y0 < ly0) ly0 = g->y0;
				if (g->y1 > ly1) ly1 = g->y1;
			}
			g->line = nl - 1;
		}
		qsort(order, nf, sizeof(*order), frag_by_line_x);
	} else {
		for (i = 0; i < nf; i++)
			f[i].line = i;
		nl = nf;
	}

	words = ak_arena_array(&d->arena, nw ? nw : 1, sizeof(*words));
	lines = ak_arena_array(&d->arena, nl ? nl : 1, sizeof(*lines));
	if (!words || !lines)
		goto out;

	/* 3. Emit lines: fragments joined by TAB, words by one space. */
	{
		size_t wi = 0, li = 0, prev_line = (size_t)-1;
		struct ak_line *l = NULL;
		uint32_t block = 0;
		int prev_y1 = 0, prev_h = 0;

		for (i = 0; i < nf; i++) {
			const struct frag *g = order[i];
			if (g->line != prev_line) {
				if (l) {
					l->len = (uint32_t)(at - l->off);
					t[at++] = '\n';
				}
				l = &lines[li++];
				memset(l, 0, sizeof(*l));
				l->off = (uint32_t)at;
				l->first_word = (uint32_t)wi;
				l->x0 = l->y0 = INT32_MAX;
				prev_line = g->line;
			} else {
				const struct frag *pf = order[i - 1];
				t[at++] = pf->n == 1 && list_mark(text + w[pf->first].off,
				                                  w[pf->first].len) ? ' ' : '\t';
			}
			for (k = 0; k < g->n; k++) {
				const struct pw *src = &w[g->first + k];
				struct ak_word *dst = &words[wi++];
				if (k)
					t[at++] = ' ';
				memcpy(t + at, text + src->off, src->len);
				memset(dst, 0, sizeof(*dst));
				dst->off = (uint32_t)at;
				dst->len = (uint32_t)src->len;
				dst->x0 = src->x0; dst->y0 = src->y0;
				dst->x1 = src->x1; dst->y1 = src->y1;
				dst->conf = 100.0f;
				dst->line = (uint32_t)(li - 1);
				dst->text = ak_arena_strndup(&d->arena, t + at, src->len);
				if (!dst->text)
					goto out;
				at += src->len;
				l->nwords++;
				box_union(&l->x0, &l->y0, &l->x1, &l->y1, src->x0, src->y0, src->x1, src->y1);
			}
			if (i + 1 == nf || order[i + 1]->line != g->line) {
				/* Line complete: its block. */
				int h = l->y1 - l->y0;
				if (li > 1 && geometric && l->y0 - prev_y1 > (prev_h > h ? prev_h : h) * 3 / 2)
					block++;
				l->block = block;
				prev_y1 = l->y1;
				prev_h = h;
			}
		}
		if (l) {
			l->len = (uint32_t)(at - l->off);
			t[at++] = '\n';
		}
		nl = li;
		nw = wi;
	}
	t[at] = '\0';
	p->text = t;
	p->text_len = at;
	p->words = words;
	p->nwords = nw;
	p->lines = lines;
	p->nlines = nl;
	rc = 0;
out:
	free(w);
	free(f);
	free(order);
	return rc;
}

int ak_pdf_page_text(struct ak_pdf *pdf, int index, int dpi, struct doc *d,
                     struct ak_page *p)
{
	PopplerPage *page;
	PopplerRectangle *rects = NULL;
	guint nrects = 0;
	char *text;
	double pw = 0, ph = 0;
	struct stats st;
	const char *rule;
	int rc = 1;

	if (!pdf || index < 0 || index >= pdf->npages)
		return AK_EINVAL;
	if (dpi <= 0)
		dpi = 300;
	page = poppler_document_get_page(pdf->doc, index);
	if (!page)
		return AK_EFORMAT;
	poppler_page_get_size(page, &pw, &ph);
	p->width = px(pw, dpi);
	p->height = px(ph, dpi);
	p->dpi = dpi;
	p->source_index = index;

	text = poppler_page_get_text(page);
	if (text && !g_utf8_validate(text, -1, NULL)) {
		/* Never seen; but the walkers below must not step past the NUL. */
		char *valid = g_utf8_make_valid(text, -1);
		g_free(text);
		text = valid;
	}
	text_stats(text ? text : "", &st);
	if (st.visible < AK_PDF_MIN_CHARS) {
		rc = 0; /* no text layer: a scan or a blank page */
	} else if (st.visible < AK_PDF_SCAN_CHARS && image_cover(page, pw, ph) >= 0.5) {
		rc = 0;
		ak_finding_add(d, AK_F_PDF_TEXT_INSANE, p->no, 0, "pdf-sane-scan",
		               "page %d: %zu characters of text over a full-page image; OCR'd",
		               p->no, st.visible);
	} else if ((rule = pdf_sanity(&st)) != NULL) {
		rc = 0;
		ak_finding_add(d, AK_F_PDF_TEXT_INSANE, p->no, 0, rule,
		               "page %d: text layer rejected (%zu visible, %zu letters/digits, "
		               "%zu bad, %zu words); OCR'd",
		               p->no, st.visible, st.alnum, st.bad, st.words);
	} else {
		if (!poppler_page_get_text_layout(page, &rects, &nrects)) {
			rects = NULL;
			nrects = 0;
		}
		if (build_page(d, p, text, rects, nrects, dpi) != 0)
			rc = AK_ENOMEM;
		p->src = AK_SRC_PDF_TEXT;
		p->mean_conf = 100.0f;
		g_free(rects);
	}
	g_free(text);
	g_object_unref(page);
	return rc;
}

/* ------------------------------------------------------------ render */

int ak_pdf_render(struct ak_pdf *pdf, int index, int dpi, size_t max_pixels,
                  struct ak_raster *out, char *why, size_t whylen)
{
	PopplerPage *page;
	cairo_surface_t *surf;
	cairo_t *cr;
	double pw = 0, ph = 0, scale;
	int w, h, stride, x, y;
	unsigned char *data;

	memset(out, 0, sizeof(*out));
	if (whylen)
		why[0] = '\0';
	if (!pdf || index < 0 || index >= pdf->npages) {
		snprintf(why, whylen, "no page %d", index + 1);
		return AK_EINVAL;
	}
	if (dpi <= 0)
		dpi = 300;
	page = poppler_document_get_page(pdf->doc, index);
	if (!page) {
		snprintf(why, whylen, "page %d cannot be read", index + 1);
		return AK_EFORMAT;
	}
	poppler_page_get_size(page, &pw, &ph);
	scale = dpi / 72.0;
	if (!(pw > 0 && ph > 0 && pw * scale < 32767 && ph * scale < 32767)) {
		g_object_unref(page);
		snprintf(why, whylen, "page %d: size %.0fx%.0f pt at %d dpi is too large",
		         index + 1, pw, ph, dpi);
		return AK_ETOOBIG;
	}
	w = (int)(pw * scale + 0.5);
	h = (int)(ph * scale + 0.5);
	if (w < 1) w = 1;
	if (h < 1) h = 1;
	if (max_pixels && (size_t)w * (size_t)h > max_pixels) {
		g_object_unref(page);
		snprintf(why, whylen, "page %d: %dx%d pixels at %d dpi is over the limit of %zu",
		         index + 1, w, h, dpi, max_pixels);
		return AK_ETOOBIG;
	}
	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		g_object_unref(page);
		snprintf(why, whylen, "page %d: cannot allocate %dx%d pixels", index + 1, w, h);
		return AK_ENOMEM;
	}
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	g_object_unref(page);
	cairo_surface_flush(surf);

	out->px = malloc((size_t)w * (size_t)h);
	if (!out->px) {
		cairo_surface_destroy(surf);
		snprintf(why, whylen, "page %d: out of memory", index + 1);
		return AK_ENOMEM;
	}
	data = cairo_image_surface_get_data(surf);
	stride = cairo_image_surface_get_stride(surf);
	for (y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
		unsigned char *o = out->px + (size_t)y * (size_t)w;
		for (x = 0; x < w; x++) {
			uint32_t v = row[x];
			unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
			/* ITU-R BT.601 luma, integer weights summing to 1000. */
			o[x] = (unsigned char)((299 * r + 587 * g + 114 * b + 500) / 1000);
		}
	}
	cairo_surface_destroy(surf);
	out->w = w;
	out->h = h;
	out->dpi = dpi;
	return 0;
}
