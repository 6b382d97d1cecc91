/*
 * store_bench.c - storing and query speed on a synthetic archive.
 *
 * Builds N invented documents (default 10 000: minutes and, every 7th,
 * annual reports of 30 organisations, 2010-2023; 3 pages of text each, 8
 * decisions, 2 findings; annual reports also 2 tables with 40 cells) and
 * writes them through store.h:
 *   1. one thread;
 *   2. T threads sharing one store (one connection, the store's lock) -
 *      what `arkiv run -j T` does;
 *   3. T threads with one connection each (SQLite's file lock serialises).
 * Then reports database bytes per page and the latency of typical queries
 * run through ak_query_exec (open + query + render, as `arkiv query` does),
 * median and worst of R runs.  Deterministic data (fixed PRNG seed).
 *
 * usage: store_bench DIR [NDOCS] [THREADS] [RUNS]
 * NDOCS 0 only runs the queries against DIR/bench.db from an earlier run.
 */
#include "query.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

/* CPU seconds of this process: on a loaded machine wall time measures the
 * scheduler, CPU time what the query costs. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const orgs[] = {
	"Samordningsförbundet Norra Älvdalen", "Samordningsförbundet Sydkust",
	"Samordningsförbundet Östra Skog", "Samordningsförbundet Västerå",
	"Samordningsförbundet Mälarbygd", "Region Söderland", "Region Norrhav",
	"Region Mittland", "Åby kommun", "Älvsby kommun", "Örnvik kommun", "Bäckeby kommun",
	"Kvarnby kommun", "Lövsta kommun", "Hagaby kommun", "Ekeby kommun", "Norrby kommun",
	"Sörby kommun", "Västby kommun", "Östby kommun", "Skogsås kommun", "Sjöbo kommun",
	"Strömsvik kommun", "Dalsjö kommun", "Fjällby kommun", "Granö kommun",
	"Hälleby kommun", "Ljungå kommun", "Myrby kommun", "Rönnö kommun",
};
#define NORG (sizeof(orgs) / sizeof(orgs[0]))

static const char *const words[] = {
	"styrelsen", "beslutar", "att", "godkänna", "rapporten", "insatser", "för", "unga",
	"vuxna", "arbetsmarknaden", "rehabilitering", "samverkan", "finansiering", "budget",
	"verksamhetsplan", "uppföljning", "årsredovisning", "revision", "ansvarsfrihet",
	"medel", "projekt", "ESF", "Försäkringskassan", "Arbetsförmedlingen", "kommunen",
	"regionen", "ärende", "handlingarna", "läggs", "till", "delårsrapport", "kansli",
	"förbundschef", "uppdrag", "ändring", "överenskommelse", "avtal", "insatskatalog",
	"målgrupp", "sysselsättning", "hälsa", "stöd", "resultat", "kostnader", "intäkter",
};
#define NWORD (sizeof(words) / sizeof(words[0]))

static const char *const types[] = { "information", "approval", "budget", "appointment",
                                     "assignment", "funding", "policy", "other" };
static const char *const labels[] = { "Årets resultat", "Kansli", "Insatser",
                                      "Verksamhetens intäkter", "Verksamhetens kostnader",
                                      "Summa kostnader", "Eget kapital", "Kassa och bank" };

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

static void sentence(struct ak_buf *b, struct rng *r, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		ak_buf_puts(b, words[rnd(r) % NWORD]);
		ak_buf_putc(b, i + 1 < n ? ' ' : '.');
	}
}

/* Write document i through store s. */
static int write_one(struct ak_store *s, size_t i)
{
	struct rng r = { 0x9e3779b97f4a7c15ULL ^ (i * 0x100000001b3ULL + 1) };
	struct ak_store_doc_row d;
	struct ak_buf page, t1, t2;
	char hash[65], path[128], date[16];
	const char *org = orgs[i % NORG];
	int year = 2010 + (int)((i / NORG) % 14), annual = (i % 7) == 0, k, rc = 0;

	memset(&d, 0, sizeof(d));
	snprintf(hash, sizeof(hash), "%016zx%048zx", i, i * 7919);
	snprintf(path, sizeof(path), "/arkiv/org%02zu/%s-%zu.pdf", i % NORG,
	         annual ? "arsredovisning" : "protokoll", i);
	snprintf(date, sizeof(date), "%d-%02d-%02d", year + annual, 1 + (int)(rnd(&r) % 12),
	         1 + (int)(rnd(&r) % 28));
	d.hash = hash;
	d.path = path;
	d.format = "pdf";
	d.kind = annual ? "arsredovisning" : "protokoll";
	d.organisation = org;
	d.date = date;
	d.year = year;
	d.pages = 3;
	d.bytes = 250000;
	d.pipeline_version = "bench";
	ak_buf_init(&page, 0);
	ak_buf_init(&t1, 0);
	ak_buf_init(&t2, 0);
	if ((rc = ak_store_begin_doc(s, &d)) != 0)
		goto out;
	for (k = 1; k <= 3 && !rc; k++) {
		struct ak_store_page_row p;
		int l;
		ak_buf_reset(&page);
		for (l = 0; l < 30; l++) {
			sentence(&page, &r, 8 + (int)(rnd(&r) % 6));
			ak_buf_putc(&page, '\n');
		}
		memset(&p, 0, sizeof(p));
		p.no = k;
		p.source = "ocr";
		p.width = 2480;
		p.height = 3508;
		p.dpi = 300;
		p.mean_conf = 80 + (double)(rnd(&r) % 200) / 10.0;
		p.nwords = 330;
		p.nlines = 30;
		p.original = page.ptr;
		p.original_len = page.len;
		rc = ak_store_put_page(s, &p);
	}
	for (k = 1; k <= 8 && !rc; k++) {
		struct ak_store_decision_row x;
		char par[16];
		ak_buf_reset(&t1);
		ak_buf_reset(&t2);
		sentence(&t1, &r, 4);
		sentence(&t2, &r, 20 + (int)(rnd(&r) % 20));
		if (rnd(&r) % 100 == 0)
			ak_buf_puts(&t2, " Förbundsreserv används.");
		memset(&x, 0, sizeof(x));
		snprintf(par, sizeof(par), "§ %d", k + (int)(i % 50));
		x.seq = k;
		x.date = date;
		x.paragraph = par;
		x.title = t1.ptr;
		x.text = t2.ptr;
		x.type = types[rnd(&r) % 8];
		x.page = 1 + k % 3;
		rc = ak_store_put_decision(s, &x);
	}
	/* annual reports: table 1 = the 8 labels, table 2 = 12 "Insats N"
	 * lines, each with Utfall YEAR and Budget YEAR columns */
	for (k = 0; annual && k < 40 && !rc; k++) {
		struct ak_store_cell_row c;
		char hdr[32], raw[32], lab[32];
		int64_t v = (int64_t)(rnd(&r) % 40000000) - 5000000;
		memset(&c, 0, sizeof(c));
		c.table = k < 16 ? 1 : 2;
		c.row = 1 + (k < 16 ? k / 2 : (k - 16) / 2);
		c.col = 2 + k % 2;
		snprintf(lab, sizeof(lab), "Insats %d", c.row);
		c.label = k < 16 ? labels[k / 2] : lab;
		snprintf(hdr, sizeof(hdr), "%s %d", k % 2 ? "Budget" : "Utfall", year);
		snprintf(raw, sizeof(raw), "%lld", (long long)v);
		c.header = hdr;
		c.raw = raw;
		c.has_value = 1;
		c.value = v;
		c.unit = "kr";
		c.page = 2;
		c.x0 = 1500;
		c.y0 = 300 + 40 * c.row;
		c.x1 = 1800;
		c.y1 = 330 + 40 * c.row;
		c.conf = 90;
		rc = ak_store_put_cell(s, &c);
	}
	for (k = 0; k < 2 && !rc; k++) {
		struct ak_store_finding_row f;
		memset(&f, 0, sizeof(f));
		f.name = k ? "check-rounding" : "ocr-low-confidence";
		f.severity = k ? 0 : 2;
		f.page = 2;
		f.rule = "bench";
		f.message = "synthetic";
		rc = ak_store_put_finding(s, &f);
	}
	if (rc)
		ak_store_rollback_doc(s);
	else
		rc = ak_store_commit_doc(s);
out:
	ak_buf_release(&page);
	ak_buf_release(&t1);
	ak_buf_release(&t2);
	return rc;
}

