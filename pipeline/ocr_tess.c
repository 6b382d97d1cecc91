/*
 * ocr_tess.c - the adapter to Tesseract (C API) and Leptonica.
 *
 * Why one file: these two libraries have their own allocators, error
 * printing and return conventions.  Everything that touches a Pix or a
 * TessBaseAPI is here; what leaves this file is arena memory in a struct
 * ak_page, a plain gray raster, or an AK_E* code with one line of text.
 *
 * Pipeline for one page: decode (the file's frame, or a rendered raster) ->
 * 8-bit gray -> optional preprocessing in this order: orientation by
 * Tesseract OSD (0/90/180/270), deskew (Leptonica's skew search), median
 * denoise, background normalisation, Sauvola binarisation (the last two
 * skipped on bilevel pages) -> Tesseract (page segmentation "auto") ->
 * words with boxes and confidences -> second reading of low-confidence
 * figures from their own crop (rule in ocr_glyphs.c) -> reading order (side-by-side blocks
 * read as rows) -> glyph restoration (ocr_glyphs.c) -> copied into the
 * document's arena under doc->lock.  docs/ocr.md has the measurements
 * behind each step and behind AK_PREP_DEFAULT.
 *
 * Invariants and limits:
 *   - an engine belongs to one thread; its adaptive classifier is cleared
 *     before every page so a page's text does not depend on which pages the
 *     engine saw before (output identical whatever the number of workers);
 *   - the image size is checked against max_pixels from the file header
 *     before decoding;
 *   - a damaged image (truncated PNG/TIFF, JPEG with corrupt data) fails
 *     the page: it is never OCR'd half-gray;
 *   - neither library prints: Leptonica's messages are switched off once per
 *     process and Tesseract's debug output goes to /dev/null.
 * Boxes are in pixels of the image as OCR'd, i.e. after rotation and
 * deskew; ak_img_crop_png undoes the rotation but not the (small) skew.
 * The chart helpers at the end (font, PNG encode/decode) serve
 * `arkiv query --plot FILE.png` (query_png.c): Leptonica is already linked
 * and this file stays its only door.
 */
#include "ocr_adapter.h"

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AK_TESSDATA_DEFAULT
#define AK_TESSDATA_DEFAULT "/usr/share/tesseract-ocr/5/tessdata"
#endif

/* Orientation: below this OSD confidence the page is left as it is. */
#define OSD_MIN_CONF 2.0f
/* Deskew: below this Leptonica confidence, or under this angle, no rotation.
 * Tesseract's own line finding copes with a small skew, while rotating the
 * image resamples every glyph: on the corpus "office" pages (skew within
 * 1 degree) deskewing from 0.05 degrees cost small table figures ("17" read
 * as "i7A", "12" as "19"); numbers 96.9 % with it, 97.0 % without. */
#define DESKEW_MIN_CONF 3.0f
#define DESKEW_MIN_DEG 1.0f

