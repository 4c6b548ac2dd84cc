"""nqpf run: numbers equal to the subcommands', reruns byte-identical,
atomic output, and every data name escaped in every output format."""
import csv
import filecmp
import html.parser
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
DATA = os.path.join(ROOT, "data")
PROJECT = os.path.join(DATA, "nqpf_project.ini")
failures = 0


def check(cond, name, detail=""):
    global failures
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name + (": " + str(detail) if detail else ""))


def run(*args, ok=True):
    p = subprocess.run([NQPF, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        print("# command failed: nqpf " + " ".join(args) + "\n# " + p.stderr.replace("\n", "\n# "))
    return p


tmp = tempfile.mkdtemp(prefix="nqpf-run-test-")
rep = os.path.join(tmp, "rep")
p = run("run", PROJECT, "--out", rep, "--quiet")
check(p.returncode == 0, "run: bundled project succeeds", p.stderr)
T = os.path.join(rep, "tables")

# ---- (3) the numbers equal those of the individual subcommands ----------
idx = os.path.join(tmp, "idx")
run("index", "--data", os.path.join(DATA, "china_provinces_tech_wide.csv"), "--system",
    os.path.join(DATA, "nqpf_system.csv"), "--unit", "province", "--period", "year",
    "--missing", "interpolate", "--out", idx)
for f in ["scores.csv", "weights.csv", "normalized.csv", "filled.csv"]:
    check(filecmp.cmp(os.path.join(idx, f), os.path.join(T, f), shallow=False),
          "numbers: tables/%s byte-identical to nqpf index" % f)

scores = pd.read_csv(os.path.join(T, "scores.csv"), dtype={"unit": str, "period": str})
raw = pd.read_csv(os.path.join(DATA, "china_provinces_tech_wide.csv"), dtype=str)
meta = raw.groupby("province").first()[["region4", "gb_code"]]
# the project groups by nqpf's built-in NBS four regions (labels in Chinese);
# the data's own region4 column is the same grouping in English
meta["region4"] = meta["region4"].map({"East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"})
long = scores[["unit", "period", "score"]].copy()
long["region"] = long["unit"].map(meta["region4"])
long["code"] = long["unit"].map(meta["gb_code"])
# keep full precision: write the score text exactly as nqpf wrote it
with open(os.path.join(T, "scores.csv"), encoding="utf-8") as fh:
    rows = list(csv.reader(fh))
long["score"] = [r[2] for r in rows[1:]]
lf = os.path.join(tmp, "long.csv")
long.to_csv(lf, index=False)

g = os.path.join(tmp, "gini.csv")
run("gini", "--data", lf, "--unit", "unit", "--period", "period", "--value", "score", "--group", "region",
    "--out", g)
check(filecmp.cmp(g, os.path.join(T, "gini.csv"), shallow=False), "numbers: tables/gini.csv byte-identical to nqpf gini")

k = os.path.join(tmp, "kde.csv")
run("kde", "--data", lf, "--unit", "unit", "--period", "period", "--value", "score", "--grid", "256", "--out", k)
check(filecmp.cmp(k, os.path.join(T, "kde.csv"), shallow=False), "numbers: tables/kde.csv byte-identical to nqpf kde")

th = os.path.join(tmp, "theil.csv")
run("theil", "--data", lf, "--unit", "unit", "--period", "period", "--value", "score", "--group", "region",
    "--out", th)
a = pd.read_csv(th, dtype={"period": str})
b = pd.read_csv(os.path.join(T, "theil.csv"), dtype={"period": str})
ok = True
for mine, theirs in [("T", "T"), ("Tb", "T_between"), ("Tw", "T_within"), ("L", "L"), ("Lb", "L_between"),
                     ("Lw", "L_within")]:
    x = a[a["component"] == theirs]["value"].values
    ok = ok and len(x) == len(b) and (x == b[mine].values).all()
check(ok, "numbers: tables/theil.csv equals nqpf theil (T, L and their decompositions)")

m = os.path.join(tmp, "moran.csv")
geo = os.path.join(DATA, "china_provinces.geojson")
run("moran", "--data", lf, "--unit", "code", "--period", "period", "--value", "score", "--geojson", geo,
    "--id-field", "adcode", "--subset-weights", "--permutations", "999", "--seed", "12345", "--out", m)
a = pd.read_csv(m, dtype={"period": str})
a = a[a["statistic"].str.lower().str.startswith("moran")].reset_index(drop=True)
b = pd.read_csv(os.path.join(T, "moran.csv"), dtype={"period": str})
ok = len(a) == len(b) and (a["value"].values == b["I"].values).all() and \
    (a["expected"].values == b["E[I]"].values).all() and (a["z_randomisation"].values == b["z"].values).all() and \
    (a["p_randomisation"].values == b["p"].values).all() and (a["perm_p"].values == b["perm_p"].values).all()
check(ok, "numbers: tables/moran.csv equals nqpf moran (I, E[I], z, p, permutation p)")

li = os.path.join(tmp, "lisa.csv")
run("lisa", "--data", lf, "--unit", "code", "--period", "period", "--value", "score", "--geojson", geo,
    "--id-field", "adcode", "--subset-weights", "--permutations", "999", "--seed", "12345", "--out", li)
a = pd.read_csv(li, dtype={"period": str, "unit": str})
b = pd.read_csv(os.path.join(T, "lisa.csv"), dtype={"period": str})
def same(x, y):
    return len(x) == len(y) and bool(((x == y) | (x.isna() & y.isna())).all())


ok = all(same(a[c], b[c]) for c in ["local", "z", "p", "p_sim", "cluster"])
check(ok, "numbers: tables/lisa.csv equals nqpf lisa (local I, z, p, p_sim, cluster)")

ob = os.path.join(tmp, "obstacle.csv")
run("obstacle", "--index-dir", idx, "--out", ob)
a = pd.read_csv(ob, dtype={"period": str})
b = pd.read_csv(os.path.join(T, "obstacle.csv"), dtype={"period": str})
key = ["period", "unit", "level", "name"]
j = a.merge(b, on=key, suffixes=("_cmd", "_run"))
check(len(j) == len(b) and (j["obstacle_cmd"].values == j["obstacle_run"].values).all(),
      "numbers: tables/obstacle.csv equals nqpf obstacle (%d rows)" % len(j))

cp = os.path.join(tmp, "couple.csv")
b = pd.read_csv(os.path.join(T, "coupling.csv"), dtype={"period": str})
dims = list(b.columns[2:-4])
run("couple", "--data", os.path.join(T, "coupling.csv"), "--systems", ",".join(dims), "--unit", "unit", "--period",
    "period", "--out", cp)
a = pd.read_csv(cp, dtype={"period": str})
ok = len(dims) == 4 and len(a) == len(b) and all((a[c].values == b[c].values).all() for c in ["C", "T", "D", "level"])
check(ok, "numbers: tables/coupling.csv equals nqpf couple on its sub-indices (C, T, D, level)")
# the sub-indices are the dimensions' weighted indices: U_d = node score / W_d - shift
w = pd.read_csv(os.path.join(T, "weights.csv"))
Wd = w.groupby("dimension")["weight"].sum()
bi = b.set_index(["unit", "period"])
keys = list(zip(scores["unit"], scores["period"]))
err = max(abs(scores[d].values / Wd[d] - 0.0001 - bi.loc[keys, d].values).max() for d in dims)
check(err < 1e-12, "numbers: coupling sub-index = dimension score / dimension weight - shift", err)

mk = os.path.join(tmp, "markov.csv")
run("markov", "--data", lf, "--unit", "unit", "--period", "period", "--value", "score", "--classes", "4",
    "--out", mk)
a = pd.read_csv(mk)
b = pd.read_csv(os.path.join(T, "markov.csv"))
ok = True
for tab in ["count", "probability", "steady_state"]:
    x, y = a[a["table"] == tab], b[b["table"] == tab]
    ok = ok and len(x) == len(y) > 0 and (x["value"].values == y["value"].values).all() and \
        (x["from"].values == y["from"].values).all()
check(ok, "numbers: tables/markov.csv equals nqpf markov (counts, probabilities, steady state)")
# spatial = true: the conditional chains of nqpf markov --spatial on the same
# contiguity (queen from the map, row-standardised, the unit is the map code)
sm = os.path.join(tmp, "markov_spatial.csv")
run("markov", "--data", lf, "--unit", "code", "--period", "period", "--value", "score", "--classes", "4",
    "--spatial", "--lag-classes", "4", "--geojson", geo, "--id-field", "adcode", "--subset-weights", "--out", sm)
a = pd.read_csv(sm)
a = a[a["lag_class"].notna() & a["table"].isin(["count", "probability", "steady_state"])].reset_index(drop=True)
# a reducible lag-class chain has one steady state per closed class in nqpf
# markov (column `to` numbers them); the report's table has one column of
# steady states and leaves such a chain's empty (no unique steady state)
ss = a["table"] == "steady_state"
several = set(a[ss & (a["to"] > 1)]["lag_class"])
a = a[~(ss & (a["to"] > 1))].reset_index(drop=True)
a.loc[(a["table"] == "steady_state") & a["lag_class"].isin(several), "value"] = float("nan")
b = pd.read_csv(os.path.join(T, "markov_spatial.csv"))
ok = len(a) == len(b) == 4 * (2 * 16 + 4) and (a["lag_class"].values == b["lag_class"].values).all() and \
    (a["table"].values == b["table"].values).all() and (a["from"].values == b["from"].values).all() and \
    ((a["value"].values == b["value"].values) | (a["value"].isna().values & b["value"].isna().values)).all()
check(ok, "numbers: tables/markov_spatial.csv equals nqpf markov --spatial (counts, probabilities, steady states)")
classic = pd.read_csv(os.path.join(T, "markov.csv"))
classic = classic[classic["table"] == "count"]["value"].values
split = b[b["table"] == "count"]["value"].values.reshape(4, 16).sum(axis=0)
check(classic.sum() == 31 * 13 and (split == classic).all(),
      "numbers: the four spatial chains split the classic chain's 403 transitions")
hs = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
mds = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
check('<table class="markov-spatial">' in hs and hs.count('<tr class="lag">') == 4 and "Rey 2001" in mds
      and "`nqpf markov --spatial`" in mds, "html + methods: spatial Markov matrices and their description")

fc = pd.read_csv(os.path.join(T, "forecast.csv"), dtype={"period": str, "series": str})
ser = fc[fc["actual"].notna()][["series", "period", "actual"]]
sf = os.path.join(tmp, "series.csv")
with open(sf, "w", encoding="utf-8") as fh:  # exact text of the means
    fh.write("series,period,value\n")
    with open(os.path.join(T, "forecast.csv"), encoding="utf-8") as src:
        for r in list(csv.reader(src))[1:]:
            if r[2] != "":
                fh.write("%s,%s,%s\n" % (r[0], r[1], r[2]))
f2 = os.path.join(tmp, "fc.csv")
run("forecast", "--data", sf, "--unit", "series", "--period", "period", "--value", "value", "--horizon", "3",
    "--out", f2)
a = pd.read_csv(f2, dtype={"unit": str, "k": str})
a = a[a["quantity"] == "x0hat"]
ok = len(a) == len(fc) and (a["value"].values == fc["fitted"].values).all()
check(ok, "numbers: tables/forecast.csv fitted values equal nqpf forecast x0hat")
# group means recomputed independently
sc = scores.copy()
sc["region"] = sc["unit"].map(meta["region4"])
mean = sc.groupby(["region", "period"])["score"].mean()
got = fc[fc["series"].isin(mean.index.get_level_values(0)) & fc["actual"].notna()]
err = max(abs(r.actual - mean[(r.series, r.period)]) / mean[(r.series, r.period)] for r in got.itertuples())
check(err < 1e-12, "numbers: forecast series are the group means of the scores", err)

# [converge] β: every number equals nqpf converge on the long file of the
# scores (cross-section: HC1 = cluster; panel: clustered by unit)
def beta_check(conv_csv, beta_csv, models, name, rename={}):
    a = pd.read_csv(conv_csv, dtype={"period": str}, keep_default_na=False, na_values=[""])
    b = pd.read_csv(beta_csv)
    b["term"] = b["term"].replace(rename)
    ok, n = True, 0
    for mod in models:
        x, y = a[a["model"] == mod], b[b["model"] == mod]
        se = x[x["statistic"] == "se_used_for_t"]["term"].iloc[0]
        for r in y.itertuples(index=False):
            v = x[x["term"] == r.term].set_index("statistic")["value"]
            ok = ok and v["coef"] == r.coef and v["se_" + se] == r.se and v["t"] == r.t and v["p"] == r.p
            n += 1
        m = x[x["term"].isna()].set_index("statistic")["value"]
        s = y[y["n"].notna()].iloc[0]
        same = lambda u, w: u == w or (pd.isna(u) and pd.isna(w))
        ok = ok and m["n"] == s["n"] and m["r2"] == s["r2"] and same(m["speed"], s["speed"]) \
            and same(m["half_life"], s["half_life"])
        ok = ok and len(y) == len(x[x["statistic"] == "coef"])
    check(ok and n > 0, name + " (%d terms)" % n)


cv = os.path.join(tmp, "conv.csv")
run("converge", "--data", lf, "--unit", "unit", "--period", "period", "--value", "score", "--out", cv)
beta_check(cv, os.path.join(T, "beta.csv"), ["beta_abs", "panel_abs"],
           "numbers: tables/beta.csv equals nqpf converge (beta_abs, panel_abs: coef, se, t, p, n, r2, speed, half-life)")
h = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
check("chart-sigma" in h and "<table class=\"beta\">" in h and "滞后一期ln y" in h, "html: β convergence table (the term ln_y_lag by its Chinese name)")
# conditional β with a control column of the data file (local budget expenditure)
cdir = os.path.join(tmp, "cond")
os.makedirs(cdir)
with open(os.path.join(cdir, "p.ini"), "w", encoding="utf-8") as fh:
    fh.write(open(PROJECT, encoding="utf-8").read().replace("[converge]\n", "[converge]\ncontrols = v6_cz_yszc_hj\nse = cluster\n")
             .replace("file = ", "file = " + os.path.abspath(DATA) + "/")
             .replace("geojson = ", "geojson = " + os.path.abspath(DATA) + "/"))
p = run("run", os.path.join(cdir, "p.ini"), "--out", os.path.join(cdir, "out"), "--quiet")
with open(os.path.join(DATA, "china_provinces_tech_wide.csv"), encoding="utf-8") as fh:
    ctl = {(r["province"], r["year"]): r["v6_cz_yszc_hj"] for r in csv.DictReader(fh)}
lc = os.path.join(cdir, "long.csv")
with open(lf, encoding="utf-8") as src, open(lc, "w", encoding="utf-8") as dst:
    rows = list(csv.reader(src))
    dst.write(",".join(rows[0] + ["budget"]) + "\n")
    for r in rows[1:]:
        dst.write(",".join(r + [ctl[(r[0], r[1])]]) + "\n")
cc = os.path.join(cdir, "conv.csv")
run("converge", "--data", lc, "--unit", "unit", "--period", "period", "--value", "score", "--controls", "budget",
    "--out", cc)
bc = os.path.join(cdir, "out", "tables", "beta.csv")
if p.returncode == 0 and os.path.exists(cc):
    # the control is named by its data column in the report, by the long file's column in the command
    beta_check(cc, bc, ["beta_abs", "beta_cond", "panel_abs", "panel_cond"],
               "numbers: conditional β (controls = a data column) equals nqpf converge --controls",
               {"v6_cz_yszc_hj": "budget"})
else:
    check(False, "numbers: conditional β run", p.stderr)

# ---- reruns are byte-identical; atomic, no overwrite without --force -----
rep2 = os.path.join(tmp, "rep2")
run("run", PROJECT, "--out", rep2, "--quiet")
cmp = filecmp.dircmp(rep, rep2)
diff = cmp.diff_files + cmp.left_only + cmp.right_only
sub = filecmp.dircmp(T, os.path.join(rep2, "tables"))
diff += sub.diff_files + sub.left_only + sub.right_only
# dircmp compares shallowly; compare contents explicitly
for d, names in [(rep, ["index.html", "methods.md", "run.json"]), (T, sorted(os.listdir(T)))]:
    for n in names:
        o = os.path.join(rep2, os.path.relpath(os.path.join(d, n), rep))
        if not filecmp.cmp(os.path.join(d, n), o, shallow=False):
            diff.append(n)
check(not diff, "rerun gives byte-identical outputs", diff)
rep1t = os.path.join(tmp, "rep1t")
subprocess.run([NQPF, "run", PROJECT, "--out", rep1t, "--quiet"], env=dict(os.environ, OMP_NUM_THREADS="1"))
diff = [n for n in ["index.html", "methods.md", "run.json"] + ["tables/" + f for f in sorted(os.listdir(T))]
        if not filecmp.cmp(os.path.join(rep, n), os.path.join(rep1t, n), shallow=False)]
check(not diff, "one thread gives the same bytes as many", diff)

p = run("run", PROJECT, "--out", rep, "--quiet", ok=False)
check(p.returncode == 8 and "--force" in p.stderr, "existing DIR is not replaced without --force", p.stderr)
bad = os.path.join(tmp, "bad.ini")
with open(bad, "w", encoding="utf-8") as fh:
    fh.write(open(PROJECT, encoding="utf-8").read().replace("grid = 256", "grid = many")
             .replace("file = ", "file = " + os.path.abspath(DATA) + "/")
             .replace("geojson = ", "geojson = " + os.path.abspath(DATA) + "/"))
p = run("run", bad, "--out", os.path.join(tmp, "badout"), "--quiet", ok=False)
check(p.returncode == 5 and ("bad.ini:%d:" % (open(bad, encoding="utf-8").read().split("\n").index("grid = many") + 1)) in p.stderr
      and not os.path.exists(os.path.join(tmp, "badout")),
      "bad option: FILE:LINE:COL error and no output directory", p.stderr)
p = run("run", bad, "--out", rep, "--quiet", "--force", ok=False)
check(p.returncode != 0 and os.path.exists(os.path.join(rep, "index.html")),
      "failed run with --force leaves the old DIR intact")
rj = json.load(open(os.path.join(rep, "run.json"), encoding="utf-8"))
check(rj["command"] == "run" and len(rj["inputs"]) == 4 and all(len(i["sha256"]) == 64 for i in rj["inputs"]),
      "run.json records the inputs' checksums")
bomdir = os.path.join(tmp, "bom")
run("run", PROJECT, "--out", bomdir, "--quiet", "--bom", "--lang", "en")
heads = [open(os.path.join(bomdir, "tables", f), "rb").read(3) for f in os.listdir(os.path.join(bomdir, "tables"))
         if f.endswith(".csv")]
check(heads and all(h == b"\xef\xbb\xbf" for h in heads), "--bom: every CSV starts with a UTF-8 BOM")
check(b"\xef\xbb\xbf" != open(os.path.join(T, "scores.csv"), "rb").read(3), "no BOM by default")
en = open(os.path.join(bomdir, "index.html"), encoding="utf-8").read()
check('lang="en"' in en and "Beijing" in en and "Ranking" in en, "--lang en: English labels and unit names")

# [malmquist]: the project's keys are the options of nqpf malmquist, so the
# same options give the same files (main output and --means)
mq, mqm = os.path.join(tmp, "mq.csv"), os.path.join(tmp, "mq_means.csv")
run("malmquist", "--data", os.path.join(DATA, "china_provinces_tech_wide.csv"), "--unit", "province", "--period", "year",
    "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "--outputs", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj", "--index", "malmquist",
    "--model", "radial", "--frontier", "contemporaneous", "--rts", "vrs", "--orient", "in", "--out", mq, "--means", mqm)
check(filecmp.cmp(mq, os.path.join(T, "malmquist.csv"), shallow=False),
      "numbers: tables/malmquist.csv byte-identical to nqpf malmquist")
check(filecmp.cmp(mqm, os.path.join(T, "malmquist_means.csv"), shallow=False),
      "numbers: tables/malmquist_means.csv byte-identical to nqpf malmquist --means")
a = pd.read_csv(os.path.join(T, "malmquist.csv"))
check(len(a) == 31 * 13 and (a["status"] == "ok").all()
      and abs(a["tfpch"] - a["effch"] * a["techch"]).max() < 1e-12
      and abs(a["effch"] - a["pech"] * a["sech"]).max() < 1e-12,
      "numbers: malmquist rows 31 x 13, all ok, tfpch = effch x techch, effch = pech x sech")
h = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
m = pd.read_csv(os.path.join(T, "malmquist_means.csv"), dtype={"from": str, "to": str})
last = m[m["kind"] == "period"].iloc[-1]
row = "<tr><td>%s–%s</td><td>%d</td><td>%.4f</td>" % (last["from"], last["to"], last["n"], last["tfpch"])
check('<svg id="chart-malmquist"' in h and row in h, "html: Malmquist chart and means table from malmquist_means.csv")
md = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
check("Färe、Grosskopf" in md and "Färe, Grosskopf, Norris & Zhang (1994)" in md and "DEAP 2.1" in md
      and "radial %s-oriented" % "in" in md and "rts = vrs" in md and "`malmquist-radial-in-vrs-contemporaneous`" in md,
      "methods.md: Malmquist paragraph (zh + en) from the options used")

# [dea]: the keys are the options of nqpf dea, so the same options give the
# same file; the summary and the HTML are recomputed from it independently
de = os.path.join(tmp, "dea.csv")
run("dea", "--data", os.path.join(DATA, "china_provinces_tech_wide.csv"), "--unit", "province", "--period", "year",
    "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "--outputs", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj", "--model", "radial",
    "--rts", "vrs", "--orient", "in", "--frontier", "contemporaneous", "--out", de)
check(filecmp.cmp(de, os.path.join(T, "dea.csv"), shallow=False), "numbers: tables/dea.csv byte-identical to nqpf dea")
a = pd.read_csv(de, dtype={"year": str})
ds = pd.read_csv(os.path.join(T, "dea_summary.csv"))
mean = a.groupby("province")["efficiency"].mean()
check(len(ds) == 31 and all(abs(r[3] - mean[r[1]]) < 1e-15 for r in ds.itertuples(index=False))
      and list(ds.iloc[:, 3]) == sorted(ds.iloc[:, 3], reverse=True),
      "numbers: dea_summary ranks the provinces by their mean nqpf dea score")
check(a["efficiency"].between(0, 1 + 1e-12).all() and (a["status"] == "ok").all(),
      "numbers: BCC input efficiencies all solved and in (0, 1]")
gm = a.assign(region=a["province"].map(meta["region4"])).groupby(["region", "year"])["efficiency"].mean()
row = "<tr><td>1</td><td>%s</td>" % ds.iloc[0, 1]
c0 = h.index('<svg id="chart-dea"')
chart = h[c0:h.index("</svg>", c0)]
check(row in h and ("%.4f" % mean[ds.iloc[0, 1]]) in h and all(
    "<title>%s %s: %.4f</title>" % (g, y, v) in chart for (g, y), v in gm.items()),
      "html: DEA chart (group means per year) and ranking table from dea.csv")
md = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
check("## DEA效率" in md and "## DEA efficiency" in md and "Banker, Charnes & Cooper 1984" in md
      and "`radial-vrs-in-contemporaneous`" in md and "vrs (Charnes" in md and "in-oriented" in md,
      "methods.md: DEA paragraph (zh + en) from the options used")
rj = json.load(open(os.path.join(rep, "run.json"), encoding="utf-8"))
check(all("dea." + k in rj["options"] for k in ["inputs", "outputs", "model", "rts", "orient", "frontier", "super"]),
      "run.json records the [dea] options")

# [growth]: the keys are the options of nqpf growth on the bundled PWT subset;
# and the result is PWT's own TFP: with Y = rgdpna, K = rkna, L = emp*avh*hc,
# s = labsh (Törnqvist), dln TFP equals ln(rtfpna_t / rtfpna_t-1) up to PWT's
# single precision (PWT stores floats: ~1e-6) wherever avh is published
pwt = os.path.join(DATA, "pwt91_subset.csv")
gr = os.path.join(tmp, "growth.csv")
run("growth", "--data", pwt, "--unit", "countrycode", "--period", "year", "--output", "rgdpna", "--capital", "rkna",
    "--labour", "emp*avh*hc", "--share", "labsh", "--base", "2011", "--out", gr)
check(filecmp.cmp(gr, os.path.join(T, "growth.csv"), shallow=False),
      "numbers: tables/growth.csv byte-identical to nqpf growth")
g = pd.read_csv(os.path.join(T, "growth.csv"))
w = pd.read_csv(pwt)
errs, lvl = {}, {}
for c in ["CHN", "USA", "JPN", "KOR", "DEU", "IND"]:
    x = w[(w["countrycode"] == c) & w["avh"].notna()].sort_values("year")
    y = g[g["unit"] == c].set_index("period")
    d = x["rtfpna"].apply(math.log).diff()
    ok_years = x["year"].values[1:][(x["year"].diff() == 1).values[1:]]
    errs[c] = max(abs(y.loc[yr, "dln_tfp"] - d[x["year"] == yr].iloc[0]) for yr in ok_years)
    lvl[c] = max(abs(y.loc[yr, "tfp_index"] / r - 1) for yr, r in zip(x["year"], x["rtfpna"]))
check(len(g[g["unit"] == "CHN"].dropna()) == 47 and errs["CHN"] < 1e-6,
      "PWT: China's Törnqvist TFP growth 1971-2017 equals PWT's rtfpna growth (max |diff| %.2g)" % errs["CHN"])
check(max(errs.values()) < 1e-6 and max(lvl.values()) < 1e-6,
      "PWT: all six economies' TFP growth and index (2011 = 1) equal rtfpna (max %.2g, %.2g)"
      % (max(errs.values()), max(lvl.values())))
gs = pd.read_csv(os.path.join(T, "growth_summary.csv"))
mg = g.groupby("unit", sort=False)["dln_tfp"].mean()
check(list(gs["unit"]) == list(mg.index) and (abs(gs["mean_dln_tfp"].values - mg.values) < 1e-15).all()
      and gs.loc[gs["unit"] == "CHN", "name"].iloc[0] == "China",
      "numbers: growth_summary means are the means of nqpf growth's dln_tfp")
c0 = h.index('<svg id="chart-growth"')
chart = h[c0:h.index("</svg>", c0)]
import re
lines = re.findall(r'<polyline class="series"[^>]* points="([^"]*)"><title>([^<]*)</title>', chart)
check(len(lines) == 6 and lines[0][1] == "China" and all(len(p.split()) == 48 for p, _ in lines),
      "html: TFP index chart of China and five economies, 48 years each")
check(any(i["role"] == "growth" and len(i["sha256"]) == 64 for i in rj["inputs"]),
      "run.json records the growth file's checksum")

# ---- (2) escaping: hostile names reach every output escaped --------------
EVIL = ["<script>alert(1)</script>", "a&b", '"quoted,comma"', "100%_\\LaTeX{}"]
ev = os.path.join(tmp, "evil")
os.makedirs(ev)
with open(os.path.join(ev, "panel.csv"), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["name", "year", "grp", "code", "x1", "x2", "x3"])
    for i, n in enumerate(EVIL):
        for t in range(6):
            w.writerow([n, 2000 + t, EVIL[i % 2 + 1] if i < 2 else EVIL[3 - i % 2], "c%d" % i,
                        1 + i + 0.3 * t + 0.1 * (i * t % 3), 5 + i * i + t, 10 - i + 0.5 * t * (i % 2)])
with open(os.path.join(ev, "system.csv"), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["column", "direction", "dimension", "name", "unit"])
    # ('/' separates levels in dimension paths, so the dimensions avoid it)
    w.writerow(["x1", "+", EVIL[1], EVIL[0], EVIL[3]])
    w.writerow(["x2", "+", EVIL[2], EVIL[3], "%"])
    w.writerow(["x3", "-", EVIL[2], EVIL[0], "&"])
feats = []
for i in range(4):
    x, y = i % 2, i // 2
    feats.append({"type": "Feature", "properties": {"id": "c%d" % i, "name": EVIL[i]},
                  "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}})
json.dump({"type": "FeatureCollection", "features": feats}, open(os.path.join(ev, "map.geojson"), "w"))
with open(os.path.join(ev, "p.ini"), "w", encoding="utf-8") as fh:
    fh.write('[project]\ntitle = "<b>T</b> & \\"x\\""\n[data]\nfile = panel.csv\nunit = name\nperiod = year\n'
             "[system]\nfile = system.csv\n[group]\ncolumn = grp\n[map]\ngeojson = map.geojson\nid-field = id\n"
             "column = code\n[gini]\n[kde]\n[moran]\npermutations = 99\n[lisa]\npermutations = 99\n[obstacle]\n"
             "[forecast]\n[malmquist]\ninputs = x1,x2\noutputs = x3\n[converge]\n[markov]\nclasses = 2\n"
             "spatial = yes\n[dea]\ninputs = x1,x2\noutputs = x3\n[growth]\nfile = growth.csv\nunit = name\n"
             "period = year\noutput = y\ncapital = k\nlabour = l\nshare = 0.6\nname = name\n")
with open(os.path.join(ev, "growth.csv"), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["name", "year", "y", "k", "l"])
    for i, n in enumerate(EVIL):
        for t in range(6):
            w.writerow([n, 2000 + t, 10 + i + t * (1 + 0.1 * i), 20 + t, 5 + 0.2 * t * i])
eo = os.path.join(tmp, "evil-out")
p = run("run", os.path.join(ev, "p.ini"), "--out", eo, "--quiet")
check(p.returncode == 0, "escaping: run on hostile names succeeds", p.stderr)


class Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v for _, v in attrs if v]

    def handle_data(self, d):
        self.text.append(d)


if p.returncode == 0:
    h = open(os.path.join(eo, "index.html"), encoding="utf-8").read()
    c = Collect()
    c.feed(h)
    text = "".join(c.text)
    check("script" not in c.tags and "b" not in c.tags, "escaping: HTML has no injected element")
    check("<script>" not in h and "&lt;script&gt;" in h, "escaping: HTML source escapes <script>")
    check(all(n in text for n in EVIL), "escaping: HTML text shows every name intact")
    check("<b>T</b> & \"x\"" in text, "escaping: HTML title escaped and intact")
    tex_of = {n: n.replace("\\", "\0").replace("&", "\\&").replace("%", "\\%").replace("_", "\\_")
              .replace("{", "\\{").replace("}", "\\}").replace("<", "\\textless{}").replace(">", "\\textgreater{}")
              .replace("\0", "\\textbackslash{}") for n in EVIL}
    texs = "".join(open(os.path.join(eo, "tables", f), encoding="utf-8").read()
                   for f in sorted(os.listdir(os.path.join(eo, "tables"))) if f.endswith(".tex"))
    check(all(tex_of[n] in texs for n in EVIL), "escaping: LaTeX tables hold every name escaped")
    body = "\n".join(l for l in texs.split("\n") if not l.startswith("%"))
    check("100%" not in body and "\\LaTeX{}" not in body and "a&b" not in body,
          "escaping: no raw LaTeX specials from the data")
    names = set()
    for f in os.listdir(os.path.join(eo, "tables")):
        if f.endswith(".csv"):
            with open(os.path.join(eo, "tables", f), encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
            width = {len(r) for r in rows}
            check(len(width) == 1, "escaping: tables/%s parses with a constant number of fields" % f)
            for r in rows:
                names.update(r)
    check(all(n in names for n in EVIL), "escaping: CSV fields round-trip every name")
    with open(os.path.join(eo, "tables", "malmquist.csv"), encoding="utf-8", newline="") as fh:
        mu = {r[0] for r in list(csv.reader(fh))[1:]}
    mt = open(os.path.join(eo, "tables", "malmquist_means.tex"), encoding="utf-8").read()
    check(mu == set(EVIL) and all(tex_of[n] in mt for n in EVIL),
          "escaping: malmquist.csv and malmquist_means.tex hold every unit name (escaped in LaTeX)")
    for f in ["dea", "growth"]:
        with open(os.path.join(eo, "tables", f + ".csv"), encoding="utf-8", newline="") as fh:
            names_f = {r[0] for r in list(csv.reader(fh))[1:]}
        tx = open(os.path.join(eo, "tables", f + "_summary.tex"), encoding="utf-8").read()
        check(names_f == set(EVIL) and all(tex_of[n] in tx for n in EVIL),
              "escaping: %s.csv and %s_summary.tex hold every unit name (escaped in LaTeX)" % (f, f))
    check(all(os.path.exists(os.path.join(eo, "tables", f)) for f in ["beta.csv", "markov_spatial.csv", "dea.tex"]),
          "escaping: β, spatial Markov and DEA tables written for hostile names")
    md = open(os.path.join(eo, "methods.md"), encoding="utf-8").read()
    check("<script>" not in md and "&lt;script&gt;" in md, "escaping: methods.md escapes markup")
    try:
        json.load(open(os.path.join(eo, "run.json"), encoding="utf-8"))
        check(True, "escaping: run.json is valid JSON")
    except ValueError as e:
        check(False, "escaping: run.json is valid JSON", e)
    m0 = h.index('<svg id="map-index"')
    seg = h[m0:h.index("</svg>", m0)]  # the [map] years side by side: one shape per unit in each panel
    check(seg.count('class="panel"') >= 1 and seg.count('class="unit"') == 4 * seg.count('class="panel"'),
          "escaping: map has one shape per unit in each year's panel")

# ---- bad projects: clear FILE:LINE:COL errors, no output ---------------
A = os.path.abspath(DATA)
base = ("[data]\nfile = %s/china_provinces_tech_wide.csv\nunit = province\nperiod = year\nmissing = interpolate\n"
        "[system]\nfile = %s/nqpf_system.csv\n" % (A, A))
cases = [
    ("missing data file", base.replace("china_provinces_tech_wide", "nope"), 3, "nope.csv: cannot open"),
    ("unknown section", base + "[dae]\n", 5, "bad.ini:8:1: unknown section [dae]"),
    ("dea bad frontier", base + "[dea]\ninputs = v4_zh_nbzc_hj\noutputs = v4_cg_zlsq2_fm\nfrontier = window:0\n", 5,
     "bad.ini:11:12: 'window:0': frontier must be"),
    ("dea missing value", base + "[dea]\ninputs = v4_zh_nbzc_hj\noutputs = v4_cg_jssc_je\n", 9,
     "china_provinces_tech_wide.csv:3:46: missing value in column 'v4_cg_jssc_je'"),
    ("unknown key", base + "[kde]\nkernal = x\n", 5, "bad.ini:9:1: unknown key 'kernal'"),
    ("bad choice", base + "[kde]\nkernel = box\n", 5, "bad.ini:9:10: 'box': kernel must be"),
    ("gini without group", base + "[gini]\n", 5, "bad.ini:8:1: [gini] needs a [group] section"),
    ("moran without map", base + "[moran]\n", 5, "bad.ini:8:1: [moran] needs a [map] section"),
    ("obstacle with zscore", base + "[index]\nnormalize = zscore\nweights = equal\n[obstacle]\n", 5,
     "bad.ini:11:1: [obstacle] needs"),
    ("entropy on zscore", base + "[index]\nnormalize = zscore\n", 5, "bad.ini:8:1: entropy weights need"),
    ("map column matches no feature", base + "[map]\ngeojson = %s/china_provinces.geojson\ncolumn = province_en\n" % A, 5,
     "31 units match no feature of the map"),
    ("syntax", base + "[kde\n", 4, "bad.ini:8:5: malformed section"),
    ("malmquist bad choice", base + "[malmquist]\ninputs = v4_zh_nbzc_hj\noutputs = v4_cg_zlsq2_fm\nrts = xrs\n", 5,
     "bad.ini:11:7: 'xrs': rts must be crs, vrs, nirs or ndrs"),
    ("malmquist without outputs", base + "[malmquist]\ninputs = v4_zh_nbzc_hj\n", 5,
     "bad.ini:8:1: [malmquist] needs 'outputs = "),
    ("malmquist ddf with orient", base + "[malmquist]\ninputs = a\noutputs = b\nmodel = ddf\norient = in\n", 5,
     "bad.ini:12:10: 'in': ddf takes no orient"),
    ("malmquist missing DEA value", base + "[malmquist]\ninputs = v4_zh_nbzc_hj\noutputs = v4_cg_jssc_je\n", 9,
     "china_provinces_tech_wide.csv:3:46: missing value in column 'v4_cg_jssc_je'"),
    ("repeated key", base + "[kde]\ngrid = 2\ngrid = 3\n", 5, "bad.ini:10:1: key 'grid' repeated"),
    ("spatial markov without map", base + "[markov]\nspatial = true\n", 5,
     "bad.ini:9:11: 'true': a spatial Markov chain needs a [map] section"),
    ("growth base not a period", base + "[growth]\nfile = %s/pwt91_subset.csv\nunit = countrycode\nperiod = year\n"
     "output = rgdpna\ncapital = rkna\nlabour = emp*hc\nshare = labsh\nbase = 1900\n" % A, 5,
     "bad.ini:16:8: '1900': growth.base is not a period"),
    ("growth share out of range", base + "[growth]\nfile = %s/pwt91_subset.csv\nunit = countrycode\nperiod = year\n"
     "output = rgdpna\ncapital = rkna\nlabour = emp\nshare = 1.5\n" % A, 5,
     "bad.ini:15:9: '1.5': a constant labour share must be in [0,1]"),
    ("converge bad se", base + "[converge]\nse = robust\n", 5, "bad.ini:9:6: 'robust': se must be classical, hc1 or cluster"),
]
for name, text, code, msg in cases:
    with open(os.path.join(tmp, "bad.ini"), "w", encoding="utf-8") as fh:
        fh.write(text)
    o = os.path.join(tmp, "bad-out")
    p = run("run", os.path.join(tmp, "bad.ini"), "--out", o, "--quiet", ok=False)
    check(p.returncode == code and msg in p.stderr and not os.path.exists(o),
          "bad project: %s -> exit %d, '%s'" % (name, code, msg), (p.returncode, p.stderr))
with open(os.path.join(tmp, "min.ini"), "w", encoding="utf-8") as fh:
    fh.write(base)
p = run("run", os.path.join(tmp, "min.ini"), "--out", os.path.join(tmp, "min"))
check(p.returncode == 0 and "index.html" in p.stderr and os.path.exists(os.path.join(tmp, "min", "tables", "ranking.tex")),
      "minimal project (index only) works and the summary lists what was written", p.stderr)
p = run("run", "--out", os.path.join(tmp, "x"), ok=False)
check(p.returncode == 2, "usage error without PROJECT")

# ---- many units (a firm panel without a map) -----------------------------
import random
rng = random.Random(7)
big = os.path.join(tmp, "big")
os.makedirs(big)
with open(os.path.join(big, "panel.csv"), "w", encoding="utf-8") as fh:
    fh.write("firm,year,sector,a,b,c\n")
    for i in range(300):
        for t in range(6):
            fh.write("f%03d,%d,s%d,%.6f,%.6f,%.6f\n" % (i, 2015 + t, i % 5, rng.uniform(1, 9) * (1 + 0.1 * t),
                                                       rng.uniform(0, 100), rng.uniform(5, 6)))
with open(os.path.join(big, "system.csv"), "w", encoding="utf-8") as fh:
    fh.write("column,direction,dimension\na,+,D1\nb,+,D2\nc,-,D2\n")
with open(os.path.join(big, "p.ini"), "w", encoding="utf-8") as fh:
    fh.write("[data]\nfile = panel.csv\nunit = firm\nperiod = year\n[system]\nfile = system.csv\n[group]\n"
             "column = sector\n[gini]\n[theil]\n[converge]\n[kde]\n[obstacle]\n[markov]\n[forecast]\n")
p = run("run", os.path.join(big, "p.ini"), "--out", os.path.join(big, "out"), "--quiet")
check(p.returncode == 0, "300 units without a map: report written", p.stderr)
if p.returncode == 0:
    h = open(os.path.join(big, "out", "index.html"), encoding="utf-8").read()
    o0 = h.index('<svg id="chart-obstacle"')
    bars = h[o0:h.index("</svg>", o0)].count('class="bar"')
    check(bars == 60 * 2 and "map-index" not in h, "300 units: obstacle chart shows the 60 lowest-ranked units", bars)

# ---- (4) nqpf demo: the bundled project, well under 10 s ----------------
import time
t0 = time.monotonic()
p = run("demo", "--out", os.path.join(tmp, "demo"))
dt = time.monotonic() - t0
check(p.returncode == 0 and os.path.exists(os.path.join(tmp, "demo", "index.html")) and "广东" in p.stdout,
      "demo: runs the bundled project and writes the report", p.stderr)
check(dt < 10, "demo: finishes in under 10 s (%.2f s)" % dt)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failures else 0)
