#!/usr/bin/python3
"""nqpf dea --peel: peel-the-onion tiers (Barr, Durchholz & Seiford 2000,
Annals of OR 97:339) — layer 1 the units on the frontier, layer 2 those on
the frontier once layer 1 is removed, ...

1. Hand derivations.  (a) One input, one output, CRS: a unit is on the CCR
   frontier iff its ratio y/x is the largest of the units left, so the layers
   are the dense ranks of y/x from the top — for radial input and output
   orientation and for the DDF (beta = max ratio / ratio - 1, 0 on the
   frontier).  (b) Two inputs, unit output (CCR input): A(1,4) B(2,2) C(4,1)
   span the lower hull and I(1,6) is weakly efficient behind A (score 1: no
   unit has x1 < 1), so layer 1 = {A,B,C,I}; of the rest D(2,4), E(4,2) are
   the hull's vertices and F(3,3) lies on segment DE: layer 2 = {D,E,F};
   G(4,4) then H(6,6): layers 3 and 4 (round 2: G 6/8 and H 6/12 against
   x1 + x2 = 6; round 3: H 4/6).  Round 1 scores: D = 0.75 (theta D on the
   face AB, 2 x1 + x2 = 6), G = 0.5 and H = 1/3 (the diagonal meets the hull
   at B).  With one output of 1 everywhere CRS and VRS agree.
2. Randomised against scipy's HiGHS: ≥ 500 random problems (integer data
   with ties, zeros and duplicated units; dea_rand.gen_problem), radial
   input and output orientation under CRS and VRS (bad outputs as inputs,
   fixed under output orientation); the oracle peels by solving the
   envelopment LP of every remaining unit against the remaining units,
   round by round; the layers must be identical, and the efficiency column
   the round-1 scores (1e-8).
3. Refused cleanly: --peel with --super, --meta, --bootstrap, --rts-test.
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import NQPF, new_stats, radial, run_random, write_panel  # noqa: E402

ON_TOL = 1e-9  # the product's "on the frontier" (dea.h, nqpf_dea_peel)
rng = random.Random(20261205)
stats = new_stats()


def run_nqpf(path, m, s, q, extra=()):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
            ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s)),
            "--peel"] + list(extra)
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q))]
    return subprocess.run(args, capture_output=True, text=True)


def rows_of(r):
    return list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else []


def layers(rows):
    return [int(r["layer"]) if r["layer"] else 0 for r in rows]


# ---- 1. hand derivations ------------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    XY = [(2, 1), (4, 4), (3, 3), (5, 2), (1, 0.5), (10, 1)]  # y/x .5 1 1 .4 .5 .1
    want = [2, 1, 1, 3, 2, 4]
    path = write_panel(d, np.array([[a] for a, _ in XY]), np.array([[b] for _, b in XY]), np.zeros((6, 0)))
    for extra in (("--orient", "in"), ("--orient", "out"), ("--model", "ddf")):
        got = layers(rows_of(run_nqpf(path, 1, 1, 0, extra)))
        report(got == want, "one input, one output, crs %s: layers are the dense ranks of y/x" % " ".join(extra),
               "%s vs %s" % (got, want))
    pts = {"A": (1, 4), "B": (2, 2), "C": (4, 1), "I": (1, 6), "D": (2, 4), "E": (4, 2), "F": (3, 3),
           "G": (4, 4), "H": (6, 6)}
    want = {"A": 1, "B": 1, "C": 1, "I": 1, "D": 2, "E": 2, "F": 2, "G": 3, "H": 4}
    X = np.array(list(pts.values()), dtype=float)
    path = write_panel(d, X, np.ones((len(pts), 1)), np.zeros((len(pts), 0)))
    for rts in ("crs", "vrs"):
        rows = rows_of(run_nqpf(path, 2, 1, 0, ("--rts", rts)))
        got = dict(zip(pts, layers(rows)))
        report(got == want, "two inputs, %s: layers {ABCI} {DEF} {G} {H}" % rts, "%s" % got)
        eff = {k: float(r["efficiency"]) for k, r in zip(pts, rows)}
        wanted = {"A": 1, "I": 1, "D": 0.75, "G": 0.5, "H": 1 / 3}
        report(all(abs(eff[k] - v) <= 1e-9 for k, v in wanted.items()),
               "two inputs, %s: the efficiency column keeps the round-1 scores" % rts, str(eff))


# ---- 2. random problems against HiGHS -----------------------------------------
def peel(cfg, idx, X, Y, B):
    """Layers by the oracle: {row: layer}; round 1's (status, eff) per row."""
    layer, first, left, tier = {}, {}, list(idx), 1
    while left:
        res = {o: radial(stats, cfg, X[o], Y[o], B[o], X[left], Y[left], B[left]) for o in left}
        if tier == 1:
            first = res
        on = [o for o in left if res[o][0] == "ok" and res[o][1] >= 1 - ON_TOL]
        if not on:
            break
        for o in on:
            layer[o] = tier
        left = [o for o in left if o not in layer]
        tier += 1
    return layer, first


def run_config(cfg, n_prob):
    got = run_random(rng, stats, n_prob, cfg, (2, 11), 0.0, lambda path, m, s, q: run_nqpf(
        path, m, s, q, ("--rts", cfg["rts"], "--orient", cfg["orient"])), report)
    if not got:
        return
    X, Y, B, per, rows = got
    got_layer = layers(rows)
    bad = []
    for k in range(n_prob):
        idx = list(np.nonzero(per == k)[0])
        layer, first = peel(cfg, idx, X, Y, B)
        for o in idx:
            if got_layer[o] != layer.get(o, 0):
                bad.append("problem %d unit %d: layer %d, oracle %d" % (k, o, got_layer[o], layer.get(o, 0)))
            st, v = first[o]
            if st == "ok" and rows[o]["status"] == "ok" and abs(float(rows[o]["efficiency"]) - v) > 1e-8 * max(1, v):
                bad.append("problem %d unit %d: efficiency %s, oracle %r" % (k, o, rows[o]["efficiency"], v))
            if st == "ok" and rows[o]["status"] != "ok":
                bad.append("problem %d unit %d: status %s, oracle ok" % (k, o, rows[o]["status"]))
    report(not bad, "%s: %d problems peel alike" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for orient in ("in", "out"):
    for rts in ("crs", "vrs"):
        c = {"orient": orient, "rts": rts, "q": rng.choice([0, 0, 1])}
        c["name"] = "peel radial %s %s q=%d" % (rts, orient, c["q"])
        cfgs.append(c)
for cfg in cfgs:
    run_config(cfg, -(-520 // len(cfgs)))
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs, %d asked again without presolve)" %
       (stats["problems"], stats["lps"], len(stats["skipped"])))

# ---- 3. refusals ----------------------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]]), np.zeros((2, 0)))
    for extra, what in ((("--super",), "--peel takes no --super"), (("--meta", "t"), "--meta"),
                        (("--bootstrap", "5"), "--bootstrap"), (("--rts-test", "5"), "--rts-test")):
        r = run_nqpf(path, 1, 1, 0, extra)
        report(r.returncode != 0 and what in r.stderr and r.stdout == "" and r.stderr.startswith("nqpf: "),
               "refused: --peel with %s" % extra[0], r.stderr)
finish()