struct ak_ocr_engine {
	TessBaseAPI *api;
	TessBaseAPI *osd; /* created on the first page that asks for OSD */
	int osd_failed;
	char datapath[512];
};

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet_leptonica(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

void ak_raster_release(struct ak_raster *r)
{
	if (!r)
		return;
	free(r->px);
	r->px = NULL;
	r->w = r->h = r->dpi = 0;
}

/* ------------------------------------------------------------ probing */

static enum ak_format map_format(l_int32 f)
{
	switch (f) {
	case IFF_BMP: return AK_FMT_BMP;
	case IFF_JFIF_JPEG: return AK_FMT_JPEG;
	case IFF_PNG: return AK_FMT_PNG;
	case IFF_PNM: return AK_FMT_PNM;
	default:
		return L_FORMAT_IS_TIFF(f) ? AK_FMT_TIFF : AK_FMT_UNKNOWN;
	}
}

static int file_resolution(const char *path, l_int32 fmt)
{
	FILE *fp;
	l_int32 xr = 0, yr = 0;

	if (!(fp = fopen(path, "rb")))
		return 0;
	if (fmt == IFF_PNG)
		fgetPngResolution(fp, &xr, &yr);
	else if (fmt == IFF_JFIF_JPEG)
		fgetJpegResolution(fp, &xr, &yr);
	else if (L_FORMAT_IS_TIFF(fmt))
		getTiffResolution(fp, &xr, &yr);
	fclose(fp);
	return xr > 0 && xr < 10000 ? xr : 0;
}

int ak_img_probe(const char *path, size_t max_pixels, enum ak_format *fmt,
                 int *npages, int *w, int *h, int *dpi, char *why, size_t whylen)
{
	l_int32 f = IFF_UNKNOWN, pw = 0, ph = 0, bps = 0, spp = 0, cmap = 0, n = 1;

	pthread_once(&quiet_once, quiet_leptonica);
	*fmt = AK_FMT_UNKNOWN;
	*npages = 0;
	*w = *h = *dpi = 0;
	if (access(path, R_OK) != 0) {
		snprintf(why, whylen, "cannot read %s", path);
		return AK_EIO;
	}
	if (findFileFormat(path, &f) != 0 || map_format(f) == AK_FMT_UNKNOWN) {
		snprintf(why, whylen, "not an image format we read");
		return AK_EFORMAT;
	}
	if (pixReadHeader(path, &f, &pw, &ph, &bps, &spp, &cmap) != 0 || pw <= 0 ||
	    ph <= 0) {
		snprintf(why, whylen, "damaged %s header", ak_format_name(map_format(f)));
		return AK_EFORMAT;
	}
	if (L_FORMAT_IS_TIFF(f)) {
		FILE *fp = fopen(path, "rb");
		if (!fp || tiffGetCount(fp, &n) != 0 || n < 1) {
			if (fp)
				fclose(fp);
			snprintf(why, whylen, "damaged TIFF: cannot count its pages");
			return AK_EFORMAT;
		}
		fclose(fp);
	}
	*fmt = map_format(f);
	*npages = n;
	*w = pw;
	*h = ph;
	*dpi = file_resolution(path, f);
	if ((size_t)pw > max_pixels / (size_t)ph) {
		snprintf(why, whylen, "image of %dx%d pixels is over the limit of %zu pixels",
			         pw, ph, max_pixels);
		return AK_ETOOBIG;
	}
	return 0;
}

/* ------------------------------------------------------------ engines */

/* Tesseract parallelises inside a page with OpenMP; with our own workers on
 * every core that makes a page several times slower.  OMP_THREAD_LIMIT set
 * by main() comes too late (libgomp reads the environment when it is loaded,
 * before main), so each engine's thread turns its parallel regions off
 * itself: max-active-levels 0 makes every region run on one thread.  The
 * OpenMP runtime is reached through dlsym because it is only an indirect
 * dependency (of libtesseract); without it nothing happens. */
static void single_threaded_openmp(void)
{
	void *h = dlopen("libgomp.so.1", RTLD_LAZY);
	void (*levels)(int);
	void (*nthreads)(int);

	if (!h)
		return;
	*(void **)&levels = dlsym(h, "omp_set_max_active_levels");
	*(void **)&nthreads = dlsym(h, "omp_set_num_threads");
	if (levels)
		levels(0);
	if (nthreads)
		nthreads(1);
	dlclose(h);
}

/* Where Tesseract looks for *.traineddata when not told. */
static void default_datapath(char *out, size_t n, const char *tessdata)
{
	const char *env = getenv("TESSDATA_PREFIX");
	if (tessdata && *tessdata)
		snprintf(out, n, "%s", tessdata);
	else if (env && *env)
		snprintf(out, n, "%s", env);
	else
		snprintf(out, n, "%s", AK_TESSDATA_DEFAULT);
	/* drop trailing slashes for messages */
	for (size_t k = strlen(out); k > 1 && out[k - 1] == '/'; k--)
		out[k - 1] = '\0';
}

/* Every language in "swe+eng" must have its file: say which one is missing
 * rather than Tesseract's generic failure. */
static int check_langs(const char *lang, const char *dir, char *why, size_t whylen)
{
	const char *p = lang;
	char name[64], file[700];

	if (!*lang) {
		snprintf(why, whylen, "OCR engine: empty language list");
		return AK_EOCR;
	}
	while (*p) {
		size_t n = strcspn(p, "+"), i;
		if (n == 0 || n >= sizeof(name)) {
			snprintf(why, whylen, "OCR engine: bad language list '%s'", lang);
			return AK_EOCR;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		for (i = 0; i < n; i++) {
			char c = name[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '_' || c == '-')) {
				snprintf(why, whylen, "OCR engine: bad language name '%s'", name);
				return AK_EOCR;
			}
		}
		snprintf(file, sizeof(file), "%s/%s.traineddata", dir, name);
		if (access(file, R_OK) != 0) {
			snprintf(why, whylen, "OCR engine: cannot load language '%s' from %s",
			         name, dir);
			return AK_EOCR;
		}
		p += n;
		if (*p == '+')
			p++;
	}
	return 0;
}

/* Tesseract keeps some parameters process-wide (debug_file among them) and
 * sets them while an engine initialises, so two workers starting at once
 * would write the same std::string concurrently.  Engines are therefore
 * started one at a time, and debug_file is set by the first one only (the
 * later ones inherit it).  Starting an engine happens once per worker. */
static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;
static int debug_file_set; /* guarded by init_mu */

static TessBaseAPI *tess_open(const char *datapath, const char *lang)
{
	static const char *const names[] = { "debug_file" };
	static const char *const values[] = { "/dev/null" };
	TessBaseAPI *api = TessBaseAPICreate();
	int rc, first;

	if (!api)
		return NULL;
	pthread_mutex_lock(&init_mu);
	first = !debug_file_set;
	rc = TessBaseAPIInit4(api, datapath, lang, OEM_DEFAULT, NULL, 0,
	                      first ? (char **)names : NULL, first ? (char **)values : NULL,
	                      first ? 1 : 0, 0);
	if (rc == 0)
		debug_file_set = 1;
	pthread_mutex_unlock(&init_mu);
	if (rc != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	return api;
}

int ak_ocr_engine_new(struct ak_ocr_engine **out, const char *tessdata,
                      const char *lang, char *why, size_t whylen)
{
	struct ak_ocr_engine *e;
	int rc;

	pthread_once(&quiet_once, quiet_leptonica);
	single_threaded_openmp();
	*out = NULL;
	if (!(e = calloc(1, sizeof(*e)))) {
		snprintf(why, whylen, "OCR engine: out of memory");
		return AK_ENOMEM;
	}
	default_datapath(e->datapath, sizeof(e->datapath), tessdata);
	if (!lang)
		lang = "swe";
	if ((rc = check_langs(lang, e->datapath, why, whylen)) != 0) {
		free(e);
		return rc;
	}
	if (!(e->api = tess_open(e->datapath, lang))) {
		snprintf(why, whylen, "OCR engine: cannot load language '%s' from %s", lang,
		         e->datapath);
		free(e);
		return AK_EOCR;
	}
	TessBaseAPISetPageSegMode(e->api, PSM_AUTO);
	*out = e;
	return 0;
}

void ak_ocr_engine_free(struct ak_ocr_engine **ep)
{
	struct ak_ocr_engine *e = *ep;
	if (!e)
		return;
	if (e->api) {
		TessBaseAPIEnd(e->api);
		TessBaseAPIDelete(e->api);
	}
	if (e->osd) {
		TessBaseAPIEnd(e->osd);
		TessBaseAPIDelete(e->osd);
	}
	free(e);
	*ep = NULL;
}

/* ------------------------------------------------------------ loading */

static PIX *pix_from_raster(const struct ak_raster *r)
{
	PIX *pix;
	l_uint32 *data;
	l_int32 wpl, y, x;

	if (r->w <= 0 || r->h <= 0 || !r->px)
		return NULL;
	if (!(pix = pixCreate(r->w, r->h, 8)))
		return NULL;
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < r->h; y++) {
		const unsigned char *src = r->px + (size_t)y * (size_t)r->w;
		l_uint32 *line = data + (size_t)y * (size_t)wpl;
		for (x = 0; x < r->w; x++)
			SET_DATA_BYTE(line, x, src[x]);
	}
	if (r->dpi > 0)
		pixSetResolution(pix, r->dpi, r->dpi);
	return pix;
}

/* A PNG ends with its IEND chunk; a truncated one does not.  Checked before
 * decoding because libpng reports a short read on stderr. */
static int png_complete(const char *path)
{
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D',
	                                        0xae, 0x42, 0x60, 0x82 };
	unsigned char tail[12];
	FILE *f = fopen(path, "rb");
	int ok;

	if (!f)
		return 0;
	ok = fseek(f, -12, SEEK_END) == 0 && fread(tail, 1, 12, f) == 12 &&
	     memcmp(tail, iend, 12) == 0;
	fclose(f);
	return ok;
}

/* A JPEG ends with its EOI marker (FF D9), possibly followed by a little
 * padding; in the coded data an FF is always stuffed, so FF D9 near the end
 * means the file is complete.  libjpeg would print a warning instead. */
static int jpeg_complete(const char *path)
{
	unsigned char tail[64];
	FILE *f = fopen(path, "rb");
	long size;
	size_t n, i;

	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 4) {
		fclose(f);
		return 0;
	}
	n = size < (long)sizeof(tail) ? (size_t)size : sizeof(tail);
	if (fseek(f, -(long)n, SEEK_END) != 0 || fread(tail, 1, n, f) != n)
		n = 0;
	fclose(f);
	for (i = 0; i + 1 < n; i++)
		if (tail[i] == 0xff && tail[i + 1] == 0xd9)
			return 1;
	return 0;
}

