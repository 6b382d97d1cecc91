#!/usr/bin/python3
"""Render the arkiv test corpus: lay out corpus/src/*.txt onto A4 pages, write the
per-page ground truth and rendered "scans" at several degradation levels.

    /usr/bin/python3 corpus/gen/render.py [--out DIR] [--levels clean,office,...]
                                          [--docs a,b] [--jobs N] [--seed N] [--no-extras]

Outputs (see corpus/README.md for the details):
  corpus/gt/<doc>-pNN.txt           ground truth of each printed page (always rewritten)
  <out>/<level>/<doc>-pNN.png|jpg   page images, levels clean, office, fax, worn, rotated
  <out>/manifest.tsv                level, file, doc, page, dpi, skew_deg, rotation, seed
  <out>/multipage/, pdf/, text/     extra inputs for the ingest tests

Only the standard library and PIL are used. The output is deterministic: the same
sources, seed, fonts and PIL/libjpeg/zlib versions give byte-identical files.
"""

import argparse
import hashlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from multiprocessing import Pool

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
SRC_DIR = os.path.join(CORPUS, "src")

DPI = 300
PAGE_W, PAGE_H = 2480, 3508          # A4 at 300 dpi
MM = DPI / 25.4                      # px per mm
PT = DPI / 72.0                      # px per point
LEVELS = ["clean", "office", "fax", "worn", "rotated"]

# Extra ingest inputs: which document feeds which extra output.
EXTRA_TIFF_DOC = "protokoll-norra-vattern-2024-11"
EXTRA_SCANNED_PDF_DOC = "protokoll-vastra-malardalen-2025-02"
EXTRA_DIGITAL_PDF_DOCS = ["protokoll-norra-vattern-2024-11", "arsredovisning-norra-vattern-2024"]
EXTRA_TEXT_DOC = "protokoll-norra-vattern-2024-11"

# ---------------------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------------------

FONT_ROOT = "/usr/share/fonts/truetype"
FAMILIES = {  # family -> (regular, bold, italic), relative to FONT_ROOT; package in README
    "liberation-sans": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf",
                        "liberation/LiberationSans-Italic.ttf"),
    "liberation-serif": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf",
                         "liberation/LiberationSerif-Italic.ttf"),
    "carlito": ("crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf", "crosextra/Carlito-Italic.ttf"),
    "dejavu-sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans-Oblique.ttf"),
    "dejavu-serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif-Italic.ttf"),
    "freeserif": ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf", "freefont/FreeSerifItalic.ttf"),
    "freesans": ("freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf", "freefont/FreeSansOblique.ttf"),
}
FALLBACK = {"liberation-serif": "dejavu-serif", "freeserif": "dejavu-serif"}
STYLE_INDEX = {"R": 0, "B": 1, "I": 2}
_font_cache = {}
_warned = set()


def resolve_family(family):
    if family not in FAMILIES:
        raise SystemExit(f"unknown font family {family!r}; known: {', '.join(FAMILIES)}")
    if all(os.path.exists(os.path.join(FONT_ROOT, f)) for f in FAMILIES[family]):
        return family
    fb = FALLBACK.get(family, "dejavu-sans")
    if family not in _warned:
        _warned.add(family)
        print(f"warning: font family {family} not installed, using {fb} "
              f"(layout and ground truth will differ from the committed corpus)", file=sys.stderr)
    return fb


def get_font(family, style, size_px):
    key = (family, style, size_px)
    f = _font_cache.get(key)
    if f is None:
        path = os.path.join(FONT_ROOT, FAMILIES[family][STYLE_INDEX[style]])
        # BASIC layout: no shaping engine, so no ligatures and the same result with or without raqm
        f = ImageFont.truetype(path, size_px, layout_engine=ImageFont.Layout.BASIC)
        _font_cache[key] = f
    return f


# ---------------------------------------------------------------------------------------
# Source parsing
# ---------------------------------------------------------------------------------------

META_DEFAULTS = {
    "title": "", "font": "liberation-sans", "size": "11", "leading": "1.22", "margins": "25 25 25 25",
    "align": "left", "parskip": "0", "tabstop": "12.5", "colgap": "8", "numwidth": "20",
    "furniture-size": "", "furniture-skip": "", "boxes": "", "boxes-at": "footer",
    "header-rule": "no", "footer-rule": "no", "heading-space": "0.7", "table-size": "",
}
LIST_RE = re.compile(r"^((?:[•\-–])|(?:\d{1,2}[.)])|(?:[a-h]\)))\s+(.*)$")
NUM_CELL_RE = re.compile(r"^[-−–+]?\d{1,3}(?: \d{3})*(?:[,.]\d+)?(?: ?%| tkr| kr| mkr)?$|^[-−–]$|^\d+$")
SUPERSCRIPTS = "¹²³"


class Doc:
    def __init__(self, name):
        self.name = name
        self.meta = dict(META_DEFAULTS)
        self.headers = []
        self.footers = []
        self.blocks = []
        self.footnotes = {}


