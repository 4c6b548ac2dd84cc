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

Second, a peer's test literals on a superset of that example:
DataEnvelopmentAnalysis.jl's test/malmluen.jl (javierbarbero/
DataEnvelopmentAnalysis.jl, MIT) adds three units to A and B (its units 1
and 2) and a third period, and asserts tfpch, effch and techch for a
2-period panel (10 digits, or the fractions 119/144 and 21/22; it is periods
1-2 of jl_malmluen.csv, and contemporaneous frontiers use only t and t+1)
and for both pairs of the 3-period panel (6 digits, atol 1e-5).
Convention: its deaenv, which malmluen calls, writes the bad outputs as
B l <= b_o - beta g_b (src/deaenv.jl), i.e. freely disposable, so the
literals are nqpf's --bad-disposal strong.  Each cell is compared at half a
unit of its last printed digit or the package's own tolerance, whichever is
tighter (so "1.0" and "1.1" are held to 1.5e-8), except two misprints:
1.1259778360 (unit 3, tfpch 1-2) is one unit off in its last digit (the LP
value 1.12597783591 = effch x techch, each matching its own 10 digits),
compared at one unit; 1.264910 (unit 5, techch 2-3) is sqrt(1.6) =
1.2649110641 less 1.06e-6 (the same number is printed 1.26491 as that
unit's tfpch), compared at the package's atol 1e-5.
Under nqpf's default, weak disposability (B l = (1 - beta) b_o, Chung-Faere-
Grosskopf), two cells differ, by hand: unit 2's period-1 point against
period 2 needs y + b >= 10 from units with x sum <= 1, whose largest y + b
is 9, so its index is infeasible (the APZ point above); unit 1's mixed
distances become -1/18 (period 2's frontier between units 1 and 2 at lambda
= (4/9, 5/9)) and -9/23 (period 1, 16/23 of unit 1), so techch =
sqrt((17/18) / (14/23)) = sqrt(391/252).
"""
import os
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import half_unit, keyed, nqpf, path, read  # noqa: E402

COMMON = ["--data", path("apz2013_table1.csv"), "--unit", "dmu", "--period", "t", "--inputs", "x", "--outputs", "y",
          "--undesirable", "b"]


def run(*args):
    rc, rows, err = nqpf(args)
    if rc != 0:
        raise RuntimeError(err.decode(errors="replace"))
    return rows


own = run("dea", *COMMON, "--model", "ddf")
report(all(r["status"] == "ok" and abs(float(r["efficiency"])) <= 1e-12 for r in own),
       "APZ 2013 Table 1: every own-period directional distance is 0 (as printed)", own)
ml = keyed(run("malmquist", *COMMON, "--index", "ml", "--techch", "base"), "unit")
b = ml["B"]
report(b["status"] == "ok" and abs(float(b["techch"]) - 21 / 26) <= 1e-12 and float(b["techch"]) < 1
       and abs(float(b["effch"]) - 1) <= 1e-12,
       "APZ 2013: B's period-t technical change MLTECH^t = 21/26 < 1 (printed: below 1), effch 1", b)
nxt = keyed(run("malmquist", *COMMON, "--index", "ml", "--techch", "comparison"), "unit")
geo = keyed(run("malmquist", *COMMON, "--index", "ml"), "unit")
report(nxt["B"]["status"] == "infeasible" and nxt["B"]["tfpch"] == ""
       and geo["B"]["status"] == "infeasible" and geo["B"]["tfpch"] == "",
       "APZ 2013: B against period t+1's technology is infeasible, so the ML index has no value (as printed)",
       (nxt["B"], geo["B"]))

# DataEnvelopmentAnalysis.jl's malmluen literals (strong disposal), and the weak-disposal contrast.
JL = ["--data", path("jl_malmluen.csv"), "--unit", "dmu", "--period", "t",
      "--inputs", "x", "--outputs", "y", "--undesirable", "b", "--index", "ml"]
strong = {(r["unit"], r["from"]): r for r in run("malmquist", *JL, "--bad-disposal", "strong")}
expected = read("jl_malmluen_expected.csv")
MISPRINT = {("2 periods", "3", "1", "tfpch"): 1e-10, ("3 periods", "5", "2", "techch"): 1e-5}  # see the docstring
bad = []
for e in expected:
    g = strong.get((e["unit"], e["from"]), {})
    text = e["printed"]
    want = float(Fraction(text))
    # The literal is good to its printed digits and to the tolerance the package asserts it
    # with (Julia's isapprox: rtol sqrt(eps) for 2 periods; atol 1e-5 for 3): the tighter one.
    asserted = 2.0 ** -26 * max(1.0, abs(want)) if e["test"] == "2 periods" else 1e-5
    tol = min(half_unit(text) if "." in text else 1e-12, asserted)
    tol = MISPRINT.get((e["test"], e["unit"], e["from"], e["column"]), tol)
    if g.get("status") != "ok" or abs(float(g[e["column"]]) - want) > tol + 1e-15:
        bad.append(f"{e['test']} unit {e['unit']} {e['from']}-{e['to']} {e['column']}: nqpf {g.get(e['column'])}, "
                   f"printed {text}")
report(not bad, f"DataEnvelopmentAnalysis.jl malmluen: {len(expected)} asserted cells at their printed digits "
       "(--bad-disposal strong)", "; ".join(bad))
weak = {(r["unit"], r["from"]): r for r in run("malmquist", *JL)}
report(weak[("2", "1")]["status"] == "infeasible" and weak[("2", "1")]["tfpch"] == "",
       "malmluen data, weak disposal: unit 2's period-1 point has no period-2 distance (y + b >= 10 > 9)",
       weak[("2", "1")])
report(abs(float(weak[("1", "1")]["techch"]) - (391 / 252) ** 0.5) <= 1e-12,
       "malmluen data, weak disposal: unit 1's techch = sqrt(391/252)", weak[("1", "1")])
finish()
