#!/usr/bin/python3
"""inject_faults.py - invented Swedish report tables with known faults.

Writes N consistent tables (budget/utfall/avvikelse, two years with or
without förändring, result statements), each either left fault-free or
given ONE fault at a known cell:

  misread       one look-alike digit (3/8, 6/5, 0/8, 9/0, 1/7 ...), or a digit
                dropped or added, as OCR does
  transposition two adjacent digits swapped
  sign          a minus sign lost or added
  dropped_row   a line left out (the totals keep counting it)
  genuine       a total off by an amount no single edit explains

Tables in tkr are computed in kronor and every line rounded on its own, as
real reports do, so fault-free tables carry honest rounding differences.
Faults whose size is within rounding (|delta| <= 5 printed units) are not
injected: arithmetic cannot tell them from rounding (documented in
docs/checks.md).

Output (to --out DIR):
  grids.txt   "#grid ID src=ocr|digital" then the table as TAB-separated rows
              (row 1 = the heading row), a blank line after each
  truth.jsonl one line per table: id, src, fault, row, col (1-based, as the
              checker numbers them), printed, true value, cover (independent
              relations through the cell), expected class, covers (the
              cover of every row's cells, grid row 2 first)

Deterministic for a given --seed.  Usage:
  /usr/bin/python3 tests/bench/inject_faults.py --out DIR [--n 600] [--seed 1]
"""
import argparse
import json
import os
import random

LOOKALIKE = {"0": "689", "1": "74", "2": "7", "3": "8956", "4": "1", "5": "683",
             "6": "580", "7": "1", "8": "3609", "9": "08"}

BLOCKS = [
    ("Administration", ["Kansli", "Styrelse", "Revision", "Lokaler", "IT och telefoni",
                        "Utbildning", "Medlemsavgift NNS", "Resor", "Representation"]),
    ("Insatser", ["Lumena", "Resursråd", "Stöd till målgrupperna", "Samverkansteam",
                  "Arbetsträning", "Coachning", "Språkstöd", "Uppsökande verksamhet"]),
    ("Strukturinsatser", ["Information", "Insatskatalogen", "Utvärdering", "GDPR",
                          "Frukostmöten och seminarier", "Gemensamma aktiviteter",
                          "Kompetensutveckling", "Webbplats"]),
    ("Intäkter", ["Medlemsavgift staten", "Medlemsavgift regionen", "Haninge kommun",
                  "Nynäshamns kommun", "Tyresö kommun", "ESF-medel", "Övriga intäkter"]),
]


def fmt(v):
    """Swedish print: '-1 234 567'."""
    s = f"{abs(v):,}".replace(",", " ")
    return ("-" if v < 0 else "") + s


def digits_of(text):
    return "".join(c for c in text if c.isdigit())


def value_of(text):
    d = digits_of(text)
    v = int(d) if d else 0
    return -v if text.strip().startswith("-") else v


def single_edits(text):
    """Every value one plausible edit away (mirrors the checker's set)."""
    d = digits_of(text)
    neg = text.strip().startswith("-")
    out = set()

    def add(s):
        if s and not (len(s) > 1 and s[0] == "0"):
            v = int(s)
            out.add(-v if neg else v)
    for i in range(len(d)):
        for c in "0123456789":
            add(d[:i] + c + d[i + 1:])
        add(d[:i] + d[i + 1:])
        if i + 1 < len(d):
            add(d[:i] + d[i + 1] + d[i] + d[i + 2:])
    for i in range(len(d) + 1):
        for c in "0123456789":
            add(d[:i] + c + d[i:])
    v = int(d) if d else 0
    out.add(v if neg else -v)
    return out


