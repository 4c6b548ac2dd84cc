#!/usr/bin/python3
"""nqpf malmquist --index ml against the published example of Aparicio,
Pastor & Zofio (2013), "On the inconsistency of the Malmquist-Luenberger
index", EJOR 229:738-742, Table 1: two units, one input, one good and one
bad output, two periods, CRS, weak disposability, direction (0, y, -b)
(Chung, Faere & Grosskopf 1997, nqpf's default for the ML index).

What the paper prints for unit B (qualitatively): both own-period
distances are 0, the period-t technical change MLTECH^t is below 1 (a
"technical regress" although the frontier moved outwards), and the mixed
distance against period t+1's technology is infeasible.  The number behind
the sign, by hand: on period t's frontier between A^t (7, 2) and B^t (5, 5)
y = (25 - 2b)/3; B^(t+1) = (5.5, 3) moves along y = 5.5(1 + beta),
b = 3(1 - beta), which meets it at beta = 5/21, so MLTECH^t =
(1 + 0)/(1 + 5/21) = 21/26 (DEAPack's audit of the example,
specs/oracles/aparicio_pastor_zofio_2013.md, derives the same fraction).
nqpf's --techch base is that period-t component, and the geometric-mean
index is reported infeasible, as the paper says it cannot be computed.
"""
import csv
import io
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
DATA = os.path.join(os.environ.get("NQPF_REF", "tests/ref"), "published", "apz2013_table1.csv")
COMMON = ["--data", DATA, "--unit", "dmu", "--period", "t", "--inputs", "x", "--outputs", "y",
          "--undesirable", "b"]


def run(*args):
    p = subprocess.run([NQPF] + list(args), capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode(errors="replace"))
    return list(csv.DictReader(io.StringIO(p.stdout.decode())))


own = run("dea", *COMMON, "--model", "ddf")
report(all(r["status"] == "ok" and abs(float(r["efficiency"])) <= 1e-12 for r in own),
       "APZ 2013 Table 1: every own-period directional distance is 0 (as printed)", own)
ml = {r["unit"]: r for r in run("malmquist", *COMMON, "--index", "ml", "--techch", "base")}
b = ml["B"]
report(b["status"] == "ok" and abs(float(b["techch"]) - 21 / 26) <= 1e-12 and float(b["techch"]) < 1
       and abs(float(b["effch"]) - 1) <= 1e-12,
       "APZ 2013: B's period-t technical change MLTECH^t = 21/26 < 1 (printed: below 1), effch 1", b)
nxt = {r["unit"]: r for r in run("malmquist", *COMMON, "--index", "ml", "--techch", "comparison")}
geo = {r["unit"]: r for r in run("malmquist", *COMMON, "--index", "ml")}
report(nxt["B"]["status"] == "infeasible" and nxt["B"]["tfpch"] == ""
       and geo["B"]["status"] == "infeasible" and geo["B"]["tfpch"] == "",
       "APZ 2013: B against period t+1's technology is infeasible, so the ML index has no value (as printed)",
       (nxt["B"], geo["B"]))
finish()
