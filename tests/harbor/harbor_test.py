#!/usr/bin/env python3
"""harbor_test: three skyglass processes on 127.0.0.1 as one harbor network.

Node a is harbor 1 and the master (standalone); node c (harbor 3) joins, then
node b (harbor 2), which runs the cases (node_b.lua). The driver picks free
ports, acts on the lines the nodes log (kills c on KILL_C, a on KILL_A) and
checks the log lines skynet writes for what happened. b's exit status is the
test's. usage: harbor_test.py path/to/skyglass
"""
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEADLINE = time.monotonic() + 120  # generous: CI also runs this under TSan


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(skyglass, config, env, name, events):
    proc = subprocess.Popen([skyglass, config], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def pump():
        for line in proc.stdout:
            sys.stdout.write(f"[{name}] {line}")
            events.put((name, line))
        events.put((name, None))

    threading.Thread(target=pump, daemon=True).start()
    return proc


def wait_for(events, who, word, seen):
    while time.monotonic() < DEADLINE:
        try:
            name, line = events.get(timeout=1)
        except queue.Empty:
            continue
        seen.append((name, line or ""))
        if name == who and line and word in line:
            return
        if name == who and line is None:
            sys.exit(f"node {who} ended before {word}")
    sys.exit(f"node {who} did not log {word} in time")


def main():
    skyglass = os.path.abspath(sys.argv[1])
    master = f"127.0.0.1:{free_port()}"
    events = queue.Queue()
    seen = []
    procs = {}

    def node(name, harbor, start_script):
        env = dict(os.environ, MASTER=master, ADDRESS=f"127.0.0.1:{free_port()}",
                   START=start_script, HARBOR=str(harbor))
        config = "tests/harbor/config_master.lua" if harbor == 1 else "tests/harbor/config_slave.lua"
        procs[name] = start(skyglass, config, env, name, events)

    status = None
    try:
        node("a", 1, "node_a")
        wait_for(events, "a", "HARBOR_A_READY", seen)
        node("c", 3, "node_c")
        wait_for(events, "c", "HARBOR_C_READY", seen)
        node("b", 2, "node_b")
        while time.monotonic() < DEADLINE:
            try:
                who, line = events.get(timeout=1)
            except queue.Empty:
                continue
            seen.append((who, line or ""))
            if who == "b" and line and "KILL_C" in line:
                procs["c"].send_signal(signal.SIGKILL)
            elif who == "b" and line and "KILL_A" in line:
                # the master saw c leave (a line b does not wait for) before it goes too
                if not any(w == "a" and "slave 3 is down" in l for w, l in seen):
                    wait_for(events, "a", "slave 3 is down", seen)
                procs["a"].send_signal(signal.SIGKILL)
            elif who == "b" and line is None:
                status = procs["b"].wait()
                break
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
            p.wait()
    if status is None:
        sys.exit("node b did not finish in time")
    if status != 0:
        sys.exit(status)
    text = "\n".join(f"[{who}] {line}" for who, line in seen)
    # skynet's lines for what the cases did
    for who, words in [("a", "Harbor 3 (fd="), ("a", "Harbor 2 (fd="), ("b", "Waiting for 2 harbors"),
                       ("b", "Harbor 1 connected"), ("b", "Harbor 3 connected"),
                       ("c", "Connect to harbor 2"), ("a", "slave 3 is down"),
                       ("a", "Unknown destination :1000fff"), ("b", "Drop message to harbor 3"),
                       ("b", "Master disconnect"), ("b", "HARBOR_B_DONE")]:
        if not any(w == who and words in line for w, line in seen):
            sys.exit(f"node {who} did not log {words!r}")
    print("harbor_test: ok")


if __name__ == "__main__":
    main()
