#!/usr/bin/python3
"""SBM-DDF (Fukuyama & Weber 2009; `--model sbm --sbm-ddf`) in `nqpf dea`
and inside the Luenberger and Malmquist-Luenberger indexes, and EBM as the
distance of the Malmquist and Luenberger indexes.

1. 520 random problems (ties, zeros, duplicated units, 0-2 bad outputs, CRS
   and VRS) scored by `nqpf dea --model sbm --sbm-ddf`, each against the LP
   written out in full and solved by scipy's HiGHS:
     beta = max 1/2 [1/m sum s-/x0 + 1/(s+q) (sum s+/y0 + sum sb/b0)]
     s.t. X l + s- = x0, Y l - s+ = y0, B l + sb = b0, (sum l = 1), >= 0
   (terms with a zero denominator left out).  Statuses and beta to 1e-8.
2. Luenberger and ML indexes on SBM-DDF for random panels (contemporaneous,
   sequential, global; CRS and VRS) against tests/productivity/mq_oracle.py
   with the SBM-DDF LP as its distance: every column to 1e-8; and the
   decomposition identities checked on every row by hand: tfpch = effch +
   techch, effch = pech + sech (ML: products).
3. EBM: the own-period distances of `--index luenberger --model ebm`
   equal 1 - the scores of `nqpf dea --model ebm` on the same rows (one eps
   from all rows in both), and the identities hold.
4. Refusals: --sbm-ddf with another model, with --index malmquist, with
   --super; fdh in an index.
"""
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mq_oracle  # noqa: E402
from dea_rand import HOPT, gen_problem, stack, write_panel  # noqa: E402
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
rng = random.Random(20261205)
stats = {"lps": 0}


def sbmddf_lp(x0, y0, b0, R, rts, method="highs"):
    """(status, beta) of point (x0, y0, b0) against reference rows R =
    [(x, y, b), ...]; variables l, s-, s+, sb."""
    m, s, q, n = len(x0), len(y0), len(b0), len(R)
    nv = n + m + s + q
    # beta is unit-free (each slack over its own x0, y0, b0): scale every
    # variable by its largest value so HiGHS sees numbers near 1
    sx = [max([r[0][i] for r in R] + [x0[i], 1e-300]) for i in range(m)]
    sy = [max([r[1][j] for r in R] + [y0[j], 1e-300]) for j in range(s)]
    sb = [max([r[2][k] for r in R] + [b0[k], 1e-300]) for k in range(q)]
    R = [([v / f for v, f in zip(r[0], sx)], [v / f for v, f in zip(r[1], sy)], [v / f for v, f in zip(r[2], sb)])
         for r in R]
    x0, y0, b0 = [v / f for v, f in zip(x0, sx)], [v / f for v, f in zip(y0, sy)], [v / f for v, f in zip(b0, sb)]
    c = np.zeros(nv)
    for i in range(m):
        c[n + i] = -0.5 / (m * x0[i]) if x0[i] > 0 else 0.0
    for j in range(s):
        c[n + m + j] = -0.5 / ((s + q) * y0[j]) if y0[j] > 0 else 0.0
    for k in range(q):
        c[n + m + s + k] = -0.5 / ((s + q) * b0[k]) if b0[k] > 0 else 0.0
    eq, be = [], []
    for i in range(m):
        row = [r[0][i] for r in R] + [0.0] * (m + s + q)
        row[n + i] = 1.0
        eq.append(row), be.append(x0[i])
    for j in range(s):
        row = [r[1][j] for r in R] + [0.0] * (m + s + q)
        row[n + m + j] = -1.0
        eq.append(row), be.append(y0[j])
    for k in range(q):
        row = [r[2][k] for r in R] + [0.0] * (m + s + q)
        row[n + m + s + k] = 1.0
        eq.append(row), be.append(b0[k])
    if rts == "vrs":
        eq.append([1.0] * n + [0.0] * (m + s + q)), be.append(1.0)
    stats["lps"] += 1
    res = linprog(c, A_eq=np.array(eq), b_eq=np.array(be), bounds=[(0, None)] * nv, method=method,
                  options=HOPT if method == "highs" else {})
    st = {0: "ok", 2: "infeasible", 3: "unbounded"}.get(res.status, "error:%d" % res.status)
    if st == "ok":  # HiGHS's own feasibility: its answer counts only when its point satisfies the rows
        resid = np.max(np.abs(np.array(eq) @ res.x - np.array(be))) if eq else 0.0
        viol = max(0.0, -float(np.min(res.x)))
        if resid > 1e-9 or viol > 1e-9:
            return "error:residual %.3g" % max(resid, viol), None
    return st, (-res.fun if st == "ok" else None)


def dea(path, m, s, q, extra):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
            ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s))]
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q))]
    return subprocess.run(args + extra, capture_output=True, text=True)


