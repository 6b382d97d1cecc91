/*
 * report.c - the auditor's HTML report: one self-contained page per
 * document and an index for the batch.
 *
 * Why a unit of its own: the report is for people who read print, not JSON.
 * It only reads the checks the stage left in the document (ak_doc_checks)
 * and never changes them.  Layout: a summary line (how much was verified),
 * then every check that does not hold, worst class first; each with its
 * table rendered (computed cell yellow, suspect cell red, terms outlined),
 * the arithmetic written out, the suggested reading and - for image inputs
 * whose cells carry boxes - a crop of the page around the cell, cut by the
 * OCR adapter (Leptonica) and inlined as a data: URI so the file stands
 * alone.  Output is deterministic: same document, same bytes.
 *
 * Limits: tables are shown up to 80 rows (the rows around the cells beyond
 * that); crops for image files and for scanned PDF pages, which are rendered
 * again at the dpi they were OCR'd at.
 */
#include "report.h"
#include "checks.h"
#include "ocr_adapter.h"
#include "pdf.h"

#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SHOWN_ROWS 80

static void esc(struct ak_buf *b, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '<': ak_buf_puts(b, "&lt;"); break;
		case '>': ak_buf_puts(b, "&gt;"); break;
		case '&': ak_buf_puts(b, "&amp;"); break;
		case '"': ak_buf_puts(b, "&quot;"); break;
		default: ak_buf_putc(b, *s);
		}
	}
}