class Table:
    def __init__(self, rng, tid):
        self.id = tid
        self.rng = rng
        self.kind = rng.choice(["bua", "bua", "years", "years_chg", "result"])
        self.tkr = rng.random() < 0.5
        self.src = "ocr" if rng.random() < 0.7 else "digital"
        self.rows = []      # dicts: label, vals (list of int or None), role
        self.head = []
        self.build()

    def money(self, lo, hi):
        return self.rng.randint(lo, hi)

    def build(self):
        rng = self.rng
        unit = "tkr" if self.tkr else "kr"
        if self.kind == "bua":
            self.head = [f"Belopp {unit}", "Budget 2024", "Utfall 2024", "Avvikelse"]
            sign = rng.choice([1, -1])  # avvikelse = budget - utfall or utfall - budget
            nblocks = rng.randint(1, 3)
            blocks = rng.sample(BLOCKS[:3], nblocks)
            subs = []
            for name, labels in blocks:
                n = rng.randint(3, 7)
                true = []
                if nblocks > 1:
                    self.rows.append({"label": name, "vals": [None, None, None], "role": "section"})
                for lab in rng.sample(labels, n):
                    b = self.money(20_000, 8_000_000)
                    u = max(0, b + self.money(-b // 3, b // 4))
                    if rng.random() < 0.1:
                        u = b = 0 if rng.random() < 0.5 else b
                    true.append((b, u))
                    self.rows.append({"label": lab, "true": [b, u, sign * (b - u)], "role": "leaf"})
                tb = sum(t[0] for t in true)
                tu = sum(t[1] for t in true)
                self.rows.append({"label": f"Summa {name.lower()}" if nblocks > 1 else "Summa",
                                  "true": [tb, tu, sign * (tb - tu)], "role": "sub" if nblocks > 1 else "total"})
                subs.append((tb, tu))
            if nblocks > 1:
                tb = sum(s[0] for s in subs)
                tu = sum(s[1] for s in subs)
                self.rows.append({"label": rng.choice(["Totalt", "Total budget", "Summa totalt"]),
                                  "true": [tb, tu, sign * (tb - tu)], "role": "total"})
            self.rowrel = True
        elif self.kind in ("years", "years_chg"):
            name, labels = rng.choice(BLOCKS)
            chg = self.kind == "years_chg"
            self.head = [f"Belopp {unit}", "2024", "2023"] + (["Förändring"] if chg else [])
            n = rng.randint(3, min(8, len(labels)))
            tot = [0, 0]
            for lab in rng.sample(labels, n):
                a = self.money(10_000, 6_000_000)
                b = max(0, a + self.money(-a // 2, a // 2))
                tot[0] += a
                tot[1] += b
                self.rows.append({"label": lab, "true": [a, b] + ([a - b] if chg else []), "role": "leaf"})
            self.rows.append({"label": rng.choice(["Summa", "Summa " + name.lower(), "S:a"]),
                              "true": tot + ([tot[0] - tot[1]] if chg else []), "role": "total"})
            self.rowrel = chg
        else:
            self.head = [f"Belopp {unit}", "2024", "2023"]
            vals = {}
            for y in (0, 1):
                intak = self.money(2_000_000, 30_000_000)
                kost = -self.money(intak // 2, intak + intak // 5)
                avs = -self.money(0, intak // 20)
                fi = self.money(0, 200_000)
                fk = -self.money(0, 150_000)
                vals[y] = (intak, kost, avs, fi, fk)

            def row(lab, idx, role):
                self.rows.append({"label": lab, "true": [vals[0][idx], vals[1][idx]], "role": role})
            row("Verksamhetens intäkter", 0, "leaf")
            row("Verksamhetens kostnader", 1, "leaf")
            row("Avskrivningar", 2, "leaf")
            net = [sum(vals[y][:3]) for y in (0, 1)]
            self.rows.append({"label": "Verksamhetens nettokostnad", "true": net, "role": "sub"})
            row("Finansiella intäkter", 3, "leaf2")
            row("Finansiella kostnader", 4, "leaf2")
            res = [net[y] + vals[y][3] + vals[y][4] for y in (0, 1)]
            self.rows.append({"label": "Årets resultat", "true": res, "role": "total"})
            self.rowrel = False
        # print: tkr rounds every line on its own
        for r in self.rows:
            if "true" in r:
                r["vals"] = [self.round(v) for v in r["true"]]
                r["text"] = [fmt(v) for v in r["vals"]]
            else:
                r["text"] = ["", "", ""][:len(self.head) - 1]

    def round(self, v):
        if not self.tkr:
            return v
        q = (abs(v) + 500) // 1000
        return q if v >= 0 else -q

    def cover(self, ri, ci):
        """Independent relations through a cell, by construction."""
        role = self.rows[ri]["role"]
        c = 1
        if role == "sub":
            c = 2
        if self.kind == "result" and role == "leaf2":
            c = 1
        if self.rowrel:
            c += 1
        return c

    def data_rows(self, roles):
        return [i for i, r in enumerate(self.rows) if r["role"] in roles]

    def lines(self):
        out = ["\t".join(self.head)]
        for r in self.rows:
            out.append("\t".join([r["label"]] + r["text"]))
        return out


def expected_class(fault, src, cover):
    if fault in ("sign",):
        return "sign"
    if fault in ("misread", "transposition"):
        if cover >= 2:
            return "misread" if src == "ocr" else "genuine"
        return "genuine"
    return "genuine"


def inject(t, rng):
    """Apply one fault; return the truth record (or None when none fits)."""
    fault = rng.choice(["misread", "misread", "transposition", "sign", "dropped_row", "genuine"])
    ncols = len(t.head) - 1
    if fault == "dropped_row":
        leaves = t.data_rows(("leaf",))
        # keep at least two lines in the block; a line of zeros leaves no trace
        if len(leaves) < 4:
            return None
        leaves = [i for i in leaves if any(t.rows[i]["vals"])]
        if not leaves:
            return None
        ri = rng.choice(leaves)
        removed = t.rows.pop(ri)
        # the first total below the removed row is the cell to look at
        tot = next(i for i in range(ri, len(t.rows)) if t.rows[i]["role"] in ("sub", "total"))
        return {"fault": fault, "row": tot + 2, "col": 1, "printed": None,
                "true": None, "cover": 1, "removed": removed["label"]}
    for _ in range(50):
        if fault == "genuine":
            ri = rng.choice(t.data_rows(("sub", "total")))
        else:
            ri = rng.choice(t.data_rows(("leaf", "leaf2", "sub", "total")))
        ci = rng.randrange(ncols)
        text = t.rows[ri]["text"][ci]
        val = t.rows[ri]["vals"][ci]
        d = digits_of(text)
        if not d:
            continue
        neg = text.startswith("-")
        new = None
        if fault == "misread":
            how = rng.choice(["look", "look", "look", "drop", "add"])
            if how == "look":
                cand = [i for i in range(len(d)) if LOOKALIKE[d[i]]]
                i = rng.choice(cand)
                nd = d[:i] + rng.choice(LOOKALIKE[d[i]]) + d[i + 1:]
            elif how == "drop" and len(d) > 1:
                i = rng.randrange(len(d))
                nd = d[:i] + d[i + 1:]
            else:
                i = rng.randrange(len(d) + 1)
                nd = d[:i] + rng.choice("0123456789") + d[i:]
            if len(nd) > 1 and nd[0] == "0":
                continue
            new = int(nd) * (-1 if neg else 1)
        elif fault == "transposition":
            cand = [i for i in range(len(d) - 1) if d[i] != d[i + 1]]
            if not cand:
                continue
            i = rng.choice(cand)
            nd = d[:i] + d[i + 1] + d[i] + d[i + 2:]
            if nd[0] == "0":
                continue
            new = int(nd) * (-1 if neg else 1)
        elif fault == "sign":
            if val == 0:
                continue
            new = -val
        else:
            mag = max(1000, abs(val) // 10)
            delta = rng.randint(mag // 10, mag) * rng.choice([1, -1])
            new = val + delta
            if new in single_edits(text):
                continue
        if abs(new - val) <= 5:
            continue
        t.rows[ri]["vals"][ci] = new
        t.rows[ri]["text"][ci] = fmt(new)
        cover = t.cover(ri, ci)
        return {"fault": fault, "row": ri + 2, "col": ci + 1, "printed": fmt(new),
                "true": val, "cover": cover}
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clean-share", type=float, default=0.3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "grids.txt"), "w") as g, \
         open(os.path.join(args.out, "truth.jsonl"), "w") as tr:
        made = 0
        while made < args.n:
            tid = f"t{made + 1:04d}"
            t = Table(rng, tid)
            rec = {"fault": "none", "row": 0, "col": 0, "printed": None, "true": None, "cover": 0}
            if rng.random() >= args.clean_share:
                r = inject(t, rng)
                if r is None:
                    continue
                rec = r
            rec.update({"id": tid, "src": t.src, "kind": t.kind, "unit": "tkr" if t.tkr else "kr"})
            # independent relations through each row's cells (row 2 first),
            # for scoring misreads OCR adds on its own (checks_scans.py)
            rec["covers"] = [t.cover(i, 0) if "vals" in r and r.get("role") != "section" else 0
                             for i, r in enumerate(t.rows)]
            rec["expected"] = "none" if rec["fault"] == "none" else \
                expected_class(rec["fault"], t.src, rec["cover"])
            g.write(f"#grid {tid} src={t.src}\n")
            g.write("\n".join(t.lines()) + "\n\n")
            tr.write(json.dumps(rec, ensure_ascii=False) + "\n")
            made += 1


if __name__ == "__main__":
    main()
