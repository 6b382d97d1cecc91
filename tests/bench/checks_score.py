#!/usr/bin/python3
"""checks_score.py TRUTH.jsonl RESULTS.jsonl - score the checker on the
fault-injection bench (see inject_faults.py and docs/checks.md).

Per table: "flagged" = at least one check that is not held and not rounding.
The table's predicted class is that of its primary finding: the first
finding that names a suspect cell, else the first non-rounding one.
Reports detection precision/recall, class accuracy, per-class
precision/recall, right cell named first (MISREAD/SIGN) and how often the
suggested reading equals the true figure.
"""
import json
import sys
from collections import Counter, defaultdict


def primary(findings):
    bad = [f for f in findings if f["class"] not in ("held", "rounding")]
    if not bad:
        return None
    for f in bad:
        if "suspect" in f:
            return f
    return bad[0]


def main():
    truth = {}
    for line in open(sys.argv[1]):
        r = json.loads(line)
        truth[r["id"]] = r
    res = {}
    for line in open(sys.argv[2]):
        r = json.loads(line)
        res[r["id"]] = r
    tp = fp = fn = tn = 0
    cls_ok = cls_n = 0
    per = defaultdict(Counter)  # class -> tp/fp/fn
    cell_ok = cell_n = 0
    read_ok = read_n = 0
    by_fault = defaultdict(Counter)
    clean_rounding = 0
    confusion = Counter()
    for tid, t in truth.items():
        r = res.get(tid, {"findings": []})
        p = primary(r["findings"])
        faulty = t["fault"] != "none"
        flagged = p is not None
        if faulty and flagged:
            tp += 1
        elif faulty:
            fn += 1
        elif flagged:
            fp += 1
        else:
            tn += 1
            if r["findings"]:
                clean_rounding += 1
        by_fault[t["fault"]]["n"] += 1
        by_fault[t["fault"]]["flagged"] += flagged
        pred = p["class"] if p else "none"
        exp = t["expected"]
        confusion[(exp, pred)] += 1
        if faulty and flagged:
            cls_n += 1
            cls_ok += pred == exp
            by_fault[t["fault"]]["class_ok"] += pred == exp
        if exp != "none":
            if pred == exp:
                per[exp]["tp"] += 1
            else:
                per[exp]["fn"] += 1
                if pred != "none":
                    per[pred]["fp"] += 1
        elif pred != "none":
            per[pred]["fp"] += 1
        if exp in ("misread", "sign"):
            cell_n += 1
            if p and "suspect" in p and p["suspect"]["row"] == t["row"] and \
                    p["suspect"]["col"] == t["col"]:
                cell_ok += 1
        if t["fault"] in ("misread", "transposition", "sign") and t["true"] is not None:
            if p and "suspect" in p and p["suspect"]["row"] == t["row"] and \
                    p["suspect"]["col"] == t["col"]:
                read_n += 1
                read_ok += p["suspect"]["reading"] == t["true"]

    def ratio(a, b):
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"
    n = len(truth)
    print(f"tables: {n} ({tp + fn} with one fault, {fp + tn} fault-free)")
    print(f"something wrong in this table: precision {ratio(tp, tp + fp)}, recall {ratio(tp, tp + fn)}")
    print(f"fault-free tables with a finding beyond rounding: {fp}; with rounding only: {clean_rounding}")
    print(f"class accuracy (detected faulty tables): {ratio(cls_ok, cls_n)}")
    for c in ("misread", "sign", "genuine"):
        k = per[c]
        print(f"  {c:8s} precision {ratio(k['tp'], k['tp'] + k['fp'])}  recall {ratio(k['tp'], k['tp'] + k['fn'])}")
    print(f"right cell named first (expected MISREAD/SIGN): {ratio(cell_ok, cell_n)}")
    print(f"suggested reading = true figure (misread/transposition/sign, right cell): {ratio(read_ok, read_n)}")
    print("by injected fault: n, flagged, class right")
    for fault, k in sorted(by_fault.items()):
        print(f"  {fault:14s} {k['n']:5d} {k['flagged']:5d} {k['class_ok']:5d}")
    print("confusion (expected -> predicted):")
    for (e, p), k in sorted(confusion.items()):
        print(f"  {e:8s} -> {p:8s} {k}")


if __name__ == "__main__":
    main()
