#!/usr/bin/python3
"""nqpf dea --model ebm (Tone & Tsutsui 2010) against scipy's HiGHS.

The oracle recomputes the EBM parameters its own way (the affinity matrix
with numpy, its largest eigenpair with numpy.linalg.eigh, not nqpf's power
iteration) on all rows of the CSV, writes every EBM envelopment LP out in
full in original units (input, output and the non-oriented Charnes-Cooper
form, super-efficiency by leaving the unit out) and solves it with
scipy.optimize.linprog(method="highs").  Statuses must agree and scores
agree to 1e-8 (relative to max(1, |score|)).

Random problems (fixed seed) with 4-120 units, 1-4 inputs and outputs,
0-2 bad outputs, integer data with ties, zeros and duplicated units, or
continuous data over several orders of magnitude; eps from the affinity
matrix or given with --epsilon.  Problems are periods of one CSV per
configuration (contemporaneous frontier).  For every compared unit the
reported targets must also equal sum_j lambda_j (x_j, y_j, b_j) over the
reported peers (the projection identity that ties slacks to lambdas).
Also: eps = 0 gives the radial scores, and bad requests (non-oriented VRS, eps
outside [0, 1] or not a number) fail cleanly.
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
from dea_rand import NQPF, TOL, check_targets, gen_problem, new_stats, rts_rows, solve as hsolve, stack, \
    write_panel  # noqa: E402

rng = random.Random(20261205)
stats = new_stats()


def side_params(V):
    """eps and weights of the columns of V (Tone & Tsutsui's affinity)."""
    k = V.shape[1]
    if k <= 1:
        return 0.0, np.ones(k)
    S = np.eye(k)
    for a in range(k):
        for b in range(a + 1, k):
            ok = (V[:, a] > 0) & (V[:, b] > 0)
            c = np.log(V[ok, b] / V[ok, a])
            D = 0.0
            if len(c) >= 2 and c.max() > c.min():
                D = np.abs(c - c.mean()).mean() / (c.max() - c.min())
            S[a, b] = S[b, a] = 1 - 2 * D
    vals, vecs = np.linalg.eigh(S)
    rho, v = vals[-1], np.abs(vecs[:, -1])
    return min(1.0, max(0.0, (k - rho) / (k - 1))), v / v.sum()


def params(cfg, X, Y, B):
    o = cfg["orient"]
    p = {"ei": 0.0, "eo": 0.0, "eb": 0.0, "wx": np.zeros(X.shape[1]), "wy": np.zeros(Y.shape[1]),
         "wb": np.zeros(B.shape[1])}
    if o == "in":
        e, w = side_params(np.hstack([X, B]))
        p["ei"], p["wx"], p["wb"] = e, w[:X.shape[1]], w[X.shape[1]:]
    if o == "out":
        p["eo"], p["wy"] = side_params(Y)
    if o == "none":
        p["ei"], p["wx"] = side_params(X)
        p["eo"], p["wy"] = side_params(Y)
        if B.shape[1]:
            p["eb"], p["wb"] = side_params(B)
    if cfg["eps"] is not None:
        p["ei"] = p["eo"] = p["eb"] = cfg["eps"]
    return p


def solve(c, ub, bu, eq, be, bounds):
    return hsolve(stats, c, ub, bu, eq, be, bounds)


def ratio(w, v):
    return np.where(v > 0, w / np.where(v > 0, v, 1), 0.0)


def oracle(cfg, p, x0, y0, b0, Xr, Yr, Br, excl):
    n, m, s, q = Xr.shape[0], len(x0), len(y0), len(b0)
    lam = [(0, 0) if j == excl else (0, None) for j in range(n)]
    ub, bu, eq, be = [], [], [], []
    rts = cfg["rts"]

    if cfg["orient"] == "in":  # theta, s-(m), sb(q), lambda
        nv = 1 + m + q
        c = np.r_[1, -p["ei"] * ratio(p["wx"], x0), -p["ei"] * ratio(p["wb"], b0), np.zeros(n)]
        for i, (v0, col) in enumerate([(x0[i], Xr[:, i]) for i in range(m)] + [(b0[i], Br[:, i]) for i in range(q)]):
            sl = np.zeros(m + q); sl[i] = 1
            eq.append(np.r_[v0, -sl, -col]); be.append(0)
        for i in range(s):
            ub.append(np.r_[np.zeros(nv), -Yr[:, i]]); bu.append(-y0[i])
        rts_rows(rts, nv, n, ub, bu, eq, be)
        st, f = solve(c, ub, bu, eq, be, [(None, None)] + [(0, None)] * (m + q) + lam)
        return st, f
    if cfg["orient"] == "out":  # phi, s+(s), lambda
        nv = 1 + s
        c = np.r_[-1, -p["eo"] * ratio(p["wy"], y0), np.zeros(n)]
        for i in range(m):
            ub.append(np.r_[np.zeros(nv), Xr[:, i]]); bu.append(x0[i])
        for i in range(q):
            ub.append(np.r_[np.zeros(nv), Br[:, i]]); bu.append(b0[i])
        for i in range(s):
            sl = np.zeros(s); sl[i] = -1
            eq.append(np.r_[-y0[i], sl, Yr[:, i]]); be.append(0)
        rts_rows(rts, nv, n, ub, bu, eq, be)
        st, f = solve(c, ub, bu, eq, be, [(None, None)] + [(0, None)] * s + lam)
        if st != "ok":
            return st, None
        if not -f > 1e-12:
            return "unbounded", None
        return "ok", -1 / f
    # non-oriented, Charnes-Cooper: Theta, H, S-(m), S+(s), Sb(q), Lambda
    nv = 2 + m + s + q
    c = np.r_[1, 0, -p["ei"] * ratio(p["wx"], x0), np.zeros(s + q + n)]
    norm = np.r_[0, 1, np.zeros(m), p["eo"] * ratio(p["wy"], y0), p["eb"] * ratio(p["wb"], b0), np.zeros(n)]
    eq.append(norm); be.append(1)
    for i in range(m):
        sl = np.zeros(m + s + q); sl[i] = -1
        eq.append(np.r_[x0[i], 0, sl, -Xr[:, i]]); be.append(0)
    for i in range(s):
        sl = np.zeros(m + s + q); sl[m + i] = 1
        eq.append(np.r_[0, y0[i], sl, -Yr[:, i]]); be.append(0)
    for i in range(q):
        sl = np.zeros(m + s + q); sl[m + s + i] = -1
        eq.append(np.r_[0, b0[i], sl, -Br[:, i]]); be.append(0)
    return solve(c, ub, bu, eq, be, [(None, None), (0, None)] + [(0, None)] * (m + s + q) + lam)


def run_nqpf(path, names, m, s, q, cfg, extra=()):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs", ",".join(names[:m]),
            "--outputs", ",".join(names[m:m + s]), "--model", cfg.get("model", "ebm"), "--rts", cfg["rts"],
            "--orient", cfg["orient"], "--peers", "--targets"] + list(extra)
    if q:
        args += ["--undesirable", ",".join(names[m + s:])]
    if cfg.get("super"):
        args.append("--super")
    if cfg.get("eps") is not None:
        args += ["--epsilon", repr(cfg["eps"])]
    return subprocess.run(args, capture_output=True, text=True)


