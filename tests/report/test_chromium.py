"""nqpf run: the HTML report rendered by headless Chromium.

Asserts: no console message at all (a CSP violation, a script error or a
failed load would each log one), the page references no http(s) URL and
has no element that could fetch anything (its CSP is default-src 'none',
so even a stray reference would be blocked and logged), the map has one
shape per province of the data, every chart has a non-empty drawing, and
the screenshot is not blank.  The screenshot is kept under the build
directory (report-test/index.png) for a human to look at.
Skipped (no test lines) when Chromium is not installed."""
import csv
import html.parser
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
BUILD = os.environ.get("NQPF_BUILD", "build")
failures = 0


def check(cond, name, detail=""):
    global failures
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name + (": " + str(detail)[:2000] if detail else ""))


chrome = shutil.which("chromium") or shutil.which("chromium-browser")
if not chrome:
    print("# SKIP: chromium is not installed (apt-get install chromium)")
    sys.exit(0)

out = os.path.join(BUILD, "report-test")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
rep = os.path.join(out, "rep")
p = subprocess.run([NQPF, "run", os.path.join(ROOT, "data", "nqpf_project.ini"), "--out", rep, "--quiet"],
                   capture_output=True, text=True)
check(p.returncode == 0, "chromium: nqpf run succeeds", p.stderr)
page = "file://" + os.path.abspath(os.path.join(rep, "index.html"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(*extra, page=page):
    prof = tempfile.mkdtemp(prefix="nqpf-chromium-")
    try:
        return subprocess.run([chrome, *FLAGS, "--user-data-dir=" + prof, "--enable-logging=stderr", "--v=1",
                               *extra, page], capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


dom = chromium("--dump-dom")
console = [l for l in dom.stderr.splitlines() if ":CONSOLE" in l]
check(dom.returncode == 0 and "</html>" in dom.stdout, "chromium: page loads and the DOM is dumped")
check(not console, "chromium: no console messages (errors, CSP violations, failed loads)", console)

src = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
check("http://" not in src and "https://" not in src and "//" not in src.replace("://", ""),
      "no network: the HTML references no http(s) or protocol-relative URL")
check("default-src 'none'" in src, "no network: the page's CSP forbids every fetch")


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.svgs, self.tags, self.fetching = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag in ("script", "img", "link", "iframe", "object", "embed", "image", "use", "audio", "video",
                   "source", "base", "form") or any(k in ("src", "href", "xlink:href", "srcset", "action")
                                                    for k in a):
            self.fetching.append((tag, a))
        if tag == "svg":
            self.svgs.append({"id": a.get("id"), "units": 0, "drawn": 0})
            self.stack.append(self.svgs[-1])
            return
        if not self.stack:
            return
        s = self.stack[-1]
        if tag == "path" and a.get("class") == "unit" and a.get("d"):
            s["units"] += 1
        # a drawing element with real geometry
        if (tag == "path" and len(a.get("d", "")) > 2) or (tag == "polyline" and len(a.get("points", "").split()) >= 2) \
                or (tag == "rect" and a.get("class") == "bar" and float(a.get("width", 0)) > 0
                    and float(a.get("height", 0)) > 0) or (tag == "circle" and a.get("class") == "pt"):
            s["drawn"] += 1

    def handle_endtag(self, tag):
        if tag == "svg" and self.stack:
            self.stack.pop()


d = Dom()
d.feed(dom.stdout)
check(not d.fetching, "no network: no element or attribute that could fetch a resource", d.fetching[:3])
with open(os.path.join(ROOT, "data", "china_provinces_tech_wide.csv"), encoding="utf-8") as fh:
    provinces = {r["province"] for r in csv.DictReader(fh)}
maps = [s for s in d.svgs if s["id"] == "map-index"]
check(len(maps) == 1 and maps[0]["units"] == 3 * len(provinces) == 93,
      "map: one shape per province in the data (%d) in each of the first, middle and last year" % len(provinces),
      maps)
lisa = [s for s in d.svgs if s["id"] == "map-lisa"]
check(len(lisa) == 1 and lisa[0]["units"] == 3 * len(provinces),
      "LISA map: one shape per province in each of the three years", lisa)
want = {"map-index", "chart-index", "chart-dim1", "chart-kde", "chart-gini", "chart-sigma", "chart-moran", "map-lisa",
        "chart-obstacle", "chart-coupling", "chart-forecast", "chart-malmquist",
        "map-malmquist", "chart-dea", "chart-growth"}
ids = {s["id"] for s in d.svgs}
check(want <= ids, "every expected chart is present", sorted(want - ids))
mq = [s for s in d.svgs if s["id"] == "chart-malmquist"]
check(len(mq) == 1 and mq[0]["drawn"] >= 3, "Malmquist chart: tfpch / effch / techch lines drawn",
      mq[0]["drawn"] if mq else None)
mqmap = [s for s in d.svgs if s["id"] == "map-malmquist"]
check(len(mqmap) == 1 and mqmap[0]["units"] == 3 * len(provinces),
      "TFP change map: one shape per province in each of the three panels", mqmap)
dea = [s for s in d.svgs if s["id"] == "chart-dea"]
check(len(dea) == 1 and dea[0]["drawn"] >= 5, "DEA chart: a line per region and one for all drawn",
      dea[0]["drawn"] if dea else None)
gro = [s for s in d.svgs if s["id"] == "chart-growth"]
check(len(gro) == 1 and gro[0]["drawn"] >= 6, "TFP (PWT) chart: a line per economy drawn",
      gro[0]["drawn"] if gro else None)
tables = {t: dom.stdout.count('<table class="%s">' % t) for t in ["beta", "markov-spatial", "dea", "growth"]}
check(all(v == 1 for v in tables.values()), "β, spatial Markov, DEA ranking and growth tables rendered", tables)
empty = [s["id"] for s in d.svgs if s["drawn"] == 0]
check(len(d.svgs) >= 10 and not empty, "every chart has a non-empty drawing (%d charts)" % len(d.svgs), empty)
check(src.count("<figcaption>") >= len(d.svgs), "every chart has a caption")

png = os.path.join(out, "index.png")
shot = chromium("--screenshot=" + os.path.abspath(png), "--window-size=1000,9000", "--hide-scrollbars")
console = [l for l in shot.stderr.splitlines() if ":CONSOLE" in l]
check(shot.returncode == 0 and os.path.exists(png) and not console, "chromium: screenshot taken without console messages")


def png_rows(path):
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) into rows of bytes."""
    data = open(path, "rb").read()
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, t = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if t == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            bpp = {2: 3, 6: 4}[ctype]
        elif t == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return rows, bpp


if os.path.exists(png):
    rows, bpp = png_rows(png)
    coloured = sum(1 for r in rows[::10] for i in range(0, len(r), bpp * 10)
                   if max(r[i:i + 3]) - min(r[i:i + 3]) > 40)
    check(coloured > 2000, "screenshot shows coloured drawings (%d sampled coloured pixels)" % coloured)
# the English report renders as cleanly
rep_en = os.path.join(out, "rep-en")
p = subprocess.run([NQPF, "run", os.path.join(ROOT, "data", "nqpf_project.ini"), "--out", rep_en, "--quiet",
                    "--lang", "en"], capture_output=True, text=True)
dom = chromium("--dump-dom", page="file://" + os.path.abspath(os.path.join(rep_en, "index.html")))
console = [l for l in dom.stderr.splitlines() if ":CONSOLE" in l]
e = Dom()
e.feed(dom.stdout)
check(p.returncode == 0 and not console and 'lang="en"' in dom.stdout and "Guangdong" in dom.stdout
      and [s["units"] for s in e.svgs if s["id"] == "map-index"] == [93] and all(s["drawn"] for s in e.svgs),
      "chromium: the --lang en report renders without console messages, all charts drawn", console)
sys.exit(1 if failures else 0)
