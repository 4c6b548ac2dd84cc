#!/usr/bin/python3
"""[did] section of `nqpf run`: Callaway and Sant'Anna's minimum-wage panel
(tests/ref/econ/mpdta.csv) as a project section, TWFE with an event study
and the CS estimator.  Every table equals `nqpf did` with the same options
digit for digit; the event-study chart has its band and reference period."""
import os
import shutil
import sys
import tempfile


import econ_common as ec
from econ_common import BASE, REF, check, num, rows, run, same

tmp = tempfile.mkdtemp(prefix="nqpf-report-did-")
M = os.path.join(REF, "econ", "mpdta.csv")
base = BASE + "[did]\ndata = %s\n" % M
common = {"unit": "countyreal", "period": "year", "y": "lemp", "first-treated": "first.treat"}
for label, extra in [("twfe", {"event-window": "-3,3", "placebo": "50", "seed": "3"}),
                     ("cs", {"estimator": "cs", "control": "notyet", "x": "lpop"})]:
    opts = dict(common, **extra)
    proj = os.path.join(tmp, label + ".ini")
    with open(proj, "w", encoding="utf-8") as fh:
        fh.write(base + "".join("%s = %s\n" % kv for kv in opts.items()))
    rep = os.path.join(tmp, label)
    p = run("run", proj, "--out", rep, "--quiet")
    check(p.returncode == 0, "%s: the project runs" % label, p.stderr)
    T = os.path.join(rep, "tables")
    o, s, e = (os.path.join(tmp, label + f) for f in ("_o.csv", "_s.csv", "_e.csv"))
    q = run("did", "--data", M, *sum((["--" + k, v] for k, v in opts.items()), []), "--out", o, "--stats", s,
            "--event", e)
    check(q.returncode == 0, "%s: nqpf did runs" % label, q.stderr)
    check(rows(os.path.join(T, "did_estimates.csv")) == rows(o), "%s: did_estimates.csv is nqpf did --out" % label)
    cli = rows(o)
    want = [r for r in cli[1:] if r[0] == "twfe" or r[1] == "overall"]
    att = rows(os.path.join(T, "did_att.csv"))
    check(len(att) - 1 == len(want) and all(a[:2] == w[:2] and all(same(num(x), num(y)) for x, y in zip(a[2:], w[5:]))
                                            for a, w in zip(att[1:], want)),
          "%s: did_att = the TWFE ATT and overall aggregations of nqpf did" % label, att)
    ev, cev = rows(os.path.join(T, "did_event.csv")), rows(e)
    check(ev[0] == cev[0] and all(same(num(x), num(y)) for a, b in zip(ev[1:], cev[1:]) for x, y in zip(a, b))
          and len(ev) == len(cev), "%s: did_event = nqpf did --event" % label)
    st = {r[0]: r[1] for r in rows(s)[1:]}
    tests = rows(os.path.join(T, "did_tests.csv"))
    check(len(tests) > 5 and all(same(num(v), num(st[k])) for k, v in tests[1:]),
          "%s: did_tests values are nqpf did --stats'" % label, tests)
    pre = "pretrend_p" if label == "twfe" else "cs_pretest_p"
    check(any(r[0] == pre for r in tests), "%s: the pre-trend test is reported (%s)" % (label, pre))
    if label == "twfe":
        check(any(r[0] == "placebo_p" for r in tests), "twfe: the placebo p is reported")
    else:
        agg = rows(os.path.join(T, "did_cs.csv"))
        check({r[0] for r in agg[1:]} == {"group", "dynamic", "calendar"}, "cs: did_cs has the three aggregations")
    h = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
    c0 = h.find('id="chart-did-event"')
    ref = "e = -1 为基准期" if label == "twfe" else "无基准期"
    check(c0 >= 0 and ref in h, "%s: event-study chart ('%s')" % (label, ref))
    m = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
    check("## Difference-in-differences" in m and "## 双重差分" in m, "%s: methods.md zh and en" % label)
head = base + "".join("%s = %s\n" % kv for kv in common.items())
ec.bad_projects(tmp, [(name, head + text, want) for name, text, want in [("bad estimator", "estimator = ols\n", "bad.ini:14:13: 'ols': estimator must be"),
                         ("window with cs", "estimator = cs\nevent-window = -2,2\n", "[did]: --event-window belongs"),
                         ("bad ref", "ref = x\n", "bad.ini:14:7: 'x'")]])
shutil.rmtree(tmp)
sys.exit(1 if ec.failures else 0)