# 1. scores ----------------------------------------------------------------
bad, n_prob, n_pts, highs_fail = [], 0, 0, []
with tempfile.TemporaryDirectory() as d:
    for batch in range(26):
        m, s, q = rng.randint(1, 3), rng.randint(1, 3), rng.randint(0, 2)
        rts = "crs" if batch % 2 else "vrs"
        probs = [gen_problem(rng, rng.randint(2, 14), m, s, q) for _ in range(20)]
        X, Y, B, per = stack(probs)
        path = write_panel(d, X, Y, B, per)
        r = dea(path, m, s, q, ["--model", "sbm", "--sbm-ddf", "--rts", rts])
        if r.returncode:
            bad.append(r.stderr)
            continue
        got = list(csv.DictReader(io.StringIO(r.stdout)))
        n_prob += len(probs)
        for j, row in enumerate(got):
            k = int(row["id"][1:])
            ref = [(X[i], Y[i], B[i]) for i in range(len(per)) if per[i] == per[k]]
            st, beta = sbmddf_lp(X[k], Y[k], B[k], ref, rts)
            n_pts += 1
            if st.startswith("error") or st == "infeasible":
                # HiGHS's numerical trouble (the unit is in its own reference
                # set, so l = e_o, s = 0 is feasible: "infeasible" is
                # impossible); counted, not compared
                highs_fail.append((batch, row["id"], st))
                continue
            if st == "ok" and abs(float(row["efficiency"]) - beta) > 1e-8 * max(1, beta):
                # a second opinion: HiGHS's dual simplex and interior point
                # (with crossover); when they disagree with each other the
                # LP is beyond HiGHS's precision here and is not compared
                (s1, b1), (s2, b2) = (sbmddf_lp(X[k], Y[k], B[k], ref, rts, mth) for mth in ("highs-ds", "highs-ipm"))
                if s1 != "ok" or s2 != "ok" or abs(b1 - b2) > 1e-8 * max(1, abs(b1)):
                    highs_fail.append((batch, row["id"], "ds %r vs ipm %r" % (b1, b2)))
                    continue
                beta = b1
            if row["status"] != st or (st == "ok" and abs(float(row["efficiency"]) - beta) > 1e-8 * max(1, beta)):
                bad.append("batch %d %s: %s %s vs %s %r" % (batch, row["id"], row["status"], row["efficiency"], st,
                                                            beta))
report(not bad and n_prob >= 500 and len(highs_fail) <= 0.005 * n_pts,
       "sbm-ddf scores of %d random problems vs HiGHS (%d LPs; %d HiGHS failures not compared) to 1e-8" %
       (n_prob, stats["lps"], len(highs_fail)), "\n".join(bad[:20]) + repr(highs_fail[:10]))


# 2. indexes ---------------------------------------------------------------
def sbmddf_distance(cfg, p, R, rts):
    return sbmddf_lp(p[0], p[1], p[2], R, rts)


mq_oracle.distance = sbmddf_distance  # the oracle's index formulas on the SBM-DDF LP

CONFIGS = [dict(index=i, rts=r, frontier=f, q=q)
           for i in ("luenberger", "ml") for r in ("crs", "vrs") for f, q in
           (("contemporaneous", 1), ("sequential", 0), ("global", 2))]
T = 3
total_ok = 0
with tempfile.TemporaryDirectory() as d:
    for ci, cfg in enumerate(CONFIGS):
        cfg["model"] = "sbmddf"
        U, m, s, q = rng.randint(5, 25), rng.randint(1, 3), rng.randint(1, 2), cfg["q"]
        data = {}
        for u in range(U):
            for t in range(T):
                x = [round(rng.uniform(1, 100), 3) for _ in range(m)]
                base = (1 + 0.1 * t * rng.uniform(-0.5, 1.5)) * math.prod(x) ** (0.8 / m)
                data[(u, t)] = (x, [round(base * rng.uniform(0.3, 1.0), 3) + 0.001 for _ in range(s)],
                                [round(base * rng.uniform(0.2, 1.0), 3) + 0.001 for _ in range(q)])
        path = os.path.join(d, "p%d.csv" % ci)
        with open(path, "w") as f:
            f.write(",".join(["unit", "year"] + ["x%d" % i for i in range(m)] + ["y%d" % j for j in range(s)] +
                             ["b%d" % k for k in range(q)]) + "\n")
            for t in range(T):
                for u in range(U):
                    x, y, b = data[(u, t)]
                    f.write(",".join(["u%d" % u, str(2001 + t)] + [repr(v) for v in x + y + b]) + "\n")
        args = [NQPF, "malmquist", "--data", path, "--unit", "unit", "--period", "year", "--inputs",
                ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % j for j in range(s)),
                "--index", cfg["index"], "--model", "sbm", "--sbm-ddf", "--rts", cfg["rts"], "--frontier",
                cfg["frontier"]] + (["--undesirable", ",".join("b%d" % k for k in range(q))] if q else [])
        r = subprocess.run(args, capture_output=True, text=True)
        exp = mq_oracle.oracle(cfg, data, U, T)
        got = list(csv.DictReader(io.StringIO(r.stdout)))
        cols = mq_oracle.index_cols(cfg)
        bad, n_ok = [], 0
        add = cfg["index"] == "luenberger"
        for row, u, t, st, vals in mq_oracle.agreeing_rows(got, exp, bad):
            if st != "ok":
                continue
            n_ok += 1
            v = {c: float(row[c]) for c in cols}
            for i, c in enumerate(cols):
                if abs(v[c] - vals[i]) > 1e-8 * max(1.0, abs(vals[i])):
                    bad.append((c, row["unit"], t, row[c], vals[i]))
            # the decomposition identities, by hand
            ids = [(v["tfpch"], v["effch"] + v["techch"] if add else v["effch"] * v["techch"])]
            if "pech" in v:
                ids.append((v["effch"], v["pech"] + v["sech"] if add else v["pech"] * v["sech"]))
            bad += [("identity", row["unit"], t, a, b) for a, b in ids if abs(a - b) > 1e-12 * max(1, abs(a))]
        total_ok += n_ok
        report(r.returncode == 0 and len(got) == U * (T - 1) and not bad,
               "%s sbm-ddf %s %s q=%d U=%d: vs HiGHS oracle, identities (%d ok rows of %d)" %
               (cfg["index"], cfg["rts"], cfg["frontier"], q, U, n_ok, len(got)), repr(bad[:10]) + r.stderr)

