#!/usr/bin/python3
"""Map labels without overlaps and the maps in several periods (issue 15).

With `[map] labels = yes` no two label boxes of a panel intersect (北京 and
天津, 上海 between 江苏 and 浙江; the 367 prefecture polygons): each box is
measured here from the SVG, independently of the placement code, as the
text's em box (a wide CJK character one em, others 0.6 em, the baseline
0.35 em under the middle at most) -- the widths the Noto fonts draw at most.
A label moved off its unit's label point has a leader line to it; every
unit with data is labelled or counted in the panel's note.  The LISA
cluster map and the TFP map show the [map] years side by side like the
index map: LISA in the same periods, TFP the Malmquist pairs ending in
them, each unit's colour the class of that pair's tfpch in malmquist.csv.

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/map/test_maps_labels.py
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import report, finish  # noqa: E402

NQPF = os.environ["NQPF"]
ROOT = os.environ["NQPF_ROOT"]
DATA = os.path.join(ROOT, "data")
NS = "{http://www.w3.org/2000/svg}"
TMP = tempfile.mkdtemp(prefix="nqpf-labels-")


def width(text, fs):
    return sum(fs if len(ch.encode("utf-8")) >= 3 else 0.6 * fs for ch in text)


def boxes(group, fs):
    out = []
    for t in group.iter(NS + "text"):
        x, y, w = float(t.get("x")), float(t.get("y")), width(t.text, fs)
        out.append((t.text, x - w / 2, y - 0.85 * fs, x + w / 2, y + 0.15 * fs))
    return out


def overlaps(bx):
    bad = []
    for i in range(len(bx)):
        for j in range(i):
            a, b = bx[i], bx[j]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]:
                bad.append((a[0], b[0]))
    return bad


def panels_of(root):
    """[(labels group, leaders group, note text or None)] per panel, in order."""
    kids = list(root)
    out = []
    for k, el in enumerate(kids):
        if el.tag == NS + "g" and el.get("class") == "labels":
            lead = kids[k - 1] if kids[k - 1].get("class") == "leaders" else None
            note = kids[k + 1] if k + 1 < len(kids) and kids[k + 1].get("class") == "labels-note" else None
            out.append((el, lead, note))
    return out


def run(ini, out):
    return subprocess.run([NQPF, "run", ini, "--out", out, "--force", "--quiet"], capture_output=True)


def check_labels(name, out, n_units, n_panels, want_all):
    root = ET.parse(os.path.join(out, "figures", "01_map_index.svg")).getroot()
    pans = panels_of(root)
    report(len(pans) == n_panels, "%s: %d panels of labels" % (name, n_panels), len(pans))
    for k, (g, lead, note) in enumerate(pans):
        fs = float(g.get("font-size"))
        bx = boxes(g, fs)
        bad = overlaps(bx)
        report(not bad, "%s panel %d: no two of its %d label boxes intersect" % (name, k + 1, len(bx)), bad[:5])
        left = 0
        if note is not None:
            m = re.match(r"(\d+)个标注无处可放", note.text)
            left = int(m.group(1)) if m else len(note.text.split("：", 1)[1].split("、"))
        report(len(bx) + left == n_units and (left == 0 or not want_all),
               "%s panel %d: every unit with data labelled (%d) or counted in the note (%d)"
               % (name, k + 1, len(bx), left))
        lines = list(lead.iter(NS + "line")) if lead is not None else []
        # a leader ends on its label's box, so the label is away from its point
        ok = all(any(abs(float(ln.get("x2")) - x) <= w / 2 + 0.2 and abs(float(ln.get("y2")) - (y0 + y1) / 2) <= fs
                     for _, x0, y0, x1, y1 in bx for x, w in [((x0 + x1) / 2, x1 - x0)]) for ln in lines)
        report(ok, "%s panel %d: each of its %d leader lines ends at a label" % (name, k + 1, len(lines)))


try:
    # provinces, one panel: all 31 placed (three panels 210 units wide have no room for all at >= 8 pt)
    ini = os.path.join(TMP, "p.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write("[data]\nfile = %s/china_provinces_tech_wide.csv\nunit = province\nperiod = year\n"
                "missing = interpolate\n[system]\nfile = %s/nqpf_system.csv\n[group]\ncolumn = region4\n"
                "[map]\ngeojson = %s/china_provinces.geojson\nid-field = adcode\ncolumn = gb_code\nlabels = yes\n"
                "years = last\n" % (DATA, DATA, DATA))
    out = os.path.join(TMP, "p")
    p = run(ini, out)
    report(p.returncode == 0, "provinces with labels run", p.stderr)
    if p.returncode == 0:
        check_labels("provinces", out, 31, 1, True)
        root = ET.parse(os.path.join(out, "figures", "01_map_index.svg")).getroot()
        g = panels_of(root)[0][0]
        pos = {t.text: (float(t.get("x")), float(t.get("y"))) for t in g.iter(NS + "text")}
        report("北京" in pos and "天津" in pos and "上海" in pos, "北京, 天津 and 上海 are labelled")
    # cities, the first, middle and last year: most of 364 labels cannot be placed, and the note says so
    src = open(os.path.join(DATA, "city_project.ini"), encoding="utf-8").read()
    src = re.sub(r"(?m)^(file|geojson) = (\S+)", lambda m: "%s = %s/%s" % (m.group(1), DATA, m.group(2)), src)
    src = src.replace("column = gb_code\n", "column = gb_code\nlabels = yes\n", 1)
    src = re.sub(r"(?ms)^\[(gini|kde|moran|lisa)\].*?(?=^\[|\Z)", "", src)  # the map only
    ini = os.path.join(TMP, "c.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(src)
    out = os.path.join(TMP, "c")
    p = run(ini, out)
    report(p.returncode == 0, "cities with labels run", p.stderr)
    if p.returncode == 0:
        root = ET.parse(os.path.join(out, "figures", "01_map_index.svg")).getroot()
        drawn = {p.get("data-id") for p in root.iter(NS + "path") if p.get("class") == "unit"}
        check_labels("cities", out, len(drawn), 3, False)

    # the demo: LISA and TFP maps in the index map's years
    demo = os.path.join(TMP, "demo")
    p = subprocess.run([NQPF, "demo", "--out", demo], capture_output=True)
    report(p.returncode == 0, "nqpf demo runs", p.stderr)
    if p.returncode == 0:
        figs = os.listdir(os.path.join(demo, "figures"))
        name = {k: next(f[:-4] for f in figs if f.endswith(k + ".svg")) for k in ("map_index", "map_lisa",
                                                                                    "map_malmquist")}

        def titles(k):
            root = ET.parse(os.path.join(demo, "figures", name[k] + ".svg")).getroot()
            return [t.text for t in root.findall(NS + "text")], root

        ti, _ = titles("map_index")
        tl, rl = titles("map_lisa")
        tm, rm = titles("map_malmquist")
        report(len(ti) == 3 and tl == ti, "LISA map: the index map's three periods side by side", (ti, tl))
        report(len(tm) == 3 and all(t.endswith("–" + y) or (k == 0 and t.startswith(y + "–"))
                                    for k, (t, y) in enumerate(zip(tm, ti))),
               "TFP map: the Malmquist pairs ending in those periods (the first pair for the first)", (tm, ti))
        # each unit's colour is the class of its pair's tfpch (malmquist.csv), the limits in the SVG's classes
        mq = {(r["unit"], r["from"], r["to"]): r["tfpch"]
              for r in csv.DictReader(open(os.path.join(demo, "tables", "malmquist.csv"), encoding="utf-8"))}
        legend = [r.get("fill") for g in rm.iter(NS + "g") if g.get("class") == "legend" for r in g.iter(NS + "rect")]
        desc = rm.find(NS + "desc")
        brk = [float(x) for x in desc.text.split()] if desc is not None and desc.text else []
        report(len(brk) >= 3 and len(legend) == len(brk) - 1, "TFP map: class limits recorded", brk)
        wrong, seen = [], 0
        gs = [g for g in rm.findall(NS + "g") if g.get("class") == "panel"]
        for g, t in zip(gs, tm):
            a, b = t.split("–")
            for pth in g.iter(NS + "path"):
                if pth.get("class") != "unit" or len(brk) < 3:
                    continue
                unit = pth.find(NS + "title").text.split(" ")[0]  # "北京 2010–2011: tfpch 1.2444"
                x = mq.get((unit, a, b), "")
                if not x:
                    continue
                x = float(x)
                j = next(j for j in range(len(brk) - 1) if x <= brk[j + 1] or j == len(brk) - 2)
                seen += 1
                if pth.get("fill") != legend[j]:
                    wrong.append((t, unit, x, pth.get("fill"), legend[j]))
        report(seen >= 3 * 30 and not wrong, "TFP map: each unit's colour is the class of its pair's tfpch (%d)" % seen,
               wrong[:5])
finally:
    shutil.rmtree(TMP, ignore_errors=True)
finish()
