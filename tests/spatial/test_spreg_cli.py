"""nqpf spreg on bad input: clear errors with the documented exit codes and
nothing written; plus the bundled-data example of docs/spreg.md and
byte-identical output for any thread count."""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
REF = os.environ.get("NQPF_REF") or os.path.join(ROOT, "tests", "ref")
ECON = os.path.join(REF, "econ")
COL = os.path.join(ECON, "columbus.csv")
QUEEN = os.path.join(ECON, "columbus_queen_edges.csv")


def nqpf(*args, env=None):
    return subprocess.run([NQPF, "spreg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env)


def expect_error(name, code, needle, args, out):
    p = nqpf(*args, "--out", out)
    ok = p.returncode == code and needle in p.stderr and not os.path.exists(out) and p.stderr.startswith("nqpf: ")
    report(ok, "bad input: %s -> exit %d, message names it, nothing written" % (name, code),
           "rc=%d stderr=%s" % (p.returncode, p.stderr))


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf-spreg-cli-")
    out = os.path.join(tmp, "out.csv")
    base = ["--data", COL, "--unit", "POLYID", "--y", "CRIME", "--x", "INC,HOVAL", "--model", "sar"]
    rows = list(csv.DictReader(open(COL)))
    # a unit of the data without a row in W
    edges = [r for r in csv.DictReader(open(QUEEN)) if r["from"] != "7" and r["to"] != "7"]
    e1 = os.path.join(tmp, "no7.csv")
    write_csv(e1, ["from", "to", "weight"], [[r["from"], r["to"], r["weight"]] for r in edges])
    expect_error("data unit missing from W", 5, "'7'", base + ["--weights", e1], out)
    # a W unit without data
    d1 = os.path.join(tmp, "drop3.csv")
    write_csv(d1, list(rows[0].keys()), [list(r.values()) for r in rows if r["POLYID"] != "3"])
    expect_error("W unit missing from the data", 5, "3", ["--data", d1] + base[2:] + ["--weights", QUEEN], out)
    # an island under row-standardisation
    e2 = os.path.join(tmp, "island.csv")
    write_csv(e2, ["from", "to", "weight"], [[r["from"], r["to"], r["weight"]] for r in edges] + [["7", "", ""]])
    expect_error("island with --style W", 5, "unit '7' has no neighbours", base + ["--weights", e2], out)
    # singular X
    expect_error("singular X", 6, "singular regressors: 'INC2'",
                 ["--data", os.path.join(tmp, "dup.csv"), "--unit", "POLYID", "--y", "CRIME", "--x", "INC,INC2",
                  "--model", "sdm", "--weights", QUEEN] if write_csv(
                     os.path.join(tmp, "dup.csv"), ["POLYID", "CRIME", "INC", "INC2"],
                     [[r["POLYID"], r["CRIME"], r["INC"], repr(2 * float(r["INC"]))] for r in rows]) is None else [],
                 out)
    # unbalanced panel
    prod = list(csv.DictReader(open(os.path.join(ECON, "produc.csv"))))
    d2 = os.path.join(tmp, "unbal.csv")
    write_csv(d2, list(prod[0].keys()), [list(r.values()) for r in prod if not (r["state"] == "OHIO" and r["year"] == "1975")])
    expect_error("unbalanced panel", 5, "unbalanced panel: unit 'OHIO' has no row for period '1975'",
                 ["--data", d2, "--unit", "state", "--period", "year", "--y", "gsp", "--x", "pcap,pc",
                  "--model", "sar", "--fe", "both", "--weights", os.path.join(ECON, "usaww_edges.csv")], out)
    # rho at the boundary: y is W's eigenvector of the smallest eigenvalue
    ids = [r["POLYID"] for r in rows]
    idx = {u: i for i, u in enumerate(ids)}
    W = np.zeros((49, 49))
    for r in csv.DictReader(open(QUEEN)):
        W[idx[r["from"]], idx[r["to"]]] = 1
    W /= W.sum(axis=1, keepdims=True)
    val, vec = np.linalg.eig(W)
    v = vec[:, np.argmin(val.real)].real
    d3 = os.path.join(tmp, "edge.csv")
    rng = np.random.default_rng(1)
    write_csv(d3, ["POLYID", "y", "x"], [[u, repr(float(v[i]) * 10), repr(float(rng.normal()))] for i, u in enumerate(ids)])
    expect_error("rho at the boundary", 6, "at the boundary",
                 ["--data", d3, "--unit", "POLYID", "--y", "y", "--x", "x", "--model", "sar", "--weights", QUEEN], out)
    # unknown model / fe without a period
    expect_error("unknown --model", 2, "--model", base[:-1] + ["sarx", "--weights", QUEEN], out)
    expect_error("--fe without --period", 2, "needs --period", base + ["--fe", "unit", "--weights", QUEEN], out)
    expect_error("--lee-yu without FE", 2, "--lee-yu", base + ["--lee-yu", "--weights", QUEEN], out)
    # byte-identical for any thread count, effects with draws
    outs = []
    for th in ("1", "3"):
        env = dict(os.environ, OMP_NUM_THREADS=th)
        p = nqpf(*base[:-1], "sdm", "--weights", QUEEN, "--effects", "--draws", "500", "--seed", "9", "--out", "-",
                 env=env)
        outs.append(p.stdout if p.returncode == 0 else p.stderr)
    report(outs[0] == outs[1] and outs[0].startswith("model,term"), "effects with draws: same bytes for 1 and 3 threads",
           outs[0][:300])
    # the docs/spreg.md example on the bundled provincial panel
    p = nqpf("--data", os.path.join(ROOT, "data", "china_provinces_tech_wide.csv"), "--unit", "gb_code",
             "--period", "year", "--y", "v4_cg_zlsq_hj", "--x", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", "--model", "sdm",
             "--fe", "both", "--geojson", os.path.join(ROOT, "data", "china_provinces.geojson"), "--id-field",
             "adcode", "--subset-weights", "--link-islands", "--effects", "--out", "-")
    report(p.returncode == 0 and ",rho," in p.stdout and "direct:" in p.stdout,
           "docs example: SDM two-way FE on the bundled provinces with the map's contiguity", p.stderr + p.stdout[:500])


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:
        report(False, "spreg bad input", repr(exc))
    finish()
