/*
 * bench_io.h - reading a whole input file, for the bench drivers.
 */
#ifndef AK_BENCH_IO_H
#define AK_BENCH_IO_H

#include <stddef.h>

/* The whole file, NUL-terminated, malloc'd (*n its length); NULL if
 * unreadable. */
char *ak_bench_slurp(const char *path, size_t *n);

#endif
