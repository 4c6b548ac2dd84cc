"""nqpf tobit against R's survival::survreg (Gaussian, censored), the peer a
Tobit model is usually checked with, run side by side on the same data:

  - simulated scores censored at 0 and 1, at 0 only, at 1 only: every
    coefficient, standard error, z, p, Log(scale) with its se, and the
    log-likelihood agree to 1e-9 relative (survreg run with
    rel.tolerance = 1e-13);
  - a DEA second stage on the bundled provincial data: `nqpf dea` VRS
    scores of 2020 (efficient units censored at 1) on R&D intensity and
    the enterprise share of R&D funding;
  - sigma's se is sigma * se(ln sigma) (Stata's convention), the intervals
    are coef -+ 1.959964 se;
  - errors: every observation censored, collinear regressors (named), a
    missing cell at its FILE:LINE:COL, limits in the wrong order; nothing
    written.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
tmp = tempfile.mkdtemp(prefix="nqpf-tobit-")


def nqpf(args):
    return subprocess.run([NQPF] + args, capture_output=True, text=True)


def read_fit(text):
    fit = {}
    for row in csv.DictReader(io.StringIO(text)):
        fit[(row["term"], row["statistic"])] = float(row["value"])
    return fit


def survreg(path, y, xs, lower, upper):
    """survreg's table (term -> coef, se, z, p) and log-likelihood."""
    lo = "ifelse(d$%s <= %s, NA, d$%s)" % (y, lower, y) if lower is not None else "d$%s" % y
    hi = "ifelse(d$%s >= %s, NA, d$%s)" % (y, upper, y) if upper is not None else "d$%s" % y
    code = """suppressMessages(library(survival))
d <- read.csv("%s")
f <- survreg(Surv(%s, %s, type="interval2") ~ %s, data=d, dist="gaussian",
             control=survreg.control(rel.tolerance=1e-13, iter.max=500))
t <- summary(f)$table
for (i in seq_len(nrow(t))) cat(rownames(t)[i], sprintf("%%.17g", t[i, 1:4]), "\\n")
cat("loglik", sprintf("%%.17g", f$loglik[2]), "\\n")
""" % (path, lo, hi, " + ".join(xs))
    rfile = os.path.join(tmp, "fit.R")
    with open(rfile, "w") as f:
        f.write(code)
    out = subprocess.run(["Rscript", "--vanilla", rfile], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr)
    table = {}
    for line in out.stdout.split("\n"):
        parts = line.split()
        if parts:
            table[parts[0]] = [float(v) for v in parts[1:]]
    return table


def compare(name, path, y, xs, lower, upper):
    args = ["tobit", "--data", path, "--y", y, "--x", ",".join(xs), "--out", "-"]
    if lower is not None:
        args += ["--lower", str(lower)]
    if upper is not None:
        args += ["--upper", str(upper)]
    r = nqpf(args)
    if r.returncode:
        report(False, name, r.stderr)
        return
    fit, R = read_fit(r.stdout), survreg(path, y, xs, lower, upper)
    worst, where = 0.0, ""
    pairs = [(("_cons", s), R["(Intercept)"][i]) for i, s in enumerate(("coef", "se", "z"))]
    for x in xs:
        pairs += [((x, s), R[x][i]) for i, s in enumerate(("coef", "se", "z"))]
    pairs += [(("ln_sigma", "coef"), R["Log(scale)"][0]), (("ln_sigma", "se"), R["Log(scale)"][1]),
              (("", "loglik"), R["loglik"][0])]
    for key, want in pairs:
        d = abs(fit[key] - want) / max(abs(want), 1e-300)
        if d > worst:
            worst, where = d, "%s %s: %r vs R %r" % (key[0], key[1], fit[key], want)
    # p-values: relative agreement where they are representable
    for x in ["_cons"] + xs:
        want = R["(Intercept)" if x == "_cons" else x][3]
        if want > 1e-300:
            d = abs(fit[(x, "p")] - want) / want
            if d > worst:
                worst, where = d, "%s p: %r vs R %r" % (x, fit[(x, "p")], want)
    report(worst <= 1e-9, "%s: equal to survreg to %.1e (worst: %s)" % (name, worst, where))
    s, sl = fit[("sigma", "coef")], fit[("ln_sigma", "se")]
    b, se = fit[(xs[0], "coef")], fit[(xs[0], "se")]
    report(abs(fit[("sigma", "se")] - s * sl) <= 1e-15 * s * sl + 1e-300
           and abs(fit[(xs[0], "ci_hi")] - (b + 1.959963984540054 * se)) <= 1e-14 * abs(b + 2 * se),
           "%s: se(sigma) = sigma se(ln sigma), interval coef + 1.959964 se" % name)


