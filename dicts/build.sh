#!/bin/sh
# dicts/build.sh MKDICT OUT - build the repair model from Debian packages.
#
# Needs (Debian 12): hunspell-sv, hunspell-tools (unmunch), wswedish; and,
# for the running-text counts, the .debs of libreoffice-help-sv, cfi-sv,
# manpages-sv, gimp-help-sv and lifelines-doc-sv (fetched with
# `apt-get download`, only unpacked, never installed; cached in
# $AK_DICT_CACHE or ~/.cache/arkiv).  Without it the model is built with
# lexicon flags only and a warning.  Output is deterministic.
set -eu
mkdict=$1
out=$2
src=$(cd "$(dirname "$0")" && pwd)
work=$(dirname "$out")/work
mkdir -p "$work"
aff=/usr/share/hunspell/sv_SE.aff
dic=/usr/share/hunspell/sv_SE.dic
export LC_ALL=C

[ -f "$dic" ] || { echo "dicts/build.sh: $dic missing (apt-get install hunspell-sv)" >&2; exit 1; }
command -v unmunch >/dev/null || { echo "dicts/build.sh: unmunch missing (apt-get install hunspell-tools)" >&2; exit 1; }

unmunch "$dic" "$aff" 2>/dev/null > "$work/unmunch.txt"
# Stand-alone forms: no flags, or flags without ONLYINCOMPOUND (Z) / NEEDAFFIX (¤).
{ grep -v / "$work/unmunch.txt" || true
  grep / "$work/unmunch.txt" | grep -v -e '/[^/]*Z' -e '/[^/]*¤' | cut -d/ -f1 || true; } > "$work/words.txt"
# Compound parts, from hunspell-sv's COMPOUNDBEGIN (X), MIDDLE (U), END (Y).
{ grep -E '/[^/]*X' "$work/unmunch.txt" | cut -d/ -f1
  grep -E '^[^/]+/[^/]*X' "$dic" | cut -d/ -f1; } > "$work/begin.txt" || true
grep -E '/[^/]*U' "$work/unmunch.txt" | cut -d/ -f1 > "$work/mid.txt" || true
grep -E '^[^/]+/[^/]*Y' "$dic" > "$work/y.body" || true
{ wc -l < "$work/y.body"; cat "$work/y.body"; } > "$work/y.dic"
unmunch "$work/y.dic" "$aff" 2>/dev/null | grep -v / > "$work/end.txt" || true

# Running text (see dicts/README.md for what each brings): the Swedish
# LibreOffice and GIMP help (HTML; untranslated English sentences are
# dropped by mkdict), the public-domain book "Copyright finns inte"
# (cfi-sv), the Swedish manual pages (manpages-sv, roff stripped) and the
# Swedish LifeLines manual (HTML).  The packages are only downloaded and
# unpacked, never installed.
cache=${AK_DICT_CACHE:-${HOME:-/tmp}/.cache/arkiv}
mkdir -p "$cache"
text_args=""
for pkg in libreoffice-help-sv cfi-sv manpages-sv gimp-help-sv lifelines-doc-sv; do
  deb=$(ls "$cache"/"$pkg"_*.deb 2>/dev/null | head -n 1 || true)
  if [ -z "$deb" ]; then
    (cd "$cache" && apt-get download "$pkg" >/dev/null 2>&1) ||
      { [ "$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null 2>&1 &&
        (cd "$cache" && apt-get download "$pkg" >/dev/null 2>&1); } || true
    deb=$(ls "$cache"/"$pkg"_*.deb 2>/dev/null | head -n 1 || true)
  fi
  if [ -z "$deb" ]; then
    echo "dicts/build.sh: warning: $pkg not available; its text is left out" >&2
    continue
  fi
  rm -rf "$work/$pkg"
  dpkg-deb -x "$deb" "$work/$pkg"
  case $pkg in
    manpages-sv)
      find "$work/$pkg" -name '*.gz' | sort | xargs zcat |
        sed -e '/^\.\\"/d' -e 's/^\.[A-Za-z]*[ ]*//' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' \
        > "$work/$pkg.txt" ;;
    *)
      find "$work/$pkg" -name '*.html' | sort | xargs cat > "$work/$pkg.txt" ;;
  esac
  rm -rf "${work:?}/$pkg" # the unpacked tree (gimp-help-sv: 68 MB of images)
  # Help texts over-use some forms ("Här", "Fortsätt"): they count once,
  # prose four times.
  case $pkg in libreoffice-help-sv|gimp-help-sv) w=1 ;; *) w=4 ;; esac
  text_args="$text_args --weight $w --text $work/$pkg.txt"
done

# Fixed formulas of Swedish minutes (dicts/phrases.txt, curated): their word
# pairs count like prose.
grep -v '^#' "$src/phrases.txt" > "$work/phrases.txt"
text_args="$text_args --weight 4 --text $work/phrases.txt"

wsw=""
[ -f /usr/share/dict/swedish ] && wsw="--latin1-words /usr/share/dict/swedish"

# A sanitizer build of mkdict: its tables live until exit on purpose.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# shellcheck disable=SC2086
"$mkdict" -o "$out.tmp" --words "$work/words.txt" $wsw \
  --begin "$work/begin.txt" --mid "$work/mid.txt" --end "$work/end.txt" \
  --domain "$src/domain.txt" --names "$src/names.txt" \
  --conf "$src/confusions.tsv" $text_args
mv "$out.tmp" "$out"
