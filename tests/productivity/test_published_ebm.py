#!/usr/bin/python3
"""nqpf dea --model ebm against the printed examples of Tone & Tsutsui (2010),
"An epsilon-based measure of efficiency in DEA - A third pole of technical
efficiency", EJOR 207:1554-1563 (GRIPS discussion paper 09-21).  Data and the
printed tables are in tests/ref/published/ (README.md there says which table
each file is and how it was obtained).

Every printed number is compared at its printed precision: |nqpf - printed|
<= half a unit in the last printed digit.  Where the printed value is a simple
fraction derived by hand below, it is also compared to 1e-12.

The paper computes eps and the weights w from the affinity matrix of the
inputs after projecting every unit onto the VRS frontier with the
observation-normalised additive model (its eq. 19).  nqpf's default computes
the affinity on the observed data (the paper's footnote allows both), so the
tests give nqpf the paper's eps with --epsilon; with two inputs the 2 x 2
affinity matrix always has the eigenvector (1, 1), so w = (1/2, 1/2) whichever
data it comes from, as the paper prints.  The affinity -> eps step itself is
checked on the printed projections by test_published_ebm.c (through the
library), and the projections (eq. 19) are checked here: they are nqpf's
additive model with MIP weights (1/x0, 1/y0) under VRS.
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


def rows(name):
    with open(os.path.join(REF, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def nqpf_dea(data, unit, inputs, outputs, *extra):
    cmd = [NQPF, "dea", "--data", os.path.join(REF, data), "--unit", unit, "--inputs", inputs,
           "--outputs", outputs] + list(extra)
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stderr.decode(errors="replace"))
    return {r[unit]: r for r in csv.DictReader(io.StringIO(p.stdout.decode()))}


def half_unit(printed):
    """Half a unit in the last digit of a printed number ('0.868' -> 5e-4)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10.0 ** -decimals + 1e-12


def check_printed(label, got, printed):
    bad = [f"{k}: nqpf {g!r} printed {p}" for k, g, p in zip(label, got, printed)
           if not abs(g - float(p)) <= half_unit(p)]
    return not bad, "; ".join(bad)


# Example 1 (pp. 16-17): one output (all 1), A = (1, 1) dominates every unit.
# The additive projections all coincide at A, their affinity is 1 everywhere,
# so eps = 0 and EBM is the CCR model: theta = max_i x_iA / x_io = 1/2, 1/2,
# 1/3, 1/5, 1/6 for B..F.
ex = [r for r in rows("tt2010_examples_printed.csv") if r["example"] == "1"]
got = nqpf_dea("tt2010_example1.csv", "dmu", "x1,x2", "y", "--model", "ebm", "--epsilon", "0")
eff = [float(got[r["dmu"]]["efficiency"]) for r in ex]
ok, why = check_printed([r["dmu"] for r in ex], eff, [r["score"] for r in ex])
report(ok, "EBM example 1 (eps 0): the printed scores 1, .500, .500, .333, .200, .167", why)
exact = [1, 1 / 2, 1 / 2, 1 / 3, 1 / 5, 1 / 6]
report(all(abs(g - e) <= 1e-12 for g, e in zip(eff, exact)),
       "EBM example 1: the hand-derived fractions 1, 1/2, 1/2, 1/3, 1/5, 1/6", eff)
proj = nqpf_dea("tt2010_example1.csv", "dmu", "x1,x2", "y", "--model", "additive",
                "--add-weights", "mip", "--rts", "vrs", "--targets")
report(all(float(proj[d][f"target_{v}"]) == 1 for d in proj for v in ("x1", "x2", "y")),
       "EBM example 1: the eq. (19) projections all fall on A = (1, 1, 1)",
       [proj[d] for d in proj])

# Example 2 (pp. 17-19): inputs (2,6), (6,3), (10,3), (2,10), output 1.  The
# printed projections are (2,6), (6,3), (6,3), (2,6); their affinity is the
# identity, so eps = 1 and w = (1/2, 1/2).  For C against B (lambda_B = 1):
# theta*10 = 6 + s1, theta*3 = 3 + s2, and theta - (s1/10 + s2/3)/2 = 0.8
# for every theta >= 1 (theta cancels); D against A likewise.
ex = [r for r in rows("tt2010_examples_printed.csv") if r["example"] == "2"]
proj = nqpf_dea("tt2010_example2.csv", "dmu", "x1,x2", "y", "--model", "additive",
                "--add-weights", "mip", "--rts", "vrs", "--targets")
ok = all(float(proj[r["dmu"]]["target_x1"]) == float(r["proj_x1"])
         and float(proj[r["dmu"]]["target_x2"]) == float(r["proj_x2"]) for r in ex)
