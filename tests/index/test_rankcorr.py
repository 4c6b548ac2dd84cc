#!/usr/bin/python3
"""Kendall tau-b and Spearman rho of nqpf against scipy.stats on random data
with ties: drives build/tests/index/test_rankcorr --driver."""
import os
import subprocess
import sys

import numpy as np
from scipy import stats

root = os.environ.get("NQPF_ROOT", os.getcwd())
build = os.environ.get("NQPF_BUILD", os.path.join(root, "build"))
exe = os.path.join(build, "tests", "index", "test_rankcorr")

rng = np.random.default_rng(20251123)
fails = 0


def run(a, b):
    text = "%d\n" % len(a) + "".join("%r %r\n" % (float(x), float(y)) for x, y in zip(a, b))
    out = subprocess.run([exe, "--driver"], input=text, capture_output=True, text=True, check=True)
    tau, rho = (float(v) for v in out.stdout.split())
    return tau, rho


def check(name, a, b):
    global fails
    tau, rho = run(a, b)
    ref_tau = stats.kendalltau(a, b).statistic  # tau-b (scipy default variant)
    ref_rho = stats.spearmanr(a, b).statistic
    ok = abs(tau - ref_tau) <= 1e-12 and abs(rho - ref_rho) <= 1e-12
    if not ok:
        fails += 1
        print("not ok - rankcorr %s: tau %r vs scipy %r, rho %r vs scipy %r" % (name, tau, ref_tau, rho, ref_rho))
    else:
        print("ok - rankcorr %s" % name)


for n in (3, 10, 57, 500, 4000):
    for levels in (3, 20, 10**9):
        a = rng.integers(0, levels, n).astype(float)
        b = np.floor(a / 2) + rng.integers(0, levels, n)  # correlated, with ties
        check("n=%d levels=%d" % (n, levels), a, b)
a = rng.normal(size=1000)
check("continuous anti-correlated", a, -a + 0.3 * rng.normal(size=1000))
sys.exit(1 if fails else 0)
