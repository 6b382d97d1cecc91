#!/bin/sh
# structure_bench.sh - measure the structure stage against the hand-written
# gold files in tests/gold/structure/ (seeds 000, 001, 004, the invented
# other-style minutes, and corpus documents when their gold exists).
#
#   tests/bench/structure_bench.sh [BUILD_DIR] [--verbose] [--pages DIR]
#
# --pages DIR reads the pages of corpus documents from DIR/<doc>-pNN.txt
# instead of corpus/gt (e.g. the OCR of the rendered scans, one text per
# page image) and measures only the corpus documents.
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
while [ $# -gt 0 ]; do
	case "$1" in
	--verbose) VERBOSE=--verbose ;;
	--pages) PAGES=$2; shift ;;
	*) BUILD=$1 ;;
	esac
	shift
done
SEEDS=${AK_SEEDS_DIR:-../shared/seeds}
CORPUS=${AK_CORPUS_DIR:-../main/corpus}
OUT=$BUILD/structure-bench
JOINED=$OUT/gt
[ -n "$PAGES" ] && JOINED=$OUT/pages-$(echo "$PAGES" | tr '/' '_')
export AK_SEEDS_DIR="$SEEDS" AK_CORPUS_DIR="$CORPUS" AK_GT_JOINED_DIR="$JOINED"
[ -f "$BUILD/libarkivcore.a" ] || { echo "structure_bench: no $BUILD/libarkivcore.a (build first)" >&2; exit 2; }
mkdir -p "$OUT"
${CC:-cc} -O2 -Ipipeline -Iextractors -D_POSIX_C_SOURCE=200809L \
	tests/bench/structure_extract.c "$BUILD/libarkivcore.a" \
	$(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lpthread -lm \
	-o "$OUT/structure_extract"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
set --
for g in tests/gold/structure/*.json; do
	src=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"])' "$g")
	if [ -n "$PAGES" ]; then
		case "$src" in corpus-gt:*) ;; *) continue ;; esac
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
	n=$(basename "$g" .json)
	t0=$(date +%s%N)
	"$OUT/structure_extract" "$f" > "$OUT/$n.json"
	t1=$(date +%s%N)
	echo "$n: $(( (t1 - t0) / 1000000 )) ms" >&2
	set -- "$@" "$g" "$OUT/$n.json"
done
[ $# -gt 0 ] || { echo "structure_bench: nothing to measure" >&2; exit 2; }
[ -n "$PAGES" ] && export AK_SCORE_PAGES=1
$PY tests/bench/structure_score.py "$@" $VERBOSE
