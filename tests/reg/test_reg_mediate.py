"""nqpf reg --mediator: the stepwise paths equal the separate regressions,
the Sobel z equals a hand computation, the bootstrap is byte-identical for
1 and 2 threads, every replication is re-derived here from its RNG stream
(xoshiro256** seeded by SplitMix64, as src/core/rng.c) and a weighted
nqpf reg and by numpy (weighted least squares with explicit dummies), and
the percentile and bias-corrected intervals are recomputed from the
replications."""
import csv
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.stats import norm

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
REF = os.environ.get("NQPF_REF", os.path.join(ROOT, "tests", "ref"))
M64 = (1 << 64) - 1
fails = 0


def check(name, ok, detail=""):
    global fails
    fails += not ok
    print(("ok - " if ok else "not ok - ") + name + (("  # " + detail) if detail else ""))


def splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return x, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Rng:
    def __init__(self, seed, stream):
        _, h = splitmix(stream)
        x = seed ^ h
        self.s = []
        for _ in range(4):
            x, v = splitmix(x)
            self.s.append(v)

    def u64(self):
        s = self.s
        r = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return r

    def below(self, n):
        limit = M64 - M64 % n
        while True:
            x = self.u64()
            if x < limit:
                return x % n


def draws(seed, rep, n):
    """Draw counts of replication rep over n resampling units (docs/reg.md)."""
    rng = Rng(seed, rep)
    cnt = [0] * n
    for _ in range(n):
        cnt[rng.below(n)] += 1
    return cnt


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def reg(*args, env=None):
    p = subprocess.run([NQPF, "reg", *args], capture_output=True, text=True, env=env)
    return p


