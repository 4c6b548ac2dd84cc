#!/usr/bin/python3
"""Randomised differential test: nqpf dea against scipy's HiGHS.

Random problems (fixed seed) with 5-500 units (sizes skewed small), 1-5
inputs and outputs, optional bad outputs, integer data with ties, duplicated
units and zeros.  Problems are packed as periods of one CSV per model
configuration (contemporaneous frontier), so one nqpf run scores hundreds of
problems; a few configurations use pooled / sequential / window frontiers.
The oracle writes each envelopment LP out in full (unscaled) and solves it
with scipy.optimize.linprog(method="highs") at tight tolerances; statuses
must agree and scores agree to 1e-8 (relative to max(1, |score|)).  For the
larger problems the oracle checks a random sample of units.
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
TOL = 1e-8
HOPT = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10, "presolve": True}
rng = random.Random(20261123)
skipped = []
n_problems = 0
n_lps = 0


def gen_problem(m, s, q):
    u = rng.random()
    n = int(5 + 495 * u ** 5)
    hi = rng.choice([3, 6, 20, 1000])
    zero_p = rng.choice([0.0, 0.05, 0.15])
    X = np.zeros((n, m))
    Y = np.zeros((n, s))
    B = np.zeros((n, q))
    wide = rng.random() < 0.25  # continuous data over several orders of magnitude
    for j in range(n):
        for arr, k in ((X, m), (Y, s), (B, q)):
            for i in range(k):
                if rng.random() < zero_p:
                    arr[j, i] = 0
                elif wide:
                    arr[j, i] = float("%.6g" % (10 ** rng.uniform(-3, 4)))
                else:
                    arr[j, i] = rng.randint(1, hi)
        # keep at least one positive input and one positive output most of the time
        if rng.random() < 0.97:
            X[j, rng.randrange(m)] = rng.randint(1, hi)
            Y[j, rng.randrange(s)] = rng.randint(1, hi)
    for _ in range(rng.randint(0, max(1, n // 10))):  # duplicates
        a, b = rng.randrange(n), rng.randrange(n)
        X[b], Y[b], B[b] = X[a], Y[a], B[a]
    return X, Y, B


def solve(c, A_ub, b_ub, A_eq, b_eq, bounds):
    global n_lps
    n_lps += 1
    r = linprog(c, A_ub=A_ub if len(A_ub) else None, b_ub=b_ub if len(b_ub) else None,
                A_eq=A_eq if len(A_eq) else None, b_eq=b_eq if len(b_eq) else None,
                bounds=bounds, method="highs", options=HOPT)
    if r.status == 0:
        return "ok", r.fun, r.x
    if r.status == 2:
        return "infeasible", None, None
    if r.status == 3:
        return "unbounded", None, None
    return "error:%d" % r.status, None, None


def rts_rows(cfg, n, nvar_before, t_coef=None):
    """Returns-to-scale row(s) over lambdas placed after nvar_before leading variables."""
    rts = cfg["rts"]
    if rts == "crs":
        return [], [], [], []
    row = np.zeros(nvar_before + n)
    row[nvar_before:] = 1
    rhs = 1.0
    if t_coef is not None:  # SBM: sum Lambda - t (.) 0
        row[0] = -1
        rhs = 0.0
    if rts == "vrs":
        return [], [], [row], [rhs]
    if rts == "nirs":
        return [row], [rhs], [], []
    return [-row], [-rhs], [], []


def oracle(cfg, X, Y, B, o, Xr, Yr, Br, excl):
    """Score point o (row of X, Y, B) against reference rows Xr.. (excl: row to drop)."""
    n = Xr.shape[0]
    m, s, q = X.shape[1], Y.shape[1], B.shape[1]
    x0, y0, b0 = X[o], Y[o], B[o]
    lam_bounds = [(0, 0) if j == excl else (0, None) for j in range(n)]
    model = cfg["model"]
    if model == "radial":
        ub, bu, eq, be = [], [], [], []
        inp = cfg["orient"] == "in"
        for i in range(m):
            ub.append(np.r_[-x0[i] if inp else 0, Xr[:, i]]); bu.append(0 if inp else x0[i])
        for i in range(q):
            ub.append(np.r_[-b0[i] if inp else 0, Br[:, i]]); bu.append(0 if inp else b0[i])
        for i in range(s):
            ub.append(np.r_[0 if inp else y0[i], -Yr[:, i]]); bu.append(-y0[i] if inp else 0)
        u2, b2, e2, f2 = rts_rows(cfg, n, 1)
        c = np.r_[1 if inp else -1, np.zeros(n)]
        st, f, _ = solve(c, ub + u2, bu + b2, e2, f2, [(None, None)] + lam_bounds)
        if st != "ok":
            return st, None
        if inp:
            return "ok", f
        phi = -f
        if not phi > 1e-12:
            return "unbounded", None
        return "ok", 1 / phi
    if model == "ddf":
        d = cfg["dir"]
        gx = {"default": np.zeros(m), "ones": np.ones(m), "observed": x0, "mean": X[cfg["evalrows"]].mean(0)}[d]
        gy = {"default": y0, "ones": np.ones(s), "observed": y0, "mean": Y[cfg["evalrows"]].mean(0)}[d]
        gb = {"default": b0, "ones": np.ones(q), "observed": b0, "mean": B[cfg["evalrows"]].mean(0)}[d]
        ub, bu, eq, be = [], [], [], []
        for i in range(m):
            ub.append(np.r_[gx[i], Xr[:, i]]); bu.append(x0[i])
        for i in range(q):
            (ub if cfg["strong"] else eq).append(np.r_[gb[i], Br[:, i]]); (bu if cfg["strong"] else be).append(b0[i])
        for i in range(s):
            ub.append(np.r_[gy[i], -Yr[:, i]]); bu.append(-y0[i])
        u2, b2, e2, f2 = rts_rows(cfg, n, 1)
        st, f, _ = solve(np.r_[-1, np.zeros(n)], ub + u2, bu + b2, eq + e2, be + f2, [(None, None)] + lam_bounds)
        return (st, -f if st == "ok" else None)
    # SBM (Charnes-Cooper): variables t, S- (m), Sb (q), S+ (s), Lambda (n)
    orient = cfg["orient"]
    nv = 1 + m + q + s

    def sbm(super_):
        sg = -1.0 if super_ else 1.0
        ub, bu, eq, be = [], [], [], []
        dq = s + q
        r0 = np.zeros(nv + n); r0[0] = 1
        c = np.zeros(nv + n)
        bnd = [(0, None)] * nv + (lam_bounds if super_ else [(0, None)] * n)
        bnd = list(bnd)
        for i in range(m):
            row = np.zeros(nv + n); row[0] = -x0[i]; row[1 + i] = sg; row[nv:] = Xr[:, i]
            (ub if super_ else eq).append(row); (bu if super_ else be).append(0)
            v = 1 / (m * x0[i]) if x0[i] > 0 else 0
            if orient != "out":
                c[1 + i] = -sg * v
            if super_ and (x0[i] == 0 or orient == "out"):
                bnd[1 + i] = (0, 0)
        for i in range(q):
            k = 1 + m + i
            row = np.zeros(nv + n); row[0] = -b0[i]; row[k] = sg; row[nv:] = Br[:, i]
            (ub if super_ else eq).append(row); (bu if super_ else be).append(0)
            w = 1 / (dq * b0[i]) if b0[i] > 0 else 0
            if orient == "none":
                r0[k] = sg * w
            if orient == "out":
                c[k] = -sg * w
            if super_ and (b0[i] == 0 or orient == "in"):
                bnd[k] = (0, 0)
        for i in range(s):
            k = 1 + m + q + i
            row = np.zeros(nv + n); row[0] = -y0[i]; row[k] = -sg; row[nv:] = Yr[:, i]
            if super_:
                ub.append(-row); bu.append(0)
                yb = np.zeros(nv + n); yb[k] = 1; yb[0] = -y0[i]
                ub.append(yb); bu.append(0)
            else:
                eq.append(row); be.append(0)
            w = 1 / (dq * y0[i]) if y0[i] > 0 else 0
            if orient == "none":
                r0[k] = sg * w
            if orient == "out":
                c[k] = -sg * w
            if super_ and orient == "in":
                bnd[k] = (0, 0)
        eq.append(r0); be.append(1)
        if orient != "out":
            c[0] = 1
        if cfg["rts"] != "crs":
            row = np.zeros(nv + n); row[0] = -1; row[nv:] = 1
            if cfg["rts"] == "vrs":
                eq.append(row); be.append(0)
            elif cfg["rts"] == "nirs":
                ub.append(row); bu.append(0)
            else:
                ub.append(-row); bu.append(0)
        return solve(c, ub, bu, eq, be, bnd)

    st, f, _ = sbm(False)
    if st != "ok":
        return st, None
    rho = 1 / (1 - f) if orient == "out" else f
    if cfg["super"] and rho >= 1 - 1e-9:
        st, f, _ = sbm(True)
        if st != "ok":
            return st, None
        if orient == "out":
            if not f < 1 - 1e-12:
                return "unbounded", None
            return "ok", 1 / (1 - f)
        return "ok", f
    return "ok", rho


def run_config(cfg, n_prob):
    global n_problems
    m, s = rng.randint(1, 5), rng.randint(1, 5)
    q = cfg.get("q", 0)
    probs = []
    for p in range(n_prob):
        probs.append(gen_problem(m, s, q))
    X = np.vstack([p[0] for p in probs]); Y = np.vstack([p[1] for p in probs]); B = np.vstack([p[2] for p in probs])
    per = np.concatenate([[k] * p[0].shape[0] for k, p in enumerate(probs)])
    if cfg.get("frontier", "contemporaneous") != "contemporaneous":
        # multi-period problems share m, s: regenerate as one panel of equal-sized periods
        pass
    n_problems += n_prob
    names = ["x%d" % i for i in range(m)] + ["y%d" % i for i in range(s)] + ["b%d" % i for i in range(q)]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p.csv")
        with open(path, "w") as f:
            f.write("id,t," + ",".join(names) + "\n")
            for j in range(X.shape[0]):
                f.write("u%d,%d," % (j, per[j]) + ",".join("%.17g" % v for v in np.r_[X[j], Y[j], B[j]]) + "\n")
        args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
                ",".join(names[:m]), "--outputs", ",".join(names[m:m + s]), "--model", cfg["model"],
                "--rts", cfg["rts"]]
        if q:
            args += ["--undesirable", ",".join(names[m + s:])]
        if cfg["model"] != "ddf":
            args += ["--orient", cfg["orient"]]
        else:
            args += ["--direction", cfg["dir"], "--bad-disposal", "strong" if cfg["strong"] else "weak"]
        if cfg["super"]:
            args.append("--super")
        if "frontier" in cfg:
            args += ["--frontier", cfg["frontier"]]
        r = subprocess.run(args, capture_output=True, text=True)
        if r.returncode != 0:
            report(False, cfg["name"], "nqpf failed: " + r.stderr)
            return
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
    bad = []
    fr = cfg.get("frontier", "contemporaneous")
    for k in range(n_prob):
        idx = np.nonzero(per == k)[0]
        if fr == "pooled":
            ref = np.arange(X.shape[0])
        elif fr == "sequential":
            ref = np.nonzero(per <= k)[0]
        elif fr.startswith("window:"):
            K = int(fr[7:])
            ref = np.nonzero((per <= k) & (per > k - K))[0]
        else:
            ref = idx
        cfg["evalrows"] = np.arange(X.shape[0]) if fr == "pooled" else idx
        sample = idx if len(idx) <= 8 else sorted(rng.sample(list(idx), 6))
        for o in sample:
            excl = int(np.nonzero(ref == o)[0][0]) if cfg["super"] else -1
            st, v = oracle(cfg, X, Y, B, o, X[ref], Y[ref], B[ref], excl)
            got = rows[o]
            # Without --super the unit is in its own reference set, so its LP
            # is feasible by construction: an "infeasible" from HiGHS there is
            # HiGHS's numerical trouble (seen on wide-range data), not a verdict.
            if st.startswith("error") or (st == "infeasible" and not cfg["super"] and
                                          cfg.get("frontier") is None and
                                          not (cfg["model"] == "ddf" and not cfg.get("strong", 1))):
                skipped.append((cfg["name"], k, o, st))  # HiGHS itself failed: no verdict
                continue
            if got["status"] != st:
                bad.append("problem %d unit %d: status %s, oracle %s (%s)" % (k, o, got["status"], st, v))
            elif st == "ok":
                g = float(got["efficiency"])
                if abs(g - v) > TOL * max(1.0, abs(v)):
                    bad.append("problem %d unit %d (n=%d): %r vs oracle %r" % (k, o, len(ref), g, v))
                    if os.environ.get("NQPF_DEA_DUMP"):
                        np.savez("/tmp/fail_%d_%d.npz" % (k, o), X=X[ref], Y=Y[ref], B=B[ref], o=np.nonzero(ref == o)[0][0], args=np.array(args))
    report(not bad, "%s: %d problems agree with HiGHS" % (cfg["name"], n_prob), "\n".join(bad[:20]))


def configs():
    out = []
    for rts in ("crs", "vrs", "nirs", "ndrs"):
        for orient in ("in", "out"):
            for sup in (0, 1):
                out.append({"model": "radial", "rts": rts, "orient": orient, "super": sup, "q": rng.choice([0, 0, 1])})
        for orient in ("none", "in", "out"):
            for sup in (0, 1):
                out.append({"model": "sbm", "rts": rts, "orient": orient, "super": sup, "q": rng.choice([0, 1, 2])})
        for d in ("default", "ones", "observed", "mean"):
            out.append({"model": "ddf", "rts": rts, "dir": d, "strong": 1, "super": rng.choice([0, 0, 1]),
                        "q": rng.choice([0, 1, 2])})
    for d in ("default", "ones", "observed", "mean"):
        out.append({"model": "ddf", "rts": "crs", "dir": d, "strong": 0, "super": 0, "q": rng.choice([1, 2])})
    for fr in ("pooled", "sequential", "window:2"):
        out.append({"model": "radial", "rts": "vrs", "orient": "in", "super": 0, "q": 0, "frontier": fr})
        out.append({"model": "sbm", "rts": "crs", "orient": "none", "super": 0, "q": 1, "frontier": fr})
    for c in out:
        c.setdefault("orient", "none")
        c["name"] = "%s %s %s%s%s q=%d%s" % (c["model"], c["rts"], c["orient"] if c["model"] != "ddf" else c["dir"],
                                              " super" if c["super"] else "",
                                              (" strong" if c.get("strong") else " weak") if c["model"] == "ddf" else "",
                                              c["q"], " " + c["frontier"] if "frontier" in c else "")
    return out


t0 = time.time()
cfgs = configs()
per_cfg = -(-(2000 - 36) // sum("frontier" not in c for c in cfgs))
for cfg in cfgs:
    run_config(cfg, per_cfg if "frontier" not in cfg else 6)
report(n_problems >= 2000, "at least 2000 random problems (%d problems, %d oracle LPs, %.0f s)" %
       (n_problems, n_lps, time.time() - t0))
# HiGHS reports numerical trouble on a few of the wide-range problems; those
# points are not compared, and must stay rare for the test to mean anything.
report(len(skipped) <= n_lps // 200, "oracle failures are rare (%d of %d LPs)" % (len(skipped), n_lps),
       str(skipped[:10]))
finish()
