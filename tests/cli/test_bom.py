#!/usr/bin/env python3
"""--bom (issue 15): a UTF-8 byte-order mark at the start of each CSV a
command writes (Excel on a Chinese Windows reads a CSV without one as GBK);
without it the output is plain UTF-8, byte for byte the same after the
mark.  Every command with an --out (from `nqpf help --json`) declares
--bom, and its first --help example is run with and without it: each CSV
it writes (or prints, --out -) is the BOM and the same bytes, other files
(run.json, .tex) are the same; the report by nqpf run --bom and by
`[project] bom = yes`.

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/cli/test_bom.py
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

NQPF = os.path.abspath(os.environ.get("NQPF", "build/nqpf"))
ROOT = os.path.abspath(os.environ.get("NQPF_ROOT", os.getcwd()))
D = os.path.join(ROOT, "data")
BOM = b"\xef\xbb\xbf"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import failures, finish, report as check  # noqa: E402
from examples import commands_in  # noqa: E402


def run(args, cwd):
    return subprocess.run([NQPF] + args, cwd=cwd, capture_output=True)


tmp = tempfile.mkdtemp(prefix="nqpf-bom-")
# Commands that write no CSV of their own: demo writes the bundled project's
# report, which is `nqpf run` (checked below with --bom and the project key).
NO_CSV = {"demo"}


def first_example(name):
    """The --help examples of a command up to its own first one: those before
    it (another command writing its input, as tobit's dea) run first."""
    h = subprocess.run([NQPF, name, "--help"], capture_output=True, text=True).stdout
    m = re.search(r"\nExamples?:\n(.*)", h, re.S)
    ex = commands_in(m.group(1)) if m else []
    for k, e in enumerate(ex):
        if e.split()[1] == name:
            return ex[:k], e
    return ex, None


def files_under(d):
    out = {}
    for base, dirs, names in os.walk(d):
        dirs[:] = [x for x in dirs if x not in ("data", "tests")]
        for n in names:
            full = os.path.join(base, n)
            out[os.path.relpath(full, d)] = open(full, "rb").read()
    return out


def run_example_in(d, line, bom):
    argv = [NQPF] + shlex.split(line)[1:] + (["--bom"] if bom else [])
    return subprocess.run(argv, cwd=d, capture_output=True, timeout=600)


try:
    reg = json.loads(subprocess.run([NQPF, "help", "--json"], capture_output=True, check=True).stdout)
    writers = [c["name"] for c in reg["commands"]
               if c["options"] and any(o["name"] == "out" for o in c["options"]) and c["name"] not in NO_CSV]
    for name in writers:
        c = next(c for c in reg["commands"] if c["name"] == name)
        check(any(o["name"] == "bom" for o in c["options"]), "%s declares --bom" % name)
        if name == "run":
            continue  # the report: below
        before, ex = first_example(name)
        check(ex is not None, "%s has an example to run with --bom" % name)
        if ex is None:
            continue
        got = []
        for bom in (0, 1):
            d = os.path.join(tmp, "%s%d" % (name, bom))
            os.mkdir(d)
            for sub in ("data", "tests"):
                os.symlink(os.path.join(ROOT, sub), os.path.join(d, sub))
            ok = all(run_example_in(d, e, 0).returncode == 0 for e in before)
            old = files_under(d)
            p = run_example_in(d, ex, bom)
            check(ok and p.returncode == 0, "%s %s runs: %s" % (name, "--bom" if bom else "without --bom", ex),
                  p.stderr[-400:])
            new = {k: v for k, v in files_under(d).items() if old.get(k) != v}
            if "--out -" in ex:
                new["(standard output)"] = p.stdout
            got.append(new)
        plain, marked = got
        csvs = [k for k in plain if k.endswith(".csv") or k == "(standard output)"]
        check(plain.keys() == marked.keys() and csvs, "%s writes the same files with --bom, CSV among them" % name,
              sorted(plain))
        for k in sorted(plain):
            if k in csvs:
                check(not plain[k].startswith(BOM) and marked.get(k) == BOM + plain[k],
                      "%s %s: plain UTF-8 by default, the BOM and the same bytes with --bom" % (name, k))
            else:  # run.json, .tex: no spreadsheet reads them, no mark
                check(marked.get(k) == plain[k], "%s %s: not a CSV, the same with and without --bom" % (name, k))
    # a LaTeX file is never marked (xelatex reads it), a CSV table is
    d = os.path.join(tmp, "reg-table")
    os.mkdir(d)
    reg_args = ["reg", "--data", os.path.join(D, "china_provinces_tech_wide.csv"), "--unit", "province", "--period",
                "year", "--y", "v4_zh_nbzc_hj", "--x", "v4_zh_qsdl_hj", "--absorb", "unit,period", "--bom"]
    p = run(reg_args + ["--table", "t.tex", "--out", "o.csv"], d)
    q = run(reg_args + ["--table", "t.csv", "--out", "o2.csv"], d)
    check(p.returncode == 0 and q.returncode == 0, "reg --bom --table runs", p.stderr + q.stderr)
    tex = open(os.path.join(d, "t.tex"), "rb").read() if p.returncode == 0 else BOM
    tcsv = open(os.path.join(d, "t.csv"), "rb").read() if q.returncode == 0 else b""
    check(not tex.startswith(BOM) and tex.startswith(b"\\"), "reg --bom --table t.tex: LaTeX without the mark")
    check(tcsv.startswith(BOM), "reg --bom --table t.csv: the CSV table with the mark")
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
