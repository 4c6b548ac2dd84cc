"""Excel .xlsx input (src/io/xlsx.c: minizip + expat).

The workbooks are written by openpyxl (Debian's python3-openpyxl), directly
or through pandas, not by nqpf; every command must read a sheet exactly as
the same data in CSV:
  - the bundled provincial panel on a second sheet "数据" behind a cover
    sheet ("book.xlsx#数据"): `nqpf index` and `nqpf dea` outputs
    byte-identical to the CSV runs; the first sheet by default;
  - cell kinds: integers, 0.1, 1e-20, strings with a comma, a quote and
    Chinese characters, booleans, empty cells, a formula without a cached
    value (missing); the header on row 3 under blank rows, a blank row
    inside the data;
  - errors point at the cell: a missing value at its row and column;
  - no such sheet (the sheets are listed), not a zip archive, no file:
    exit codes 5, 4, 3, nothing written; --max-memory reads a sheet.
"""
import os
import shutil
import sys
import zipfile

import openpyxl
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import report, finish  # noqa: E402
from foreign import SYSTEM, WIDE_CSV, index, run, same, scratch  # noqa: E402

tmp = scratch("xlsx")


# 1. the bundled panel on a second sheet ---------------------------------------
wide_csv = WIDE_CSV
book = os.path.join(tmp, "wide.xlsx")
with pd.ExcelWriter(book, engine="openpyxl") as w:
    pd.DataFrame({"说明": ["省域科技数据"]}).to_excel(w, sheet_name="说明", index=False)
    pd.read_csv(wide_csv).to_excel(w, sheet_name="数据", index=False)
system = SYSTEM
for name, path in (("csv", wide_csv), ("xlsx", book + "#数据")):
    r = run(["index", "--data", path, "--system", system, "--unit", "province", "--period", "year",
             "--missing", "interpolate", "--out", os.path.join(tmp, "ix_" + name)])
    report(r.returncode == 0, "index reads the %s input" % name, r.stderr)
    r = run(["dea", "--data", path, "--unit", "province", "--period", "year",
             "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "--outputs", "v4_cg_zlsq_hj", "--rts", "vrs",
             "--out", os.path.join(tmp, "dea_%s.csv" % name)])
    report(r.returncode == 0, "dea reads the %s input" % name, r.stderr)
report(same(os.path.join(tmp, "ix_csv"), os.path.join(tmp, "ix_xlsx")), "index: sheet and CSV outputs byte-identical")
report(same(os.path.join(tmp, "dea_csv.csv"), os.path.join(tmp, "dea_xlsx.csv")),
       "dea: sheet and CSV outputs byte-identical (Chinese unit names intact)")
r = run(["dea", "--data", book, "--unit", "province", "--inputs", "x", "--outputs", "y",
         "--out", os.path.join(tmp, "first.csv")])
report(r.returncode == 5 and "no column 'province'" in r.stderr.decode(),
       "without #sheet the first sheet is read", r.stderr)
r = run(["dea", "--data", book + "#Sheet9", "--unit", "province", "--inputs", "x", "--outputs", "y",
         "--out", os.path.join(tmp, "none.csv")])
msg = r.stderr.decode()
report(r.returncode == 5 and "no sheet 'Sheet9'" in msg and "'说明', '数据'" in msg
       and not os.path.exists(os.path.join(tmp, "none.csv")), "an unknown sheet: exit 5, the sheets listed", msg)

# 2. cell kinds ---------------------------------------------------------------
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "panel"
rows = [
    ("unit", "year", "a", "b", "flag"),
    ("北京", 2020, 1, 0.1, True),
    ("北京", 2021, 2, 1e-20, False),
    ("A, Inc.", 2020, 3, 0.3, True),
    None,  # a blank row inside the data
    ("A, Inc.", 2021, 4, 0.25, True),
    ('say "hi"', 2020, 5, 0.5, False),
    ('say "hi"', 2021, 6, 0.75, True),
]
r0 = 3  # header on row 3, rows 1-2 blank
for k, row in enumerate(rows):
    if row is not None:
        for c, v in enumerate(row):
            ws.cell(row=r0 + k, column=c + 1, value=v)
