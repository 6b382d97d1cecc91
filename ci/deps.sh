#!/usr/bin/env bash
# ci/deps.sh - install everything arkiv needs to build, test and bench, from
# Debian 12's archive only.  Idempotent: packages already present are not
# fetched again, and apt-get update runs only when something is missing.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config git
  libtesseract-dev tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd
  libleptonica-dev libpcre2-dev libcmocka-dev libsqlite3-dev sqlite3
  libpoppler-glib-dev poppler-utils
  python3 python3-pil fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-crosextra-carlito fonts-freefont-ttf
  hunspell-sv wswedish aspell-sv
  valgrind clang libclang-rt-14-dev time
)
# Extra packages other parts of the pipeline add go in this file too.
if [ -f "$(dirname "$0")/deps.extra" ]; then
  while read -r p; do
    case "$p" in ''|'#'*) ;; *) PKGS+=("$p") ;; esac
  done < "$(dirname "$0")/deps.extra"
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
