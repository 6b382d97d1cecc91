/*
 * ocr_adapter.h - the only door to Tesseract and Leptonica (ocr_tess.c).
 *
 * Nothing outside ocr_tess.c includes <tesseract/capi.h> or
 * <leptonica/allheaders.h>.  Results are copied into the document's arena
 * (under doc->lock) before the foreign objects are freed, in the same call.
 * Images cross the boundary as a plain 8-bit gray raster.
 */
#ifndef AK_OCR_ADAPTER_H
#define AK_OCR_ADAPTER_H

#include "arkiv.h"

/* A plain 8-bit grayscale image, row-major, stride == w, malloc-owned. */
struct ak_raster {
	int w, h;          /* pixels */
	int dpi;           /* 0 = unknown */
	unsigned char *px; /* w*h bytes, 0 = black, 255 = white */
};
void ak_raster_release(struct ak_raster *r);

/* Read only what is needed to validate an image file: its format, number of
 * pages (frames in a TIFF), the first page's size and resolution.  Fails with
 * AK_EFORMAT (why says what is wrong) for damaged or unknown files and
 * AK_ETOOBIG when w*h > max_pixels.  Thread-safe. */
int ak_img_probe(const char *path, size_t max_pixels, enum ak_format *fmt,
                 int *npages, int *w, int *h, int *dpi, char *why, size_t whylen);

/* Decode frame `index` of an image file into an 8-bit gray raster (any
 * depth, colormap or alpha is converted; alpha is laid on white).  Fails
 * like ak_ocr_page on damaged files and on images over max_pixels.
 * The caller releases *out with ak_raster_release. */
int ak_img_load_gray(const char *path, int index, size_t max_pixels,
                     struct ak_raster *out, char *why, size_t whylen);

/* One OCR engine per worker thread (never shared).  *out owned by caller. */
struct ak_ocr_engine;
int ak_ocr_engine_new(struct ak_ocr_engine **out, const char *tessdata,
                      const char *lang, char *why, size_t whylen);
void ak_ocr_engine_free(struct ak_ocr_engine **e);

/* OCR one page into p (text, lines, words with boxes and confidences,
 * rotation, skew, size, dpi), allocating from d's arena under d->lock.
 * The image is the file's frame p->source_index, or `r` when non-NULL
 * (a rendered PDF page).  `prep` is a set of AK_PREP_* flags. */
struct ak_ocr_reread {
	uint32_t word;     /* index into p->words: the word as kept (second reading) */
	const char *first; /* the first reading, arena-owned */
	float conf1;       /* its confidence */
};
struct ak_ocr_rereads {
	struct ak_ocr_reread *v; /* arena-owned */
	size_t n;
};
/* `rr` (may be NULL) receives the words whose second reading replaced the
 * first (see "Second reading" below), with the first reading. */
int ak_ocr_page(struct ak_ocr_engine *e, struct doc *d, struct ak_page *p,
                const char *path, const struct ak_raster *r, unsigned prep,
                size_t max_pixels, struct ak_ocr_rereads *rr, char *why, size_t whylen);

/* Cut a rectangle (pixels of the page as OCR'd) out of the page image and
 * write it as PNG to out_path; used by the auditor's report. */
int ak_img_crop_png(const char *path, int source_index, const struct ak_raster *r,
                    int rotation, int x0, int y0, int x1, int y1,
                    const char *out_path, char *why, size_t whylen);

/* ---------------------------------------------------------------------
 * Charts (query_png.c draws; these only cross the library boundary).
 * The raster is drawn in plain C; Leptonica lends its built-in bitmap font
 * and encodes/decodes PNG.
 */

/* An 8-bit RGB image, row-major, 3 bytes per pixel (R, G, B), stride 3*w,
 * malloc-owned; ak_rgb_release frees px. */
struct ak_rgb {
	int w, h;          /* pixels */
	unsigned char *px; /* w*h*3 bytes */
};
void ak_rgb_release(struct ak_rgb *r);

/* One glyph of a bitmap font: an ink mask and where it sits. */
struct ak_glyph {
	int w, h;                 /* pixels */
	int baseline;             /* rows from the mask's top to the baseline */
	int advance;              /* pixels from this glyph's origin to the next */
	const unsigned char *ink; /* w*h bytes, 1 = ink; inside the font's store */
};

/* Leptonica's built-in serif font (ASCII '!'..'~', no other characters),
 * copied out of the library.  `size` is Leptonica's: 4, 6, 8, ... 20
 * (points at 300 ppi: size 4 is 17 pixels from ascender to descender).
 * Caller storage; ak_img_font_release frees it.  Thread-safe. */
