"""Shared plumbing of the test_published_*.py scripts: where the printed
tables live, running nqpf on them, and what "to the printed precision" means.
Import it after putting tests/ (for tap) on sys.path.
"""
import csv
import io
import os
import subprocess

from tap import report

NQPF = os.environ.get("NQPF", "build/nqpf")
REF = os.environ.get("NQPF_REF", "tests/ref")
PUBLISHED = os.path.join(REF, "published")


def path(name):
    """A file of tests/ref/published."""
    return os.path.join(PUBLISHED, name)


def read(name):
    """The rows of a CSV file of tests/ref/published."""
    with open(path(name), newline="") as f:
        return list(csv.DictReader(f))


def nqpf(args):
    """Run nqpf with args; (exit status, output rows, standard error)."""
    p = subprocess.run([NQPF] + list(args), capture_output=True)
    return p.returncode, list(csv.DictReader(io.StringIO(p.stdout.decode()))), p.stderr


def keyed(rows, col):
    """Output rows by the value of one column (the unit)."""
    return {r[col]: r for r in rows}


def run_keyed(args, col, what):
    """Run nqpf, report that it ran ("nqpf WHAT runs"), and return its rows by column col."""
    rc, rows, err = nqpf(args)
    report(rc == 0, f"nqpf {what} runs", err)
    return keyed(rows, col)


def half_unit(printed):
    """Half a unit in the last printed digit of a decimal string."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10.0 ** -decimals


def printed_tol(printed):
    """Tolerance for a peer's test literal: half a unit of its last printed digit, kept within
    [1e-9, 1e-5] (a literal "0" or "1" would otherwise allow 0.5, and the peers assert 1e-5 or
    less; below 1e-9 the literal is exact up to its solver); 1e-9 for e-notation."""
    if "e" in printed.lower():
        return 1e-9
    return min(max(half_unit(printed), 1e-9), 1e-5)
