#!/bin/sh
# tests/bench/repair_bench.sh [BUILD_DIR] - measure the repair stage.
#
#  1. real OCR: seed 000 against its hand-made gold (tests/gold/seed000.fixes.tsv
#     applied by repair_gold.py), scored by the reference scorer;
#  2. simulated damage: the clean seeds 001 and 004 and the corpus sources
#     (/work/main/corpus/src, when present) damaged with seed 000's rates;
#  3. clean text: the clean seeds must come out unchanged (edits counted);
#  4. mojibake: corpus/seed text re-encoded five ways, must come back exactly;
#  5. throughput, single thread, tables loaded, and the same text's
#     throughput through aspell's Swedish word listing, measured in the same
#     run, as a ratio.
# Seeds are read from ../shared/seeds (or $AK_SEEDS); absent ones are skipped.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
seeds=${AK_SEEDS:-$root/../shared/seeds}
[ -d "$seeds" ] || seeds=/work/shared/seeds
corpus=${AK_CORPUS:-/work/main/corpus}
scorer=${AK_SCORER:-$seeds/../tools/score_repair.py}
py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export AK_REPAIR_MODEL=${AK_REPAIR_MODEL:-$build/dicts/repair.bin}

[ -f "$AK_REPAIR_MODEL" ] || { echo "repair_bench: no model at $AK_REPAIR_MODEL (build first)"; exit 1; }
cli=$tmp/repair_cli
. "$root/tests/bench/repair_cli.sh"
repair_cli_build "$root" "$build" "$cli"

score() { # OCR GOLD SYS LABEL
  line=$($py "$scorer" "$1" "$2" "$3" | tail -n 1)
  echo "$4: $line"
}

echo "== 1. real OCR: seed 000"
s0=$(ls "$seeds"/000_*.txt 2>/dev/null | head -n 1 || true)
if [ -n "$s0" ]; then
  $py "$root/tests/bench/repair_gold.py" "$s0" "$root/tests/gold/seed000.fixes.tsv" > "$tmp/g0.txt"
  "$cli" "$s0" > "$tmp/s0.txt" 2>/dev/null
  score "$s0" "$tmp/g0.txt" "$tmp/s0.txt" "seed000 full"
  "$cli" -m safe "$s0" > "$tmp/s0s.txt" 2>/dev/null
  score "$s0" "$tmp/g0.txt" "$tmp/s0s.txt" "seed000 safe"
  "$cli" "$tmp/s0.txt" > "$tmp/s0b.txt" 2>/dev/null
  cmp -s "$tmp/s0.txt" "$tmp/s0b.txt" && echo "seed000 idempotent: yes" || echo "seed000 idempotent: NO"
else
  echo "seed 000 absent: skipped"
fi

