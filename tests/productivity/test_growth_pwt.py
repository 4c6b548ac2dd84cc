#!/usr/bin/python3
"""nqpf growth reproduces the Penn World Table 9.1 rtfpna growth:
ln(rtfpna_t/rtfpna_{t-1}) = dln rgdpna - s dln(emp*avh*hc) - (1-s) dln rkna,
s = mean of labsh in t-1 and t, wherever hours (avh) are published.
PWT stores single precision, so agreement is to about 1e-6."""
import csv
import io
import math
import os
import subprocess
import sys

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
PWT = os.path.join(REF, "data", "pwt91_growth.csv")
failed = 0


def report(name, ok, detail=""):
    global failed
    print("%s - %s%s" % ("ok" if ok else "not ok", name, (": " + detail) if detail else ""))
    failed += not ok


if not os.path.exists(PWT):
    report("growth_pwt91_reference", False, "missing " + PWT)
    sys.exit(1)

p = subprocess.run([NQPF, "growth", "--data", PWT, "--unit", "countrycode", "--period", "year", "--output", "rgdpna",
                    "--capital", "rkna", "--labour", "emp*avh*hc", "--share", "labsh", "--base", "2011", "--out", "-"],
                   capture_output=True, text=True)
if p.returncode:
    report("growth_pwt91_runs", False, p.stderr)
    sys.exit(1)
got = {(r["countrycode"] if "countrycode" in r else r["unit"], r["period"]): r for r in csv.DictReader(io.StringIO(p.stdout))}
pwt = {(r["countrycode"], r["year"]): r for r in csv.DictReader(open(PWT, encoding="utf-8"))}

worst, where, n, countries = 0.0, None, 0, set()
idx_worst = 0.0
for (c, y), r in pwt.items():
    prev = pwt.get((c, str(int(y) - 1)))
    if not prev or r["avh"] == "" or prev["avh"] == "" or r["rtfpna"] == "" or prev["rtfpna"] == "":
        continue
    g = got[(c, y)]
    if g["dln_tfp"] == "":
        report("growth_pwt91_complete", False, "%s %s: no TFP growth although avh is published" % (c, y))
        continue
    ref = math.log(float(r["rtfpna"]) / float(prev["rtfpna"]))
    d = abs(float(g["dln_tfp"]) - ref)
    n += 1
    countries.add(c)
    if d > worst:
        worst, where = d, (c, y)
    if g["tfp_index"] != "":
        idx_worst = max(idx_worst, abs(float(g["tfp_index"]) / float(r["rtfpna"]) - 1))

report("growth_pwt91_tornqvist_rtfpna", n > 1000 and worst < 1e-6,
       "max |dln TFP - dln rtfpna| = %.2e at %s over %d country-years in %d countries" % (worst, where, n, len(countries)))
report("growth_pwt91_index_base2011", idx_worst < 1e-4, "max relative deviation of the chained index %.2e" % idx_worst)

# Solow residual with a constant share on a hand example: Y 100 -> 110, K 200 -> 210, L 50 -> 51, s = 0.6
data = "u,t,y,k,l\nA,1,100,200,50\nA,2,110,210,51\n"
p = subprocess.run([NQPF, "growth", "--data", "-", "--unit", "u", "--period", "t", "--output", "y", "--capital", "k",
                    "--labour", "l", "--share", "0.6", "--out", "-"], input=data, capture_output=True, text=True)
rows = list(csv.DictReader(io.StringIO(p.stdout)))
exp = math.log(1.1) - 0.6 * math.log(51 / 50) - 0.4 * math.log(1.05)
report("growth_solow_constant_share", p.returncode == 0 and abs(float(rows[1]["dln_tfp"]) - exp) < 1e-15
       and abs(float(rows[1]["tfp_index"]) - math.exp(exp)) < 1e-15 and rows[0]["dln_tfp"] == "", p.stderr)

bad = "u,t,y,k,l\nA,1,100,200,50\nA,2,-110,210,51\n"
p = subprocess.run([NQPF, "growth", "--data", "-", "--unit", "u", "--period", "t", "--output", "y", "--capital", "k",
                    "--labour", "l", "--share", "0.6", "--out", "-"], input=bad, capture_output=True, text=True)
report("growth_rejects_negative_output", p.returncode == 5 and "-:3:3:" in p.stderr and p.stdout == "", p.stderr)
sys.exit(1 if failed else 0)
