#!/usr/bin/env python3
"""cluster_test: two skyglass processes on 127.0.0.1 as cluster nodes a and b.

Node a (node_a.lua) offers a pong service; node b (node_b.lua) runs the cases.
This driver picks free ports, writes the node table, starts a, then b, and acts
on the lines they log: it kills a when a's pong logs SLOW_STARTED (a callee
killed mid-call) and starts a again when b logs RESTART_A. b's exit status is
the test's, and b must log a remote raise as skynet's clustersender does (its
socketchannel's position, then the remote error: "call failed" from its agent). usage: cluster_test.py path/to/skyglass
"""
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEADLINE = time.monotonic() + 400  # generous: CI also runs this under TSan


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(skyglass, env, name, events):
    proc = subprocess.Popen([skyglass, "tests/cluster/config.lua"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def pump():
        for line in proc.stdout:
            sys.stdout.write(f"[{name}] {line}")
            events.put((name, line))
        events.put((name, None))

    threading.Thread(target=pump, daemon=True).start()
    return proc


def main():
    skyglass = os.path.abspath(sys.argv[1])
    a_port = free_port()
    work = tempfile.mkdtemp(prefix="skyglass-cluster-")
    nodes = os.path.join(work, "nodes.lua")
    with open(nodes, "w") as f:
        f.write(f'a = "127.0.0.1:{a_port}"\nb = "127.0.0.1:{free_port()}"\n')
    base = dict(os.environ, CLUSTER_FILE=nodes, A_PORT=str(a_port))
    events = queue.Queue()

    def start_a():
        return start(skyglass, dict(base, START="node_a"), "a", events)

    def wait_a_ready():
        while time.monotonic() < DEADLINE:
            try:
                who, line = events.get(timeout=1)
            except queue.Empty:
                continue
            if who == "a" and line and "NODE_A_READY" in line:
                return
            if who == "a" and line is None:
                sys.exit("node a ended before it was ready")
        sys.exit("node a did not get ready in time")

    a = start_a()
    wait_a_ready()
    b = start(skyglass, dict(base, START="node_b"), "b", events)
    status = None
    remote_raise_logged = False
    try:
        while time.monotonic() < DEADLINE:
            try:
                who, line = events.get(timeout=1)
            except queue.Empty:
                continue
            if who == "a" and line and "SLOW_STARTED" in line:
                a.send_signal(signal.SIGKILL)
                a.wait()
            elif who == "b" and line and "RESTART_A" in line:
                a = start_a()
            elif who == "b" and line and re.search(r"socketchannel\.lua:\d+: .*skynet\.lua:\d+: call failed", line):
                remote_raise_logged = True
            elif who == "b" and line is None:
                status = b.wait()
                break
    finally:
        for p in (a, b):
            if p.poll() is None:
                p.kill()
                p.wait()
    if status is None:
        sys.exit("node b did not finish in time")
    if status == 0 and not remote_raise_logged:
        sys.exit("node b did not log the remote raise as skynet's sender does")
    sys.exit(status)


if __name__ == "__main__":
    main()
