/*
 * structure_out.c - the JSON of the structure stage (arkiv extract) and the
 * loader that turns text in memory into a document for tests, the fuzz
 * target and the bench.
 *
 * Why separate: the CLI prints, stages never do; this file only serialises
 * what the stage stored.  The output is a pure function of the document
 * (same input, same bytes).  Fields are only ever added.
 */
#include "structure.h"

#include <string.h>

static void key(struct ak_buf *b, const char *k)
{
	ak_buf_json_str(b, k, strlen(k));
	ak_buf_putc(b, ':');
}

static void str(struct ak_buf *b, const char *s)
{
	if (s)
		ak_buf_json_str(b, s, strlen(s));
	else
		ak_buf_puts(b, "null");
}

static void kv(struct ak_buf *b, const char *k, const char *v)
{
	ak_buf_putc(b, ',');
	key(b, k);
	str(b, v);
}

static void write_meta(struct ak_buf *b, const struct ak_meta *m)
{
	ak_buf_puts(b, "\"kind\":");
	str(b, ak_doc_kind_name(m->kind));
	kv(b, "kind_rule", m->kind_rule);
	kv(b, "kind_evidence", m->kind_evidence);
	ak_buf_puts(b, ",\"meta\":{");
	key(b, "organisation");
	str(b, m->organisation);
	kv(b, "date", m->date);
	kv(b, "time_start", m->time_start);
	kv(b, "time_end", m->time_end);
	kv(b, "place", m->place);
	ak_buf_printf(b, ",\"year\":%d}", m->year);
	ak_buf_printf(b, ",\"flow\":{\"furniture_lines\":%zu,\"hyphens_joined\":%zu,"
	              "\"hyphens_kept\":%zu,\"paragraphs\":%zu,\"furniture_offsets\":[",
	              m->nfurniture, m->nhyphen_joined, m->nhyphen_kept, m->nparas);
	{
		size_t i;
		for (i = 0; i < m->nfurniture; i++)
			ak_buf_printf(b, "%s%zu", i ? "," : "", m->furniture[i]);
	}
	ak_buf_puts(b, "]}");
}

static void write_decision(struct ak_buf *b, const struct doc *d, const struct ak_decision *x)
{
	size_t k;
	ak_buf_puts(b, "{\"kind\":");
	str(b, ak_dec_kind_name(x->kind));
	kv(b, "type", ak_dec_type_name(x->type));
	if (x->section < d->nsections)
		kv(b, "section", d->sections[x->section].number);
	else
		ak_buf_puts(b, ",\"section\":null");
	ak_buf_printf(b, ",\"point\":%d,\"start\":%zu,\"end\":%zu,\"page\":%d", x->point,
	              x->start, x->end, x->page);
	kv(b, "rule", x->rule);
	kv(b, "type_rule", x->type_rule);
	kv(b, "type_phrase", x->type_phrase);
	kv(b, "condition", x->condition);
	if (x->kind == AK_DEC_DECISION)
		ak_buf_printf(b, ",\"follows_proposal\":%s",
		              x->follows < 0 ? "null" : x->follows ? "true" : "false");
	ak_buf_puts(b, ",\"amounts\":[");
	for (k = 0; k < x->namounts; k++)
		ak_buf_printf(b, "%s{\"kr\":%lld,\"start\":%zu,\"end\":%zu}", k ? "," : "",
		              (long long)x->amounts[k].kr, x->amounts[k].start, x->amounts[k].end);
	ak_buf_puts(b, "],\"dates\":[");
	for (k = 0; k < x->ndates; k++) {
		if (k)
			ak_buf_putc(b, ',');
		str(b, x->dates[k]);
	}
	ak_buf_puts(b, "]");
	kv(b, "text", x->text);
	ak_buf_putc(b, '}');
}

int ak_structure_write_json(struct ak_buf *b, const struct doc *d)
{
	const struct ak_meta *m = d->meta;
	size_t i;

	ak_buf_putc(b, '{');
	key(b, "path");
	str(b, d->path);
	ak_buf_puts(b, ",\"status\":");
	if (d->err) {
		ak_buf_puts(b, "\"failed\",\"error\":");
		ak_buf_json_str(b, d->errmsg, strlen(d->errmsg));
		ak_buf_putc(b, '}');
		return b->err;
	}
	ak_buf_puts(b, "\"ok\"");
	if (!m) {
		ak_buf_puts(b, ",\"kind\":null}");
		return b->err;
	}
	ak_buf_putc(b, ',');
	write_meta(b, m);
	ak_buf_puts(b, ",\"attendees\":[");
	for (i = 0; i < d->nattendees; i++) {
		const struct ak_attendee *a = &d->attendees[i];
		ak_buf_puts(b, i ? ",{" : "{");
		key(b, "name");
		str(b, a->name);
		kv(b, "role", a->role);
		kv(b, "party", a->party);
		kv(b, "body", a->body);
		kv(b, "title", a->title);
		ak_buf_printf(b, ",\"start\":%zu,\"end\":%zu", a->start, a->end);
		kv(b, "rule", a->rule);
		ak_buf_putc(b, '}');
	}
	ak_buf_puts(b, "],\"sections\":[");
	for (i = 0; i < d->nsections; i++) {
		const struct ak_section *s = &d->sections[i];
		ak_buf_puts(b, i ? ",{" : "{");
		key(b, "kind");
		str(b, ak_sec_kind_name(s->kind));
		kv(b, "number", s->number);
		kv(b, "title", s->title);
		ak_buf_printf(b, ",\"level\":%d,\"inferred\":%s,\"start\":%zu,\"body_start\":%zu,"
		              "\"end\":%zu,\"page_first\":%d,\"page_last\":%d",
		              s->level, s->inferred ? "true" : "false", s->start, s->body_start,
		              s->end, s->page_first, s->page_last);
		kv(b, "rule", s->rule);
		ak_buf_putc(b, '}');
	}
	ak_buf_puts(b, "],\"decisions\":[");
	for (i = 0; i < d->ndecisions; i++) {
		if (i)
			ak_buf_putc(b, ',');
		write_decision(b, d, &d->decisions[i]);
	}
	ak_buf_puts(b, "],\"paragraphs\":[");
	for (i = 0; i < m->nparas; i++) {
		const struct ak_para *p = &m->paras[i];
		ak_buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"page\":%d,\"bullet\":%s,\"text\":",
		              i ? "," : "", p->start, p->end, p->page, p->bullet ? "true" : "false");
		str(b, p->text);
		ak_buf_putc(b, '}');
	}
	ak_buf_puts(b, "]}");
	return b->err;
}

int ak_structure_doc_from_text(struct doc *d, const char *text, size_t n)
{
	size_t i = 0;
	d->format = AK_FMT_TEXT;
	d->size = n;
	for (;;) {
		size_t e = i;
		struct ak_page *p;
		while (e < n && text[e] != '\f')
			e++;
		if (!(p = ak_doc_add_page(d)))
			return AK_ENOMEM;
		p->src = AK_SRC_TEXT;
		p->mean_conf = 100;
		if (!(p->text = ak_arena_strndup(&d->arena, text + i, e - i)))
			return AK_ENOMEM;
		p->text_len = e - i;
		if (e >= n)
			break;
		i = e + 1;
	}
	return ak_doc_join_pages(d);
}
