/*
 * fuzz_replay.h - the file-replay main() shared by the fuzz targets.
 *
 * Built with -fsanitize=fuzzer, libFuzzer's own main() wins (this one is
 * weak).  Built without libFuzzer, the target runs once over each file named
 * on the command line, whole, as libFuzzer would pass it - so a crash input
 * found in CI reproduces under gdb or valgrind.  Include it once, at the end
 * of a file that defines LLVMFuzzerTestOneInput.
 */
#ifndef AK_FUZZ_REPLAY_H
#define AK_FUZZ_REPLAY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) __attribute__((weak));
int main(int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *buf;
		long n;
		if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
			if (f)
				fclose(f);
			return 1;
		}
		buf = malloc((size_t)n + 1);
		if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
			fclose(f);
			free(buf);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		free(buf);
		printf("%s: ok\n", argv[i]);
	}
	return 0;
}

#endif