# 1. simulated scores ------------------------------------------------------------
rng = np.random.default_rng(3)
n = 400
x1, x2 = rng.normal(size=n), rng.uniform(size=n)
ystar = 0.6 + 0.15 * x1 - 0.3 * x2 + 0.2 * rng.normal(size=n)
sim = os.path.join(tmp, "sim.csv")
with open(sim, "w") as f:
    f.write("id,y01,y0,y1,x1,x2\n")
    for i in range(n):
        f.write("%d,%r,%r,%r,%r,%r\n" % (i, min(max(ystar[i], 0.0), 1.0), max(ystar[i], 0.0),
                                         min(ystar[i], 1.0), x1[i], x2[i]))
compare("censored at 0 and 1", sim, "y01", ["x1", "x2"], 0, 1)
compare("censored at 0", sim, "y0", ["x1", "x2"], 0, None)
compare("censored at 1", sim, "y1", ["x1", "x2"], None, 1)

# 2. a DEA second stage on the bundled data -----------------------------------------
data = os.path.join(ROOT, "data", "china_provinces_tech_wide.csv")
rows = [r for r in csv.DictReader(open(data, encoding="utf-8")) if r["year"] == "2020"]
d20 = os.path.join(tmp, "d2020.csv")
with open(d20, "w", encoding="utf-8") as f:
    f.write("province,rd_spend,rd_staff,patents,intensity,ent_share\n")
    for r in rows:
        f.write("%s,%s,%s,%s,%s,%r\n" % (r["province"], r["v4_zh_nbzc_hj"], r["v4_zh_qsdl_hj"], r["v4_cg_zlsq_hj"],
                                         r["v4_ztr_qd_RD"],
                                         float(r["v4_zh_nbzc_qyzj"]) / float(r["v4_zh_nbzc_hj"])))
eff = os.path.join(tmp, "eff.csv")
r = nqpf(["dea", "--data", d20, "--unit", "province", "--inputs", "rd_spend,rd_staff", "--outputs", "patents",
          "--rts", "vrs", "--out", eff])
report(r.returncode == 0, "dea scores the 2020 provinces", r.stderr)
effs = {row["province"]: row["efficiency"] for row in csv.DictReader(open(eff, encoding="utf-8"))}
stage2 = os.path.join(tmp, "stage2.csv")
n_eff = 0
with open(stage2, "w", encoding="utf-8") as f:
    f.write("province,efficiency,intensity,ent_share\n")
    for line in list(csv.reader(open(d20, encoding="utf-8")))[1:]:
        f.write("%s,%s,%s,%s\n" % (line[0], effs[line[0]], line[4], line[5]))
        n_eff += effs[line[0]] == "1"
report(n_eff >= 2, "some provinces are efficient (%d), so the second stage is censored" % n_eff)
compare("DEA second stage (right-censored at 1)", stage2, "efficiency", ["intensity", "ent_share"], None, 1)

# 3. errors -----------------------------------------------------------------------
out = os.path.join(tmp, "never.csv")
col = os.path.join(tmp, "col.csv")
with open(col, "w") as f:
    f.write("y,a,b\n")
    for i in range(30):
        f.write("%r,%r,%r\n" % (min(ystar[i], 1.0), x1[i], 2 * x1[i]))
miss = os.path.join(tmp, "miss.csv")
with open(miss, "w") as f:
    f.write("y,a\n0.5,1\n0.7,\n1,3\n0.2,4\n")
for name, args, code, pattern in (
        ("every observation censored", [sim, "y01", "x1", "--upper", "-5"], 6, "every observation is censored"),
        ("collinear regressors, the column named", [col, "y", "a,b", "--upper", "1"], 6, "'b'"),
        ("a missing cell at FILE:LINE:COL", [miss, "y", "a", "--upper", "1"], 9, miss + ":3:2"),
        ("limits in the wrong order", [sim, "y01", "x1", "--lower", "1", "--upper", "0"], 2, "below")):
    r = nqpf(["tobit", "--data", args[0], "--y", args[1], "--x", args[2]] + args[3:] + ["--out", out])
    report(r.returncode == code and pattern in r.stderr and not os.path.exists(out),
           "%s: exit %d, nothing written" % (name, code), r.stderr)

shutil.rmtree(tmp)
finish()
