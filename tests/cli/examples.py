"""The `nqpf …` command lines of a --help text or README (shared by
test_help_examples.py, which runs them, and test_bom.py, which runs each
command's first with and without --bom)."""


def commands_in(text):
    """`nqpf …` command lines of a block of text, continuation lines joined."""
    out, cur = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if cur is not None:
            cur += " " + line.rstrip("\\").strip()
            if not line.endswith("\\"):
                out.append(cur)
                cur = None
            continue
        if line.startswith("nqpf "):
            if line.endswith("\\"):
                cur = line.rstrip("\\").strip()
            else:
                out.append(line)
    return out