def parse_doc(path):
    name = os.path.splitext(os.path.basename(path))[0]
    doc = Doc(name)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("@"):
        key, _, val = lines[i][1:].partition(":")
        val = val.strip(" \r")
        if key == "header":
            doc.headers.append(val)
        elif key == "footer":
            doc.footers.append(val)
        elif key in META_DEFAULTS:
            doc.meta[key] = val
        else:
            raise SystemExit(f"{path}:{i + 1}: unknown meta key @{key}")
        i += 1
    table = None
    for ln, raw in enumerate(lines[i:], i + 1):
        line = raw.rstrip(" \r")
        if line.startswith("%"):
            continue
        if "\t" in line:
            flags = ""
            while line[:1] in ("!", "^"):
                flags += line[0]
                line = line[1:]
            row = dict(cells=[c.strip(" ") for c in line.split("\t")], bold="!" in flags,
                       rule="^" in flags, src=f"{path}:{ln}")
            if table is None:
                table = dict(kind="table", rows=[])
                doc.blocks.append(table)
            table["rows"].append(row)
            continue
        table = None
        if line == "---":
            doc.blocks.append(dict(kind="pagebreak"))
        elif line == "":
            doc.blocks.append(dict(kind="space"))
        elif re.fullmatch(r"_{4,}", line):
            doc.blocks.append(dict(kind="sign"))
        elif line.startswith("[^"):
            m = re.match(r"^\[\^(\d)\]\s+(.*)$", line)
            if not m:
                raise SystemExit(f"{path}:{ln}: bad footnote definition")
            doc.footnotes[SUPERSCRIPTS[int(m.group(1)) - 1]] = m.group(2)
        elif line.startswith("### "):
            doc.blocks.append(dict(kind="heading", level=3, text=line[4:]))
        elif line.startswith("## "):
            doc.blocks.append(dict(kind="heading", level=2, text=line[3:]))
        elif line.startswith("# "):
            doc.blocks.append(dict(kind="heading", level=1, text=line[2:]))
        elif line.startswith("!! "):
            doc.blocks.append(dict(kind="title", text=line[3:]))
        elif line.startswith(">< "):
            doc.blocks.append(dict(kind="para", text=line[3:], center=True))
        elif line.startswith("> "):
            doc.blocks.append(dict(kind="para", text=line[2:], indent=1))
        elif line.startswith("_ "):
            doc.blocks.append(dict(kind="para", text=line[2:], italic=True))
        else:
            m = LIST_RE.match(line)
            if m:
                doc.blocks.append(dict(kind="para", text=m.group(2), marker=m.group(1)))
            else:
                doc.blocks.append(dict(kind="para", text=line))
    return doc


def load_docs(names=None):
    docs = []
    for fn in sorted(os.listdir(SRC_DIR)):
        if fn.endswith(".txt"):
            name = fn[:-4]
            if names and name not in names:
                continue
            docs.append(parse_doc(os.path.join(SRC_DIR, fn)))
    if names:
        missing = set(names) - {d.name for d in docs}
        if missing:
            raise SystemExit(f"unknown document(s): {', '.join(sorted(missing))}")
    return docs


# ---------------------------------------------------------------------------------------
# Layout: a document -> pages of drawing ops + ground-truth lines
#   ops: ("t", x, baseline, text, family, style, size_px, anchor)   anchor ls / rs / ms
#        ("l", x0, y0, x1, y1, width)     ("r", x0, y0, x1, y1, width)
# ---------------------------------------------------------------------------------------


def wrap_tokens(text):
    """Split at spaces, but keep digit groups of one amount ('1 250 047') and '§ 3' together."""
    toks = []
    for t in text.split(" "):
        if t == "":
            continue
        if toks and ((re.search(r"\d$", toks[-1]) and re.match(r"^\d{3}(?!\d)", t)
                      and re.fullmatch(r"[-−–(]?\d{1,3}(?: \d{3})*", toks[-1]))
                     or toks[-1] == "§"):
            toks[-1] += " " + t
        else:
            toks.append(t)
    return toks


class Page:
    def __init__(self):
        self.ops = []
        self.gt = []          # body lines
        self.notes = []       # footnote marks on this page
        self.empty = True


