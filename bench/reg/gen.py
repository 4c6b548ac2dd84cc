"""Generated firm panel for bench/reg: F firms x T years, 10 regressors,
industry = firm mod 50, y = sum_j 0.1 j x_j + firm effect + 0.2 t + noise.
    python3 gen.py F T OUT.csv"""
import random
import sys

F, T, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
K = 10
rnd = random.Random(1)
with open(out, "w") as f:
    f.write("firm,year,industry," + ",".join("x%d" % j for j in range(1, K + 1)) + ",y\n")
    for i in range(F):
        a = rnd.gauss(0, 1)
        for t in range(T):
            xs = [rnd.gauss(0, 1) + 0.3 * a for _ in range(K)]
            y = sum((j + 1) * 0.1 * x for j, x in enumerate(xs)) + a + 0.2 * t + rnd.gauss(0, 1)
            f.write("%d,%d,%d,%s,%.10g\n" % (i, 2000 + t, i % 50, ",".join("%.10g" % x for x in xs), y))
