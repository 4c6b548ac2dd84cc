#!/usr/bin/python3
"""Write data/china_cities.geojson from the shared decoded ECharts 4.9 city map.

The source coordinates are ECharts' integers / 1024 (checked below), so rounding
to 4 decimals (1e-4 < 1/1024) keeps every distinct vertex distinct and every
shared vertex shared: contiguity is exactly that of the source.  The output
names its crosswalk (a GeoJSON foreign member, RFC 7946 section 6.1) so that
nqpf finds data/city_crosswalk.csv beside it.
usage: scripts/cities_geojson.py SRC.geojson OUT.geojson"""
import json
import sys


def rnd(c):
    if isinstance(c[0], (int, float)):
        for v in c[:2]:
            if abs(round(v * 1024) / 1024 - v) > 6e-7:
                sys.exit("coordinate %r is not a multiple of 1/1024" % v)
        return [round(c[0], 4), round(c[1], 4)]
    return [rnd(x) for x in c]


src = json.load(open(sys.argv[1], encoding="utf-8"))
for f in src["features"]:
    f["geometry"]["coordinates"] = rnd(f["geometry"]["coordinates"])
out = {"type": "FeatureCollection", "nqpf_crosswalk": "city_crosswalk.csv", "features": src["features"]}
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    json.dump(out, fh, ensure_ascii=False, separators=(",", ":"))
    fh.write("\n")
