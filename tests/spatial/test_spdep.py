"""Side-by-side checks against R spdep (r-cran-spdep, r-cran-sf):
 - the full queen and rook neighbour lists of the bundled China provinces
   GeoJSON against poly2nb (planar, default snap);
 - Moran's I on real data (R&D spending v4_zh_nbzc_hj, 2020, 31 provinces,
   queen contiguity, Hainan an island handled with zero.policy=TRUE on both
   sides, spdep's default adjust.n=TRUE) against moran.test under
   randomisation and normality, to 1e-10 relative;
 - Geary's C (geary.test) and global G (globalG.test, binary weights) likewise.
Skips visibly when Rscript is absent."""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GEO = os.path.join(ROOT, "data", "china_provinces.geojson")
DATA = os.path.join(ROOT, "data", "china_provinces_tech_wide.csv")


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stderr)
    return p.stdout


def rscript(code):
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
        f.write(code)
        path = f.name
    try:
        return run(["Rscript", "--vanilla", path])
    finally:
        os.unlink(path)


R_HEAD = """
suppressMessages({library(sf); library(spdep)})
sf_use_s2(FALSE)
g <- st_read("%s", quiet=TRUE)
""" % GEO


def neighbour_lists():
    for kind in ("queen", "rook"):
        r = rscript(R_HEAD + """
nb <- poly2nb(g, queen=%s)
ids <- as.character(g$adcode)
for (i in seq_along(nb)) for (j in nb[[i]]) if (j > 0) cat(ids[i], ",", ids[j], "\\n", sep="")
""" % ("TRUE" if kind == "queen" else "FALSE"))
        rset = set(tuple(l.split(",")) for l in r.split())
        out = run([NQPF, "weights", "--geojson", GEO, "--id-field", "adcode",
                   "--contiguity", kind, "--style", "B", "--out", "-"])
        nset = set()
        for row in csv.DictReader(io.StringIO(out)):
            if row["to"]:
                nset.add((row["from"], row["to"]))
        report(rset == nset and len(rset) > 100,
               "%s contiguity of china_provinces.geojson equals spdep poly2nb (%d links)" % (kind, len(rset)),
               "only spdep: %s\nonly nqpf: %s" % (sorted(rset - nset), sorted(nset - rset)))


def close(a, b, rtol=1e-10):
    return abs(a - b) <= rtol * max(abs(b), 1e-300)


def moran_side_by_side():
    year = "2020"
    col = "v4_zh_nbzc_hj"
    r = rscript(R_HEAD + """
d <- read.csv("%s", colClasses=c(gb_code="character"))
d <- d[d$year == %s, ]
g2 <- g[match(d$gb_code, as.character(g$adcode)), ]
nb <- poly2nb(g2, queen=TRUE)
lw <- nb2listw(nb, style="W", zero.policy=TRUE)
lb <- nb2listw(nb, style="B", zero.policy=TRUE)
x <- d$%s
out <- function(name, t) cat(name, sprintf("%%.17g", c(t$estimate[1:3], t$statistic, t$p.value)), "\\n")
out("moran_rand", moran.test(x, lw, randomisation=TRUE, zero.policy=TRUE))
out("moran_norm", moran.test(x, lw, randomisation=FALSE, zero.policy=TRUE))
out("geary_rand", geary.test(x, lw, randomisation=TRUE, zero.policy=TRUE))
out("geary_norm", geary.test(x, lw, randomisation=FALSE, zero.policy=TRUE))
out("G_norm", globalG.test(x, lb, zero.policy=TRUE))
""" % (DATA, year, col))
    ref = {}
    for line in r.strip().splitlines():
        parts = line.split()
        ref[parts[0]] = [float(v) for v in parts[1:]]
    out = run([NQPF, "moran", "--data", DATA, "--unit", "gb_code", "--value", col, "--period", "year",
               "--geojson", GEO, "--subset-weights", "--out", "-"])
    rows = {(r["period"], r["statistic"]): r for r in csv.DictReader(io.StringIO(out))}
    for name, stat, kind in (("moran_rand", "moran_I", "randomisation"), ("moran_norm", "moran_I", "normality"),
                             ("geary_rand", "geary_C", "randomisation"), ("geary_norm", "geary_C", "normality"),
                             ("G_norm", "getis_ord_G", "normality")):
        row = rows[(year, stat)]
        est, e, var, z, p = ref[name]
        ours = [float(row["value"]), float(row["expected"]), float(row["variance_" + kind]),
                float(row["z_" + kind]), float(row["p_" + kind])]
        if stat == "geary_C":
            pass  # spdep geary.test statistic is (E - C)/sd, as ours
        ok = all(close(a, b) for a, b in zip(ours, [est, e, var, z, p]))
        report(ok, "%s %s %s %s (%s) equals spdep to 1e-10" % (stat, col, year, kind, name),
               "nqpf %r\nspdep %r" % (ours, [est, e, var, z, p]))


