#!/usr/bin/python3
"""nqpf dea on a panel of many periods with two rows each (100,000 periods:
a firm-day panel), one input and one output: every frontier's scores
against a hand derivation.  Under CRS the radial input score of a row is its
ratio y/x over the largest ratio of its reference set (the period's rows,
the window's, every earlier period's or all rows), and the directional
distance function in the mean direction g = (mean x, mean y) of the
period's rows is beta = (r* x - y) / (g_y + r* g_x) for that largest ratio
r*.  Before the rows were bucketed by period, nqpf walked all rows once per
period (O(n T) outside the LPs): these runs took minutes; now seconds.  No
timing is asserted."""
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
T, PER = 100000, 2      # periods, rows per period
T_SEQ = 500             # the sequential frontier's reference set grows with t (O(n) per period by nature)


def run(args, threads=1):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    r = subprocess.run([NQPF, "dea"] + args + ["--out", "-"], capture_output=True, env=env)
    return r.returncode, r.stdout, r.stderr


def column(out, name):
    return [float(row[name]) for row in csv.DictReader(io.StringIO(out.decode()))]


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-12


def check(name, got, want, detail):
    bad = [i for i, (g, w) in enumerate(zip(got, want)) if not close(g, w)]
    report(len(got) == len(want) and not bad, name,
           "%d rows, %d expected; first bad row %s: %s" % (
               len(got), len(want), bad[:1], [(got[i], want[i]) for i in bad[:1]]) if bad or
           len(got) != len(want) else detail)


rng = random.Random(17)
rows = [(t, rng.randint(1, 50), rng.randint(1, 50)) for t in range(T) for _ in range(PER)]
ratio = [y / x for _, x, y in rows]
by_period = [max(ratio[t * PER:(t + 1) * PER]) for t in range(T)]


def window_best(t, w):
    return max(by_period[max(0, t - w + 1):t + 1])


with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "days.csv")
    with open(path, "w") as f:
        f.write("firm,day,x,y\n")
        for i, (t, x, y) in enumerate(rows):
            f.write("f%d,%d,%d,%d\n" % (i % PER, t, x, y))
    base = ["--data", path, "--unit", "firm", "--period", "day", "--inputs", "x", "--outputs", "y"]

    rc, out, err = run(base + ["--frontier", "contemporaneous"])
    if rc:
        report(False, "contemporaneous: runs", err)
    else:
        check("contemporaneous: each row's ratio over its period's best ratio",
              column(out, "efficiency"), [r / by_period[t] for r, (t, _, _) in zip(ratio, rows)], err)
        rc2, out2, err2 = run(base + ["--frontier", "contemporaneous"], threads=2)
        report(rc2 == 0 and out2 == out, "contemporaneous: byte-identical at 1 and 2 threads", err2)

    for w in (1, 3):
        rc, out, err = run(base + ["--frontier", "window:%d" % w])
        if rc:
            report(False, "window:%d: runs" % w, err)
            continue
        check("window:%d: ratio over the best of periods t-%d..t" % (w, w - 1), column(out, "efficiency"),
              [r / window_best(t, w) for r, (t, _, _) in zip(ratio, rows)], err)

    rc, out, err = run(base + ["--frontier", "pooled"])
    best = max(ratio)
    if rc:
        report(False, "pooled: runs", err)
    else:
        check("pooled: ratio over the best of all rows", column(out, "efficiency"), [r / best for r in ratio], err)

    # DDF with the mean direction of each period's rows (the per-period mean)
    rc, out, err = run(base + ["--model", "ddf", "--direction", "mean"])
    if rc:
        report(False, "ddf mean direction: runs", err)
    else:
        want = []
        for t in range(T):
            part = rows[t * PER:(t + 1) * PER]
            gx = sum(x / PER for _, x, _ in part)
            gy = sum(y / PER for _, _, y in part)
            want += [(by_period[t] * x - y) / (gy + by_period[t] * gx) for _, x, y in part]
        check("ddf mean direction: beta = (r* x - y) / (g_y + r* g_x) per period", column(out, "efficiency"),
              want, err)

    # the bootstrap walks the same frontiers: its efficiency column is the plain score
    rc, out, err = run(base + ["--rts", "crs", "--bootstrap", "2", "--bandwidth", "0.1", "--seed", "3"])
    if rc:
        report(False, "bootstrap: runs", err)
    else:
        check("bootstrap: efficiency column = ratio over the period's best", column(out, "efficiency"),
              [r / by_period[t] for r, (t, _, _) in zip(ratio, rows)], err)

    # sequential: periods 0..t, on the first T_SEQ periods
    seq = os.path.join(d, "seq.csv")
    with open(seq, "w") as f:
        f.write("firm,day,x,y\n")
        for i, (t, x, y) in enumerate(rows[:T_SEQ * PER]):
            f.write("f%d,%d,%d,%d\n" % (i % PER, t, x, y))
    rc, out, err = run(["--data", seq] + base[2:] + ["--frontier", "sequential"])
    if rc:
        report(False, "sequential: runs", err)
    else:
        want, run_best = [], 0.0
        for t in range(T_SEQ):
            run_best = max(run_best, by_period[t])
            want += [r / run_best for r in ratio[t * PER:(t + 1) * PER]]
        check("sequential: ratio over the best of periods 0..t", column(out, "efficiency"), want, err)
finish()
