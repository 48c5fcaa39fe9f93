"""client.py: the broadcast chat's clients on skynet.multicast channels:
subscribing (twice: once counts), publishing to subscribers (the publisher
among them, its copy before its answer), a topic made on first use, an
unsubscribe, a message one subscriber's dispatch raises on (the others still
get it), a topic deleted and then published to and subscribed again, a member
ending while subscribed (its channel objects unsubscribe as its state closes;
the one for the deleted topic trips multicastd's assert, on both)."""
from wire import connect, closed


class Member:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name, self.buf = connect(port), tr, name, b""
        self.read()

    def read(self, quiet=False):
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError(f"{self.name} closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        if not quiet:
            self.tr.append(f"{self.name} < {line.decode()}")
        return line.decode()

    def ask(self, line, extra=0, quiet=False):
        self.s.sendall(line.encode() + b"\n")
        if not quiet:
            self.tr.append(f"{self.name} > {line}")
        got = None
        for _ in range(1 + extra):
            got = self.read(quiet)
        return got


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
    c.s.close()  # C leaves while subscribed to world and guild
    for _ in range(200):  # until C's member has told the hub (its channels unsubscribe as it ends)
        if a.ask("gone", quiet=True) == "gone m3":
            break
    a.ask("say world after cat left", extra=1)
    b.ask("say guild after cat left", extra=1)

    a.ask("shutdown", extra=-1)
    tr.append(f"A after shutdown: {closed(a.s)}")
    return tr
