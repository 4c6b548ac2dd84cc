#!/usr/bin/python3
"""nqpf dea --input-directions / --output-directions /
--undesirable-directions: each row's own direction vector, read from
columns of --data, for --model ddf and mddf.

1. Columns equal to the built-in directions give the same scores: ones
   columns as --direction ones, the data's own columns as --direction
   observed (ddf and mddf, CRS and VRS; DataEnvelopmentAnalysis.jl's
   test/deamddf.jl asserts the same for custom Gx = Gy = ones).  A side
   without columns keeps --direction.
2. Randomised: ≥ 500 random problems with random integer direction columns
   (zeros included, so a side may have no direction) for ddf (one beta,
   bad outputs strongly disposable) and mddf (beta_x + beta_y) × CRS, VRS
   against the LP written out in full and solved by HiGHS (dea_rand.ddf_lp),
   to 1e-8, statuses too; targets = sum lambda data over the peers.
3. Refused cleanly: direction columns with another model, a column count
   that is not the variables', a missing column.
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
from dea_rand import NQPF, TOL, compare_sample, ddf_lp, gen_problem, new_stats, stack  # noqa: E402

rng = random.Random(20261209)
stats = new_stats()


def write(d, X, Y, B, G, per):
    """The panel with direction columns gx*, gy*, gb* (G: n x (m + s + q))."""
    m, s, q = X.shape[1], Y.shape[1], B.shape[1]
    names = ["x%d" % i for i in range(m)] + ["y%d" % i for i in range(s)] + ["b%d" % i for i in range(q)] + \
        ["gx%d" % i for i in range(m)] + ["gy%d" % i for i in range(s)] + ["gb%d" % i for i in range(q)]
    path = os.path.join(d, "p.csv")
    with open(path, "w") as f:
        f.write("id,t," + ",".join(names) + "\n")
        for j in range(X.shape[0]):
            f.write("u%d,%d," % (j, per[j]) + ",".join("%.17g" % v for v in np.r_[X[j], Y[j], B[j], G[j]]) + "\n")
    return path


def run_nqpf(path, m, s, q, model, rts, extra=()):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
            ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s)),
            "--model", model, "--rts", rts] + list(extra)
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q)), "--bad-disposal", "strong"]
    return subprocess.run(args, capture_output=True, text=True)


def cols(prefix, k):
    return ",".join("%s%d" % (prefix, i) for i in range(k))


def scores(r):
    return [line.split(",")[2] for line in r.stdout.splitlines()[1:]] if r.returncode == 0 else None


# ---- 1. the built-in directions as columns ------------------------------------------
with tempfile.TemporaryDirectory() as d:
    X, Y, B, per = stack([gen_problem(rng, 12, 2, 2, 1, wide_p=0.0) for _ in range(3)])
    for what, G in (("ones", np.ones((len(per), 5))), ("observed", np.hstack([X, Y, B]))):
        path = write(d, X, Y, B, G, per)
        for model in ("ddf", "mddf"):
            for rts in ("crs", "vrs"):
                a = run_nqpf(path, 2, 2, 1, model, rts, ("--direction", what))
                b = run_nqpf(path, 2, 2, 1, model, rts, ("--input-directions", cols("gx", 2), "--output-directions",
                                                         cols("gy", 2), "--undesirable-directions", "gb0"))
                c = run_nqpf(path, 2, 2, 1, model, rts, ("--direction", what, "--output-directions", cols("gy", 2)))
                report(scores(a) is not None and scores(a) == scores(b) == scores(c),
                       "%s %s: %s columns = --direction %s" % (model, rts, what, what), a.stderr + b.stderr + c.stderr)


# ---- 2. random problems ---------------------------------------------------------------
def run_config(cfg, n_prob):
    m, s, q = rng.randint(1, 3), rng.randint(1, 3), cfg["q"]
    X, Y, B, per = stack([gen_problem(rng, rng.randint(3, 25), m, s, q, wide_p=0.0) for _ in range(n_prob)])
    G = np.array([[rng.choice([0, 0, 1, 2, 3, 5]) for _ in range(m + s + q)] for _ in range(len(per))], dtype=float)
    stats["problems"] += n_prob
    extra = ["--peers", "--targets", "--input-directions", cols("gx", m), "--output-directions", cols("gy", s)]
    if q:
        extra += ["--undesirable-directions", cols("gb", q)]
    with tempfile.TemporaryDirectory() as d:
        r = run_nqpf(write(d, X, Y, B, G, per), m, s, q, cfg["model"], cfg["rts"], extra)
    if r.returncode != 0:
        report(False, cfg["name"], "nqpf failed: " + r.stderr)
        return
    out = {"X": X, "Y": Y, "B": B, "out": list(csv.DictReader(io.StringIO(r.stdout)))}
    gV = lambda o: np.r_[G[o, :m], G[o, m + s:]]  # noqa: E731 (x then b, as the LP's rows)
    bad = compare_sample(rng, out, per, n_prob, lambda o, idx: ddf_lp(
        stats, cfg["rts"], X[o], Y[o], B[o], X[idx], Y[idx], B[idx], gV(o), G[o, m:m + s], cfg["model"] == "ddf"),
        stats, cfg["name"], TOL, no_verdict=("infeasible",))
    report(not bad, "%s: %d problems agree" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for model in ("ddf", "mddf"):
    for rts in ("crs", "vrs"):
        c = {"model": model, "rts": rts, "q": rng.choice([0, 1, 2])}
        c["name"] = "%s %s q=%d, direction columns" % (model, rts, c["q"])
        cfgs.append(c)
for cfg in cfgs:
    run_config(cfg, 130)
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs)" % (stats["problems"], stats["lps"]))

# ---- 3. refusals ------------------------------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    X, Y, B, per = stack([gen_problem(rng, 4, 1, 1, 0, wide_p=0.0)])
    path = write(d, X, Y, B, np.ones((4, 2)), per)
    for model, extra, what in (("radial", ("--input-directions", "gx0"), "for --model ddf and mddf"),
                               ("ddf", ("--input-directions", "gx0,gy0"), "2 columns for 1 inputs"),
                               ("mddf", ("--output-directions", "nope"), "no column 'nope'")):
        r = run_nqpf(path, 1, 1, 0, model, "vrs", extra)
        report(r.returncode != 0 and what in r.stderr and r.stdout == "" and r.stderr.startswith("nqpf: "),
               "refused: %s %s" % (model, " ".join(extra)), r.stderr)
finish()
