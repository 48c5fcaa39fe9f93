#!/usr/bin/env python3
"""test_harbor_attacks: hostile peers on a harbor network's ports, and bad harbor configs.

1. A skyglass master node (harbor 1, standalone): on the master's port,
   garbage, a wrong handshake, id 0, a second slave claiming harbor 1, a
   silent peer, a truncated packet; then fake slaves that the node's harbor
   connects to and that answer with a wrong id, an oversized frame, a frame
   shorter than its cookie, a socket-typed message, or nothing at all.
2. A skyglass slave (harbor 2) whose master is this script: on the slave's
   port, a silent peer, a peer claiming the slave's own id, an oversized
   frame; then a bad packet from the master.
Each must get its log line and a closed connection, and the node must keep
working. 3. Config errors exit non-zero with one line naming the key.
usage: test_harbor_attacks.py path/to/skyglass
"""
import os
import queue
import socket
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WAIT = 20  # seconds for any one expected line (CI runs this under TSan too)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# skynet.packstring's bytes for short strings and small integers (docs/wire-formats.md)
def s(text):
    b = text.encode()
    assert len(b) < 32
    return bytes([4 | len(b) << 3]) + b


def i(n):
    assert 0 < n < 256
    return bytes([2 | 1 << 3, n])


def packet(*parts):
    body = b"".join(parts)
    return bytes([len(body)]) + body


def frame(source, type_, handle, session, payload=b""):
    length = len(payload) + 12
    return struct.pack(">I", length) + payload + struct.pack(">III", source, type_ << 24 | handle, session)


