#!/usr/bin/python3
"""[dea] weight-bounds and virtual (issue 16): the project keys of `nqpf dea
--weight-bounds` and `--virtual` read through the same option table give
tables/dea.csv byte for byte as the command line, with the rows no weights
satisfy marked infeasible, and methods.md gains one sentence (en and zh) per
restriction used and none without; a bad value is refused at the key's
FILE:LINE:COL with nothing written."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from econ_common import BASE, PANEL, check, rows, run  # noqa: E402
import econ_common as ec  # noqa: E402

tmp = tempfile.mkdtemp(prefix="nqpf-report-dea-wr-")
X, Y = "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj"
WB, VW = "v4_zh_qsdl_hj=2e-6:1e-4", "v4_cg_zlsq2_fm=0.3:"


def project(name, text):
    path = os.path.join(tmp, name + ".ini")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(BASE + "[dea]\ninputs = %s\noutputs = %s\nrts = vrs\n" % (X, Y) + text)
    out = os.path.join(tmp, name)
    return out, run("run", path, "--out", out, "--quiet", "--force"), path


def same(a, b):
    with open(a, "rb") as f1, open(b, "rb") as f2:
        return f1.read() == f2.read()


SENT = {"wb": ("Absolute bounds on the multiplier weights (Allen et al. 1997)", "乘数权重的绝对界"),
        "vw": ("Virtual-weight restrictions (Wong & Beasley 1990)", "虚拟权重约束（Wong和Beasley 1990）")}
for name, text, args, has in (("wb", "weight-bounds = %s\n" % WB, ["--weight-bounds", WB], {"wb"}),
                              ("vw", "virtual = %s\n" % VW, ["--virtual", VW], {"vw"}),
                              ("both", "weight-bounds = %s\nvirtual = %s\n" % (WB, VW),
                               ["--weight-bounds", WB, "--virtual", VW], {"wb", "vw"}),
                              ("none", "", [], set())):
    out, p, _ = project(name, text)
    cli = os.path.join(tmp, name + "-cli.csv")
    q = run("dea", "--data", PANEL, "--unit", "province", "--period", "year", "--inputs", X, "--outputs", Y,
            "--rts", "vrs", *args, "--out", cli, "--force")
    ok = p.returncode == 0 and q.returncode == 0 and same(cli, os.path.join(out, "tables", "dea.csv"))
    check(ok, "[dea] %s: tables/dea.csv byte-identical to nqpf dea %s" % (name, " ".join(args)), p.stderr + q.stderr)
    st = [r[3] for r in rows(cli)[1:]] if q.returncode == 0 else []
    if name in ("wb", "both"):
        check("infeasible" in st and "ok" in st, "[dea] %s: some rows infeasible, the others scored" % name)
    md = open(os.path.join(out, "methods.md"), encoding="utf-8").read() if p.returncode == 0 else ""
    for k, (en, zh) in SENT.items():
        check(((en in md) and (zh in md)) == (k in has), "[dea] %s: methods.md %s the %s sentence" %
              (name, "has" if k in has else "lacks", k))
out, p, path = project("bad", "weight-bounds = v4_zh_qsdl_hj=1:x\n")
check(p.returncode != 0 and ("%s:" % path) in p.stderr and "must be VAR=LO:HI" in p.stderr and
      not os.path.exists(os.path.join(out, "tables", "dea.csv")), "[dea] a bad weight-bounds value is refused "
      "at its line", p.stderr)
sys.exit(1 if ec.failures else 0)
