/*
 * test_structure_furniture.c - page furniture, hyphenation, bullets and
 * paragraphs (extractors/furniture.c), table-driven: each case is a text,
 * the number of furniture lines it must drop, paragraphs that must appear
 * in the flow and text that must not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_structure_util.h"

struct fcase {
	const char *name;
	const char *text;
	size_t nfurniture;
	const char *want[4];    /* paragraphs that must exist (exact) */
	const char *absent[3];  /* substrings no paragraph may contain */
};

static const struct fcase fcases[] = {
	{ "running header",
	  "          Justerare         Utdragsbestyrkande    \n\n§ 1 Val av justerare\n",
	  1, { "§ 1 Val av justerare" }, { "Utdragsbestyrkande" } },
	{ "split header over blank lines",
	  "Text one.\n\nJusterare\n\nUtdragsbestyrkande\n § 3 Kansliet informerar\n",
	  2, { "Text one.", "§ 3 Kansliet informerar" }, { "Justerare" } },
	{ "orphan Justerare before an item",
	  "Slut på sidan.\n\n11\n\nJusterare\n § 6 Medelstilldelning 2024\n",
	  2, { "§ 6 Medelstilldelning 2024" }, { "Justerare", "11" } },
	{ "Justerare as a label stays",
	  "Justerare\nAnna Berg\n\nSekreterare\nOla Ek\n",
	  0, { "Justerare", "Anna Berg" }, { NULL } },
	{ "e-signature lines",
	  "Beslut fattades.\n https://sign.visma.net/sv/document-check/744bab06-16a6 Www.vismasign.com\n\n# visma sign\n\nNästa stycke.\n",
	  2, { "Beslut fattades.", "Nästa stycke." }, { "visma" } },
	{ "Sida N av M",
	  "Första sidan slutar här.\nSida 1 av 4\n",
	  1, { "Första sidan slutar här." }, { "Sida" } },
	{ "bare page number only between blank lines",
	  "Utfall\n14\nKostnad\n\n\n14\n\nNästa.\n",
	  1, { "Nästa." }, { NULL } },
	{ "repeated page header via form feeds; §38 kept",
	  "NORRVIKS KOMMUN   PROTOKOLL\n§38\nVal av justerare\n\fNORRVIKS KOMMUN   PROTOKOLL\n§39\nBudget\n\fNORRVIKS KOMMUN   PROTOKOLL\n§40\nPolicy\n",
	  3, { "§38", "§39", "§40" }, { "NORRVIKS" } },
	{ "page number as N (M)",
	  "Slut på sidan ett.\n1 (5)\n\fNästa sida.\n2 (5)\n",
	  2, { "Slut på sidan ett.", "Nästa sida." }, { "(5)" } },
	{ "header and footer of a two-page text",
	  "Lövsjö kommun\tDELEGATIONSLISTA\nSocialnämnden\tSida 1 av 2\nRedovisning.\nFörvaltningen, 781 94 Lövsjö\n"
	  "\fLövsjö kommun\tDELEGATIONSLISTA\nSocialnämnden\tSida 2 av 2\nMer text.\nFörvaltningen, 781 94 Lövsjö\n",
	  6, { "Redovisning.", "Mer text." }, { "DELEGATIONSLISTA", "Sida", "Förvaltningen" } },
	{ "running footer whose page number OCR misread",
	  "Ett.\nFörbundet Norra Vättern Årsredovisning 2024 2\n\fTvå.\nFörbundet Norra Vättern Årsredovisning 2024 Zå\n"
	  "\fTre.\nFörbundet Norra Vättern Årsredovisning 2024 S\n",
	  3, { "Ett.", "Två.", "Tre." }, { "Vättern" } },
	{ "running footer OCR misread differently on each page",
	  "Ett.\nSamordningstörbundet Norra Vättern Årsredovisning 2024 2\n\fTvå.\nSamordmngsförbundet Norra Vättern Årsredovisning 2024 3\n"
	  "\fTre.\nSamordningsförbundet Norra Vättern Årsredovisning 2024. 4\n\fFyra.\nSamordningstförbundet Norra Vättern Årsredovisning 2024\n",
	  4, { "Ett.", "Två.", "Tre.", "Fyra." }, { "Vättern" } },
	{ "similar body lines at page edges are not furniture",
	  "Styrelsen beslutar att anta planen för 2024.\n\fStyrelsen beslutar att anta planen för 2025 och 2026.\n"
	  "\fStyrelsen beslutar att godkänna rapporten för 2026.\n",
	  0, { NULL }, { NULL } },
	{ "signature box of minutes, first letter misread",
	  "Beslutet gäller.\nhusterandes sign Utdragshestyrkande\nJusterandes signatur\n",
	  2, { "Beslutet gäller." }, { "sign" } },
	{ "hyphen joined when it is a word",
	  "Vi följer det systematiska arbetsmiljö-\narbetet och går vidare med detta i år.\n",
	  0, { "Vi följer det systematiska arbetsmiljöarbetet och går vidare med detta i år." }, { NULL } },
	{ "hyphen kept after capitals",
	  "Arbetet med det lokala ESF-\nprojektet Satsa fortsätter enligt plan under året.\n",
	  0, { "Arbetet med det lokala ESF-projektet Satsa fortsätter enligt plan under året." }, { NULL } },
	{ "suspended compound keeps hyphen and space",
	  "Samverkan mellan Arbetsförmedlingen, Försäkringskassan, hälso-\noch sjukvården samt kommunerna.\n",
	  0, { "Samverkan mellan Arbetsförmedlingen, Försäkringskassan, hälso- och sjukvården samt kommunerna." }, { NULL } },
	{ "document evidence keeps a real hyphen",
	  "Projektet arbetar med icke-diskriminering i alla delar av verksamheten.\nVi talar om jämställdhet och icke-\ndiskriminering.\n",
	  0, { NULL }, { "ickediskriminering" } },
	{ "OCR bullets",
	  "Kansliet informerar.\n\ne Vi har nu träffat beredningsgruppen\nsom ses varje månad.\n\no NNS planeringsdagar i augusti.\n¢ Upphandling av metodutbildning.\n• Motivation\n",
	  0, { "Vi har nu träffat beredningsgruppen som ses varje månad.", "NNS planeringsdagar i augusti.",
	       "Upphandling av metodutbildning.", "Motivation" }, { NULL } },
	{ "paragraph continues past blank lines when the sentence does",
	  "Att informationen läggs till handlingarna samt att kansliet ges i uppdrag att fullfölja arbetet kring \n\nsamtliga punkter. \n",
	  0, { "Att informationen läggs till handlingarna samt att kansliet ges i uppdrag att fullfölja arbetet kring samtliga punkter." }, { NULL } },
	{ "short heading line breaks the paragraph",
	  "§ 4 Halvårsrapport\nSammanfattning\nVårterminen präglades av aktivitet.\n",
	  0, { "§ 4 Halvårsrapport", "Sammanfattning", "Vårterminen präglades av aktivitet." }, { NULL } },
};

