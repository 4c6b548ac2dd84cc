#!/usr/bin/python3
"""CLI tests of the compare & diagnose commands: reference cases end to end,
output layout and error reporting."""
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
CASES = os.path.join(REF, "cases", "compare")
TMP = tempfile.mkdtemp(prefix="nqpf-cmp-")
failed = 0


def run(*args, ok=True):
    p = subprocess.run([NQPF] + list(args), capture_output=True, text=True)
    if ok and p.returncode != 0:
        raise AssertionError("nqpf %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def close(a, b, tol):
    return abs(a - b) <= tol * max(abs(b), 1e-300)


def test(fn):
    global failed
    try:
        fn()
        print("ok - %s" % fn.__name__)
    except Exception as e:  # noqa: BLE001 - report every failure
        failed += 1
        print("not ok - %s: %s" % (fn.__name__, e))


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---- gini -------------------------------------------------------------------

def gini_exact_toy():
    out = run("gini", "--data", os.path.join(CASES, "dagum_gini_exact_toy", "data.csv"), "--unit", "idx",
              "--value", "value", "--group", "group", "--out", "-").stdout
    got = {(r["component"], r["group1"], r["group2"]): float(r["value"]) for r in rows(out) if r["value"] != ""}
    exp = {r["quantity"]: float(r["decimal"]) for r in csv.DictReader(open(os.path.join(CASES, "dagum_gini_exact_toy", "expected.csv")))}
    for q in ("G", "Gw", "Gnb", "Gt"):
        assert close(got[(q, "", "")], exp[q], 1e-13), q
    for j, h in ((1, 2), (1, 3), (2, 3)):
        assert close(got[("G_jh", str(j), str(h))], exp["G_%d%d" % (j, h)], 1e-13)
        assert close(got[("D_jh", str(j), str(h))], exp["D_%d%d" % (j, h)], 1e-13)
    for j in (1, 2, 3):
        assert close(got[("G_jj", str(j), str(j))], exp["G_%d%d" % (j, j)], 1e-13)
    assert abs(got[("G", "", "")] - got[("Gw", "", "")] - got[("Gnb", "", "")] - got[("Gt", "", "")]) < 1e-15


def gini_per_period_and_errors():
    data = os.path.join(CASES, "dagum_gini_obbalx", "data.csv")
    out = run("gini", "--data", data, "--unit", "index", "--period", "year", "--value", "value", "--group", "group",
              "--out", "-").stdout
    exp = list(csv.DictReader(open(os.path.join(CASES, "dagum_gini_obbalx", "expected_recomputed_full_precision.csv"))))
    got = {(r["period"], r["component"], r["group1"], r["group2"]): float(r["value"]) for r in rows(out)}
    for e in exp:
        y = e["year"]
        assert close(got[(y, "G", "", "")], float(e["G"]), 1e-11)
        assert close(got[(y, "Gt_share", "", "")], float(e["Gt_share"]), 1e-11)
        assert close(got[(y, "G_jh", "1", "3")], float(e["G_13"]), 1e-11)
    wide = rows(run("gini", "--data", data, "--unit", "index", "--period", "year", "--value", "value", "--group",
                    "group", "--format", "wide", "--out", "-").stdout)
    assert len(wide) == len(exp)
    for w, e in zip(wide, exp):
        assert w["period"] == e["year"]
        for col in ("G", "Gw", "Gnb", "Gt", "Gw_share", "Gnb_share", "Gt_share"):
            assert close(float(w[col]), float(e[col]), 1e-11), col
        for j, h in ((1, 2), (1, 3), (2, 3)):
            assert close(float(w["G_%d_%d" % (j, h)]), float(e["G_%d%d" % (j, h)]), 1e-11)
            assert close(float(w["D_%d_%d" % (j, h)]), float(e["D_%d%d" % (j, h)]), 1e-11)
        for j in (1, 2, 3):
            assert close(float(w["G_%d" % j]), float(e["G_%d%d" % (j, j)]), 1e-11)
    bad = write("neg.csv", "u,g,v\na,1,1\nb,1,-2\nc,2,3\n")
    p = run("gini", "--data", bad, "--unit", "u", "--value", "v", "--group", "g", "--out", "-", ok=False)
    assert p.returncode == 5 and "neg.csv:3:3:" in p.stderr, p.stderr
    dup = write("dup.csv", "u,g,v\na,1,1\na,1,2\n")
    p = run("gini", "--data", dup, "--unit", "u", "--value", "v", "--group", "g", "--out", "-", ok=False)
    assert p.returncode == 5 and "dup.csv:3:" in p.stderr and "twice" in p.stderr, p.stderr
    txt = write("txt.csv", "u,g,v\na,1,1\nb,1,x\n")
    p = run("gini", "--data", txt, "--value", "v", "--group", "g", "--out", "-", ok=False)
    assert p.returncode == 4 and "txt.csv:3:3:" in p.stderr, p.stderr
    miss = write("miss.csv", "u,g,v\na,1,1\nb,1,NA\nc,2,4\n")
    p = run("gini", "--data", miss, "--value", "v", "--group", "g", "--out", "-", ok=False)
    assert p.returncode == 9, p.stderr
    p = run("gini", "--data", miss, "--value", "v", "--group", "g", "--missing", "skip", "--out", "-")
    assert [r for r in rows(p.stdout) if r["component"] == "n"][0]["value"] == "2"
    p = run("gini", "--data", data, "--value", "nope", "--out", "-", ok=False)
    assert p.returncode == 5 and "nope" in p.stderr


# ---- theil ------------------------------------------------------------------

def mexico_long():
    src = list(csv.DictReader(open(os.path.join(CASES, "theil_gini_dagum_mexico_pysal", "data.csv"))))
    lines = ["state,year,region,y"]
    for r in src:
        for y in range(1940, 2001, 10):
            lines.append('"%s",%d,%s,%s' % (r["State"], y, r["hanson98"], r["pcgdp%d" % y]))
    return write("mexico_long.csv", "\n".join(lines) + "\n")


def theil_mexico_pysal():
    out = run("theil", "--data", mexico_long(), "--unit", "state", "--period", "year", "--value", "y",
              "--group", "region", "--out", "-").stdout
    got = {(r["period"], r["component"], r["group"]): float(r["value"]) for r in rows(out) if r["value"] != ""}
    with open(os.path.join(CASES, "theil_gini_dagum_mexico_pysal", "expected.csv")) as f:
        next(f)
        n = 0
        for line in f:
            if line.startswith("#"):
                continue
            year, T, Tb, Tw = line.split(",")[:4]
            assert abs(got[(year, "T", "")] - float(T)) <= 0.5e-8
            assert abs(got[(year, "T_between", "")] - float(Tb)) <= 0.5e-8
            assert abs(got[(year, "T_within", "")] - float(Tw)) <= 0.5e-8
            n += 1
    assert n == 7
    assert close(got[("1940", "gini", "")], 0.35372371173452849, 1e-15)


# ---- obstacle / couple (synthetic_formula_pinned) -------------------------------

def pinned():
    """Z (min-max) and entropy weights (0 ln 0 := 0) recomputed from the raw data."""
    d = list(csv.DictReader(open(os.path.join(CASES, "synthetic_formula_pinned", "data_indicators.csv"))))
    cols = ["x1", "x2", "x3"]
    Z = {}
    w = {}
    for c in cols:
        x = [float(r[c]) for r in d]
        lo, hi = min(x), max(x)
        z = [(v - lo) / (hi - lo) for v in x]
        Z[c] = z
        s = sum(z)
        w[c] = 1 - (-sum(v / s * math.log(v / s) for v in z if v > 0) / math.log(len(z)))
    tot = sum(w.values())
    w = {c: w[c] / tot for c in cols}
    exp = {}
    for r in csv.DictReader(open(os.path.join(CASES, "synthetic_formula_pinned", "expected.csv"))):
        exp[(r["quantity"], r["index"])] = float(r["value"]) if r["value"] not in ("-", "") else None
    return [r["region"] for r in d], Z, w, exp


def obstacle_pinned():
    regions, Z, w, exp = pinned()
    d = os.path.join(TMP, "idx")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "normalized.csv"), "w") as f:
        f.write("unit,period,x1,x2,x3\n")
        for i, r in enumerate(regions):
            f.write("%s,2020,%r,%r,%r\n" % (r, Z["x1"][i], Z["x2"][i], Z["x3"][i]))
        f.write("BEST,2020,1,1,1\n")
    with open(os.path.join(d, "weights.csv"), "w") as f:
        f.write("indicator,dimension,weight\nx1,创新,%r\nx2,创新,%r\nx3,绿色,%r\n" % (w["x1"], w["x2"], w["x3"]))
    out = rows(run("obstacle", "--index-dir", d, "--out", "-").stdout)
    ind = {(r["unit"], r["name"]): r for r in out if r["level"] == "indicator"}
    dim = {(r["unit"], r["name"]): r for r in out if r["level"] == "dimension"}
    for i, r in enumerate(regions):
        for j, c in enumerate(["x1", "x2", "x3"]):
            assert abs(float(ind[(r, c)]["obstacle"]) - exp[("obstacle_degree", "%d;%d" % (i + 1, j + 1))]) <= 1e-14
        a = float(dim[(r, "创新")]["obstacle"])
        assert abs(a - float(ind[(r, "x1")]["obstacle"]) - float(ind[(r, "x2")]["obstacle"])) <= 1e-15
    assert ind[("R1", "x1")]["rank"] == "1" and ind[("R1", "x2")]["rank"] == "3"
    assert ind[("BEST", "x1")]["obstacle"] == "" and "best on every indicator" in ind[("BEST", "x1")]["note"]
    top = rows(run("obstacle", "--index-dir", d, "--top", "1", "--out", "-").stdout)
    r4 = [r for r in top if r["unit"] == "R4" and r["level"] == "indicator"]
    assert len(r4) == 1 and r4[0]["name"] == "x3" and float(r4[0]["obstacle"]) == 1.0
    with open(os.path.join(d, "normalized.csv"), "a") as f:
        f.write("BAD,2020,0.5,1.5,0\n")
    p = run("obstacle", "--index-dir", d, "--out", "-", ok=False)
    assert p.returncode == 5 and "normalized.csv:7:4:" in p.stderr, p.stderr



