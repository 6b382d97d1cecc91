#!/usr/bin/env bash
# ci/run-corpus.sh - the README's first quick-start command: install the
# dependencies, build arkiv, render the bundled corpus to scans, and run the
# whole pipeline over it into the embedded SQLite store (./arkiv.db); then
# ask the store what the analyst asks first: the decisions, across years.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/deps.sh
bash ci/build.sh build
bash ci/corpus.sh
# Office-quality scans of every document, the PDFs (born-digital and scanned),
# the multi-page TIFF and the text files in legacy encodings.
mapfile -t inputs < <(find corpus/scans/office corpus/scans/pdf corpus/scans/multipage \
  corpus/scans/text -type f ! -name 'manifest.tsv' | sort)
echo "arkiv run --db arkiv.db (${#inputs[@]} files from corpus/scans)"
set +e
./build/arkiv run --db arkiv.db "${inputs[@]}"
rc=$?
set -e
echo "arkiv run: exit status $rc (0 = every document processed)"
echo
echo "arkiv query --db arkiv.db documents"
./build/arkiv query --db arkiv.db documents
echo
echo "arkiv query --db arkiv.db decisions --type budget-adopted"
./build/arkiv query --db arkiv.db decisions --type budget-adopted || true
exit $rc