report(total_ok >= 100, "index rows compared with a value: %d" % total_ok)

# 3. EBM in the indexes ----------------------------------------------------
DATA = os.path.join(os.environ.get("NQPF_ROOT", "."), "data", "china_provinces_tech_wide.csv")
common = ["--data", DATA, "--unit", "province", "--period", "year", "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj",
          "--outputs", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj"]
for orient, rts in (("in", "vrs"), ("out", "crs"), ("none", "crs")):
    lu = subprocess.run([NQPF, "malmquist"] + common + ["--index", "luenberger", "--model", "ebm", "--orient", orient,
                                                         "--rts", rts, "--frontier", "global"],
                        capture_output=True, text=True)
    de = subprocess.run([NQPF, "dea"] + common + ["--model", "ebm", "--orient", orient, "--rts", "crs",
                                                  "--frontier", "pooled"], capture_output=True, text=True)
    mq = subprocess.run([NQPF, "malmquist"] + common + ["--index", "malmquist", "--model", "ebm", "--orient", orient,
                                                         "--rts", rts], capture_output=True, text=True)
    eff = {(r["province"], r["year"]): float(r["efficiency"]) for r in csv.DictReader(io.StringIO(de.stdout))
           if r["status"] == "ok"}
    bad, n = [], 0
    for row in csv.DictReader(io.StringIO(lu.stdout)):
        if row["status"] != "ok":
            continue
        n += 1
        # global Luenberger = D^G(t) - D^G(t+1) with D = 1 - kappa on the pooled (global) frontier
        a, b = eff.get((row["unit"], row["from"])), eff.get((row["unit"], row["to"]))
        want = (1 - a) - (1 - b) if a is not None and b is not None else None
        if want is None or abs(float(row["tfpch"]) - want) > 1e-9:
            bad.append((row["unit"], row["from"], row["tfpch"], want))
        if abs(float(row["tfpch"]) - float(row["effch"]) - float(row["techch"])) > 1e-12:
            bad.append(("identity", row["unit"], row["from"]))
    for row in csv.DictReader(io.StringIO(mq.stdout)):
        if row["status"] == "ok":
            n += 1
            if abs(float(row["tfpch"]) - float(row["effch"]) * float(row["techch"])) > 1e-12 * float(row["tfpch"]):
                bad.append(("identity malmquist", row["unit"], row["from"]))
    report(lu.returncode == 0 and mq.returncode == 0 and de.returncode == 0 and n > 100 and not bad,
           "ebm %s %s: global luenberger = difference of 1 - dea ebm pooled scores; identities (%d rows)" %
           (orient, rts, n), repr(bad[:10]) + lu.stderr + mq.stderr + de.stderr)

# 4. refusals --------------------------------------------------------------
for extra, want, cmd in (
        (["--model", "radial", "--sbm-ddf"], "sbm-ddf is the non-oriented sbm", "dea"),
        (["--model", "sbm", "--sbm-ddf", "--super"], "sbm-ddf is the non-oriented sbm", "dea"),
        (["--index", "malmquist", "--model", "sbm", "--sbm-ddf"], "additive inefficiency", "malmquist"),
        (["--index", "ml", "--model", "sbm"], "directional distance function", "malmquist")):
    r = subprocess.run([NQPF, cmd] + common + extra, capture_output=True, text=True)
    report(r.returncode != 0 and want in r.stderr and not r.stdout, "refused: %s %s" % (cmd, " ".join(extra)),
           r.stderr)
finish()
