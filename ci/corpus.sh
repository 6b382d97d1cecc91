#!/usr/bin/env bash
# ci/corpus.sh - render the bundled corpus to scans (deterministic; skipped
# when the renders are already there and newer than the generator and sources).
set -euo pipefail
cd "$(dirname "$0")/.."
out=corpus/scans
stamp=$out/.stamp
if [ -f "$stamp" ] && [ -z "$(find corpus/src corpus/gen -newer "$stamp" -type f 2>/dev/null | head -1)" ]; then
  echo "corpus: renders up to date in $out"
  exit 0
fi
/usr/bin/python3 corpus/gen/render.py --out "$out" --jobs "$(nproc)"
touch "$stamp"
