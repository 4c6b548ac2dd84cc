"""TAP-style lines for the Python tests: tests/run.sh counts "ok - NAME" and
"not ok - NAME".  Usage in a test script:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from tap import report, finish
    report(ok, "what was checked", detail_if_not_ok)
    finish()            # exit status 1 when anything failed
"""
import sys

_failed = 0


def report(ok, name, detail=""):
    global _failed
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        _failed += 1
        if detail:
            text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
            print("    " + text[-3000:].replace("\n", "\n    "))
    sys.stdout.flush()


def failures():
    return _failed


def finish():
    sys.exit(1 if _failed else 0)
