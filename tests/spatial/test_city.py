"""City level on the bundled prefecture polygons (data/china_cities.geojson,
367 features) and the synthetic city panel (data/china_cities_synthetic.csv):
 - data/make_city_panel.py reproduces the shipped panel byte for byte;
 - queen and rook contiguity of the 367 polygons equal R spdep poly2nb (every
   link, and the units without neighbours: card 0 in spdep);
 - Moran's I of the 364-unit panel in 2023 codes (6 units reach their
   polygon through data/city_crosswalk.csv, 三沙 has none and stays an
   island) equals spdep moran.test (randomisation and normality,
   zero.policy=TRUE, adjust.n) on the map's own codes, mapped here from the
   crosswalk file independently of nqpf, to 1e-9 relative;
 - names with their suffixes (济南市, 延边朝鲜族自治州) give the same result as
   the codes; unknown codes, two units on one polygon: exit 5 naming them;
   the crosswalk matches and the unit without polygon are on stderr.
Skips the R parts visibly when Rscript/spdep/sf are absent."""
import csv
import filecmp
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import failures, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GEO = os.path.join(ROOT, "data", "china_cities.geojson")
PANEL = os.path.join(ROOT, "data", "china_cities_synthetic.csv")
XW = os.path.join(ROOT, "data", "city_crosswalk.csv")
YEAR, COL = "2023", "rd_intensity"


def run(cmd, ok=True):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if ok and p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stderr)
    return p


def rscript(code):
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False, encoding="utf-8") as f:
        f.write(code)
        path = f.name
    try:
        return run(["Rscript", "--vanilla", path]).stdout
    finally:
        os.unlink(path)


def have_r():
    if shutil.which("Rscript") is None:
        return "Rscript not installed (apt-get install r-cran-spdep r-cran-sf)"
    try:
        rscript("suppressMessages({library(sf); library(spdep)})\n")
    except RuntimeError:
        return "R packages spdep/sf not installed"
    return None


R_HEAD = """
suppressMessages({library(sf); library(spdep)})
sf_use_s2(FALSE)
g <- st_read("%s", quiet=TRUE)
ids <- as.character(g$adcode)
""" % GEO


def generator(tmp):
    out = os.path.join(tmp, "panel.csv")
    run(["/usr/bin/python3", os.path.join(ROOT, "data", "make_city_panel.py"), GEO, out])
    report(filecmp.cmp(out, PANEL, shallow=False), "data/make_city_panel.py reproduces china_cities_synthetic.csv")


def contiguity():
    for kind in ("queen", "rook"):
        r = rscript(R_HEAD + """
nb <- poly2nb(g, queen=%s)
for (i in seq_along(nb)) {
  if (card(nb)[i] == 0) cat(ids[i], ",\\n", sep="")
  for (j in nb[[i]]) if (j > 0) cat(ids[i], ",", ids[j], "\\n", sep="")
}
""" % ("TRUE" if kind == "queen" else "FALSE"))
        rset = set(tuple(l.split(",")) for l in r.split())
        t0 = time.time()
        out = run([NQPF, "weights", "--geojson", GEO, "--contiguity", kind, "--style", "B", "--out", "-"]).stdout
        secs = time.time() - t0
        nset = set((row["from"], row["to"]) for row in csv.DictReader(io.StringIO(out)))
        isl = sorted(a for a, b in rset if b == "")
        report(rset == nset and len(rset) > 1500,
               "%s contiguity of the 367 city polygons equals spdep poly2nb (%d links, no neighbours: %s)"
               % (kind, len(rset) - len(isl), " ".join(isl) or "none"),
               "only spdep: %s\nonly nqpf: %s" % (sorted(rset - nset)[:20], sorted(nset - rset)[:20]))
        print("# nqpf weights --contiguity %s on the 367 polygons: %.1f s wall" % (kind, secs))


