#!/usr/bin/python3
"""nqpf dea --meta: meta-frontier and technology gap ratios (O'Donnell, Rao &
Battese 2008) against envelopment LPs written out here and solved by scipy's
HiGHS, and against exact FDH enumeration.

For random panels (2-4 groups, 1-3 periods, contemporaneous and sequential
frontiers, ties and duplicated units): each row's group score is the LP over
the rows of its group (and the frontier's periods), its meta score the LP
over all groups; tgr = meta / group (DDF: gap = meta - group) and never
above 1 (below 0).  Scores to 1e-8.
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction as F

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
HOPT = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
rng = random.Random(4242)


def lp_score(model, rts, orient, X, Y, o_x, o_y):
    """Radial (in/out) or DDF (g = (0, y0)) score of (o_x, o_y) against rows X, Y."""
    n, m = X.shape
    s = Y.shape[1]
    A, b = [], []
    c = np.zeros(n + 1)
    if model == "radial" and orient == "in":
        c[0] = 1
        for i in range(m):
            A.append(np.r_[-o_x[i], X[:, i]]); b.append(0.0)
        for r in range(s):
            A.append(np.r_[0.0, -Y[:, r]]); b.append(-o_y[r])
    else:  # output radial: max phi; ddf: max beta with y0 + beta y0
        c[0] = -1
        for i in range(m):
            A.append(np.r_[0.0, X[:, i]]); b.append(o_x[i])
        for r in range(s):
            if model == "radial":
                A.append(np.r_[o_y[r], -Y[:, r]]); b.append(0.0)
            else:
                A.append(np.r_[o_y[r], -Y[:, r]]); b.append(-o_y[r])
    Aeq = beq = None
    if rts == "vrs":
        Aeq, beq = [np.r_[0.0, np.ones(n)]], [1.0]
    bounds = [(None, None)] + [(0, None)] * n
    res = linprog(c, A_ub=np.array(A), b_ub=b, A_eq=Aeq, b_eq=beq, bounds=bounds, method="highs", options=HOPT)
    if res.status != 0:
        return None
    v = res.x[0]
    if model == "radial" and orient == "out":
        return 1.0 / v
    return v


def fdh_score(X, Y, o_x, o_y):
    best = None
    for xj, yj in zip(X, Y):
        if all(F(a) >= F(p) for a, p in zip(yj, o_y)):
            t = max(F(a) / F(p) for a, p in zip(xj, o_x))
            best = t if best is None or t < best else best
    return float(best)


def gen():
    n = rng.randint(6, 45)
    G = rng.randint(2, 4)
    T = rng.randint(1, 3)
    m, s = rng.randint(1, 3), rng.randint(1, 2)
    rows = []
    for j in range(n):
        rows.append(("u%d" % j, rng.randrange(T), "g%d" % rng.randrange(G),
                     [rng.randint(1, 50) for _ in range(m)], [rng.randint(1, 50) for _ in range(s)]))
    for _ in range(rng.randint(0, 3)):
        u, t, g, x, y = rng.choice(rows)
        rows.append(("d%d" % len(rows), t, g, x, y))
    return rows, m, s


def frontier_rows(rows, i, frontier, same_group):
    _, ti, gi, _, _ = rows[i]
    out = []
    for u, t, g, x, y in rows:
        if same_group and g != gi:
            continue
        if (frontier == "contemporaneous" and t == ti) or (frontier == "sequential" and t <= ti):
            out.append((x, y))
    return out


configs = [("radial", "vrs", "in", "contemporaneous"), ("radial", "crs", "out", "contemporaneous"),
           ("radial", "vrs", "out", "sequential"), ("ddf", "crs", None, "contemporaneous"),
           ("fdh", "vrs", "in", "sequential")]
for model, rts, orient, frontier in configs:
    bad, checked = [], 0
    for trial in range(25):
        rows, m, s = gen()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "d.csv")
            with open(path, "w") as f:
                f.write("u,t,grp," + ",".join("x%d" % i for i in range(m)) + "," + ",".join("y%d" % r for r in range(s)) + "\n")
                for u, t, g, x, y in rows:
                    f.write("%s,%d,%s,%s,%s\n" % (u, t, g, ",".join(map(str, x)), ",".join(map(str, y))))
            args = [NQPF, "dea", "--data", path, "--unit", "u", "--period", "t", "--meta", "grp", "--model", model,
                    "--rts", rts, "--frontier", frontier, "--inputs", ",".join("x%d" % i for i in range(m)),
                    "--outputs", ",".join("y%d" % r for r in range(s))]
            if orient:
                args += ["--orient", orient]
            p = subprocess.run(args, capture_output=True, text=True)
        if p.returncode:
            bad.append(p.stderr.strip())
            break
        got = list(csv.DictReader(io.StringIO(p.stdout)))
        gapcol = "gap" if model == "ddf" else "tgr"
        for i, g in enumerate(got):
            o_x, o_y = rows[i][3], rows[i][4]
            want = []
            for same in (True, False):
                fr = frontier_rows(rows, i, frontier, same)
                X = np.array([a for a, _ in fr], dtype=float)
                Y = np.array([b for _, b in fr], dtype=float)
                want.append(fdh_score(X, Y, o_x, o_y) if model == "fdh" else lp_score(model, rts, orient, X, Y, o_x, o_y))
            wg, wm = want
            eg, em, tg = float(g["eff_group"]), float(g["efficiency"]), float(g[gapcol])
            checked += 1
            if wg is None or wm is None or abs(eg - wg) > 1e-8 * max(1, abs(wg)) or abs(em - wm) > 1e-8 * max(1, abs(wm)):
                bad.append("row %d: group %r vs %r, meta %r vs %r" % (i, eg, wg, em, wm))
                continue
            wt = wm - wg if model == "ddf" else wm / wg
            if abs(tg - wt) > 1e-8 or (model == "ddf" and tg < 0) or (model != "ddf" and tg > 1):
                bad.append("row %d: %s %r, expected %r" % (i, gapcol, tg, wt))
            if g["grp"] != rows[i][2] or g["status_group"] != "ok":
                bad.append("row %d: group label or status" % i)
    report(not bad and checked > 300,
           "meta-frontier %s %s %s %s: group and meta scores equal the LPs (HiGHS) / enumeration, tgr = meta/group, %d rows"
           % (model, rts, orient or "", frontier, checked), "; ".join(bad[:5]))

# the group column is checked like a period column, and --meta refuses what it cannot do
with tempfile.TemporaryDirectory() as tmp:
    d = os.path.join(tmp, "d.csv")
    open(d, "w").write("u,grp,x,y\nA,g1,2,1\nB,,3,1\nC,g2,1,1\n")
    out = os.path.join(tmp, "o.csv")
    r = subprocess.run([NQPF, "dea", "--data", d, "--unit", "u", "--inputs", "x", "--outputs", "y", "--meta", "grp",
                        "--out", out], capture_output=True, text=True)
    report(r.returncode == 9 and "d.csv:3:2" in r.stderr and not os.path.exists(out),
           "--meta: an empty group cell is an error at its FILE:LINE:COL, nothing written", r.stderr)
    r = subprocess.run([NQPF, "dea", "--data", d, "--unit", "u", "--inputs", "x", "--outputs", "y", "--meta", "nope"],
                       capture_output=True, text=True)
    report(r.returncode == 5 and "nope" in r.stderr, "--meta: an unknown column is named", r.stderr)
    r = subprocess.run([NQPF, "dea", "--data", d, "--unit", "u", "--inputs", "x", "--outputs", "y", "--meta", "grp",
                        "--bootstrap", "20"], capture_output=True, text=True)
    report(r.returncode == 2 and "--meta" in r.stderr, "--meta with --bootstrap: usage error", r.stderr)

finish()
