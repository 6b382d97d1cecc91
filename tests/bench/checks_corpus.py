#!/usr/bin/python3
"""checks_corpus.py - audit `arkiv check` findings on OCR'd corpus pages
against what was printed.

    checks_corpus.py GT_DIR TABLES.jsonl CHECKS.jsonl [--list]

The corpus tables are arithmetically consistent by construction
(corpus/src), so every finding beyond ROUNDING on a corpus page must come
from OCR or the table extractor reading a figure that was not printed.  For
each finding (class misread, sign or genuine) every cell it names (target,
terms, suspect) is looked up in the page's ground truth (GT_DIR/<page>.txt,
TAB-separated table rows):

  - the row by its label (closest ground-truth label on the page, difflib
    ratio >= 0.7; several equal labels are all tried),
  - the column by its heading (same heading text or year), else by its
    position counted from the right (figures are right-aligned under the
    headings; the "Not" column is not a figure column of the checker);
  - cells without a label (figures in running text) and cells whose row is
    not found: the OCR'd figure must occur somewhere on the printed page.

A cell is MISREAD when its OCR value differs from every printed candidate.
A finding is TRUE when at least one of its cells is misread (the relation
really does not hold on what OCR read), else FALSE.  For TRUE findings with
a suspect: is the suspect a misread cell, and is its suggested reading the
printed figure?
"""
import difflib
import json
import os
import re
import sys
import unicodedata

NUM = re.compile(r"[-\u2212\u2013]?\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|[-\u2212\u2013]?\d+(?:,\d+)?")


def norm(s):
    s = unicodedata.normalize("NFC", s or "").lower()
    return re.sub(r"[^a-zåäö0-9]", "", s)


def parse_num(text):
    """'-1 234,5' -> (value, decimals) or None."""
    t = (text or "").strip().replace("\u2212", "-").replace("\u2013", "-")
    t = t.replace("\u00a0", " ").rstrip("%").strip()
    m = re.fullmatch(r"\(?(-?)\s*(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?\)?", t)
    if not m:
        return None
    ip = m.group(2).replace(" ", "")
    dp = m.group(3) or ""
    v = int(ip + dp)
    if m.group(1) or t.startswith("("):
        v = -v
    return v, len(dp)


def scaled(pv, dec):
    v, d = pv
    if d > dec:
        return None
    return v * 10 ** (dec - d)


class Page:
    def __init__(self, path):
        self.rows = []      # (label, {colhead: text}, [texts right-aligned], heads)
        self.numbers = []   # every number printed on the page, parsed
        heads = []
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            for m in NUM.finditer(line):
                p = parse_num(m.group(0))
                if p:
                    self.numbers.append(p)
            if "\t" not in line:
                continue
            f = line.split("\t")
            vals = [x for x in f[1:]]
            if vals and all(parse_num(x) is None for x in vals):
                # a table's headings (two or more); a page header or footer
                # ("Förbundet<TAB>Årsredovisning 2024") is not
                heads = vals if len(vals) >= 2 else []
                continue
            self.rows.append((f[0], vals, heads))

    def candidates(self, label):
        n = norm(label)
        if not n:
            return []
        scored = []
        for r in self.rows:
            ratio = difflib.SequenceMatcher(None, n, norm(r[0])).ratio()
            scored.append((ratio, r))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        if best < 0.7:
            return []
        return [r for s, r in scored if s >= best - 0.02]

    def printed(self, cell, ncols, dec):
        """Printed values (scaled to dec) the cell could stand for: a list,
        or None when its row was not found."""
        cands = self.candidates(cell.get("label", ""))
        if not cands:
            return None
        out = []
        col = cell["col"]
        head = norm(cell.get("column") or "")
        year = re.search(r"(19|20)\d\d(-\d\d-\d\d)?", cell.get("column") or "")
        for label, vals, heads in cands:
            v = None
            # by heading text
            for hi, h in enumerate(heads):
                hn = norm(h)
                if hn and head and (hn == head or (year and year.group(0) in h)):
                    off = len(heads) - hi      # position from the right
                    if off <= len(vals):
                        v = vals[len(vals) - off]
                    break
            if v is None and ncols:
                off = ncols - col + 1
                if 0 < off <= len(vals):
                    v = vals[len(vals) - off]
            if v is None:
                continue
            p = parse_num(v)
            if p is not None and scaled(p, dec) is not None:
                out.append(scaled(p, dec))
        return out

    def on_page(self, value, dec):
        return any(scaled(p, dec) == value for p in self.numbers if scaled(p, dec) is not None)


