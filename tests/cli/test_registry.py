#!/usr/bin/env python3
"""The command registry (issue 11): `nqpf help --json` parses and lists every
command of `nqpf help`; every option of every declared command is accepted
as `--option VALUE` and `--option=VALUE`; every option that is also a
project key is accepted in the command's [section] with the same default
(recorded in run.json) and rejected with the same message as on the command
line (only the spelling `--name`/`name`, the FILE:LINE:COL prefix and the
exit code, 2 usage / 5 input, differ); the keys a section accepts are
exactly the project keys of its table.

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/cli/test_registry.py
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", os.getcwd())
D = os.path.join(ROOT, "data")
fails = 0


def check(cond, name, detail=None):
    global fails
    if cond:
        print("ok - " + name)
    else:
        fails += 1
        print("not ok - " + name + ("" if detail is None else ": %r" % (detail,)))


def run(*args, cwd=None):
    return subprocess.run([NQPF] + list(args), capture_output=True, text=True, cwd=cwd)


p = run("help", "--json")
try:
    reg = json.loads(p.stdout)
    check(p.returncode == 0, "help --json exits 0")
except ValueError as e:
    check(False, "help --json parses", e)
    sys.exit(1)
check(True, "help --json parses")
listed = [l.split()[0] for l in run("help").stdout.split("Commands:\n")[1].split("\n\n")[0].splitlines()]
names = [c["name"] for c in reg["commands"]]
check(names == [n for n in listed if n not in ("help", "version")], "help --json lists the commands of `nqpf help`",
      (names, listed))

TYPES = {"string", "int", "size", "double", "flag", "choice", "list"}


def bad_values(o):
    """Values the option must reject, for the command line and the project."""
    t = o["type"]
    if t == "choice":
        return ["no-such-choice"]
    if t in ("int", "size"):
        v = ["1.5", "x"]
        if o["min"] is not None:
            v.append(str(int(o["min"]) - 1))
        if o["max"] is not None:
            v.append(str(int(o["max"]) + 1))
        return v
    if t == "double":
        v = ["x", "inf"]
        if o["min"] is not None:
            v.append(repr(o["min"] - (1 if not o["min_exclusive"] else 0)))
        if o["max"] is not None:
            v.append(repr(o["max"] + (1 if not o["max_exclusive"] else 0)))
        return v
    if t == "list":
        if o["choices"]:
            return ["no-such-item", ",".join(o["choices"][:1]) + ","]
        v = ["a,,b"]
        if o["max"] is not None:
            v.append(",".join("c%d" % i for i in range(int(o["max"]) + 1)))
        if o["min"] is not None and o["min"] > 1:
            v.append("a")
        return v
    return []


def good_value(o):
    if o["example"] is not None:
        return o["example"]
    return o["default"]


declared = [c for c in reg["commands"] if c["options"] is not None]
check(len(declared) >= 5, "at least the copy family is declared", [c["name"] for c in declared])
for c in declared:
    cmd = c["name"]
    seen = set()
    for o in c["options"]:
        n = o["name"]
        check(o["type"] in TYPES and n not in seen and re.fullmatch(r"[a-z][a-z0-9-]*", n),
              "%s --%s: a valid declaration" % (cmd, n), o)
        seen.add(n)
        if o["type"] == "flag":
            p = run(cmd, "--" + n, "--help")
            check(p.returncode == 0, "%s --%s accepted" % (cmd, n), p.stderr)
            p = run(cmd, "--%s=x" % n)
            check(p.returncode == 2 and "takes no value" in p.stderr, "%s --%s=x rejected" % (cmd, n), p.stderr)
            continue
        if o["type"] == "choice":
            check(o["default"] in o["choices"] or (o["default"] is None and (o["default_depends"] or o["required"])),
                  "%s --%s: default among the choices (or one that depends on other options, or required)" % (cmd, n),
                  o)
            vals = o["choices"]
        else:
            vals = [v for v in (good_value(o), o["default"]) if v is not None]
        for v in vals:
            p1 = run(cmd, "--" + n, v, "--help")
            p2 = run(cmd, "--%s=%s" % (n, v), "--help")
            check(p1.returncode == 0 and p2.returncode == 0, "%s --%s %s and --%s=%s accepted" % (cmd, n, v, n, v),
                  (p1.stderr, p2.stderr))
        for v in bad_values(o):
            p = run(cmd, "--%s=%s" % (n, v))
            check(p.returncode == 2 and ("'%s': --%s must be" % (v, n)) in p.stderr,
                  "%s --%s=%s rejected" % (cmd, n, v), p.stderr)
    req = [o["name"] for o in c["options"] if o["required"]]
    if req:
        p = run(cmd)
        check(p.returncode == 2 and all("--" + r in p.stderr for r in req) and "required" in p.stderr,
              "%s without options names its required ones" % cmd, p.stderr)
    h = run(cmd, "--help").stdout
    check(all(("--" + o["name"]) in h for o in c["options"]), "%s --help lists every option" % cmd)
    check(all(("(default %s)" % o["default"]) in h for o in c["options"]
              if o["default"] and o["type"] != "flag"), "%s --help shows every default" % cmd)

# ---- docs/options.md is generated from the registry ----------------------
gen = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "options_md.py"), NQPF], capture_output=True,
                     text=True)
with open(os.path.join(ROOT, "docs", "options.md"), encoding="utf-8") as fh:
    check(gen.returncode == 0 and fh.read() == gen.stdout,
          "docs/options.md is up to date (python3 scripts/options_md.py build/nqpf > docs/options.md)")

# ---- the same options as project keys ----------------------------------
tmp = tempfile.mkdtemp(prefix="nqpf-registry-")
base = ("[data]\nfile = %s/china_provinces_tech_wide.csv\nunit = province\nperiod = year\nmissing = interpolate\n"
        "[system]\nfile = %s/nqpf_system.csv\n[group]\ncolumn = region4\n"
        "[map]\ngeojson = %s/china_provinces.geojson\nid-field = adcode\ncolumn = gb_code\n" % (D, D, D))
BASE_LINES = base.count("\n")
# what a section needs beyond its table's required keys: [growth] reads a file
# of its own (the table's example is relative to the repository, the project
# lives in a temporary folder) and output or value (nqpf growth takes either,
# so the table cannot call one required)
NEEDS = {"growth": {"data": "%s/pwt91_subset.csv" % D}}
ONE_OF = {"growth": ("output", "value")}
# keys a section accepts beside its table's: [growth] file (the old spelling
# of data) and name (the chart's label column), docs/report.md
OWN_KEYS = {"growth": ["file", "name"]}


def required_keys(sec, block):
    """The required keys of a section not in block, with their examples (a
    section such as [dea] cannot run without its column lists)."""
    c = [c for c in sections if c["section"] == sec][0]
    return "".join("%s = %s\n" % (o["name"], o["example"]) for o in c["options"]
                   if o["project_key"] and o["required"] and not re.search(r"(?m)^%s\s*=" % o["name"], block))


def option(sec, name):
    return [o for c in sections if c["section"] == sec for o in c["options"] if o["name"] == name][0]


def project(text, name="p"):
    path = os.path.join(tmp, name + ".ini")
    # every section header of text is followed by its required keys, at the end of the section
    out = []
    for block in re.split(r"(?m)^(?=\[)", text):
        m = re.match(r"\[([^\]]+)\]", block)
        if m and any(c["section"] == m.group(1) for c in sections):
            sec = m.group(1)
            has = lambda k: re.search(r"(?m)^%s\s*=" % k, block)
            block += "".join("%s = %s\n" % kv for kv in NEEDS.get(sec, {}).items() if not has(kv[0]))
            if sec in ONE_OF and not any(has(k) for k in ONE_OF[sec]):
                block += "%s = %s\n" % (ONE_OF[sec][0], option(sec, ONE_OF[sec][0])["example"])
            block += required_keys(sec, block)
        out.append(block)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(base + "".join(out))
    out = os.path.join(tmp, name + "-out")
    shutil.rmtree(out, ignore_errors=True)
    return run("run", path, "--out", out, "--quiet", "--force"), path, out


try:
    sections = [c for c in declared if c["section"]]
    check(len(sections) >= 5, "declared commands name their project section", [c["name"] for c in sections])
    # every section present and empty: defaults recorded in run.json
    p, path, out = project("".join("[%s]\n" % c["section"] for c in sections), "defaults")
    check(p.returncode == 0, "a project with every declared section runs", p.stderr)
    opts = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))["options"] if p.returncode == 0 else {}
    for c in sections:
        sec = c["section"]
        keys = [o for o in c["options"] if o["project_key"]]
        for o in keys:
            key = "%s.%s" % (sec, o["name"])
            if o["default_depends"]:
                continue  # recorded as the other options make it
            if o["required"] or o["name"] == ONE_OF.get(sec, ("",))[0]:
                want = NEEDS.get(sec, {}).get(o["name"], o["example"])
                check(opts.get(key) == want, "[%s] %s: required, recorded as given" % (sec, o["name"]), opts.get(key))
                continue
            if o["default"] is not None and (o["type"] != "flag" or o["default"] != "false"):
                check(opts.get(key) == o["default"], "[%s] %s: default %r as on the command line" %
                      (sec, o["name"], o["default"]), opts.get(key))
            else:
                check(key not in opts, "[%s] %s: no default, nothing recorded" % (sec, o["name"]), opts.get(key))
        # accepted keys of the section = the table's project keys
        p, path, out = project("[%s]\nno-such-key = 1\n" % sec, "unknown")
        m = re.search(r"accepted: ([^)]*)\)", p.stderr)
        accepted = [] if not m or m.group(1) == "none" else m.group(1).split(", ")
        check(p.returncode == 5 and accepted == [o["name"] for o in keys] + OWN_KEYS.get(sec, []),
              "[%s] accepts exactly the project keys of `%s`" % (sec, c["name"]), (p.stderr, keys))
        # each key given explicitly is accepted (default, or the example when it has none)
        # ([dea] categorical: its example names a column of integer categories the bundled panel
        # lacks, and it runs without meta; tests/report/test_report_dea_keys.py gives it)
        given = "".join("%s = %s\n" % (o["name"], o["default"] if o["default"] else o["example"])
                        for o in keys if (o["type"] not in ("list",) or o["default"]) and not o["required"]
                        and o["name"] not in ONE_OF.get(sec, ())[1:]
                        and (sec, o["name"]) != ("dea", "categorical"))
        if given:
            p, path, out = project("[%s]\n%s" % (sec, given), "given")
            check(p.returncode == 0, "[%s] accepts %s" % (sec, given.strip().replace("\n", "; ")), p.stderr)
        # the other of two alternatives alone, and both: the command's "give --a or --b, not both"
        if sec in ONE_OF:
            a, b = ONE_OF[sec]
            p, path, out = project("[%s]\n%s = %s\n" % (sec, b, option(sec, b)["example"]), "other")
            rj = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))["options"] if p.returncode == 0 else {}
            check("%s.%s" % (sec, b) in rj and "%s.%s" % (sec, a) not in rj,
                  "[%s] accepts %s instead of %s, recorded as spelt" % (sec, b, a), p.stderr)
            p, path, out = project("[%s]\n%s = %s\n%s = %s\n" % (sec, a, option(sec, a)["example"], b,
                                                                  option(sec, b)["example"]), "both")
            cli = run(c["name"], *[w for o in c["options"] if o["required"] or o["name"] in (a, b)
                                   for w in ("--" + o["name"], "x")])
            check(p.returncode == 5 and "%s:%d:1: give %s or %s, not both" % (path, BASE_LINES + 3, a, b) in p.stderr
                  and ("give --%s or --%s, not both" % (a, b)) in cli.stderr,
                  "[%s] %s and %s together refused as on the command line" % (sec, a, b), (p.stderr, cli.stderr))
        # bad values: the message of the command line, at FILE:LINE:COL
        for o in keys:
            for v in bad_values(o):
                cli = run(c["name"], "--%s=%s" % (o["name"], v))
                want = cli.stderr.strip().replace("nqpf: ", "", 1).replace("--" + o["name"], o["name"], 1)
                p, path, out = project("[%s]\n%s = %s\n" % (sec, o["name"], v), "bad")
                col = len(o["name"]) + 4
                loc = "%s:%d:%d: " % (path, BASE_LINES + 2, col)
                check(p.returncode == 5 and p.stderr.strip() == "nqpf: " + loc + want and not os.path.exists(out),
                      "[%s] %s = %s: the message of --%s, at its FILE:LINE:COL" % (sec, o["name"], v, o["name"]),
                      (p.stderr, want))
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print("%d failed" % fails if fails else "all passed")
sys.exit(1 if fails else 0)
