/*
 * test_structure_sections.c - minutes items and report headings
 * (extractors/structure.c), table-driven: each case is a text and the
 * sections it must give, as "kind number title" strings in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "test_structure_util.h"

struct scase {
	const char *name;
	const char *text;
	const char *want[8]; /* "item 4 Halvårsrapport" ... */
};

#define MINUTES_HEAD "Protokoll\nJusterare\nAnna Berg\n\n"

static const struct scase scases[] = {
	{ "printed forms of items",
	  MINUTES_HEAD "§ 1 Val av justerare\nText.\n\n§2. Godkännande av dagordning\nText.\n\n$ 3 Kansliet informerar\nText.\n"
	  "$& 4 Budget\nText.\n£5 Policy\nText.\n'$6 Övriga frågor i\nText.\n",
	  { "item 1 Val av justerare", "item 2 Godkännande av dagordning", "item 3 Kansliet informerar",
	    "item 4 Budget", "item 5 Policy", "item 6 Övriga frågor" } },
	{ "number alone, title on the next line",
	  MINUTES_HEAD "§41\nBudget 2025\nKansliet redovisar.\n\n§42\nÖvriga frågor\nInga.\n",
	  { "item 41 Budget 2025", "item 42 Övriga frågor" } },
	{ "lost § inferred between neighbours at a page top",
	  MINUTES_HEAD "§ 8 Rapport från NNS\nText om NNS.\n\nJusterare Utdragsbestyrkande\n Anmälan av delegationsbeslut\n\nramen för projekten har stöd upphandlats.\n\n"
	  "Justerare Utdragsbestyrkande\n § 10 Konferenser\nText.\n",
	  { "item 8 Rapport från NNS", "item 9 Anmälan av delegationsbeslut", "item 10 Konferenser" } },
	{ "a wrapped reference is not a heading",
	  MINUTES_HEAD "§ 2 Godkännande av dagordning\nJonas anmäler en fråga om lokalerna i Ängsby, som tas upp under\n§ 11.\n\n§ 3 Information\nText.\n",
	  { "item 2 Godkännande av dagordning", "item 3 Information" } },
	{ "decreasing number is a reference",
	  MINUTES_HEAD "§ 5 Budget\nSe beslut i\n\n§ 3\n\n§ 6 Policy\nText.\n",
	  { "item 5 Budget", "item 6 Policy" } },
	{ "annual report: headings, notes, appendix; contents skipped",
	  "Årsredovisning 2023\n\nInnehållsförteckning\n1.0 FÖRVALTNINGSBERÄTTELSE\t4\n1.1. Översikt\t5\n2. EKONOMISKA RESULTAT\t11\n"
	  "Bilaga 1 Organisation\t16\n\n1.0 Förvaltningsberättelse\nText.\n\n1.1. Översikt över verksamheten\nText.\n\n"
	  "1. Att kommuner inte bemannat upp till sin tilldelade resurs i samverkansteamet under hela året, vilket gav överskott.\n"
	  "2. Ekonomiska resultat\nText.\n\n2.1 Resultaträkning\t\t\nText.\n\n1.2 Ett nummer bakåt\nText.\n\n"
	  "Not 3. Verksamhetens kostnader\t2023\t2022\nText.\n\nBilaga 2 Projektbudget\nText.\n",
	  { "heading 1.0 Förvaltningsberättelse", "heading 1.1 Översikt över verksamheten",
	    "heading 2 Ekonomiska resultat", "heading 2.1 Resultaträkning",
	    "note 3 Verksamhetens kostnader", "appendix 2 Projektbudget" } },
	{ "plan headings without a full stop; a numbered list and wrapped numbers are not headings",
	  "Verksamhetsplan 2025\n\n1 Inledning\nText.\n2 Vision och mål\nFör perioden gäller följande mål:\n"
	  "1. Minst 40 procent av deltagarna ska gå vidare till arbete.\n2. Samtliga medlemmar ska delta.\n"
	  "Förbundets budget för individinriktade insatser uppgår till totalt och för hela året till\n"
	  "4 Insatser som pågår\n3 Prioriterade målgrupper\nText.\n",
	  { "heading 1 Inledning", "heading 2 Vision och mål", "heading 3 Prioriterade målgrupper" } },
	{ "contents whose page numbers OCR lost",
	  "Årsredovisning 2024\nInnehåll\nOrdföranden har ordet On BNN\n1. Förvaltningsberättelse\n2. Ekonomisk redovisning\n3. Noter\n\n"
	  "1. Förvaltningsberättelse\n1.1 Organisation\nText.\n2. Ekonomisk redovisning\n2.1 Resultaträkning\nText.\n3. Noter\nNot 1 Principer\nText.\n",
	  { "heading 1 Förvaltningsberättelse", "heading 1.1 Organisation", "heading 2 Ekonomisk redovisning",
	    "heading 2.1 Resultaträkning", "heading 3 Noter", "note 1 Principer" } },
	{ "contents with a misread number, directly followed by the body",
	  "Årsredovisning 2024\nInnehåll\n2. Förvaltningsberättelse\n2. Ekonomisk redovisning\n3. Noter\n"
	  "1. Inledning och förvaltning\n1.1 Organisation\nText.\n2. Ekonomi i sammandrag\nText.\n",
	  { "heading 1 Inledning och förvaltning", "heading 1.1 Organisation", "heading 2 Ekonomi i sammandrag" } },
	{ "OCR'd heading numbers: colon for dot, doubled dot, speck after the title",
	  "Årsredovisning 2024\n\n2: Ekonomisk redovisning\nText.\n2:2 Balansräkning\nText.\n3..Noter\nNot.2 Intäkter\nText.\n4 Risker .\nText.\n",
	  { "heading 2 Ekonomisk redovisning", "heading 2.2 Balansräkning", "heading 3 Noter", "note 2 Intäkter",
	    "heading 4 Risker" } },
	{ "7-bit text: Par. for §",
	  MINUTES_HEAD "Par. 1 Val av justerare\nText.\nPar. 2 Godk{nnande av dagordning\nText.\n",
	  { "item 1 Val av justerare", "item 2 Godk{nnande av dagordning" } },
};

