"""nqpf obstacle reads normalized.csv through the column reader (issue 17):
only unit, period and the indicators of weights.csv are parsed, so columns
it does not use cost neither time nor memory, a bad number in a used column
is reported at its FILE:LINE:COL, and the result is the obstacle degree
(Z -> I = 1 - Z, O = w I / sum w I) recomputed here."""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
if len(sys.argv) > 1:
    NQPF = sys.argv[1]
TMP = tempfile.mkdtemp(prefix="nqpf-obstacle-cols-")
W = {"x1": 0.5, "x2": 0.3, "x3": 0.2}
DIM = {"x1": "A", "x2": "A", "x3": "B"}


def run(d, *extra, env=None):
    return subprocess.run([NQPF, "obstacle", "--index-dir", d, *extra, "--out", "-"], capture_output=True, text=True,
                          env=env)


def index_dir(name, rows, unused, unused_first=True):
    """An index run's directory: normalized.csv with `unused` text columns
    (before the indicators, or after them) and weights.csv."""
    d = os.path.join(TMP, name)
    os.makedirs(d, exist_ok=True)
    extra = ["note%d" % k for k in range(unused)]
    with open(os.path.join(d, "normalized.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        head = ["unit", "period"] + (extra if unused_first else []) + list(W) + ([] if unused_first else extra)
        w.writerow(head)
        for u, p, z in rows:
            text = ["free text, %d" % k if k % 7 == 0 else "n/a" for k in range(unused)]
            w.writerow([u, p] + (text if unused_first else []) + [repr(v) for v in z] + ([] if unused_first else text))
    with open(os.path.join(d, "weights.csv"), "w") as f:
        f.write("indicator,dimension,weight\n" + "".join("%s,%s,%r\n" % (k, DIM[k], W[k]) for k in W))
    return d


def rows_of(n, seed=1):
    rnd = random.Random(seed)
    return [("u%d" % (i // 3), str(2000 + i % 3), [rnd.random() for _ in W]) for i in range(n)]


def expected(rows):
    """(period, unit, indicator) -> obstacle, from the definition."""
    out = {}
    for u, p, z in rows:
        dev = [W[k] * (1 - v) for k, v in zip(W, z)]
        s = sum(dev)
        for k, v in zip(W, dev):
            out[(p, u, k)] = v / s
    return out


def main():
    rows = rows_of(300)
    narrow = run(index_dir("narrow", rows, 0))
    wide = run(index_dir("wide", rows, 40))
    after = run(index_dir("after", rows, 40, unused_first=False))
    report(narrow.returncode == 0 and wide.returncode == 0 and wide.stdout == narrow.stdout and
           after.stdout == narrow.stdout, "40 unused text columns (before or after the indicators): the same bytes",
           narrow.stderr + wide.stderr + after.stderr)
    got = {(r["period"], r["unit"], r["name"]): float(r["obstacle"])
           for r in csv.DictReader(io.StringIO(wide.stdout)) if r["level"] == "indicator"}
    exp = expected(rows)
    worst = max(abs(got[k] - v) / abs(v) for k, v in exp.items()) if len(got) == len(exp) else float("inf")
    report(worst <= 1e-12, "obstacle degrees of the wide file equal w(1-z)/sum w(1-z) (max rel. error %.2g)" % worst)

    # a bad number in a used column: its line and its column in the file
    # (the unit, the period, 40 unused columns, then x1 x2 x3: x2 is column 44)
    d = index_dir("bad", rows, 40)
    path = os.path.join(d, "normalized.csv")
    lines = open(path).read().split("\n")
    cells = next(csv.reader([lines[57]]))

    def run_with(**cell):
        """normalized.csv with line 58's cells set (c43="..."), run."""
        for k, v in cell.items():
            cells[int(k[1:])] = v
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        lines[57] = buf.getvalue()
        open(path, "w").write("\n".join(lines))
        return run(d)

    p = run_with(c43="0.5x")
    report(p.returncode == 4 and p.stderr == "nqpf: %s:58:44: '0.5x' in column 'x2': not a number\n" % path
           and p.stdout == "", "a bad number in a used column: FILE:58:44, nothing written", p.stderr)
    p = run_with(c43="0.5", c10="0.5x")
    report(p.returncode == 0, "a non-number in an unused column is not read", p.stderr)
    # a missing value in a used column keeps its own message and place
    p = run_with(c44="")
    report(p.returncode == 9 and p.stderr == "nqpf: %s:58:45: missing normalised value of 'x3'\n" % path,
           "a missing value in a used column: FILE:58:45", p.stderr)

    outs = [run(os.path.join(TMP, "wide"), env=dict(os.environ, OMP_NUM_THREADS=t)).stdout for t in ("1", "2")]
    report(outs[0] == outs[1] == wide.stdout, "OMP_NUM_THREADS 1 and 2: the same bytes")

    # a long series: one unit over 200,000 periods, newest first.  The rows
    # are put in period order by one counting sort (a pass over every row
    # for each period took 4e10 steps here: hours, where the timeout is
    # minutes); each period's rows come together, in the periods' order.
    d = os.path.join(TMP, "long")
    os.makedirs(d, exist_ok=True)
    T = 200000
    with open(os.path.join(d, "normalized.csv"), "w") as f:
        f.write("unit,period," + ",".join(W) + "\n")
        f.write("".join("u,%d,0.25,0.5,0.75\n" % t for t in range(T - 1, -1, -1)))
    with open(os.path.join(d, "weights.csv"), "w") as f:
        f.write("indicator,dimension,weight\n" + "".join("%s,%s,%r\n" % (k, DIM[k], W[k]) for k in W))
    p = subprocess.run([NQPF, "obstacle", "--index-dir", d, "--top", "1", "--out", "-"], capture_output=True,
                       text=True, timeout=600)
    periods = [line.split(",", 1)[0] for line in p.stdout.splitlines()[1:]]
    runs = [q for i, q in enumerate(periods) if i == 0 or q != periods[i - 1]]
    report(p.returncode == 0 and len(periods) == 3 * T and runs == [str(t) for t in range(T)],
           "200,000 periods of one unit, newest first: 3 rows a period (the top indicator, 2 dimensions), in period "
           "order", p.stderr[:300])

    # memory: 20,000 rows with 400 one-letter unused columns (8 million
    # cells, 16 MB of text).  The text table kept every cell (a pointer and
    # a copy: 9 bytes a cell and more; +302 MB before issue 17); the column
    # reader keeps the used columns and a block of text (+13 MB).
    # (written row by row: the peak RSS of a child counts this process's
    # pages until the exec, so this process stays small)
    for name, unused in (("m0", 0), ("m400", 400)):
        d = os.path.join(TMP, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "normalized.csv"), "w") as f:
            f.write("unit,period," + ",".join(W) + "".join(",c%d" % k for k in range(unused)) + "\n")
            tail = ",a" * unused + "\n"
            rnd = random.Random(2)
            for i in range(20000):
                f.write("u%d,%d,%r,%r,%r%s" % (i // 3, 2000 + i % 3, rnd.random(), rnd.random(), rnd.random(), tail))
        with open(os.path.join(d, "weights.csv"), "w") as f:
            f.write("indicator,dimension,weight\n" + "".join("%s,%s,%r\n" % (k, DIM[k], W[k]) for k in W))
    rss = {}
    for name in ("m0", "m400"):
        pr = subprocess.Popen([NQPF, "obstacle", "--index-dir", os.path.join(TMP, name), "--top", "1", "--out",
                               os.path.join(TMP, name + ".csv")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(pr.pid, 0)
        rss[name] = (usage.ru_maxrss, status)
    grew = (rss["m400"][0] - rss["m0"][0]) / 1024.0
    cells = 20000 * 400
    sanitized = os.environ.get("NQPF_SANITIZED") == "1"  # ASan's shadow memory blurs the figure
    report(rss["m0"][1] == 0 and rss["m400"][1] == 0 and (sanitized or grew < 0.5 * 9 * cells / 2**20),
           "8 million unused cells raise the peak RSS by %.0f MB, under half of 9 bytes a cell (%.0f MB)"
           % (grew, 0.5 * 9 * cells / 2**20), repr(rss))


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:
        report(False, "obstacle through the column reader", repr(exc))
    finish()