def local_side_by_side():
    """localmoran (conditional, two-sided) and localG / localG include.self
    on the same 2020 data, every province, to 1e-10."""
    year, col = "2020", "v4_zh_nbzc_hj"
    r = rscript(R_HEAD + """
d <- read.csv("%s", colClasses=c(gb_code="character"))
d <- d[d$year == %s, ]
g2 <- g[match(d$gb_code, as.character(g$adcode)), ]
nb <- poly2nb(g2, queen=TRUE)
lw <- nb2listw(nb, style="W", zero.policy=TRUE)
x <- d$%s
lm <- localmoran(x, lw, zero.policy=TRUE)
gi <- localG(x, nb2listw(nb, style="B", zero.policy=TRUE), zero.policy=TRUE)
gs <- localG(x, nb2listw(include.self(nb), style="B", zero.policy=TRUE), zero.policy=TRUE)
for (i in seq_along(x)) cat(d$gb_code[i], sprintf("%%.17g", c(lm[i, 1:5], gi[i], gs[i])), "\n")
""" % (DATA, year, col))
    ref = {}
    for line in r.strip().splitlines():
        parts = line.split()
        ref[parts[0]] = [float(v) for v in parts[1:]]
    outs = {}
    for stat in ("moran", "g", "gstar"):
        o = run([NQPF, "lisa", "--data", DATA, "--unit", "gb_code", "--value", col, "--period", "year",
                 "--geojson", GEO, "--subset-weights", "--stat", stat] + (["--style", "B"] if stat != "moran" else [])
                + ["--out", "-"])
        outs[stat] = {row["unit"]: row for row in csv.DictReader(io.StringIO(o)) if row["period"] == year}

    def same(a, b):
        if b != b:  # NaN in spdep (the island)
            return a != a
        return close(a, b) or abs(a - b) < 1e-14

    def num(v):
        return float(v) if v != "" else float("nan")

    bad = []
    for unit, (ii, e, var, z, p, gi, gs) in ref.items():
        m = outs["moran"][unit]
        ours = [num(m["local"]), num(m["expected"]), num(m["variance"]), num(m["z"]), num(m["p"])]
        for a, b, what in zip(ours, [ii, e, var, z, p], ("Ii", "E", "Var", "Z", "p")):
            if not same(a, b):
                bad.append("%s %s nqpf %r spdep %r" % (unit, what, a, b))
        for st, b in (("g", gi), ("gstar", gs)):
            a = num(outs[st][unit]["z"])
            if not same(a, b):
                bad.append("%s %s z nqpf %r spdep %r" % (unit, st, a, b))
    report(not bad and len(ref) == 31, "localmoran, localG and localG(include.self) of 31 provinces equal spdep to 1e-10",
           "\n".join(bad[:10]))


def main():
    if shutil.which("Rscript") is None:
        print("ok - spdep side-by-side # SKIP Rscript not installed (apt-get install r-cran-spdep r-cran-sf)")
        return 0
    try:
        rscript("suppressMessages({library(sf); library(spdep)})\n")
    except RuntimeError:
        print("ok - spdep side-by-side # SKIP R packages spdep/sf not installed")
        return 0
    neighbour_lists()
    moran_side_by_side()
    local_side_by_side()
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
