#!/usr/bin/python3
"""nqpf dea --model additive (weighted additive models: ones, MIP,
normalized, RAM, BAM) against DataEnvelopmentAnalysis.jl's literals and
scipy's HiGHS.

1. DataEnvelopmentAnalysis.jl, test/deaadd.jl (javierbarbero/
   DataEnvelopmentAnalysis.jl, MIT licence): the 11 units of Färe, Grosskopf
   and Lovell's book data (2 inputs, 1 output) and the `efficiency` vectors
   it asserts for deaadd with weights :Ones, :MIP, :Normalized, :RAM and :BAM
   under CRS and VRS (graph orientation = nqpf's none), each compared to its
   printed precision (half a unit of its last printed digit); the slacks it
   asserts for MIP and RAM under VRS, where the optimal slacks are unique.
2. Randomised: ≥ 500 random problems (ties, zeros, duplicated units, wide
   magnitudes) over every weighting, orientation (none, in, out), returns to
   scale and 0-2 bad outputs.  The oracle recomputes the weights its own way
   (numpy over all rows of the CSV, as nqpf documents), writes the additive
   LP out in full in original units and solves it with
   scipy.optimize.linprog(method="highs").  Statuses agree, scores agree to
   1e-8 (relative to max(1, |score|)), the reported slacks reproduce the
   score (sum w s = eff) and the targets equal sum_j lambda_j data_j.
3. Bad requests (super-efficiency, an unknown weighting) fail cleanly.
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
from dea_rand import compare_sample, gen_problem, rts_rows, solve as hsolve, stack, write_panel  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
TOL = 1e-8
rng = random.Random(20261206)
stats = {"problems": 0, "lps": 0, "skipped": [], "retried": 0}
WEIGHTS = ("ones", "mip", "normalized", "ram", "bam")


def run_nqpf(path, m, s, q, rts, orient, w, extra=()):
    names = ["x%d" % i for i in range(m)], ["y%d" % i for i in range(s)], ["b%d" % i for i in range(q)]
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs", ",".join(names[0]),
            "--outputs", ",".join(names[1]), "--model", "additive", "--add-weights", w, "--rts", rts,
            "--orient", orient, "--peers", "--targets", "--slacks"] + list(extra)
    if q:
        args += ["--undesirable", ",".join(names[2])]
    return subprocess.run(args, capture_output=True, text=True)


# ---- 1. DataEnvelopmentAnalysis.jl test/deaadd.jl --------------------------
FLS_X = [[5, 13], [16, 12], [16, 26], [17, 15], [18, 14], [23, 6], [25, 10], [27, 22], [37, 14], [42, 25], [5, 17]]
FLS_Y = [12, 14, 25, 26, 8, 9, 27, 30, 31, 26, 12]
JL_EFF = {
    ("ones", "crs"): "0 10.76923077 10.83783784 0 22.15384615 17.92307692 0 12.07692308 11.61379310 35.000000000 "
                     "4.000000000",
    ("ones", "vrs"): "0 7.333333333 0 0 18.000000000 0 0 0 0 35.000000000 4.000000000",
    ("mip", "crs"): "0 0.7577160494 0.4168399168 0 2.2219512195 1.1478260870 0 0.4867909868 0.4041184041 "
                    "1.0726153846 0.2352941176",
    ("mip", "vrs"): "0 0.5075187970 0 0 2.2039473684 0 0 0 0 1.0432234432 0.2352941176",
    ("normalized", "crs"): "0 1.3569256615 1.7407259078 0 2.6877810368 1.6953153107 0 1.6540884810 1.1212042237 "
                           "4.0172855145 0.6424624298",
    ("normalized", "vrs"): "0 0.8049248943 0 0 2.0149704908 0 0 0 0 3.9898943952 0.6424624298",
    ("ram", "crs"): "0 0.14094094094 0.18063063063 0 0.27937937938 0.17657657658 0 0.17164048866 0.11671671672 "
                    "0.41766766767 0.06666666667",
    ("ram", "vrs"): "0 0.10297482838 0 0 0.25553012967 0 0 0 0 0.41764590678 0.06666666667",
    ("bam", "crs"): "0 0.4578892372 0.3051750381 0 0.6732181854 0.3239568683 0 0.5255235602 0.1913580247 "
                    "0.6902867780 0.1212121212",
    ("bam", "vrs"): "0 0.1998936736 0 0 0.4329710145 0 0 0 0 0.5713608345 0.1212121212",
}
# slacks (x1, x2, y) asserted for MIP and RAM under VRS (the same vectors)
JL_SLACK_VRS = [(0, 0, 0), (0, 0, 7.105263158), (0, 0, 0), (0, 0, 0), (0, 0, 17.631578947), (0, 0, 0), (0, 0, 0),
                (0, 0, 0), (0, 0, 0), (17, 15, 1.000000000), (0, 4, 0)]


def half_ulp(text):
    """Half a unit of the last printed digit of a literal ("0" is exact)."""
    return 0.5 * 10.0 ** -len(text.split(".")[1]) if "." in text else 0.0


with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, np.array(FLS_X, float), np.array(FLS_Y, float)[:, None], np.zeros((11, 0)))
    for (w, rts), lits in JL_EFF.items():
        r = run_nqpf(path, 2, 1, 0, rts, "none", w)
        rows = list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else []
        bad = [] if len(rows) == 11 else ["nqpf failed: " + r.stderr]
        for row, lit in zip(rows, lits.split()):
            got = float(row["efficiency"]) if row["status"] == "ok" else float("nan")
            if not abs(got - float(lit)) <= half_ulp(lit) + 1e-12:
                bad.append("%s: %r, DataEnvelopmentAnalysis.jl %s" % (row["id"], got, lit))
        report(not bad, "deaadd.jl :%s %s efficiency (11 units) to the printed precision" % (w, rts),
               "\n".join(bad))
        if rts == "vrs" and w in ("mip", "ram"):
            got = [tuple(float(row[c]) for c in ("slack_x0", "slack_x1", "slack_y0")) for row in rows]
            ok = len(got) == 11 and all(abs(a - b) <= 5e-10 * max(1, abs(b)) for g, e in zip(got, JL_SLACK_VRS)
                                        for a, b in zip(g, e))
            report(ok, "deaadd.jl :%s vrs slacks" % w, str(got))


# ---- 2. random problems against HiGHS -----------------------------------------
def weights(w, orient, X, Y, B, x0, y0, b0):
    """Per-variable weights in the order x, b, y at the evaluated point, and
    (BAM) the room to the data's bounds; computed from all rows."""
    V = np.hstack([X, B, Y])
    v0 = np.r_[x0, b0, y0]
    nin = X.shape[1] + B.shape[1]
    side = np.array([orient == "none" or orient == "in"] * nin + [orient == "none" or orient == "out"] * Y.shape[1])
    N = side.sum()
    lo, hi = V.min(axis=0), V.max(axis=0)
    room = np.where(np.arange(V.shape[1]) < nin, v0 - lo, hi - v0)

    def inv(a):
        return np.where(a > 0, 1 / np.where(a > 0, a, 1), 0.0)

    if w == "ones":
        wt = np.ones(V.shape[1])
    elif w == "mip":
        wt = inv(v0)
    elif w == "normalized":
        wt = inv(V.std(axis=0, ddof=1) if V.shape[0] > 1 else np.zeros(V.shape[1]))
    elif w == "ram":
        wt = inv(N * (hi - lo))
    else:
        wt = inv(N * room)
    return np.where(side, wt, 0.0), room