class Layout:
    def __init__(self, doc, family=None):
        self.doc = doc
        m = doc.meta
        self.family = resolve_family(family or m["font"])
        self.size_pt = float(m["size"])
        self.size = round(self.size_pt * PT)
        self.lh = round(self.size * float(m["leading"]))
        mt, mr, mb, ml = (float(v) * MM for v in m["margins"].split())
        self.left, self.right = round(ml), round(PAGE_W - mr)
        self.fsize = round(float(m["furniture-size"] or (self.size_pt - 1.5)) * PT)
        self.flh = round(self.fsize * 1.3)
        self.boxes = [b for b in m["boxes"].split("\t") if b] if m["boxes"] else []
        self.box_h = round(13 * MM)
        # header band
        top_band = round(11 * MM)
        y = top_band
        if self.boxes and m["boxes-at"] == "header":
            y += self.box_h + round(2 * MM)
        y += len(doc.headers) * self.flh
        self.header_bottom = y
        self.top = max(round(mt), y + round(6 * MM) if (doc.headers or (self.boxes and m["boxes-at"] == "header"))
                       else round(mt))
        # footer band
        y = PAGE_H - round(11 * MM)
        y -= len(doc.footers) * self.flh
        if self.boxes and m["boxes-at"] == "footer":
            y -= self.box_h + round(2 * MM)
        self.footer_top = y
        self.bottom = min(round(PAGE_H - mb), y - round(6 * MM))
        self.tabstop = float(m["tabstop"]) * MM
        self.colgap = round(float(m["colgap"]) * MM)
        self.numwidth = round(float(m["numwidth"]) * MM)
        self.parskip = round(float(m["parskip"]) * self.lh)
        self.justify = m["align"] == "justify"
        self.tsize = round(float(m["table-size"] or self.size_pt) * PT)
        self.tlh = round(self.tsize * float(m["leading"]))
        self.note_size = round((self.size_pt - 2) * PT)
        self.note_lh = round(self.note_size * 1.2)
        self.pages = []
        self.page = None
        self.y = 0
        self.new_page()

    # -- helpers ------------------------------------------------------------------------
    def font(self, style="R", size=None):
        return get_font(self.family, style, size or self.size)

    def width(self, text, style="R", size=None):
        return self.font(style, size).getlength(text)

    def baseline(self, y_top, lh, size, style="R"):
        asc, desc = self.font(style, size).getmetrics()
        return round(y_top + (lh - (asc + desc)) / 2 + asc)

    def new_page(self, auto=False):
        self.page = Page()
        self.page.auto = auto
        self.pages.append(self.page)
        self.y = self.top

    def notes_height(self, marks):
        h = 0
        for mk in marks:
            h += len(self.wrap(mk + " " + self.doc.footnotes[mk], self.right - self.left, "R",
                               self.note_size)) * self.note_lh
        return h + (round(4 * MM) if marks else 0)

    def ensure(self, h, new_marks=()):
        marks = self.page.notes + [m for m in new_marks if m not in self.page.notes]
        if not self.page.empty and self.y + h + self.notes_height(marks) > self.bottom:
            self.new_page(auto=True)

    def wrap(self, text, avail, style="R", size=None):
        toks = wrap_tokens(text)
        lines, cur = [], []
        for t in toks:
            cand = cur + [t]
            if cur and self.width(" ".join(cand), style, size) > avail:
                lines.append(cur)
                cur = [t]
            else:
                cur = cand
        if cur:
            lines.append(cur)
        return lines

    def text_op(self, x, base, text, style="R", size=None, anchor="ls"):
        self.page.ops.append(("t", round(x), base, text, self.family, style, size or self.size, anchor))

    def mark(self):
        self.page.empty = False

    # -- blocks --------------------------------------------------------------------------
    def run(self):
        blocks = self.doc.blocks
        for bi, b in enumerate(blocks):
            k = b["kind"]
            if k == "pagebreak":
                self.new_page()
            elif k == "space":
                if not (self.page.empty and self.page.auto):
                    self.y += round(self.lh * 0.6)
            elif k == "sign":
                self.ensure(self.lh * 2)
                self.y += round(self.lh * 1.4)
                self.page.ops.append(("l", self.left, self.y, self.left + round(75 * MM), self.y, 3))
                self.y += round(self.lh * 0.25)
                self.mark()
            elif k == "title":
                size = round(self.size * 2.0)
                lh = round(size * 1.25)
                for words in self.wrap(b["text"], self.right - self.left, "B", size):
                    self.ensure(lh)
                    t = " ".join(words)
                    self.text_op((self.left + self.right) / 2, self.baseline(self.y, lh, size, "B"), t, "B", size, "ms")
                    self.page.gt.append(t)
                    self.y += lh
                    self.mark()
            elif k == "heading":
                self.heading(b, blocks[bi + 1] if bi + 1 < len(blocks) else None)
            elif k == "para":
                self.para(b)
            elif k == "table":
                self.table(b)
        self.finish()
        return self.pages

    def heading(self, b, nxt):
        size = round(self.size * {1: 1.3, 2: 1.12, 3: 1.0}[b["level"]])
        lh = round(size * 1.25)
        lines = self.wrap(b["text"], self.right - self.left, "B", size)
        if not self.page.empty:
            self.y += round(self.lh * float(self.doc.meta["heading-space"]) * (0.4 if b["level"] == 3 else 1))
        keep = 2 * self.lh                                # keep with next
        if nxt is not None and nxt["kind"] == "heading":
            keep = round(self.size * 1.25) * 2 + 2 * self.lh
        elif nxt is not None and nxt["kind"] == "table":
            total = self.table_plan(nxt)[1]
            keep = total if total <= self.bottom - self.top - lh * len(lines) else keep
        self.ensure(lh * len(lines) + keep)
        for words in lines:
            t = " ".join(words)
            self.text_op(self.left, self.baseline(self.y, lh, size, "B"), t, "B", size)
            self.page.gt.append(t)
            self.y += lh
        self.y += round(self.lh * 0.15)
        self.mark()

    def para(self, b):
        style = "I" if b.get("italic") else "R"
        x0 = self.left
        marker = b.get("marker")
        if b.get("indent"):
            x0 += round(12.5 * MM)
        xt = x0
        if marker:
            x0 += round(4 * MM)
            xt = x0 + round(6.5 * MM)
        avail = self.right - xt
        lines = self.wrap(b["text"], avail, style)
        for li, words in enumerate(lines):
            t = " ".join(words)
            marks = [c for c in t if c in SUPERSCRIPTS]
            for mk in marks:
                if mk not in self.doc.footnotes:
                    raise SystemExit(f"{self.doc.name}: footnote mark {mk} without definition")
            self.ensure(self.lh, marks)
            base = self.baseline(self.y, self.lh, self.size, style)
            gt = t
            if marker and li == 0:
                self.text_op(x0, base, marker, style)
                gt = marker + " " + t
            if b.get("center"):
                self.text_op((self.left + self.right) / 2, base, t, style, anchor="ms")
            elif self.justify and li < len(lines) - 1 and len(words) > 1:
                natural = sum(self.width(w, style) for w in words)
                gap = (avail - natural) / (len(words) - 1)
                if gap > 3.5 * self.width(" ", style):     # a very loose line stays ragged
                    gap = self.width(" ", style)
                x = xt
                for w in words:
                    self.text_op(x, base, w, style)
                    x += self.width(w, style) + gap
            else:
                self.text_op(xt, base, t, style)
            self.page.gt.append(gt)
            for mk in marks:
                if mk not in self.page.notes:
                    self.page.notes.append(mk)
            self.y += self.lh
            self.mark()
        self.y += self.parskip

    def table_plan(self, b):
        if "plan" in b:
            return b["plan"]
        rows = b["rows"]
        ts, tlh = self.tsize, self.tlh
        ncol = max(len(r["cells"]) for r in rows)
        for r in rows:
            r["cells"] += [""] * (ncol - len(r["cells"]))
        numeric = [False] * ncol
        for c in range(1, ncol):
            cells = [r["cells"][c] for r in rows if r["cells"][c]]
            nnum = sum(1 for s in cells if NUM_CELL_RE.match(s))
            numeric[c] = nnum >= 1 and nnum >= len(cells) - 2
        widths = [0.0] * ncol
        for r in rows:
            st = "B" if r["bold"] else "R"
            for c, s in enumerate(r["cells"]):
                if s:
                    widths[c] = max(widths[c], self.width(s, st, ts))
        all_num = ncol > 1 and all(numeric[1:])
        xs = [float(self.left)] * ncol          # left edge of each column
        rights = [0.0] * ncol                   # right edge (for numeric columns)
        if all_num:
            # numeric columns hang from the right margin; squeeze them when the labels need room
            for minw, gap in ((self.numwidth, self.colgap), (0, self.colgap), (0, round(self.colgap * 0.6))):
                r_edge = float(self.right)
                for c in range(ncol - 1, 0, -1):
                    rights[c] = r_edge
                    xs[c] = r_edge - max(widths[c], minw)
                    r_edge = xs[c] - gap
                if self.left + widths[0] + gap <= rights[1] - widths[1]:
                    break
            else:
                raise SystemExit(f"{rows[0]['src']}: table label column too wide for the numeric columns")
        else:
            for c in range(1, ncol):
                x = xs[c - 1] + widths[c - 1] + self.colgap
                n = -(-(x - self.left) // self.tabstop)
                xs[c] = self.left + n * self.tabstop
                rights[c] = xs[c] + widths[c]
            for c in range(1, ncol):
                if numeric[c] and rights[c] > self.right + 1:
                    raise SystemExit(f"{rows[0]['src']}: numeric column runs past the right margin")
        last_text = ncol - 1 if (ncol > 1 and not numeric[ncol - 1] and not all_num) else None
        # visual lines per row
        plan = []
        for r in rows:
            st = "B" if r["bold"] else "R"
            cont = []
            first = list(r["cells"])
            if last_text is not None and first[last_text]:
                avail = self.right - xs[last_text]
                parts = [" ".join(w) for w in self.wrap(first[last_text], avail, st, ts)]
                first[last_text] = parts[0]
                cont = parts[1:]
            plan.append((r, st, first, cont))
        total = sum(tlh * (1 + len(p[3])) + (round(tlh * 0.3) if p[0]["rule"] else 0) for p in plan)
        b["plan"] = (plan, total, xs, rights, numeric, all_num, last_text)
        return b["plan"]

    def table(self, b):
        ts, tlh = self.tsize, self.tlh
        plan, total, xs, rights, numeric, all_num, last_text = self.table_plan(b)
        if total <= self.bottom - self.top:
            self.ensure(total)
        for r, st, first, cont in plan:
            extra = round(tlh * 0.3) if r["rule"] else 0
            self.ensure(tlh * (1 + len(cont)) + extra)
            if r["rule"]:
                yl = self.y + round(extra * 0.45)
                self.page.ops.append(("l", self.left, yl, self.right, yl, 3))
                self.y += extra
            base = self.baseline(self.y, tlh, ts, st)
            for c, s in enumerate(first):
                if not s:
                    continue
                if c > 0 and (numeric[c] or all_num):
                    self.text_op(rights[c], base, s, st, ts, anchor="rs")
                else:
                    self.text_op(xs[c], base, s, st, ts)
            self.page.gt.append("\t".join(s for s in first if s))
            self.y += tlh
            for s in cont:
                base = self.baseline(self.y, tlh, ts, st)
                self.text_op(xs[last_text], base, s, st, ts)
                self.page.gt.append(s)
                self.y += tlh
            self.mark()
        self.y += self.parskip

    # -- furniture -----------------------------------------------------------------------
    def finish(self):
        while len(self.pages) > 1 and self.pages[-1].empty:
            self.pages.pop()
        n = len(self.pages)
        skip = {int(s) for s in self.doc.meta["furniture-skip"].split(",") if s.strip()}
        out = []
        for pi, p in enumerate(self.pages, 1):
            head_gt, foot_gt = [], []
            if pi not in skip:
                y = round(11 * MM)
                if self.boxes and self.doc.meta["boxes-at"] == "header":
                    head_gt.append(self.draw_boxes(p, y))
                    y += self.box_h + round(2 * MM)
                for line in self.doc.headers:
                    head_gt.append(self.furniture_line(p, line, y, pi, n))
                    y += self.flh
                if self.doc.meta["header-rule"] == "yes" and self.doc.headers:
                    p.ops.append(("l", self.left, y + round(1 * MM), self.right, y + round(1 * MM), 2))
                y = self.footer_top
                if self.doc.meta["footer-rule"] == "yes" and self.doc.footers:
                    p.ops.append(("l", self.left, y - round(2 * MM), self.right, y - round(2 * MM), 2))
                if self.boxes and self.doc.meta["boxes-at"] == "footer":
                    foot_gt.append(self.draw_boxes(p, y))
                    y += self.box_h + round(2 * MM)
                for line in self.doc.footers:
                    foot_gt.append(self.furniture_line(p, line, y, pi, n))
                    y += self.flh
            note_gt = []
            if p.notes:
                y = self.bottom - self.notes_height(p.notes) + round(4 * MM)
                p.ops.append(("l", self.left, y - round(2 * MM), self.left + round(50 * MM), y - round(2 * MM), 2))
                for mk in p.notes:
                    for words in self.wrap(mk + " " + self.doc.footnotes[mk], self.right - self.left, "R",
                                           self.note_size):
                        t = " ".join(words)
                        p.ops.append(("t", self.left, self.baseline(y, self.note_lh, self.note_size), t,
                                      self.family, "R", self.note_size, "ls"))
                        note_gt.append(t)
                        y += self.note_lh
            p.gt = [g for g in head_gt + p.gt + note_gt + foot_gt if g.strip()]
            out.append(p)
        self.pages = out

    def furniture_line(self, p, line, y, pi, n):
        fields = [f.replace("{page}", str(pi)).replace("{pages}", str(n)) for f in line.split("\t")]
        anchors = {1: ["ls"], 2: ["ls", "rs"], 3: ["ls", "ms", "rs"]}[len(fields)]
        xs = {"ls": self.left, "ms": (self.left + self.right) / 2, "rs": self.right}
        gt = []
        for f, a in zip(fields, anchors):
            style = "R"
            if f.startswith("*"):
                style, f = "B", f[1:]
            if not f:
                continue
            base = self.baseline(y, self.flh, self.fsize, style)
            p.ops.append(("t", round(xs[a]), base, f, self.family, style, self.fsize, a))
            gt.append(f)
        return "\t".join(gt)

    def draw_boxes(self, p, y):
        bw = round(34 * MM)
        size = round(7.5 * PT)
        x1 = self.right
        x0 = x1 - bw * len(self.boxes)
        for i, label in enumerate(self.boxes):
            bx = x0 + i * bw
            p.ops.append(("r", bx, y, bx + bw, y + self.box_h, 3))
            base = self.baseline(y + round(0.8 * MM), round(size * 1.3), size)
            p.ops.append(("t", bx + round(1.5 * MM), base, label, self.family, "R", size, "ls"))
        return "\t".join(self.boxes)


def layout_doc(doc, family=None):
    return Layout(doc, family).run()


# ---------------------------------------------------------------------------------------
# Rasterising and degradation
# ---------------------------------------------------------------------------------------


def render_base(ops):
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    for op in ops:
        if op[0] == "t":
            _, x, y, text, fam, style, size, anchor = op
            d.text((x, y), text, font=get_font(fam, style, size), fill=0, anchor=anchor)
        elif op[0] == "l":
            _, x0, y0, x1, y1, w = op
            d.line([(x0, y0), (x1, y1)], fill=0, width=w)
        elif op[0] == "r":
            _, x0, y0, x1, y1, w = op
            d.rectangle([x0, y0, x1, y1], outline=0, width=w)
    return img


_GAUSS = {}


def gauss_lut(sigma):
    lut = _GAUSS.get(sigma)
    if lut is None:
        nd = statistics.NormalDist(128, sigma)
        lut = [max(0, min(255, round(nd.inv_cdf((u + 0.5) / 256)))) for u in range(256)]
        _GAUSS[sigma] = lut
    return lut


def uniform_noise(rng, size):
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def add_gauss(img, rng, sigma):
    noise = uniform_noise(rng, img.size).point(gauss_lut(sigma))
    return ImageChops.add(img, noise, 1.0, -128)


def shading(rng, size, lo, hi, grid=(3, 4)):
    small = Image.new("L", grid)
    small.putdata([rng.randint(lo, hi) for _ in range(grid[0] * grid[1])])
    return small.resize(size, Image.BICUBIC)


def ink_paper(img, ink, paper):
    return img.point([round(ink + (paper - ink) * v / 255) for v in range(256)])


def punch_holes(img, rng, fill):
    d = ImageDraw.Draw(img)
    r = round(2.8 * MM)
    x = round(rng.uniform(9, 13) * MM)
    for dy in (-40, 40):
        y = round(img.size[1] / 2 + dy * MM * img.size[1] / PAGE_H)
        d.ellipse([x - r, y - r, x + r, y + r], fill=fill)


def level_office(base, rng):
    paper = rng.randint(236, 247)
    img = ink_paper(base, rng.randint(15, 45), paper)
    img = ImageChops.multiply(img, shading(rng, img.size, 238, 255))
    skew = round(rng.uniform(-1.0, 1.0), 3)
    img = img.rotate(skew, resample=Image.BILINEAR, fillcolor=paper)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    img = add_gauss(img, rng, rng.uniform(4, 7))
    return img, skew


def level_fax(base, rng):
    img = base.resize((round(PAGE_W * 2 / 3), round(PAGE_H * 2 / 3)), Image.BILINEAR)
    skew = round(rng.uniform(-2.5, 2.5), 3)
    img = img.rotate(skew, resample=Image.BILINEAR, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.8)))
    img = add_gauss(img, rng, 22)
    thr = rng.randint(130, 180)
    img = img.point([0 if v < thr else 255 for v in range(256)])
    u = uniform_noise(rng, img.size)
    p_pep, p_salt = rng.uniform(0.001, 0.003), rng.uniform(0.004, 0.012)
    kp, ks = round(256 * p_pep), round(256 * p_salt)
    img = ImageChops.darker(img, u.point([0 if v < kp else 255 for v in range(256)]))
    img = ImageChops.lighter(img, u.point([255 if v >= 256 - ks else 0 for v in range(256)]))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(0, 3)):          # transmission streaks
        y = rng.randrange(img.size[1])
        x0 = rng.randrange(img.size[0] // 2)
        d.line([(x0, y), (x0 + rng.randint(200, img.size[0] // 2), y)], fill=rng.choice([0, 255]), width=1)
    return img.convert("1", dither=Image.NONE), skew


def level_worn(base, rng):
    img = ink_paper(base, rng.randint(70, 100), rng.randint(214, 232))
    img = ImageChops.multiply(img, shading(rng, img.size, 175, 255, (3, 4)))
    stains = Image.new("L", (PAGE_W // 8, PAGE_H // 8), 255)
    d = ImageDraw.Draw(stains)
    for _ in range(rng.randint(1, 3)):
        cx, cy = rng.randrange(stains.size[0]), rng.randrange(stains.size[1])
        r = rng.randint(12, 40)
        if rng.random() < 0.5:
            d.ellipse([cx - r, cy - r * 0.9, cx + r, cy + r * 0.9], outline=rng.randint(150, 200), width=rng.randint(2, 4))
        else:
            d.ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=rng.randint(200, 235))
    stains = stains.filter(ImageFilter.GaussianBlur(2)).resize(img.size, Image.BICUBIC)
    img = ImageChops.multiply(img, stains)
    if rng.random() < 0.6:
        punch_holes(img, rng, rng.randint(40, 80))
    skew = round(rng.uniform(-2.0, 2.0), 3)
    img = img.rotate(skew, resample=Image.BILINEAR, fillcolor=rng.randint(150, 190))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.2)))
    img = add_gauss(img, rng, rng.uniform(7, 11))
    img = ImageOps.colorize(img, black=(35, 25, 15), white=(255, 246, 222))
    return img, skew


ROT_TRANSPOSE = {90: Image.ROTATE_270, 180: Image.ROTATE_180, 270: Image.ROTATE_90}  # clockwise


def page_seed(seed, doc, page):
    return int(hashlib.sha256(f"{seed}:{doc}:{page}".encode()).hexdigest()[:12], 16)


def make_level(base, level, pseed):
    """-> (image, dpi, skew_deg, rotation_cw, ext, save_kwargs)"""
    rng = random.Random(f"{pseed}/{level}")
    if level == "clean":
        return base, 300, 0.0, 0, "png", {}
    if level == "office":
        img, skew = level_office(base, rng)
        return img, 300, skew, 0, "png", {"compress_level": 3}
    if level == "fax":
        img, skew = level_fax(base, rng)
        return img, 200, skew, 0, "png", {}
    if level == "worn":
        img, skew = level_worn(base, rng)
        return img, 300, skew, 0, "jpg", {"quality": 35}
    if level == "rotated":
        img, skew = level_office(base, rng)
        rot = rng.choices([0, 90, 180, 270], weights=[8, 1, 1, 1])[0]
        if rot:
            img = img.transpose(ROT_TRANSPOSE[rot])
        return img, 300, skew, rot, "png", {"compress_level": 3}
    raise ValueError(level)


def render_task(task):
    """Worker: render one page at the requested levels. Returns manifest rows."""
    doc, page, ops, levels, out, seed = task
    base = render_base(ops)
    pseed = page_seed(seed, doc, page)
    rows = []
    for level in levels:
        img, dpi, skew, rot, ext, kw = make_level(base, level, pseed)
        rel = f"{level}/{doc}-p{page:02d}.{ext}"
        img.save(os.path.join(out, rel), dpi=(dpi, dpi), **kw)
        rows.append((level, rel, doc, page, dpi, f"{skew:.3f}", rot, pseed))
    return rows


def office_image(task):
    doc, page, ops, seed = task
    img, *_ = make_level(render_base(ops), "office", page_seed(seed, doc, page))
    return img


# ---------------------------------------------------------------------------------------
# Born-digital PDF (own writer: Type1 Helvetica, WinAnsiEncoding)
# ---------------------------------------------------------------------------------------

PDF_FONTS = {"R": ("F1", "Helvetica"), "B": ("F2", "Helvetica-Bold"), "I": ("F3", "Helvetica-Oblique")}


def pdf_str(s):
    b = s.encode("cp1252")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_text_string(s):
    if all(32 <= ord(c) < 127 for c in s):
        return pdf_str(s)
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


def write_digital_pdf(path, pages, title):
    k = 72.0 / DPI
    objs = []  # index i -> object number i+1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    pages_obj = add(None)
    font_objs = {}
    for st, (res, base) in PDF_FONTS.items():
        font_objs[res] = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} "
                             f"/Encoding /WinAnsiEncoding >>".encode())
    res = b"<< /Font << " + b" ".join(f"/{r} {n} 0 R".encode() for r, n in font_objs.items()) + b" >> >>"
    kids = []
    for p in pages:
        cs = []
        for op in p.ops:
            if op[0] == "t":
                _, x, y, text, fam, style, size, anchor = op
                w = get_font(fam, style, size).getlength(text)
                if anchor == "rs":
                    x -= w
                elif anchor == "ms":
                    x -= w / 2
                cs.append(b"BT /%s %.2f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET" % (
                    PDF_FONTS[style][0].encode(), size * k, x * k, (PAGE_H - y) * k, pdf_str(text)))
            elif op[0] == "l":
                _, x0, y0, x1, y1, wd = op
                cs.append(b"%.2f w %.2f %.2f m %.2f %.2f l S" % (wd * k, x0 * k, (PAGE_H - y0) * k,
                                                                x1 * k, (PAGE_H - y1) * k))
            elif op[0] == "r":
                _, x0, y0, x1, y1, wd = op
                cs.append(b"%.2f w %.2f %.2f %.2f %.2f re S" % (wd * k, x0 * k, (PAGE_H - y1) * k,
                                                               (x1 - x0) * k, (y1 - y0) * k))
        data = zlib.compress(b"\n".join(cs), 9)
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595.28 841.89] /Resources %s "
                        b"/Contents %d 0 R >>" % (pages_obj, res, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objs[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % n for n in kids)
                           + b"] /Count %d >>" % len(kids))
    info = add(b"<< /Title " + pdf_text_string(title) + b" /Producer (arkiv corpus/gen/render.py) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, catalog, info, xref)
    with open(path, "wb") as f:
        f.write(out)


def check_pdf_text(path, pages):
    """Compare pdftotext's words with the ground truth; -> 'ok', a mismatch note or None."""
    if not shutil.which("pdftotext"):
        return None
    txt = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True).stdout
    got = txt.split("\f")
    bad = []
    for i, p in enumerate(pages):
        want = " ".join(" ".join(p.gt).split())
        have = " ".join(got[i].split()) if i < len(got) else ""
        if sorted(want.split()) != sorted(have.split()):
            bad.append(i + 1)
    return "ok" if not bad else f"word mismatch on pages {bad}"