def write_csv(d, X, Y, B, per):
    names = ["x%d" % i for i in range(X.shape[1])] + ["y%d" % i for i in range(Y.shape[1])] + \
            ["b%d" % i for i in range(B.shape[1])]
    return write_panel(d, X, Y, B, per), names


def run_config(cfg, n_prob):
    m, s, q = rng.randint(1, 4), rng.randint(1, 4), cfg["q"]
    X, Y, B, per = stack([gen_problem(rng, int(4 + 116 * rng.random() ** 4), m, s, q) for _ in range(n_prob)])
    stats["problems"] += n_prob
    p = params(cfg, X, Y, B)
    with tempfile.TemporaryDirectory() as d:
        path, names = write_csv(d, X, Y, B, per)
        r = run_nqpf(path, names, m, s, q, cfg)
    if r.returncode != 0:
        report(False, cfg["name"], "nqpf failed: " + r.stderr)
        return
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    bad = []
    for k in range(n_prob):
        idx = np.nonzero(per == k)[0]
        sample = idx if len(idx) <= 8 else sorted(rng.sample(list(idx), 6))
        for o in sample:
            excl = int(np.nonzero(idx == o)[0][0]) if cfg["super"] else -1
            st, v = oracle(cfg, p, X[o], Y[o], B[o], X[idx], Y[idx], B[idx], excl)
            if st.startswith("error") or (st == "infeasible" and not cfg["super"]):
                stats["skipped"].append((cfg["name"], k, o, st))  # HiGHS's own trouble: no verdict
                continue
            got = rows[o]
            if got["status"] != st:
                bad.append("problem %d unit %d: status %s, oracle %s (%s)" % (k, o, got["status"], st, v))
            elif st == "ok":
                g = float(got["efficiency"])
                if abs(g - v) > TOL * max(1.0, abs(v)):
                    bad.append("problem %d unit %d (n=%d): %r vs oracle %r" % (k, o, len(idx), g, v))
                bad += ["problem %d unit %d: %s" % (k, o, t) for t in check_targets(got, X, Y, B)]
    report(not bad, "%s: %d problems agree with HiGHS" % (cfg["name"], n_prob), "\n".join(bad[:20]))


