"""nqpf reg --mediator with --by and with --iv.

--by: every group's rows (coefficients, statistics, bootstrap replications)
equal a separate run on a file holding only that group's rows.
--iv: the total, a and b paths equal separate `nqpf reg --iv` runs of each
path and AER::ivreg + sandwich::vcovHC(HC1) (Rscript) to 1e-10; the Sobel
z equals a hand computation; bootstrap replications are re-derived from
their RNG streams and a weighted `nqpf reg --iv`, and are byte-identical
for 1 and 2 threads.  Data: Munnell's Produc (tests/ref/econ/produc.csv)."""
import csv
import math
import os
import subprocess
import sys
import tempfile

from scipy.stats import norm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402
from test_reg_mediate import draws  # noqa: E402 - the draws of src/core/rng.c, written there from its definition

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
REF = os.environ.get("NQPF_REF", os.path.join(ROOT, "tests", "ref"))
COLS = ["state", "year", "region", "lgsp", "lpcap", "lpc", "lemp", "unemp", "lhwy", "lwater", "lutil"]

R_SCRIPT = r"""
suppressMessages({library(AER); library(sandwich)})
a <- commandArgs(TRUE); d <- read.csv(a[1])
f <- list(total = as.formula(a[2]), a = as.formula(a[3]), b = as.formula(a[4]))
for (k in names(f)) {
  m <- ivreg(f[[k]], data = d)
  se <- sqrt(diag(vcovHC(m, type = "HC1")))
  for (t in names(coef(m))) cat(k, t, sprintf("%.17g", coef(m)[[t]]), sprintf("%.17g", se[[t]]), "\n")
}
"""


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def reg(*args, env=None):
    return subprocess.run([NQPF, "reg", *args], capture_output=True, text=True, env=env)


