#!/usr/bin/python3
"""Polygons simplified for drawing, borders still shared (issue 15).

The city report (data/city_project.ini, 367 prefecture polygons with
551 401 vertices) drew every vertex: its index.html was 13 MB.  Each
shared border is now simplified once, so it must be drawn with the same
vertices in the two polygons that share it.  Checked from the drawn SVG
against the GeoJSON itself: each drawn vertex is a point of its polygon
(found by the map's documented projection, docs/report.md: equirectangular,
x scaled by cos of the mean latitude, panels side by side), and every other
polygon having that exact point draws it too -- shared borders keep the
same vertices in both polygons, so they meet without gaps.  Every unit
keeps its path, the page is at most 3 MB and the map far fewer vertices.

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/map/test_map_simplify.py
"""
import json
import math
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
TMP = tempfile.mkdtemp(prefix="nqpf-simplify-")


def key(x, y):
    return "%.1f %.1f" % (x + 0.0, y + 0.0)


def drawn_rings(d):
    out = []
    for part in d.split("Z"):
        pts = re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", part)
        if pts:
            out.append([(float(x), float(y)) for x, y in pts])
    return out


try:
    g = json.load(open(os.path.join(DATA, "china_cities.geojson"), encoding="utf-8"))
    src = []
    for f in g["features"]:
        geo = f["geometry"]
        for poly in geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]:
            for ring in poly:
                pts = [tuple(p) for p in ring]
                src.append(pts[:-1] if pts[0] == pts[-1] else pts)
    owner = {}  # exact point -> features having it
    for fi, f in enumerate(g["features"]):
        geo = f["geometry"]
        for poly in geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]:
            for ring in poly:
                for pt in ring:
                    owner.setdefault(tuple(pt), set()).add(fi)
    xs, ys = [p[0] for p in owner], [p[1] for p in owner]
    xmin, xmax, ymin, ymax = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos((ymin + ymax) / 2 * math.pi / 180)
    ids = [str(f["properties"].get("adcode")) for f in g["features"]]

    ini = open(os.path.join(DATA, "city_project.ini"), encoding="utf-8").read()
    ini = re.sub(r"(?m)^(file|geojson) = (\S+)", lambda m: "%s = %s/%s" % (m.group(1), DATA, m.group(2)), ini)
    path = os.path.join(TMP, "c.ini")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(ini)
    out = os.path.join(TMP, "c")
    p = subprocess.run([NQPF, "run", path, "--out", out, "--quiet"], capture_output=True)
    report(p.returncode == 0, "the city project runs", p.stderr)
    if p.returncode == 0:
        size = os.path.getsize(os.path.join(out, "index.html"))
        report(size <= 3 * 1024 * 1024, "city index.html is at most 3 MB (%.2f MB; 13 MB drawing every vertex)"
               % (size / 2 ** 20))
        for name in ("01_map_index", "09_map_lisa"):
            f = os.path.join(out, "figures", name + ".svg")
            if not os.path.exists(f):
                report(False, "%s.svg written" % name)
                continue
            root = ET.parse(f).getroot()
            panels = [e for e in root.iter(NS + "g") if e.get("class") == "panel"]
            n = len(panels)
            sc = ((640 - 10 * (n + 1)) / n) / ((xmax - xmin) * kx)
            for k, panel in enumerate(panels):
                ox, oy = 10 + k * (630 / n), 28

                def proj(pt):
                    return key(ox + (pt[0] - xmin) * kx * sc, oy + (ymax - pt[1]) * sc)
                paths = [e for e in panel.iter(NS + "path")]
                drawn = {}  # feature -> drawn point keys
                for e in paths:
                    fi = ids.index(e.get("data-id")) if e.get("data-id") in ids else -1
                    drawn[fi] = {key(x, y) for r in drawn_rings(e.get("d")) for x, y in r}
                mine = {}  # (feature, key) -> its exact points with that key
                for pt, fs in owner.items():
                    kk = proj(pt)
                    for fi in fs:
                        mine.setdefault((fi, kk), []).append(pt)
                bad, checked = [], 0
                for fi, keys in drawn.items():
                    for kk in keys:
                        pts = mine.get((fi, kk), [])
                        checked += 1
                        if not any(all(kk in drawn.get(o, ()) for o in owner[pt]) for pt in pts):
                            bad.append((ids[fi], kk))
                n_vert = sum(len(v) for v in drawn.values())
                report(len(paths) == len(g["features"]) and checked and not bad,
                       "%s panel %d: each of %d drawn vertices is a point of its polygon drawn by every polygon "
                       "having it" % (name, k + 1, checked), bad[:5])
                report(n_vert < 551401 / 5, "%s panel %d: %d vertices drawn of 551401" % (name, k + 1, n_vert))
finally:
    shutil.rmtree(TMP, ignore_errors=True)
finish()