kinds = os.path.join(tmp, "kinds.xlsx")
wb.save(kinds)
kinds_csv = os.path.join(tmp, "kinds.csv")
with open(kinds_csv, "w", encoding="utf-8") as f:
    f.write("\n\nunit,year,a,b,flag\n北京,2020,1,0.1,1\n北京,2021,2,1e-20,0\n\"A, Inc.\",2020,3,0.3,1\n\n"
            "\"A, Inc.\",2021,4,0.25,1\n\"say \"\"hi\"\"\",2020,5,0.5,0\n\"say \"\"hi\"\"\",2021,6,0.75,1\n")
sysk = os.path.join(tmp, "sys.csv")
with open(sysk, "w") as f:
    f.write("column,direction,dimension\na,+,d1\nb,-,d1\nflag,+,d2\n")
for name, path in (("kinds_csv", kinds_csv), ("kinds_xlsx", kinds)):
    r = index(path, sysk, os.path.join(tmp, name))
    report(r.returncode == 0, "index reads %s" % name, r.stderr)
report(same(os.path.join(tmp, "kinds_csv"), os.path.join(tmp, "kinds_xlsx")),
       "numbers, booleans, quoted and Chinese strings, blank rows read as their CSV text")

# a missing cell (and a formula without a cached value) at a known position
ws.cell(row=r0 + 5, column=4).value = None     # b of ("A, Inc.", 2021): row 8, column D
ws.cell(row=r0 + 6, column=3).value = "=1+1"   # a formula openpyxl stores without a result
gap = os.path.join(tmp, "gap.xlsx")
wb.save(gap)
r = index(gap, sysk, os.path.join(tmp, "gap_out"))
msg = r.stderr.decode()
report(r.returncode == 9 and (gap + ":8:4") in msg and not os.path.exists(os.path.join(tmp, "gap_out")),
       "a missing cell is an error at its row and column (D8 -> :8:4), nothing written", msg)
r = index(gap, sysk, os.path.join(tmp, "gap_ok"), "--missing", "interpolate")
filled = open(os.path.join(tmp, "gap_ok", "filled.csv"), encoding="utf-8").read() if r.returncode == 0 else ""
report(r.returncode == 0 and filled.count("\n") == 3, "... the empty cell and the formula are the 2 cells filled",
       r.stderr.decode() + filled)
r = index(kinds, sysk, os.path.join(tmp, "kinds_budget"), "--max-memory", "1G")
report(r.returncode == 0, "--max-memory takes a workbook", r.stderr)

# 3. bad files -----------------------------------------------------------------
junk = os.path.join(tmp, "junk.xlsx")
with open(junk, "w") as f:
    f.write("unit,x\na,1\n")
r = run(["dea", "--data", junk, "--unit", "unit", "--inputs", "x", "--outputs", "x",
         "--out", os.path.join(tmp, "junk.csv")])
report(r.returncode == 4 and "not a zip archive" in r.stderr.decode()
       and not os.path.exists(os.path.join(tmp, "junk.csv")), "not a zip archive: exit 4", r.stderr)
r = run(["dea", "--data", os.path.join(tmp, "absent.xlsx"), "--unit", "unit", "--inputs", "x", "--outputs", "x",
         "--out", os.path.join(tmp, "absent.csv")])
report(r.returncode == 3 and "cannot open" in r.stderr.decode(), "no file: exit 3", r.stderr)

# a damaged cell reference (past Excel's XFD column) is refused, not expanded
bad_ref = os.path.join(tmp, "bad_ref.xlsx")
with zipfile.ZipFile(kinds) as zin, zipfile.ZipFile(bad_ref, "w") as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith("xl/worksheets/"):
            data = data.replace(b'r="A4"', b'r="ZZZZ4"', 1)
        zout.writestr(item, data)
r = run(["dea", "--data", bad_ref, "--unit", "unit", "--inputs", "a", "--outputs", "b",
         "--out", os.path.join(tmp, "bad_ref.csv")])
report(r.returncode == 4 and "beyond Excel's XFD" in r.stderr.decode(), "a column past XFD: exit 4", r.stderr)

shutil.rmtree(tmp)
finish()
