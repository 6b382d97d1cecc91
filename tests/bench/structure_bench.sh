#!/bin/sh
# structure_bench.sh - measure the structure stage against the hand-written
# gold files in tests/gold/structure/ (seeds 000, 001, 004, the invented
# other-style minutes, and corpus documents when their gold exists).
#
#   tests/bench/structure_bench.sh [BUILD_DIR] [--verbose] [--repair]
#                                  [--pages DIR | --ocr OCR.jsonl [--no-repair]]
#
# --ocr OCR.jsonl measures the corpus documents through the pipeline's own
# path: their pages as recorded by `arkiv ocr --format json --words` over
# the rendered scans (e.g. /work/ocrcache/office.ocr.jsonl: text, lines,
# words with boxes), then the repair stage, then structure - as `arkiv run`
# does (--no-repair leaves repair out).  The repaired text is what the
# scorer reads (gold anchors damaged by OCR count as misses).
# --repair runs the repair stage on the text inputs too (seeds, invented
# minutes, corpus ground truth); offsets are mapped back to the input file
# through the edits, so the gold anchors still apply.
# --pages DIR reads the pages of corpus documents from DIR/<doc>-pNN.txt
# instead of corpus/gt (plain text per page image, no boxes) and measures
# only the corpus documents.
#
# BUILD_DIR (default build-structure, or $AK_BUILD_DIR) must hold
# libarkivcore.a.  Seeds are read from $AK_SEEDS_DIR (default
# ../shared/seeds); a gold file whose source is absent is skipped with a
# message.  The last line of output is machine-readable (RESULT {...}).
set -eu
cd "$(dirname "$0")/../.."
BUILD=${AK_BUILD_DIR:-build-structure}
VERBOSE=
PAGES=
OCR=
REPAIR=
OCR_REPAIR=--repair
while [ $# -gt 0 ]; do
	case "$1" in
	--verbose) VERBOSE=--verbose ;;
	--pages) PAGES=$2; shift ;;
	--ocr) OCR=$2; shift ;;
	--repair) REPAIR="--repair --map-orig" ;;
	--no-repair) OCR_REPAIR= ;;
	*) BUILD=$1 ;;
	esac
	shift
done
SEEDS=${AK_SEEDS_DIR:-../shared/seeds}
CORPUS=${AK_CORPUS_DIR:-../main/corpus}
OUT=$BUILD/structure-bench
JOINED=$OUT/gt
[ -n "$PAGES" ] && JOINED=$OUT/pages-$(echo "$PAGES" | tr '/' '_')
[ -n "$OCR" ] && JOINED=$OUT/ocr-$(basename "$OCR" .jsonl)${OCR_REPAIR:+-repaired}
[ -n "$OCR" ] && [ ! -f "$OCR" ] && { echo "structure_bench: no $OCR" >&2; exit 2; }
export AK_SEEDS_DIR="$SEEDS" AK_CORPUS_DIR="$CORPUS" AK_GT_JOINED_DIR="$JOINED"
[ -f "$BUILD/libarkivcore.a" ] || { echo "structure_bench: no $BUILD/libarkivcore.a (build first)" >&2; exit 2; }
mkdir -p "$OUT"
${CC:-cc} -std=c11 -O2 -Ipipeline -Iextractors -Itests/bench -D_POSIX_C_SOURCE=200809L \
	tests/bench/structure_extract.c tests/bench/ocr_jsonl.c tests/bench/bench_io.c "$BUILD/libarkivcore.a" \
	$(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm \
	-o "$OUT/structure_extract"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
set --
for g in tests/gold/structure/*.json; do
	src=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"])' "$g")
	if [ -n "$PAGES$OCR" ]; then
		case "$src" in corpus-gt:*) ;; *) continue ;; esac
	fi
	n=$(basename "$g" .json)
	if [ -n "$OCR" ]; then
		doc=${src#corpus-gt:}
		mkdir -p "$JOINED"
		t0=$(date +%s%N)
		if ! "$OUT/structure_extract" --ocr "$OCR" "$doc" $OCR_REPAIR \
			--text-out "$JOINED/$doc.txt" > "$OUT/$n.json"; then
			echo "structure_bench: skip $n: no pages of $doc in $OCR" >&2
			continue
		fi
		t1=$(date +%s%N)
		echo "$n: $(( (t1 - t0) / 1000000 )) ms" >&2
		set -- "$@" "$g" "$OUT/$n.json"
		continue
	fi
	case "$src" in
	seed:*) f="$SEEDS/${src#seed:}" ;;
	corpus:*) f="$CORPUS/${src#corpus:}" ;;
	data:*) f="tests/data/structure/${src#data:}" ;;
	corpus-gt:*)
		# the ground truth of every printed page, joined by form feeds:
		# what a perfect OCR of the rendered scans would give
		doc=${src#corpus-gt:}
		f="$JOINED/$doc.txt"
		mkdir -p "$JOINED"
		pd=${PAGES:-$CORPUS/gt}
		if ls "$pd/$doc"-p*.txt >/dev/null 2>&1; then
			$PY -c 'import sys; sys.stdout.write("\f".join(open(p, encoding="utf-8").read() for p in sorted(sys.argv[1:])))' \
				"$pd/$doc"-p*.txt > "$f"
		else
			rm -f "$f"
		fi ;;
	*) f=$src ;;
	esac
	if [ ! -f "$f" ]; then
		echo "structure_bench: skip $(basename "$g"): source $f absent" >&2
		continue
	fi
	t0=$(date +%s%N)
	"$OUT/structure_extract" $REPAIR "$f" > "$OUT/$n.json"
	t1=$(date +%s%N)
	echo "$n: $(( (t1 - t0) / 1000000 )) ms" >&2
	set -- "$@" "$g" "$OUT/$n.json"
done
[ $# -gt 0 ] || { echo "structure_bench: nothing to measure" >&2; exit 2; }
[ -n "$PAGES$OCR" ] && export AK_SCORE_PAGES=1
$PY tests/bench/structure_score.py "$@" $VERBOSE
