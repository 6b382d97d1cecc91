#!/usr/bin/python3
"""Check the hand-made seed gold tables against the seed texts, independently
of arkiv's own parser: every gold row must be a line of the seed (labels and
printed cells in order, whitespace collapsed; TAB lines cell by cell), and for
the budget tables of seeds 000/001 each row must satisfy Budget - Utfall =
Avvikelse within 1 (rounding), empty cells counting as 0.

    tests/gold/tables/check_gold.py [SEEDS_DIR]
Exits 0 when every row checks, 1 otherwise (and names the rows)."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../shared/seeds")
if not os.path.isdir(SEEDS):
    SEEDS = "/work/shared/seeds"


def num(s):
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("+", "")
    return int(s) if re.fullmatch(r"-?\d+", s) else None


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


bad = 0
for name in sorted(os.listdir(HERE)):
    if not name.startswith("seed-") or not name.endswith(".json"):
        continue
    g = json.load(open(os.path.join(HERE, name)))
    path = os.path.join(SEEDS, os.path.basename(g["source"]))
    if not os.path.exists(path):
        print(f"skip {name}: {path} absent")
        continue
    lines = open(path, encoding="utf-8").read().split("\n")
    flat = [collapse(l) for l in lines]
    tabs = [[c.strip() for c in l.split("\t")] for l in lines]
    nrows = 0
    for ti, t in enumerate(g["tables"]):
        for r in t["rows"]:
            nrows += 1
            cells = [c for c in r["cells"] if c is not None]
            ok = False
            if g["kind"] == "tab":
                for tl in tabs:
                    vals = [c for c in tl[1:] if c]
                    if r.get("note"):
                        vals = [v for v in vals if v != r["note"]]
                    words = collapse(" ".join(c for c in tl if not num(c) and c))
                    if cells and r["label"] and r["label"].split()[0] in words and vals[-len(cells):] == cells:
                        ok = True
                        break
                    if not cells and r["label"] == collapse(tl[0]):
                        ok = True
                        break
                if not cells and not ok:
                    ok = any(r["label"] == f for f in flat)
            else:
                want = collapse(" ".join(cells))
                for f in flat:
                    if f.endswith(want) and (not r["label"] or r["label"].split()[-1] in f):
                        ok = True
                        break
                if not cells:
                    ok = any(r["label"] in f for f in flat)
                if ok and len(r["cells"]) == 3 and len(cells) >= 2:
                    a, b, c = [num(x) if x else 0 for x in r["cells"]]
                    if a is None or b is None or c is None or abs(a - b - c) > 1:
                        print(f"{name} table {ti + 1}: row {r['label']!r}: {a} - {b} != {c}")
                        bad += 1
            if not ok:
                print(f"{name} table {ti + 1}: row {r['label']!r} {cells} not found in the seed")
                bad += 1
    print(f"{name}: {len(g['tables'])} tables, {nrows} rows checked")
print("gold check:", "ok" if not bad else f"{bad} problems")
sys.exit(1 if bad else 0)
