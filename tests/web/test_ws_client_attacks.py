#!/usr/bin/env python3
"""test_ws_client_attacks: http.websocket as a client (tests/web/lua/ws_pinged.lua)
facing a hostile server on 127.0.0.1.

A server that floods pings and never reads the pongs must not grow the client
process without end.

Usage: test_ws_client_attacks.py <skyglass binary>   (run from the source root)
"""
import base64, hashlib, os, socket, sys, time

sys.path.insert(0, os.path.dirname(__file__))
from skyrun import Skyglass, check, checks_passed, sanitized, vm_rss_kib

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def accept_ws(listener):
    """Accept the client and answer its handshake; returns the socket."""
    s, _ = listener.accept()
    s.settimeout(10)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise AssertionError("the client left during its handshake")
        head += chunk
    key = [l.split(b":", 1)[1].strip() for l in head.split(b"\r\n")
           if l.lower().startswith(b"sec-websocket-key:")][0]
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    s.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    return s


def check_ping_flood(binary):
    """Pings of 125 bytes for 5 s, the pongs never read. The client answered
    each, and read them slower than they came: the DATA messages piled up in
    its queue, where socket.lua's pause never saw them, and the pongs in its
    unsent bytes (before: 131 MB sent, +149 MiB and growing; skynet's alike).
    Now the queue is looked at every 256 reads, the pongs stop while 1 MiB of
    them wait unsent, and TCP holds the server back."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    sky = Skyglass(binary, "tests/web/config.lua", TEST="ws_pinged", WS_PORT=port)
    try:
        listener.settimeout(10)
        s = accept_ws(listener)
        sky.wait_for(r"ws_pinged: connected")
        pid = sky.proc.pid
        before = vm_rss_kib(pid)
        ping = b"\x89\x7d" + b"p" * 125
        pings = ping * (65536 // len(ping))
        sent, peak = 0, before
        s.settimeout(0.2)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                sent += s.send(pings)
            except socket.timeout:
                pass  # the client stopped reading: TCP holds us back
            peak = max(peak, vm_rss_kib(pid))
        time.sleep(0.5)
        peak = max(peak, vm_rss_kib(pid))
        grown = (peak - before) // 1024
        print(f"     (sent {sent >> 20} MiB of pings in 5 s; the client grew by {grown} MiB at most)")
        if not sanitized(binary):
            check("a ping flood never read grows the client by under 48 MiB", grown < 48, True)
        # The client is still reading: the server's close reaches it.
        s.close()
        sky.wait_for(r"ws_pinged: read failed|ws_pinged: closed", timeout=30)
    finally:
        sky.kill()
        listener.close()


def main():
    check_ping_flood(sys.argv[1])
    print(f"{checks_passed()} passed, 0 failed")


if __name__ == "__main__":
    main()
