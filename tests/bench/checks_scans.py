#!/usr/bin/python3
"""checks_scans.py - the fault-injection bench through print and OCR.

  prepare GRIDS.txt TRUTH.jsonl OUTDIR   write one corpus-style source per
        table (OUTDIR/corpus/src/<id>.txt) for corpus/gen/render.py
  score TRUTH.jsonl GRIDS.txt TABLES.jsonl CHECKS.jsonl
        compare what OCR read (`arkiv tables --format json`) with what was
        printed, and the checker's findings (`arkiv check --format json`)
        with both.

A table's faults are its injected one plus every figure OCR read
differently from print.  A printed row is matched to the table reader's row
by label (same, prefix, or difflib >= 0.8), by its figures when the label
went to another line, or by position when as many figure rows were read as
printed; a printed figure with no figure read in its row and column is
"lost" (the table reader's loss, reported apart).  Scored:
  - "something is wrong in this table": precision / recall over all tables,
    split by tables with and without lost figures;
  - single-fault tables (the injected fault alone, or one OCR misread):
    class accuracy, right cell named first, reading = the true figure
    (an OCR misread is expected as MISREAD when >= 2 independent relations
    run through its cell - TRUTH "covers" - as SIGN when only its sign
    changed, else GENUINE);
  - every OCR-misread cell: named as the suspect of some finding, with the
    printed figure as reading.
"""

import collections
import difflib
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
    s = re.sub(r"[^a-zåäö0-9]", "", s)
    # "S:a" as OCR and the letter repair leave it ("Så")
    return "sa" if s == "så" else s


def val(text):
    t = text.replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+", t):
        return None
    return int(t)