static void b64(struct ak_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	for (i = 0; i + 2 < n; i += 3) {
		ak_buf_putc(b, tab[p[i] >> 2]);
		ak_buf_putc(b, tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		ak_buf_putc(b, tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
		ak_buf_putc(b, tab[p[i + 2] & 63]);
	}
	if (n - i == 1) {
		ak_buf_putc(b, tab[p[i] >> 2]);
		ak_buf_putc(b, tab[(p[i] & 3) << 4]);
		ak_buf_puts(b, "==");
	} else if (n - i == 2) {
		ak_buf_putc(b, tab[p[i] >> 2]);
		ak_buf_putc(b, tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		ak_buf_putc(b, tab[(p[i + 1] & 15) << 2]);
		ak_buf_putc(b, '=');
	}
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The name of the report's files for a document: its base name, with a
 * page set's '*' (pageset.c) made '_' so the files need no quoting. */
static const char *out_name(const struct doc *d, char *buf, size_t n)
{
	char *p;
	snprintf(buf, n, "%s", base_name(d->path));
	for (p = buf; *p; p++)
		if (*p == '*')
			*p = '_';
	return buf;
}

static int is_image(enum ak_format f)
{
	return f == AK_FMT_PNG || f == AK_FMT_JPEG || f == AK_FMT_TIFF || f == AK_FMT_PNM ||
	       f == AK_FMT_BMP;
}

/* Crop around a cell (with its row's neighbourhood) and inline it. */
static void crop(struct ak_buf *b, const struct doc *d, const struct ak_gcell *x,
                 const char *dir, size_t n)
{
	char out[4096], why[256], nm[1024];
	const struct ak_page *pg;
	FILE *f;
	long len;
	unsigned char *png;
	int x0, y0, x1, y1, w, h;

	if (!dir || x->x1 <= x->x0 || x->page < 1 || (size_t)x->page > d->npages)
		return;
	pg = &d->pages[x->page - 1];
	/* scanned PDF pages are cut from a fresh rendering at the OCR's dpi */
	if (!is_image(d->format) && !(d->format == AK_FMT_PDF && pg->src == AK_SRC_OCR))
		return;
	w = x->x1 - x->x0;
	h = x->y1 - x->y0;
	x0 = x->x0 - 3 * w;
	x1 = x->x1 + w / 2;
	y0 = x->y0 - 2 * h;
	y1 = x->y1 + 2 * h;
	if (x0 < 0) x0 = 0;
	if (y0 < 0) y0 = 0;
	if (pg->width && x1 > pg->width) x1 = pg->width;
	if (pg->height && y1 > pg->height) y1 = pg->height;
	snprintf(out, sizeof(out), "%s/.%s-crop-%zu.png", dir, out_name(d, nm, sizeof(nm)), n);
	if (d->format == AK_FMT_PDF) {
		struct ak_pdf *pdf = NULL;
		struct ak_raster r = { 0, 0, 0, NULL };
		int rc = ak_pdf_open(&pdf, d->path, why, sizeof(why));
		if (rc == 0)
			rc = ak_pdf_render(pdf, pg->source_index, pg->dpi > 0 ? pg->dpi : 300,
			                   (size_t)200 * 1000 * 1000, &r, why, sizeof(why));
		if (rc == 0)
			rc = ak_img_crop_png(NULL, 0, &r, pg->rotation, x0, y0, x1, y1, out, why,
			                     sizeof(why));
		ak_raster_release(&r);
		ak_pdf_close(&pdf);
		if (rc != 0)
			return;
	} else if (ak_img_crop_png(ak_page_path(d, pg), pg->source_index, NULL, pg->rotation, x0, y0, x1,
	                           y1, out, why, sizeof(why)) != 0) {
		return;
	}
	if (!(f = fopen(out, "rb")))
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 && len < (8 << 20) &&
	    fseek(f, 0, SEEK_SET) == 0 && (png = malloc((size_t)len))) {
		if (fread(png, 1, (size_t)len, f) == (size_t)len) {
			ak_buf_puts(b, "<figure><img alt=\"page crop\" src=\"data:image/png;base64,");
			b64(b, png, (size_t)len);
			ak_buf_printf(b, "\"><figcaption>page %d, around pixels %d,%d&ndash;%d,%d "
			              "(OCR confidence %.0f)</figcaption></figure>\n",
			              x->page, x->x0, x->y0, x->x1, x->y1, (double)x->conf);
		}
		free(png);
	}
	fclose(f);
	remove(out);
}

static int in_terms(const struct ak_check *c, uint32_t g, uint32_t r, uint32_t col)
{
	size_t i;
	for (i = 0; i < c->nterms; i++)
		if (c->terms[i].c.grid == g && c->terms[i].c.row == r && c->terms[i].c.col == col)
			return c->terms[i].sign;
	return 0;
}

static int same(struct ak_cref a, uint32_t g, uint32_t r, uint32_t c)
{
	return a.grid == g && a.row == r && a.col == c;
}

/* A cell computed (target) or summed (term) by any relation of c's finding:
 * a finding shows every relation its suspect cell breaks. */
static int in_finding(const struct ak_doc_checks *dc, const struct ak_check *c, uint32_t g,
                      uint32_t r, uint32_t col, int target)
{
	size_t i;
	for (i = 0; i < dc->list.n; i++) {
		const struct ak_check *o = &dc->list.v[i];
		if (o != c && (c->cls == AK_CHK_HELD || o->finding != c->finding))
			continue;
		if (target ? same(o->target, g, r, col) : in_terms(o, g, r, col) != 0)
			return 1;
	}
	return 0;
}

static void table(struct ak_buf *b, const struct ak_doc_checks *dc, uint32_t gi,
                  const struct ak_check *c)
{
	const struct ak_grid *g = &dc->grids[gi];
	size_t r, col, lo = 0, hi = g->nrows;
	if (g->nrows > MAX_SHOWN_ROWS) {
		size_t at = c->target.grid == gi ? c->target.row : 0;
		lo = at > MAX_SHOWN_ROWS / 2 ? at - MAX_SHOWN_ROWS / 2 : 0;
		hi = lo + MAX_SHOWN_ROWS < g->nrows ? lo + MAX_SHOWN_ROWS : g->nrows;
	}
	ak_buf_puts(b, "<table class=\"grid\">");
	if (g->title) {
		ak_buf_printf(b, "<caption>Table %d: ", g->table_no);
		esc(b, g->title);
		ak_buf_puts(b, "</caption>");
	}
	ak_buf_puts(b, "<tr><th></th>");
	for (col = 0; col < g->ncols; col++) {
		ak_buf_puts(b, "<th>");
		esc(b, g->colheads[col] ? g->colheads[col] : "");
		ak_buf_puts(b, "</th>");
	}
	ak_buf_puts(b, "</tr>\n");
	for (r = lo; r < hi; r++) {
		ak_buf_puts(b, "<tr><td class=\"lab\">");
		esc(b, g->labels[r]);
		ak_buf_puts(b, "</td>");
		for (col = 0; col < g->ncols; col++) {
			const struct ak_gcell *x = AK_GCELL(g, r, col);
			const char *cls = "";
			if (c->has_suspect && same(c->suspect, gi, (uint32_t)r, (uint32_t)col))
				cls = " class=\"suspect\"";
			else if (in_finding(dc, c, gi, (uint32_t)r, (uint32_t)col, 1))
				cls = " class=\"target\"";
			else if (in_finding(dc, c, gi, (uint32_t)r, (uint32_t)col, 0))
				cls = " class=\"term\"";
			ak_buf_printf(b, "<td%s>", cls);
			if (x->present)
				esc(b, x->text ? x->text : "");
			ak_buf_puts(b, "</td>");
		}
		ak_buf_puts(b, "</tr>\n");
	}
	ak_buf_puts(b, "</table>\n");
}

static const char *const css =
	"body{font-family:sans-serif;max-width:70em;margin:1em auto;color:#222}"
	"h1{font-size:1.3em}h2{font-size:1.05em;margin-top:1.6em}"
	".sum{background:#f4f4f4;padding:.5em 1em;border-radius:4px}"
	".finding{border-left:6px solid #999;padding:.3em 1em;margin:1em 0}"
	".genuine{border-color:#c0392b}.misread{border-color:#e67e22}.sign{border-color:#d4ac0d}"
	".rounding{border-color:#7f8c8d}"
	".badge{font-weight:bold;text-transform:uppercase;font-size:.85em}"
	"table.grid{border-collapse:collapse;margin:.5em 0;font-size:.9em}"
	"table.grid td,table.grid th{border:1px solid #ccc;padding:2px 6px}"
	"table.grid td{text-align:right}table.grid td.lab{text-align:left}"
	"td.target{background:#fff3a0}td.suspect{background:#f5b7b1;font-weight:bold}"
	"td.term{outline:2px solid #5dade2;outline-offset:-2px}"
	"caption{text-align:left;font-weight:bold;padding:.2em 0}"
	"figure img{border:1px solid #aaa;max-width:100%}.arith{font-family:monospace}";

int ak_report_html(struct ak_buf *b, const struct doc *d, const char *dir)
{
	static const enum ak_check_class order[] = { AK_CHK_GENUINE, AK_CHK_MISREAD, AK_CHK_SIGN,
	                                             AK_CHK_ROUNDING };
	const struct ak_doc_checks *dc = ak_doc_checks(d);
	size_t i, k, n = 0;

	ak_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>arkiv check: ");
	esc(b, base_name(d->path));
	ak_buf_printf(b, "</title><style>%s</style></head><body>\n<h1>", css);
	esc(b, d->path);
	ak_buf_puts(b, "</h1>\n<p class=\"sum\">");
	if (!dc) {
		ak_buf_puts(b, "No checkable tables or figures.</p></body></html>\n");
		return b->err;
	}
	ak_buf_printf(b, "%zu tables and figure groups, %zu checks: <b>%zu held</b>. Findings (one "
	              "per suspect cell): %zu within rounding, %zu probable misreads, %zu sign errors, "
	              "<b>%zu genuine</b>.</p>\n",
	              dc->ngrids, dc->list.n, dc->list.held, dc->list.f_rounding, dc->list.f_misread,
	              dc->list.f_sign, dc->list.f_genuine);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (i = 0; i < dc->list.n; i++) {
			const struct ak_check *c = &dc->list.v[i];
			struct ak_cref at;
			const struct ak_gcell *x;
			if (c->cls != order[k])
				continue;
			/* One finding per suspect cell: shown once, with every
			 * relation it breaks. */
			if (!c->finding_first)
				continue;
			n++;
			at = c->has_suspect ? c->suspect : c->target;
			x = AK_GCELL(&dc->grids[at.grid], at.row, at.col);
			ak_buf_printf(b, "<div class=\"finding %s\"><h2><span class=\"badge\">%s</span> ",
			              ak_check_class_name(c->cls), ak_check_class_name(c->cls));
			ak_buf_printf(b, "page %d, table %d, row %u, column %u",
			              x->page ? x->page : dc->grids[at.grid].page,
			              dc->grids[at.grid].table_no, at.row + 1, at.col + 1);
			ak_buf_puts(b, "</h2>\n<p class=\"arith\">");
			{
				struct ak_buf m;
				size_t j;
				ak_buf_init(&m, 1 << 16);
				ak_checks_describe(&m, dc, c);
				esc(b, m.ptr ? m.ptr : "");
				for (j = i + 1; j < dc->list.n; j++)
					if (dc->list.v[j].finding == c->finding) {
						ak_buf_reset(&m);
						ak_checks_describe(&m, dc, &dc->list.v[j]);
						ak_buf_puts(b, "</p>\n<p class=\"arith\">Also: ");
						esc(b, m.ptr ? m.ptr : "");
					}
				ak_buf_release(&m);
			}
			ak_buf_puts(b, "</p>\n");
			if (c->has_suspect) {
				ak_buf_puts(b, "<p>Suggested reading: <b>");
				esc(b, c->suggested_text);
				ak_buf_puts(b, "</b> instead of <b>");
				esc(b, x->text);
				ak_buf_printf(b, "</b> (%s; %d relation%s hold with it).</p>\n",
				              ak_edit_name(c->edit), c->support, c->support == 1 ? "" : "s");
			}
			table(b, dc, c->target.grid, c);
			if (c->kind == AK_REL_SAME && c->terms[0].c.grid != c->target.grid)
				table(b, dc, c->terms[0].c.grid, c);
			if (c->cls != AK_CHK_ROUNDING)
				crop(b, d, x, dir, n);
			ak_buf_puts(b, "</div>\n");
		}
	if (n == 0)
		ak_buf_puts(b, "<p>Every check held exactly.</p>\n");
	ak_buf_puts(b, "</body></html>\n");
	return b->err;
}

/* ------------------------------------------------------------ files */

static int write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;
	if (!f)
		return AK_EIO;
	ok = fwrite(p, 1, n, f) == n;
	ok = (fclose(f) == 0) && ok;
	return ok ? 0 : AK_EIO;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* index.html from the ".summary" sidecars (one line of HTML each). */
static int write_index(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	struct ak_buf b;
	int rc;

	if (!dp)
		return AK_EIO;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 8 && strcmp(de->d_name + l - 8, ".summary") == 0) {
			if (n == cap) {
				char **nv = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*nv));
				if (!nv)
					break;
				names = nv;
			}
			if (!(names[n] = strdup(de->d_name)))
				break;
			n++;
		}
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	ak_buf_init(&b, 0);
	ak_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
	              "<title>arkiv check: index</title><style>%s</style></head><body>\n"
	              "<h1>arkiv check</h1>\n<table class=\"grid\"><tr><th>document</th><th>checks</th>"
	              "<th>held</th><th>rounding</th><th>misread</th><th>sign</th><th>genuine</th></tr>\n",
	              css);
	for (i = 0; i < n; i++) {
		FILE *f;
		char line[2048];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((f = fopen(path, "r")) != NULL) {
			if (fgets(line, sizeof(line), f))
				ak_buf_puts(&b, line);
			fclose(f);
		}
		free(names[i]);
	}
	free(names);
	ak_buf_puts(&b, "</table></body></html>\n");
	snprintf(path, sizeof(path), "%s/index.html", dir);
	rc = b.err ? b.err : write_file(path, b.ptr, b.len);
	ak_buf_release(&b);
	return rc;
}

