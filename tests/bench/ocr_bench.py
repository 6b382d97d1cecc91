#!/usr/bin/env python3
"""OCR bench: arkiv against plain `tesseract IMG - -l swe`, on the corpus renders.

    python3 tests/bench/ocr_bench.py [--arkiv build/arkiv] [--scans corpus/scans]
        [--gt corpus/gt] [--levels clean,office,fax,worn,rotated] [--max-pages N]
        [--jobs N] [--work DIR] [--scorer PATH] [--arkiv-args "--prep osd,deskew"]
        [--no-peer] [--no-jobs-bench]

For every level it OCRs the same pages with `arkiv ocr` (one batch, --jobs N) and with
the peer (one `tesseract` process per page, N at a time, OMP_THREAD_LIMIT=1 so that
both use one thread per page), scores both with score_ocr.py (the reference scorer,
imported so the definitions are the same) and prints, side by side: CER, WER,
accuracy on words with å/ä/ö, accuracy on numbers, pages per minute and peak RSS.
Then: the peer with its default OpenMP threading (timing only, on one level), peak
memory of one arkiv worker on one 300 dpi A4 page, and --jobs 1 against --jobs 2 on a
batch of 10+ pages (speed-up, byte-identical output).

Timings are wall clock on whatever else runs on the machine: compare them only
within one run.  Python standard library only; /usr/bin/time -v measures memory.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LEVELS = ["clean", "office", "fax", "worn", "rotated"]
IMG_EXT = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pnm", ".bmp")


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("score_ocr", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def timed(cmd, env=None, stdout=None, cpu=None):
    """Run cmd under /usr/bin/time -v -> (rc, wall seconds, peak RSS KiB); adds
    user+system CPU seconds to cpu[0] when given (robust to a busy machine)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.monotonic()
        rc = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, env=env,
                            stdout=stdout, stderr=subprocess.DEVNULL).returncode
        wall = time.monotonic() - t0
        out = tf.read()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out)
        if cpu is not None:
            for k in ("User", "System"):
                c = re.search(k + r" time \(seconds\): ([\d.]+)", out)
                cpu[0] += float(c.group(1)) if c else 0.0
    return rc, wall, int(m.group(1)) if m else 0


