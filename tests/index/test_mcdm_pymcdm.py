#!/usr/bin/python3
"""Standard-deviation and MEREC weights and VIKOR aggregation of `nqpf index`
against pymcdm's test literals (kotbaton/pymcdm tests/test_weights.py and the
VIKOR docstring), the MEREC paper's removal effects (Keshavarz-Ghorabaee et al.
2021, Symmetry 13(4) 525, as asserted by the rmerec R package's tests), a hand
derivation, and numpy re-implementations of the published formulas on the
raw data (1e-12 relative).  The matrices below are the papers' data.

Convention mapping checked here (docs/index.md):
- sd: pymcdm's std (ddof 1) of the matrix it is given; nqpf's of Z.
- merec: pymcdm normalises the raw matrix (profit min/x, cost x/max); nqpf
  sees Z (directions applied) and uses min/z for every column.  With
  --normalize ratio (benefit x/max, cost min/x) and --shift 0 the two are the
  same numbers.
- vikor: (z* - z)/(z* - z-) is unchanged by any increasing affine map, so
  with minmax or zscore Z it is VIKOR on the raw values with the system's
  directions; nqpf's score is 1 - Q (rank 1 = lowest Q).
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", os.path.join(os.getcwd(), "build", "nqpf"))
tmp = tempfile.mkdtemp(prefix="nqpf_mcdm_")


def close(a, b, rel=1e-12):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= rel * np.maximum(np.abs(b), 1e-300) + 1e-15))


def run_index(name, x, directions, extra, weights=None):
    """Write x (alternatives × criteria, one period) and its system; run nqpf
    index; return (scores.csv rows, weights.csv rows, completed process)."""
    data, system, out = (os.path.join(tmp, name + s) for s in ("_data.csv", "_system.csv", "_out"))
    x = np.asarray(x, float)
    with open(data, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["unit", "year"] + ["c%d" % (j + 1) for j in range(x.shape[1])])
        for i, row in enumerate(x):
            w.writerow(["A%d" % (i + 1), 2020] + [repr(float(v)) for v in row])
    with open(system, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["column", "direction", "dimension"] + (["weight"] if weights is not None else []))
        for j, d in enumerate(directions):
            w.writerow(["c%d" % (j + 1), "+" if d > 0 else "-", "D"] + ([weights[j]] if weights is not None else []))
    p = subprocess.run([NQPF, "index", "--data", data, "--system", system, "--unit", "unit", "--period", "year",
                        "--out", out, "--force", "--quiet"] + extra, capture_output=True, text=True)
    if p.returncode:
        return None, None, p
    with open(os.path.join(out, "scores.csv"), newline="") as f:
        sc = list(csv.DictReader(f))
    with open(os.path.join(out, "weights.csv"), newline="") as f:
        wt = list(csv.DictReader(f))
    return sc, wt, p


# ---- standard-deviation weights: Jahan & Edwards (2013) via pymcdm ----------
JAHAN = [[0, 0, 0], [0.39, 0.3, 0.77], [0.17, 0.36, 0.8], [0.35, 0.29, 0.93], [0.3, 0.4, 0.94],
         [0.84, 0.71, 1], [1, 1, 0.99]]
# every column spans [0, 1], so min-max with shift 0 leaves the matrix as pymcdm sees it
sc, wt, p = run_index("sd", JAHAN, [1, 1, 1], ["--weights", "sd", "--shift", "0"])
if wt is None:
    report(False, "sd weights run", p.stderr)
else:
    w = np.array([float(r["weight"]) for r in wt])
    sd = np.std(np.array(JAHAN), axis=0, ddof=1)
    report([round(v, 2) for v in w] == [0.35, 0.31, 0.34], "sd weights = pymcdm literal [0.35, 0.31, 0.34]", w)
    report(close(w, sd / sd.sum()), "sd weights = numpy std(ddof=1)/sum to 1e-12", w - sd / sd.sum())
    report(close([float(r["sd"]) for r in wt], sd), "sd column = numpy std(ddof=1)")

# ---- MEREC: Keshavarz-Ghorabaee et al. (2021) --------------------------------
KESH = np.array([[450, 8000, 54, 145], [10, 9100, 2, 160], [100, 8200, 31, 153], [220, 9300, 1, 162],
                 [5, 8400, 23, 158]], float)
TYPES = np.array([1, 1, -1, -1])


def merec_paper(x, types):
    """The paper's steps 2-6 on the raw matrix, written from its equations."""
    nrm = np.where(types > 0, x.min(axis=0) / x, x / x.max(axis=0))
    m = x.shape[1]
    a = np.abs(np.log(nrm))
    s = np.log(1 + a.sum(axis=1) / m)
    e = np.array([np.abs(np.log(1 + np.delete(a, j, axis=1).sum(axis=1) / m) - s).sum() for j in range(m)])
    return e / e.sum(), e


