#!/usr/bin/python3
"""nqpf kde against scipy.stats.gaussian_kde (same bandwidth; scipy's
bw_method is a factor on the sample SD, so factor = h / sd(ddof=1)), against
a direct numpy Epanechnikov sum, and the bandwidth rules against R's formulas."""
import csv
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import stats

NQPF = os.environ.get("NQPF", "build/nqpf")
TMP = tempfile.mkdtemp(prefix="nqpf-kde-")
failed = 0


def report(name, ok, detail=""):
    global failed
    print("%s - %s%s" % ("ok" if ok else "not ok", name, (": " + detail) if detail else ""))
    failed += not ok


def kde(*args):
    p = subprocess.run([NQPF, "kde"] + list(args), capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(p.stderr)
    out = {}
    for r in csv.DictReader(io.StringIO(p.stdout)):
        out.setdefault(r["period"], []).append((float(r["x"]), float(r["density"]), float(r["bandwidth"])))
    return out


rng = np.random.default_rng(3)
data = {2015: rng.lognormal(0, 0.5, 31), 2020: np.r_[rng.normal(2, 0.3, 20), rng.normal(4, 0.5, 11)]}
path = os.path.join(TMP, "d.csv")
with open(path, "w") as f:
    f.write("unit,year,v\n")
    for yr, v in data.items():
        for i, x in enumerate(v):
            f.write("p%d,%d,%r\n" % (i, yr, float(x)))


def silverman(x):
    sd = np.std(x, ddof=1)
    iqr = np.subtract(*np.percentile(x, [75, 25]))
    return 0.9 * min(sd, iqr / 1.34) * len(x) ** -0.2


def gaussian_vs_scipy():
    got = kde("--data", path, "--unit", "unit", "--period", "year", "--value", "v", "--grid", "101", "--out", "-")
    worst = 0.0
    hdev = 0.0
    for yr, x in data.items():
        rows = got[str(yr)]
        h = rows[0][2]
        hdev = max(hdev, abs(h - silverman(x)) / silverman(x))
        ref = stats.gaussian_kde(x, bw_method=h / np.std(x, ddof=1))
        g = np.array([r[0] for r in rows])
        d = np.array([r[1] for r in rows])
        r = ref(g)
        worst = max(worst, np.max(np.abs(d - r) / np.maximum(r, 1e-300 + np.max(r) * 1e-6)))
    report("kde_gaussian_vs_scipy", worst < 1e-12, "max rel dev %.2e" % worst)
    report("kde_silverman_bandwidth_R_bw_nrd0", hdev < 1e-14, "max rel dev %.2e" % hdev)
    # the grid is shared by all periods and spans min - 3h .. max + 3h
    xs = [[r[0] for r in got[str(yr)]] for yr in data]
    allx = np.concatenate(list(data.values()))
    hmax = max(got[str(yr)][0][2] for yr in data)
    report("kde_common_grid", xs[0] == xs[1] and abs(xs[0][0] - (allx.min() - 3 * hmax)) < 1e-12
           and abs(xs[0][-1] - (allx.max() + 3 * hmax)) < 1e-12)


def scipy_rules():
    worst = 0.0
    for rule, fac in (("scipy-scott", lambda n: n ** -0.2), ("scipy-silverman", lambda n: (n * 0.75) ** -0.2)):
        got = kde("--data", path, "--unit", "unit", "--period", "year", "--value", "v", "--grid", "31", "--bw", rule,
                  "--out", "-")
        for yr, x in data.items():
            rows = got[str(yr)]
            ref = stats.gaussian_kde(x, bw_method=rule.split("-")[1])
            worst = max(worst, abs(rows[0][2] - np.std(x, ddof=1) * fac(len(x))) / rows[0][2])
            d = np.array([r[1] for r in rows])
            r = ref(np.array([q[0] for q in rows]))
            worst = max(worst, np.max(np.abs(d - r) / np.maximum(r, np.max(r) * 1e-6)))
    report("kde_scipy_named_rules", worst < 1e-12, "max rel dev %.2e" % worst)


def epanechnikov():
    got = kde("--data", path, "--unit", "unit", "--period", "year", "--value", "v", "--grid", "201", "--kernel",
              "epanechnikov", "--bandwidth", "0.4", "--out", "-")
    worst = 0.0
    area = []
    for yr, x in data.items():
        rows = got[str(yr)]
        g = np.array([r[0] for r in rows])
        u = (g[:, None] - x[None, :]) / 0.4
        ref = np.where(np.abs(u) < np.sqrt(5), 3 / (4 * np.sqrt(5) * 0.4) * (1 - u * u / 5), 0).sum(1) / len(x)
        d = np.array([r[1] for r in rows])
        worst = max(worst, np.max(np.abs(d - ref)))
        area.append(np.trapz(d, g))
    report("kde_epanechnikov_direct", worst < 1e-13, "max abs dev %.2e" % worst)
    report("kde_epanechnikov_integrates_to_1", all(abs(a - 1) < 1e-3 for a in area), str(area))


gaussian_vs_scipy()
scipy_rules()
epanechnikov()
sys.exit(1 if failed else 0)