def oracle(cfg, wt, room, x0, y0, b0, Xr, Yr, Br):
    n, m, s, q = Xr.shape[0], len(x0), len(y0), len(b0)
    nv = m + q + s
    eq, be, ub, bu = [], [], [], []
    for i, (v0, col) in enumerate([(x0[i], Xr[:, i]) for i in range(m)] + [(b0[i], Br[:, i]) for i in range(q)]):
        sl = np.zeros(nv); sl[i] = 1
        eq.append(np.r_[sl, col]); be.append(v0)
    for i in range(s):
        sl = np.zeros(nv); sl[m + q + i] = -1
        eq.append(np.r_[sl, Yr[:, i]]); be.append(y0[i])
    rts_rows(cfg["rts"], nv, n, ub, bu, eq, be)
    sb = [(0, max(0.0, r) if cfg["w"] == "bam" and cfg["rts"] != "vrs" else None) for r in room]
    c, bounds = np.r_[-wt, np.zeros(n)], sb + [(0, None)] * n
    st, f = hsolve(stats, c, ub, bu, eq, be, bounds)
    if st == "infeasible":
        # lambda_o = 1 with zero slacks is always feasible: HiGHS's presolve
        # at 1e-10 tolerances has been seen to say otherwise; ask it again
        # without presolve
        st, f = hsolve(stats, c, ub, bu, eq, be, bounds, presolve=False)
        stats["retried"] += 1
    return st, (None if f is None else -f)


