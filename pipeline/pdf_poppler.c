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
 * Build page text, lines and words from poppler's text and its per-character
 * rectangles.  The page text is poppler's, with each line ending in '\n'
 * (CR and CRLF become LF).  Words are runs of non-space characters; a word's
 * box is the union of its characters' rectangles.
 */
static int build_page(struct doc *d, struct ak_page *p, const char *text,
                      const PopplerRectangle *rects, guint nrects, int dpi)
{
	size_t tn = strlen(text), at = 0, nw = 0, nl = 0, capw, capl, ci = 0;
	char *t;
	struct ak_word *words;
	struct ak_line *lines;
	const char *s;
	int in_word = 0, line_open = 0;
	struct ak_word *w = NULL;
	struct ak_line *ln = NULL;

	t = ak_arena_alloc(&d->arena, tn + 2);
	capw = tn / 2 + 2;
	capl = tn + 2; /* every byte may end an empty line */
	words = ak_arena_array(&d->arena, capw, sizeof(*words));
	lines = ak_arena_array(&d->arena, capl, sizeof(*lines));
	if (!t || !words || !lines)
		return AK_ENOMEM;

	for (s = text; *s; s = g_utf8_next_char(s), ci++) {
		gunichar c = g_utf8_get_char(s);
		size_t clen = (size_t)(g_utf8_next_char(s) - s);
		const PopplerRectangle *r = ci < nrects ? &rects[ci] : NULL;

		if (c == '\r') {
			if (s[1] == '\n')
				continue; /* CRLF: the LF ends the line */
			c = '\n';
		}
		if (c == '\n') {
			in_word = 0;
			if (!line_open) { /* empty line */
				ln = &lines[nl++];
				memset(ln, 0, sizeof(*ln));
				ln->off = (uint32_t)at;
				ln->first_word = (uint32_t)nw;
			}
			t[at++] = '\n';
			line_open = 0;
			continue;
		}
		if (!line_open) {
			ln = &lines[nl++];
			memset(ln, 0, sizeof(*ln));
			ln->off = (uint32_t)at;
			ln->first_word = (uint32_t)nw;
			ln->x0 = ln->y0 = INT32_MAX;
			line_open = 1;
		}
		memcpy(t + at, s, clen);
		if (is_space_cp(c)) {
			in_word = 0;
		} else {
			int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
			if (r) {
				x0 = px(r->x1 < r->x2 ? r->x1 : r->x2, dpi);
				x1 = px(r->x1 < r->x2 ? r->x2 : r->x1, dpi);
				y0 = px(r->y1 < r->y2 ? r->y1 : r->y2, dpi);
				y1 = px(r->y1 < r->y2 ? r->y2 : r->y1, dpi);
			}
			if (!in_word) {
				w = &words[nw++];
				memset(w, 0, sizeof(*w));
				w->off = (uint32_t)at;
				w->conf = 100.0f;
				w->line = (uint32_t)(nl - 1);
				w->x0 = x0; w->y0 = y0; w->x1 = x1; w->y1 = y1;
				ln->nwords++;
				in_word = 1;
			} else {
				if (x0 < w->x0) w->x0 = x0;
				if (y0 < w->y0) w->y0 = y0;
				if (x1 > w->x1) w->x1 = x1;
				if (y1 > w->y1) w->y1 = y1;
			}
			w->len += (uint32_t)clen;
		}
		at += clen;
		ln->len = (uint32_t)(at - ln->off);
	}
	if (line_open)
		t[at++] = '\n';
	t[at] = '\0';

	/* Line lengths exclude the '\n'; line boxes are unions of word boxes. */
	for (size_t i = 0; i < nl; i++) {
		struct ak_line *l = &lines[i];
		size_t k;
		if (!l->nwords) {
			l->x0 = l->y0 = l->x1 = l->y1 = 0;
			continue;
		}
		l->x0 = l->y0 = INT32_MAX;
		for (k = l->first_word; k < l->first_word + l->nwords; k++) {
			const struct ak_word *ww = &words[k];
			if (ww->x0 < l->x0) l->x0 = ww->x0;
			if (ww->y0 < l->y0) l->y0 = ww->y0;
			if (ww->x1 > l->x1) l->x1 = ww->x1;
			if (ww->y1 > l->y1) l->y1 = ww->y1;
		}
	}
	for (size_t i = 0; i < nw; i++) {
		words[i].text = ak_arena_strndup(&d->arena, t + words[i].off, words[i].len);
		if (!words[i].text)
			return AK_ENOMEM;
	}
	p->text = t;
	p->text_len = at;
	p->words = words;
	p->nwords = nw;
	p->lines = lines;
	p->nlines = nl;
	return 0;
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