def couple_pinned():
    regions, Z, w, exp = pinned()
    lines = ["region,year,U1,U2"]
    for i, r in enumerate(regions):
        u1 = (w["x1"] * Z["x1"][i] + w["x2"] * Z["x2"][i]) / (w["x1"] + w["x2"])
        lines.append("%s,2020,%r,%r" % (r, u1, Z["x3"][i]))
    data = write("ccd.csv", "\n".join(lines) + "\n")
    out = rows(run("couple", "--data", data, "--unit", "region", "--period", "year", "--systems", "U1,U2",
                   "--out", "-").stdout)
    assert len(out) == 4
    for i, r in enumerate(out):
        for q in ("C", "T", "D"):
            assert abs(float(r[q]) - exp[("ccd_" + q, str(i + 1))]) <= 1e-14, (q, r)
        assert r["coupling"] == "standard"
    assert out[0]["level"] == "7" and out[0]["level_zh"] == "初级协调"
    assert out[3]["level"] == "10" and out[3]["level_zh"] == "优质协调"
    assert out[2]["level"] == "1" and out[2]["level_zh"] == "极度失调"
    half = rows(run("couple", "--data", data, "--unit", "region", "--systems", "U1,U2", "--coupling", "nofactor",
                    "--out", "-").stdout)
    assert abs(float(half[0]["C"]) - exp[("ccd_C", "1")] / 2) <= 1e-14 and half[0]["coupling"] == "nofactor"
    p = run("couple", "--data", data, "--systems", "U1,U2", "--alpha", "0.3,0.3", "--out", "-", ok=False)
    assert p.returncode == 2
    bad = write("ccd_bad.csv", "u,a,b\nx,0.5,1.2\n")
    p = run("couple", "--data", bad, "--unit", "u", "--systems", "a,b", "--out", "-", ok=False)
    assert p.returncode == 5 and "ccd_bad.csv:2:3:" in p.stderr, p.stderr


