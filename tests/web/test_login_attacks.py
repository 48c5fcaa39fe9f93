#!/usr/bin/env python3
"""test_login_attacks: hostile clients against snax.loginserver and snax.msgserver
(lesson 41's logind and gated, kept running by tests/web/lua/login_main.lua).

Bad handshakes get the protocol's error answer; clients that leave at any point
cost nothing afterwards (the fd count of the program goes back to where it was).

Usage: test_login_attacks.py <skyglass binary>   (run from the source root)
"""
import base64, os, re, socket, struct, sys, tempfile, time

sys.path.insert(0, os.path.dirname(__file__))
from skyrun import Skyglass, check, checks_passed, fd_count, sanitized, settle_fds, vm_rss_kib
from test_web_attacks import exchange


def login_exchange(port, data, lines=2):
    """What the login server answers to `data`: its first `lines` lines. As
    skynet's, it leaves the connection open after an answer (the client
    closes), so reading until the close would wait for ever."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        got = b""
        while got.count(b"\n") < lines:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        return got


def main():
    sky = Skyglass(sys.argv[1], "tests/web/config.lua", TEST="login_main")
    try:
        login_port = sky.port("login")
        gate_port = sky.port("gate")
        pid = sky.proc.pid
        base = fd_count(pid)

        # loginserver: the first line is the challenge; a bad answer gets 401.
        reply = login_exchange(login_port, b"not base64 at all\n")
        check("login: a garbage handshake gets 401", reply.split(b"\n")[1], b"401 Unauthorized")
        reply = login_exchange(login_port, base64.b64encode(b"\0" * 8) + b"\n" + b"AAAA\n" * 3)
        check("login: a zero key gets 401", reply.split(b"\n")[1], b"401 Unauthorized")
        reply = exchange(login_port, b"a" * (3 << 20))
        check("login: 3 MiB without a newline is cut off (the challenge, then the close)",
              reply.count(b"\n"), 1)
        sky.wait_for(r"socket buffer overflow: fd=\d+")  # loginserver sets socket.limit

        # msgserver: a first packet that is not "user:index:hmac" gets an error line.
        reply = exchange(gate_port, b"\x00\x05hello")
        check("gate: a bad handshake packet gets 404", reply, b"\x00\x12404 User Not Found")

        # Clients of the game gate that leave before their handshake: gateserver
        # keeps a closed client's fd for writes until its handler closes it, and
        # msgserver did not for a client that had not shaken hands (CLOSE-WAIT).
        for i in range(200):
            s = socket.create_connection(("127.0.0.1", gate_port), timeout=10)
            if i % 2:
                s.sendall(b"\x00\x10half")  # half a packet, then gone
            s.close()
        for _ in range(100):
            socket.create_connection(("127.0.0.1", login_port), timeout=10).close()
        check("300 clients that left: every fd is released", settle_fds(pid, base) <= base, True)
    finally:
        sky.kill()
    check_handshake_timeout()
    check_gate_handshake_timeout()
    check_request_flood()
    check_unread_answers()
    print(f"{checks_passed()} passed, 0 failed")


def closed_within(s, seconds):
    """What the server sent before it closed `s`, or None if it did not within `seconds`."""
    s.settimeout(seconds)
    got = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                return got
            got += chunk
    except socket.timeout:
        return None
    except ConnectionResetError:
        return got


def check_handshake_timeout():
    """Attack round 4: silent clients, and answered ones that never close, held
    their fds (and the silent ones a coroutine each) for good, as skynet's."""
    work = tempfile.mkdtemp(prefix="skyglass-login-")
    config = os.path.join(work, "config.lua")
    with open(config, "w") as f:
        f.write(f'include "{os.path.abspath("tests/web/config.lua")}"\nlogin_handshake_timeout = 1\n')
    sky = Skyglass(sys.argv[1], config, TEST="login_main")
    try:
        login_port = sky.port("login")
        pid = sky.proc.pid
        base = fd_count(pid)
        silent = [socket.create_connection(("127.0.0.1", login_port), timeout=10) for _ in range(50)]
        answered = socket.create_connection(("127.0.0.1", login_port), timeout=10)
        answered.sendall(b"not base64 at all\n")
        deadline = time.monotonic() + 15  # for them all: 1 s each, at once
        got = [closed_within(s, max(0.1, deadline - time.monotonic())) for s in silent]
        check("50 silent clients: each closed after its challenge", [g is not None and g.count(b"\n") == 1 for g in got],
              [True] * 50)
        sky.wait_for(r"login: fd \d+: no handshake within 1 s: closed")
        reply = closed_within(answered, 10)
        check("a client answered 401 that never closes: closed", reply is not None and reply.endswith(b"401 Unauthorized\n"), True)
        for s in silent + [answered]:
            s.close()
        check("every fd is released", settle_fds(pid, base) <= base, True)
    finally:
        sky.kill()


