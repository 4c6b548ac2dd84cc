"""Helpers shared by the tests of Excel and Stata input (test_xlsx.py,
test_dta.py): the binary, the bundled data, a scratch folder, and the
comparison of a run on a foreign file with the same run on CSV."""
import os
import subprocess
import tempfile

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
DATA = os.path.join(ROOT, "data")
WIDE_CSV = os.path.join(DATA, "china_provinces_tech_wide.csv")
SYSTEM = os.path.join(DATA, "nqpf_system.csv")


def scratch(kind):
    return tempfile.mkdtemp(prefix="nqpf-%s-" % kind)


def run(args):
    return subprocess.run([NQPF] + args, capture_output=True)


def same(a, b):
    """Files a and b byte-identical; for folders, the files named in b's
    listing of CSV outputs."""
    if os.path.isdir(a):
        return all(same(os.path.join(a, f), os.path.join(b, f)) for f in sorted(os.listdir(a))
                   if f.endswith(".csv"))
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def index(data, system, out, *extra):
    """`nqpf index` of a unit/year panel into the folder out."""
    return run(["index", "--data", data, "--system", system, "--unit", "unit", "--period", "year",
                "--out", out] + list(extra))
