#!/usr/bin/env python3
"""bench_inflight: N pipelined pings through one cluster link, at each cluster_inflight_limit given.

A client on 127.0.0.1 writes N requests to node a's `@pong` `ping` (tests/cluster)
at once, from a thread, and reads the N answers; prints the wall time, the
node's CPU (utime + stime from /proc) and its RSS growth (sampled).

usage (from the source root): bench_inflight.py path/to/skyglass N LIMIT...
  (LIMIT: a number, 0 for no limit, or "default")
"""
import os, socket, struct, sys, tempfile, threading, time
sys.path.insert(0, "tests/web")
from skyrun import Skyglass, vm_rss_kib

def packet(body):
    return struct.pack(">H", len(body)) + body

def run(binary, limit, n):
    work = tempfile.mkdtemp(prefix="skyglass-bench-inflight-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    nodes = os.path.join(work, "nodes.lua")
    open(nodes, "w").write(f'a = "127.0.0.1:{port}"\n')
    cfg = os.path.join(work, "config.lua")
    text = open("tests/cluster/config.lua").read()
    if limit is not None:
        text += f'cluster_inflight_limit = {limit}\n'
    open(cfg, "w").write(text)
    sky = Skyglass(binary, cfg, START="node_a", CLUSTER_FILE=nodes, A_PORT=port)
    try:
        sky.wait_for("NODE_A_READY")
        pid = sky.proc.pid
        before = vm_rss_kib(pid)
        data = b"".join(packet(b"\x80\x05@pong" + struct.pack("<I", i) + b"\x24ping") for i in range(1, n + 1))
        cpu0 = open(f"/proc/{pid}/stat").read().split()
        peak = [before]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            t0 = time.monotonic()
            threading.Thread(target=s.sendall, args=(data,), daemon=True).start()
            got, count, buf = 0, 0, b""
            while count < n:
                chunk = s.recv(1 << 20)
                if not chunk:
                    raise SystemExit(f"the node closed the link after {count} answers")
                buf += chunk
                i = 0
                while len(buf) - i >= 2:
                    ln = struct.unpack_from(">H", buf, i)[0]
                    if len(buf) - i < 2 + ln: break
                    i += 2 + ln; count += 1
                buf = buf[i:]
                if count % 5000 < 50:  # a sample now and then: /proc is not free
                    peak[0] = max(peak[0], vm_rss_kib(pid))
            wall = time.monotonic() - t0
        cpu1 = open(f"/proc/{pid}/stat").read().split()
        cpu = (int(cpu1[13]) + int(cpu1[14]) - int(cpu0[13]) - int(cpu0[14])) / os.sysconf("SC_CLK_TCK")
        print(f"BENCH inflight limit={limit} n={n} wall={wall:.2f}s cpu={cpu:.2f}s rate={n/wall:.0f}/s rss+={(peak[0]-before)>>10}MiB", flush=True)

    finally:
        sky.kill()

if __name__ == "__main__":
    binary = sys.argv[1]; n = int(sys.argv[2])
    for l in sys.argv[3:]:
        run(binary, None if l == "default" else int(l), n)
