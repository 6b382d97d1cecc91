#!/bin/sh
# tests/bench/repair_speed.sh BASE_BUILD NEW_BUILD [ROUNDS] - repair
# throughput of two builds on the same texts, runs alternated.
#
# The shared machine's speed drifts from minute to minute, so a speed
# change is measured against the build before it in the same run: the
# bench driver (repair_cli.c) of each build, each with its own model,
# `-t 1` per run, ROUNDS rounds (default 5) alternating the two, on seed
# 000, the simulated-damage set of repair_bench.sh and the clean seeds.
# Prints MB/s of CPU time per build: min, median, max.  BASE_BUILD is
# typically a build of an earlier commit in a worktree:
#   git worktree add /tmp/base REV && cmake -S /tmp/base -B /tmp/base/build \
#     && cmake --build /tmp/base/build -j2
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:?usage: repair_speed.sh BASE_BUILD NEW_BUILD [ROUNDS]}
new=${2:?usage: repair_speed.sh BASE_BUILD NEW_BUILD [ROUNDS]}
rounds=${3:-5}
seeds=${AK_SEEDS:-$root/../shared/seeds}
[ -d "$seeds" ] || seeds=/work/shared/seeds
corpus=${AK_CORPUS:-/work/main/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/bench/repair_cli.sh"
# each build's driver from its own source tree: the base measured as it was
repair_cli_build "$(repair_build_src "$base")" "$base" "$tmp/cli_base"
repair_cli_build "$(repair_build_src "$new")" "$new" "$tmp/cli_new"

# the texts: seed 000; the simulated set exactly as repair_bench.sh makes it;
# the clean seeds 001 + 004
: > "$tmp/sim.txt"
: > "$tmp/clean.txt"
n=0
for f in "$seeds"/001_*.txt "$seeds"/004_*.txt "$corpus"/src/*.txt; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  python3 "$root/tests/bench/repair_simulate.py" --seed "$n" "$f" >> "$tmp/sim.txt"
done
for f in "$seeds"/001_*.txt "$seeds"/004_*.txt; do [ -f "$f" ] && cat "$f" >> "$tmp/clean.txt"; done
set --
for f in "$seeds"/000_*.txt; do [ -f "$f" ] && set -- "$@" "seed000:$f"; done
[ -s "$tmp/sim.txt" ] && set -- "$@" "simulated:$tmp/sim.txt"
[ -s "$tmp/clean.txt" ] && set -- "$@" "clean:$tmp/clean.txt"

for t in "$@"; do
  label=${t%%:*} file=${t#*:}
  i=0
  while [ "$i" -lt "$rounds" ]; do
    for v in base new; do
      b=$base; [ $v = new ] && b=$new
      AK_REPAIR_MODEL=$b/dicts/repair.bin "$tmp/cli_$v" -t 1 "$file" 2>&1 >/dev/null |
        awk -v v=$v '/throughput/ { print v, $2 }'
    done
    i=$((i + 1))
  done | sort -k1,1 -k2,2n | awk -v label="$label" '
    { x[$1, ++n[$1]] = $2 }
    END { for (v in n) printf "%s %s: min %.2f median %.2f max %.2f MB/s of CPU time (%d runs)\n",
                              label, v, x[v, 1], x[v, int((n[v] + 1) / 2)], x[v, n[v]], n[v] }' | sort
done
