#!/usr/bin/python3
"""The report's figures as files (figures/NN_name.svg, .png, .pdf) and its
maps: every chart and map of index.html is there in three formats; the SVG
is stand-alone XML sized in cm with fonts >= 8 pt at print size; the PNG
is 300 dpi (pHYs) with the pixel size of its cm size; the PDF is whole and
its page is the figure's size; two runs give the same bytes; China maps
carry the South China Sea inset; quantile classes hold equal counts (±1)
and the Jenks breaks are those of R classInt::classIntervals(style =
"jenks") on the same values; bad [map] keys are errors at FILE:LINE:COL."""
import csv
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import report, finish  # noqa: E402

NQPF = os.environ["NQPF"]
ROOT = os.environ["NQPF_ROOT"]
DATA = os.path.join(ROOT, "data")
NS = "{http://www.w3.org/2000/svg}"
TMP = tempfile.mkdtemp(prefix="nqpf-fig-")


def run(project, out):
    return subprocess.run([NQPF, "run", project, "--out", out, "--force"], capture_output=True)


def project(name, map_keys, extra=""):
    """A small project on the bundled panel (index + map only) with [map] keys."""
    path = os.path.join(TMP, name + ".ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("[data]\nfile = %s/china_provinces_tech_wide.csv\nunit = province\nperiod = year\n"
                "missing = interpolate\n[system]\nfile = %s/nqpf_system.csv\n[group]\ncolumn = region4\n"
                "[map]\ngeojson = %s/china_provinces.geojson\nid-field = adcode\ncolumn = gb_code\n%s%s"
                % (DATA, DATA, DATA, map_keys, extra))
    return path


def svg_of(out, name):
    return ET.parse(os.path.join(out, "figures", name + ".svg")).getroot()


def png_info(data):
    """(width, height, pixels per metre x, y, unit) with every chunk's CRC checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, w = 8, None
    phys, idat = None, b""
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(kind + body) & 0xffffffff, "bad CRC in " + kind.decode()
        if kind == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            phys = struct.unpack(">IIB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    # the image data: h rows of a filter byte (0-4) and w RGB pixels
    raw = zlib.decompress(idat)
    assert len(raw) == h * (1 + 3 * w) and all(raw[r * (1 + 3 * w)] <= 4 for r in range(h)), "bad image data"
    return (w, h) + (phys or (0, 0, 0))


def pdf_page(data):
    """The MediaBox of a one-page PDF whose cross-reference offset is right."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF"), "no PDF header/trailer"
    sx = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[sx:sx + 4] == b"xref", "startxref does not point at the xref table"
    box = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    return [float(x) for x in box.groups()]


def breaks_of(svg):
    return [float(x) for x in svg.find(NS + "desc").text.split()]


# ---- the demo project: all figures, twice --------------------------------------------------
demo = os.path.join(DATA, "nqpf_project.ini")
out1, out2 = os.path.join(TMP, "r1"), os.path.join(TMP, "r2")
t0 = time.time()
p1 = run(demo, out1)
elapsed = time.time() - t0
p2 = run(demo, out2)
report(p1.returncode == 0 and p2.returncode == 0, "the demo project runs twice", p1.stderr + p2.stderr)
html = open(os.path.join(out1, "index.html"), encoding="utf-8").read()
ids = re.findall(r'<svg id="([^"]+)"', html)
names = ["%02d_%s" % (i + 1, re.sub(r"[^A-Za-z0-9]", "_", x)) for i, x in enumerate(ids)]
files = sorted(os.listdir(os.path.join(out1, "figures")))
want = sorted(n + e for n in names for e in (".svg", ".png", ".pdf"))
report(len(ids) >= 15 and files == want, "every chart and map of index.html is in figures/ as svg, png and pdf",
       "%s\nvs\n%s" % (files, want))
same = [f for f in files if open(os.path.join(out1, "figures", f), "rb").read()
        == open(os.path.join(out2, "figures", f), "rb").read()]
report(same == files, "figures are byte-identical across two runs", set(files) - set(same))
print("# the demo report with %d figures (%d files) took %.1f s" % (len(names), len(files), elapsed))
report(elapsed < 60, "the demo project with its figures runs in under a minute", "%.1f s" % elapsed)

