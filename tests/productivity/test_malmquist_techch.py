#!/usr/bin/python3
"""nqpf malmquist --techch geometric|base|comparison against hand-computed
distance functions (Faere, Grosskopf, Norris & Zhang 1994, eqs. (5)-(7)).

One input and one output under CRS: the Shephard output distance of (x, y)
against a technology is (y/x) / max(y_j/x_j) over its units, in exact
fractions here (no LP).  With D^a(b) for period-b data against technology a:
  base:        M = D^t(t+1)/D^t(t),      TC = D^t(t+1)/D^t+1(t+1)
  comparison:  M = D^t+1(t+1)/D^t+1(t),  TC = D^t(t)/D^t+1(t)
  geometric:   the geometric mean of the two (DEAP), EC = D^t+1(t+1)/D^t(t).
Contemporaneous and sequential technologies; the Luenberger indicator on the
same data through ddf with direction (0, y): beta = 1/D - 1 (output
distance), so the expected values follow from the same fractions.  Also:
the label names the variant; geometric = sqrt(base x comparison) to 1e-12
on the cumulative columns; the project key [malmquist] techch."""
import csv
import io
import math
import os
import re
import subprocess
import sys
import tempfile
from fractions import Fraction as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")

DATA = {  # unit: [(x, y) per period]
    "p1": [(2, 2), (2, 3), (3, 3), (1, 2)],
    "p2": [(4, 2), (4, 5), (2, 3), (2, 2)],
    "p3": [(1, 2), (1, 1), (2, 5), (3, 7)],
    "p4": [(3, 1), (2, 3), (1, 2), (2, 3)],
}
T = 4


def D(tech, u, t, seq):
    """Output distance of unit u's period-t data against period tech's
    technology (sequential: periods <= tech)."""
    periods = range(tech + 1) if seq else [tech]
    best = max(F(DATA[v][p][1], DATA[v][p][0]) for v in DATA for p in periods)
    x, y = DATA[u][t]
    return F(y, x) / best


def expected(index, variant, seq):
    out = {}
    for u in DATA:
        for t in range(T - 1):
            a, b = D(t, u, t, seq), D(t + 1, u, t + 1, seq)  # own-period
            f, w = D(t, u, t + 1, seq), D(t + 1, u, t, seq)  # mixed-period
            if index == "malmquist":
                base, comp = f / a, b / w
                m = {"base": float(base), "comparison": float(comp)}.get(variant, math.sqrt(base * comp))
                ec = float(b / a)
                out[(u, t)] = [m, ec, m / ec]
            else:  # Luenberger on beta = 1/D - 1
                ba, bb, bf, bw = (1 / v - 1 for v in (a, b, f, w))
                base, comp = ba - bf, bw - bb
                lv = {"base": base, "comparison": comp}.get(variant, (base + comp) / 2)
                ec = ba - bb
                out[(u, t)] = [float(lv), float(ec), float(lv - ec)]
    return out


