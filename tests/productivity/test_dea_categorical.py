#!/usr/bin/python3
"""nqpf dea --categorical COL: ordinal environments (Banker & Morey 1986;
Cooper, Seiford & Tone 2007 section 7.3).  COL holds 1..L, 1 = the least
favourable environment; a unit of category c is scored against the units of
categories <= c only.

1. A case derived by hand: one input, one output, CRS input orientation.
   A (x 2, y 1, cat 1), B (1, 1, cat 2), C (4, 2, cat 1), D (4, 1, cat 2).
   Category 1's reference set {A, C} has y/x = 1/2 for both: A and C score
   1.  Category 2 sees everyone: the best ratio is B's 1, so B = 1 and
   D = (1/4) / 1 = 1/4.  Without categories A and C score 1/2.  D's peer is
   B (row 2), a unit of another category: peers are rows of the file.
2. 540 random problems (ties, zeros, duplicated units; 1-4 categories,
   some empty) as the periods of one panel, radial (in/out, crs/vrs, with
   and without super-efficiency), SBM (crs/vrs) and DDF (crs/vrs, default
   and ones directions): each sampled unit's LP written out in full over
   the rows of its period with category <= its own and solved by scipy's
   HiGHS.  Statuses agree, scores to 1e-8 relative, targets = sum of
   lambda x data over the reported peers, every peer of category <= the
   unit's.
3. Bad input: an empty or non-integer category cell is an error at its
   FILE:LINE:COL; models without a reference-set meaning here (ebm) and
   --meta together are refused.
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import (compare_sample, ddf_lp, gen_problem, new_stats, peers_lambdas, radial,  # noqa: E402
                      solve, stack, write_panel)

NQPF = os.environ.get("NQPF", "build/nqpf")
rng = random.Random(20261205)
stats = new_stats()


def write_csv(d, X, Y, B, per, cat):
    return write_panel(d, X, Y, B, per, env=cat)


def nqpf(path, m, s, q, extra):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--categorical", "env",
            "--inputs", ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s))]
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q))]
    return subprocess.run(args + list(extra), capture_output=True, text=True)


# 1. the hand case
with tempfile.TemporaryDirectory() as d:
    X, Y = np.array([[2.], [1], [4], [4]]), np.array([[1.], [1], [2], [1]])
    path = write_csv(d, X, Y, np.zeros((4, 0)), [0] * 4, [1, 2, 1, 2])
    r = nqpf(path, 1, 1, 0, ["--peers"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    eff = [float(x["efficiency"]) for x in rows]
    report(eff == [1.0, 1.0, 1.0, 0.25], "hand case: A, B, C = 1, D = 1/4", (eff, r.stderr))
    report(len(rows) == 4 and rows[3]["peers"] == "u1" and rows[3]["model"].endswith("-categorical"),
           "hand case: D's peer is B, the model label says categorical", rows)
    p = subprocess.run([NQPF, "dea", "--data", path, "--unit", "id", "--inputs", "x0", "--outputs", "y0"],
                       capture_output=True, text=True)
    eff0 = [float(x["efficiency"]) for x in csv.DictReader(io.StringIO(p.stdout))]
    report(eff0 == [0.5, 1.0, 0.5, 0.25], "hand case without categories: A, C = 1/2", eff0)


# 2. random problems against HiGHS
def sbm_lp(rts, x0, y0, Xr, Yr):
    """Tone's SBM, non-oriented, Charnes-Cooper form over [t, S-, S+, L]:
    min t - 1/m sum S-_i/x_i0 s.t. t + 1/s sum S+_r/y_r0 = 1, sum L x + S- =
    t x0, sum L y - S+ = t y0 (vrs: sum L = t); zero denominators leave
    their terms out, m and s unchanged."""
    n, m, s = Xr.shape[0], len(x0), len(y0)
    nv = 1 + m + s + n
    c = np.zeros(nv)
    c[0] = 1
    eq, be = [], []
    norm = np.zeros(nv)
    norm[0] = 1
    for i in range(m):
        c[1 + i] = -1 / (m * x0[i]) if x0[i] > 0 else 0
    for r in range(s):
        norm[1 + m + r] = 1 / (s * y0[r]) if y0[r] > 0 else 0
    eq.append(norm); be.append(1)
    for i in range(m):
        row = np.zeros(nv); row[0] = -x0[i]; row[1 + i] = 1; row[1 + m + s:] = Xr[:, i]
        eq.append(row); be.append(0)
    for r in range(s):
        row = np.zeros(nv); row[0] = -y0[r]; row[1 + m + r] = -1; row[1 + m + s:] = Yr[:, r]
        eq.append(row); be.append(0)
    if rts == "vrs":
        row = np.zeros(nv); row[0] = -1; row[1 + m + s:] = 1
        eq.append(row); be.append(0)
    return solve(stats, c, [], [], eq, be, [(0, None)] * nv)


def oracle_for(cfg, X, Y, B, cat):
    def oracle(o, idx):
        ref = [j for j in idx if cat[j] <= cat[o] and not (cfg.get("super") and j == o)]
        Xr, Yr, Br = X[ref], Y[ref], B[ref]
        if cfg["model"] == "radial":
            return radial(stats, cfg, X[o], Y[o], B[o], Xr, Yr, Br)
        if cfg["model"] == "sbm":
            return sbm_lp(cfg["rts"], X[o], Y[o], Xr, Yr)
        ones = cfg["dir"] == "ones"
        gV = np.r_[np.ones(X.shape[1]) if ones else np.zeros(X.shape[1]), np.ones(B.shape[1]) if ones else B[o]]
        gY = np.ones(Y.shape[1]) if ones else Y[o]
        return ddf_lp(stats, cfg["rts"], X[o], Y[o], B[o], Xr, Yr, Br, gV, gY, True)
    return oracle


def run_config(cfg, n_prob):
    m, s, q = rng.randint(1, 3), rng.randint(1, 3), cfg.get("q", 0)
    X, Y, B, per = stack([gen_problem(rng, int(4 + 60 * rng.random() ** 3), m, s, q, wide_p=0.1)
                          for _ in range(n_prob)])
    stats["problems"] += n_prob
    L = rng.randint(1, 4)
    cat = np.array([rng.randint(1, L) for _ in range(X.shape[0])])
    extra = ["--model", cfg["model"], "--rts", cfg["rts"], "--peers", "--targets"]
    if cfg["model"] == "radial":
        extra += ["--orient", cfg["orient"]] + (["--super"] if cfg.get("super") else [])
    if cfg["model"] == "ddf":
        extra += ["--direction", cfg["dir"], "--bad-disposal", "strong"]
    with tempfile.TemporaryDirectory() as d:
        r = nqpf(write_csv(d, X, Y, B, per, cat), m, s, q, extra)
    if r.returncode != 0:
        report(False, cfg["name"], r.stderr)
        return
    out = list(csv.DictReader(io.StringIO(r.stdout)))

    def peers_in_range(o, row, score):
        return ["unit %d peer %d of category %d > %d" % (o, p, cat[p], cat[o])
                for p in peers_lambdas(row)[0] if cat[p] > cat[o]]

    # HiGHS's infeasible on a feasible non-super radial LP is its trouble, not a verdict
    no_verdict = () if cfg.get("super") or cfg["model"] != "radial" else ("infeasible",)
    bad = compare_sample(rng, {"X": X, "Y": Y, "B": B, "out": out}, per, n_prob, oracle_for(cfg, X, Y, B, cat),
                         stats, cfg["name"], no_verdict=no_verdict, extra=peers_in_range)
    report(not bad, "%s: %d problems, %d categories, against HiGHS" % (cfg["name"], n_prob, L), "\n".join(bad[:8]))


CONFIGS = []
for rts in ("crs", "vrs"):
    for orient in ("in", "out"):
        CONFIGS.append({"name": "radial %s %s" % (orient, rts), "model": "radial", "rts": rts, "orient": orient,
                        "q": 1 if orient == "in" else 0})
    CONFIGS.append({"name": "radial super in %s" % rts, "model": "radial", "rts": rts, "orient": "in",
                    "super": 1})
    CONFIGS.append({"name": "sbm %s" % rts, "model": "sbm", "rts": rts})
    for dr in ("default", "ones"):
        CONFIGS.append({"name": "ddf %s %s" % (dr, rts), "model": "ddf", "rts": rts, "dir": dr, "q": 1})
for cfg in CONFIGS:
    for _ in range(3):
        run_config(cfg, 15)
report(stats["problems"] >= 500, "%d random problems, %d HiGHS LPs (%d without a verdict)" % (
    stats["problems"], stats["lps"], len(stats["skipped"])))


# 3. bad input
def error_of(cells, extra=()):
    with tempfile.TemporaryDirectory() as d:
        path = write_csv(d, np.array([[2.], [1], [4]]), np.ones((3, 1)), np.zeros((3, 0)), [0] * 3, cells)
        r = nqpf(path, 1, 1, 0, extra)
    return r.returncode, r.stderr.replace(path, "FILE")


rc, msg = error_of([1, "", 2])
report(rc != 0 and "FILE:3:3:" in msg and "missing category" in msg, "an empty category: FILE:LINE:COL", msg)
rc, msg = error_of([1, 2, 1.5])
report(rc != 0 and "FILE:4:3:" in msg and "integer" in msg, "a category 1.5: FILE:LINE:COL", msg)
rc, msg = error_of([1, 0, 2])
report(rc != 0 and "FILE:3:3:" in msg and "integer" in msg, "a category 0: FILE:LINE:COL", msg)
rc, msg = error_of([1, "low", 2])
report(rc != 0 and "FILE:3:3:" in msg, "a text category: FILE:LINE:COL", msg)
rc, msg = error_of([1, 2, 2], ["--model", "ebm"])
report(rc != 0 and "radial, sbm and ddf" in msg, "ebm refused", msg)
rc, msg = error_of([1, 2, 2], ["--model", "ddf", "--direction", "mean"])
report(rc != 0 and "mean direction" in msg, "ddf mean direction refused", msg)
rc, msg = error_of([1, 2, 2], ["--meta", "env"])
report(rc != 0 and "--categorical takes no --meta" in msg, "--meta refused", msg)
finish()
