"""The same job as `nqpf index --weights entropy --aggregate topsis` done the
usual Python way: pandas.read_csv, then numpy min-max (+0.0001), panel
entropy weights, TOPSIS closeness, ranks per period, scores written to CSV.
Usage: pandas_index.py PANEL.csv SYSTEM.csv OUT_SCORES.csv"""
import sys
import time

import numpy as np
import pandas as pd

t0 = time.perf_counter()
panel, system, out = sys.argv[1:4]
sysdf = pd.read_csv(system)
df = pd.read_csv(panel)
t1 = time.perf_counter()
cols = list(sysdf["column"])
dirs = np.where(sysdf["direction"].to_numpy() == "-", -1.0, 1.0)
x = df[cols].to_numpy(dtype=float)
mn, mx = x.min(axis=0), x.max(axis=0)
z = np.where(dirs > 0, (x - mn) / (mx - mn), (mx - x) / (mx - mn)) + 1e-4
p = z / z.sum(axis=0)
e = -(p * np.log(p)).sum(axis=0) / np.log(z.shape[0])
w = (1 - e) / (1 - e).sum()
v = z * w
dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
score = dm / (dp + dm)
res = pd.DataFrame({"unit": df["unit"], "period": df["year"], "score": score})
res["rank"] = res.groupby("period")["score"].rank(method="min", ascending=False)
t2 = time.perf_counter()
res.to_csv(out, index=False, float_format="%.17g")
t3 = time.perf_counter()
print(f"pandas read_csv {t1 - t0:.2f} s, numpy compute {t2 - t1:.2f} s, write {t3 - t2:.2f} s, total {t3 - t0:.2f} s")
