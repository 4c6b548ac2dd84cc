#!/usr/bin/python3
"""PCA weights of nqpf against numpy: eigenvalues of numpy.corrcoef by
numpy.linalg.eigh, and the documented weight formula
w_j ∝ sum_{k<=K} |u_jk| lambda_k / sum_{k<=K} lambda_k.
Drives build/tests/index/test_pca --driver."""
import os
import subprocess
import sys

import numpy as np

root = os.environ.get("NQPF_ROOT", os.getcwd())
build = os.environ.get("NQPF_BUILD", os.path.join(root, "build"))
exe = os.path.join(build, "tests", "index", "test_pca")

rng = np.random.default_rng(7)
m, n = 40, 6
latent = rng.normal(size=(m, 2))
z = latent @ rng.normal(size=(2, n)) + 0.5 * rng.normal(size=(m, n)) + 10.0
fails = 0


def report(name, ok, detail=""):
    global fails
    if not ok:
        fails += 1
    print("%s - pca %s%s" % ("ok" if ok else "not ok", name, ("" if ok else ": " + detail)))


for share in (0.5, 0.85, 0.95, 1.0):
    text = "%d %d %r\n" % (m, n, share) + "\n".join(" ".join(repr(float(v)) for v in row) for row in z) + "\n"
    out = subprocess.run([exe, "--driver"], input=text, capture_output=True, text=True, check=True)
    lines = out.stdout.split("\n")
    k = int(lines[0])
    ev = np.array([float(v) for v in lines[1].split()])
    w = np.array([float(v) for v in lines[2].split()])
    vec = np.array([float(v) for v in lines[3].split()]).reshape(n, n)

    lam, u = np.linalg.eigh(np.corrcoef(z, rowvar=False))
    lam, u = lam[::-1], u[:, ::-1]
    cum = np.cumsum(lam) / lam.sum()
    kk = int(np.argmax(cum >= share - 1e-12)) + 1
    ww = (np.abs(u[:, :kk]) * lam[:kk]).sum(axis=1) / lam[:kk].sum()
    ww /= ww.sum()
    # sign convention: the largest |component| of each eigenvector is positive
    big = np.argmax(np.abs(u), axis=0)
    u = u * np.sign(u[big, np.arange(n)])

    report("share=%g eigenvalues" % share, np.max(np.abs(ev - lam)) <= 1e-10, "%r vs %r" % (ev, lam))
    report("share=%g k_used" % share, k == kk, "%d vs %d" % (k, kk))
    report("share=%g weights" % share, np.max(np.abs(w - ww)) <= 1e-10, "%r vs %r" % (w, ww))
    report("share=%g eigenvectors" % share, np.max(np.abs(vec - u)) <= 1e-10, "%r" % np.max(np.abs(vec - u)))
sys.exit(1 if fails else 0)
