"""An mpdta-like panel for `nqpf did` at scale: U counties x 5 years
(2003-2007), columns as tests/ref/econ/mpdta.csv (year, countyreal, lpop,
lemp, first.treat, treat); a quarter each never treated and first treated in
2004, 2006, 2007; lemp = county effect + year effect + 0.05 after treatment
+ noise.

    python3 bench/did/gen.py U out.csv      (U = 200000: 1,000,000 rows, 40 MB)
"""
import sys

import numpy as np


def main():
    u, path = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(1)
    years = np.arange(2003, 2008)
    g = rng.choice([0, 2004, 2006, 2007], size=u)
    lpop = rng.normal(3.0, 1.0, size=u)
    a = rng.normal(5.0, 1.5, size=u)
    county = np.repeat(np.arange(1, u + 1), len(years))
    year = np.tile(years, u)
    gg = np.repeat(g, len(years))
    treated = (gg > 0) & (year >= gg)
    lemp = np.repeat(a, len(years)) + 0.02 * (year - 2003) + 0.05 * treated + rng.normal(0, 0.1, size=len(year))
    with open(path, "w") as fh:
        fh.write("year,countyreal,lpop,lemp,first.treat,treat\n")
        for row in zip(year, county, np.repeat(lpop, len(years)), lemp, gg, (gg > 0).astype(int)):
            fh.write("%d,%d,%.6f,%.6f,%d,%d\n" % row)


if __name__ == "__main__":
    main()