def numpy_rep(wfile, a_rep, b_rep):
    """A replication's a and b from the drawn rows (weights = draw counts) by
    weighted least squares with explicit state and year dummies (numpy's
    SVD-based lstsq): no code of nqpf.  Returns the larger relative
    difference."""
    r = read(wfile)
    w = np.sqrt(np.array([float(x["cnt"]) for x in r]))
    st, yr = sorted({x["state"] for x in r}), sorted({x["year"] for x in r})
    dum = np.array([[x["state"] == s for s in st] + [x["year"] == t for t in yr[1:]] for x in r], dtype=float)
    col = {k: np.array([float(x[k]) for x in r]) for k in ("lgsp", "lpcap", "lpc", "lemp", "unemp")}

    def coef(y, xs):
        X = np.column_stack([col[k] for k in xs] + [dum]) * w[:, None]
        return np.linalg.lstsq(X, col[y] * w, rcond=None)[0]

    a = coef("lpc", ["lpcap", "lemp", "unemp"])[0]
    b = coef("lgsp", ["lpcap", "lpc", "lemp", "unemp"])[1]
    return max(abs(a_rep - a) / abs(a), abs(b_rep - b) / abs(b))


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf_reg_med_")
    rows = read(os.path.join(REF, "econ", "produc.csv"))
    data = os.path.join(tmp, "p.csv")
    with open(data, "w") as f:
        f.write("state,year,lgsp,lpcap,lpc,lemp,unemp\n")
        for r in rows:
            f.write("%s,%s,%r,%r,%r,%r,%s\n" % (r["state"], r["year"], math.log(float(r["gsp"])),
                                               math.log(float(r["pcap"])), math.log(float(r["pc"])),
                                               math.log(float(r["emp"])), r["unemp"]))
    common = ["--data", data, "--absorb", "state,year", "--cluster", "state"]
    outs = {}
    for th in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=th)
        o, s, b = (os.path.join(tmp, "%s%s.csv" % (k, th)) for k in ("o", "s", "b"))
        p = reg(*common, "--y", "lgsp", "--x", "lpcap,lemp,unemp", "--mediator", "lpc", "--boot", "300",
                "--seed", "11", "--out", o, "--stats", s, "--boot-reps", b, env=env)
        if p.returncode:
            print("not ok - nqpf reg --mediator failed: " + p.stderr)
            return 1
        outs[th] = [open(x, "rb").read() for x in (o, s, b)]
    check("mediation: 1 and 2 threads give byte-identical coefficients, statistics and replications",
          outs["1"] == outs["2"])
    st = {r["statistic"]: float(r["value"]) for r in read(os.path.join(tmp, "s1.csv")) if r["model"] == "mediation"}
    co = {(r["model"], r["term"]): r for r in read(os.path.join(tmp, "o1.csv"))}

    # the paths equal the separate regressions
    sep = {}
    for name, y, x in (("total", "lgsp", "lpcap,lemp,unemp"), ("a", "lpc", "lpcap,lemp,unemp"),
                       ("b", "lgsp", "lpcap,lpc,lemp,unemp")):
        p = reg(*common, "--y", y, "--x", x, "--out", "-")
        for r in csv.DictReader(p.stdout.splitlines()):
            sep[(name, r["term"])] = r
    same = all(co[k][f] == sep[k][f] for k in sep for f in ("estimate", "se", "p"))
    check("the total, a and b paths equal three separate nqpf reg runs", same and len(sep) == 10)
    a, sa = float(co[("a", "lpcap")]["estimate"]), float(co[("a", "lpcap")]["se"])
    b, sb = float(co[("b", "lpc")]["estimate"]), float(co[("b", "lpc")]["se"])
    z = a * b / math.sqrt(b * b * sa * sa + a * a * sb * sb)
    check("Sobel z = a b / sqrt(b^2 se_a^2 + a^2 se_b^2) by hand",
          abs(st["sobel_z"] - z) <= 1e-14 * abs(z) and abs(st["sobel_p"] - 2 * norm.sf(abs(z))) < 1e-14,
          "z %.15g vs %.15g" % (st["sobel_z"], z))
    check("c = c' + a b holds for OLS paths on one sample",
          abs(st["c_total"] - (st["c_direct"] + st["indirect_ab"])) < 1e-12)

    # re-derive replications 0, 1, 2: clusters (states, in order of first appearance) drawn from stream (11, r)
    reps = read(os.path.join(tmp, "b1.csv"))
    states = []
    for r in rows:
        if r["state"] not in states:
            states.append(r["state"])
    G = len(states)
    worst = np_worst = 0.0
    for rep in range(3):
        cnt = draws(11, rep, G)
        wfile = os.path.join(tmp, "w%d.csv" % rep)
        with open(data) as f, open(wfile, "w") as g:
            lines = f.read().splitlines()
            g.write(lines[0] + ",cnt\n")
            for line in lines[1:]:
                c = cnt[states.index(line.split(",")[0])]
                if c:
                    g.write("%s,%d\n" % (line, c))
        np_worst = max(np_worst, numpy_rep(wfile, float(reps[rep]["a"]), float(reps[rep]["b"])))
        pa = reg("--data", wfile, "--absorb", "state,year", "--y", "lpc", "--x", "lpcap,lemp,unemp", "--weights",
                 "cnt", "--out", "-")
        pb = reg("--data", wfile, "--absorb", "state,year", "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp",
                 "--weights", "cnt", "--out", "-")
        ra = {r["term"]: float(r["estimate"]) for r in csv.DictReader(pa.stdout.splitlines())}
        rb = {r["term"]: float(r["estimate"]) for r in csv.DictReader(pb.stdout.splitlines())}
        worst = max(worst, abs(ra["lpcap"] - float(reps[rep]["a"])) / abs(ra["lpcap"]),
                    abs(rb["lpc"] - float(reps[rep]["b"])) / abs(rb["lpc"]))
    check("bootstrap replications 0-2 re-derived from their RNG streams and a weighted nqpf reg", worst < 1e-12,
          "max rel diff %.2e" % worst)
    check("bootstrap replications 0-2 re-derived by numpy: weighted least squares with state and year dummies",
          np_worst < 1e-10, "max rel diff %.2e" % np_worst)

    ab = np.array([float(r["ab"]) for r in reps])
    lo, hi = np.quantile(ab, [0.025, 0.975])
    z0 = norm.ppf(np.mean(ab < st["indirect_ab"]))
    blo, bhi = np.quantile(ab, [norm.cdf(2 * z0 - 1.959963984540054), norm.cdf(2 * z0 + 1.959963984540054)])
    d = max(abs(lo - st["boot_pct_lo"]), abs(hi - st["boot_pct_hi"]), abs(blo - st["boot_bc_lo"]),
            abs(bhi - st["boot_bc_hi"]), abs(np.std(ab, ddof=1) - st["boot_se"]))
    check("percentile and bias-corrected intervals and boot se recomputed from the replications", d < 1e-12,
          "max abs diff %.2e" % d)

    # a row bootstrap (no clusters) with weights and missing cells: y missing in some rows
    # (the a and b paths then have different samples), a regressor missing in others
    data2 = os.path.join(tmp, "pm.csv")
    with open(data) as f, open(data2, "w") as g:
        lines = f.read().splitlines()
        g.write(lines[0] + ",w\n")
        for k, line in enumerate(lines[1:]):
            c = line.split(",")
            if k % 37 == 5:
                c[2] = ""
            if k % 53 == 7:
                c[6] = ""
            g.write(",".join(c) + ",%r\n" % (0.5 + (k % 7) / 10))
    common2 = ["--data", data2, "--absorb", "state,year", "--weights", "w", "--y", "lgsp", "--x",
               "lpcap,lemp,unemp", "--mediator", "lpc", "--boot", "60", "--seed", "7"]
    outs2 = {}
    for th in ("1", "2"):
        b2 = os.path.join(tmp, "rb%s.csv" % th)
        p = reg(*common2, "--out", os.path.join(tmp, "ro%s.csv" % th), "--boot-reps", b2,
                env=dict(os.environ, OMP_NUM_THREADS=th))
        if p.returncode:
            print("not ok - nqpf reg --mediator (row bootstrap) failed: " + p.stderr)
            return 1
        outs2[th] = open(b2, "rb").read()
    check("row bootstrap with weights and missing y: 1 and 2 threads byte-identical", outs2["1"] == outs2["2"])
    reps2 = read(os.path.join(tmp, "rb1.csv"))
    with open(data2) as f:
        lines = f.read().splitlines()
    units = [ln for ln in lines[1:]]  # every row has the mediator and a weight > 0
    worst = 0.0
    for rep in range(3):
        cnt = draws(7, rep, len(units))
        wfile = os.path.join(tmp, "rw%d.csv" % rep)
        with open(wfile, "w") as g:
            g.write(lines[0] + ",cw\n")
            for c, line in zip(cnt, units):
                if c:
                    g.write("%s,%r\n" % (line, c * float(line.split(",")[-1])))
        base = ["--data", wfile, "--absorb", "state,year", "--weights", "cw", "--out", "-"]
        pa = reg(*base, "--y", "lpc", "--x", "lpcap,lemp,unemp")
        pb = reg(*base, "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp")
        ra = {r["term"]: float(r["estimate"]) for r in csv.DictReader(pa.stdout.splitlines())}
        rb = {r["term"]: float(r["estimate"]) for r in csv.DictReader(pb.stdout.splitlines())}
        worst = max(worst, abs(ra["lpcap"] - float(reps2[rep]["a"])) / abs(ra["lpcap"]),
                    abs(rb["lpc"] - float(reps2[rep]["b"])) / abs(rb["lpc"]))
    check("row bootstrap replications 0-2 (weights, missing y) re-derived from their streams", worst < 1e-12,
          "max rel diff %.2e" % worst)

    for k, (name, args) in enumerate((
            ("--mediator that is an instrument", ["--x", "lemp", "--iv", "lpcap=lpc", "--mediator", "lpc"]),
            ("--mediator that is a regressor", ["--x", "lpcap,lpc", "--mediator", "lpc"]),
            ("--mediator with --bdiff", ["--x", "lpcap", "--mediator", "lpc", "--by", "year", "--bdiff", "lpcap"]),
            ("--boot without --mediator", ["--x", "lpcap", "--boot", "10"]))):
        out = os.path.join(tmp, "never%d.csv" % k)
        p = reg(*common, "--y", "lgsp", *args, "--out", out)
        check("bad input: %s -> exit 2, nothing written" % name, p.returncode == 2 and not os.path.exists(out),
              p.stderr.strip())
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