def page_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def run_arkiv(arkiv, files, jobs, outdir, extra, env):
    """One `arkiv ocr` batch; page texts into outdir/<name>.txt."""
    os.makedirs(outdir, exist_ok=True)
    jl = os.path.join(outdir, "out.jsonl")
    cpu = [0.0]
    with open(jl, "wb") as f:
        rc, wall, rss = timed([arkiv, "ocr", "--format", "json", "--no-progress", "--no-group",
                               "--jobs", str(jobs)] + extra + files, env=env, stdout=f, cpu=cpu)
    failed = 0
    with open(jl, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("status") != "ok":
                failed += 1
                continue
            text = "\f".join(p.get("text", "") for p in d["pages"])
            with open(os.path.join(outdir, page_name(d["path"]) + ".txt"), "w", encoding="utf-8") as o:
                o.write(text)
    return dict(wall=wall, rss=rss, failed=failed, rc=rc, cpu=cpu[0])


def run_peer(files, jobs, outdir, lang, omp_limit):
    """`tesseract IMG - -l LANG` per page, `jobs` at a time."""
    os.makedirs(outdir, exist_ok=True)
    env = dict(os.environ)
    if omp_limit:
        env["OMP_THREAD_LIMIT"] = "1"
    else:
        env.pop("OMP_THREAD_LIMIT", None)

    def one(path):
        cpu = [0.0]
        with open(os.path.join(outdir, page_name(path) + ".txt"), "wb") as o:
            r = timed(["tesseract", path, "-", "-l", lang], env=env, stdout=o, cpu=cpu)
        return r + (cpu[0],)

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        res = list(ex.map(one, files))
    wall = time.monotonic() - t0
    return dict(wall=wall, rss=max((r[2] for r in res), default=0),
                failed=sum(1 for r in res if r[0] != 0), cpu=sum(r[3] for r in res))


def score(scorer, gt_dir, ocr_dir, names):
    per = []
    for n in names:
        with open(os.path.join(gt_dir, n + ".txt"), encoding="utf-8") as f:
            g = f.read()
        p = os.path.join(ocr_dir, n + ".txt")
        o = open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else ""
        per.append(scorer.score_page(g, o))
    return scorer.aggregate(per)


def spread(files, n):
    """n pages evenly spread over the sorted list (all when n is 0)."""
    if not n or len(files) <= n:
        return files
    return [files[i * len(files) // n] for i in range(n)]


def pct(x):
    return "  n/a" if x != x else f"{100 * x:5.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arkiv", default=os.environ.get("AK_ARKIV") or os.path.join(ROOT, "build", "arkiv"))
    ap.add_argument("--scans", default=os.path.join(ROOT, "corpus", "scans"))
    ap.add_argument("--gt", default=os.path.join(ROOT, "corpus", "gt"))
    ap.add_argument("--levels", default=",".join(LEVELS))
    ap.add_argument("--max-pages", type=int, default=0, help="pages per level, evenly spread (0 = all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "ak_ocr_bench"))
    ap.add_argument("--scorer", default="")
    ap.add_argument("--peer-lang", default="swe")
    ap.add_argument("--arkiv-args", default="", help="extra arkiv options, e.g. \"--prep osd,deskew\"")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-jobs-bench", action="store_true")
    ap.add_argument("--json", help="write all figures here")
    a = ap.parse_args()

    scorer_path = a.scorer or next((p for p in (os.path.join(ROOT, "..", "shared", "tools", "score_ocr.py"),
                                                "/work/shared/tools/score_ocr.py") if os.path.exists(p)), "")
    if not scorer_path:
        sys.exit("ocr_bench: score_ocr.py not found (../shared/tools); give --scorer")
    if not os.path.isdir(a.scans) or not os.path.isdir(a.gt):
        sys.exit(f"ocr_bench: no corpus renders in {a.scans} (run /usr/bin/python3 corpus/gen/render.py)")
    if not os.access(a.arkiv, os.X_OK):
        sys.exit(f"ocr_bench: {a.arkiv} is not executable (build first or give --arkiv)")
    scorer = load_scorer(scorer_path)
    extra = a.arkiv_args.split()
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)  # arkiv must limit OpenMP by itself
    shutil.rmtree(a.work, ignore_errors=True)
    results = dict(levels={}, jobs=a.jobs, arkiv_args=a.arkiv_args, peer_lang=a.peer_lang)

    print(f"ocr_bench: arkiv {a.arkiv} {a.arkiv_args} vs tesseract -l {a.peer_lang}; "
          f"--jobs {a.jobs}; scorer {os.path.relpath(scorer_path)}; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    hdr = (f"{'level':8} {'pages':>5}  {'CER%':>11}  {'WER%':>11}  {'åäö-word%':>11}  "
           f"{'number%':>11}  {'pages/min':>11}  {'CPU s/page':>11}  {'peak RSS MB':>11}")
    print(hdr)
    print(f"{'':8} {'':>5}  " + "  ".join([f"{'arkiv  peer':>11}"] * 7))
    for lv in [x for x in a.levels.split(",") if x]:
        d = os.path.join(a.scans, lv)
        if not os.path.isdir(d):
            print(f"{lv:8} (no renders)")
            continue
        files = sorted(os.path.join(d, f) for f in os.listdir(d)
                       if f.lower().endswith(IMG_EXT) and os.path.exists(os.path.join(a.gt, page_name(f) + ".txt")))
        files = spread(files, a.max_pages)
        if not files:
            continue
        names = [page_name(f) for f in files]
        ra = run_arkiv(a.arkiv, files, a.jobs, os.path.join(a.work, "arkiv", lv), extra, env)
        sa = score(scorer, a.gt, os.path.join(a.work, "arkiv", lv), names)
        row = dict(pages=len(files), arkiv=dict(ra, **{k: sa[k] for k in ("cer", "wer", "dia_acc", "num_acc", "amount_acc")}))
        if not a.no_peer:
            rp = run_peer(files, a.jobs, os.path.join(a.work, "peer", lv), a.peer_lang, True)
            sp = score(scorer, a.gt, os.path.join(a.work, "peer", lv), names)
            row["peer"] = dict(rp, **{k: sp[k] for k in ("cer", "wer", "dia_acc", "num_acc", "amount_acc")})
        results["levels"][lv] = row
        pa, pp = row["arkiv"], row.get("peer")

        def pair(key, fmt):
            x = fmt(pa[key])
            y = fmt(pp[key]) if pp else "-"
            return f"{x:>5} {y:>5}"
        ppm = lambda r: f"{60 * len(files) / r:5.1f}"
        print(f"{lv:8} {len(files):5d}  {pair('cer', pct)}  {pair('wer', pct)}  {pair('dia_acc', pct)}  "
              f"{pair('num_acc', pct)}  {ppm(pa['wall']):>5} {ppm(pp['wall']) if pp else '-':>5}  "
              f"{pa['cpu'] / len(files):5.2f} {pp['cpu'] / len(files) if pp else 0:5.2f}  "
              f"{pa['rss'] // 1024:5d} {pp['rss'] // 1024 if pp else '-':>5}"
              + (f"  ({pa['failed']} arkiv failures)" if pa["failed"] else ""))
    print("  peak RSS: arkiv = whole process (all workers); peer = largest single tesseract process;")
    print("  CPU s/page = user+system seconds / pages (arkiv includes engine start-up and preprocessing)")

    # the peer with its default OpenMP threads, timing only, on one level
    lv0 = next((lv for lv in ("office", "clean") if lv in results["levels"]), None)
    if lv0 and not a.no_peer:
        d = os.path.join(a.scans, lv0)
        files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.lower().endswith(IMG_EXT))
        files = spread(files, a.max_pages)
        one = run_peer(files, 1, os.path.join(a.work, "peer-omp1-seq", lv0), a.peer_lang, True)
        dflt = run_peer(files, 1, os.path.join(a.work, "peer-omp-default", lv0), a.peer_lang, False)
        par = results["levels"][lv0]["peer"]["wall"]
        results["peer_threads"] = dict(level=lv0, pages=len(files), omp1_seq=one["wall"],
                                       default_seq=dflt["wall"], omp1_parallel=par)
        print(f"peer threading on {lv0} ({len(files)} pages): one page at a time with default OpenMP "
              f"{60 * len(files) / dflt['wall']:.1f} pages/min, with OMP_THREAD_LIMIT=1 "
              f"{60 * len(files) / one['wall']:.1f}; {a.jobs} pages at a time with OMP_THREAD_LIMIT=1 "
              f"{60 * len(files) / par:.1f}")

    # memory of one worker: --jobs 1 on one 300 dpi A4 page
    for lv in ("clean", "office"):
        d = os.path.join(a.scans, lv)
        if os.path.isdir(d):
            # the page with the most text
            f = sorted((os.path.getsize(os.path.join(a.gt, page_name(x) + ".txt")), os.path.join(d, x))
                       for x in os.listdir(d) if x.endswith(".png")
                       and os.path.exists(os.path.join(a.gt, page_name(x) + ".txt")))[-1:]
            f = [x[1] for x in f]
            if f:
                r = run_arkiv(a.arkiv, f, 1, os.path.join(a.work, "one"), extra, env)
                results["one_worker"] = dict(file=os.path.relpath(f[0], ROOT), rss=r["rss"], wall=r["wall"])
                print(f"one worker, one 300 dpi A4 page ({os.path.basename(f[0])}): peak RSS "
                      f"{r['rss'] // 1024} MB, {r['wall']:.1f} s (engine start included)")
                break

    # --jobs 1 vs --jobs 2 on a 10+ page batch
    if not a.no_jobs_bench:
        d = os.path.join(a.scans, "office")
        if os.path.isdir(d):
            files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".png"))[:12]
            outs, walls = [], []
            for j in (1, 2):
                p = os.path.join(a.work, f"jobs{j}.txt")
                with open(p, "wb") as o:
                    rc, wall, _ = timed([a.arkiv, "ocr", "--no-progress", "--no-group", "--jobs", str(j)] + extra + files,
                                        env=env, stdout=o)
                walls.append(wall)
                outs.append(open(p, "rb").read())
            same = outs[0] == outs[1]
            results["jobs_bench"] = dict(pages=len(files), jobs1=walls[0], jobs2=walls[1],
                                         speedup=walls[0] / walls[1], identical=same)
            print(f"jobs: {len(files)} office pages, --jobs 1 {walls[0]:.1f} s, --jobs 2 {walls[1]:.1f} s, "
                  f"speed-up {walls[0] / walls[1]:.2f}x, output {'byte-identical' if same else 'DIFFERENT'}")
    print(f"load average {os.getloadavg()[0]:.1f} at end (timings are noisy when other work runs)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
