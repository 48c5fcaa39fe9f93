#!/usr/bin/env python3
"""check_compare: lesson 12's benchmark in a short form. Runs compare.sh with a small
load and traces on, then checks the table (three servers, every message echoed) and
that each server's trace saw exactly the bytes the load generator sent.

    check_compare.py BUILD_DIR
"""
import json, os, subprocess, sys, tempfile

CONNS, MSGS, SIZE = 4, 200, 64


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    build = sys.argv[1]
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, CONNS=str(CONNS), MSGS=str(MSGS), SIZE=str(SIZE), TRACE="1", OUT=out,
                   TIMEOUT="60")
        run = subprocess.run(["sh", "lessons/12-raw-vs-coroutine/compare.sh", build], env=env,
                             capture_output=True, text=True, timeout=180)
        print(run.stdout, end="")
        if run.returncode != 0:
            fail(f"compare.sh exited {run.returncode}: {run.stderr}")
        rows = {line.split()[0]: line.split() for line in run.stdout.splitlines()
                if line.split() and line.split()[0] in ("raw", "callback", "coroutine")}
        if sorted(rows) != ["callback", "coroutine", "raw"]:
            fail(f"the table should have raw, callback and coroutine rows: {run.stdout}")
        for server, row in rows.items():
            if float(row[1]) <= 0:
                fail(f"{server}: no messages per second in {row}")
            trace = os.path.join(out, f"12-{server}.jsonl")
            events = [json.loads(line) for line in open(trace)]
            data = sum(e.get("bytes", 0) for e in events if e["ev"] == "sock.poll" and e.get("kind") == "data")
            accepts = sum(1 for e in events if e["ev"] == "sock.poll" and e.get("kind") == "accept")
            if data != CONNS * MSGS * SIZE:
                fail(f"{server}: the trace saw {data} bytes arrive, the client sent {CONNS * MSGS * SIZE}")
            if accepts != CONNS:
                fail(f"{server}: the trace saw {accepts} accepts for {CONNS} connections")
            print(f"ok {server}: {accepts} accepts and {data} bytes in its trace")


if __name__ == "__main__":
    main()
