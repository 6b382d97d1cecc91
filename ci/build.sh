#!/usr/bin/env bash
# ci/build.sh [DIR [cmake options...]] - configure and build arkiv.
# Default: build/ with warnings as errors.  CI also builds build-asan/ with
# -DAK_SANITIZE=ON -DAK_ARENA_MALLOC=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DAK_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
