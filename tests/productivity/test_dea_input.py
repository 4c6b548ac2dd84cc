#!/usr/bin/python3
"""The one DEA input path (nqpf_dea_input_read): `nqpf dea`, `nqpf malmquist`
and the report's [dea] read the data, the panel and the --economic prices
through it, so a bad file gets the same answer everywhere.

1. (unit, period) unique: 40 random panels with repeated rows planted at
   random places; the row named is the first one pandas' duplicated(keep=
   'first') flags, with the line of its first occurrence (pandas is the
   oracle: the C check buckets rows by unit and is not a scan in file
   order); without --period a unit may appear once.
2. An empty unit, an empty --meta group: "missing ..." at the cell.
3. The price columns come with the same read: a negative price is an error
   at its FILE:LINE:COL as a negative input is; a price list of the wrong
   length is a usage error before the file is opened.
4. The report's [dea] reads as `nqpf dea`: a negative input gives the same
   FILE:LINE:COL message and no report.
"""
import os
import random
import subprocess
import sys
import tempfile

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
DATA = os.path.join(ROOT, "data")
tmp = tempfile.mkdtemp(prefix="nqpf_dea_input_")


def run(*args):
    return subprocess.run([NQPF] + list(args), capture_output=True, text=True)


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


# ---- 1. (unit, period) unique, against pandas ---------------------------
rng = random.Random(11)
bad = []
for case in range(40):
    units = ["u%d" % k for k in range(rng.randint(1, 6))]
    periods = [str(2000 + k) for k in range(rng.randint(1, 5))]
    rows = [(u, t) for u in units for t in periods]
    rng.shuffle(rows)
    for _ in range(rng.randint(0, 3)):  # plant repeats anywhere in the file
        rows.insert(rng.randint(0, len(rows)), rng.choice(rows))
    df = pd.DataFrame(rows, columns=["unit", "year"], dtype=str)
    df["x"] = [rng.randint(1, 9) for _ in rows]
    df["y"] = [rng.randint(1, 9) for _ in rows]
    # unit in the third column, so the message's column is not the first
    df = df[["x", "year", "unit", "y"]]
    path = os.path.join(tmp, "dup%d.csv" % case)
    df.to_csv(path, index=False)
    for cmd, by in (("dea", ["unit", "year"]), ("malmquist", ["unit", "year"]), ("dea", ["unit"])):
        args = [cmd, "--data", path, "--unit", "unit", "--inputs", "x", "--outputs", "y",
                "--out", os.path.join(tmp, "o.csv"), "--force"]
        if len(by) == 2:
            args += ["--period", "year"]
        p = run(*args)
        dup = df.duplicated(by, keep="first")
        if not dup.any():  # malmquist needs two periods: only no complaint about duplicates
            ok = "appears twice" not in p.stderr and (cmd == "malmquist" or p.returncode == 0)
            want = "no duplicate"
        else:
            i = int(dup.idxmax())
            u = df.loc[i, "unit"]
            first = int(df.index[(df["unit"] == u) & ((df["year"] == df.loc[i, "year"]) if len(by) == 2 else True)][0])
            where = " in period '%s'" % df.loc[i, "year"] if len(by) == 2 else ""
            want = "nqpf: %s:%d:3: unit '%s' appears twice%s (first on line %d)" % (path, i + 2, u, where, first + 2)
            ok = p.returncode == 5 and p.stderr.strip() == want
        if not ok:
            bad.append((cmd, by, path, want, p.returncode, p.stderr))
report(not bad, "duplicates: 40 panels x (dea, malmquist, dea without --period): the row pandas flags first, "
       "with its first line", bad[:3])

# ---- 2. empty unit, empty group -----------------------------------------
path = write("nounit.csv", "unit,year,g,x,y\na,1,A,1,2\n,1,A,2,3\nb,1,B,3,3\n")
for cmd in ("dea", "malmquist"):
    p = run(cmd, "--data", path, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
            "--out", os.path.join(tmp, "o.csv"), "--force")
    report(p.returncode == 9 and p.stderr.strip() == "nqpf: %s:3:1: missing unit" % path,
           "%s: an empty unit is an error at its cell" % cmd, (p.returncode, p.stderr))