bad = []
for n in names:
    try:
        root = svg_of(out1, n)
        assert root.tag == NS + "svg", "root is not svg:svg"
        wcm, hcm = float(root.get("width").rstrip("cm")), float(root.get("height").rstrip("cm"))
        assert root.get("width").endswith("cm") and root.get("height").endswith("cm"), "size not in cm"
        vb = [float(x) for x in root.get("viewBox").split()]
        assert wcm in (8.0, 16.0), "width %s cm is not a journal column (8 or 16 cm)" % wcm
        assert abs(hcm / wcm - vb[3] / vb[2]) < 0.01, "aspect of width/height differs from the viewBox"
        assert "Noto Sans CJK SC" in root.get("font-family"), "font family not named"
        assert root.find(".//" + NS + "style") is None and not any(e.get("style") for e in root.iter()), "CSS"
        pt = wcm / vb[2] / 2.54 * 72  # points per SVG unit at print size
        small = [float(e.get("font-size")) * pt for e in root.iter() if e.get("font-size")]
        assert small and min(small) >= 8 - 1e-9, "text of %.2f pt" % min(small)
        w, h, px, py, unit = png_info(open(os.path.join(out1, "figures", n + ".png"), "rb").read())
        assert (px, py, unit) == (11811, 11811, 1), "pHYs %s is not 300 dpi" % ((px, py, unit),)
        assert (w, h) == (round(wcm / 2.54 * 300), round(hcm / 2.54 * 300)), "PNG %dx%d for %.2fx%.2f cm" % (
            w, h, wcm, hcm)
        pdf = open(os.path.join(out1, "figures", n + ".pdf"), "rb").read()
        box = pdf_page(pdf)
        assert abs(box[2] - wcm / 2.54 * 72) < 0.01 and abs(box[3] - hcm / 2.54 * 72) < 0.01, "page %s" % box
        assert b"/FontFile" in pdf, "no embedded font"
        assert re.search(rb"/CreationDate \((D:)?20000101", pdf), "PDF date not the fixed one"
    except Exception as ex:  # one line per bad figure
        bad.append("%s: %s" % (n, ex))
report(not bad, "SVG stand-alone XML in cm, fonts >= 8 pt; PNG 300 dpi at its cm size; PDF page of that size "
       "with embedded fonts", "\n".join(bad))
maps = [n for n in names if "_map_" in n]
report(len(maps) == 3 and all(svg_of(out1, n).find(".//%sg[@class='inset']" % NS) is not None for n in maps),
       "the South China Sea inset is on every China map", maps)
cap = re.findall(r"<figcaption>(.*?)</figcaption>", html)
report(sum("审图号" in c for c in cap) == len(maps), "each map caption says a published map needs 审图号")

