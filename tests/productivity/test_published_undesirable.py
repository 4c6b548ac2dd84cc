#!/usr/bin/python3
"""nqpf dea --model sbm --undesirable (Tone's SBM with undesirable outputs)
on the example data of Tone (2003), "Dealing with undesirable outputs in DEA:
a slacks-based measure (SBM) approach", GRIPS Research Report I-2003-0005,
pp. 10-11: nine units A-I, one input x = 1, a good output yg and a bad
output yb (tests/ref/published/tone2003_undesirable.csv, from deaR's data set
Tone2003, whose example replicates the paper with model_sbmeff, rts = "vrs").
The paper's printed scores were not available (tests/ref/published/README.md),
so the scores are checked against a derivation by hand.

Model (VRS, non-oriented, bad outputs with their own slacks as in Tone 2003):
rho = (1 - s_x/x) / (1 + (s_g/y_g + s_b/y_b)/2) over x = sum l x_j + s_x,
y_g = sum l y_gj - s_g, y_b = sum l y_bj + s_b, sum l = 1.  Every x_j is 1,
so s_x = 0 and rho = 1 / (1 + max (Yg/y_g - Yb/y_b)/2) over the points
(Yg, Yb) of the hull of the nine (yg, yb) with Yg >= y_g, Yb <= y_b.  The
objective is linear, so its maximum is at a vertex, B (2,1), C (6,2),
D (8,4) or E (9,7), when that vertex is feasible:
  A (1,1): only A and B have yb <= 1; B: s_g = 1, rho = 1/(1 + 1/2) = 2/3.
  B, C, D, E: no other point of the hull has Yg >= y_g and Yb <= y_b with a
    slack (e.g. C: mixes of B with D or E reach yb <= 2 only with Yg <= 4),
    so rho = 1.
  F (5,2): C: s_g = 1, rho = 1/(1 + 1/10) = 10/11 (mixes with B lower it:
    B-C at weight t on C gives 0.3 t - 0.1, largest at t = 1).
  G (4,3): C gives 2/4 + 1/3 = 5/6, the largest of B 1/6, D 2/3, E < 0:
    rho = 1/(1 + 5/12) = 12/17.
  H (6,4): C gives 0 + 2/4 = 1/2 (D 1/3): rho = 1/(1 + 1/4) = 4/5.
  I (4,6): D gives 4/4 + 2/6 = 4/3 (C 7/6, E 13/12): rho = 1/(1 + 2/3) = 3/5.
Scores to 1e-12; the slacks of the units whose optimum is unique (A, F, G,
H, I, each at one vertex) to 1e-9, and their peer.
"""
import os
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import path, run_keyed  # noqa: E402

got = run_keyed(["dea", "--data", path("tone2003_undesirable.csv"), "--unit", "dmu", "--inputs", "x",
                 "--outputs", "yg", "--undesirable", "yb", "--model", "sbm", "--rts", "vrs", "--slacks", "--peers"],
                "dmu", "dea --model sbm --undesirable yb --rts vrs on Tone (2003)'s example")
exact = {"A": Fraction(2, 3), "B": Fraction(1), "C": Fraction(1), "D": Fraction(1), "E": Fraction(1),
         "F": Fraction(10, 11), "G": Fraction(12, 17), "H": Fraction(4, 5), "I": Fraction(3, 5)}
# unit: (peer, s_g, s_b) at the unique optimum
slacks = {"A": ("B", 1, 0), "F": ("C", 1, 0), "G": ("C", 2, 1), "H": ("C", 0, 2), "I": ("D", 4, 2)}
for dmu, want in exact.items():
    g = got.get(dmu, {})
    e = float(g["efficiency"]) if g.get("status") == "ok" else float("nan")
    report(abs(e - float(want)) <= 1e-12, f"Tone (2003) example, SBM with a bad output, VRS: {dmu} = {want} (by hand)",
           g)
for dmu, (peer, sg, sb) in slacks.items():
    g = got.get(dmu, {})
    ok = (g.get("peers") == peer and abs(float(g.get("lambdas") or "nan") - 1) <= 1e-9 and
          abs(float(g.get("slack_yg") or "nan") - sg) <= 1e-9 and abs(float(g.get("slack_yb") or "nan") - sb) <= 1e-9 and
          abs(float(g.get("slack_x") or "nan")) <= 1e-9)
    report(ok, f"Tone (2003) example: {dmu}'s peer {peer}, good-output slack {sg}, bad-output slack {sb}", g)
finish()