path = write("nogroup.csv", "unit,year,g,x,y\na,1,A,1,2\nb,1,,2,3\nc,1,B,3,3\n")
for cmd in ("dea", "malmquist"):
    p = run(cmd, "--data", path, "--unit", "unit", "--period", "year", "--inputs", "x", "--outputs", "y",
            "--meta", "g", "--out", os.path.join(tmp, "o.csv"), "--force")
    report(p.returncode == 9 and p.stderr.strip() == "nqpf: %s:3:3: missing group (--meta)" % path,
           "%s --meta: an empty group is an error at its cell" % cmd, (p.returncode, p.stderr))

# ---- 3. prices in the same read -----------------------------------------
path = write("prices.csv", "unit,x1,x2,y,w1,w2\na,1,2,3,1,1\nb,2,1,3,1,-0.5\nc,2,2,2,1,1\n")
out = os.path.join(tmp, "cost.csv")
base = ["dea", "--data", path, "--unit", "unit", "--inputs", "x1,x2", "--outputs", "y", "--economic", "cost",
        "--out", out, "--force"]
p = run(*base, "--input-prices", "w1,w2")
report(p.returncode == 5 and p.stderr.strip() ==
       "nqpf: %s:3:6: negative value -0.5 in column 'w2' (DEA needs non-negative data)" % path
       and not os.path.exists(out), "--economic: a negative price is an error at its cell, nothing written",
       (p.returncode, p.stderr))
p = run(*base, "--input-prices", "w1,nope")
report(p.returncode == 5 and "nope" in p.stderr and path in p.stderr and not os.path.exists(out),
       "--economic: a price column not in the file is named", (p.returncode, p.stderr))
gone = os.path.join(tmp, "no-such-file.csv")
p = run("dea", "--data", gone, "--unit", "unit", "--inputs", "x1,x2", "--outputs", "y", "--economic", "cost",
        "--input-prices", "w1", "--out", out)
report(p.returncode == 2 and
       p.stderr.strip() == "nqpf: --input-prices: 1 price columns for 2 inputs (--economic cost)",
       "--economic: a price list of the wrong length is a usage error before the file is read",
       (p.returncode, p.stderr))

# ---- 4. the report's [dea] reads as nqpf dea ----------------------------
src = pd.read_csv(os.path.join(DATA, "china_provinces_tech_wide.csv"), dtype=str, keep_default_na=False)
col = "v4_zh_nbzc_hj"
r = 4  # a data row with a published value
src.loc[r, col] = "-" + src.loc[r, col].lstrip("-")
neg = os.path.join(tmp, "neg.csv")
src.to_csv(neg, index=False)
want_col = list(src.columns).index(col) + 1
p = run("dea", "--data", neg, "--unit", "province", "--period", "year", "--inputs", col,
        "--outputs", "v4_cg_zlsq2_fm", "--out", os.path.join(tmp, "d.csv"), "--force")
ini = write("neg.ini", "[data]\nfile = %s\nunit = province\nperiod = year\nmissing = interpolate\n"
            "[system]\nfile = %s/nqpf_system.csv\n[dea]\ninputs = %s\noutputs = v4_cg_zlsq2_fm\n"
            % (neg, os.path.abspath(DATA), col))
rep = os.path.join(tmp, "rep")
q = run("run", ini, "--out", rep, "--quiet")
cell = "%s:%d:%d: negative value" % (neg, r + 2, want_col)
report(p.returncode == 5 and cell in p.stderr, "nqpf dea: a negative input at its cell", (p.returncode, p.stderr))
report(q.returncode == 5 and q.stderr == p.stderr and not os.path.exists(rep),
       "report [dea]: the same message as nqpf dea, no report", (q.returncode, q.stderr, p.stderr))
finish()