/* Decode frame `index` of the file; fail on damage rather than OCR a
 * partly gray page. */
static int pix_from_file(PIX **out, const char *path, int index, size_t max_pixels,
                         char *why, size_t whylen)
{
	l_int32 f = IFF_UNKNOWN, w = 0, h = 0, bps, spp, cmap, nwarn = 0;
	PIX *pix = NULL;

	*out = NULL;
	if (findFileFormat(path, &f) != 0 || map_format(f) == AK_FMT_UNKNOWN) {
		snprintf(why, whylen, "not an image format we read");
		return AK_EFORMAT;
	}
	if (pixReadHeader(path, &f, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0) {
		snprintf(why, whylen, "damaged %s header", ak_format_name(map_format(f)));
		return AK_EFORMAT;
	}
	if ((size_t)w > max_pixels / (size_t)h) {
		snprintf(why, whylen, "image of %dx%d pixels is over the limit of %zu pixels",
		         w, h, max_pixels);
		return AK_ETOOBIG;
	}
	if (index != 0 && !L_FORMAT_IS_TIFF(f)) {
		snprintf(why, whylen, "no frame %d in a single-image file", index + 1);
		return AK_EFORMAT;
	}
	if (f == IFF_PNG && !png_complete(path)) {
		snprintf(why, whylen, "truncated png image (no end chunk)");
		return AK_EFORMAT;
	}
	if (f == IFF_JFIF_JPEG && !jpeg_complete(path)) {
		snprintf(why, whylen, "truncated jpeg image (no end marker)");
		return AK_EFORMAT;
	}
	if (f == IFF_JFIF_JPEG) {
		pix = pixReadJpeg(path, 0, 1, &nwarn, 0);
		if (pix && nwarn > 0) {
			pixDestroy(&pix);
			snprintf(why, whylen, "damaged JPEG data (truncated or corrupt)");
			return AK_EFORMAT;
		}
	} else if (L_FORMAT_IS_TIFF(f)) {
		pix = pixReadTiff(path, index);
	} else {
		pix = pixRead(path);
	}
	if (!pix) {
		snprintf(why, whylen, "cannot decode %s image%s", ak_format_name(map_format(f)),
		         index ? " frame" : " (truncated or damaged)");
		return AK_EFORMAT;
	}
	if ((size_t)pixGetWidth(pix) > max_pixels / (size_t)pixGetHeight(pix)) {
		snprintf(why, whylen, "image frame of %dx%d pixels is over the limit",
		         pixGetWidth(pix), pixGetHeight(pix));
		pixDestroy(&pix);
		return AK_ETOOBIG;
	}
	*out = pix;
	return 0;
}

/* Any depth, colormap or alpha -> 8-bit gray. Consumes *pix. */
static PIX *to_gray(PIX **pix)
{
	PIX *a = NULL, *g;

	if (pixGetSpp(*pix) == 4)
		a = pixRemoveAlpha(*pix);
	g = pixConvertTo8(a ? a : *pix, 0);
	pixDestroy(&a);
	pixDestroy(pix);
	return g;
}

int ak_img_load_gray(const char *path, int index, size_t max_pixels,
                     struct ak_raster *out, char *why, size_t whylen)
{
	PIX *pix = NULL, *gray;
	l_uint32 *data;
	l_int32 wpl, x, y, w, h;
	int rc;

	pthread_once(&quiet_once, quiet_leptonica);
	memset(out, 0, sizeof(*out));
	if ((rc = pix_from_file(&pix, path, index, max_pixels, why, whylen)) != 0)
		return rc;
	out->dpi = pixGetXRes(pix);
	if (!(gray = to_gray(&pix))) {
		snprintf(why, whylen, "cannot convert the image to gray");
		return AK_EFORMAT;
	}
	w = pixGetWidth(gray);
	h = pixGetHeight(gray);
	if (!(out->px = malloc((size_t)w * (size_t)h))) {
		pixDestroy(&gray);
		snprintf(why, whylen, "out of memory for a %dx%d image", w, h);
		return AK_ENOMEM;
	}
	data = pixGetData(gray);
	wpl = pixGetWpl(gray);
	for (y = 0; y < h; y++) {
		const l_uint32 *line = data + (size_t)y * (size_t)wpl;
		for (x = 0; x < w; x++)
			out->px[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)GET_DATA_BYTE(line, x);
	}
	out->w = w;
	out->h = h;
	pixDestroy(&gray);
	return 0;
}

/* ------------------------------------------------------------ preprocessing */

static void replace(PIX **pix, PIX *nw)
{
	if (nw && nw != *pix) {
		pixDestroy(pix);
		*pix = nw;
	} else if (nw) {
		pixDestroy(&nw); /* a clone of *pix */
	}
}

static int ensure_osd(struct ak_ocr_engine *e)
{
	if (e->osd || e->osd_failed)
		return e->osd != NULL;
	if (!(e->osd = tess_open(e->datapath, "osd"))) {
		e->osd_failed = 1;
		return 0;
	}
	TessBaseAPISetPageSegMode(e->osd, PSM_OSD_ONLY);
	return 1;
}

/* Degrees to turn the page clockwise so that its text is upright, or 0. */
static int detect_rotation(struct ak_ocr_engine *e, PIX *gray, int dpi)
{
	int deg = 0;
	float oconf = 0, sconf = 0;
	const char *script = NULL;

	if (!ensure_osd(e))
		return 0;
	TessBaseAPISetImage2(e->osd, gray);
	TessBaseAPISetSourceResolution(e->osd, dpi);
	if (!TessBaseAPIDetectOrientationScript(e->osd, &deg, &oconf, &script, &sconf))
		deg = 0;
	/* `script` points into the OSD model's character set: Tesseract 5's
	 * DetectOrientationScript does not copy it, whatever capi.h says, so
	 * it must not be freed (doing so corrupts the heap). */
	(void)script;
	TessBaseAPIClear(e->osd);
	if (oconf < OSD_MIN_CONF)
		return 0;
	/* OSD reports how far the page was turned clockwise (a page scanned
	 * turned 90 degrees right says 90); turning it on by 360 - deg
	 * clockwise makes it upright. */
	deg = ((deg % 360) + 360) % 360;
	return deg == 90 || deg == 180 || deg == 270 ? 360 - deg : 0;
}

struct prepped {
	PIX *pix;     /* what Tesseract sees */
	int rotation; /* degrees clockwise applied */
	float skew;   /* degrees corrected */
};

/* A fax or a thresholded scan: (almost) every pixel black or white.
 * Sampled on a 4-pixel grid. */
static int is_bilevel(PIX *gray)
{
	l_int32 w = pixGetWidth(gray), h = pixGetHeight(gray), wpl = pixGetWpl(gray);
	l_uint32 *data = pixGetData(gray);
	size_t total = 0, mid = 0;
	l_int32 x, y;

	for (y = 0; y < h; y += 4) {
		const l_uint32 *line = data + (size_t)y * (size_t)wpl;
		for (x = 0; x < w; x += 4) {
			int v = GET_DATA_BYTE(line, x);
			total++;
			mid += v > 16 && v < 240;
		}
	}
	return total > 0 && mid * 200 < total; /* under 0.5 % gray */
}

/*
 * Background normalisation helps where the paper is uneven (shading,
 * stains, a gradient from the scanner lid) or dark, and costs a little
 * accuracy on an evenly lit page: on the corpus "office" pages it lost
 * digits ("1 150 512" read as "150 512").  So it runs only when the page's
 * background map (tile-wise paper gray, 64 px tiles) spans more than
 * BG_UNEVEN_RANGE gray levels or its brightest paper is darker than
 * BG_DARK_PAPER.  Measured on the corpus: office pages span 9-24 levels
 * (paper 231-246), worn pages 55-78 (paper 208-223).
 */
#define BG_UNEVEN_RANGE 40
#define BG_DARK_PAPER 180

static int background_uneven(PIX *gray)
{
	PIX *map = NULL;
	l_int32 lo = 0, hi = 255;
	int uneven = 1; /* when in doubt, normalise as before */

	if (pixGetBackgroundGrayMap(gray, NULL, 64, 64, 100, 64 * 64 / 4, &map) == 0 && map &&
	    pixGetRangeValues(map, 1, L_SELECT_RED, &lo, &hi) == 0)
		uneven = hi - lo > BG_UNEVEN_RANGE || hi < BG_DARK_PAPER;
	pixDestroy(&map);
	return uneven;
}

static void preprocess(struct ak_ocr_engine *e, PIX **gray, unsigned prep, int dpi,
                       struct prepped *out)
{
	int bilevel = (prep & (AK_PREP_NORMBG | AK_PREP_BINARIZE)) ? is_bilevel(*gray) : 0;

	out->rotation = 0;
	out->skew = 0;
	if (prep & AK_PREP_OSD) {
		int deg = detect_rotation(e, *gray, dpi);
		if (deg) {
			replace(gray, pixRotateOrth(*gray, deg / 90));
			out->rotation = deg;
		}
	}
	if (prep & AK_PREP_DESKEW) {
		l_float32 angle = 0, conf = 0;
		PIX *b = pixConvertTo1(*gray, 160);
		if (b && pixFindSkew(b, &angle, &conf) == 0 && conf >= DESKEW_MIN_CONF &&
		    fabsf(angle) >= DESKEW_MIN_DEG) {
			PIX *r = pixRotate(*gray, (l_float32)(angle * 3.14159265358979 / 180.0),
			                   L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
			if (r) {
				replace(gray, r);
				out->skew = angle;
			}
		}
		pixDestroy(&b);
	}
	if (prep & AK_PREP_DENOISE)
		replace(gray, pixMedianFilter(*gray, 3, 3));
	/* a bilevel page has no background to even out nor gray to threshold */
	if ((prep & AK_PREP_NORMBG) && !bilevel && background_uneven(*gray))
		replace(gray, pixBackgroundNormSimple(*gray, NULL, NULL));
	if ((prep & AK_PREP_BINARIZE) && !bilevel) {
		PIX *b = NULL;
		l_int32 wh = dpi > 0 ? dpi / 12 : 25;
		if (wh < 8)
			wh = 8;
		if (pixGetWidth(*gray) > 2 * wh + 3 && pixGetHeight(*gray) > 2 * wh + 3 &&
		    pixSauvolaBinarizeTiled(*gray, wh, 0.34f, 1, 1, NULL, &b) == 0 && b)
			replace(gray, b);
	}
	out->pix = *gray;
}

/* ------------------------------------------------------------ recognition */

struct tword {
	char *text; /* malloc */
	char *first; /* malloc: the first reading when a second one replaced it */
	float first_conf;
	int x0, y0, x1, y1;
	float conf;
	uint32_t line;
};

struct tline {
	uint32_t first, n;
	int x0, y0, x1, y1, baseline;
	uint32_t block;
};

struct result {
	struct tword *w;
	size_t nw, capw;
	struct tline *l;
	size_t nl, capl;
};

static void result_release(struct result *r)
{
	size_t i;
	for (i = 0; i < r->nw; i++) {
		free(r->w[i].text);
		free(r->w[i].first);
	}
	free(r->w);
	free(r->l);
	memset(r, 0, sizeof(*r));
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t ncap;
	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	if (!(nv = realloc(*v, ncap * size)))
		return AK_ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Trim ASCII white space; Tesseract words never need it. */
static char *dup_trim(const char *s)
{
	size_t n;
	char *o;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	             s[n - 1] == '\r'))
		n--;
	if (!(o = malloc(n + 1)))
		return NULL;
	memcpy(o, s, n);
	o[n] = '\0';
	return o;
}

static int collect(TessBaseAPI *api, struct result *res)
{
	TessResultIterator *ri = TessBaseAPIGetIterator(api);
	const TessPageIterator *pi;
	uint32_t block = 0;
	int in_line = 0;

	if (!ri)
		return 0; /* nothing found on the page */
	pi = TessResultIteratorGetPageIteratorConst(ri);
	do {
		char *t, *wt;
		int x0, y0, x1, y1;
		struct tword *w;

		if (TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK))
			block++;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE))
			in_line = 0;
		if (!(t = TessResultIteratorGetUTF8Text(ri, RIL_WORD)))
			continue;
		wt = dup_trim(t);
		TessDeleteText(t);
		if (!wt)
			goto nomem;
		if (!*wt || !TessPageIteratorBoundingBox(pi, RIL_WORD, &x0, &y0, &x1, &y1)) {
			free(wt);
			continue;
		}
		if (!in_line) {
			struct tline *l;
			int bx0, by0, bx1, by1;
			if (grow((void **)&res->l, &res->capl, res->nl, sizeof(*res->l))) {
				free(wt);
				goto nomem;
			}
			l = &res->l[res->nl++];
			memset(l, 0, sizeof(*l));
			l->first = (uint32_t)res->nw;
			l->block = block;
			if (TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l->x0, &l->y0, &l->x1,
			                                &l->y1) &&
			    TessPageIteratorBaseline(pi, RIL_TEXTLINE, &bx0, &by0, &bx1, &by1))
				l->baseline = (by0 + by1) / 2;
			in_line = 1;
		}
		if (grow((void **)&res->w, &res->capw, res->nw, sizeof(*res->w))) {
			free(wt);
			goto nomem;
		}
		w = &res->w[res->nw++];
		memset(w, 0, sizeof(*w));
		w->text = wt;
		w->x0 = x0;
		w->y0 = y0;
		w->x1 = x1;
		w->y1 = y1;
		w->conf = TessResultIteratorConfidence(ri, RIL_WORD);
		if (w->conf < 0)
			w->conf = 0;
		if (w->conf > 100)
			w->conf = 100;
		w->line = (uint32_t)(res->nl - 1);
		res->l[res->nl - 1].n++;
	} while (TessResultIteratorNext(ri, RIL_WORD));
	TessResultIteratorDelete(ri);
	return 0;
