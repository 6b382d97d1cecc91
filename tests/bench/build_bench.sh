#!/bin/sh
# Build tests/bench/tables_bench against a build dir's libarkivcore.a.
#   tests/bench/build_bench.sh [BUILD_DIR]   (default build-bench)
set -e
B=${1:-build-bench}
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Ipipeline -Iextractors \
  tests/bench/tables_bench.c tests/bench/ocr_tsv.c tests/bench/bench_io.c "$B/libarkivcore.a" \
  $(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm \
  -o "$B/tables_bench"
