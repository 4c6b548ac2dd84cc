"""nqpf spreg reads its data through the column reader (issue 17): only the
unit, period, y and the regressors (and --coords) are parsed, so unused
columns change nothing, a bad number in a used column is reported at its
FILE:LINE:COL, and --coords X,Y is read with the data (standard input too)."""
import csv
import io
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
REF = os.environ.get("NQPF_REF") or os.path.join(ROOT, "tests", "ref")
COL = os.path.join(REF, "econ", "columbus.csv")
QUEEN = os.path.join(REF, "econ", "columbus_queen_edges.csv")
MODEL = ["--unit", "POLYID", "--y", "CRIME", "--x", "INC,HOVAL", "--model", "sdm", "--effects", "--draws", "200",
         "--seed", "3"]


def spreg(*args, stdin=None, env=None):
    return subprocess.run([NQPF, "spreg", *args, "--out", "-"], capture_output=True, text=True, input=stdin, env=env)


def write(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf-spreg-cols-")
    rows = list(csv.reader(open(COL)))
    # 30 unused text columns in front of the data (quotes, commas, blanks)
    wide = [["memo%d" % k for k in range(30)] + rows[0]]
    for i, r in enumerate(rows[1:]):
        wide.append(['say "hi", %d' % i if k % 5 == 0 else "" if k % 5 == 1 else "n/a" for k in range(30)] + r)
    wpath = os.path.join(tmp, "wide.csv")
    write(wpath, wide)
    narrow = spreg("--data", COL, *MODEL, "--weights", QUEEN)
    got = spreg("--data", wpath, *MODEL, "--weights", QUEEN)
    report(narrow.returncode == 0 and got.returncode == 0 and got.stdout == narrow.stdout and "direct:INC" in got.stdout,
           "30 unused text columns: the same bytes as the data alone", narrow.stderr + got.stderr)
    outs = [spreg("--data", wpath, *MODEL, "--weights", QUEEN, env=dict(os.environ, OMP_NUM_THREADS=t)).stdout
            for t in ("1", "2")]
    report(outs[0] == outs[1] == narrow.stdout, "OMP_NUM_THREADS 1 and 2: the same bytes")

    # a bad number in a regressor: line 12 (row 11), column 30 + INC's
    inc = rows[0].index("INC")
    bad = [r[:] for r in wide]
    bad[11][30 + inc] = "12.5.1"
    bpath = os.path.join(tmp, "bad.csv")
    write(bpath, bad)
    p = spreg("--data", bpath, *MODEL, "--weights", QUEEN)
    report(p.returncode == 4 and p.stderr == "nqpf: %s:12:%d: '12.5.1' in column 'INC': not a number\n"
           % (bpath, 31 + inc) and p.stdout == "", "a bad number in a used column: FILE:12:%d" % (31 + inc), p.stderr)
    bad[11][30 + inc], bad[11][3] = rows[11][inc], "12.5.1"
    write(bpath, bad)
    p = spreg("--data", bpath, *MODEL, "--weights", QUEEN)
    report(p.returncode == 0 and p.stdout == narrow.stdout, "a non-number in an unused column is not read", p.stderr)
    bad[20][30] = " "
    write(bpath, bad)
    p = spreg("--data", bpath, *MODEL, "--weights", QUEEN)
    report(p.returncode == 9 and p.stderr == "nqpf: %s:21:31: empty unit id\n" % bpath, "an empty unit id: FILE:21:31",
           p.stderr)

    # --coords X,Y with --knn: W as `nqpf weights` builds it from the same
    # columns (this crashed before issue 17), from a file and from stdin
    knn = os.path.join(tmp, "knn4.csv")
    q = subprocess.run([NQPF, "weights", "--data", COL, "--unit", "POLYID", "--coords", "X,Y", "--knn", "4", "--out",
                        knn], capture_output=True, text=True)
    ref = spreg("--data", COL, *MODEL, "--weights", knn)
    a = spreg("--data", wpath, *MODEL, "--coords", "X,Y", "--knn", "4")
    b = spreg("--data", "-", *MODEL, "--coords", "X,Y", "--knn", "4", stdin=open(wpath).read())
    report(q.returncode == 0 and ref.returncode == 0 and a.stdout == ref.stdout and b.stdout == ref.stdout and
           ",rho," in ref.stdout, "--coords X,Y --knn 4 = --weights of `nqpf weights --coords X,Y --knn 4`, "
           "also from standard input", q.stderr + ref.stderr + a.stderr + b.stderr)
    p = spreg("--data", wpath, *MODEL, "--coords", "X,Z", "--knn", "4")
    report(p.returncode == 5 and "%s:1: no column 'Z' in the header" % wpath in p.stderr,
           "--coords naming a column the data lacks: the header's line", p.stderr)
    xy = [r[:] for r in wide]
    xy[5][30 + rows[0].index("Y")] = "4O.1"
    write(bpath, xy)
    p = spreg("--data", bpath, *MODEL, "--coords", "X,Y", "--knn", "4")
    report(p.returncode == 4 and p.stderr == "nqpf: %s:6:%d: '4O.1' in column 'Y': not a number\n"
           % (bpath, 31 + rows[0].index("Y")), "a bad coordinate: its FILE:LINE:COL", p.stderr)
    rd = csv.DictReader(io.StringIO(ref.stdout))
    report(any(r["term"] == "W*INC" for r in rd), "the SDM has its W*X terms")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:
        report(False, "spreg through the column reader", repr(exc))
    finish()
