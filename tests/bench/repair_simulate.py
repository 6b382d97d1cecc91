#!/usr/bin/env python3
"""Damage clean Swedish text the way seed 000's OCR did (simulated set).

usage: repair_simulate.py [--seed N] [--keep P] CLEAN.txt > DAMAGED.txt

Each å/ä/ö (and capitals) is replaced by a printed form drawn from the
shares measured on seed 000 (`repair_confusions.py --rates SEED GOLD`); with
--keep P a letter survives undamaged with probability P (default 0: every
letter damaged, as in seed 000).  Deterministic for a given --seed.  The
clean input is the gold.
"""
import argparse
import random
import sys

# Printed forms per true letter, shares measured on seed 000 (rounded).
RATES = {
    "ä": [("a", .624), ("d", .128), ("&", .094), ("é", .068), ("éa", .026), ("i", .026),
          ("14", .011), ("1a", .011), ("&d", .012)],
    "å": [("a", .910), ("d", .045), ("é", .032), ("ad", .007), ("i", .006)],
    "ö": [("o", .674), ("é", .187), ("d", .048), ("6", .035), ("", .022), ("a", .009),
          ("t", .009), ("g", .008), ("¢", .008)],
    "Ä": [("A", 1.0)], "Å": [("A", 1.0)], "Ö": [("O", 1.0)],
}


def draw(rng, table):
    x = rng.random() * sum(p for _, p in table)
    for form, p in table:
        x -= p
        if x <= 0:
            return form
    return table[-1][0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=float, default=0.0)
    ap.add_argument("clean")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    text = open(a.clean, encoding="utf-8").read()
    out = []
    for i, ch in enumerate(text):
        if ch in RATES and rng.random() >= a.keep:
            form = draw(rng, RATES[ch])
            # "14"/"1a" stand for "lä": only after an l, which they replace
            if form in ("14", "1a") and out and out[-1] == "l":
                out[-1] = form[0]
                form = form[1:] if form == "14" else "a"
            elif form in ("14", "1a"):
                form = "a"
            out.append(form)
        else:
            out.append(ch)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