#define AK_FONT_FIRST '!'
#define AK_FONT_LAST '~'
struct ak_font {
	int line_height;  /* pixels */
	int space;        /* advance of ' ', pixels */
	struct ak_glyph g[AK_FONT_LAST - AK_FONT_FIRST + 1];
	unsigned char *store; /* malloc'd masks of every glyph */
};
int ak_img_font_init(struct ak_font *f, int size, char *why, size_t whylen);
void ak_img_font_release(struct ak_font *f);

/* Encode img as a PNG file image (RGB, 8 bits per channel, no time or
 * text chunks: the same pixels give the same bytes).  *out is malloc'd,
 * the caller frees it. */
int ak_img_png_encode(unsigned char **out, size_t *outlen, const struct ak_rgb *img,
                      char *why, size_t whylen);

/* Decode a PNG file image (any depth or colour type) into RGB; alpha is
 * dropped.  Fails with AK_EFORMAT on damaged data and AK_ETOOBIG over
 * max_pixels.  The caller releases *out with ak_rgb_release. */
int ak_img_png_decode(struct ak_rgb *out, const unsigned char *data, size_t n,
                      size_t max_pixels, char *why, size_t whylen);

/* ---------------------------------------------------------------------
 * Glyph restoration (ocr_glyphs.c).  The Debian `swe` model has no `§`
 * and no `%` in its character set and `swe+eng` still loses some: "§ 4"
 * comes out as "8 4" or "3 4", "12 %" as "12 96".  These rules put the
 * glyph back, one text line at a time, only where the word boxes agree:
 * a `§` is taller than the digit after it (it descends below the baseline)
 * and a `%` is one glyph, clearly narrower than two digits.
 */
#define AK_OCR_TOK_MAX 32

struct ak_ocr_tok {
	char text[AK_OCR_TOK_MAX]; /* UTF-8; "" for words too long to matter */
	int x0, y0, x1, y1;        /* box, pixels, x1/y1 exclusive; all 0 = unknown */
	const char *rule;          /* set to the rule's name when changed */
};

/* Apply every rule to the words of one line (left to right), rewriting
 * t[i].text in place (never longer than AK_OCR_TOK_MAX - 1 bytes).
 * Returns the number of words changed. */
int ak_ocr_restore_line(struct ak_ocr_tok *t, size_t n);

/* ---------------------------------------------------------------------
 * Second reading of numeric words (ocr_glyphs.c decides, ocr_tess.c reads).
 * Tesseract misreads figures in place ("2 283" as "2 203", "512" as "12",
 * "-77" as "-T1"), mostly with a low word confidence.  Such words are read
 * again from their own crop (2x scale, one text line, digits and number
 * punctuation only); the second reading replaces the first only when it is
 * clearly more confident AND its width agrees with the word's box (digits
 * are about 0.76 of their height wide), so a dropped or doubled glyph is
 * caught by geometry, not by confidence alone.  The first reading is kept
 * (a finding `ocr-low-confidence`, rule `numeric-reread`, names both).
 */
#define AK_OCR_REREAD_CONF 85.0f   /* words below this confidence are candidates */
#define AK_OCR_REREAD_MARGIN 10.0f /* the second reading must be this much surer */
#define AK_OCR_REREAD_MIN 75.0f    /* ... and at least this sure */

/* 1 when a word of this text and confidence deserves a second reading:
 * confidence under AK_OCR_REREAD_CONF, at least one digit, at most 16
 * bytes, and digits at least half of its letters and digits. */
int ak_ocr_numeric_candidate(const char *text, float conf);

/* Normalise a second reading in place: trim, drop the spaces of a digit
 * grouping ("1 236" -> "1236").  Returns 1 when what is left is
 * numeric-shaped (digits with - . , : / ( ) around or between them, at
 * least one digit), else 0. */
int ak_ocr_numeric_normalise(char *s);

/* Width of `text` in units of the digit height, as printed (calibrated on
 * the corpus: n digits are 0.76 n - 0.1 heights wide). */
double ak_ocr_text_width(const char *text);

/* The decision: 1 to take `second` (as Tesseract printed it; normalised in
 * place by ak_ocr_numeric_normalise, and given back the first reading's
 * trailing . , : ; ) or leading ( when it lacks them) over `first` for a word
 * whose box is box_w x box_h pixels.  `second` has room for AK_OCR_TOK_MAX
 * bytes. */
int ak_ocr_take_second(const char *first, float conf1, char *second, float conf2,
                       int box_w, int box_h);

#endif
