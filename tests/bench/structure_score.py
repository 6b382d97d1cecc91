#!/usr/bin/env python3
"""Score the structure stage against hand-written gold files.

    structure_score.py GOLD.json SYSTEM.json [GOLD.json SYSTEM.json ...] [--verbose]

Definitions (per document and pooled over all documents):
  sections    P/R/F1 over (kind, number, title); titles compared after folding
              case, diacritics (å ä -> a, ö é -> o e) and runs of blanks.
  decisions   kind "decision" only; a system decision matches a gold one of the
              same item when their byte spans overlap >= 90 % (intersection over
              union).  Gold spans are given as quoted start/end anchors, found in
              the source inside the item (after the previous decision of the item):
              exactly, else (OCR'd sources) ignoring blanks and ASCII punctuation,
              so "attfastställa" or "Styrelsen.beslutar" still locate the span;
              an anchor with a misread letter is not found and counts as missed.
  type acc.   share of matched decisions whose type equals the gold type.
  proposals   the same matching for kind "proposal" (reported, not a target).
  follows     share of matched decisions whose follows_proposal equals gold.
  attendees   P/R/F1 over (folded name, role); party/body accuracy on matches.
  metadata    per field (kind, organisation, date, time_start, time_end, place,
              year): TP when equal after folding, FP when the system says
              something else, FN when gold has a value the system missed.
  furniture   precision and recall of the lines the stage dropped (line numbers,
              1-based, of the source file) against the gold furniture lines.
When the system JSON has "orig_map" (structure_extract --repair --map-orig:
the repair stage ran first), its offsets are bytes of the repaired text and
are mapped back to the source file through the edits before scoring.
Standard library only.
"""
import json
import os
import sys
import unicodedata

FOLD = str.maketrans({"é": "e", "è": "e", "ø": "o", "æ": "a", "–": "-", "—": "-", "’": "'"})


def fold(s):
    if s is None:
        return None
    s = str(s).lower().translate(FOLD)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.split())


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Tally:
    def __init__(self):
        self.c = {}

    def add(self, key, tp=0, fp=0, fn=0):
        a = self.c.setdefault(key, [0, 0, 0])
        a[0] += tp
        a[1] += fp
        a[2] += fn

    def prf(self, key):
        return prf(*self.c.get(key, [0, 0, 0]))


def find_sections(src, gold):
    """Byte start of each gold section: its title, searched in order; None
    when the title is not in the source (OCR misread a letter of it)."""
    pos, starts = 0, []
    for s in gold["sections"]:
        t = s.get("anchor") or s["title"]
        k = src.find(t.encode(), pos)
        if k < 0:
            k = src.find(t.encode())
        starts.append(k if k >= 0 else None)
        if k >= 0:
            pos = k + 1
    return starts


SQUEEZE = set(b" \t\n\r\f.,:;|!?'\"-_=~*")


def squeezed(src):
    """src without blanks and ASCII punctuation, and each kept byte's offset."""
    keep = [i for i, c in enumerate(src) if c not in SQUEEZE]
    return bytes(src[i] for i in keep), keep


def find_tolerant(src, sq, anchor, lo, hi):
    """Start and end of anchor in src[lo:hi]: exact, else squeezed."""
    a = src.find(anchor, lo, hi)
    if a >= 0:
        return a, a + len(anchor)
    q = bytes(c for c in anchor if c not in SQUEEZE)
    if not q:
        return -1, -1
    data, keep = sq
    import bisect
    k = data.find(q, bisect.bisect_left(keep, lo), bisect.bisect_left(keep, hi))
    if k < 0:
        return -1, -1
    return keep[k], keep[k + len(q) - 1] + 1


def gold_spans(src, gold, errors):
    secs = gold["sections"]
    starts = find_sections(src, gold)
    bounds = {}
    for i, s in enumerate(secs):
        if s["kind"] != "item":
            continue
        # an item whose title was not found runs from the last found start
        # before it; any item ends at the next found start after it
        lo = starts[i]
        if lo is None:
            lo = max([x for x in starts[:i] if x is not None] or [0])
        end = len(src)
        for j in range(i + 1, len(secs)):
            if starts[j] is not None and starts[j] > lo:
                end = starts[j]
                break
        bounds[s["number"]] = (lo, end)
    out, last = [], {}
    sq = squeezed(src)
    for d in gold.get("decisions", []):
        lo, hi = bounds.get(d["section"], (0, len(src)))
        lo = max(lo, last.get((d["section"]), lo))
        a, _ = find_tolerant(src, sq, d["start"].encode(), lo, hi)
        b = find_tolerant(src, sq, d["end"].encode(), a, hi)[1] if a >= 0 else -1
        if a < 0 or b < 0:
            # counted as a miss (never matched), so damaged text cannot
            # hide a decision from the recall
            errors.append("gold anchor not found: §%s %r .. %r" % (d["section"], d["start"], d["end"]))
            out.append(dict(d, s=-10, e=-5))
            continue
        last[d["section"]] = a + 1
        out.append(dict(d, s=a, e=b))
    return out