def write_rows(path, rows):
    with open(path, "w") as f:
        f.write(",".join(COLS) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def check_by(tmp, rows):
    data = os.path.join(tmp, "p.csv")
    write_rows(data, rows)
    args = ["--absorb", "state,year", "--cluster", "state", "--y", "lgsp", "--x", "lpcap,lemp,unemp", "--mediator",
            "lpc", "--boot", "40", "--seed", "5"]
    o, s, b = (os.path.join(tmp, k + ".csv") for k in ("byo", "bys", "byb"))
    p = reg("--data", data, *args, "--by", "region", "--out", o, "--stats", s, "--boot-reps", b)
    if p.returncode:
        report(False, "nqpf reg --mediator --by", p.stderr)
        return
    got = {k: read(f) for k, f in (("o", o), ("s", s), ("b", b))}
    regions = sorted({r[2] for r in rows}, key=int)
    same, n = True, 0
    for g in regions:
        sub = os.path.join(tmp, "r%s.csv" % g)
        write_rows(sub, [r for r in rows if r[2] == g])
        so, ss, sb = (os.path.join(tmp, "%s%s.csv" % (k, g)) for k in ("so", "ss", "sb"))
        p = reg("--data", sub, *args, "--out", so, "--stats", ss, "--boot-reps", sb)
        if p.returncode:
            report(False, "nqpf reg --mediator on region %s alone" % g, p.stderr)
            return
        for k, f in (("o", so), ("s", ss), ("b", sb)):
            mine = [{c: v for c, v in r.items() if c != "by"} for r in got[k] if r["by"] == g]
            same &= mine == read(f)
            n += len(mine)
    report(same and n > 0 and len(regions) == 9,
           "--mediator --by region: each group's paths, statistics and 40 cluster-bootstrap replications equal a "
           "run on that group's rows alone (%d rows compared, %d groups)" % (n, len(regions)))


def r_paths(tmp, data, formulas):
    p = subprocess.run(["Rscript", "-e", R_SCRIPT, data, *formulas], capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(p.stderr)
    out = {}
    for line in p.stdout.splitlines():
        k, t, b, se = line.split()
        out[(k, "_cons" if t == "(Intercept)" else t)] = (float(b), float(se))
    return out


def check_iv(tmp, rows):
    data = os.path.join(tmp, "p.csv")
    write_rows(data, rows)
    cases = [
        # the treatment lpcap endogenous, the mediator lemp exogenous in the b path
        ("treatment instrumented", "lpcap=lhwy,lwater", "lemp",
         ("lgsp ~ lpcap + unemp | unemp + lhwy + lwater", "lemp ~ lpcap + unemp | unemp + lhwy + lwater",
          "lgsp ~ lpcap + lemp + unemp | lemp + unemp + lhwy + lwater"),
         (("total", "lgsp", []), ("a", "lemp", []), ("b", "lgsp", ["lemp"]))),
        # the mediator named in --iv too: instrumented in the b path
        ("treatment and mediator instrumented", "lpcap=lhwy,lwater;lemp=lutil", "lemp",
         ("lgsp ~ lpcap + unemp | unemp + lhwy + lwater + lutil", "lemp ~ lpcap + unemp | unemp + lhwy + lwater + lutil",
          "lgsp ~ lpcap + lemp + unemp | unemp + lhwy + lwater + lutil"),
         (("total", "lgsp", None), ("a", "lemp", None), ("b", "lgsp", None))),
    ]
    for name, iv, med, formulas, paths in cases:
        o, s = os.path.join(tmp, "ivo.csv"), os.path.join(tmp, "ivs.csv")
        p = reg("--data", data, "--y", "lgsp", "--x", "unemp", "--iv", iv, "--mediator", med, "--vce", "robust",
                "--out", o, "--stats", s, "--force")
        if p.returncode:
            report(False, "nqpf reg --mediator --iv (%s)" % name, p.stderr)
            continue
        co = {(r["model"], r["term"]): r for r in read(o)}
        st = {r["statistic"]: float(r["value"]) for r in read(s) if r["model"] == "mediation"}
        # each path as its own nqpf reg --iv run
        same, n = True, 0
        for model, y, extra_x in paths:
            if extra_x is None:  # the mediator lemp is endogenous in b only
                path_iv = iv if model == "b" else "lpcap=lhwy,lwater,lutil"
                x = "unemp"
            else:
                path_iv, x = iv, ",".join(extra_x + ["unemp"])
            q = reg("--data", data, "--y", y, "--x", x, "--iv", path_iv, "--vce", "robust", "--out", "-")
            for r in csv.DictReader(q.stdout.splitlines()):
                if r["model"] == "2sls":
                    n += 1
                    same &= all(co[(model, r["term"])][f] == r[f] for f in ("estimate", "se", "p"))
        report(same and n >= 10, "--mediator --iv (%s): paths = separate nqpf reg --iv runs (%d terms)" % (name, n))
        try:
            ref = r_paths(tmp, data, formulas)
            worst = max(max(rel(float(co[k]["estimate"]), b), rel(float(co[k]["se"]), se)) for k, (b, se) in ref.items())
            report(worst <= 1e-10, "--mediator --iv (%s): paths = AER::ivreg + vcovHC(HC1)" % name,
                   "max rel diff %.2e" % worst)
        except Exception as e:  # noqa: BLE001
            report(False, "--mediator --iv (%s): AER::ivreg reference" % name, repr(e))
        a, sa = float(co[("a", "lpcap")]["estimate"]), float(co[("a", "lpcap")]["se"])
        b, sb = float(co[("b", med)]["estimate"]), float(co[("b", med)]["se"])
        z = a * b / math.sqrt(b * b * sa * sa + a * a * sb * sb)
        report(rel(st["sobel_z"], z) <= 1e-14 and abs(st["sobel_p"] - 2 * norm.sf(abs(z))) < 1e-14,
               "--mediator --iv (%s): Sobel z by hand" % name, "z %.17g vs %.17g" % (st["sobel_z"], z))

    # bootstrap with --iv: 1 vs 2 threads, replications re-derived (rows drawn, weighted nqpf reg --iv)
    args = ["--data", data, "--y", "lgsp", "--x", "unemp", "--iv", "lpcap=lhwy,lwater", "--mediator", "lemp",
            "--boot", "30", "--seed", "9"]
    outs = {}
    for th in ("1", "2"):
        b = os.path.join(tmp, "ivb%s.csv" % th)
        p = reg(*args, "--out", os.path.join(tmp, "ivbo.csv"), "--stats", os.path.join(tmp, "ivbs%s.csv" % th),
                "--boot-reps", b, "--force", env=dict(os.environ, OMP_NUM_THREADS=th))
        if p.returncode:
            report(False, "nqpf reg --mediator --iv --boot", p.stderr)
            return
        outs[th] = open(b, "rb").read() + open(os.path.join(tmp, "ivbs%s.csv" % th), "rb").read()
    report(outs["1"] == outs["2"], "--mediator --iv --boot: 1 and 2 threads byte-identical")
    reps = read(os.path.join(tmp, "ivb1.csv"))
    worst = 0.0
    for rep in range(3):
        cnt = draws(9, rep, len(rows))
        wfile = os.path.join(tmp, "ivw%d.csv" % rep)
        with open(wfile, "w") as f:
            f.write(",".join(COLS) + ",cnt\n")
            for c, r in zip(cnt, rows):
                if c:
                    f.write(",".join(r) + ",%d\n" % c)
        base = ["--data", wfile, "--weights", "cnt", "--iv", "lpcap=lhwy,lwater", "--out", "-"]
        pa = reg(*base, "--y", "lemp", "--x", "unemp")
        pb = reg(*base, "--y", "lgsp", "--x", "lemp,unemp")
        ra = {r["term"]: float(r["estimate"]) for r in csv.DictReader(pa.stdout.splitlines()) if r["model"] == "2sls"}
        rb = {r["term"]: float(r["estimate"]) for r in csv.DictReader(pb.stdout.splitlines()) if r["model"] == "2sls"}
        worst = max(worst, rel(float(reps[rep]["a"]), ra["lpcap"]), rel(float(reps[rep]["b"]), rb["lemp"]))
    report(worst == 0.0, "--mediator --iv --boot: replications 0-2 re-derived from their streams and a weighted "
           "nqpf reg --iv", "max rel diff %.2e" % worst)


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf_med_iv_")
    rows = []
    for r in read(os.path.join(REF, "econ", "produc.csv")):
        rows.append([r["state"], r["year"], r["region"]] +
                    [repr(math.log(float(r[k]))) for k in ("gsp", "pcap", "pc", "emp")] + [r["unemp"]] +
                    [repr(math.log(float(r[k]))) for k in ("hwy", "water", "util")])
    check_by(tmp, rows)
    check_iv(tmp, rows)
    finish()


if __name__ == "__main__":
    main()
