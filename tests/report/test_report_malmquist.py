#!/usr/bin/python3
"""[malmquist] of `nqpf run` with every distance model of `nqpf malmquist`
(issue 16): radial, sbm, ddf and ebm (and sbm-ddf, and the meta-frontier
index meta = COL) as project keys give
tables/malmquist.csv byte for byte as `nqpf malmquist` with the same
options, and methods.md has a sentence naming the model's distance in
English and Chinese."""
import os
import shutil
import sys
import tempfile

import econ_common as ec
from econ_common import BASE, PANEL, check, rows, run

tmp = tempfile.mkdtemp(prefix="nqpf-report-mq-")
X, Y = "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj"

# (keys, what methods.md must say in English, in Chinese)
CASES = [
    ({"index": "malmquist", "model": "radial", "rts": "vrs"}, "Färe, Grosskopf, Norris & Zhang (1994)",
     "Färe、Grosskopf、Norris和Zhang（1994）"),
    ({"index": "malmquist", "model": "sbm"}, "slacks-based measure of Tone (2001)", "Tone（2001）基于松弛的SBM测度"),
    ({"index": "luenberger", "model": "ddf", "direction": "ones"},
     "directional distance function β = max {β", "距离函数为方向距离函数"),
    ({"index": "ml", "model": "ddf"}, "Chambers, Chung & Färe 1996", "Chambers、Chung和Färe 1996"),
    ({"index": "malmquist", "model": "ebm"}, "EBM score of Tone & Tsutsui (2010)", "Tone和Tsutsui（2010）的EBM得分"),
    ({"index": "luenberger", "model": "sbm", "sbm-ddf": "yes"}, "Fukuyama & Weber (2009)", "Fukuyama和Weber（2009）"),
    # meta = COL: the meta-frontier index (tgch, tgr_from/to; Luenberger gap_from/to)
    ({"index": "malmquist", "model": "radial", "frontier": "global", "rts": "vrs", "meta": "region4"},
     "Meta-frontier index (Oh & Lee 2010; groups of column region4", "共同前沿指数（Oh和Lee 2010；按数据列region4"),
    ({"index": "luenberger", "model": "ddf", "meta": "region4"}, "tgch = TGR_(t+1) / TGR_t", "tgch = TGR_(t+1) / TGR_t"),
]
for keys, en, zh in CASES:
    name = "-".join(keys.values())
    proj = os.path.join(tmp, name + ".ini")
    with open(proj, "w", encoding="utf-8") as fh:
        fh.write(BASE + "[malmquist]\ninputs = %s\noutputs = %s\n" % (X, Y) +
                 "".join("%s = %s\n" % kv for kv in keys.items()))
    out = os.path.join(tmp, name)
    p = run("run", proj, "--out", out, "--quiet")
    cli = os.path.join(tmp, name + ".csv")
    args = sum((["--" + k, v] for k, v in keys.items() if k != "sbm-ddf"), [])
    args += ["--sbm-ddf"] if keys.get("sbm-ddf") == "yes" else []
    q = run("malmquist", "--data", PANEL, "--unit", "province", "--period", "year", "--inputs", X, "--outputs", Y,
            *args, "--out", cli)
    same = False
    if p.returncode == 0 and q.returncode == 0:
        with open(cli, "rb") as a, open(os.path.join(out, "tables", "malmquist.csv"), "rb") as b:
            same = a.read() == b.read()
    check(same, "%s: tables/malmquist.csv byte-identical to nqpf malmquist %s" % (name, " ".join(args)),
          p.stderr + q.stderr)
    md = open(os.path.join(out, "methods.md"), encoding="utf-8").read() if p.returncode == 0 else ""
    check(en in md and zh in md, "%s: methods.md names the distance (zh + en)" % name)
    if "meta" in keys and p.returncode == 0:
        head = rows(os.path.join(out, "tables", "malmquist.csv"))[0]
        gap = "gap" if keys["index"] == "luenberger" else "tgr"
        means = rows(os.path.join(out, "tables", "malmquist_means.csv"))[0]
        check("tgch" in head and head[-4:-2] == [gap + "_from", gap + "_to"] and "tgch" in means and
              rows(os.path.join(out, "tables", "malmquist.csv"))[1][-1].endswith("-meta"),
              "%s: the meta columns (tgch, %s_from, %s_to) in malmquist.csv and tgch in the means" % (name, gap, gap))

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if ec.failures else 0)
