"""nqpf reg: the issue's bad-input list end to end for the paths that
tests/reg/test_reg_cli.py does not cover -- the mediator (--mediator with
--by, --iv, --boot, --boot-reps, --table) and the IV inputs (unknown
endogenous column, constant or non-numeric instrument, fewer than 2
clusters): each gives `nqpf: FILE:LINE:COL: ...` (or `nqpf: FILE: ...`, an
option error), the README's exit code, and writes none of the output files."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

ROOT = os.environ.get("NQPF_ROOT", ".")
NQPF = os.environ.get("NQPF", os.path.join(ROOT, "build", "nqpf"))


def main():
    tmp = tempfile.mkdtemp(prefix="nqpf_reg_bad_")
    d = os.path.join(tmp, "d.csv")
    rows = ["u,t,g,y,x1,x2,z,c,m,zb,mb"]
    for i in range(24):
        u, t = i // 4, i % 4
        x1 = (i * 7) % 11 + 0.5 * t
        rows.append("%d,%d,%s,%r,%r,%r,%r,1,%r,%s,%s" % (
            u, t, "AB"[u % 2] if u < 5 else "C", x1 * 2 + u + (i % 3), x1, (i * 5) % 7 + 0.1 * u,
            (i * 3) % 5 + x1, (i * 13) % 9 + 0.3 * x1, "x" if i == 7 else repr(float(i % 5)),
            "n/a?" if i == 10 else repr(float(i % 7))))
    with open(d, "w") as f:
        f.write("\n".join(rows) + "\n")
    outs = [os.path.join(tmp, n) for n in ("o.csv", "s.csv", "r.csv", "t.tex")]
    files = ["--out", outs[0], "--stats", outs[1]]
    med = files + ["--boot-reps", outs[2], "--table", outs[3], "--boot", "5"]
    cases = [
        ("mediator: unknown column", ["--x", "x1", "--mediator", "nosuch"] + med, 5, d + ":1: no column 'nosuch'"),
        ("mediator: non-numeric cell", ["--x", "x1", "--mediator", "mb"] + med, 4, d + ":12:11: 'n/a?' in column 'mb'"),
        ("mediator: constant", ["--x", "x1", "--mediator", "c"] + med, 6, "'c' is constant"),
        ("mediator: --by group too small", ["--x", "x1,x2", "--mediator", "m", "--by", "g"] + med, 6,
         "by group 'C': 4 observations for 4 parameters"),
        ("mediator: fewer than 2 clusters", ["--x", "x1", "--mediator", "m", "--cluster", "c"] + med, 6,
         "at least 2 clusters: 'c' has 1"),
        ("mediator: the outcome", ["--x", "x1", "--iv", "x2=z", "--mediator", "y"] + med, 2,
         "the mediator 'y' is also the outcome"),
        ("mediator: an instrument", ["--x", "x1", "--iv", "x2=z", "--mediator", "z"] + med, 2,
         "the mediator 'z' is also the outcome, a regressor or an instrument"),
        ("mediator with --iv: non-numeric instrument cell", ["--x", "x1", "--mediator", "m", "--iv", "x2=zb"] + med,
         4, d + ":9:10: 'x' in column 'zb'"),
        ("mediator: --boot 1", ["--x", "x1", "--mediator", "m"] + files + ["--boot", "1"], 2,
         "--boot needs at least 2"),
        ("mediator: --level outside (0, 1)", ["--x", "x1", "--mediator", "m", "--level", "1.5"] + med, 2,
         "--level must be a number in (0, 1)"),
        ("--iv: unknown endogenous column", ["--x", "x1", "--iv", "nosuch=z"] + files, 5,
         d + ":1: no column 'nosuch'"),
        ("--iv: constant instrument", ["--x", "x1", "--iv", "x2=c"] + files, 6, "instrument 'c' is constant"),
        ("--iv: non-numeric instrument cell", ["--x", "x1", "--iv", "x2=zb"] + files, 4, d + ":9:10: 'x'"),
        ("--iv: fewer than 2 clusters", ["--x", "x1", "--iv", "x2=z", "--cluster", "c"] + files, 6,
         "at least 2 clusters: 'c' has 1"),
        ("--iv: the endogenous regressor also in --x", ["--x", "x1,x2", "--iv", "x2=z"] + files, 2, "'x2'"),
    ]
    for name, args, code, msg in cases:
        p = subprocess.run([NQPF, "reg", "--data", d, "--y", "y", *args], capture_output=True, text=True)
        left = [f for f in outs if os.path.exists(f)]
        ok = p.returncode == code and p.stderr.startswith("nqpf: ") and msg in p.stderr and not left
        report(ok, "bad input: %s -> exit %d, message, nothing written" % (name, code),
               "rc %d, stderr %r, written %s" % (p.returncode, p.stderr, left))
        for f in left:
            os.remove(f)
    finish()


if __name__ == "__main__":
    main()
