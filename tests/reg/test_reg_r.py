"""nqpf reg side by side with R: plm (Grunfeld within), sandwich (Petersen
clustered errors), AER::ivreg (Stock-Watson cigarettes 2SLS), estimatr
lm_robust(fixed_effects=, clusters=, se_type="stata") on balanced,
unbalanced, weighted and three-way absorbed panels; plus the published
numbers (tests/ref/econ/PROVENANCE.md) to their printed precision.

Coefficients agree to 1e-10 relative, standard errors to 1e-8 where the
conventions are the same; where they differ, the documented mapping
(docs/reg.md, "Mapping to other packages") is applied and tested."""
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))
REF = os.environ.get("NQPF_REF", os.path.join(ROOT, "tests", "ref"))
ECON = os.path.join(REF, "econ")
COEF_TOL, SE_TOL = 1e-10, 1e-8
worst = {}


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow([repr(v) if isinstance(v, float) else v for v in r])


def prepare(tmp):
    for f in ("grunfeld.csv", "petersen_cl.csv", "produc.csv"):
        shutil.copy(os.path.join(ECON, f), tmp)
    cig = read(os.path.join(ECON, "cigarettes_sw.csv"))
    by = {}
    for r in cig:
        v = {k: float(r[k]) for k in ("cpi", "population", "packs", "income", "tax", "price", "taxs")}
        d = dict(lpacks=math.log(v["packs"]), lrprice=math.log(v["price"] / v["cpi"]),
                 lrincome=math.log(v["income"] / v["population"] / v["cpi"]),
                 rtdiff=(v["taxs"] - v["tax"]) / v["cpi"], rtax=v["tax"] / v["cpi"])
        by[(r["state"], r["year"])] = d
    states = sorted({s for s, _ in by})
    keys = ["lpacks", "lrprice", "lrincome", "rtdiff", "rtax"]
    write(os.path.join(tmp, "cig95.csv"), ["state"] + keys,
          [[s] + [by[(s, "1995")][k] for k in keys] for s in states])
    write(os.path.join(tmp, "cigdiff.csv"), ["state"] + ["d" + k for k in keys],
          [[s] + [by[(s, "1995")][k] - by[(s, "1985")][k] for k in keys] for s in states])
    pr = read(os.path.join(ECON, "produc.csv"))
    emp = [float(r["emp"]) for r in pr]
    mean_emp = sum(emp) / len(emp)
    rows = []
    for i, r in enumerate(pr):
        rows.append([r["state"], r["year"], r["region"], math.log(float(r["gsp"])), math.log(float(r["pcap"])),
                     math.log(float(r["pc"])), math.log(float(r["emp"])), float(r["unemp"]), float(r["emp"]) / mean_emp,
                     math.log(float(r["hwy"])), math.log(float(r["water"]))])
    hdr = ["state", "year", "region", "lgsp", "lpcap", "lpc", "lemp", "unemp", "w", "lhwy", "lwater"]
    write(os.path.join(tmp, "produc.csv"), hdr, rows)
    write(os.path.join(tmp, "produc_unbal.csv"), hdr, [r for i, r in enumerate(rows) if (i * 37) % 11 != 0])
    em = read(os.path.join(ECON, "empl_uk.csv"))
    write(os.path.join(tmp, "empl.csv"), ["firm", "year", "sy", "lemp", "lwage", "lcapital", "loutput"],
          [[r["firm"], r["year"], r["sector"] + "_" + r["year"], math.log(float(r["emp"])),
            math.log(float(r["wage"])), math.log(float(r["capital"])), math.log(float(r["output"]))] for r in em])


