#!/usr/bin/python3
"""[markov] permutations = N (issue 16): the spatial Markov chain's
homogeneity statistic x2 and its random-permutation p-value, as `nqpf markov
--spatial --permutations N --seed S` on the same scores and contiguity
(tables/markov_x2.csv equals that command's x2, x2_perm_p and
x2_permutations rows digit for digit), with a methods sentence in both
languages; x2 is also checked by hand (numpy): the sum over lag classes of
the chi2 of each lag class's counts against the classic chain's
probabilities.  permutations without spatial = yes is refused at the key."""
import csv
import os
import shutil
import sys
import tempfile

import numpy as np

import econ_common as ec
from econ_common import BASE, DATA, PANEL, check, num, rows, run

tmp = tempfile.mkdtemp(prefix="nqpf-report-markov-")
GEO = os.path.join(DATA, "china_provinces.geojson")
MAP = "[map]\ngeojson = %s\nid-field = adcode\ncolumn = gb_code\n" % GEO


def project(name, text):
    path = os.path.join(tmp, name + ".ini")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(BASE + MAP + "[markov]\n" + text)
    out = os.path.join(tmp, name)
    return out, run("run", path, "--out", out, "--quiet", "--force"), path


out, p, _ = project("perm", "classes = 4\nspatial = yes\npermutations = 99\nseed = 7\n")
check(p.returncode == 0, "a project with [markov] permutations = 99 runs", p.stderr)
T = os.path.join(out, "tables")
# the index scores as a long file keyed by the map code (their text, exact)
sc = rows(os.path.join(T, "scores.csv"))
code = {r[0]: r[2] for r in rows(PANEL)[1:]}
lf = os.path.join(tmp, "long.csv")
with open(lf, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["code", "period", "score"])
    for r in sc[1:]:
        w.writerow([code[r[0]], r[1], r[2]])
cm = os.path.join(tmp, "cli.csv")
q = run("markov", "--data", lf, "--unit", "code", "--period", "period", "--value", "score", "--classes", "4",
        "--spatial", "--geojson", GEO, "--id-field", "adcode", "--subset-weights", "--permutations", "99",
        "--seed", "7", "--out", cm)
check(q.returncode == 0, "nqpf markov --spatial --permutations 99 runs", q.stderr)
cli = {r[0]: r[5] for r in rows(cm)[1:] if r[0] in ("x2", "x2_perm_p", "x2_permutations")}
mine = {r[0]: r[1] for r in rows(os.path.join(T, "markov_x2.csv"))[1:]}
check(len(cli) == 3 and all(num(mine[k]) == num(cli[k]) for k in cli),
      "markov_x2.csv equals nqpf markov's x2, x2_perm_p and x2_permutations", (mine, cli))
check(0 < num(mine["x2_perm_p"]) <= 1 and abs(num(mine["x2_perm_p"]) * 100 - round(num(mine["x2_perm_p"]) * 100)) < 1e-9,
      "x2_perm_p is (hits + 1) / 100")

# x2 by hand: classic counts and the spatial chains' counts from the report's tables
mk = rows(os.path.join(T, "markov.csv"))
N = np.array([num(r[3]) for r in mk[1:] if r[0] == "count"]).reshape(4, 4)
P = N / N.sum(axis=1, keepdims=True)
sp = rows(os.path.join(T, "markov_spatial.csv"))
x2 = 0.0
for l in range(1, 5):
    Nl = np.array([num(r[4]) for r in sp[1:] if r[1] == "count" and r[0] == str(l)]).reshape(4, 4)
    E = Nl.sum(axis=1, keepdims=True) * P
    m = E > 0
    x2 += (((Nl - E) ** 2)[m] / E[m]).sum()
check(abs(x2 - num(mine["x2"])) <= 1e-9 * x2, "x2 = the sum of the lag classes' chi2 against the classic chain "
      "(numpy)", (x2, mine["x2"]))
