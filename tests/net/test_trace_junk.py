#!/usr/bin/env python3
"""test_trace_junk: clients that stream junk into the live trace port must not
starve a viewer beside them (attack round 3, docs/lua-api.md "Hostile peers").

A viewer sends nothing; the sink drops what one sends. It drained a viewer's
junk until none was left, so three local clients streaming junk held its thread
in that loop: a viewer beside them got 64 KiB of trace in 3 s (10 MB without
them). Every wait here has a deadline; nothing sleeps to synchronise.

Usage: test_trace_junk.py <skyglass binary>   (run from the source root)
"""
import os, socket, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
from skyrun import Skyglass, check, checks_passed


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, deadline):
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # the runtime is still starting


def trace_bytes(port, seconds):
    """What one viewer receives in `seconds`."""
    v = connect(port, time.monotonic() + 10)
    v.settimeout(0.5)
    got, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            d = v.recv(65536)
        except socket.timeout:
            continue
        if not d:
            break
        got += len(d)
    v.close()
    return got


def main():
    port = free_port()
    folder = tempfile.mkdtemp()
    config = os.path.join(folder, "config.lua")
    with open(config, "w") as f:
        f.write('thread = 2\nstart = "trace_busy"\nluaservice = "tests/net/lua/?.lua"\n'
                f'trace = "127.0.0.1:{port}"\n')
    sky = Skyglass(sys.argv[1], config)
    stop = threading.Event()
    sent = [0, 0, 0]
    try:
        alone = trace_bytes(port, 2)
        check("a viewer alone gets the trace (over 64 KiB in 2 s)", alone > 65536, True)

        def flood(i):
            s = connect(port, time.monotonic() + 10)
            junk = b"j" * 65536
            while not stop.is_set():
                try:
                    s.sendall(junk)
                except OSError:
                    return
                sent[i] += len(junk)
            s.close()

        floods = [threading.Thread(target=flood, args=(i,), daemon=True) for i in range(3)]
        for t in floods:
            t.start()
        deadline = time.monotonic() + 10
        while sum(sent) < (64 << 20) and time.monotonic() < deadline:
            time.sleep(0.05)  # polls the counter: the junk is flowing once it has passed what the kernel buffers
        check("the junk flows (64 MiB sent)", sum(sent) >= (64 << 20), True)
        beside = trace_bytes(port, 2)
        print(f"viewer alone: {alone} bytes in 2 s; beside the junk: {beside} bytes in 2 s; "
              f"junk sent: {sum(sent) >> 20} MiB")
        # drained to the end, the junk left the viewer 0 to 40% of what it got alone
        check("a viewer beside three junk streams gets at least half of what it got alone",
              beside * 2 >= alone, True)
    finally:
        stop.set()
        sky.kill()
    print(f"{checks_passed()} passed, 0 failed")


if __name__ == "__main__":
    main()
