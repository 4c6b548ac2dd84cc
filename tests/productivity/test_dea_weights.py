#!/usr/bin/python3
"""nqpf dea --weights: the multiplier form of the radial and ddf models.

For every scored unit of 500+ random problems (ties, zeros, duplicated
units, 0-1 bad outputs, integer and wide continuous data; input and output
orientation x CRS/VRS/NIRS/NDRS x super-efficiency) the reported weights
are checked to be an optimality certificate, independently of any solver:

  input:  v, u >= 0, v.x0 (+ v_b.b0) = 1, u.y_j - v.x_j - u0 <= 0 for
          every reference unit j, and u.y0 - u0 = theta;
  output: v, u >= 0, u.y0 = 1, v.x_j + v0 - u.y_j >= 0 for every j, and
          v.x0 + v0 = phi;

  ddf:    v, u >= 0 (and w >= 0 under strong disposal of bad outputs),
          v.gx + w.gb + u.gy = 1, u.y_j - v.x_j - w.b_j - u0 <= 0 and
          beta = v.x0 + w.b0 - u.y0 + u0; mac_b = w_b / u_1;

with the free term 0 under CRS, >= 0 under NIRS, <= 0 under NDRS; and the
reported peers and lambdas are primal feasible at that score (sum l x <=
theta x0, sum l y >= y0; output: <= x0, >= phi y0).  A feasible primal and
a feasible dual with equal objectives are both optimal.  The multiplier LP
itself is also solved by scipy's HiGHS for a sample of units: its optimum
equals the score to 1e-8.  VRS input orientation: u0_min and u0_max equal
the range of u0 over the optimal face found by HiGHS (two LPs per sampled
unit; +-inf where unbounded) and rts_class follows Banker & Thrall (1992);
and a one-input case whose returns to scale are read off by hand.
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import HOPT, gen_problem, peers_lambdas, stack, write_panel  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
rng = random.Random(20261207)
stats = {"problems": 0, "units": 0, "lps": 0, "skipped": 0}


def multiplier_lp(cfg, x0, y0, Xr, Yr):
    """Optimum of the multiplier LP by HiGHS (inputs here include bad outputs)."""
    n, m, s = Xr.shape[0], Xr.shape[1], Yr.shape[1]
    inp = cfg["orient"] == "in"
    free = {"crs": (0, 0), "vrs": (None, None), "nirs": (0, None), "ndrs": (None, 0)}[cfg["rts"]]
    # variables v (m), u (s), w (free term)
    if inp:  # max u.y0 - w  s.t. v.x0 = 1, u.y_j - v.x_j - w <= 0
        c = np.r_[np.zeros(m), -y0, 1]
        A_ub = np.hstack([-Xr, Yr, -np.ones((n, 1))])
        A_eq = [np.r_[x0, np.zeros(s), 0]]
    else:  # min v.x0 + w  s.t. u.y0 = 1, v.x_j + w - u.y_j >= 0
        c = np.r_[x0, np.zeros(s), 1]
        A_ub = np.hstack([-Xr, Yr, -np.ones((n, 1))])
        A_eq = [np.r_[np.zeros(m), y0, 0]]
    stats["lps"] += 1
    r = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=np.array(A_eq), b_eq=[1],
                bounds=[(0, None)] * (m + s) + [free], method="highs", options=HOPT)
    if r.status != 0:
        return None
    return -r.fun if inp else r.fun


def check_unit(cfg, row, o, X, Y, idx, names_in, names_out):
    bad = []
    inp = cfg["orient"] == "in"
    v = np.array([float(row[("v_" if c[0] == "x" else "w_") + c]) for c in names_in])
    u = np.array([float(row["u_" + c]) for c in names_out])
    w = float(row["u0" if inp else "v0"])
    x0, y0 = X[o], Y[o]
    ref = [j for j in idx if not (cfg["super"] and j == o)]
    scale = max(1.0, np.abs(v).max(), np.abs(u).max(), abs(w))
    tol = 1e-8 * scale * max(1.0, X[idx].max(), Y[idx].max())
    if v.min() < -1e-9 * scale or u.min() < -1e-9 * scale:
        bad.append("negative weight %s %s" % (v, u))
    sign = {"crs": w == 0, "vrs": True, "nirs": w >= -1e-9 * scale, "ndrs": w <= 1e-9 * scale}[cfg["rts"]]
    if not sign:
        bad.append("free term %r has the wrong sign for %s" % (w, cfg["rts"]))
    eff = float(row["efficiency"])
    if inp:
        score = eff
        norm, obj = v @ x0, u @ y0 - w
        viol = max(u @ Y[j] - v @ X[j] - w for j in ref)
    else:
        score = float(row["phi"])
        norm, obj = u @ y0, v @ x0 + w
        viol = max(-(v @ X[j] + w - u @ Y[j]) for j in ref)
    if abs(norm - 1) > 1e-9:
        bad.append("normalisation %r" % norm)
    if abs(obj - score) > 1e-8 * max(1.0, abs(score)):
        bad.append("dual objective %r vs score %r" % (obj, score))
    if viol > tol:
        bad.append("multiplier constraint violated by %r" % viol)
    # primal feasibility of the reported peers at the score
    peers, lam = peers_lambdas(row)
    px = sum((l * X[j] for j, l in zip(peers, lam)), np.zeros(X.shape[1]))
    py = sum((l * Y[j] for j, l in zip(peers, lam)), np.zeros(Y.shape[1]))
    ptol = 1e-8 * max(1.0, X[idx].max(), Y[idx].max())
    if inp and ((px - score * x0).max() > ptol or (y0 - py).max() > ptol):
        bad.append("peers infeasible at theta")
    if not inp and ((px - x0).max() > ptol or (score * y0 - py).max() > ptol):
        bad.append("peers infeasible at phi")
    return bad, score


def check_ddf(cfg, row, o, X, Y, B, idx, nx, ny, nb):
    """DDF: beta = v.x0 + w.b0 - u.y0 + u0, v.gx + w.gb + u.gy = 1,
    u.y_j - v.x_j - w.b_j - u0 <= 0; mac_b = w_b / u_(first output)."""
    bad = []
    v = np.array([float(row["v_" + c]) for c in nx])
    w = np.array([float(row["w_" + c]) for c in nb])
    u = np.array([float(row["u_" + c]) for c in ny])
    u0 = float(row["u0"])
    x0, y0, b0 = X[o], Y[o], B[o]
    ones = cfg["dir"] == "ones"
    gx, gy, gb = (np.ones_like(x0), np.ones_like(y0), np.ones_like(b0)) if ones else (0 * x0, y0, b0)
    scale = max(1.0, np.abs(np.r_[v, w, u]).max(), abs(u0))
    tol = 1e-8 * scale * max(1.0, X[idx].max(), Y[idx].max(), B[idx].max() if B.shape[1] else 0)
    beta = float(row["efficiency"])
    if min(v.min(), u.min(), w.min() if cfg["strong"] and len(w) else 0) < -1e-9 * scale:
        bad.append("negative weight")
    sign = {"crs": u0 == 0, "vrs": True, "nirs": u0 >= -1e-9 * scale, "ndrs": u0 <= 1e-9 * scale}[cfg["rts"]]
    if not sign:
        bad.append("free term %r has the wrong sign for %s" % (u0, cfg["rts"]))
    if abs(v @ gx + w @ gb + u @ gy - 1) > 1e-9:
        bad.append("normalisation %r" % (v @ gx + w @ gb + u @ gy))
    obj = v @ x0 + w @ b0 - u @ y0 + u0
    if abs(obj - beta) > 1e-8 * max(1.0, abs(beta)):
        bad.append("dual objective %r vs beta %r" % (obj, beta))
    viol = max(u @ Y[j] - v @ X[j] - w @ B[j] - u0 for j in idx if not (cfg["super"] and j == o))
    if viol > tol:
        bad.append("multiplier constraint violated by %r" % viol)
    for k, c in enumerate(nb):
        want = w[k] / u[0] if u[0] > 0 else None
        got = row["mac_" + c]
        if (want is None) != (got == "") or (want is not None and abs(float(got) - want) > 1e-12 * max(1, abs(want))):
            bad.append("mac_%s %r vs w/u %r" % (c, got, want))
    return bad


def u0_range_highs(x0, y0, theta, Xr, Yr):
    """[min, max] of u0 over the optimal face of the VRS input multiplier LP
    (Banker & Thrall 1992), by HiGHS; +-inf where unbounded, None on failure."""
    n, m, s = Xr.shape[0], Xr.shape[1], Yr.shape[1]
    A_ub = np.hstack([-Xr, Yr, -np.ones((n, 1))])
    A_eq = np.array([np.r_[x0, np.zeros(s), 0], np.r_[np.zeros(m), y0, -1]])
    out = []
    for sg in (1, -1):
        stats["lps"] += 1
        r = linprog(np.r_[np.zeros(m + s), sg], A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1, theta],
                    bounds=[(0, None)] * (m + s) + [(None, None)], method="highs", options=HOPT)
        if r.status == 3:
            out.append(-sg * np.inf)
        elif r.status == 0:
            out.append(sg * r.fun)
        else:
            return None
    return out


def run_config(cfg, n_prob):
    m, s, q = rng.randint(1, 4), rng.randint(1, 4), cfg["q"]
    X, Y, B, per = stack([gen_problem(rng, int(4 + 80 * rng.random() ** 3), m, s, q, always=True)
                          for _ in range(n_prob)])
    stats["problems"] += n_prob
    nx, ny, nb = ["x%d" % i for i in range(m)], ["y%d" % i for i in range(s)], ["b%d" % i for i in range(q)]
    with tempfile.TemporaryDirectory() as d:
        path = write_panel(d, X, Y, B, per)
        args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs", ",".join(nx),
                "--outputs", ",".join(ny), "--rts", cfg["rts"], "--weights", "--peers"] + (
            ["--orient", cfg["orient"]] if cfg["model"] == "radial" else
            ["--model", "ddf", "--direction", cfg["dir"], "--bad-disposal", "strong" if cfg["strong"] else "weak"]) + (
            ["--undesirable", ",".join(nb)] if q else []) + (["--super"] if cfg["super"] else [])
        r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        report(False, cfg["name"], r.stderr)
        return
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    XB = np.hstack([X, B])  # bad outputs are inputs in the radial model
    bad = []
    for k in range(n_prob):
        idx = list(np.nonzero(per == k)[0])
        for o in idx:
            if rows[o]["status"] != "ok":
                continue
            stats["units"] += 1
            if cfg["model"] == "ddf":
                b = check_ddf(cfg, rows[o], o, X, Y, B, idx, nx, ny, nb)
            else:
                b, score = check_unit(cfg, rows[o], o, XB, Y, idx, nx + nb, ny)
            bad += ["problem %d unit %d: %s" % (k, o, t) for t in b]
        if cfg["model"] == "ddf":
            continue  # (beta itself is compared with HiGHS in test_dea_random.py)
        if cfg["rts"] == "vrs" and cfg["orient"] == "in":  # returns to scale by the range of u0
            for o in (idx if len(idx) <= 6 else rng.sample(idx, 6)):
                if rows[o]["status"] != "ok":
                    continue
                ref = [j for j in idx if not (cfg["super"] and j == o)]
                want = u0_range_highs(XB[o], Y[o], float(rows[o]["efficiency"]), XB[ref], Y[ref])
                got = [float(rows[o]["u0_min"]), float(rows[o]["u0_max"])]
                if want is None:
                    stats["skipped"] += 1
                    continue
                for g, w_ in zip(got, want):
                    if not (g == w_ or abs(g - w_) <= 1e-7 * max(1.0, abs(w_))):
                        bad.append("problem %d unit %d: u0 range %r vs HiGHS %r" % (k, o, got, want))
                cls = "increasing" if got[1] < -1e-9 else "decreasing" if got[0] > 1e-9 else "constant"
                if rows[o]["rts_class"] != cls:
                    bad.append("problem %d unit %d: rts_class %s for u0 in %r" % (k, o, rows[o]["rts_class"], got))
        o = rng.choice(idx)  # the multiplier LP by HiGHS for one unit per problem
        if rows[o]["status"] == "ok":
            ref = [j for j in idx if not (cfg["super"] and j == o)]
            want = multiplier_lp(cfg, XB[o], Y[o], XB[ref], Y[ref])
            got = float(rows[o]["efficiency"] if cfg["orient"] == "in" else rows[o]["phi"])
            if want is None:
                stats["skipped"] += 1
            elif abs(got - want) > 1e-8 * max(1.0, abs(want)):
                bad.append("problem %d unit %d: score %r vs HiGHS multiplier LP %r" % (k, o, got, want))
    report(not bad, "%s: %d problems, weights are optimal" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for rts in ("crs", "vrs", "nirs", "ndrs"):
    for orient in ("in", "out"):
        for sup in (0, 1):
            cfgs.append({"model": "radial", "rts": rts, "orient": orient, "super": sup, "q": rng.choice([0, 1])})
    for d in ("default", "ones"):
        cfgs.append({"model": "ddf", "rts": rts, "dir": d, "strong": 1, "super": 0, "q": rng.choice([1, 2])})
for d in ("default", "ones"):
    cfgs.append({"model": "ddf", "rts": "crs", "dir": d, "strong": 0, "super": 0, "q": rng.choice([1, 2])})
for c in cfgs:
    c["name"] = "weights %s %s %s%s q=%d" % (c["model"], c["rts"], c.get("orient", c.get("dir")),
                                             " super" if c["super"] else "" if c["model"] == "radial" else
                                             " strong" if c["strong"] else " weak", c["q"])
    run_config(c, -(-520 // len(cfgs)))
report(stats["problems"] >= 500, "at least 500 random problems (%d problems, %d units, %d HiGHS LPs)" %
       (stats["problems"], stats["units"], stats["lps"]))
report(stats["skipped"] <= stats["lps"] // 100, "HiGHS failures are rare (%d)" % stats["skipped"])
# Returns to scale on a one-input, one-output case read off by hand: the VRS
# frontier A(2,1)-B(3,3)-C(6,4)-D(9,5); B is the most productive scale size
# (y/x = 1, the CRS ray), A lies below it (increasing), C and D above
# (decreasing); E(5,2) projects to (2.5, 2) on segment A-B (increasing).
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "rts.csv")
    with open(path, "w") as f:
        f.write("id,x,y\nA,2,1\nB,3,3\nC,6,4\nD,9,5\nE,5,2\n")
    r = subprocess.run([NQPF, "dea", "--data", path, "--unit", "id", "--inputs", "x", "--outputs", "y", "--rts",
                        "vrs", "--weights"], capture_output=True, text=True)
    got = [row["rts_class"] for row in csv.DictReader(io.StringIO(r.stdout))]
    report(got == ["increasing", "constant", "decreasing", "decreasing", "increasing"],
           "returns to scale of the hand case", (got, r.stderr))
r = subprocess.run([NQPF, "dea", "--data", "/dev/null", "--unit", "id", "--inputs", "x", "--outputs", "y",
                    "--model", "sbm", "--weights"], capture_output=True, text=True)
report(r.returncode != 0 and r.stderr.startswith("nqpf: "), "--weights with a non-radial model is refused", r.stderr)
finish()
