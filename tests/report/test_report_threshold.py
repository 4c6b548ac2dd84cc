#!/usr/bin/python3
"""[threshold] section of `nqpf run`: Hansen's (1999) investment panel
(tests/ref/econ/hansen1999.csv) as a project section.  The tests table,
the regime coefficients and the LR curve equal `nqpf threshold` with the
same options digit for digit; the chart draws LR(gamma) with the critical
value -2 ln(1 - sqrt(0.95)) = 7.35 (Hansen 1999, Table 1's 95% value)."""
import math
import os
import shutil
import sys
import tempfile


import econ_common as ec
from econ_common import BASE, REF, check, num, rows, run, same

tmp = tempfile.mkdtemp(prefix="nqpf-report-thr-")
H = os.path.join(REF, "econ", "hansen1999.csv")
opts = {"unit": "id", "period": "year", "y": "i", "x": "q1,q2,q3,d1,qd1", "rx": "c1", "q": "d1", "n": "2",
        "grid": "100", "bootstrap": "30", "seed": "7", "vce": "cluster"}
proj = os.path.join(tmp, "thr.ini")
with open(proj, "w", encoding="utf-8") as fh:
    fh.write(BASE + "[threshold]\ndata = %s\n" % H)
    fh.writelines("%s = %s\n" % kv for kv in opts.items())
rep = os.path.join(tmp, "rep")
p = run("run", proj, "--out", rep, "--quiet")
check(p.returncode == 0, "[threshold]: the project runs", p.stderr)
T = os.path.join(rep, "tables")
o, s, l = (os.path.join(tmp, f) for f in ("o.csv", "s.csv", "l.csv"))
args = ["threshold", "--data", H] + sum((["--" + k, v] for k, v in opts.items()), [])
q = run(*args, "--out", o, "--stats", s, "--lr", l)
check(q.returncode == 0, "nqpf threshold runs", q.stderr)
st = {r[1]: r[2] for r in rows(s)[1:]}
test = rows(os.path.join(T, "thr_test.csv"))
check(len(test) == 3 and test[0][:4] == ["thresholds", "gamma", "ci_lo", "ci_hi"], "thr_test: one row per threshold")
keys = ["gamma%d", "gamma%d_lo", "gamma%d_hi", "ssr%d", "F%d", "F%d_p", "F%d_crit90", "F%d_crit95", "F%d_crit99"]
ok = all(same(num(test[k][j + 1]), num(st[keys[j] % k])) for k in (1, 2) for j in range(len(keys)))
check(ok, "thr_test: gamma, LR set, SSR, F, bootstrap p and critical values are nqpf threshold's", test)
coef = rows(os.path.join(T, "thr_coef.csv"))
cli = rows(o)
check([r[0] for r in coef[1:]] == [r[1] for r in cli[1:]] and
      all(num(a) == num(b) for r, c in zip(coef[1:], cli[1:]) for a, b in zip(r[1:], c[2:])),
      "thr_coef: the regime coefficients are nqpf threshold --out's (c1_r1, c1_r2, c1_r3)")
check(rows(os.path.join(T, "thr_lr.csv")) == rows(l), "thr_lr.csv: the LR curves of nqpf threshold --lr")
h = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
check('id="chart-thr-lr1"' in h and 'id="chart-thr-lr2"' in h, "HTML: an LR(gamma) chart per threshold")
crit = -2 * math.log(1 - math.sqrt(0.95))
check(abs(float(st["lr_crit"]) - crit) < 1e-12 and ("%.4g" % crit) in h, "chart caption names the critical value 7.352")
m = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
check("## Panel threshold regression" in m and "## 面板门槛回归" in m, "methods.md: zh and en paragraphs")
with open(proj, encoding="utf-8") as fh:
    text = fh.read()
ec.bad_projects(tmp, [(name, text.replace(old, new), want) for name, old, new, want in [
    ("bad vce", "vce = cluster", "vce = hc3", "bad.ini:20:7: 'hc3': vce must be"),
    ("no rx", "rx = c1\n", "", "bad.ini:8:1: [threshold] needs 'rx = …'"),
    ("no column", "q = d1", "q = dd", "hansen1999.csv:1: no column 'dd'")]])
shutil.rmtree(tmp)
sys.exit(1 if ec.failures else 0)
