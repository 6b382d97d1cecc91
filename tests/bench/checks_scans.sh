#!/usr/bin/env bash
# checks_scans.sh - the fault-injection bench through print and OCR: the
# injected tables are laid out and "scanned" by the corpus renderer
# (corpus/gen/render.py, level office by default), OCR'd by arkiv, and the
# checker's findings scored against what was printed (checks_scans.py).
# Slow: ~3 s of OCR per table on one core.
# Usage: tests/bench/checks_scans.sh [BUILD_DIR] [N_TABLES] [SEED] [LEVEL]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-40}
seed=${3:-11}
level=${4:-office}
render=${AK_RENDER:-corpus/gen/render.py}
[ -f "$render" ] || render=/work/main/corpus/gen/render.py
out=${TMPDIR:-/tmp}/arkiv-checks-scans
rm -rf "$out"
mkdir -p "$out/corpus/gen"
/usr/bin/python3 tests/bench/inject_faults.py --out "$out" --n "$n" --seed "$seed"
/usr/bin/python3 tests/bench/checks_scans.py prepare "$out/grids.txt" "$out/truth.jsonl" "$out"
cp "$render" "$out/corpus/gen/render.py"
/usr/bin/python3 "$out/corpus/gen/render.py" --out "$out/scans" --gt "$out/gt" \
	--levels "$level" --no-extras > /dev/null
"$build/arkiv" check --format json --no-progress "$out/scans/$level" > "$out/checks.jsonl"
"$build/arkiv" tables --format json --no-progress "$out/scans/$level" > "$out/tables.jsonl"
/usr/bin/python3 tests/bench/checks_scans.py score "$out/truth.jsonl" "$out/grids.txt" \
	"$out/tables.jsonl" "$out/checks.jsonl"
