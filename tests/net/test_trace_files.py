#!/usr/bin/env python3
"""test_trace_files: `skyglass trace summary` and `export` given hostile trace
files (attack round 7): a value nested a million levels deep, fields of the
wrong type, a lone surrogate, a cut line, a 32 MB line, and a file with no
event at all. Each must end within its timeout with a clear word: bad lines
counted and kept out, a file without events refused (exit 1), never a crash;
memory near the file's size (the reader holds the file whole).

usage: test_trace_files.py path/to/skyglass
"""
import json, os, resource, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from skyrun import check, checks_passed

START = '{"t":0,"ev":"trace.start"}\n'


def run(binary, *args):
    """exit code and output (stdout + stderr) of one `skyglass trace` run, 30 s at most."""
    p = subprocess.run([binary, "trace", *args], capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout + p.stderr


def main():
    with tempfile.TemporaryDirectory(prefix="skyglass-tracefiles-") as work:
        attack(sys.argv[1], work)
    print(f"{checks_passed()} passed, 0 failed")


def attack(binary, work):
    files = {
        "arrays": START + '{"t":1,"ev":"msg.push","a":' + "[" * 1000000 + "]" * 1000000 + "}\n",
        "objects": START + '{"t":1,"ev":"msg.push","x":' + '{"a":' * 500000 + "1" + "}" * 500000 + "}\n",
        "types": START + "\n".join([
            '{"t":"x","ev":5,"src":[],"dst":{}}',
            '{"t":1e400,"ev":"msg.push","src":-1,"dst":99999999999999999999999,"id":[],"type":"x","session":{}}',
            '{"t":5,"ev":"msg.begin","id":1e300,"h":-1,"thread":"x"}',
            '{"t":6,"ev":"msg.end","id":1,"h":{"a":1},"thread":[]}',
            '{"t":7,"ev":"co.suspend","h":1,"co":null,"why":5,"session":-9223372036854775808}',
            '[1,2,3]', "5", '"str"', "null", '{"t":9,"ev":"\\ud800"}', '{"t":10,"ev":"msg.push"',
            '{"t":11,"ev":"sock.fwd","id":18446744073709551615,"fd":-1}',
        ]) + "\n",
        "long": START + '{"t":1,"ev":"msg.push","s":"' + "x" * (32 << 20) + '"}\n',
        "junk": "\x00\xff not json\n" * 1000,
    }
    for name, text in files.items():
        with open(os.path.join(work, name + ".jsonl"), "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
    path = lambda name: os.path.join(work, name + ".jsonl")
    out = os.path.join(work, "out.json")

    for name in ("arrays", "objects"):
        code, text = run(binary, "summary", path(name))
        check(f"summary of a value nested {name} deep: exit 0", code, 0)
        check(f"... two events read", "2 events" in text, True)
        code, text = run(binary, "export", path(name), out)
        check(f"export of it: exit 0, 2 events", (code, "2 events" in text), (0, True))

    code, text = run(binary, "summary", path("types"))
    check("summary of wrong types: exit 0", code, 0)
    check("... the bad lines counted, the first named", '7 bad line(s); first: line 2: no "ev" string' in text, True)
    code, text = run(binary, "export", path("types"), out)
    check("export of wrong types: exit 0, the bad lines counted", (code, "7 bad line(s)" in text), (0, True))
    with open(out, encoding="utf-8") as f:
        check("... and what it wrote is JSON", isinstance(json.load(f), (dict, list)), True)

    code, text = run(binary, "summary", path("long"))
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"     (a 32 MB line: the largest run so far peaked at {peak_mib} MiB)")
    check("summary of a 32 MB line: exit 0", code, 0)
    check("no run peaked past 200 MiB (the 32 MB file and the million-level lines)", peak_mib < 200, True)

    for tool in (["summary", path("junk")], ["export", path("junk"), out]):
        code, text = run(binary, *tool)
        check(f"{tool[0]} of a file with no event: exit 1, 'not a trace'", (code, "not a trace" in text), (1, True))


if __name__ == "__main__":
    main()
