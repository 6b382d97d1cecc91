/*
 * fuzz_ocr_glyphs.c - libFuzzer target over ak_ocr_restore_line (ocr_glyphs.c).
 *
 * Input layout: byte 0 = number of words (mod 13); per word one length byte
 * (mod AK_OCR_TOK_MAX), that many text bytes, then 8 bytes of box (four
 * little-endian int16).  Invariants checked: the return value is the number
 * of words whose rule is set, every text stays NUL-terminated inside its
 * buffer, and a word without a rule is byte-identical to its input.
 *
 * Without libFuzzer (plain build), the weak main() below runs the target over
 * files named on the command line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ocr_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int16_t le16(const uint8_t *p)
{
	return (int16_t)(uint16_t)(p[0] | (p[1] << 8));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_ocr_tok t[12], orig[12];
	size_t n, i, at = 1;
	int rc, rules = 0;

	if (size < 1)
		return 0;
	n = data[0] % 13;
	memset(t, 0, sizeof(t));
	for (i = 0; i < n; i++) {
		size_t len;
		if (at >= size)
			break;
		len = data[at++] % AK_OCR_TOK_MAX;
		if (len > size - at)
			len = size - at;
		memcpy(t[i].text, data + at, len);
		t[i].text[len] = '\0'; /* an embedded NUL just shortens the word */
		at += len;
		if (size - at >= 8) {
			t[i].x0 = le16(data + at);
			t[i].y0 = le16(data + at + 2);
			t[i].x1 = le16(data + at + 4);
			t[i].y1 = le16(data + at + 6);
			at += 8;
		}
	}
	n = i;
	memcpy(orig, t, sizeof(t));
	rc = ak_ocr_restore_line(t, n);
	for (i = 0; i < n; i++) {
		if (!memchr(t[i].text, '\0', AK_OCR_TOK_MAX))
			abort();
		if (t[i].rule)
			rules++;
		else if (strcmp(t[i].text, orig[i].text) != 0)
			abort();
	}
	if (rc < 0 || rc != rules)
		abort();
	return 0;
}

#include "fuzz_replay.h"
