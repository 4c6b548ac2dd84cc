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


# Recorded from commit 4420e62 with --record.
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
    'forecast-rolling:fc.csv': 'baee493cb42de49918248986f1b59dfa6b861860fe3a904f7582ac2bb895ca76',
    'markov:-': 'f398c88f7a8b6a8c4d4cc1adf1bc4a365ffd49b6fd95b7fd21f90f467811f6a2',
    'markov-spatial:msp.csv': 'b7a80cbee7976c38c5cdab495ad387e868d162801f3bea0ae8aa400900c6605e',
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
    'run:index.html': '5994c1fac38e917368eec128b1aa6d08ae0ad19f61d5d3f75e294007e712b519',
    'run:methods.md': '27f35be09f0c77d8b1ebe829063ff706ee38136ad79bc0d19112771082e08c8a',
    'run:run.json': '3c489ce2c9b35d121bf853626a59de40dcbd30f8dcf07e5f43935faffdfddaf0',
    'run:tables/beta.csv': 'cc1a344e17e88489ef1befa522db89e31d4250a9286fb1c127c09ec92f257418',
    'run:tables/beta.tex': 'e6ba8c29e3ab7992ff93404b6d58cf688ee0536f0abdc53d09a3c3121c7c0d5b',
    'run:tables/coupling.csv': '8bfa4abce510237339ffb89bddfa9f859b15c6650d393a8220f44676e3a97738',
    'run:tables/dea.csv': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'run:tables/dea.tex': '3839111e6caea390ff1b95b1389d2126a6b54a17ba88c649da1f1d6b954d86ad',
    'run:tables/dea_summary.csv': '9404e113d908da00ca3e0e2ec407b25c9100a1b6b2fa2d3dd70e26acb6bd5631',
    'run:tables/dea_summary.tex': '137becba1385e00247c8e039ec7185e9c3dd3184efd519eb5f011567d35a9466',
    'run:tables/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'run:tables/forecast.csv': '65201ca4f1cad355b75dbd279b439ba175b57683450877c18d9d26806e1fc8b9',
    'run:tables/gini.csv': 'c3c87176da91d3b1a976dbbd1ab7c2d945075640e02d3d77f0367169da76537c',
    'run:tables/gini_summary.csv': 'c4527fbf1e8e759bcd91a420ad6ba800ceb6a9bf4ed181970aa77774b12dad9f',
    'run:tables/gini_summary.tex': 'e85c3e625d3add18ca28853dc001426ddead5fcbcdd44f512094130838c4d5a1',
    'run:tables/growth.csv': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'run:tables/growth_summary.csv': 'af0730ba47f00fc6cb65f247266afcb93016249f21d016917979762d7ed440ec',
    'run:tables/growth_summary.tex': '1c261357438e06f60a52e37bbd9ef3317f9f34970318fe1a05eaeebf2f7e0eaa',
    'run:tables/kde.csv': 'd282f908cac0a010d6433b5dec9bae1a33070aa51c6b74f42535a02029a83384',
    'run:tables/lisa.csv': '98c9e7d4c77bb931cc9ef599c0d3b9b5235f8d5286674819ef2fac5d02a0e2c5',
    'run:tables/malmquist.csv': '484a85e6ad171203687763c6035262a9e3f7cdbe46dfaa1bc1ffc2c52eded645',
    'run:tables/malmquist_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'run:tables/malmquist_means.tex': '6997572d16808b07b486485eb05040554c7d593bde163cfd3967a43179a86571',
    'run:tables/markov.csv': 'ddbf25f224d7ba4fccc7cdd7c5d5739a08a55b45386cb680e24c9d6cf045d590',
    'run:tables/markov_matrix.csv': 'a7a0e55b58873e06f76fdde7512ff1a6733ae59b653b1485c1b5b0b1753f6ac6',
    'run:tables/markov_matrix.tex': '69c76cbac7c8367f0edb188c868fae176c1a8137e83db6f42b42928eef02c98a',
    'run:tables/markov_spatial.csv': '0a289815f09507766d4b0d429c00d1b24358ca8fc649cfcade260f0b01650881',
    'run:tables/markov_spatial_matrix.csv': '44960f8d55a64b5d0a0e7b2279611caf788e51a0ab0a4988865bec1d17f77e38',
    'run:tables/markov_spatial_matrix.tex': 'd93b0277d8f1dad6b91d6dc38aac92259ac43d89973dc1eb36fa726a55045067',
    'run:tables/moran.csv': 'cf06581517da0842189a8bff8a35a0656d71f0669259187f26c93bde15a47aeb',
    'run:tables/moran.tex': '88f64e0b18d1dd43ec31670739df53ab635f367d28bd2c934370fe6ee7222f91',
    'run:tables/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'run:tables/obstacle.csv': 'e3ac9a8ca286ffb9feb478eb7217c5d7cd11697054cdd4a874e2b5bd71d4d34e',
    'run:tables/ranking.csv': 'a53bd11fe7997af9e1fa670108c2761c91cb97d8daf340968e7e2cac8498eba9',
    'run:tables/ranking.tex': 'e94a2a83654a5fc50e6bebf80319e5ea08b6d489e357b3212ce1a40982839d84',
    'run:tables/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'run:tables/sigma.csv': '581f9dd9988ec67b4820064f285ac0de03954d50a9520b95ea5278fddfbe99e9',
    'run:tables/sigma.tex': 'a0c8e532f9e246b9cf48a05bb7ca2bab7fbddc507f4457e8ed9f3767df36a05d',
    'run:tables/system.csv': 'e190cde27063e7fe9e985a6473a3a937a1610d8d87d3ac98b5aec77677089548',
    'run:tables/system.tex': '759d15b07f5840fba6bdabd1aba410f4eb7c54ded5c90c035bd83f5b8b3dcfdb',
    'run:tables/theil.csv': 'fb397d029fa0b33125eacb162ac3881ea814ba446aa686d08b294543874ea710',
    'run:tables/theil.tex': '7d87f1d307111246ae0265271b877cd06945af3f5ff1683f8c7b69eefcd9e092',
    'run:tables/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
    'run-en:index.html': '405fa7457f3b3cb7dfd84b99549ae5b75a5aafa770a72306cfe73fdfabd1b26e',
    'run-en:methods.md': '27f35be09f0c77d8b1ebe829063ff706ee38136ad79bc0d19112771082e08c8a',
    'run-en:run.json': 'd2a5ac34aba892e441df722146aef63cc0ccf3ea909ce7f2961828c20250286b',
    'run-en:tables/beta.csv': 'cc1a344e17e88489ef1befa522db89e31d4250a9286fb1c127c09ec92f257418',
    'run-en:tables/beta.tex': '24c36f96afd203ba309429ec38eacff842cc59e7605ba8fe9752ca8eed53f088',
    'run-en:tables/coupling.csv': '8bfa4abce510237339ffb89bddfa9f859b15c6650d393a8220f44676e3a97738',
    'run-en:tables/dea.csv': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'run-en:tables/dea.tex': 'b406fa3f6aa066ab4aaf41bc9e500ad3859402d67bf290d8f2a344d7d8e03055',
    'run-en:tables/dea_summary.csv': 'd367e81639f4ae76b8436ebed7c317c55035687ebf9f011cd56c6d4093a16c50',
    'run-en:tables/dea_summary.tex': '7c8b64e2b3f657f70545ddb7bdd81a03d3ab879ca1f6bbea8308b62fb58a3421',
    'run-en:tables/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'run-en:tables/forecast.csv': 'd3db7c774120fb4c29d428f892a67f364c0328c9b34017329a487640753c562c',
    'run-en:tables/gini.csv': 'c3c87176da91d3b1a976dbbd1ab7c2d945075640e02d3d77f0367169da76537c',
    'run-en:tables/gini_summary.csv': '5be28c84908ee7f940d46bea100b99a5319cfdf20673d9b8e340d660b1ba71f5',
    'run-en:tables/gini_summary.tex': '831d70906b294a7b112802d7ab4516c74e29411542eb1e3d2b42f8fc64ef5887',
    'run-en:tables/growth.csv': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'run-en:tables/growth_summary.csv': 'af0730ba47f00fc6cb65f247266afcb93016249f21d016917979762d7ed440ec',
    'run-en:tables/growth_summary.tex': '8a4859ebaf2360ae0484c3c92a884d60cf56e526ec15d592fa0ae0c803a14ca4',
    'run-en:tables/kde.csv': 'd282f908cac0a010d6433b5dec9bae1a33070aa51c6b74f42535a02029a83384',
    'run-en:tables/lisa.csv': '98c9e7d4c77bb931cc9ef599c0d3b9b5235f8d5286674819ef2fac5d02a0e2c5',
    'run-en:tables/malmquist.csv': '484a85e6ad171203687763c6035262a9e3f7cdbe46dfaa1bc1ffc2c52eded645',
    'run-en:tables/malmquist_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'run-en:tables/malmquist_means.tex': '99abdc63d36ab211c1d116bbdccd01a82c207269e56a1053e435cb41528c3806',
    'run-en:tables/markov.csv': 'ddbf25f224d7ba4fccc7cdd7c5d5739a08a55b45386cb680e24c9d6cf045d590',
    'run-en:tables/markov_matrix.csv': 'a7a0e55b58873e06f76fdde7512ff1a6733ae59b653b1485c1b5b0b1753f6ac6',
    'run-en:tables/markov_matrix.tex': 'cd1dc893ed216bf3a209e05c7278f3e8b1f6d3606fb74a9d2a3398e0bbb4a818',
    'run-en:tables/markov_spatial.csv': '0a289815f09507766d4b0d429c00d1b24358ca8fc649cfcade260f0b01650881',
    'run-en:tables/markov_spatial_matrix.csv': '3e8f9ef0987c99629068c4a736b0901e7e2c036fe8160871d057d45c059bed2d',
    'run-en:tables/markov_spatial_matrix.tex': '1130870ff4e70571551bdbe89fe3765a46cf2f00efa101e4f05a5f42fd427985',
    'run-en:tables/moran.csv': 'cf06581517da0842189a8bff8a35a0656d71f0669259187f26c93bde15a47aeb',
    'run-en:tables/moran.tex': 'b94cedf83b2be7c331b8b92d94279c6a58e1bd5b00b97397b4b01f2d28695c7e',
    'run-en:tables/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'run-en:tables/obstacle.csv': 'e3ac9a8ca286ffb9feb478eb7217c5d7cd11697054cdd4a874e2b5bd71d4d34e',
    'run-en:tables/ranking.csv': '27c27c083cea0d11312b7b279927814d6abd985b69b436840c7f22e06ac8fcf4',
    'run-en:tables/ranking.tex': 'dd62c670634548cf9df67cb6a602107780769d247f253d1ae20a75b18f8517fd',
    'run-en:tables/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'run-en:tables/sigma.csv': '581f9dd9988ec67b4820064f285ac0de03954d50a9520b95ea5278fddfbe99e9',
    'run-en:tables/sigma.tex': '1edccc36720f993480fe206bfa3246a3868c16dec588d6d04165a5b19da34450',
    'run-en:tables/system.csv': 'fbc3044396854ae9ef2b9491ebda6eb09e61fd6a6cb70ce6cc493dd7fa4d8f3a',
    'run-en:tables/system.tex': '881766d95c6c935f1a91c8deb9f2320c52ead7514f54297d7368d24ceeec9911',
    'run-en:tables/theil.csv': 'fb397d029fa0b33125eacb162ac3881ea814ba446aa686d08b294543874ea710',
    'run-en:tables/theil.tex': '36b33d1616bc15565f78aa692c4f48424bda2116511309fbe8ab6f518b18e256',
    'run-en:tables/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
    'demo:index.html': '5994c1fac38e917368eec128b1aa6d08ae0ad19f61d5d3f75e294007e712b519',
    'demo:methods.md': '27f35be09f0c77d8b1ebe829063ff706ee38136ad79bc0d19112771082e08c8a',
    'demo:run.json': '3c489ce2c9b35d121bf853626a59de40dcbd30f8dcf07e5f43935faffdfddaf0',
    'demo:tables/beta.csv': 'cc1a344e17e88489ef1befa522db89e31d4250a9286fb1c127c09ec92f257418',
    'demo:tables/beta.tex': 'e6ba8c29e3ab7992ff93404b6d58cf688ee0536f0abdc53d09a3c3121c7c0d5b',
    'demo:tables/coupling.csv': '8bfa4abce510237339ffb89bddfa9f859b15c6650d393a8220f44676e3a97738',
    'demo:tables/dea.csv': '43ec807827c5e5d22c507cf3a744be9d86e467c4bc6f8dab159fb3cece366982',
    'demo:tables/dea.tex': '3839111e6caea390ff1b95b1389d2126a6b54a17ba88c649da1f1d6b954d86ad',
    'demo:tables/dea_summary.csv': '9404e113d908da00ca3e0e2ec407b25c9100a1b6b2fa2d3dd70e26acb6bd5631',
    'demo:tables/dea_summary.tex': '137becba1385e00247c8e039ec7185e9c3dd3184efd519eb5f011567d35a9466',
    'demo:tables/filled.csv': '1eff55968d8ab189a4b02d7b50c1edfc31ce6dce107f8bca74f965e8135d26da',
    'demo:tables/forecast.csv': '65201ca4f1cad355b75dbd279b439ba175b57683450877c18d9d26806e1fc8b9',
    'demo:tables/gini.csv': 'c3c87176da91d3b1a976dbbd1ab7c2d945075640e02d3d77f0367169da76537c',
    'demo:tables/gini_summary.csv': 'c4527fbf1e8e759bcd91a420ad6ba800ceb6a9bf4ed181970aa77774b12dad9f',
    'demo:tables/gini_summary.tex': 'e85c3e625d3add18ca28853dc001426ddead5fcbcdd44f512094130838c4d5a1',
    'demo:tables/growth.csv': 'a4087ba1e63a1c73ef1dbec40f6999d3fd45da240be7d151340debcf48ed7b7a',
    'demo:tables/growth_summary.csv': 'af0730ba47f00fc6cb65f247266afcb93016249f21d016917979762d7ed440ec',
    'demo:tables/growth_summary.tex': '1c261357438e06f60a52e37bbd9ef3317f9f34970318fe1a05eaeebf2f7e0eaa',
    'demo:tables/kde.csv': 'd282f908cac0a010d6433b5dec9bae1a33070aa51c6b74f42535a02029a83384',
    'demo:tables/lisa.csv': '98c9e7d4c77bb931cc9ef599c0d3b9b5235f8d5286674819ef2fac5d02a0e2c5',
    'demo:tables/malmquist.csv': '484a85e6ad171203687763c6035262a9e3f7cdbe46dfaa1bc1ffc2c52eded645',
    'demo:tables/malmquist_means.csv': '28bd2da23ae08907cc3f757e0478cc13faad6d46751cc892c90aaccd4bc8d36d',
    'demo:tables/malmquist_means.tex': '6997572d16808b07b486485eb05040554c7d593bde163cfd3967a43179a86571',
    'demo:tables/markov.csv': 'ddbf25f224d7ba4fccc7cdd7c5d5739a08a55b45386cb680e24c9d6cf045d590',
    'demo:tables/markov_matrix.csv': 'a7a0e55b58873e06f76fdde7512ff1a6733ae59b653b1485c1b5b0b1753f6ac6',
    'demo:tables/markov_matrix.tex': '69c76cbac7c8367f0edb188c868fae176c1a8137e83db6f42b42928eef02c98a',
    'demo:tables/markov_spatial.csv': '0a289815f09507766d4b0d429c00d1b24358ca8fc649cfcade260f0b01650881',
    'demo:tables/markov_spatial_matrix.csv': '44960f8d55a64b5d0a0e7b2279611caf788e51a0ab0a4988865bec1d17f77e38',
    'demo:tables/markov_spatial_matrix.tex': 'd93b0277d8f1dad6b91d6dc38aac92259ac43d89973dc1eb36fa726a55045067',
    'demo:tables/moran.csv': 'cf06581517da0842189a8bff8a35a0656d71f0669259187f26c93bde15a47aeb',
    'demo:tables/moran.tex': '88f64e0b18d1dd43ec31670739df53ab635f367d28bd2c934370fe6ee7222f91',
    'demo:tables/normalized.csv': 'cb6bc901ff8007e349f9156359b997b9bedc275e36a4fa4b2f054452b37c55d4',
    'demo:tables/obstacle.csv': 'e3ac9a8ca286ffb9feb478eb7217c5d7cd11697054cdd4a874e2b5bd71d4d34e',
    'demo:tables/ranking.csv': 'a53bd11fe7997af9e1fa670108c2761c91cb97d8daf340968e7e2cac8498eba9',
    'demo:tables/ranking.tex': 'e94a2a83654a5fc50e6bebf80319e5ea08b6d489e357b3212ce1a40982839d84',
    'demo:tables/scores.csv': '52c2f224bf60d7087e8332abb381d475cc0d1b1fe6e21a36c8cd4e665834aea3',
    'demo:tables/sigma.csv': '581f9dd9988ec67b4820064f285ac0de03954d50a9520b95ea5278fddfbe99e9',
    'demo:tables/sigma.tex': 'a0c8e532f9e246b9cf48a05bb7ca2bab7fbddc507f4457e8ed9f3767df36a05d',
    'demo:tables/system.csv': 'e190cde27063e7fe9e985a6473a3a937a1610d8d87d3ac98b5aec77677089548',
    'demo:tables/system.tex': '759d15b07f5840fba6bdabd1aba410f4eb7c54ded5c90c035bd83f5b8b3dcfdb',
    'demo:tables/theil.csv': 'fb397d029fa0b33125eacb162ac3881ea814ba446aa686d08b294543874ea710',
    'demo:tables/theil.tex': '7d87f1d307111246ae0265271b877cd06945af3f5ff1683f8c7b69eefcd9e092',
    'demo:tables/weights.csv': '58e25a9d81d155b621cb61d176784c24b47f4fad307b153cfeabb1dd024f829b',
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
