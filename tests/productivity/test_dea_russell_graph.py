#!/usr/bin/python3
"""nqpf dea --model russell --orient none (the Russell graph measure,
min 1/K (sum theta_i + sum 1/phi_r), a convex program) against what we did
not write:

1. DataEnvelopmentAnalysis.jl, test/dearussell.jl (javierbarbero/
   DataEnvelopmentAnalysis.jl, MIT licence), the graph cases: 8 units, one
   input and one output, CRS and VRS; efficiency, theta (target_x / x0) and
   phi (target_y / y0) to the literals' printed precision (atol 1e-5, as
   that file asserts), and to 1e-9 where the value is a hand-derivable
   fraction: under VRS units 5-7 (2/3, 5/3; 4/7, 8/7; 6/7, 1); under CRS
   with one input and one output every unit's optimum is along the ray of
   the best ratio rho = max y/x, theta = c phi with c = (y0/x0)/rho, so
   min (c phi + 1/phi)/2 gives phi = 1/sqrt(c), theta = 1/phi = eff =
   sqrt(c) (<= 1, so the bounds do not bind): to 1e-10.
2. >= 500 random problems (integer data with ties, zeros, duplicated
   units, 0-2 bad outputs, every returns to scale; 4 units of each), and
   two periods of 150 units (scored against the frame: the same as with
   --no-frame).  Two oracles:
   a. the certificate (the stronger check, and exact): nqpf's reported
      point is checked feasible to 1e-9 (targets = sum lambda data over the
      reported peers, theta_i = target/x_i0 <= 1, phi_r >= 1, a zero input's
      target 0, the RTS row) and its efficiency is the objective at its
      factors (1e-12), so eff >= the optimum.  HiGHS then solves the LP in
      which each 1/phi_r is replaced by its tangent at nqpf's phi_r (and by
      0 where that is larger; 1/phi > 0): a function below the objective,
      so its optimum LB <= the optimum; and when nqpf's phi is optimal, its
      KKT point is one of that LP too, so LB = eff.  eff - LB <= 1e-9 thus
      proves nqpf within 1e-9 of the optimum, whatever solver found it; and
      since LB falls off linearly as phi moves from the optimum (the
      tangent's slope is then wrong), it also checks nqpf's phi itself
      (a tangent grid around phi would only check the objective).
   b. an independent nonlinear solve: scipy.optimize.minimize (SLSQP,
      ftol 1e-15) over lambda from two starts (the unit itself, feasible
      under every RTS, and the vertex of the LP with the tangents at phi = 1),
      the best feasible result (status 0, or 8: stopped at rounding level); agreement to 1e-6 on the objective (SLSQP's own
      stopping rule is on the objective change, not a gap, so it is the
      weaker check; on these smooth convex problems it lands within ~1e-8).
   Zero outputs follow nqpf's documented convention (free disposal, out of
   the mean; DataEnvelopmentAnalysis.jl would force their target to 0), as
   the oracles write them.
3. Bad input and edge cases: --super refused cleanly; a reference unit
   with zero inputs and a positive output under CRS makes phi unbounded:
   status unbounded, no number; a unit with nothing positive scores 1.
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
from scipy.optimize import minimize

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import NQPF, gen_problem, new_stats, peers_lambdas, rts_rows, solve as hsolve, stack, \
    write_panel  # noqa: E402

rng = random.Random(20261205)
stats = new_stats()


def run_nqpf(path, m, s, q, rts, extra=()):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
            ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s)),
            "--model", "russell", "--rts", rts, "--orient", "none", "--peers", "--targets", "--slacks"] + list(extra)
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q))]
    return subprocess.run(args, capture_output=True, text=True)


def rows_of(r):
    return list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else []


# ---- 1. DataEnvelopmentAnalysis.jl test/dearussell.jl, graph ------------------
X = np.array([[2], [4], [8], [12], [6], [14], [14], [9.412]])
Y = np.array([[1], [5], [8], [9], [3], [7], [9], [2.353]])
JL = {"crs": ([0.632455, 1.0, 0.894427, 0.774597, 0.632456, 0.632456, 0.717137, 0.447214],
              [1.581139, 1.0, 1.118034, 1.290994, 1.581139, 1.581139, 1.394433, 2.236068],
              [0.632455, 1.0, 0.894427, 0.774597, 0.632455, 0.632455, 0.717137, 0.447214]),
      "vrs": ([1.0, 1.0, 1.0, 1.0, 2 / 3, 0.571429, 0.857143, 0.424989],
              [1.0, 1.0, 1.0, 1.0, 5 / 3, 1.142857, 1.0, 2.124947],
              [1.0, 1.0, 1.0, 1.0, 0.633333, 0.723214, 0.928571, 0.447795])}
with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, X, Y, np.zeros((8, 0)))
    for rts, (th, ph, ef) in JL.items():
        rows = rows_of(run_nqpf(path, 1, 1, 0, rts))
        got = [(float(r["efficiency"]), float(r["target_x0"]) / X[j, 0], float(r["target_y0"]) / Y[j, 0])
               for j, r in enumerate(rows)]
        ok = len(got) == 8 and all(abs(g[0] - e) <= 1e-5 and abs(g[1] - t) <= 1e-5 and abs(g[2] - p) <= 1e-5
                                   for g, e, t, p in zip(got, ef, th, ph))
        report(ok, "dearussell.jl graph %s: efficiency, theta, phi to atol 1e-5" % rts, str(got))
        if rts == "crs":
            rho = max(Y[:, 0] / X[:, 0])
            want = [math.sqrt(Y[j, 0] / X[j, 0] / rho) for j in range(8)]
            ok = len(got) == 8 and all(abs(g[0] - w) <= 1e-10 and abs(g[1] - w) <= 1e-10 and
                                       abs(g[2] - 1 / w) <= 1e-10 for g, w in zip(got, want))
            report(ok, "graph crs, one input one output: eff = theta = 1/phi = sqrt((y0/x0)/rho)",
                   str(got) + " want " + str(want))
        else:
            exact = {4: (19 / 30, 2 / 3, 5 / 3), 5: ((4 / 7 + 7 / 8) / 2, 4 / 7, 8 / 7), 6: ((6 / 7 + 1) / 2, 6 / 7, 1.0)}
            ok = len(got) == 8 and all(abs(a - b) <= 1e-9 for j, w in exact.items() for a, b in zip(got[j], w))
            ok = ok and all(abs(got[j][0] - 1) <= 1e-12 for j in range(4))
            report(ok, "graph vrs: units 1-4 on the frontier, units 5-7 exact fractions", str(got))


# ---- 2. random problems ---------------------------------------------------------
def problem(cfg, x0, y0, b0, Xr, Yr, Br):
    """The data of one unit's problem with the zero convention applied:
    inputs (x, b) with v0 > 0, the units a zero input leaves admissible,
    counted outputs; K = the number of counted variables."""
    V0, Vr = np.r_[x0, b0], np.hstack([Xr, Br])
    adm = np.all(Vr[:, V0 == 0] == 0, axis=1)
    iv, ov = np.nonzero(V0 > 0)[0], np.nonzero(y0 > 0)[0]
    return V0, Vr, adm, iv, ov, len(iv) + len(ov)


def tangent_lp(cfg, pr, y0, Yr, at):
    """HiGHS on the LP with each counted 1/phi_r replaced by max(0, its
    tangents at the points at[r] (those >= 1)): over [lambda (n), t
    (outputs)] -> (status, value, lambda)."""
    V0, Vr, adm, iv, ov, K = pr
    n, no = Vr.shape[0], len(ov)
    ub, bu, eq, be = [], [], [], []
    for i in iv:  # theta_i <= 1
        ub.append(np.r_[Vr[:, i], np.zeros(no)]); bu.append(V0[i])
    for k, r in enumerate(ov):  # phi_r >= 1; t_r >= 2/p - phi_r/p^2
        ub.append(np.r_[-Yr[:, r], np.zeros(no)]); bu.append(-y0[r])
        t = np.zeros(no); t[k] = -1
        for p in np.atleast_1d(at[k]):
            if p >= 1:
                ub.append(np.r_[-Yr[:, r] / (y0[r] * p ** 2), t]); bu.append(-2 / p)
    rows = len(ub)  # the RTS row has no t columns yet
    rts_rows(cfg["rts"], 0, n, ub, bu, eq, be)
    ub = [u if j < rows else np.r_[u, np.zeros(no)] for j, u in enumerate(ub)]
    eq = [np.r_[e, np.zeros(no)] for e in eq]
    c = np.r_[sum(Vr[:, i] / V0[i] for i in iv) if len(iv) else np.zeros(n), np.ones(no)] / K
    bounds = [(0, None) if a else (0, 0) for a in adm] + [(0, None)] * no
    from scipy.optimize import linprog
    stats["lps"] += 1
    res = linprog(c, A_ub=np.array(ub) if ub else None, b_ub=bu if ub else None, A_eq=np.array(eq) if eq else None,
                  b_eq=be if eq else None, bounds=bounds, method="highs",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    return res.status, res.fun, (res.x[:n] if res.status == 0 else None)


def objective(pr, y0, Yr, lam):
    V0, Vr, adm, iv, ov, K = pr
    return (sum(Vr[:, i] @ lam / V0[i] for i in iv) + sum(y0[r] / (Yr[:, r] @ lam) for r in ov)) / K


def slsqp(cfg, pr, y0, Yr, o_local):
    """The best SLSQP optimum from the two starts (None when none succeeded)."""
    V0, Vr, adm, iv, ov, K = pr
    n = Vr.shape[0]
    cons = [{"type": "ineq", "fun": lambda l, i=i: V0[i] - Vr[:, i] @ l, "jac": lambda l, i=i: -Vr[:, i]}
            for i in iv]
    cons += [{"type": "ineq", "fun": lambda l, r=r: Yr[:, r] @ l - y0[r], "jac": lambda l, r=r: Yr[:, r]}
             for r in ov]
    one = np.ones(n)
    if cfg["rts"] == "vrs":
        cons.append({"type": "eq", "fun": lambda l: l.sum() - 1, "jac": lambda l: one})
    elif cfg["rts"] == "nirs":
        cons.append({"type": "ineq", "fun": lambda l: 1 - l.sum(), "jac": lambda l: -one})
    elif cfg["rts"] == "ndrs":
        cons.append({"type": "ineq", "fun": lambda l: l.sum() - 1, "jac": lambda l: one})

    def grad(lam):
        g = sum(Vr[:, i] / V0[i] for i in iv) if len(iv) else np.zeros(n)
        for r in ov:
            g = g - y0[r] * Yr[:, r] / (Yr[:, r] @ lam) ** 2
        return g / K

    starts = [np.eye(n)[o_local]]
    st, _, lam = tangent_lp(cfg, pr, y0, Yr, np.ones(len(ov)))
    if st == 0:
        starts.append(lam)
    best = None
    for z0 in starts:
        r = minimize(lambda l: objective(pr, y0, Yr, l), z0, jac=grad, method="SLSQP", constraints=cons,
                     bounds=[(0, None) if a else (0, 0) for a in adm], options={"ftol": 1e-15, "maxiter": 1000})
        # status 8 ("positive directional derivative in linesearch") is SLSQP
        # stopping at rounding level with ftol 1e-15: kept when feasible
        feas = all(c["fun"](r.x) >= -1e-9 if c["type"] == "ineq" else abs(c["fun"](r.x)) <= 1e-9 for c in cons)
        if r.status in (0, 8) and feas and np.all(r.x >= -1e-12) and (best is None or r.fun < best):
            best = r.fun
    return best


def check_unit(cfg, X, Y, B, o, idx, got, with_slsqp):
    """Disagreements of nqpf's row `got` for unit o against both oracles."""
    x0, y0, b0 = X[o], Y[o], B[o]
    pr = problem(cfg, x0, y0, b0, X[idx], Y[idx], B[idx])
    V0, Vr, adm, iv, ov, K = pr
    if got["status"] != "ok":
        return ["status %s" % got["status"]]
    if K == 0:
        return [] if float(got["efficiency"]) == 1.0 else ["nothing positive: efficiency %s" % got["efficiency"]]
    eff = float(got["efficiency"])
    peers, lam = peers_lambdas(got)
    bad = []
    tv = np.r_[[float(got["target_x%d" % i]) for i in range(X.shape[1])],
               [float(got["target_b%d" % i]) for i in range(B.shape[1])]]
    ty = np.array([float(got["target_y%d" % i]) for i in range(Y.shape[1])])
    Vall = np.hstack([X, B])
    for name, t, data in (("v", tv, Vall), ("y", ty, Y)):
        for i in range(len(t)):
            want = sum(l * data[j, i] for j, l in zip(peers, lam))
            if abs(t[i] - want) > 1e-9 * max(1.0, abs(want)):
                bad.append("target_%s%d %r vs sum lambda %r" % (name, i, t[i], want))
    if any(j not in idx for j in peers) or any(l < 0 for l in lam):
        bad.append("peers outside the period or negative lambda")
    th = [t / v for t, v in zip(tv, V0) if v > 0]
    ph = [ty[r] / y0[r] for r in ov]
    if any(t > 1 + 1e-9 for t in th) or any(p < 1 - 1e-9 for p in ph) or any(abs(tv[i]) > 1e-9 for i in
                                                                             np.nonzero(V0 == 0)[0]):
        bad.append("infeasible factors theta %s phi %s" % (th, ph))
    sl = sum(lam)
    if {"vrs": abs(sl - 1) > 1e-9, "nirs": sl > 1 + 1e-9, "ndrs": sl < 1 - 1e-9}.get(cfg["rts"], False):
        bad.append("rts row: sum lambda %r" % sl)
    mean = (sum(min(1.0, t) for t in th) + sum(1 / max(1.0, p) for p in ph)) / K
    if abs(mean - eff) > 1e-12:
        bad.append("efficiency %r is not the mean of its factors %r" % (eff, mean))
    st, lb, _ = tangent_lp(cfg, pr, y0, Y[idx], [max(1.0, p) for p in ph])
    if st != 0:
        stats["skipped"].append((cfg["name"], o, "certificate lp status %d" % st))
    elif not (-1e-9 <= eff - lb <= 1e-9):
        bad.append("certificate: eff %r, tangent LP bound %r (gap %.3g)" % (eff, lb, eff - lb))
    if with_slsqp:
        v = slsqp(cfg, pr, y0, Y[idx], list(idx).index(o))
        if v is None:
            stats["skipped"].append((cfg["name"], o, "slsqp failed"))
        elif abs(v - eff) > 1e-6:
            bad.append("slsqp %r vs nqpf %r" % (v, eff))
        stats["slsqp"] = stats.get("slsqp", 0) + 1
    return bad


