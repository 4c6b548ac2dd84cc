#!/usr/bin/python3
"""[dea] keys of `nqpf dea` options that the project file lacked (issue 16):
categorical = COL (Banker-Morey categorical environments), bootstrap = B
with seed, level, bandwidth (the Simar-Wilson bootstrap), rts-test = B (the
Simar-Wilson 2002 returns-to-scale test) and economic = K with input-prices,
output-prices (cost, revenue, profit, profitability).  Each gives its table
(tables/dea.csv; rts-test: tables/dea_rts_test.csv; economic:
tables/dea_economic.csv) byte for byte as `nqpf dea` with the same options
(the command is the peer: its own tests check it against scipy HiGHS and
DataEnvelopmentAnalysis.jl), with a methods sentence (zh and en); the keys
change the numbers (not ignored); bad combinations are refused at the key's
FILE:LINE:COL with nothing written."""
import csv
import os
import shutil
import sys
import tempfile

import econ_common as ec
from econ_common import BASE, PANEL, check, rows, same_file

tmp = tempfile.mkdtemp(prefix="nqpf-report-dea-keys-")

# the bundled panel with a category column: three environments by the
# province's row (1 = least favourable), so every year has all three; and
# price columns of the two inputs (w1, w2) and outputs (p1, p2), each row
# its own
cp = os.path.join(tmp, "panel_env.csv")
with open(PANEL, encoding="utf-8", newline="") as fh:
    src = list(csv.reader(fh))
