#!/usr/bin/python3
"""nqpf dea --categorical COL --checkpoint FILE: each category is a run of
its own on a subset of the rows, so the top category's rows go to FILE and
category K's (K < L) to FILE.catK, each file checked against its own run.

A panel of 3 periods x 900 random units (dea_rand.gen_problem: ties, zeros,
wide ranges, duplicates) in 3 categories, SBM VRS with slacks and peers.  The reference is the run without a checkpoint at one thread.  With
a checkpoint: the first run (2 threads) writes the three files and the
reference's bytes; an interrupted run is simulated as a kill would leave
it (FILE.cat2 never started, FILE.cat1 cut inside a record) and the same
command (1 thread) resumes, writes the reference's bytes again and
completes both files to exactly their full size (a run that rescored the
rows in the file would append past it); a rerun from complete files
scores nothing new and agrees (2 threads); a checkpoint of another run
(other returns to scale) is refused with nothing written."""
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import gen_problem, stack, write_panel  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")


def env(threads):
    return dict(os.environ, OMP_NUM_THREADS=str(threads))


rng = random.Random(16)
with tempfile.TemporaryDirectory() as d:
    X, Y, B, per = stack([gen_problem(rng, 900, 2, 2, 0, wide_p=0.5, always=True) for _ in range(3)])
    data = write_panel(d, X, Y, B, per, env=[1 + j % 3 for j in range(X.shape[0])])
    args = ["dea", "--data", data, "--unit", "id", "--period", "t", "--inputs", "x0,x1",
            "--outputs", "y0,y1", "--model", "sbm", "--rts", "vrs", "--slacks", "--peers",
            "--categorical", "env"]
    ref = subprocess.run([NQPF] + args + ["--out", "-"], env=env(1), capture_output=True)
    report(ref.returncode == 0 and ref.stdout.count(b"\n") == 2701, "reference run without a checkpoint",
           ref.stderr)

    ck = os.path.join(d, "run.ckpt")
    parts = [ck, ck + ".cat1", ck + ".cat2"]
    out = os.path.join(d, "out.csv")
    r = subprocess.run([NQPF] + args + ["--checkpoint", ck, "--out", out], env=env(2), capture_output=True)
    report(r.returncode == 0 and open(out, "rb").read() == ref.stdout,
           "with a checkpoint (2 threads): the reference's bytes", r.stderr)
    have = [os.path.exists(p) for p in parts]
    report(all(have) and not os.path.exists(ck + ".cat3"), "one file per category: FILE, FILE.cat1, FILE.cat2 %s"
           % have)
    full = [os.path.getsize(p) if os.path.exists(p) else 0 for p in parts]

    # as a kill during category 1's run leaves it: cat1 torn, cat2 not begun
    os.unlink(out)
    os.unlink(parts[2])
    with open(parts[1], "r+b") as f:
        f.truncate(full[1] * 2 // 3)
    r = subprocess.run([NQPF] + args + ["--checkpoint", ck, "--out", out], env=env(1), capture_output=True)
    report(r.returncode == 0 and open(out, "rb").read() == ref.stdout,
           "resumed after an interruption (1 thread): the reference's bytes", r.stderr)
    now = [os.path.getsize(p) if os.path.exists(p) else 0 for p in parts]
    report(now == full, "the resumed run completes the files to their full sizes %s (%s)" % (now, full))

    r = subprocess.run([NQPF] + args + ["--checkpoint", ck, "--out", "-"], env=env(2), capture_output=True)
    report(r.returncode == 0 and r.stdout == ref.stdout, "rerun from complete files (2 threads) agrees", r.stderr)
    report([os.path.getsize(p) for p in parts] == full, "a rerun from complete files appends nothing")

    other = [a if a != "vrs" else "crs" for a in args]
    never = os.path.join(d, "never.csv")
    r = subprocess.run([NQPF] + other + ["--checkpoint", ck, "--out", never], capture_output=True)
    report(r.returncode != 0 and b"another run" in r.stderr and not os.path.exists(never),
           "a checkpoint of another run is refused, nothing written", r.stderr)

finish()
