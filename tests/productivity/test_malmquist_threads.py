#!/usr/bin/python3
"""nqpf malmquist: byte-identical output (main file and --means file) for
OMP_NUM_THREADS=1 and 2, on a generated 4-period panel, for the index /
frontier combinations; and the frame reduction giving the same values as
--no-frame (every reference unit) to 1e-9."""
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


rng = random.Random(11)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "panel.csv")
    with open(path, "w") as f:
        f.write("unit,year,k,l,e,gdp,tech,co2\n")
        for year in (2019, 2020, 2021, 2022):
            for u in range(250):
                k, l, e = (rng.uniform(1, 100) for _ in range(3))
                g = (k * l * e) ** 0.3 * rng.uniform(0.5, 1.0) * (1 + 0.03 * (year - 2019))
                f.write("省%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n" % (
                    u, year, k, l, e, g, g * rng.uniform(0.1, 0.5), g * rng.uniform(0.2, 0.6)))
    base = ["malmquist", "--data", path, "--unit", "unit", "--period", "year", "--inputs", "k,l,e",
            "--outputs", "gdp,tech", "--cumulative", "--force"]
    cases = [
        ["--rts", "vrs"],
        ["--rts", "vrs", "--frontier", "sequential", "--orient", "in"],
        ["--undesirable", "co2", "--index", "ml"],
        ["--undesirable", "co2", "--index", "ml", "--frontier", "global"],
        ["--undesirable", "co2", "--index", "luenberger", "--model", "sbm", "--rts", "vrs", "--frontier", "global"],
    ]
    for extra in cases:
        outs = []
        for threads in (1, 2):
            o = os.path.join(d, "o%d.csv" % threads)
            mfile = os.path.join(d, "m%d.csv" % threads)
            env = dict(os.environ, OMP_NUM_THREADS=str(threads))
            r = subprocess.run([NQPF] + base + extra + ["--out", o, "--means", mfile], capture_output=True, env=env)
            if r.returncode:
                outs.append(None)
                report(False, " ".join(extra), r.stderr.decode())
                break
            outs.append(open(o, "rb").read() + b"\n--\n" + open(mfile, "rb").read())
        if len(outs) == 2 and outs[0] is not None:
            lines = outs[0].count(b"\n")
            report(outs[0] == outs[1] and lines > 700,
                   "1 vs 2 threads byte-identical: %s (%d lines)" % (" ".join(extra), lines))
        if len(outs) == 2 and outs[0] is not None and "ml" not in extra:
            o = os.path.join(d, "nf.csv")
            r = subprocess.run([NQPF] + base + extra + ["--out", o, "--no-frame"], capture_output=True)
            framed = list(csv.DictReader(io.StringIO(outs[0].split(b"\n--\n")[0].decode())))
            full = list(csv.DictReader(open(o, encoding="utf-8")))
            bad = []
            for a, b in zip(framed, full):
                for k in a:
                    if k.startswith(("tfpch", "effch", "techch", "pech", "sech", "cum_")):
                        if (a[k] == "") != (b[k] == "") or (a[k] and abs(float(a[k]) - float(b[k])) >
                                                            1e-9 * max(1.0, abs(float(b[k])))):
                            bad.append((a["unit"], a["from"], k, a[k], b[k]))
                    elif a[k] != b[k]:
                        bad.append((a["unit"], a["from"], k, a[k], b[k]))
            report(r.returncode == 0 and len(framed) == len(full) and not bad,
                   "frame = --no-frame to 1e-9: %s" % " ".join(extra), repr(bad[:5]) + r.stderr.decode())
finish()
