"""nqpf reg on the command line: bad input (FILE:LINE:COL or option errors,
README's exit codes, nothing written), reported degenerate cases
(collinear / absorbed regressors, missing cells, singletons), --by, thread
count invariance and the --help examples on the bundled data."""
import csv
import math
import os
import shlex
import subprocess
import sys
import tempfile

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
REF = os.environ.get("NQPF_REF", os.path.join(ROOT, "tests", "ref"))
fails = 0


def check(name, ok, detail=""):
    global fails
    fails += not ok
    print(("ok - " if ok else "not ok - ") + name + (("  # " + detail) if detail and not ok else ""))


def run(*args, env=None, cwd=None):
    return subprocess.run([NQPF, "reg", *args], capture_output=True, text=True, env=env, cwd=cwd)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def stats_of(path):
    with open(path, newline="") as f:
        return {(r["model"], r["statistic"]): r["value"] for r in csv.DictReader(f)}


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf_reg_cli_")
    d = os.path.join(tmp, "d.csv")
    rows = ["u,t,g,y,x1,x2,z,c,w"]
    for i in range(24):
        u, t = i // 4, i % 4
        x1 = (i * 7) % 11 + 0.5 * t
        rows.append("%d,%d,%s,%r,%r,%r,%r,1,%r" % (u, t, "AB"[u % 2] if u < 5 else "C", x1 * 2 + u + (i % 3),
                                                   x1, (i * 5) % 7 + 0.1 * u, (i * 3) % 5 + x1, 1 + (i % 2)))
    write(d, "\n".join(rows) + "\n")
    out, st = os.path.join(tmp, "out.csv"), os.path.join(tmp, "st.csv")
    base = ["--data", d, "--y", "y", "--out", out, "--stats", st]

    # ---- bad input: exit code, message, nothing written
    bad = os.path.join(tmp, "bad.csv")
    write(bad, "u,t,y,x1\n1,1,2,3\n1,2,3,4\n2,1,abc,5\n2,2,5,6\n")
    byd = os.path.join(tmp, "byd.csv")
    write(byd, "g,y,x1,x2\nA,1,2,3\nA,2,3,1\nA,4,1,5\nA,3,5,2\nA,6,2,2\nB,1,2,3\nB,5,3,7\n")
    negw = os.path.join(tmp, "negw.csv")
    write(negw, "u,y,x1,w\n1,2,3,1\n1,3,4,1\n2,4,5,-2\n2,5,7,1\n")
    cases = [
        ("unknown column", base + ["--x", "x1,nosuch"], 5, d + ":1: no column 'nosuch'"),
        ("constant regressor", base + ["--x", "x1,c"], 6, "regressor 'c' is constant"),
        ("instrument that is also a regressor", base + ["--x", "x1,z", "--iv", "x2=z"], 2,
         "'z' is a regressor and also an instrument"),
        ("fewer than 2 clusters", base + ["--x", "x1", "--cluster", "c"], 6, "at least 2 clusters: 'c' has 1"),
        ("non-numeric cell", ["--data", bad, "--y", "y", "--x", "x1", "--out", out, "--stats", st], 4, bad + ":4:3:"),
        ("--by group too small", ["--data", byd, "--y", "y", "--x", "x1,x2", "--by", "g", "--out", out, "--stats", st],
         6, "by group 'B': 2 observations for 3 parameters"),
        ("negative weight", ["--data", negw, "--y", "y", "--x", "x1", "--weights", "w", "--out", out], 5,
         negw + ":4:4:"),
        ("underidentified IV", base + ["--iv", "x1=z;x2=z"], 2, "'z' is an instrument and also an instrument"),
        ("unknown --vce", base + ["--x", "x1", "--vce", "hc3"], 2, "--vce takes"),
        ("malformed --iv", base + ["--iv", "x1"], 2, "write ENDOG=Z1,Z2"),
        ("--vce cluster without --cluster", base + ["--x", "x1", "--vce", "cluster"], 2, "needs --cluster"),
        ("unknown option", base + ["--x", "x1", "--absorbb", "u"], 2, "absorbb"),
        ("every group a singleton", base + ["--x", "x1", "--absorb", "u#t"], 6, "no observation left"),
    ]
    for name, args, code, msg in cases:
        p = run(*args)
        ok = p.returncode == code and msg in p.stderr and p.stderr.startswith("nqpf: ")
        ok = ok and not os.path.exists(out) and not os.path.exists(st)
        check("bad input: %s -> exit %d, message, nothing written" % (name, code), ok,
              "rc %d, stderr %r" % (p.returncode, p.stderr))
        for f in (out, st):
            if os.path.exists(f):
                os.remove(f)

    # ---- degenerate cases reported, never a made-up number
    d2 = os.path.join(tmp, "d2.csv")
    with open(d) as f:
        lines = f.read().splitlines()
    hdr = lines[0] + ",x3,xu"
    body = []
    for i, line in enumerate(lines[1:]):
        c = line.split(",")
        x3 = repr(2 * float(c[4]) - float(c[5]))          # collinear with x1, x2
        xu = repr(float(c[0]) * 1.5)                        # constant within u
        if i == 5:
            c[3] = "NA"                                     # a missing cell
        body.append(",".join(c) + "," + x3 + "," + xu)
    body.append("99,0,C,1,2,3,4,1,1,5,6")                   # a singleton unit
    write(d2, "\n".join([hdr] + body) + "\n")
    p = run("--data", d2, "--y", "y", "--x", "x1,x2,x3,xu", "--absorb", "u,t", "--out", out, "--stats", st,
            "--force")
    s = stats_of(st) if p.returncode == 0 else {}
    with open(out) if p.returncode == 0 else open(os.devnull) as f:
        coef = {r["term"]: r for r in csv.DictReader(f)} if p.returncode == 0 else {}
    check("collinear regressor dropped and named", p.returncode == 0 and s.get(("ols", "collinear:x3")) == "1"
          and coef.get("x3", {}).get("estimate") == "" and "regressor 'x3' is collinear" in p.stderr, p.stderr)
    check("regressor absorbed by the fixed effects reported", s.get(("ols", "absorbed:xu")) == "1" and
          "'xu' is absorbed by the fixed effects" in p.stderr)
    check("missing cell dropped listwise and counted", s.get(("ols", "N_missing")) == "1")
    check("singleton dropped and counted", s.get(("ols", "N_singletons")) == "1" and s.get(("ols", "N")) == "23"
          and "1 singleton observations dropped" in p.stderr)
    p = run("--data", d2, "--y", "y", "--x", "x1,x2", "--absorb", "u,t", "--keep-singletons", "--out", out,
            "--stats", st, "--force")
    s = stats_of(st)
    check("--keep-singletons keeps it", s.get(("ols", "N_singletons")) == "0" and s.get(("ols", "N")) == "24")

    # ---- --by equals the model on each group's rows
    p = run(*base, "--x", "x1,x2", "--by", "g", "--vce", "robust", "--force")
    by = {}
    with open(out) as f:
        for r in csv.DictReader(f):
            by[(r["by"], r["term"])] = r
    with open(d) as f:
        lines = f.read().splitlines()
    sub = os.path.join(tmp, "sub.csv")
    write(sub, "\n".join([lines[0]] + [l for l in lines[1:] if l.split(",")[2] == "A"]) + "\n")
    q = run("--data", sub, "--y", "y", "--x", "x1,x2", "--vce", "robust", "--out", "-")
    one = {r["term"]: r for r in csv.DictReader(q.stdout.splitlines())}
    check("--by: group A's rows equal the model fitted on them alone", p.returncode == 0 and all(
        by[("A", t)][k] == one[t][k] for t in ("x1", "x2", "_cons") for k in ("estimate", "se", "p", "ci_lo")))

    # ---- identical bytes for any thread count (three absorbed dims, two-way clusters, IV)
    pr = os.path.join(REF, "econ", "produc.csv")
    outs = []
    for threads in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=threads)
        o, s2 = os.path.join(tmp, "th%s.csv" % threads), os.path.join(tmp, "th%s_s.csv" % threads)
        p = run("--data", pr, "--y", "gsp", "--x", "pc,emp,unemp", "--iv", "pcap=hwy,water", "--absorb",
                "state,year,region#year", "--cluster", "state,year", "--out", o, "--stats", s2, env=env)
        outs.append(open(o, "rb").read() + open(s2, "rb").read() if p.returncode == 0 else p.stderr)
    check("1 and 2 threads give byte-identical outputs", outs[0] == outs[1] and isinstance(outs[0], bytes))

    # ---- --bdiff: permutation test of a coefficient difference between the two --by groups
    two = os.path.join(tmp, "two.csv")
    with open(d) as f:
        lines = f.read().splitlines()
    write(two, "\n".join([lines[0]] + [l for l in lines[1:] if l.split(",")[2] in "AB"]) + "\n")
    res = []
    for th in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=th)
        o2, s2 = os.path.join(tmp, "bd%s.csv" % th), os.path.join(tmp, "bds%s.csv" % th)
        p = run("--data", two, "--y", "y", "--x", "x1,x2", "--by", "g", "--bdiff", "x1", "--boot", "200", "--seed",
                "3", "--out", o2, "--stats", s2, env=env)
        res.append(open(o2, "rb").read() + open(s2, "rb").read() if p.returncode == 0 else p.stderr)
    check("--bdiff: 1 and 2 threads give byte-identical outputs", res[0] == res[1] and isinstance(res[0], bytes))
    with open(os.path.join(tmp, "bd1.csv")) as f:
        est = {(r["by"], r["term"]): float(r["estimate"]) for r in csv.DictReader(f)}
    with open(os.path.join(tmp, "bd1.csv")) as f:
        se = {(r["by"], r["term"]): float(r["se"]) for r in csv.DictReader(f)}
    with open(os.path.join(tmp, "bds1.csv")) as f:
        bs = {r["statistic"]: float(r["value"]) for r in csv.DictReader(f) if r["model"] == "bdiff"}
    z = (est[("A", "x1")] - est[("B", "x1")]) / math.sqrt(se[("A", "x1")] ** 2 + se[("B", "x1")] ** 2)
    check("--bdiff: z test of independent groups by hand", abs(bs["z_indep"] - z) <= 1e-14 * abs(z) and
          abs(bs["z_indep_p"] - math.erfc(abs(z) / math.sqrt(2))) < 1e-15)
    check("--bdiff: diff = b(A) - b(B) and permutation p-values in [0, 1]",
          abs(bs["diff:x1"] - (est[("A", "x1")] - est[("B", "x1")])) < 1e-15 and 0 <= bs["perm_p_one"] <= 1
          and 0 <= bs["perm_p_two"] <= 1 and bs["perm_reps"] == 200 and bs["perm_failed"] == 0, str(bs))
    dup = os.path.join(tmp, "dup.csv")
    body = [l for l in lines[1:] if l.split(",")[2] == "A"]
    write(dup, "\n".join([lines[0]] + body + [l.replace(",A,", ",B,") for l in body]) + "\n")
    p = run("--data", dup, "--y", "y", "--x", "x1,x2", "--by", "g", "--bdiff", "x1", "--boot", "50", "--out", "-",
            "--stats", os.path.join(tmp, "dups.csv"))
    with open(os.path.join(tmp, "dups.csv")) as f:
        bs = {r["statistic"]: float(r["value"]) for r in csv.DictReader(f) if r["model"] == "bdiff"}
    check("--bdiff: identical groups give diff 0 and two-sided p 1", p.returncode == 0 and bs["diff:x1"] == 0.0
          and bs["perm_p_two"] == 1.0, str(bs))
    p = run("--data", d, "--y", "y", "--x", "x1", "--by", "g", "--bdiff", "x1", "--out", os.path.join(tmp, "no.csv"))
    check("--bdiff with three groups -> exit 2, nothing written",
          p.returncode == 2 and "exactly 2 groups" in p.stderr and not os.path.exists(os.path.join(tmp, "no.csv")))

    # ---- --table: the paper's table agrees with the coefficient file (3 decimals, stars by p)
    tab, co = os.path.join(tmp, "tab.csv"), os.path.join(tmp, "tabco.csv")
    p = run("--data", d, "--y", "y", "--x", "x1,x2", "--absorb", "u", "--by", "g", "--cluster", "t", "--out", co,
            "--table", tab)
    ok = p.returncode == 0
    if ok:
        with open(co) as f:
            coef = list(csv.DictReader(f))
        with open(tab, newline="") as f:
            rows = list(csv.reader(f))
        groups = rows[2][1:]
        for r in coef:
            col = 1 + groups.index(r["by"])
            i = [k for k, row in enumerate(rows) if row[0] == r["term"]][0]
            pv = float(r["p"])
            st = "***" if pv < 0.01 else "**" if pv < 0.05 else "*" if pv < 0.1 else ""
            ok = ok and rows[i][col] == "%.3f%s" % (float(r["estimate"]), st)
            ok = ok and rows[i + 1][col] == "(%.3f)" % float(r["se"])
        first = [row[0] for row in rows]
        ok = ok and "FE: u" in first and "N" in first and "R2" in first and "Within R2" in first
        ok = ok and rows[first.index("FE: u")][1:] == ["Yes"] * len(groups)
    check("--table: coefficients with stars and (se) as in the coefficient file, FE and N rows", ok)
    p = run(*base, "--x", "x1", "--mediator", "x2", "--table", os.path.join(tmp, "med.tex"), "--force")
    tex = open(os.path.join(tmp, "med.tex")).read() if p.returncode == 0 else ""
    check("--table with --mediator: a LaTeX table with the total, a and b columns",
          "\\toprule" in tex and "& total & a & b" in tex and "\\bottomrule" in tex, tex[:300])

    # ---- the --help examples run on the bundled data
    h = subprocess.run([NQPF, "reg", "--help"], capture_output=True, text=True).stdout
    ex, cur = [], None
    for line in h.splitlines():
        if line.startswith("  nqpf reg "):
            cur = line.strip()
        elif cur is not None and line.startswith("           "):
            cur = cur.rstrip("\\").rstrip() + " " + line.strip()
        else:
            cur = None
        if cur is not None and not cur.endswith("\\"):
            ex.append(cur)
            cur = None
    okx = len(ex) >= 3
    for e in ex:
        a = shlex.split(e)[2:]
        a = [os.path.join(tmp, x) if x.endswith(".csv") and not x.startswith("data/") else x for x in a]
        p = subprocess.run([NQPF, "reg", *a], capture_output=True, text=True, cwd=ROOT)
        okx = okx and p.returncode == 0
    check("the %d --help examples run on the bundled data" % len(ex), okx)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