nomem:
	TessResultIteratorDelete(ri);
	return AK_ENOMEM;
}

/* ------------------------------------------------------------ second reading
 *
 * Numeric-looking words of low confidence are read again from their own crop
 * of the preprocessed page (margin of 1/8 of the word height left and right,
 * so a neighbouring digit group is not pulled in, 1/4 above and below), on a
 * white border, as one text line with only digits and number punctuation
 * allowed; at 1x, then at 2x when the first try is not taken.  Returns 1 when
 * the second reading was taken, 0 when not, AK_ENOMEM.  ak_ocr_take_second (ocr_glyphs.c) decides; the first
 * reading stays in the word (tword.first) and leaves as an ak_ocr_reread.
 * The engine's page segmentation and whitelist are put back afterwards.
 */
/* Scales tried in order until one reading is taken: 1x alone and 2x alone
 * each found about half of what the two find together (docs/ocr.md). */
static const float reread_scales[] = { 1.0f, 2.0f };
#define REREAD_MAX 200 /* words per page: bounds the cost on a garbage page */

static int reread_word(TessBaseAPI *api, PIX *page, int dpi, struct tword *w, float scale)
{
	int h = w->y1 - w->y0, mx = h / 8, my = h / 4;
	int x0 = w->x0 - mx, y0 = w->y0 - my, x1 = w->x1 + mx, y1 = w->y1 + my;
	BOX *box;
	PIX *crop, *g, *sc, *bord;
	char *t, buf[AK_OCR_TOK_MAX];
	float conf;
	size_t n;

	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	if (x1 > pixGetWidth(page))
		x1 = pixGetWidth(page);
	if (y1 > pixGetHeight(page))
		y1 = pixGetHeight(page);
	if (x1 - x0 < 2 || y1 - y0 < 2 || !(box = boxCreate(x0, y0, x1 - x0, y1 - y0)))
		return 0;
	crop = pixClipRectangle(page, box, NULL);
	boxDestroy(&box);
	if (!crop)
		return 0;
	g = pixConvertTo8(crop, 0);
	pixDestroy(&crop);
	if (!g)
		return 0;
	sc = scale == 1.0f ? pixClone(g) : pixScale(g, scale, scale);
	pixDestroy(&g);
	if (!sc)
		return 0;
	bord = pixAddBorder(sc, (l_uint32)(h > 8 ? h : 8), 255);
	pixDestroy(&sc);
	if (!bord)
		return 0;
	TessBaseAPISetImage2(api, bord);
	TessBaseAPISetSourceResolution(api, (int)((float)dpi * scale));
	t = TessBaseAPIRecognize(api, NULL) == 0 ? TessBaseAPIGetUTF8Text(api) : NULL;
	conf = (float)TessBaseAPIMeanTextConf(api);
	TessBaseAPIClear(api);
	pixDestroy(&bord);
	if (!t)
		return 0;
	n = strlen(t);
	if (n >= sizeof(buf)) {
		TessDeleteText(t);
		return 0;
	}
	memcpy(buf, t, n + 1);
	TessDeleteText(t);
	if (!ak_ocr_take_second(w->text, w->conf, buf, conf, w->x1 - w->x0, h))
		return 0;
	if (!(t = strdup(buf)))
		return AK_ENOMEM;
	w->first = w->text;
	w->first_conf = w->conf;
	w->text = t;
	w->conf = conf;
	return 1;
}

