"""A straightforward numpy/scipy Moran's I permutation test (the way one
would write it by hand): k nearest neighbours with a KD-tree, row-standardised
sparse W, permutations in blocks of 500 columns."""
import sys
import time

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

path, k, nperm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
d = np.genfromtxt(path, delimiter=",", names=True)
xy = np.column_stack([d["x"], d["y"]])
n = len(xy)
_, idx = cKDTree(xy).query(xy, k + 1)
rows = np.repeat(np.arange(n), k)
W = sparse.csr_matrix((np.full(n * k, 1.0 / k), (rows, idx[:, 1:].ravel())), shape=(n, n))
z = d["v"] - d["v"].mean()
zz = z @ z
I = n / W.sum() * (z @ (W @ z)) / zz
t1 = time.perf_counter()
rng = np.random.default_rng(1)
sims = np.empty(nperm)
for b in range(0, nperm, 500):
    m = min(500, nperm - b)
    Z = np.column_stack([rng.permutation(z) for _ in range(m)])
    sims[b:b + m] = n / W.sum() * np.einsum("ij,ij->j", Z, W @ Z) / zz
p = (1 + (sims >= I).sum()) / (nperm + 1)
t2 = time.perf_counter()
print("numpy I=%.10f p=%.5f total=%.3fs permutations=%.3fs" % (I, p, t2 - t0, t2 - t1))
