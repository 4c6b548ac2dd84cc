#!/usr/bin/python3
"""nqpf dea: byte-identical output for OMP_NUM_THREADS=1 and 2, and the
frame reduction (hierarchical decomposition) giving the same scores as the
full reference set, on generated panels large enough to use both."""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")


def run(args, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    r = subprocess.run([NQPF, "dea"] + args, capture_output=True, env=env)
    if r.returncode:
        raise RuntimeError(r.stderr.decode())
    return r.stdout


rng = random.Random(7)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "panel.csv")
    with open(path, "w") as f:
        f.write("unit,year,k,l,e,gdp,tech,co2\n")
        for year in (2020, 2021, 2022):
            for u in range(700):
                k, l, e = (rng.uniform(1, 100) for _ in range(3))
                eff = rng.uniform(0.3, 1.0)
                gdp = eff * (k ** 0.4) * (l ** 0.4) * (e ** 0.2) * (1 + 0.05 * (year - 2020))
                tech = eff * rng.uniform(0.5, 1.5) * (k ** 0.5)
                co2 = e * rng.uniform(0.5, 1.5)
                f.write("p%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n" % (u, year, k, l, e, gdp, tech, co2))
    base = ["--data", path, "--unit", "unit", "--period", "year", "--inputs", "k,l,e", "--outputs", "gdp,tech"]
    cases = {
        "radial vrs in, slacks, peers, targets": ["--rts", "vrs", "--slacks", "--peers", "--targets"],
        "sbm vrs undesirable super, sequential": ["--model", "sbm", "--rts", "vrs", "--undesirable", "co2",
                                                   "--super", "--frontier", "sequential", "--slacks"],
        "ddf crs weak, pooled": ["--model", "ddf", "--undesirable", "co2", "--frontier", "pooled", "--peers"],
        "radial crs out window:2": ["--orient", "out", "--frontier", "window:2", "--peers"],
    }
    for name, extra in cases.items():
        try:
            a = run(base + extra, 1)
            b = run(base + extra, 2)
            report(a == b and len(a) > 1000, "threads 1 vs 2 byte-identical: " + name)
        except RuntimeError as e:
            report(False, name, str(e))
    for name, extra in {"radial vrs in": ["--rts", "vrs"], "radial crs out": ["--orient", "out"],
                        "sbm crs undesirable": ["--model", "sbm", "--undesirable", "co2"],
                        "radial vrs in super": ["--rts", "vrs", "--super"],
                        "sbm vrs undesirable super": ["--model", "sbm", "--rts", "vrs", "--undesirable", "co2",
                                                      "--super"],
                        "ddf vrs strong": ["--model", "ddf", "--rts", "vrs", "--undesirable", "co2",
                                           "--bad-disposal", "strong"]}.items():
        a = list(csv.DictReader(io.StringIO(run(base + extra, 2).decode())))
        b = list(csv.DictReader(io.StringIO(run(base + extra + ["--no-frame"], 2).decode())))
        bad = [(x["unit"], x["year"], x["efficiency"], y["efficiency"]) for x, y in zip(a, b)
               if x["status"] != y["status"] or abs(float(x["efficiency"] or 0) - float(y["efficiency"] or 0)) > 1e-9]
        report(len(a) == 2100 and not bad, "frame reduction keeps every score (%s)" % name, str(bad[:5]))
finish()