static void test_cases(void **state)
{
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof(scases) / sizeof(scases[0]); i++) {
		const struct scase *c = &scases[i];
		struct doc *d = st_run(c->text);
		size_t nwant = 0;
		print_message("case: %s\n", c->name);
		while (nwant < 8 && c->want[nwant])
			nwant++;
		for (k = 0; k < d->nsections; k++)
			print_message("  got: %s %s %s\n", ak_sec_kind_name(d->sections[k].kind),
			              d->sections[k].number, d->sections[k].title);
		assert_int_equal(d->nsections, nwant);
		for (k = 0; k < nwant; k++) {
			char buf[256];
			snprintf(buf, sizeof(buf), "%s %s %s", ak_sec_kind_name(d->sections[k].kind),
			         d->sections[k].number, d->sections[k].title);
			assert_string_equal(buf, c->want[k]);
		}
		ak_doc_free(&d);
	}
}

/* Spans: sections tile the text from their heading, pages follow '\f'. */
static void test_spans(void **state)
{
	const char *text = MINUTES_HEAD "§ 1 Val\nText ett.\n\f§ 2 Budget\nText två.\n\fmer text.\n";
	struct doc *d = st_run(text);
	(void)state;
	assert_int_equal(d->nsections, 2);
	assert_memory_equal(d->text + d->sections[0].start, "§ 1 Val", 8);
	assert_int_equal(d->sections[0].end, d->sections[1].start);
	assert_int_equal(d->sections[1].end, d->text_len);
	assert_int_equal(d->sections[0].page_first, 1);
	assert_int_equal(d->sections[0].page_last, 1); /* ends at the form feed */
	assert_int_equal(d->sections[1].page_first, 2);
	assert_int_equal(d->sections[1].page_last, 3);
	assert_true(d->sections[1].body_start > d->sections[1].start);
	ak_doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_spans),
	};
	return cmocka_run_group_tests(tests, st_setup, st_teardown);
}
