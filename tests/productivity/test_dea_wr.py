#!/usr/bin/python3
"""nqpf dea --weight-bounds VAR=LO:HI and --virtual VAR=LO:HI: absolute
bounds on the radial model's multiplier weights (under its normalisation:
v.x0 = 1 input-, u.y0 = 1 output-oriented) and Wong-Beasley (1990)
restrictions on the shares of the virtual input (output).

The oracle is the MULTIPLIER LP itself, written here and solved by scipy's
HiGHS: variables v, u and the free term; the absolute bounds as variable
bounds, a virtual share as two rows z_v0 w_v - HI sum_k z_k0 w_k <= 0 and
LO sum_k z_k0 w_k - z_v0 w_v <= 0 over the variable's side, the assurance
regions of --ar (combined in a third kind) as ratio rows.  nqpf solves the
envelopment LP with one dual column per bound instead.  For >= 500 random
problems per kind (input and output orientation x crs/vrs/nirs/ndrs; integer
data with ties, zeros and duplicated units; bounds drawn so that some units
have no feasible weights) every unit's status agrees (HiGHS infeasible =
nqpf infeasible), the scores agree to 1e-8, and the weights nqpf prints
(--weights) are feasible for the restricted multiplier LP and give its
score; likewise with --super (crs, vrs; the unit's own row left out) and,
for problems of 90-160 units, against the frame and --no-frame.  Hand cases: four units on one output, derived by hand in the
comments below.  No published table with absolute or virtual restrictions
was found (searched: pyDEA's tests check only that the weights are within
the limits, deaR/MultiplierDEA examples have ratio bounds only).
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
from dea_rand import gen_problem, solve, stack, write_panel  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
rng = random.Random(20261205)
FREE = {"crs": (0, 0), "vrs": (None, None), "nirs": (0, None), "ndrs": (None, 0)}


def multiplier(orient, rts, r, x0, y0, Xr, Yr):
    """The restricted multiplier LP of one unit over [v, u, free term]:
    (status, score theta or phi)."""
    n, m, s = Xr.shape[0], Xr.shape[1], Yr.shape[1]
    d = m + s
    z0 = np.r_[x0, y0]
    ub = [np.r_[-Xr[j], Yr[j], -1] for j in range(n)]  # u.y_j - v.x_j - u0 <= 0
    bu = [0.0] * n
    for a, b, lo, hi in r["ar"]:
        ub += [np.r_[np.eye(d)[a] - hi * np.eye(d)[b], 0], np.r_[lo * np.eye(d)[b] - np.eye(d)[a], 0]]
        bu += [0.0, 0.0]
    for v, lo, hi in r["vw"]:
        side = np.zeros(d)
        ks = list(range(m) if v < m else range(m, d))
        side[ks] = z0[ks]
        own = np.zeros(d)
        own[v] = z0[v]
        if hi < np.inf:
            ub.append(np.r_[own - hi * side, 0])
            bu.append(0.0)
        ub.append(np.r_[lo * side - own, 0])
        bu.append(0.0)
    bounds = [(0, None)] * d + [FREE[rts]]
    for v, lo, hi in r["wb"]:  # two bounds on one weight: both hold
        was = bounds[v]
        top = min(hi, np.inf if was[1] is None else was[1])
        bounds[v] = (max(lo, was[0]), None if np.isinf(top) else top)
    inp = orient == "in"
    c = np.r_[np.zeros(m), -y0, 1] if inp else np.r_[x0, np.zeros(s), 1]
    eq = [np.r_[x0, np.zeros(s), 0]] if inp else [np.r_[np.zeros(m), y0, 0]]
    st, f = solve(stats, c, ub, bu, eq, [1], bounds)
    return st, (-f if inp else f) if st == "ok" else None


def fmt(x):
    return "" if np.isinf(x) else repr(x)


def draw(kind, m, s, X, Y):
    """Random restrictions of a kind: wb (absolute bounds, on the scale of
    1 / mean of the variable so that some units cannot meet them), vw
    (virtual shares), ar+ (both, with an assurance region)."""
    r = {"wb": [], "vw": [], "ar": []}
    Z = np.c_[X, Y]
    for _ in range(rng.randint(1, 2)):
        v = rng.randrange(m + s)
        if kind in ("wb", "ar+"):
            sc = 1.0 / max(Z[:, v].mean(), 1e-9)
            lo = rng.choice([0.0, round(rng.uniform(0.05, 1.2) * sc, 6)])
            hi = rng.choice([np.inf, round(lo + rng.uniform(0.1, 2) * sc, 6)])
            r["wb"].append((v, lo, hi))
        if kind in ("vw", "ar+"):
            lo = rng.choice([0.0, round(rng.uniform(0.05, 0.7), 3)])
            hi = rng.choice([1.0, np.inf, round(min(1.0, lo + rng.uniform(0, 0.6)), 3)])
            r["vw"].append((v, lo, hi))
    if kind == "ar+" and m >= 2:
        a, b = rng.sample(range(m), 2)
        r["ar"].append((a, b, round(rng.uniform(0, 1), 3), round(rng.uniform(1, 4), 3)))
    return r


def args(r, m):
    name = lambda v: "x%d" % v if v < m else "y%d" % (v - m)  # noqa: E731
    out = []
    for opt, key in (("--weight-bounds", "wb"), ("--virtual", "vw")):
        if r[key]:
            out += [opt, ",".join("%s=%s:%s" % (name(v), fmt(lo) if lo else "", fmt(hi)) for v, lo, hi in r[key])]
    if r["ar"]:
        out += ["--ar", ",".join("%s/%s=%r:%r" % (name(a), name(b), lo, hi) for a, b, lo, hi in r["ar"])]
    return out


def weights_ok(orient, r, row, o, idx, X, Y, m, s, score):
    """The printed weights: non-negative, within every restriction, feasible
    for every reference unit idx, normalised, and giving the score."""
    w = np.r_[[float(row["v_x%d" % i]) for i in range(m)], [float(row["u_y%d" % i]) for i in range(s)]]
    f = float(row["u0" if orient == "in" else "v0"])
    z0 = np.r_[X[o], Y[o]]
    sc = max(1.0, np.abs(w).max(), abs(f))
    tol = 1e-9 * sc
    why = []
    if w.min() < -tol:
        why.append("negative weight")
    for v, lo, hi in r["wb"]:
        if w[v] < lo - 1e-9 * max(1, lo) or w[v] > hi + 1e-9 * max(1, hi):
            why.append("bound %d [%r, %r] broken by %r" % (v, lo, hi, w[v]))
    for v, lo, hi in r["vw"]:
        side = range(m) if v < m else range(m, m + s)
        tot = sum(w[k] * z0[k] for k in side)
        up = hi < np.inf and w[v] * z0[v] > hi * tot + tol * max(1, z0.max())
        if up or w[v] * z0[v] < lo * tot - tol * max(1, z0.max()):
            why.append("share of %d [%r, %r] broken: weights %r at %r" % (v, lo, hi, list(w), list(z0)))
    for a, b, lo, hi in r["ar"]:
        if w[a] - hi * w[b] > tol or lo * w[b] - w[a] > tol:
            why.append("ratio %d/%d broken" % (a, b))
    viol = max(Y[j] @ w[m:] - X[j] @ w[:m] - f for j in idx)
    if viol > 1e-9 * max(1.0, X[idx].max() * np.abs(w).max()):
        why.append("multiplier row violated by %r" % viol)
    norm, val = (X[o] @ w[:m], Y[o] @ w[m:] - f) if orient == "in" else (Y[o] @ w[m:], X[o] @ w[:m] + f)
    if abs(norm - 1) > 1e-9 or abs(val - score) > 1e-8 * max(1.0, abs(score)):
        why.append("normalisation %r, score from the weights %r vs %r" % (norm, val, score))
    return why


def run_config(kind, orient, rts, n_prob, big=False, sup=False):
    """n_prob random problems with one draw of restrictions; big: 90-160
    units each, so that nqpf scores against the frame (dea.h), and the same
    scores and statuses again with --no-frame; sup: super-efficiency, the
    unit's own multiplier row left out (no weights, or an unbounded
    multiplier LP, is nqpf's infeasible then)."""
    m, s = rng.randint(2, 3), rng.randint(1, 3)
    probs = [gen_problem(rng, rng.randint(90, 160) if big else int(4 + 40 * rng.random() ** 3), m, s, 0,
                         wide_p=0, always=True) for _ in range(n_prob)]
    X, Y, B, per = stack(probs)
    r = draw(kind, m, s, X, Y)
    stats["problems"][kind] += n_prob
    name = "%s radial %s %s %s%s" % (kind, rts, orient, " ".join(args(r, m)), " (frame)" if big else " --super" if sup else "")
    nx, ny = ["x%d" % i for i in range(m)], ["y%d" % i for i in range(s)]
    with tempfile.TemporaryDirectory() as d:
        path = write_panel(d, X, Y, B, per)
        cmd = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs", ",".join(nx),
               "--outputs", ",".join(ny), "--rts", rts, "--orient", orient, "--weights"] + args(r, m) + (["--super"] if sup else [])
        p = subprocess.run(cmd, capture_output=True, text=True)
        q = subprocess.run(cmd + ["--no-frame"], capture_output=True, text=True) if big else None
    if big:
        a = [(e["status"], e["efficiency"]) for e in csv.DictReader(io.StringIO(p.stdout))]
        b = [(e["status"], e["efficiency"]) for e in csv.DictReader(io.StringIO(q.stdout))]
        report(len(a) == len(per) and len(b) == len(a) and
               all(x[0] == y[0] and (x[0] != "ok" or abs(float(x[1]) - float(y[1])) <= 1e-9) for x, y in zip(a, b)),
               "%s: the frame gives the scores and statuses of --no-frame" % name, q.stderr)
    if p.returncode != 0:
        report(False, name, p.stderr)
        return
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    bad = []
    for k in range(n_prob):
        idx = list(np.nonzero(per == k)[0])
        for o in idx:
            ref = [j for j in idx if j != o] if sup else idx
            st, want = multiplier(orient, rts, r, X[o], Y[o], X[ref], Y[ref])
            if st.startswith("error"):
                stats["skipped"] += 1
                continue
            row = rows[o]
            # no weights (an unbounded envelopment LP) or, under super-efficiency, an
            # unbounded multiplier LP (an infeasible envelopment LP): infeasible;
            # super-efficiency with phi <= 0 has no finite score: unbounded (dea.h)
            if st == "ok" and orient == "out" and want <= 1e-12:
                st = "unbounded"
            elif st != "ok":
                st = "infeasible"
            if row["status"] != st:
                bad.append("problem %d unit %d: status %s, HiGHS %s %r" % (k, o, row["status"], st, want))
                continue
            stats["status"][st] = stats["status"].get(st, 0) + 1
            if st != "ok":
                continue
            got = float(row["efficiency"] if orient == "in" else row["phi"])
            if abs(got - want) > 1e-8 * max(1.0, abs(want)):
                bad.append("problem %d unit %d: %r vs HiGHS multiplier LP %r" % (k, o, got, want))
            bad += ["problem %d unit %d: %s" % (k, o, w) for w in weights_ok(orient, r, row, o, ref, X, Y, m, s, got)]
    report(not bad, "%s: %d problems agree with the HiGHS multiplier LP" % (name, n_prob), "\n".join(bad[:20]))