class Node:
    def __init__(self, skyglass, config, env, name):
        self.name = name
        self.lines = queue.Queue()
        self.log = []
        self.proc = subprocess.Popen([skyglass, config], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace")
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            sys.stdout.write(f"[{self.name}] {line}")
            self.lines.put(line)
        self.lines.put(None)

    def expect(self, words):
        """Wait for a line with `words` (lines already seen count)."""
        for line in self.log:
            if words in line:
                self.log.remove(line)
                return line
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                sys.exit(f"node {self.name} ended while waiting for {words!r}")
            if words in line:
                return line
            self.log.append(line)
        sys.exit(f"node {self.name} did not log {words!r}")

    def alive(self):
        if self.proc.poll() is not None:
            sys.exit(f"node {self.name} ended (status {self.proc.returncode})")

    def stop(self, clean=False):
        """SIGTERM ends a node cleanly (status 143), so a sanitizer build checks its leaks."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        if clean and self.proc.returncode != 128 + 15:
            sys.exit(f"node {self.name} did not end cleanly on SIGTERM (status {self.proc.returncode})")


def connect(port):
    c = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    return c


def closed_by_peer(c):
    """The other side closed: recv ends (whatever it sent first is skipped)."""
    c.settimeout(WAIT)
    try:
        while c.recv(4096):
            pass
    except ConnectionResetError:
        pass
    except socket.timeout:
        sys.exit("the node did not close the connection")
    c.close()


def read_packet(c):
    n = c.recv(1, socket.MSG_WAITALL)
    if not n:
        sys.exit("closed instead of a packet")
    return c.recv(n[0], socket.MSG_WAITALL)


def master_node(skyglass):
    mport, sport = free_port(), free_port()
    env = dict(os.environ, MASTER=f"127.0.0.1:{mport}", ADDRESS=f"127.0.0.1:{sport}", START="node_ready")
    node = Node(skyglass, "tests/harbor/config_master.lua", env, "m")
    try:
        node.expect("HARBOR_NODE_READY")
        # garbage: a length byte and bytes that are no packed value
        c = connect(mport)
        c.sendall(b"\x05\xff\xff\xff\xff\xff")
        node.expect("error = not a harbor packet")
        closed_by_peer(c)
        c = connect(mport)
        c.sendall(packet(s("X"), i(5), s("127.0.0.1:1")))
        node.expect("Invalid handshake type X")
        closed_by_peer(c)
        c = connect(mport)
        c.sendall(packet(s("H"), bytes([2]), s("127.0.0.1:1")))  # the integer 0
        node.expect("Invalid slave id 0")
        closed_by_peer(c)
        c = connect(mport)
        c.sendall(packet(s("H"), i(1), s("127.0.0.1:1")))
        node.expect("Slave 1 already register on")
        closed_by_peer(c)
        c = connect(mport)  # a peer that connects and never speaks
        node.expect("error = timeout")
        closed_by_peer(c)
        c = connect(mport)  # a packet that announces 255 bytes and sends 3
        c.sendall(b"\xffabc")
        node.expect("error = timeout")
        closed_by_peer(c)

        # fake slaves: the master tells harbor 1 to connect to each
        def fake_slave(hid):
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            listener.settimeout(WAIT)
            m = connect(mport)
            m.sendall(packet(s("H"), i(hid), s(f"127.0.0.1:{listener.getsockname()[1]}")))
            m.settimeout(WAIT)
            got = read_packet(m)  # W and how many slaves (the fakes before count)
            if not got.startswith(s("W")):
                sys.exit(f"master's answer to hello {hid}: {got!r}, want W")
            peer, _ = listener.accept()
            listener.close()
            peer.settimeout(WAIT)
            if peer.recv(1, socket.MSG_WAITALL) != b"\x01":
                sys.exit("harbor 1 did not say its id first")
            return m, peer

        masters = []
        m, p = fake_slave(5)
        masters.append(m)
        p.sendall(b"\x07")
        node.expect("Invalid shakehand id (7)")
        closed_by_peer(p)
        m, p = fake_slave(6)
        masters.append(m)
        p.sendall(b"\x06" + b"\x01\x00\x00\x00" + b"x" * 64)
        node.expect("Harbor 6 (fd = ")
        closed_by_peer(p)
        m, p = fake_slave(7)
        masters.append(m)
        # a socket-typed message would be read as a pointer: refused, connection kept
        p.sendall(b"\x07" + frame(7 << 24 | 1, 6, 4, 0, b"x" * 24))
        node.expect("Refuse message of type 6 from harbor 7")
        # so would a multicast one to any service but multicastd (none runs here)
        p.sendall(frame(7 << 24 | 1, 2, 4, 0, b"x" * 8))
        node.expect("Refuse message of type 2 from harbor 7")
        p.sendall(struct.pack(">I", 5) + b"short")
        node.expect("is shorter than its 12-byte cookie")
        closed_by_peer(p)
        m, p = fake_slave(8)  # connects, never says its id
        masters.append(m)
        node.expect("Harbor 8 (fd = ")
        closed_by_peer(p)
        # still a master: a real hello is answered
        m, p = fake_slave(9)
        p.sendall(b"\x09")
        p.close()
        for m in masters + [m]:
            m.close()
        node.expect("slave 9 is down")
        node.alive()
        node.stop(clean=True)
    finally:
        node.stop()


def slave_node(skyglass):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(WAIT)
    sport = free_port()
    env = dict(os.environ, MASTER=f"127.0.0.1:{listener.getsockname()[1]}", ADDRESS=f"127.0.0.1:{sport}",
               START="node_ready", HARBOR="2")
    node = Node(skyglass, "tests/harbor/config_slave.lua", env, "s")
    try:
        m, _ = listener.accept()
        m.settimeout(WAIT)
        hello = read_packet(m)
        want = s("H") + i(2) + s(f"127.0.0.1:{sport}")
        if hello != want:
            sys.exit(f"cslave's hello: {hello!r}, want {want!r}")
        m.sendall(packet(s("W"), i(2)))
        node.expect("Waiting for 2 harbors")
        c = connect(sport)  # silent
        node.expect("closed before its harbor id")
        closed_by_peer(c)
        c = connect(sport)
        c.sendall(b"\x02")  # our own id
        node.expect("Slave 2 exist")
        closed_by_peer(c)
        a = connect(sport)
        a.sendall(b"\x05")
        node.expect("Harbor 5 connected")
        if a.recv(1, socket.MSG_WAITALL) != b"\x02":
            sys.exit("harbor 2 did not answer with its id")
        b = connect(sport)
        b.sendall(b"\x06")
        # (service_mgr now waits for the global name SERVICE, which this master never gives)
        node.expect("Shakehand ready")
        a.sendall(b"\x80\x00\x00\x00")  # a frame of 2 GiB
        node.expect("message is too long")
        closed_by_peer(a)
        m.sendall(b"\x03\xff\xff\xff")  # garbage from the master
        node.expect("Master sent a bad packet")
        node.expect("Master disconnect")
        b.close()
        node.alive()
        node.stop(clean=True)
    finally:
        node.stop()
        listener.close()


def config_errors(skyglass):
    import tempfile
    cases = [("harbor = 300\n", "harbor must be an integer from 0 to 255, got '300'"),
             ('harbor = 2\nmaster = "127.0.0.1:1"\n', "harbor = 2 needs `address`"),
             ('harbor = 2\naddress = "127.0.0.1:1"\n', "harbor = 2 needs `master`"),
             ('standalone = "127.0.0.1:1"\n', "standalone needs a harbor from 1 to 255, got standalone = '127.0.0.1:1'")]
    with tempfile.TemporaryDirectory() as d:
        for text, want in cases:
            path = os.path.join(d, "config.lua")
            with open(path, "w") as f:
                f.write(text)
            r = subprocess.run([skyglass, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=WAIT)
            lines = r.stdout.strip().splitlines()
            if r.returncode == 0 or len(lines) != 1 or want not in lines[0]:
                sys.exit(f"config {text!r}: status {r.returncode}, output {r.stdout!r}; want one line with {want!r}")
        # attack round 5: an address without a port (skynet's words: "bad argument
        # #2 to 'listen' (number expected, got nil)"); the node ends, status 1
        path = os.path.join(d, "config.lua")
        with open(path, "w") as f:
            f.write('harbor = 1\nstandalone = "abc"\nmaster = "abc"\naddress = "127.0.0.1:0"\n')
        r = subprocess.run([skyglass, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=WAIT)
        want = 'socket.listen: "abc" is not "host:port"'
        if r.returncode == 0 or want not in r.stdout:
            sys.exit(f"standalone = 'abc': status {r.returncode}, output {r.stdout!r}; want {want!r}")


def main():
    skyglass = os.path.abspath(sys.argv[1])
    config_errors(skyglass)
    master_node(skyglass)
    slave_node(skyglass)
    print("test_harbor_attacks: ok")


if __name__ == "__main__":
    main()
