#!/usr/bin/python3
"""[spreg] section of `nqpf run`: the spatial Durbin model of Munnell's
productivity panel (tests/ref/econ/produc.csv with the usaww weights) and an
SDM of the NQPF index itself (index -> spreg, W the 4 nearest provinces from
`nqpf weights`).  Every table equals `nqpf spreg` with the same options
(--effects --diagnostics) digit for digit; bad keys are FILE:LINE:COL errors."""
import math
import os
import shutil
import sys
import tempfile


import econ_common as ec
from econ_common import BASE, DATA, REF, check, num, rows, run, same

tmp = tempfile.mkdtemp(prefix="nqpf-report-spreg-")
# produc with the logs of Baltagi's textbook model (written once, read by both)
prod = rows(os.path.join(REF, "econ", "produc.csv"))
h = prod[0]
plog = os.path.join(tmp, "produc_log.csv")
with open(plog, "w", encoding="utf-8", newline="") as fh:
    w = ec.csv.writer(fh, lineterminator="\n")
    w.writerow(["state", "year", "lgsp", "lpcap", "lpc", "lemp", "unemp"])
    for r in prod[1:]:
        v = dict(zip(h, r))
        w.writerow([v["state"], v["year"]] + [repr(math.log(float(v[c]))) for c in ("gsp", "pcap", "pc", "emp")]
                   + [v["unemp"]])
W = os.path.join(REF, "econ", "usaww_edges.csv")


def compare(label, proj_text, cli_args):
    proj = os.path.join(tmp, label + ".ini")
    with open(proj, "w", encoding="utf-8") as fh:
        fh.write(BASE + proj_text)
    rep = os.path.join(tmp, label)
    p = run("run", proj, "--out", rep, "--quiet")
    check(p.returncode == 0, "%s: the project runs" % label, p.stderr)
    T = os.path.join(rep, "tables")
    o, d = os.path.join(tmp, label + "_o.csv"), os.path.join(tmp, label + "_d.csv")
    q = run("spreg", *cli_args, "--effects", "--diagnostics", d, "--out", o)
    check(q.returncode == 0, "%s: nqpf spreg runs" % label, q.stderr)
    if p.returncode or q.returncode:
        return
    check(rows(os.path.join(T, "spreg_estimates.csv")) == rows(o), "%s: spreg_estimates.csv is nqpf spreg --out" % label)
    cli = {r[1]: r for r in rows(o)[1:]}
    coef = rows(os.path.join(T, "spreg_coef.csv"))
    check(all(all(same(num(a), num(b)) for a, b in zip(r[1:], cli[r[0]][2:])) for r in coef[1:]) and
          {r[0] for r in coef[1:]} == {k for k in cli if ":" not in k},
          "%s: spreg_coef = the coefficients, rho, sigma2 and fit statistics of nqpf spreg" % label)
    eff = rows(os.path.join(T, "spreg_effects.csv"))
    ok = len(eff) > 1
    for r in eff[1:]:
        for q_, kind in enumerate(("direct", "indirect", "total")):
            c = cli[kind + ":" + r[0]]
            ok &= all(same(num(r[1 + 3 * q_ + i]), num(c[j])) for i, j in enumerate((2, 3, 5)))
    check(ok, "%s: spreg_effects = nqpf spreg's direct, indirect and total effects (estimate, se, p)" % label, eff)
    tests = rows(os.path.join(T, "spreg_tests.csv"))
    check([r[0] for r in tests] == [r[0] for r in rows(d)] and
          all(same(num(a[1]), num(b[1])) and same(num(a[3]), num(b[3])) for a, b in zip(tests[1:], rows(d)[1:])),
          "%s: spreg_tests = nqpf spreg --diagnostics" % label)
    m = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
    check("## Spatial regression" in m and "## 空间计量模型" in m, "%s: methods.md zh and en" % label)
    return rep


compare("produc", "[spreg]\ndata = %s\nunit = state\nperiod = year\ny = lgsp\nx = lpcap,lpc,lemp,unemp\nmodel = sdm\n"
        "fe = both\nweights = %s\n" % (plog, W),
        ["--data", plog, "--unit", "state", "--period", "year", "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp",
         "--model", "sdm", "--fe", "both", "--weights", W])

# index -> spreg: the score regressed with W = 4 nearest provinces (ids: the GB codes)
w4 = os.path.join(tmp, "w4.csv")
q = run("weights", "--geojson", os.path.join(DATA, "china_provinces.geojson"), "--knn", "4", "--data",
        os.path.join(DATA, "china_provinces_tech_wide.csv"), "--unit", "gb_code", "--subset-weights", "--out", w4)
check(q.returncode == 0, "nqpf weights: knn 4 of the provinces", q.stderr)
merged = ec.merged_panel(tmp)
X = "v6_cz_yszc_hj,v6_cz_yszc_nls"
compare("score", "[spreg]\nunit = gb_code\ny = score\nx = %s\nmodel = sar\nfe = unit\ndraws = 200\nseed = 9\n"
        "weights = %s\n" % (X, w4),
        ["--data", merged, "--unit", "gb_code", "--period", "year", "--y", "score", "--x", X, "--model", "sar",
         "--fe", "unit", "--draws", "200", "--seed", "9", "--weights", w4])

ec.bad_projects(tmp, [(name, BASE + text, want) for name, text, want in [("bad model", "[spreg]\ny = score\nx = %s\nmodel = sxm\nweights = %s\n" % (X, w4),
                          "bad.ini:11:9: 'sxm': model must be"),
                         ("no weights", "[spreg]\ny = score\nx = %s\nmodel = sar\n" % X,
                          "bad.ini:8:1: [spreg] needs 'weights = …'"),
                         ("fe without period", "[spreg]\ndata = %s\nunit = state\ny = lgsp\nx = lpc\nmodel = sar\n"
                          "fe = unit\nweights = %s\n" % (plog, W), "bad.ini:8:1: [spreg]: --fe unit needs --period"),
                         ("W lacks a unit", "[spreg]\ny = score\nx = %s\nmodel = sar\nweights = %s\n" % (X, W),
                          "china_provinces_tech_wide.csv")]])

# one option table: x is the same list option (an empty item is refused with the same words) and
# encoding the same key in [spreg] and on nqpf spreg's command line
q = run("spreg", "--data", plog, "--unit", "state", "--y", "lgsp", "--x", "lpc,,lemp", "--model", "sar", "--weights", W,
        "--out", os.path.join(tmp, "never.csv"))
check(q.returncode == 2 and "'lpc,,lemp': --x must be a comma-separated list of 1 to 64 names" in q.stderr,
      "nqpf spreg --x with an empty item: a usage error", q.stderr)
ec.bad_projects(tmp, [("x with an empty item", BASE + "[spreg]\ny = score\nx = lpc,,lemp\nmodel = sar\nweights = %s\n" % w4,
                       "bad.ini:10:5: 'lpc,,lemp': x must be a comma-separated list of 1 to 64 names")])
q = run("spreg", "--data", plog, "--unit", "state", "--period", "year", "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp",
        "--model", "sdm", "--fe", "both", "--weights", W, "--encoding", "utf-8", "--effects", "--out", "-")
r = run("spreg", "--data", plog, "--unit", "state", "--period", "year", "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp",
        "--model", "sdm", "--fe", "both", "--weights", W, "--effects", "--out", "-")
check(q.returncode == 0 and q.stdout == r.stdout and q.stdout.startswith("model,term"),
      "nqpf spreg --encoding (the section's key): the same fit", q.stderr)

shutil.rmtree(tmp)
sys.exit(1 if ec.failures else 0)
