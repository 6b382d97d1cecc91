/*
 * test_structure_meta.c - document kind with evidence, organisation,
 * date/time/place, year and attendees (extractors/meta.c), table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "test_structure_util.h"

struct kcase {
	const char *text;
	enum ak_doc_kind kind;
	const char *rule;
	const char *org, *date, *t0, *t1, *place;
	int year;
};

static const struct kcase kcases[] = {
	{ "Protokoll\nPlats och tid\n29 november 2023 kl. 15.00-16.15\n\nSamordningsförbundet Östra Södertörn, Rudsjöterrassen 1.\n\n§ 1 Val\nText.\n§ 2 Dagordning\nText.\n",
	  AK_KIND_MINUTES, "kind-minutes-items", "Samordningsförbundet Östra Södertörn", "2023-11-29", "15:00", "16:15",
	  "Samordningsförbundet Östra Södertörn, Rudsjöterrassen 1", 2023 },
	{ "NORRVIKS KOMMUN   SAMMANTRÄDESPROTOKOLL\nPlats och tid: Kommunhuset, rum Ljusnan, 2024-05-14 kl. 09.00–11.45\nJusterare: Mats Öhrn\n\n§38\nVal\n§39\nBudget\n",
	  AK_KIND_MINUTES, "kind-minutes-items", "Norrviks kommun", "2024-05-14", "09:00", "11:45", "Kommunhuset, rum Ljusnan", 2024 },
	{ "LÖVSJÖ KOMMUN\tPROTOKOLL\nNämnden\tSammanträdesdatum 2024-10-23\nPlats och tid\tStora salen, Kommunhuset, kl. 08.30-12.10\nAjournering kl. 10.05-10.20\n"
	  "Justeringens plats och tid\tKansliet, 2024-10-28 kl. 15.00\n§ 112 Dagordning\nText.\n§ 113 Budget\nText.\n",
	  AK_KIND_MINUTES, "kind-minutes-items", "Lövsjö kommun", "2024-10-23", "08:30", "12:10", "Stora salen, Kommunhuset", 2024 },
	{ "Samordningsförbundet\nRoslagen\n\nÅrsredovisning 2023\n\nBeslutad av styrelsen 2024-03-20\n\n2.1 Resultaträkning\n2.2 Balansräkning\n",
	  AK_KIND_ANNUAL_REPORT, "kind-arsredovisning", "Samordningsförbundet Roslagen", "2024-03-20", NULL, NULL, NULL, 2023 },
	{ "SAMORDNINGSFÖRBUNDET KUSTBYGDEN SYD\n\nVerksamhetsplan med budget\nVerksamhetsplan 2025\n\nMål och inriktning.\n",
	  AK_KIND_BUDGET_PLAN, "kind-budget-title", "Samordningsförbundet Kustbygden Syd", NULL, NULL, NULL, NULL, 2025 },
	{ "Ett brev om väder och vind.\nMed vänlig hälsning 2021.\n",
	  AK_KIND_OTHER, NULL, NULL, NULL, NULL, NULL, NULL, 2021 },
	/* a plan titled over two lines, headings without a full stop */
	{ "Verksamhetsplan med budget\n2025–2027\nSamordningsförbundet Havsbandet\n\n1 Inledning\nPlanen gäller tre år.\n",
	  AK_KIND_BUDGET_PLAN, "kind-budget-title", "Samordningsförbundet Havsbandet", NULL, NULL, NULL, NULL, 2025 },
	/* a report dated only by its signing line */
	{ "Årsredovisning 2024\nSamordningsförbundet Älvdalen\n\n1. Förvaltningsberättelse\nText.\n\nÄlvby den 14 mars 2025\n\nAnna Berg, ordförande\n",
	  AK_KIND_ANNUAL_REPORT, "kind-arsredovisning", "Samordningsförbundet Älvdalen", "2025-03-14", NULL, NULL, NULL, 2024 },
	/* the head does not say who meets: not a member body from the
	 * attendance list, not an applicant named in the items */
	{ "Protokoll från styrelsens sammanträde\nPlats och tid\tRådhuset, 3 maj 2024 kl. 10.00-12.00\n\n"
	  "Beslutande\tAnna Berg (S) Region Fjällby, ordförande\n\tBo Ek (M) Dalby kommun\n\n"
	  "§ 1 Val\nRegion Fjällby har ansökt om medel.\n§ 2 Budget\nRegion Fjällby igen.\n",
	  AK_KIND_MINUTES, "kind-minutes-items", NULL, "2024-05-03", "10:00", "12:00", "Rådhuset", 2024 },
	/* an excerpt without a head: the items are all there is */
	{ "§ 1 Val\nText.\n§ 2 Budget\nSamordningsförbundet Fjällby har en budget.\n§ 3 Övrigt\nSamordningsförbundet Fjällby igen.\n",
	  AK_KIND_MINUTES, "kind-minutes-items", "Samordningsförbundet Fjällby", NULL, NULL, NULL, NULL, 0 },
	/* 7-bit text spells § as "Par." */
	{ "PROTOKOLL\nPar. 1 Val av justerare\nText.\nPar. 2 Dagordning\nText.\nPar. 3 Budget\nText.\n",
	  AK_KIND_MINUTES, "kind-minutes-items", NULL, NULL, NULL, NULL, NULL, 0 },
};

