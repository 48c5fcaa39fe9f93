"""client.py: the login front and its agents: a login then commands; a login
sent together with the first command in one write (the command was read by the
front, which abandoned the socket: it never reaches the agent, on both); a bad
login."""
from wire import connect, closed, Lines


def read_line(l):
    while b"\n" not in l.buf:
        chunk = l.s.recv(4096)
        if not chunk:
            return "closed"
        l.buf += chunk
    got, l.buf = l.buf.split(b"\n", 1)
    return got.decode()


def run(port):
    tr = []
    a = Lines(connect(port))
    a.s.sendall(b"login ann\n")
    tr.append("A < " + read_line(a))
    tr.append("A < " + a.ask("hello"))
    b = Lines(connect(port))
    b.s.sendall(b"login bob\nfirst\n")  # one segment: "first" is read with the login line
    tr.append("B < " + read_line(b))
    tr.append("B < " + b.ask("second"))
    c = Lines(connect(port))
    c.s.sendall(b"hello there\n")
    tr.append("C < " + read_line(c))
    tr.append(f"C then: {closed(c.s)}")
    tr.append("A < " + a.ask("still here"))
    a.s.sendall(b"shutdown\n")
    tr.append(f"A after shutdown: {closed(a.s)}")
    return tr
