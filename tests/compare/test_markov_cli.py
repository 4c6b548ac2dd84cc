"""nqpf markov through the CLI on giddy's US income case (long format made
from the wide file): classic q5 matrix, steady state and mean first passage
times, and spatial Markov with cut points on relative income; errors."""
import csv
import io
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ref")
CASE = os.path.join(REF, "cases", "compare", "markov_spatial_markov_usjoin_giddy")


def run(args):
    p = subprocess.run([NQPF] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def read_expected():
    blocks, cur, name = {}, None, None
    for line in open(os.path.join(CASE, "expected_markov_q5.txt")):
        line = line.strip()
        if not line or line.startswith("#"):
            if line.startswith("# first two"):
                break
            continue
        if line.endswith(":") or "(" in line:
            name = line.split()[0].rstrip(":")
            cur = blocks.setdefault(name, [])
            continue
        cur.append([float(v) for v in line.split()])
    return blocks


def table(out, name, lag=""):
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["table"] == name and r["lag_class"] == lag]
    return rows


def main():
    tmp = tempfile.mkdtemp()
    longf = os.path.join(tmp, "long.csv")
    with open(os.path.join(CASE, "data_usjoin_wide.csv")) as f, open(longf, "w", newline="") as g:
        rd = csv.reader(f)
        head = next(rd)
        wr = csv.writer(g)
        wr.writerow(["idx", "state", "year", "pci"])
        for i, row in enumerate(rd, 1):
            for year, v in zip(head[2:], row[2:]):
                wr.writerow([i, row[0], year, v])
    exp = read_expected()
    rc, out, err = run(["markov", "--data", longf, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--classes", "5", "--mfpt", "--out", "-"])
    report(rc == 0, "markov q5 runs", err)
    if rc == 0:
        cnt = [float(r["value"]) for r in table(out, "count")]
        want = [v for row in exp["transitions"] for v in row]
        report(cnt == want, "markov q5 transition counts equal giddy", "%r" % cnt)
        p = [float(r["value"]) for r in table(out, "probability")]
        wp = [v for row in exp["p"] for v in row]
        report(all(abs(a - b) <= 0.5e-8 for a, b in zip(p, wp)) and len(p) == 25, "markov q5 probabilities (8 dp)")
        ss = [float(r["value"]) for r in table(out, "steady_state")]
        report(all(abs(a - b) <= 0.5e-8 for a, b in zip(ss, exp["steady_state"][0])) and len(ss) == 5,
               "markov q5 steady state (8 dp)", "%r" % ss)
        m = [float(r["value"]) for r in table(out, "mfpt")]
        wm = [v for row in exp["mfpt"] for v in row]
        report(all(abs(a - b) <= 0.5e-8 * max(1, abs(b)) for a, b in zip(m, wm)) and len(m) == 25,
               "markov q5 mean first passage times (8 dp)")
        soj = [float(r["value"]) for r in table(out, "sojourn")]
        report(all(abs(a - b) <= 0.5e-8 * b for a, b in zip(soj, exp["sojourn_time"][0])), "markov q5 sojourn times")
        cuts = [r for r in csv.DictReader(io.StringIO(out)) if r["table"] == "cut"]
        report(len(cuts) == 81 * 4 and cuts[0]["period"] == "1929", "per-period quantile cut points written")
    # spatial Markov on relative income with cut points
    edges = os.path.join(CASE, "edges_states48.csv")
    rc, out, err = run(["markov", "--data", longf, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--relative", "--cuts", "0.8,0.9,1,1.2", "--spatial", "--weights", edges, "--out", "-"])
    report(rc == 0, "spatial markov runs", err)
    if rc == 0:
        txt = open(os.path.join(CASE, "expected_spatial_markov_cutoffs.txt")).read().splitlines()
        mats, cur = [], None
        for line in txt:
            if line.startswith("P[lag class"):
                cur = []
                mats.append(cur)
            elif cur is not None and line and not line.startswith("#") and len(cur) < 5:
                cur.append([float(v) for v in line.split()])
        ok = True
        for l, mat in enumerate(mats):
            got = [float(r["value"]) for r in table(out, "probability", str(l + 1))]
            want = [v for row in mat for v in row]
            ok = ok and len(got) == 25 and all(abs(a - b) <= 0.5e-8 for a, b in zip(got, want))
        report(ok and len(mats) == 5, "spatial markov P per lag class equal giddy (8 dp)")
        ss0 = table(out, "steady_state", "1")
        report(ss0 and ss0[0]["value"] == "" and "no observed transitions" in ss0[0]["note"],
               "empty row: steady state reported as degenerate with the reason")
    # fill-empty + reducible chain: reason given
    rc, out, err = run(["markov", "--data", longf, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--relative", "--cuts", "0.8,0.9,1,1.2", "--spatial", "--weights", edges, "--fill-empty",
                        "--out", "-"])
    # giddy test_cutoff: S[0] of the filled lag-class-0 chain, one steady state per closed class
    ss0 = table(out, "steady_state", "1")
    want = {"1": [0.54148249, 0.16780007, 0.24991499, 0.04080245, 0.0], "2": [0, 0, 0, 0, 1.0]}
    got = {}
    for r in ss0:
        got.setdefault(r["to"], []).append(float(r["value"]))
    report(rc == 0 and sorted(got) == ["1", "2"]
           and all(abs(a - b) <= 0.5e-8 for c in want for a, b in zip(got[c], want[c])),
           "fill-empty: steady state per closed class equals giddy S[0] (8 dp)", "%r" % got)
    sc = [(r["value"], r["note"]) for r in table(out, "state_class", "1")]
    report(sc == [("1", "closed")] * 4 + [("2", "closed")], "fill-empty: communicating classes of lag class 1", "%r" % sc)
    # giddy test_markov Markov(q5[:, :2]): 1929 -> 1930 only, a reducible chain
    two = os.path.join(tmp, "two.csv")
    with open(longf) as f, open(two, "w") as g:
        for line in f:
            if line.startswith("idx") or ",1929," in line or ",1930," in line:
                g.write(line)
    rc, out, err = run(["markov", "--data", two, "--unit", "idx", "--period", "year", "--value", "pci",
                        "--classes", "5", "--mfpt", "--out", "-"])
    got = {}
    for r in table(out, "steady_state"):
        got.setdefault(r["to"], []).append(float(r["value"]))
    report(rc == 0 and got == {"1": [1.0, 0, 0, 0, 0], "3": [0, 0, 0, 1.0, 0]},
           "two years: one steady state per recurrent class (giddy)", "%r %s" % (got, err))
    inf = float("inf")
    wm = [1.0, inf, inf, inf, inf, inf, inf, 9.0, 29.0, inf, inf, inf, inf, 20, inf,
          inf, inf, inf, 1.0, inf, inf, inf, inf, 10, inf]
    cells = [r["value"] for r in table(out, "mfpt")]
    m = [float(v) for v in cells]
    report(len(m) == 25 and all(a == b if b == inf else abs(a - b) <= 1e-12 * b for a, b in zip(m, wm))
           and cells.count("inf") == 19, "two years: first passage times with inf written as inf (giddy)", "%r" % cells)
    soj = [r["value"] for r in table(out, "sojourn")]
    report(len(soj) == 5 and all(float(a) == b if b == inf else abs(float(a) - b) <= 1e-12 * b
                                 for a, b in zip(soj, [inf, 9.0, 5.5, inf, 10.0])), "two years: sojourn times (giddy)", "%r" % soj)
    sc = [(r["value"], r["note"]) for r in table(out, "state_class")]
    report(sc == [("1", "closed"), ("2", "transient"), ("2", "transient"), ("3", "closed"), ("4", "transient")],
           "two years: closed and transient states marked", "%r" % sc)
    # homogeneity tests, giddy @324f289a test_markov.py::test_chi2 (Spatial_Markov(rpci, w, fixed=True,
    # k=5, m=5): chi2 and shtest per lag class) and the Spatial_Markov docstring (LR, Q, dof_hom for m=5
    # and m=4; chi2(T[0], transitions) for k=m=4)
    from scipy import stats
    chi = [(40.5598541, 6.44644317e-04), (55.4751974, 2.97033748e-06), (17.7528996, 3.38563882e-01),
           (40.0390961, 7.68422046e-04), (46.7966803, 7.32512065e-05)]
    sht = [461.209613, 148.140694, 63.3129261, 72.2778509, 232.659201]
    base = ["markov", "--data", longf, "--unit", "idx", "--period", "year", "--value", "pci", "--relative",
            "--classing", "pooled", "--spatial", "--weights", edges, "--out", "-"]

    def val(rows, name, lag=""):
        return [float(r["value"]) for r in rows if r["table"] == name and r["lag_class"] == lag]

    rc, out, err = run(base + ["--classes", "5"])
    rows = list(csv.DictReader(io.StringIO(out)))
    ok = rc == 0
    for l in range(5):
        c, p, d = (val(rows, n, str(l + 1)) for n in ("chi2", "chi2_p", "chi2_dof"))
        ok = ok and d == [16.0] and abs(c[0] - chi[l][0]) <= 0.5e-7 * chi[l][0] and abs(p[0] - chi[l][1]) <= 0.5e-8 * chi[l][1]
        ok = ok and abs(p[0] - stats.chi2.sf(c[0], 16)) <= 1e-9 * p[0]
        sc, sp, sd = (val(rows, n, str(l + 1)) for n in ("steady_chi2", "steady_chi2_p", "steady_chi2_dof"))
        ok = ok and sd == [4.0] and abs(sc[0] - sht[l]) <= 0.5e-6 and abs(sp[0] - stats.chi2.sf(sc[0], 4)) <= 1e-9 * sp[0]
    report(ok, "spatial markov chi2 and steady-state tests per lag class equal giddy test_chi2")
    x2 = val(rows, "x2")
    report(abs(x2[0] - sum(val(rows, "chi2", str(l + 1))[0] for l in range(5))) <= 1e-12 * x2[0]
           and val(rows, "x2_dof") == [80.0] and abs(val(rows, "x2_p")[0] - stats.chi2.sf(x2[0], 80)) <= 1e-9 * val(rows, "x2_p")[0],
           "x2 = sum of the chi2, k(k-1)^2 dof")

    def hom(rows, lr_, q_, dof):
        lr, q = val(rows, "lr")[0], val(rows, "q")[0]
        return (round(lr, 3) == lr_ and round(q, 3) == q_ and val(rows, "homogeneity_dof") == [dof]
                and abs(val(rows, "lr_p")[0] - stats.chi2.sf(lr, dof)) <= 1e-9 * val(rows, "lr_p")[0]
                and abs(val(rows, "q_p")[0] - stats.chi2.sf(q, dof)) <= 1e-9 * val(rows, "q_p")[0])

    report(hom(rows, 170.659, 200.624, 60.0), "Bickenbach-Bode LR and Q, k=m=5 (giddy docstring)")
    rc, out, err = run(base + ["--classes", "5", "--lag-classes", "4"])
    report(rc == 0 and hom(list(csv.DictReader(io.StringIO(out))), 172.105, 321.128, 45.0),
           "Bickenbach-Bode LR and Q, k=5, m=4 (giddy docstring)")
    rc, out, err = run(base + ["--classes", "4"])
    rows = list(csv.DictReader(io.StringIO(out)))
    c, p = val(rows, "chi2", "1")[0], val(rows, "chi2_p", "1")[0]
    report(rc == 0 and abs(c - 23.39728441473295) <= 1e-12 * c and abs(p - 0.005363116704861337) <= 1e-12
           and val(rows, "chi2_dof", "1") == [9.0], "chi2(T[0], transitions) for k=m=4 (giddy chi2 docstring)")
    # errors
    bad = os.path.join(tmp, "dup.csv")
    with open(bad, "w") as f:
        f.write("u,t,v\na,1,1\nb,1,2\na,1,3\na,2,1\nb,2,2\n")
    rc, out, err = run(["markov", "--data", bad, "--unit", "u", "--period", "t", "--value", "v", "--classes", "2",
                        "--out", os.path.join(tmp, "o.csv")])
    report(rc == 5 and "dup.csv:4" in err and not os.path.exists(os.path.join(tmp, "o.csv")),
           "duplicate unit-period: exit 5 with line, no output", err)
    rc, out, err = run(["markov", "--data", bad, "--unit", "u", "--period", "t", "--value", "v", "--cuts", "2,1",
                        "--out", "-"])
    report(rc == 2 and "increasing" in err, "non-increasing cuts: usage error", err)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
