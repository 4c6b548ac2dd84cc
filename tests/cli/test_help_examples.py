#!/usr/bin/env python3
"""Help that runs (issue 11): every example of `nqpf CMD --help` (the
"Examples:" lines, generated with each command's declaration) and every
`nqpf …` command shown in README.md runs verbatim from the repository root
on the bundled files and exits 0.  The examples run in order in a scratch
directory that sees the repository's data/ and tests/ (so outputs they
write, e.g. --out res, land there and an example may read what an earlier
one of the same command wrote).

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/cli/test_help_examples.py
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

NQPF = os.path.abspath(os.environ.get("NQPF", "build/nqpf"))
ROOT = os.path.abspath(os.environ.get("NQPF_ROOT", os.getcwd()))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import failures, finish, report as check  # noqa: E402
from examples import commands_in  # noqa: E402


def run_example(cmdline, cwd):
    argv = shlex.split(cmdline)
    argv[0] = NQPF
    try:
        p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return 124, "timed out"
    return p.returncode, p.stderr.strip()[-400:]


def scratch():
    d = tempfile.mkdtemp(prefix="nqpf-examples-")
    for sub in ("data", "tests"):
        os.symlink(os.path.join(ROOT, sub), os.path.join(d, sub))
    return d


reg = json.loads(subprocess.run([NQPF, "help", "--json"], capture_output=True, text=True, check=True).stdout)
total = 0
for c in reg["commands"]:
    h = subprocess.run([NQPF, c["name"], "--help"], capture_output=True, text=True).stdout
    m = re.search(r"\nExamples?:\n(.*)", h, re.S)
    ex = commands_in(m.group(1)) if m else []
    check(any(e.split()[1] == c["name"] for e in ex), "%s --help has examples of itself" % c["name"])
    d = scratch()
    try:
        for e in ex:
            rc, err = run_example(e, d)
            total += 1
            check(rc == 0, "%s example runs: %s" % (c["name"], e), "exit %d: %s" % (rc, err))
    finally:
        shutil.rmtree(d, ignore_errors=True)

with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
    readme = commands_in(fh.read())
check(len(readme) > 0, "README shows nqpf commands")
d = scratch()
try:
    for e in readme:
        rc, err = run_example(e, d)
        total += 1
        check(rc == 0, "README example runs: %s" % e, "exit %d: %s" % (rc, err))
finally:
    shutil.rmtree(d, ignore_errors=True)
print("# %d examples run" % total)
print("%d failed" % failures() if failures() else "all passed")
finish()
