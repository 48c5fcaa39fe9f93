#!/usr/bin/env python3
"""example_test: a config shaped as skynet's examples/config (harbor 1, address,
master, standalone, include "config.path") boots as skynet's does: the master,
the slave and the harbor, in skynet's order, then `start`. usage: example_test.py path/to/skyglass
"""
import os
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    env = dict(os.environ, MASTER_PORT=str(free_port()), SLAVE_PORT=str(free_port()))
    proc = subprocess.run([os.path.abspath(sys.argv[1]), "tests/harbor/example/config"], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    print(proc.stdout)
    if proc.returncode != 0:
        sys.exit(f"exit status {proc.returncode}")
    # skynet's boot, in skynet's order and with skynet's addresses
    want = ["[:01000002] LAUNCH snlua bootstrap", "[:01000003] LAUNCH snlua launcher",
            "[:01000004] LAUNCH snlua cmaster", "[:01000004] master listen socket 0.0.0.0:",
            "[:01000005] LAUNCH snlua cslave", "[:01000005] slave connect to master 127.0.0.1:",
            "[:01000006] LAUNCH harbor 1 16777221",
            "[:01000005] Waiting for 0 harbors", "[:01000005] Shakehand ready",
            "[:01000007] LAUNCH snlua datacenterd", "[:01000008] LAUNCH snlua service_mgr",
            "[:01000009] LAUNCH snlua main", "[:01000009] Server start", "[:01000009] EXAMPLE_OK"]
    lines = proc.stdout.splitlines()
    at = 0
    for w in want:
        while at < len(lines) and not lines[at].startswith(w):
            at += 1
        if at == len(lines):
            sys.exit(f"missing, or out of order: {w!r}")
    # The master logs its slave's report after it has answered the slave, so that line races the
    # slave's own lines (on skynet too): it only has to come after the slave started the harbor.
    harbor = next(i for i, line in enumerate(lines) if line.startswith("[:01000006] LAUNCH harbor"))
    if not any(line.startswith("[:01000004] Harbor 1 (fd=") for line in lines[harbor + 1:]):
        sys.exit("the master's 'Harbor 1 (fd=...) report' line is missing after the harbor's launch")
    print("example_test: ok")


if __name__ == "__main__":
    main()