def iou(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def line_of(src, off):
    return src.count(b"\n", 0, off) + 1  # as grep -n and editors number lines


def source_path(src):
    """seed:NAME -> $AK_SEEDS_DIR/NAME (default ../shared/seeds from the repo);
    corpus-gt:DOC -> the corpus ground-truth pages gt/DOC-pNN.txt joined by form
    feeds (written by structure_bench.sh to $AK_GT_JOINED_DIR/DOC.txt);
    corpus:NAME -> $AK_CORPUS_DIR/NAME; data:NAME -> tests/data/structure/NAME."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    kind, _, name = src.partition(":")
    if kind == "seed":
        return os.path.join(os.environ.get("AK_SEEDS_DIR", os.path.join(repo, "..", "shared", "seeds")), name)
    if kind == "corpus":
        return os.path.join(os.environ.get("AK_CORPUS_DIR", os.path.join(repo, "..", "main", "corpus")), name)
    if kind == "data":
        return os.path.join(repo, "tests", "data", "structure", name)
    if kind == "corpus-gt":
        return os.path.join(os.environ.get("AK_GT_JOINED_DIR", "."), name + ".txt")
    return src


def to_orig(sysj):
    """Map the repaired-text offsets of decisions and furniture back to the
    source through orig_map [[rep_start, rep_end, orig_start, orig_end]...]."""
    edits = sysj.get("orig_map")
    if not edits:
        return
    import bisect
    starts = [e[0] for e in edits]

    def m(x, end=False):
        k = bisect.bisect_right(starts, x) - 1
        if k < 0:
            return x
        rs, re_, os_, oe = edits[k]
        if x < re_ or (end and x == re_):
            return oe if end else os_
        return x - re_ + oe

    for d in sysj.get("decisions", []):
        d["start"], d["end"] = m(d["start"]), m(d["end"], True)
    fl = sysj.get("flow", {})
    fl["furniture_offsets"] = [m(o) for o in fl.get("furniture_offsets", [])]


def score(gold_path, sys_path, T, verbose, errors):
    gold = json.load(open(gold_path, encoding="utf-8"))
    sysj = json.loads(open(sys_path, encoding="utf-8").readline())
    to_orig(sysj)
    src_path = source_path(gold["source"])
    src = open(src_path, "rb").read()
    name = os.path.basename(gold_path)
    per = Tally()

    # sections
    G = {(s["kind"], s["number"], fold(s["title"])) for s in gold["sections"]}
    S = {(s["kind"], s["number"], fold(s["title"])) for s in sysj.get("sections", [])}
    for k, t in (("sections", per), ("sections", T)):
        t.add(k, len(G & S), len(S - G), len(G - S))
    if verbose:
        for x in sorted(G - S):
            print("  %s missed section %s" % (name, x))
        for x in sorted(S - G):
            print("  %s extra section %s" % (name, x))

    # decisions and proposals
    gs = gold_spans(src, gold, errors)
    for kind in ("decision", "proposal"):
        gk = [d for d in gs if d["kind"] == kind]
        sk = [d for d in sysj.get("decisions", []) if d["kind"] == kind]
        used, tp, typ_ok, fol_ok, fol_n = set(), 0, 0, 0, 0
        for g in gk:
            best, bi = 0.0, None
            for i, s in enumerate(sk):
                if i in used or s.get("section") != g["section"]:
                    continue
                v = iou((g["s"], g["e"]), (s["start"], s["end"]))
                if v > best:
                    best, bi = v, i
            if bi is not None and best >= 0.9:
                used.add(bi)
                tp += 1
                s = sk[bi]
                ok = s["type"] == g["type"]
                typ_ok += ok
                if kind == "decision" and "follows" in g:
                    fol_n += 1
                    fol_ok += s.get("follows_proposal") == g["follows"]
                if verbose and not ok:
                    print("  %s §%s %s type %s, gold %s" % (name, g["section"], kind, s["type"], g["type"]))
            elif verbose:
                print("  %s §%s missed %s %r (best overlap %.2f)" % (name, g["section"], kind, g["start"], best))
        if verbose:
            for i, s in enumerate(sk):
                if i not in used:
                    print("  %s §%s extra %s %r" % (name, s.get("section"), kind, s["text"][:60]))
        for t in (per, T):
            t.add(kind + "s", tp, len(sk) - tp, len(gk) - tp)
            t.add(kind + "-type", typ_ok, tp - typ_ok, 0)
            if kind == "decision":
                t.add("follows", fol_ok, fol_n - fol_ok, 0)

    # attendees
    G = {(fold(a["name"]), a["role"]) for a in gold.get("attendees", [])}
    S = {(fold(a["name"]), a["role"]) for a in sysj.get("attendees", [])}
    for t in (per, T):
        t.add("attendees", len(G & S), len(S - G), len(G - S))
    gmap = {(fold(a["name"]), a["role"]): a for a in gold.get("attendees", [])}
    for a in sysj.get("attendees", []):
        g = gmap.get((fold(a["name"]), a["role"]))
        if g:
            ok = fold(a.get("party")) == fold(g.get("party")) and fold(a.get("body")) == fold(g.get("body"))
            for t in (per, T):
                t.add("party-body", int(ok), int(not ok), 0)
            if verbose and not ok:
                print("  %s attendee %s party/body %s/%s, gold %s/%s" % (name, a["name"], a.get("party"), a.get("body"), g.get("party"), g.get("body")))
    if verbose:
        for x in sorted(G - S):
            print("  %s missed attendee %s" % (name, x))
        for x in sorted(S - G):
            print("  %s extra attendee %s" % (name, x))

    # metadata
    gm = dict(gold.get("meta", {}))
    gm["kind"] = gold.get("kind")
    sm = dict(sysj.get("meta", {}))
    sm["kind"] = sysj.get("kind")
    if not sm.get("year"):
        sm["year"] = None
    for f in ("kind", "organisation", "date", "time_start", "time_end", "place", "year"):
        g, s = fold(gm.get(f)), fold(sm.get(f))
        tp = int(g is not None and g == s)
        fp = int(s is not None and s != g)
        fn = int(g is not None and s != g)
        for t in (per, T):
            t.add("meta", tp, fp, fn)
        if verbose and (fp or fn):
            print("  %s meta %s = %r, gold %r" % (name, f, sm.get(f), gm.get(f)))

    # furniture
    if os.environ.get("AK_SCORE_PAGES") and "furniture_text" in gold:
        # text from other pages than the gold's (OCR): a dropped line is
        # right when it reads like one of the printed furniture lines
        import difflib, re
        def norm(x):
            return " ".join(re.sub(r"\d", "#", x.lower()).split())
        want = [norm(x) for x in gold["furniture_text"]]
        lines = src.split(b"\n")
        tp = fp = 0
        for o in sysj.get("flow", {}).get("furniture_offsets", []):
            ln = norm(lines[line_of(src, o) - 1].decode("utf-8", "replace").lstrip("\f"))
            core = ln.strip(" |.,:;")
            ok = any(difflib.SequenceMatcher(None, ln, x).ratio() >= 0.8 or
                     (len(core) >= 5 and core in x) for x in want)  # a split header
            tp += ok
            fp += not ok
            if verbose and not ok:
                print("  %s wrongly dropped %r" % (name, ln))
        fn = max(0, len(gold.get("furniture_lines", [])) - tp)
        for t in (per, T):
            t.add("furniture", tp, fp, fn)
    elif "furniture_lines" in gold:
        G = set(gold["furniture_lines"])
        S = {line_of(src, o) for o in sysj.get("flow", {}).get("furniture_offsets", [])}
        for t in (per, T):
            t.add("furniture", len(G & S), len(S - G), len(G - S))
        if verbose:
            for x in sorted(S - G):
                print("  %s wrongly dropped line %d" % (name, x))
            for x in sorted(G - S):
                print("  %s kept furniture line %d" % (name, x))
    return per


def line(label, t):
    out = []
    for k in ("sections", "decisions", "decision-type", "follows", "proposals", "attendees",
              "party-body", "meta", "furniture"):
        if k not in t.c:
            continue
        tp, fp, fn = t.c[k]
        p, r, f = t.prf(k)
        if k in ("decision-type", "follows", "party-body"):
            out.append("%s=%.3f(%d/%d)" % (k + "-acc", p, tp, tp + fp))
        elif k == "furniture":
            out.append("furniture P=%.3f R=%.3f (%d/%d dropped)" % (p, r, tp, tp + fp))
        else:
            out.append("%s P=%.3f R=%.3f F1=%.3f" % (k, p, r, f))
    print("%-22s %s" % (label, "  ".join(out)))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    if len(args) < 2 or len(args) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    T, errors = Tally(), []
    for i in range(0, len(args), 2):
        per = score(args[i], args[i + 1], T, verbose, errors)
        line(os.path.basename(args[i]).replace(".json", ""), per)
    line("ALL", T)
    for e in errors:
        print("warning:", e, file=sys.stderr)
    # machine-readable last line
    res = {}
    for k in ("sections", "decisions", "attendees", "meta", "proposals"):
        res[k + "_f1"] = round(T.prf(k)[2], 4)
    res["decision_type_acc"] = round(T.prf("decision-type")[0], 4)
    res["furniture_precision"] = round(T.prf("furniture")[0], 4)
    print("RESULT " + json.dumps(res, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
