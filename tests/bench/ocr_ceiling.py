#!/usr/bin/python3
"""How many gold figures the OCR output holds at all: for each level, the
share of non-empty gold cells whose digits (spaces removed, sign ignored)
occur in the OCR text of the same document (digit runs joined across single
spaces).  This bounds what any table extractor can reach on that OCR.

    ocr_ceiling.py GOLD_DIR LEVEL.ocr.jsonl...
"""
import collections
import glob
import json
import os
import re
import sys

gold_dir = sys.argv[1]
gold = {}
for g in glob.glob(os.path.join(gold_dir, "*.json")):
    cells = []
    for t in json.load(open(g, encoding="utf-8"))["tables"]:
        for r in t["rows"]:
            cells += [re.sub(r"\D", "", c) for c in r["cells"] if c and re.search(r"\d", c)]
    gold[os.path.basename(g)[:-5]] = cells
for path in sys.argv[2:]:
    level = os.path.basename(path).split(".")[0]
    text = collections.defaultdict(str)
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        name = re.sub(r"-p\d+$", "", os.path.splitext(os.path.basename(d["path"]))[0])
        for pg in d.get("pages", []):
            text[name] += "\n" + (pg.get("text") or "")
    have = total = 0
    for doc, cells in gold.items():
        t = text.get(doc, "")
        # figures as the OCR printed them: digit runs with single spaces inside
        runs = set()
        for m in re.finditer(r"\d+(?: \d+)*", t):
            ws = m.group(0).split(" ")
            for i in range(len(ws)):
                for j in range(i + 1, len(ws) + 1):
                    runs.add("".join(ws[i:j]))
        for c in cells:
            total += 1
            have += c in runs
    print(f"ocr-ceiling {level:8s} {have}/{total} gold figures present in the OCR text = {have / total if total else 0:.4f}")
