#!/usr/bin/env python3
"""test_udp_flood: a UDP service flooded faster than it works (attack round 4).

The socket thread reads a UDP socket whatever its owner's pace; it drops
datagrams while more than 1,024 messages wait in the owner's queue, with one log
line when it starts and one when it stops. Before, 64 KiB datagrams to a service
taking 2 ms each grew the process by 70 MB a second, without end.

usage: test_udp_flood.py path/to/skyglass   (run from the source root)
"""
import os, queue, signal, socket, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from skyrun import Skyglass, check, checks_passed, sanitized, vm_rss_kib

DATAGRAM = 16 * 1024
FLOOD_SECONDS = 20  # at most, should nothing be dropped (the kernel drops most of it)


def seen(sky, pattern):
    """True once a log line so far contains `pattern` (reads what came, never waits)."""
    while True:
        try:
            line = sky.lines.get_nowait()
        except queue.Empty:
            break
        if line is None:
            break
        sky.log.append(line)
    return any(pattern in l for l in sky.log)


def main():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    work = tempfile.mkdtemp(prefix="skyglass-udp-")
    config, trace = os.path.join(work, "config.lua"), os.path.join(work, "trace.jsonl")
    with open(config, "w") as f:
        f.write(f'include "{os.path.abspath("tests/net/config.lua")}"\ntrace = "{trace}"\n')
    sky = Skyglass(sys.argv[1], config, TEST="udp_slow", UDP_PORT=port)
    try:
        sky.wait_for("UDP_SLOW_READY")
        pid = sky.proc.pid
        before = vm_rss_kib(pid)
        flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        data = b"u" * DATAGRAM
        sent = 0
        # until the socket thread says it drops (or the bound: the test then fails)
        deadline = time.monotonic() + FLOOD_SECONDS
        while time.monotonic() < deadline and not (sent % 256 == 0 and seen(sky, "dropping datagrams")):
            flood.sendto(data, ("127.0.0.1", port))
            sent += 1
        check("the flood is dropped past 1,024 queued messages", seen(sky, "more than 1024: dropping datagrams"), True)
        for _ in range(2000):  # more of it, now dropped
            flood.sendto(data, ("127.0.0.1", port))
        grown = (vm_rss_kib(pid) - before) // 1024
        print(f"     ({sent + 2000} datagrams of 16 KiB sent; the process grew by {grown} MiB)")
        # 1,024 datagrams of 16 KiB are 16 MiB; ASan's allocator keeps what was
        # freed (the bound holds for the plain build)
        check("the process grows by what 1,024 datagrams hold, not by the flood", sanitized(sys.argv[1]) or grown < 64, True)
        # the service catches up, and a datagram is served again
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.settimeout(0.5)
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline:
            probe.sendto(b"ping", ("127.0.0.1", port))
            try:
                answer = probe.recv(16)
            except socket.timeout:
                pass
        check("a datagram is served once the queue is down", answer, b"pong")
        m = sky.wait_for(r"socket: udp \d+: (\d+) datagrams dropped while its owner :[0-9a-f]{8} was behind")
        check("the end of the spell says how many were dropped", int(m.group(1)) > 0, True)
        check("two lines for the spell, not one per datagram", len([l for l in sky.log if "datagrams" in l]), 2)
        # a clean end, so that a sanitizer build checks the dropped datagrams were freed
        sky.proc.send_signal(signal.SIGTERM)
        check("SIGTERM ends the node cleanly", sky.proc.wait(timeout=60), 128 + signal.SIGTERM)
        with open(trace) as f:
            drops = sum('"ev":"msg.drop"' in l and '"reason":"owner behind"' in l for l in f)
        check("the trace shows the dropped datagrams (msg.drop, owner behind)", drops >= int(m.group(1)), True)
    finally:
        sky.proc.kill()
        sky.proc.wait()
    print(f"{checks_passed()} passed, 0 failed")


if __name__ == "__main__":
    main()