static void test_cases(void **state)
{
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof(fcases) / sizeof(fcases[0]); i++) {
		const struct fcase *c = &fcases[i];
		struct doc *d = st_run(c->text);
		const struct ak_meta *m = st_meta(d);
		print_message("case: %s\n", c->name);
		assert_int_equal(m->nfurniture, c->nfurniture);
		for (k = 0; k < 4 && c->want[k]; k++) {
			if (!st_para(d, c->want[k], 0)) {
				size_t j;
				for (j = 0; j < m->nparas; j++)
					print_message("  para: [%s]\n", m->paras[j].text);
				fail_msg("%s: missing paragraph [%s]", c->name, c->want[k]);
			}
		}
		for (k = 0; k < 3 && c->absent[k]; k++) {
			size_t j;
			for (j = 0; j < m->nparas; j++)
				assert_null(strstr(m->paras[j].text, c->absent[k]));
		}
		ak_doc_free(&d);
	}
}

/* Every paragraph maps back into d->text: its first byte is the first byte
 * of its first word, and furniture offsets point at furniture lines. */
static void test_mapping(void **state)
{
	const char *text = "Justerare Utdragsbestyrkande\n§ 2 Godkännande av dagordning\n\n"
	                   "e Vi har nu träffat gruppen och\nkommit överens.\n\fSida 2 av 2\n";
	struct doc *d = st_run(text);
	const struct ak_meta *m = st_meta(d);
	size_t i;
	(void)state;
	assert_true(m->nparas >= 2);
	for (i = 0; i < m->nparas; i++) {
		const struct ak_para *p = &m->paras[i];
		size_t w = strcspn(p->text, " ");
		assert_true(p->start < p->end && p->end <= d->text_len);
		assert_memory_equal(d->text + p->start, p->text, w);
	}
	assert_int_equal(m->nfurniture, 2);
	assert_memory_equal(d->text + m->furniture[0], "Justerare", 9);
	assert_memory_equal(d->text + m->furniture[1], "Sida 2", 6);
	assert_int_equal(st_para(d, "Vi har nu", 1)->page, 1);
	assert_true(st_para(d, "Vi har nu", 1)->bullet);
	ak_doc_free(&d);
}

static int lexicon_says_no(void *ud, const char *w, size_t n)
{
	(void)ud;
	(void)w;
	(void)n;
	return 0;
}

/* The lexicon hook overrides the heuristic. */
static void test_lexicon_hook(void **state)
{
	struct ak_structure_opts o = { lexicon_says_no, NULL };
	struct doc *d = st_run_opts("Vi följer det systematiska arbetsmiljö-\narbetet och går vidare med detta.\n", &o);
	(void)state;
	assert_non_null(st_para(d, "Vi följer det systematiska arbetsmiljö-arbetet och går vidare med detta.", 0));
	assert_int_equal(st_meta(d)->nhyphen_kept, 1);
	ak_doc_free(&d);
}

static void test_empty(void **state)
{
	static const char *const inputs[] = { "", "\n", "\f\f\f", "   \n\t\n", "§", "-\n-\n" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct doc *d = st_run(inputs[i]);
		assert_int_equal(d->nsections, 0);
		assert_int_equal(d->ndecisions, 0);
		ak_doc_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_lexicon_hook),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, st_setup, st_teardown);
}
