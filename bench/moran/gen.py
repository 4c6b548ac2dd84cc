"""Make the benchmark data: n random points in the unit square with a
spatially smooth value plus noise (deterministic seed)."""
import sys

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
out = sys.argv[2] if len(sys.argv) > 2 else "pts.csv"
rng = np.random.default_rng(20240601)
x, y = rng.random(n), rng.random(n)
v = np.sin(6 * x) + np.cos(5 * y) + rng.normal(0, 0.5, n)
with open(out, "w") as f:
    f.write("id,x,y,v\n")
    for i in range(n):
        f.write("%d,%.17g,%.17g,%.17g\n" % (i + 1, x[i], y[i], v[i]))
