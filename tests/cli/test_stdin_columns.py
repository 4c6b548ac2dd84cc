#!/usr/bin/python3
"""`--data -` goes through the column reader as a file does (issue 17): for
growth, the comparison commands and the spatial ones (whose --coords,
--value2, --rate-base and --regime columns come in the same read), standard input gives the file's bytes
on stdout and the file's messages on stderr (the name "-" in place of the
path), at 1 and 2 threads; errors that quote a cell quote it as the input
has it ("-1.50", " 1.20 " trimmed), which a file reads back and standard
input keeps as text.  Each case also pins the message itself, worded by
hand from the input, so that file and stdin cannot agree on a wrong one."""
import os
import re
import subprocess
import sys
import tempfile

NQPF = os.environ.get("NQPF", "build/nqpf")
failed = 0


def report(name, ok, detail=""):
    global failed
    print("%s - %s%s" % ("ok" if ok else "not ok", name, (": " + detail) if detail else ""))
    failed += not ok


# a small growth panel: two units, three years; a product labour, a share column
GROWTH = """country,year,y,k,emp,hc,labsh
A,2000,100,200,10,2,0.6
A,2001,110,210,10.5,2.1,0.61
A,2002,121,222,11,2.2,0.62
B,2000,50,80,5,1.5,0.5
B,2001,55,85,5.2,1.6,0.52
B,2002,57,90, 5.3 ,1.6,0.53
"""
PROV = """prov,year,v,w
北京,2000,1.50,2
天津,2000,2,3
上海,2000,3,1
北京,2001,1.6,2
天津,2001,2.1,3
上海,2001,0.5,1
"""
ROOT = os.environ.get("NQPF_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
COL = os.path.join(ROOT, "tests", "ref", "cases", "compare", "moran_geary_columbus_spdep")
with open(os.path.join(COL, "data.csv"), encoding="utf-8") as f:
    COLUMBUS = f.read()
EDGES = os.path.join(COL, "edges_COLnb_contiguity.csv")
with open(os.path.join(ROOT, "data", "china_provinces_tech_wide.csv"), encoding="utf-8") as f:
    TECH = f.read()
QUEEN = os.path.join(ROOT, "data", "china_provinces_queen.csv")
MOR = ["moran", "--unit", "idx", "--value", "CRIME", "--out", "-"]
G = ["growth", "--unit", "country", "--period", "year", "--output", "y", "--capital", "k", "--labour", "emp*hc",
     "--share", "labsh", "--out", "-"]
CASES = [
    # name, command, input text, expected stderr (PATH for the input's name; None: a clean run)
    ("growth_ok", G, GROWTH, None),
    ("growth_base", G[:-2] + ["--base", "2001", "--out", "-"], GROWTH, None),
    ("growth_negative", G, GROWTH.replace(",110,", ",-1.50,"), "nqpf: PATH:3:3: -1.50 in column 'y' must be positive\n"),
    ("growth_share_range", G, GROWTH.replace(",0.62", ", 1.20 "),
     "nqpf: PATH:4:7: 1.20 in column 'labsh' must be in [0,1]\n"),
    ("growth_factor_zero", G, GROWTH.replace(",2.1,", ",0,"), "nqpf: PATH:3:6: 0 in column 'hc' must be positive\n"),
    ("growth_not_a_number", G, GROWTH.replace(",210,", ",abc,"),
     "nqpf: PATH:3:4: 'abc' in column 'k': not a number\n"),
    ("growth_missing_cell", G, GROWTH.replace(",2.1,", ",,"), None),
    ("growth_no_column", G[:-6] + ["--labour", "emp*avh", "--share", "labsh", "--out", "-"], GROWTH,
     "nqpf: PATH:1: no column 'avh' in the header\n"),
    ("growth_twice", G, GROWTH.replace("A,2001", "A,2000"),
     "nqpf: PATH:3: unit 'A' in period '2000' appears twice (first on line 2)\n"),
    ("growth_ragged", G, GROWTH.replace("B,2000,50,80,5,1.5,0.5", "B,2000,50,80,5,1.5"),
     "nqpf: PATH:5:6: row has 6 fields but the header has 7\n"),
    ("gini", ["gini", "--value", "v", "--period", "year", "--unit", "prov", "--out", "-"], PROV, None),
    # --group names a built-in grouping (no such column): the header read once decides
    ("theil_nbs4", ["theil", "--value", "v", "--period", "year", "--unit", "prov", "--group", "nbs4", "--out", "-"],
     PROV, None),
    # --group names a column
    ("theil_column", ["theil", "--value", "v", "--period", "year", "--unit", "prov", "--group", "w", "--out", "-"],
     PROV, None),
    ("theil_nonpositive", ["theil", "--value", "v", "--period", "year", "--unit", "prov", "--out", "-"],
     PROV.replace("1.50", "-1.50"), "nqpf: PATH:2:3: value -1.50 in column 'v': the Theil index needs non-negative values\n"),
    # couple quotes a further column's cell (nqpf_long_input.cols), not the value's
    ("couple_range", ["couple", "--systems", "v,w", "--period", "year", "--unit", "prov", "--out", "-"], PROV,
     "nqpf: PATH:2:3: subsystem index 1.50 of 'v' is outside [0,1]\n"),
    ("moran_coords_knn", MOR + ["--coords", "X,Y", "--knn", "4"], COLUMBUS, None),
    ("moran_link_islands", MOR + ["--weights", EDGES, "--coords", "X,Y", "--link-islands"], COLUMBUS, None),
    # --coords the weights do not need: its columns are not required
    ("moran_coords_unused", MOR + ["--weights", EDGES, "--coords", "X,nope"], COLUMBUS, None),
    ("moran_coords_missing", MOR + ["--weights", EDGES, "--coords", "X,nope", "--link-islands"], COLUMBUS,
     "nqpf: PATH:1: no column 'nope' in the header\n"),
    # a coordinate that is no number, quoted as the input has it (line 6: unit 5)
    ("moran_coords_bad", MOR + ["--coords", "X,Y", "--knn", "4"], re.sub(r"\n(5,1005,[^,]*),", r"\n\1,x ", COLUMBUS),
     "nqpf: PATH:6:4: 'x %s' in column 'X': not a number\n" % COLUMBUS.split("\n")[5].split(",")[3]),
    ("moran_value2", MOR + ["--weights", EDGES, "--value2", "INC"], COLUMBUS, None),
    ("moran_rate_base", MOR + ["--weights", EDGES, "--rate-base", "HOVAL"], COLUMBUS, None),
    ("lisa_value2", ["lisa", "--unit", "idx", "--value", "CRIME", "--weights", EDGES, "--value2", "X", "--out", "-"],
     COLUMBUS, None),
    ("weights_kernel", ["weights", "--unit", "idx", "--coords", "X,Y", "--kernel", "triangular", "--k", "3",
                        "--out", "-"], COLUMBUS, None),
    ("mobility_regime", ["mobility", "--unit", "gb_code", "--period", "year", "--value", "v4_zh_nbzc_hj",
                         "--regime", "region4", "--permutations", "99", "--weights", QUEEN, "--out", "-"], TECH, None),
    ("no_data_rows", G, GROWTH.splitlines()[0] + "\n", "nqpf: PATH: no data rows\n"),
]


def run(cmd, data, stdin, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    p = subprocess.run([NQPF] + cmd[:1] + ["--data", data] + cmd[1:], input=stdin, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8")


with tempfile.TemporaryDirectory() as tmp:
    for name, cmd, text, want in CASES:
        path = os.path.join(tmp, name + ".csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        outs = set()
        for threads in (1, 2):
            rf, of, ef = run(cmd, path, None, threads)
            rs, os_, es = run(cmd, "-", text.encode("utf-8"), threads)
            same = rf == rs and of == os_ and ef.replace(path, "PATH") == es.replace("nqpf: -", "nqpf: PATH").replace(
                "warning: -:", "warning: PATH:")
            report("%s_stdin_is_file_t%d" % (name, threads), same,
                   "" if same else "file rc=%d %r / stdin rc=%d %r" % (rf, ef, rs, es))
            outs.add((rs, os_, es))
            if want is not None:
                report("%s_message_t%d" % (name, threads), es == want.replace("PATH", "-"), repr(es))
            else:
                report("%s_runs_t%d" % (name, threads), rs == 0 and len(os_) > 0, es)
        report("%s_same_at_1_and_2_threads" % name, len(outs) == 1)

sys.exit(1 if failed else 0)
