"""nqpf weights --kernel: libpysal Test_Kernel literals through the command
line (the six points; fixed default, fixed 15, adaptive triangular and
gaussian), and every weight of Columbus (X, Y) for each kernel and both
bandwidths against numpy written from libpysal's definitions."""
import csv
import io
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
COL = os.path.join(REF, "cases", "compare", "moran_geary_columbus_spdep", "data.csv")
K = {"triangular": lambda z: 1 - z, "uniform": lambda z: 0.5 + 0 * z, "quadratic": lambda z: 0.75 * (1 - z * z),
     "quartic": lambda z: 15 / 16 * (1 - z * z) ** 2, "gaussian": lambda z: np.exp(-z * z / 2) / math.sqrt(2 * math.pi)}


def weights(data, extra):
    p = subprocess.run([NQPF, "weights", "--data", data, "--unit", "id", "--coords", "x,y", "--out", "-"] + extra,
                       capture_output=True, text=True)
    if p.returncode:
        return p.returncode, p.stderr
    return 0, {(r["from"], r["to"]): float(r["weight"]) for r in csv.DictReader(io.StringIO(p.stdout)) if r["to"]}


def expected(xy, kern, adaptive, k):
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    kth = np.sort(d, axis=1)[:, k]  # column 0 is the unit itself
    h = kth * (1 + 1e-7) if adaptive else np.full(len(xy), kth.max() * (1 + 1e-7))
    out = {}
    for i in range(len(xy)):
        for j in range(len(xy)):
            if i != j and d[i, j] < h[i]:
                out[(str(i + 1), str(j + 1))] = float(K[kern](d[i, j] / h[i]))
    return out


def main():
    tmp = tempfile.mkdtemp()
    pts = os.path.join(tmp, "pts.csv")
    with open(pts, "w") as f:
        f.write("id,x,y\n" + "".join("%d,%d,%d\n" % (i + 1, a, b) for i, (a, b) in
                                     enumerate([(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)])))
    rc, w = weights(pts, ["--kernel", "triangular"])
    report(rc == 0 and abs(w[("1", "2")] - 0.500000049999995) <= 1e-12 and abs(w[("1", "4")] - 0.4409830615267465) <= 1e-12
           and sum(1 for a, b in w if a == "1") == 2, "fixed default bandwidth: libpysal w[0]")
    rc, w = weights(pts, ["--kernel", "triangular", "--bandwidth", "15"])
    report(rc == 0 and abs(w[("1", "2")] - 1 / 3) <= 1e-12 and abs(w[("1", "4")] - 0.2546440075000701) <= 1e-12,
           "fixed bandwidth 15: libpysal w[0]")
    rc, w = weights(pts, ["--kernel", "gaussian", "--bandwidth", "adaptive"])
    report(rc == 0 and abs(w[("1", "2")] - 0.26741902915776961) <= 1e-12 and abs(w[("1", "4")] - 0.24197074871621341) <= 1e-12,
           "adaptive gaussian: libpysal w[0]")
    rows = list(csv.DictReader(open(COL)))
    col = os.path.join(tmp, "col.csv")
    with open(col, "w") as f:
        f.write("id,x,y\n" + "".join("%s,%s,%s\n" % (r["idx"], r["X"], r["Y"]) for r in rows))
    xy = np.array([[float(r["X"]), float(r["Y"])] for r in rows])
    ok = True
    for kern in K:
        for adaptive in (0, 1):
            for k in (2, 5):
                rc, w = weights(col, ["--kernel", kern, "--bandwidth", "adaptive" if adaptive else "fixed", "--k", str(k)])
                want = expected(xy, kern, adaptive, k)
                good = rc == 0 and set(w) == set(want) and all(abs(w[e] - want[e]) <= 1e-12 for e in want)
                if not good:
                    print("  mismatch: %s adaptive=%d k=%d" % (kern, adaptive, k))
                ok = ok and good
    report(ok, "Columbus: every kernel weight equals numpy (5 kernels x fixed/adaptive x k = 2, 5)")
    rc, w = weights(col, ["--kernel", "triangular", "--style", "W"])
    sums = {}
    for (a, b), v in (w.items() if rc == 0 else []):
        sums[a] = sums.get(a, 0) + v
    report(rc == 0 and all(abs(s - 1) <= 1e-12 for s in sums.values()), "--style W row-standardises kernel weights")
    rc, e = weights(pts, ["--kernel", "triangular", "--bandwidth", "wide"])
    report(rc == 2 and "--bandwidth" in e, "bad --bandwidth: usage error", e)
    rc, e = weights(pts, ["--kernel", "triangular", "--k", "6"])
    report(rc == 2 and "--k" in e, "--k not below the number of units: usage error", e)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
