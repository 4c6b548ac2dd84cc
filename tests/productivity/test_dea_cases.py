#!/usr/bin/python3
"""nqpf dea against the reference cases in tests/ref/cases/productivity.

Tolerances: 1e-9 relative where the expected values are exact (rationals or
full-precision recomputations); published rounded values to their printed
precision (DEAP's 3 decimals: 0.5e-3; Julia's 9-10 digit literals: 1e-8).
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
CASES = os.path.join(REF, "cases", "productivity")


def num(s):
    return float(Fraction(s.strip())) if "/" in s else float(s)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def dea(case, *args, data="data.csv"):
    cmd = [NQPF, "dea", "--data", os.path.join(CASES, case, data), "--unit", "dmu"] + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr))
    return list(csv.DictReader(io.StringIO(r.stdout)))


def close(a, b, rtol):
    return abs(a - b) <= rtol * max(abs(b), 1e-300) or (b == 0 and abs(a) <= rtol)


def check_col(name, rows, col, expected, rtol):
    bad = []
    for r, e in zip(rows, expected):
        got = float(r[col]) if r[col] != "" else float("nan")
        if not close(got, e, rtol):
            bad.append("%s: %s=%r expected %r" % (r["dmu"], col, got, e))
    report(len(rows) == len(expected) and not bad, name, "\n".join(bad))


def case_coelli():
    c = "coelli_deap_eg1"
    exp = read(os.path.join(CASES, c, "expected.csv"))
    xy = ["--inputs", "x1,x2", "--outputs", "y1"]
    check_col("coelli_deap_eg1 crs in", dea(c, *xy), "efficiency", [num(e["te_crs_in"]) for e in exp], 1e-9)
    check_col("coelli_deap_eg1 vrs in", dea(c, *xy, "--rts", "vrs"), "efficiency",
              [num(e["te_vrs_in"]) for e in exp], 1e-9)
    out = dea(c, *xy, "--orient", "out")
    check_col("coelli_deap_eg1 crs out (1/phi)", out, "efficiency",
              [num(e["te_crs_out_farrell_recip"]) for e in exp], 1e-9)
    check_col("coelli_deap_eg1 crs out phi", out, "phi",
              [1 / num(e["te_crs_out_farrell_recip"]) for e in exp], 1e-9)
    check_col("coelli_deap_eg1 vrs out (1/phi)", dea(c, *xy, "--orient", "out", "--rts", "vrs"), "efficiency",
              [num(e["te_vrs_out_farrell_recip"]) for e in exp], 1e-9)
    # DEAP's printed detail (3 decimals): slacks, peers, weights, targets.
    det = read(os.path.join(CASES, c, "expected_deap_crs_in_detail.csv"))
    got = dea(c, *xy, "--slacks", "--peers", "--targets")
    bad = []
    for g, d in zip(got, det):
        for k in ("slack_x1", "slack_x2", "slack_y1", "target_x1", "target_x2", "target_y1"):
            if abs(float(g[k]) - float(d[k])) > 0.5e-3 + 1e-12:
                bad.append("%s %s %s vs %s" % (g["dmu"], k, g[k], d[k]))
        gp = dict(zip(g["peers"].split(";"), map(float, g["lambdas"].split(";"))))
        dp = dict(zip(d["peers"].split(";"), map(float, d["peer_weights"].split(";"))))
        if set(gp) != set(dp) or any(abs(gp[k] - dp[k]) > 0.5e-3 + 1e-12 for k in dp):
            bad.append("%s peers %s vs %s" % (g["dmu"], gp, dp))
    report(len(got) == 5 and not bad, "coelli_deap_eg1 DEAP slacks, peers, weights, targets", "\n".join(bad))
    mean = sum(float(g["efficiency"]) for g in got) / len(got)
    report(abs(mean - 0.810) <= 0.5e-3, "coelli_deap_eg1 DEAP mean te 0.810")


def case_fls():
    c = "fls11_radial"
    exp = read(os.path.join(CASES, c, "expected.csv"))
    xy = ["--inputs", "x1,x2", "--outputs", "y1"]
    check_col("fls11 crs in", dea(c, *xy), "efficiency", [num(e["theta_crs_in"]) for e in exp], 1e-9)
    check_col("fls11 crs out phi", dea(c, *xy, "--orient", "out"), "phi", [num(e["phi_crs_out"]) for e in exp], 1e-9)
    check_col("fls11 vrs in", dea(c, *xy, "--rts", "vrs"), "efficiency", [num(e["theta_vrs_in"]) for e in exp], 1e-9)
    check_col("fls11 vrs out phi", dea(c, *xy, "--rts", "vrs", "--orient", "out"), "phi",
              [num(e["phi_vrs_out"]) for e in exp], 1e-9)
    # Julia's slack literals (max-slack second stage), 9-10 digits.
    got = {r["dmu"]: r for r in dea(c, *xy, "--slacks")}
    want = {("6", "slack_x1"): 4.444444444, ("9", "slack_x1"): 1.64021164, ("11", "slack_x2"): 4.0}
    bad = [("%s %s %s" % (u, k, got[u][k])) for (u, k), v in want.items() if abs(float(got[u][k]) - v) > 1e-8]
    others = [(u, k) for u in got for k in ("slack_x1", "slack_x2", "slack_y1")
              if (u, k) not in want and abs(float(got[u][k])) > 1e-9]
    report(not bad and not others, "fls11 crs in max slacks (Julia)", "\n".join(bad) + str(others))


def case_pydea():
    c = "pydea_example2"
    exp = read(os.path.join(CASES, c, "expected.csv"))
    rows = dea(c, "--inputs", "I1,I2,I3", "--outputs", "O1,O2")
    check_col("pydea_example2 crs in (exact)", rows, "efficiency", [num(e["theta_crs_in_exact"]) for e in exp], 1e-9)
    check_col("pydea_example2 crs in (pyDEA 8 dp)", rows, "efficiency",
              [num(e["theta_crs_in_pydea"]) for e in exp], 1e-8)


def case_tone():
    c = "tone2001_sbm"
    exp = read(os.path.join(CASES, c, "expected.csv"))
    xy = ["--inputs", "x1,x2", "--outputs", "y1,y2"]
    rows = dea(c, *xy, "--model", "sbm", "--slacks", "--targets")
    check_col("tone2001 sbm crs rho", rows, "efficiency", [num(e["rho_sbm_crs_exact"]) for e in exp], 1e-9)
    # the projection must lie in the technology: rho recomputed from slacks
    data = read(os.path.join(CASES, c, "data.csv"))
    bad = []
    for r, d in zip(rows, data):
        sx = [float(r["slack_x1"]) / float(d["x1"]), float(r["slack_x2"]) / float(d["x2"])]
        sy = [float(r["slack_y1"]) / float(d["y1"]), float(r["slack_y2"]) / float(d["y2"])]
        rho = (1 - sum(sx) / 2) / (1 + sum(sy) / 2)
        if not close(rho, float(r["efficiency"]), 1e-9):
            bad.append(r["dmu"])
    report(not bad, "tone2001 sbm slacks reproduce rho", str(bad))
    check_col("tone2001 ccr in", dea(c, *xy), "efficiency", [num(e["theta_ccr_in_exact"]) for e in exp], 1e-9)


def case_erg():
    c = "jl_erg_sbm"
    exp = read(os.path.join(CASES, c, "expected.csv"))
    xy = ["--inputs", "x", "--outputs", "y", "--model", "sbm"]
    check_col("jl_erg crs", dea(c, *xy), "efficiency", [num(e["erg_crs"]) for e in exp], 1e-9)
    check_col("jl_erg vrs", dea(c, *xy, "--rts", "vrs"), "efficiency", [num(e["erg_vrs"]) for e in exp], 1e-9)
    check_col("jl deam radial crs in", dea(c, "--inputs", "x", "--outputs", "y"), "efficiency",
              [0.4, 1, 0.8, 0.6, 0.4, 0.4, 18 / 35, 0.2], 1e-9)


def case_env():
    c = "jl_deaenv"
    exp = read(os.path.join(CASES, c, "expected.csv"))
    xy = ["--inputs", "x", "--outputs", "y_good", "--undesirable", "b_bad", "--model", "ddf",
          "--bad-disposal", "strong"]
    rows = dea(c, *xy, "--slacks")
    check_col("jl_deaenv beta default (strong disposal)", rows, "efficiency",
              [num(e["beta_default"]) for e in exp], 1e-9)
    # slack literals printed to 12 digits
    check_col("jl_deaenv slackX", rows, "slack_x", [num(e["slackX"]) for e in exp], 1e-9)
    check_col("jl_deaenv slackB", rows, "slack_b_bad", [num(e["slackB"]) for e in exp], 1e-9)
    check_col("jl_deaenv beta ones", dea(c, *xy, "--direction", "ones"), "efficiency",
              [num(e["beta_ones"]) for e in exp], 1e-9)
    check_col("jl_deaenv beta observed", dea(c, *xy, "--direction", "observed"), "efficiency",
              [num(e["beta_observed_all"]) for e in exp], 1e-9)
    check_col("jl_deaenv beta mean", dea(c, *xy, "--direction", "mean"), "efficiency",
              [num(e["beta_mean"]) for e in exp], 1e-9)
    # Julia's peers for DMU 1's column: lambda(DMU1) = [1,1,0.26087,0.666667,0.727273]
    rows = dea(c, *xy, "--peers")
    lam = [float(r["lambdas"]) if r["peers"] == "1" else float("nan") for r in rows]
    report(all(abs(a - b) <= 0.5e-5 for a, b in zip(lam, [1, 1, 0.26087, 0.666667, 0.727273])),
           "jl_deaenv peers (Julia, 6 digits)", str(lam))


def run_fail(args, code, text):
    r = subprocess.run([NQPF, "dea"] + args, capture_output=True, text=True)
    return r.returncode == code and text in r.stderr, r.returncode, r.stderr


def errors():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "bad.csv")
        with open(p, "w") as f:
            f.write("u,x,y\na,1,2\nb,-3,4\n")
        ok, rc, err = run_fail(["--data", p, "--unit", "u", "--inputs", "x", "--outputs", "y"], 5, "bad.csv:3:2:")
        report(ok, "negative input is an error at FILE:LINE:COL", "%d %s" % (rc, err))
        with open(p, "w") as f:
            f.write("u,x,y\na,1,2\nb,3,NA\n")
        ok, rc, err = run_fail(["--data", p, "--unit", "u", "--inputs", "x", "--outputs", "y"], 9, "bad.csv:3:3:")
        report(ok, "missing output is an error at FILE:LINE:COL", "%d %s" % (rc, err))
        ok, rc, err = run_fail(["--data", p, "--unit", "u", "--inputs", "z", "--outputs", "y"], 5, "z")
        report(ok, "unknown column is an error", "%d %s" % (rc, err))
        with open(p, "w") as f:
            f.write("u,x,y\na,1,2\na,3,4\n")
        ok, rc, err = run_fail(["--data", p, "--unit", "u", "--inputs", "x", "--outputs", "y"], 5, "twice")
        report(ok, "duplicate unit is an error", "%d %s" % (rc, err))
        # VRS output super-efficiency: the smallest unit has no feasible VRS reference
        with open(p, "w") as f:
            f.write("u,x,y\na,1,1\nb,2,3\nc,4,6\n")
        r = subprocess.run([NQPF, "dea", "--data", p, "--unit", "u", "--inputs", "x", "--outputs", "y", "--rts",
                            "vrs", "--super", "--orient", "out"], capture_output=True, text=True)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        report(r.returncode == 0 and rows[0]["status"] == "infeasible" and rows[0]["efficiency"] == "" and rows[2]["efficiency"] == "2",
               "VRS super-efficiency infeasible -> status, empty score", r.stdout + r.stderr)
        # all-zero inputs: unbounded input-oriented score
        with open(p, "w") as f:
            f.write("u,x,y\na,0,1\nb,2,3\n")
        r = subprocess.run([NQPF, "dea", "--data", p, "--unit", "u", "--inputs", "x", "--outputs", "y"],
                           capture_output=True, text=True)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        report(r.returncode == 0 and rows[0]["status"] == "unbounded" and rows[0]["efficiency"] == "",
               "zero-input unit -> unbounded, empty score", r.stdout + r.stderr)


for fn in (case_coelli, case_fls, case_pydea, case_tone, case_erg, case_env, errors):
    try:
        fn()
    except Exception as e:  # a crash of one case is one failure, not the end
        report(False, fn.__name__, repr(e))
finish()
