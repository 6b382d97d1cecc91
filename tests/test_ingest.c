/*
 * test_ingest.c - the ingest stage (ingest.c), the PDF adapter
 * (pdf_poppler.c) and SHA-256 (sha256.c).
 *
 * Fixtures are written by this test into a mkdtemp folder: tiny PNG, TIFF
 * (two frames), PNM, BMP and PDF files built byte by byte, then damaged on
 * purpose (truncated, oversized header, no %%EOF).  Only the encrypted PDF
 * is committed (tests/data/encrypted.pdf, made once with qpdf --encrypt).
 * Every case runs the stage on a fresh document and checks the failure
 * code and message, or the pages laid out, and the document invariants.
 * The CLI case runs $AK_ARKIV ocr on a folder mixing good and bad files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arkiv.h"
#include "pdf.h"
#include "sha256.h"
#include "stages.h"

static char tmpdir[300];

/* ------------------------------------------------------------ helpers */

static void path_of(char *out, size_t n, const char *rel)
{
	snprintf(out, n, "%s/%s", tmpdir, rel);
}

static void write_bytes(const char *rel, const void *p, size_t n)
{
	char path[512];
	FILE *f;
	path_of(path, sizeof(path), rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

#define WLIT(rel, lit) write_bytes(rel, lit, sizeof(lit) - 1)

static void write_buf(const char *rel, const struct ak_buf *b)
{
	write_bytes(rel, b->ptr, b->len);
}

static void put_be32(struct ak_buf *b, uint32_t v)
{
	char c[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };
	ak_buf_put(b, c, 4);
}

static void put_le16(struct ak_buf *b, uint32_t v)
{
	char c[2] = { (char)v, (char)(v >> 8) };
	ak_buf_put(b, c, 2);
}

static void put_le32(struct ak_buf *b, uint32_t v)
{
	char c[4] = { (char)v, (char)(v >> 8), (char)(v >> 16), (char)(v >> 24) };
	ak_buf_put(b, c, 4);
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	size_t i;
	int k;
	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return c ^ 0xFFFFFFFFu;
}

static void png_chunk(struct ak_buf *b, const char *type, const unsigned char *data, size_t n)
{
	unsigned char *tmp = malloc(n + 4);
	assert_non_null(tmp);
	memcpy(tmp, type, 4);
	if (n)
		memcpy(tmp + 4, data, n);
	put_be32(b, (uint32_t)n);
	ak_buf_put(b, (const char *)tmp, n + 4);
	put_be32(b, crc32_of(tmp, n + 4));
	free(tmp);
}

/* An 8-bit gray PNG, w x h as the header says; pixel data for at most
 * dw x dh (a header can claim more than the data holds). */
static void make_png(struct ak_buf *b, uint32_t w, uint32_t h, uint32_t dw, uint32_t dh)
{
	unsigned char ihdr[13];
	size_t raw_n = (size_t)dh * (dw + 1), i;
	unsigned char *raw = calloc(1, raw_n), *z;
	uint32_t a = 1, bb = 0;
	size_t zn = 0;

	assert_non_null(raw);
	for (i = 0; i < raw_n; i++)
		raw[i] = i % (dw + 1) == 0 ? 0 : (unsigned char)(i * 37);
	z = malloc(raw_n + 16);
	assert_non_null(z);
	z[zn++] = 0x78;
	z[zn++] = 0x01;
	z[zn++] = 0x01; /* final stored block */
	z[zn++] = (unsigned char)raw_n;
	z[zn++] = (unsigned char)(raw_n >> 8);
	z[zn++] = (unsigned char)~raw_n;
	z[zn++] = (unsigned char)(~raw_n >> 8);
	memcpy(z + zn, raw, raw_n);
	zn += raw_n;
	for (i = 0; i < raw_n; i++) {
		a = (a + raw[i]) % 65521;
		bb = (bb + a) % 65521;
	}
	z[zn++] = (unsigned char)(bb >> 8);
	z[zn++] = (unsigned char)bb;
	z[zn++] = (unsigned char)(a >> 8);
	z[zn++] = (unsigned char)a;

	ak_buf_put(b, "\x89PNG\r\n\x1A\n", 8);
	ihdr[0] = (unsigned char)(w >> 24); ihdr[1] = (unsigned char)(w >> 16);
	ihdr[2] = (unsigned char)(w >> 8); ihdr[3] = (unsigned char)w;
	ihdr[4] = (unsigned char)(h >> 24); ihdr[5] = (unsigned char)(h >> 16);
	ihdr[6] = (unsigned char)(h >> 8); ihdr[7] = (unsigned char)h;
	ihdr[8] = 8; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
	png_chunk(b, "IHDR", ihdr, 13);
	png_chunk(b, "IDAT", z, zn);
	png_chunk(b, "IEND", NULL, 0);
	free(raw);
	free(z);
}

/* Little-endian uncompressed 8-bit gray TIFF with `frames` frames of
 * w x h: all directories first, then all pixel data (so cutting the end
 * loses image data, not directories). */
static void make_tiff(struct ak_buf *b, int frames, uint32_t w, uint32_t h)
{
	const uint32_t ifd_size = 2 + 9 * 12 + 4;
	uint32_t data0 = 8 + (uint32_t)frames * ifd_size;
	int f;
	uint32_t i;

	ak_buf_put(b, "II*\0", 4);
	put_le32(b, 8);
	for (f = 0; f < frames; f++) {
		static const uint16_t tags[9] = { 256, 257, 258, 259, 262, 273, 277, 278, 279 };
		uint32_t vals[9];
		int k;
		vals[0] = w; vals[1] = h; vals[2] = 8; vals[3] = 1; vals[4] = 1;
		vals[5] = data0 + (uint32_t)f * w * h;
		vals[6] = 1; vals[7] = h; vals[8] = w * h;
		put_le16(b, 9);
		for (k = 0; k < 9; k++) {
			int is_long = tags[k] == 273 || tags[k] == 279 || tags[k] == 256 || tags[k] == 257;
			put_le16(b, tags[k]);
			put_le16(b, is_long ? 4 : 3);
			put_le32(b, 1);
			if (is_long) {
				put_le32(b, vals[k]);
			} else {
				put_le16(b, vals[k]);
				put_le16(b, 0);
			}
		}
		put_le32(b, f + 1 < frames ? 8 + (uint32_t)(f + 1) * ifd_size : 0);
	}
	for (f = 0; f < frames; f++)
		for (i = 0; i < w * h; i++)
			ak_buf_putc(b, (char)(i * 13 + (uint32_t)f));
}

static void make_pnm(struct ak_buf *b)
{
	int i;
	ak_buf_puts(b, "P5\n# made by test_ingest\n8 8\n255\n");
	for (i = 0; i < 64; i++)
		ak_buf_putc(b, (char)(i * 4));
}

static void make_bmp(struct ak_buf *b)
{
	int i;
	ak_buf_put(b, "BM", 2);
	put_le32(b, 54 + 8 * 8 * 3);
	put_le32(b, 0);
	put_le32(b, 54);
	put_le32(b, 40);
	put_le32(b, 8);
	put_le32(b, 8);
	put_le16(b, 1);
	put_le16(b, 24);
	put_le32(b, 0);
	put_le32(b, 8 * 8 * 3);
	put_le32(b, 2835);
	put_le32(b, 2835);
	put_le32(b, 0);
	put_le32(b, 0);
	for (i = 0; i < 8 * 8 * 3; i++)
		ak_buf_putc(b, (char)(i * 7));
}

/* A PDF with one page per content stream (A4, Helvetica in WinAnsi, so
 * strings are CP1252 bytes).  Pages whose bit is set in image_pages also
 * get an 8x8 gray image XObject named /Im1 in their resources; pages whose
 * bit is set in rotate90_pages are shown turned 90 degrees (/Rotate 90). */
static void make_pdf(struct ak_buf *b, const char *const *contents, int npages,
                     unsigned image_pages, unsigned rotate90_pages)
{
	size_t off[64];
	int nobj = 3 + 2 * npages + 1, i, k;
	int img = nobj; /* last object */
	size_t xref;

	assert_true(nobj < 64);
	ak_buf_puts(b, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
	off[1] = b->len;
	ak_buf_puts(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = b->len;
	ak_buf_printf(b, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", npages);
	for (i = 0; i < npages; i++)
		ak_buf_printf(b, " %d 0 R", 4 + 2 * i);
	ak_buf_puts(b, " ] >>\nendobj\n");
	off[3] = b->len;
	ak_buf_puts(b, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	               "/Encoding /WinAnsiEncoding >>\nendobj\n");
	for (i = 0; i < npages; i++) {
		size_t len = strlen(contents[i]);
		off[4 + 2 * i] = b->len;
		ak_buf_printf(b, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		              "/Contents %d 0 R /Resources << /Font << /F1 3 0 R >>",
		              4 + 2 * i, 5 + 2 * i);
		if (image_pages & (1u << i))
			ak_buf_printf(b, " /XObject << /Im1 %d 0 R >>", img);
		ak_buf_puts(b, " >>");
		if (rotate90_pages & (1u << i))
			ak_buf_puts(b, " /Rotate 90");
		ak_buf_puts(b, " >>\nendobj\n");
		off[5 + 2 * i] = b->len;
		ak_buf_printf(b, "%d 0 obj\n<< /Length %zu >>\nstream\n", 5 + 2 * i, len);
		ak_buf_put(b, contents[i], len);
		ak_buf_puts(b, "\nendstream\nendobj\n");
	}
	off[img] = b->len;
	ak_buf_printf(b, "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width 8 /Height 8 "
	              "/ColorSpace /DeviceGray /BitsPerComponent 8 /Length 64 >>\nstream\n", img);
	for (k = 0; k < 64; k++)
		ak_buf_putc(b, (char)(k & 1 ? 0x20 : 0xE0));
	ak_buf_puts(b, "\nendstream\nendobj\n");
	xref = b->len;
	ak_buf_printf(b, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
	for (i = 1; i <= nobj; i++)
		ak_buf_printf(b, "%010zu 00000 n \n", off[i]);
	ak_buf_printf(b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	              nobj + 1, xref);
	assert_int_equal(b->err, 0);
}

/* Page texts (CP1252 bytes inside PDF strings). */
#define PG_TEXT1                                                                    \
	"BT /F1 12 Tf 72 770 Td (Kommunstyrelsen beslutar att godk\xe4nna "            \
	"\xe5rsredovisningen f\xf6r 2023.) Tj 0 -16 Td (\xa7 4 Budget f\xf6r \xc5re och "  \
	"\xd6stersund, totalt 1 234 tkr.) Tj ET"
#define PG_TEXT2 "BT /F1 12 Tf 72 770 Td (Sida tv\xe5: Justerare \xc4nnu ej utsedd.) Tj ET"
#define PG_SCAN "q 595 0 0 842 0 0 cm /Im1 Do Q"
#define PG_STAMP PG_SCAN " BT /F1 9 Tf 450 820 Td (Inkom 2023-12-01 Dnr 17) Tj ET"
#define PG_CID                                                                      \
	"BT /F1 12 Tf 72 770 Td (\\(cid:12\\)\\(cid:34\\)\\(cid:56\\) \\(cid:7\\)\\(cid:9\\) " \
	"text) Tj ET"
#define PG_GLUED                                                                    \
	"BT /F1 4 Tf 20 770 Td (Kommunstyrelsenbeslutarattgodkannaarsredovisningenfor"   \
	"arochlaggerdentillhandlingarnamedfoljandetillagg) Tj ET"
/* A table drawn column by column, then a bulleted line (• is 0x95). */
#define PG_TABLE                                                                    \
	"BT /F1 10 Tf 72 700 Td (Kansli) Tj 0 -14 Td (Styrelse) Tj ET "                  \
	"BT /F1 10 Tf 250 700 Td (1 415 000) Tj 0 -14 Td (95 000) Tj ET "               \
	"BT /F1 10 Tf 72 660 Td (\x95) Tj ET BT /F1 10 Tf 90 660 Td (F\xf6rsta punkten) Tj ET"
/* A landscape page: drawn turned a quarter, shown with /Rotate 90. */
#define PG_LANDSCAPE                                                                \
	"q 0 1 -1 0 595 0 cm BT /F1 12 Tf 72 500 Td (Sida tv\xe5: Justerare \xc4nnu ej utsedd.) " \
	"Tj ET Q"
/* Text drawn upright on a page shown turned: it runs down the page. */
#define PG_SYMBOLS "BT /F1 12 Tf 72 770 Td (#$%&*+=<>#$%&*+=<>#$%&*+=<>#$%&*+=<> ab) Tj ET"

/* ------------------------------------------------------------ fixtures */

static void fx_text_pages(void)
{
	static const char t[] = "Protokoll \xc2\xa7 4\r\nRad tv\xc3\xa5\r\n\r\nNytt stycke h\xc3\xa4r\r\n"
	                        "\fSida tv\xc3\xa5\n\f";
	write_bytes("pages.txt", t, sizeof(t) - 1);
}

static void fx_mac_cr(void)
{
	WLIT("cr.txt", "Rad ett\rRad tv\x8c");
}

static void fx_controls(void)
{
	WLIT("ctl.txt", "Beslut\x01 fattat\x07\nRad tv\xc3\xa5\x1b\n");
}

static void fx_sub(void)
{
	WLIT("sub.txt", "Slut p\xe5 protokollet\r\n\x1a");
}

static void fx_cp850(void)
{
	static const char t[] = "Justerare: \x8f" "sa \x99" "berg. Beslut f\x94r \x86r 2023 "
	                        "godk\x84nt.\r\n";
	write_bytes("dos.txt", t, sizeof(t) - 1);
}

static void fx_empty(void) { WLIT("empty.txt", ""); }
static void fx_blank(void) { WLIT("blank.txt", " \r\n\t\f \n"); }
static void fx_bom_only(void) { WLIT("bom.txt", "\xEF\xBB\xBF"); }

static void fx_binary(void)
{
	unsigned char b[2048];
	size_t i;
	for (i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)(i * 151 + 7);
	write_bytes("data.txt", b, sizeof(b)); /* named .txt: the name must not matter */
}

static void fx_big(void)
{
	char b[300];
	memset(b, 'a', sizeof(b));
	write_bytes("big.txt", b, sizeof(b));
}

/* Over the default 2 GiB limit without using the disk: a sparse file. */
static void fx_sparse(void)
{
	char p[512];
	FILE *f;
	path_of(p, sizeof(p), "sparse.txt");
	f = fopen(p, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(truncate(p, ((off_t)2 << 30) + 1), 0);
}

static void fx_pages3(void) { WLIT("three.txt", "ett\ftv\xc3\xa5\ftre\n"); }

static void fx_dangling(void)
{
	char p[512];
	path_of(p, sizeof(p), "gone.txt");
	unlink(p);
	assert_int_equal(symlink("/nonexistent/arkiv/gone.txt", p), 0);
}

static void fx_dir(void)
{
	char p[512];
	path_of(p, sizeof(p), "folder.pdf");
	mkdir(p, 0755);
}

static void fx_fifo(void)
{
	char p[512];
	path_of(p, sizeof(p), "pipe.txt");
	unlink(p);
	assert_int_equal(mkfifo(p, 0644), 0);
}

static void fx_gif(void) { WLIT("anim.gif", "GIF89a\x08\0\x08\0\0\0\0;"); }

#define FX_BUF(name, file, body)                     \
	static void name(void)                           \
	{                                                \
		struct ak_buf b;                             \
		ak_buf_init(&b, 0);                          \
		body;                                        \
		write_buf(file, &b);                         \
		ak_buf_release(&b);                          \
	}

FX_BUF(fx_png, "page.png", make_png(&b, 8, 8, 8, 8))
FX_BUF(fx_png_trunc, "trunc.png", (make_png(&b, 64, 64, 64, 64), b.len -= 200))
FX_BUF(fx_png_huge, "huge.png", make_png(&b, 30000, 30000, 4, 4))
FX_BUF(fx_png_as_txt, "scan.txt", make_png(&b, 8, 8, 8, 8))
FX_BUF(fx_tiff2, "two.tif", make_tiff(&b, 2, 16, 16))
FX_BUF(fx_tiff_trunc, "trunc.tif", (make_tiff(&b, 2, 16, 16), b.len -= 100))
/* TIFF directories that point outside the file or at themselves. */
FX_BUF(fx_tiff_ifd_past_end, "ifdpast.tif", (ak_buf_put(&b, "II*\0", 4), put_le32(&b, 1000000), put_le32(&b, 0)))
FX_BUF(fx_tiff_ifd_loop, "loop.tif", (make_tiff(&b, 2, 16, 16), b.ptr[8 + 114 + 2 + 9 * 12] = 8,
                                      b.ptr[8 + 114 + 2 + 9 * 12 + 1] = 0))
FX_BUF(fx_tiff_huge_count, "count.tif", (make_tiff(&b, 1, 16, 16), b.ptr[8] = (char)0xFF,
                                         b.ptr[9] = (char)0xFF))
FX_BUF(fx_tiff_strip_past_end, "strip.tif", (make_tiff(&b, 1, 16, 16),
                                             b.ptr[8 + 2 + 5 * 12 + 8] = (char)0xF0))
FX_BUF(fx_jpeg_trunc, "trunc.jpg", ak_buf_put(&b, "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xDB", 22))
FX_BUF(fx_pnm, "page.pgm", make_pnm(&b))
FX_BUF(fx_bmp, "page.bmp", make_bmp(&b))

static const char *const pdf_text2[] = { PG_TEXT1, PG_TEXT2 };
static const char *const pdf_mixed[] = { PG_TEXT1, PG_SCAN };
static const char *const pdf_scan[] = { PG_SCAN };
static const char *const pdf_stamp[] = { PG_STAMP };
static const char *const pdf_cid[] = { PG_CID };
static const char *const pdf_glued[] = { PG_GLUED };
static const char *const pdf_symbols[] = { PG_SYMBOLS };
static const char *const pdf_table[] = { PG_TABLE };
static const char *const pdf_landscape[] = { PG_LANDSCAPE };
static const char *const pdf_vertical[] = { PG_TEXT1 };

FX_BUF(fx_pdf_text, "born.pdf", make_pdf(&b, pdf_text2, 2, 0, 0))
FX_BUF(fx_pdf_mixed, "mixed.pdf", make_pdf(&b, pdf_mixed, 2, 2, 0))
FX_BUF(fx_pdf_scan, "scan.pdf", make_pdf(&b, pdf_scan, 1, 1, 0))
FX_BUF(fx_pdf_stamp, "stamp.pdf", make_pdf(&b, pdf_stamp, 1, 1, 0))
FX_BUF(fx_pdf_cid, "cid.pdf", make_pdf(&b, pdf_cid, 1, 0, 0))
FX_BUF(fx_pdf_glued, "glued.pdf", make_pdf(&b, pdf_glued, 1, 0, 0))
FX_BUF(fx_pdf_table, "table.pdf", make_pdf(&b, pdf_table, 1, 0, 0))
FX_BUF(fx_pdf_landscape, "landscape.pdf", make_pdf(&b, pdf_landscape, 1, 0, 1))
FX_BUF(fx_pdf_vertical, "vertical.pdf", make_pdf(&b, pdf_vertical, 1, 0, 1))
FX_BUF(fx_pdf_symbols, "symbols.pdf", make_pdf(&b, pdf_symbols, 1, 0, 0))
FX_BUF(fx_pdf_half, "half.pdf", (make_pdf(&b, pdf_text2, 2, 0, 0), b.len /= 2))
FX_BUF(fx_pdf_noeof, "noeof.pdf", (make_pdf(&b, pdf_text2, 2, 0, 0), b.len -= 7))
FX_BUF(fx_pdf_as_dat, "report.dat", make_pdf(&b, pdf_text2, 2, 0, 0))

static void fx_pdf_encrypted(void)
{
	char src[512], cmd[1200];
	const char *root = getenv("AK_SOURCE_DIR");
	snprintf(src, sizeof(src), "%s/tests/data/encrypted.pdf", root ? root : ".");
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/encrypted.pdf'", src, tmpdir);
	assert_int_equal(system(cmd), 0);
}

/* ------------------------------------------------------------ checks */

static void chk_text_pages(const struct doc *d)
{
	const struct ak_page *p = &d->pages[0];
	assert_string_equal(d->encoding, "UTF-8");
	assert_int_equal(d->nfindings, 0);
	assert_string_equal(p->text, "Protokoll § 4\nRad två\n\nNytt stycke här\n");
	assert_string_equal(d->pages[1].text, "Sida två\n");
	assert_string_equal(d->orig, "Protokoll § 4\nRad två\n\nNytt stycke här\n\fSida två\n");
	assert_ptr_equal(d->orig, d->text);
	assert_int_equal(p->nlines, 4);
	assert_int_equal(p->nwords, 8);
	assert_string_equal(p->words[1].text, "§");
	assert_int_equal(p->words[1].off, 10);
	assert_int_equal(p->words[1].line, 0);
	assert_int_equal(p->words[5].line, 3);
	assert_int_equal(p->lines[1].off, 15);
	assert_int_equal(p->lines[1].len, 8); /* "Rad två" without '\n' */
	assert_int_equal(p->lines[2].nwords, 0);
	assert_int_equal(p->lines[0].block, 0);
	assert_int_equal(p->lines[3].block, 1); /* after the blank line */
	assert_int_equal(p->src, AK_SRC_TEXT);
	assert_int_equal(p->needs_ocr, 0);
	assert_true(p->words[0].conf == 100.0f);
	assert_int_equal(d->pages[1].source_index, 1);
}

static void chk_mac_cr(const struct doc *d)
{
	assert_string_equal(d->pages[0].text, "Rad ett\nRad två\n");
	assert_string_equal(d->encoding, "MacRoman");
	assert_int_equal(d->nfindings, 1);
	assert_int_equal(d->findings[0].id, AK_F_ENCODING_GUESSED);
}

static void chk_controls(const struct doc *d)
{
	assert_string_equal(d->pages[0].text, "Beslut fattat\nRad två\n");
	assert_int_equal(d->nfindings, 1);
	assert_int_equal(d->findings[0].id, AK_F_TEXT_CONTROL_CHARS);
	assert_non_null(strstr(d->findings[0].msg, "3 control characters"));
}

static void chk_sub(const struct doc *d)
{
	assert_string_equal(d->pages[0].text, "Slut på protokollet\n");
	assert_string_equal(d->encoding, "CP1252");
	assert_int_equal(d->nfindings, 1); /* encoding guessed; no control finding */
	assert_int_equal(d->findings[0].id, AK_F_ENCODING_GUESSED);
}

static void chk_cp850(const struct doc *d)
{
	assert_string_equal(d->pages[0].text, "Justerare: Åsa Öberg. Beslut för år 2023 godkänt.\n");
	assert_string_equal(d->encoding, "CP850");
	assert_int_equal(d->findings[0].id, AK_F_ENCODING_GUESSED);
	assert_non_null(strstr(d->findings[0].msg, "CP850"));
}

static void chk_three(const struct doc *d)
{
	assert_string_equal(d->pages[2].text, "tre\n");
	assert_string_equal(d->pages[0].text, "ett\n");
}

static void chk_image1(const struct doc *d)
{
	const struct ak_page *p = &d->pages[0];
	assert_int_equal(p->needs_ocr, 1);
	assert_int_equal(p->src, AK_SRC_OCR);
	assert_int_equal(p->source_index, 0);
	assert_int_equal(p->width, 8);
	assert_int_equal(p->height, 8);
	assert_null(d->encoding);
}

static void chk_tiff2(const struct doc *d)
{
	assert_int_equal(d->pages[0].source_index, 0);
	assert_int_equal(d->pages[1].source_index, 1);
	assert_int_equal(d->pages[1].needs_ocr, 1);
	assert_int_equal(d->pages[0].width, 16);
}

static void chk_pdf_text(const struct doc *d)
{
	const struct ak_page *p = &d->pages[0];
	size_t i;
	assert_int_equal(p->src, AK_SRC_PDF_TEXT);
	assert_int_equal(p->needs_ocr, 0);
	assert_int_equal(p->dpi, 300);
	assert_int_equal(p->width, 2479);  /* 595 pt at 300 dpi */
	assert_int_equal(p->height, 3508); /* 842 pt */
	assert_non_null(strstr(p->text, "godkänna årsredovisningen för 2023."));
	assert_non_null(strstr(p->text, "§ 4 Budget för Åre och Östersund"));
	assert_int_equal(p->nlines, 2);
	assert_int_equal(p->text[p->text_len - 1], '\n');
	assert_string_equal(p->words[0].text, "Kommunstyrelsen");
	/* 72 pt from the left at 300 dpi is 300 px; the top line at y=770 pt
	 * from the bottom is about 72 pt (300 px) from the top. */
	assert_in_range(p->words[0].x0, 295, 305);
	assert_in_range(p->words[0].y0, 250, 300);
	assert_true(p->words[0].x1 > p->words[0].x0 + 200);
	for (i = 1; i < p->lines[0].nwords; i++)
		assert_true(p->words[i].x0 > p->words[i - 1].x1 - 1);
	assert_true(p->words[p->lines[0].nwords].y0 > p->words[0].y1 - 5); /* line 2 below */
	assert_true(p->lines[0].x1 >= p->words[p->lines[0].nwords - 1].x1);
	assert_true(p->words[0].conf == 100.0f);
	assert_true(p->mean_conf == 100.0f);
	assert_string_equal(d->pages[1].text, "Sida två: Justerare Ännu ej utsedd.\n");
	assert_int_equal(d->nfindings, 0);
	assert_non_null(strstr(d->orig, "\fSida två"));
}

static void chk_pdf_mixed(const struct doc *d)
{
	assert_int_equal(d->pages[0].src, AK_SRC_PDF_TEXT);
	assert_int_equal(d->pages[1].src, AK_SRC_OCR);
	assert_int_equal(d->pages[1].needs_ocr, 1);
	assert_int_equal(d->pages[1].source_index, 1);
	assert_int_equal(d->pages[1].dpi, 300);
	assert_int_equal(d->pages[1].width, 2479);
	assert_int_equal(d->nfindings, 0); /* no text at all is not a finding */
}

static void chk_pdf_scan(const struct doc *d)
{
	assert_int_equal(d->pages[0].needs_ocr, 1);
	assert_null(d->pages[0].text);
	assert_int_equal(d->nfindings, 0);
}

static void chk_pdf_table(const struct doc *d)
{
	const struct ak_page *p = &d->pages[0];
	assert_string_equal(p->text, "Kansli\t1 415 000\nStyrelse\t95 000\n\xe2\x80\xa2 F\xc3\xb6rsta punkten\n");
	assert_int_equal(p->nlines, 3);
	assert_int_equal(p->lines[0].nwords, 4);
	assert_string_equal(p->words[1].text, "1");
	assert_int_equal(p->words[1].line, 0);
	assert_true(p->words[1].x0 > 1000); /* 250 pt at 300 dpi */
}

static void chk_pdf_landscape(const struct doc *d)
{
	const struct ak_page *p = &d->pages[0];
	assert_int_equal(p->width, 3508); /* 842 pt wide as shown */
	assert_int_equal(p->height, 2479);
	assert_string_equal(p->text, "Sida två: Justerare Ännu ej utsedd.\n");
	assert_true(p->words[1].x0 > p->words[0].x1); /* left to right as shown */
	assert_in_range(p->words[0].y0, 0, 2479);
}

static void chk_pdf_vertical(const struct doc *d)
{
	const struct ak_page *p = &d->pages[0];
	/* poppler's order is kept: words intact, not one glyph per line. */
	assert_non_null(strstr(p->text, "godkänna årsredovisningen för 2023."));
	assert_int_equal(p->nlines, 2);
	assert_true(p->words[1].y0 > p->words[0].y1 - 1); /* runs down the page */
}

static const char *want_rule;

static void chk_pdf_rejected(const struct doc *d)
{
	assert_int_equal(d->pages[0].needs_ocr, 1);
	assert_int_equal(d->pages[0].src, AK_SRC_OCR);
	assert_int_equal(d->nfindings, 1);
	assert_int_equal(d->findings[0].id, AK_F_PDF_TEXT_INSANE);
	assert_int_equal(d->findings[0].page, 1);
	assert_string_equal(d->findings[0].rule, want_rule);
}

static void chk_rule_scan(const struct doc *d) { want_rule = "pdf-sane-scan"; chk_pdf_rejected(d); }
static void chk_rule_cid(const struct doc *d) { want_rule = "pdf-sane-cid"; chk_pdf_rejected(d); }
static void chk_rule_glued(const struct doc *d) { want_rule = "pdf-sane-word-length"; chk_pdf_rejected(d); }
static void chk_rule_symbols(const struct doc *d) { want_rule = "pdf-sane-letters"; chk_pdf_rejected(d); }

/* ------------------------------------------------------------ the table */

enum tweak { T_NONE, T_MAX_BYTES_200, T_MAX_PAGES_2, T_MAX_PIXELS_SMALL };

static const struct ingest_case {
	const char *name;
	void (*make)(void);
	const char *file;
	enum tweak tweak;
	int want_rc;
	const char *want_msg;       /* substring of errmsg, or NULL */
	enum ak_format want_fmt;
	size_t want_pages;
	void (*check)(const struct doc *d);
} cases[] = {
	/* text */
	{ "text pages, CRLF, form feeds", fx_text_pages, "pages.txt", T_NONE, 0, NULL, AK_FMT_TEXT, 2, chk_text_pages },
	{ "MacRoman with CR line ends", fx_mac_cr, "cr.txt", T_NONE, 0, NULL, AK_FMT_TEXT, 1, chk_mac_cr },
	{ "control characters dropped", fx_controls, "ctl.txt", T_NONE, 0, NULL, AK_FMT_TEXT, 1, chk_controls },
	{ "DOS end-of-file marker", fx_sub, "sub.txt", T_NONE, 0, NULL, AK_FMT_TEXT, 1, chk_sub },
	{ "CP850 text", fx_cp850, "dos.txt", T_NONE, 0, NULL, AK_FMT_TEXT, 1, chk_cp850 },
	{ "three pages", fx_pages3, "three.txt", T_NONE, 0, NULL, AK_FMT_TEXT, 3, chk_three },
	{ "sparse file over 2 GiB", fx_sparse, "sparse.txt", T_NONE, AK_ETOOBIG, "2147483649 bytes, over the limit of 2147483648", AK_FMT_UNKNOWN, 0, NULL },
	{ "too many pages", fx_pages3, "three.txt", T_MAX_PAGES_2, AK_ETOOBIG, "3 pages, more than the limit of 2", AK_FMT_TEXT, 0, NULL },
	{ "zero bytes", fx_empty, "empty.txt", T_NONE, AK_EEMPTY, "empty file (0 bytes)", AK_FMT_UNKNOWN, 0, NULL },
	{ "white space only", fx_blank, "blank.txt", T_NONE, AK_EEMPTY, "no content (only white space)", AK_FMT_TEXT, 0, NULL },
	{ "BOM only", fx_bom_only, "bom.txt", T_NONE, AK_EEMPTY, "no content", AK_FMT_TEXT, 0, NULL },
	{ "binary named .txt", fx_binary, "data.txt", T_NONE, AK_ENOTTEXT, "not text (binary data)", AK_FMT_UNKNOWN, 0, NULL },
	{ "over max_file_bytes", fx_big, "big.txt", T_MAX_BYTES_200, AK_ETOOBIG, "300 bytes, over the limit of 200", AK_FMT_UNKNOWN, 0, NULL },
	/* unreadable */
	{ "dangling symlink", fx_dangling, "gone.txt", T_NONE, AK_EIO, "cannot open: No such file or directory", AK_FMT_UNKNOWN, 0, NULL },
	{ "folder", fx_dir, "folder.pdf", T_NONE, AK_EIO, "cannot read: a folder", AK_FMT_UNKNOWN, 0, NULL },
	{ "FIFO (must not block)", fx_fifo, "pipe.txt", T_NONE, AK_EIO, "cannot read: a FIFO", AK_FMT_UNKNOWN, 0, NULL },
	{ "missing file", NULL, "no-such-file.txt", T_NONE, AK_EIO, "No such file", AK_FMT_UNKNOWN, 0, NULL },
	/* images */
	{ "PNG", fx_png, "page.png", T_NONE, 0, NULL, AK_FMT_PNG, 1, chk_image1 },
	{ "PNG named .txt", fx_png_as_txt, "scan.txt", T_NONE, 0, NULL, AK_FMT_PNG, 1, chk_image1 },
	{ "truncated PNG", fx_png_trunc, "trunc.png", T_NONE, AK_EFORMAT, "PNG", AK_FMT_PNG, 0, NULL },
	{ "30000x30000 PNG", fx_png_huge, "huge.png", T_NONE, AK_ETOOBIG, "30000x30000", AK_FMT_PNG, 0, NULL },
	{ "TIFF, two frames", fx_tiff2, "two.tif", T_NONE, 0, NULL, AK_FMT_TIFF, 2, chk_tiff2 },
	{ "truncated TIFF", fx_tiff_trunc, "trunc.tif", T_NONE, AK_EFORMAT, "TIFF", AK_FMT_TIFF, 0, NULL },
	{ "TIFF directory past the end", fx_tiff_ifd_past_end, "ifdpast.tif", T_NONE, AK_EFORMAT, "TIFF", AK_FMT_TIFF, 0, NULL },
	{ "TIFF directory loop", fx_tiff_ifd_loop, "loop.tif", T_NONE, AK_EFORMAT, "TIFF", AK_FMT_TIFF, 0, NULL },
	{ "TIFF entry count 65535", fx_tiff_huge_count, "count.tif", T_NONE, AK_EFORMAT, "TIFF", AK_FMT_TIFF, 0, NULL },
	{ "TIFF strip past the end", fx_tiff_strip_past_end, "strip.tif", T_NONE, AK_EFORMAT, "TIFF", AK_FMT_TIFF, 0, NULL },
	{ "truncated JPEG", fx_jpeg_trunc, "trunc.jpg", T_NONE, AK_EFORMAT, NULL, AK_FMT_JPEG, 0, NULL },
	{ "PGM", fx_pnm, "page.pgm", T_NONE, 0, NULL, AK_FMT_PNM, 1, chk_image1 },
	{ "BMP", fx_bmp, "page.bmp", T_NONE, 0, NULL, AK_FMT_BMP, 1, chk_image1 },
	{ "GIF", fx_gif, "anim.gif", T_NONE, AK_EFORMAT, "unsupported format (GIF image)", AK_FMT_UNKNOWN, 0, NULL },
	/* PDF */
	{ "born-digital PDF", fx_pdf_text, "born.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 2, chk_pdf_text },
	{ "PDF named .dat", fx_pdf_as_dat, "report.dat", T_NONE, 0, NULL, AK_FMT_PDF, 2, NULL },
	{ "PDF text + scanned page", fx_pdf_mixed, "mixed.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 2, chk_pdf_mixed },
	{ "PDF table drawn by columns", fx_pdf_table, "table.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_pdf_table },
	{ "landscape PDF page (/Rotate 90)", fx_pdf_landscape, "landscape.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_pdf_landscape },
	{ "PDF text running down the page", fx_pdf_vertical, "vertical.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_pdf_vertical },
	{ "scanned PDF", fx_pdf_scan, "scan.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_pdf_scan },
	{ "scan with a stamp", fx_pdf_stamp, "stamp.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_rule_scan },
	{ "(cid:) text layer", fx_pdf_cid, "cid.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_rule_cid },
	{ "glued words", fx_pdf_glued, "glued.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_rule_glued },
	{ "symbol soup", fx_pdf_symbols, "symbols.pdf", T_NONE, 0, NULL, AK_FMT_PDF, 1, chk_rule_symbols },
	{ "truncated PDF (half)", fx_pdf_half, "half.pdf", T_NONE, AK_EFORMAT, "damaged PDF", AK_FMT_PDF, 0, NULL },
	{ "truncated PDF (no %%EOF)", fx_pdf_noeof, "noeof.pdf", T_NONE, AK_EFORMAT, "damaged PDF", AK_FMT_PDF, 0, NULL },
	{ "encrypted PDF", fx_pdf_encrypted, "encrypted.pdf", T_NONE, AK_EENCRYPTED, "encrypted PDF (password protected)", AK_FMT_PDF, 0, NULL },
	{ "scanned PDF over max_pixels", fx_pdf_scan, "scan.pdf", T_MAX_PIXELS_SMALL, AK_ETOOBIG, "over the limit", AK_FMT_PDF, 0, NULL },
};

static int run_ingest(const char *file, enum tweak tw, struct doc **out)
{
	struct ak_config cfg;
	struct ak_ctx ctx;
	char path[512];
	int rc;

	ak_config_defaults(&cfg);
	if (tw == T_MAX_BYTES_200)
		cfg.max_file_bytes = 200;
	if (tw == T_MAX_PAGES_2)
		cfg.max_pages = 2;
	if (tw == T_MAX_PIXELS_SMALL)
		cfg.max_pixels = 1000 * 1000;
	assert_int_equal(ak_ctx_init(&ctx, &cfg), 0);
	path_of(path, sizeof(path), file);
	assert_int_equal(ak_doc_new(out, path, 0), 0);
	rc = ak_stage_ingest(&ctx, *out);
	ak_ctx_release(&ctx);
	return rc;
}

static void test_ingest_cases(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ingest_case *c = &cases[i];
		struct doc *d = NULL;
		const char *broken;
		int rc;

		if (c->make)
			c->make();
		rc = run_ingest(c->file, c->tweak, &d);
		if (rc != c->want_rc || d->err != c->want_rc)
			fail_msg("%s: rc=%d (%s), want %d", c->name, rc, d->errmsg, c->want_rc);
		if (c->want_msg && !strstr(d->errmsg, c->want_msg))
			fail_msg("%s: message '%s' lacks '%s'", c->name, d->errmsg, c->want_msg);
		if (rc && (!d->errmsg[0] || strchr(d->errmsg, '\n')))
			fail_msg("%s: failure without a one-line reason", c->name);
		if (d->format != c->want_fmt)
			fail_msg("%s: format %s, want %s", c->name, ak_format_name(d->format),
			         ak_format_name(c->want_fmt));
		if (d->npages != c->want_pages)
			fail_msg("%s: %zu pages, want %zu", c->name, d->npages, c->want_pages);
		if ((broken = ak_doc_invariant(d)) != NULL)
			fail_msg("%s: invariant broken: %s", c->name, broken);
		if (rc == 0) {
			assert_non_null(d->orig);
			assert_int_equal(strlen(d->hash), 64);
			assert_true(d->size > 0);
		}
		if (c->check)
			c->check(d);
		ak_doc_free(&d);
	}
}

/* Permission denied, for real: as root, drop to nobody in a child. */
static void test_permission_denied(void **state)
{
	char path[512];
	struct doc *d = NULL;
	pid_t pid;
	int status = 0;
	(void)state;

	WLIT("secret.txt", "hemlig text\n");
	path_of(path, sizeof(path), "secret.txt");
	assert_int_equal(chmod(path, 0), 0);
	assert_int_equal(chmod(tmpdir, 0755), 0);
	if (geteuid() != 0) {
		assert_int_equal(run_ingest("secret.txt", T_NONE, &d), AK_EIO);
		assert_non_null(strstr(d->errmsg, "Permission denied"));
		ak_doc_free(&d);
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc;
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		rc = run_ingest("secret.txt", T_NONE, &d);
		_exit(rc == AK_EIO && strcmp(d->errmsg, "cannot open: Permission denied") == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ------------------------------------------------------------ SHA-256 */

static const struct {
	const char *msg;
	const char *hex;
} sha_vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static void test_sha256_vectors(void **state)
{
	char hex[65];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(sha_vectors) / sizeof(sha_vectors[0]); i++) {
		struct ak_sha256 s;
		size_t n = strlen(sha_vectors[i].msg), k;
		ak_sha256_hex(sha_vectors[i].msg, n, hex);
		assert_string_equal(hex, sha_vectors[i].hex);
		/* The same, fed one byte at a time. */
		ak_sha256_init(&s);
		for (k = 0; k < n; k++)
			ak_sha256_update(&s, sha_vectors[i].msg + k, 1);
		ak_sha256_final_hex(&s, hex);
		assert_string_equal(hex, sha_vectors[i].hex);
	}
}

static void test_sha256_million_a(void **state)
{
	struct ak_sha256 s;
	char hex[65], chunk[1001];
	int i;
	(void)state;
	memset(chunk, 'a', sizeof(chunk));
	ak_sha256_init(&s);
	for (i = 0; i < 1000; i++)
		ak_sha256_update(&s, chunk, i % 2 ? 999 : 1001); /* odd splits */
	ak_sha256_final_hex(&s, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* doc->hash is the digest of the file's bytes, across read chunks. */
static void test_doc_hash(void **state)
{
	struct doc *d = NULL;
	size_t n = (3u << 20) + 12345, i;
	char *buf = malloc(n), hex[65];
	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = "Protokoll fört vid sammanträde\n"[i % 32];
	write_bytes("long.txt", buf, n);
	assert_int_equal(run_ingest("long.txt", T_NONE, &d), 0);
	ak_sha256_hex(buf, n, hex);
	assert_string_equal(d->hash, hex);
	assert_int_equal(d->size, n);
	ak_doc_free(&d);
	WLIT("abc.txt", "abc");
	assert_int_equal(run_ingest("abc.txt", T_NONE, &d), 0);
	assert_string_equal(d->hash, sha_vectors[1].hex);
	ak_doc_free(&d);
	free(buf);
}

/* ------------------------------------------------------------ page sets */

/* A page set (pageset.c) is ingested as one document: a page per file in
 * order, each page knowing its file, the hash made of the pages' hashes;
 * one bad page fails the whole document, naming the page's file. */
static void test_page_set(void **state)
{
	struct ak_ctx ctx;
	struct doc *d = NULL;
	char p1[512], p2[512], p3[512], hex[65], cat[3 * 65];
	char *parts[3];
	struct ak_buf b;
	size_t n = 0;
	(void)state;

	ak_buf_init(&b, 0);
	make_png(&b, 8, 8, 8, 8);
	write_buf("set-p1.png", &b);
	ak_sha256_hex(b.ptr, b.len, hex);
	memcpy(cat + n, hex, 64), n += 64, cat[n++] = '\n';
	b.len = 0;
	make_png(&b, 64, 64, 64, 64);
	write_buf("set-p2.png", &b);
	ak_sha256_hex(b.ptr, b.len, hex);
	memcpy(cat + n, hex, 64), n += 64, cat[n++] = '\n';
	b.len -= 200;
	write_buf("set-p3.png", &b); /* truncated */
	ak_buf_release(&b);
	path_of(p1, sizeof(p1), "set-p1.png");
	path_of(p2, sizeof(p2), "set-p2.png");
	path_of(p3, sizeof(p3), "set-p3.png");
	parts[0] = p1;
	parts[1] = p2;
	parts[2] = p3;

	assert_int_equal(ak_ctx_init(&ctx, NULL), 0);
	assert_int_equal(ak_doc_new(&d, "set-p*.png", 0), 0);
	assert_int_equal(ak_doc_set_parts(d, parts, 2), 0);
	assert_int_equal(ak_stage_ingest(&ctx, d), 0);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->format, AK_FMT_PNG);
	assert_int_equal(d->pages[0].part, 0);
	assert_int_equal(d->pages[1].part, 1);
	assert_int_equal(d->pages[1].width, 64);
	assert_string_equal(ak_page_path(d, &d->pages[0]), p1);
	assert_string_equal(ak_page_path(d, &d->pages[1]), p2);
	ak_sha256_hex(cat, n, hex);
	assert_string_equal(d->hash, hex);
	assert_null(ak_doc_invariant(d));
	ak_doc_free(&d);

	/* a truncated third page fails the document and says which file */
	assert_int_equal(ak_doc_new(&d, "set-p*.png", 0), 0);
	assert_int_equal(ak_doc_set_parts(d, parts, 3), 0);
	assert_int_equal(ak_stage_ingest(&ctx, d), AK_EFORMAT);
	assert_int_equal(d->npages, 0);
	assert_non_null(strstr(d->errmsg, "page 3 (set-p3.png)"));
	if (!strstr(d->errmsg, "truncated PNG"))
		fail_msg("%s", d->errmsg);
	ak_doc_free(&d);

	/* a text file among the pages is refused */
	WLIT("set-p4.png", "not an image at all\n");
	path_of(p3, sizeof(p3), "set-p4.png");
	assert_int_equal(ak_doc_new(&d, "set-p*.png", 0), 0);
	assert_int_equal(ak_doc_set_parts(d, parts, 3), 0);
	assert_int_equal(ak_stage_ingest(&ctx, d), AK_EFORMAT);
	assert_non_null(strstr(d->errmsg, "set-p4.png"));
	ak_doc_free(&d);
	ak_ctx_release(&ctx);
}

/* ------------------------------------------------------------ render */

static void test_pdf_render(void **state)
{
	struct ak_pdf *pdf = NULL;
	struct ak_raster r;
	char path[512], why[256];
	size_t i, dark = 0;
	(void)state;

	fx_pdf_mixed();
	path_of(path, sizeof(path), "mixed.pdf");
	assert_int_equal(ak_pdf_open(&pdf, path, why, sizeof(why)), 0);
	assert_int_equal(ak_pdf_npages(pdf), 2);
	assert_int_equal(ak_pdf_render(pdf, 0, 72, 0, &r, why, sizeof(why)), 0);
	assert_int_equal(r.w, 595);
	assert_int_equal(r.h, 842);
	assert_int_equal(r.dpi, 72);
	for (i = 0; i < (size_t)r.w * (size_t)r.h; i++)
		dark += r.px[i] < 128;
	assert_true(dark > 100);                         /* the text is there */
	assert_true(dark < (size_t)r.w * (size_t)r.h / 20); /* on white paper */
	ak_raster_release(&r);
	/* Page 2 is the full-page image of alternating stripes. */
	assert_int_equal(ak_pdf_render(pdf, 1, 36, 0, &r, why, sizeof(why)), 0);
	dark = 0;
	for (i = 0; i < (size_t)r.w * (size_t)r.h; i++)
		dark += r.px[i] < 128;
	assert_in_range(dark, (size_t)r.w * (size_t)r.h / 4, (size_t)r.w * (size_t)r.h * 3 / 4);
	ak_raster_release(&r);
	assert_int_equal(ak_pdf_render(pdf, 0, 300, 1000000, &r, why, sizeof(why)), AK_ETOOBIG);
	assert_non_null(strstr(why, "over the limit"));
	assert_int_equal(ak_pdf_render(pdf, 2, 72, 0, &r, why, sizeof(why)), AK_EINVAL);
	ak_pdf_close(&pdf);
	assert_null(pdf);

	/* A landscape page renders as shown: wider than high. */
	fx_pdf_landscape();
	path_of(path, sizeof(path), "landscape.pdf");
	assert_int_equal(ak_pdf_open(&pdf, path, why, sizeof(why)), 0);
	assert_int_equal(ak_pdf_render(pdf, 0, 72, 0, &r, why, sizeof(why)), 0);
	assert_int_equal(r.w, 842);
	assert_int_equal(r.h, 595);
	ak_raster_release(&r);
	ak_pdf_close(&pdf);
}

/* ------------------------------------------------------------ CLI */

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static size_t count_lines_with(const char *text, const char *needle)
{
	size_t n = 0;
	const char *line = text;
	while (*line) {
		const char *e = strchr(line, '\n');
		size_t len = e ? (size_t)(e - line) : strlen(line);
		char *tmp = strndup(line, len);
		if (strstr(tmp, needle))
			n++;
		free(tmp);
		if (!e)
			break;
		line = e + 1;
	}
	return n;
}

static void test_cli_mixed_folder(void **state)
{
	static const char *const bad[] = { "empty.txt", "data.txt", "trunc.png", "huge.png",
	                                   "trunc.tif", "half.pdf", "encrypted.pdf", "gone.txt",
	                                   "pipe.txt", "sparse.txt", "secret.txt" };
	const char *arkiv = getenv("AK_ARKIV");
	char dir[300], cmd[2048], out[300], err[300];
	char *o, *e;
	size_t on, en, i, nbad = sizeof(bad) / sizeof(bad[0]), lines = 0;
	int status, as_nobody;
	(void)state;

	if (!arkiv || access(arkiv, X_OK) != 0) {
		print_message("AK_ARKIV not set or not executable: CLI test skipped\n");
		skip();
	}
	/* A folder of its own: good and bad files side by side. */
	assert_true(strlen(tmpdir) < 200);
	snprintf(dir, sizeof(dir), "%.200s/batch", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(chmod(tmpdir, 0755), 0);
	{
		char saved[300];
		snprintf(saved, sizeof(saved), "%s", tmpdir);
		snprintf(tmpdir, sizeof(tmpdir), "%s", dir);
		fx_text_pages();
		fx_cp850();
		fx_pdf_text();
		fx_empty();
		fx_binary();
		fx_png_trunc();
		fx_png_huge();
		fx_tiff_trunc();
		fx_pdf_half();
		fx_pdf_encrypted();
		fx_dangling();
		fx_fifo();
		fx_sparse();
		WLIT("secret.txt", "hemlig\n");
		snprintf(tmpdir, sizeof(tmpdir), "%s", saved);
	}
	snprintf(cmd, sizeof(cmd), "%s/secret.txt", dir);
	assert_int_equal(chmod(cmd, 0), 0);
	snprintf(cmd, sizeof(cmd), "chmod 644 %s/*.txt %s/*.pdf %s/*.png %s/*.tif 2>/dev/null; "
	         "chmod 000 %s/secret.txt", dir, dir, dir, dir, dir);
	assert_int_equal(system(cmd), 0);

	/* As root, run the CLI as nobody so that secret.txt is really unreadable. */
	as_nobody = geteuid() == 0 && access("/usr/bin/setpriv", X_OK) == 0;
	snprintf(out, sizeof(out), "%.200s/out.txt", tmpdir);
	snprintf(err, sizeof(err), "%.200s/err.txt", tmpdir);
	snprintf(cmd, sizeof(cmd), "%s '%s' ocr --no-progress -j2 '%s' >'%s' 2>'%s'",
	         as_nobody ? "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --"
	                   : "",
	         arkiv, dir, out, err);
	if (geteuid() == 0 && !as_nobody)
		nbad--; /* root reads secret.txt; it is then a good file */
	status = system(cmd);
	o = slurp(out, &on);
	e = slurp(err, &en);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
		fail_msg("exit status %d, want 1; stderr:\n%s", WEXITSTATUS(status), e);
	for (i = 0; i < nbad; i++) {
		char needle[400];
		snprintf(needle, sizeof(needle), "%s/%s: ", dir, bad[i]);
		if (count_lines_with(e, needle) != 1)
			fail_msg("stderr has not exactly one line for %s:\n%s", bad[i], e);
	}
	for (i = 0; i < en; i++)
		lines += e[i] == '\n';
	if (lines != nbad)
		fail_msg("stderr has %zu lines for %zu bad files (noise?):\n%s", lines, nbad, e);
	assert_non_null(strstr(e, "empty file (0 bytes)"));
	assert_non_null(strstr(e, "not text (binary data)"));
	assert_non_null(strstr(e, "encrypted PDF (password protected)"));
	assert_non_null(strstr(e, "over the limit of 2147483648"));
	/* The good files' text is on stdout. */
	assert_non_null(strstr(o, "Nytt stycke här"));
	assert_non_null(strstr(o, "Beslut för år 2023 godkänt."));
	assert_non_null(strstr(o, "godkänna årsredovisningen för 2023."));
	free(o);
	free(e);
}

/* ------------------------------------------------------------ corpus */

/*
 * The generated corpus (corpus/scans, made by ci/corpus.sh; or the folder
 * named by $AK_CORPUS_SCANS): born-digital PDFs must give exactly the
 * ground-truth text of corpus/gt page by page (reading order, TAB between
 * table cells); the scanned PDF and the multi-page TIFF give pages to OCR;
 * the text file in six encodings decodes to the identical UTF-8.
 */
static int run_ingest_abs(const char *path, struct doc **out)
{
	struct ak_ctx ctx;
	int rc;
	assert_int_equal(ak_ctx_init(&ctx, NULL), 0);
	assert_int_equal(ak_doc_new(out, path, 0), 0);
	rc = ak_stage_ingest(&ctx, *out);
	ak_ctx_release(&ctx);
	return rc;
}

static int same_words(const char *a, size_t an, const char *b, size_t bn)
{
	const char *ae = a + an, *be = b + bn;
	for (;;) {
		size_t la, lb;
		while (a < ae && (*a == ' ' || *a == '\t' || *a == '\n'))
			a++;
		while (b < be && (*b == ' ' || *b == '\t' || *b == '\n'))
			b++;
		if (a == ae || b == be)
			return a == ae && b == be;
		for (la = 0; a + la < ae && !strchr(" \t\n", a[la]); la++)
			;
		for (lb = 0; b + lb < be && !strchr(" \t\n", b[lb]); lb++)
			;
		if (la != lb || memcmp(a, b, la) != 0)
			return 0;
		a += la;
		b += lb;
	}
}

static void test_corpus_inputs(void **state)
{
	static const char *const digital[] = { "protokoll-norra-vattern-2024-11",
	                                       "arsredovisning-norra-vattern-2024" };
	static const struct {
		const char *suffix, *enc;
	} texts[] = {
		{ "utf8", "UTF-8" }, { "utf8bom", "UTF-8-BOM" }, { "utf16le", "UTF-16LE" },
		{ "cp1252", "CP1252" }, { "cp850", "CP850" }, { "macroman", "MacRoman" },
	};
	const char *root = getenv("AK_SOURCE_DIR"), *scans = getenv("AK_CORPUS_SCANS");
	char sdir[512], path[1024], *ref = NULL;
	size_t i, k, pages = 0, identical = 0, reflen = 0;
	struct doc *d = NULL;
	(void)state;

	if (!root)
		root = ".";
	if (scans)
		snprintf(sdir, sizeof(sdir), "%s", scans);
	else
		snprintf(sdir, sizeof(sdir), "%s/corpus/scans", root);
	snprintf(path, sizeof(path), "%s/pdf/%s-digital.pdf", sdir, digital[0]);
	if (access(path, R_OK) != 0) {
		print_message("corpus renders not found (%s): run ci/corpus.sh; corpus test skipped\n",
		              path);
		skip();
	}
	for (i = 0; i < sizeof(digital) / sizeof(digital[0]); i++) {
		snprintf(path, sizeof(path), "%s/pdf/%s-digital.pdf", sdir, digital[i]);
		assert_int_equal(run_ingest_abs(path, &d), 0);
		assert_null(ak_doc_invariant(d));
		assert_int_equal(d->nfindings, 0);
		for (k = 0; k < d->npages; k++) {
			const struct ak_page *p = &d->pages[k];
			char gpath[1024];
			size_t gn;
			char *g;
			assert_int_equal(p->src, AK_SRC_PDF_TEXT);
			snprintf(gpath, sizeof(gpath), "%s/corpus/gt/%s-p%02zu.txt", root, digital[i], k + 1);
			g = slurp(gpath, &gn);
			if (!same_words(p->text, p->text_len, g, gn))
				fail_msg("%s page %zu: words differ from %s", digital[i], k + 1, gpath);
			identical += p->text_len == gn && memcmp(p->text, g, gn) == 0;
			pages++;
			free(g);
		}
		ak_doc_free(&d);
	}
	print_message("corpus born-digital PDFs: %zu/%zu pages byte-identical to corpus/gt, "
	              "all with the same words\n", identical, pages);
	assert_true(identical * 10 >= pages * 9);

	snprintf(path, sizeof(path), "%s/pdf/protokoll-vastra-malardalen-2025-02-scanned.pdf", sdir);
	assert_int_equal(run_ingest_abs(path, &d), 0);
	assert_int_equal(d->npages, 5);
	for (k = 0; k < d->npages; k++)
		assert_int_equal(d->pages[k].needs_ocr, 1);
	assert_int_equal(d->nfindings, 0);
	ak_doc_free(&d);

	snprintf(path, sizeof(path), "%s/multipage/protokoll-norra-vattern-2024-11.tif", sdir);
	assert_int_equal(run_ingest_abs(path, &d), 0);
	assert_int_equal(d->format, AK_FMT_TIFF);
	assert_int_equal(d->npages, 5);
	assert_int_equal(d->pages[4].source_index, 4);
	ak_doc_free(&d);

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		snprintf(path, sizeof(path), "%s/text/protokoll-norra-vattern-2024-11.%s.txt", sdir,
		         texts[i].suffix);
		if (i == 0)
			ref = slurp(path, &reflen);
		assert_int_equal(run_ingest_abs(path, &d), 0);
		if (strcmp(d->encoding, texts[i].enc) != 0 || d->orig_len != reflen ||
		    memcmp(d->orig, ref, reflen) != 0)
			fail_msg("corpus text %s: read as %s (want %s), %s", texts[i].suffix, d->encoding,
			         texts[i].enc, d->orig_len == reflen && !memcmp(d->orig, ref, reflen)
			                       ? "text identical" : "text differs");
		ak_doc_free(&d);
	}
	print_message("corpus text file: %zu encodings decoded to the identical UTF-8\n",
	              sizeof(texts) / sizeof(texts[0]));
	free(ref);
}

/* ------------------------------------------------------------ main */

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ak_ingest_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million_a),
		cmocka_unit_test(test_ingest_cases),
		cmocka_unit_test(test_permission_denied),
		cmocka_unit_test(test_doc_hash),
		cmocka_unit_test(test_page_set),
		cmocka_unit_test(test_pdf_render),
		cmocka_unit_test(test_cli_mixed_folder),
		cmocka_unit_test(test_corpus_inputs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
