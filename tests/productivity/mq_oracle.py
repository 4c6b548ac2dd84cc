"""Independent LP oracle for the productivity-index tests (not a test
itself): every DEA distance function written out as a full LP and solved
with scipy.optimize.linprog(HiGHS), and the index formulas of
docs/malmquist.md applied to them.  Used by test_malmquist_random.py,
test_malmquist_meta.py and test_malmquist_techch.py."""
import math

import numpy as np
from scipy.optimize import linprog

HOPT = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def lp(c, A_ub, b_ub, A_eq, b_eq, bounds):
    r = linprog(c, A_ub=np.array(A_ub) if A_ub else None, b_ub=np.array(b_ub) if b_ub else None,
                A_eq=np.array(A_eq) if A_eq else None, b_eq=np.array(b_eq) if b_eq else None,
                bounds=bounds, method="highs", options=HOPT)
    if r.status == 0:
        return "ok", r.fun
    return {2: "infeasible", 3: "unbounded"}.get(r.status, "error"), None


def rts_row(rts, n, lead):
    """Sum of lambdas constraint row (over lead extra variables first)."""
    return [0.0] * lead + [1.0] * n


def radial(p, R, rts, orient):
    """Farrell efficiency of point p against reference rows R (bads as inputs)."""
    x0, y0, b0 = p
    n = len(R)
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    # variables: score, lambda_1..n
    for i in range(len(x0)):
        if orient == "in":
            A_ub.append([-x0[i]] + [r[0][i] for r in R]); b_ub.append(0.0)
        else:
            A_ub.append([0.0] + [r[0][i] for r in R]); b_ub.append(x0[i])
    for k in range(len(b0)):
        if orient == "in":
            A_ub.append([-b0[k]] + [r[2][k] for r in R]); b_ub.append(0.0)
        else:
            A_ub.append([0.0] + [r[2][k] for r in R]); b_ub.append(b0[k])
    for j in range(len(y0)):
        if orient == "in":
            A_ub.append([0.0] + [-r[1][j] for r in R]); b_ub.append(-y0[j])
        else:
            A_ub.append([y0[j]] + [-r[1][j] for r in R]); b_ub.append(0.0)
    if rts == "vrs":
        A_eq.append(rts_row(rts, n, 1)); b_eq.append(1.0)
    c = [1.0 if orient == "in" else -1.0] + [0.0] * n
    st, v = lp(c, A_ub, b_ub, A_eq, b_eq, [(None, None)] + [(0, None)] * n)
    if st != "ok":
        return st, None
    return "ok", (v if orient == "in" else 1.0 / (-v))


def ddf(p, R, rts, strong, direction="default"):
    """beta with g = (0, y0, b0) (default), (1, 1, 1) (ones) or (x0, y0, b0) (observed)."""
    x0, y0, b0 = p
    if direction == "ones":
        gx, gy, gb = [1.0] * len(x0), [1.0] * len(y0), [1.0] * len(b0)
    elif direction == "observed":
        gx, gy, gb = x0, y0, b0
    else:
        gx, gy, gb = [0.0] * len(x0), y0, b0
    n = len(R)
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for i in range(len(x0)):
        A_ub.append([gx[i]] + [r[0][i] for r in R]); b_ub.append(x0[i])
    for j in range(len(y0)):
        A_ub.append([gy[j]] + [-r[1][j] for r in R]); b_ub.append(-y0[j])
    for k in range(len(b0)):
        row = [gb[k]] + [r[2][k] for r in R]
        (A_ub if strong else A_eq).append(row)
        (b_ub if strong else b_eq).append(b0[k])
    if rts == "vrs":
        A_eq.append(rts_row(rts, n, 1)); b_eq.append(1.0)
    st, v = lp([-1.0] + [0.0] * n, A_ub, b_ub, A_eq, b_eq, [(None, None)] + [(0, None)] * n)
    return st, (None if v is None else -v)


def sbm(p, R, rts):
    """Non-oriented SBM rho (Tone 2001/2003), Charnes-Cooper form."""
    x0, y0, b0 = p
    m, s, q, n = len(x0), len(y0), len(b0), len(R)
    # variables: t, Lambda(n), S-(m), S+(s), Sb(q)
    nv = 1 + n + m + s + q
    c = [0.0] * nv
    c[0] = 1.0
    for i in range(m):
        c[1 + n + i] = -1.0 / (m * x0[i])
    A_eq, b_eq = [], []
    row = [0.0] * nv
    row[0] = 1.0
    for j in range(s):
        row[1 + n + m + j] = 1.0 / ((s + q) * y0[j])
    for k in range(q):
        row[1 + n + m + s + k] = 1.0 / ((s + q) * b0[k])
    A_eq.append(row); b_eq.append(1.0)
    for i in range(m):
        row = [0.0] * nv
        row[0] = -x0[i]
        for jj, r in enumerate(R):
            row[1 + jj] = r[0][i]
        row[1 + n + i] = 1.0
        A_eq.append(row); b_eq.append(0.0)
    for j in range(s):
        row = [0.0] * nv
        row[0] = -y0[j]
        for jj, r in enumerate(R):
            row[1 + jj] = r[1][j]
        row[1 + n + m + j] = -1.0
        A_eq.append(row); b_eq.append(0.0)
    for k in range(q):
        row = [0.0] * nv
        row[0] = -b0[k]
        for jj, r in enumerate(R):
            row[1 + jj] = r[2][k]
        row[1 + n + m + s + k] = 1.0
        A_eq.append(row); b_eq.append(0.0)
    if rts == "vrs":
        row = [0.0] * nv
        row[0] = -1.0
        for jj in range(n):
            row[1 + jj] = 1.0
        A_eq.append(row); b_eq.append(0.0)
    return lp(c, [], [], A_eq, b_eq, [(1e-12, None)] + [(0, None)] * (nv - 1))


