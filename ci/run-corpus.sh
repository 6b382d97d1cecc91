#!/usr/bin/env bash
# ci/run-corpus.sh - the README's first quick-start command: install the
# dependencies, build arkiv, render the bundled corpus to scans, and run the
# whole pipeline over it into the embedded SQLite store (./arkiv.db).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/deps.sh
bash ci/build.sh build
bash ci/corpus.sh
inputs=(corpus/scans/office corpus/scans/pdf corpus/scans/text)
echo "arkiv run --db arkiv.db ${inputs[*]}"
set +e
./build/arkiv run --db arkiv.db "${inputs[@]}"
rc=$?
set -e
echo "arkiv run: exit status $rc (0 = every document processed)"
exit $rc
