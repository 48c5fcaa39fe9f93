#!/usr/bin/env python3
# drive_harbor: two harbor nodes' traces side by side (lesson 32's node 1 and node 2): every message that
# crossed between them, calls, answers and multicast bytes, paired by the viewer and drawn as a cyan arrow.
#
# usage (under xvfb-run): drive_harbor.py VIEWER REPO OUT_DIR harbor_side_by_side
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drive  # noqa: E402  (reads the same argv: VIEWER REPO OUT SCENARIO)
from drive import FIXTURES, check, check_arrows_cross, side_by_side_shot  # noqa: E402


def harbor_pairs(a, b):
    """What the viewer must pair, counted apart from it: the k-th message one trace's harbor wrote with a
    (source, destination, session, type) and the k-th the other's read with the same four."""
    def events(path, out):
        with open(path) as f:
            evs = [json.loads(line) for line in f if '"ev":"harbor"' in line]
        return collections.Counter((e["src"], e["dst"], e["session"], e["type"]) for e in evs if e["out"] == out)
    pairs = 0
    for writer, reader in ((a, b), (b, a)):
        written, read = events(writer, True), events(reader, False)
        pairs += sum(min(n, read[k]) for k, n in written.items())
    return pairs


def harbor_side_by_side():
    a, b = os.path.join(FIXTURES, "lesson32-node1.jsonl"), os.path.join(FIXTURES, "lesson32-node2.jsonl")
    want = harbor_pairs(a, b)
    check(want >= 20, "the fixtures have only %d messages between the nodes" % want)
    png_path, r = side_by_side_shot(a, b, "harbor")
    check(r["crossings"] == want, "%d crossings paired; the traces have %d" % (r["crossings"], want))
    check(r["crossings_drawn"] >= want // 2, "only %d of the %d arrows drawn" % (r["crossings_drawn"], want))
    check_arrows_cross(png_path, r)


if __name__ == "__main__":
    check(drive.SCENARIO == "harbor_side_by_side", "no scenario %r (have harbor_side_by_side)" % drive.SCENARIO)
    harbor_side_by_side()
    print("drive harbor_side_by_side: ok")
