#!/usr/bin/python3
"""[dea] of `nqpf run` with the models and options of `nqpf dea` (issue 16):
every model as a project key gives tables/dea.csv byte for byte as `nqpf dea`
with the same options and a methods paragraph (zh and en) that names the
model; peel = yes gives the layer column of `nqpf dea --peel` and the
dea_layers table (layer by unit and period, the same numbers pivoted); the
per-row direction columns of ddf and mddf (input-directions,
output-directions, undesirable-directions) give what the command line
gives; bad combinations are refused at the key's FILE:LINE:COL with
nothing written."""
import csv
import os
import shutil
import sys
import tempfile

import econ_common as ec
from econ_common import BASE, PANEL, check, rows, same_file

tmp = tempfile.mkdtemp(prefix="nqpf-report-dea-")
X, Y = ec.DEA_X, ec.DEA_Y


def project(name, text, data=None):
    return ec.dea_project(tmp, name, text, data)


def cli(name, *args, data=PANEL):
    return ec.dea_cli(tmp, name, *args, data=data)


# ---- every model: the same file as nqpf dea, a methods sentence naming it --------
# (the citation each model's sentence gives, English and Chinese)
MODELS = {
    "radial": ("radial (Farrell) efficiency", "径向（Farrell）效率"),
    "sbm": ("slacks-based measure of Tone (2001)", "Tone（2001）基于松弛的SBM模型"),
    "ddf": ("directional distance function (Chambers, Chung & Färe 1996", "方向距离函数（Chambers、Chung和Färe 1996"),
    "fdh": ("free disposal hull (Deprins, Simar & Tulkens 1984)", "自由处置壳（FDH，Deprins、Simar和Tulkens 1984）"),
    "ebm": ("epsilon-based measure (EBM, Tone & Tsutsui 2010)", "混合距离EBM模型（Tone和Tsutsui 2010）"),
    "additive": ("weighted additive DEA", "加权加法DEA模型"),
    "russell": ("Russell measure (Färe & Lovell 1978)", "Russell效率测度（Färe和Lovell 1978）"),
    "gdf": ("generalized (hyperbolic) distance function (Chavas & Cox 1999)", "广义（双曲）距离函数（Chavas和Cox 1999）"),
    "mddf": ("modified directional distance function (Aparicio, Pastor & Ray 2013)",
             "修正方向距离函数（Aparicio、Pastor和Ray 2013）"),
}
for model, (en, zh) in MODELS.items():
    extra = {"ebm": "rts = crs\n", "gdf": "rts = vrs\nalpha = 0.3\n"}.get(model, "rts = vrs\n")
    out, p, _ = project("m-" + model, "model = %s\n%s" % (model, extra))
    args = ["--model", model] + sum((["--" + l.split(" = ")[0], l.split(" = ")[1]] for l in extra.splitlines()), [])
    c, q = cli("m-" + model, *args)
    check(p.returncode == 0 and q.returncode == 0 and same_file(c, os.path.join(out, "tables", "dea.csv")),
          "model = %s: tables/dea.csv byte-identical to nqpf dea %s" % (model, " ".join(args)), p.stderr + q.stderr)
    md = open(os.path.join(out, "methods.md"), encoding="utf-8").read() if p.returncode == 0 else ""
    check(en in md and zh in md, "model = %s: methods.md names it in English and Chinese" % model)

# ---- peel = yes ---------------------------------------------------------------------
out, p, _ = project("peel", "rts = vrs\npeel = yes\n")
c, q = cli("peel", "--rts", "vrs", "--peel")
T = os.path.join(out, "tables")
check(p.returncode == 0 and q.returncode == 0 and same_file(c, os.path.join(T, "dea.csv")),
      "peel = yes: tables/dea.csv (with its layer column) byte-identical to nqpf dea --peel", p.stderr + q.stderr)
d = rows(c)
head = d[0]
li, ei = head.index("layer"), head.index("efficiency")
layer = {(r[0], r[1]): r[li] for r in d[1:]}
# layer 1 is the frontier of the first round: the rows scored 1 (the peel's 1e-9)
check(all((r[li] == "1") == (float(r[ei]) >= 1 - 1e-9) for r in d[1:]) and len({r[li] for r in d[1:]}) > 2,
      "peel: layer 1 = the rows with efficiency 1, and there are deeper layers")
lay = rows(os.path.join(T, "dea_layers.csv"))
years = lay[0][1:]
check(lay[0][0] == "unit" and len(lay) == 32 and len(years) == 14 and
      all(r[1 + k] == layer[(r[0], y)] for r in lay[1:] for k, y in enumerate(years)),
      "peel: dea_layers.csv is the layer column by unit and period")
check(os.path.exists(os.path.join(T, "dea_layers.tex")), "peel: dea_layers.tex written")
md = open(os.path.join(out, "methods.md"), encoding="utf-8").read()
depth = max(int(v) for v in layer.values() if v)
check("Peel-the-onion layers (Barr, Durchholz & Seiford 2000)" in md and "前沿剥离分层" in md and
      ("%d layers" % depth) in md and ("共%d层" % depth) in md,
      "peel: methods.md describes the layers (zh + en) with their number", depth)