static void str_eq(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

static void test_kind_meta(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(kcases) / sizeof(kcases[0]); i++) {
		const struct kcase *c = &kcases[i];
		struct doc *d = st_run(c->text);
		const struct ak_meta *m = st_meta(d);
		print_message("case %zu: kind %s org %s date %s %s-%s place %s year %d\n", i,
		              ak_doc_kind_name(m->kind), m->organisation, m->date, m->time_start,
		              m->time_end, m->place, m->year);
		assert_int_equal(m->kind, c->kind);
		str_eq(m->kind_rule, c->rule);
		if (c->rule)
			assert_non_null(m->kind_evidence);
		str_eq(m->organisation, c->org);
		str_eq(m->date, c->date);
		str_eq(m->time_start, c->t0);
		str_eq(m->time_end, c->t1);
		str_eq(m->place, c->place);
		assert_int_equal(m->year, c->year);
		ak_doc_free(&d);
	}
}

struct acase {
	const char *name, *role, *party, *body, *title;
};

static const char attendance[] =
	"Protokoll\n\nBeslutande\n\n"
	"Sedat Dogru (M) Haninge kommun, ordförande\n\n"
	"Cia Holmér Arbetsförmedlingen\n"
	"Anders Widerström Försäkringskassan, vice ordförande\n"
	"Henrik Juhlin (C), Region Stockholm\n"
	"Bo-Göran Sandell (S), 1:e vice ordförande\n\n"
	"Tjänstgörande ersättare\nFatima Haddad (S) Arnö kommun, tjänstgörande ersättare för Eva Nordström (S)\n\n"
	"Ersättare\tAnnett Haaf (S) Haninge kommun\n\n"
	"Frånvarande (deltog ej i mötet)\nKristin Andersson Försäkringskassan\n\n"
	"Adjungerad\nOla Berg (5D)\n\n"
	"Övriga deltagande från kansliet\nAnna Lexelius, förbundschef\nAli Haddad, ekonomichef, § 39–40\n\n"
	"Justeringens plats och tid\nSignering 2023-12-05 (digital)\n\n"
	"Sekreterare\nAnna Lexelius, förbundschef\n\nOrdförande\nSedat Dogru\n\n"
	"Utses att justera\tMats Öhrn (C)\n\n"
	"§ 1 Val av justerare\nTill justerare av dagens sammanträde utses Karin Lind.\n§ 2 Dagordning\nText.\n";

static const struct acase acases[] = {
	{ "Sedat Dogru", "ordförande", "M", "Haninge kommun", NULL },
	{ "Cia Holmér", "ledamot", NULL, "Arbetsförmedlingen", NULL },
	{ "Anders Widerström", "vice ordförande", NULL, "Försäkringskassan", NULL },
	{ "Henrik Juhlin", "ledamot", "C", "Region Stockholm", NULL },
	{ "Bo-Göran Sandell", "vice ordförande", "S", NULL, NULL },
	{ "Fatima Haddad", "ersättare", "S", "Arnö kommun", NULL },
	{ "Annett Haaf", "ersättare", "S", "Haninge kommun", NULL },
	{ "Kristin Andersson", "frånvarande", NULL, "Försäkringskassan", NULL },
	{ "Ola Berg", "adjungerad", "SD", NULL, NULL }, /* OCR's 5 for S */
	{ "Anna Lexelius", "tjänsteperson", NULL, NULL, "förbundschef" },
	{ "Ali Haddad", "tjänsteperson", NULL, NULL, "ekonomichef, § 39–40" },
	{ "Anna Lexelius", "sekreterare", NULL, NULL, "förbundschef" },
	{ "Mats Öhrn", "justerare", "C", NULL, NULL },
	{ "Karin Lind", "justerare", NULL, NULL, NULL },
};

/* Exactly the attendees of `want`, each with its party, body and title
 * (matched by name and role). */
