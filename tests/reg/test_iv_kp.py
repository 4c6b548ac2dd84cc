"""Kleibergen-Paap rk Wald F (`kp_rk_wald_F`) of `nqpf reg --iv` against an
independent numpy implementation written from Kleibergen & Paap (2006),
section 2: Theta = F Pi G^-1 (F'F = Z'Z, G'G = Y'Y, the normalisation of
ranktest), its full SVD, A_q = [U12; U22] U22^-1 (U22 U22')^1/2,
B_q = (V22 V22')^1/2 V22'^-1 [V12' V22'], lambda = (B_q (x) A_q') vec(Theta),
Omega = (B_q (x) A_q') W (B_q (x) A_q')', W the covariance of vec(Theta),
rk = lambda' Omega^-1 lambda; F = rk / L.  The covariance of vec(Pi) is
built here from exact dummy-variable least squares (no absorbing code of
nqpf), with the first stage's small-sample factor.  Also (i) under iid the
statistic equals the Cragg-Donald F, (ii) with one endogenous regressor it
equals the first-stage F, (iii) m = 2 and 3 with robust, one- and two-way
cluster errors, absorbed effects and weights against the numpy version.
Data: Munnell's Produc (tests/ref/econ/produc.csv, PROVENANCE.md)."""
import csv
import itertools
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
REF = os.environ.get("NQPF_REF", os.path.join(ROOT, "tests", "ref"))
TOL = 1e-9