def main():
    gt_dir, tables_path, checks_path = sys.argv[1:4]
    listing = "--list" in sys.argv
    ncols = {}
    for line in open(tables_path, encoding="utf-8"):
        d = json.loads(line)
        page = os.path.splitext(os.path.basename(d["path"]))[0]
        for i, t in enumerate(d.get("tables", [])):
            ncols[(page, i + 1)] = t.get("ncols") or max(
                (len(r.get("cells", [])) for r in t.get("rows", [])), default=0)
    st = dict(pages=0, checks=0, held=0, rounding=0, findings=0, true=0, false=0,
              suspect=0, suspect_right=0, reading_right=0, by_class={})
    falses = []
    for line in open(checks_path, encoding="utf-8"):
        d = json.loads(line)
        page = os.path.splitext(os.path.basename(d["path"]))[0]
        gtp = os.path.join(gt_dir, page + ".txt")
        if not os.path.exists(gtp) or d.get("status") != "ok":
            continue
        gt = Page(gtp)
        st["pages"] += 1
        s = d["summary"]
        st["checks"] += s["checks"]
        st["held"] += s["held"]
        st["rounding"] += s["rounding"]
        for c in d["checks"]:
            if c["class"] == "rounding":
                continue
            st["findings"] += 1
            dec = c["dec"]

            def misread(cell):
                if not cell.get("label"):
                    return not gt.on_page(cell["value"], dec)
                pr = gt.printed(cell, ncols.get((page, cell["table"]), 0), dec)
                if pr is None:
                    return not gt.on_page(cell["value"], dec)
                return bool(pr) and cell["value"] not in pr
            cells = [c["target"]] + [t["cell"] for t in c["terms"]]
            bad = [x for x in cells if misread(x)]
            sus = c.get("suspect")
            ok = bool(bad) or (sus is not None and misread(sus["cell"]))
            cls = st["by_class"].setdefault(c["class"], [0, 0])
            cls[0 if ok else 1] += 1
            fk = (page, c.get("finding"))
            st.setdefault("fnd", {})
            st["fnd"][fk] = st["fnd"].get(fk, False) or ok
            if ok:
                st["true"] += 1
                if sus:
                    st["suspect"] += 1
                    if misread(sus["cell"]):
                        st["suspect_right"] += 1
                        pr = gt.printed(sus["cell"], ncols.get((page, sus["cell"]["table"]), 0), dec)
                        if pr and sus["reading"] in pr:
                            st["reading_right"] += 1
            else:
                st["false"] += 1
                falses.append((page, c))
    fnd = st.get("fnd", {})
    print(f"pages {st['pages']}, checks {st['checks']} (held {st['held']}), relations failing "
          f"beyond rounding {st['findings']}: TRUE (an OCR/table misread in the relation) "
          f"{st['true']}, FALSE {st['false']}; findings (one per suspect cell) {len(fnd)}: "
          f"TRUE {sum(fnd.values())}, FALSE {len(fnd) - sum(fnd.values())}")
    for k, (t, f) in sorted(st["by_class"].items()):
        print(f"  {k}: {t} true, {f} false")
    if st["suspect"]:
        print(f"  TRUE findings with a suspect: {st['suspect']}; suspect is a misread cell "
              f"{st['suspect_right']}; reading = printed figure {st['reading_right']}")
    if listing or st["false"]:
        for page, c in falses:
            print(f"  FALSE {page}: {c['class']} {c['rule']}: {c['message'][:200]}")


if __name__ == "__main__":
    main()