sc, wt, p = run_index("merec", KESH, TYPES, ["--weights", "merec", "--normalize", "ratio", "--shift", "0"])
if wt is None:
    report(False, "merec weights run", p.stderr)
else:
    w = np.array([float(r["weight"]) for r in wt])
    e = np.array([float(r["removal_effect"]) for r in wt])
    ww, ee = merec_paper(KESH, TYPES)
    report([round(v, 4) for v in w] == [0.5752, 0.0141, 0.4016, 0.0091],
           "merec weights = pymcdm/paper literal [0.5752, 0.0141, 0.4016, 0.0091]", w)
    report([round(v, 2) for v in e] == [1.71, 0.04, 1.19, 0.03], "merec removal effects E_j = paper [1.71, 0.04, 1.19, 0.03]", e)
    report(close(w, ww), "merec weights = numpy paper formula to 1e-12", w - ww)
    report(close(e, ee), "merec removal effects = numpy to 1e-12", e - ee)

# random panels, several periods and per-period scope: every block against numpy
rng = np.random.default_rng(16)
for trial in range(3):
    U, T, n = 9, 3, 5
    x = rng.uniform(0.5, 20.0, size=(U * T, n))
    x[1, 0] = x[0, 0]  # a tie
    dirs = rng.choice([1, -1], size=n)
    data, system = os.path.join(tmp, "r_data.csv"), os.path.join(tmp, "r_system.csv")
    with open(data, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["unit", "year"] + ["c%d" % (j + 1) for j in range(n)])
        for u in range(U):
            for t in range(T):
                wr.writerow(["u%d" % u, 2000 + t] + [repr(float(v)) for v in x[u * T + t]])
    with open(system, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["column", "direction", "dimension"])
        for j in range(n):
            wr.writerow(["c%d" % (j + 1), "+" if dirs[j] > 0 else "-", "D"])
    out = os.path.join(tmp, "r_out")
    p = subprocess.run([NQPF, "index", "--data", data, "--system", system, "--unit", "unit", "--period", "year",
                        "--out", out, "--force", "--quiet", "--weights", "merec", "--normalize", "ratio",
                        "--shift", "0", "--scope", "period"], capture_output=True, text=True)
    if p.returncode:
        report(False, "merec per-period run %d" % trial, p.stderr)
        continue
    with open(os.path.join(out, "weights.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    ok = True
    for t in range(T):
        got = np.array([float(r["weight"]) for r in rows if r["period"] == str(2000 + t)])
        ok &= close(got, merec_paper(x[t::T], dirs)[0])
    report(ok, "merec per-period weights of a random panel = numpy (trial %d)" % trial)

# ---- VIKOR -------------------------------------------------------------------


def vikor(x, w, types, v=0.5, srq=False):
    """Opricovic & Tzeng (2004) on the raw matrix: Q, or (S, R, Q) with srq."""
    f = np.where(types > 0, x, -x)
    fs, fm = f.max(axis=0), f.min(axis=0)
    d = w * (fs - f) / (fs - fm)
    s, r = d.sum(axis=1), d.max(axis=1)
    q = v * (s - s.min()) / (s.max() - s.min()) + (1 - v) * (r - r.min()) / (r.max() - r.min())
    return (s, r, q) if srq else q


def srq_cols(sc):
    """The vikor_s, vikor_r, vikor_q columns of scores.csv (the total's S, R, Q)."""
    return tuple(np.array([float(r[c]) for r in sc]) for c in ("vikor_s", "vikor_r", "vikor_q"))


PYM = np.array([[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]], float)
sc, wt, p = run_index("vikor", PYM, [1, 1, 1, 1], ["--weights", "fixed", "--aggregate", "vikor"], weights=[1, 1, 1, 1])
if sc is None:
    report(False, "vikor run", p.stderr)
else:
    q = 1 - np.array([float(r["score"]) for r in sc])
    report([round(v, 4) for v in q] == [0.5679, 0.7667, 1, 0.7493, 0],
           "vikor Q = pymcdm docstring literal [0.5679, 0.7667, 1, 0.7493, 0]", q)
    qq = vikor(PYM, np.full(4, 0.25), np.ones(4))
    report(np.max(np.abs(q - qq)) <= 1e-12, "vikor Q = numpy to 1e-12 (Q in [0, 1]: absolute)", q - qq)
    report([int(r["rank"]) for r in sc] == [2, 4, 5, 3, 1], "vikor rank 1 = lowest Q", [r["rank"] for r in sc])
    # the per-unit columns: S, R and Q themselves (Q the pymcdm literal, S and R numpy's), score = 1 - Q
    S, R, Q = srq_cols(sc)
    s0, r0, q0 = vikor(PYM, np.full(4, 0.25), np.ones(4), srq=True)
    report(list(sc[0])[-3:] == ["vikor_s", "vikor_r", "vikor_q"] and [round(v, 4) for v in Q] ==
           [0.5679, 0.7667, 1, 0.7493, 0] and close(S, s0) and close(R, r0) and np.max(np.abs(Q - q0)) <= 1e-12
           and np.all(1 - Q == np.array([float(r["score"]) for r in sc])),
           "vikor_s, vikor_r, vikor_q columns = numpy's S, R and the pymcdm Q literal; score = 1 - vikor_q",
           (S, R, Q))

# hand derivation, weights 0.3/0.7, both benefit, values A1 (1,5) A2 (3,3) A3 (5,1):
#   f* = (5,5), f- = (1,1); d = w (5 - f)/4
#   S = 0.3, 0.5, 0.7;  R = max(0.3, 0), max(0.15, 0.35), max(0, 0.7) = 0.3, 0.35, 0.7
#   Q = 0.5 (S - 0.3)/0.4 + 0.5 (R - 0.3)/0.4 = 0, 0.25 + 0.0625 = 0.3125, 1
HAND = [[1, 5], [3, 3], [5, 1]]
for norm in ("minmax", "zscore"):
    sc, wt, p = run_index("hand", HAND, [1, 1], ["--weights", "fixed", "--aggregate", "vikor", "--normalize", norm],
                          weights=[0.3, 0.7])
    if sc is None:
        report(False, "vikor hand run " + norm, p.stderr)
        continue
    q = 1 - np.array([float(r["score"]) for r in sc])
    report(np.max(np.abs(q - [0, 0.3125, 1])) < 1e-14, "vikor hand derivation Q = 0, 0.3125, 1 (%s)" % norm, q)
    S, R, Q = srq_cols(sc)
    report(np.max(np.abs(S - [0.3, 0.5, 0.7])) < 1e-14 and np.max(np.abs(R - [0.3, 0.35, 0.7])) < 1e-14 and
           np.max(np.abs(Q - [0, 0.3125, 1])) < 1e-14,
           "vikor hand derivation S = 0.3, 0.5, 0.7 and R = 0.3, 0.35, 0.7 in scores.csv (%s)" % norm, (S, R))

# v, cost columns and a random matrix against numpy
x = rng.uniform(1, 50, size=(12, 5))
types = np.array([1, -1, 1, -1, 1])
wts = rng.uniform(0.1, 1, size=5)
for v in (0.0, 0.3, 0.5, 1.0):
    sc, wt, p = run_index("vr", x, types, ["--weights", "fixed", "--aggregate", "vikor", "--vikor-v", repr(v)],
                          weights=list(wts))
    if sc is None:
        report(False, "vikor v=%g run" % v, p.stderr)
        continue
    q = 1 - np.array([float(r["score"]) for r in sc])
    qq = vikor(x, wts / wts.sum(), types, v)
    report(np.max(np.abs(q - qq)) <= 1e-12, "vikor v=%g with cost columns = numpy to 1e-12" % v, q - qq)

# --scope period: each period its own VIKOR, so S, R, Q are per period (the
# rows of a block are copied back into the panel's order)
x2 = rng.uniform(1, 50, size=(2, 7, 3))
data, system, out = (os.path.join(tmp, "pp" + s) for s in ("_data.csv", "_system.csv", "_out"))
with open(data, "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["unit", "year", "c1", "c2", "c3"])
    for i in range(7):
        for t in range(2):
            wr.writerow(["A%d" % i, 2020 + t] + [repr(float(v)) for v in x2[t, i]])
with open(system, "w", newline="") as f:
    csv.writer(f).writerows([["column", "direction", "dimension", "weight"], ["c1", "+", "D", 1], ["c2", "-", "D", 2],
                             ["c3", "+", "D", 1]])
p = subprocess.run([NQPF, "index", "--data", data, "--system", system, "--unit", "unit", "--period", "year", "--out",
                    out, "--force", "--quiet", "--weights", "fixed", "--aggregate", "vikor", "--scope", "period"],
                   capture_output=True, text=True)
if p.returncode:
    report(False, "vikor per-period run", p.stderr)
else:
    with open(os.path.join(out, "scores.csv"), newline="") as f:
        sc = list(csv.DictReader(f))
    ok = True
    for t in range(2):
        rows_t = [r for r in sc if r["period"] == str(2020 + t)]
        S, R, Q = srq_cols(rows_t)
        s0, r0, q0 = vikor(x2[t], np.array([0.25, 0.5, 0.25]), np.array([1, -1, 1]), srq=True)
        ok &= close(S, s0) and close(R, r0) and np.max(np.abs(Q - q0)) <= 1e-12
    report(ok, "vikor --scope period: S, R, Q of each period's own VIKOR (numpy)")

# sub-index (dimension) scores of a hierarchical run: VIKOR within each node
sys_rows = [("c1", 1, "D1"), ("c2", -1, "D1"), ("c3", 1, "D1"), ("c4", -1, "D2"), ("c5", 1, "D2")]
data, system, out = (os.path.join(tmp, "h" + s) for s in ("_data.csv", "_system.csv", "_out"))
with open(data, "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["unit", "year", "c1", "c2", "c3", "c4", "c5"])
    for i, row in enumerate(x):
        wr.writerow(["A%d" % i, 2020] + [repr(float(v)) for v in row])
with open(system, "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["column", "direction", "dimension"])
    wr.writerows(sys_rows)
p = subprocess.run([NQPF, "index", "--data", data, "--system", system, "--unit", "unit", "--period", "year", "--out",
                    out, "--force", "--quiet", "--weights", "sd", "--aggregate", "vikor"], capture_output=True, text=True)
if p.returncode:
    report(False, "vikor sub-index run", p.stderr)
else:
    with open(os.path.join(out, "scores.csv"), newline="") as f:
        sc = list(csv.DictReader(f))
    with open(os.path.join(out, "weights.csv"), newline="") as f:
        w = np.array([float(r["weight"]) for r in csv.DictReader(f)])
    ok = np.max(np.abs(1 - np.array([float(r["score"]) for r in sc]) - vikor(x, w, types))) <= 1e-12
    for dim, cols in (("D1", [0, 1, 2]), ("D2", [3, 4])):
        got = 1 - np.array([float(r[dim]) for r in sc])
        ok &= np.max(np.abs(got - vikor(x[:, cols], w[cols] / w[cols].sum(), types[cols]))) <= 1e-12
    report(ok, "vikor total and dimension scores (weights renormalised in the node) = numpy")
    S, R, Q = srq_cols(sc)
    s0, r0, q0 = vikor(x, w, types, srq=True)
    report(close(S, s0) and close(R, r0) and np.max(np.abs(Q - q0)) <= 1e-12,
           "vikor hierarchical: the S, R, Q columns are the total's (numpy)")

# ---- bad input: a clear message and no output --------------------------------
for name, extra, want in (
    ("merec needs z > 0", ["--weights", "merec", "--normalize", "zscore"], "MEREC needs values > 0"),
    ("merec with minmax shift 0", ["--weights", "merec", "--shift", "0"], "MEREC needs values > 0"),
    ("vikor v out of range", ["--aggregate", "vikor", "--vikor-v", "1.5"], "vikor-v"),
):
    sc, wt, p = run_index("bad", KESH, TYPES, extra)
    report(p.returncode != 0 and want in p.stderr and p.stderr.startswith("nqpf: ")
           and not os.path.exists(os.path.join(tmp, "bad_out")), "error: " + name, p.stderr)
finish()
