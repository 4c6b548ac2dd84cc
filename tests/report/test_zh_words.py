#!/usr/bin/python3
"""No machine words in the Chinese report's tables (issue 15): the table
bodies of report.docx, tables/*.tex and index.html's tables hold no ASCII
identifier -- a word with an underscore (beta_abs, ln_y0) or a lower-case
English word of three letters or more (period, unit, all, mean, radial,
contemporaneous) -- except the data's own names (units, the data file's
column names, the indicator names of the system file, which the user
wrote).  Upper-case notation (HH, TFP, R&D, SCI) and numbers are print.
The CSV files keep the machine values (malmquist_means.csv kind = period).

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/report/test_zh_words.py
"""
import csv
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

import docx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import report, finish  # noqa: E402

NQPF = os.environ["NQPF"]
ROOT = os.environ["NQPF_ROOT"]
DATA = os.path.join(ROOT, "data")
TMP = tempfile.mkdtemp(prefix="nqpf-zh-")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|(?<![A-Za-z0-9])[a-z]{3,}(?![A-Za-z0-9])")


def own_names(out):
    """Names the user wrote: units, the data file's columns, the indicators."""
    names = set()
    with open(os.path.join(out, "tables", "scores.csv"), encoding="utf-8") as f:
        names |= {r["unit"] for r in csv.DictReader(f)}
    with open(os.path.join(DATA, "china_provinces_tech_wide.csv"), encoding="utf-8-sig") as f:
        names |= set(next(csv.reader(f)))
    with open(os.path.join(DATA, "nqpf_system.csv"), encoding="utf-8-sig") as f:
        for r in csv.reader(f):
            names |= set(r)
    with open(os.path.join(DATA, "pwt91_subset.csv"), encoding="utf-8-sig") as f:
        rd = csv.DictReader(f)
        for r in rd:
            names |= {r.get("countrycode", ""), r.get("country", "")}
    return {n.strip() for n in names if n}


def bad_cells(cells, own):
    return sorted({(where, c) for where, c in cells if c.strip() not in own and WORD.search(c)})


try:
    out = os.path.join(TMP, "demo")
    p = subprocess.run([NQPF, "demo", "--out", out], capture_output=True)
    report(p.returncode == 0, "nqpf demo (Chinese) runs", p.stderr)
    if p.returncode == 0:
        own = own_names(out)
        d = docx.Document(os.path.join(out, "report.docx"))
        cells = [("docx table %d" % k, c.text) for k, t in enumerate(d.tables) for row in t.rows[1:]
                 for c in row.cells]
        bad = bad_cells(cells, own)
        report(cells and not bad, "report.docx: no machine word in %d table cells" % len(cells), bad[:12])
        cells = []
        for name in sorted(os.listdir(os.path.join(out, "tables"))):
            if not name.endswith(".tex"):
                continue
            body = open(os.path.join(out, "tables", name), encoding="utf-8").read()
            body = body.split("\\midrule", 1)[-1].split("\\bottomrule", 1)[0]
            for line in body.split("\\\\"):
                # LaTeX markup (\\beta, \\_) is not a word of the table
                cells += [(name, re.sub(r"\\[A-Za-z]+", "", re.sub(r"\\([_&%$#])", r"\1", c)).strip())
                          for c in line.split(" & ")]
        bad = bad_cells(cells, own)
        report(cells and not bad, "tables/*.tex: no machine word in %d table cells" % len(cells), bad[:12])
        page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
        cells = [("index.html", html.unescape(re.sub(r"<[^>]+>", "", c)))
                 for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
        bad = bad_cells(cells, own)
        report(cells and not bad, "index.html: no machine word in %d table cells" % len(cells), bad[:12])
        with open(os.path.join(out, "tables", "malmquist_means.csv"), encoding="utf-8") as f:
            kinds = {r["kind"] for r in csv.DictReader(f)}
        report(kinds == {"period", "unit", "all"}, "malmquist_means.csv keeps the machine values of kind", kinds)
        with open(os.path.join(out, "tables", "beta.csv"), encoding="utf-8") as f:
            models = {r["model"] for r in csv.DictReader(f)}
        report("beta_abs" in models, "beta.csv keeps the machine values of model", models)
finally:
    shutil.rmtree(TMP, ignore_errors=True)
finish()
