/*
 * checks_out.c - the checks for people and for scripts: a terminal summary
 * and JSON (schema in docs/checks.md).
 *
 * Why separate: stages never print; main.c picks the format and calls these.
 * Output is a pure function of the document: checks are listed in the
 * order the stage made them (deterministic), worst class first in the
 * terminal summary; values are integers in grid units with their "dec".
 */
#include "checks.h"

#include <string.h>

const struct ak_doc_checks *ak_doc_checks(const struct doc *d)
{
	return d->nchecks ? d->checks[0].owner : NULL;
}

static void put_value(struct ak_buf *b, int64_t v, int dec)
{
	char d[32];
	int n, i, intlen;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	n = 0;
	do {
		d[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < 30);
	while (n <= dec && n < 30)
		d[n++] = '0';
	if (v < 0)
		ak_buf_putc(b, '-');
	intlen = n - dec;
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			ak_buf_putc(b, ' ');
		ak_buf_putc(b, d[n - 1 - i]);
	}
	if (dec > 0) {
		ak_buf_putc(b, ',');
		for (; i < n; i++)
			ak_buf_putc(b, d[n - 1 - i]);
	}
}

static const char *kind_name(enum ak_rel_kind k)
{
	switch (k) {
	case AK_REL_COLSUM: return "column-sum";
	case AK_REL_ROW: return "row";
	case AK_REL_IDENTITY: return "identity";
	case AK_REL_SAME: return "same-figure";
	case AK_REL_TEXT: return "text";
	case AK_REL_SHARE: return "share";
	}
	return "unknown";
}

static const struct ak_gcell *cellp(const struct ak_doc_checks *dc, struct ak_cref c)
{
	return AK_GCELL(&dc->grids[c.grid], c.row, c.col);
}

static void put_where(struct ak_buf *b, const struct ak_doc_checks *dc, struct ak_cref c)
{
	const struct ak_grid *g = &dc->grids[c.grid];
	const char *head = g->colheads[c.col];
	ak_buf_printf(b, "table %d row %u col %u", g->table_no, c.row + 1, c.col + 1);
	if (g->labels[c.row] && g->labels[c.row][0] && !(g->rflags[c.row] & AK_GROW_TEXT))
		ak_buf_printf(b, " (%s%s%s)", g->labels[c.row], head && head[0] ? " / " : "",
		              head && head[0] ? head : "");
}

int ak_checks_describe(struct ak_buf *b, const struct ak_doc_checks *dc,
                       const struct ak_check *c)
{
	size_t i;
	const struct ak_grid *g = &dc->grids[c->target.grid];
	ak_buf_printf(b, "%s: ", kind_name(c->kind));
	put_where(b, dc, c->target);
	ak_buf_puts(b, ": printed ");
	put_value(b, c->printed, c->dec);
	ak_buf_puts(b, c->kind == AK_REL_SAME || c->kind == AK_REL_IDENTITY ? ", elsewhere " : ", computed ");
	put_value(b, c->expected, c->dec);
	if (c->nterms > 1 && c->nterms <= 12) {
		ak_buf_puts(b, " = ");
		for (i = 0; i < c->nterms; i++) {
			int64_t v = cellp(dc, c->terms[i].c)->value;
			if (i)
				ak_buf_puts(b, c->terms[i].sign < 0 ? " - " : " + ");
			else if (c->terms[i].sign < 0)
				ak_buf_putc(b, '-');
			if (v < 0 && i)
				ak_buf_putc(b, '(');
			put_value(b, v, c->dec);
			if (v < 0 && i)
				ak_buf_putc(b, ')');
		}
	} else if (c->nterms > 12) {
		ak_buf_printf(b, " (sum of %zu rows)", c->nterms);
	}
	if (c->kind == AK_REL_SAME) {
		ak_buf_puts(b, " at ");
		put_where(b, dc, c->terms[0].c);
	}
	if (c->cls != AK_CHK_HELD) {
		ak_buf_puts(b, "; off by ");
		put_value(b, c->diff, c->dec);
		if (c->cls == AK_CHK_ROUNDING) {
			ak_buf_puts(b, ", within rounding (");
			put_value(b, c->tol, c->dec);
			ak_buf_printf(b, "%s%s)", g->unit ? " " : "", g->unit ? g->unit : "");
		}
	}
	ak_buf_printf(b, " [%s]", ak_check_class_name(c->cls));
	if (c->has_suspect) {
		ak_buf_puts(b, "; look at ");
		put_where(b, dc, c->suspect);
	}
	if (c->evidence)
		ak_buf_printf(b, "; %s", c->evidence);
	return b->err;
}

