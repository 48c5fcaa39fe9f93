"""client.py: the match server's players: two queue (the first is answered only
when the second comes), act (one action errors in the room), wait and hold while
the room ticks by timeout, then the room ends and the held call fails."""
from wire import connect, closed


class Player:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name = connect(port), tr, name
        self.buf = b""

    def send(self, line):
        self.s.sendall(line.encode() + b"\n")

    def read(self, quiet=False):
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                self.tr.append(f"{self.name} closed")
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        if not quiet:
            self.tr.append(f"{self.name} < {line.decode()}")
        return line


def run(port):
    tr = []
    a = Player(port, tr, "A")
    b = Player(port, tr, "B")
    a.send("hello ann"); a.read()
    b.send("hello bob"); b.read()
    a.send("queue")
    a.send("rooms")  # waits behind the deferred queue answer: one coroutine per player
    for _ in range(200):  # until the manager holds A's queue call
        b.send("waiting")
        if b.read(quiet=True) == b"waiting ann":
            break
    b.send("queue"); b.read()
    a.read(); a.read()
    a.send("act jump"); a.read()
    b.send("act boom"); b.read()
    b.send("act run"); b.read()
    a.send("wait")
    b.send("hold")
    for _ in range(3):
        a.read(); b.read()
    a.read(); b.read()
    b.send("rooms"); b.read()
    b.send("dance"); b.read()
    b.s.close()
    a.send("rooms"); a.read()
    a.send("shutdown")
    tr.append(f"A after shutdown: {closed(a.s)}")
    return tr