def configs():
    out = []
    for orient, rtss in (("in", ("crs", "vrs", "nirs", "ndrs")), ("out", ("crs", "vrs", "nirs", "ndrs")),
                         ("none", ("crs",))):
        for rts in rtss:
            for sup in (0, 1):
                for eps in (None, round(rng.uniform(0.05, 0.95), 3)):
                    if orient != "none" and eps is not None and rng.random() < 0.5:
                        continue  # keep the run short: half the given-eps oriented configurations
                    c = {"orient": orient, "rts": rts, "super": sup, "eps": eps, "q": rng.choice([0, 1, 2])}
                    c["name"] = "ebm %s %s%s q=%d eps=%s" % (rts, orient, " super" if sup else "", c["q"],
                                                              "affinity" if eps is None else eps)
                    out.append(c)
    return out


cfgs = configs()
per_cfg = -(-520 // len(cfgs))
for cfg in cfgs:
    run_config(cfg, per_cfg)
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs)" % (stats["problems"], stats["lps"]))
report(len(stats["skipped"]) <= stats["lps"] // 200, "oracle failures are rare (%d of %d LPs)" %
       (len(stats["skipped"]), stats["lps"]), str(stats["skipped"][:10]))

# eps = 0: the EBM is the radial model (Tone & Tsutsui 2010, the radial pole),
# in both orientations and every returns to scale.
X, Y, B = gen_problem(rng, 40, 3, 2, 0)
with tempfile.TemporaryDirectory() as d:
    path, names = write_csv(d, X, Y, B, np.zeros(40, dtype=int))
    for orient in ("in", "out"):
        for rts in ("crs", "vrs"):
            a = run_nqpf(path, names, 3, 2, 0, {"rts": rts, "orient": orient, "eps": 0.0})
            b = run_nqpf(path, names, 3, 2, 0, {"rts": rts, "orient": orient, "model": "radial"})
            ea = [float(r["efficiency"]) for r in csv.DictReader(io.StringIO(a.stdout)) if r["status"] == "ok"]
            eb = [float(r["efficiency"]) for r in csv.DictReader(io.StringIO(b.stdout)) if r["status"] == "ok"]
            report(a.returncode == 0 and len(ea) == len(eb) == 40 and
                   max(abs(u - v) for u, v in zip(ea, eb)) < 1e-12,
                   "eps 0 equals radial %s %s" % (rts, orient), a.stderr + b.stderr)
    # bad requests: clear messages, non-zero exit, nothing on standard output
    for extra, cfg, what in (((), {"rts": "vrs", "orient": "none"}, "--rts crs only"),
                             ((), {"rts": "crs", "orient": "in", "eps": 1.5}, "in [0, 1]"),
                             (("--epsilon", "1e-x"), {"rts": "crs", "orient": "in", "model": "sbm"},
                              "must be a number")):
        r = run_nqpf(path, names, 3, 2, 0, cfg, extra)
        report(r.returncode != 0 and what in r.stderr and r.stdout == "" and r.stderr.startswith("nqpf: "),
               "refused: %s" % what, r.stderr)
finish()
