"""The panel reader gives the same bytes and the same messages at 1 and 2
threads (issue 17): `nqpf index` runs on the same inputs with
OMP_NUM_THREADS=1 and =2, and everything it says and writes must match:
exit status, stderr, and every output file but run.json's timing-free
fields (run.json is compared whole: it holds no times).

The inputs are the reader's hard cases, each as a panel of 40,000 rows (1.3
MB: several pieces of one parallel block, more than one 1 MiB read) with
the case placed deep
inside: quoted fields (with commas, doubled quotes and a newline), a BOM,
GBK text, CRLF and bare CR line ends, blank lines, NUL bytes, invalid
UTF-8, a bad number, a short row, an empty unit, a duplicate row, shuffled
unbalanced rows, and a last line without a newline.  The expected values
are checked too: scores.csv of a valid case must equal that of the same
panel written plainly (so the quoting, BOM, CRLF and encoding paths read
the same numbers), and each error names its line and column.

run.json's SHA-256 of the data is computed by the reader from the bytes it
reads (hashed alongside the parallel parse, so the file is read once): it
must equal Python's hashlib over the file for every valid case, at both
thread counts, and for a 32 MiB file of several 16 MiB blocks with a BOM
and quoted rows between them (the hash then switches between the parallel
and the serial path), and for a long-layout file (the serial path alone); and with 3 MiB lines
among the rows, which the reader joins to the block it read ahead by
copying (tests/io/test_threads.py; fuzz builds take both ways constantly).
"""
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import report, finish  # noqa: E402

NQPF = os.environ["NQPF"]
N_UNITS, N_YEARS = 2000, 20
DEEP = 21000  # data row index where the case goes (line DEEP + 2)


def rows():
    rng = random.Random(17)
    out = []
    for u in range(N_UNITS):
        for t in range(N_YEARS):
            out.append([f"u{u}", str(2000 + t), f"{rng.uniform(1, 1000):.6g}", f"{rng.uniform(0, 50):.4f}",
                        str(rng.randint(1, 99999))])
    return out


def text_of(rs, header="unit,year,a,b,c", eol="\n", last_eol=True):
    body = eol.join(",".join(r) for r in rs)
    return header + eol + body + (eol if last_eol else "")


def run(tmp, data: bytes, threads, system="system.csv", extra=()):
    path = os.path.join(tmp, "panel.csv")
    with open(path, "wb") as f:
        f.write(data)
    out = os.path.join(tmp, f"out{threads}")
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    p = subprocess.run([NQPF, "index", "--data", path, "--system", os.path.join(tmp, system), "--unit", "unit",
                        "--period", "year", "--weights", "entropy", "--quiet", "--out", out, *extra],
                       capture_output=True, env=env)
    files = {}
    if os.path.isdir(out):
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name), "rb") as f:
                files[name] = f.read()
    return p.returncode, p.stderr.replace(os.path.join(tmp, "").encode(), b""), files


