#!/usr/bin/env python3
"""--bom (issue 15): a UTF-8 byte-order mark at the start of each CSV a
command writes (Excel on a Chinese Windows reads a CSV without one as GBK);
without it the output is plain UTF-8, byte for byte the same after the
mark.  Checked through each way a command writes: the driver's --out
(gini, forecast), a command's own file (moran, markov), several files
(spreg --diagnostics), a report (nqpf run --bom and `[project] bom = yes`).

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/cli/test_bom.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

NQPF = os.path.abspath(os.environ.get("NQPF", "build/nqpf"))
ROOT = os.path.abspath(os.environ.get("NQPF_ROOT", os.getcwd()))
D = os.path.join(ROOT, "data")
W = os.path.join(D, "china_provinces_tech_wide.csv")
COL = os.path.join(ROOT, "tests", "ref", "cases", "compare", "moran_geary_columbus_spdep")
BOM = b"\xef\xbb\xbf"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, finish, report as check  # noqa: E402


def run(args, cwd):
    return subprocess.run([NQPF] + args, cwd=cwd, capture_output=True)


tmp = tempfile.mkdtemp(prefix="nqpf-bom-")
CASES = [
    ("gini", ["gini", "--data", W, "--unit", "province", "--period", "year", "--value", "v4_zh_nbzc_hj",
              "--group", "region4"], ["out.csv"]),
    ("forecast", ["forecast", "--data", W, "--unit", "province", "--period", "year", "--value",
                  "v4_zh_nbzc_hj"], ["out.csv"]),
    ("moran", ["moran", "--data", os.path.join(COL, "data.csv"), "--unit", "idx", "--value", "CRIME", "--weights",
               os.path.join(COL, "edges_COLnb_contiguity.csv"), "--permutations", "0"], ["out.csv"]),
    ("markov", ["markov", "--data", W, "--unit", "gb_code", "--period", "year", "--value", "v4_zh_nbzc_hj"],
     ["out.csv"]),
    ("spreg", ["spreg", "--data", os.path.join(COL, "data.csv"), "--unit", "idx", "--y", "CRIME", "--x", "INC,HOVAL",
               "--model", "sar", "--weights", os.path.join(COL, "edges_COLnb_contiguity.csv"), "--diagnostics",
               "diag.csv"], ["out.csv", "diag.csv"]),
]
try:
    reg = json.loads(subprocess.run([NQPF, "help", "--json"], capture_output=True, check=True).stdout)
    with_bom = [c["name"] for c in reg["commands"] if c["options"] and any(o["name"] == "bom" for o in c["options"])]
    check(all(n in with_bom for n, _, _ in CASES) and "run" in with_bom,
          "--bom is declared by the commands that write CSV here", with_bom)
    for name, args, files in CASES:
        for bom in (0, 1):
            d = os.path.join(tmp, "%s%d" % (name, bom))
            os.mkdir(d)
            p = run(args + ["--out", "out.csv"] + (["--bom"] if bom else []), d)
            check(p.returncode == 0, "%s %s runs" % (name, "--bom" if bom else "without --bom"), p.stderr)
        for f in files:
            plain = open(os.path.join(tmp, name + "0", f), "rb").read()
            marked = open(os.path.join(tmp, name + "1", f), "rb").read()
            check(not plain.startswith(BOM) and marked == BOM + plain,
                  "%s %s: plain UTF-8 by default, the BOM and the same bytes with --bom" % (name, f))
    # the report: --bom and [project] bom = yes give the same tables
    ini = open(os.path.join(D, "nqpf_project.ini"), encoding="utf-8").read()
    for key, extra in (("flag", []), ("key", None)):
        d = os.path.join(tmp, "run-" + key)
        os.mkdir(d)
        for name in os.listdir(D):
            os.symlink(os.path.join(D, name), os.path.join(d, name))
        text = ini if extra is not None else ini.replace("[project]", "[project]\nbom = yes", 1)
        with open(os.path.join(d, "p.ini"), "w", encoding="utf-8") as fh:
            fh.write(text)
        p = run(["run", "p.ini", "--out", "o", "--quiet"] + (["--bom"] if extra is not None else []), d)
        check(p.returncode == 0, "run with the BOM by %s" % key, p.stderr)
        scores = open(os.path.join(d, "o", "tables", "scores.csv"), "rb").read() if p.returncode == 0 else b""
        check(scores.startswith(BOM), "run with the BOM by %s: tables/scores.csv starts with it" % key)
    bad = os.path.join(tmp, "run-key", "p.ini")
    with open(bad, encoding="utf-8") as fh:
        t = fh.read().replace("bom = yes", "bom = maybe", 1)
    with open(bad, "w", encoding="utf-8") as fh:
        fh.write(t)
    p = run(["run", "p.ini", "--out", "o3", "--quiet"], os.path.join(tmp, "run-key"))
    check(p.returncode == 5 and b"'maybe': bom must be yes, no, true or false" in p.stderr,
          "[project] bom = maybe: the flag's message at FILE:LINE:COL", p.stderr)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print("%d failed" % failures() if failures() else "all passed")
finish()