def run_config(cfg, n_prob):
    m, q, s = rng.randint(1, 3), cfg["q"], rng.randint(1, 4)
    X, Y, B, per = stack([gen_problem(rng, int(4 + 56 * rng.random() ** 3), m, s, q, wide_p=0.0, always=True)
                          for _ in range(n_prob)])
    stats["problems"] += n_prob
    with tempfile.TemporaryDirectory() as d:
        r = run_nqpf(write_panel(d, X, Y, B, per), m, s, q, cfg["rts"])
    if r.returncode != 0:
        report(False, cfg["name"], "nqpf failed: " + r.stderr)
        return
    rows = rows_of(r)
    bad = []
    for k in range(n_prob):
        idx = np.nonzero(per == k)[0]
        sample = sorted(rng.sample(list(idx), min(4, len(idx))))
        for n_done, o in enumerate(sample):
            bad += ["problem %d unit %d (n=%d): %s" % (k, o, len(idx), t)
                    for t in check_unit(cfg, X, Y, B, o, idx, rows[o], n_done < 2)]
    report(not bad, "%s: %d problems, feasible, certified and as SLSQP" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for rts in ("crs", "vrs", "nirs", "ndrs"):
    for q in (0, rng.choice([1, 2])):
        cfgs.append({"rts": rts, "q": q, "name": "russell graph %s q=%d" % (rts, q)})
per_cfg = -(-520 // len(cfgs))
for cfg in cfgs:
    run_config(cfg, per_cfg)
report(stats["problems"] >= 500, "at least 500 random problems (%d; %d certificate LPs, %d SLSQP units)" %
       (stats["problems"], stats["lps"], stats.get("slsqp", 0)))
report(len(stats["skipped"]) <= max(3, stats["lps"] // 200), "oracles gave no verdict rarely (%d)" %
       len(stats["skipped"]), str(stats["skipped"][:10]))

# frame reduction (periods of >= 64 units are scored against their frame): the same scores as --no-frame, to
# 1e-9: the LP core's feasibility tolerance (the certificate holds for the lambdas it returns, which may break
# a row by that much; e.g. an efficient unit scored 1 - 2.4e-11 against all 150 units)
cfg = {"rts": "vrs", "q": 1, "name": "russell graph vrs, 150-unit periods"}
X, Y, B, per = stack([gen_problem(rng, 150, 2, 2, 1, wide_p=0.0, always=True) for _ in range(2)])
with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, X, Y, B, per)
    rows, full = (rows_of(run_nqpf(path, 2, 2, 1, "vrs", extra)) for extra in ((), ("--no-frame",)))
ok = len(rows) == len(full) == 300 and all(a["status"] == b["status"] and (a["efficiency"] == b["efficiency"] == "" or
                                           abs(float(a["efficiency"]) - float(b["efficiency"])) <= 1e-9)
                                           for a, b in zip(rows, full))
report(ok, "frame and --no-frame agree (2 x 150 units)", str([(a["efficiency"], b["efficiency"])
                                                              for a, b in zip(rows, full)][:5]))
bad = []
for k in range(2):
    idx = np.nonzero(per == k)[0]
    for o in sorted(rng.sample(list(idx), 6)):
        bad += ["unit %d: %s" % (o, t) for t in check_unit(cfg, X, Y, B, o, idx, rows[o], False)]
report(rows and not bad, "150-unit periods: 12 units feasible and certified", "\n".join(bad[:10]))

# ---- 3. refusals and edge cases -------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]]), np.zeros((2, 0)))
    r = run_nqpf(path, 1, 1, 0, "vrs", ("--super",))
    report(r.returncode != 0 and "no super-efficiency" in r.stderr and r.stdout == "" and
           r.stderr.startswith("nqpf: "), "refused: russell graph --super", r.stderr)
    # unit 2 has no inputs and produces y0: under crs lambda_2 -> inf drives 1/phi_r -> 0, never attained
    path = write_panel(d, np.array([[2.0, 1.0], [0.0, 0.0], [3.0, 1.0]]), np.array([[1.0], [1.0], [2.0]]),
                       np.zeros((3, 0)))
    rows = rows_of(run_nqpf(path, 2, 1, 0, "crs"))
    report(len(rows) == 3 and [r["status"] for r in rows] == ["unbounded"] * 3 and
           all(r["efficiency"] == "" for r in rows), "crs with a zero-input producer: unbounded, no number",
           str(rows))
    rows = rows_of(run_nqpf(path, 2, 1, 0, "vrs"))
    report(len(rows) == 3 and all(r["status"] == "ok" for r in rows), "the same under vrs: scored", str(rows))
    path = write_panel(d, np.array([[0.0], [2.0]]), np.array([[0.0], [1.0]]), np.zeros((2, 0)))
    rows = rows_of(run_nqpf(path, 1, 1, 0, "vrs"))
    report(len(rows) == 2 and rows[0]["status"] == "ok" and float(rows[0]["efficiency"]) == 1.0,
           "a unit with nothing positive scores 1", str(rows))
finish()
