#!/usr/bin/python3
"""nqpf dea --economic cost|revenue against the Chapter 3 examples of Pastor,
Aparicio & Zofio (2022), "Benchmarking Economic Efficiency: Technical and
Allocative Fundamentals" (Springer, ISOR 315), as the book's companion
package BenchmarkingEconomicEfficiency.jl documents them (its pages "Cost
Radial model" and "Revenue Radial model": the data and the economic,
technical and allocative efficiency vectors its documentation build printed).

Cost: 8 firms, inputs (2,2) (1,4) (4,1) (4,3) (5,5) (6,1) (2,5) (1.6,8), one
output 1, prices (1, 1), VRS: the minimum cost is 4 (firm 1) for everyone, so
economic efficiency = 4 / (x1 + x2), e.g. 4/7 for firm 4, whose radial
technical efficiency 0.6 leaves an allocative part 20/21.  Revenue: one input
1, outputs (7,7) (4,8) (8,4) (3,5) (3,3) (8,2) (6,4) (1.5,5), prices (1, 1),
VRS: the maximum revenue is 14.  The book's convention and nqpf's agree
(economic = technical x allocative; revenue technical efficiency = 1/phi <= 1).
Compared to 1e-9 relative.

Profit (chapter 8, the package's page "Profit Directional Distance Function
model"): 8 firms, one input, one output, w = 1, p = 2, VRS, Nerlovian
inefficiency with the "monetary" direction, as the package prints it (6
significant digits; the values are exact there: 12.706 = 8 - (2 x 2.353 -
9.412), so they are compared to 1e-9).  Mapping: the
monetary direction is the unit direction scaled so that w.g_x + p.g_y = 1,
so its inefficiencies are nqpf's --direction ones values (normalised by
w.1 + p.1 = 3) times 3: profit = technical + allocative in money.
"""
import csv
import io
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.path.join(os.environ.get("NQPF_REF", "tests/ref"), "published")
CASES = {
    "cost": ["--inputs", "x1,x2", "--outputs", "y", "--input-prices", "w1,w2"],
    "revenue": ["--inputs", "x", "--outputs", "y1,y2", "--output-prices", "p1,p2"],
}

for kind, cols in CASES.items():
    cmd = [NQPF, "dea", "--data", os.path.join(REF, f"paz2022_{kind}.csv"), "--unit", "firm",
           "--economic", kind, "--rts", "vrs"] + cols
    p = subprocess.run(cmd, capture_output=True)
    got = {r["firm"]: r for r in csv.DictReader(io.StringIO(p.stdout.decode()))}
    with open(os.path.join(REF, f"paz2022_{kind}_expected.csv"), newline="") as f:
        expected = list(csv.DictReader(f))
    bad = []
    for e in expected:
        g = got.get(e["firm"], {})
        for mine, theirs in (("efficiency", "economic"), ("technical", "technical"), ("allocative", "allocative")):
            want = float(e[theirs])
            if not g or abs(float(g[mine]) - want) > 1e-9 * abs(want):
                bad.append(f"firm {e['firm']} {theirs}: nqpf {g.get(mine)} book {want}")
    report(p.returncode == 0 and not bad,
           f"Pastor-Aparicio-Zofio (2022) ch. 3 {kind} example: economic, technical and allocative efficiency",
           p.stderr.decode(errors="replace") + "; ".join(bad))
# Profit: --direction ones, times sum(w) + sum(p) = 3 (see the docstring).
cmd = [NQPF, "dea", "--data", os.path.join(REF, "paz2022_profit.csv"), "--unit", "firm", "--inputs", "x",
       "--outputs", "y", "--input-prices", "w", "--output-prices", "p", "--economic", "profit", "--rts", "vrs",
       "--direction", "ones"]
p = subprocess.run(cmd, capture_output=True)
got = {r["firm"]: r for r in csv.DictReader(io.StringIO(p.stdout.decode()))}
with open(os.path.join(REF, "paz2022_profit_expected.csv"), newline="") as f:
    expected = list(csv.DictReader(f))
bad = []
for e in expected:
    g = got.get(e["firm"], {})
    for mine, theirs in (("efficiency", "economic"), ("technical", "technical"), ("allocative", "allocative")):
        printed = e[theirs]
        if not g or abs(3 * float(g[mine]) - float(printed)) > 1e-9 * max(1.0, abs(float(printed))):
            bad.append(f"firm {e['firm']} {theirs}: nqpf x 3 = {3 * float(g[mine]) if g else None} printed {printed}")
report(p.returncode == 0 and not bad,
       "Pastor-Aparicio-Zofio (2022) ch. 8 profit example: Nerlovian, technical and allocative inefficiency",
       p.stderr.decode(errors="replace") + "; ".join(bad))
finish()
