#!/usr/bin/python3
"""Score extracted tables against gold tables.

    tables_score.py MANIFEST

MANIFEST lines: SET<TAB>GOLD.json<TAB>PRED.json (PRED: the JSON object that
`arkiv tables --format json` or tables_bench prints for one document).

Gold tables are matched one to one to extracted tables of the same document
(pairs sharing most correct cells first); rows of a
matched pair are aligned in order by dynamic programming, scoring a row pair
by its equal cells (values compared after normalising: spaces, sign forms,
"+", parentheses, decimal comma).  Then, per set:

  cell accuracy  correct cells / (gold non-empty cells + non-empty extracted
                 cells of matched tables that have no gold counterpart).
                 A cell is correct when the same value is in the aligned row
                 and the same column.
  row P/R/F1     aligned rows / extracted rows (all extracted tables), and
                 aligned rows / gold rows.
  column P/R/F1  a gold column is found when at least half of its non-empty
                 cells are correct; P over the columns of all extracted
                 tables, R over gold columns.
"""
import json
import re
import sys


def norm(v):
    if v is None:
        return None
    s = str(v).strip()
    if s == "":
        return None
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace("\u00a0", "").replace("\u202f", "")
    s = s.replace(" ", "").replace("+", "")
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1]
    s = s.replace(",", ".")
    m = re.fullmatch(r"(-?)(\d+)(?:\.(\d+))?%?", s)
    if not m:
        return s
    sign = "-" if (m.group(1) == "-") != neg else ""
    ip = m.group(2).lstrip("0") or "0"
    out = sign + ip + ("." + m.group(3) if m.group(3) else "")
    return "0" if out == "-0" else out


def gold_rows(t):
    return [[norm(c) for c in r["cells"]] for r in t["rows"]]


def pred_rows(t):
    rows = []
    for r in t["rows"]:
        rows.append([norm(c.get("value") if c and c.get("value") is not None else None) if c else None
                     for c in r["cells"]])
    return rows


def row_sim(g, p):
    n = 0
    for j in range(max(len(g), len(p))):
        a = g[j] if j < len(g) else None
        b = p[j] if j < len(p) else None
        if a is not None and a == b:
            n += 1
    return n