static int reread_numbers(TessBaseAPI *api, PIX *page, int dpi, struct result *res)
{
	size_t i, k, done = 0;
	int rc = 0, any = 0;

	for (i = 0; i < res->nw && done < REREAD_MAX && rc == 0; i++) {
		struct tword *w = &res->w[i];
		if (!ak_ocr_numeric_candidate(w->text, w->conf))
			continue;
		if (!any) {
			TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
			TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789-.,:/()");
			any = 1;
		}
		for (k = 0; k < sizeof(reread_scales) / sizeof(reread_scales[0]); k++) {
			int r = reread_word(api, page, dpi, w, reread_scales[k]);
			if (r != 0) {
				rc = r < 0 ? r : 0;
				break;
			}
		}
		done++;
	}
	if (any) {
		TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
		TessBaseAPISetPageSegMode(api, PSM_AUTO);
	}
	return rc;
}

/* ------------------------------------------------------------ reading order
 *
 * Tesseract's page layout often cuts a table, or a letterhead with text left
 * and right, into side-by-side blocks and reads them one after the other:
 * "Nr Datum Delegat / 16 ... / 17 ..." then "Beslut / Tilldelning ...".  For
 * the text (and for people) the row is the unit.  So blocks that hold lines
 * at the same height, side by side, form one zone; inside a zone lines are
 * put into rows (vertical overlap of half a line, no horizontal overlap),
 * rows are read top to bottom and a row's parts left to right, as one text
 * line.  Blocks not side by side with another keep Tesseract's order.  The
 * zone is read where its first line was.  (Two-column prose would be read
 * across; the documents we read are single-column with tables.)
 */

static int side_by_side(const struct tline *a, const struct tline *b)
{
	int ov = (a->y1 < b->y1 ? a->y1 : b->y1) - (a->y0 > b->y0 ? a->y0 : b->y0);
	int ha = a->y1 - a->y0, hb = b->y1 - b->y0;
	int h = ha < hb ? ha : hb;
	return h > 0 && ov * 2 >= h && (a->x1 <= b->x0 || b->x1 <= a->x0);
}

