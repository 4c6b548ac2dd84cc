#!/usr/bin/python3
"""nqpf dea --checkpoint, for the bootstrap and for plain DEA: a run killed
(SIGKILL) midway and started again with the same command resumes from the
checkpoint and writes exactly the output of an uninterrupted run; a torn
last record is dropped; a checkpoint of another run is refused."""
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")


rng = random.Random(3)
with tempfile.TemporaryDirectory() as d:
    data = os.path.join(d, "d.csv")
    with open(data, "w") as f:
        f.write("unit,year,k,l,e,gdp,tech\n")
        for year in (1, 2):
            for u in range(300):
                k, l, e = (rng.uniform(1, 100) for _ in range(3))
                eff = rng.uniform(0.4, 1.0)
                f.write("u%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g\n" % (u, year, k, l, e,
                        eff * k ** 0.4 * l ** 0.3 * e ** 0.2, eff * rng.uniform(0.5, 1.5) * k ** 0.5))
    args = ["dea", "--data", data, "--unit", "unit", "--period", "year", "--inputs", "k,l,e",
            "--outputs", "gdp,tech", "--rts", "vrs", "--bootstrap", "400", "--seed", "9"]
    env1 = dict(os.environ, OMP_NUM_THREADS="1")
    ref = subprocess.run([NQPF] + args + ["--out", "-"], capture_output=True)
    report(ref.returncode == 0 and len(ref.stdout) > 10000, "uninterrupted reference run", ref.stderr)

    ck = os.path.join(d, "boot.ckpt")
    out = os.path.join(d, "out.csv")
    p = subprocess.Popen([NQPF] + args + ["--checkpoint", ck, "--out", out], env=env1,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait for a few chunks on disk, then kill without warning
    t0 = time.time()
    while time.time() - t0 < 120 and p.poll() is None:
        if os.path.exists(ck) and os.path.getsize(ck) > 44 + 4 * (32 + 32 * 300 * 8 + 8):
            break
        time.sleep(0.02)
    killed = p.poll() is None
    if killed:
        p.send_signal(signal.SIGKILL)
    p.wait()
    size_killed = os.path.getsize(ck) if os.path.exists(ck) else 0
    full = 44 + 2 * (400 // 32 + 1) * 32 + 2 * 400 * 300 * 8 + 2 * (400 // 32 + 1) * 8
    report(killed and not os.path.exists(out) and 0 < size_killed < full,
           "the run was killed midway: no output, a partial checkpoint (%d bytes)" % size_killed)
    # tear the last record as a kill during a write would
    with open(ck, "ab") as f:
        f.write(b"\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")
    r = subprocess.run([NQPF] + args + ["--checkpoint", ck, "--out", out], env=env1, capture_output=True)
    same = r.returncode == 0 and open(out, "rb").read() == ref.stdout
    report(same, "resumed run writes exactly the uninterrupted output", r.stderr)
    report(os.path.getsize(ck) == full, "the checkpoint ends complete (%d of %d bytes)" % (os.path.getsize(ck), full))
    # a finished checkpoint: the rerun computes nothing and agrees again
    t0 = time.time()
    r2 = subprocess.run([NQPF] + args + ["--checkpoint", ck, "--out", "-"], capture_output=True)
    report(r2.returncode == 0 and r2.stdout == ref.stdout, "rerun from a complete checkpoint agrees (%.2f s)"
           % (time.time() - t0), r2.stderr)
    # another seed is another run: refused, nothing written
    other = [a if a != "9" else "10" for a in args]
    never = os.path.join(d, "never.csv")
    r3 = subprocess.run([NQPF] + other + ["--checkpoint", ck, "--out", never], capture_output=True)
    report(r3.returncode == 5 and b"another run" in r3.stderr and not os.path.exists(never),
           "a checkpoint of another run is refused", r3.stderr)
    junk = os.path.join(d, "junk")
    with open(junk, "w") as f:
        f.write("not a checkpoint\n")
    r4 = subprocess.run([NQPF] + args + ["--checkpoint", junk, "--out", never], capture_output=True)
    report(r4.returncode == 5 and b"not an nqpf checkpoint" in r4.stderr, "a foreign file is refused",
           r4.stderr)
    r5 = subprocess.run([NQPF] + args[:-4] + ["--checkpoint", ck, "--out", never], capture_output=True)
    report(r5.returncode == 5 and b"not an nqpf checkpoint" in r5.stderr and not os.path.exists(never),
           "a bootstrap checkpoint is not a plain DEA checkpoint", r5.stderr)

    # plain DEA: 4 periods x 8,000 units, records of 4,096 rows
    big = os.path.join(d, "big.csv")
    with open(big, "w") as f:
        f.write("unit,year,k,l,e,gdp,tech\n")
        for year in range(4):
            for u in range(8000):
                k, l, e = (rng.uniform(1, 100) for _ in range(3))
                eff = rng.uniform(0.4, 1.0)
                f.write("u%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g\n" % (u, year, k, l, e,
                        eff * k ** 0.4 * l ** 0.3 * e ** 0.2, eff * rng.uniform(0.5, 1.5) * k ** 0.5))
    dargs = ["dea", "--data", big, "--unit", "unit", "--period", "year", "--inputs", "k,l,e",
             "--outputs", "gdp,tech", "--rts", "vrs", "--slacks", "--peers"]
    ref = subprocess.run([NQPF] + dargs + ["--out", "-"], capture_output=True)
    dck = os.path.join(d, "dea.ckpt")
    out = os.path.join(d, "dea.csv")
    rec = 32 + 4096 * (3 + 2 * 5 + 1 + 2 * 6) * 8 + 8
    p = subprocess.Popen([NQPF] + dargs + ["--checkpoint", dck, "--out", out], env=env1,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t0 = time.time()
    while time.time() - t0 < 120 and p.poll() is None:
        if os.path.exists(dck) and os.path.getsize(dck) >= 44 + 2 * rec:
            break
        time.sleep(0.005)
    killed = p.poll() is None
    if killed:
        p.send_signal(signal.SIGKILL)
    p.wait()
    size_killed = os.path.getsize(dck) if os.path.exists(dck) else 0
    report(killed and not os.path.exists(out) and size_killed >= 44 + 2 * rec,
           "plain DEA killed midway: no output, %d bytes of checkpoint" % size_killed)
    r = subprocess.run([NQPF] + dargs + ["--checkpoint", dck, "--out", out], env=env1, capture_output=True)
    report(r.returncode == 0 and ref.returncode == 0 and open(out, "rb").read() == ref.stdout,
           "plain DEA resumed: exactly the uninterrupted output", r.stderr)
    r = subprocess.run([NQPF] + dargs[:-2] + ["--checkpoint", dck, "--out", never], capture_output=True)
    report(r.returncode == 5 and b"another run" in r.stderr and not os.path.exists(never),
           "plain DEA: a checkpoint of other options is refused", r.stderr)

finish()
