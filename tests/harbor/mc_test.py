#!/usr/bin/env python3
"""mc_test: multicast channels across three nodes of one harbor network (127.0.0.1).

Node a (harbor 1, the master) makes channels A and B (mc_node1.lua); node c
(harbor 3) and node b (harbor 2) subscribe to both; b publishes on A, has c
delete A, publishes on A again (nobody must get it) and "end" on B; then b's
subscriber leaves B and b publishes "bye" there (mc_node2.lua, mc_node3.lua).
Each node's subscriber (mc_sub.lua) logs what it gets; every node must get
exactly the messages listed below, in order, each from the service that
published it, and (in b's trace) node 1 must send b nothing after it left.
usage: mc_test.py path/to/skyglass [SKYNET_DIR NODES]

With SKYNET_DIR (a built skynet) and NODES (letters, e.g. "ac"), those nodes
run on skynet instead (tests/interop/run_harbor_multicast.sh): a channel shared
by skynet and skyglass nodes.
"""
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harbor_test import DEADLINE, free_port, start_node, wait_for  # noqa: E402


def main():
    skyglass = os.path.abspath(sys.argv[1])
    skynet_dir = os.path.abspath(sys.argv[2]) if len(sys.argv) > 3 else None
    on_skynet = sys.argv[3] if len(sys.argv) > 3 else ""
    work = tempfile.mkdtemp(prefix="skyglass-mc-")
    master = f"127.0.0.1:{free_port()}"
    events = queue.Queue()
    seen = []
    procs = {}

    run = dict(skyglass=skyglass, skynet_dir=skynet_dir, on_skynet=on_skynet, work=work, master=master,
               events=events, procs=procs)

    def node(name, harbor, start_script):
        start_node(run, name, harbor, start_script, os.path.join(work, f"{name}.jsonl"))

    def lines(who, word):
        return [line for w, line in seen if w == who and word in line]

    try:
        node("a", 1, "mc_node1")
        wait_for(events, "a", "MC1_READY", seen)
        node("c", 3, "mc_node3")
        wait_for(events, "c", "MC3_READY", seen)
        node("b", 2, "mc_node2")
        ended = set()
        while len(ended) < 2 or not lines("b", "MC2_DONE"):
            if time.monotonic() > DEADLINE:
                sys.exit(f"not every node got 'end' in time (ended: {sorted(ended)})")
            try:
                who, line = events.get(timeout=1)
            except queue.Empty:
                continue
            seen.append((who, line or ""))
            if line is None:
                sys.exit(f"node {who} ended before the test did")
            m = re.search(r"MC_END (\d)", line)
            if m:
                ended.add(m.group(1))
            if "FAILED" in line or "error" in line.lower() and "MC_GOT" not in line:
                sys.exit(f"node {who} logged an error: {line.strip()}")
        # skyglass nodes end on SIGTERM cleanly (status 143): a sanitizer build checks their leaks then
        for name, p in procs.items():
            if name not in on_skynet:
                p.send_signal(signal.SIGTERM)
        for name, p in procs.items():
            if name not in on_skynet:
                try:
                    status = p.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    sys.exit(f"node {name} did not end on SIGTERM")
                if status != 128 + signal.SIGTERM:
                    sys.exit(f"node {name} ended with status {status} on SIGTERM, not cleanly")
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
            p.wait()

    # the addresses of the two publishers, as they logged them
    pub2 = re.search(r"MC2_START (:\w+)", lines("b", "MC2_START")[0]).group(1)
    pub3 = re.search(r"MC3_READY (:\w+)", lines("c", "MC3_READY")[0]).group(1)
    # skynet's ids: harbor 1 in the low 8 bits, the second channel 256 later
    if "[Multicast:1] [Multicast:101]" not in lines("a", "MC1_READY")[0]:
        sys.exit(f"channel ids: {lines('a', 'MC1_READY')[0].strip()}")
    for who, n in (("a", "1"), ("b", "2"), ("c", "3")):
        got = [re.search(r"MC_GOT .*", line).group(0) for line in lines(who, "MC_GOT")]
        want = [f"MC_GOT {n} A {pub2} hello from node 2",
                f"MC_GOT {n} B {pub3} deleted on node 3",
                f"MC_GOT {n} B {pub2} end"]
        if who != "b":
            want.append(f"MC_GOT {n} B {pub2} bye")
        if got != want:
            sys.exit(f"node {who} got {got}, want {want}")
    # node b's trace: its four publishes left for the owner; three copies came
    # back (not the one to A after the delete, not "bye" after b left B)
    if "b" not in on_skynet:
        with open(os.path.join(work, "b.jsonl")) as f:
            harbor = [line for line in f if '"ev":"harbor"' in line and '"type":2' in line]
        for out, n in (("true", 4), ("false", 3)):
            got = sum(f'"out":{out}' in e for e in harbor)
            if got != n:
                sys.exit(f"{got} multicast harbor events with out={out} in node b's trace, want {n}")
    shutil.rmtree(work, ignore_errors=True)
    print("mc_test: ok")


if __name__ == "__main__":
    main()
