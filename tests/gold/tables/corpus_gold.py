#!/usr/bin/python3
"""Derive gold tables for the invented corpus from its sources, and write the
text inputs the bench measures.

    tests/gold/tables/corpus_gold.py CORPUS_DIR [TEXT_OUT_DIR]

The corpus sources (CORPUS_DIR/src/*.txt) hold each table as TAB-separated
lines: they are the truth the renders were made from.  For every table with
at least one column of figures this writes tests/gold/tables/corpus/<doc>.json
in the seed gold format: rows with label and cells (as printed, null for an
empty cell).  The first rows whose value cells are words, years or dates are
the header; a column headed "Not" is the note column (kept apart); columns
whose data cells are mostly words are folded into the label; tables with no
column of figures (attendance lists, delegation lists) are left out.

With TEXT_OUT_DIR, also writes for each document:
  <doc>.tab.txt  the document as plain text, table cells separated by TAB
                 (like render.py's logical_text: a born-digital export),
  <doc>.gt.txt   the printed pages' ground truth joined by form feeds
                 (the text of the rendered pages, page furniture included,
                 TAB between the non-empty cells of a table row).
Only the standard library is used; render.py is imported for parsing.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIG = re.compile(r"^[-\u2212\u2013+]?\s?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?(?: ?%| tkr| kr| mkr)?$|^\d+$")
YEAR = re.compile(r"^(19|20)\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def figure(c):
    return bool(c) and bool(FIG.match(c)) and not DATE.match(c)


def data_figure(c):
    return figure(c) and not YEAR.match(c)


def tables_of(doc):
    out = []
    for b in doc.blocks:
        if b["kind"] != "table":
            continue
        rows = [list(r["cells"]) for r in b["rows"]]
        ncol = max(len(r) for r in rows)
        rows = [r + [""] * (ncol - len(r)) for r in rows]
        first = 0
        header = None
        while first < len(rows) and any(c for c in rows[first][1:]) and \
                not any(data_figure(c) for c in rows[first][1:]):
            header = rows[first]
            first += 1
        note_col = None
        if header:
            for j, c in enumerate(header):
                if j and c.strip().lower() == "not":
                    note_col = j
        body = rows[first:]
        textcol = {}
        valcols = []
        for j in range(1, ncol):
            if j == note_col:
                continue
            cells = [r[j] for r in body if r[j]]
            nfig = sum(1 for c in cells if figure(c))
            textcol[j] = len(cells) - nfig > nfig
            if not textcol[j]:
                valcols.append(j)
        if not any(any(data_figure(r[j]) for r in body) for j in valcols):
            continue
        title = header[0] if header and header[0] else None
        T = {"title": title, "ncols": len(valcols),
             "header": [header[j] or None for j in valcols] if header else [None] * len(valcols),
             "rows": []}
        for r in body:
            label = " ".join(x for x in [r[0]] + [r[j] for j in range(1, ncol) if textcol.get(j)] if x)
            R = {"label": label}
            if note_col is not None and r[note_col]:
                R["note"] = r[note_col]
            R["cells"] = [r[j] if figure(r[j]) else None for j in valcols]
            T["rows"].append(R)
        out.append(T)
    return out


def logical_text(doc):
    """render.py's logical_text without its legacy-encoding checks: one
    paragraph per line, table cells separated by TAB, no page furniture."""
    out = []
    for b in doc.blocks:
        k = b["kind"]
        if k == "space":
            if out and out[-1] != "":
                out.append("")
        elif k in ("heading", "title"):
            out.append(b["text"])
        elif k == "para":
            out.append((b["marker"] + " " if b.get("marker") else "") + b["text"])
        elif k == "table":
            for r in b["rows"]:
                out.append("\t".join(r["cells"]).rstrip("\t"))
    return "\n".join(out).strip("\n") + "\n"


def dump(obj):
    s = json.dumps(obj, ensure_ascii=False, indent=1)
    return re.sub(r'\{\n\s+"label": (.*?),\n(\s+"note": .*?,\n)?\s+"cells": \[\n\s+(.*?)\n\s+\]\n\s+\}',
                  lambda m: '{"label": %s, %s"cells": [%s]}' % (
                      m.group(1), (m.group(2).strip() + " ") if m.group(2) else "",
                      re.sub(r',\n\s+', ', ', m.group(3))), s, flags=re.S) + "\n"


def main():
    corpus = sys.argv[1]
    textdir = sys.argv[2] if len(sys.argv) > 2 else None
    sys.path.insert(0, os.path.join(corpus, "gen"))
    import render  # noqa: E402
    outdir = os.path.join(HERE, "corpus")
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for path in sorted(glob.glob(os.path.join(corpus, "src", "*.txt"))):
        doc = render.parse_doc(path)
        tabs = tables_of(doc)
        gold = {"source": "corpus/src/" + os.path.basename(path), "kind": "corpus",
                "note": "derived from the corpus source by tests/gold/tables/corpus_gold.py",
                "tables": tabs}
        with open(os.path.join(outdir, doc.name + ".json"), "w", encoding="utf-8") as f:
            f.write(dump(gold))
        n += len(tabs)
        if textdir:
            os.makedirs(textdir, exist_ok=True)
            with open(os.path.join(textdir, doc.name + ".tab.txt"), "w", encoding="utf-8") as f:
                f.write(logical_text(doc))
            pages = sorted(glob.glob(os.path.join(corpus, "gt", doc.name + "-p[0-9][0-9].txt")))
            if pages:
                with open(os.path.join(textdir, doc.name + ".gt.txt"), "w", encoding="utf-8") as f:
                    f.write("\f".join(open(p, encoding="utf-8").read() for p in pages))
    print(f"corpus gold: {n} tables in {outdir}")


if __name__ == "__main__":
    main()