static void expect_attendees(const struct doc *d, const struct acase *want, size_t n)
{
	size_t i, k;
	for (k = 0; k < d->nattendees; k++)
		print_message("  got: %s | %s | %s | %s | %s (%s)\n", d->attendees[k].name, d->attendees[k].role,
		              d->attendees[k].party, d->attendees[k].body, d->attendees[k].title,
		              d->attendees[k].rule);
	assert_int_equal(d->nattendees, n);
	for (i = 0; i < n; i++) {
		const struct acase *c = &want[i];
		const struct ak_attendee *a = NULL;
		for (k = 0; k < d->nattendees; k++)
			if (strcmp(d->attendees[k].name, c->name) == 0 && strcmp(d->attendees[k].role, c->role) == 0)
				a = &d->attendees[k];
		if (!a)
			fail_msg("missing %s as %s", c->name, c->role);
		str_eq(a->party, c->party);
		str_eq(a->body, c->body);
		str_eq(a->title, c->title);
	}
}

static void test_attendees(void **state)
{
	struct doc *d = st_run(attendance);
	(void)state;
	expect_attendees(d, acases, sizeof(acases) / sizeof(acases[0]));
	ak_doc_free(&d);
}

/* ---- attendees from OCR line boxes */

struct gline {
	const char *text;
	int x0, y0; /* pixels; every line 40 px high, 20 px per character wide */
};

/* One OCR page with a line box per line of text (no words). */
static struct doc *geo_doc(const struct gline *g, size_t n)
{
	struct doc *d = NULL;
	struct ak_page *pg;
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	assert_int_equal(ak_doc_new(&d, "scan.png", 0), 0);
	assert_non_null(pg = ak_doc_add_page(d));
	pg->src = AK_SRC_OCR;
	pg->width = 2480;
	pg->height = 3508;
	pg->mean_conf = 90;
	assert_non_null(pg->lines = ak_arena_array(&d->arena, n, sizeof(*pg->lines)));
	for (i = 0; i < n; i++) {
		struct ak_line *l = &pg->lines[i];
		l->off = (uint32_t)b.len;
		l->len = (uint32_t)strlen(g[i].text);
		l->x0 = g[i].x0;
		l->y0 = g[i].y0;
		l->x1 = g[i].x0 + 20 * (int)l->len;
		l->y1 = g[i].y0 + 40;
		l->baseline = l->y1 - 8;
		ak_buf_puts(&b, g[i].text);
		ak_buf_putc(&b, '\n');
	}
	pg->nlines = n;
	assert_non_null(pg->text = ak_arena_strndup(&d->arena, b.ptr, b.len));
	pg->text_len = b.len;
	ak_buf_release(&b);
	assert_int_equal(ak_doc_join_pages(d), 0);
	assert_int_equal(ak_structure_run(&st_ctx, d, NULL), 0);
	return d;
}

/* A two-column head that OCR read as a column of labels, then a column of
 * names; and a name line OCR moved below a later label. */
static const struct gline geo_head[] = {
	{ "Protokoll", 300, 100 },
	{ "Beslutande", 300, 300 },
	{ "Ersättare", 300, 500 },
	{ "Frånvarande", 300, 600 },
	{ "Övriga deltagande", 300, 700 },
	{ "Anna Berg (S) Dalby kommun, ordförande", 900, 300 },
	{ "Bo Ek (M) Region Fjällby", 900, 360 },
	{ "Cia Lund (C) Dalby kommun", 900, 500 },
	{ "Dan Holm (V) Region Fjällby", 900, 600 },
	{ "Eva Sten, förbundschef", 900, 700 },
	{ "Justeringens plats och tid Kansliet 2024-05-20", 300, 900 },
	{ "Sekreterare", 300, 1000 },
	{ "Olle Ny, ekonom", 900, 760 },
	{ "Eva Sten", 300, 1060 },
	{ "§ 1 Val av justerare", 300, 1300 },
	{ "Text.", 300, 1360 },
	{ "§ 2 Budget", 300, 1420 },
	{ "Text.", 300, 1480 },
};

static const struct acase geo_want[] = {
	{ "Anna Berg", "ordförande", "S", "Dalby kommun", NULL },
	{ "Bo Ek", "ledamot", "M", "Region Fjällby", NULL },
	{ "Cia Lund", "ersättare", "C", "Dalby kommun", NULL },   /* no role word */
	{ "Dan Holm", "frånvarande", "V", "Region Fjällby", NULL },
	{ "Eva Sten", "tjänsteperson", NULL, NULL, "förbundschef" },
	{ "Olle Ny", "tjänsteperson", NULL, NULL, "ekonom" },    /* not sekreterare */
	{ "Eva Sten", "sekreterare", NULL, NULL, NULL },
};

static void test_attendees_geometry(void **state)
{
	struct doc *d = geo_doc(geo_head, sizeof(geo_head) / sizeof(geo_head[0]));
	(void)state;
	assert_int_equal(st_meta(d)->kind, AK_KIND_MINUTES);
	expect_attendees(d, geo_want, sizeof(geo_want) / sizeof(geo_want[0]));
	ak_doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_meta),
		cmocka_unit_test(test_attendees),
		cmocka_unit_test(test_attendees_geometry),
	};
	return cmocka_run_group_tests(tests, st_setup, st_teardown);
}