def map_codes():
    """The panel's code -> the map's code, read from the crosswalk here (recode
    rows whose to_code is a polygon), so that R sees the map's own codes."""
    m = {}
    with open(XW, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "recode" and row["to_code"]:
                m[row["from_code"]] = row["to_code"]
    return m


def close(a, b, rtol=1e-9):
    return abs(a - b) <= rtol * max(abs(b), 1e-300)


def moran(tmp):
    rows = [r for r in csv.DictReader(open(PANEL, encoding="utf-8")) if r["year"] == YEAR]
    m = map_codes()
    mapped = os.path.join(tmp, "mapped.csv")
    with open(mapped, "w", encoding="utf-8") as f:
        f.write("code,x\n")
        for r in rows:
            f.write("%s,%s\n" % (m.get(r["gb_code"], r["gb_code"]), r[COL]))
    r = rscript(R_HEAD + """
d <- read.csv("%s", colClasses=c(code="character"))
poly <- d$code %%in%% ids
g2 <- g[match(d$code[poly], ids), ]
nb <- poly2nb(g2, queen=TRUE)
# units without a polygon (三沙) join as units without neighbours, as nqpf keeps them
extra <- d$code[!poly]
nb2 <- c(unclass(nb), rep(list(0L), length(extra)))
attr(nb2, "region.id") <- c(d$code[poly], extra)
class(nb2) <- "nb"
x <- c(d$x[poly], d$x[!poly])
lw <- nb2listw(nb2, style="W", zero.policy=TRUE)
out <- function(name, t) cat(name, sprintf("%%.17g", c(t$estimate[1:3], t$statistic, t$p.value)), "\\n")
out("randomisation", moran.test(x, lw, randomisation=TRUE, zero.policy=TRUE))
out("normality", moran.test(x, lw, randomisation=FALSE, zero.policy=TRUE))
cat("islands", sum(card(nb2) == 0), "\\n")
""" % mapped)
    ref = {l.split()[0]: [float(v) for v in l.split()[1:]] for l in r.strip().splitlines()}
    p = run([NQPF, "moran", "--data", PANEL, "--unit", "gb_code", "--value", COL, "--period", "year",
             "--geojson", GEO, "--subset-weights", "--stat", "moran", "--out", "-"])
    got = {(x["period"], x["statistic"]): x for x in csv.DictReader(io.StringIO(p.stdout))}[(YEAR, "moran_I")]
    # n: spdep's adjust.n leaves the unit without neighbours (三沙) out of the moments
    for kind in ("randomisation", "normality"):
        ours = [float(got["value"]), float(got["expected"]), float(got["variance_" + kind]),
                float(got["z_" + kind]), float(got["p_" + kind])]
        report(all(close(a, b) for a, b in zip(ours, ref[kind])) and int(got["n"]) == len(rows) - 1,
               "Moran's I of %s %s on %d cities (crosswalk, 1 unit without polygon) equals spdep moran.test "
               "under %s to 1e-9" % (COL, YEAR, len(rows), kind), "nqpf %r\nspdep %r" % (ours, ref[kind]))
    return p.stdout


def suffixed(name, code):
    """The name as statistical yearbooks write it."""
    full = {"222400": "延边朝鲜族自治州", "522300": "黔西南布依族苗族自治州", "152200": "兴安盟",
            "232700": "大兴安岭地区", "469025": "白沙黎族自治县", "652300": "昌吉回族自治州"}
    if code in full:
        return full[code]
    mid = int(code[2:4])
    return name + "市" if (mid <= 20 or 51 <= mid <= 70) and not name.endswith("县") else name


def names(tmp, by_code):
    path = os.path.join(tmp, "names.csv")
    with open(PANEL, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as g:
        rd = csv.DictReader(f)
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["name", "year", COL])
        for r in rd:
            w.writerow([suffixed(r["city"], r["gb_code"]), r["year"], r[COL]])
    p = run([NQPF, "moran", "--data", path, "--unit", "name", "--value", COL, "--period", "year",
             "--geojson", GEO, "--subset-weights", "--stat", "moran", "--out", "-"])
    strip = lambda t: [",".join(l.split(",")[:1] + l.split(",")[2:]) for l in t.splitlines()]  # noqa: E731
    report(strip(p.stdout) == strip(by_code), "units named 济南市, 延边朝鲜族自治州, 兴安盟 ... give the same Moran's I "
           "as their GB codes", p.stderr + p.stdout[:500])
    report("matched by name" in p.stderr, "the name matches are reported on stderr", p.stderr)


def errors(tmp):
    p = run([NQPF, "moran", "--data", PANEL, "--unit", "gb_code", "--value", COL, "--period", "year",
             "--geojson", GEO, "--subset-weights", "--out", os.devnull, "--force"])
    report("'540500' matched through the crosswalk to map feature 542200" in p.stderr and
           "'460300' has no polygon" in p.stderr and "city_crosswalk.csv:" in p.stderr,
           "crosswalk matches and the unit without polygon are reported on stderr with the crosswalk line", p.stderr)
    p = run([NQPF, "weights", "--data", PANEL, "--unit", "gb_code", "--geojson", GEO, "--subset-weights",
             "--contiguity", "rook", "--link-islands", "--style", "B", "--out", "-"])
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    report({"from": "460300", "to": "", "weight": ""} in rows and
           any(r["from"] == "330900" and r["to"] == "330200" for r in rows) and
           any(r["from"] == "540500" and r["to"] == "540100" for r in rows),
           "--link-islands: 舟山 (rook island) links to 宁波, 三沙 (no polygon) stays without neighbours, "
           "the crosswalked 540500 keeps its links", p.stderr)
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("id,v\n370100,1\n999999,2\n370200,3\n不存在市,4\n")
    out = os.path.join(tmp, "x.csv")
    p = run([NQPF, "moran", "--data", bad, "--unit", "id", "--value", "v", "--geojson", GEO,
             "--subset-weights", "--out", out], ok=False)
    report(p.returncode == 5 and "bad.csv:3:" in p.stderr and "'999999', '不存在市'" in p.stderr and
           not os.path.exists(out), "units matching no polygon: exit 5, all named, at the first one's line", p.stderr)
    with open(bad, "w", encoding="utf-8") as f:
        f.write("id,v\n469003,1\n370200,2\n460400,3\n")
    p = run([NQPF, "moran", "--data", bad, "--unit", "id", "--value", "v", "--geojson", GEO,
             "--subset-weights", "--out", out], ok=False)
    report(p.returncode == 5 and "bad.csv:4:" in p.stderr and "'469003' and '460400' both match map feature '469003'"
           in p.stderr, "two units on one polygon (儋州 by old and new code): exit 5", p.stderr)
    # a map's own crosswalk: a file beside it, named without a directory
    sq = lambda x: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]  # noqa: E731
    for member, want in (("xw.csv", 0), ("../xw.csv", 5)):
        gj = os.path.join(tmp, "two.geojson")
        with open(gj, "w", encoding="utf-8") as f:
            f.write('{"type":"FeatureCollection","nqpf_crosswalk":"%s","features":[%s]}' % (member, ",".join(
                '{"type":"Feature","properties":{"adcode":"%s","name":"%s"},"geometry":{"type":"Polygon",'
                '"coordinates":%s}}' % (c, n, sq(x)) for c, n, x in (("100100", "甲地", 0), ("100200", "乙地", 1)))))
        with open(os.path.join(tmp, "xw.csv"), "w", encoding="utf-8") as f:
            f.write("from_code,from_name,to_code,to_name,kind\n100300,丙地,100200,乙地,merge\n")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("id,v\n甲地市,1\n丙地,2\n")
        p = run([NQPF, "weights", "--data", bad, "--unit", "id", "--geojson", gj, "--style", "B", "--out", "-"],
                ok=False)
        if want == 0:
            report(p.returncode == 0 and "甲地市,丙地,1" in p.stdout and "xw.csv:2" in p.stderr,
                   "a user's map with its own crosswalk beside it: 丙地 merges into 乙地 (reported), 甲地市 is 甲地",
                   p.stderr + p.stdout)
        else:
            report(p.returncode == 5 and "beside the GeoJSON" in p.stderr,
                   "a crosswalk named with a directory is refused (exit 5)", p.stderr)
    with open(bad, "w", encoding="utf-8") as f:
        f.write("id,v\n3701,1\n370200.0,2\n370300000000,3\n")
    p = run([NQPF, "weights", "--data", bad, "--unit", "id", "--geojson", GEO, "--subset-weights",
             "--style", "B", "--out", "-"])
    links = set((r["from"], r["to"]) for r in csv.DictReader(io.StringIO(p.stdout)))
    report(("3701", "370300000000") in links and "3 units matched by name or by a GB code" in p.stderr,
           "4-digit, numeric and 12-digit codes match their polygons (济南-淄博 a link)", p.stderr + p.stdout)


def main():
    tmp = tempfile.mkdtemp()
    try:
        generator(tmp)
        errors(tmp)
        why = have_r()
        if why:
            print("ok - spdep side-by-side on the city polygons # SKIP " + why)
            by_code = run([NQPF, "moran", "--data", PANEL, "--unit", "gb_code", "--value", COL, "--period",
                           "year", "--geojson", GEO, "--subset-weights", "--stat", "moran", "--out", "-"]).stdout
        else:
            contiguity()
            by_code = moran(tmp)
        names(tmp, by_code)
    finally:
        shutil.rmtree(tmp)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
