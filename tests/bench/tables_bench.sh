#!/bin/sh
# tables_bench.sh - measure the table extractor against the gold tables.
#
#   tests/bench/tables_bench.sh [BUILD_DIR]        (default: build-bench)
#
# Builds BUILD_DIR (Release-ish, no sanitizers) and tests/bench/tables_bench,
# then scores, each as its own set:
#   seed-001, seed-004   clean text of the shared seeds (single spaces; TABs)
#   seed-000             seed 000's OCR text
#   corpus-tab           the corpus documents as TAB-separated text exports
#   corpus-gt            the corpus pages' text as printed (empty cells dropped)
#   scan-<level>         OCR of the rendered scans (the OCR stage's word boxes;
#                        see AK_SCAN_OCR / AK_BENCH_OCR below)
# and the throughput of numbers + tables from text on one core.
# Seeds are read from ../shared/seeds (or /work/shared/seeds), the corpus
# from $AK_CORPUS (default ./corpus, else ../main/corpus); parts whose
# inputs are absent are skipped with a message.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
B=${1:-build-bench}
PY=/usr/bin/python3
OUT=$(mktemp -d /tmp/ak-tables-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DAK_TESTS=OFF >/dev/null
cmake --build "$B" -j2 --target arkivcore >/dev/null
tests/bench/build_bench.sh "$B"
BENCH="$B/tables_bench"

SEEDS=""
for d in ../shared/seeds /work/shared/seeds; do
	[ -d "$d" ] && { SEEDS=$d; break; }
done
CORPUS=${AK_CORPUS:-}
if [ -z "$CORPUS" ]; then
	for d in corpus ../main/corpus /work/main/corpus; do
		[ -d "$d/src" ] && { CORPUS=$d; break; }
	done
fi

MAN="$OUT/manifest.tsv"
: > "$MAN"
if [ -n "$SEEDS" ]; then
	for s in 000 001 004; do
		f=$(ls "$SEEDS"/${s}_*.txt 2>/dev/null | head -1)
		[ -n "$f" ] || continue
		"$BENCH" "$f" > "$OUT/seed-$s.json"
		printf 'seed-%s\t%s\t%s\n' "$s" tests/gold/tables/seed-$s.json "$OUT/seed-$s.json" >> "$MAN"
	done
else
	echo "tables_bench: seeds absent (../shared/seeds): skipped"
fi
if [ -n "$CORPUS" ]; then
	$PY tests/gold/tables/corpus_gold.py "$CORPUS" "$OUT/text" >/dev/null
	for f in "$OUT"/text/*.tab.txt; do
		doc=$(basename "$f" .tab.txt)
		"$BENCH" "$f" > "$OUT/$doc.tab.json"
		printf 'corpus-tab\t%s\t%s\n' "tests/gold/tables/corpus/$doc.json" "$OUT/$doc.tab.json" >> "$MAN"
		if [ -f "$OUT/text/$doc.gt.txt" ]; then
			"$BENCH" "$OUT/text/$doc.gt.txt" > "$OUT/$doc.gt.json"
			printf 'corpus-gt\t%s\t%s\n' "tests/gold/tables/corpus/$doc.json" "$OUT/$doc.gt.json" >> "$MAN"
		fi
	done
	# Scans: the OCR stage's words and boxes (`arkiv ocr --format json
	# --words` over each level's page images), one document per corpus
	# document (pages in order), read by the bench as OCR pages.  OCR is
	# slow: give AK_SCAN_OCR=DIR holding <level>.ocr.jsonl made earlier, or
	# AK_BENCH_OCR=1 to OCR the renders in $AK_SCANS (default $CORPUS/scans).
	SCANS=${AK_SCANS:-$CORPUS/scans}
	SCAN_OCR=${AK_SCAN_OCR:-}
	if [ -z "$SCAN_OCR" ] && [ "${AK_BENCH_OCR:-0}" = 1 ] && [ -d "$SCANS" ]; then
		cmake --build "$B" -j2 --target arkiv >/dev/null
		SCAN_OCR="$OUT/ocr"
		mkdir -p "$SCAN_OCR"
		for lvl in clean office fax worn; do
			[ -d "$SCANS/$lvl" ] || continue
			"$B/arkiv" ocr --format json --words --no-progress --no-group "$SCANS/$lvl" > "$SCAN_OCR/$lvl.ocr.jsonl" || true
		done
	fi
	if [ -n "$SCAN_OCR" ] && ls "$SCAN_OCR"/*.ocr.jsonl >/dev/null 2>&1; then
		for j in "$SCAN_OCR"/*.ocr.jsonl; do
			lvl=$(basename "$j" .ocr.jsonl)
			$PY tests/bench/ocr_to_tsv.py "$j" "$OUT/tsv-$lvl"
			for g in tests/gold/tables/corpus/*.json; do
				doc=$(basename "$g" .json)
				pages=$(ls "$OUT/tsv-$lvl/$doc"-p[0-9]*.tsv 2>/dev/null || true)
				[ -n "$pages" ] || continue
				"$BENCH" --tsv $pages > "$OUT/$doc.$lvl.json" || true
				printf 'scan-%s\t%s\t%s\n' "$lvl" "$g" "$OUT/$doc.$lvl.json" >> "$MAN"
			done
		done
	else
		echo "tables_bench: no OCR of rendered scans (AK_SCAN_OCR=DIR or AK_BENCH_OCR=1): scans skipped"
	fi
else
	echo "tables_bench: corpus absent: skipped"
fi

$PY tests/bench/tables_score.py "$MAN" "$OUT/summary.json"
if [ -n "${SCAN_OCR:-}" ] && ls "$SCAN_OCR"/*.ocr.jsonl >/dev/null 2>&1; then
	$PY tests/bench/ocr_ceiling.py tests/gold/tables/corpus "$SCAN_OCR"/*.ocr.jsonl
fi
[ -n "${AK_BENCH_SUMMARY:-}" ] && cp "$OUT/summary.json" "$AK_BENCH_SUMMARY"

# Throughput: all text inputs, repeated, on one core.
set --
[ -n "$SEEDS" ] && set -- "$SEEDS"/*.txt
[ -d "$OUT/text" ] && set -- "$@" "$OUT"/text/*.txt
if [ $# -gt 0 ]; then
	"$BENCH" --repeat 40 "$@"
fi
