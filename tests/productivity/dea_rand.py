"""Shared pieces of the randomised DEA tests (test_dea_ebm.py,
test_dea_fixed.py, test_dea_weights.py): random problems, the CSV they are
written to, HiGHS as the oracle's solver, and the projection identity
between reported targets and peers.  Not a test itself (no test_ prefix)."""
import csv
import io
import os
import tempfile

import numpy as np
from scipy.optimize import linprog

NQPF = os.environ.get("NQPF", "build/nqpf")
TOL = 1e-8  # the randomised tests' agreement with HiGHS, relative to max(1, |score|)
HOPT = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10, "presolve": True}


def new_stats():
    """A randomised test's counters: problems, oracle LPs, oracle cases without a verdict."""
    return {"problems": 0, "lps": 0, "skipped": []}


def gen_problem(rng, n, m, s, q, wide_p=0.25, always=False):
    """n units, m inputs, s outputs, q bad outputs: integer data with ties
    and zeros, or (with probability wide_p) continuous data over seven orders
    of magnitude; duplicated units.  Most units (every unit when `always`)
    have a positive input and output."""
    hi = rng.choice([3, 6, 20, 1000])
    zero_p = rng.choice([0.0, 0.05, 0.15])
    wide = rng.random() < wide_p
    A = np.zeros((n, m + s + q))
    for j in range(n):
        for i in range(m + s + q):
            if rng.random() >= zero_p:
                A[j, i] = float("%.6g" % (10 ** rng.uniform(-3, 4))) if wide else rng.randint(1, hi)
        if always or rng.random() < 0.97:
            A[j, rng.randrange(m)] = max(A[j, :m].max(), 1) if always else rng.randint(1, hi)
            A[j, m + rng.randrange(s)] = max(A[j, m:m + s].max(), 1) if always else rng.randint(1, hi)
    for _ in range(rng.randint(0, max(1, n // 8))):  # duplicated units
        A[rng.randrange(n)] = A[rng.randrange(n)]
    return A[:, :m], A[:, m:m + s], A[:, m + s:]


def stack(probs):
    """Problems as periods of one panel: X, Y, B and the period of each row."""
    X = np.vstack([p[0] for p in probs])
    Y = np.vstack([p[1] for p in probs])
    B = np.vstack([p[2] for p in probs])
    per = np.concatenate([[k] * p[0].shape[0] for k, p in enumerate(probs)])
    return X, Y, B, per


def run_random(rng, stats, n_prob, cfg, sizes, wide_p, run, report):
    """n_prob random problems (1-3 inputs and outputs, cfg["q"] bad outputs,
    rng.randint(*sizes) units each) as the periods of one panel, scored by
    run(path, m, s, q) (a finished `nqpf` process): X, Y, B, the period of
    each row and the CSV rows; None, reported as cfg["name"] failing, when
    nqpf failed."""
    m, s = rng.randint(1, 3), rng.randint(1, 3)
    X, Y, B, per = stack([gen_problem(rng, rng.randint(*sizes), m, s, cfg["q"], wide_p=wide_p)
                          for _ in range(n_prob)])
    stats["problems"] += n_prob
    with tempfile.TemporaryDirectory() as d:
        r = run(write_panel(d, X, Y, B, per), m, s, cfg["q"])
    if r.returncode != 0:
        report(False, cfg["name"], "nqpf failed: " + r.stderr)
        return None
    return X, Y, B, per, list(csv.DictReader(io.StringIO(r.stdout)))


def write_panel(d, X, Y, B, per=None, env=None):
    """id,t[,env],x0..,y0..,b0.. to d/p.csv (env: a column of cells written
    as given, e.g. --categorical's); returns the path."""
    names = ["x%d" % i for i in range(X.shape[1])] + ["y%d" % i for i in range(Y.shape[1])] + \
            ["b%d" % i for i in range(B.shape[1])]
    path = os.path.join(d, "p.csv")
    with open(path, "w") as f:
        f.write("id,t," + ("env," if env is not None else "") + ",".join(names) + "\n")
        for j in range(X.shape[0]):
            f.write("u%d,%d," % (j, 0 if per is None else per[j]) + ("%s," % env[j] if env is not None else "") +
                    ",".join("%.17g" % v for v in np.r_[X[j], Y[j], B[j]]) + "\n")
    return path


def solve(stats, c, ub, bu, eq, be, bounds, presolve=True):
    """HiGHS on min c.z, ub z <= bu, eq z = be: (status word, objective).
    presolve=False: a second opinion (HiGHS's default tolerances, no
    presolve) where its presolve at HOPT's tolerances called a feasible LP
    infeasible."""
    stats["lps"] += 1
    r = linprog(c, A_ub=np.array(ub) if len(ub) else None, b_ub=bu if len(ub) else None,
                A_eq=np.array(eq) if len(eq) else None, b_eq=be if len(eq) else None,
                bounds=bounds, method="highs", options=HOPT if presolve else {"presolve": False})
    return {0: "ok", 2: "infeasible", 3: "unbounded"}.get(r.status, "error:%d" % r.status), r.fun


def rts_rows(rts, nv, n, ub, bu, eq, be):
    """The returns-to-scale row over [nv score columns, n lambdas]: sum l = 1
    (vrs), <= 1 (nirs), >= 1 (ndrs), none (crs)."""
    row = np.r_[np.zeros(nv), np.ones(n)]
    if rts == "vrs":
        eq.append(row); be.append(1)
    elif rts == "nirs":
        ub.append(row); bu.append(1)
    elif rts == "ndrs":
        ub.append(-row); bu.append(-1)


def radial(stats, cfg, x0, y0, b0, Xr, Yr, Br, retry=True):
    """(status, efficiency) of the radial envelopment LP over [score,
    lambda], cfg's "orient" and "rts": input min theta, sum l v <= theta v0
    (v = x, b), sum l y >= y0; output max phi, sum l v <= v0, sum l y >=
    phi y0, eff = 1/phi.  With retry, HiGHS's "infeasible" is asked again
    without presolve at its default (looser, 1e-7) tolerances, recorded in
    stats["skipped"]."""
    n = Xr.shape[0]
    V0, Vr = np.r_[x0, b0], np.hstack([Xr, Br])
    ub, bu, eq, be = [], [], [], []
    inp = cfg["orient"] == "in"
    for i in range(len(V0)):
        ub.append(np.r_[-V0[i] if inp else 0.0, Vr[:, i]]); bu.append(0.0 if inp else V0[i])
    for r in range(len(y0)):
        ub.append(np.r_[0.0 if inp else y0[r], -Yr[:, r]]); bu.append(-y0[r] if inp else 0.0)
    rts_rows(cfg["rts"], 1, n, ub, bu, eq, be)
    args = (stats, np.r_[1.0 if inp else -1.0, np.zeros(n)], ub, bu, eq, be, [(None, None)] + [(0, None)] * n)
    st, f = solve(*args)
    if st == "infeasible" and retry:
        stats["skipped"].append(st)
        st, f = solve(*args, presolve=False)
    if st != "ok":
        return st, None
    return st, f if inp else (1 / -f if f < 0 else float("inf"))


def ddf_lp(stats, rts, x0, y0, b0, Xr, Yr, Br, gV, gY, common):
    """(status, score) of max beta_x + beta_y over [beta_x, beta_y, lambda]:
    sum l v <= v0 - beta_x gV (v = x, then b), sum l y >= y0 + beta_y gY;
    a side whose direction is all zero keeps its factor at 0.  common: the
    DDF's one beta (beta_x = beta_y, whose sum is 2 beta: the score is
    beta)."""
    n = Xr.shape[0]
    V0, Vr = np.r_[x0, b0], np.hstack([Xr, Br])
    ub, bu, eq, be = [], [], [], []
    for i in range(len(V0)):
        ub.append(np.r_[gV[i], 0.0, Vr[:, i]]); bu.append(V0[i])
    for r in range(len(y0)):
        ub.append(np.r_[0.0, gY[r], -Yr[:, r]]); bu.append(-y0[r])
    rts_rows(rts, 2, n, ub, bu, eq, be)
    if common:
        eq.append(np.r_[1.0, -1.0, np.zeros(n)]); be.append(0.0)
    free_x = not common and not any(gV > 0)
    free_y = not common and not any(gY > 0)
    bounds = [(0, 0 if free_x else None), (0, 0 if free_y else None)] + [(0, None)] * n
    if common:
        bounds[:2] = [(None, None), (None, None)]
    st, f = solve(stats, np.r_[-1.0, -1.0, np.zeros(n)], ub, bu, eq, be, bounds)
    return st, (None if f is None else -f / (2 if common else 1))


def peers_lambdas(row):
    peers = [int(u[1:]) for u in row["peers"].split(";")] if row["peers"] else []
    lam = [float(v) for v in row["lambdas"].split(";")] if row["lambdas"] else []
    return peers, lam


def check_targets(row, X, Y, B):
    """targets = sum_j lambda_j data_j over the reported peers: the list of
    disagreements."""
    peers, lam = peers_lambdas(row)
    bad = []
    for name, arr in (("x", X), ("y", Y), ("b", B)):
        for i in range(arr.shape[1]):
            want = sum(l * arr[j, i] for j, l in zip(peers, lam))
            got = float(row["target_%s%d" % (name, i)])
            if abs(got - want) > 1e-7 * max(1.0, abs(want)):
                bad.append("target_%s%d %r vs sum lambda %r" % (name, i, got, want))
    return bad


def compare_sample(rng, rows, per, n_prob, oracle, stats, name, tol=1e-8, no_verdict=(), extra=None):
    """Every unit of a small problem (period) and 6 of a larger one: the
    oracle's (status, score) = oracle(o, idx) (o the row, idx the rows of its
    period) against the reported row — statuses equal, scores to tol
    relative to max(1, |score|), the targets the sum of lambda data, and
    extra(o, row, score) for more checks.  An oracle status starting with
    "error" or in no_verdict is HiGHS's trouble: recorded in
    stats["skipped"], not compared.  Returns the disagreements."""
    X, Y, B = rows["X"], rows["Y"], rows["B"]
    bad = []
    for k in range(n_prob):
        idx = np.nonzero(per == k)[0]
        sample = idx if len(idx) <= 8 else sorted(rng.sample(list(idx), 6))
        for o in sample:
            st, v = oracle(o, idx)
            if st.startswith("error") or st in no_verdict:
                stats["skipped"].append((name, k, o, st))
                continue
            got = rows["out"][o]
            if got["status"] != st:
                bad.append("problem %d unit %d: status %s, oracle %s (%s)" % (k, o, got["status"], st, v))
                continue
            if st != "ok":
                continue
            g = float(got["efficiency"])
            if abs(g - v) > tol * max(1.0, abs(v)):
                bad.append("problem %d unit %d (n=%d): %r vs oracle %r" % (k, o, len(idx), g, v))
            bad += ["problem %d unit %d: %s" % (k, o, t) for t in check_targets(got, X, Y, B)]
            bad += ["problem %d unit %d: %s" % (k, o, t) for t in (extra(o, got, g) if extra else [])]
    return bad
