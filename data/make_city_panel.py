#!/usr/bin/python3
"""Write data/china_cities_synthetic.csv: a SYNTHETIC city panel on the
bundled prefecture polygons (data/china_cities.geojson), for the city-level
example project data/city_project.ini and the tests.  The numbers are made
up (smooth functions of the label point plus seeded noise), not statistics.

The panel is a post-2019 one, as a user's would be: GB codes of 2023, so
莱芜 (merged into 济南 in 2019) is absent, the Tibetan and Xinjiang 地区
that became 市 carry their new codes (the map has the old ones: the
crosswalk data/city_crosswalk.csv maps them), 儋州 its prefecture code
460400, and 三沙 460300, which has no polygon, is there.  Taiwan, Hong Kong
and Macao are left out (no data in a mainland city panel).
Deterministic: same output on every run (random.Random(int) is stable).
usage: data/make_city_panel.py [GEOJSON [OUT]]"""
import csv
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEO = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "china_cities.geojson")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "china_cities_synthetic.csv")
YEARS = range(2019, 2024)
# map code -> the 2023 code (recodes of data/city_crosswalk.csv)
NEW_CODE = {"542200": "540500", "542400": "540600", "542600": "540400", "652100": "650400",
            "652200": "650500", "469003": "460400"}
# NBS four regions by province code
EAST = {"11", "12", "13", "31", "32", "33", "35", "37", "44", "46"}
CENTRAL = {"14", "34", "36", "41", "42", "43"}
NORTHEAST = {"21", "22", "23"}


def region(code):
    p = code[:2]
    return "东部" if p in EAST else "中部" if p in CENTRAL else "东北" if p in NORTHEAST else "西部"


def g6(v):
    return "%.6g" % v


def main():
    feats = json.load(open(GEO, encoding="utf-8"))["features"]
    units = []
    for f in feats:
        p = f["properties"]
        code = p["adcode"]
        if code[:2] in ("71", "81", "82") or code == "371200":
            continue
        units.append((NEW_CODE.get(code, code), p["name"], p["cp"][0], p["cp"][1]))
    units.append(("460300", "三沙", 112.34, 16.83))  # city seat on Yongxing Island
    units.sort()
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["gb_code", "city", "region4", "year", "rd_intensity", "patents_per_10k", "digital_index",
                    "energy_intensity"])
        for code, name, lon, lat in units:
            rng = random.Random(int(code))
            # a coastal/eastern core: high near (118E, 31N), falling inland
            core = math.exp(-((lon - 118.0) ** 2 + (lat - 31.0) ** 2) / 80.0)
            base = [rng.gauss(0, 0.15) for _ in range(4)]
            for y in YEARS:
                t = y - 2019
                e = [rng.gauss(0, 0.05) for _ in range(4)]
                rd = 0.8 + 2.2 * core + 0.06 * t + base[0] + e[0]
                pat = math.exp(1.0 + 2.0 * core + 0.08 * t + base[1] + e[1])
                dig = 30 + 40 * core + 2.5 * t + 10 * (base[2] + e[2])
                eng = math.exp(0.3 - 0.6 * core - 0.04 * t + base[3] + e[3])
                w.writerow([code, name, region(code), y, g6(max(rd, 0.05)), g6(pat), g6(dig), g6(eng)])


if __name__ == "__main__":
    main()
