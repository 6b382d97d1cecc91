/*
 * structure_extract.c - bench driver: run the structure stage over text
 * files and print the JSON of `arkiv extract`, without the ingest stage
 * (pages split at '\f').  Built by tests/bench/structure_bench.sh against
 * libarkivcore.a; prints nothing of its own.
 */
#include "arkiv.h"
#include "structure.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	struct ak_ctx ctx;
	int i, bad = 0;

	if (ak_ctx_init(&ctx, NULL) != 0)
		return 3;
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		struct doc *d = NULL;
		struct ak_buf b = AK_BUF_INIT;
		char *text = NULL;
		size_t n = 0, cap = 0, r;

		if (!f) {
			fprintf(stderr, "structure_extract: %s: cannot open\n", argv[i]);
			bad = 1;
			continue;
		}
		do {
			if (n + 65536 > cap) {
				char *nt = realloc(text, cap = (n + 65536) * 2);
				if (!nt)
					break;
				text = nt;
			}
			r = fread(text + n, 1, cap - n, f);
			n += r;
		} while (r > 0);
		fclose(f);
		if (ak_doc_new(&d, argv[i], (size_t)i - 1) == 0 &&
		    ak_structure_doc_from_text(d, text ? text : "", n) == 0)
			ak_structure_run(&ctx, d, NULL);
		if (d) {
			ak_structure_write_json(&b, d);
			ak_buf_putc(&b, '\n');
			fwrite(b.ptr, 1, b.len, stdout);
		}
		ak_buf_release(&b);
		ak_doc_free(&d);
		free(text);
	}
	ak_ctx_release(&ctx);
	return bad;
}