echo "== 2. simulated damage (seed 000 rates)"
n=0
for f in "$seeds"/001_*.txt "$seeds"/004_*.txt "$corpus"/src/*.txt; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  $py "$root/tests/bench/repair_simulate.py" --seed "$n" "$f" > "$tmp/d.txt"
  "$cli" "$tmp/d.txt" > "$tmp/r.txt" 2>/dev/null
  cat "$tmp/d.txt" >> "$tmp/all_d.txt"; cat "$f" >> "$tmp/all_g.txt"; cat "$tmp/r.txt" >> "$tmp/all_r.txt"
  case $f in "$seeds"/*) score "$tmp/d.txt" "$f" "$tmp/r.txt" "sim $(basename "$f" | cut -c1-3)" ;; esac
done
if [ -f "$corpus/src/README.md" ] || ls "$corpus"/src/*.txt >/dev/null 2>&1; then
  echo "(corpus sources: $(ls "$corpus"/src/*.txt | wc -l) files included in the total)"
fi
[ "$n" -gt 0 ] && score "$tmp/all_d.txt" "$tmp/all_g.txt" "$tmp/all_r.txt" "sim total ($n files)"

echo "== 3. clean text unchanged"
for f in "$seeds"/001_*.txt "$seeds"/004_*.txt; do
  [ -f "$f" ] || continue
  e=$("$cli" -d "$f" 2>/dev/null | wc -l)
  w=$(wc -w < "$f")
  echo "clean $(basename "$f" | cut -c1-3): $e edits in $w words"
done

echo "== 4. mojibake"
$py - "$seeds" "$corpus" "$cli" "$tmp" "$root/tests/bench" <<'PY'
import glob, os, subprocess, sys
seeds, corpus, cli, tmp = sys.argv[1:5]
sys.path.insert(0, sys.argv[5])
from mojibake import KINDS as kinds
files = sorted(glob.glob(seeds + "/001_*.txt") + glob.glob(seeds + "/004_*.txt") +
               glob.glob(corpus + "/src/*.txt"))[:40]
for name, f in kinds.items():
    ok = tot = 0
    for path in files:
        text = open(path, encoding="utf-8").read()
        # only the letters these encodings share with Swedish text are fair
        if any(ord(c) > 0xFF and c not in "–—’“”•…€" for c in text):
            text = "".join(c for c in text if ord(c) <= 0xFF)
        if name == "cp1252-bytes":
            text = "".join(c for c in text if c.encode("cp1252", errors="ignore"))
        if name.startswith(("cp850", "cp437", "mac")):
            text = "".join(c for c in text if c.encode(name.split("-")[0].replace("macroman", "mac_roman"), errors="ignore"))
        if name == "iso646-se":
            text = "".join(c for c in text if c not in "{|}[\\]")
        src = os.path.join(tmp, "m.txt")
        open(src, "wb").write(f(text))
        out = subprocess.run([cli, src], capture_output=True).stdout.decode("utf-8", errors="replace")
        tot += 1
        ok += out == text
    print(f"{name}: {ok}/{tot} files restored exactly")
PY

echo "== 6. real OCR without a Swedish model: Tesseract eng on rendered corpus pages"
npages=${AK_BENCH_OCR_PAGES:-12}
if command -v tesseract >/dev/null && [ -d "$corpus/scans/clean" ] && [ -d "$corpus/gt" ]; then
  k=0
  : > "$tmp/eo.txt"; : > "$tmp/eg.txt"
  for png in $(ls "$corpus/scans/clean"/*.png | head -n "$npages"); do
    b=$(basename "$png" .png)
    [ -f "$corpus/gt/$b.txt" ] || continue
    OMP_THREAD_LIMIT=1 tesseract "$png" "$tmp/ocr" -l eng >/dev/null 2>&1 || continue
    cat "$tmp/ocr.txt" >> "$tmp/eo.txt"
    cat "$corpus/gt/$b.txt" >> "$tmp/eg.txt"
    k=$((k + 1))
  done
  "$cli" "$tmp/eo.txt" > "$tmp/er.txt" 2>/dev/null
  score "$tmp/eo.txt" "$tmp/eg.txt" "$tmp/er.txt" "tesseract-eng corpus ($k pages, clean scans)"
  # eng OCR also splits numbers and loses superscripts, which is not repair's
  # job: the diacritic part is the "plain" figure
  $py "$scorer" "$tmp/eo.txt" "$tmp/eg.txt" "$tmp/er.txt" | grep -E '^(repaired|over-corr|word acc)' | sed 's/^/  /'

else
  echo "tesseract or corpus scans absent: skipped"
fi

echo "== 5. throughput (single thread, tables loaded)"
# The peer, measured in the same run on the same text: aspell listing the
# words its Swedish dictionary does not know (a plain spell-check pass,
# no context and no repair), CPU time of one run over the text repeated to
# at least 2 MB, best of three; its dictionary load is included.
peer() { # FILE -> MB/s of CPU time
  $py - "$1" <<'PY'
import os, resource, subprocess, sys
data = open(sys.argv[1], "rb").read()
if not data:
    print("0"); sys.exit()
big = data * max(1, (2_000_000 + len(data) - 1) // len(data))
best = 0.0
for _ in range(3):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["aspell", "--lang=sv", "--encoding=utf-8", "list"], input=big,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    best = max(best, len(big) / max(cpu, 1e-3) / 1e6)
print("%.2f" % best)
PY
}
through() { # LABEL FILE
  line=$("$cli" -t 3 "$2" 2>&1 >/dev/null | grep -E 'throughput')
  [ "$1" = "clean text" ] && "$cli" "$2" 2>&1 >/dev/null | grep model | sed "s/^/$1: /"
  echo "$1: $line"
  if command -v aspell >/dev/null && aspell --lang=sv dump config >/dev/null 2>&1; then
    mine=$(echo "$line" | awk '{print $2}')
    other=$(peer "$2")
    echo "$1: peer aspell list $other MB/s of CPU time; repair/aspell = $(echo "$mine $other" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }')"
  fi
}
big=$tmp/big.txt
: > "$big"
for f in "$seeds"/001_*.txt "$seeds"/004_*.txt; do [ -f "$f" ] && cat "$f" >> "$big"; done
[ -s "$big" ] && through "clean text" "$big"
[ -n "$s0" ] && through "seed 000 (damaged)" "$s0"
[ -s "$tmp/all_d.txt" ] && through "simulated damage" "$tmp/all_d.txt"
exit 0
