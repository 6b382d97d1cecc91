/*
 * bench_io.c - reading a whole input file, for the bench drivers.
 *
 * Why one file: every bench driver (tables, checks, structure, repair)
 * reads its inputs whole; one reader instead of a copy in each.
 */
#include "bench_io.h"

#include <stdio.h>
#include <stdlib.h>

char *ak_bench_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[len] = '\0';
		*n = (size_t)len;
	}
	return buf;
}
