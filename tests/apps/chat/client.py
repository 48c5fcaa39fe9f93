"""client.py: the chat room's clients: three players log in, join (one join to a
room that does not exist, pipelined behind a good one), talk, announce by
multicast, one disconnects and the room keeps sending to its dead agent."""
import time
from wire import Sproto, connect, send_packet, recv_packet, closed, show

S = "string"
C2S = {
    "login": (1, [(0, "name", S)], [(0, "ok", "boolean"), (1, "greeting", S)]),
    "join": (2, [(0, "room", S)], [(0, "members", "integer")]),
    "say": (3, [(0, "text", S)], [(0, "delivered", "integer")]),
    "announce": (4, [(0, "text", S)], None),
    "shutdown": (5, None, None),
}
S2C = {
    "message": (1, [(0, "from", S), (1, "text", S)], None),
    "notice": (2, [(0, "text", S)], None),
}


class Player:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name = connect(port), tr, name
        self.proto = Sproto(C2S, S2C)
        self.session = 0

    def send(self, name, args=None, reply=True):
        self.session += 1 if reply else 0
        send_packet(self.s, self.proto.request(name, args or {}, self.session if reply else 0))

    def read(self, quiet=False):
        kind, what, args = self.proto.dispatch(recv_packet(self.s))
        line = f"{self.name} got {kind} {what} {show(args)}"
        if not quiet:
            self.tr.append(line)
        return args


def run(port):
    tr = []
    a = Player(port, tr, "A")
    a.send("login", {"name": "ann"}); a.read()
    b = Player(port, tr, "B")
    b.send("login", {"name": "bob"}); b.read()
    c = Player(port, tr, "C")
    c.send("login", {"name": "cat"}); c.read()
    # two joins at once: the agent's queue answers them in order
    a.send("join", {"room": "lobby"})
    a.send("join", {"room": "nosuch"})
    a.read(); a.read()
    b.send("join", {"room": "lobby"}); b.read()
    c.send("join", {"room": "lobby"}); c.read()
    a.send("say", {"text": "hello"})
    a.read(); a.read(); b.read(); c.read()
    b.send("announce", {"text": "news"}, reply=False)
    a.read(); b.read(); c.read()
    # C goes away; its agent is killed but stays a member of the room
    c.s.close()
    polls = 0
    while polls < 200:
        polls += 1
        a.send("say", {"text": "ping"})
        a.read(quiet=True)
        delivered = a.read(quiet=True)["delivered"]
        b.read(quiet=True)
        if delivered == 2:
            break
        time.sleep(0.02)
    tr.append(f"after C left the room delivers to {delivered}")
    b.send("announce", {"text": "again"}, reply=False)
    a.read(); b.read()
    a.send("shutdown", reply=False)
    tr.append(f"A after shutdown: {closed(a.s)}")
    tr.append(f"B after shutdown: {closed(b.s)}")
    return tr