def by_doc(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        out[os.path.basename(d["path"]).split("-p")[0]] = d
    return out


def match_row(label, ocr_rows):
    """The OCR row standing for a printed label: same label, a label that
    starts with it (figures swallowed into the label), or the closest one
    (difflib ratio >= 0.8)."""
    n = norm(label)
    best, br = None, 0.0
    for o in ocr_rows:
        on = norm(o.get("label", ""))
        if on == n:
            return o
        if on.startswith(n) and len(n) >= 4:
            r = 0.99
        else:
            r = difflib.SequenceMatcher(None, n, on).ratio()
        if r > br:
            best, br = o, r
    return best if br >= 0.8 else None


def match_by_values(vals, ocr_rows):
    best, bn = None, 0
    want = sum(v is not None for v in vals)
    for o in ocr_rows:
        cells = o.get("cells", [])
        n = sum(1 for ci, v in enumerate(vals)
                if v is not None and ci < len(cells) and cells[ci] and cells[ci].get("v") == v)
        if n > bn:
            best, bn = o, n
    return best if bn >= 2 and bn * 2 >= want else None


def expected_of(t):
    # printed and scanned, every table is OCR'd: a one-edit fault on two
    # relations is a misread whatever the bench's src said
    if t["fault"] in ("misread", "transposition") and t["cover"] >= 2:
        return "misread"
    return t["expected"]


def score(truth_path, grids_path, tables_path, checks_path):
    truth = {json.loads(l)["id"]: json.loads(l) for l in open(truth_path)}
    grids = read_grids(grids_path)
    tables = by_doc(tables_path)
    checks = by_doc(checks_path)
    S = collections.Counter()
    conf = collections.Counter()
    for gid, t in truth.items():
        if gid not in checks:
            continue
        S["tables"] += 1
        ocr_rows = []
        where = {}   # id(OCR row) -> (table, row), 1-based as the checker numbers them
        for ti, tab in enumerate(tables.get(gid, {}).get("tables", [])):
            for ri_, r in enumerate(tab.get("rows", [])):
                ocr_rows.append(r)
                where[id(r)] = (ti + 1, ri_ + 1)
        seen_as = {}  # printed label -> the OCR row standing for it

        def names(su, lab, ci):
            """Does a suspect name the printed cell (lab, ci)?  By the OCR
            row the printed row was matched to, or by the figure OCR read
            there (the checker may have moved labels and figures between
            the rows the table reader made), else by label."""
            if not su or su["cell"]["col"] != ci + 1:
                return False
            o = seen_as.get(lab)
            if o is not None:
                cells = o.get("cells", [])
                c = cells[ci] if ci < len(cells) else None
                return where.get(id(o)) == (su["cell"]["table"], su["cell"]["row"]) or \
                    bool(c and c.get("v") is not None and c["v"] == su["cell"]["value"])
            return bool(match_row(lab, [su["cell"]]))
        misread, lost = [], []   # (label, col, printed value, ocr value)
        covers = t.get("covers") or []
        # rows with figures, printed and read: when as many were read as
        # printed, the n-th stands for the n-th (labels may have moved)
        prows = [r for r in grids[gid][1:] if any(val(x) is not None for x in r[1:] if x)]
        orows = [o for o in ocr_rows if any(c and c.get("v") is not None for c in o.get("cells", []))]
        by_pos = {id(r): o for r, o in zip(prows, orows)} if len(prows) == len(orows) else {}
        for ri, r in enumerate(grids[gid][1:]):
            vals = [val(x) if x else None for x in r[1:]]
            if all(v is None for v in vals):
                continue
            o = match_row(r[0], ocr_rows)
            if not o or not any(c and c.get("v") is not None for c in o.get("cells", [])):
                # the label went to another line (the table reader paired
                # figures with the wrong label): the row whose figures
                # agree with the printed ones in most columns
                o = match_by_values(vals, ocr_rows) or by_pos.get(id(r)) or o
            if o is not None:
                seen_as[r[0]] = o
            for ci, v in enumerate(vals):
                if v is None:
                    continue
                cells = o.get("cells", []) if o else []
                c = cells[ci] if ci < len(cells) else None
                cov = covers[ri] if ri < len(covers) else 2
                if not c or c.get("v") is None or c.get("dec"):
                    lost.append((r[0], ci, v, None, cov))
                elif c["v"] != v:
                    misread.append((r[0], ci, v, c["v"], cov))
        findings = [c for c in checks[gid].get("checks", []) if c["class"] != "rounding"]
        flagged = bool(findings)
        injected = t["fault"] != "none"
        faulty = injected or bool(misread)
        S["lost_tables"] += bool(lost)
        S["ocr_misread_tables"] += bool(misread)
        S["ocr_misread_cells"] += len(misread)
        key = "lost" if lost else "complete"
        if faulty and flagged:
            S["tp"] += 1
            S["tp_" + key] += 1
        elif faulty:
            S["fn"] += 1
            S["fn_" + key] += 1
        elif flagged:
            S["fp"] += 1
            S["fp_" + key] += 1
        else:
            S["tn"] += 1
        prim = next((c for c in findings if c.get("suspect")), findings[0] if findings else None)
        # every OCR-misread cell: named by some finding, with the printed figure?
        for lab, ci, v, o, _ in misread:
            for c in findings:
                su = c.get("suspect")
                if names(su, lab, ci):
                    S["misread_named"] += 1
                    S["misread_reading"] += su["reading"] == v
                    break
        # single-fault tables: class and cell
        single = None
        if injected and not misread and not lost:
            lab = grids[gid][t["row"] - 1][0] if t["fault"] != "dropped_row" else None
            single = (expected_of(t), lab, t["col"] - 1, t["true"])
        elif not injected and len(misread) == 1 and not lost:
            # one OCR misread: expected as an injected one - a sign, or a
            # misread when >= 2 independent relations run through the cell
            lab, ci, v, o, cov = misread[0]
            single = ("sign" if o == -v else "misread" if cov >= 2 else "genuine", lab, ci, v)
        if single and flagged:
            exp, lab, ci, true = single
            S["cls_n"] += 1
            S["cls_ok"] += prim["class"] == exp
            conf[(exp, prim["class"])] += 1
            if exp in ("misread", "sign"):
                S["cell_n"] += 1
                su = prim.get("suspect")
                if lab is not None and names(su, lab, ci):
                    S["cell_ok"] += 1
                    S["reading_ok"] += su["reading"] == true
        elif single:
            S["single_missed"] += 1
    s = S
    print(f"tables {s['tables']}; OCR misread >= 1 printed figure in {s['ocr_misread_tables']} "
          f"({s['ocr_misread_cells']} cells); the table reader lost >= 1 printed figure in "
          f"{s['lost_tables']}")
    tp, fp, fn = s["tp"], s["fp"], s["fn"]
    print(f"something wrong (injected fault or OCR misread): precision {tp / max(1, tp + fp):.3f} "
          f"({tp}/{tp + fp}), recall {tp / max(1, tp + fn):.3f} ({tp}/{tp + fn}); "
          f"fault-free tables {s['tn'] + fp}, flagged {fp}")
    print(f"  tables with every printed figure found: tp {s['tp_complete']} fp {s['fp_complete']} "
          f"fn {s['fn_complete']}; with figures lost by the table reader: tp {s['tp_lost']} "
          f"fp {s['fp_lost']} fn {s['fn_lost']}")
    if s["cls_n"]:
        print(f"single-fault tables (injected xor one OCR misread, nothing lost), flagged "
              f"{s['cls_n']} of {s['cls_n'] + s['single_missed']}: class accuracy "
              f"{s['cls_ok'] / s['cls_n']:.3f} ({s['cls_ok']}/{s['cls_n']})")
    if s["cell_n"]:
        print(f"  expected MISREAD/SIGN: right cell named first {s['cell_ok'] / s['cell_n']:.3f} "
              f"({s['cell_ok']}/{s['cell_n']}), reading = true figure {s['reading_ok']}/{s['cell_n']}")
    for (e, p_), n in sorted(conf.items()):
        if e != p_:
            print(f"  confusion {e} -> {p_}: {n}")
    if s["ocr_misread_cells"]:
        print(f"OCR-misread cells named as suspect by a finding: {s['misread_named']}/"
              f"{s['ocr_misread_cells']}, reading = printed figure {s['misread_reading']}")


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(*sys.argv[2:5])
    else:
        score(*sys.argv[2:6])