def run(path, args):
    r = subprocess.run([NQPF, "malmquist", "--data", path, "--unit", "unit", "--period", "year", "--inputs", "x",
                        "--outputs", "y"] + args, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "panel.csv")
    with open(path, "w") as f:
        f.write("unit,year,x,y\n")
        for t in range(T):
            for u, d in DATA.items():
                f.write("%s,%d,%d,%d\n" % (u, 2001 + t, d[t][0], d[t][1]))
    cum = {}
    for index in ("malmquist", "luenberger"):
        for frontier in ("contemporaneous", "sequential"):
            for variant in ("geometric", "base", "comparison"):
                args = ["--index", index, "--frontier", frontier, "--techch", variant, "--cumulative"]
                if index == "luenberger":
                    args += ["--model", "ddf"]
                rc, out, err = run(path, args)
                exp = expected(index, variant, frontier == "sequential")
                rows = list(csv.DictReader(io.StringIO(out))) if rc == 0 else []
                bad = []
                for row in rows:
                    e = exp[(row["unit"], int(row["from"]) - 2001)]
                    g = [float(row[c]) for c in ("tfpch", "effch", "techch")]
                    if row["status"] != "ok" or any(abs(a - b) > 1e-12 * max(1, abs(b)) for a, b in zip(g, e)):
                        bad.append((row["unit"], row["from"], g, e))
                    tag = "" if variant == "geometric" else "-tc:" + variant
                    if not row["index"].endswith(frontier + tag):
                        bad.append(("label", row["index"]))
                    cum[(index, frontier, variant, row["unit"], row["from"])] = float(row["cum_tfpch"])
                report(rc == 0 and len(rows) == len(DATA) * (T - 1) and not bad,
                       "%s %s --techch %s: hand-computed distances" % (index, frontier, variant), err + repr(bad[:3]))
    # the geometric Malmquist index is the geometric mean of the two, so are
    # its running products
    bad = [k for k, v in cum.items() if k[0] == "malmquist" and k[2] == "geometric" and
           abs(v - math.sqrt(cum[k[:2] + ("base",) + k[3:]] * cum[k[:2] + ("comparison",) + k[3:]])) > 1e-12 * v]
    report(not bad and len(cum) > 0, "cumulative geometric = sqrt(base x comparison)", repr(bad[:3]))
    rc, out, err = run(path, ["--techch", "mean"])
    report(rc != 0 and out == "" and "techch" in err, "an unknown --techch value is an error", err)

    # DataEnvelopmentAnalysis.jl test/malmquist.jl: on its data the geomean TC
    # equals sqrt(TC_base * TC_comparison) (refperiod = :Base / :Comparison,
    # the same conventions as --techch base / comparison), and every TC of
    # both pairs is its literal 1.5 (pair 1) and 2.0 (pair 2)
    jl = os.path.join(os.environ.get("NQPF_REF", "tests/ref"), "cases", "productivity", "jl_malmquist", "data.csv")
    tcs = {}
    for variant in ("geometric", "base", "comparison"):
        r = subprocess.run([NQPF, "malmquist", "--data", jl, "--unit", "dmu", "--period", "period", "--inputs", "x",
                            "--outputs", "y", "--techch", variant], capture_output=True, text=True)
        tcs[variant] = [float(x["techch"]) for x in csv.DictReader(io.StringIO(r.stdout))] if r.returncode == 0 else []
    lit = [1.5, 2.0] * 5
    ok = all(len(v) == 10 for v in tcs.values()) and all(
        abs(g - math.sqrt(b * c)) <= 1e-12 and abs(b - e) <= 1e-9 and abs(c - e) <= 1e-9
        for g, b, c, e in zip(tcs["geometric"], tcs["base"], tcs["comparison"], lit))
    report(ok, "DataEnvelopmentAnalysis.jl malmquist data: TC geomean = sqrt(base x comparison), literal TCs",
           repr(tcs))

    # [malmquist] techch = base in the project file: the report's table is the
    # base-period index and the methods text says so
    root = os.environ.get("NQPF_ROOT", ".")
    ini = open(os.path.join(root, "data", "nqpf_project.ini"), encoding="utf-8").read()
    ini = re.sub(r"(?m)^(\w+\s*=\s*)([\w./-]+\.(csv|geojson))",
                 lambda m_: m_.group(1) + os.path.join(root, "data", m_.group(2)), ini)
    ini = re.sub(r"(?m)^\[malmquist\]\n", "[malmquist]\ntechch = base\n", ini)
    with open(os.path.join(tmp, "p.ini"), "w", encoding="utf-8") as f:
        f.write(ini)
    r = subprocess.run([NQPF, "run", os.path.join(tmp, "p.ini"), "--out", os.path.join(tmp, "rep"), "--quiet"],
                       capture_output=True, text=True)
    ok = r.returncode == 0
    if ok:
        with open(os.path.join(tmp, "rep", "tables", "malmquist.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(tmp, "rep", "methods.md"), encoding="utf-8") as f:
            methods = f.read()
        ok = rows and all(x["index"].endswith("-tc:base") for x in rows) and \
            "measured at period t's technology" in methods and "techch = base" in methods
    report(ok, "[malmquist] techch = base: table label and methods text", r.stderr)

finish()
