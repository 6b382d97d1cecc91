#!/usr/bin/env python3
"""Build the gold text of seed 000 from the hand-made list of corrections.

usage: repair_gold.py SEED.txt FIXES.tsv > GOLD.txt

The seed's text is not stored in the repository; tests/gold/seed000.fixes.tsv
holds only corrections: line (1-based), word index (0-based, whitespace
split), the OCR form and the correct form.  The OCR form is checked, so a
changed seed fails loudly instead of producing a wrong gold.  Whitespace is
kept as it is in the seed except inside corrected tokens.
"""
import re
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    fixes = {}
    with open(argv[2], encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            ln, wi, ocr, gold = raw.rstrip("\n").split("\t")
            fixes.setdefault(int(ln), []).append((int(wi), ocr, gold))
    bad = 0
    for ln, items in fixes.items():
        line = lines[ln - 1]
        parts = re.split(r"(\s+)", line)  # words at even indices
        words = [i for i in range(len(parts)) if parts[i] and not parts[i].isspace()]
        for wi, ocr, gold in items:
            if wi >= len(words):
                print(f"line {ln}: no word {wi}", file=sys.stderr)
                bad += 1
                continue
            tok = parts[words[wi]]
            k = tok.find(ocr)
            if k < 0:
                print(f"line {ln} word {wi}: expected {ocr!r}, found {tok!r}", file=sys.stderr)
                bad += 1
                continue
            parts[words[wi]] = tok[:k] + gold + tok[k + len(ocr):]
        lines[ln - 1] = "".join(parts)
    if bad:
        return 1
    sys.stdout.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
