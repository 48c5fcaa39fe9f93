#!/usr/bin/env python3
"""bench_inflight: N pipelined pings through one cluster link, at each cluster_inflight_limit given.

A client on 127.0.0.1 writes N requests to node a's `@pong` `ping` (tests/cluster)
at once, from a thread, and reads the N answers; prints the wall time, the
node's CPU (utime + stime from /proc) and its RSS growth (sampled).

With --slow it writes N requests to `@pong` `slow` instead (each sleeps 30 s:
attack round 5's flood), as fast as the kernel takes them, for 4 s, and prints
the node's RSS growth: what the requests in flight and the held ones cost.

usage (from the source root): bench_inflight.py path/to/skyglass N LIMIT... [--slow]
  (LIMIT: a number, 0 for no limit, or "default")
"""
import os, socket, struct, sys, tempfile, threading, time
sys.path.insert(0, "tests/web")
from skyrun import Skyglass, vm_rss_kib

def packet(body):
    return struct.pack(">H", len(body)) + body

def flood(sky, port, pid, limit, n):
    """N `slow` requests written for 4 s; the RSS growth."""
    before = vm_rss_kib(pid)
    data = b"".join(packet(b"\x80\x05@pong" + struct.pack("<I", i) + b"\x24slow") for i in range(1, n + 1))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.setblocking(False)
        sent, t0, peak = 0, time.monotonic(), before
        while time.monotonic() - t0 < 4:
            try:
                sent += s.send(data[sent:sent + (1 << 20)])
            except BlockingIOError:
                time.sleep(0.01)  # the node paused the link: TCP holds us back
            if sent >= len(data):
                time.sleep(0.05)
            peak = max(peak, vm_rss_kib(pid))
    print(f"BENCH inflight slow limit={limit} n={n} written={sent} of {len(data)} bytes rss+={(peak - before) >> 10}MiB", flush=True)


def run(binary, limit, n, slow=False):
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
        if slow:
            return flood(sky, port, pid, limit, n)
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
    args = [a for a in sys.argv[1:] if a != "--slow"]
    binary, n = args[0], int(args[1])
    for l in args[2:]:
        run(binary, None if l == "default" else int(l), n, "--slow" in sys.argv)
