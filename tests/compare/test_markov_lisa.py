"""nqpf markov --lisa (LISA Markov; Rey, Murray & Anselin 2011) on giddy's US
income case: quadrant transitions, probabilities and steady state equal the
literals of giddy @324f289a test_markov.py::test_LISA_Markov; the expected
transitions under independence of own and neighbours' moves and their
chi-square equal an independent numpy computation from the paper.

giddy's own expected_t / chi_2 literals (1058.207904, dof 9) are not the
paper's: LISA_Markov builds the two 2-state chains from y transposed to
(periods x units), so its "transitions" run from one state to the next in
file order within a year, relative to each state's mean over the years.  The
numpy below reproduces those literals with that layout, which shows the
difference is the layout, not the formula; nqpf counts moves over time
against each period's mean, as the quadrants do."""
import csv
import io
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
CASE = os.path.join(REF, "cases", "compare", "markov_spatial_markov_usjoin_giddy")
EDGES = os.path.join(CASE, "edges_states48.csv")

# giddy test_LISA_Markov literals
G_COUNTS = [[1087, 44, 4, 34], [41, 470, 36, 1], [5, 34, 1422, 39], [30, 1, 40, 552]]
G_P = [[0.92985458, 0.03763901, 0.00342173, 0.02908469], [0.07481752, 0.85766423, 0.06569343, 0.00182482],
       [0.00333333, 0.02266667, 0.948, 0.026], [0.04815409, 0.00160514, 0.06420546, 0.88603531]]
G_SS = [0.28561505, 0.14190226, 0.40493672, 0.16754598]
G_EXPECTED = [[1.12328098e03, 1.15377356e01, 3.47522158e-01, 3.38337644e01],
              [3.50272664e00, 5.28473882e02, 1.59178880e01, 1.05503814e-01],
              [1.53878082e-01, 2.32163556e01, 1.46690710e03, 9.72266513e00],
              [9.60775143e00, 9.86856346e-02, 6.23537392e00, 6.07058189e02]]
G_CHI2 = 1058.207904


def run(args):
    p = subprocess.run([NQPF] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def load():
    rows = list(csv.reader(open(os.path.join(CASE, "data_usjoin_wide.csv"))))
    years = rows[0][2:]
    y = np.array([[float(v) for v in r[2:]] for r in rows[1:]])
    n = y.shape[0]
    w = np.zeros((n, n))
    for r in list(csv.reader(open(EDGES)))[1:]:
        if r[1]:
            w[int(r[0]) - 1, int(r[1]) - 1] = 1
    return years, y, w / w.sum(axis=1, keepdims=True)


def two_state(low):
    """2-state chain of rows = units over columns = periods (0 high, 1 low)."""
    t = np.zeros((2, 2))
    for s in range(low.shape[0]):
        for q in range(low.shape[1] - 1):
            t[low[s, q], low[s, q + 1]] += 1
    return t / t.sum(axis=1, keepdims=True)


def expected(counts, po, pl):
    # quadrants HH, LH, LL, HL as (own, lag) halves; independence = product
    own, lag = [0, 1, 1, 0], [0, 0, 1, 1]
    e = np.array([[po[own[i], own[j]] * pl[lag[i], lag[j]] for j in range(4)] for i in range(4)])
    return counts.sum(axis=1, keepdims=True) * e


def chi2(obs, e):
    return float(((obs - e) ** 2 / np.where(e == 0, 1, e)).sum())


def table(rows, name):
    return [float(r["value"]) for r in rows if r["table"] == name]


def main():
    years, y, w = load()
    tmp = tempfile.mkdtemp()
    longf = os.path.join(tmp, "long.csv")
    with open(longf, "w", newline="") as g:
        wr = csv.writer(g)
        wr.writerow(["idx", "year", "pci"])
        for i, row in enumerate(y, 1):
            for year, v in zip(years, row):
                wr.writerow([i, year, repr(v)])
    rc, out, err = run(["markov", "--data", longf, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--lisa", "--weights", EDGES, "--out", "-"])
    report(rc == 0, "markov --lisa runs", err)
    rows = list(csv.DictReader(io.StringIO(out)))
    counts = np.array(table(rows, "count")).reshape(4, 4)
    report(counts.tolist() == G_COUNTS, "quadrant transitions equal giddy", "%r" % counts.tolist())
    p = np.array(table(rows, "probability")).reshape(4, 4)
    report(np.abs(p - np.array(G_P)).max() <= 0.5e-8, "quadrant probabilities equal giddy (8 dp)")
    ss = np.array(table(rows, "steady_state"))
    report(len(ss) == 4 and np.abs(ss - np.array(G_SS)).max() <= 0.5e-8, "steady state equals giddy (8 dp)")

    # from the paper: per period, z = y - mean, quadrant by the signs of z and Wz;
    # own/lag halves y < mean, Wy < mean; moves over time
    z = y - y.mean(axis=0)
    lz = w @ z
    quad = np.where(z > 0, np.where(lz > 0, 0, 3), np.where(lz > 0, 1, 2))
    c = np.zeros((4, 4))
    for s in range(quad.shape[0]):
        for q in range(quad.shape[1] - 1):
            c[quad[s, q], quad[s, q + 1]] += 1
    report((c == counts).all(), "quadrant transitions equal numpy from the paper")
    e = expected(c, two_state((y < y.mean(axis=0)).astype(int)), two_state((w @ y < y.mean(axis=0)).astype(int)))
    got = np.array(table(rows, "expected")).reshape(4, 4)
    report(np.abs(got - e).max() <= 1e-9 * np.abs(e).max(), "expected transitions equal numpy (1e-9)")
    x = chi2(c, e)
    gx, gp, gd = table(rows, "chi2")[0], table(rows, "chi2_p")[0], table(rows, "chi2_dof")[0]
    report(abs(gx - x) <= 1e-9 * x and gd == 9 and abs(gp - stats.chi2.sf(x, 9)) <= 1e-9 * gp,
           "chi2 of independence equals numpy / scipy (1e-9)", "%r %r" % (gx, x))

    # giddy's literal: the same formula on its (periods x units) layout
    yt = y.T
    gl = expected(np.array(G_COUNTS, float), two_state((yt / yt.mean(axis=0) < 1).astype(int)),
                  two_state(((w @ y).T / yt.mean(axis=0) < 1).astype(int)))
    report(np.abs(gl - np.array(G_EXPECTED)).max() <= 1e-5 * 1123 and abs(chi2(np.array(G_COUNTS), gl) - G_CHI2) <= 1e-6,
           "giddy's expected_t and chi_2 literals come from its transposed layout")

    # errors: --lisa with classing options; a missing value
    rc, out, err = run(["markov", "--data", longf, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--lisa", "--spatial", "--weights", EDGES, "--out", "-"])
    report(rc == 2 and "drop --spatial" in err, "--lisa with --spatial: usage error", err)
    holes = os.path.join(tmp, "holes.csv")
    with open(longf) as f, open(holes, "w") as g:
        g.writelines(line for i, line in enumerate(f) if i != 5)
    o = os.path.join(tmp, "o.csv")
    rc, out, err = run(["markov", "--data", holes, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--lisa", "--weights", EDGES, "--out", o])
    report(rc != 0 and "every unit in every period" in err and not os.path.exists(o),
           "--lisa with a missing value: error, nothing written", err)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