def data_sha(files):
    """The data file's SHA-256 as run.json records it."""
    if "run.json" not in files:
        return None
    return [i.get("sha256") for i in json.loads(files["run.json"])["inputs"] if i["role"] == "data"][0]


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf-test-threads-")
    with open(os.path.join(tmp, "system.csv"), "w") as f:
        f.write("column,direction,dimension\na,+,D1\nb,-,D1\nc,+,D2\n")
    base = rows()
    plain = text_of(base).encode()
    _, _, want = run(tmp, plain, 1)
    report("scores.csv" in want, "the plain panel is read", want)

    def with_row(i, line):
        rs = [",".join(r) for r in base]
        rs[i] = line
        return ("unit,year,a,b,c\n" + "\n".join(rs) + "\n").encode()

    r = base[DEEP]
    quoted = [",".join(x) if k % 97 else f'"{x[0]}","{x[1]}",{x[2]},"{x[3]}",{x[4]}' for k, x in enumerate(base)]
    shuffled = list(base)
    random.Random(5).shuffle(shuffled)
    shuffled = [x for k, x in enumerate(shuffled) if k % 11 or x[1] == "2000"]
    valid = {
        "quoted fields every 97th row": ("unit,year,a,b,c\n" + "\n".join(quoted) + "\n").encode(),
        "BOM": b"\xef\xbb\xbf" + plain,
        "CRLF": text_of(base, eol="\r\n").encode(),
        "blank lines": plain.replace(b"\nu70,", b"\n\n  \n\nu70,").replace(b"\nu900,", b"\n\t\r\nu900,"),
        "no final newline": text_of(base, last_eol=False).encode(),
    }
    for name, data in valid.items():
        res = [run(tmp, data, th) for th in (1, 2)]
        report(res[0] == res[1], f"{name}: same exit, messages and files at 1 and 2 threads",
               f"{res[0][:2]} vs {res[1][:2]}")
        report(res[0][0] == 0 and res[0][2].get("scores.csv") == want.get("scores.csv"),
               f"{name}: the same scores as the plain panel", res[0][1])
        report(data_sha(res[0][2]) == hashlib.sha256(data).hexdigest(), f"{name}: run.json's SHA-256 is hashlib's",
               data_sha(res[0][2]))
    # several parallel blocks, with quoted rows (the strict reader) between them
    rng = random.Random(3)
    big = [[f"u{u}", str(2000 + t), f"{rng.uniform(1, 1000):.6g}", f"{rng.uniform(0, 50):.4f}", str(u * 7 + t)]
           for u in range(50000) for t in range(20)]
    lines = [",".join(x) if k % 300001 != 150000 else f'"{x[0]}",{",".join(x[1:])}' for k, x in enumerate(big)]
    data = b"\xef\xbb\xbf" + ("unit,year,a,b,c\n" + "\n".join(lines) + "\n").encode()
    res = [run(tmp, data, th) for th in (1, 2)]
    report(res[0] == res[1] and res[0][0] == 0, f"{len(data) >> 20} MiB, BOM, quoted rows: same at 1 and 2 threads",
           res[0][1])
    report(data_sha(res[0][2]) == hashlib.sha256(data).hexdigest(),
           f"{len(data) >> 20} MiB, BOM, quoted rows: run.json's SHA-256 is hashlib's", data_sha(res[0][2]))
    # lines of 3 MiB among them: the unfinished line at the end of a block is
    # then longer than the room kept in front of the block read ahead (1 MiB),
    # and the two are joined by copying instead of swapping buffers
    note = "n" * (3 << 20)
    noted = [",".join(x) + ("," + note if k % 50000 == 25000 else ",x") for k, x in enumerate(big)]
    data = ("unit,year,a,b,c,note\n" + "\n".join(noted) + "\n").encode()
    res2 = [run(tmp, data, th) for th in (1, 2)]
    report(res2[0] == res2[1] and res2[0][0] == 0, f"{len(data) >> 20} MiB, 3 MiB lines: same at 1 and 2 threads",
           res2[0][1])
    report(res2[0][2].get("scores.csv") == res[0][2].get("scores.csv"),
           f"{len(data) >> 20} MiB, 3 MiB lines: the scores of the same panel without them", res2[0][1])
    report(data_sha(res2[0][2]) == hashlib.sha256(data).hexdigest(),
           f"{len(data) >> 20} MiB, 3 MiB lines: run.json's SHA-256 is hashlib's", data_sha(res2[0][2]))
    # the long layout goes through the strict reader alone: hashed as it refills
    rng = random.Random(4)
    long_rows = [f"u{u},{2000 + t},{v},{rng.uniform(1, 100):.5f}" for u in range(6000) for t in range(10)
                 for v in "abc"]
    data = ("unit,year,variable,value\n" + "\n".join(long_rows) + "\n").encode()
    res = [run(tmp, data, th, extra=("--layout", "long")) for th in (1, 2)]
    report(res[0] == res[1] and res[0][0] == 0, "long layout, 4 MB: same at 1 and 2 threads", res[0][1])
    report(data_sha(res[0][2]) == hashlib.sha256(data).hexdigest(), "long layout, 4 MB: run.json's SHA-256 is hashlib's",
           data_sha(res[0][2]))
    # GBK: an indicator named in Chinese (the system file is UTF-8)
    with open(os.path.join(tmp, "system_zh.csv"), "w", encoding="utf-8") as f:
        f.write("column,direction,dimension\na,+,D1\nb,-,D1\n指标,+,D2\n")
    gbk = text_of(base, header="unit,year,a,b,指标").encode("gbk")
    res = [run(tmp, gbk, th, "system_zh.csv") for th in (1, 2)]
    report(res[0] == res[1], "GBK: same exit, messages and files at 1 and 2 threads", f"{res[0][:2]} vs {res[1][:2]}")
    report(res[0][0] == 0 and res[0][2].get("scores.csv") == want.get("scores.csv"),
           "GBK: the same scores as the plain panel", res[0][1])
    report(data_sha(res[0][2]) == hashlib.sha256(gbk).hexdigest(), "GBK: run.json's SHA-256 is hashlib's",
           data_sha(res[0][2]))
    # a unit name quoted with a comma, a doubled quote and a newline in it
    data = with_row(DEEP, f'"{r[0]},\n""x""",{r[1]},{r[2]},{r[3]},{r[4]}')
    res = [run(tmp, data, th, extra=("--missing", "interpolate")) for th in (1, 2)]
    report(res[0] == res[1] and res[0][0] == 0, "a multi-line quoted unit name: same at 1 and 2 threads",
           f"{res[0][:2]} vs {res[1][:2]}")
    # unsorted, unbalanced: the same at both thread counts, scores of the rows present
    res = [run(tmp, text_of(shuffled).encode(), th, extra=("--missing", "interpolate")) for th in (1, 2)]
    report(res[0] == res[1] and res[0][0] == 0, "shuffled unbalanced rows: same at 1 and 2 threads", res[0][1])

    line = DEEP + 2
    bad = {
        "bad number": (with_row(DEEP, f"{r[0]},{r[1]},1.5,12x,3"), f"panel.csv:{line}:4: '12x' in column 'b'"),
        "short row": (with_row(DEEP, f"{r[0]},{r[1]},1.5,2"), f"panel.csv:{line}:4: row has 4 fields but the header has 5"),
        "empty unit": (with_row(DEEP, f" ,{r[1]},1.5,2,3"), f"panel.csv:{line}:1: empty unit"),
        "NUL byte": (with_row(DEEP, f"{r[0]},{r[1]},1.5,2\0,3"), f"panel.csv:{line}:4: NUL byte (0x00) in a field"),
        "invalid UTF-8": (b"utf-8", plain.replace(f"\n{r[0]},{r[1]},".encode(), f"\n{r[0]}\xff,{r[1]},".encode("latin-1")),
                          f"panel.csv:{line}:1: invalid UTF-8 (byte 0xFF)"),
        "bare CR": (with_row(DEEP, f"{r[0]},{r[1]},1.5\r2,3"), f"panel.csv:{line}:3: row has 3 fields but the header has 5"),
        "duplicate row": (with_row(DEEP, ",".join(base[DEEP - 1])), f"panel.csv:{line}: duplicate row for unit"),
        # the strict reader counts a bare CR as a line end: so must the line numbers after it
        "a bare CR in a blank line, then a bad number": (
            with_row(DEEP + 5, f"{base[DEEP + 5][0]},{base[DEEP + 5][1]},1.5,x,3").replace(
                f"\n{r[0]},{r[1]},".encode(), f"\n \r \n{r[0]},{r[1]},".encode()),
            f"panel.csv:{line + 7}:4: 'x' in column 'b'"),
    }
    for name, case in bad.items():
        enc, data, msg = case if len(case) == 3 else (b"auto",) + case
        res = [run(tmp, data, th, extra=("--encoding", enc.decode())) for th in (1, 2)]
        report(res[0] == res[1], f"{name}: same exit and message at 1 and 2 threads", f"{res[0][:2]} vs {res[1][:2]}")
        report(res[0][0] != 0 and msg.encode() in res[0][1] and not res[0][2],
               f"{name}: error at its line and column, nothing written", res[0][:2])
    shutil.rmtree(tmp, ignore_errors=True)
    finish()


main()
