/*
 * test_structure_decisions.c - proposals, decisions, types, lists,
 * conditions, amounts, dates, reservations, votes and "Övriga frågor"
 * (extractors/decisions.c), table-driven.  Each case is one item of
 * minutes and the records it must give, as "kind type point text-prefix".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "test_structure_util.h"

struct dcase {
	const char *name;
	const char *item;       /* body of "§ 2 Ärende" */
	const char *want[6];    /* "decision approval 0 Styrelsen beslutar att godkänna" */
	int follows;            /* of the last decision: 1, 0, -1; 9 = not checked */
};

static const struct dcase dcases[] = {
	{ "heading then sentence",
	  "Styrelsen beslutar:\n\nStyrelsen beslutar att godkänna dagordningen.\n",
	  { "decision approval 0 Styrelsen beslutar att godkänna dagordningen." }, -1 },
	{ "proposal and decision, OCR-damaged",
	  "Férslag till beslut:\nInformationen l&ggs till handlingarna.\n\nStyrelsen beslutar:\nStyrelsen beslutar att 1dgga ovan information till handlingarna.\n",
	  { "proposal information-noted 0 Informationen l&ggs", "decision information-noted 0 Styrelsen beslutar att 1dgga" }, 1 },
	{ "numbered decision list: each point a decision",
	  "Samordningsförbundets styrelse beslutar att\n1. godkänna delårsrapporten,\n2. uppdra åt förbundschefen att återkomma i maj,\n3. bevilja 150 000 kronor till insatsen.\n",
	  { "decision approval 1 godkänna delårsrapporten,", "decision assignment 2 uppdra åt",
	    "decision funding 3 bevilja 150 000 kronor" }, -1 },
	{ "lower-case att points under a heading",
	  "Styrelsen beslutar\natt utse Anna Berg att justera protokollet, samt\natt godkänna dagordningen.\n",
	  { "decision appointment 1 att utse Anna Berg", "decision approval 2 att godkänna dagordningen." }, -1 },
	{ "budget adopted vs approval",
	  "Förslag till beslut:\nAtt verksamhetsplan och budget 2024 godkänns enligt ovan.\n\nStyrelsen beslutar:\nStyrelsen beslutade att godkänna Verksamhetsplan och budget för 2024.\n",
	  { "proposal budget-adopted 0 Att verksamhetsplan", "decision budget-adopted 0 Styrelsen beslutade" }, 1 },
	{ "decision differs from the proposal",
	  "Styrelsen föreslås besluta att den nya delegationsordningen godkänns.\n\nStyrelsen beslutar:\nStyrelsen beslutade att lägga informationen till handlingarna.\n",
	  { "proposal policy-adopted 0 Styrelsen föreslås", "decision information-noted 0 Styrelsen beslutade" }, 0 },
	{ "other amount than proposed does not follow",
	  "Förslag till beslut\nNämnden föreslås besluta att bevilja föreningen ett bidrag på 150 000 kronor.\n\nNämndens beslut\nNämnden beslutar att bevilja föreningen ett bidrag på 120 000 kronor.\n",
	  { "proposal funding 0 Nämnden föreslås", "decision funding 0 Nämnden beslutar att bevilja" }, 0 },
	{ "i enlighet med förslaget takes the proposal's type",
	  "Styrelsen föreslås besluta\n1. att fastställa budget för 2025,\n2. att uppdra åt kansliet att följa upp.\n\nStyrelsen beslutar\nStyrelsen beslutar i enlighet med förslaget.\n",
	  { "proposal budget-adopted 1 att fastställa budget", "proposal assignment 2 att uppdra",
	    "decision budget-adopted 0 Styrelsen beslutar i enlighet" }, 1 },
	{ "appointment without a marker",
	  "Till justerare av dagens sammanträde utses Anna Berg.\n",
	  { "decision appointment 0 Till justerare" }, -1 },
	{ "reservation, vote and protokollsanteckning headings",
	  "Nämndens beslut\nNämnden antar riktlinjen för representation.\n\nOmröstning\nMed 5 röster mot 3 beslutar nämnden enligt förslaget.\n\n"
	  "Reservation\nOla Ek (M) reserverar sig mot beslutet.\n\nProtokollsanteckning\nKarin Lind (V) lämnar en anteckning.\n",
	  { "decision policy-adopted 0 Nämnden antar", "vote other 0 Med 5 röster", "reservation other 0 Ola Ek",
	    "protokollsanteckning other 0 Karin Lind" }, -1 },
	{ "delegation decisions reported, then noted",
	  "Följande delegationsbeslut anmäls:\n• 2024-09-24, avtal om ekonomitjänster, 96 000 kronor per år.\n• 2024-10-15, deltagande i konferens, 7 800 kronor.\n\nStyrelsen beslutar att lägga anmälan till handlingarna.\n",
	  { "delegation other 0 2024-09-24, avtal", "delegation other 0 2024-10-15", "decision information-noted 0 Styrelsen beslutar att lägga" }, -1 },
	{ "other questions",
	  "Styrelsen beslutar att lägga informationen till handlingarna.\n\nÖvrig fråga från Ola Hägg:\nHur följs de externa aktörerna upp?\n",
	  { "decision information-noted 0 Styrelsen", "other-question other 0 Övrig fråga från Ola Hägg: Hur följs de externa aktörerna upp?" }, -1 },
};