report(ok, "EBM example 2: the printed eq. (19) projections (2,6) (6,3) (6,3) (2,6)", proj)
got = nqpf_dea("tt2010_example2.csv", "dmu", "x1,x2", "y", "--model", "ebm", "--epsilon", "1")
eff = [float(got[r["dmu"]]["efficiency"]) for r in ex]
ok, why = check_printed([r["dmu"] for r in ex], eff, [r["score"] for r in ex])
report(ok and all(abs(g - e) <= 1e-12 for g, e in zip(eff, [1, 1, 0.8, 0.8])),
       "EBM example 2 (eps 1, w 1/2): the printed scores 1, 1, 0.8, 0.8", why or eff)

# Example 3, the hospital case (Cooper, Seiford & Tone's 12 hospitals; paper
# Tables 9, 10, 13).  Table 10 prints the eq. (19) projections to 2 decimals.
t10 = rows("tt2010_hospital_table10.csv")
proj = nqpf_dea("tt2010_hospital.csv", "hospital", "doctor,nurse", "outpatient,inpatient", "--model",
                "additive", "--add-weights", "mip", "--rts", "vrs", "--targets")
cols = ("doctor", "nurse", "outpatient", "inpatient")
bad = [f"{r['hospital']} {c}: nqpf {proj[r['hospital']]['target_' + c]} printed {r[c]}"
       for r in t10 for c in cols
       if (r["hospital"], c) != ("G", "inpatient")
       and not abs(float(proj[r["hospital"]]["target_" + c]) - float(r[c])) <= half_unit(r[c])]
report(not bad, "EBM hospital: Table 10's projections (47 of 48 printed cells) at 2 decimals", "; ".join(bad))
# G's printed inpatient 88.04 is not its data (88): G is on the VRS frontier
# (additive inefficiency 0, so every slack is 0 and its projection is itself
# under every optimum).  The same row is flagged in DEAPack's audit of the
# paper; it does not touch eps_x, which is computed from the input columns.
g = proj["G"]
report(float(g["efficiency"]) == 0 and float(g["target_inpatient"]) == 88,
       "EBM hospital: G is additive-efficient, its projection is its data (Table 10 prints 88.04, a misprint)", g)

# Table 13: EBM-I-C with w = (1/2, 1/2) and eps_x = 0.5293980231, the value
# the printed Table 10 inputs give (the paper prints it as 0.529;
# test_published_ebm.c checks that nqpf's affinity code gives this number
# from Table 10).  The paper computed with the unrounded eps: with 0.529
# itself J scores 0.82951, which would print as 0.830, not 0.829.
# theta is read back from the targets: target = theta x0 - s, so theta =
# (target + s) / x0 for either input.  Theta is free in the paper's model
# and exceeds 1 for D (doctors down, nurses up).  theta and the slacks are
# unique here (scipy's HiGHS, minimising and maximising each over the optimal
# face, finds one value for every hospital), so comparing them compares the
# model, not a solver's choice among alternative optima.
EPS_TABLE10 = "0.529398023102911"
t13 = rows("tt2010_hospital_table13.csv")
got = nqpf_dea("tt2010_hospital.csv", "hospital", "doctor,nurse", "outpatient,inpatient", "--model", "ebm",
               "--epsilon", EPS_TABLE10, "--slacks", "--targets")


def col(h, name):
    r = got[h]
    if name == "score":
        return float(r["efficiency"])
    if name == "theta":
        return (float(r["target_doctor"]) + float(r["slack_doctor"])) / X[h][0]
    return float(r[name])


X = {r["hospital"]: (float(r["doctor"]), float(r["nurse"])) for r in rows("tt2010_hospital.csv")}
# L's nurse slack: nqpf (and DEAPack's independent LP) 12.6006; the paper
# prints 12.600 where every other slack is rounded (1.644 for 1.64357): a
# print truncation, compared below at one unit in the last digit instead.
MISPRINT = {("L", "slack_nurse")}
for name in ("score", "theta", "slack_doctor", "slack_nurse"):
    keys = [r["hospital"] for r in t13 if (r["hospital"], name) not in MISPRINT]
    printed = [r[name] for r in t13 if (r["hospital"], name) not in MISPRINT]
    ok, why = check_printed(keys, [col(h, name) for h in keys], printed)
    report(ok, f"EBM hospital: Table 13 {name} of {len(keys)} hospitals at 3 decimals", why)
lv = col("L", "slack_nurse")
report(12.6 <= lv < 12.601, "EBM hospital: L's nurse slack 12.6006 truncates to the printed 12.600", lv)
d = got["D"]
report(col("D", "theta") > 1 and float(d["target_doctor"]) < 27 and float(d["target_nurse"]) > 168,
       "EBM hospital: D's theta 1.016 > 1, doctors 27 -> 24.35, nurses 168 -> 170.68 (the paper's p. 21)", d)
finish()
