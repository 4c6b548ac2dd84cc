"""nqpf moran --stat jc (join counts) against esda's test literals (lat2W(4,4)
rook lattice, the first 8 cells 0, the rest 1: BB 10, BW 4, WW 10, J 24;
pseudo p and permutation means by distribution: esda @16b7e86
esda/tests/test_join_counts.py) and side by side with R spdep
joincount.test / joincount.multi (non-free sampling) on the lattice and on
Columbus (CRIME above its median) with binary and row-standardised weights.
Skips the R part visibly when Rscript or spdep is absent."""
import csv
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
COL = os.path.join(REF, "cases", "compare", "moran_geary_columbus_spdep")


def run(args):
    p = subprocess.run([NQPF] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def jc(data, edges, style, perms=999):
    rc, out, err = run(["moran", "--data", data, "--unit", "id", "--value", "y", "--weights", edges, "--style", style,
                        "--stat", "jc", "--permutations", str(perms), "--seed", "5", "--out", "-"])
    if rc:
        raise RuntimeError(err)
    return {r["statistic"]: r for r in csv.DictReader(io.StringIO(out))}


R_CODE = """
suppressMessages(library(spdep))
e <- read.csv("%s"); d <- read.csv("%s"); n <- nrow(d)
nb <- lapply(1:n, function(i) as.integer(sort(e$to[e$from == i])))
class(nb) <- "nb"; attr(nb, "region.id") <- as.character(1:n)
lw <- nb2listw(nb, style = "%s")
jt <- joincount.test(factor(d$y), lw)
for (k in 1:2) cat(sprintf("%%.17g", c(jt[[k]]$estimate, jt[[k]]$statistic, jt[[k]]$p.value)), "\\n")
jm <- joincount.multi(factor(d$y), lw)
cat(sprintf("%%.17g", jm["1:0", ]), "\\n")
"""


def main():
    tmp = tempfile.mkdtemp()
    lat, ly = os.path.join(tmp, "lat.csv"), os.path.join(tmp, "lat_y.csv")
    with open(lat, "w") as f:
        f.write("from,to\n")
        for r in range(4):
            for c in range(4):
                for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                    if 0 <= rr < 4 and 0 <= cc < 4:
                        f.write("%d,%d\n" % (r * 4 + c + 1, rr * 4 + cc + 1))
    with open(ly, "w") as f:
        f.write("id,y\n" + "".join("%d,%d\n" % (i + 1, 0 if i < 8 else 1) for i in range(16)))
    res = jc(ly, lat, "B")
    v = {k[-2:]: float(r["value"]) for k, r in res.items()}
    report(v == {"BB": 10.0, "BW": 4.0, "WW": 10.0} and sum(v.values()) == 24, "lattice BB, BW, WW, J equal esda")
    bb, bw = res["join_count_BB"], res["join_count_BW"]
    # esda: mean sim_bb 5.5465 (999 draws), p_sim_bb 0.003, mean sim_bw 12.8118, p_sim_bw 1.0
    se_bb = float(bb["perm_sd"]) * math.sqrt(2 / 999)
    se_bw = float(bw["perm_sd"]) * math.sqrt(2 / 999)
    report(abs(float(bb["perm_mean"]) - 5.5465465465465469) <= 4 * se_bb and
           abs(float(bw["perm_mean"]) - 12.811811811811811) <= 4 * se_bw, "permutation means agree with esda's by distribution")
    report(float(bb["perm_p_folded"]) <= 0.003 + 4 * math.sqrt(0.003 * 0.997 * 2 / 999) and float(bw["perm_p"]) == 1.0,
           "pseudo p agree with esda (p_sim_bb by distribution, p_sim_bw = 1)", "%s %s" % (bb["perm_p_folded"], bw["perm_p"]))
    # Columbus: CRIME above its median
    rows = list(csv.DictReader(open(os.path.join(COL, "data.csv"))))
    crime = sorted(float(r["CRIME"]) for r in rows)
    med = crime[len(crime) // 2]
    cy = os.path.join(tmp, "col_y.csv")
    with open(cy, "w") as f:
        f.write("id,y\n" + "".join("%s,%d\n" % (r["idx"], float(r["CRIME"]) > med) for r in rows))
    cedges = os.path.join(COL, "edges_COLnb_contiguity.csv")
    if not shutil.which("Rscript") or subprocess.run(["Rscript", "-e", "library(spdep)"], capture_output=True).returncode:
        print("ok - R spdep side-by-side # SKIP Rscript or spdep not installed")
    else:
        for data, edges, style in ((ly, lat, "B"), (cy, cedges, "B"), (cy, cedges, "W")):
            with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
                f.write(R_CODE % (edges, data, style))
            out = subprocess.run(["Rscript", "--vanilla", f.name], capture_output=True, text=True).stdout.split("\n")
            os.unlink(f.name)
            ww_r, bb_r, bw_r = ([float(t) for t in line.split()] for line in out[:3])
            got = jc(data, edges, style, 0)
            ok = True
            for name, rv in (("join_count_WW", ww_r), ("join_count_BB", bb_r)):
                g = got[name]
                mine = [float(g["value"]), float(g["expected"]), float(g["variance_randomisation"]),
                        float(g["z_randomisation"]), float(g["p_randomisation"])]
                ok = ok and all(abs(a - b) <= 1e-9 * max(abs(b), 1e-300) for a, b in zip(mine, rv))
            g = got["join_count_BW"]
            mine = [float(g["value"]), float(g["expected"]), float(g["variance_randomisation"]),
                    float(g["z_randomisation"])]
            ok = ok and all(abs(a - b) <= 1e-9 * abs(b) for a, b in zip(mine, bw_r))
            report(ok, "join counts, moments, z, p equal spdep joincount.test/.multi (%s, style %s)"
                   % (os.path.basename(data), style), "%r %r %r" % (ww_r, bb_r, bw_r))
    # errors: a value that is not 0/1; --stat jc with --value2
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w") as f:
        f.write("id,y\n" + "".join("%d,%s\n" % (i + 1, "0.5" if i == 3 else "1") for i in range(16)))
    o = os.path.join(tmp, "o.csv")
    rc, out, err = run(["moran", "--data", bad, "--unit", "id", "--value", "y", "--weights", lat, "--stat", "jc",
                        "--out", o])
    report(rc != 0 and "0/1" in err and "'4'" in err and not os.path.exists(o), "non-binary value: error, no output", err)
    rc, out, err = run(["moran", "--data", ly, "--unit", "id", "--value", "y", "--value2", "y", "--weights", lat,
                        "--stat", "jc", "--out", o])
    report(rc == 2 and "jc" in err, "--stat jc with --value2: usage error", err)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
