"""nqpf reg's fast paths give the numbers of the plain ones:
 - the output is byte-identical with 1 and 2 threads (three absorbed
   dimensions with an interaction, weights, two-way clustering, missing
   cells, a cascade of singletons);
 - a lone fit that hands its columns over to the estimator gives the
   numbers of one that keeps them (--by with a single group);
 - the linear-time singleton removal drops exactly the rows that repeated
   passes over the data drop (a chain that needs one pass per link,
   counted here in Python), and the slopes equal numpy's least squares on
   the dummies of the rows that are left (1e-9 relative);
 - above 131,072 rows least squares factors the design block by block
   (src/compare/ols.c, no n x k copy): coefficients and HC1 errors equal
   statsmodels' on 300,000 rows with an off-centre regressor (1e-9
   relative), and a fit on every row of a file takes its
   code columns over (no copy) with the numbers of one that keeps them."""
import csv
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))


def panel(path):
    """60 firms x 8 years (a few cells missing) and a chain of 6 firms
    f0..f5: f0 alone in year 100, f_k in years 100+k-1 and 100+k, f5 also
    in year 0 — each removal makes the next link a singleton."""
    rnd = random.Random(7)
    rows = []
    for f in range(60):
        a = rnd.gauss(0, 1)
        for t in range(8):
            if rnd.random() < 0.05:
                continue
            x = [rnd.gauss(0, 1) + 0.3 * a for _ in range(3)]
            y = 0.5 * x[0] - 0.2 * x[1] + 0.1 * x[2] + a + 0.1 * t + rnd.gauss(0, 1)
            rows.append([f, t, f % 5, x[0], x[1], x[2], y, 0.5 + rnd.random()])
    links = [(1000, 100)]
    for k in range(1, 6):
        links += [(1000 + k, 100 + k - 1), (1000 + k, 100 + k)]
    links.append((1005, 0))
    for f, t in links:
        x = [rnd.gauss(0, 1) for _ in range(3)]
        rows.append([f, t, f % 5, x[0], x[1], x[2], rnd.gauss(0, 1), 1.0])
    rnd.shuffle(rows)
    with open(path, "w") as fh:
        fh.write("firm,year,ind,x1,x2,x3,y,w\n")
        for r in rows:
            cells = ["%d" % r[0], "%d" % r[1], "%d" % r[2]] + ["%.10g" % v for v in r[3:]]
            if rnd.random() < 0.02:
                cells[3 + rnd.randrange(4)] = ""
            fh.write(",".join(cells) + "\n")


