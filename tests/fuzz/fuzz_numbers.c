/*
 * fuzz_numbers.c - libFuzzer target for the number parsers: ak_num_next
 * over the whole input, ak_num_cell on it as one cell, ak_num_parse at
 * every offset, and the exact conversions of what they return.  Checks:
 * no crash, no read past the input (ASan), cursors move forward only and
 * stay in bounds, spans lie inside the input.
 *
 * Without libFuzzer (plain build), the weak main() runs the target over the
 * files named on the command line, so a crash can be replayed anywhere.
 */
#include "numbers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(const struct ak_number *n, const char *s, size_t size)
{
	if (n->raw.p < s || n->raw.p + n->raw.n > s + size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy without a NUL after it: ASan sees any read past the end. */
	char *s = malloc(size ? size : 1);
	const char *p, *end;
	struct ak_number n;
	size_t i;
	int64_t out;
	char canon[48];

	if (!s)
		return 0;
	memcpy(s, data, size);
	end = s + size;
	p = s;
	while (p < end) {
		const char *before = p;
		if (ak_num_next(&n, &p, end) != 0)
			break;
		if (p <= before || p > end)
			abort();
		check_span(&n, s, size);
		ak_num_canon(&n, canon, sizeof(canon));
		ak_num_scaled(&n, 0, &out);
		ak_num_scaled(&n, 3, &out);
	}
	if (ak_num_cell(&n, s, size) == 0) {
		check_span(&n, s, size);
		ak_num_canon(&n, canon, sizeof(canon));
	}
	for (i = 0; i < size && i < 256; i++) {
		p = s + i;
		if (ak_num_parse(&n, &p, end) == 0) {
			if (p <= s + i || p > end)
				abort();
			check_span(&n, s, size);
		} else if (p != s + i) {
			abort(); /* a failed parse moved the cursor */
		}
	}
	free(s);
	return 0;
}

#include "fuzz_replay.h"
