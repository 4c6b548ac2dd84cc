"""Helpers of the econometric report-section tests (test_report_reg.py,
_threshold, _did, _spreg): TAP lines, running nqpf, reading CSVs, comparing
numbers, and the bundled panel with the index score merged by hand."""
import csv
import math
import os
import subprocess

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
REF = os.path.abspath(os.environ.get("NQPF_REF", os.path.join(ROOT, "tests", "ref")))
DATA = os.path.abspath(os.path.join(ROOT, "data"))
PANEL = os.path.join(DATA, "china_provinces_tech_wide.csv")
# the [data] and [system] sections of a project on the bundled panel
BASE = ("[data]\nfile = %s\nunit = province\nperiod = year\nmissing = interpolate\n"
        "[system]\nfile = %s/nqpf_system.csv\n" % (PANEL, DATA))
failures = 0


def check(cond, name, detail=""):
    global failures
    print(("ok - " if cond else "not ok - ") + name + ("" if cond or not detail else ": " + str(detail)))
    failures += 0 if cond else 1


def run(*args):
    return subprocess.run([NQPF, *args], capture_output=True, text=True)


def rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.reader(fh))


def num(s):
    return float(s) if s != "" else math.nan


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


def merged_panel(tmp):
    """The bundled panel with nqpf index's score joined on province and year,
    as text (pandas' float parser is not round-trip exact); returns its path."""
    idx = os.path.join(tmp, "idx")
    run("index", "--data", PANEL, "--system", os.path.join(DATA, "nqpf_system.csv"), "--unit", "province",
        "--period", "year", "--missing", "interpolate", "--out", idx)
    raw = rows(PANEL)
    score = {(r[0], r[1]): r[2] for r in rows(os.path.join(idx, "scores.csv"))[1:]}
    ui, pi = raw[0].index("province"), raw[0].index("year")
    path = os.path.join(tmp, "merged.csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(raw[0] + ["score"])
        for r in raw[1:]:
            w.writerow(r + [score.get((r[ui], r[pi]), "")])
    return path


def bad_projects(tmp, cases):
    """Each (name, project text, expected message): nqpf run fails with it and writes nothing."""
    bad, out = os.path.join(tmp, "bad.ini"), os.path.join(tmp, "bad-out")
    for name, text, want in cases:
        with open(bad, "w", encoding="utf-8") as fh:
            fh.write(text)
        q = run("run", bad, "--out", out, "--quiet")
        check(q.returncode != 0 and want in q.stderr and not os.path.exists(out),
              "bad project (%s): '%s', nothing written" % (name, want), q.stderr.strip())


# [dea] tests (test_report_dea.py, test_report_dea_keys.py): a project's
# [dea] against `nqpf dea` on the same data, inputs and outputs
DEA_X, DEA_Y = "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj"


def dea_project(tmp, name, text, data=None):
    """Run a project of the bundled panel (or data) with [dea] inputs DEA_X, outputs DEA_Y and text;
    its output directory, the result and the project file."""
    base = BASE if data is None else BASE.replace(PANEL, data)
    path = os.path.join(tmp, name + ".ini")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(base + "[dea]\ninputs = %s\noutputs = %s\n" % (DEA_X, DEA_Y) + text)
    out = os.path.join(tmp, name)
    return out, run("run", path, "--out", out, "--quiet", "--force"), path


def dea_cli(tmp, name, *args, data=PANEL):
    """`nqpf dea` on data (province, year, DEA_X, DEA_Y) with args; its output file and the result."""
    out = os.path.join(tmp, name + "-cli.csv")
    p = run("dea", "--data", data, "--unit", "province", "--period", "year", "--inputs", DEA_X, "--outputs", DEA_Y,
            *args, "--out", out, "--force")
    return out, p


def same_file(a, b):
    with open(a, "rb") as f1, open(b, "rb") as f2:
        return f1.read() == f2.read()