def run_config(cfg, n_prob):
    m, s, q = rng.randint(1, 4), rng.randint(1, 4), cfg["q"]
    X, Y, B, per = stack([gen_problem(rng, int(4 + 116 * rng.random() ** 4), m, s, q) for _ in range(n_prob)])
    stats["problems"] += n_prob
    with tempfile.TemporaryDirectory() as d:
        r = run_nqpf(write_panel(d, X, Y, B, per), m, s, q, cfg["rts"], cfg["orient"], cfg["w"])
    if r.returncode != 0:
        report(False, cfg["name"], "nqpf failed: " + r.stderr)
        return
    def unit_oracle(o, idx):
        wt, room = weights(cfg["w"], cfg["orient"], X, Y, B, X[o], Y[o], B[o])
        return oracle(cfg, wt, room, X[o], Y[o], B[o], X[idx], Y[idx], B[idx])

    def slack_sum(o, got, g):
        """the reported slacks reproduce the score: sum w s = eff"""
        wt = weights(cfg["w"], cfg["orient"], X, Y, B, X[o], Y[o], B[o])[0]
        sl = np.r_[[float(got["slack_x%d" % i]) for i in range(m)], [float(got["slack_b%d" % i]) for i in range(q)],
                   [float(got["slack_y%d" % i]) for i in range(s)]]
        return [] if abs(wt @ sl - g) <= TOL * max(1.0, abs(g)) else ["sum w s = %r, efficiency %r" % (wt @ sl, g)]

    out = {"X": X, "Y": Y, "B": B, "out": list(csv.DictReader(io.StringIO(r.stdout)))}
    bad = compare_sample(rng, out, per, n_prob, unit_oracle, stats, cfg["name"], TOL, extra=slack_sum)
    report(not bad, "%s: %d problems agree with HiGHS" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for w in WEIGHTS:
    for orient in ("none", "in", "out"):
        for rts in ("crs", "vrs", "nirs", "ndrs"):
            if orient != "none" and rng.random() < 0.5:
                continue  # keep the run short: half the oriented configurations
            c = {"w": w, "orient": orient, "rts": rts, "q": rng.choice([0, 0, 1, 2])}
            c["name"] = "additive %s %s %s q=%d" % (w, rts, orient, c["q"])
            cfgs.append(c)
per_cfg = -(-520 // len(cfgs))
for cfg in cfgs:
    run_config(cfg, per_cfg)
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs)" % (stats["problems"], stats["lps"]))
report(len(stats["skipped"]) + stats["retried"] <= stats["lps"] // 200,
       "oracle failures are rare (%d of %d LPs, %d asked again)" % (len(stats["skipped"]), stats["lps"],
                                                                     stats["retried"]), str(stats["skipped"][:10]))

# ---- 3. bad requests ------------------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, np.array(FLS_X, float), np.array(FLS_Y, float)[:, None], np.zeros((11, 0)))
    for extra, w, what in ((("--super",), "ram", "no super-efficiency"), ((), "rum", "add-weights")):
        r = run_nqpf(path, 2, 1, 0, "vrs", "none", w, extra)
        report(r.returncode != 0 and what in r.stderr and r.stdout == "" and r.stderr.startswith("nqpf: "),
               "refused: %s" % what, r.stderr)
finish()
