#!/usr/bin/env python3
# many_services: writes a trace of a gate, a watchdog and N agents (all named "agent"), for the lane and graph tests.
#
# Every agent has the same name, as `skynet.newservice("agent")` gives. Agent k gets k % 7 + 1 requests from the gate and answers each; the
# watchdog starts them all. usage: many_services.py OUT.jsonl N
import json
import sys


def write(path, agents):
    t = 1000
    lines = [{"t": t, "ev": "trace.start", "version": 1, "thread": 2, "harbor": 0}]
    services = [(8, "gate"), (9, "watchdog")] + [(10 + k, "agent") for k in range(agents)]
    for h, args in services:
        t += 500
        lines.append({"t": t, "ev": "svc.new", "h": h, "module": "snlua", "args": args})
    mid, session = 0, 0
    for k in range(agents):
        h = 10 + k
        for _ in range(k % 7 + 1):
            for src, dst, typ in ((8, h, 10), (h, 8, 1)):
                mid += 1
                session += 1 if typ == 10 else 0
                t += 700
                lines.append({"t": t, "ev": "msg.push", "id": mid, "src": src, "dst": dst, "session": session, "type": typ, "size": 16})
                lines.append({"t": t + 300, "ev": "msg.begin", "id": mid, "h": dst, "thread": mid % 2})
                lines.append({"t": t + 600, "ev": "msg.end", "id": mid, "h": dst, "thread": mid % 2})
        mid += 1
        t += 700
        lines.append({"t": t, "ev": "msg.push", "id": mid, "src": 9, "dst": h, "session": 0, "type": 0, "size": 8})
    lines.append({"t": t + 5000, "ev": "trace.stop"})
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]))
