#!/usr/bin/python3
"""nqpf dea --bootstrap: every replication checked against scipy's HiGHS,
the summary recomputed with numpy from the replications, thread-count
independence, periods, and the errors.

The replication file (--boot-reps) gives each unit's pseudo efficiency
1/delta* and its bootstrap efficiency.  From the pseudo efficiencies the
oracle rebuilds the pseudo data exactly as Simar & Wilson (1998) define it
(input orientation x*_j = x_j theta_j / theta*_j; output orientation
y*_j = y_j eff*_j / eff_j), solves every original unit's envelopment LP
against it with linprog(method="highs") and compares the efficiencies; then
bias, sd and the basic percentile interval (numpy's linear quantiles, =
R type 7) come from the replications alone."""
import csv
import math
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")


def run(args, threads=2):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    return subprocess.run([NQPF, "dea"] + args, capture_output=True, env=env)


def rows(text):
    return list(csv.DictReader(io.StringIO(text if isinstance(text, str) else text.decode())))


def radial(X, Y, x0, y0, orient, rts):
    """Farrell efficiency of (x0, y0) against columns X (m x n), Y (s x n)."""
    m, n = X.shape
    s = Y.shape[0]
    c = np.zeros(n + 1)
    A, b = [], []
    if orient == "in":  # min theta: X l <= theta x0, Y l >= y0
        c[0] = 1
        for i in range(m):
            A.append(np.r_[-x0[i], X[i]]); b.append(0)
        for r in range(s):
            A.append(np.r_[0, -Y[r]]); b.append(-y0[r])
    else:  # max phi: X l <= x0, Y l >= phi y0
        c[0] = -1
        for i in range(m):
            A.append(np.r_[0, X[i]]); b.append(x0[i])
        for r in range(s):
            A.append(np.r_[y0[r], -Y[r]]); b.append(0)
    Aeq = beq = None
    if rts == "vrs":
        Aeq, beq = [np.r_[0, np.ones(n)]], [1]
    bounds = [(None, None)] + [(0, None)] * n
    res = linprog(c, A_ub=np.array(A), b_ub=b, A_eq=Aeq, b_eq=beq, bounds=bounds, method="highs",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    assert res.status == 0, res.message
    return res.x[0] if orient == "in" else 1 / res.x[0]


M64 = (1 << 64) - 1


class Xoshiro:
    """nqpf_rng (src/core/rng.c) re-derived from its published definitions:
    SplitMix64 seeding, xoshiro256** (Blackman & Vigna 2018), 53-bit
    uniforms, rejection for integers below n, Marsaglia's polar normals."""

    @staticmethod
    def splitmix(x):
        x = (x + 0x9E3779B97F4A7C15) & M64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return x, z ^ (z >> 31)

    def __init__(self, seed, stream):
        _, mixed = self.splitmix(stream)
        x = seed ^ mixed
        self.s = []
        for _ in range(4):
            x, v = self.splitmix(x)
            self.s.append(v)
        self.spare = None

    def u64(self):
        s = self.s
        rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.u64() >> 11) * 2.0 ** -53

    def below(self, n):
        limit = M64 - M64 % n
        while True:
            x = self.u64()
            if x < limit:
                return x % n

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        while True:
            u = 2.0 * self.uniform() - 1.0
            v = 2.0 * self.uniform() - 1.0
            s = u * u + v * v
            if 0.0 < s < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(s) / s)
        self.spare = v * f
        return u * f


def sw_draw(delta, h, seed, stream):
    """Simar-Wilson steps 1-3 for one replication (dea_boot.h)."""
    n = len(delta)
    var2n = 2.0 * sum((d - 1.0) * (d - 1.0) for d in delta) / (2 * n - 1)
    g = Xoshiro(seed, stream)
    ds, mean = [], 0.0
    for i in range(n):
        k = g.below(2 * n)
        beta = delta[k] if k < n else 2.0 - delta[k - n]
        mean += beta
        ds.append(beta + h * g.normal())
    mean /= n
    shrink = 1.0 / math.sqrt(1.0 + h * h / var2n)
    out = []
    for v in ds:
        dd = mean + (v - mean) * shrink
        out.append(2.0 - dd if dd < 1.0 else dd)
    return out


