#!/usr/bin/python3
"""nqpf converge against statsmodels OLS (cross-section and two-way FE by
dummies; classical, HC1 and cluster-by-unit covariances) and against the
pinned convergence rows of synthetic_formula_pinned."""
import csv
import io
import os
import subprocess
import sys
import tempfile

import numpy as np

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
TMP = tempfile.mkdtemp(prefix="nqpf-conv-")
failed = 0


def report(name, ok, detail=""):
    global failed
    print("%s - %s%s" % ("ok" if ok else "not ok", name, (": " + detail) if detail else ""))
    failed += not ok


def run(*args):
    p = subprocess.run([NQPF, "converge"] + list(args), capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(p.stderr)
    out = {}
    for r in csv.DictReader(io.StringIO(p.stdout)):
        out[(r["model"], r["period"], r["term"], r["statistic"])] = float(r["value"]) if r["value"] else float("nan")
    return out


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def pinned():
    src = list(csv.DictReader(open(os.path.join(REF, "cases/compare/synthetic_formula_pinned/data_panel.csv"))))
    path = os.path.join(TMP, "pinned.csv")
    with open(path, "w") as f:
        f.write("region,t,y\n")
        for r in src:
            for t in range(3):
                f.write("%s,%d,%s\n" % (r["region"], t, r["y_t%d" % t]))
    exp = {}
    for r in csv.DictReader(open(os.path.join(REF, "cases/compare/synthetic_formula_pinned/expected.csv"))):
        exp[(r["quantity"], r["index"])] = float(r["value"])
    got = run("--data", path, "--unit", "region", "--period", "t", "--value", "y", "--out", "-")
    worst = 0.0
    for (q, idx), v in exp.items():
        if q.startswith("sigma_"):
            stat = q[len("sigma_"):]
            worst = max(worst, rel(got[("sigma", idx, "", stat)], v))
    worst = max(worst, rel(got[("beta_abs", "0..2", "ln_y0", "coef")], exp[("beta_abs_OLS_slope", "-")]))
    worst = max(worst, rel(got[("beta_abs", "0..2", "const", "coef")], exp[("beta_abs_OLS_intercept", "-")]))
    worst = max(worst, rel(got[("beta_abs", "0..2", "", "speed")], exp[("convergence_speed_-ln(1+beta*T)/T_T2", "-")]))
    # printed with 15 significant digits
    report("converge_pinned_sigma_beta", worst < 1e-13, "max rel dev %.2e" % worst)


def statsmodels_panel():
    try:
        import statsmodels.api as sm
    except ImportError:
        report("converge_vs_statsmodels # SKIP statsmodels not installed", True)
        return
    rng = np.random.default_rng(7)
    nu, nt = 15, 9
    units = ["u%02d" % i for i in range(nu)]
    years = list(range(2001, 2001 + nt))
    y = np.exp(rng.normal(1.0, 0.5, nu))
    rows = []
    for t, yr in enumerate(years):
        x = rng.normal(size=nu)
        z = rng.uniform(0, 2, nu)
        if t > 0:
            y = np.exp(np.log(y) * 0.9 + 0.05 * x + 0.1 + rng.normal(0, 0.05, nu))
        for i in range(nu):
            rows.append((units[i], yr, float(y[i]), float(x[i]), float(z[i])))
    path = os.path.join(TMP, "panel.csv")
    with open(path, "w") as f:
        f.write("unit,year,y,x,z\n")
        for r in rows:
            f.write("%s,%d,%r,%r,%r\n" % r)
    got = run("--data", path, "--unit", "unit", "--period", "year", "--value", "y", "--controls", "x,z",
              "--out", "-")
    Y = {(u, yr): (v, x, z) for u, yr, v, x, z in rows}
    span = "%d..%d" % (years[0], years[-1])
    worst = 0.0
    # cross-section, absolute and conditional (controls at the first period)
    T = years[-1] - years[0]
    g = np.array([np.log(Y[(u, years[-1])][0] / Y[(u, years[0])][0]) / T for u in units])
    l0 = np.array([np.log(Y[(u, years[0])][0]) for u in units])
    xs0 = np.array([[Y[(u, years[0])][1], Y[(u, years[0])][2]] for u in units])
    for model, X, names in (("beta_abs", np.c_[np.ones(nu), l0], ["const", "ln_y0"]),
                            ("beta_cond", np.c_[np.ones(nu), l0, xs0], ["const", "ln_y0", "x", "z"])):
        f0 = sm.OLS(g, X).fit()
        f1 = sm.OLS(g, X).fit(cov_type="HC1")
        for j, nm in enumerate(names):
            worst = max(worst, rel(got[(model, span, nm, "coef")], f0.params[j]))
            worst = max(worst, rel(got[(model, span, nm, "se_classical")], f0.bse[j]))
            worst = max(worst, rel(got[(model, span, nm, "se_hc1")], f1.bse[j]))
        worst = max(worst, rel(got[(model, span, "", "r2")], f0.rsquared))
    # panel two-way FE by dummies
    obs = [(u, yr) for u in units for yr in years[1:]]
    gy = np.array([np.log(Y[(u, yr)][0] / Y[(u, yr - 1)][0]) for u, yr in obs])
    lag = np.array([np.log(Y[(u, yr - 1)][0]) for u, yr in obs])
    ctl = np.array([[Y[(u, yr)][1], Y[(u, yr)][2]] for u, yr in obs])
    du = np.array([[1.0 if u == v else 0.0 for v in units[1:]] for u, yr in obs])
    dt = np.array([[1.0 if yr == s else 0.0 for s in years[2:]] for u, yr in obs])
    groups = np.array([units.index(u) for u, yr in obs])
    pv_worst = 0.0
    for model, X, names in (("panel_abs", np.c_[lag, np.ones(len(obs)), du, dt], ["ln_y_lag"]),
                            ("panel_cond", np.c_[lag, ctl, np.ones(len(obs)), du, dt], ["ln_y_lag", "x", "z"])):
        f0 = sm.OLS(gy, X).fit()
        f1 = sm.OLS(gy, X).fit(cov_type="HC1")
        f2 = sm.OLS(gy, X).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        for j, nm in enumerate(names):
            worst = max(worst, rel(got[(model, "", nm, "coef")], f0.params[j]))
            worst = max(worst, rel(got[(model, "", nm, "se_classical")], f0.bse[j]))
            worst = max(worst, rel(got[(model, "", nm, "se_hc1")], f1.bse[j]))
            worst = max(worst, rel(got[(model, "", nm, "se_cluster")], f2.bse[j]))
            pv_worst = max(pv_worst, rel(got[(model, "", nm, "p")], f2.pvalues[j]))
    report("converge_vs_statsmodels_coef_se", worst < 1e-10, "max rel dev %.2e" % worst)
    report("converge_vs_statsmodels_cluster_p", pv_worst < 1e-8, "max rel dev %.2e" % pv_worst)


pinned()
statsmodels_panel()
sys.exit(1 if failed else 0)
