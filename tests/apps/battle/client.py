"""client.py: the battle server's players: ann joins room 1 and loads inside the
room's critical section while cat asks for the same name (queued behind her,
refused); bob joins, a countdown, five lockstep frames (frame 3 goes at its
deadline without bob's input, his late input is dropped, ann's inputs for frames
4 and 5 wait for his); cat alone in room 2 until its idle timer closes it."""
from wire import connect, closed


class Player:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name, self.buf = connect(port), tr, name, b""

    def send(self, line):
        self.s.sendall(line.encode() + b"\n")

    def read(self, quiet=False):
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError(f"{self.name} closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.decode()
        if not quiet:
            self.tr.append(f"{self.name} < {line}")
        return line


def run(port):
    tr = []
    a, b, c = Player(port, tr, "ann"), Player(port, tr, "bob"), Player(port, tr, "cat")
    a.send("join 1 ann")
    for _ in range(200):  # until ann is loading inside room 1's critical section
        b.send("status 1")
        if b.read(quiet=True) == "status loading ann":
            break
    c.send("join 1 ann"); c.read()
    c.send("join 1 crash"); c.read()  # raises inside the critical section
    a.read()
    b.send("status 1"); b.read()
    b.send("join 1 bob"); b.read()
    for p in (a, b):
        for _ in range(3):  # countdown 2, countdown 1, go
            p.read()
    a.send("input 1 left"); b.send("input 1 right")
    a.read(); b.read()
    a.send("input 2 fire"); b.send("input 2 duck")
    a.read(); b.read()
    a.send("input 3 jump")  # bob sends nothing: frame 3 goes at its deadline
    a.read(); b.read()
    b.send("input 3 late")
    a.send("input 4 a4"); a.send("input 5 a5")
    b.send("status 1"); b.read()
    b.send("input 4 b4")
    a.read(); b.read()
    b.send("input 5 b5")
    a.read(); b.read()
    a.read(); b.read()  # over
    c.send("join 2 cat"); c.read()
    c.read()  # room 2 closed by its idle timer
    c.send("rooms"); c.read()
    c.send("leave"); c.read()
    c.send("dance"); c.read()
    a.send("shutdown")
    tr.append(f"ann after shutdown: {closed(a.s)}")
    return tr
