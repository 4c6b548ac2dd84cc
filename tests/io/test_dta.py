"""Stata .dta input (src/io/dta.c, through ReadStat).

The .dta files are written by pandas' own Stata writer (DataFrame.to_stata,
Debian's python3-pandas), not by nqpf or ReadStat; every command must read
them exactly as the same data in CSV:
  - the bundled provincial panel: `nqpf index` and `nqpf dea` outputs
    byte-identical to the CSV runs (format 118, Stata 14+, UTF-8 names);
  - storage types int8/int16/int32/float/double, a float 0.1 read as 0.1,
    strings with a comma, a quote and Chinese characters, system missing
    values as empty cells (--missing error names FILE:LINE:COL with
    LINE = observation + 1), the old format 114 as well;
  - a file that is not .dta, and one that does not exist: their exit codes
    and messages, nothing written.
"""
import os
import shutil
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import report, finish  # noqa: E402
from foreign import SYSTEM, WIDE_CSV, index, run, same, scratch  # noqa: E402

tmp = scratch("dta")


# 1. the bundled panel, CSV vs .dta ------------------------------------------
wide_csv = WIDE_CSV
wide_dta = os.path.join(tmp, "wide.dta")
pd.read_csv(wide_csv).to_stata(wide_dta, version=118, write_index=False)
system = SYSTEM
outs = {}
for name, path in (("csv", wide_csv), ("dta", wide_dta)):
    outs[name] = os.path.join(tmp, "ix_" + name)
    r = run(["index", "--data", path, "--system", system, "--unit", "province", "--period", "year",
             "--missing", "interpolate", "--weights", "critic", "--out", outs[name]])
    report(r.returncode == 0, "index reads the %s file" % name, r.stderr)
report(same(outs["csv"], outs["dta"]), "index: .dta and CSV outputs byte-identical")

dea = {}
for name, path in (("csv", wide_csv), ("dta", wide_dta)):
    dea[name] = os.path.join(tmp, "dea_%s.csv" % name)
    r = run(["dea", "--data", path, "--unit", "province", "--period", "year",
             "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "--outputs", "v4_cg_zlsq_hj", "--rts", "vrs",
             "--out", dea[name]])
    report(r.returncode == 0, "dea reads the %s file" % name, r.stderr)
report(same(dea["csv"], dea["dta"]), "dea: .dta and CSV outputs byte-identical (Chinese unit names intact)")

# 2. storage types, strings, missing values ----------------------------------
units = ["北京", "A, Inc.", 'say "hi"']
df = pd.DataFrame({
    "unit": np.repeat(units, 2),
    "year": np.tile(np.array([2020, 2021], dtype=np.int16), 3),
    "x_i8": np.array([1, 2, 3, 4, 5, 6], dtype=np.int8),
    "x_i32": np.array([100000, 200000, 150000, 250000, 120000, 180000], dtype=np.int32),
    "x_f32": np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.7], dtype=np.float32),
    "x_f64": np.array([1.5, 2.25, 3.125, 4.0, 5.5, 6.75]),
})
sysfile = os.path.join(tmp, "sys.csv")
with open(sysfile, "w") as f:
    f.write("column,direction,dimension\nx_i8,+,a\nx_i32,-,a\nx_f32,+,b\nx_f64,+,b\n")