def check_gate_handshake_timeout():
    """Attack round 6: clients of msgserver's gate that never send their
    handshake held their slots for good (as skynet's), so maxclient of them
    shut every user out. The gate's handshake_timeout (3 s here) closes them."""
    work = tempfile.mkdtemp(prefix="skyglass-login-")
    config = os.path.join(work, "config.lua")
    with open(config, "w") as f:
        f.write(f'include "{os.path.abspath("tests/web/config.lua")}"\ngate_handshake_timeout = 3\n')
    sky = Skyglass(sys.argv[1], config, TEST="login_main")
    try:
        gate_port = sky.port("gate")
        pid = sky.proc.pid
        base = fd_count(pid)
        # maxclient 64: the gate serves 63 at once (as skynet's count goes)
        silent = [socket.create_connection(("127.0.0.1", gate_port), timeout=10) for _ in range(63)]
        check("gate full of silent clients: a new one is shut out", exchange(gate_port, b"\x00\x05hello"), b"")
        deadline = time.monotonic() + 15
        got = [closed_within(s, max(0.1, deadline - time.monotonic())) for s in silent]
        check("63 silent clients: each closed, nothing sent", got, [b""] * 63)
        sky.wait_for(r"msgserver: fd \d+: no handshake within 3 s: closed")
        check("then a new client is served again", exchange(gate_port, b"\x00\x05hello"), b"\x00\x12404 User Not Found")
        for s in silent:
            s.close()
        check("every fd is released", settle_fds(pid, base) <= base, True)
    finally:
        sky.kill()


def flood(settings, closing_line):
    """Starts login_main with tests/web/lua/msg_flood.lua's `settings` and waits
    (20 s at most) for the log line that says the gate closed the flooding
    client, sampling the process's RSS meanwhile. Returns (sky, closed, peak
    KiB); the caller checks and kills sky."""
    work = tempfile.mkdtemp(prefix="skyglass-login-")
    config = os.path.join(work, "config.lua")
    with open(config, "w") as f:
        f.write(f'include "{os.path.abspath("tests/web/config.lua")}"\n{settings}')
    sky = Skyglass(sys.argv[1], config, TEST="login_main")
    pid = sky.proc.pid
    try:
        sky.wait_for(r"msg_flood: gate handshake 200 OK")
        peak = vm_rss_kib(pid)
        deadline = time.monotonic() + 20
        closed = False
        while not closed and time.monotonic() < deadline:
            try:
                sky.wait_for(closing_line, 0.1)
                closed = True
            except AssertionError:
                peak = max(peak, vm_rss_kib(pid))
        return sky, closed, max(peak, vm_rss_kib(pid))
    except BaseException:
        sky.kill()
        raise


def check_request_flood():
    """Attack round 5: a logged-in client (tests/web/lua/msg_flood.lua, in the same
    process) sends 200,000 requests of 7 bytes without reading the answers. Each
    waited in a coroutine of the gate: +400 MB in 8 s, as skynet's msgserver.
    Past 1,024 waiting (the gate's maxpending) the connection is closed."""
    sky, closed, peak = flood("msg_flood = 200000\n",
                              r"Invalid package more than 1024 requests waiting for their answers \(the gate's maxpending\)")
    try:
        check("a client with 1,024 requests waiting is closed", closed, True)
        for line in (r"gateserver: dropped \d+ more packets from fd \d+", r"msg_flood: sent 200000"):
            if not any(re.search(line, seen) for seen in sky.log):  # read while waiting above
                sky.wait_for(line)
        peak = max(peak, vm_rss_kib(sky.proc.pid))
        print(f"     (peak RSS {peak >> 10} MiB)")
        check("... and the process stays small (under 100 MiB)", sanitized(sys.argv[1]) or peak < 100 << 10, True)
    finally:
        sky.kill()


def check_unread_answers():
    """Attack round 6: a logged-in client sends 2,000 requests of 60 KB, paced
    so that its agent keeps up, and never reads the echoes. The gate held them
    all unsent, silently (a 165 MB peak and growing with what was sent; skynet's
    alike). Past the gate's maxunsent (16 MiB) the client is closed and its
    unsent bytes dropped."""
    sky, closed, peak = flood("msg_flood = 2000\nmsg_flood_size = 60000\n",
                              r"msgserver: fd \d+ has \d+ KiB unsent, more than 16777216 bytes \(the gate's maxunsent\): closed")
    try:
        if not closed:
            print("\n".join(sky.log))
        check("a client that never reads its answers is closed past 16 MiB unsent", closed, True)
        peak = max(peak, vm_rss_kib(sky.proc.pid))
        print(f"     (peak RSS {peak >> 10} MiB)")
        check("... and the process stays small (under 100 MiB)", sanitized(sys.argv[1]) or peak < 100 << 10, True)
    finally:
        sky.kill()


if __name__ == "__main__":
    main()
