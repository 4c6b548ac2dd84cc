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

Profitability (chapter 4, page "Profitability model"; same 8 firms and
prices): profitability efficiency = (p.y/w.x) / max, technical = the CRS
generalized distance function, which under CRS is the radial CRS score for
every alpha (scaling inputs by d^(1-a) and outputs by d^-a is one input
scaling by d), allocative the rest.  The package solves it with Ipopt and
prints 6 significant digits (0.514286 for 18/35): compared to 1e-6.
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
COLS = (("efficiency", "economic"), ("technical", "technical"), ("allocative", "allocative"))


def check(name, data, expected, args, scale=1.0, tol=lambda v: 1e-9 * abs(v)):
    """Run nqpf dea --economic on data, compare scale x each column with the
    expected file's, |difference| <= tol(expected value)."""
    cmd = [NQPF, "dea", "--data", os.path.join(REF, data), "--unit", "firm"] + args
    p = subprocess.run(cmd, capture_output=True)
    got = {r["firm"]: r for r in csv.DictReader(io.StringIO(p.stdout.decode()))}
    with open(os.path.join(REF, expected), newline="") as f:
        bad = [f"firm {e['firm']} {k}: nqpf {got[e['firm']][m] if e['firm'] in got else None}"
               f" x {scale:g}, documented {e[k]}"
               for e in csv.DictReader(f) for m, k in COLS
               if e["firm"] not in got or abs(scale * float(got[e["firm"]][m]) - float(e[k])) > tol(float(e[k]))]
    report(p.returncode == 0 and not bad, name, p.stderr.decode(errors="replace") + "; ".join(bad))


PROFIT_DATA = ["--inputs", "x", "--outputs", "y", "--input-prices", "w", "--output-prices", "p"]
check("Pastor-Aparicio-Zofio (2022) ch. 3 cost example: economic, technical and allocative efficiency",
      "paz2022_cost.csv", "paz2022_cost_expected.csv",
      ["--inputs", "x1,x2", "--outputs", "y", "--input-prices", "w1,w2", "--economic", "cost", "--rts", "vrs"])
check("Pastor-Aparicio-Zofio (2022) ch. 3 revenue example: economic, technical and allocative efficiency",
      "paz2022_revenue.csv", "paz2022_revenue_expected.csv",
      ["--inputs", "x", "--outputs", "y1,y2", "--output-prices", "p1,p2", "--economic", "revenue", "--rts", "vrs"])
# nqpf's technical column is the CRS score (see the docstring); 6 printed digits.
check("Pastor-Aparicio-Zofio (2022) ch. 4 profitability example: economic, CRS technical, allocative",
      "paz2022_profit.csv", "paz2022_profitability_expected.csv", PROFIT_DATA + ["--economic", "profitability"],
      tol=lambda v: 1e-6)
# --direction ones, times sum(w) + sum(p) = 3 (see the docstring).
check("Pastor-Aparicio-Zofio (2022) ch. 8 profit example: Nerlovian, technical and allocative inefficiency",
      "paz2022_profit.csv", "paz2022_profit_expected.csv",
      PROFIT_DATA + ["--economic", "profit", "--rts", "vrs", "--direction", "ones"], scale=3.0,
      tol=lambda v: 1e-9 * max(1.0, abs(v)))
finish()
