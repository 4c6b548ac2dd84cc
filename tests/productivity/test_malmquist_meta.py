#!/usr/bin/python3
"""nqpf malmquist --meta: the meta-frontier index (docs/malmquist.md).

1. Hand derivation: one input, one output, CRS.  The output distance of
   (x, y) against a reference set is then (y/x) / max(y_j/x_j) (Farrell, Coelli
   et al. 2005 ch. 3), computed here in exact fractions, so every group, meta,
   mixed-period and global distance, the index and each component are known
   without an LP.
2. Randomised differential test against scipy HiGHS: random panels with 2-3
   groups (ties from integer grids, duplicated units, zero inputs for the
   input-oriented radial model, where they make mixed-period LPs infeasible), several models; every distance function is an LP of
   mq_oracle.py (meta index: the plain oracle on all rows; group distances:
   the same LPs on the group's rows).  Statuses must agree and every column
   (tfpch, effch, techch, tgch, pech, sech, tgr_from, tgr_to, cumulative) to
   1e-8 relative; tfpch = effch x techch x tgch (sums for Luenberger) to 1e-12
   and effch = pech x sech.  At least 500 LPs per model (counted).
3. Errors: a unit changing group, a missing group, an unknown group column.
4. Threads: byte-identical output for 1 and 2 threads; frame = no-frame.
5. tgr_from/tgr_to equal `nqpf dea --meta`'s tgr (dea_meta.c) on the same data."""
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mq_oracle  # noqa: E402
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
TOL = 1e-8
rng = random.Random(20261204)


