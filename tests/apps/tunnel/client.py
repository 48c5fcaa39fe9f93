"""client.py: the relay's clients, and its backend (a Python server on a free
port: upper-cases each line, closes the connection on "bye"): lines through
the tunnel, a 200000-byte line, the backend closing (the relay closes the
client), the client closing (the relay closes the backend)."""
from wire import Backend, connect, closed, Lines

def _serve(conn):
    buf = b""
    with conn:
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line == b"bye":
                    conn.sendall(b"BYE\n")
                    return
                conn.sendall(line.upper() + b"\n")


_backend = Backend(_serve)


def prepare():
    return _backend.start("backend_port")


def cleanup():
    _backend.stop()


def run(port):
    tr = []
    a = Lines(connect(port))
    tr.append("A < " + a.ask("hello"))
    tr.append("A < " + a.ask("through the tunnel"))
    big = "x" * 200000
    got = a.ask(big)
    tr.append(f"A < {len(got)} bytes, all X: {got == big.upper()}")
    b = Lines(connect(port))
    tr.append("B < " + b.ask("bob here"))
    tr.append("B < " + b.ask("bye"))
    tr.append(f"B then: {closed(b.s)}")
    tr.append("A < " + a.ask("still open"))
    a.s.close()
    c = Lines(connect(port))
    for _ in range(200):  # until both earlier tunnels have ended (their log lines are out)
        if c.ask("STATUS") == "finished 2":
            break
    tr.append("C < " + c.ask("STATUS"))
    tr.append("C < " + c.ask("last"))
    c.s.sendall(b"ABORT\n")
    tr.append(f"C after abort: {closed(c.s)}")
    return tr