int ak_report_write(const struct doc *d, const char *dir, char *why, size_t whylen)
{
	const struct ak_doc_checks *dc = ak_doc_checks(d);
	char path[4096], nm[1024];
	struct ak_buf b;
	int rc;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		snprintf(why, whylen, "%s: %s", dir, strerror(errno));
		return AK_EIO;
	}
	ak_buf_init(&b, 0);
	ak_report_html(&b, d, dir);
	snprintf(path, sizeof(path), "%s/%s.html", dir, out_name(d, nm, sizeof(nm)));
	rc = b.err ? b.err : write_file(path, b.ptr, b.len);
	if (rc) {
		snprintf(why, whylen, "%s: cannot write", path);
		ak_buf_release(&b);
		return rc;
	}
	ak_buf_reset(&b);
	ak_buf_puts(&b, "<tr><td style=\"text-align:left\"><a href=\"");
	esc(&b, nm);
	ak_buf_puts(&b, ".html\">");
	esc(&b, d->path);
	ak_buf_printf(&b, "</a></td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
	              "<td>%zu</td></tr>\n",
	              dc ? dc->list.n : 0, dc ? dc->list.held : 0, dc ? dc->list.f_rounding : 0,
	              dc ? dc->list.f_misread : 0, dc ? dc->list.f_sign : 0,
	              dc ? dc->list.f_genuine : 0);
	snprintf(path, sizeof(path), "%s/%s.summary", dir, nm);
	rc = b.err ? b.err : write_file(path, b.ptr, b.len);
	ak_buf_release(&b);
	if (rc || (rc = write_index(dir)) != 0) {
		snprintf(why, whylen, "%s: cannot write the index", dir);
		return rc;
	}
	return 0;
}