int ak_checks_write_text(struct ak_buf *b, const struct doc *d)
{
	const struct ak_doc_checks *dc = ak_doc_checks(d);
	static const enum ak_check_class order[] = { AK_CHK_GENUINE, AK_CHK_MISREAD, AK_CHK_SIGN,
	                                             AK_CHK_ROUNDING };
	size_t i, k;
	if (!dc) {
		ak_buf_printf(b, "%s: no checkable tables or figures\n", d->path);
		return b->err;
	}
	ak_buf_printf(b, "%s: %zu tables, %zu checks (%zu held); findings: %zu rounding, "
	              "%zu misread, %zu sign, %zu genuine\n",
	              d->path, dc->ngrids, dc->list.n, dc->list.held, dc->list.f_rounding,
	              dc->list.f_misread, dc->list.f_sign, dc->list.f_genuine);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (i = 0; i < dc->list.n; i++) {
			const struct ak_check *c = &dc->list.v[i];
			const struct ak_grid *g;
			const struct ak_gcell *x;
			if (c->cls != order[k] || !c->finding_first)
				continue;
			g = &dc->grids[c->has_suspect ? c->suspect.grid : c->target.grid];
			x = cellp(dc, c->has_suspect ? c->suspect : c->target);
			ak_buf_printf(b, "  %-8s p%d ", ak_check_class_name(c->cls),
			              x->page ? x->page : g->page);
			if (g->title)
				ak_buf_printf(b, "\"%.60s\" ", g->title);
			ak_checks_describe(b, dc, c);
			ak_buf_putc(b, '\n');
			{
				size_t j;
				for (j = i + 1; j < dc->list.n; j++)
					if (dc->list.v[j].finding == c->finding) {
						ak_buf_puts(b, "           also breaks: ");
						ak_checks_describe(b, dc, &dc->list.v[j]);
						ak_buf_putc(b, '\n');
					}
			}
		}
	return b->err;
}

static void json_cell(struct ak_buf *b, const struct ak_doc_checks *dc, struct ak_cref c)
{
	const struct ak_grid *g = &dc->grids[c.grid];
	const struct ak_gcell *x = cellp(dc, c);
	const char *lab = g->labels[c.row] ? g->labels[c.row] : "";
	const char *head = g->colheads[c.col] ? g->colheads[c.col] : "";
	ak_buf_printf(b, "{\"table\":%d,\"row\":%u,\"col\":%u,\"page\":%d,\"label\":",
	              g->table_no, c.row + 1, c.col + 1, x->page ? x->page : g->page);
	ak_buf_json_str(b, lab, strlen(lab));
	ak_buf_puts(b, ",\"column\":");
	ak_buf_json_str(b, head, strlen(head));
	ak_buf_printf(b, ",\"value\":%lld,\"text\":", (long long)x->value);
	if (x->text)
		ak_buf_json_str(b, x->text, strlen(x->text));
	else
		ak_buf_puts(b, "null");
	ak_buf_printf(b, ",\"conf\":%.1f,\"box\":[%d,%d,%d,%d]}", (double)x->conf, x->x0, x->y0,
	              x->x1, x->y1);
}

