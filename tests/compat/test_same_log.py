# test_same_log.py: same_log.py accepts only what skynet leaves to timing (two
# services' lines interleaved differently) and rejects a changed line, a
# missing one, and one service's lines in another order.
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = "[:ADDR] a1\n[:ADDR] b1\nstack traceback:\n\tx\n[:ADDR] a2\n"


def run(marked):
    with tempfile.TemporaryDirectory() as d:
        g, m = os.path.join(d, "g"), os.path.join(d, "m")
        open(g, "w").write(GOLDEN)
        open(m, "w").write(marked)
        return subprocess.run([sys.executable, os.path.join(HERE, "same_log.py"), g, m],
                              capture_output=True, text=True).returncode


def entry(service, text):
    return "@@ENTRY %s@@\n%s" % (service, text)


A1, B1, A2 = entry("a", "[:ADDR] a1\n"), entry("b", "[:ADDR] b1\nstack traceback:\n\tx\n"), entry("a", "[:ADDR] a2\n")
cases = [
    ("the golden order", A1 + B1 + A2, 0),
    ("b's entry before a's two", B1 + A1 + A2, 0),
    ("a's two swapped", A2 + B1 + A1, 1),
    ("a line changed", A1 + B1 + entry("a", "[:ADDR] a3\n"), 1),
    ("a line missing", A1 + B1, 1),
    ("a traceback cut", A1 + entry("b", "[:ADDR] b1\n") + A2, 1),
]
failed = 0
for what, marked, want in cases:
    got = run(marked)
    print("%s %s: exit %d" % ("ok  " if got == want else "FAIL", what, got))
    failed += got != want
sys.exit(1 if failed else 0)
