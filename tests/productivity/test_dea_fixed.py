#!/usr/bin/python3
"""nqpf dea --fixed COLS: non-discretionary inputs and outputs (Banker &
Morey 1986) in the radial and directional-distance models.

1. A case derived by hand: units A (x1 2, x2 1), B (1, 3), C (4, 4), one
   output 1 each, CRS input orientation.  With x2 fixed, C's problem is
   min theta s.t. 2 lA + lB <= 4 theta, lA + 3 lB <= 4, lA + lB >= 1:
   lB = 1 is feasible and minimises 2 lA + lB, so theta = 1/4.  With both
   inputs discretionary the two input rows balance at lB = 1/3: theta =
   5/12.  Output orientation with the only output fixed leaves nothing to
   expand: refused (part 3).
2. 520+ random problems (ties, zeros, duplicated units, 0-2 bad outputs)
   against the Banker-Morey LPs written out in full and solved by scipy's
   HiGHS: a fixed input (bad output) row is sum l x <= x0 instead of
   <= theta x0, a fixed output row sum l y >= y0 instead of >= phi y0, and
   for ddf the fixed variables' direction components are 0.  Statuses agree,
   scores to 1e-8, and the targets equal sum_j lambda_j (x_j, y_j, b_j) over
   the reported peers.
3. Bad requests: a fixed column that is not an input or output, and models
   that do not take fixed variables, fail with a message.
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
from dea_rand import check_targets, gen_problem, rts_rows, solve as hsolve, stack, write_panel  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
rng = random.Random(20261206)
stats = {"problems": 0, "lps": 0, "skipped": []}


def nqpf(path, cols, extra):
    m, s, q = cols
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--inputs", ",".join("x%d" % i for i in range(m)),
            "--outputs", ",".join("y%d" % i for i in range(s))] + (
        ["--undesirable", ",".join("b%d" % i for i in range(q))] if q else []) + list(extra)
    return subprocess.run(args, capture_output=True, text=True)


write_csv = write_panel


# 1. the hand case
with tempfile.TemporaryDirectory() as d:
    path = write_csv(d, np.array([[2., 1], [1, 3], [4, 4]]), np.ones((3, 1)), np.zeros((3, 0)))
    a = nqpf(path, (2, 1, 0), ["--fixed", "x1"])
    b = nqpf(path, (2, 1, 0), [])
    ea = [float(r["efficiency"]) for r in csv.DictReader(io.StringIO(a.stdout))]
    eb = [float(r["efficiency"]) for r in csv.DictReader(io.StringIO(b.stdout))]
    report(len(ea) == 3 and abs(ea[2] - 0.25) < 1e-15, "hand case: C with x2 fixed theta = 1/4", (ea, a.stderr))
    report(len(eb) == 3 and abs(eb[2] - 5 / 12) < 1e-15, "hand case: C with nothing fixed theta = 5/12", eb)


# 2. random problems against HiGHS
def solve(c, ub, bu, eq, be, bounds):
    return hsolve(stats, c, ub, bu, eq, be, bounds)


def oracle(cfg, fx, x0, y0, b0, Xr, Yr, Br, excl):
    """fx: fixed flags in the order x, b, y."""
    n, m, s, q = Xr.shape[0], len(x0), len(y0), len(b0)
    lam = [(0, 0) if j == excl else (0, None) for j in range(n)]
    ub, bu, eq, be = [], [], [], []
    rows_in = [(x0[i], Xr[:, i], fx[i]) for i in range(m)] + [(b0[i], Br[:, i], fx[m + i]) for i in range(q)]
    rows_out = [(y0[i], Yr[:, i], fx[m + q + i]) for i in range(s)]
    if cfg["model"] == "radial":
        inp = cfg["orient"] == "in"
        for v0, col, f in rows_in:  # sum l x <= theta x0 (fixed: <= x0)
            ub.append(np.r_[-v0 if inp and not f else 0, col]); bu.append(v0 if not inp or f else 0)
        for v0, col, f in rows_out:  # sum l y >= phi y0 (fixed: >= y0)
            ub.append(np.r_[v0 if not inp and not f else 0, -col]); bu.append(-v0 if inp or f else 0)
        c = np.r_[1 if inp else -1, np.zeros(n)]
    else:  # ddf, strong disposal, direction (0, y, b) or ones, zero where fixed
        g_in = [(0 if cfg["dir"] == "default" and i < m else 1 if cfg["dir"] == "ones" else v0) * (not f)
                for i, (v0, col, f) in enumerate(rows_in)]
        g_out = [(1 if cfg["dir"] == "ones" else v0) * (not f) for v0, col, f in rows_out]
        for (v0, col, f), g in zip(rows_in, g_in):
            ub.append(np.r_[g, col]); bu.append(v0)
        for (v0, col, f), g in zip(rows_out, g_out):
            ub.append(np.r_[g, -col]); bu.append(-v0)
        c = np.r_[-1, np.zeros(n)]
    rts_rows(cfg["rts"], 1, n, ub, bu, eq, be)
    st, f = solve(c, ub, bu, eq, be, [(None, None)] + lam)
    if st != "ok":
        return st, None
    if cfg["model"] == "ddf":
        return "ok", -f
    if cfg["orient"] == "in":
        return "ok", f
    return ("ok", -1 / f) if -f > 1e-12 else ("unbounded", None)


def run_config(cfg, n_prob):
    m, s, q = rng.randint(1, 4), rng.randint(1, 4), cfg["q"]
    names = ["x%d" % i for i in range(m)] + ["b%d" % i for i in range(q)] + ["y%d" % i for i in range(s)]
    fixed = sorted(rng.sample(range(m + q + s), rng.randint(1, max(1, (m + q + s) // 2))))
    if cfg["model"] == "radial":  # keep a discretionary variable on the scored side (else refused)
        side = list(range(m + q)) if cfg["orient"] == "in" else list(range(m + q, m + q + s))
        if all(k in fixed for k in side):
            fixed.remove(side[0])
        if not fixed:
            fixed = [next(k for k in range(m + q + s) if k not in side)]
    fx = [k in fixed for k in range(m + q + s)]
    X, Y, B, per = stack([gen_problem(rng, int(4 + 80 * rng.random() ** 3), m, s, q, wide_p=0)
                          for _ in range(n_prob)])
    stats["problems"] += n_prob
    extra = ["--period", "t", "--model", cfg["model"], "--rts", cfg["rts"], "--fixed",
             ",".join(names[k] for k in fixed), "--peers", "--targets"]
    extra += ["--orient", cfg["orient"]] if cfg["model"] == "radial" else ["--direction", cfg["dir"],
                                                                          "--bad-disposal", "strong"]
    if cfg["super"]:
        extra.append("--super")
    with tempfile.TemporaryDirectory() as d:
        r = nqpf(write_csv(d, X, Y, B, per), (m, s, q), extra)
    if r.returncode != 0:
        report(False, cfg["name"], r.stderr)
        return
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    bad = []
    for k in range(n_prob):
        idx = np.nonzero(per == k)[0]
        for o in (idx if len(idx) <= 8 else sorted(rng.sample(list(idx), 6))):
            excl = int(np.nonzero(idx == o)[0][0]) if cfg["super"] else -1
            st, v = oracle(cfg, fx, X[o], Y[o], B[o], X[idx], Y[idx], B[idx], excl)
            if st.startswith("error") or (st == "infeasible" and not cfg["super"]):
                stats["skipped"].append((cfg["name"], k, o, st))
                continue
            got = rows[o]
            if got["status"] != st:
                bad.append("problem %d unit %d: status %s, oracle %s" % (k, o, got["status"], st))
            elif st == "ok":
                if abs(float(got["efficiency"]) - v) > 1e-8 * max(1.0, abs(v)):
                    bad.append("problem %d unit %d: %s vs oracle %r" % (k, o, got["efficiency"], v))
                bad += ["problem %d unit %d: %s" % (k, o, t) for t in check_targets(got, X, Y, B)]
    report(not bad, "%s: %d problems agree with HiGHS" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for rts in ("crs", "vrs", "nirs", "ndrs"):
    for orient in ("in", "out"):
        for sup in (0, 1):
            cfgs.append({"model": "radial", "rts": rts, "orient": orient, "super": sup, "q": rng.choice([0, 1])})
    for d in ("default", "ones"):
        cfgs.append({"model": "ddf", "rts": rts, "dir": d, "super": 0, "q": rng.choice([0, 1, 2])})
for c in cfgs:
    c["name"] = "fixed %s %s %s%s q=%d" % (c["model"], c["rts"], c.get("orient", c.get("dir")),
                                            " super" if c["super"] else "", c["q"])
for c in cfgs:
    run_config(c, -(-520 // len(cfgs)))
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs)" % (stats["problems"], stats["lps"]))
report(len(stats["skipped"]) <= stats["lps"] // 200, "oracle failures are rare (%d of %d LPs)" %
       (len(stats["skipped"]), stats["lps"]), str(stats["skipped"][:10]))

# 3. bad requests
with tempfile.TemporaryDirectory() as d:
    path = write_csv(d, np.array([[2., 1], [1, 3], [4, 4]]), np.ones((3, 1)), np.zeros((3, 0)))
    for extra, what in ((["--fixed", "zz"], "'zz' is not one of the inputs"),
                        (["--fixed", "x0", "--model", "sbm"], "radial and ddf"),
                        (["--fixed", "x0", "--model", "ebm"], "radial and ddf"),
                        (["--fixed", "y0", "--orient", "out"], "every output is fixed"),
                        (["--fixed", "x0,x1"], "every input is fixed")):
        r = nqpf(path, (2, 1, 0), extra)
        report(r.returncode != 0 and what in r.stderr and r.stdout == "" and r.stderr.startswith("nqpf: "),
               "refused: %s" % " ".join(extra), r.stderr)
finish()