static uint32_t uf_find(uint32_t *parent, uint32_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

struct lref {
	const struct tline *l;
	uint32_t idx;
};

static int cmp_lref_y(const void *pa, const void *pb)
{
	const struct lref *a = pa, *b = pb;
	int ca = a->l->y0 + a->l->y1, cb = b->l->y0 + b->l->y1;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (a->l->x0 != b->l->x0)
		return a->l->x0 < b->l->x0 ? -1 : 1;
	return a->idx < b->idx ? -1 : (a->idx > b->idx);
}

static int cmp_lref_x(const void *pa, const void *pb)
{
	const struct lref *a = pa, *b = pb;
	if (a->l->x0 != b->l->x0)
		return a->l->x0 < b->l->x0 ? -1 : 1;
	return a->idx < b->idx ? -1 : (a->idx > b->idx);
}

/* Append the words of lines refs[0..n) (already in order) as one line. */
static int emit_row(struct result *out, const struct result *in, const struct lref *refs,
                    size_t n)
{
	struct tline *l;
	size_t k, i;

	if (grow((void **)&out->l, &out->capl, out->nl, sizeof(*out->l)))
		return AK_ENOMEM;
	l = &out->l[out->nl];
	*l = *refs[0].l;
	l->first = (uint32_t)out->nw;
	l->n = 0;
	for (k = 0; k < n; k++) {
		const struct tline *src = refs[k].l;
		if (src->x0 < l->x0) l->x0 = src->x0;
		if (src->y0 < l->y0) l->y0 = src->y0;
		if (src->x1 > l->x1) l->x1 = src->x1;
		if (src->y1 > l->y1) l->y1 = src->y1;
		for (i = 0; i < src->n; i++) {
			struct tword *w;
			if (grow((void **)&out->w, &out->capw, out->nw, sizeof(*out->w)))
				return AK_ENOMEM;
			w = &out->w[out->nw++];
			*w = in->w[src->first + i];
			w->line = (uint32_t)out->nl;
			l->n++;
		}
	}
	out->nl++;
	return 0;
}

/* Reorder res into reading order; word texts move, never copied. */
static int reading_order(struct result *res)
{
	size_t n = res->nl, i, j, k;
	uint32_t nb = 0, *parent = NULL;
	unsigned char *done = NULL;
	struct lref *refs = NULL;
	struct result out;
	int rc = AK_ENOMEM, linked = 0;

	if (n < 2 || n > 4000)
		return 0;
	for (i = 0; i < n; i++)
		if (res->l[i].block + 1 > nb)
			nb = res->l[i].block + 1;
	memset(&out, 0, sizeof(out));
	parent = malloc(nb * sizeof(*parent));
	done = calloc(n, 1);
	refs = malloc(n * sizeof(*refs));
	if (!parent || !done || !refs)
		goto fail;
	for (i = 0; i < nb; i++)
		parent[i] = (uint32_t)i;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (res->l[i].block != res->l[j].block &&
			    side_by_side(&res->l[i], &res->l[j])) {
				uint32_t a = uf_find(parent, res->l[i].block);
				uint32_t b = uf_find(parent, res->l[j].block);
				if (a != b) {
					parent[a < b ? b : a] = a < b ? a : b;
					linked = 1;
				}
			}
	if (!linked) {
		rc = 0;
		goto fail; /* nothing to change */
	}
	for (i = 0; i < n; i++) {
		uint32_t zone;
		size_t nz = 0, r;
		if (done[i])
			continue;
		zone = uf_find(parent, res->l[i].block);
		/* every line of this zone, top to bottom */
		for (j = i; j < n; j++)
			if (!done[j] && uf_find(parent, res->l[j].block) == zone) {
				refs[nz].l = &res->l[j];
				refs[nz].idx = (uint32_t)j;
				nz++;
				done[j] = 1;
			}
		qsort(refs, nz, sizeof(*refs), cmp_lref_y);
		/* rows: each line takes the side-by-side lines after it */
		for (r = 0; r < nz;) {
			size_t m = 1;
			for (k = r + 1; k < nz; k++) {
				size_t q;
				int ok = side_by_side(refs[r].l, refs[k].l);
				for (q = r; ok && q < r + m; q++)
					ok = refs[q].l->x1 <= refs[k].l->x0 || refs[k].l->x1 <= refs[q].l->x0;
				if (ok) {
					struct lref t = refs[k];
					memmove(&refs[r + m + 1], &refs[r + m], (k - r - m) * sizeof(*refs));
					refs[r + m] = t;
					m++;
				}
			}
			qsort(refs + r, m, sizeof(*refs), cmp_lref_x);
			if (emit_row(&out, res, refs + r, m))
				goto fail;
			r += m;
		}
	}
	free(res->w);
	free(res->l);
	*res = out;
	memset(&out, 0, sizeof(out));
	rc = 0;
fail:
	free(out.w); /* word texts belong to res until the swap */
	free(out.l);
	free(parent);
	free(done);
	free(refs);
	return rc;
}

/* Glyph restoration, line by line, on the collected words. */
static int restore(struct result *res)
{
	struct ak_ocr_tok *tok = NULL;
	size_t cap = 0, i, k;

	for (i = 0; i < res->nl; i++) {
		struct tline *l = &res->l[i];
		if (l->n > cap) {
			free(tok);
			cap = l->n;
			if (!(tok = malloc(cap * sizeof(*tok))))
				return AK_ENOMEM;
		}
		for (k = 0; k < l->n; k++) {
			const struct tword *w = &res->w[l->first + k];
			size_t n = strlen(w->text);
			memset(&tok[k], 0, sizeof(tok[k]));
			if (n < AK_OCR_TOK_MAX)
				memcpy(tok[k].text, w->text, n + 1);
			tok[k].x0 = w->x0;
			tok[k].y0 = w->y0;
			tok[k].x1 = w->x1;
			tok[k].y1 = w->y1;
		}
		if (ak_ocr_restore_line(tok, l->n) == 0)
			continue;
		for (k = 0; k < l->n; k++) {
			struct tword *w = &res->w[l->first + k];
			if (tok[k].rule && strcmp(tok[k].text, w->text) != 0) {
				char *nt = strdup(tok[k].text);
				if (!nt) {
					free(tok);
					return AK_ENOMEM;
				}
				free(w->text);
				w->text = nt;
			}
		}
	}
	free(tok);
	return 0;
}

/* Copy into the document: one line of text per Tesseract line, words
 * separated by one space.  Lines with no words do not exist. */
static int to_page(struct doc *d, struct ak_page *p, const struct result *res,
                   struct ak_ocr_rereads *rr)
{
	size_t tlen = 0, wlen = 0, i, k, nrr = 0;
	char *text, *wtext;
	struct ak_word *words = NULL;
	struct ak_line *lines = NULL;
	double sum = 0;
	int rc = 0;

	for (i = 0; i < res->nw; i++) {
		size_t n = strlen(res->w[i].text);
		tlen += n + 1;
		wlen += n + 1;
		nrr += res->w[i].first != NULL;
	}
	if (rr)
		memset(rr, 0, sizeof(*rr));
	if (tlen > UINT32_MAX)
		return AK_ETOOBIG;
	pthread_mutex_lock(&d->lock);
	text = ak_arena_alloc(&d->arena, tlen + 1);
	wtext = ak_arena_alloc(&d->arena, wlen + 1);
	if (res->nw)
		words = ak_arena_array(&d->arena, res->nw, sizeof(*words));
	if (res->nl)
		lines = ak_arena_array(&d->arena, res->nl, sizeof(*lines));
	if (!text || !wtext || (res->nw && !words) || (res->nl && !lines)) {
		rc = AK_ENOMEM;
		goto out;
	}
	tlen = 0;
	wlen = 0;
	for (i = 0; i < res->nl; i++) {
		const struct tline *tl = &res->l[i];
		struct ak_line *l = &lines[i];
		l->first_word = tl->first;
		l->nwords = tl->n;
		l->off = (uint32_t)tlen;
		l->x0 = tl->x0;
		l->y0 = tl->y0;
		l->x1 = tl->x1;
		l->y1 = tl->y1;
		l->baseline = tl->baseline;
		l->block = tl->block;
		for (k = 0; k < tl->n; k++) {
			const struct tword *tw = &res->w[tl->first + k];
			struct ak_word *w = &words[tl->first + k];
			size_t n = strlen(tw->text);
			if (k)
				text[tlen++] = ' ';
			memcpy(text + tlen, tw->text, n);
			w->off = (uint32_t)tlen;
			w->len = (uint32_t)n;
			tlen += n;
			memcpy(wtext + wlen, tw->text, n + 1);
			w->text = wtext + wlen;
			wlen += n + 1;
			w->x0 = tw->x0;
			w->y0 = tw->y0;
			w->x1 = tw->x1;
			w->y1 = tw->y1;
			w->conf = tw->conf;
			w->line = (uint32_t)i;
			sum += tw->conf;
		}
		l->len = (uint32_t)(tlen - l->off);
		text[tlen++] = '\n';
	}
	text[tlen] = '\0';
	p->text = text;
	p->text_len = tlen;
	p->words = words;
	p->nwords = res->nw;
	p->lines = lines;
	p->nlines = res->nl;
	p->mean_conf = res->nw ? (float)(sum / (double)res->nw) : 0.0f;
	p->src = AK_SRC_OCR;
	if (rr && nrr) {
		if (!(rr->v = ak_arena_array(&d->arena, nrr, sizeof(*rr->v)))) {
			rc = AK_ENOMEM;
			goto out;
		}
		for (i = 0; i < res->nw; i++) {
			struct ak_ocr_reread *x;
			if (!res->w[i].first)
				continue;
			x = &rr->v[rr->n++];
			x->word = (uint32_t)i;
			x->conf1 = res->w[i].first_conf;
			if (!(x->first = ak_arena_strdup(&d->arena, res->w[i].first))) {
				rc = AK_ENOMEM;
				goto out;
			}
		}
	}
out:
	pthread_mutex_unlock(&d->lock);
	return rc;
}

int ak_ocr_page(struct ak_ocr_engine *e, struct doc *d, struct ak_page *p,
                const char *path, const struct ak_raster *r, unsigned prep,
                size_t max_pixels, struct ak_ocr_rereads *rr, char *why, size_t whylen)
{
	PIX *pix = NULL, *gray;
	struct prepped pp;
	struct result res;
	int rc, dpi;

	memset(&res, 0, sizeof(res));
	if (r) {
		if (r->w <= 0 || r->h <= 0 || (size_t)r->w > max_pixels / (size_t)r->h) {
			snprintf(why, whylen, "page image of %dx%d pixels is empty or over the limit",
			         r->w, r->h);
			return AK_ETOOBIG;
		}
		if (!(pix = pix_from_raster(r))) {
			snprintf(why, whylen, "out of memory for the page image");
			return AK_ENOMEM;
		}
	} else if ((rc = pix_from_file(&pix, path, p->source_index, max_pixels, why,
	                               whylen)) != 0) {
		return rc;
	}
	dpi = pixGetXRes(pix);
	if (dpi < 70 || dpi > 2400)
		dpi = 300; /* unknown or absurd: assume a 300 dpi scan */
	if (!(gray = to_gray(&pix))) {
		snprintf(why, whylen, "cannot convert the page image to gray");
		return AK_EFORMAT;
	}
	preprocess(e, &gray, prep, dpi, &pp);

	TessBaseAPIClearAdaptiveClassifier(e->api);
	TessBaseAPISetImage2(e->api, pp.pix);
	TessBaseAPISetSourceResolution(e->api, dpi);
	if (TessBaseAPIRecognize(e->api, NULL) != 0) {
		TessBaseAPIClear(e->api);
		pixDestroy(&gray);
		snprintf(why, whylen, "OCR engine failed on the page");
		return AK_EOCR;
	}
	rc = collect(e->api, &res);
	TessBaseAPIClear(e->api);
	if (rc == 0)
		rc = reread_numbers(e->api, pp.pix, dpi, &res);
	p->width = pixGetWidth(pp.pix);
	p->height = pixGetHeight(pp.pix);
	pixDestroy(&gray);
	if (rc == 0)
		rc = reading_order(&res);
	if (rc == 0)
		rc = restore(&res);
	if (rc == 0)
		rc = to_page(d, p, &res, rr);
	result_release(&res);
	if (rc) {
		snprintf(why, whylen, "%s", rc == AK_ENOMEM ? "out of memory" : ak_strerror(rc));
		return rc;
	}
	p->dpi = dpi;
	p->rotation = pp.rotation;
	p->skew = pp.skew;
	return 0;
}

/* ------------------------------------------------------------ crops */

int ak_img_crop_png(const char *path, int source_index, const struct ak_raster *r,
                    int rotation, int x0, int y0, int x1, int y1,
                    const char *out_path, char *why, size_t whylen)
{
	PIX *pix = NULL, *gray, *crop;
	BOX *box;
	int rc;

	pthread_once(&quiet_once, quiet_leptonica);
	if (x1 <= x0 || y1 <= y0) {
		snprintf(why, whylen, "empty crop rectangle");
		return AK_EINVAL;
	}
	if (r) {
		if (!(pix = pix_from_raster(r))) {
			snprintf(why, whylen, "empty page image");
			return AK_EINVAL;
		}
	} else if ((rc = pix_from_file(&pix, path, source_index, (size_t)-1, why,
	                               whylen)) != 0) {
		return rc;
	}
	if (!(gray = to_gray(&pix))) {
		snprintf(why, whylen, "cannot convert the page image to gray");
		return AK_EFORMAT;
	}
	if (rotation == 90 || rotation == 180 || rotation == 270)
		replace(&gray, pixRotateOrth(gray, rotation / 90));
	box = boxCreate(x0, y0, x1 - x0, y1 - y0);
	crop = box ? pixClipRectangle(gray, box, NULL) : NULL;
	boxDestroy(&box);
	pixDestroy(&gray);
	if (!crop) {
		snprintf(why, whylen, "crop rectangle outside the page");
		return AK_EINVAL;
	}
	rc = pixWrite(out_path, crop, IFF_PNG) == 0 ? 0 : AK_EIO;
	pixDestroy(&crop);
	if (rc)
		snprintf(why, whylen, "cannot write %s", out_path);
	return rc;
}

/* ------------------------------------------------------------ charts
 *
 * The series chart (query_png.c) is drawn in plain C on a struct ak_rgb;
 * Leptonica only lends its built-in font and the PNG codec.  Both results
 * are copied into malloc'd memory before the Leptonica objects are freed.
 */

void ak_rgb_release(struct ak_rgb *r)
{
	if (!r)
		return;
	free(r->px);
	r->px = NULL;
	r->w = r->h = 0;
}

int ak_img_font_init(struct ak_font *f, int size, char *why, size_t whylen)
{
	L_BMF *bmf;
	size_t total = 0, off = 0;
	int c, pass;

	pthread_once(&quiet_once, quiet_leptonica);
	memset(f, 0, sizeof(*f));
	if (size < 4 || size > 20 || size % 2) {
		snprintf(why, whylen, "font size %d: Leptonica has 4, 6, ... 20", size);
		return AK_EINVAL;
	}
	if (!(bmf = bmfCreate(NULL, size))) {
		snprintf(why, whylen, "cannot build Leptonica's font of size %d", size);
		return AK_ENOMEM;
	}
	f->line_height = bmf->lineheight;
	f->space = bmf->spacewidth;
	/* pass 0 sizes the store, pass 1 copies the masks into it */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1 && !(f->store = malloc(total ? total : 1))) {
			bmfDestroy(&bmf);
			snprintf(why, whylen, "out of memory for a font");
			return AK_ENOMEM;
		}
		for (c = AK_FONT_FIRST; c <= AK_FONT_LAST; c++) {
			struct ak_glyph *g = &f->g[c - AK_FONT_FIRST];
			PIX *pix = bmfGetPix(bmf, (char)c), *one;
			l_int32 w, h, x, y, width = 0, base = 0;
			if (!pix)
				continue;
			one = pixConvertTo1(pix, 128);
			pixDestroy(&pix);
			if (!one)
				continue;
			w = pixGetWidth(one);
			h = pixGetHeight(one);
			if (pass == 0) {
				total += (size_t)w * (size_t)h;
			} else {
				unsigned char *ink = f->store + off;
				const l_uint32 *data = pixGetData(one);
				l_int32 wpl = pixGetWpl(one);
				for (y = 0; y < h; y++)
					for (x = 0; x < w; x++)
						ink[(size_t)y * (size_t)w + (size_t)x] =
							(unsigned char)GET_DATA_BIT(data + (size_t)y * (size_t)wpl, x);
				bmfGetWidth(bmf, (char)c, &width);
				bmfGetBaseline(bmf, (char)c, &base);
				g->w = w;
				g->h = h;
				g->baseline = base;
				g->advance = width + bmf->kernwidth;
				g->ink = ink;
				off += (size_t)w * (size_t)h;
			}
			pixDestroy(&one);
		}
	}
	bmfDestroy(&bmf);
	return 0;
}

