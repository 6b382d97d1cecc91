#!/bin/sh
# ocr_bench.sh - OCR accuracy and speed: arkiv vs plain `tesseract -l swe`.
#
#   tests/bench/ocr_bench.sh [--arkiv PATH] [--levels clean,office,...] [--max-pages N]
#                            [--jobs N] [--arkiv-args "--prep osd,deskew"] [--json FILE]
#
# Needs the corpus renders (/usr/bin/python3 corpus/gen/render.py, or ci/ scripts)
# and a built arkiv (default: $AK_ARKIV, else build/arkiv, else the newest build*/arkiv).
# Scores with ../shared/tools/score_ocr.py (the reference definitions).  The work is
# done by ocr_bench.py next to this script (Python standard library only); see its
# --help for every option.  Timings are wall clock: noisy when other work runs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${AK_ARKIV:-}" ]; then
	if [ -x "$root/build/arkiv" ]; then
		AK_ARKIV="$root/build/arkiv"
	else
		AK_ARKIV=$(ls -t "$root"/build*/arkiv 2>/dev/null | head -n 1 || true)
	fi
fi
if [ -z "$AK_ARKIV" ] || [ ! -x "$AK_ARKIV" ]; then
	echo "ocr_bench: no arkiv binary; build first or set AK_ARKIV" >&2
	exit 2
fi
command -v tesseract >/dev/null || { echo "ocr_bench: tesseract CLI not installed (the peer)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "ocr_bench: /usr/bin/time missing (Debian package 'time')" >&2; exit 2; }
export AK_ARKIV
exec python3 "$here/ocr_bench.py" --arkiv "$AK_ARKIV" "$@"
