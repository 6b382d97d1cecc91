/*
 * repair_cli.c - bench driver: run the repair engine on a text file without
 * the rest of the pipeline (built by tests/bench/repair_bench.sh against
 * the build's libarkivcore.a).
 *
 * usage: repair_cli [-m off|safe|full] [-d|-e] [-t SECONDS] FILE
 *   -d  print the edits instead of the text
 *   -e  print every field of every edit (offsets, score to 9 digits), for
 *       tests/bench/repair_same.sh
 *   -t  repeat for at least SECONDS and print throughput (MB/s) to stderr
 */
#include "arkiv.h"
#include "bench_io.h"
#include "repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of this thread: throughput that other load on the machine
 * does not distort. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	enum ak_repair_mode mode = AK_REPAIR_FULL;
	int diff = 0, full = 0, a;
	double secs = 0, t0, t1, c0, c1;
	const char *path = NULL;
	struct ak_repair_model *m;
	char *buf;
	size_t sz;
	struct ak_arena ar;
	struct ak_repair_result r;
	size_t i, reps = 0;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-m") && a + 1 < argc) {
			a++;
			mode = !strcmp(argv[a], "off") ? AK_REPAIR_OFF :
			       !strcmp(argv[a], "safe") ? AK_REPAIR_SAFE : AK_REPAIR_FULL;
		} else if (!strcmp(argv[a], "-d")) {
			diff = 1;
		} else if (!strcmp(argv[a], "-e")) {
			diff = full = 1;
		} else if (!strcmp(argv[a], "-t") && a + 1 < argc) {
			secs = strtod(argv[++a], NULL);
		} else {
			path = argv[a];
		}
	}
	if (!path) {
		fprintf(stderr, "usage: repair_cli [-m off|safe|full] [-d|-e] [-t SECONDS] FILE\n");
		return 2;
	}
	ak_arena_keep_memory(); /* as arkiv's pipeline commands do */
	t0 = ak_now();
	if (ak_repair_model_load(&m, NULL) != 0) {
		fprintf(stderr, "repair_cli: cannot load the model\n");
		return 1;
	}
	t1 = ak_now();
	fprintf(stderr, "model loaded in %.1f ms\n", (t1 - t0) * 1000);
	if (!(buf = ak_bench_slurp(path, &sz))) {
		fprintf(stderr, "repair_cli: cannot read %s\n", path);
		return 1;
	}
	t0 = ak_now();
	c0 = cpu_now();
	do {
		ak_arena_init(&ar, 0);
		if (ak_repair_text(m, mode, &ar, buf, sz, NULL, &r) != 0)
			return 1;
		reps++;
		if (ak_now() - t0 < secs)
			ak_arena_release(&ar);
		else
			break;
	} while (1);
	t1 = ak_now();
	c1 = cpu_now();
	if (secs > 0)
		fprintf(stderr, "throughput %.2f MB/s of CPU time (%.2f MB/s wall; %zu runs of %zu bytes)\n",
		        (double)sz * (double)reps / (c1 - c0) / 1e6,
		        (double)sz * (double)reps / (t1 - t0) / 1e6, reps, sz);
	if (full) {
		for (i = 0; i < r.nedits; i++)
			printf("%u+%u\t%u\t%u\t%d:%d\t%s\t%s\t%s\t%.9g\n", r.edits[i].off,
			       r.edits[i].len, r.edits[i].doc_off, r.edits[i].new_off, r.edits[i].page,
			       r.edits[i].line, r.edits[i].before, r.edits[i].after, r.edits[i].reason,
			       (double)r.edits[i].score);
		printf("damage %.9g encoding %s\n", r.damage, r.encoding ? r.encoding : "-");
	} else if (diff) {
		for (i = 0; i < r.nedits; i++)
			printf("%d\t%s\t%s\t%s\t%.2f\n", r.edits[i].line, r.edits[i].before,
			       r.edits[i].after, r.edits[i].reason, (double)r.edits[i].score);
		fprintf(stderr, "damage estimate %.3f, encoding %s, %zu edits\n", r.damage,
		        r.encoding ? r.encoding : "-", r.nedits);
	} else {
		fwrite(r.text, 1, r.len, stdout);
	}
	ak_arena_release(&ar);
	ak_repair_model_free(m);
	free(buf);
	return 0;
}
