"""The column reader (src/io/coltable.c, issue 17) against pandas, through
the dump mode of the C test program (build/tests/io/test_coltable dump).

Random tables of 20,000 rows (several pieces of a parallel block) with the
reader's hard cases mixed in: quoted keys with commas, doubled quotes and
newlines, Chinese text, blank lines, missing tokens, numbers in every
notation; written as UTF-8, UTF-8 with a BOM, CRLF, and GBK.  pandas reads
each file as text (dtype=str) and Python's float() (correctly rounded)
turns the number cells into the values we expect; every value and key of
the dump must equal them.  The strict serial reader and the parallel one
at 1 and 2 threads must give the same dump, line numbers included.

Errors placed deep in a file (a bad number, a short row, a missing
required cell, a NUL byte, invalid UTF-8, a byte that is not GBK) must be worded the same by all
three and name the line and column where they were put.  The .xlsx and
.dta paths (converted to CSV text first) are checked against pandas'
read_excel and read_stata.
"""
import math
import os
import random
import subprocess
import sys
import tempfile

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import report, finish  # noqa: E402

NQPF = os.environ["NQPF"]
DUMP = os.path.join(os.path.dirname(NQPF), "tests", "io", "test_coltable")
MISSING = {"", "NA", "na", "N/A", "n/a", ".", "-", "--", "...", "\u2026", "\u2026\u2026"}
N = 20000


def dump(path, cols, threads, strict):
    out = subprocess.run([DUMP, "dump", path, str(threads), str(int(strict))] + cols, capture_output=True)
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8")


def number_text(rng):
    r = rng.random()
    if r < 0.03:
        return rng.choice(sorted(MISSING))
    if r < 0.2:
        return repr(rng.uniform(-1e6, 1e6))
    if r < 0.3:
        return f"{rng.uniform(-1, 1):.{rng.randint(1, 20)}e}"
    if r < 0.4:
        return str(rng.randint(-10**18, 10**18))
    return f"{rng.uniform(-1000, 1000):.{rng.randint(0, 9)}f}"


def key_text(rng, i):
    r = rng.random()
    base = f"firm{i // 9 % 3000}"
    if r < 0.01:
        return '"公司, ""甲"" \n第二行"'
    if r < 0.03:
        return f'" {base},x "'
    if r < 0.05:
        return "企业" + str(i % 50)
    return base


def table(seed):
    rng = random.Random(seed)
    lines = ["id,year,x1,note,x2"]
    for i in range(N):
        lines.append(",".join([key_text(rng, i), str(2000 + i % 9), number_text(rng), "n" * rng.randint(0, 5),
                               number_text(rng)]))
        if rng.random() < 0.002:
            lines.append("")
    return lines


def expected(path, encoding):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, skip_blank_lines=True)
    rows = []
    for rec in df.itertuples(index=False):
        def num(s):
            s = s.strip(" \t")
            return math.nan if s in MISSING else float(s)

        def key(s):
            s = s.strip(" \t")
            return s if s else "<NA>"
        rows.append((num(rec.x2), key(rec.id), num(rec.x1), key(rec.year)))
    return rows


def same_rows(text, rows):
    # rows of the dump: line, x2, id, x1, year (a key with a newline spans dump lines)
    body = text[3:]
    got = []
    for rec in body.split("\n"):
        if got and len(got[-1]) < 5:
            parts = rec.split("\t")
            got[-1][-1] += "\n" + parts[0]
            got[-1].extend(parts[1:])
        elif rec:
            got.append(rec.split("\t"))
    if len(got) != len(rows):
        return f"{len(got)} rows, pandas {len(rows)}"
    for g, w in zip(got, rows):
        x2, x1 = float(g[1]), float(g[3])
        for a, b in ((x2, w[0]), (x1, w[2])):
            if not (math.isnan(a) and math.isnan(b)) and a != b:
                return f"line {g[0]}: {a!r} != {b!r}"
        if g[2] != w[1] or g[4] != w[3]:
            return f"line {g[0]}: keys {g[2]!r},{g[4]!r} != {w[1]!r},{w[3]!r}"
    return None


COLS = ["x2:n", "id:k", "x1:n", "year:K"]


