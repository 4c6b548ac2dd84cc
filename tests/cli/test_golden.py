#!/usr/bin/env python3
"""Golden outputs: every command on the bundled data gives the outputs it gave
before the option registry (issue 11) was introduced.

The SHA-256 digests below were recorded from commit 4420e62 (the last commit
before the registry refactoring), built with `make`, by running this script
with `--record`.  Only digests are stored, not the files.  Before hashing,
text outputs are normalised: the repository root and the scratch directory
become <ROOT> and <TMP>, and the version string `nqpf X.Y.Z` becomes
`nqpf VERSION`; run.json is parsed, its "nqpf_version" is dropped and every
string is normalised the same way, then it is dumped again in its own key
order.  Everything else must be byte-identical.

Re-recorded on purpose since (each change checked by hand, numbers equal):
- demo/run outputs, when the demo project switched to the built-in `nbs4`
  grouping: the region labels of the Chinese report are 东部/中部/西部/东北
  instead of the data column's East/Central/West/Northeast (every CSV equal
  after mapping the labels); methods.md names the grouping.
- demo/run index.html, methods.md, dea/spatial-Markov captions: the results
  section (结果分析) opens the report; the Chinese text names option values
  in Chinese (线性插值, 熵值法, 高斯核, 后式（Queen）, 当期前沿 …).
- after merging the session's branches, the combinations of the changes
  recorded separately: index.html (results section + summary tables),
  run.json (malmquist.techch recorded), dea/dea_summary/ranking .tex and
  gm_accuracy (adjustbox-wrapped tables with the nbs4 Chinese labels).
- index.html and run.json of run, run-en and demo after merging the
  figures branch: maps in quantile classes, three years side by side with
  the South China Sea inset and the 审图号 note, 12-unit chart text, the
  [map] keys recorded in run.json.
- the printed tables (tables/*.tex, the page's summary tables) of the
  Chinese report name machine column names in Chinese (年份, 系数, 标准误,
  p值 …; rt_col_label); the CSV files keep the names.
- run.json of run, run-en and demo: the new project keys `dea.sbm-ddf` and
  `malmquist.sbm-ddf` (SBM-DDF, issue 16) are recorded ("no"); nothing else
  in run.json changed (checked against main's binary with a JSON diff).
- run.json of run, run-en and demo: the [dea] key add-weights (the additive
  models' weights, default "ones") is recorded with the other dea keys.
- run.json of run, run-en and demo: the [dea] key alpha (the generalized
  distance function's, `--model gdf`, default 0.5) is recorded after
  add-weights; a JSON diff against main's binary shows that key alone, and
  every other file of the run is byte-identical.
- markov-spatial msp.csv (issue 16, reducible chains): a chain that is not
  irreducible lists each state's communicating class (state_class rows,
  closed/transient); its steady state is solved on the closed class alone,
  so transient states are exact zeros and two values move in the 16th digit;
  the spatial chain's output ends with the homogeneity tests (chi2, x2,
  steady_chi2, Bickenbach-Bode q and lr); the rows before them are unchanged.
- index.html and run.json of run, run-en and demo when the report's
  sections became one registry (src/report/sections.c, issue 11): every
  stage follows the registry's order, which is the order the tables and
  methods.md already had.  The page's kernel-density figure now follows the
  convergence figure (it came before the Gini figure: the page and the
  documents disagreed), so figures/NN_chart_*.{svg,png,pdf} 07-09 are
  numbered gini, sigma, kde; run.json lists coupling.* and markov.* keys
  after obstacle.* (the registry's order, all sections read before any
  runs).  Same content: the page's lines sorted are equal, every table and
  methods.md byte-equal.
- index.html of run, run-en and demo (branch deliver2): the LISA cluster
  map and the TFP map show the [map] years side by side (LISA in those
  periods, TFP the Malmquist pairs ending in them) instead of the last
  period and the mean change; map labels placed without overlaps.
- beta.tex, malmquist_means.tex and index.html of run and demo (deliver2):
  the Chinese report prints machine values of text columns by their
  Chinese names (kind period/unit/all as 分期/地区/总体, beta_abs as
  绝对β收敛（截面）, const as 常数项, the variant label's parts); the CSV
  files keep the values.
- index.html of run, run-en and demo (deliver2): the map polygons are
  drawn simplified at the map's scale (shared borders simplified once,
  vertices within 0.2 units of the outline left out).
- run.json of run, run-en and demo (issue 16, mcdm16): the new [index] key
  vikor-v (VIKOR's v, default 0.5) is recorded with the other index keys;
  a JSON diff against main's binary shows that key as the only change.
- run.json of run, run-en and demo (issue 16, dea16c): the new project keys
  dea.peel ("no"; peel-the-onion layers) and markov.permutations ("0") and
  markov.seed ("12345") (the spatial chain's x2 permutation test) are
  recorded with their sections' keys; a JSON diff against main's binary
  shows those three keys alone, and every other file of the run is
  byte-identical.
- run.json of run, run-en and demo (issue 16, catmask16): the [dea] keys
  bootstrap ("0"), seed ("1"), level ("0.95"), bandwidth ("0"), rts-test
  ("0") and economic ("none") of `nqpf dea --bootstrap` / `--rts-test` /
  `--economic` became project keys and are recorded with the other dea
  keys; a JSON diff against main's binary shows those six keys alone, and every other file of the run is byte-identical (the ranking's
  qsort and the unit lookup of dea_out.c included).

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/cli/test_golden.py [--record]
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", os.getcwd())
D = os.path.join(ROOT, "data")
W = os.path.join(D, "china_provinces_tech_wide.csv")
GEO = os.path.join(D, "china_provinces.geojson")
PWT = os.path.join(D, "pwt91_subset.csv")
SYS = os.path.join(D, "nqpf_system.csv")
S = "idx/scores.csv"
DEA_IO = ["--unit", "province", "--period", "year", "--inputs", "v4_zh_nbzc_hj,v4_zh_qsdl_hj",
          "--outputs", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj"]
SPATIAL = ["--data", W, "--unit", "gb_code", "--period", "year", "--value", "v4_zh_nbzc_hj",
           "--geojson", GEO, "--id-field", "adcode", "--subset-weights"]

# name, argv (after the binary), the files whose digests are compared
# ("-" = standard output).  Cases run in order in one scratch directory.
CASES = [
    ("index", ["index", "--data", W, "--system", SYS, "--unit", "province", "--period", "year",
               "--missing", "interpolate", "--out", "idx"],
     ["idx/scores.csv", "idx/weights.csv", "idx/normalized.csv", "idx/filled.csv", "idx/run.json"]),
    ("index-topsis", ["index", "--data", W, "--system", SYS, "--unit", "province", "--period", "year",
                      "--missing", "interpolate", "--weights", "critic", "--aggregate", "topsis",
                      "--normalize", "zscore", "--robustness", "--out", "idx2"],
     ["idx2/scores.csv", "idx2/weights.csv", "idx2/robustness.csv", "idx2/run.json"]),
    ("gini", ["gini", "--data", W, "--unit", "province", "--period", "year", "--value", "v4_zh_nbzc_hj",
              "--group", "region4", "--missing", "skip", "--out", "-"], ["-"]),
    ("gini-wide", ["gini", "--data", S, "--unit", "unit", "--period", "period", "--value", "score",
                   "--format=wide", "--out", "gini_wide.csv"], ["gini_wide.csv"]),
    ("theil", ["theil", "--data", W, "--unit", "province", "--period", "year", "--value", "v4_zh_nbzc_hj",
               "--group", "region4", "--missing", "skip", "--out", "theil.csv"], ["theil.csv"]),
    ("theil-nogroup", ["theil", "--data", S, "--period", "period", "--value", "score", "--out", "-"], ["-"]),
    ("converge", ["converge", "--data", S, "--unit", "unit", "--period", "period", "--value", "score",
                  "--out", "-"], ["-"]),
    ("converge-controls", ["converge", "--data", S, "--unit", "unit", "--period", "period", "--value", "score",
                           "--controls", "新技术,新质劳动者", "--se", "hc1", "--models", "beta,panel",
                           "--out", "conv.csv"], ["conv.csv"]),
    ("kde", ["kde", "--data", S, "--unit", "unit", "--period", "period", "--value", "score", "--grid", "64",
             "--out", "-"], ["-"]),
    ("kde-epa", ["kde", "--data", S, "--period", "period", "--value", "score", "--kernel", "epanechnikov",
                 "--bw", "scott", "--grid=50", "--from", "0", "--to", "1", "--out", "kde.csv"], ["kde.csv"]),
    ("kde-fixed", ["kde", "--data", S, "--period", "period", "--value", "score", "--bandwidth", "0.02",
                   "--grid", "20", "--out", "-"], ["-"]),
    ("couple", ["couple", "--data", S, "--unit", "unit", "--period", "period", "--systems", "新技术,新质劳动者",
                "--out", "-"], ["-"]),
    ("couple-alpha", ["couple", "--data", S, "--unit", "unit", "--systems", "新技术,新质劳动者,新质劳动对象",
                      "--alpha", "0.5,0.3,0.2", "--coupling", "nofactor", "--out", "couple.csv"], ["couple.csv"]),
    ("forecast", ["forecast", "--data", S, "--unit", "unit", "--period", "period", "--value", "score",
                  "--horizon", "3", "--out", "-"], ["-"]),
    ("forecast-rolling", ["forecast", "--data", S, "--unit", "unit", "--period", "period", "--value", "score",
                          "--rolling", "--alpha", "0.4", "--sd", "sample", "--out", "fc.csv"], ["fc.csv"]),
    ("markov", ["markov", "--data", S, "--unit", "unit", "--period", "period", "--value", "score",
                "--classes", "4", "--mfpt", "--out", "-"], ["-"]),
    ("markov-spatial", ["markov", "--data", W, "--unit", "gb_code", "--period", "year", "--value",
                        "v4_cg_zlsq2_hj", "--spatial", "--geojson", GEO, "--id-field", "adcode", "--subset-weights",
                        "--classes", "4", "--classing", "pooled", "--out", "msp.csv"], ["msp.csv"]),
    ("obstacle", ["obstacle", "--index-dir", "idx", "--top", "3", "--out", "-"], ["-"]),
    ("weights", ["weights", "--geojson", GEO, "--id-field", "adcode", "--style", "B", "--out", "-"], ["-"]),
    ("weights-knn", ["weights", "--geojson", GEO, "--id-field", "adcode", "--knn", "4", "--centroids",
                     "--metric", "greatcircle", "--out", "knn.csv"], ["knn.csv"]),
    ("moran", ["moran"] + SPATIAL + ["--missing", "drop", "--permutations", "99", "--seed", "7", "--out", "-"],
     ["-"]),
    ("lisa", ["lisa"] + SPATIAL + ["--missing", "drop", "--permutations", "99", "--seed", "7",
                                   "--out", "lisa.csv"], ["lisa.csv"]),
    ("lisa-gstar", ["lisa"] + SPATIAL + ["--missing", "drop", "--stat", "gstar", "--permutations", "0",
                                         "--out", "-"], ["-"]),
    ("tobit", ["tobit", "--data", S, "--y", "score", "--x", "新技术,新质劳动者", "--lower", "0.05",
               "--out", "-"], ["-"]),
    ("truncreg", ["truncreg", "--data", S, "--y", "score", "--x", "新技术,新质劳动者", "--lower", "0.02",
                  "--bootstrap", "40", "--seed", "7", "--out", "tr.csv"], ["tr.csv"]),
    ("growth", ["growth", "--data", PWT, "--unit", "countrycode", "--period", "year", "--output", "rgdpna",
                "--capital", "rkna", "--labour", "emp*avh*hc", "--share", "labsh", "--base", "2011",
                "--out", "-"], ["-"]),
    ("dea", ["dea", "--data", W] + DEA_IO + ["--rts", "vrs", "--orient", "in", "--out", "-"], ["-"]),
    ("dea-sbm", ["dea", "--data", W] + DEA_IO + ["--model", "sbm", "--frontier", "pooled", "--slacks",
                                                 "--peers", "--out", "dea_sbm.csv"], ["dea_sbm.csv"]),
    ("dea-boot", ["dea", "--data", W] + DEA_IO + ["--bootstrap", "20", "--seed", "3", "--out", "-"], ["-"]),
    ("malmquist", ["malmquist", "--data", W] + DEA_IO + ["--rts", "vrs", "--orient", "in", "--cumulative",
                                                         "--means", "mq_means.csv", "--out", "mq.csv"],
     ["mq.csv", "mq_means.csv"]),
    ("malmquist-gml", ["malmquist", "--data", W] + DEA_IO + ["--index", "luenberger", "--model", "ddf",
                                                             "--frontier", "global", "--out", "-"], ["-"]),
]
REPORT_FILES = ["index.html", "methods.md", "run.json"]


def norm_text(b, tmp, version):
    s = b.decode("utf-8", "surrogateescape")
    s = s.replace(tmp, "<TMP>").replace(ROOT, "<ROOT>")
    s = s.replace("nqpf " + version, "nqpf VERSION")
    return s.encode("utf-8", "surrogateescape")


def norm_json(b, tmp, version):
    def walk(v):
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items() if k != "nqpf_version"}
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, str):
            return v.replace(tmp, "<TMP>").replace(ROOT, "<ROOT>")
        return v
    d = walk(json.loads(b.decode("utf-8")))
    return json.dumps(d, ensure_ascii=False, indent=1).encode("utf-8")


def digest(path, data, tmp, version):
    data = norm_json(data, tmp, version) if path.endswith(".json") else norm_text(data, tmp, version)
    return hashlib.sha256(data).hexdigest()


def run_all():
    version = subprocess.run([NQPF, "version"], capture_output=True, text=True).stdout.split()[-1]
    tmp = tempfile.mkdtemp(prefix="nqpf-golden-")
    got = {}
    try:
        for name, argv, outs in CASES:
            p = subprocess.run([NQPF] + argv, cwd=tmp, capture_output=True)
            if p.returncode != 0:
                got[name + ":rc"] = "exit %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip())
                continue
            for o in outs:
                if o == "-":
                    got[name + ":-"] = digest("-", p.stdout, tmp, version)
                else:
                    with open(os.path.join(tmp, o), "rb") as f:
                        got[name + ":" + o] = digest(o, f.read(), tmp, version)
        # the whole report: nqpf run on the bundled project, and nqpf demo
        for name, argv in (("run", ["run", os.path.join(D, "nqpf_project.ini"), "--out", "rep", "--quiet"]),
                           ("run-en", ["run", os.path.join(D, "nqpf_project.ini"), "--out", "rep_en", "--quiet",
                                       "--lang", "en"]),
                           ("demo", ["demo", "--out", "demo"])):
            p = subprocess.run([NQPF] + argv, cwd=tmp, capture_output=True)
            if p.returncode != 0:
                got[name + ":rc"] = "exit %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip())
                continue
            out = os.path.join(tmp, argv[argv.index("--out") + 1])
            files = REPORT_FILES + sorted("tables/" + f for f in os.listdir(os.path.join(out, "tables")))
            for o in files:
                with open(os.path.join(out, o), "rb") as f:
                    got[name + ":" + o] = digest(o, f.read(), tmp, version)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return got


# Recorded from commit 4420e62 with --record.  The report's entries were
# re-recorded on branch deliver (issue 15, paper-ready output) for changes
# made on purpose: every tables/*.tex wraps its tabular in adjustbox (max
# width = text width), rounds a value that prints as -0.0000 without the
# sign, and puts significance stars and a note on beta's coef and Moran's I;
# system.csv/.tex gained the entropy columns e and d; index.html gained the
# summary tables; new tables score_matrix, obstacle_top, coupling_classes,
# gm_accuracy.  No other output changed.
EXPECTED = {
    'index:idx/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'index:idx/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
    'index:idx/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'index:idx/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'index:idx/run.json': '09dc6324612b831ca3862e64cb00ac4f86bd4757f55b954c888246dd26dee883',
    'index-topsis:idx2/scores.csv': '6a15230e077af264814778ce593671f71b5c568a15ee7f876a4b644692b2c9af',
    'index-topsis:idx2/weights.csv': 'dc0c309c807184b405ffa7de13f0e68c97a00af3c1e0cbb0bf7dd7de4edddd0a',
    'index-topsis:idx2/robustness.csv': '98c99c38e16675c965b09c5fa2356d3f1ee85a78258bfb82ad68706dfe43a43f',
    'index-topsis:idx2/run.json': '6277427a0dbb56fe1de8c653e601872f4ce9acc9137b03b626c98d8637052155',
    'gini:-': 'e22fb5cb9fc02d09d9529cf0eb93837eb754e90a70d2b63070b898b345b9cdf7',
    'gini-wide:gini_wide.csv': '45d85cae5a7376262844ddfc6916975da1f911cb606b3d45b06ec58ca93f6c5c',
    'theil:theil.csv': '1c38b6a1cf31d6c5f0e3611913538ac36a5bce66fb8712e76070241f9dab7bbf',
    'theil-nogroup:-': 'aa48936a67c15fa8b86809ed8208b5632e9277f9934d97edcc6ddfdb0001de42',
    'converge:-': '35df310a88c729aa12b62274ed8ed0edae0cd460539357672cf40d0f7160afac',
    'converge-controls:conv.csv': 'c29a61bc2d9de7b0f2d01d7dc4a6d35b1fec960c35d229c935aa6fb1854d1bd4',
    'kde:-': 'b74b0318c4754b55cbe3d8e6a427fe64f121c9549ffd4071dadac99a70d63d26',
    'kde-epa:kde.csv': '71e30e5587caa751ab3c29135f95fa2f4139773c231cbc1bf8480753ff17ec79',
    'kde-fixed:-': '16413d985ab69d21199e6ee5edf0c90c63da981a043f5314f73cd5e0164a4054',
    'couple:-': '2562c4ce1b6b83cfda8562e3d6b6d97426e463e0af4246b4c864cdfe21308afb',
    'couple-alpha:couple.csv': '0a2a1017ac2129e00dede6a84e2fb71a92324c3f2c6f4eddbc859c1be3086f6c',
    'forecast:-': '1e7b88e49d82a403d613be3769d9d72a211683e40953caa76b47341f85c2c928',
    # recorded again after `forecast --horizon` took the default 3 of [forecast] (was 0: no forecast)
    'forecast-rolling:fc.csv': '2d3cecf192717b590284bb364a8dfae1bf15d29d618f4cac00c0ca14f6194df3',
    'markov:-': 'f398c88f7a8b6a8c4d4cc1adf1bc4a365ffd49b6fd95b7fd21f90f467811f6a2',
    'markov-spatial:msp.csv': '5ddbf8c1973e27beef4ba51094f18ee719a76e1f1a5900c4d9b18d3c6b5364fb',
    'obstacle:-': 'b44b0c6a1241ecfbb4fcbd8c276ff6ae84dcedfe84daf258c2f10d4deed911d9',
    'weights:-': '74d9e32d0835c4ebe4850bf9180af9225747e7c887508592f041d77d4323ae32',
    'weights-knn:knn.csv': '2a2e007e1d1e8f23616db1c34d81dff63996b9de1cb8e7b19d38af6bf711707b',
    'moran:-': '5b7c81d74bc97a6cfba40697e588f53545d237915dfc3833c426ad0c46cdaf49',
    'lisa:lisa.csv': '0194e46adaf1acc57542b62ca8888ff7840ca1c1b570000d31a75256382acf53',
    'lisa-gstar:-': '1aba83ef7f08202f16f01a86c5f20fb8f6a27b45a7e62728567dbc9b0a2a2e6b',
    'tobit:-': '925b417c04f7f21b9506ed1b72659325de36b99190f827e032d6db5c52600ce1',
    'truncreg:tr.csv': '1212d8cdd766bcb88daab719cba79a69ac3df59534f0383a4b755b204fa2dce4',
    'growth:-': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'dea:-': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'dea-sbm:dea_sbm.csv': '8679d4d2346238f84a9eb83a4c7f62759fe4701618a8c60c38f2a1dd317d279c',
    'dea-boot:-': '132035b2a05b92b67ca1484b99422087c9fde130d3023d0fbc71d09ba7b96ea4',
    'malmquist:mq.csv': 'f0ecb991f029e75cd05da1e16d30f0fc93c037606d9d1870ebb27bc5192b2195',
    'malmquist:mq_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'malmquist-gml:-': '1746a15e7d3b2fea9aaad1511502e003e8cef73290a14ec56198cd0e3cf2965f',
    'run:index.html': '987eb99e0ea5613d13d57912c6b45d6e1107dab36259b7f3c7e88cd434d99bb6',
    'run:methods.md': '76d386cc2e546e8f82f9a51a4c031df681312c68a6f3b25a362a368e97cc127b',
    'run:run.json': '73f31a1b387b589e2099334465cc8be6ed1f0f861170e48ea4ae7061af29a738',
    'run:tables/beta.csv': 'cc1a344e17e88489ef1befa522db89e31d4250a9286fb1c127c09ec92f257418',
    'run:tables/beta.tex': 'c58450ddc1220d55916b6776a7e0879fe03e0dfac26f505be21a55606701c851',
    'run:tables/coupling.csv': '8bfa4abce510237339ffb89bddfa9f859b15c6650d393a8220f44676e3a97738',
    'run:tables/dea.csv': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'run:tables/dea.tex': '5155f02cb0305069a5791f2df6ecde27778ea9321abc7c4e0683e7307066ebbc',
    'run:tables/dea_summary.csv': 'fc5d1a32eccd76e157369e3348b489b32170be3868efe98c39370727477830aa',
    'run:tables/dea_summary.tex': '75fbc74c35857f40251e04fe2b30f9ac858178877cbc4ea24bee51fce13e1e5f',
    'run:tables/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'run:tables/forecast.csv': 'ec5d6b94af59815cefdee3400a2fbfddb8d97684ae311580569d36d4975dcef4',
    'run:tables/gini.csv': '1e0b8e2c54050f491c0beda569a2d3f5d484b84b6579ec1753add99c6106100b',
    'run:tables/gini_summary.csv': 'c4527fbf1e8e759bcd91a420ad6ba800ceb6a9bf4ed181970aa77774b12dad9f',
    'run:tables/gini_summary.tex': '404d27f6eda71f8cce4709262f7f6b01f38f05e57dcb993f8f209484498d316c',
    'run:tables/growth.csv': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'run:tables/growth_summary.csv': 'af0730ba47f00fc6cb65f247266afcb93016249f21d016917979762d7ed440ec',
    'run:tables/growth_summary.tex': '82687195aceb7ffdf5f0709370b4c9210611e79bf4e4207ed901b48650d56f65',
    'run:tables/kde.csv': 'd282f908cac0a010d6433b5dec9bae1a33070aa51c6b74f42535a02029a83384',
    'run:tables/lisa.csv': '98c9e7d4c77bb931cc9ef599c0d3b9b5235f8d5286674819ef2fac5d02a0e2c5',
    'run:tables/malmquist.csv': '484a85e6ad171203687763c6035262a9e3f7cdbe46dfaa1bc1ffc2c52eded645',
    'run:tables/malmquist_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'run:tables/malmquist_means.tex': 'e11bb66f3c9daa5d3a4266905e200097c1c5ba3b5c32665d92c5bff81a4f7831',
    'run:tables/markov.csv': 'ddbf25f224d7ba4fccc7cdd7c5d5739a08a55b45386cb680e24c9d6cf045d590',
    'run:tables/markov_matrix.csv': 'a7a0e55b58873e06f76fdde7512ff1a6733ae59b653b1485c1b5b0b1753f6ac6',
    'run:tables/markov_matrix.tex': '6cca6479f51f0e2c7867cd8646056d41cc78371ade3c448dbf3cc63616d0885a',
    'run:tables/markov_spatial.csv': '0a289815f09507766d4b0d429c00d1b24358ca8fc649cfcade260f0b01650881',
    'run:tables/markov_spatial_matrix.csv': '44960f8d55a64b5d0a0e7b2279611caf788e51a0ab0a4988865bec1d17f77e38',
    'run:tables/markov_spatial_matrix.tex': '0660a3b02bde53763a20a04a3ce5a25e7f53adf8566b1927229e4ec85ffbb0bf',
    'run:tables/moran.csv': 'cf06581517da0842189a8bff8a35a0656d71f0669259187f26c93bde15a47aeb',
    'run:tables/moran.tex': 'b2fb31e4235d351d5b37b16861303c2d9872ecb3e815b77fd188c3183b499c38',
    'run:tables/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'run:tables/obstacle.csv': 'e3ac9a8ca286ffb9feb478eb7217c5d7cd11697054cdd4a874e2b5bd71d4d34e',
    'run:tables/ranking.csv': 'a748b08573113de31aaf14b5f0196862902415e1848398e36d10d900ae331616',
    'run:tables/ranking.tex': 'b1f1788005040ef70da5dd3e24452a6581511b13038aeeea1eb230597d4752a8',
    'run:tables/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'run:tables/sigma.csv': '581f9dd9988ec67b4820064f285ac0de03954d50a9520b95ea5278fddfbe99e9',
    'run:tables/sigma.tex': '289899269eca943793d979e392d215d495b33e1a2d6a56d20895e991290d24f3',
    'run:tables/system.csv': 'd0613b8ebf4a29123422886ce5d707e1612071115c7fa379500615c3b2a7e9d2',
    'run:tables/system.tex': '29b79cd04e71f1b8dea6ec8a82343c9e251dc4c2b18b9853ef05f014752a7167',
    'run:tables/theil.csv': 'fb397d029fa0b33125eacb162ac3881ea814ba446aa686d08b294543874ea710',
    'run:tables/theil.tex': 'b2d6eda7ac21bddbee6d06930ae018ff1793c10603ca533200f1189de9adf916',
    'run:tables/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
    'run-en:index.html': 'd80ded08a6e8093c8d5094bc5dd65eefa64bb5778c6f1e0e960fb2d64e09123c',
    'run-en:methods.md': '76d386cc2e546e8f82f9a51a4c031df681312c68a6f3b25a362a368e97cc127b',
    'run-en:run.json': '34accf6925c4a1dcd841fba460d1bb60522d30aa46e2172bfc83f89cdb369c11',
    'run-en:tables/beta.csv': 'cc1a344e17e88489ef1befa522db89e31d4250a9286fb1c127c09ec92f257418',
    'run-en:tables/beta.tex': 'cd48db5fee1c954b7420a231ef022ed769f5e316c0fac66d2adf3a7d50e26c13',
    'run-en:tables/coupling.csv': '8bfa4abce510237339ffb89bddfa9f859b15c6650d393a8220f44676e3a97738',
    'run-en:tables/dea.csv': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'run-en:tables/dea.tex': 'd62dc5ab6bb5985bdf249212d70b8ddf4c91cf57ecc1a2fa8ff230f1440add75',
    'run-en:tables/dea_summary.csv': 'd367e81639f4ae76b8436ebed7c317c55035687ebf9f011cd56c6d4093a16c50',
    'run-en:tables/dea_summary.tex': 'd6232dfd20debfd41c615a0db1051e3cd8f7a50e1dbe9e769b0656e12bd9d3d5',
    'run-en:tables/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'run-en:tables/forecast.csv': 'd3db7c774120fb4c29d428f892a67f364c0328c9b34017329a487640753c562c',
    'run-en:tables/gini.csv': 'c3c87176da91d3b1a976dbbd1ab7c2d945075640e02d3d77f0367169da76537c',
    'run-en:tables/gini_summary.csv': '5be28c84908ee7f940d46bea100b99a5319cfdf20673d9b8e340d660b1ba71f5',
    'run-en:tables/gini_summary.tex': '02983113826089a27c7e8b9905ac718a70993ffe4550cdf953d17ccf06418252',
    'run-en:tables/growth.csv': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'run-en:tables/growth_summary.csv': 'af0730ba47f00fc6cb65f247266afcb93016249f21d016917979762d7ed440ec',
    'run-en:tables/growth_summary.tex': '0b0a292ca3f272c0500f6d91b0bb16a7dca6183538c1695b122384a7ef2494fb',
    'run-en:tables/kde.csv': 'd282f908cac0a010d6433b5dec9bae1a33070aa51c6b74f42535a02029a83384',
    'run-en:tables/lisa.csv': '98c9e7d4c77bb931cc9ef599c0d3b9b5235f8d5286674819ef2fac5d02a0e2c5',
    'run-en:tables/malmquist.csv': '484a85e6ad171203687763c6035262a9e3f7cdbe46dfaa1bc1ffc2c52eded645',
    'run-en:tables/malmquist_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'run-en:tables/malmquist_means.tex': '56a8157a4142d9d195d2bc29b092ed7c1c4cbaceed09bcde49399efc3f24f492',
    'run-en:tables/markov.csv': 'ddbf25f224d7ba4fccc7cdd7c5d5739a08a55b45386cb680e24c9d6cf045d590',
    'run-en:tables/markov_matrix.csv': 'a7a0e55b58873e06f76fdde7512ff1a6733ae59b653b1485c1b5b0b1753f6ac6',
    'run-en:tables/markov_matrix.tex': '573ee2c32b58afa8eb651de0ac0961c70dd737e4b28ceb4b2036e3aabc3b5707',
    'run-en:tables/markov_spatial.csv': '0a289815f09507766d4b0d429c00d1b24358ca8fc649cfcade260f0b01650881',
    'run-en:tables/markov_spatial_matrix.csv': '3e8f9ef0987c99629068c4a736b0901e7e2c036fe8160871d057d45c059bed2d',
    'run-en:tables/markov_spatial_matrix.tex': '0ceebe6d2b7d9b2640a3475b72e6afde04e0769d68f42f8060f71fae42db7d4d',
    'run-en:tables/moran.csv': 'cf06581517da0842189a8bff8a35a0656d71f0669259187f26c93bde15a47aeb',
    'run-en:tables/moran.tex': 'a89621f6c75cf5e28de9516d384aebeeb049c3cf0d5603e5c014d06d2f80aeac',
    'run-en:tables/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'run-en:tables/obstacle.csv': 'e3ac9a8ca286ffb9feb478eb7217c5d7cd11697054cdd4a874e2b5bd71d4d34e',
    'run-en:tables/ranking.csv': '27c27c083cea0d11312b7b279927814d6abd985b69b436840c7f22e06ac8fcf4',
    'run-en:tables/ranking.tex': '321d0f1502ae63d3d0885fab3a72bcdb394a8a10d5df477dea53695d9464c41c',
    'run-en:tables/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'run-en:tables/sigma.csv': '581f9dd9988ec67b4820064f285ac0de03954d50a9520b95ea5278fddfbe99e9',
    'run-en:tables/sigma.tex': '935d874cc3be687d58279f5800c68858ce5db377c844c25f45d96c342a55cbb1',
    'run-en:tables/system.csv': '1ab239c96fd44fa3f51c2b72b62bfa39bea7afc331905ab84800264147ece3ec',
    'run-en:tables/system.tex': '84fbcb750d7d40270fa18d336cfceb60f82f263997b84f6b45e5ae2d35b72b33',
    'run-en:tables/theil.csv': 'fb397d029fa0b33125eacb162ac3881ea814ba446aa686d08b294543874ea710',
    'run-en:tables/theil.tex': '5cbeecd9ba813b063f867d43f3f166fde1850c278ae5f30f1a9f49dccd8c5a0c',
    'run-en:tables/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
    'demo:index.html': '987eb99e0ea5613d13d57912c6b45d6e1107dab36259b7f3c7e88cd434d99bb6',
    'demo:methods.md': '76d386cc2e546e8f82f9a51a4c031df681312c68a6f3b25a362a368e97cc127b',
    'demo:run.json': '73f31a1b387b589e2099334465cc8be6ed1f0f861170e48ea4ae7061af29a738',
    'demo:tables/beta.csv': 'cc1a344e17e88489ef1befa522db89e31d4250a9286fb1c127c09ec92f257418',
    'demo:tables/beta.tex': 'c58450ddc1220d55916b6776a7e0879fe03e0dfac26f505be21a55606701c851',
    'demo:tables/coupling.csv': '8bfa4abce510237339ffb89bddfa9f859b15c6650d393a8220f44676e3a97738',
    'demo:tables/dea.csv': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'demo:tables/dea.tex': '5155f02cb0305069a5791f2df6ecde27778ea9321abc7c4e0683e7307066ebbc',
    'demo:tables/dea_summary.csv': 'fc5d1a32eccd76e157369e3348b489b32170be3868efe98c39370727477830aa',
    'demo:tables/dea_summary.tex': '75fbc74c35857f40251e04fe2b30f9ac858178877cbc4ea24bee51fce13e1e5f',
    'demo:tables/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'demo:tables/forecast.csv': 'ec5d6b94af59815cefdee3400a2fbfddb8d97684ae311580569d36d4975dcef4',
    'demo:tables/gini.csv': '1e0b8e2c54050f491c0beda569a2d3f5d484b84b6579ec1753add99c6106100b',
    'demo:tables/gini_summary.csv': 'c4527fbf1e8e759bcd91a420ad6ba800ceb6a9bf4ed181970aa77774b12dad9f',
    'demo:tables/gini_summary.tex': '404d27f6eda71f8cce4709262f7f6b01f38f05e57dcb993f8f209484498d316c',
    'demo:tables/growth.csv': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'demo:tables/growth_summary.csv': 'af0730ba47f00fc6cb65f247266afcb93016249f21d016917979762d7ed440ec',
    'demo:tables/growth_summary.tex': '82687195aceb7ffdf5f0709370b4c9210611e79bf4e4207ed901b48650d56f65',
    'demo:tables/kde.csv': 'd282f908cac0a010d6433b5dec9bae1a33070aa51c6b74f42535a02029a83384',
    'demo:tables/lisa.csv': '98c9e7d4c77bb931cc9ef599c0d3b9b5235f8d5286674819ef2fac5d02a0e2c5',
    'demo:tables/malmquist.csv': '484a85e6ad171203687763c6035262a9e3f7cdbe46dfaa1bc1ffc2c52eded645',
    'demo:tables/malmquist_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'demo:tables/malmquist_means.tex': 'e11bb66f3c9daa5d3a4266905e200097c1c5ba3b5c32665d92c5bff81a4f7831',
    'demo:tables/markov.csv': 'ddbf25f224d7ba4fccc7cdd7c5d5739a08a55b45386cb680e24c9d6cf045d590',
    'demo:tables/markov_matrix.csv': 'a7a0e55b58873e06f76fdde7512ff1a6733ae59b653b1485c1b5b0b1753f6ac6',
    'demo:tables/markov_matrix.tex': '6cca6479f51f0e2c7867cd8646056d41cc78371ade3c448dbf3cc63616d0885a',
    'demo:tables/markov_spatial.csv': '0a289815f09507766d4b0d429c00d1b24358ca8fc649cfcade260f0b01650881',
    'demo:tables/markov_spatial_matrix.csv': '44960f8d55a64b5d0a0e7b2279611caf788e51a0ab0a4988865bec1d17f77e38',
    'demo:tables/markov_spatial_matrix.tex': '0660a3b02bde53763a20a04a3ce5a25e7f53adf8566b1927229e4ec85ffbb0bf',
    'demo:tables/moran.csv': 'cf06581517da0842189a8bff8a35a0656d71f0669259187f26c93bde15a47aeb',
    'demo:tables/moran.tex': 'b2fb31e4235d351d5b37b16861303c2d9872ecb3e815b77fd188c3183b499c38',
    'demo:tables/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'demo:tables/obstacle.csv': 'e3ac9a8ca286ffb9feb478eb7217c5d7cd11697054cdd4a874e2b5bd71d4d34e',
    'demo:tables/ranking.csv': 'a748b08573113de31aaf14b5f0196862902415e1848398e36d10d900ae331616',
    'demo:tables/ranking.tex': 'b1f1788005040ef70da5dd3e24452a6581511b13038aeeea1eb230597d4752a8',
    'demo:tables/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'demo:tables/sigma.csv': '581f9dd9988ec67b4820064f285ac0de03954d50a9520b95ea5278fddfbe99e9',
    'demo:tables/sigma.tex': '289899269eca943793d979e392d215d495b33e1a2d6a56d20895e991290d24f3',
    'demo:tables/system.csv': 'd0613b8ebf4a29123422886ce5d707e1612071115c7fa379500615c3b2a7e9d2',
    'demo:tables/system.tex': '29b79cd04e71f1b8dea6ec8a82343c9e251dc4c2b18b9853ef05f014752a7167',
    'demo:tables/theil.csv': 'fb397d029fa0b33125eacb162ac3881ea814ba446aa686d08b294543874ea710',
    'demo:tables/theil.tex': 'b2d6eda7ac21bddbee6d06930ae018ff1793c10603ca533200f1189de9adf916',
    'demo:tables/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
    'run:tables/coupling_classes.csv': '5b41f95edcc9c788283b1dd79bb5ddcfcd384bddced818f8f61d76fcdc51e5aa',
    'run:tables/coupling_classes.tex': '01c73aad397b9ca74fe637f28fa4e23e89f2740e29cc173976481a77bcc88d55',
    'run:tables/gm_accuracy.csv': 'fa4367ee4ce8d95ef7a04a53befdb59979eb1f7917e14ca620a0d7eaccb9a2a9',
    'run:tables/gm_accuracy.tex': 'c0ad9cbe236d7ba668ab05cadca7a9ff0ad77e2c6cb868673d07926ff260c208',
    'run:tables/obstacle_top.csv': 'f53123d862e785ddd8bee67bfca09f74bea6257a23bd440ede6ad112ccbbe3b4',
    'run:tables/obstacle_top.tex': '26d5ff98f0be7ead675e1f3bb07c32616b67ab13639ccea8abfa743d468daa7c',
    'run:tables/score_matrix.csv': 'c2af7b7209ed16ccb1002ea1c23ddd12994227d41d20dec0f21f78c94e8c0489',
    'run:tables/score_matrix.tex': '6658ec57a4ef946739c26c56e9b1d184e4b66b9b8c8c6eb57cd23ecf6c6ee89b',
    'run-en:tables/coupling_classes.csv': '05c824674dc5c8460cfc5bd3d9afa58d4f354487e58ff0f0a68b14c576eb0e4d',
    'run-en:tables/coupling_classes.tex': 'de6a3d1f175e4b794177ea2c2312c83fd3c4039007dbb4c97b9b6f1be0b2095e',
    'run-en:tables/gm_accuracy.csv': '1188ff43b4eae267f86342723412f2f8549db1823202b451fba839da483cdd79',
    'run-en:tables/gm_accuracy.tex': '30dc59705c6a58e24c3b9bb9007c7cda7072751bca88175fcb8d42658fe016ab',
    'run-en:tables/obstacle_top.csv': '08fb572f54280a44703277d6be6ca60b092b603d1807223db8533c77c52724ec',
    'run-en:tables/obstacle_top.tex': '84288d0505b78132eee42fae09455a20aab8bd98c220e5a2dfffffe9c0bbd7f2',
    'run-en:tables/score_matrix.csv': 'cf7056a30f7169c28c2a9f61515c3cd5c0e65f2895e2017930749d2f6d813c3d',
    'run-en:tables/score_matrix.tex': '52110a0032e6a9b74914ec59b590006b6905dbca6ec1e4ab65b7e0a492de9528',
    'demo:tables/coupling_classes.csv': '5b41f95edcc9c788283b1dd79bb5ddcfcd384bddced818f8f61d76fcdc51e5aa',
    'demo:tables/coupling_classes.tex': '01c73aad397b9ca74fe637f28fa4e23e89f2740e29cc173976481a77bcc88d55',
    'demo:tables/gm_accuracy.csv': 'fa4367ee4ce8d95ef7a04a53befdb59979eb1f7917e14ca620a0d7eaccb9a2a9',
    'demo:tables/gm_accuracy.tex': 'c0ad9cbe236d7ba668ab05cadca7a9ff0ad77e2c6cb868673d07926ff260c208',
    'demo:tables/obstacle_top.csv': 'f53123d862e785ddd8bee67bfca09f74bea6257a23bd440ede6ad112ccbbe3b4',
    'demo:tables/obstacle_top.tex': '26d5ff98f0be7ead675e1f3bb07c32616b67ab13639ccea8abfa743d468daa7c',
    'demo:tables/score_matrix.csv': 'c2af7b7209ed16ccb1002ea1c23ddd12994227d41d20dec0f21f78c94e8c0489',
    'demo:tables/score_matrix.tex': '6658ec57a4ef946739c26c56e9b1d184e4b66b9b8c8c6eb57cd23ecf6c6ee89b',
}


def main():
    got = run_all()
    if "--record" in sys.argv:
        print("EXPECTED = {")
        for k, v in got.items():
            print("    %r: %r," % (k, v))
        print("}")
        return 0
    bad = 0
    for k in sorted(set(EXPECTED) | set(got)):
        e, g = EXPECTED.get(k), got.get(k)
        if e == g:
            print("ok - golden %s" % k)
        else:
            bad += 1
            print("not ok - golden %s: expected %s, got %s" % (k, e, g))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
