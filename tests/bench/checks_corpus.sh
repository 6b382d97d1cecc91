#!/usr/bin/env bash
# checks_corpus.sh - `arkiv check` over every OCR'd corpus page, each finding
# beyond ROUNDING audited against what was printed (checks_corpus.py): the
# corpus tables are consistent by construction, so a finding is TRUE only
# when OCR or the table reader got a figure of its relation wrong.
#
# Usage: tests/bench/checks_corpus.sh [BUILD_DIR] [LEVELS]
#   LEVELS comma-separated (default clean,office,fax).  The OCR is read from
#   ${AK_OCR_CACHE:-/work/ocrcache}/<level>.ocr.jsonl (`arkiv ocr --format
#   json --words` over corpus/scans/<level>) when present, and made there
#   otherwise (~3 s per page); the pipeline after OCR (repair, structure,
#   tables, check) runs on the cached words (checks_bench --tsv), exactly as
#   `arkiv check` runs it on the images.  --list prints every finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
levels=${2:-clean,office,fax}
cache=${AK_OCR_CACHE:-/work/ocrcache}
scans=${AK_SCANS:-corpus/scans}
[ -d "$scans" ] || scans=/work/main/corpus/scans
out=${TMPDIR:-/tmp}/arkiv-checks-corpus
mkdir -p "$out"
bench="$out/checks_bench"
cc ${BENCH_CFLAGS:--O2} -std=c11 -D_POSIX_C_SOURCE=200809L -Ipipeline -Iextractors \
   -o "$bench" tests/bench/checks_bench.c tests/bench/ocr_tsv.c tests/bench/bench_io.c "$build/libarkivcore.a" \
   $(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm
for level in ${levels//,/ }; do
	ocr="$cache/$level.ocr.jsonl"
	if [ ! -f "$ocr" ]; then
		ocr="$out/$level.ocr.jsonl"
		[ -f "$ocr" ] || "$build/arkiv" ocr --format json --words --no-progress --no-group -j 2 \
			"$scans/$level" > "$ocr"
	fi
	rm -rf "$out/tsv-$level"
	/usr/bin/python3 tests/bench/ocr_to_tsv.py "$ocr" "$out/tsv-$level"
	: > "$out/tables-$level.jsonl"
	"$bench" --tsv "$out/tables-$level.jsonl" "$out/tsv-$level"/*.tsv > "$out/checks-$level.jsonl"
	echo "== $level"
	/usr/bin/python3 tests/bench/checks_corpus.py corpus/gt "$out/tables-$level.jsonl" \
		"$out/checks-$level.jsonl" ${AK_LIST:+--list}
done
