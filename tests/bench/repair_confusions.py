#!/usr/bin/env python3
"""Count character confusions in aligned (OCR form, correct form) pairs.

usage: repair_confusions.py FIXES.tsv
       repair_confusions.py --rates OCR.txt GOLD.txt

Reads tests/gold/seed000.fixes.tsv-style lines and prints, per substitution
(OCR characters -> true characters), how often it occurs, plus how often
each true letter å/ä/ö/Å/Ä/Ö was printed correctly elsewhere is not known
from fixes alone.  Used to set the counts in dicts/confusions.tsv.
"""
import collections
import difflib
import sys

def rates(ocr_path, gold_path):
    """Per true letter (å ä ö Å Ä Ö): how it was printed, as shares.

    Aligns the OCR and gold texts token by token (same whitespace split,
    as repair_gold.py keeps it) and characters inside changed tokens."""
    ocr = open(ocr_path, encoding="utf-8").read().split()
    gold = open(gold_path, encoding="utf-8").read().split()
    out = {}
    for o, g in zip(ocr, gold):
        for ch in g:
            if ch in "åäöÅÄÖ":
                out.setdefault(ch, collections.Counter())
        if o == g:
            for ch in g:
                if ch in "åäöÅÄÖ":
                    out[ch][ch] += 1
            continue
        sm = difflib.SequenceMatcher(None, o, g, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            for k in range(j1, j2):
                ch = g[k]
                if ch not in "åäöÅÄÖ":
                    continue
                if tag == "equal":
                    out[ch][ch] += 1
                else:
                    out[ch][o[i1:i2] if i2 > i1 else ""] += 1
    return out


def counts(path):
    c = collections.Counter()
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        _, _, ocr, gold = line.rstrip("\n").split("\t")
        sm = difflib.SequenceMatcher(None, ocr, gold, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                c[(ocr[i1:i2], gold[j1:j2])] += 1
    return c



if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--rates":
        for ch, c in rates(sys.argv[2], sys.argv[3]).items():
            tot = sum(c.values())
            print(ch, tot, " ".join(f"{k or '-'}:{v / tot:.3f}" for k, v in c.most_common()))
    else:
        for (a, b), n in counts(sys.argv[1]).most_common():
            print(f"{a!s}\t{b}\t{n}")