md = open(os.path.join(out, "methods.md"), encoding="utf-8").read()
check("Spatial homogeneity: x2" in md and "空间同质性检验" in md and "99 times (seed 7)" in md,
      "methods.md describes the permutation test (zh + en)")
h = open(os.path.join(out, "index.html"), encoding="utf-8").read()
check("x2_perm_p" in h, "index.html lists the x2 table")

# the bundled layout without permutations: no x2 table
out0, p0, _ = project("noperm", "classes = 4\nspatial = yes\n")
check(p0.returncode == 0 and not os.path.exists(os.path.join(out0, "tables", "markov_x2.csv")),
      "permutations absent (0): no markov_x2 table")

out, p, path = project("bad", "classes = 4\npermutations = 99\n")
loc = "%s:%d:%d: " % (path, (BASE + MAP).count("\n") + 3, len("permutations") + 4)
check(p.returncode == 5 and p.stderr.startswith("nqpf: " + loc + "'99': permutations tests the spatial chain's x2")
      and not os.path.exists(out), "permutations without spatial = yes: refused at the key", p.stderr)

# spillover = yes (issue 16): the LISA chain's spill-over rows, byte for byte
# those of `nqpf markov --lisa --spillover --permutations 99 --seed 7` on the
# same scores and contiguity (the command's header and its lisa_p_sim,
# cluster and spillover rows), with a methods sentence in both languages
out, p, _ = project("spill", "spillover = yes\npermutations = 99\nseed = 7\n")
check(p.returncode == 0, "a project with [markov] spillover = yes runs", p.stderr)
lm = os.path.join(tmp, "lisa_markov.csv")
q = run("markov", "--data", lf, "--unit", "code", "--period", "period", "--value", "score", "--lisa", "--spillover",
        "--permutations", "99", "--seed", "7", "--geojson", GEO, "--id-field", "adcode", "--subset-weights",
        "--out", lm)
check(q.returncode == 0, "nqpf markov --lisa --spillover --permutations 99 runs", q.stderr)
with open(lm, "rb") as fh:
    cli = fh.read().split(b"\n")
want = b"\n".join([cli[0]] + [ln for ln in cli[1:] if ln.split(b",")[0] in (b"lisa_p_sim", b"cluster", b"spillover")])
sp_path = os.path.join(out, "tables", "markov_spillover.csv")
got = open(sp_path, "rb").read() if os.path.exists(sp_path) else b""
check(len(want) > 1000 and got == want + b"\n", "markov_spillover.csv equals the spill-over rows of nqpf markov "
      "--lisa --spillover byte for byte", (len(got), len(want)))
sp_rows = rows(sp_path) if got else []
check(any(r[0] == "spillover" and r[5] == "1" for r in sp_rows) and any(r[0] == "cluster" and r[5] != "0" for r in sp_rows),
      "the bundled index has clusters and at least one spill-over")
md = open(os.path.join(out, "methods.md"), encoding="utf-8").read()
check("LISA_Markov.spillover" in md and "空间溢出" in md and "99 conditional permutations" in md,
      "methods.md describes the spill-over analysis (zh + en)")
out, p, path = project("spill_noperm", "spillover = yes\n")
loc = "%s:%d:%d: " % (path, (BASE + MAP).count("\n") + 2, len("spillover") + 4)
check(p.returncode == 5 and p.stderr.startswith("nqpf: " + loc + "'yes': spillover needs permutations = N")
      and not os.path.exists(out), "spillover without permutations: refused at the key", p.stderr)
path = os.path.join(tmp, "spill_nomap.ini")
with open(path, "w", encoding="utf-8") as fh:
    fh.write(BASE + "[markov]\nspillover = yes\npermutations = 9\n")
p = run("run", path, "--out", os.path.join(tmp, "spill_nomap"), "--quiet")
check(p.returncode == 5 and ":9:13: 'yes': the spill-over analysis needs a [map] section" in p.stderr,
      "spillover without [map]: refused at the key", p.stderr)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if ec.failures else 0)