struct job {
	struct ak_store *s;  /* shared, or NULL: open own */
	const char *db;
	size_t from, to;
	int errors;
};

static void *worker(void *p)
{
	struct job *j = p;
	struct ak_store *s = j->s;
	size_t i;
	if (!s && ak_store_open(&s, j->db, NULL, NULL, 0) != 0) {
		j->errors++;
		return NULL;
	}
	for (i = j->from; i < j->to; i++)
		if (write_one(s, i) != 0)
			j->errors++;
	if (!j->s)
		ak_store_close(&s);
	return NULL;
}

/* Store docs [0,n) into db with nth threads; returns seconds. */
static double store_run(const char *db, size_t n, int nth, int shared)
{
	struct ak_store *s = NULL;
	struct job jobs[64];
	pthread_t th[64];
	double t0;
	int k, errors = 0;

	remove(db);
	if (ak_store_open(&s, db, NULL, NULL, 0) != 0) {
		fprintf(stderr, "cannot open %s\n", db);
		exit(1);
	}
	t0 = ak_now();
	for (k = 0; k < nth; k++) {
		jobs[k].s = shared ? s : NULL;
		jobs[k].db = db;
		jobs[k].from = n * (size_t)k / (size_t)nth;
		jobs[k].to = n * (size_t)(k + 1) / (size_t)nth;
		jobs[k].errors = 0;
		pthread_create(&th[k], NULL, worker, &jobs[k]);
	}
	for (k = 0; k < nth; k++) {
		pthread_join(th[k], NULL);
		errors += jobs[k].errors;
	}
	t0 = ak_now() - t0;
	ak_store_close(&s);
	if (errors)
		fprintf(stderr, "%d documents failed to store\n", errors);
	return t0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void time_query(const char *db, const char *label, const char *const *args, int runs)
{
	char *argv[16];
	double t[64], c[64];
	int argc = 0, i, rc = 0;
	size_t rows = 0;

	if (runs > 64)
		runs = 64;
	argv[argc++] = (char *)"query";
	argv[argc++] = (char *)"--db";
	argv[argc++] = (char *)db;
	argv[argc++] = (char *)"--format";
	argv[argc++] = (char *)"csv";
	for (i = 0; args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	for (i = 0; i < runs; i++) {
		struct ak_buf out, err;
		double t0, c0;
		size_t k;
		ak_buf_init(&out, 0);
		ak_buf_init(&err, 0);
		c0 = cpu_now();
		t0 = ak_now();
		rc |= ak_query_exec(argc, argv, &out, &err);
		t[i] = (ak_now() - t0) * 1000.0;
		c[i] = (cpu_now() - c0) * 1000.0;
		rows = 0;
		for (k = 0; k < out.len; k++)
			rows += out.ptr[k] == '\n';
		if (err.len)
			fprintf(stderr, "%s: %s", label, err.ptr);
		ak_buf_release(&out);
		ak_buf_release(&err);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_d);
	qsort(c, (size_t)runs, sizeof(c[0]), cmp_d);
	printf("query %-52s rows %6zu  wall median %7.2f max %7.2f ms  cpu median %7.2f ms%s\n",
	       label, rows ? rows - 1 : 0, t[runs / 2], t[runs - 1], c[runs / 2],
	       rc ? "  (FAILED)" : "");
}

int main(int argc, char **argv)
{
	const char *dir;
	char db[512], db2[512];
	size_t n = 10000;
	int nth = 4, runs = 21;
	double t1, ts, tp;
	struct stat st;

	if (argc < 2) {
		fprintf(stderr, "usage: store_bench DIR [NDOCS] [THREADS] [RUNS]\n");
		return 2;
	}
	dir = argv[1];
	if (argc > 2)
		n = (size_t)strtoul(argv[2], NULL, 10);
	if (argc > 3)
		nth = atoi(argv[3]);
	if (argc > 4)
		runs = atoi(argv[4]);
	if (nth < 1 || nth > 64 || runs < 1)
		return 2;
	{
		double la[3];
		if (getloadavg(la, 3) == 3)
			printf("load average at start: %.1f (%ld cores)\n", la[0],
			       sysconf(_SC_NPROCESSORS_ONLN));
	}
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	snprintf(db2, sizeof(db2), "%s/bench2.db", dir);
	if (n == 0)
		goto queries;

	t1 = store_run(db2, n, 1, 1);
	printf("store %zu docs, 1 thread:                       %7.1f s  %8.0f docs/s\n", n, t1,
	       (double)n / t1);
	tp = store_run(db2, n, nth, 0);
	printf("store %zu docs, %d threads, connection each:    %7.1f s  %8.0f docs/s\n", n, nth,
	       tp, (double)n / tp);
	ts = store_run(db, n, nth, 1);
	printf("store %zu docs, %d threads, shared connection:  %7.1f s  %8.0f docs/s\n", n, nth,
	       ts, (double)n / ts);
	remove(db2);
	{
		char w[600];
		snprintf(w, sizeof(w), "%s-wal", db2);
		remove(w);
		snprintf(w, sizeof(w), "%s-shm", db2);
		remove(w);
	}
	/* checkpoint so the size is the database file's */
	{
		struct ak_store *s = NULL;
		if (ak_store_open(&s, db, NULL, NULL, 0) == 0) {
			ak_store_query(s, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, 0, 0, NULL, NULL);
			ak_store_close(&s);
		}
	}
	if (stat(db, &st) == 0)
		printf("database %lld bytes, %zu pages: %.0f bytes/page (3 pages of ~2.4 KB text,"
		       " 8 decisions per doc, 40 cells per annual report)\n",
		       (long long)st.st_size, n * 3, (double)st.st_size / (double)(n * 3));
queries:

	{
		static const char *const q1[] = { "decisions", "--text", "forbundsreserv", NULL };
		static const char *const q2[] = { "decisions", "--text", "ESF budget", "--org", "Åby",
		                                  NULL };
		static const char *const q3[] = { "decisions", "--text", "förbundsreserv", "--year",
		                                  "2015-2018", NULL };
		static const char *const q4[] = { "series", "Årets resultat", "--org",
		                                  "Sjöbo kommun", NULL };
		static const char *const q5[] = { "series", "Kansli", "--org", "Region Norrhav",
		                                  "--column", "Utfall", NULL };
		static const char *const q6[] = { "series", "Årets resultat", NULL };
		static const char *const q7[] = { "documents", "--org", "Örnvik", "--year", "2020",
		                                  NULL };
		static const char *const q8[] = { "findings", "--count", NULL };
		time_query(db, "decisions --text forbundsreserv", q1, runs);
		time_query(db, "decisions --text 'ESF budget' --org Åby", q2, runs);
		time_query(db, "decisions --text förbundsreserv --year 2015-2018", q3, runs);
		time_query(db, "series 'Årets resultat' --org 'Sjöbo kommun'", q4, runs);
		time_query(db, "series Kansli --org 'Region Norrhav' --column Utfall", q5, runs);
		time_query(db, "series 'Årets resultat' (all organisations)", q6, runs);
		time_query(db, "documents --org Örnvik --year 2020", q7, runs);
		time_query(db, "findings --count (full scan)", q8, runs);
	}
	return 0;
}