ui = src[0].index("province")
units = sorted({r[ui] for r in src[1:]})
with open(cp, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(src[0] + ["env", "w1", "w2", "p1", "p2"])
    for i, r in enumerate(src[1:]):
        w.writerow(r + [str(1 + units.index(r[ui]) % 3)] + ["%g" % (1 + (i * k) % 7 / 4) for k in (1, 2, 3, 5)])


def project(name, text, data=cp):
    return ec.dea_project(tmp, name, text, data)


def cli(name, *args, data=cp):
    return ec.dea_cli(tmp, name, *args, data=data)


def methods(out, p):
    return open(os.path.join(out, "methods.md"), encoding="utf-8").read() if p.returncode == 0 else ""


# ---- categorical = env -------------------------------------------------------------
for model, keys in (("radial", "rts = vrs\n"), ("sbm", "rts = crs\n"), ("ddf", "rts = vrs\nbad-disposal = strong\n")):
    text = "model = %s\n%scategorical = env\n" % (model, keys)
    out, p, _ = project("cat-" + model, text)
    args = ["--model", model] + sum((["--" + l.split(" = ")[0], l.split(" = ")[1]] for l in keys.splitlines()), [])
    c, q = cli("cat-" + model, *args, "--categorical", "env")
    ok = p.returncode == 0 and q.returncode == 0 and same_file(c, os.path.join(out, "tables", "dea.csv"))
    check(ok and rows(c)[1][-1].endswith("-categorical"),
          "categorical = env (%s): tables/dea.csv byte-identical to nqpf dea --categorical env" % model,
          p.stderr + q.stderr)
    c0, q0 = cli("cat0-" + model, *args)
    check(q0.returncode == 0 and ok and [r[2] for r in rows(c0)] != [r[2] for r in rows(c)],
          "categorical (%s): the categories change the scores (not ignored)" % model)
    md = methods(out, p)
    check("Categorical environment (Banker & Morey 1986" in md and "类别环境变量" in md and "in column env" in md,
          "categorical (%s): methods.md describes the categories (zh + en)" % model)

# ---- bootstrap = B -------------------------------------------------------------------
for extra, args in (("", []), ("seed = 7\nlevel = 0.9\n", ["--seed", "7", "--level", "0.9"]),
                    ("bandwidth = 0.05\nfrontier = pooled\n", ["--bandwidth", "0.05", "--frontier", "pooled"])):
    text = "rts = vrs\nbootstrap = 40\n" + extra
    name = "boot%d" % len(args)
    out, p, _ = project(name, text)
    c, q = cli(name, "--rts", "vrs", "--bootstrap", "40", *args)
    d = rows(c) if q.returncode == 0 else [[]]
    check(p.returncode == 0 and q.returncode == 0 and same_file(c, os.path.join(out, "tables", "dea.csv"))
          and d[0][4:10] == ["eff_bc", "bias", "boot_sd", "ci_lo", "ci_hi", "bandwidth"],
          "bootstrap = 40 %s: tables/dea.csv byte-identical to nqpf dea --bootstrap 40 %s" % (
              extra.replace("\n", " "), " ".join(args)), p.stderr + q.stderr)
    md = methods(out, p)
    check("Simar & Wilson (1998) smoothed bootstrap with 40 replications" in md and "平滑自助法" in md
          and ("level-%s" % ("0.9" if "level" in extra else "0.95")) in md,
          "bootstrap %s: methods.md describes it (zh + en) with its level" % extra.replace("\n", " "))
# another seed, other numbers: the key reaches the bootstrap
o1, p1, _ = project("seed1", "rts = vrs\nbootstrap = 40\nseed = 1\n")
o2, p2, _ = project("seed2", "rts = vrs\nbootstrap = 40\nseed = 2\n")
check(p1.returncode == 0 and p2.returncode == 0 and
      [r[4] for r in rows(os.path.join(o1, "tables", "dea.csv"))] !=
      [r[4] for r in rows(os.path.join(o2, "tables", "dea.csv"))], "bootstrap: seed changes eff_bc (not ignored)")

# ---- rts-test = B ----------------------------------------------------------------------
for orient in ("in", "out"):
    out, p, _ = project("rts-" + orient, "orient = %s\nrts-test = 30\nseed = 5\n" % orient, data=PANEL)
    c, q = cli("rts-" + orient, "--orient", orient, "--rts-test", "30", "--seed", "5", data=PANEL)
    t = os.path.join(out, "tables", "dea_rts_test.csv")
    d = rows(c) if q.returncode == 0 else [[]]
    check(p.returncode == 0 and q.returncode == 0 and os.path.exists(t) and same_file(c, t) and len(d) == 15
          and d[0] == ["year", "statistic", "p_value", "critical_value", "bandwidth", "reps", "level", "model"],
          "rts-test = 30 (%s): tables/dea_rts_test.csv byte-identical to nqpf dea --rts-test 30, 14 periods" % orient,
          p.stderr + q.stderr)
    # the decision the methods sentence counts: S below the critical value
    rej = sum(float(r[1]) < float(r[3]) for r in d[1:])
    md = methods(out, p)
    check("Simar & Wilson (2002) bootstrap test of constant against variable returns" in md and
          ("rejected in %d of 14 periods" % rej) in md and ("14个时期中有%d个拒绝" % rej) in md,
          "rts-test (%s): methods.md states the test and its decisions (%d of 14 rejected; zh + en)" % (orient, rej))
out, p, _ = project("nortstest", "rts = vrs\n", data=PANEL)
check(p.returncode == 0 and not os.path.exists(os.path.join(out, "tables", "dea_rts_test.csv")),
      "rts-test absent: no dea_rts_test table")

# ---- economic = K -----------------------------------------------------------------------
ECON = {
    "cost": ("input-prices = w1,w2\n", "cost efficiency C*/(w₀·x₀)", "成本效率"),
    "revenue": ("output-prices = p1,p2\n", "revenue efficiency (p₀·y₀)/R*", "收益效率"),
    "profit": ("rts = vrs\ninput-prices = w1,w2\noutput-prices = p1,p2\n", "Nerlovian profit inefficiency",
               "Nerlove利润无效率"),
    "profitability": ("rts = crs\ninput-prices = w1,w2\noutput-prices = p1,p2\n", "profitability efficiency",
                      "盈利能力效率"),
}
for kind, (keys, en, zh) in ECON.items():
    out, p, _ = project("econ-" + kind, "economic = %s\n%s" % (kind, keys))
    args = sum((["--" + l.split(" = ")[0], l.split(" = ")[1]] for l in keys.splitlines()), [])
    c, q = cli("econ-" + kind, "--economic", kind, *args)
    t = os.path.join(out, "tables", "dea_economic.csv")
    d = rows(c) if q.returncode == 0 else [[]]
    check(p.returncode == 0 and q.returncode == 0 and os.path.exists(t) and same_file(c, t) and
          d[0][2:9] == ["efficiency", "status", "technical", "technical_status", "allocative", "optimum", "observed"]
          and sum(r[3] == "ok" for r in d[1:]) > 400,
          "economic = %s: tables/dea_economic.csv byte-identical to nqpf dea --economic %s %s" % (
              kind, kind, " ".join(args)), p.stderr + q.stderr)
    # the technical x allocative (profit: +) decomposition holds in the table
    dec = [(float(r[2]), float(r[4]), float(r[6])) for r in d[1:] if r[3] == "ok" and r[5] == "ok"]
    split = (lambda e, t, a: abs(e - (t + a)) <= 1e-12 * max(1, abs(e))) if kind == "profit" else \
        (lambda e, t, a: abs(e - t * a) <= 1e-12 * max(1, abs(e)))
    check(len(dec) > 400 and all(split(*v) for v in dec),
          "economic = %s: efficiency = technical %s allocative on every row" % (kind, "+" if kind == "profit" else "x"))
    md = methods(out, p)
    check(en in md and zh in md and "Economic efficiency at each row's prices" in md,
          "economic = %s: methods.md describes it (zh + en)" % kind)
out, p, _ = project("noecon", "rts = vrs\n")
check(p.returncode == 0 and not os.path.exists(os.path.join(out, "tables", "dea_economic.csv")),
      "economic absent: no dea_economic table")

# ---- refusals: at the key, nothing written -----------------------------------------------
for name, text, key, want in [
    ("cat-meta", "categorical = env\nmeta = region4\n", "categorical", "categorical takes no meta"),
    ("cat-peel", "categorical = env\npeel = yes\n", "categorical", "categorical takes no peel"),
    ("cat-ebm", "model = ebm\nrts = crs\ncategorical = env\n", "categorical", "works with the radial, sbm and ddf"),
    ("cat-mean", "model = ddf\nbad-disposal = strong\ndirection = mean\ncategorical = env\n", "categorical",
     "mean direction"),
    ("boot-meta", "bootstrap = 20\nmeta = region4\n", "meta", "meta takes no bootstrap"),
    ("boot-sbm", "model = sbm\nbootstrap = 20\n", "bootstrap", "radial"),
    ("rts-boot", "rts-test = 20\nbootstrap = 20\n", "rts-test", "rts-test takes no bootstrap"),
    ("rts-pooled", "rts-test = 20\nfrontier = pooled\n", "rts-test", "frontier = contemporaneous"),
    ("rts-sbm", "model = sbm\nrts-test = 20\n", "rts-test", "model = radial"),
    ("rts-peel", "rts-test = 20\npeel = yes\n", "rts-test", "rts-test takes no peel"),  # as `nqpf dea` refuses it
    ("econ-model", "model = sbm\neconomic = cost\ninput-prices = w1,w2\n", "economic", "and takes no model"),
    ("econ-count", "economic = cost\ninput-prices = w1,w2\noutput-prices = p1,p2\n", "output-prices",
     "2 price columns for 0 outputs"),
    ("econ-few", "economic = profitability\nrts = crs\ninput-prices = w1\noutput-prices = p1,p2\n", "input-prices",
     "1 price columns for 2 inputs"),
    ("prices-alone", "input-prices = w1,w2\n", "input-prices", "needs economic = cost"),
    ("econ-profit-crs", "economic = profit\nrts = crs\ninput-prices = w1,w2\noutput-prices = p1,p2\n", "economic",
     "profit efficiency needs vrs"),
]:
    out, p, path = project(name, text)
    line = BASE.count("\n") + 3 + [l.split(" = ")[0] for l in text.splitlines()].index(key) + 1
    loc = "%s:%d:%d: " % (path, line, len(key) + 4)
    check(p.returncode == 5 and want in p.stderr and p.stderr.startswith("nqpf: " + loc) and not os.path.exists(out),
          "refused at the key: %s (%s)" % (name, want), p.stderr)
# a category cell that is not 1, 2, ...: the data file's FILE:LINE:COL, as nqpf dea
bad = os.path.join(tmp, "panel_badenv.csv")
with open(cp, encoding="utf-8") as fh:
    lines = fh.read().splitlines()
head = lines[0].split(",")
cells = lines[5].split(",")
cells[head.index("env")] = "1.5"
lines[5] = ",".join(cells)
with open(bad, "w", encoding="utf-8") as fh:
    fh.write("\n".join(lines) + "\n")
out, p, _ = project("cat-bad", "categorical = env\n", data=bad)
c, q = cli("cat-bad", "--categorical", "env", data=bad)
col = head.index("env") + 1
check(p.returncode != 0 and q.returncode != 0 and ("%s:6:%d: " % (bad, col)) in p.stderr and
      p.stderr == q.stderr and not os.path.exists(out),
      "categorical: a category 1.5 is an error at its FILE:LINE:COL, the message of nqpf dea", p.stderr + q.stderr)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if ec.failures else 0)
