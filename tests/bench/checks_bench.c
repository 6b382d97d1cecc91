/*
 * checks_bench.c - runs the checker over the fault-injection bench's grid
 * file (inject_faults.py) and prints one JSON line per grid with every check
 * that does not hold exactly.  Scored by checks_score.py.
 *
 * Why a separate driver: the bench's tables carry their provenance
 * ("#grid ID src=ocr|digital") which a plain text file cannot, and each
 * grid is checked on its own so one table's figures never explain
 * another's.  Built by checks_bench.sh against the build's libarkivcore.a.
 */
#include "checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void run_one(const char *id, enum ak_grid_src src, const char *p, size_t n,
                    double *secs, size_t *nchecks)
{
	struct ak_arena a;
	struct ak_grid *g = NULL;
	struct ak_checklist cl;
	struct timespec t0, t1;
	size_t ng = 0, i;

	ak_arena_init(&a, 0);
	memset(&cl, 0, sizeof(cl));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ak_grids_from_text(&a, p, n, &g, &ng) == 0) {
		for (i = 0; i < ng; i++)
			g[i].src = src;
		ak_checks_run(&a, g, ng, &cl);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	*nchecks += cl.n;
	printf("{\"id\":\"%s\",\"grids\":%zu,\"checks\":%zu,\"held\":%zu,\"findings\":[", id, ng, cl.n,
	       cl.held);
	{
		int first = 1;
		for (i = 0; i < cl.n; i++) {
			const struct ak_check *c = &cl.v[i];
			if (c->cls == AK_CHK_HELD)
				continue;
			printf("%s{\"class\":\"%s\",\"rule\":\"%s\",\"row\":%u,\"col\":%u,\"diff\":%lld",
			       first ? "" : ",", ak_check_class_name(c->cls), c->rule, c->target.row + 1,
			       c->target.col + 1, (long long)c->diff);
			if (c->has_suspect)
				printf(",\"suspect\":{\"row\":%u,\"col\":%u,\"reading\":%lld,\"edit\":\"%s\","
				       "\"support\":%d}",
				       c->suspect.row + 1, c->suspect.col + 1, (long long)c->suggested,
				       ak_edit_name(c->edit), c->support);
			printf("}");
			first = 0;
		}
	}
	printf("]}\n");
	ak_arena_release(&a);
}

int main(int argc, char **argv)
{
	FILE *f;
	char *buf;
	long len;
	size_t i, start = 0, ngrids = 0, nchecks = 0;
	char id[64] = "";
	enum ak_grid_src src = AK_GRID_UNKNOWN;
	double secs = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: checks_bench GRIDS.txt\n");
		return 2;
	}
	if (!(f = fopen(argv[1], "rb")) || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(argv[1]);
		return 1;
	}
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "checks_bench: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	buf[len] = '\0';
	for (i = 0; i <= (size_t)len; i++) {
		int at_hdr = i < (size_t)len && (i == 0 || buf[i - 1] == '\n') &&
		             strncmp(buf + i, "#grid ", 6) == 0;
		if (!at_hdr && i < (size_t)len)
			continue;
		if (id[0]) {
			run_one(id, src, buf + start, i - start, &secs, &nchecks);
			ngrids++;
		}
		if (i < (size_t)len) {
			const char *e = strchr(buf + i, '\n');
			size_t k = 0;
			const char *q = buf + i + 6;
			while (*q && *q != ' ' && *q != '\n' && k + 1 < sizeof(id))
				id[k++] = *q++;
			id[k] = '\0';
			src = strstr(q, "src=digital") && (!e || strstr(q, "src=digital") < e)
			      ? AK_GRID_DIGITAL : AK_GRID_OCR;
			start = e ? (size_t)(e - buf) + 1 : (size_t)len;
			i = start - 1;
		}
	}
	fprintf(stderr, "checks_bench: %zu grids, %zu checks in %.3f s (%.0f grids/s)\n", ngrids,
	        nchecks, secs, secs > 0 ? (double)ngrids / secs : 0.0);
	free(buf);
	return 0;
}