void ak_img_font_release(struct ak_font *f)
{
	if (!f)
		return;
	free(f->store);
	memset(f, 0, sizeof(*f));
}

int ak_img_png_encode(unsigned char **out, size_t *outlen, const struct ak_rgb *img,
                      char *why, size_t whylen)
{
	PIX *pix;
	l_uint32 *data;
	l_int32 wpl, x, y;
	l_uint8 *mem = NULL;
	size_t n = 0;

	pthread_once(&quiet_once, quiet_leptonica);
	*out = NULL;
	*outlen = 0;
	if (img->w <= 0 || img->h <= 0 || !img->px) {
		snprintf(why, whylen, "empty image");
		return AK_EINVAL;
	}
	if (!(pix = pixCreate(img->w, img->h, 32))) {
		snprintf(why, whylen, "out of memory for a %dx%d image", img->w, img->h);
		return AK_ENOMEM;
	}
	pixSetSpp(pix, 3);
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < img->h; y++) {
		const unsigned char *src = img->px + (size_t)y * (size_t)img->w * 3;
		l_uint32 *line = data + (size_t)y * (size_t)wpl;
		for (x = 0; x < img->w; x++, src += 3)
			composeRGBPixel(src[0], src[1], src[2], line + x);
	}
	if (pixWriteMemPng(&mem, &n, pix, 0.0) != 0 || !mem) {
		pixDestroy(&pix);
		lept_free(mem);
		snprintf(why, whylen, "PNG encoding failed");
		return AK_ENOMEM;
	}
	pixDestroy(&pix);
	if (!(*out = malloc(n ? n : 1))) {
		lept_free(mem);
		snprintf(why, whylen, "out of memory for a PNG of %zu bytes", n);
		return AK_ENOMEM;
	}
	memcpy(*out, mem, n);
	*outlen = n;
	lept_free(mem);
	return 0;
}

