"""The spatial commands' input (issue 17: spatial_data_read through the column
reader).  The same data as a file, on standard input, as .xlsx and in GBK
with Chinese names gives the same Moran statistics; every fault is named at
the line and column this test wrote it to; coordinates are parsed on a
unit's first row only (a later row of the unit is not read); a fault of a
further column (--coords, --value2) comes after the option checks; of two
row faults the first in the file is named."""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
CASE = os.path.join(REF, "cases", "compare", "moran_geary_columbus_spdep")
EDGES = os.path.join(CASE, "edges_COLnb_contiguity.csv")
with open(os.path.join(CASE, "data.csv"), newline="") as fh:
    ROWS = list(csv.reader(fh))  # idx,region_id,CRIME,X,Y,INC,HOVAL
TMP = tempfile.mkdtemp(prefix="nqpf-spin-")


def write(name, rows, enc="utf-8"):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding=enc, newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


def changed(cells, rows=ROWS):
    """rows with (row, col, text) set; row 0 is the header, so row r is file line r + 1"""
    out = [list(r) for r in rows]
    for r, c, v in cells:
        out[r][c] = v
    return out


def nqpf(args, data=None):
    p = subprocess.run([NQPF] + args, input=data, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace").strip()


def moran(data, extra, unit="idx", value="CRIME", stdin=None):
    return nqpf(["moran", "--data", data, "--unit", unit, "--value", value, "--out", "-"] + extra, stdin)


W = ["--weights", EDGES]
ok = write("ok.csv", ROWS)
rc, ref, e = moran(ok, W)
report(rc == 0 and ref.count(b"\n") == 4, "moran on the Columbus file", e)

with open(ok, "rb") as fh:
    rc, out, e = moran("-", W, stdin=fh.read())
report(rc == 0 and out == ref, "standard input gives the same statistics as the file", e)

wb = openpyxl.Workbook()
for i, r in enumerate(ROWS):
    wb.active.append([c if i == 0 or j == 0 else float(c) for j, c in enumerate(r)])
wb.save(os.path.join(TMP, "ok.xlsx"))
rc, out, e = moran(os.path.join(TMP, "ok.xlsx"), W)
report(rc == 0 and out == ref, ".xlsx gives the same statistics as the CSV", e)

# GBK: Chinese unit names and column names, an edge list of those names
name = {r[0]: "单位%s" % r[0] for r in ROWS[1:]}
gbk = write("gbk.csv", [["单位", "犯罪"]] + [[name[r[0]], r[2]] for r in ROWS[1:]], "gbk")
with open(EDGES, newline="") as fh:
    edges = list(csv.reader(fh))
gedges = write("gbk_edges.csv", [edges[0]] + [[name[a], name[b], w] for a, b, w in edges[1:]], "gbk")
rc, out, e = moran(gbk, ["--weights", gedges], unit="单位", value="犯罪")
report(rc == 0 and out == ref, "GBK with Chinese units and columns gives the same statistics", e)

# a fault at a cell: FILE:LINE:COL of where it was written (row 5 -> line 6, CRIME is column 3)
bad = write("badval.csv", changed([(5, 2, "abc")]))
rc, _, e = moran(bad, W)
report(rc != 0 and e == "nqpf: %s:6:3: 'abc' in column 'CRIME': not a number" % bad, "non-number value at its cell", e)

bad = write("emptyunit.csv", changed([(7, 0, "")]))
rc, _, e = moran(bad, W)
report(rc != 0 and e == "nqpf: %s:8:1: empty unit id" % bad, "empty unit at its cell", e)

rc, _, e = moran(ok, W, value="CRIM")
report(rc != 0 and e.startswith("nqpf: %s:1: no column 'CRIM' in the header (did you mean 'CRIME'?)" % ok),
       "missing value column at the header", e)

# two row faults: the first in the file (a value on line 4 before a short row on line 11)
rows = changed([(3, 2, "zz")])
rows[10] = rows[10][:-1]
bad = write("twofaults.csv", rows)
rc, _, e = moran(bad, W)
report(rc != 0 and e == "nqpf: %s:4:3: 'zz' in column 'CRIME': not a number" % bad, "first of two row faults", e)

# coordinates: a panel of two periods, the second period's X of unit 3 is text
pan = [ROWS[0] + ["year"]] + [r + ["2000"] for r in ROWS[1:]] + [r + ["2001"] for r in ROWS[1:]]
knn = ["--period", "year", "--coords", "X,Y", "--knn", "4"]
rc, clean, e = moran(write("panel.csv", pan), knn)
report(rc == 0 and clean.count(b"\n") == 7, "moran by period with kNN weights from the coordinates", e)
n = len(ROWS) - 1
rc, out, e = moran(write("panel_later.csv", changed([(n + 3, 3, "bad")], pan)), knn)
report(rc == 0 and out == clean, "a unit's later row is not read for its coordinates", e)
bad = write("panel_first.csv", changed([(3, 3, "bad")], pan))
rc, _, e = moran(bad, knn)
report(rc != 0 and e == "nqpf: %s:4:4: 'bad' in column 'X': not a number" % bad, "a unit's first coordinate at its cell", e)
bad = write("panel_na.csv", changed([(3, 4, "NA")], pan))
rc, _, e = moran(bad, knn)
report(rc != 0 and e == "nqpf: %s:4: missing coordinate of unit '3'" % bad, "a missing coordinate names its unit", e)

# further columns are read after the option checks, as before the column reader
rc, _, e = moran(ok, ["--coords", "X,ZZ", "--knn", "4"] + W)
report(rc != 0 and e.startswith("nqpf: choose one kind of weights"), "an option fault before a missing --coords column", e)
rc, _, e = moran(ok, ["--coords", "X,ZZ", "--knn", "4"])
report(rc != 0 and e.startswith("nqpf: %s:1: no column 'ZZ' in the header" % ok), "missing --coords column", e)
bad = write("badinc.csv", changed([(9, 5, "x")]))
rc, _, e = moran(bad, W + ["--value2", "INC"])
report(rc != 0 and e == "nqpf: %s:10:6: 'x' in column 'INC': not a number" % bad, "--value2 fault at its cell", e)
shutil.rmtree(TMP, ignore_errors=True)
finish()
