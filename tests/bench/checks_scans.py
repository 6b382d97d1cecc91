#!/usr/bin/python3
"""checks_scans.py - the fault-injection bench through print and OCR.

  prepare GRIDS.txt TRUTH.jsonl OUTDIR   write one corpus-style source per
        table (OUTDIR/corpus/src/<id>.txt) for corpus/gen/render.py
  score TRUTH.jsonl GRIDS.txt TABLES.jsonl CHECKS.jsonl
        compare what OCR read (arkiv tables --format json) with what was
        printed, and the checker's findings (arkiv check --format json) with
        both: injected faults, and misreads OCR added on its own.

A table cell is matched by row label (normalised) and column index.  Scored:
  - tables OCR'd without any misread cell: the bench's usual figures;
  - every cell OCR misread (printed value != OCR value): was the table
    flagged, was that cell named first, was the suggested reading the
    printed figure.
"""
import json
import os
import re
import sys
import unicodedata


def read_grids(path):
    grids, cur, gid = {}, None, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#grid "):
            gid = line.split()[1]
            cur = grids[gid] = []
        elif line and cur is not None:
            cur.append(line.split("\t"))
    return grids


def prepare(grids_path, truth_path, out):
    grids = read_grids(grids_path)
    os.makedirs(os.path.join(out, "corpus", "src"), exist_ok=True)
    for gid, rows in grids.items():
        with open(os.path.join(out, "corpus", "src", gid + ".txt"), "w", encoding="utf-8") as f:
            f.write(f"@title: Bench table {gid}\n@font: liberation-sans\n@size: 11\n@table-size: 11\n")
            f.write(f"## Ekonomisk uppföljning {gid}\n\n")
            for r in rows:
                f.write("\t".join(r) + "\n")


def norm(s):
    s = unicodedata.normalize("NFC", s or "").lower()
    return re.sub(r"[^a-zåäö0-9]", "", s)


def val(text):
    t = text.replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+", t):
        return None
    return int(t)


def score(truth_path, grids_path, tables_path, checks_path):
    truth = {json.loads(l)["id"]: json.loads(l) for l in open(truth_path)}
    grids = read_grids(grids_path)
    tables = {}
    for l in open(tables_path):
        d = json.loads(l)
        gid = os.path.basename(d["path"]).split("-p")[0]
        tables[gid] = d
    checks = {}
    for l in open(checks_path):
        d = json.loads(l)
        gid = os.path.basename(d["path"]).split("-p")[0]
        checks[gid] = d
    stats = dict(tables=0, ocr_clean=0, ocr_dirty=0, misread_cells=0, flagged_dirty=0,
                 cell_named=0, reading_right=0, tp=0, fp=0, fn=0, tn=0, cls_ok=0, cls_n=0,
                 no_table=0)
    for gid, t in truth.items():
        if gid not in checks:
            continue
        stats["tables"] += 1
        printed = {}
        for r in grids[gid][1:]:
            printed[norm(r[0])] = [val(x) if x else None for x in r[1:]]
        ocr_cells = {}
        tj = tables.get(gid, {})
        for tab in tj.get("tables", []):
            for row in tab.get("rows", []):
                lab = norm(row.get("label", ""))
                for ci, cell in enumerate(row.get("cells", [])):
                    if cell and cell.get("v") is not None and not cell.get("dec"):
                        ocr_cells[(lab, ci)] = cell["v"]
        if not ocr_cells:
            stats["no_table"] += 1
        bad_cells = []
        for lab, vals in printed.items():
            for ci, v in enumerate(vals):
                if v is None:
                    continue
                o = ocr_cells.get((lab, ci))
                if o is not None and o != v:
                    bad_cells.append((lab, ci, v, o))
        findings = [c for c in checks[gid].get("checks", []) if c["class"] != "rounding"]
        flagged = bool(findings)
        if bad_cells:
            stats["ocr_dirty"] += 1
            stats["misread_cells"] += len(bad_cells)
            stats["flagged_dirty"] += flagged
            prim = next((c for c in findings if c.get("suspect")), None)
            for lab, ci, v, o in bad_cells:
                if prim and norm(prim["suspect"]["cell"]["label"]) == lab and \
                        prim["suspect"]["cell"]["col"] == ci + 1:
                    stats["cell_named"] += 1
                    stats["reading_right"] += prim["suspect"]["reading"] == v
            continue
        stats["ocr_clean"] += 1
        faulty = t["fault"] != "none"
        if faulty and flagged:
            stats["tp"] += 1
        elif faulty:
            stats["fn"] += 1
        elif flagged:
            stats["fp"] += 1
        else:
            stats["tn"] += 1
        if faulty and flagged:
            prim = next((c for c in findings if c.get("suspect")), findings[0])
            # printed and scanned, every table is OCR'd: a one-edit fault on
            # two relations is a misread whatever the bench's src said
            exp = t["expected"]
            if t["fault"] in ("misread", "transposition") and t["cover"] >= 2:
                exp = "misread"
            stats["cls_n"] += 1
            stats["cls_ok"] += prim["class"] == exp
    s = stats
    print(f"tables OCR'd: {s['tables']} (no table found in {s['no_table']})")
    print(f"OCR read every printed figure right: {s['ocr_clean']}")
    tp, fp, fn = s["tp"], s["fp"], s["fn"]
    if tp + fp:
        print(f"  something wrong: precision {tp / (tp + fp):.3f} ({tp}/{tp + fp}), "
              f"recall {tp / max(1, tp + fn):.3f} ({tp}/{tp + fn})")
    if s["cls_n"]:
        print(f"  class accuracy {s['cls_ok'] / s['cls_n']:.3f} ({s['cls_ok']}/{s['cls_n']})")
    print(f"OCR misread at least one figure: {s['ocr_dirty']} tables, {s['misread_cells']} cells")
    if s["ocr_dirty"]:
        print(f"  tables flagged: {s['flagged_dirty']}/{s['ocr_dirty']}; misread cell named first: "
              f"{s['cell_named']}/{s['misread_cells']}; reading = printed figure: "
              f"{s['reading_right']}/{s['misread_cells']}")


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(*sys.argv[2:5])
    else:
        score(*sys.argv[2:6])