typed_dta = os.path.join(tmp, "typed.dta")
df.to_stata(typed_dta, version=118, write_index=False)
# the same data as the CSV a user would type
typed_csv = os.path.join(tmp, "typed.csv")
with open(typed_csv, "w", encoding="utf-8") as f:
    f.write("unit,year,x_i8,x_i32,x_f32,x_f64\n")
    for k in range(6):
        u = units[k // 2]
        q = '"%s"' % u.replace('"', '""') if ("," in u or '"' in u) else u
        f.write("%s,%d,%d,%d,%s,%s\n" % (q, 2020 + k % 2, df.x_i8[k], df.x_i32[k],
                                         ["0.1", "0.2", "0.3", "0.4", "0.5", "0.7"][k], repr(df.x_f64[k])))
for name, path in (("typed_csv", typed_csv), ("typed_dta", typed_dta)):
    r = index(path, sysfile, os.path.join(tmp, name))
    report(r.returncode == 0, "index reads %s" % name, r.stderr)
report(same(os.path.join(tmp, "typed_csv"), os.path.join(tmp, "typed_dta")),
       "int8/int16/int32/float/double and quoted strings read as their CSV text (a float 0.1 is 0.1)")
scores = open(os.path.join(tmp, "typed_dta", "scores.csv"), encoding="utf-8").read()
report('"A, Inc."' in scores and '"say ""hi"""' in scores and "北京" in scores,
       "strings with a comma, a quote and Chinese characters come through", scores)

old_dta = os.path.join(tmp, "typed114.dta")
df.assign(unit=np.repeat(["Beijing", "A, Inc.", 'say "hi"'], 2)).to_stata(old_dta, version=114,
                                                                          write_index=False)
r = index(old_dta, sysfile, os.path.join(tmp, "typed114"))
s114 = open(os.path.join(tmp, "typed114", "weights.csv")).read() if r.returncode == 0 else ""
report(r.returncode == 0 and s114 == open(os.path.join(tmp, "typed_dta", "weights.csv")).read(),
       "format 114 (Stata 10-13) reads too, same weights", r.stderr)

# a Stata 10-13 file whose strings are GBK (as Chinese Stata wrote them):
# pandas writes latin-1 only, so the GBK bytes of 北京 (4 bytes) replace a
# 4-byte placeholder; --encoding gbk reads them, a format-118 file ignores it
gbk_dta = os.path.join(tmp, "gbk114.dta")
pd.DataFrame({"unit": ["QQQQ", "Beij"], "x": [1.0, 2.0], "y": [1.0, 3.0]}).to_stata(gbk_dta, version=114,
                                                                                   write_index=False)
raw = open(gbk_dta, "rb").read()
with open(gbk_dta, "wb") as f:
    f.write(raw.replace(b"QQQQ", "北京".encode("gbk")))
r = run(["dea", "--data", gbk_dta, "--unit", "unit", "--inputs", "x", "--outputs", "y", "--encoding", "gbk",
         "--out", "-"])
report(r.returncode == 0 and "北京,0.6666666666666666,ok" in r.stdout.decode(),
       "a pre-Stata-14 file with GBK strings reads under --encoding gbk", r.stdout + r.stderr)
r = run(["dea", "--data", wide_dta, "--unit", "province", "--period", "year", "--inputs", "v4_zh_nbzc_hj",
         "--outputs", "v4_cg_zlsq_hj", "--encoding", "gbk", "--out", "-"])
report(r.returncode == 0 and "北京" in r.stdout.decode(), "... while a format-118 file stays UTF-8", r.stderr)

miss = df.copy()
miss.loc[3, "x_f64"] = np.nan
miss_dta = os.path.join(tmp, "miss.dta")
miss.to_stata(miss_dta, version=118, write_index=False)
r = index(miss_dta, sysfile, os.path.join(tmp, "miss_out"))
# (the index reads cells by column position: x_f64 is the 6th column)
msg = r.stderr.decode()
report(r.returncode == 9 and (miss_dta + ":5:6") in msg and not os.path.exists(os.path.join(tmp, "miss_out")),
       "a missing value is an error at FILE:LINE:COL (observation 4 -> line 5, column 6), nothing written", msg)
r = index(miss_dta, sysfile, os.path.join(tmp, "miss_ok"), "--missing", "interpolate")
report(r.returncode == 0, "... and is filled under --missing interpolate", r.stderr)

# 3. bad files ---------------------------------------------------------------
junk = os.path.join(tmp, "junk.dta")
with open(junk, "wb") as f:
    f.write(b"unit,year,x\na,2020,1\n")
r = run(["dea", "--data", junk, "--unit", "unit", "--inputs", "x", "--outputs", "x",
         "--out", os.path.join(tmp, "junk_out.csv")])
msg = r.stderr.decode()
report(r.returncode == 4 and "not a readable Stata .dta file" in msg and junk in msg
       and not os.path.exists(os.path.join(tmp, "junk_out.csv")),
       "a file that is not .dta: exit 4 with ReadStat's reason, nothing written", msg)
r = run(["dea", "--data", os.path.join(tmp, "none.dta"), "--unit", "unit", "--inputs", "x", "--outputs", "x",
         "--out", os.path.join(tmp, "none_out.csv")])
report(r.returncode == 3 and "cannot open" in r.stderr.decode(), "a missing .dta file: exit 3", r.stderr)

shutil.rmtree(tmp)
finish()