static void test_cases(void **state)
{
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++) {
		const struct dcase *c = &dcases[i];
		char text[2048];
		struct doc *d;
		size_t nwant = 0;
		const struct ak_decision *last = NULL;
		snprintf(text, sizeof(text), "Protokoll\n\n§ 1 Inledning\nText.\n\n§ 2 Ärende\n%s\n§ 3 Avslut\nText.\n", c->item);
		d = st_run(text);
		print_message("case: %s\n", c->name);
		for (k = 0; k < d->ndecisions; k++)
			print_message("  got: %s %s %d %s\n", ak_dec_kind_name(d->decisions[k].kind),
			              ak_dec_type_name(d->decisions[k].type), d->decisions[k].point,
			              d->decisions[k].text);
		while (nwant < 6 && c->want[nwant])
			nwant++;
		assert_int_equal(d->ndecisions, nwant);
		for (k = 0; k < nwant; k++) {
			const struct ak_decision *x = &d->decisions[k];
			char buf[512];
			snprintf(buf, sizeof(buf), "%s %s %d %s", ak_dec_kind_name(x->kind),
			         ak_dec_type_name(x->type), x->point, x->text);
			assert_int_equal(strncmp(buf, c->want[k], strlen(c->want[k])), 0);
			assert_string_equal(d->sections[x->section].number, "2");
			/* the span is the text: first bytes agree */
			assert_memory_equal(d->text + x->start, x->text, strcspn(x->text, " "));
			if (x->kind == AK_DEC_DECISION)
				last = x;
		}
		if (c->follows != 9 && last)
			assert_int_equal(last->follows, c->follows);
		ak_doc_free(&d);
	}
}

struct detail_case {
	const char *sentence;
	int64_t kr[3];
	const char *dates[3];
	const char *condition; /* prefix */
};

static const struct detail_case details[] = {
	{ "Styrelsen beslutar att bevilja 150 000 kronor och 350 tkr till insatsen.", { 150000, 350000 }, { NULL }, NULL },
	{ "Styrelsen beslutar att avsätta 4,6 miljoner kronor samt 1,25 mkr.", { 4600000, 1250000 }, { NULL }, NULL },
	{ "Styrelsen beslutar att redovisa senast 2024-09-30 och den 15 februari 2025 samt 3 maj.", { 0 },
	  { "2024-09-30", "2025-02-15", "--05-03" }, NULL },
	{ "Styrelsen beslutar att ge kansliet i uppdrag att arbeta vidare under forutsattning att de ekonomiska forutsattningarna ar rimliga i budget 2024.",
	  { 0 }, { NULL }, "under forutsattning att de ekonomiska" },
};

static void test_details(void **state)
{
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof(details) / sizeof(details[0]); i++) {
		const struct detail_case *c = &details[i];
		char text[1024];
		struct doc *d;
		const struct ak_decision *x;
		snprintf(text, sizeof(text), "Protokoll\n\n§ 1 A\nText.\n\n§ 2 B\n%s\n", c->sentence);
		d = st_run(text);
		assert_int_equal(d->ndecisions, 1);
		x = &d->decisions[0];
		for (k = 0; k < 3 && c->kr[k]; k++) {
			assert_true(k < x->namounts);
			assert_int_equal(x->amounts[k].kr, c->kr[k]);
			assert_true(x->amounts[k].end > x->amounts[k].start);
			assert_true(d->text[x->amounts[k].start] >= '0' && d->text[x->amounts[k].start] <= '9');
		}
		assert_int_equal(x->namounts, k);
		for (k = 0; k < 3 && c->dates[k]; k++) {
			assert_true(k < x->ndates);
			assert_string_equal(x->dates[k], c->dates[k]);
		}
		assert_int_equal(x->ndates, k);
		if (c->condition) {
			assert_non_null(x->condition);
			assert_int_equal(strncmp(x->condition, c->condition, strlen(c->condition)), 0);
		} else {
			assert_null(x->condition);
		}
		ak_doc_free(&d);
	}
}

/* Decisions are read only in minutes. */
static void test_not_minutes(void **state)
{
	struct doc *d = st_run("Årsredovisning 2023\n\nStyrelsen beslutade tidigt under året att starta en process.\n");
	(void)state;
	assert_int_equal(st_meta(d)->kind, AK_KIND_ANNUAL_REPORT);
	assert_int_equal(d->ndecisions, 0);
	ak_doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_not_minutes),
	};
	return cmocka_run_group_tests(tests, st_setup, st_teardown);
}