def run(args, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    return subprocess.run([NQPF, "reg", *args], capture_output=True, text=True, env=env)


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def singletons_by_passes(keys):
    """Rows left after dropping singleton levels pass by pass (Correia 2015)."""
    keep = [True] * len(keys)
    while True:
        dropped = False
        for g in range(len(keys[0])):
            cnt = {}
            for i, k in enumerate(keys):
                if keep[i]:
                    cnt[k[g]] = cnt.get(k[g], 0) + 1
            for i, k in enumerate(keys):
                if keep[i] and cnt[k[g]] == 1:
                    keep[i] = False
                    dropped = True
        if not dropped:
            return keep


def big_sample(tmp):
    """300,000 rows (more than two blocks of the blocked QR), 3,000 firms,
    no missing cell: against statsmodels, and the take-over of the codes."""
    import statsmodels.api as sm

    rng = np.random.default_rng(11)
    n = 300000
    firm = rng.integers(0, 3000, n)
    x = rng.normal(size=(n, 3))
    x[:, 2] = 10.0 + 0.5 * x[:, 2]  # off-centre: the constant and x3 are far from orthogonal
    y = 0.5 * x[:, 0] - 0.2 * x[:, 1] + 3.0 * x[:, 2] + 0.01 * firm + rng.normal(size=n)
    d = os.path.join(tmp, "big.csv")
    np.savetxt(d, np.column_stack([firm, x, y, np.zeros(n)]), fmt=["%d", "%.17g", "%.17g", "%.17g", "%.17g", "%d"],
               delimiter=",", header="firm,x1,x2,x3,y,one", comments="")
    o = os.path.join(tmp, "big_o.csv")
    p = run(["--data", d, "--y", "y", "--x", "x1,x2,x3", "--vce", "robust", "--out", o, "--force"], 2)
    report(p.returncode == 0, "300,000-row fit runs", p.stderr)
    if p.returncode == 0:
        ref = sm.OLS(y, np.column_stack([x, np.ones(n)])).fit(cov_type="HC1")
        with open(o, newline="") as fh:
            got = {r["term"]: r for r in csv.DictReader(fh) if r["model"] == "ols"}
        for j, name in enumerate(("x1", "x2", "x3", "_cons")):
            rb = abs(float(got[name]["estimate"]) - ref.params[j]) / abs(ref.params[j])
            rs = abs(float(got[name]["se"]) - ref.bse[j]) / ref.bse[j]
            report(rb < 1e-9 and rs < 1e-9,
                   "blocked QR, %s: coefficient and HC1 se equal statsmodels' (rel %.1e, %.1e)" % (name, rb, rs))
    outs = []
    for by in ([], ["--by", "one"]):
        o = os.path.join(tmp, "bc%d.csv" % len(by))
        p = run(["--data", d, "--y", "y", "--x", "x1,x2", "--absorb", "firm", "--cluster", "firm", "--out", o,
                 "--force"] + by, 2)
        rows = read(o).decode().splitlines() if p.returncode == 0 else [p.stderr]
        outs.append([r.split(",", 1)[1] if by else r for r in rows])
    report(outs[0] == outs[1] and len(outs[0]) > 2, "codes taken over on a complete sample: the same numbers", outs)


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf_reg_speed_")
    big_sample(tmp)
    d = os.path.join(tmp, "d.csv")
    panel(d)
    common = ["--data", d, "--y", "y", "--x", "x1,x2,x3"]
    cases = {
        "3 FE, weights, two-way cluster": ["--absorb", "firm,year,ind#year", "--weights", "w", "--cluster",
                                           "firm,year"],
        "2 FE, firm cluster, --dof all": ["--absorb", "firm,year", "--cluster", "firm", "--dof", "all"],
        "1 FE, robust": ["--absorb", "firm", "--vce", "robust"],
    }
    for name, extra in cases.items():
        outs = []
        for threads in (1, 2):
            o, s = os.path.join(tmp, "o%d.csv" % threads), os.path.join(tmp, "s%d.csv" % threads)
            p = run(common + extra + ["--out", o, "--stats", s, "--force"], threads)
            outs.append((p.returncode, read(o) + read(s) if p.returncode == 0 else p.stderr))
        report(outs[0][0] == 0 and outs[0] == outs[1], "1 and 2 threads byte-identical: " + name, outs)

    # a lone fit hands its columns to the estimator (nqpf_reg_fit_model_consume);
    # --by with one group keeps them (nqpf_reg_fit_model): the same numbers
    outs = []
    for by in ([], ["--by", "one"]):
        o = os.path.join(tmp, "c%d.csv" % len(by))
        dd = os.path.join(tmp, "one.csv")
        with open(d) as src, open(dd, "w") as dst:
            for k, line in enumerate(src):
                dst.write(line.rstrip("\n") + (",one\n" if k == 0 else ",g\n"))
        p = run(["--data", dd, "--y", "y", "--x", "x1,x2,x3", "--absorb", "firm,year,ind#year", "--cluster", "firm",
                 "--out", o, "--force"] + by, 2)
        rows = read(o).decode().splitlines() if p.returncode == 0 else [p.stderr]
        outs.append([r.split(",", 1)[1] if by else r for r in rows])
    report(outs[0] == outs[1] and len(outs[0]) > 3, "handing the columns over changes no number", outs)

    # the singleton cascade against repeated passes and numpy on the dummies
    o, s = os.path.join(tmp, "o.csv"), os.path.join(tmp, "s.csv")
    p = run(common + ["--absorb", "firm,year", "--out", o, "--stats", s, "--force"], 2)
    report(p.returncode == 0, "two-way fit with the singleton chain runs", p.stderr)
    if p.returncode != 0:
        finish()
    with open(d, newline="") as fh:
        data = [r for r in csv.DictReader(fh) if all(r[c] != "" for c in ("x1", "x2", "x3", "y"))]
    keys = [(r["firm"], r["year"]) for r in data]
    keep = singletons_by_passes(keys)
    with open(s, newline="") as fh:
        st = {(r["model"], r["statistic"]): r["value"] for r in csv.DictReader(fh)}
    want = len(keep) - sum(keep)
    report(want >= 12 and st.get(("ols", "N_singletons")) == str(want) and st.get(("ols", "N")) == str(sum(keep)),
           "singleton cascade: %d rows dropped as repeated passes drop" % want, st)
    rows = [r for r, k in zip(data, keep) if k]
    firms = sorted({r["firm"] for r in rows})
    years = sorted({r["year"] for r in rows})
    X = np.array([[float(r[c]) for c in ("x1", "x2", "x3")] + [1.0 * (r["firm"] == f) for f in firms] +
                  [1.0 * (r["year"] == t) for t in years[1:]] for r in rows])
    y = np.array([float(r["y"]) for r in rows])
    b = np.linalg.lstsq(X, y, rcond=None)[0][:3]
    with open(o, newline="") as fh:
        got = {r["term"]: float(r["estimate"]) for r in csv.DictReader(fh) if r["model"] == "ols"}
    for j, name in enumerate(("x1", "x2", "x3")):
        rel = abs(got[name] - b[j]) / abs(b[j])
        report(rel < 1e-9, "slope %s on the rows left equals numpy lstsq on dummies (rel %.1e)" % (name, rel))
    finish()


if __name__ == "__main__":
    main()
