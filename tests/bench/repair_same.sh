#!/bin/sh
# tests/bench/repair_same.sh BASE_BUILD NEW_BUILD - same output, byte for byte.
#
# A speed change to the repair engine or the model format must not change
# what it does.  This runs the bench driver (repair_cli.c) built against
# each build's libarkivcore.a, each with its own build's model, over
#   seed 000 (real OCR), the simulated set (seeds 001, 004 and the corpus
#   sources damaged with seed 000's rates, three damage seeds each), the
#   clean seeds and corpus sources, and the mojibake files of the bench,
# in full and safe mode, and compares the repaired text and the edits
# (position, before, after, score to 9 digits, reason) byte for byte.
# Exit status 1 on any difference.  BASE_BUILD is typically a build of main
# (or of the branch being merged) in another build directory.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:?usage: repair_same.sh BASE_BUILD NEW_BUILD}
new=${2:?usage: repair_same.sh BASE_BUILD NEW_BUILD}
seeds=${AK_SEEDS:-$root/../shared/seeds}
[ -d "$seeds" ] || seeds=/work/shared/seeds
corpus=${AK_CORPUS:-/work/main/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for b in "$base" "$new"; do
  [ -f "$b/dicts/repair.bin" ] && [ -f "$b/libarkivcore.a" ] ||
    { echo "repair_same: $b has no libarkivcore.a or dicts/repair.bin (build it first)"; exit 2; }
done
. "$root/tests/bench/repair_cli.sh"
repair_cli_build "$(repair_build_src "$base")" "$base" "$tmp/cli_base"
repair_cli_build "$(repair_build_src "$new")" "$new" "$tmp/cli_new"

# inputs
mkdir -p "$tmp/in"
for f in "$seeds"/000_*.txt "$seeds"/001_*.txt "$seeds"/004_*.txt "$corpus"/src/*.txt; do
  [ -f "$f" ] && cp "$f" "$tmp/in/clean-$(basename "$f")"
done
n=0
for f in "$seeds"/001_*.txt "$seeds"/004_*.txt "$corpus"/src/*.txt; do
  [ -f "$f" ] || continue
  for s in 1 2 3; do
    n=$((n + 1))
    python3 "$root/tests/bench/repair_simulate.py" --seed "$n" "$f" > "$tmp/in/sim$s-$(basename "$f")"
  done
done
python3 - "$tmp/in" "$root/tests/bench" <<'PY'
import glob, os, sys
d = sys.argv[1]
sys.path.insert(0, sys.argv[2])
from mojibake import KINDS as kinds
for path in sorted(glob.glob(d + "/clean-*.txt")):
    if "000_" in path:
        continue
    text = open(path, encoding="utf-8").read()
    text = "".join(c for c in text if ord(c) <= 0xFF or c in "–—’“”•…€")
    for k, f in kinds.items():
        open(path.replace("/clean-", "/moji-%s-" % k), "wb").write(f(text))
PY

diffs=0 runs=0 nedits=0 nbytes=0
for f in "$tmp"/in/*; do
  for mode in full safe; do
    for v in base new; do
      b=$base; [ $v = new ] && b=$new
      AK_REPAIR_MODEL=$b/dicts/repair.bin "$tmp/cli_$v" -m $mode "$f" > "$tmp/$v.txt" 2>/dev/null
      AK_REPAIR_MODEL=$b/dicts/repair.bin "$tmp/cli_$v" -m $mode -e "$f" > "$tmp/$v.edits" 2>/dev/null
    done
    runs=$((runs + 1))
    nedits=$((nedits + $(wc -l < "$tmp/base.edits")))
    nbytes=$((nbytes + $(wc -c < "$tmp/base.txt")))
    if ! cmp -s "$tmp/base.txt" "$tmp/new.txt" || ! cmp -s "$tmp/base.edits" "$tmp/new.edits"; then
      diffs=$((diffs + 1))
      echo "DIFFERS: $(basename "$f") ($mode)"
      diff "$tmp/base.edits" "$tmp/new.edits" | head -n 6 || true
    fi
  done
done
nin=$(ls "$tmp/in" | wc -l)
echo "repair_same: $nin inputs x 2 modes = $runs runs ($nedits edits, $nbytes bytes of output compared), $diffs differ"
[ "$diffs" -eq 0 ]
