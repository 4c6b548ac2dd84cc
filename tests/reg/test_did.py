#!/usr/bin/python3
"""nqpf did on Callaway and Sant'Anna's mpdta (tests/ref/econ/mpdta.csv):

- Callaway-Sant'Anna ATT(g,t) and the dynamic / group / overall
  aggregations equal the published did README values (PROVENANCE.md) to
  their printed decimals, and an independent numpy computation (group means
  of the outcome changes, did's aggte weights) to 1e-10; the analytic SE of
  ATT(g,t) equals the two-sample influence-function formula (1e-10);
  not-yet-treated controls and a covariate (outcome regression) against
  numpy too; the multiplier bootstrap is the same for 1 and 2 threads;
- TWFE DID and the event studies (-3,3 and the binned -2,2) equal
  estimatr::lm_robust(fixed_effects = ~ countyreal + year, clusters =
  countyreal, se_type = "stata") (coefficients 1e-10, SEs 1e-8 with --dof
  all; the default reghdfe SEs by the factor sqrt((n - K_all)/(n - K))),
  and the pre-trend Wald F; --treat gives what --first-treated gives;
- placebo draws byte-identical for OMP_NUM_THREADS=1 and 2;
- bad input: an error with its exit code, nothing written.
"""
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

ROOT = os.environ.get("NQPF_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
REF = os.environ.get("NQPF_REF") or os.path.join(ROOT, "tests", "ref")
DATA = os.path.join(REF, "econ", "mpdta.csv")
BASE = ["did", "--data", DATA, "--unit", "countyreal", "--period", "year", "--y", "lemp"]
FT = ["--first-treated", "first.treat"]


def run(args, env=None):
    return subprocess.run([NQPF] + args, capture_output=True, text=True, env=env)


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def estimates(path):
    num = lambda v: float(v) if v else math.nan  # noqa: E731
    return {(r["model"], r["term"]): (num(r["estimate"]), num(r["se"])) for r in read(path)}


rows = read(DATA)
unit = np.array([int(r["countyreal"]) for r in rows])
year = np.array([int(r["year"]) for r in rows])
lemp = np.array([float(r["lemp"]) for r in rows])
lpop = np.array([float(r["lpop"]) for r in rows])
gcol = np.array([int(r["first.treat"]) for r in rows])
units = np.unique(unit)
years = np.unique(year)
n, T = len(units), len(years)
ui = np.searchsorted(units, unit)
ti = np.searchsorted(years, year)
Y = np.full((n, T), np.nan)
Y[ui, ti] = lemp
X0 = np.full((n, T), np.nan)
X0[ui, ti] = lpop
G = np.zeros(n)
G[ui] = gcol
cohorts = sorted(set(G[G > 0]))


def att_gt(notyet=False, xcov=None):
    """ATT(g,t), its influence function (did's scale) by reg_did_panel."""
    out = {}
    for g in cohorts:
        gb = max(k for k in range(T) if years[k] < g)
        for s in range(1, T):
            t = years[s]
            b = gb if t >= g else s - 1
            D = G == g
            C = (G == 0) | ((G > t) & (G != g)) if notyet else G == 0
            dy = Y[:, s] - Y[:, b]
            sub = D | C
            n1 = sub.sum()
            Xm = np.ones((n, 1)) if xcov is None else np.column_stack([np.ones(n), xcov[:, b]])
            beta = np.linalg.lstsq(Xm[C], dy[C], rcond=None)[0]
            pred = Xm @ beta
            att = dy[D].mean() - pred[D].mean()
            p1 = D.sum() / n1
            A = Xm[C].T @ Xm[C] / n1
            M1 = Xm[D].sum(0) / n1
            q = Xm @ np.linalg.solve(A, M1)
            inf = np.zeros(n)
            inf[D] = ((dy[D] - dy[D].mean()) - (pred[D] - pred[D].mean())) / p1
            inf[C] = -(dy[C] - pred[C]) * q[C] / p1
            out[(g, t)] = (att, inf * n / n1)
    return out


def agg(cells, keys, weighted=True):
    """did's aggte: weights P(G=g), plus the estimated-weight term."""
    pgs = {g: np.mean(G == g) for g in cohorts}
    pg = np.array([pgs[k[0]] for k in keys]) if weighted else np.ones(len(keys))
    S = pg.sum()
    atts = np.array([cells[k][0] for k in keys])
    inf = sum((pg[a] / S) * cells[k][1] for a, k in enumerate(keys))
    if weighted:
        ind = np.column_stack([(G == k[0]).astype(float) - pg[a] for a, k in enumerate(keys)])
        wif = ind / S - np.outer(ind.sum(1), pg / S ** 2)
        inf = inf + wif @ atts
    return float(pg @ atts / S), inf


def se(inf):
    return math.sqrt(np.sum(inf ** 2)) / n


def check_cs(name, got, cells):
    """every ATT(g,t) and aggregation of nqpf against numpy (1e-10)"""
    worst, worst_se = 0.0, 0.0
    want = {}
    for (g, t), (a, inf) in cells.items():
        want[("att_gt", "ATT(%d,%d)" % (g, t))] = (a, se(inf))
    post = [k for k in cells if k[1] >= k[0]]
    want[("simple", "overall")] = agg(cells, post)
    grp = {}
    for g in cohorts:
        keys = [k for k in post if k[0] == g]
        grp[(g, 0)] = agg(cells, keys, weighted=False)
        want[("group", "g=%d" % g)] = grp[(g, 0)]
    want[("group", "overall")] = agg(grp, list(grp))
    dyn = {}
    for e in sorted(set(t - g for g, t in cells)):
        keys = [k for k in cells if k[1] - k[0] == e]
        want[("dynamic", "e=%d" % e)] = dyn[e] = agg(cells, keys)
    eplus = [dyn[e] for e in dyn if e >= 0]
    want[("dynamic", "overall")] = (np.mean([v[0] for v in eplus]), sum(v[1] for v in eplus) / len(eplus))
    cal = []
    for t in years:
        keys = [k for k in cells if k[1] == t and k[0] <= t]
        if keys:
            v = agg(cells, keys)
            want[("calendar", "t=%d" % t)] = v
            cal.append(v)
    want[("calendar", "overall")] = (np.mean([v[0] for v in cal]), sum(v[1] for v in cal) / len(cal))
    missing = []
    for k, (a, s) in want.items():
        if not isinstance(s, float):
            s = se(s)
        if k not in got:
            missing.append(k)
            continue
        worst = max(worst, rel(got[k][0], a))
        worst_se = max(worst_se, rel(got[k][1], s))
    extra = [k for k in got if k[0] not in ("twfe", "event") and k not in want]
    report(not missing and not extra and worst <= 1e-10 and worst_se <= 1e-10,
           name + " = numpy (ATT(g,t) and every aggregation, estimates and analytic SEs, 1e-10)",
           "missing %s extra %s max rel diff %.2e se %.2e" % (missing, extra, worst, worst_se))
    print("# %s: max rel diff estimate %.1e, se %.1e" % (name, worst, worst_se))
    return worst, worst_se


with tempfile.TemporaryDirectory() as tmp:
    p = lambda f: os.path.join(tmp, f)  # noqa: E731

    # ---- Callaway-Sant'Anna ------------------------------------------------
    r = run(BASE + FT + ["--estimator", "cs", "--out", p("cs.csv"), "--event", p("cse.csv"), "--stats", p("css.csv")])
    report(r.returncode == 0, "cs on mpdta runs", r.stderr)
    cs = estimates(p("cs.csv"))
    pub_att = {(2004, 2004): -0.0105, (2004, 2005): -0.0704, (2004, 2006): -0.1373, (2004, 2007): -0.1008,
               (2006, 2004): 0.0065, (2006, 2005): -0.0028, (2006, 2006): -0.0046, (2006, 2007): -0.0412,
               (2007, 2004): 0.0305, (2007, 2005): -0.0027, (2007, 2006): -0.0311, (2007, 2007): -0.0261}
    bad = [(k, cs[("att_gt", "ATT(%d,%d)" % k)][0]) for k, v in pub_att.items()
           if round(cs[("att_gt", "ATT(%d,%d)" % k)][0], 4) != v]
    report(not bad, "cs ATT(g,t) = did README (published, 4 decimals)", bad)
    pub_dyn = {-3: 0.0305, -2: -0.0006, -1: -0.0245, 0: -0.0199, 1: -0.0510, 2: -0.1373, 3: -0.1008}
    bad = [(e, cs[("dynamic", "e=%d" % e)][0]) for e, v in pub_dyn.items() if round(cs[("dynamic", "e=%d" % e)][0], 4) != v]
    bad += [("overall", cs[("dynamic", "overall")][0])] if round(cs[("dynamic", "overall")][0], 4) != -0.0772 else []
    report(not bad, "cs dynamic aggregation = did README (published: -0.0772 and e=-3..3)", bad)
    pub_grp = {2004: -0.0797, 2006: -0.0229, 2007: -0.0261}
    bad = [(g, cs[("group", "g=%d" % g)][0]) for g, v in pub_grp.items() if round(cs[("group", "g=%d" % g)][0], 4) != v]
    bad += [("overall", cs[("group", "overall")][0])] if round(cs[("group", "overall")][0], 3) != -0.031 else []
    report(not bad, "cs group aggregation = did README (published: -0.031 and per group)", bad)
    cells = att_gt()
    check_cs("cs never-treated", cs, cells)
    # did's Wald pre-test of parallel trends over the pre-treatment cells: numpy, and the p-value that
    # did's README prints for this call (0.16812: recalled [R], not in PROVENANCE.md)
    pre = [k for k in cells if k[1] < k[0]]
    Psi = np.column_stack([cells[k][1] for k in pre])
    bpre = np.array([cells[k][0] for k in pre])
    Wn = float(bpre @ np.linalg.solve(Psi.T @ Psi / n ** 2, bpre))
    st = {x["statistic"]: float(x["value"]) for x in read(p("css.csv")) if x["value"]}
    from scipy.stats import chi2
    report(rel(st["cs_pretest_W"], Wn) < 1e-10 and st["cs_pretest_df"] == len(pre) and
           rel(st["cs_pretest_p"], chi2.sf(Wn, len(pre))) < 1e-8 and round(st["cs_pretest_p"], 5) == 0.16812,
           "cs pre-test of parallel trends W = numpy, p = 0.16812 as did prints", (st, Wn))
    ev = read(p("cse.csv"))
    report([int(float(x["e"])) for x in ev] == [-3, -2, -1, 0, 1, 2, 3] and
           all(rel(float(x["estimate"]), cs[("dynamic", "e=%d" % int(float(x["e"])))][0]) < 1e-15 for x in ev),
           "cs --event writes the dynamic aggregation", ev)

    r = run(BASE + FT + ["--estimator", "cs", "--control", "notyet", "--out", p("ny.csv")])
    report(r.returncode == 0, "cs --control notyet runs", r.stderr)
    check_cs("cs not-yet-treated", estimates(p("ny.csv")), att_gt(notyet=True))
    mx = os.path.join(tmp, "mpdta_x.csv")
    with open(DATA) as f, open(mx, "w") as g:
        lines = f.read().splitlines()
        g.write(lines[0] + ",xw\n")
        for line, y_, lp in zip(lines[1:], year, lpop):
            g.write(line + ",%r\n" % float(lp * (y_ - 2003) / 4))
    XW = np.full((n, T), np.nan)
    XW[ui, ti] = lpop * (year - 2003) / 4
    r = run(["did", "--data", mx] + BASE[3:] + FT + ["--estimator", "cs", "--x", "lpop", "--out", p("cx.csv")])
    report(r.returncode == 0, "cs --x lpop runs", r.stderr)
    check_cs("cs with covariate lpop (outcome regression)", estimates(p("cx.csv")), att_gt(xcov=X0))

    # not-yet-treated controls without never-treated units: as did, the periods from the last cohort's
    # start (2007) on are dropped and that cohort counts as never treated
    with open(DATA) as f, open(p("nonever.csv"), "w") as g:
        lines = f.read().splitlines()
        g.write(lines[0] + "\n")
        for line in lines[1:]:
            if line.split(",")[4] != "0":
                g.write(line + "\n")
    r = run(["did", "--data", p("nonever.csv")] + BASE[3:] + FT + ["--estimator", "cs", "--control", "notyet",
                                                                   "--out", p("nn.csv"), "--stats", p("nns.csv")])
    report(r.returncode == 0, "cs --control notyet without never-treated units runs", r.stderr)
    saved = (Y, G, years, T, n, cohorts)
    keep = G > 0
    Y, G, years = Y[keep][:, :4], np.where(G[keep] == 2007, 0.0, G[keep]), years[:4]
    T, n, cohorts = 4, int(keep.sum()), [2004.0, 2006.0]
    if r.returncode == 0:
        check_cs("cs notyet without never-treated units (periods < 2007, cohort 2007 as controls)",
                 estimates(p("nn.csv")), att_gt(notyet=True))
        st = {x["statistic"]: x["value"] for x in read(p("nns.csv"))}
        report(st.get("cs_periods") == "4" and st.get("cs_cohorts") == "2", "... 4 periods and 2 cohorts used", st)
    Y, G, years, T, n, cohorts = saved

    env1 = dict(os.environ, OMP_NUM_THREADS="1")
    env2 = dict(os.environ, OMP_NUM_THREADS="2")
    a = run(BASE + FT + ["--estimator", "cs", "--boot", "499", "--seed", "7", "--out", p("b1.csv")], env=env1)
    b = run(BASE + FT + ["--estimator", "cs", "--boot", "499", "--seed", "7", "--out", p("b2.csv")], env=env2)
    same = a.returncode == 0 and b.returncode == 0 and open(p("b1.csv"), "rb").read() == open(p("b2.csv"), "rb").read()
    report(same, "cs multiplier bootstrap byte-identical for 1 and 2 threads", a.stderr + b.stderr)
    bs = estimates(p("b1.csv"))
    ratio = [bs[k][1] / cs[k][1] for k in cs if k[0] != "twfe"]
    report(all(0.8 < x < 1.25 for x in ratio) and all(bs[k][0] == cs[k][0] for k in cs),
           "cs bootstrap SEs near the analytic ones (B = 499), estimates unchanged", ratio)

    # ---- TWFE and event study against R --------------------------------------
    ref = None
    if shutil.which("Rscript"):
        shutil.copy(DATA, p("mpdta.csv"))
        # unbalanced, with missing outcomes: row k dropped for k % 7 == 3, lemp blank for k % 11 == 5
        with open(DATA) as f, open(p("mpdta_unb.csv"), "w") as g:
            lines = f.read().splitlines()
            g.write(lines[0] + "\n")
            for k, line in enumerate(lines[1:]):
                if k % 7 == 3:
                    continue
                if k % 11 == 5:
                    c = line.split(",")
                    c[3] = ""
                    line = ",".join(c)
                g.write(line + "\n")
        rr = subprocess.run(["Rscript", os.path.join(ROOT, "tests", "reg", "ref_did.R"), tmp], capture_output=True,
                            text=True)
        report(rr.returncode == 0, "Rscript estimatr reference run", rr.stderr[-2000:])
        if rr.returncode == 0:
            ref = {}
            for row in read(p("r_did.csv")):
                ref.setdefault(row["case"], {})[row["term"]] = (float(row["estimate"]),
                                                                float(row["se"]) if row["se"] != "NA" else math.nan)
    else:
        report(True, "# SKIP Rscript not installed: R comparisons skipped")

    def rname(term):
        if term.startswith("e="):
            k = int(term[2:])
            return "e_m%d" % -k if k < 0 else "e_%d" % k
        return term

    def vs_r(name, got, case, model):
        dc = ds = 0.0
        ours = {rname(k[1]): v for k, v in got.items() if k[0] == model}
        for term, (bb, ss) in ref[case].items():
            if term == "pretrend_F":
                continue
            dc = max(dc, rel(ours[term][0], bb))
            ds = max(ds, rel(ours[term][1], ss))
        report(dc <= 1e-10 and ds <= 1e-8, name, "max rel diff coef %.2e se %.2e" % (dc, ds))
        print("# %s: max rel diff coef %.1e, se %.1e" % (name, dc, ds))
        return dc, ds

    r = run(BASE + FT + ["--dof", "all", "--out", p("t_all.csv")])
    r2 = run(BASE + FT + ["--out", p("t.csv"), "--stats", p("ts.csv")])
    report(r.returncode == 0 and r2.returncode == 0, "twfe runs", r.stderr + r2.stderr)
    tall, tdef = estimates(p("t_all.csv")), estimates(p("t.csv"))
    # K: D + constant + 4 year levels (reghdfe: the county effects are nested in the clusters) vs + 499 counties
    fac = math.sqrt((2500 - 505) / (2500 - 6))
    report(rel(tdef[("twfe", "D")][1], tall[("twfe", "D")][1] * fac) < 1e-12 and
           tdef[("twfe", "D")][0] == tall[("twfe", "D")][0],
           "twfe default (reghdfe) SE = --dof all SE x sqrt((n - K_all)/(n - K))")
    if ref:
        vs_r("twfe DID = estimatr lm_robust stata (coef 1e-10, se 1e-8)", tall, "twfe", "twfe")
        vs_r("twfe DID with a covariate = estimatr", estimates(p("tx.csv")) if run(
            ["did", "--data", mx] + BASE[3:] + FT + ["--x", "xw", "--dof", "all", "--out", p("tx.csv")]).returncode == 0
            else {}, "twfe_x", "twfe")
        r = run(["did", "--data", p("mpdta_unb.csv")] + BASE[3:] + FT + ["--dof", "all", "--out", p("tu.csv"),
                                                                         "--stats", p("tus.csv")])
        report(r.returncode == 0, "twfe on an unbalanced panel with missing outcomes runs", r.stderr)
        vs_r("twfe DID, unbalanced panel, missing y dropped listwise = estimatr", estimates(p("tu.csv")),
             "twfe_unb", "twfe")
        for w, case in (("-3,3", "event33"), ("-2,2", "event22")):
            rr = run(BASE + FT + ["--dof", "all", "--event-window", w, "--out", p(case + ".csv"), "--stats",
                                  p(case + "s.csv"), "--event", p(case + "e.csv")])
            report(rr.returncode == 0, "event study %s runs" % w, rr.stderr)
            got = estimates(p(case + ".csv"))
            vs_r("event study %s (binned endpoints) = estimatr with explicit dummies" % w, got, case, "event")
            st = {x["statistic"]: float(x["value"]) for x in read(p(case + "s.csv")) if x["value"]}
            report(rel(st["pretrend_F"], ref[case]["pretrend_F"][0]) < 1e-8,
                   "event study %s pre-trend Wald F = R (%.6f)" % (w, ref[case]["pretrend_F"][0]),
                   (st.get("pretrend_F"), st.get("pretrend_df1")))
            evr = read(p(case + "e.csv"))
            refrow = [x for x in evr if x["reference"] == "1"]
            report(len(refrow) == 1 and float(refrow[0]["e"]) == -1 and float(refrow[0]["estimate"]) == 0 and
                   len(evr) == int(w.split(",")[1]) - int(w.split(",")[0]) + 1,
                   "event file %s: one row per e with the reference row at 0" % w, evr)

    # --treat (post indicator) gives the same as --first-treated
    mt = p("mpdta_treat.csv")
    with open(DATA) as f, open(mt, "w") as g:
        lines = f.read().splitlines()
        g.write(lines[0] + ",post\n")
        for line, y_, gg in zip(lines[1:], year, gcol):
            g.write(line + ",%d\n" % (1 if gg > 0 and y_ >= gg else 0))
    r = run(["did", "--data", mt] + BASE[3:] + ["--treat", "post", "--event-window", "-3,3", "--out", p("tt.csv")])
    r2 = run(BASE + FT + ["--event-window", "-3,3", "--out", p("tf.csv")])
    report(r.returncode == 0 and open(p("tt.csv")).read() == open(p("tf.csv")).read(),
           "--treat post indicator = --first-treated (TWFE and event study)", r.stderr)

    r = run(["did", "--data", mt] + BASE[3:] + ["--treat", "post", "--estimator", "cs", "--out", p("ct.csv")])
    r2 = run(BASE + FT + ["--estimator", "cs", "--out", p("cf.csv")])
    report(r.returncode == 0 and open(p("ct.csv")).read() == open(p("cf.csv")).read(),
           "--treat post indicator = --first-treated (Callaway-Sant'Anna)", r.stderr)

    # --absorb / --cluster spelled out = the defaults
    r = run(BASE + FT + ["--absorb", "countyreal,year", "--cluster", "countyreal", "--event-window", "-3,3", "--out",
                         p("ta.csv")])
    report(r.returncode == 0 and open(p("ta.csv")).read() == open(p("tf.csv")).read(),
           "--absorb countyreal,year --cluster countyreal = the defaults (unit,period / unit)", r.stderr)

    # --level: t intervals with df = G - 1 at 90%
    r = run(BASE + FT + ["--level", "0.9", "--event-window", "-3,3", "--out", p("l90.csv")])
    from scipy.stats import t as tdist
    crit = tdist.ppf(0.95, 499)
    rows90 = [x for x in read(p("l90.csv")) if x["estimate"]] if r.returncode == 0 else []
    report(rows90 and all(rel(float(x["ci_hi"]) - float(x["estimate"]), crit * float(x["se"])) < 1e-10 for x in rows90),
           "--level 0.9: TWFE and event-study intervals b +- t(0.95, G-1) se", r.stderr)

    # --event alone: the whole observed range (-4..3 on mpdta), nothing binned
    r = run(BASE + FT + ["--out", p("full.csv"), "--event", p("full_e.csv")])
    r2 = run(BASE + FT + ["--event-window", "-4,3", "--out", p("full2.csv"), "--event", p("full2_e.csv")])
    report(r.returncode == 0 and r2.returncode == 0 and open(p("full.csv")).read() == open(p("full2.csv")).read()
           and open(p("full_e.csv")).read() == open(p("full2_e.csv")).read(),
           "--event without --event-window = the full range -4,3", r.stderr + r2.stderr)

    # empty bins: no term, a warning, an empty row; the rest as with the window trimmed to the data
    r = run(BASE + FT + ["--event-window", "-6,5", "--ref", "0", "--out", p("wide.csv"), "--event", p("wide_e.csv")])
    r2 = run(BASE + FT + ["--event-window", "-4,3", "--ref", "0", "--out", p("narrow.csv")])
    a, b = estimates(p("wide.csv")) if r.returncode == 0 else {}, estimates(p("narrow.csv")) if r2.returncode == 0 else {}
    rows_e = read(p("wide_e.csv")) if r.returncode == 0 else []
    report(a and a == b and "no treated observation at e = -6" in r.stderr and
           [x["estimate"] for x in rows_e if x["e"] in ("-6", "-5", "4", "5")] == ["", "", "", ""],
           "event window wider than the data: empty bins left out with a warning, the rest unchanged", r.stderr)

    # cs: units treated in the first period are dropped (as did does): same as removing them
    with open(DATA) as f:
        lines = f.read().splitlines()
    early = set(str(u) for u in units[G == 2004][:5])
    with open(p("early.csv"), "w") as g, open(p("early_rm.csv"), "w") as h:
        g.write(lines[0] + "\n")
        h.write(lines[0] + "\n")
        for line in lines[1:]:
            c = line.split(",")
            if c[1] in early:
                c[4] = "2003"
                g.write(",".join(c) + "\n")
            else:
                g.write(line + "\n")
                h.write(line + "\n")
    r = run(["did", "--data", p("early.csv")] + BASE[3:] + FT + ["--estimator", "cs", "--out", p("early_o.csv"),
                                                                 "--stats", p("early_s.csv")])
    r2 = run(["did", "--data", p("early_rm.csv")] + BASE[3:] + FT + ["--estimator", "cs", "--out", p("early_o2.csv")])
    a = {k: v for k, v in estimates(p("early_o.csv")).items() if k[0] != "twfe"} if r.returncode == 0 else {}
    b = {k: v for k, v in estimates(p("early_o2.csv")).items() if k[0] != "twfe"} if r2.returncode == 0 else {}
    st = {x["statistic"]: x["value"] for x in read(p("early_s.csv"))} if r.returncode == 0 else {}
    report(a and a == b and st.get("cs_dropped_units") == "5" and "5 units treated in the first period dropped"
           in r.stderr, "cs drops units treated in the first period, with a warning", r.stderr)

    # ---- placebo -------------------------------------------------------------
    pa = BASE + FT + ["--placebo", "300", "--seed", "11"]
    a = run(pa + ["--out", p("p1.csv"), "--draws", p("d1.csv"), "--stats", p("s1.csv")], env=env1)
    b = run(pa + ["--out", p("p2.csv"), "--draws", p("d2.csv"), "--stats", p("s2.csv")], env=env2)
    same = (a.returncode == 0 and b.returncode == 0 and open(p("d1.csv"), "rb").read() == open(p("d2.csv"), "rb").read()
            and open(p("s1.csv"), "rb").read() == open(p("s2.csv"), "rb").read())
    report(same, "placebo draws byte-identical for OMP_NUM_THREADS=1 and 2", a.stderr + b.stderr)
    dr = np.array([float(x["estimate"]) for x in read(p("d1.csv"))])
    st = {x["statistic"]: float(x["value"]) for x in read(p("s1.csv")) if x["value"]}
    b0 = tdef[("twfe", "D")][0]
    report(len(dr) == 300 and st["placebo_p"] == np.mean(np.abs(dr) >= abs(b0)) and abs(np.mean(dr)) < 0.01,
           "placebo p = share of |b*| >= |b| (p = %g), draws centred near 0" % st.get("placebo_p", -1))
    # draw 1 is a TWFE fit on permuted timing: its estimate is reproduced by a numpy within fit only in
    # distribution; here: a different seed gives different draws
    c = run(BASE + FT + ["--placebo", "300", "--seed", "12", "--out", p("p3.csv"), "--draws", p("d3.csv")])
    report(c.returncode == 0 and open(p("d3.csv")).read() != open(p("d1.csv")).read(), "placebo: the seed matters")

    # ---- bad input: exit code, nothing written ---------------------------------
    def bad_case(name, args, code, what, data_text=None):
        if data_text is not None:
            with open(p("bad.csv"), "w") as f:
                f.write(data_text)
        out = p("never.csv")
        r = run(args + ["--out", out, "--stats", p("never_s.csv")])
        ok = r.returncode == code and what in r.stderr and not os.path.exists(out) and not os.path.exists(
            p("never_s.csv"))
        report(ok, "bad input: %s -> exit %d, nothing written" % (name, code), (r.returncode, r.stderr))

    sw = "u,t,y,d\n1,1,1,0\n1,2,2,1\n1,3,3,0\n2,1,1,0\n2,2,1,0\n2,3,2,0\n3,1,1,0\n3,2,2,0\n3,3,1,0\n"
    bad_case("treatment switching off", ["did", "--data", p("bad.csv"), "--unit", "u", "--period", "t", "--y", "y",
                                         "--treat", "d"], 5, "bad.csv:4:4: the treatment of unit '1' switches off", sw)
    bad_case("--treat in period 0", ["did", "--data", p("bad.csv"), "--unit", "u", "--period", "t", "--y", "y",
                                     "--treat", "d"], 5, "periods must be > 0", sw.replace("1,1,1,0", "1,0,1,1"))
    bad_case("treat not 0/1", ["did", "--data", p("bad.csv"), "--unit", "u", "--period", "t", "--y", "y", "--treat",
                               "d"], 5, "must be 0 or 1", sw.replace("1,2,2,1", "1,2,2,2"))
    bad_case("unknown column", BASE + ["--first-treated", "nosuch"], 5, "no column 'nosuch'")
    bad_case("unknown --x column", BASE + FT + ["--x", "nosuch"], 5, "no column 'nosuch'")
    with open(DATA) as f:
        lines = f.read().splitlines(True)
    bad_case("unbalanced panel for cs", ["did", "--data", p("bad.csv")] + BASE[3:] + FT + ["--estimator", "cs"], 5,
             "balanced panel", "".join(lines[:3] + lines[4:]))
    bad_case("missing outcome for cs", ["did", "--data", p("bad.csv")] + BASE[3:] + FT + ["--estimator", "cs"], 5,
             "balanced panel", "".join(lines[:3] + [lines[3].replace(lines[3].split(",")[3], "", 1)] + lines[4:]))
    for w in ("3,3", "-3", "-3,x", "a,b", "-1,-2", ""):
        bad_case("--event-window '%s'" % w, BASE + FT + ["--event-window", w], 2, "--event-window")
    bad_case("--event-window with --estimator cs", BASE + FT + ["--estimator", "cs", "--event-window", "-2,2"], 2,
             "min_e")
    bad_case("--ref outside the window", BASE + FT + ["--event-window", "-3,3", "--ref", "-5"], 2, "--ref")
    bad_case("both --treat and --first-treated", BASE + FT + ["--treat", "treat"], 2, "exactly one")
    bad_case("first-treated not constant within a unit", ["did", "--data", p("bad.csv"), "--unit", "u", "--period",
             "t", "--y", "y", "--first-treated", "d"], 5, "changes from", sw)
    bad_case("duplicate unit-period", ["did", "--data", p("bad.csv"), "--unit", "u", "--period", "t", "--y", "y",
             "--first-treated", "g"], 5, "appears twice", "u,t,y,g\n1,1,1,0\n1,1,2,0\n2,1,1,2\n2,2,3,2\n")
    bad_case("no never-treated units for cs with never controls", ["did", "--data", p("bad.csv"), "--unit", "u",
             "--period", "t", "--y", "y", "--first-treated", "g", "--estimator", "cs"], 5, "--control notyet",
             "u,t,y,g\n1,1,1,2\n1,2,2,2\n1,3,3,2\n2,1,1,3\n2,2,3,3\n2,3,5,3\n")
finish()
