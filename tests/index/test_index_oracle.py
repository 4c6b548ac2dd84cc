"""Independent re-implementation of `nqpf index` in numpy, run side by side on
the bundled provincial panel for every weighting x aggregation pair.

Nothing here calls nqpf's library: the interpolation, normalisation, weights
and aggregations are written from the formulas in docs/index.md, so an
agreement to 1e-12 relative checks both the maths and the plumbing (column
order, scopes, output files).  Run by tests/run.sh with Debian's python3.
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
DATA = os.path.join(ROOT, "data", "china_provinces_tech_wide.csv")
SYSTEM = os.path.join(ROOT, "data", "nqpf_system.csv")
RTOL = 1e-12
SHIFT = 1e-4


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_panel():
    sysrows = read_csv(SYSTEM)
    cols = [r["column"] for r in sysrows]
    dirs = np.array([1 if r["direction"] == "+" else -1 for r in sysrows])
    rows = read_csv(DATA)
    units = []
    for r in rows:
        if r["province"] not in units:
            units.append(r["province"])
    years = sorted({int(r["year"]) for r in rows})
    x = np.full((len(units), len(years), len(cols)), np.nan)
    for r in rows:
        u, t = units.index(r["province"]), years.index(int(r["year"]))
        for j, c in enumerate(cols):
            if r[c] != "":
                x[u, t, j] = float(r[c])
    # linear interpolation over years, nearest value at the ends (np.interp)
    yrs = np.array(years, dtype=float)
    for u in range(len(units)):
        for j in range(len(cols)):
            s = x[u, :, j]
            ok = ~np.isnan(s)
            if not ok.all():
                x[u, :, j] = np.interp(yrs, yrs[ok], s[ok])
    return sysrows, cols, dirs, units, years, x.reshape(len(units) * len(years), len(cols))


def normalize(x, dirs):
    mn, mx = x.min(axis=0), x.max(axis=0)
    z = np.where(dirs > 0, (x - mn) / (mx - mn), (mx - x) / (mx - mn))
    return z + SHIFT


def w_entropy(z):
    m = z.shape[0]
    p = z / z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    d = 1 - e
    return d / d.sum()


def w_critic(z):
    sd = z.std(axis=0, ddof=1)
    r = np.corrcoef(z, rowvar=False)
    c = sd * (1 - r).sum(axis=0)
    return c / c.sum()


def w_cv(z):
    cv = z.std(axis=0, ddof=1) / z.mean(axis=0)
    return cv / cv.sum()


def w_equal(z):
    return np.full(z.shape[1], 1.0 / z.shape[1])


def w_pca(z, share=0.85):
    lam, vec = np.linalg.eigh(np.corrcoef(z, rowvar=False))
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    k = int(np.argmax(np.cumsum(lam) / lam.sum() >= share - 1e-12)) + 1
    w = (np.abs(vec[:, :k]) * lam[:k]).sum(axis=1) / lam[:k].sum()
    return w / w.sum()


def agg_weighted(z, w):
    return z @ w


def agg_geometric(z, w):
    return np.exp(np.log(z) @ w)


def agg_topsis(z, w):
    v = z * w
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    return dm / (dp + dm)


def agg_gra(z, w, rho=0.5):
    delta = np.abs(z.max(axis=0) - z)
    dmin, dmax = delta.min(), delta.max()
    xi = (dmin + rho * dmax) / (delta + rho * dmax)
    return xi @ w


def node_columns(sysrows, scores):
    """(header, indicator positions) of every sub-index column of scores.csv:
    a dimension, or dimension/subdimension."""
    heads = [h for h in scores[0] if h not in ("unit", "period", "score", "rank")]
    out = []
    for h in heads:
        d, _, sub = h.partition("/")
        idx = [j for j, r in enumerate(sysrows) if r["dimension"] == d and (not sub or r["subdimension"] == sub)]
        out.append((h, idx))
    return out


def run_nqpf(out, *extra):
    cmd = [NQPF, "index", "--data", DATA, "--system", SYSTEM, "--unit", "province", "--period", "year",
           "--missing", "interpolate", "--out", out, "--quiet"] + list(extra)
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stderr


def rel_err(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def main():
    sysrows, cols, dirs, units, years, x = load_panel()
    z = normalize(x, dirs)
    n = len(cols)
    tmp = tempfile.mkdtemp(prefix="nqpf-oracle-")

    # A consistent AHP matrix a_ij = v_i / v_j has the eigenvector v / sum v
    # and CR = 0, so the AHP weights are known exactly.
    v = np.arange(1, n + 1, dtype=float)
    v = 1.0 + (v * 7 % 11)
    ahp_path = os.path.join(tmp, "ahp.csv")
    with open(ahp_path, "w", encoding="utf-8") as f:
        f.write("row," + ",".join(cols) + "\n")
        for i, c in enumerate(cols):
            f.write(c + "," + ",".join(repr(v[i] / v[j]) for j in range(n)) + "\n")
    w_ahp = v / v.sum()
    # fixed weights: a system file with a weight column
    fixed = np.array([(j % 5) + 1.0 for j in range(n)])
    fixed_sys = os.path.join(tmp, "system_fixed.csv")
    with open(SYSTEM, encoding="utf-8") as f:
        lines = f.read().splitlines()
    with open(fixed_sys, "w", encoding="utf-8") as f:
        f.write(lines[0] + ",weight\n")
        for j, line in enumerate(lines[1:]):
            f.write(line + "," + repr(fixed[j]) + "\n")

    we = w_entropy(z)
    combo_mult = we * w_ahp / (we * w_ahp).sum()
    schemes = {
        "entropy": (we, []),
        "critic": (w_critic(z), []),
        "cv": (w_cv(z), []),
        "equal": (w_equal(z), []),
        "pca": (w_pca(z), []),
        "ahp": (w_ahp, ["--weights", "ahp:" + ahp_path, "--ri", "dd"]),
        "fixed": (fixed / fixed.sum(), ["--weights", "fixed", "--system", fixed_sys]),
        "combo-mult": (combo_mult, ["--weights", "combo:entropy+ahp:" + ahp_path, "--ri", "dd"]),
        "combo-linear": (0.3 * we + 0.7 * w_ahp,
                         ["--weights", "combo:entropy+ahp:" + ahp_path, "--ri", "dd", "--combine", "linear",
                          "--alpha", "0.3"]),
    }
    aggs = {"weighted": agg_weighted, "topsis": agg_topsis, "gra": agg_gra, "geometric": agg_geometric}
    for sname, (w, opts) in schemes.items():
        if "--weights" not in opts:
            opts = ["--weights", sname] + opts
        if "--system" in opts:  # the fixed scheme replaces the system file
            i = opts.index("--system")
            sys_opt = opts[i:i + 2]
            opts = opts[:i] + opts[i + 2:]
        else:
            sys_opt = []
        for aname, agg in aggs.items():
            out = os.path.join(tmp, f"{sname}-{aname}")
            cmd_opts = opts + ["--aggregate", aname]
            if sys_opt:
                # run with the fixed-weights system file
                rc, err = run_fixed(out, sys_opt[1], cmd_opts)
            else:
                rc, err = run_nqpf(out, *cmd_opts)
            name = f"oracle {sname} x {aname}"
            if rc != 0:
                report(False, name, f"nqpf exit {rc}: {err.strip()}")
                continue
            got_w = np.array([float(r["weight"]) for r in read_csv(os.path.join(out, "weights.csv"))])
            scores = read_csv(os.path.join(out, "scores.csv"))
            got_s = np.array([float(r["score"]) for r in scores])
            keys_ok = [(r["unit"], int(r["period"])) for r in scores] == [(u, y) for u in units for y in years]
            want_s = agg(z, w)
            ew, es = rel_err(got_w, w), rel_err(got_s, want_s)
            ok = keys_ok and ew <= RTOL and es <= RTOL
            report(ok, name, f"(weights rel err {ew:.3g}, scores rel err {es:.3g}, keys ok {keys_ok})")
            if sname == "entropy" and aname == "weighted":
                zz = read_csv(os.path.join(out, "normalized.csv"))
                got_z = np.array([[float(r[c]) for c in cols] for r in zz])
                ez = rel_err(got_z, z)
                report(ez <= RTOL, "oracle normalized.csv (min-max + 0.0001 shift)", f"(rel err {ez:.3g})")
                # ranks within each year: 1 = best, ties share the lowest rank
                ranks = np.array([float(r["rank"]) for r in scores]).reshape(len(units), len(years))
                s2 = want_s.reshape(len(units), len(years))
                want_r = np.array([[1 + np.sum(s2[:, t] > s2[u, t]) for t in range(len(years))]
                                   for u in range(len(units))])
                report(bool((ranks == want_r).all()), "oracle ranks within period")
                # dimension scores are additive contributions that sum to the score
                dims = []
                for r in sysrows:
                    if r["dimension"] not in dims:
                        dims.append(r["dimension"])
                tot = sum(np.array([float(r[d]) for r in scores]) for d in dims)
                report(rel_err(tot, got_s) <= 1e-12, "oracle dimension scores add up to the score")
            if sname == "entropy" and aname != "weighted":
                # a non-additive sub-index is the same aggregation of its own
                # columns, weights renormalised to 1, against its columns' extremes
                worst = max(rel_err([float(r[h]) for r in scores], agg(z[:, idx], w[idx] / w[idx].sum()))
                            for h, idx in node_columns(sysrows, scores))
                report(worst <= RTOL, f"oracle sub-index scores x {aname}", f"(rel err {worst:.3g})")
    # hierarchical: entropy within each dimension, then entropy across the
    # dimensions' within-dimension scores
    out = os.path.join(tmp, "hier")
    rc, err = run_nqpf(out, "--hierarchical")
    if rc != 0:
        report(False, "oracle hierarchical entropy", err)
    else:
        dims = []
        for r in sysrows:
            if r["dimension"] not in dims:
                dims.append(r["dimension"])
        w = np.zeros(n)
        within, S = {}, []
        for d in dims:
            idx = [j for j, r in enumerate(sysrows) if r["dimension"] == d]
            wd = w_entropy(z[:, idx])
            within[d] = (idx, wd)
            S.append(z[:, idx] @ wd)
        W = w_entropy(np.column_stack(S))
        for q, d in enumerate(dims):
            idx, wd = within[d]
            w[idx] = W[q] * wd
        got_w = np.array([float(r["weight"]) for r in read_csv(os.path.join(out, "weights.csv"))])
        got_s = np.array([float(r["score"]) for r in read_csv(os.path.join(out, "scores.csv"))])
        e1, e2 = rel_err(got_w, w), rel_err(got_s, z @ w)
        report(e1 <= RTOL and e2 <= RTOL, "oracle hierarchical entropy x weighted",
               f"(weights {e1:.3g}, scores {e2:.3g})")
    # --robustness: the scheme scores equal single-scheme runs, and the rank
    # correlations equal scipy's spearmanr / kendalltau (tau-b)
    from scipy import stats
    out = os.path.join(tmp, "robust")
    rc, err = run_nqpf(out, "--robustness")
    if rc != 0:
        report(False, "oracle robustness", err)
    else:
        rs = read_csv(os.path.join(out, "robustness_scores.csv"))
        crit = np.array([float(r["critic"]) for r in rs])
        e1 = rel_err(crit, agg_weighted(z, w_critic(z)))
        worst = 0.0
        for r in read_csv(os.path.join(out, "robustness.csv")):
            a = np.array([float(q[r["scheme_a"]]) for q in rs if q["period"] == r["period"]])
            b = np.array([float(q[r["scheme_b"]]) for q in rs if q["period"] == r["period"]])
            worst = max(worst, abs(float(r["spearman"]) - stats.spearmanr(a, b)[0]),
                        abs(float(r["kendall_tau_b"]) - stats.kendalltau(a, b)[0]))
        report(e1 <= RTOL and worst <= 1e-12, "oracle robustness scores and rank correlations vs scipy",
               f"(scores {e1:.3g}, correlations {worst:.3g})")
    # per-period scope: entropy weights per year, normalisation per year
    out = os.path.join(tmp, "period")
    rc, err = run_nqpf(out, "--scope", "period", "--aggregate", "topsis")
    if rc != 0:
        report(False, "oracle scope=period", err)
    else:
        scores = read_csv(os.path.join(out, "scores.csv"))
        got = np.array([float(r["score"]) for r in scores]).reshape(len(units), len(years))
        x3 = x.reshape(len(units), len(years), n)
        worst = 0.0
        for t in range(len(years)):
            zt = normalize(x3[:, t, :], dirs)
            wt = w_entropy(zt)
            worst = max(worst, rel_err(got[:, t], agg_topsis(zt, wt)))
            for h, idx in node_columns(sysrows, scores):  # sub-indices within the year too
                node = np.array([float(r[h]) for r in scores]).reshape(len(units), len(years))
                worst = max(worst, rel_err(node[:, t], agg_topsis(zt[:, idx], wt[idx] / wt[idx].sum())))
        report(worst <= RTOL, "oracle scope=period entropy x topsis (score and sub-indices)",
               f"(rel err {worst:.3g})")
    return 1 if failures() else 0


def run_fixed(out, system, opts):
    cmd = [NQPF, "index", "--data", DATA, "--system", system, "--unit", "province", "--period", "year",
           "--missing", "interpolate", "--out", out, "--quiet"] + list(opts)
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stderr


if __name__ == "__main__":
    sys.exit(main())
