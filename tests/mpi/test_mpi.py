#!/usr/bin/python3
"""The MPI build (build-mpi/nqpf, `make mpi`) under `mpirun -np 1/2/3` on
loopback writes byte for byte what the single-process build writes, for
DEA (radial with slacks/peers/targets, SBM with undesirable outputs and
super-efficiency), the Simar-Wilson bootstrap (also with a checkpoint),
Malmquist, Moran permutations and LISA, categorical DEA (each category's
rows split over the ranks); a bad input stops every rank with
one message, one exit code and no output."""
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

ROOT = os.environ.get("NQPF_ROOT", os.getcwd())
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
MPI_NQPF = os.path.join(ROOT, "build-mpi", "nqpf")


def mpirun(np_, args, threads):
    cmd = ["mpirun", "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "-np", str(np_),
           "-x", "OMP_NUM_THREADS=%d" % threads, MPI_NQPF] + args
    return subprocess.run(cmd, capture_output=True)


if not os.access(MPI_NQPF, os.X_OK):
    report(False, "MPI build present", "%s missing: run `make mpi` (needs libopenmpi-dev)" % MPI_NQPF)
    sys.exit(1)

D = os.path.join(ROOT, "data")
rng = random.Random(5)
with tempfile.TemporaryDirectory() as d:
    panel = os.path.join(d, "panel.csv")
    with open(panel, "w") as f:
        f.write("unit,year,k,l,e,gdp,tech,co2,env\n")
        for year in (2020, 2021, 2022):
            for u in range(150):
                k, l, e = (rng.uniform(1, 100) for _ in range(3))
                eff = rng.uniform(0.3, 1.0)
                f.write("企业%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d\n" % (
                    u, year, k, l, e, eff * k ** 0.4 * l ** 0.4 * e ** 0.2 * (1 + 0.05 * (year - 2020)),
                    eff * rng.uniform(0.5, 1.5) * k ** 0.5, e * rng.uniform(0.5, 1.5), 1 + u % 4))
    base = ["--data", panel, "--unit", "unit", "--period", "year", "--inputs", "k,l,e", "--outputs", "gdp,tech"]
    prov = os.path.join(D, "china_provinces_tech_wide.csv")
    geo = ["--geojson", os.path.join(D, "china_provinces.geojson"), "--subset-weights"]
    cases = {
        "dea radial vrs, slacks, peers, targets": ["dea"] + base + ["--rts", "vrs", "--slacks", "--peers",
                                                                     "--targets"],
        "dea sbm undesirable super sequential": ["dea"] + base + ["--model", "sbm", "--rts", "vrs",
                                                                  "--undesirable", "co2", "--super",
                                                                  "--frontier", "sequential", "--slacks"],
        "dea bootstrap": ["dea"] + base + ["--rts", "vrs", "--bootstrap", "60", "--seed", "4"],
        "dea categorical": ["dea"] + base + ["--rts", "vrs", "--categorical", "env", "--slacks", "--peers"],
        "malmquist": ["malmquist"] + base + ["--rts", "vrs", "--orient", "in", "--cumulative"],
        "malmquist techch base": ["malmquist"] + base + ["--techch", "base", "--rts", "vrs"],
        # each unit its own group: the group runs split over the ranks too
        "malmquist meta": ["malmquist"] + base + ["--meta", "unit", "--frontier", "global", "--rts", "vrs"],
        "moran permutations": ["moran", "--data", prov, "--unit", "gb_code", "--value", "v4_zh_nbzc_hj",
                               "--period", "year", "--stat", "moran,geary,g", "--permutations", "499",
                               "--seed", "3"] + geo,
        "lisa permutations": ["lisa", "--data", prov, "--unit", "gb_code", "--value", "v4_zh_nbzc_hj",
                              "--period", "year", "--permutations", "499", "--seed", "3"] + geo,
    }
    for name, args in cases.items():
        ref = subprocess.run([NQPF] + args + ["--out", "-"], capture_output=True)
        if ref.returncode or len(ref.stdout) < 1000:
            report(False, name + ": single-process run", ref.stderr)
            continue
        for np_, threads in ((1, 2), (2, 1), (3, 1)):
            out = os.path.join(d, "out.csv")
            r = mpirun(np_, args + ["--out", out, "--force"], threads)
            same = r.returncode == 0 and open(out, "rb").read() == ref.stdout
            report(same, "%s: mpirun -np %d (threads %d) byte-identical" % (name, np_, threads), r.stderr)

    # the bootstrap with a checkpoint under 2 ranks, then resumed by 3
    ck = os.path.join(d, "boot.ckpt")
    args = cases["dea bootstrap"]
    ref = subprocess.run([NQPF] + args + ["--out", "-"], capture_output=True).stdout
    out = os.path.join(d, "ck.csv")
    r = mpirun(2, args + ["--checkpoint", ck, "--out", out, "--force"], 1)
    ok1 = r.returncode == 0 and open(out, "rb").read() == ref and os.path.getsize(ck) > 0
    r = mpirun(3, args + ["--checkpoint", ck, "--out", out, "--force"], 1)
    ok2 = r.returncode == 0 and open(out, "rb").read() == ref
    report(ok1 and ok2, "bootstrap checkpoint written by 2 ranks, read by 3: byte-identical", r.stderr)

    # a plain DEA checkpoint written by 3 ranks equals the single-process one
    dargs = cases["dea radial vrs, slacks, peers, targets"]
    ck1, ck3 = os.path.join(d, "d1.ckpt"), os.path.join(d, "d3.ckpt")
    r1 = subprocess.run([NQPF] + dargs + ["--checkpoint", ck1, "--out", os.path.join(d, "o1.csv")],
                        capture_output=True)
    r3 = mpirun(3, dargs + ["--checkpoint", ck3, "--out", os.path.join(d, "o3.csv")], 1)
    report(r1.returncode == 0 and r3.returncode == 0 and open(ck1, "rb").read() == open(ck3, "rb").read()
           and open(os.path.join(d, "o1.csv"), "rb").read() == open(os.path.join(d, "o3.csv"), "rb").read(),
           "dea --checkpoint: the same file and output from 1 process and 3 ranks", r3.stderr)

    # commands that do not split their work: rank 0 runs them alone
    demo1, demo2 = os.path.join(d, "demo1"), os.path.join(d, "demo2")
    r1 = subprocess.run([NQPF, "demo", "--out", demo1], capture_output=True)
    r2 = mpirun(2, ["demo", "--out", demo2], 1)
    same = r1.returncode == 0 and r2.returncode == 0
    for root_, _, files in os.walk(demo1):
        for fn in files:
            a = os.path.join(root_, fn)
            b = os.path.join(demo2, os.path.relpath(a, demo1))
            same = same and os.path.exists(b) and open(a, "rb").read() == open(b, "rb").read()
    report(same, "nqpf demo under mpirun -np 2: the same report, written once", r2.stderr)

    # a bad cell: every rank stops, one message, the exit code of the error, no output
    bad = os.path.join(d, "bad.csv")
    with open(bad, "w") as f:
        f.write("unit,x,y\na,1,2\nb,-1,3\nc,2,2\n")
    never = os.path.join(d, "never.csv")
    r = mpirun(3, ["dea", "--data", bad, "--unit", "unit", "--inputs", "x", "--outputs", "y", "--out", never], 1)
    msgs = [ln for ln in r.stderr.decode().splitlines() if ln.startswith("nqpf:")]
    report(r.returncode == 5 and len(msgs) == 1 and "bad.csv:3:2:" in msgs[0] and not os.path.exists(never),
           "bad input under 3 ranks: one message, exit 5, no output", r.stderr)

finish()
