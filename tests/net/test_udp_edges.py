#!/usr/bin/env python3
"""test_udp_edges: a socket.udp server fed empty and largest datagrams, and
datagrams from many source addresses (attack round 7).

An empty datagram must reach the callback as "" (not be taken for an error or
an end), a 65,507-byte one whole, and nothing may grow per source address: the
socket thread keeps no state per peer. Batches are small and each is followed
by a "stats" request whose answer is awaited, so the kernel drops none of the
counted ones; the floods count only RSS and the answer after them.

usage: test_udp_edges.py path/to/skyglass   (run from the source root)
"""
import os, socket, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from skyrun import Skyglass, check, checks_passed, sanitized, vm_rss_kib

LARGEST = 65507  # the most a UDP datagram over IPv4 carries


def main():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sky = Skyglass(sys.argv[1], os.path.abspath("tests/net/config.lua"), TEST="udp_count", UDP_PORT=port)
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.settimeout(0.5)

    def stats():
        """count, empty, bytes, largest as the service saw them (asked until answered, 10 s at most)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe.sendto(b"stats", ("127.0.0.1", port))
            try:
                return tuple(int(x) for x in probe.recv(100).split())
            except socket.timeout:
                pass
        raise AssertionError("the udp service does not answer")

    try:
        sky.wait_for("UDP_COUNT_READY")
        pid = sky.proc.pid
        flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(20):
            for _ in range(10):
                flood.sendto(b"", ("127.0.0.1", port))
            seen = stats()
        check("200 empty datagrams reach the callback as \"\"", seen, (200, 200, 0, 0))
        big = b"b" * LARGEST
        for _ in range(20):
            for _ in range(2):
                flood.sendto(big, ("127.0.0.1", port))
            seen = stats()
        check("40 datagrams of 65,507 bytes arrive whole", seen, (240, 200, 40 * LARGEST, LARGEST))

        before = vm_rss_kib(pid)
        sent, end = 0, time.monotonic() + 1.5
        while time.monotonic() < end:
            flood.sendto(big, ("127.0.0.1", port))
            sent += 1
        after_flood = stats()
        grown = (vm_rss_kib(pid) - before) // 1024
        print(f"     ({sent} datagrams of 65,507 bytes in 1.5 s; {after_flood[0] - 240} counted; +{grown} MiB)")
        check("the service answers after the flood", after_flood[0] > 240, True)
        check("a flood of the largest datagrams grows the process by under 32 MiB", sanitized(sys.argv[1]) or grown < 32, True)

        before, n = vm_rss_kib(pid), 0
        for a in range(2, 130):  # 128 source addresses, 40 ports each
            for _ in range(40):
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.bind((f"127.0.0.{a}", 0))
                    s.sendto(b"x", ("127.0.0.1", port))
                    n += 1
        seen = stats()
        grown = (vm_rss_kib(pid) - before) // 1024
        print(f"     ({n} datagrams from {n} source address:port pairs; {seen[0] - after_flood[0]} counted; +{grown} MiB)")
        check("datagrams from 5,120 sources are served", seen[0] > after_flood[0], True)
        check("nothing grows per source (under 4 MiB for 5,120)", sanitized(sys.argv[1]) or grown < 4, True)
    finally:
        sky.proc.kill()
        sky.proc.wait()
    print(f"{checks_passed()} passed, 0 failed")


if __name__ == "__main__":
    main()