rng = random.Random(11)
with tempfile.TemporaryDirectory() as d:
    data = os.path.join(d, "firms.csv")
    n = 40
    X, Y = [], []
    with open(data, "w") as f:
        f.write("firm,year,labour,capital,sales\n")
        for year in (2022, 2023):
            for j in range(n):
                l, k = rng.uniform(1, 10), rng.uniform(1, 10)
                sales = (l ** 0.4) * (k ** 0.5) * rng.uniform(0.5, 1.0) * (1.1 if year == 2023 else 1)
                f.write("企业%d,%d,%.6g,%.6g,%.6g\n" % (j, year, l, k, sales))
    B = 30
    for orient, rts in (("in", "vrs"), ("out", "crs")):
        tag = "%s-%s" % (orient, rts)
        out, reps = os.path.join(d, "b-%s.csv" % tag), os.path.join(d, "r-%s.csv" % tag)
        args = ["--data", data, "--unit", "firm", "--period", "year", "--inputs", "labour,capital",
                "--outputs", "sales", "--rts", rts, "--orient", orient, "--bootstrap", str(B),
                "--seed", "5", "--out", out, "--boot-reps", reps]
        r = run(args)
        report(r.returncode == 0, "bootstrap %s runs" % tag, r.stderr)
        if r.returncode:
            continue
        main = rows(open(out, encoding="utf-8").read())
        rep = rows(open(reps, encoding="utf-8").read())
        report(len(main) == 2 * n and len(rep) == 2 * n * B and main[0]["firm"] == "企业0",
               "bootstrap %s: one row per unit, B rows per unit in --boot-reps, names intact" % tag)
        # per period: rebuild pseudo data and re-solve a sample of replications
        worst, checked, summary_bad, summary_n, draws_checked, draws_bad = 0.0, 0, 0, 0, 0, 0
        for year in ("2022", "2023"):
            units = [u for u in main if u["year"] == year]
            Xo = np.array([[float(u_["labour"]), float(u_["capital"])] for u_ in
                           rows(open(data, encoding="utf-8").read()) if u_["year"] == year]).T
            Yo = np.array([[float(u_["sales"])] for u_ in
                           rows(open(data, encoding="utf-8").read()) if u_["year"] == year]).T
            eff = np.array([float(u["efficiency"]) for u in units])
            pe = {}
            ef = {}
            for q in rep:
                if q["year"] == year:
                    pe[(q["firm"], int(q["rep"]))] = float(q["pseudo_efficiency"])
                    ef[(q["firm"], int(q["rep"]))] = float(q["efficiency"])
            names = [u["firm"] for u in units]
            # the pseudo efficiencies follow steps 1-3 with nqpf_rng's streams
            delta = [1 / float(u["efficiency"]) if orient == "in" else float(u["phi"]) for u in units]
            h = float(units[0]["bandwidth"])
            t = 0 if year == "2022" else 1
            for b in (1, 2, B):
                want = sw_draw(delta, h, 5, t * B + b - 1)
                got = [pe[(nm, b)] for nm in names]
                draws_checked += 1
                draws_bad += any(g_ != 1 / w_ for g_, w_ in zip(got, want))
            for b in (1, 17, B):
                ps = np.array([pe[(nm, b)] for nm in names])
                if orient == "in":
                    Xs, Ys = Xo * (eff / ps), Yo
                else:
                    Xs, Ys = Xo, Yo * (ps / eff)
                for i in range(n):
                    want = radial(Xs, Ys, Xo[:, i], Yo[:, i], orient, rts)
                    got = ef[(names[i], b)]
                    worst = max(worst, abs(got - want) / max(1.0, abs(want)))
                    checked += 1
            # summary from the replications alone (distance scale delta = 1/eff)
            for i, u in enumerate(units):
                dhat = 1 / float(u["efficiency"])
                db = np.array([1 / ef[(names[i], b)] for b in range(1, B + 1)])
                bias_d = db.mean() - dhat
                eff_bc = 1 / (dhat - bias_d)
                lo_d, hi_d = dhat + np.quantile(dhat - db, [0.025, 0.975])
                want = {"eff_bc": eff_bc, "bias": float(u["efficiency"]) - eff_bc,
                        "boot_sd": np.std(1 / db, ddof=1), "ci_lo": 1 / hi_d, "ci_hi": 1 / lo_d}
                for k, v in want.items():
                    summary_n += 1
                    err = abs(float(u[k]) - v) / max(1e-300, abs(v))
                    if err > 1e-9 and summary_bad < 5:
                        print("    %s %s %s: %s vs %s" % (year, names[i], k, u[k], v))
                    summary_bad += err > 1e-9
        report(draws_bad == 0 and draws_checked == 6,
               "bootstrap %s: pseudo efficiencies = resample, smooth, correct, reflect (re-derived)" % tag)
        report(summary_bad == 0 and summary_n == 2 * n * 5,
               "bootstrap %s: %d summary values recomputed from the replications" % (tag, summary_n))
        report(worst <= 1e-8, "bootstrap %s: %d replicated scores agree with HiGHS (worst %.2e)"
               % (tag, checked, worst))
        # thread-count independence, byte for byte
        one = run(args[:-4] + ["--out", "-"], threads=1).stdout
        two = run(args[:-4] + ["--out", "-"], threads=2).stdout
        report(one == two and len(one) > 1000, "bootstrap %s: identical output with 1 and 2 threads" % tag)
        # per-period bandwidth = the bandwidth of that period alone
        one_year = os.path.join(d, "y2023.csv")
        with open(one_year, "w", encoding="utf-8") as f:
            lines = open(data, encoding="utf-8").read().splitlines()
            f.write("\n".join([lines[0]] + [ln for ln in lines[1:] if ",2023," in ln]) + "\n")
        r1 = run(["--data", one_year] + args[2:-4] + ["--out", "-"])
        alone = rows(r1.stdout)
        report(r1.returncode == 0 and alone[0]["bandwidth"] == [u for u in main if u["year"] == "2023"][0]["bandwidth"]
               and alone[0]["efficiency"] == [u for u in main if u["year"] == "2023"][0]["efficiency"],
               "bootstrap %s: each period gets its own frontier and bandwidth" % tag)

    # errors: usage, models outside the method, units without a score
    base = ["--data", data, "--unit", "firm", "--period", "year", "--inputs", "labour,capital",
            "--outputs", "sales"]
    bad = {
        "--seed without --bootstrap": (base + ["--seed", "3"], 2, "need --bootstrap"),
        "sbm": (base + ["--model", "sbm", "--bootstrap", "10"], 2, "radial"),
        "super-efficiency": (base + ["--super", "--bootstrap", "10"], 2, "super"),
        "sequential frontier": (base + ["--frontier", "sequential", "--bootstrap", "10"], 2, "contemporaneous"),
        "one replication": (base + ["--bootstrap", "1"], 2, "at least 2"),
        "level 1": (base + ["--bootstrap", "10", "--level", "1"], 2, "level"),
    }
    for name, (args, code, text) in bad.items():
        r = run(args)
        report(r.returncode == code and text in r.stderr.decode() and r.stdout == b"",
               "bootstrap error: %s" % name, r.stderr)
    zero = os.path.join(d, "zero.csv")
    with open(zero, "w") as f:
        f.write("firm,x,y\na,1,1\nb,0,2\nc,2,2\nd,3,1\n")
    outp = os.path.join(d, "never.csv")
    r = run(["--data", zero, "--unit", "firm", "--inputs", "x", "--outputs", "y", "--bootstrap", "10",
             "--bandwidth", "0.1", "--out", outp])
    report(r.returncode == 6 and "zero.csv:3:1:" in r.stderr.decode() and not os.path.exists(outp),
           "bootstrap error: a unit without a score is named with FILE:LINE:COL, nothing written", r.stderr)

finish()
