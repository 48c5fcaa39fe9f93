"""client.py: the lobby's players: three wait (their calls held by
skynet.response), one leaves while waiting (its agent ends), a match answers the
others and finds the gone one's response undeliverable, a cancel answers a
waiter with an error (a second answer to the same call is refused), and the
held responses are checked with response("TEST")."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    players = {}
    for name in ("ann", "bob", "cat", "dan", "eve"):
        s = connect(port)
        players[name] = Lines(s)
        tr.append(f"{name} < " + players[name].ask("name " + name))

    def ask(name, line):
        tr.append(f"{name} {line} < " + players[name].ask(line))

    def read(name):
        l = players[name]
        while b"\n" not in l.buf:
            l.buf += l.s.recv(4096)
        got, l.buf = l.buf.split(b"\n", 1)
        tr.append(f"{name} < " + got.decode())

    ask("ann", "wait"); ask("bob", "wait"); ask("cat", "wait")
    ask("dan", "status")
    players["ann"].s.close()
    for _ in range(200):  # until ann's agent has told the lobby it is going
        if players["dan"].ask("gone") == "ann":
            break
    ask("dan", "match")
    read("bob"); read("cat")
    ask("eve", "wait")
    ask("dan", "status")
    ask("dan", "cancel eve")
    read("eve")
    ask("dan", "cancel zed")
    ask("dan", "match")
    ask("dan", "status")
    players["dan"].s.sendall(b"shutdown\n")
    tr.append(f"dan after shutdown: {closed(players['dan'].s)}")
    return tr
