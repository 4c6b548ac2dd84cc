#!/usr/bin/env python3
"""No import circle inside src/report (issue 11): data flows one way, read ->
compute -> emit -> write.  And src/doc (tables, figures and the writers that
print them) sits below src/report: no object of src/doc uses a symbol that
src/report defines, and no source of src/doc includes a report header.

The graph is read from the compiled objects, not from the sources, so a
declaration in a header cannot hide a call: `nm` lists each object's defined
(T/D/B/R …) and undefined (U) symbols; file A -> file B when A uses a symbol
B defines.  Any strongly connected component of more than one file is a
circle and is reported with its files and one symbol of each edge.

    NQPF_BUILD=$PWD/build /usr/bin/python3 tests/report/test_layers.py
"""
import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

ROOT = os.environ.get("NQPF_ROOT", os.getcwd())
BUILD = os.environ.get("NQPF_BUILD", os.path.join(ROOT, "build"))


def symbols(obj):
    """(defined, undefined) global symbol names of one object file."""
    out = subprocess.run(["nm", "-g", obj], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] not in ("U", "w", "v"):
            defined.add(parts[2])
    return defined, used


def graph(objs):
    """file -> {file it calls: one symbol that makes the edge}."""
    syms = {os.path.basename(o)[:-2] + ".c": symbols(o) for o in objs}
    owner = {}
    for f, (defined, _) in syms.items():
        for s in defined:
            owner[s] = f
    edges = {f: {} for f in syms}
    for f, (_, used) in syms.items():
        for s in sorted(used):
            g = owner.get(s)
            if g and g != f:
                edges[f].setdefault(g, s)
    return edges


def cycles(edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def self_test():
    """The cycle finder on a hand-made graph: a <-> b, b -> c, c -> d -> c."""
    e = {"a": {"b": "x"}, "b": {"a": "y", "c": "z"}, "c": {"d": "u"}, "d": {"c": "v"}, "e": {}}
    got = sorted(cycles(e))
    report(got == [["a", "b"], ["c", "d"]], "cycle finder finds both circles of a hand-made graph", got)


def main():
    self_test()
    objs = sorted(glob.glob(os.path.join(BUILD, "obj", "src", "report", "*.o")))
    report(len(objs) > 20, "src/report objects found in %s" % BUILD, "%d objects" % len(objs))
    if not objs:
        finish()
    edges = graph(objs)
    found = cycles(edges)
    detail = []
    for comp in found:
        detail.append("circle: " + " ".join(comp))
        for f in comp:
            for g, s in sorted(edges[f].items()):
                if g in comp:
                    detail.append("  %s -> %s (%s)" % (f, g, s))
    report(not found, "no import circle among the files of src/report", "\n".join(detail))
    doc_below_report(objs)
    finish()


def doc_below_report(report_objs):
    """src/doc knows tables and figures, not analyses: nothing it uses is
    defined in src/report, and none of its sources includes a report header."""
    doc_objs = sorted(glob.glob(os.path.join(BUILD, "obj", "src", "doc", "*.o")))
    report(len(doc_objs) > 5, "src/doc objects found in %s" % BUILD, "%d objects" % len(doc_objs))
    defined = {}
    for o in report_objs:
        for s in symbols(o)[0]:
            defined[s] = os.path.basename(o)[:-2] + ".c"
    up = []
    for o in doc_objs:
        for s in sorted(symbols(o)[1]):
            if s in defined:
                up.append("%s uses %s (src/report/%s)" % (os.path.basename(o)[:-2] + ".c", s, defined[s]))
    report(not up, "src/doc uses nothing src/report defines", "\n".join(up))
    inc = []
    for f in sorted(glob.glob(os.path.join(ROOT, "src", "doc", "*.[ch]"))):
        with open(f, encoding="utf-8") as fp:
            for n, line in enumerate(fp, 1):
                if line.startswith("#include") and ("report" in line or "map.h" in line):
                    inc.append("%s:%d: %s" % (os.path.relpath(f, ROOT), n, line.strip()))
    report(not inc, "no source of src/doc includes a report header", "\n".join(inc))


if __name__ == "__main__":
    main()