int ak_img_png_decode(struct ak_rgb *out, const unsigned char *data, size_t n,
                      size_t max_pixels, char *why, size_t whylen)
{
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D',
	                                        0xae, 0x42, 0x60, 0x82 };
	l_int32 w = 0, h = 0, bps, spp, cmap, x, y, wpl;
	PIX *pix, *rgb;
	const l_uint32 *px;

	pthread_once(&quiet_once, quiet_leptonica);
	memset(out, 0, sizeof(*out));
	if (n < 33 || readHeaderMemPng(data, n, &w, &h, &bps, &spp, &cmap) != 0 ||
	    w <= 0 || h <= 0) {
		snprintf(why, whylen, "not a PNG image");
		return AK_EFORMAT;
	}
	if ((size_t)w > max_pixels / (size_t)h) {
		snprintf(why, whylen, "image of %dx%d pixels is over the limit of %zu pixels",
		         w, h, max_pixels);
		return AK_ETOOBIG;
	}
	if (memcmp(data + n - 12, iend, 12) != 0) {
		snprintf(why, whylen, "truncated png image (no end chunk)");
		return AK_EFORMAT;
	}
	if (!(pix = pixReadMemPng(data, n))) {
		snprintf(why, whylen, "cannot decode png image (damaged)");
		return AK_EFORMAT;
	}
	rgb = pixConvertTo32(pix);
	pixDestroy(&pix);
	if (!rgb) {
		snprintf(why, whylen, "cannot convert the image to RGB");
		return AK_EFORMAT;
	}
	w = pixGetWidth(rgb);
	h = pixGetHeight(rgb);
	if (!(out->px = malloc((size_t)w * (size_t)h * 3))) {
		pixDestroy(&rgb);
		snprintf(why, whylen, "out of memory for a %dx%d image", w, h);
		return AK_ENOMEM;
	}
	px = pixGetData(rgb);
	wpl = pixGetWpl(rgb);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			l_int32 r, g, b;
			unsigned char *d = out->px + ((size_t)y * (size_t)w + (size_t)x) * 3;
			extractRGBValues(px[(size_t)y * (size_t)wpl + (size_t)x], &r, &g, &b);
			d[0] = (unsigned char)r;
			d[1] = (unsigned char)g;
			d[2] = (unsigned char)b;
		}
	out->w = w;
	out->h = h;
	pixDestroy(&rgb);
	return 0;
}
