"""nqpf mobility on PySAL's Mexico case (32 states, per-capita GDP 1940-2000,
regimes esquivel99), against giddy @97f6113 giddy/tests/test_rank.py:
Theta (values, totals, max_total exact; permutation p-values by
distribution), spatial tau on block weights of the regimes (values to the
3 printed decimals and exactly against numpy; permutation mean and p by
distribution), Kendall's tau against scipy and giddy's Tau literals."""
import csv
import io
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
MEX = os.path.join(REF, "cases", "compare", "theil_gini_dagum_mexico_pysal", "data.csv")
DECADES = list(range(1940, 2010, 10))


def run(args):
    p = subprocess.run([NQPF] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def stat(rows, name):
    return [float(r["value"]) for r in rows if r["statistic"] == name]


def write_long(path, y, regime=None):
    with open(path, "w", newline="") as g:
        wr = csv.writer(g)
        wr.writerow(["id", "year", "v", "regime"])
        for i in range(y.shape[0]):
            for t in range(y.shape[1]):
                wr.writerow([i + 1, t + 1, repr(float(y[i, t])), regime[i] if regime is not None else 0])


def spatial_tau(x, y, pairs):
    s = n1 = n2 = 0
    for i, j in pairs:
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        n1 += dx != 0
        n2 += dy != 0
        s += dx * dy
    return s / (math.sqrt(n1) * math.sqrt(n2))


def theta(ranks_d, regime):
    return sum(abs(ranks_d[regime == g].sum()) for g in np.unique(regime)) / np.abs(ranks_d).sum()


def near(p, q, draws_p, draws_q):
    """two Monte Carlo proportions agree within 4 standard errors (+ one draw)"""
    se = math.sqrt(max(q * (1 - q), 1e-4) * (1 / draws_p + 1 / draws_q))
    return abs(p - q) <= 4 * se + 1 / draws_p


def main():
    rows = list(csv.DictReader(open(MEX)))
    y = np.array([[float(r["pcgdp%d" % d]) for d in DECADES] for r in rows])
    regime = np.array([int(r["esquivel99"]) for r in rows])
    n = y.shape[0]
    tmp = tempfile.mkdtemp()
    longf, edges = os.path.join(tmp, "mex.csv"), os.path.join(tmp, "block.csv")
    write_long(longf, y, regime)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if regime[i] == regime[j]]
    with open(edges, "w") as f:
        f.write("from,to\n")
        for i in range(n):
            f.write("".join("%d,%d\n" % (i + 1, j + 1) for j in range(n) if j != i and regime[j] == regime[i]))
    base = ["mobility", "--data", longf, "--unit", "id", "--period", "year", "--value", "v", "--out", "-"]
    rc, out, err = run(base + ["--regime", "regime", "--weights", edges, "--permutations", "999", "--seed", "3"])
    report(rc == 0, "mobility runs", err)
    res = list(csv.DictReader(io.StringIO(out)))
    # Theta
    th = [0.41538462, 0.28070175, 0.61363636, 0.62222222, 0.33333333, 0.47222222]
    report(np.abs(np.array(stat(res, "theta")) - th).max() <= 0.5e-8, "Theta equals giddy (8 dp)")
    report(stat(res, "theta_total") == [130.0, 114.0, 88.0, 90.0, 90.0, 72.0] and stat(res, "theta_max_total") == [512.0],
           "Theta totals and max_total equal giddy")
    ranks = np.array([stats.rankdata(y[:, t]) for t in range(y.shape[1])]).T
    rd = ranks[:, 1:] - ranks[:, :-1]
    rng = np.random.default_rng(11)
    sims = np.array([[theta(rd[:, t], p) for t in range(rd.shape[1])] for p in (rng.permutation(regime) for _ in range(20000))])
    obs = np.array([theta(rd[:, t], regime) for t in range(rd.shape[1])])
    np_left = ((sims <= obs).sum(axis=0) + 1) / 20001
    giddy_left = [0.307, 0.077, 0.823, 0.552, 0.045, 0.735]
    got_left = stat(res, "theta_p_left")
    report(all(near(a, b, 1000, 20001) for a, b in zip(got_left, np_left))
           and all(near(a, b, 1000, 1000) for a, b in zip(got_left, giddy_left)),
           "Theta p_left agrees with numpy (20000 draws) and giddy (999) by distribution", "%r" % got_left)
    report(all(abs(a + b - 1) <= 1e-12 for a, b in zip(got_left, stat(res, "theta_p_right"))),
           "Theta p_left + p_right = 1")
    # spatial tau
    ts = stat(res, "tau_spatial")
    exact = [spatial_tau(y[:, t], y[:, t + 1], pairs) for t in range(6)]
    report(np.abs(np.array(ts) - exact).max() <= 1e-12 and
           [round(v, 3) for v in ts] == [0.397, 0.492, 0.651, 0.714, 0.683, 0.810],
           "spatial tau equals numpy and giddy (3 dp)", "%r" % ts)
    report(stat(res, "pairs_spatial") == [float(len(pairs))] * 6, "neighbour pairs counted once")
    perm_means, p_np = [], []
    for t in range(6):
        sim = np.array([spatial_tau(y[p, t], y[p, t + 1], pairs) for p in (rng.permutation(n) for _ in range(3000))])
        perm_means.append(sim.mean())
        larger = (sim >= exact[t]).sum()
        ps = (larger + 1) / 3001
        p_np.append(ps if ps <= 0.5 else (3000 - larger + 1) / 3001)
        sd = sim.std()
    got_mean, got_p = stat(res, "tau_spatial_perm_mean"), stat(res, "tau_spatial_p")
    report(all(abs(a - b) <= 4 * sd * math.sqrt(1 / 999 + 1 / 3000) for a, b in zip(got_mean, perm_means)),
           "spatial tau permutation mean agrees with numpy by distribution", "%r %r" % (got_mean, perm_means))
    report(all(near(a, b, 1000, 3001) for a, b in zip(got_p, p_np)), "spatial tau pseudo p agrees with numpy",
           "%r %r" % (got_p, p_np))
    # Kendall tau: scipy's tau-b, giddy's p
    tau, tp = stat(res, "tau"), stat(res, "tau_p")
    ok = True
    for t in range(6):
        kt = stats.kendalltau(y[:, t], y[:, t + 1])[0]
        z = kt / math.sqrt((4 * n + 10) / (9 * n * (n - 1)))
        ok = ok and abs(tau[t] - kt) <= 1e-12 and abs(tp[t] - math.erfc(abs(z) / math.sqrt(2))) <= 1e-12 * tp[t]
    report(ok, "Kendall tau equals scipy, p giddy's asymptotic formula")
    # giddy Tau literals on toy vectors (2 periods)
    for x1, x2, want, want_p in (([12, 2, 1, 12, 2], [1, 4, 7, 1, 0], -0.47140452079103173, 0.24821309157521476),
                                 ([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
                                  [1, 4, 7, 1, 1, 3, 1, 6, 7, 7, 3, 6, 2, 7, 2, 8], 0.15494494670022804, None)):
        toy = os.path.join(tmp, "toy.csv")
        write_long(toy, np.array([x1, x2], float).T)
        rc, out, err = run(["mobility", "--data", toy, "--unit", "id", "--period", "year", "--value", "v", "--out", "-"])
        r = list(csv.DictReader(io.StringIO(out)))
        got = stat(r, "tau")
        report(rc == 0 and abs(got[0] - want) <= 1e-12 and (want_p is None or abs(stat(r, "tau_p")[0] - want_p) <= 1e-7),
               "giddy Tau literal %.6f" % want, "%r %s" % (got, err))
    # spatial tau is symmetric in the two periods (giddy st12 == st21)
    rev = os.path.join(tmp, "rev.csv")
    write_long(rev, y[:, [2, 1]], regime)
    rc, out, err = run(["mobility", "--data", rev, "--unit", "id", "--period", "year", "--value", "v", "--weights", edges,
                        "--permutations", "0", "--out", "-"])
    report(rc == 0 and abs(stat(list(csv.DictReader(io.StringIO(out))), "tau_spatial")[0] - ts[1]) <= 1e-15,
           "spatial tau symmetric in the periods")
    # errors: unbalanced panel, a unit changing regime
    bad = os.path.join(tmp, "bad.csv")
    with open(longf) as f, open(bad, "w") as g:
        g.writelines(line for i, line in enumerate(f) if i != 3)
    o = os.path.join(tmp, "o.csv")
    rc, out, err = run(["mobility", "--data", bad, "--unit", "id", "--period", "year", "--value", "v", "--out", o])
    report(rc != 0 and "balanced panel" in err and not os.path.exists(o), "unbalanced panel: error, nothing written", err)
    with open(longf) as f, open(bad, "w") as g:
        for i, line in enumerate(f):
            g.write(line[:-2] + "9\n" if i == 2 else line)
    rc, out, err = run(["mobility", "--data", bad, "--unit", "id", "--period", "year", "--value", "v", "--regime",
                        "regime", "--out", o])
    report(rc != 0 and "changes regime" in err and "bad.csv:3" in err, "regime changing within a unit: error at its line",
           err)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