# ---------------------------------------------------------------------------------------
# Plain text in legacy encodings
# ---------------------------------------------------------------------------------------

TRANSLIT = {"–": "-", "—": "-", "•": "-", "’": "'", "”": '"', "“": '"', "…": "...", "\u00a0": " "}
ISO646_SE = str.maketrans({"ä": "{", "ö": "|", "å": "}", "Ä": "[", "Ö": "\\", "Å": "]", "é": "e", "É": "E"})


def logical_text(doc):
    """The document as a word processor would save it as plain text: one paragraph per line,
    table cells separated by TAB, no page furniture, no page breaks."""
    out = []
    for b in doc.blocks:
        k = b["kind"]
        if k in ("space", "pagebreak"):
            if out and out[-1] != "":
                out.append("")
        elif k in ("heading", "title"):
            out.append(b["text"])
        elif k == "para":
            out.append((b["marker"] + " " if b.get("marker") else "") + b["text"])
        elif k == "table":
            for r in b["rows"]:
                out.append("\t".join(r["cells"]).rstrip("\t"))
    text = "\n".join(out).strip("\n") + "\n"
    text = "".join(TRANSLIT.get(c, c) for c in text)
    bad = sorted({c for c in text if ord(c) > 127 and c not in "åäöÅÄÖé§"})
    if bad:
        raise SystemExit(f"{doc.name}: characters not representable in every legacy encoding: {bad}")
    if re.search(r"[\[\]{}|\\]", text):
        raise SystemExit(f"{doc.name}: text uses ASCII characters that ISO 646-SE redefines")
    return text