def couple_long_series():
    """200,000 periods of one unit, in shuffled order: the cases come out in
    period order by one counting sort (a pass over every case for each
    period took 4e10 steps: hours, where this takes a second)."""
    T = 200000
    order = list(range(T))
    random.Random(7).shuffle(order)
    data = write("ccd_long.csv", "u,t,a,b\n" + "".join("x,%d,0.5,0.25\n" % t for t in order))
    p = subprocess.run([NQPF, "couple", "--data", data, "--unit", "u", "--period", "t", "--systems", "a,b", "--out",
                        "-"], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    got = [line.split(",", 1)[0] for line in p.stdout.splitlines()[1:]]
    assert got == [str(t) for t in range(T)], got[:5]


def forecast_gm11_textbook():
    exp = {}
    for line in open(os.path.join(CASES, "gm11_textbook", "expected.csv")).read().splitlines()[1:]:
        k, v = line.split(",")[:2]
        exp[k] = float(v)
    out = rows(run("forecast", "--data", os.path.join(CASES, "gm11_textbook", "data.csv"), "--period", "k",
                   "--value", "x0", "--horizon", "3", "--out", "-").stdout)
    got = {(r["quantity"], r["k"]): float(r["value"]) for r in out}
    assert close(got[("a", "")], exp["a_full"], 1e-11)
    assert close(got[("C", "")], exp["posterior_variance_ratio_C(pop sd; residuals k=2..n)"], 1e-11)
    for k in range(1, 9):
        assert close(got[("x0hat", str(k))], exp["x0hat_%d" % k], 1e-11)
    assert got[("grade", "")] == 1 and got[("P", "")] == 1
    assert [r["period"] for r in out if r["quantity"] == "x0hat"][-1] == "8"
    # a panel with two units, one of them with a gap
    panel = write("gm_panel.csv", "u,year,v\nA,2001,2.874\nA,2002,3.278\nA,2003,3.337\nA,2004,3.39\nA,2005,3.679\n"
                  "B,2001,1\nB,2002,1.1\nB,2004,1.3\nB,2005,1.4\n")
    p = run("forecast", "--data", panel, "--unit", "u", "--period", "year", "--value", "v", "--out", "-", ok=False)
    assert p.returncode == 5 and "unit 'B'" in p.stderr and "2003" in p.stderr, p.stderr
    r = rows(run("forecast", "--data", panel, "--unit", "u", "--period", "year", "--value", "v", "--horizon", "2",
                 "--rolling", "--out", "-", ok=False).stdout)
    assert r == []  # nothing written on error (atomic output)


def thread_count_invariance():
    import random
    rnd = random.Random(5)
    lines = ["u,g,t,v"]
    for i in range(30000):
        lines.append("u%d,%d,%d,%r" % (i % 15000, i % 4, i // 15000, rnd.lognormvariate(0, 0.7)))
    data = write("big.csv", "\n".join(lines) + "\n")
    outs = []
    for th in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=th)
        a = subprocess.run([NQPF, "gini", "--data", data, "--unit", "u", "--period", "t", "--value", "v", "--group", "g",
                            "--out", "-"], capture_output=True, env=env).stdout
        b = subprocess.run([NQPF, "kde", "--data", data, "--unit", "u", "--period", "t", "--value", "v", "--grid", "64",
                            "--out", "-"], capture_output=True, env=env).stdout
        outs.append((a, b))
    assert outs[0] == outs[1] and len(outs[0][0]) > 1000 and len(outs[0][1]) > 1000


def obstacle_index_run_layout():
    """The layout `nqpf index --out DIR` writes: run.json with the shift and the
    normalisation, per-period weights with extra columns."""
    regions, Z, w, exp = pinned()
    d = os.path.join(TMP, "idx2")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "run.json"), "w") as f:
        f.write('{\n  "command": "index",\n  "options": {\n    "normalize": "minmax",\n    "shift": "0.0001"\n  }\n}\n')
    with open(os.path.join(d, "normalized.csv"), "w") as f:
        f.write("unit,period,x1,x2,x3\n")
        for t in ("2020", "2021"):
            for i, r in enumerate(regions):
                f.write("%s,%s,%r,%r,%r\n" % (r, t, Z["x1"][i] + 0.0001, Z["x2"][i] + 0.0001, Z["x3"][i] + 0.0001))
    with open(os.path.join(d, "weights.csv"), "w") as f:
        f.write("period,indicator,dimension,weight,subdimension,name,direction,e,d,status\n")
        for t, ws in (("2020", w), ("2021", {"x1": 0.5, "x2": 0.25, "x3": 0.25})):
            for c in ("x1", "x2", "x3"):
                f.write("%s,%s,D,%r,,%s,+,0,0,ok\n" % (t, c, ws[c], c))
    out = rows(run("obstacle", "--index-dir", d, "--out", "-").stdout)
    got = {(r["period"], r["unit"], r["name"]): r for r in out if r["level"] == "indicator"}
    for i, r in enumerate(regions):
        for j, c in enumerate(["x1", "x2", "x3"]):
            assert abs(float(got[("2020", r, c)]["obstacle"]) - exp[("obstacle_degree", "%d;%d" % (i + 1, j + 1))]) <= 1e-12
    # 2021 uses its own weights: R1 has I = (1, 1/3, 1/2) -> 0.5 : 0.25/3 : 0.125
    o = [float(got[("2021", "R1", c)]["obstacle"]) for c in ("x1", "x2", "x3")]
    tot = 0.5 + 0.25 / 3 + 0.125
    assert max(abs(a - b) for a, b in zip(o, [0.5 / tot, 0.25 / 3 / tot, 0.125 / tot])) <= 1e-12
    with open(os.path.join(d, "run.json"), "w") as f:
        f.write('{"options": {"normalize": "zscore", "shift": "0"}}\n')
    p = run("obstacle", "--index-dir", d, "--out", "-", ok=False)
    assert p.returncode == 5 and "zscore" in p.stderr, p.stderr


for t in (gini_exact_toy, gini_per_period_and_errors, theil_mexico_pysal, obstacle_pinned, obstacle_index_run_layout, couple_pinned,
          couple_long_series, forecast_gm11_textbook, thread_count_invariance):
    test(t)
sys.exit(1 if failed else 0)