def align(G, P):
    """Order-preserving alignment maximising equal cells; rows with no equal
    cell are aligned only when both are empty (section rows)."""
    n, m = len(G), len(P)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = row_sim(G[i], P[j])
            if s == 0 and not (all(x is None for x in G[i]) and all(x is None for x in P[j])):
                s = -1
            best = max(dp[i + 1][j], dp[i][j + 1])
            if s >= 0:
                best = max(best, dp[i + 1][j + 1] + s + (1 if s == 0 else 0))
            dp[i][j] = best
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        s = row_sim(G[i], P[j])
        ok = s > 0 or (all(x is None for x in G[i]) and all(x is None for x in P[j]))
        if ok and dp[i][j] == dp[i + 1][j + 1] + s + (1 if s == 0 else 0):
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif dp[i][j] == dp[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def score_pair(G, P):
    pairs = align(G, P)
    correct = 0
    spurious = 0
    gcols = max((len(r) for r in G), default=0)
    col_ok = [0] * gcols
    col_n = [0] * gcols
    aligned_p = set()
    for i, j in pairs:
        aligned_p.add(j)
        g, p = G[i], P[j]
        for c in range(max(len(g), len(p))):
            a = g[c] if c < len(g) else None
            b = p[c] if c < len(p) else None
            if a is not None and a == b:
                correct += 1
                col_ok[c] += 1
            elif a is None and b is not None:
                spurious += 1
    for r in G:
        for c, a in enumerate(r):
            if a is not None:
                col_n[c] += 1
    for j, p in enumerate(P):
        if j not in aligned_p:
            spurious += sum(1 for b in p if b is not None)
    found_cols = sum(1 for c in range(gcols) if col_n[c] and col_ok[c] * 2 >= col_n[c])
    return dict(correct=correct, spurious=spurious, pairs=len(pairs), found_cols=found_cols,
                gcols=sum(1 for c in range(gcols) if col_n[c]))


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    sets = {}
    order = []
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, gpath, ppath = line.split("\t")
        if name not in sets:
            sets[name] = dict(gold_cells=0, correct=0, spurious=0, gold_rows=0, pred_rows=0,
                              row_tp=0, gold_cols=0, pred_cols=0, col_tp=0, gold_tables=0,
                              tables_found=0, docs=0, worst=[])
            order.append(name)
        S = sets[name]
        S["docs"] += 1
        gold = json.load(open(gpath, encoding="utf-8"))
        try:
            pred = json.load(open(ppath, encoding="utf-8"))
        except (OSError, ValueError):
            pred = {"tables": []}
        PT = [pred_rows(t) for t in pred.get("tables", [])]
        GT = [gold_rows(gt) for gt in gold["tables"]]
        # Match gold to extracted tables: pairs with most correct cells first.
        scored = []
        for gi, G in enumerate(GT):
            for j, P in enumerate(PT):
                r = score_pair(G, P)
                if r["correct"] > 0:
                    scored.append((-r["correct"], gi, j, r))
        scored.sort(key=lambda x: (x[0], x[1], x[2]))
        match, used = {}, set()
        for _, gi, j, r in scored:
            if gi in match or j in used:
                continue
            match[gi] = r
            used.add(j)
        doc_correct = doc_cells = 0
        for gi, G in enumerate(GT):
            S["gold_tables"] += 1
            S["gold_rows"] += len(G)
            ncells = sum(1 for r in G for c in r if c is not None)
            S["gold_cells"] += ncells
            doc_cells += ncells
            best = match.get(gi)
            if best is None:
                w = max((len(r) for r in G), default=0)
                S["gold_cols"] += sum(1 for c in range(w) if any(c < len(r) and r[c] is not None for r in G))
                continue
            S["tables_found"] += 1
            S["correct"] += best["correct"]
            S["spurious"] += best["spurious"]
            S["row_tp"] += best["pairs"]
            S["col_tp"] += best["found_cols"]
            S["gold_cols"] += best["gcols"]
            doc_correct += best["correct"]
        for j, t in enumerate(pred.get("tables", [])):
            S["pred_rows"] += len(t["rows"])
            S["pred_cols"] += t["ncols"]
        S["worst"].append((doc_correct / doc_cells if doc_cells else 1.0, gpath))
    summary = {}
    for name in order:
        S = sets[name]
        acc = S["correct"] / (S["gold_cells"] + S["spurious"]) if S["gold_cells"] else 0.0
        rp = S["row_tp"] / S["pred_rows"] if S["pred_rows"] else 0.0
        rr = S["row_tp"] / S["gold_rows"] if S["gold_rows"] else 0.0
        cp = S["col_tp"] / S["pred_cols"] if S["pred_cols"] else 0.0
        cr = S["col_tp"] / S["gold_cols"] if S["gold_cols"] else 0.0
        summary[name] = dict(docs=S["docs"], tables=S["gold_tables"], tables_found=S["tables_found"],
                             gold_cells=S["gold_cells"], correct=S["correct"], spurious=S["spurious"],
                             cell_accuracy=round(acc, 4), row_p=round(rp, 4), row_r=round(rr, 4),
                             row_f1=round(f1(rp, rr), 4), col_p=round(cp, 4), col_r=round(cr, 4),
                             col_f1=round(f1(cp, cr), 4))
        w = min(S["worst"])
        print(f"{name:14s} docs {S['docs']:2d}  tables {S['tables_found']}/{S['gold_tables']}  "
              f"cells {S['correct']}/{S['gold_cells']} (+{S['spurious']} spurious)  "
              f"cell accuracy {acc:.4f}  row F1 {f1(rp, rr):.4f} (P {rp:.3f} R {rr:.3f})  "
              f"col F1 {f1(cp, cr):.4f} (P {cp:.3f} R {cr:.3f})  worst doc {w[0]:.3f} {w[1].split('/')[-1]}")
    json.dump(summary, open(sys.argv[2], "w"), indent=1) if len(sys.argv) > 2 else None


if __name__ == "__main__":
    main()