def load():
    with open(os.path.join(REF, "econ", "produc.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    cols = {"state": [r["state"] for r in rows], "year": [r["year"] for r in rows]}
    for k in ("gsp", "pcap", "hwy", "water", "util", "pc", "emp"):
        cols["l" + k] = np.log([float(r[k]) for r in rows])
    cols["unemp"] = np.array([float(r["unemp"]) for r in rows])
    # positive weights that are not constant within states
    cols["w"] = 0.5 + (np.arange(len(rows)) * 7 % 13) / 13.0
    return cols


def write(path, cols, names):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for i in range(len(cols[names[0]])):
            w.writerow([repr(float(cols[k][i])) if not isinstance(cols[k][i], str) else cols[k][i] for k in names])


def run(tmp, data, args):
    out, st = os.path.join(tmp, "o.csv"), os.path.join(tmp, "s.csv")
    p = subprocess.run([NQPF, "reg", "--data", data, *args, "--out", out, "--stats", st, "--force"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)
    with open(st, newline="") as f:
        return {(r["model"], r["statistic"]): float(r["value"]) if r["value"] else math.nan
                for r in csv.DictReader(f)}


def dummies(labels):
    lv = sorted(set(labels))
    return np.array([[1.0 if x == v else 0.0 for v in lv] for x in labels])


def codes(labels):
    lv = {v: i for i, v in enumerate(sorted(set(labels)))}
    return np.array([lv[x] for x in labels])


def sqrtm_psd(A):
    e, v = np.linalg.eigh(A)
    return (v * np.sqrt(np.clip(e, 0, None))) @ v.T


def kp_reference(cols, y_endog, z_excl, x_exog, absorb, vce, cluster, weights, K1):
    """The rk Wald F from the paper's formulas (see the module docstring)."""
    n = len(cols["state"])
    w = np.sqrt(cols[weights]) if weights else np.ones(n)
    parts = [np.column_stack([cols[x] for x in x_exog])] if x_exog else []
    for a in absorb:
        parts.append(dummies(cols[a]))
    if not absorb:
        parts.append(np.ones((n, 1)))
    D = np.column_stack(parts) * w[:, None]
    Y = np.column_stack([cols[v] for v in y_endog]) * w[:, None]
    Z = np.column_stack([cols[v] for v in z_excl]) * w[:, None]

    def resid(A):
        return A - D @ np.linalg.lstsq(D, A, rcond=None)[0]

    Yt, Zt = resid(Y), resid(Z)
    m, L = Yt.shape[1], Zt.shape[1]
    ZZ = Zt.T @ Zt
    Pi = np.linalg.solve(ZZ, Zt.T @ Yt)
    E = Yt - Zt @ Pi
    ZZi = np.linalg.inv(ZZ)
    bread = np.kron(np.eye(m), ZZi)
    if vce == "iid":
        V = np.kron(E.T @ E / (n - K1), ZZi)
    else:
        S = np.einsum("ij,ia->ija", E, Zt).reshape(n, m * L)  # row i: vec(z_i e_i') (equation-major)
        if vce == "robust":
            meat, c = S.T @ S, n / (n - K1)
        else:
            dims = [codes(cols[c]) for c in cluster]
            gmin = min(len(set(d)) for d in dims)
            meat = np.zeros((m * L, m * L))
            for r in range(1, len(dims) + 1):
                for sub in itertools.combinations(dims, r):
                    g = codes(list(zip(*sub))) if r > 1 else sub[0]
                    U = np.zeros((g.max() + 1, m * L))
                    np.add.at(U, g, S)
                    meat += (1 if r % 2 else -1) * U.T @ U
            c = (n - 1) / (n - K1) * gmin / (gmin - 1)
        V = c * bread @ meat @ bread
        if vce == "cluster" and len(cluster) > 1:
            e, v = np.linalg.eigh((V + V.T) / 2)
            V = (v * np.clip(e, 0, None)) @ v.T
    F = np.linalg.cholesky(ZZ).T
    G = np.linalg.cholesky(Yt.T @ Yt).T
    Gi = np.linalg.inv(G)
    Theta = F @ Pi @ Gi
    W = np.kron(Gi.T, F) @ V @ np.kron(Gi.T, F).T  # vec(F Pi G^-1) = (G^-T (x) F) vec(Pi)
    U, s, Vt = np.linalg.svd(Theta, full_matrices=True)
    Vm = Vt.T
    q = m - 1
    U12, U22 = U[:q, q:], U[q:, q:]
    V12, V22 = Vm[:q, q:], Vm[q:, q:]
    A = np.vstack([U12, U22]) @ np.linalg.solve(U22, sqrtm_psd(U22 @ U22.T))
    B = sqrtm_psd(V22 @ V22.T) @ np.linalg.solve(V22.T, np.hstack([V12.T, V22.T]))
    kr = np.kron(B, A.T)
    lam = kr @ Theta.reshape(-1, order="F")
    Om = kr @ W @ kr.T
    rk = float(lam @ np.linalg.solve(Om, lam))
    return rk / L


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def main():
    cols = load()
    tmp = tempfile.mkdtemp(prefix="nqpf_kp_")
    data = os.path.join(tmp, "produc.csv")
    names = ["state", "year", "lgsp", "lpcap", "lhwy", "lwater", "lutil", "lpc", "lemp", "unemp", "w"]
    write(data, cols, names)
    iv2 = "lpc=lhwy,lwater;lemp=lutil"
    iv3 = "lpc=lhwy,lwater;lemp=lutil;lpcap=unemp"
    cases = [
        # name, endog, instruments, exog, absorb, vce, cluster, weights, nqpf options
        ("m=2 HC1, no absorb", ["lpc", "lemp"], ["lhwy", "lwater", "lutil"], ["unemp"], [], "robust", [], None,
         ["--x", "unemp", "--iv", iv2, "--vce", "robust"]),
        ("m=2 cluster state, state+year absorbed", ["lpc", "lemp"], ["lhwy", "lwater", "lutil"], ["unemp"],
         ["state", "year"], "cluster", ["state"], None,
         ["--x", "unemp", "--iv", iv2, "--absorb", "state,year", "--cluster", "state", "--dof", "all"]),
        ("m=2 two-way cluster state,year, year absorbed, weighted", ["lpc", "lemp"], ["lhwy", "lwater", "lutil"],
         ["unemp"], ["year"], "cluster", ["state", "year"], "w",
         ["--x", "unemp", "--iv", iv2, "--absorb", "year", "--cluster", "state,year", "--weights", "w"]),
        ("m=3 HC1, state absorbed", ["lpc", "lemp", "lpcap"], ["lhwy", "lwater", "lutil", "unemp"], [], ["state"],
         "robust", [], None, ["--iv", iv3, "--absorb", "state", "--vce", "robust"]),
        ("m=2 iid, state+year absorbed", ["lpc", "lemp"], ["lhwy", "lwater", "lutil"], ["unemp"], ["state", "year"],
         "iid", [], None, ["--x", "unemp", "--iv", iv2, "--absorb", "state,year"]),
    ]
    for name, endog, excl, exog, absorb, vce, cl, wt, args in cases:
        try:
            st = run(tmp, data, ["--y", "lgsp", *args])
            K1 = int(st[("first:" + endog[0], "K")])
            ours = st[("2sls", "kp_rk_wald_F")]
            ref = kp_reference(cols, endog, excl, exog, absorb, vce, cl, wt, K1)
            report(rel(ours, ref) <= TOL, "kp_rk_wald_F %s = numpy from Kleibergen-Paap (2006)" % name,
                   "nqpf %.17g numpy %.17g rel %.2e" % (ours, ref, rel(ours, ref)))
            if vce == "iid":
                cd = st[("2sls", "cragg_donald_F")]
                report(rel(ours, cd) <= TOL, "%s: rk Wald F = Cragg-Donald F under iid" % name,
                       "kp %.17g cd %.17g" % (ours, cd))
        except Exception as e:  # noqa: BLE001 - a failure is a not-ok line, not a crash
            report(False, "kp_rk_wald_F %s" % name, repr(e))
    # (ii) one endogenous regressor: the robust / cluster first-stage F
    for vce_args in (["--vce", "robust"], ["--cluster", "state"], ["--cluster", "state,year"], []):
        st = run(tmp, data, ["--y", "lgsp", "--x", "unemp", "--iv", "lpc=lhwy,lwater,lutil", "--absorb", "year",
                             *vce_args])
        kp, fs = st[("2sls", "kp_rk_wald_F")], st[("2sls", "first_F:lpc")]
        report(rel(kp, fs) <= TOL, "m=1 (%s): rk Wald F = first-stage F" % (" ".join(vce_args) or "iid"),
               "kp %.17g first_F %.17g" % (kp, fs))
    finish()


if __name__ == "__main__":
    main()