def run(args):
    r = subprocess.run([NQPF, "malmquist"] + args, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def close(a, b, tol=TOL):
    return abs(a - b) <= tol * max(1.0, abs(b))


def write_panel(path, rows, m, s, q):
    with open(path, "w") as f:
        f.write(",".join(["unit", "year", "grp"] + ["x%d" % i for i in range(m)] + ["y%d" % j for j in range(s)] +
                         ["b%d" % k for k in range(q)]) + "\n")
        for u, t, g, (x, y, b) in rows:
            f.write(",".join(["u%d" % u, str(2001 + t), "g%d" % g] + [repr(v) for v in x + y + b]) + "\n")


# ---- 1. hand derivation --------------------------------------------------
HAND = {  # unit: (group, [(x, y) per period])
    "a1": ("A", [(2, 2), (2, 3), (3, 3)]),
    "a2": ("A", [(4, 2), (4, 3), (2, 3)]),
    "b1": ("B", [(1, 2), (1, 2), (2, 5)]),
    "b2": ("B", [(2, 1), (2, 3), (1, 2)]),
    "c1": ("C", [(5, 1), (5, 2), (4, 4)]),
}


def hand_expected(frontier):
    T = 3

    def best(units, periods):
        return max(F(HAND[u][1][t][1], HAND[u][1][t][0]) for u in units for t in periods)

    def D(u, t, units, periods):
        x, y = HAND[u][1][t]
        return F(y, x) / best(units, periods)

    allu = list(HAND)
    out = {}
    for u, (g, _) in HAND.items():
        gu = [v for v in HAND if HAND[v][0] == g]
        # TGR's technologies: the own period's, or (global) all periods'
        own = (lambda t: [t]) if frontier == "contemporaneous" else (lambda t: range(T))
        for t in range(T - 1):
            if frontier == "contemporaneous":
                m2 = (D(u, t + 1, allu, [t]) / D(u, t, allu, [t])) * (D(u, t + 1, allu, [t + 1]) / D(u, t, allu, [t + 1]))
                tfp = math.sqrt(m2)
            else:
                tfp = float(D(u, t + 1, allu, range(T)) / D(u, t, allu, range(T)))
            ec = D(u, t + 1, gu, [t + 1]) / D(u, t, gu, [t])
            tgr0 = D(u, t, allu, own(t)) / D(u, t, gu, own(t))
            tgr1 = D(u, t + 1, allu, own(t + 1)) / D(u, t + 1, gu, own(t + 1))
            tgc = tgr1 / tgr0
            out[(u, t)] = [tfp, float(ec), tfp / float(ec * tgc), float(tgc), float(tgr0), float(tgr1)]
    return out


with tempfile.TemporaryDirectory() as tmp:
    hp = os.path.join(tmp, "hand.csv")
    with open(hp, "w") as f:
        f.write("unit,year,region,x,y\n")
        for t in range(3):
            for u, (g, d) in HAND.items():
                f.write("%s,%d,%s,%d,%d\n" % (u, 2001 + t, g, d[t][0], d[t][1]))
    for frontier in ("contemporaneous", "global"):
        for orient in ("out", "in"):  # CRS: both orientations give the same index
            rc, out, errt = run(["--data", hp, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
                                 "--meta", "region", "--frontier", frontier, "--orient", orient])
            exp = hand_expected(frontier)
            bad = []
            rows = list(csv.DictReader(io.StringIO(out))) if rc == 0 else []
            for row in rows:
                e = exp[(row["unit"], int(row["from"]) - 2001)]
                got = [float(row[c]) for c in ("tfpch", "effch", "techch", "tgch", "tgr_from", "tgr_to")]
                if row["status"] != "ok" or not all(close(a, b, 1e-12) for a, b in zip(got, e)):
                    bad.append((row["unit"], row["from"], got, e))
            report(rc == 0 and len(rows) == 10 and not bad, "hand example, CRS %s %s" % (frontier, orient),
                   errt + repr(bad[:3]))

    # ---- 3. errors -------------------------------------------------------
    sw = os.path.join(tmp, "switch.csv")
    with open(hp) as f, open(sw, "w") as g:
        lines = f.read().splitlines()
        lines[-1] = lines[-1].replace(",C,", ",A,")
        g.write("\n".join(lines) + "\n")
    rc, out, errt = run(["--data", sw, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
                         "--meta", "region"])
    report(rc != 0 and out == "" and "switch.csv:16:" in errt and "group constant" in errt,
           "a unit changing group is an error naming the line", errt)
    mis = os.path.join(tmp, "missing.csv")
    with open(mis, "w") as g:
        g.write("\n".join(lines[:-1] + [lines[-1].replace(",A,", ",,")]) + "\n")
    rc, out, errt = run(["--data", mis, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
                         "--meta", "region"])
    report(rc != 0 and out == "" and "missing.csv:16:3: missing group" in errt, "a missing group is an error", errt)
    rc, out, errt = run(["--data", hp, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
                         "--meta", "nosuch"])
    report(rc != 0 and out == "" and "nosuch" in errt, "an unknown group column is an error", errt)
    rc, out, errt = run(["--data", hp, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
                         "--meta", "region", "--max-memory", "1K"])
    report(rc != 0 and out == "" and "max-memory" in errt, "--meta with a too small --max-memory stops first", errt)
    rc, out, errt = run(["--data", hp, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
                         "--frontier", "global", "--techch", "base"])
    report(rc != 0 and "techch" in errt, "--techch base with the global frontier is an error", errt)

    # ---- 2. randomised differential test -----------------------------------
    CONFIGS = [
        dict(index="malmquist", model="radial", orient="out", rts="crs", frontier="contemporaneous", q=0),
        dict(index="malmquist", model="radial", orient="in", rts="crs", frontier="contemporaneous", q=0, zeros=True),
        dict(index="malmquist", model="radial", orient="in", rts="vrs", frontier="global", q=0, zeros=True),
        dict(index="malmquist", model="radial", orient="out", rts="vrs", frontier="sequential", q=0),
        dict(index="malmquist", model="radial", orient="out", rts="crs", frontier="contemporaneous", q=0,
             techch="base"),
        dict(index="malmquist", model="sbm", orient="none", rts="vrs", frontier="global", q=1),
        dict(index="ml", model="ddf", rts="crs", frontier="contemporaneous", q=1),
        dict(index="ml", model="ddf", rts="crs", frontier="global", q=1),
        dict(index="ml", model="ddf", rts="vrs", frontier="global", q=1, strong=True),
        dict(index="luenberger", model="ddf", rts="crs", frontier="contemporaneous", q=1, techch="comparison"),
        dict(index="luenberger", model="sbm", orient="none", rts="crs", frontier="global", q=1),
    ]
    T = 3
    for ci, cfg in enumerate(CONFIGS):
        n_lp = 0
        failed = []
        n_ok = n_rows = 0
        panel = 0
        while n_lp < 500:
            panel += 1
            U = rng.randint(6, 24)
            m, s, q = rng.randint(1, 3), rng.randint(1, 2), cfg["q"]
            G = rng.randint(2, 3)
            grp = [u % G for u in range(U)]
            grid = rng.random() < 0.4  # small integers: ties
            data = {}
            for u in range(U):
                for t in range(T):
                    if u > 0 and rng.random() < 0.08:  # a duplicate of another unit of the same group
                        v = rng.choice([w for w in range(u) if grp[w] == grp[u]] or [u])
                        if v != u:
                            data[(u, t)] = data[(v, t)]
                            continue
                    x = [float(rng.randint(1, 6)) if grid else round(rng.uniform(1, 100), 3) for _ in range(m)]
                    if cfg.get("zeros") and m > 1 and rng.random() < 0.1:
                        x[rng.randrange(m)] = 0.0
                    base = (1 + 0.1 * t * rng.uniform(-0.5, 1.5) + 0.3 * grp[u]) * math.prod(
                        v + 1 for v in x) ** (0.8 / m)
                    y = [float(rng.randint(1, 6)) if grid else round(base * rng.uniform(0.3, 1.0), 3) + 0.001
                         for _ in range(s)]
                    b = [round(base * rng.uniform(0.2, 1.0), 3) + 0.001 for _ in range(q)]
                    data[(u, t)] = (x, y, b)
            path = os.path.join(tmp, "m%d_%d.csv" % (ci, panel))
            rows = [(u, t, grp[u], data[(u, t)]) for t in range(T) for u in rng.sample(range(U), U)]
            write_panel(path, rows, m, s, q)
            args = mq_oracle.cli_args(cfg, path, m, s, q) + ["--meta", "grp"]
            rc, out, errt = run(args)
            if rc:
                failed.append(("exit", errt))
                break
            # the oracle: the meta index on all rows, group distances on the group's rows
            counter = {"n": 0}
            dist0 = mq_oracle.distance

            def counted(*a):
                counter["n"] += 1
                return dist0(*a)
            mq_oracle.distance = counted
            meta = mq_oracle.oracle(cfg, data, U, T)
            add = cfg["index"] == "luenberger"

            def ev(v):  # efficiency-like (ratio) or inefficiency (additive) value of a distance
                if cfg["index"] == "ml":
                    return 1.0 / (1.0 + v)
                if add and cfg["model"] == "sbm":
                    return 1.0 - v
                return v
            cache = {}

            def Dg(kind, u, t, rts="crs"):
                """Distance of (u, t): kind 'g' = group own-period (sequential:
                periods <= t; global: own period, for EC), 'gG' = group global,
                'M' = meta own-period, 'MG' = meta global."""
                key = (kind, u, t, rts)
                if key not in cache:
                    if kind.startswith("g"):
                        us = [w for w in range(U) if grp[w] == grp[u]]
                    else:
                        us = list(range(U))
                    if kind.endswith("G"):
                        ts = range(T)
                    elif cfg["frontier"] == "sequential":
                        ts = range(t + 1)
                    else:
                        ts = [t]
                    R = [data[(w, tt)] for tt in ts for w in us]
                    st, v = counted(cfg, data[(u, t)], R, rts)
                    cache[key] = (st, None if v is None else ev(v))
                return cache[key]
            glob = cfg["frontier"] == "global"
            dec = cfg["rts"] != "crs"
            got = list(csv.DictReader(io.StringIO(out)))
            n_rows += len(got)
            for row in got:
                u, t = int(row["unit"][1:]), int(row["from"]) - 2001
                st, vals = meta[(u, t)]
                items = [Dg("g", u, t), Dg("g", u, t + 1)]
                fr = ("gG", "MG") if glob else ("g", "M")
                items += [Dg(fr[0], u, t), Dg(fr[1], u, t), Dg(fr[0], u, t + 1), Dg(fr[1], u, t + 1)]
                if dec:
                    items += [Dg("g", u, t, cfg["rts"]), Dg("g", u, t + 1, cfg["rts"])]
                if st == "ok":
                    st = next((s_ for s_, _ in items if s_ != "ok"), "ok")
                if st == "ok":
                    e0, e1, g0, m0, g1, m1 = (v for _, v in items[:6])
                    if add:
                        tg0, tg1 = m0 - g0, m1 - g1
                        ec, tgc = e0 - e1, tg0 - tg1
                        exp = [vals[0], ec, vals[0] - ec - tgc, tgc]
                    else:
                        tg0, tg1 = m0 / g0, m1 / g1
                        ec, tgc = e1 / e0, tg1 / tg0
                        exp = [vals[0], ec, vals[0] / (ec * tgc), tgc]
                    if dec:
                        v0, v1 = items[6][1], items[7][1]
                        pe = v0 - v1 if add else v1 / v0
                        exp += [pe, ec - pe if add else ec / pe]
                    exp += [tg0, tg1]
                # each end's TGR needs only its own two LPs: written even on a failed row
                for end, (gi, mi) in (("from", (2, 3)), ("to", (4, 5))):
                    (sg, vg), (sm, vm) = items[gi], items[mi]
                    c = ("gap_" if add else "tgr_") + end
                    if sg == "ok" and sm == "ok" and (add or vg > 0):
                        e = vm - vg if add else vm / vg
                        if row[c] == "" or not close(float(row[c]), e):
                            failed.append((c, row["unit"], t, row[c], e))
                if row["status"] != st:
                    failed.append(("status", row["unit"], t, row["status"], st))
                    continue
                if st != "ok":
                    if row["tfpch"] != "":
                        failed.append(("number on a failed row", row["unit"], t))
                    continue
                n_ok += 1
                cols = ["tfpch", "effch", "techch", "tgch"] + (["pech", "sech"] if dec else []) + \
                    (["gap_from", "gap_to"] if add else ["tgr_from", "tgr_to"])
                g = {c: float(row[c]) for c in cols}
                for c, e in zip(cols, exp):
                    if not close(g[c], e):
                        failed.append((c, row["unit"], t, g[c], e))
                ident = g["effch"] + g["techch"] + g["tgch"] if add else g["effch"] * g["techch"] * g["tgch"]
                if not close(ident, g["tfpch"], 1e-12):
                    failed.append(("identity", row["unit"], t, ident, g["tfpch"]))
                if dec:
                    pid = g["pech"] + g["sech"] if add else g["pech"] * g["sech"]
                    if not close(pid, g["effch"], 1e-12):
                        failed.append(("effch = pech sech", row["unit"], t))
                if t == 0 and not close(float(row["cum_tgch"]), g["tgch"], 1e-15):
                    failed.append(("cum_tgch", row["unit"], t))
            mq_oracle.distance = dist0
            n_lp += counter["n"]
        name = "%s %s %s %s %s q=%d%s: %d panels, %d LPs, %d ok rows of %d" % (
            cfg["index"], cfg["model"], cfg.get("orient", ""), cfg["rts"], cfg["frontier"], cfg["q"],
            " techch=" + cfg["techch"] if cfg.get("techch") else "", panel, n_lp, n_ok, n_rows)
        report(not failed and n_ok > 0, name, repr(failed[:8]))

    # ---- 4. threads and frames ---------------------------------------------
    # 200 units x 3 periods (frames are reduced above 64 units): the output is
    # byte-identical for 1 and 2 threads, and the frame changes no number.
    U, m, s = 200, 2, 2
    rows = []
    for t in range(T):
        for u in range(U):
            x = [round(rng.uniform(1, 100), 3) for _ in range(m)]
            base = (1 + 0.05 * t + 0.2 * (u % 4)) * math.prod(x) ** 0.4
            rows.append((u, t, u % 4, (x, [round(base * rng.uniform(0.3, 1.0), 3) + 0.001 for _ in range(s)],
                                       [round(base * rng.uniform(0.2, 1.0), 3) + 0.001])))
    big = os.path.join(tmp, "big.csv")
    write_panel(big, rows, m, s, 1)
    base_args = ["--data", big, "--unit", "unit", "--period", "year", "--inputs", "x0,x1", "--outputs", "y0,y1",
                 "--meta", "grp", "--cumulative"]
    for extra in (["--rts", "vrs"], ["--rts", "vrs", "--frontier", "sequential"],
                  ["--undesirable", "b0", "--index", "ml", "--frontier", "global", "--bad-disposal", "strong"]):
        outs = []
        for th, fr in (("1", []), ("2", []), ("1", ["--no-frame"])):
            r = subprocess.run([NQPF, "malmquist"] + base_args + extra + fr, capture_output=True, text=True,
                               env=dict(os.environ, OMP_NUM_THREADS=th))
            outs.append(r.stdout if r.returncode == 0 else None)
        same = outs[0] is not None and outs[0] == outs[1]
        fa = list(csv.reader(io.StringIO(outs[0] or "")))
        fb = list(csv.reader(io.StringIO(outs[2] or "")))
        diff = [(a, b) for ra, rb in zip(fa[1:], fb[1:]) for a, b in zip(ra, rb)
                if a != b and not (a and b and a[0] in "-0123456789" and close(float(a), float(b), 1e-9))]
        report(same and len(fa) == len(fb) == 1 + U * (T - 1) and not diff,
               "200 units %s: 1 = 2 threads byte for byte, frame = no-frame to 1e-9" % " ".join(extra), repr(diff[:3]))

    # ---- 5. the same TGRs as `nqpf dea --meta` -----------------------------
    # dea_meta.c scores each row against its group's and the pooled frontier
    # of its period (sequential: periods <= t) on its own code path; the
    # meta Malmquist's tgr_from/tgr_to must be those ratios.
    # (the index and its TGR are on the CRS technology; --rts only decomposes effch)
    for fr, rts in (("contemporaneous", "crs"), ("sequential", "crs")):
        args = ["--data", big, "--unit", "unit", "--period", "year", "--inputs", "x0,x1", "--outputs", "y0,y1",
                "--meta", "grp", "--rts", rts, "--frontier", fr, "--orient", "out"]
        rm = subprocess.run([NQPF, "malmquist"] + args, capture_output=True, text=True)
        rd = subprocess.run([NQPF, "dea"] + args, capture_output=True, text=True)
        ok = rm.returncode == 0 and rd.returncode == 0
        bad = []
        if ok:
            dtgr = {(x["unit"], x["year"]): float(x["tgr"]) for x in csv.DictReader(io.StringIO(rd.stdout))}
            for x in csv.DictReader(io.StringIO(rm.stdout)):
                for c, yr in (("tgr_from", x["from"]), ("tgr_to", x["to"])):
                    if not close(float(x[c]), dtgr[(x["unit"], yr)], 1e-9):
                        bad.append((x["unit"], yr, x[c], dtgr[(x["unit"], yr)]))
        report(ok and not bad, "tgr = nqpf dea --meta's tgr (%s, %s)" % (fr, rts), repr(bad[:3]) + rm.stderr + rd.stderr)

finish()