def distance(cfg, p, R, rts):
    if cfg["model"] == "radial":
        return radial(p, R, rts, cfg["orient"])
    if cfg["model"] == "ddf":
        return ddf(p, R, rts, cfg.get("strong", False), cfg.get("direction", "default"))
    return sbm(p, R, rts)


def oracle(cfg, data, U, T):
    """Expected rows {(unit, t): (status, [values])}."""
    per = [[data[(u, t)] for u in range(U)] for t in range(T)]
    seq = cfg["frontier"] == "sequential"
    glob = cfg["frontier"] == "global"
    own_ref = [sum(per[: t + 1], []) if seq else per[t] for t in range(T)]
    allr = sum(per, [])
    index, model = cfg["index"], cfg["model"]

    def tr(v):
        if index == "ml":
            return 1.0 + v
        if index == "luenberger" and model == "sbm":
            return 1.0 - v
        return v

    cache = {}

    def D(t_ref, kind, u, t_pt, rts="crs"):
        key = (t_ref, kind, u, t_pt, rts)
        if key not in cache:
            R = allr if kind == "G" else own_ref[t_ref]
            st, v = distance(cfg, data[(u, t_pt)], R, rts)
            cache[key] = (st, None if v is None else tr(v))
        return cache[key]

    dec = cfg["rts"] != "crs"
    tc = cfg.get("techch", "geometric")
    out = {}
    for u in range(U):
        for t in range(T - 1):
            items = [D(t, "own", u, t), D(t + 1, "own", u, t + 1)]
            if glob:
                items += [D(0, "G", u, t), D(0, "G", u, t + 1)]
            else:
                # base: only D^t(t+1) is needed, comparison: only D^t+1(t);
                # the one not needed is an ok placeholder of 1
                items += [D(t, "own", u, t + 1) if tc != "comparison" else ("ok", 1.0),
                          D(t + 1, "own", u, t) if tc != "base" else ("ok", 1.0)]
            if dec:
                items += [D(t, "own", u, t, cfg["rts"]), D(t + 1, "own", u, t + 1, cfg["rts"])]
            bad = [st for st, _ in items if st != "ok"]
            if bad:
                out[(u, t)] = (bad[0], None)
                continue
            a, b, c3, d4 = (v for _, v in items[:4])
            if index == "luenberger":
                L = (c3 - d4) if glob else {"base": a - c3, "comparison": d4 - b}.get(tc, 0.5 * ((d4 - b) + (a - c3)))
                ec = a - b
                vals = [L, ec, L - ec]
                if dec:
                    pe = items[4][1] - items[5][1]
                    vals += [pe, ec - pe]
            elif index == "ml":
                M = c3 / d4 if glob else {"base": a / c3, "comparison": d4 / b}.get(tc, math.sqrt((a / c3) * (d4 / b)))
                ec = a / b
                vals = [M, ec, M / ec]
                if dec:
                    pe = items[4][1] / items[5][1]
                    vals += [pe, ec / pe]
            else:
                M = d4 / c3 if glob else {"base": c3 / a, "comparison": b / d4}.get(tc, math.sqrt((c3 / a) * (b / d4)))
                ec = b / a
                vals = [M, ec, M / ec]
                if dec:
                    pe = items[5][1] / items[4][1]
                    vals += [pe, ec / pe]
            out[(u, t)] = ("ok", vals)
    return out


def cli_args(cfg, path, m, s, q):
    """The `nqpf malmquist` arguments of configuration cfg for a panel file
    with columns unit, year, x0.., y0.., b0.. (cumulative columns on)."""
    args = ["--data", path, "--unit", "unit", "--period", "year",
            "--inputs", ",".join("x%d" % i for i in range(m)),
            "--outputs", ",".join("y%d" % j for j in range(s)),
            "--index", cfg["index"], "--model", cfg["model"], "--rts", cfg["rts"],
            "--frontier", cfg["frontier"], "--cumulative"]
    if q:
        args += ["--undesirable", ",".join("b%d" % k for k in range(q))]
    if cfg["model"] != "ddf":
        args += ["--orient", cfg["orient"]]
    if cfg.get("direction"):
        args += ["--direction", cfg["direction"]]
    if cfg.get("strong"):
        args += ["--bad-disposal", "strong"]
    if cfg.get("techch"):
        args += ["--techch", cfg["techch"]]
    return args


def index_cols(cfg):
    """The index columns a run reports: the decomposition, pech and sech
    only off CRS."""
    return ["tfpch", "effch", "techch"] + (["pech", "sech"] if cfg["rts"] != "crs" else [])


def agreeing_rows(got, exp, bad):
    """(row, unit, t, status, oracle values) for each reported row (units
    u<k>, periods from 2001) whose status is the oracle's exp[(unit, t)];
    a row whose status differs goes to bad instead."""
    for row in got:
        u, t = int(row["unit"][1:]), int(row["from"]) - 2001
        st, vals = exp[(u, t)]
        if row["status"] != st:
            bad.append(("status", row["unit"], t, row["status"], st))
            continue
        yield row, u, t, st, vals
