"""client.py: the broadcast chat's clients on skynet.multicast channels:
subscribing (twice: once counts), publishing to subscribers (the publisher
among them, its copy before its answer), a topic made on first use, an
unsubscribe, a message one subscriber's dispatch raises on (the others still
get it), a topic deleted and then published to and subscribed again."""
from wire import connect, closed


class Member:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name, self.buf = connect(port), tr, name, b""
        self.read()

    def read(self):
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError(f"{self.name} closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        self.tr.append(f"{self.name} < {line.decode()}")

    def ask(self, line, extra=0):
        self.s.sendall(line.encode() + b"\n")
        self.tr.append(f"{self.name} > {line}")
        for _ in range(1 + extra):
            self.read()


def run(port):
    tr = []
    a = Member(port, tr, "A")
    b = Member(port, tr, "B")
    c = Member(port, tr, "C")
    a.ask("sub world"); b.ask("sub world")
    a.ask("say world hello", extra=1)  # A's own copy, then "sent"
    b.read()
    c.ask("say world from outside")  # C is not subscribed: A and B get it
    a.read(); b.read()
    c.ask("sub guild"); b.ask("sub guild")
    b.ask("say guild members only", extra=1)
    c.read()
    b.ask("unsub world")
    a.ask("say world anyone", extra=1)
    c.ask("sub world")
    a.ask("say world boom", extra=0)  # A's dispatch raises (logged), so does C's; B no longer listens
    a.ask("say world after boom", extra=1)
    c.read()
    b.ask("drop guild")
    c.ask("say guild gone?")
    b.ask("forget guild"); b.ask("sub guild")
    c.ask("say guild old id")
    b.ask("say guild new id", extra=1)
    b.ask("bogus")

    a.ask("shutdown", extra=-1)
    tr.append(f"A after shutdown: {closed(a.s)}")
    return tr
