/*
 * pdf.h - the only door to the PDF library (pdf_poppler.c, poppler-glib).
 *
 * A PDF is opened once per thread that needs it (poppler documents are not
 * shared between threads).  The text layer comes back as words with boxes in
 * pixels at `dpi`, so born-digital and OCR'd pages share one model.
 */
#ifndef AK_PDF_H
#define AK_PDF_H

#include "arkiv.h"
#include "ocr_adapter.h"

struct ak_pdf;

/* Open; AK_EENCRYPTED for password-protected files, AK_EFORMAT for damaged
 * ones (why says what is wrong).  *out owned by caller: ak_pdf_close. */
int ak_pdf_open(struct ak_pdf **out, const char *path, char *why, size_t whylen);
void ak_pdf_close(struct ak_pdf **pdf);
int ak_pdf_npages(const struct ak_pdf *pdf);

/* Fill p from page `index`'s text layer (words with boxes at `dpi`).
 * Returns 1 when the layer is present and sane, 0 when the page must be
 * OCR'd (no text, or text that fails the sanity test), <0 on failure. */
int ak_pdf_page_text(struct ak_pdf *pdf, int index, int dpi, struct doc *d,
                     struct ak_page *p);

/* Render page `index` at `dpi` into an 8-bit gray raster (caller releases). */
int ak_pdf_render(struct ak_pdf *pdf, int index, int dpi, size_t max_pixels,
                  struct ak_raster *out, char *why, size_t whylen);

#endif