# ---- classes of the index map ---------------------------------------------------------------
code = {}
with open(os.path.join(DATA, "china_provinces_tech_wide.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        code[row["gb_code"]] = row["province"]


def check_classes(out, name, years):
    """Per panel the unit -> class index from the fills, and the pooled scores of those years."""
    root = svg_of(out, name)
    brk = breaks_of(root)
    legend = [r.get("fill") for r in root.find(".//%sg[@class='legend']" % NS).iter(NS + "rect")]
    sc = {}
    with open(os.path.join(out, "tables", "scores.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sc[(row["unit"], row["period"])] = float(row["score"])
    panels = root.findall(".//%sg[@class='panel']" % NS)
    got, vals = [], []
    for yr, pnl in zip(years, panels):
        for p in pnl.iter(NS + "path"):
            if p.get("class") == "unit":
                v = sc[(code[p.get("data-id")], yr)]
                got.append((legend.index(p.get("fill")), v))
                vals.append(v)
    return brk, got, vals, len(panels)


brk, got, vals, npan = check_classes(out1, names[0], ["2010", "2016", "2023"])
k = len(brk) - 1
counts = [sum(c == j for c, _ in got) for j in range(k)]
report(npan == 3 and len(got) == 93 and max(counts) - min(counts) <= 1,
       "default map: first, middle, last year side by side, 5 quantile classes of equal counts (±1)",
       "panels %d, units %d, counts %s" % (npan, len(got), counts))
wrong = [(c, v) for c, v in got if not (v <= brk[c + 1] and (c == 0 or v > brk[c]))]
report(not wrong, "each unit's colour is the class of its score", wrong[:5])

pj = project("jenks", "classes = jenks\nk = 5\n")
oj = os.path.join(TMP, "jenks")
pr = run(pj, oj)
report(pr.returncode == 0, "classes = jenks runs", pr.stderr)
if pr.returncode == 0:
    brk, got, vals, _ = check_classes(oj, "01_map_index", ["2010", "2016", "2023"])
    vf = os.path.join(TMP, "vals.txt")
    with open(vf, "w") as f:
        f.write("\n".join(repr(v) for v in vals))
    r = subprocess.run(["Rscript", "-e", "suppressMessages(library(classInt)); x <- scan('%s', quiet = TRUE); "
                        "cat(sprintf('%%.17g', classIntervals(x, 5, style = 'jenks')$brks))" % vf],
                       capture_output=True, text=True)
    peer = [float(x) for x in r.stdout.split()]
    report(len(peer) == 6 and all(abs(a - b) <= 1e-9 * abs(b) for a, b in zip(brk, peer)),
           "Jenks breaks of 93 pooled scores equal R classInt jenks", "%s\nvs R %s %s" % (brk, peer, r.stderr))
    wrong = [(c, v) for c, v in got if not (v <= brk[c + 1] and (c == 0 or v > brk[c]))]
    report(not wrong, "jenks: each unit's colour is the class of its score", wrong[:5])

pb = project("breaks", "classes = breaks\nbreaks = 0.05, 0.1, 0.2\nyears = 2015\nlabels = yes\ninset = no\n"
             "title = 指数 2015\n")
ob = os.path.join(TMP, "breaks")
pr = run(pb, ob)
report(pr.returncode == 0, "classes = breaks, one year, labels, no inset runs", pr.stderr)
if pr.returncode == 0:
    root = svg_of(ob, "01_map_index")
    brk, got, _, npan = check_classes(ob, "01_map_index", ["2015"])
    legend_txt = [t.text for t in root.find(".//%sg[@class='legend']" % NS).iter(NS + "text")]
    labels = root.find(".//%sg[@class='labels']" % NS)
    report(npan == 1 and brk[1:4] == [0.05, 0.1, 0.2] and legend_txt[0] == "指数 2015" and
           legend_txt[1] == "≤ 0.05" and legend_txt[-1] == "> 0.2" and
           root.find(".//%sg[@class='inset']" % NS) is None and labels is not None and
           sum(1 for _ in labels.iter(NS + "text")) == 31,
           "user breaks with ≤/> legend and its title, a label per province with data, no inset", legend_txt)
    wrong = [(c, v) for c, v in got if not (v <= brk[c + 1] and (c == 0 or v > brk[c]))]
    report(len(got) == 31 and not wrong, "breaks: each unit's colour is the class of its score", wrong[:5])
    pe = project("equal", "classes = equal\nk = 4\nyears = last\n")
    oe = os.path.join(TMP, "equal")
    pr = run(pe, oe)
    brk, got, vals, _ = check_classes(oe, "01_map_index", ["2023"]) if pr.returncode == 0 else ([0] * 5, [], [1], 0)
    lo, hi = min(vals), max(vals)
    report(pr.returncode == 0 and all(abs(brk[j] - (lo + (hi - lo) * j / 4)) <= 1e-12 for j in range(5)),
           "equal: four equal widths of the last year's range", brk)

# ---- bad [map] keys ---------------------------------------------------------------------------
for keys, line, col, msg in [("classes = breaks\n", 14, 11, "classes = breaks needs 'breaks"),
                             ("classes = breaks\nbreaks = 0.2, 0.1\n", 15, 10, "breaks must increase"),
                             ("breaks = 0.1\n", 14, 10, "only with classes = breaks"),
                             ("classes = breaks\nbreaks = 0.1, abc\n", 15, 10, "'abc': breaks must be numbers"),
                             ("title = " + "长" * 50 + "\n", 14, 9, "title is longer than 127 bytes"),
                             ("years = first, 1999\n", 14, 9, "'1999': years must be first, middle, last"),
                             ("k = 12\n", 14, 5, "k must be"),
                             ("colours = red\n", 14, 1, "unknown key 'colours' in [map]")]:
    pth = project("bad", keys)
    pr = run(pth, os.path.join(TMP, "bad"))
    err = pr.stderr.decode()
    report(pr.returncode != 0 and ("%s:%d:%d:" % (pth, line, col)) in err and msg in err
           and not os.path.exists(os.path.join(TMP, "bad")), "[map] %s is an error at its place" % keys.strip().replace("\n", "; "),
           err)
shutil.rmtree(TMP)
finish()