def nqpf(tmp, name, data, *args):
    out, st = os.path.join(tmp, name + ".csv"), os.path.join(tmp, name + "_stats.csv")
    p = subprocess.run([NQPF, "reg", "--data", os.path.join(tmp, data), *args, "--out", out, "--stats", st,
                        "--force"], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("nqpf reg %s failed (%d): %s" % (name, p.returncode, p.stderr))
    coef = {}
    for r in read(out):
        if r["model"] in ("ols", "2sls"):
            coef[r["term"]] = (float(r["estimate"]), float(r["se"]))
    stats = {(r["model"], r["statistic"]): float(r["value"]) if r["value"] else float("nan") for r in read(st)}
    return coef, stats


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def check(name, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + name + (("  # " + detail) if detail else ""))
    return ok


def compare(name, ours, ref, se_scale=1.0, coef_tol=COEF_TOL, se_tol=SE_TOL):
    rmap = {"(Intercept)": "_cons"}
    dc = ds = 0.0
    ok = True
    for term, (b, se) in ref.items():
        t = rmap.get(term, term)
        if t not in ours:
            return check(name, False, "term %s missing from nqpf's output" % t)
        dc = max(dc, rel(ours[t][0], b))
        if se is not None and not math.isnan(se):
            ds = max(ds, rel(ours[t][1], se * se_scale))
    worst[name] = (dc, ds)
    ok = dc <= coef_tol and ds <= se_tol
    return check(name, ok, "max rel diff coef %.2e, se %.2e" % (dc, ds))


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf_reg_r_")
    try:
        prepare(tmp)
        r = subprocess.run(["Rscript", os.path.join(ROOT, "tests", "reg", "ref_reg.R"), tmp], capture_output=True,
                           text=True)
        if r.returncode != 0:
            print("not ok - Rscript reference run: " + r.stderr[-2000:])
            return 1
        ref, rstat = {}, {}
        for row in read(os.path.join(tmp, "r_out.csv")):
            if row["se"] == "NA":
                rstat[(row["case"], row["term"])] = float(row["estimate"])
            else:
                ref.setdefault(row["case"], {})[row["term"]] = (float(row["estimate"]), float(row["se"]))
        fails = 0

        def cmp(*a, **k):
            nonlocal fails
            fails += not compare(*a, **k)

        def pub(name, got, want, digits):
            nonlocal fails
            ok = all(round(g, digits) == w for g, w in zip(got, want))
            fails += not check(name, ok, "nqpf %s vs published %s" % (["%.*f" % (digits + 2, g) for g in got], want))

        # Grunfeld (plm within)
        g1, s1 = nqpf(tmp, "g1", "grunfeld.csv", "--y", "inv", "--x", "value,capital", "--absorb", "firm")
        cmp("grunfeld one-way within = plm (iid)", g1, ref["grunfeld_ow"])
        pub("grunfeld one-way within = Baltagi Table 2.1 (printed)", [g1["value"][0], g1["value"][1],
            g1["capital"][0], g1["capital"][1]], [0.1101, 0.0119, 0.3101, 0.0174], 4)
        g2, _ = nqpf(tmp, "g2", "grunfeld.csv", "--y", "inv", "--x", "value,capital", "--absorb", "firm,year")
        cmp("grunfeld two-way within = plm (iid)", g2, ref["grunfeld_tw"])
        g3, s3 = nqpf(tmp, "g3", "grunfeld.csv", "--y", "inv", "--x", "value,capital", "--absorb", "firm",
                      "--cluster", "firm")
        n, k = s3[("ols", "N")], s3[("ols", "K")]
        fails += not check("grunfeld firm FE nested in the firm cluster: K = 2 regressors + constant",
                           k == 3 and s3[("ols", "df_a")] == 0 and s3[("ols", "df_r")] == 9)
        # plm's sss counts the 2 within coefficients only: se_nqpf = se_plm sqrt((N-2)/(N-3))
        cmp("grunfeld cluster(firm) = plm vcovHC(sss) x sqrt((N-2)/(N-3))", g3, ref["grunfeld_ow_sss"],
            se_scale=math.sqrt((n - 2) / (n - k)))

        gx, _ = nqpf(tmp, "gx", "grunfeld.csv", "--y", "inv", "--x", "value,capital", "--unit", "firm", "--absorb",
                     "unit", "--vce", "robust", "--dof", "xtreg")
        fails += not check("--dof xtreg --vce robust = clusters on the unit (xtreg, fe vce(robust))", gx == g3)

        # Petersen (sandwich)
        pet = ("petersen_cl.csv", "--y", "y", "--x", "x")
        p0, _ = nqpf(tmp, "p0", *pet, "--vce", "iid")
        cmp("petersen OLS iid = lm", p0, ref["pet_iid"])
        p1, _ = nqpf(tmp, "p1", *pet, "--cluster", "firm")
        cmp("petersen cluster(firm) = sandwich::vcovCL", p1, ref["pet_firm"])
        p2, _ = nqpf(tmp, "p2", *pet, "--cluster", "year")
        cmp("petersen cluster(year) = sandwich::vcovCL", p2, ref["pet_year"])
        pr_, _ = nqpf(tmp, "pr", *pet, "--vce", "robust")
        cmp("petersen HC1 = sandwich::vcovHC(HC1)", pr_, ref["pet_robust"])
        p3, s3 = nqpf(tmp, "p3", *pet, "--cluster", "firm,year")
        p4, _ = nqpf(tmp, "p4", *pet, "--cluster", "firm,year", "--cluster-adj", "each")
        cmp("petersen two-way cluster, --cluster-adj each = sandwich::vcovCL(~firm+year)", p4, ref["pet_2way_sandwich"])
        cmp("petersen two-way cluster = CGM with min(G) adjustment (sandwich HC0 parts)", p3, ref["pet_2way"])
        pub("petersen published (Petersen's table): b, se iid, firm, year, two-way (--cluster-adj each)",
            [p0["x"][0], p0["x"][1], p1["x"][1], p2["x"][1], p4["x"][1]], [1.0348, 0.0286, 0.0506, 0.0334, 0.0536], 4)
        pub("petersen published (sandwich vignette): firm-clustered se of x and _cons",
            [p1["x"][1], p1["_cons"][1]], [0.050596, 0.067013], 6)

        # Cigarettes (AER::ivreg, HC1)
        c1, _ = nqpf(tmp, "c1", "cig95.csv", "--y", "lpacks", "--iv", "lrprice=rtdiff", "--vce", "robust")
        cmp("cigarettes eq. 12.11 2SLS = AER::ivreg + HC1", c1, ref["cig_1211"])
        c2, _ = nqpf(tmp, "c2", "cig95.csv", "--y", "lpacks", "--x", "lrincome", "--iv", "lrprice=rtdiff",
                     "--vce", "robust")
        cmp("cigarettes eq. 12.15 = AER::ivreg + HC1", c2, ref["cig_1215"])
        c3, _ = nqpf(tmp, "c3", "cig95.csv", "--y", "lpacks", "--x", "lrincome", "--iv", "lrprice=rtdiff,rtax",
                     "--vce", "robust")
        cmp("cigarettes eq. 12.16 = AER::ivreg + HC1", c3, ref["cig_1216"])
        pub("cigarettes eqs. 12.11, 12.15, 12.16 published (Stock-Watson)",
            [c1["_cons"][0], c1["_cons"][1], c1["lrprice"][0], c1["lrprice"][1],
             c2["_cons"][0], c2["_cons"][1], c2["lrprice"][0], c2["lrprice"][1], c2["lrincome"][0], c2["lrincome"][1],
             c3["_cons"][0], c3["_cons"][1], c3["lrprice"][0], c3["lrprice"][1], c3["lrincome"][0], c3["lrincome"][1]],
            [9.72, 1.53, -1.08, 0.32, 9.43, 1.26, -1.14, 0.37, 0.21, 0.31, 9.89, 0.96, -1.28, 0.25, 0.28, 0.25], 2)
        published = {"d1": ([-0.94, 0.21, 0.53, 0.34, -0.12, 0.07], 33.7),
                     "d2": ([-1.34, 0.23, 0.43, 0.30, -0.02, 0.07], 107.2),
                     "d3": ([-1.20, 0.20, 0.46, 0.31, -0.05, 0.06], 88.6)}
        for case, inst in (("d1", "drtdiff"), ("d2", "drtax"), ("d3", "drtdiff,drtax")):
            args = ("cigdiff.csv", "--y", "dlpacks", "--x", "dlrincome", "--iv", "dlrprice=" + inst)
            cr, sr = nqpf(tmp, "cr" + case, *args, "--vce", "robust")
            ci, si = nqpf(tmp, "ci" + case, *args, "--vce", "iid")
            cmp("cigarettes Table 12.1 (%s) = AER::ivreg + HC1" % case, cr, ref["cig_" + case])
            want, F = published[case]
            got = [cr["dlrprice"][0], cr["dlrprice"][1], cr["dlrincome"][0], cr["dlrincome"][1], cr["_cons"][0],
                   cr["_cons"][1]]
            pub("cigarettes Table 12.1 (%s) published coefficients and HC1 se" % case, got, want, 2)
            fr = sr[("2sls", "first_F:dlrprice")]
            pub("cigarettes Table 12.1 (%s) published first-stage F (HC1 Wald/q)" % case, [fr], [F], 1)
            d = max(rel(fr, rstat[("cig_" + case, "first_F_robust")]),
                    rel(si[("2sls", "first_F:dlrprice")], rstat[("cig_" + case, "first_F_iid")]),
                    rel(si[("2sls", "cragg_donald_F")], rstat[("cig_" + case, "first_F_iid")]),
                    rel(sr[("2sls", "kp_rk_wald_F")], rstat[("cig_" + case, "first_F_robust")]),
                    rel(sr[("2sls", "partial_r2:dlrprice")], rstat[("cig_" + case, "partial_r2")]))
            worst["cig first stage " + case] = (d, 0.0)
            fails += not check("cigarettes (%s) first-stage F (HC1, iid), Cragg-Donald F, KP F, partial R2 = R" % case,
                               d < 1e-8, "max rel diff %.2e" % d)
            if case == "d3":
                d = max(rel(si[("2sls", "sargan")], rstat[("cig_d3", "sargan")]),
                        rel(sr[("2sls", "hansen_J")], rstat[("cig_d3", "hansen_J")]))
                worst["cig J"] = (d, 0.0)
                # Stock-Watson's J = m F, F the homoskedastic F of the TSLS residuals on the
                # instruments: with R^2 = sargan / N, J_SW = (N - L) R^2 / (1 - R^2), L = 4 columns
                r2 = si[("2sls", "sargan")] / si[("2sls", "N")]
                pub("cigarettes Table 12.1 (d3) published J = 4.93 from nqpf's Sargan (documented mapping)",
                    [(si[("2sls", "N")] - 4) * r2 / (1 - r2)], [4.93], 2)
                fails += not check("cigarettes (d3) Sargan N R^2 and two-step Hansen J = R", d < 1e-8,
                                   "sargan %.6f hansen %.6f, max rel diff %.2e" % (si[("2sls", "sargan")],
                                                                                  sr[("2sls", "hansen_J")], d))

        # estimatr lm_robust(fixed_effects=, se_type = "stata")
        pm = ("--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp")
        for case, data, extra in (("produc_tw_cl", "produc.csv", ("--absorb", "state,year", "--cluster", "state")),
                                  ("produc_unbal_cl", "produc_unbal.csv", ("--absorb", "state,year", "--cluster", "state")),
                                  ("produc_w_cl", "produc.csv", ("--absorb", "state,year", "--cluster", "region",
                                                                 "--weights", "w")),
                                  ("produc_unbal_hc1", "produc_unbal.csv", ("--absorb", "state,year", "--vce", "robust")),
                                  ("produc_unbal_iid", "produc_unbal.csv", ("--absorb", "state,year", "--vce", "iid"))):
            c, s = nqpf(tmp, case, data, *pm, *extra, "--dof", "all")
            cmp("%s = estimatr::lm_robust (--dof all)" % case, c, ref[case])
            fails += not check("%s: N - K = estimatr's df.residual" % case,
                               s[("ols", "N")] - s[("ols", "K")] == rstat[(case, "df_residual")])
        c, s = nqpf(tmp, "produc_default", "produc.csv", *pm, "--absorb", "state,year", "--cluster", "state")
        ca, sa = nqpf(tmp, "produc_all", "produc.csv", *pm, "--absorb", "state,year", "--cluster", "state", "--dof", "all")
        n = s[("ols", "N")]
        fails += not check("produc reghdfe rule: state FE nested in the state cluster not counted (K = 4 + 1 + 16)",
                           s[("ols", "K")] == 21 and sa[("ols", "K")] == 68)
        cmp("produc reghdfe rule = lm_robust x sqrt((N-K_all)/(N-K_reghdfe))", c, ref["produc_tw_cl"],
            se_scale=math.sqrt((n - sa[("ols", "K")]) / (n - s[("ols", "K")])))
        em = ("--y", "lemp", "--x", "lwage,lcapital,loutput", "--keep-singletons", "--dof", "all")
        c, s = nqpf(tmp, "empl2", "empl.csv", *em, "--absorb", "firm,year", "--cluster", "firm")
        cmp("empl_uk unbalanced two-way, cluster(firm) = estimatr", c, ref["empl_2fe_cl"])
        c, s = nqpf(tmp, "empl3", "empl.csv", *em, "--absorb", "firm,year,sy", "--cluster", "firm")
        n = s[("ols", "N")]
        # three dimensions: nqpf counts redundancies exactly for the first two only (reghdfe's rule),
        # estimatr takes the exact rank; the mapping rescales by the residual degrees of freedom
        cmp("empl_uk three absorbed dims (firm, year, sector#year) = estimatr x sqrt(df_R/df_nqpf)", c,
            ref["empl_3fe_cl"], se_scale=math.sqrt(rstat[("empl_3fe_cl", "df_residual")] / (n - s[("ols", "K")])))
        # moderation: lpcap*unemp expands to lpcap, unemp, lpcap*unemp; marginal effects by the delta method
        mod = ("produc.csv", *pm[:2], "--x", "lpcap*unemp,lpc,lemp", "--absorb", "state,year", "--cluster", "state",
               "--dof", "all")
        c, s = nqpf(tmp, "mod", *mod, "--at", "5")
        r = dict(ref["produc_mod"])
        r["lpcap*unemp"] = r.pop("lpcap:unemp")
        cmp("moderation lpcap*unemp = estimatr lm_robust(lpcap * unemp)", c, r)
        with open(os.path.join(tmp, "mod.csv"), newline="") as f:
            me = {row["term"]: row for row in csv.DictReader(f) if row["model"] == "me"}
        m5 = me.get("lpcap@unemp=5")
        d = max(rel(float(m5["estimate"]), rstat[("produc_mod", "me5")]),
                rel(float(m5["se"]), rstat[("produc_mod", "me5_se")])) if m5 else 1.0
        worst["moderation marginal effect"] = (d, 0.0)
        fails += not check("moderation: marginal effect of lpcap at unemp = 5 and its delta-method se = R", d < 1e-9,
                           "max rel diff %.2e" % d)
        cc, _ = nqpf(tmp, "modc", *mod, "--center")
        c0, _ = nqpf(tmp, "mod0", *mod)
        with open(os.path.join(tmp, "mod0.csv"), newline="") as f:
            mid = [row for row in csv.DictReader(f) if row["model"] == "me"][1]  # at the mean of unemp
        d = max(rel(cc["lpcap*unemp"][0], c0["lpcap*unemp"][0]), rel(cc["lpcap"][0], float(mid["estimate"])),
                rel(cc["lpcap"][1], float(mid["se"])))
        fails += not check("--center: the interaction is unchanged and lpcap's coefficient is its effect at mean unemp",
                           d < 1e-9, "max rel diff %.2e" % d)
        # 2SLS with absorbed effects: estimatr::iv_robust(fixed_effects =), clustered (stata) and HC1
        for case, extra in (("iv_fe_cl", ("--cluster", "state")), ("iv_fe_hc1", ("--vce", "robust"))):
            c, s = nqpf(tmp, case, "produc_unbal.csv", "--y", "lgsp", "--x", "lpc,lemp,unemp", "--iv",
                        "lpcap=lhwy,lwater", "--absorb", "state,year", "--dof", "all", *extra)
            cmp("2SLS with two absorbed dimensions (%s) = estimatr::iv_robust(fixed_effects =)" % extra[-1], c,
                ref[case])
        # U shape: --utest adds unemp^2; Lind-Mehlum statistics against the same formulas computed in R
        c, s = nqpf(tmp, "ut", "produc.csv", *pm[:2], "--x", "unemp,lpc,lemp", "--utest", "unemp", "--dof", "all", "--absorb",
                    "state,year", "--cluster", "state")
        d = max(rel(c["unemp"][0], rstat[("utest", "b1")]), rel(c["unemp^2"][0], rstat[("utest", "b2")]))
        for k in ("utest_slope_lo_t", "utest_slope_hi_t", "utest_t", "utest_p", "turning_point", "turning_se"):
            d = max(d, rel(s[("ols", k)], rstat[("utest", k)]))
        worst["Lind-Mehlum U test"] = (d, 0.0)
        fails += not check("--utest: squared term, Lind-Mehlum t and p, turning point and delta-method se = R",
                           d < 1e-9, "max rel diff %.2e; t %.6g p %.6g turning %.6g" % (
                               d, s[("ols", "utest_t")], s[("ols", "utest_p")], s[("ols", "turning_point")]))
        # --winsor: Stata winsor2 percentiles (R quantile type 2), overall and within years
        w = ("produc.csv", *pm, "--absorb", "state,year", "--cluster", "state", "--dof", "all")
        c, _ = nqpf(tmp, "w1", *w, "--winsor", "1,99")
        cmp("--winsor 1,99 = winsorised in R (quantile type 2) + estimatr", c, ref["wins_1_99"])
        c, _ = nqpf(tmp, "w2", *w, "--winsor", "25,75", "--winsor-by", "year")
        cmp("--winsor 25,75 --winsor-by year (n p / 100 integer: mean of two order statistics) = R", c,
            ref["wins_25_75_year"])
        print("# worst relative differences (coef, se):")
        for k, (a, b) in worst.items():
            print("#   %-60s %.2e %.2e" % (k, a, b))
        return 1 if fails else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
