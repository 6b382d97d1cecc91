#!/usr/bin/python3
"""Turn `arkiv ocr --format json --words` output (one JSON object per page
image) into tesseract-style TSV pages grouped by document, for tables_bench
--tsv.  Line rows (level 4) carry the OCR baseline as "baseline=N".

    ocr_to_tsv.py OCR.jsonl OUTDIR     -> OUTDIR/<doc>-pNN.tsv
"""
import json
import os
import re
import sys

src, outdir = sys.argv[1], sys.argv[2]
os.makedirs(outdir, exist_ok=True)
for line in open(src, encoding="utf-8"):
    line = line.strip()
    if not line:
        continue
    d = json.loads(line)
    name = os.path.splitext(os.path.basename(d["path"]))[0]
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for pg in d.get("pages", []):
        rows.append(f"1\t{pg['no']}\t0\t0\t0\t0\t0\t0\t{pg['width']}\t{pg['height']}\t-1\t")
        for li, ln in enumerate(pg.get("lines", [])):
            x0, y0, x1, y1 = ln["box"]
            rows.append(f"4\t{pg['no']}\t{li + 1}\t1\t1\t0\t{x0}\t{y0}\t{x1 - x0}\t{y1 - y0}\t-1\tbaseline={ln.get('baseline', 0)}")
            for wi, w in enumerate(ln.get("words", [])):
                a, b, c, e = w["box"]
                t = w["text"].replace("\t", " ").replace("\n", " ")
                rows.append(f"5\t{pg['no']}\t{li + 1}\t1\t1\t{wi + 1}\t{a}\t{b}\t{c - a}\t{e - b}\t{int(round(w['conf']))}\t{t}")
    with open(os.path.join(outdir, name + ".tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
