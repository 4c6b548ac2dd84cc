#!/usr/bin/python3
"""--max-memory (nqpf dea, malmquist, index): a run over the limit stops
before reading the data, with exit code 7, a message naming both sizes and
no output; the DEA estimate tracks the memory really used (peak RSS of the
process, less the resident size of a tiny run) within a factor of two."""
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")


def peak_kib(args):
    """Peak RSS (KiB) of one run, its own: GNU time (Debian's `time`, scripts/deps.sh).  A Python
    parent's RUSAGE_CHILDREN counted the pages of the Python process that started it (about
    10 MB), which hid the tiny run's own peak once nqpf stopped linking librsvg (5 MB)."""
    with tempfile.NamedTemporaryFile(mode="r") as t:
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + args, capture_output=True)
        return r.returncode, int(t.read().split()[-1])


if os.environ.get("NQPF_SANITIZED"):
    print("ok - memory estimate not compared under the sanitizers (shadow memory)")
    sys.exit(0)
rng = random.Random(2)
with tempfile.TemporaryDirectory() as d:
    data = os.path.join(d, "d.csv")
    with open(data, "w") as f:
        f.write("unit,k,l,e,gdp,tech\n")
        for u in range(30000):
            k, l, e = (rng.uniform(1, 100) for _ in range(3))
            eff = rng.uniform(0.4, 1.0)
            f.write("u%d,%.6g,%.6g,%.6g,%.6g,%.6g\n" % (u, k, l, e, eff * k ** 0.4 * l ** 0.3 * e ** 0.2,
                                                         eff * rng.uniform(0.5, 1.5) * k ** 0.5))
    tiny = os.path.join(d, "tiny.csv")
    with open(tiny, "w") as f:
        f.write("unit,k,l,e,gdp,tech\na,1,1,1,1,1\nb,2,1,1,1,2\n")
    base = ["dea", "--unit", "unit", "--inputs", "k,l,e", "--outputs", "gdp,tech", "--rts", "vrs", "--slacks",
            "--peers"]
    out = os.path.join(d, "out.csv")
    r = subprocess.run([NQPF] + base + ["--data", data, "--max-memory", "4M", "--out", out], capture_output=True)
    msg = r.stderr.decode()
    report(r.returncode == 7 and "over --max-memory 4.0 MiB" in msg and "needs about" in msg
           and not os.path.exists(out), "over the limit: exit 7, both sizes named, no output", msg)
    r = subprocess.run([NQPF] + base + ["--data", data, "--max-memory", "lots", "--out", out], capture_output=True)
    report(r.returncode == 2 and b"--max-memory" in r.stderr, "a malformed size is a usage error", r.stderr)
    # the estimate (read back from the refusal message) against the real peak
    r = subprocess.run([NQPF] + base + ["--data", data, "--max-memory", "1K", "--out", out], capture_output=True)
    est_mib = float(r.stderr.decode().split("needs about ")[1].split(" MiB")[0])
    os.environ["OMP_NUM_THREADS"] = "1"
    rc0, tiny_kib = peak_kib([NQPF] + base + ["--data", tiny, "--out", os.path.join(d, "t.csv")])
    rc1, big_kib = peak_kib([NQPF] + base + ["--data", data, "--max-memory", "1G", "--out", out])
    used_mib = (big_kib - tiny_kib) / 1024.0
    report(rc0 == 0 and rc1 == 0 and os.path.exists(out), "within the limit the run completes")
    report(0.5 * used_mib <= est_mib <= 2.0 * used_mib + 1,
           "estimate %.1f MiB vs %.1f MiB really used (30,000 units)" % (est_mib, used_mib))
    # the bootstrap's share: B x n distances dominate
    r = subprocess.run([NQPF] + base[:-2] + ["--data", data, "--bootstrap", "5000", "--max-memory", "1K",
                                             "--out", out + "2"], capture_output=True)
    est_boot = float(r.stderr.decode().split("needs about ")[1].split(" MiB")[0])
    report(r.returncode == 7 and est_boot > 5000 * 30000 * 8 / 1048576.0,
           "the bootstrap estimate counts the B x n replications (%.0f MiB)" % est_boot, r.stderr)

    # the other commands with a budget
    root = os.environ.get("NQPF_ROOT", os.getcwd())
    prov = os.path.join(root, "data", "china_provinces_tech_wide.csv")
    mq = os.path.join(d, "mq.csv")
    r = subprocess.run([NQPF, "malmquist", "--data", prov, "--unit", "province", "--period", "year",
                        "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "--outputs", "v4_cg_zlsq2_fm",
                        "--max-memory", "100K", "--out", mq], capture_output=True)
    report(r.returncode == 7 and b"over --max-memory" in r.stderr and not os.path.exists(mq),
           "malmquist over the limit stops", r.stderr)
    ix = os.path.join(d, "ix")
    r = subprocess.run([NQPF, "index", "--data", prov, "--system", os.path.join(root, "data", "nqpf_system.csv"),
                        "--unit", "province", "--period", "year", "--missing", "interpolate", "--max-memory", "8K",
                        "--out", ix], capture_output=True)
    report(r.returncode == 7 and b"over --max-memory" in r.stderr and not os.path.exists(ix),
           "index over the limit stops", r.stderr)
    r = subprocess.run([NQPF, "index", "--data", prov, "--system", os.path.join(root, "data", "nqpf_system.csv"),
                        "--unit", "province", "--period", "year", "--missing", "interpolate", "--max-memory", "1G",
                        "--quiet", "--out", ix], capture_output=True)
    report(r.returncode == 0 and os.path.isdir(ix), "index within the limit completes", r.stderr)

finish()
