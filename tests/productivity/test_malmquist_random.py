#!/usr/bin/python3
"""Randomised differential test: nqpf malmquist against an independent
oracle that writes every own-period, mixed-period and global DEA distance
function out as a full LP, solves it with scipy.optimize.linprog(HiGHS) and
applies the index formulas of docs/malmquist.md.

Random panels (fixed seed): 5-40 units, 3 periods, 1-3 inputs and outputs,
0-2 bad outputs; configurations cover radial CRS/VRS Malmquist (in/out,
contemporaneous, sequential, global), ML (DDF, weak and strong disposal,
contemporaneous, sequential, global = GML), SBM Malmquist and DDF/SBM
Luenberger; DDF directions default, ones, observed; --techch base and
comparison).  Statuses must agree (ok / infeasible) and every output column
(tfpch, effch, techch, pech, sech and the cumulative columns) to 1e-8
relative to max(1, |value|)."""
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mq_oracle import agreeing_rows, cli_args, index_cols, oracle  # noqa: E402
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
TOL = 1e-8
rng = random.Random(20261124)


def gen_panel():
    U = int(5 + 35 * rng.random() ** 2)
    m, s = rng.randint(1, 3), rng.randint(1, 3)
    return U, m, s


CONFIGS = [
    dict(index="malmquist", model="radial", orient="out", rts="crs", frontier="contemporaneous", q=0),
    dict(index="malmquist", model="radial", orient="in", rts="crs", frontier="contemporaneous", q=0),
    dict(index="malmquist", model="radial", orient="out", rts="vrs", frontier="contemporaneous", q=0),
    dict(index="malmquist", model="radial", orient="in", rts="vrs", frontier="contemporaneous", q=0),
    dict(index="malmquist", model="radial", orient="out", rts="vrs", frontier="sequential", q=0),
    dict(index="malmquist", model="radial", orient="out", rts="crs", frontier="global", q=1),
    dict(index="malmquist", model="radial", orient="in", rts="vrs", frontier="global", q=0),
    dict(index="malmquist", model="sbm", orient="none", rts="vrs", frontier="global", q=1),
    dict(index="ml", model="ddf", rts="crs", frontier="contemporaneous", q=1),
    dict(index="ml", model="ddf", rts="crs", frontier="contemporaneous", q=2),
    dict(index="ml", model="ddf", rts="crs", frontier="sequential", q=1),
    dict(index="ml", model="ddf", rts="crs", frontier="global", q=1),
    dict(index="ml", model="ddf", rts="crs", frontier="global", q=2),
    dict(index="ml", model="ddf", rts="vrs", frontier="global", q=1, strong=True),
    dict(index="luenberger", model="ddf", rts="crs", frontier="contemporaneous", q=1),
    dict(index="luenberger", model="ddf", rts="vrs", frontier="global", q=1, strong=True, direction="ones"),
    dict(index="ml", model="ddf", rts="crs", frontier="sequential", q=1, direction="observed"),
    dict(index="luenberger", model="ddf", rts="vrs", frontier="sequential", q=1, strong=True),
    dict(index="luenberger", model="sbm", orient="none", rts="crs", frontier="global", q=1),
    dict(index="luenberger", model="sbm", orient="none", rts="vrs", frontier="global", q=0),
    # --techch: the index at period t's (base) or t+1's (comparison) technology
    dict(index="malmquist", model="radial", orient="out", rts="vrs", frontier="contemporaneous", q=0,
         techch="comparison"),
    dict(index="ml", model="ddf", rts="crs", frontier="contemporaneous", q=1, techch="base"),
    dict(index="luenberger", model="ddf", rts="crs", frontier="sequential", q=1, techch="comparison"),
]


def close(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(b))


T = 3
with tempfile.TemporaryDirectory() as tmp:
    for ci, cfg in enumerate(CONFIGS * 3):
        U, m, s = gen_panel()
        q = cfg["q"]
        # Cobb-Douglas-ish data with noise and technical progress over time
        data = {}
        for u in range(U):
            for t in range(T):
                x = [round(rng.uniform(1, 100), 3) for _ in range(m)]
                base = (1 + 0.1 * t * rng.uniform(-0.5, 1.5)) * math.prod(x) ** (0.8 / m)
                y = [round(base * rng.uniform(0.3, 1.0), 3) + 0.001 for _ in range(s)]
                b = [round(base * rng.uniform(0.2, 1.0), 3) + 0.001 for _ in range(q)]
                data[(u, t)] = (x, y, b)
        path = os.path.join(tmp, "p%d.csv" % ci)
        with open(path, "w") as f:
            cols = ["unit", "year"] + ["x%d" % i for i in range(m)] + ["y%d" % j for j in range(s)] + \
                ["b%d" % k for k in range(q)]
            f.write(",".join(cols) + "\n")
            for t in range(T):
                for u in rng.sample(range(U), U):  # rows in random order
                    x, y, b = data[(u, t)]
                    f.write(",".join(["u%d" % u, str(2001 + t)] + [repr(v) for v in x + y + b]) + "\n")
        args = ["malmquist"] + cli_args(cfg, path, m, s, q)
        r = subprocess.run([NQPF] + args, capture_output=True, text=True)
        name = "%s %s %s%s %s %s%s q=%d U=%d m=%d s=%d" % (cfg["index"], cfg["model"], cfg.get("orient", ""),
                                                       " g:" + cfg.get("direction", "default") if cfg["model"] == "ddf" else "",
                                                       cfg["rts"], cfg["frontier"],
                                                       " techch:" + cfg["techch"] if cfg.get("techch") else "", q, U, m, s)
        if r.returncode:
            report(False, name, r.stderr)
            continue
        exp = oracle(cfg, data, U, T)
        got = list(csv.DictReader(io.StringIO(r.stdout)))
        cols = index_cols(cfg)
        bad = []
        n_ok = 0
        cum = {}
        for row, u, t, st, vals in agreeing_rows(got, exp, bad):
            if st != "ok":
                if any(row[c] != "" for c in cols):
                    bad.append(("number on a failed row", row["unit"], t))
                cum[u] = None
                continue
            n_ok += 1
            prev = cum.get(u, [0.0 if cfg["index"] == "luenberger" else 1.0] * len(cols)) if t == 0 or u in cum else None
            if t == 0:
                prev = [0.0 if cfg["index"] == "luenberger" else 1.0] * len(cols)
            for i, c in enumerate(cols):
                if not close(float(row[c]), vals[i]):
                    bad.append((c, row["unit"], t, row[c], vals[i]))
            if prev is not None:
                acc = [(p + v if cfg["index"] == "luenberger" else p * v) for p, v in zip(prev, vals)]
                for i, c in enumerate(cols):
                    if not close(float(row["cum_" + c]), acc[i]):
                        bad.append(("cum_" + c, row["unit"], t, row["cum_" + c], acc[i]))
                cum[u] = acc
            else:
                if any(row["cum_" + c] != "" for c in cols):
                    bad.append(("cum after a failed pair", row["unit"], t))
        report(len(got) == U * (T - 1) and not bad,
               "%s (%d ok rows of %d)" % (name, n_ok, len(got)), repr(bad[:10]))

finish()
