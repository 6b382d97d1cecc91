#!/usr/bin/env python3
"""Count character confusions in aligned (OCR form, correct form) pairs.

usage: repair_confusions.py FIXES.tsv

Reads tests/gold/seed000.fixes.tsv-style lines and prints, per substitution
(OCR characters -> true characters), how often it occurs, plus how often
each true letter å/ä/ö/Å/Ä/Ö was printed correctly elsewhere is not known
from fixes alone.  Used to set the counts in dicts/confusions.tsv.
"""
import collections
import difflib
import sys

c = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    _, _, ocr, gold = line.rstrip("\n").split("\t")
    sm = difflib.SequenceMatcher(None, ocr, gold, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            c[(ocr[i1:i2], gold[j1:j2])] += 1
for (a, b), n in c.most_common():
    print(f"{a!s}\t{b}\t{n}")
