"""nqpf truncreg: truncated normal regression and the Simar-Wilson (2007)
Algorithm 1 bootstrap.

No Debian package fits a truncated regression (R's truncreg is not packaged),
so the oracle is the textbook likelihood written here with scipy.stats and
maximised by scipy.optimize (BFGS):
  - left truncation at 1 (DEA distances delta > 1) and right truncation at 1
    (scores < 1): coefficients and sigma within 1e-6 relative (the oracle's
    optimiser tolerance), nqpf's log-likelihood at least the oracle's, and
    standard errors within 1e-4 of a central-difference Hessian of the
    oracle likelihood;
  - the bootstrap: same seed -> byte-identical output for 1 and 2 threads,
    another seed -> other draws; Monte Carlo with known coefficients (30
    samples, n = 300, B = 299): the 95% percentile intervals of the slope
    cover the truth in at least 24 of 30 samples;
  - errors: two truncation points, no observation inside, B = 1.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from scipy import optimize, stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
tmp = tempfile.mkdtemp(prefix="nqpf-truncreg-")


def nqpf(args, threads=None):
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    return subprocess.run([NQPF] + args, capture_output=True, text=True, env=env)


def read_fit(text):
    return {(r["term"], r["statistic"]): float(r["value"]) for r in csv.DictReader(io.StringIO(text))}


def write(path, y, x1, x2):
    with open(path, "w") as f:
        f.write("y,x1,x2\n")
        for i in range(len(y)):
            f.write("%r,%r,%r\n" % (y[i], x1[i], x2[i]))


def oracle(y, x1, x2, lim, left):
    inside = y > lim if left else y < lim
    X = np.column_stack([np.ones(len(y)), x1, x2])[inside]
    yy = y[inside]

    def nll(t):
        b, s = t[:3], np.exp(t[3])
        mu = X @ b
        tail = stats.norm.logcdf((mu - lim) / s) if left else stats.norm.logcdf((lim - mu) / s)
        return -(stats.norm.logpdf(yy, mu, s).sum() - tail.sum())

    r = optimize.minimize(nll, np.zeros(4), method="BFGS", options={"gtol": 1e-11, "maxiter": 10000})
    t, h = r.x, 1e-4
    H = np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            e_i, e_j = np.eye(4)[i] * h, np.eye(4)[j] * h
            H[i, j] = (nll(t + e_i + e_j) - nll(t + e_i - e_j) - nll(t - e_i + e_j) + nll(t - e_i - e_j)) / (4 * h * h)
    se = np.sqrt(np.diag(np.linalg.inv(H)))
    return t, -r.fun, se, int(inside.sum())


rng = np.random.default_rng(11)
for name, left in (("left truncation at 1 (distances > 1)", True), ("right truncation at 1 (scores < 1)", False)):
    n = 600
    x1, x2 = rng.normal(size=n), rng.uniform(size=n)
    ystar = (1.1 + 0.3 * x1 - 0.4 * x2 if left else 0.9 - 0.2 * x1 + 0.3 * x2) + 0.4 * rng.normal(size=n)
    y = np.where(ystar > 1, ystar, 1.0) if left else np.where(ystar < 1, ystar, 1.0)
    path = os.path.join(tmp, "d.csv")
    write(path, y, x1, x2)
    r = nqpf(["truncreg", "--data", path, "--y", "y", "--x", "x1,x2", "--lower" if left else "--upper", "1",
              "--out", "-"])
    if r.returncode:
        report(False, name, r.stderr)
        continue
    fit = read_fit(r.stdout)
    t, ll, se, used = oracle(y, x1, x2, 1.0, left)
    mine = [fit[("_cons", "coef")], fit[("x1", "coef")], fit[("x2", "coef")], fit[("ln_sigma", "coef")]]
    worst = max(abs(a - b) / max(abs(b), 1e-3) for a, b in zip(mine, t))
    report(worst <= 1e-6 and fit[("", "n")] == used and fit[("", "loglik")] >= ll - 1e-9 * abs(ll),
           "%s: MLE equals the scipy oracle (worst %.1e; loglik %.12g vs %.12g, n %d)"
           % (name, worst, fit[("", "loglik")], ll, used))
    myse = [fit[("_cons", "se")], fit[("x1", "se")], fit[("x2", "se")], fit[("ln_sigma", "se")]]
    worst = max(abs(a - b) / b for a, b in zip(myse, se))
    report(worst <= 1e-4, "%s: standard errors equal the oracle's numerical Hessian (worst %.1e)" % (name, worst))

# the bootstrap ------------------------------------------------------------------
path = os.path.join(tmp, "d.csv")
base = ["truncreg", "--data", path, "--y", "y", "--x", "x1,x2", "--upper", "1", "--bootstrap", "200", "--out", "-"]
a = nqpf(base + ["--seed", "5"], threads=1)
b = nqpf(base + ["--seed", "5"], threads=2)
c = nqpf(base + ["--seed", "6"], threads=2)
report(a.returncode == 0 and a.stdout == b.stdout, "bootstrap: 1 and 2 threads byte-identical", a.stderr + b.stderr)
report(a.stdout != c.stdout and "boot_se" in a.stdout, "bootstrap: another seed gives other draws")
fa = read_fit(a.stdout)
report(fa[("", "boot_failed")] == 0 and 0.7 < fa[("x1", "boot_se")] / fa[("x1", "se")] < 1.4,
       "bootstrap: every replication fits; its se is near the MLE's (%.3g vs %.3g)"
       % (fa[("x1", "boot_se")], fa[("x1", "se")]))

covered, trials = 0, 30
for s in range(trials):
    n = 300
    x1, x2 = rng.normal(size=n), rng.uniform(size=n)
    ystar = 1.1 + 0.3 * x1 - 0.4 * x2 + 0.4 * rng.normal(size=n)
    y = np.where(ystar > 1, ystar, 1.0)
    write(path, y, x1, x2)
    r = nqpf(["truncreg", "--data", path, "--y", "y", "--x", "x1,x2", "--lower", "1", "--bootstrap", "299",
              "--seed", str(s + 1), "--out", "-"])
    f = read_fit(r.stdout) if r.returncode == 0 else {}
    covered += bool(f) and f[("x1", "boot_lo")] <= 0.3 <= f[("x1", "boot_hi")]
report(covered >= 24, "Monte Carlo: the 95%% percentile intervals cover the slope in %d of %d samples"
       % (covered, trials))

# errors ------------------------------------------------------------------------
out = os.path.join(tmp, "never.csv")
r = nqpf(["truncreg", "--data", path, "--y", "y", "--x", "x1", "--lower", "0", "--upper", "2", "--out", out])
report(r.returncode == 2 and not os.path.exists(out), "two truncation points: usage error", r.stderr)
r = nqpf(["truncreg", "--data", path, "--y", "y", "--x", "x1", "--lower", "100", "--out", out])
report(r.returncode == 6 and "no observation lies inside" in r.stderr and not os.path.exists(out),
       "nothing inside the truncation point: exit 6", r.stderr)
r = nqpf(["truncreg", "--data", path, "--y", "y", "--x", "x1", "--lower", "1", "--bootstrap", "1", "--out", out])
report(r.returncode == 2 and not os.path.exists(out), "one replication: usage error", r.stderr)

shutil.rmtree(tmp)
finish()
