#!/bin/sh
# store_bench.sh - storing throughput, database size per page and query
# latencies (docs/store.md has the figures and how they were measured).
#
#   tests/bench/store_bench.sh [BUILD_DIR] [NDOCS]      (from the repo root)
#
# Part 1 runs the real pipeline (`arkiv run`) over the invented corpus
# (corpus/src, from /work/main/corpus if this tree has none), the shared
# seeds and N generated minutes: documents/s without a store (`arkiv ocr`
# on text = the non-OCR stages), with the store, and a rerun that skips.
# Part 2 (store_bench.c) writes NDOCS (default 10 000) synthetic documents
# with decisions and table cells straight through store.h and times the
# analysts' queries.
set -eu
BUILD=${1:-build}
NDOCS=${2:-10000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ARKIV="$BUILD/arkiv"
[ -x "$ARKIV" ] || { echo "no $ARKIV: build first (cmake --build $BUILD)" >&2; exit 2; }
TMP=$(mktemp -d /tmp/ak_store_bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
JOBS=$(nproc)

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%6.2f s  %8.1f docs/s", b - a, n / (b - a) }'; }

# ---- part 1: the pipeline over real and invented text
mkdir -p "$TMP/in/gen"
CORPUS="$ROOT/corpus/src"
[ -d "$CORPUS" ] || CORPUS=/work/main/corpus/src
if [ -d "$CORPUS" ]; then cp "$CORPUS"/*.txt "$TMP/in/" 2>/dev/null || true; fi
if [ -d /work/shared/seeds ]; then cp /work/shared/seeds/0*.txt "$TMP/in/"; else echo "note: no seeds" >&2; fi
i=0
while [ $i -lt 2000 ]; do
	{
		printf 'Protokoll %d\nSamordningsförbundet Bänkby\n' $i
		k=1
		while [ $k -le 30 ]; do
			printf '§ %d Ärende %d\nStyrelsen beslutar att godkänna förbundsreserv %d kr.\n' $k $k $((i * 100 + k))
			k=$((k + 1))
		done
		printf '\fBilaga %d\n' $i
	} > "$TMP/in/gen/p$i.txt"
	i=$((i + 1))
done
N=$(find "$TMP/in" -type f | wc -l)
BYTES=$(du -sb "$TMP/in" | cut -f1)
echo "pipeline: $N text documents ($BYTES bytes), -j $JOBS"
t0=$(now); "$ARKIV" ocr -j "$JOBS" --no-progress "$TMP/in" > /dev/null; t1=$(now)
echo "  no store  (arkiv ocr)           $(rate "$N" "$t0" "$t1")"
t0=$(now); "$ARKIV" run -j "$JOBS" --no-progress --db "$TMP/run.db" "$TMP/in" > /dev/null; t1=$(now)
echo "  with store (arkiv run, new db)  $(rate "$N" "$t0" "$t1")"
t0=$(now); "$ARKIV" run -j "$JOBS" --no-progress --db "$TMP/run.db" "$TMP/in" > /dev/null; t1=$(now)
echo "  rerun, all skipped              $(rate "$N" "$t0" "$t1")"
t0=$(now); "$ARKIV" run -j 1 --force --no-progress --db "$TMP/run.db" "$TMP/in" > /dev/null; t1=$(now)
echo "  --force, -j 1                   $(rate "$N" "$t0" "$t1")"
PAGES=$("$ARKIV" query --db "$TMP/run.db" --format csv sql "SELECT sum(pages) FROM documents" | tail -1 | tr -d '\r')
"$ARKIV" query --db "$TMP/run.db" sql "PRAGMA wal_checkpoint" > /dev/null 2>&1 || true
SIZE=$(stat -c %s "$TMP/run.db")
WAL=$(stat -c %s "$TMP/run.db-wal" 2>/dev/null || echo 0)
awk -v s="$SIZE" -v w="$WAL" -v p="$PAGES" 'BEGIN { printf "  db %d bytes (+ wal %d) for %d pages: %.0f bytes/page (text input: pages, text, findings)\n", s, w, p, s / p }'

# ---- part 2: synthetic archive, store API and queries
cc -O2 -std=c11 -D_DEFAULT_SOURCE -DAK_VERSION='"bench"' -I"$ROOT/pipeline" \
	"$ROOT/tests/bench/store_bench.c" "$BUILD/libarkivcore.a" -o "$TMP/store_bench" \
	$(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm
echo "synthetic: $NDOCS documents"
"$TMP/store_bench" "$TMP" "$NDOCS" "$JOBS" 21
