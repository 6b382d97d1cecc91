#!/usr/bin/python3
"""Why a scan level loses table cells: one line per lost, wrong or spurious
cell, with the OCR words of the printed row it belongs to.

    tables_diag.py BUILD_DIR LEVEL.ocr.jsonl [DOC_SUBSTRING]

Runs BUILD_DIR/tables_bench --tsv on each corpus document's OCR pages (as
tables_bench.sh does), matches extracted to gold tables and aligns rows as
tables_score.py does, then prints for each gold cell that is not correct:
document, page, row label, column (header), gold value, what was extracted
there ("-" nothing, "NOROW" the row was not aligned, "NOTAB" the table was
not found) and the OCR words on that printed row (x0-x1:text), and whether
the gold figure's digits occur in the page's OCR text at all ("ocr-lost"
when not: the OCR's loss, not the extractor's).
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tables_score as S  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
GOLD = os.path.join(ROOT, "tests/gold/tables/corpus")


def load_pages(tsvs):
    """page -> list of lines (baseline, [(x0, x1, text)])."""
    pages = {}
    for no, path in enumerate(tsvs, 1):
        lines = collections.OrderedDict()
        base = {}
        for ln in open(path, encoding="utf-8"):
            f = ln.rstrip("\n").split("\t")
            if len(f) < 12 or not f[0].isdigit():
                continue
            key = f[2]
            if f[0] == "4":
                b = int(f[11][9:]) if f[11].startswith("baseline=") else 0
                base[key] = b or int(f[7]) + int(f[9])
            elif f[0] == "5" and f[11].strip():
                x0, w = int(f[6]), int(f[8])
                lines.setdefault(key, []).append((x0, x0 + w, f[11]))
        pages[no] = [(base.get(k, 0), ws) for k, ws in lines.items()]
    return pages


def row_words(page_lines, label, h=30):
    """Words of the printed row whose text starts like the label."""
    key = re.sub(r"\W", "", label.lower())[:10]
    out = []
    for b, ws in page_lines:
        t = re.sub(r"\W", "", " ".join(w[2] for w in ws).lower())
        if key and key in t:
            row = [w for b2, ws2 in page_lines if abs(b2 - b) < h for w in ws2]
            out.append(" ".join(f"{a}-{c}:{t}" for a, c, t in sorted(row)))
    return out


def main():
    build, ocr = sys.argv[1], sys.argv[2]
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    tmp = tempfile.mkdtemp(prefix="ak-tables-diag.")
    subprocess.run([sys.executable, os.path.join(HERE, "ocr_to_tsv.py"), ocr, tmp], check=True)
    tot = collections.Counter()
    for g in sorted(glob.glob(os.path.join(GOLD, "*.json"))):
        doc = os.path.basename(g)[:-5]
        if only not in doc:
            continue
        tsvs = sorted(glob.glob(os.path.join(tmp, doc + "-p[0-9]*.tsv")))
        if not tsvs:
            continue
        out = subprocess.run([os.path.join(build, "tables_bench"), "--tsv"] + tsvs,
                             capture_output=True, text=True).stdout
        pred = json.loads(out) if out.strip() else {"tables": []}
        gold = json.load(open(g, encoding="utf-8"))
        pages = load_pages(tsvs)
        alltext = {no: " ".join(w[2] for _, ws in pl for w in ws) for no, pl in pages.items()}
        PT = [S.pred_rows(t) for t in pred["tables"]]
        GT = [S.gold_rows(t) for t in gold["tables"]]
        scored = []
        for gi, G in enumerate(GT):
            for j, P in enumerate(PT):
                r = S.score_pair(G, P)
                if r["correct"] > 0:
                    scored.append((-r["correct"], gi, j))
        scored.sort()
        match, used = {}, set()
        for _, gi, j in scored:
            if gi not in match and j not in used:
                match[gi] = j
                used.add(j)
        for gi, G in enumerate(GT):
            gt = gold["tables"][gi]
            j = match.get(gi)
            P = PT[j] if j is not None else []
            pt = pred["tables"][j] if j is not None else None
            pairs = dict(S.align(G, P)) if j is not None else {}
            for ri, grow in enumerate(G):
                label = gt["rows"][ri]["label"] or ""
                pj = pairs.get(ri)
                prow = P[pj] if pj is not None else None
                page = pt["rows"][pj]["page"] if pj is not None else (pt["page"] if pt else 0)
                for c, a in enumerate(grow):
                    b = prow[c] if prow is not None and c < len(prow) else None
                    if a is None:
                        if b is not None:
                            tot["spurious"] += 1
                            print(f"SPURIOUS {doc} p{page} [{label}] col {c}: got {b}")
                        continue
                    tot["gold"] += 1
                    if a == b:
                        tot["ok"] += 1
                        continue
                    got = "NOTAB" if j is None else ("NOROW" if prow is None else (b or "-"))
                    digits = re.sub(r"\D", "", a)
                    present = any(digits in re.sub(r"(?<=\d) (?=\d)", "", t) for t in alltext.values())
                    why = "" if present else " ocr-lost"
                    tot["ocr-lost" if not present else "extractor"] += 1
                    hdr = (gt.get("header") or [None] * 99)[c] if c < len(gt.get("header") or []) else None
                    print(f"LOST {doc} p{page} [{label}] col {c} ({hdr}): gold {a} got {got}{why}")
                    pl = []
                    for no in ([page] if page else pages):
                        pl += row_words(pages.get(no, []), label)
                    for s in pl[:2]:
                        print(f"    words: {s}")
            if pt is not None:
                for pj, prow in enumerate(P):
                    if pj not in pairs.values():
                        n = sum(1 for b in prow if b is not None)
                        if n:
                            tot["spurious"] += n
                            print(f"SPURIOUS-ROW {doc} p{pt['rows'][pj]['page']} "
                                  f"[{pt['rows'][pj]['label']}] {prow}")
        for j, t in enumerate(pred["tables"]):
            if j not in used:
                print(f"UNMATCHED-TABLE {doc} p{t['page']} {t['title']!r} {len(t['rows'])} rows")
    print(f"total: {tot['ok']}/{tot['gold']} correct, {tot['extractor']} lost by the extractor, "
          f"{tot['ocr-lost']} not in the OCR text, {tot['spurious']} spurious")


if __name__ == "__main__":
    main()
