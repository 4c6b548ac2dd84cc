#!/usr/bin/python3
"""nqpf threshold on Hansen's (1999) data against the published threshold
and an independent numpy implementation (within transformation and least
squares per candidate, written here):

- gamma_1 = 0.0157, the published estimate, by the exact search;
- SSR(g) of the sweep (from the LR curve) equals a least-squares fit at 60
  candidates spread over the range, and no candidate fits better (1e-10);
- the regime slopes and the other coefficients equal the fixed-effects OLS
  with the sample split at gamma_1 (1e-10), iid standard errors with
  df = n - N - K (1e-8); F_1 as (SSR_0 - SSR_1) / (SSR_1 / (n - N));
- the second threshold given the first equals a brute-force search over a
  sample of candidates; the bootstrap is the same for 1 and 2 threads;
- bad input: clear errors, nothing written.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
DATA = os.path.join(REF, "econ", "hansen1999.csv")
X = ["q1", "q2", "q3", "d1", "qd1"]
BASE = ["threshold", "--data", DATA, "--unit", "id", "--period", "year", "--y", "i", "--x", ",".join(X),
        "--rx", "c1", "--q", "d1"]


def run(args, env=None):
    return subprocess.run([NQPF] + args, capture_output=True, text=True, env=env)


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


rows = list(csv.DictReader(open(DATA)))
ids = np.array([int(r["id"]) for r in rows])
y = np.array([float(r["i"]) for r in rows])
Xm = np.array([[float(r[c]) for c in X] for r in rows])
c1 = np.array([float(r["c1"]) for r in rows])
q = np.array([float(r["d1"]) for r in rows])
units, inv = np.unique(ids, return_inverse=True)
N, n = len(units), len(rows)


def within(v):
    v = np.asarray(v, dtype=float)
    if v.ndim == 1:
        return v - (np.bincount(inv, v) / np.bincount(inv))[inv]
    return np.column_stack([within(v[:, j]) for j in range(v.shape[1])])


yw, Xw = within(y), within(Xm)


def ssr_at(gammas):
    """SSR of the FE model with thresholds gammas (regimes of c1)."""
    g = sorted(gammas)
    cols = [Xw]
    edges = [-np.inf] + g + [np.inf]
    for a, b in zip(edges[:-1], edges[1:]):
        cols.append(within(np.where((q > a) & (q <= b), c1, 0.0))[:, None])
    W = np.column_stack(cols)
    beta, *_ = np.linalg.lstsq(W, yw, rcond=None)
    e = yw - W @ beta
    return float(e @ e), beta, W, e


with tempfile.TemporaryDirectory() as tmp:
    out, st, lr = (os.path.join(tmp, f) for f in ("c.csv", "s.csv", "lr.csv"))
    r = run(BASE + ["--out", out, "--stats", st, "--lr", lr])
    if r.returncode:
        report(False, "nqpf threshold runs on Hansen (1999)", r.stderr)
        finish()
    stats = {row["statistic"]: float(row["value"]) for row in csv.DictReader(open(st))}
    coef = {row["term"]: row for row in csv.DictReader(open(out))}
    curve = [(float(row["gamma"]), float(row["lr"])) for row in csv.DictReader(open(lr))]
    g1 = stats["gamma1"]
    report(round(g1, 4) == 0.0157, "Hansen (1999): gamma_1 = 0.0157 (published) by the exact search, got %.6f" % g1)

    s1, beta, W, e = ssr_at([g1])
    W0 = np.column_stack([Xw, within(c1)])
    b0, *_ = np.linalg.lstsq(W0, yw, rcond=None)
    s0 = float(np.sum((yw - W0 @ b0) ** 2))
    report(rel(stats["ssr1"], s1) < 1e-10 and rel(stats["ssr0"], s0) < 1e-10,
           "SSR_0 and SSR_1 equal least squares (%.3g, %.3g)" % (rel(stats["ssr0"], s0), rel(stats["ssr1"], s1)))
    sig = s1 / (n - N)
    F = (s0 - s1) / sig
    report(rel(stats["F1"], F) < 1e-9, "F_1 = (SSR_0 - SSR_1) / (SSR_1 / (n - N)) = %.6f" % F)

    # SSR(g) along the curve against least squares, and gamma_1 is its minimum
    idx = np.linspace(0, len(curve) - 1, 60).astype(int)
    worst, better = 0.0, 0
    for k in idx:
        g, lrv = curve[k]
        s_g = ssr_at([g])[0]
        worst = max(worst, rel(stats["ssr1"] + lrv * stats["sigma2_1"], s_g))
        better += s_g < s1 * (1 - 1e-12)
    report(worst < 1e-10 and better == 0 and len(curve) == stats["candidates"],
           "SSR(g) of the sweep = least squares at 60 candidates (worst %.2e), none below SSR_1; %d candidates"
           % (worst, len(curve)))
    lo, hi = stats["gamma1_lo"], stats["gamma1_hi"]
    inside = [g for g, lrv in curve if lrv <= stats["lr_crit"]]
    report(lo == min(inside) and hi == max(inside) and lo <= g1 <= hi and abs(stats["lr_crit"] - 7.352276694155739) < 1e-12,
           "LR confidence set: [%.5f, %.5f] = the candidates with LR <= -2 ln(1 - sqrt(0.95))" % (lo, hi))

    # coefficients: within OLS with the split regressors, iid se with df = n - N - K
    K = W.shape[1]
    V = (s1 / (n - N - K)) * np.linalg.inv(W.T @ W)
    names = X + ["c1_r1", "c1_r2"]
    wb = max(rel(float(coef[t]["estimate"]), beta[j]) for j, t in enumerate(names))
    ws = max(rel(float(coef[t]["se"]), np.sqrt(V[j, j])) for j, t in enumerate(names))
    report(wb < 1e-10 and ws < 1e-8, "regime slopes and coefficients = FE OLS split at gamma_1 (%.2e), se (%.2e)" % (wb, ws))

    # the second threshold given the first: brute force over a sample of candidates
    r = run(BASE + ["--n", "2", "--out", out, "--stats", st, "--lr", lr, "--force"])
    stats2 = {row["statistic"]: float(row["value"]) for row in csv.DictReader(open(st))}
    g2 = [stats2["gamma1"], stats2["gamma2"]]
    s2 = ssr_at(g2)[0]
    cands = np.unique(q)
    trimmed = cands[(cands >= np.sort(q)[int(np.ceil(0.01 * n)) - 1]) & (cands <= np.sort(q)[n - int(np.ceil(0.01 * n)) - 1])]
    sample = trimmed[np.linspace(0, len(trimmed) - 1, 80).astype(int)]
    other = g2[0] if abs(g2[0] - g1) > abs(g2[1] - g1) else g2[1]
    fixed = g2[1] if other == g2[0] else g2[0]
    nb = sum(1 for g in sample if abs(np.sum(q <= g) - np.sum(q <= fixed)) >= np.ceil(0.01 * n)
             and ssr_at([fixed, g])[0] < s2 * (1 - 1e-12))
    report(r.returncode == 0 and rel(stats2["ssr2"], s2) < 1e-10 and nb == 0,
           "double threshold (%.4f, %.4f): SSR_2 = least squares, no sampled second threshold fits better; "
           "Hansen's published 0.5362 comes from a coarser search (the exact one gives %.4f)" % (g2[0], g2[1], g2[1]))

    # bootstrap: identical for 1 and 2 threads; p-value and critical values sane
    outs = []
    for th in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=th)
        p = os.path.join(tmp, "b%s.csv" % th)
        rb = run(BASE + ["--bootstrap", "60", "--seed", "7", "--out", os.path.join(tmp, "c%s.csv" % th), "--stats", p],
                 env=env)
        outs.append(open(p, "rb").read() if rb.returncode == 0 else rb.stderr.encode())
    sb = {row["statistic"]: float(row["value"]) for row in csv.DictReader(io.StringIO(outs[0].decode()))}
    report(outs[0] == outs[1] and 0 <= sb["F1_p"] <= 1 and sb["F1_crit90"] <= sb["F1_crit95"] <= sb["F1_crit99"],
           "bootstrap (B = 60): byte-identical for 1 and 2 threads, p = %s" % sb.get("F1_p"))

    # bad input: errors with their exit codes, nothing written
    def bad(args, code, pattern, name, data_text=None):
        path = DATA
        if data_text is not None:
            path = os.path.join(tmp, "bad.csv")
            open(path, "w").write(data_text)
        o = os.path.join(tmp, "never.csv")
        a = [x if x != DATA else path for x in BASE]
        for k in range(0, len(args), 2):  # replace an option of BASE, or add it
            if args[k] in a:
                a[a.index(args[k]) + 1] = args[k + 1]
            else:
                a += args[k:k + 2]
        a += ["--out", o]
        rr = run(a)
        report(rr.returncode == code and pattern in rr.stderr and not os.path.exists(o), name, rr.stderr)

    few = "id,year,i,q1,q2,q3,d1,qd1,c1\n" + "".join(
        "%d,%d,%g,%d,%g,%d,%d,%d,%g\n" % (u, t, (u * 7 + t) % 5, (u * t) % 7, (u + t * 3) % 4, (u + t) % 3,
                                          t == 4, (u * 5 + t) % 6, (u * t) % 3 + 0.5)
        for u in range(1, 6) for t in range(1, 5))
    bad(["--trim", "0.45"], 6, "no value", "a threshold variable with too few distinct values for the trim: exit 6",
        few)
    unbal = "id,year,i,q1,q2,q3,d1,qd1,c1\n" + "".join(
        "%d,%d,%g,%g,%g,%g,%g,%g,%g\n" % (u, t, (u * 7 + t) % 5, t, (u + t) % 4, u * t % 7, (u * 13 + t * 7) % 11,
                                          (u + 2 * t) % 3, (u * t) % 5 + 0.5)
        for u in range(1, 12) for t in range(1, 9) if not (u == 3 and t == 8))
    bad(["--bootstrap", "10"], 5, "balanced panel", "bootstrap on an unbalanced panel: exit 5", unbal)
    bad(["--n", "4"], 2, "1, 2 or 3", "--n 4: exit 2")
    bad(["--rx", "d1"], 2, "both --rx and --q", "the threshold variable as regime regressor: exit 2")
    bad(["--q", "dd1"], 5, "no column 'dd1'", "an unknown threshold column is named: exit 5")

finish()
