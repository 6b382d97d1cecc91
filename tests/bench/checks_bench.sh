#!/usr/bin/env bash
# checks_bench.sh - the checker's measurements (docs/checks.md):
#   1. the fault-injection bench: invented tables with one known fault each
#      (or none), checked, scored per class;
#   2. the seeds: `arkiv check` over seeds 000, 001 and 004 (skipped with a
#      message when /work/shared/seeds is absent).
# Usage: tests/bench/checks_bench.sh [BUILD_DIR] [N_TABLES] [SEED]
# (an ASan build dir needs BENCH_CFLAGS="-g -fsanitize=address,undefined")
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-1000}
seed=${3:-1}
out=${TMPDIR:-/tmp}/arkiv-checks-bench
mkdir -p "$out"

cc ${BENCH_CFLAGS:--O2} -std=c11 -D_POSIX_C_SOURCE=200809L -Ipipeline -Iextractors \
   -o "$out/checks_bench" tests/bench/checks_bench.c tests/bench/ocr_tsv.c tests/bench/bench_io.c "$build/libarkivcore.a" \
   $(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm
/usr/bin/python3 tests/bench/inject_faults.py --out "$out" --n "$n" --seed "$seed"
"$out/checks_bench" "$out/grids.txt" > "$out/results.jsonl"
/usr/bin/python3 tests/bench/checks_score.py "$out/truth.jsonl" "$out/results.jsonl"

seeds=${AK_SEEDS:-/work/shared/seeds}
if [ -d "$seeds" ] && [ -x "$build/arkiv" ]; then
	echo
	echo "== seeds"
	for f in "$seeds"/00[014]_*.txt; do
		"$build/arkiv" check --no-progress "$f" || true
	done
else
	echo "seeds: $seeds or $build/arkiv absent, skipped"
fi

# The auditor's HTML report over the seeds, looked at in headless Chromium.
if [ -d "$seeds" ] && [ -x "$build/arkiv" ]; then
	rm -rf "$out/report"
	"$build/arkiv" check --format html --out "$out/report" --no-progress "$seeds"/00[014]_*.txt > /dev/null || true
	# Debian's chromium is a bench-only dependency (not needed by the tests).
	if ! command -v chromium > /dev/null && [ "$(id -u)" -eq 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium > /dev/null 2>&1 ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium > /dev/null 2>&1; } || true
	fi
	if command -v chromium > /dev/null; then
		for h in "$out"/report/004_*.html "$out"/report/index.html; do
			timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
				--window-size=1100,1500 --screenshot="${h%.html}.png" "file://$h" > /dev/null 2>&1 || true
		done
		echo "report: $out/report/index.html, screenshots: $(ls "$out"/report/*.png 2>/dev/null | tr '\n' ' ')"
	else
		echo "report: $out/report/index.html (chromium absent: no screenshot)"
	fi
fi