stats = {"problems": {"wb": 0, "vw": 0, "ar+": 0}, "lps": 0, "skipped": 0, "status": {}}
cfgs = [(o, rts) for rts in ("crs", "vrs", "nirs", "ndrs") for o in ("in", "out")]
for kind in ("wb", "vw", "ar+"):
    for o, rts in cfgs:
        for _ in range(3):  # three draws of restrictions per configuration
            run_config(kind, o, rts, 21)
        run_config(kind, o, rts, 2, big=True)
    for o, rts in (("in", "crs"), ("out", "crs"), ("in", "vrs"), ("out", "vrs")):
        run_config(kind, o, rts, 12, sup=True)
for kind, n in stats["problems"].items():
    report(n >= 500, "%s: at least 500 random problems (%d)" % (kind, n))
report(stats["status"].get("infeasible", 0) >= 50 and stats["status"].get("ok", 0) >= 1000,
       "both outcomes are exercised (%r units, %d HiGHS LPs)" % (stats["status"], stats["lps"]))
report(stats["skipped"] <= stats["lps"] // 100, "HiGHS failures are rare (%d)" % stats["skipped"])

# Hand cases: one output (1 for all), inputs A (1, 4), B (4, 1), C (2, 2),
# D (3, 3); crs, input orientation.  Unrestricted A, B, C score 1, D 2/3.
#  --weight-bounds x0=0.3: (v1 >= 0.3 with v.x0 = 1):
#   A: v2 = (1 - v1)/4, the rows give u = min(1, 1/4 + 15 v1/4, 1/2 + 3 v1/2,
#      3/4 + 9 v1/4) = 1 for v1 >= 1/3: 1.
#   B: v2 = 1 - 4 v1 >= 0 needs v1 <= 1/4 < 0.3: no weights, infeasible.
#   C: v1 in [0.3, 0.5]: u = min(2 - 3 v1, 1/2 + 3 v1, 1, 3/2) = 1: 1.
#   D: v1 in [0.3, 1/3]: u = min(4/3 - 3 v1, 1/3 + 3 v1, 2/3), the first
#      decreasing: at v1 = 0.3, 13/30.
#  --virtual x0=:0.2 (v1 x1 <= 0.2 v.x0):
#   A: v1 <= 0.2, u = min(1, 1/4 + 15 v1/4, 1/2 + 3 v1/2, ...) at 0.2 = 0.8.
#   B: 4 v1 <= 0.2, every row >= 1: 1.
#   C: v1 <= 0.1, u = min(2 - 3 v1, 1/2 + 3 v1, 1) at 0.1 = 0.8.
#   D: v1 <= 1/15, u = min(4/3 - 3 v1, 1/3 + 3 v1, 2/3) at 1/15 = 8/15.
HAND = "id,x0,x1,y0\nA,1,4,1\nB,4,1,1\nC,2,2,1\nD,3,3,1\n"
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "h.csv")
    with open(path, "w") as f:
        f.write(HAND)
    base = [NQPF, "dea", "--data", path, "--unit", "id", "--inputs", "x0,x1", "--outputs", "y0"]

    def effs(extra):
        p = subprocess.run(base + extra, capture_output=True, text=True)
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
        return [(r["status"], float(r["efficiency"]) if r["status"] == "ok" else None) for r in rows], p

    for extra, want in ((["--weight-bounds", "x0=0.3:"], [1, None, 1, 13 / 30]),
                        (["--virtual", "x0=:0.2"], [0.8, 1, 0.8, 8 / 15]),
                        (["--virtual", "x0=:0.2", "--slacks"], [0.8, 1, 0.8, 8 / 15]),
                        (["--weight-bounds", "x0=0.3:", "--slacks"], [1, None, 1, 13 / 30])):
        got, p = effs(extra)
        ok = len(got) == 4 and all((w is None and g == ("infeasible", None)) or
                                   (w is not None and g[0] == "ok" and abs(g[1] - w) < 1e-12)
                                   for g, w in zip(got, want))
        report(ok, "hand case %s: %r" % (" ".join(extra), want), repr(got) + p.stderr)
    # bounds that never bind leave the scores alone
    plain, _ = effs([])
    for extra in (["--weight-bounds", "x0=0:"], ["--virtual", "x0=0:1,y0=:"], ["--weight-bounds", "x1=:1e9"]):
        got, p = effs(extra)
        report(len(got) == 4 and all(abs(a[1] - b[1]) < 1e-12 for a, b in zip(got, plain)),
               "never binding: %s" % " ".join(extra), repr(got) + p.stderr)
    for extra, what in ((["--weight-bounds", "x0=2:1"], "0 <= lo <= hi"),
                        (["--virtual", "x0=1.5:"], "0 <= lo <= 1"),
                        (["--weight-bounds", "z=1:2"], "must be VAR=LO:HI"),
                        (["--virtual", "x0=0.1"], "must be VAR=LO:HI"),
                        (["--virtual", "x0=a:"], "must be VAR=LO:HI"),
                        (["--weight-bounds", "x0=0.1:", "--model", "sbm"], "radial model"),
                        (["--virtual", "x0=0.1:", "--fixed", "x1"], "without --fixed"),
                        (["--weight-bounds", "x0=0.1:", "--bootstrap", "20"], "weight restrictions"),
                        (["--virtual", "x0=0.1:", "--rts-test", "20"], "weight restrictions"),
                        (["--virtual", "x0=0.1:", "--economic", "cost", "--input-prices", "x0,x1"],
                         "takes no --virtual")):
        p = subprocess.run(base + extra, capture_output=True, text=True)
        report(p.returncode != 0 and what in p.stderr and p.stdout == "", "refused: %s" % " ".join(extra), p.stderr)
finish()