def check_same_modes(path, cols, name):
    dumps = [dump(path, cols, t, s) for t, s in ((1, 1), (1, 0), (2, 0))]
    ok = dumps[0] is not None and dumps[0] == dumps[1] == dumps[2]
    report(ok, f"{name}: strict, 1 and 2 threads give the same dump",
           "" if ok else [d[:300] if d else d for d in dumps])
    return dumps[0]


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf-coltable-")
    lines = table(1)
    variants = {
        "utf8": ("\n".join(lines) + "\n").encode("utf-8"),
        "bom": ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"),
        "crlf": ("\r\n".join(lines) + "\r\n").encode("utf-8"),
        "gbk": ("\r\n".join(lines)).encode("gbk"),  # no newline at the end, too
    }
    for name, data in variants.items():
        path = os.path.join(tmp, name + ".csv")
        with open(path, "wb") as f:
            f.write(data)
        text = check_same_modes(path, COLS, name)
        want = expected(path, {"gbk": "gbk", "bom": "utf-8-sig"}.get(name, "utf-8"))
        why = same_rows(text, want) if text else "no dump"
        report(why is None, f"{name}: every value and key as pandas + float() read them", why or "")

    # errors deep in the file: the same message in every mode, at the right place
    plain = "\n".join(lines).split("\n")
    cases = {
        "bad number": (lambda r: r.rsplit(",", 1)[0] + ",1.2.3", "'1.2.3' in column 'x2'", 5),
        "short row": (lambda r: r.rsplit(",", 1)[0], "row has 4 fields but the header has 5", 4),
        "missing required": (lambda r: ",".join(r.split(",")[:1] + [""] + r.split(",")[2:]),
                             "missing value in column 'year'", 2),
    }
    for name, (edit, msg, col) in cases.items():
        at = 15001
        while '"' in plain[at] or plain[at] == "":
            at += 1
        bad = plain[:at] + [edit(plain[at])] + plain[at + 1:]
        path = os.path.join(tmp, "err.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(bad) + "\n")
        outs = [dump(path, COLS, t, s) for t, s in ((1, 1), (1, 0), (2, 0))]
        line = sum(1 + s.count("\n") for s in bad[:at]) + 1
        want = f"{path}:{line}:{col}: {msg}"
        ok = outs[0] is not None and outs[0] == outs[1] == outs[2] and want in outs[0]
        report(ok, f"{name}: the same message in every mode, at {line}:{col}", f"{outs} want {want}")
    for name, raw, msg in (("NUL byte", b"\x00", "NUL byte"), ("invalid UTF-8", b"\xff\xfe\xfd", "UTF-8")):
        data = ("\n".join(lines[:15000]) + "\n").encode() + b"u," + raw + b",1,,2\n"
        path = os.path.join(tmp, "err2.csv")
        with open(path, "wb") as f:
            f.write(data + ("\n".join(lines[15000:]) + "\n").encode())
        outs = [dump(path, ["x1:n", "id:k", "x2:n"], t, s) for t, s in ((1, 1), (1, 0), (2, 0))]
        ok = outs[0] is not None and outs[0].startswith("error") and outs[0] == outs[1] == outs[2]
        report(ok, f"{name}: the same message in every mode", outs)

    # an invalid byte deep in a GBK file (converted in pieces on all threads):
    # named at its line, as the serial conversion names it
    gb = ("\n".join(lines[:15000]) + "\n").encode("gbk")
    path = os.path.join(tmp, "badgbk.csv")
    with open(path, "wb") as f:
        f.write(gb + "单位".encode("gbk") + b"\xff,2001,1,,2\n" + ("\n".join(lines[15000:]) + "\n").encode("gbk"))
    outs = [dump(path, COLS, t, s) for t, s in ((1, 1), (1, 0), (2, 0))]
    line = sum(1 + s.count("\n") for s in lines[:15000]) + 1
    want = f"{path}:{line}:0: invalid byte 0xFF for encoding GB18030"
    ok = outs[0] is not None and outs[0] == outs[1] == outs[2] and want in outs[0]
    report(ok, f"GBK: an invalid byte on line {line} is named there in every mode", f"{outs} want {want}")

    # .xlsx and .dta: through their CSV text, against pandas' own readers
    rng = random.Random(5)
    df = pd.DataFrame({"id": [f"单位{i % 7}" for i in range(300)], "x": [rng.uniform(-5, 5) for _ in range(300)],
                       "t": [2000 + i % 11 for i in range(300)]})
    df.loc[17, "x"] = math.nan
    for ext in ("xlsx", "dta"):
        path = os.path.join(tmp, "book." + ext)
        if ext == "xlsx":
            df.to_excel(path, index=False)
            back = pd.read_excel(path)
        else:
            df.to_stata(path, write_index=False, version=118)
            back = pd.read_stata(path)
        text = dump(path, ["x:n", "id:k", "t:n"], 2, 0)
        got = [r.split("\t") for r in (text or "").split("\n")[1:] if r]
        ok = text is not None and len(got) == len(back)
        for g, (i, x, t) in zip(got, back[["id", "x", "t"]].itertuples(index=False)):
            a = float(g[1])
            ok = ok and (a == x or (math.isnan(a) and math.isnan(x))) and g[2] == i and float(g[3]) == t
        report(ok, f".{ext}: values and keys as pandas reads them", (text or "")[:300])
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
    finish()


main()