def write_text_variants(doc, outdir):
    os.makedirs(outdir, exist_ok=True)
    text = logical_text(doc)
    ref = f"{doc.name}.utf8.txt"
    variants = [
        ("utf8", "UTF-8", "utf-8", text.encode("utf-8"), ""),
        ("utf8bom", "UTF-8 with BOM", "utf-8-sig", b"\xef\xbb\xbf" + text.encode("utf-8"), ""),
        ("utf16le", "UTF-16LE with BOM", "utf-16", b"\xff\xfe" + text.encode("utf-16-le"), ""),
        ("cp1252", "Windows-1252", "cp1252", text.encode("cp1252"), ""),
        ("cp850", "IBM code page 850 (DOS)", "cp850", text.encode("cp850"), ""),
        ("macroman", "Mac OS Roman", "mac_roman", text.encode("mac_roman"), ""),
        ("iso646se", "ISO 646-SE (SEN 850200 B, 7-bit)", "iso646-se",
         text.replace("§", "Par.").translate(ISO646_SE).encode("ascii"),
         "ä{ ö| å} Ä[ Ö\\ Å]; '§' written as 'Par.', é as e: decodes to the reference with those substitutions"),
        ("mojibake-latin1", "UTF-8 read as ISO-8859-1, saved as UTF-8", "utf-8",
         text.encode("utf-8").decode("latin-1").encode("utf-8"),
         "double-encoded: fÃ¶r; Ä Å Ö become Ã + a C1 control character"),
        ("mojibake-cp1252", "UTF-8 read as Windows-1252, saved as UTF-8", "utf-8",
         text.encode("utf-8").decode("cp1252").encode("utf-8"), "double-encoded: fÃ¶r, Ã„ (Ä), Ã… (Å), Ã– (Ö)"),
    ]
    rows = ["file\tencoding\tpython_codec\treference\tnote"]
    for tag, label, codec, data, note in variants:
        fn = f"{doc.name}.{tag}.txt"
        with open(os.path.join(outdir, fn), "wb") as f:
            f.write(data)
        rows.append(f"{fn}\t{label}\t{codec}\t{ref}\t{note}")
    with open(os.path.join(outdir, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    return len(variants)


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------


def write_gt(gt_dir, doc, pages):
    os.makedirs(gt_dir, exist_ok=True)
    for fn in os.listdir(gt_dir):
        if re.fullmatch(re.escape(doc.name) + r"-p\d\d\.txt", fn):
            os.remove(os.path.join(gt_dir, fn))
    for i, p in enumerate(pages, 1):
        with open(os.path.join(gt_dir, f"{doc.name}-p{i:02d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(p.gt) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(CORPUS, "scans"))
    ap.add_argument("--gt", default=os.path.join(CORPUS, "gt"), help="ground-truth folder (default corpus/gt)")
    ap.add_argument("--levels", default=",".join(LEVELS))
    ap.add_argument("--docs", default="", help="comma-separated document names (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-extras", action="store_true", help="skip multipage/, pdf/ and text/")
    a = ap.parse_args()
    t0 = time.monotonic()
    levels = [lv for lv in a.levels.split(",") if lv]
    for lv in levels:
        if lv not in LEVELS:
            ap.error(f"unknown level {lv!r}; levels: {', '.join(LEVELS)}")
    docs = load_docs([d for d in a.docs.split(",") if d] or None)
    laid = {}
    for doc in docs:
        laid[doc.name] = layout_doc(doc)
        write_gt(a.gt, doc, laid[doc.name])
    for lv in levels:
        os.makedirs(os.path.join(a.out, lv), exist_ok=True)
    tasks = [(doc.name, i, p.ops, levels, a.out, a.seed)
             for doc in docs for i, p in enumerate(laid[doc.name], 1)]
    with Pool(max(1, a.jobs)) as pool:
        rows = [r for rs in pool.imap(render_task, tasks) for r in rs] if levels else []
        extras = []
        by_name = {d.name: d for d in docs}
        if not a.no_extras:
            def office_pages(name):
                if "office" in levels:
                    return [Image.open(os.path.join(a.out, "office", f"{name}-p{i:02d}.png"))
                            for i in range(1, len(laid[name]) + 1)]
                return pool.map(office_image, [(name, i, p.ops, a.seed) for i, p in enumerate(laid[name], 1)])
            if EXTRA_TIFF_DOC in by_name:
                os.makedirs(os.path.join(a.out, "multipage"), exist_ok=True)
                ims = office_pages(EXTRA_TIFF_DOC)
                ims[0].save(os.path.join(a.out, "multipage", f"{EXTRA_TIFF_DOC}.tif"), save_all=True,
                            append_images=ims[1:], compression="tiff_deflate", dpi=(300, 300))
                extras.append("multipage/%s.tif (%d pages)" % (EXTRA_TIFF_DOC, len(ims)))
            os.makedirs(os.path.join(a.out, "pdf"), exist_ok=True)
            if EXTRA_SCANNED_PDF_DOC in by_name:
                ims = office_pages(EXTRA_SCANNED_PDF_DOC)
                ims[0].save(os.path.join(a.out, "pdf", f"{EXTRA_SCANNED_PDF_DOC}-scanned.pdf"), save_all=True,
                            append_images=ims[1:], resolution=300.0, title=EXTRA_SCANNED_PDF_DOC,
                            creationDate=None, modDate=None)
                extras.append(f"pdf/{EXTRA_SCANNED_PDF_DOC}-scanned.pdf")
    for name in EXTRA_DIGITAL_PDF_DOCS:
        if a.no_extras or name not in by_name:
            continue
        doc = by_name[name]
        pages = laid[name] if resolve_family(doc.meta["font"]) == "liberation-sans" else \
            layout_doc(doc, "liberation-sans")
        path = os.path.join(a.out, "pdf", f"{name}-digital.pdf")
        write_digital_pdf(path, pages, doc.meta["title"] or name)
        chk = check_pdf_text(path, pages)
        extras.append(f"pdf/{name}-digital.pdf" + (f" (pdftotext {chk})" if chk else ""))
    if not a.no_extras and EXTRA_TEXT_DOC in by_name:
        n = write_text_variants(by_name[EXTRA_TEXT_DOC], os.path.join(a.out, "text"))
        extras.append(f"text/ ({n} encodings)")
    if levels:
        with open(os.path.join(a.out, "manifest.tsv"), "w", encoding="utf-8") as f:
            f.write("level\tfile\tdoc\tpage\tdpi\tskew_deg\trotation\tseed\n")
            for r in sorted(rows, key=lambda r: (LEVELS.index(r[0]), r[1])):
                f.write("\t".join(str(v) for v in r) + "\n")
    npages = sum(len(p) for p in laid.values())
    print(f"render.py: {len(docs)} documents, {npages} pages, {len(rows)} images "
          f"({','.join(levels) or 'no levels'}) -> {a.out}; gt -> {a.gt}; "
          f"extras: {'; '.join(extras) or 'none'}; {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    main()
