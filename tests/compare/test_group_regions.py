#!/usr/bin/python3
"""--group nbs4 / belt3 / zone8 / ns2: the built-in regional groupings of the
provinces in the unit column (src/core/regions.c).  The NBS four regions
must give exactly what the bundled panel's own region4 column gives (labels
东部/中部/西部/东北 for East/Central/West/Northeast); a unit that is not a
province is an error at its cell; a real column of that name wins."""
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
DATA = os.path.join(ROOT, "data", "china_provinces_tech_wide.csv")
ZH = {"East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"}


def run(cmd, group, data=DATA, unit="province"):
    return subprocess.run([NQPF, cmd, "--data", data, "--unit", unit, "--period", "year", "--value",
                           "v4_zh_nbzc_hj", "--group", group, "--out", "-"], capture_output=True, text=True)


for cmd in ("gini", "theil"):
    a, b = run(cmd, "nbs4"), run(cmd, "region4")
    ra = list(csv.reader(io.StringIO(a.stdout)))
    rb = [[ZH.get(x, x) for x in row] for row in csv.reader(io.StringIO(b.stdout))]
    report(a.returncode == 0 and b.returncode == 0 and ra == rb and len(ra) > 50,
           "%s --group nbs4 equals --group region4 (the data's own NBS column), labels in Chinese" % cmd,
           a.stderr + b.stderr)

# the same through GB codes and English names as units
for unit in ("gb_code", "province_en"):
    a, b = run("gini", "nbs4", unit=unit), run("gini", "nbs4")
    ga = [row for row in csv.reader(io.StringIO(a.stdout))]
    gb = [row for row in csv.reader(io.StringIO(b.stdout))]
    report(a.returncode == 0 and ga == gb, "--group nbs4 from %s as the unit column gives the same Gini" % unit, a.stderr)

r = run("gini", "zone8")
groups = {row["group1"] for row in csv.DictReader(io.StringIO(r.stdout)) if row["group1"]}
report(r.returncode == 0 and groups == {"东北", "北部沿海", "东部沿海", "南部沿海", "黄河中游", "长江中游", "大西南", "大西北"},
       "--group zone8: the eight comprehensive economic zones", r.stderr)

with tempfile.TemporaryDirectory() as tmp:
    bad = os.path.join(tmp, "bad.csv")
    rows = list(csv.reader(open(DATA, encoding="utf-8")))
    rows[5][0] = "香港"
    with open(bad, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    r = run("gini", "belt3", data=bad)
    report(r.returncode == 5 and "bad.csv:6:1" in r.stderr and "not a mainland province" in r.stderr,
           "a unit that is not a mainland province: exit 5 at its cell", r.stderr)
    with open(bad, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["province", "year", "v4_zh_nbzc_hj", "nbs4"])
        w.writerow(["北京", "2020", "1", "A"])
        w.writerow(["上海", "2020", "2", "B"])
    r = run("gini", "nbs4", data=bad)
    got = {row["group1"] for row in csv.DictReader(io.StringIO(r.stdout)) if row["group1"]}
    report(r.returncode == 0 and got == {"A", "B"}, "a data column named nbs4 wins over the built-in grouping",
           r.stderr)

finish()
