#!/usr/bin/env python3
"""test_fd_exhaustion: a process out of file descriptors must not spin, and its listeners must live.

Attack round 5 (docs/lua-api.md "Hostile peers"). Clients of debug_console hold
every fd the process may open (its RLIMIT_NOFILE lowered with prlimit), then
more clients knock on the console and on the live trace port. The socket thread
drops each connection it cannot take (a spare fd takes it and closes it), and the
live trace sink's thread waits for fds to come back instead of polling its
listener again at once: its accept failed with EMFILE, the connection stayed in
the backlog, and poll() said "readable" at once, for as long as the fds were
gone (100% of a core). Once the holders leave, both listeners serve again.

Usage: test_fd_exhaustion.py <skyglass binary>   (run from the source root)
"""
import os, resource, socket, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
from skyrun import Skyglass, check, checks_passed, fd_count, settle_fds


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def console_answers(port):
    """True when the console answers `help` on a new connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"help\n")
        got = b""
        while b"<CMD OK>" not in got:
            chunk = s.recv(4096)
            if not chunk:
                return False
            got += chunk
        return True


def main():
    trace_port = free_port()
    folder = tempfile.mkdtemp()
    config = os.path.join(folder, "config.lua")
    with open(config, "w") as f:
        f.write('thread = 2\nstart = "dc_main"\n'
                'luaservice = "tests/net/lua/?.lua;tests/lua/?.lua"\n'
                f'trace = "127.0.0.1:{trace_port}"\n')
    sky = Skyglass(sys.argv[1], config)
    holders = []
    try:
        port = int(sky.wait_for(r"Start debug console at 127\.0\.0\.1:(\d+)").group(1))
        sky.wait_for(r"dc_main ready")
        pid = sky.proc.pid
        check("the console answers before the attack", console_answers(port), True)
        base = settle_fds(pid, 0, timeout=0.5)
        limit = base + 24
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (limit, limit))

        # Take every fd the process may open: each console client holds one.
        for _ in range(60):
            try:
                holders.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                break
        deadline = time.monotonic() + 10
        while fd_count(pid) < limit and time.monotonic() < deadline:
            holders.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            time.sleep(0.02)  # the socket thread takes them one by one
        check("the process is at its fd limit", fd_count(pid) >= limit - 1, True)
        sky.wait_for(r"accept error: accept: Too many open files", timeout=10)

        # Knock on both listeners while no fd is left.
        knockers = [socket.create_connection(("127.0.0.1", trace_port), timeout=5) for _ in range(3)]
        knockers += [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
        time.sleep(0.3)  # let any spin show
        before = cpu_seconds(pid)
        t0 = time.monotonic()
        time.sleep(1.0)  # measured: CPU time over a second of waiting
        used = cpu_seconds(pid) - before
        wall = time.monotonic() - t0
        print(f"CPU while out of fds: {used:.2f} s in {wall:.2f} s")
        check("no thread spins while out of fds (under 0.3 s of CPU in 1 s)", used < 0.3, True)

        for s in holders + knockers:
            s.close()
        holders = []
        check("fds return once the clients leave", settle_fds(pid, base + 2) <= base + 2, True)
        check("the console answers after the attack", console_answers(port), True)
        with socket.create_connection(("127.0.0.1", trace_port), timeout=5) as v:
            v.settimeout(5)
            check("the trace port serves a viewer after the attack", len(v.recv(4096)) > 0, True)
    finally:
        for s in holders:
            s.close()
        sky.kill()
    print(f"{checks_passed()} checks passed")


if __name__ == "__main__":
    main()