out0, p0, _ = project("nopeel", "rts = vrs\n")
check(p0.returncode == 0 and "layer" not in rows(os.path.join(out0, "tables", "dea.csv"))[0] and
      not os.path.exists(os.path.join(out0, "tables", "dea_layers.csv")),
      "peel absent: no layer column and no dea_layers table (the file of nqpf dea without --peel)")

# ---- meta = COL: the meta-frontier columns of nqpf dea --meta --------------------
for model in ("radial", "ddf"):
    out, p, _ = project("meta-" + model, "model = %s\nrts = vrs\nmeta = region4\n" % model)
    c, q = cli("meta-" + model, "--model", model, "--rts", "vrs", "--meta", "region4")
    d = rows(c) if q.returncode == 0 else [[]]
    gap = "gap" if model == "ddf" else "tgr"
    check(p.returncode == 0 and q.returncode == 0 and same_file(c, os.path.join(out, "tables", "dea.csv"))
          and d[0][4:8] == ["region4", "eff_group", "status_group", gap],
          "meta = region4 (%s): tables/dea.csv byte-identical to nqpf dea --meta region4" % model, p.stderr + q.stderr)
    md = open(os.path.join(out, "methods.md"), encoding="utf-8").read() if p.returncode == 0 else ""
    check("Meta-frontier (Battese, Rao & O'Donnell 2004" in md and "共同前沿" in md and
          ("technology gap ratio tgr" in md if gap == "tgr" else "gap = β_meta − β_group" in md),
          "meta (%s): methods.md describes the meta-frontier and its %s (zh + en)" % (model, gap))

# ---- per-row directions ---------------------------------------------------------
# a copy of the panel with direction columns: gx = half the inputs, gy = the
# outputs plus a row-dependent amount (all > 0), so each row has its own
dp = os.path.join(tmp, "panel_dirs.csv")
with open(PANEL, encoding="utf-8", newline="") as fh:
    src = list(csv.reader(fh))
h = src[0]
ix = [h.index(c) for c in X.split(",") + Y.split(",")]
with open(dp, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(h + ["gx1", "gx2", "gy1", "gy2"])
    for i, r in enumerate(src[1:]):
        v = [float(r[j]) for j in ix]
        w.writerow(r + [repr(v[0] / 2), repr(v[1] / 2), repr(v[2] + 1 + i % 7), repr(v[3] + 2 + i % 5)])
for model in ("ddf", "mddf"):
    keys = "model = %s\nrts = vrs\ninput-directions = gx1,gx2\noutput-directions = gy1,gy2\n" % model
    out, p, _ = project("dir-" + model, keys, data=dp)
    c, q = cli("dir-" + model, "--model", model, "--rts", "vrs", "--input-directions", "gx1,gx2",
               "--output-directions", "gy1,gy2", data=dp)
    ok = p.returncode == 0 and q.returncode == 0 and same_file(c, os.path.join(out, "tables", "dea.csv"))
    check(ok and rows(c)[1][-1].endswith("-g:columns"),
          "%s: the directions of a project equal nqpf dea's (dea.csv byte-identical, label -g:columns)" % model,
          p.stderr + q.stderr)
    # and they are used: the scores differ from direction = default
    c0, q0 = cli("dir0-" + model, "--model", model, "--rts", "vrs", data=dp)
    check(q0.returncode == 0 and [r[2] for r in rows(c0)] != [r[2] for r in rows(c)],
          "%s: the direction columns change the scores (not ignored)" % model)
    md = open(os.path.join(out, "methods.md"), encoding="utf-8").read() if p.returncode == 0 else ""
    check("Each row's own direction, from columns of the data file" in md and "g_x = gx1,gx2" in md
          and "各行自身的方向向量" in md, "%s: methods.md names the direction columns" % model)

# ---- refusals: at the key, nothing written ------------------------------------------
for name, text, want, data in [
    ("peel-super", "peel = yes\nsuper = yes\n", "peel takes no super", None),
    ("peel-meta", "peel = yes\nmeta = region4\n", "peel takes no meta", None),
    ("dir-radial", "input-directions = gx1,gx2\n", "input-directions is for model ddf and mddf", dp),
    ("dir-count", "model = ddf\noutput-directions = gy1\n", "output-directions: 1 columns for 2 outputs", dp),
    ("dir-bad-count", "model = mddf\nundesirable-directions = gy1\n",
     "undesirable-directions: 1 columns for 0 undesirable outputs", dp),
    ("dir-missing", "model = ddf\ninput-directions = nope1,nope2\n", "nope1", dp),
]:
    out, p, path = project(name, text, data=data)
    # the first key is the one to blame (peel, not super; the directions, not the model)
    first = [l for l in text.splitlines() if not l.startswith("model")][0]
    line = BASE.count("\n") + 4 + text.splitlines().index(first)
    key = first.split(" = ")[0]
    loc = "%s:%d:%d: " % (path, line, len(key) + 4)
    exact = name != "dir-missing"  # a column the file lacks is the data reader's error, at the file
    check(p.returncode == 5 and want in p.stderr and (not exact or p.stderr.startswith("nqpf: " + loc))
          and not os.path.exists(out), "refused: %s (%s)" % (name, want), p.stderr)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if ec.failures else 0)
