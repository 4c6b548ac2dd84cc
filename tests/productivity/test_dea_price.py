#!/usr/bin/python3
"""nqpf dea --economic: cost, revenue, profit (Nerlovian) and profitability
efficiency with per-row prices, and their technical x allocative parts.

1. DataEnvelopmentAnalysis.jl's literals (tests/ref/cases/productivity/
   jl_economic: Cooper-Seiford-Tone's book example, Zofio-Prieto 2006,
   Zofio-Pastor-Aparicio 2013, the package's vector cases), each to its
   printed precision.
2. 600 random problems (ties, zeros, duplicated units, zero prices, unit-
   specific prices; CRS/VRS/NIRS/NDRS for cost and revenue) against the
   textbook LPs written out in full with the bundle as variables and solved
   by scipy's HiGHS:
     cost     min w0.x  s.t. X l <= x, Y l >= y0, rts(l), x >= 0
     revenue  max p0.y  s.t. X l <= x0, Y l >= y, rts(l)
     profit   max p0.y - w0.x s.t. X l <= x, Y l >= y, sum l = 1
     profitability  max p0.y s.t. w0.x = 1, X l <= x, Y l >= y (CRS;
              Charnes-Cooper form of the ratio)
   and the technical scores (radial input / output, DDF) as LPs too.
   Statuses agree; efficiency, technical and allocative to 1e-8; the
   decomposition identities hold; the reported bundle is sum l (x_j, y_j)
   over the peers and costs (earns) the optimum.
3. A sequential frontier on a panel against the same oracle per period,
   and 1 vs 2 threads byte-identical.
4. Bad requests fail with a message and write nothing.
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
from dea_rand import gen_problem, peers_lambdas, solve as hsolve  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF", "tests/ref")
CASE = os.path.join(REF, "cases", "productivity", "jl_economic")
stats = {"problems": 0, "lps": 0}


def run(path, ins, outs, kind, extra=(), env=None):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--inputs", ",".join(ins), "--outputs", ",".join(outs),
            "--economic", kind]
    if kind != "revenue":
        args += ["--input-prices", ",".join("w" + c[1:] for c in ins)]
    if kind != "cost":
        args += ["--output-prices", ",".join("p" + c[1:] for c in outs)]
    return subprocess.run(args + list(extra), capture_output=True, text=True, env=env)


def rows(r):
    return list(csv.DictReader(io.StringIO(r.stdout)))


def num(v):
    return float(v) if v != "" else float("nan")


# 1. published literals -------------------------------------------------
with open(os.path.join(CASE, "expected.csv")) as f:
    expected = list(csv.DictReader(f))
groups = {}
for e in expected:
    groups.setdefault((e["case"], e["kind"], e["rts"], e["direction"]), []).append(e)
for (case, kind, rts, dirn), es in sorted(groups.items()):
    path = os.path.join(CASE, case + ".csv")
    with open(path) as f:
        hdr = f.readline().strip().split(",")
    ins = [c for c in hdr if c.startswith("x")]
    outs = [c for c in hdr if c.startswith("y")]
    extra = ["--rts", rts] + (["--direction", dirn.split("*")[0]] if dirn else [])
    r = run(path, ins, outs, kind, extra)
    got = {row["id"]: row for row in rows(r)}
    scale = 6.0 if dirn == "ones*6" else 1.0  # the monetary direction (SOURCE.txt)
    bad = []
    for e in es:
        lit = e["value"]
        dec = len(lit.split(".")[1]) if "." in lit else 0
        tol = 0.5 * 10 ** -dec if dec else 1e-9
        v = num(got.get(e["unit"], {}).get(e["measure"], "")) * scale
        if not abs(v - float(lit)) <= tol:
            bad.append("%s unit %s: %r vs %s" % (e["measure"], e["unit"], v, lit))
    report(r.returncode == 0 and not bad, "DataEnvelopmentAnalysis.jl %s: %s %s %s (%d literals)" %
           (case, kind, rts, dirn or "", len(es)), (bad, r.stderr))


# 2. random problems against HiGHS ---------------------------------------
INF = float("inf")


def rts_rows(rts, n, nv, ub, bu, eq, be):
    """The returns-to-scale row on the first n of nv variables."""
    if rts == "crs":
        return
    row = [1.0] * n + [0.0] * (nv - n)
    if rts == "vrs":
        eq.append(row), be.append(1.0)
    elif rts == "nirs":
        ub.append(row), bu.append(1.0)
    else:
        ub.append([-v for v in row]), bu.append(-1.0)


def oracle_opt(kind, rts, X, Y, w0, p0, o):
    """The economic optimum with the bundle as variables: (status, value)."""
    n, m = X.shape
    s = Y.shape[1]
    nv = n + m + s  # l, x, y
    ub, bu, eq, be = [], [], [], []
    for i in range(m):  # X l - x <= 0 (revenue: X l <= x0)
        row = [0.0] * nv
        row[:n] = X[:, i]
        if kind == "revenue":
            ub.append(row), bu.append(X[o, i])
        else:
            row[n + i] = -1.0
            ub.append(row), bu.append(0.0)
    for r in range(s):  # y - Y l <= 0 (cost: Y l >= y0)
        row = [0.0] * nv
        row[:n] = -Y[:, r]
        if kind == "cost":
            ub.append(row), bu.append(-Y[o, r])
        else:
            row[n + m + r] = 1.0
            ub.append(row), bu.append(0.0)
    rts_rows(rts, n, nv, ub, bu, eq, be)
    c = np.zeros(nv)
    if kind == "cost":
        c[n:n + m] = w0
    elif kind == "revenue":
        c[n + m:] = -p0
    elif kind == "profit":
        c[n:n + m] = w0
        c[n + m:] = -p0
    else:  # profitability: w0.x = 1
        c[n + m:] = -p0
        eq.append([0.0] * n + list(w0) + [0.0] * s), be.append(1.0)
    st, val = hsolve(stats, c, ub, bu, eq, be, [(0, None)] * nv)
    return st, (val if kind == "cost" else -val) if st == "ok" else None


def oracle_tech(kind, rts, X, Y, o, g=None):
    """Radial input (cost, profitability), output (revenue: 1/phi) or the
    DDF beta in direction g (profit)."""
    n, m = X.shape
    s = Y.shape[1]
    nv = n + 1
    ub, bu, eq, be = [], [], [], []
    for i in range(m):
        row = list(X[:, i]) + [0.0]
        if kind in ("cost", "profitability"):
            row[n] = -X[o, i]
            ub.append(row), bu.append(0.0)
        else:
            row[n] = g[0][i] if kind == "profit" else 0.0
            ub.append(row), bu.append(X[o, i])
    for r in range(s):
        row = [-v for v in Y[:, r]] + [0.0]
        if kind == "revenue":
            row[n] = Y[o, r]
            ub.append(row), bu.append(0.0)
        elif kind == "profit":
            row[n] = g[1][r]
            ub.append(row), bu.append(-Y[o, r])
        else:
            ub.append(row), bu.append(-Y[o, r])
    rts_rows(rts, n, nv, ub, bu, eq, be)
    c = np.zeros(nv)
    c[n] = 1.0 if kind in ("cost", "profitability") else -1.0
    bounds = [(0, None)] * n + [(None, None)]
    st, val = hsolve(stats, c, ub, bu, eq, be, bounds)
    if st != "ok":
        return st, None
    return st, (val if kind in ("cost", "profitability") else (-1.0 / val if kind == "revenue" else -val))


def ratio(a, b):
    return 1.0 if a == 0 and b == 0 else (a / b if b != 0 else float("nan"))


def oracle(kind, rts, X, Y, W, P, o, direction="observed"):
    """(status, eff, technical status, technical, allocative) for row o."""
    w0, p0 = W[o], P[o]
    cost, rev = float(w0 @ X[o]), float(p0 @ Y[o])
    st, opt = oracle_opt(kind, rts, X, Y, w0, p0, o)
    g = (X[o], Y[o]) if direction == "observed" else (np.ones(X.shape[1]), np.ones(Y.shape[1]))
    tst, tech = oracle_tech(kind, rts, X, Y, o, g)
    eff = None
    if st == "ok":
        if kind == "cost":
            eff = ratio(opt, cost)
        elif kind == "revenue":
            eff = ratio(rev, opt)
        elif kind == "profitability":
            eff = ratio(rev / cost if cost > 0 else 0.0, opt)
        else:
            norm = float(p0 @ g[1] + w0 @ g[0])
            gap = opt - (rev - cost)
            if norm > 0:
                eff = gap / norm
            elif gap <= 1e-9 * max(1.0, abs(opt)):
                eff = 0.0
            else:
                st = "unbounded"
    alloc = None
    if st == "ok" and tst == "ok":
        alloc = eff - tech if kind == "profit" else eff / tech
    return st, eff, opt, tst, tech, alloc


def close(a, b, tol=1e-8):
    return (a is None and b != b) or (a is not None and abs(a - b) <= tol * max(1.0, abs(a)))


def write_csv(d, X, Y, W, P, per=None):
    n, m = X.shape
    s = Y.shape[1]
    path = os.path.join(d, "p.csv")
    with open(path, "w") as f:
        f.write("id,t," + ",".join(["x%d" % i for i in range(m)] + ["y%d" % i for i in range(s)] +
                                   ["w%d" % i for i in range(m)] + ["p%d" % i for i in range(s)]) + "\n")
        for j in range(n):
            f.write("u%d,%d," % (j, 0 if per is None else per[j]) +
                    ",".join("%.17g" % v for v in np.r_[X[j], Y[j], W[j], P[j]]) + "\n")
    return path


def gen_prices(rng, n, k):
    """Positive prices, common or unit-specific, some zero columns."""
    common = rng.random() < 0.5
    base = [0.0 if rng.random() < 0.1 else rng.choice([1, 2, 3, 0.5, 7.25]) for _ in range(k)]
    if all(b == 0 for b in base):
        base[0] = 1.0
    return np.array([[b if common else (b * rng.choice([0.5, 1, 2, 3]) if b else 0.0) for b in base]
                     for _ in range(n)])


def check_problem(kind, rts, X, Y, W, P, got, bad, tag):
    for o in range(X.shape[0]):
        row = got.get("u%d" % o)
        want = oracle(kind, rts, X, Y, W, P, o)
        if row is None:
            bad.append("%s u%d: no row" % (tag, o))
            continue
        st, eff, opt, tst, tech, alloc = want
        seen[st + "/" + tst] = seen.get(st + "/" + tst, 0) + 1
        if row["status"] != st or row["technical_status"] != tst:
            bad.append("%s u%d: status %s/%s vs %s/%s" % (tag, o, row["status"], row["technical_status"], st, tst))
            continue
        e, t, a = num(row["efficiency"]), num(row["technical"]), num(row["allocative"])
        if not (close(eff, e) and close(tech, t) and close(alloc, a)):
            bad.append("%s u%d: eff/tech/alloc %r %r %r vs %r %r %r" % (tag, o, e, t, a, eff, tech, alloc))
            continue
        if st == "ok":
            peers, lam = peers_lambdas(row)
            tx = sum(l * X[j] for j, l in zip(peers, lam)) if peers else np.zeros(X.shape[1])
            ty = sum(l * Y[j] for j, l in zip(peers, lam)) if peers else np.zeros(Y.shape[1])
            val = {"cost": W[o] @ tx, "revenue": P[o] @ ty, "profit": P[o] @ ty - W[o] @ tx}.get(kind)
            if kind == "profitability":
                val = (P[o] @ ty) / (W[o] @ tx) if peers and W[o] @ tx > 0 else 0.0
            if not close(opt, float(val), 1e-7) or not close(opt, num(row["optimum"]), 1e-8):
                bad.append("%s u%d: bundle value %r, optimum %r vs %r" % (tag, o, val, row["optimum"], opt))


rng = random.Random(20261205)
KINDS = [("cost", r) for r in ("crs", "vrs", "nirs", "ndrs")] + [("revenue", r) for r in ("crs", "vrs", "nirs",
                                                                                           "ndrs")] + \
        [("profit", "vrs"), ("profitability", "crs")]
bad_all = []
per_kind = {}
seen = {}  # statuses (economic/technical) met, so the report shows the edge cases were there
with tempfile.TemporaryDirectory() as d:
    for it in range(600):
        kind, rts = KINDS[it % len(KINDS)]
        n, m, s = rng.randint(2, 12), rng.randint(1, 3), rng.randint(1, 3)
        X, Y, _ = gen_problem(rng, n, m, s, 0)
        W, P = gen_prices(rng, n, m), gen_prices(rng, n, s)
        path = write_csv(d, X, Y, W, P)
        r = run(path, ["x%d" % i for i in range(m)], ["y%d" % i for i in range(s)], kind,
                ["--rts", rts, "--peers"])
        stats["problems"] += 1
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if r.returncode != 0:
            bad_all.append("problem %d %s %s: %s" % (it, kind, rts, r.stderr))
            continue
        got = {row["id"]: row for row in rows(r)}
        check_problem(kind, rts, X, Y, W, P, got, bad_all, "problem %d %s-%s" % (it, kind, rts))
kinds = ", ".join("%s %d" % kv for kv in sorted(per_kind.items()))
statuses = ", ".join("%s %d" % kv for kv in sorted(seen.items()))
report(not bad_all and len(seen) > 2, "%d random problems (%s) vs HiGHS (%d LPs): statuses (%s), efficiency, "
       "technical, allocative to 1e-8, bundles" % (stats["problems"], kinds, stats["lps"], statuses),
       "\n".join(bad_all[:20]))

# 3. a sequential panel; threads -----------------------------------------
with tempfile.TemporaryDirectory() as d:
    T, n, m, s = 3, 7, 2, 2
    Xs, Ys = [], []
    for t in range(T):
        X, Y, _ = gen_problem(rng, n, m, s, 0, always=True)
        Xs.append(X), Ys.append(Y)
    X, Y = np.vstack(Xs), np.vstack(Ys)
    W, P = gen_prices(rng, T * n, m), gen_prices(rng, T * n, s)
    per = np.repeat(np.arange(T), n)
    path = write_csv(d, X, Y, W, P, per)
    ins, outs = ["x0", "x1"], ["y0", "y1"]
    bad = []
    for kind, rts in (("cost", "vrs"), ("revenue", "crs"), ("profit", "vrs"), ("profitability", "crs")):
        r = run(path, ins, outs, kind, ["--rts", rts, "--period", "t", "--frontier", "sequential", "--peers"])
        got = {row["id"]: row for row in rows(r)}
        for t in range(T):
            k = (t + 1) * n  # the reference rows of period t: periods 0..t
            sub = {"u%d" % (o - t * n): got.get("u%d" % o) for o in range(t * n, k)}
            # the oracle sees period t's rows first, then the earlier periods
            order = list(range(t * n, k)) + list(range(0, t * n))
            Xo, Yo, Wo, Po = X[order], Y[order], W[order], P[order]
            fixed = {}
            for key, row in sub.items():
                if row is None:
                    continue
                row = dict(row)
                peers, lam = peers_lambdas(row)
                row["peers"] = ";".join("u%d" % order.index(j) for j in peers)
                row["lambdas"] = ";".join(repr(v) for v in lam)
                fixed[key] = row
            for o in range(n):
                want = oracle(kind, rts, Xo, Yo, Wo, Po, o)
                row = fixed.get("u%d" % o)
                if row is None or row["status"] != want[0] or not close(want[1], num(row["efficiency"])) or \
                        not close(want[4], num(row["technical"])):
                    bad.append("%s period %d unit %d: %r vs %r" % (kind, t, o, row and (row["status"],
                               row["efficiency"], row["technical"]), want))
        e1 = dict(os.environ, OMP_NUM_THREADS="1")
        e2 = dict(os.environ, OMP_NUM_THREADS="2")
        r1 = run(path, ins, outs, kind, ["--rts", rts, "--period", "t", "--frontier", "sequential"], e1)
        r2 = run(path, ins, outs, kind, ["--rts", rts, "--period", "t", "--frontier", "sequential"], e2)
        if r1.stdout != r2.stdout or r1.returncode:
            bad.append("%s: 1 and 2 threads differ" % kind)
    report(not bad, "sequential frontier per period vs HiGHS; 1 vs 2 threads identical", "\n".join(bad[:20]))

# 4. bad requests -----------------------------------------------------------
zp = os.path.join(CASE, "zofio_prieto.csv")
base = [NQPF, "dea", "--data", zp, "--unit", "id", "--inputs", "x1,x2", "--outputs", "y1,y2"]
cases = [
    (["--economic", "cost"], "--input-prices: 0 price columns for 2 inputs (--economic cost)"),
    (["--economic", "cost", "--input-prices", "w1"], "--input-prices: 1 price columns for 2 inputs"),
    (["--economic", "cost", "--input-prices", "w1,w2", "--output-prices", "p1,p2"], "--output-prices: 2 price columns for 0 outputs (--economic cost)"),
    (["--economic", "revenue", "--input-prices", "w1,w2", "--output-prices", "p1,p2"], "--input-prices: 2 price columns for 0 inputs (--economic revenue)"),
    (["--economic", "profit", "--input-prices", "w1,w2", "--output-prices", "p1,p2"], "needs vrs"),
    (["--economic", "profitability", "--rts", "vrs", "--input-prices", "w1,w2", "--output-prices", "p1,p2"],
     "crs technology"),
    (["--economic", "cost", "--input-prices", "w1,w2", "--model", "sbm"], "takes no --model"),
    (["--economic", "cost", "--input-prices", "w1,nope"], "nope"),
    (["--input-prices", "w1,w2"], "--input-prices needs --economic cost, revenue, profit or profitability"),
]
with tempfile.TemporaryDirectory() as d:
    neg = os.path.join(d, "neg.csv")
    with open(zp) as f, open(neg, "w") as g:
        g.write(f.read().replace("5,3,7,4,2,1", "5,3,7,4,-2,1"))
    for extra, want in cases:
        out = os.path.join(d, "o.csv")
        r = subprocess.run(base + extra + ["--out", out], capture_output=True, text=True)
        report(r.returncode != 0 and want in r.stderr and r.stderr.startswith("nqpf: ") and not os.path.exists(out),
               "refused: %s" % " ".join(extra), r.stderr)
    r = subprocess.run([NQPF, "dea", "--data", neg, "--unit", "id", "--inputs", "x1,x2", "--outputs", "y1,y2",
                        "--economic", "cost", "--input-prices", "w1,w2"], capture_output=True, text=True)
    report(r.returncode != 0 and "neg.csv:2:" in r.stderr, "a negative price is an error at its FILE:LINE:COL",
           r.stderr)
finish()
