#!/usr/bin/env bash
# checks_scans.sh - the fault-injection bench through print and OCR: the
# injected tables are laid out and "scanned" by the corpus renderer
# (corpus/gen/render.py), OCR'd by arkiv once (the OCR is cached), rebuilt
# from the cached words by the pipeline's own stages (repair, structure,
# tables, check - tests/bench/checks_bench.c --tsv) and the checker's
# findings scored against what was printed (checks_scans.py).
#
# Usage: tests/bench/checks_scans.sh [BUILD_DIR] [N_TABLES] [SEED] [LEVELS]
#   defaults: build 200 21 clean,office,fax (the figures in docs/checks.md;
#   the held-out set is 100 22 office).  The work folder is
#   ${AK_CHECKS_SCANS:-/tmp/arkiv-checks-scans-SEED-N}; its renders and
#   OCR (ocr/<level>.ocr.jsonl, ~3 s of OCR per table) are reused when
#   present, so a second run only re-checks (seconds).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-200}
seed=${3:-21}
levels=${4:-clean,office,fax}
render=${AK_RENDER:-corpus/gen/render.py}
[ -f "$render" ] || render=/work/main/corpus/gen/render.py
out=${AK_CHECKS_SCANS:-${TMPDIR:-/tmp}/arkiv-checks-scans-$seed-$n}
jobs=${AK_JOBS:-2}
mkdir -p "$out/corpus/gen" "$out/ocr"
if [ ! -f "$out/truth.jsonl" ]; then
	/usr/bin/python3 tests/bench/inject_faults.py --out "$out" --n "$n" --seed "$seed"
	/usr/bin/python3 tests/bench/checks_scans.py prepare "$out/grids.txt" "$out/truth.jsonl" "$out"
fi
bench="$out/checks_bench"
cc ${BENCH_CFLAGS:--O2} -std=c11 -D_POSIX_C_SOURCE=200809L -Ipipeline -Iextractors \
   -o "$bench" tests/bench/checks_bench.c tests/bench/ocr_tsv.c tests/bench/bench_io.c "$build/libarkivcore.a" \
   $(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm
for level in ${levels//,/ }; do
	if [ ! -f "$out/ocr/$level.ocr.jsonl" ]; then
		if [ ! -d "$out/scans/$level" ]; then
			cp "$render" "$out/corpus/gen/render.py"
			/usr/bin/python3 "$out/corpus/gen/render.py" --out "$out/scans" --gt "$out/gt" \
				--levels "$level" --jobs "$jobs" --no-extras > /dev/null
		fi
		"$build/arkiv" ocr --format json --words --no-progress --no-group -j "$jobs" "$out/scans/$level" \
			> "$out/ocr/$level.ocr.jsonl.tmp"
		mv "$out/ocr/$level.ocr.jsonl.tmp" "$out/ocr/$level.ocr.jsonl"
	fi
	rm -rf "$out/tsv-$level"
	/usr/bin/python3 tests/bench/ocr_to_tsv.py "$out/ocr/$level.ocr.jsonl" "$out/tsv-$level"
	: > "$out/checks-$level.jsonl"
	: > "$out/tables-$level.jsonl"
	for t in "$out/tsv-$level"/*.tsv; do
		"$bench" --tsv "$out/tables-$level.jsonl" "$t" >> "$out/checks-$level.jsonl"
	done
	echo "== $level"
	/usr/bin/python3 tests/bench/checks_scans.py score "$out/truth.jsonl" "$out/grids.txt" \
		"$out/tables-$level.jsonl" "$out/checks-$level.jsonl"
done