static void json_check(struct ak_buf *b, const struct ak_doc_checks *dc, const struct ak_check *c)
{
	const struct ak_grid *g = &dc->grids[c->target.grid];
	size_t i;
	struct ak_buf m;
	ak_buf_printf(b, "{\"class\":\"%s\",\"kind\":\"%s\",\"rule\":", ak_check_class_name(c->cls),
	              kind_name(c->kind));
	ak_buf_json_str(b, c->rule, strlen(c->rule));
	ak_buf_puts(b, ",\"title\":");
	if (g->title)
		ak_buf_json_str(b, g->title, strlen(g->title));
	else
		ak_buf_puts(b, "null");
	ak_buf_printf(b, ",\"unit\":%s%s%s,\"dec\":%d,\"printed\":%lld,\"expected\":%lld,"
	              "\"diff\":%lld,\"tolerance\":%lld,\"target\":",
	              g->unit ? "\"" : "", g->unit ? g->unit : "null", g->unit ? "\"" : "", c->dec,
	              (long long)c->printed, (long long)c->expected, (long long)c->diff,
	              (long long)c->tol);
	json_cell(b, dc, c->target);
	ak_buf_puts(b, ",\"terms\":[");
	for (i = 0; i < c->nterms; i++) {
		if (i)
			ak_buf_putc(b, ',');
		ak_buf_printf(b, "{\"sign\":%d,\"cell\":", c->terms[i].sign);
		json_cell(b, dc, c->terms[i].c);
		ak_buf_putc(b, '}');
	}
	ak_buf_puts(b, "],\"suspect\":");
	if (c->has_suspect) {
		ak_buf_puts(b, "{\"cell\":");
		json_cell(b, dc, c->suspect);
		ak_buf_printf(b, ",\"reading\":%lld,\"reading_text\":", (long long)c->suggested);
		ak_buf_json_str(b, c->suggested_text ? c->suggested_text : "",
		                c->suggested_text ? strlen(c->suggested_text) : 0);
		ak_buf_printf(b, ",\"edit\":\"%s\",\"support\":%d}", ak_edit_name(c->edit), c->support);
	} else {
		ak_buf_puts(b, "null");
	}
	ak_buf_puts(b, ",\"evidence\":");
	if (c->evidence)
		ak_buf_json_str(b, c->evidence, strlen(c->evidence));
	else
		ak_buf_puts(b, "null");
	ak_buf_printf(b, ",\"finding\":%zu", c->finding + 1);
	ak_buf_init(&m, 1 << 16);
	ak_checks_describe(&m, dc, c);
	ak_buf_puts(b, ",\"message\":");
	ak_buf_json_str(b, m.ptr ? m.ptr : "", m.len);
	ak_buf_release(&m);
	ak_buf_putc(b, '}');
}

int ak_checks_write_json(struct ak_buf *b, const struct doc *d)
{
	const struct ak_doc_checks *dc = ak_doc_checks(d);
	size_t i, n = 0;
	ak_buf_puts(b, "{\"path\":");
	ak_buf_json_str(b, d->path, strlen(d->path));
	if (d->err) {
		ak_buf_puts(b, ",\"status\":\"failed\",\"error\":");
		ak_buf_json_str(b, d->errmsg, strlen(d->errmsg));
		ak_buf_putc(b, '}');
		return b->err;
	}
	ak_buf_printf(b, ",\"status\":\"ok\",\"tables\":%zu,\"summary\":{\"checks\":%zu,\"held\":%zu,"
	              "\"rounding\":%zu,\"misread\":%zu,\"sign\":%zu,\"genuine\":%zu,"
	              "\"findings\":%zu,\"relations\":{\"rounding\":%zu,\"misread\":%zu,"
	              "\"sign\":%zu,\"genuine\":%zu}},\"checks\":[",
	              dc ? dc->ngrids : 0, dc ? dc->list.n : 0, dc ? dc->list.held : 0,
	              dc ? dc->list.f_rounding : 0, dc ? dc->list.f_misread : 0,
	              dc ? dc->list.f_sign : 0, dc ? dc->list.f_genuine : 0,
	              dc ? dc->list.nfindings : 0,
	              dc ? dc->list.rounding : 0, dc ? dc->list.misread : 0, dc ? dc->list.sign : 0,
	              dc ? dc->list.genuine : 0);
	for (i = 0; dc && i < dc->list.n; i++) {
		if (dc->list.v[i].cls == AK_CHK_HELD)
			continue;
		if (n++)
			ak_buf_putc(b, ',');
		json_check(b, dc, &dc->list.v[i]);
	}
	/* One finding per suspect cell: its class, its cell and the checks
	 * (0-based indices into "checks") it breaks. */
	ak_buf_puts(b, "],\"findings\":[");
	for (i = 0, n = 0; dc && i < dc->list.n; i++) {
		const struct ak_check *c = &dc->list.v[i];
		size_t j, pos, k = 0;
		if (c->cls == AK_CHK_HELD || !c->finding_first)
			continue;
		if (n++)
			ak_buf_putc(b, ',');
		ak_buf_printf(b, "{\"class\":\"%s\",\"suspect\":%s,\"cell\":",
		              ak_check_class_name(c->cls), c->has_suspect ? "true" : "false");
		json_cell(b, dc, c->has_suspect ? c->suspect : c->target);
		ak_buf_puts(b, ",\"checks\":[");
		for (j = 0, pos = 0; j < dc->list.n; j++) {
			if (dc->list.v[j].cls == AK_CHK_HELD)
				continue;
			if (dc->list.v[j].finding == c->finding)
				ak_buf_printf(b, "%s%zu", k++ ? "," : "", pos);
			pos++;
		}
		ak_buf_puts(b, "]}");
	}
	ak_buf_puts(b, "]}");
	return b->err;
}
