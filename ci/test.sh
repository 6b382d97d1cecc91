#!/usr/bin/env bash
# ci/test.sh - the whole test suite, as the README's test command and CI run it:
#   1. install dependencies (Debian packages), 2. render the corpus,
#   3. release build + ctest, 4. ASan+UBSan build + ctest,
#   5. valgrind over the test programs that do not drive Tesseract,
#   6. fuzz targets built with clang/libFuzzer, each run for a bounded time.
# Stops at the first failing step; prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
FUZZ_SECONDS=${FUZZ_SECONDS:-20}

step() { printf '\n== %s\n' "$*"; }

step "dependencies"
bash ci/deps.sh

step "corpus"
if [ -f corpus/gen/render.py ]; then bash ci/corpus.sh; else echo "corpus: no generator"; fi

step "build (release, -Werror)"
bash ci/build.sh build

step "tests (release)"
(cd build && ctest --output-on-failure -j2)

step "build (ASan + UBSan, arena as malloc)"
bash ci/build.sh build-asan -DAK_SANITIZE=ON -DAK_ARENA_MALLOC=ON -DCMAKE_BUILD_TYPE=Debug

step "tests (ASan + UBSan)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Tesseract and poppler are not built with ASan; their own allocations are not ours.
export LSAN_OPTIONS=suppressions=$root/ci/lsan.supp:print_suppressions=0
(cd build-asan && ctest --output-on-failure -j2)
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

step "valgrind"
vg_pass=0
for t in build/test_*; do
  name=$(basename "$t")
  if grep -qx "$name" ci/valgrind.skip 2>/dev/null; then
    echo "valgrind: $name skipped (drives Tesseract: see ci/valgrind.skip)"
    continue
  fi
  AK_SOURCE_DIR=$root AK_BUILD_DIR=$root/build AK_ARKIV=$root/build/arkiv AK_UNDER_VALGRIND=1 \
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      --suppressions=ci/valgrind.supp "$t" >/tmp/vg.$$ 2>&1 || { cat /tmp/vg.$$; echo "valgrind: $name FAILED"; exit 1; }
  vg_pass=$((vg_pass + 1))
done
rm -f /tmp/vg.$$
echo "valgrind: $vg_pass test programs clean"

step "fuzz (libFuzzer, ${FUZZ_SECONDS}s each)"
if ls tests/fuzz/fuzz_*.c >/dev/null 2>&1; then
  CC=clang bash ci/build.sh build-fuzz -DAK_WERROR=OFF -DAK_FUZZ=ON -DAK_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug
  for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    corpus_dir=tests/fuzz/corpus/$(basename "$f")
    mkdir -p /tmp/fuzzcorp/$(basename "$f")
    seeds=()
    [ -d "$corpus_dir" ] && seeds=("$corpus_dir")
    "$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
      /tmp/fuzzcorp/$(basename "$f") "${seeds[@]}" >/tmp/fuzz.$$ 2>&1 \
      || { tail -40 /tmp/fuzz.$$; echo "fuzz: $(basename "$f") FAILED"; exit 1; }
    echo "fuzz: $(basename "$f") $(grep -o 'Done [0-9]* runs' /tmp/fuzz.$$ || true)"
  done
  rm -f /tmp/fuzz.$$
else
  echo "fuzz: no targets"
fi

step "summary"
n=$(cd build && ctest -N | sed -n 's/^Total Tests: //p')
echo "ctest: $n test programs passed in release and ASan builds; valgrind $vg_pass clean"
echo "$n passed, 0 failed"
