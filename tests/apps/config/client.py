"""client.py: the config app's clients: three agents read prices, keys and
lists from sharetable; one reloads (the config server tells agents 1 and 3,
which sharetable.update, and agent 2 keeps reading the old version); a config
with a syntax error; a second reload; queryall and a name nobody loaded."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    clients = []
    for n in range(3):
        s = connect(port)
        clients.append((s, Lines(s)))
        # each agent answers before the next connects, so agents are numbered as clients are
        tr.append(f"{n + 1} < " + clients[-1][1].ask("version"))

    def ask(n, line):
        tr.append(f"{n} {line} < " + clients[n - 1][1].ask(line))

    ask(1, "price sword")
    ask(2, "price bow")
    ask(3, "price axe")
    ask(1, "keys")
    ask(2, "potions")
    ask(3, "shield")
    ask(1, "missing")
    ask(1, "len")
    ask(2, "reload")
    ask(1, "len")
    ask(1, "hold")
    ask(2, "hold")
    ask(1, "held")
    for n in (1, 2, 3):
        ask(n, "version")
        ask(n, "price sword")
        ask(n, "shield")
        ask(n, "keys")
    ask(3, "broken")
    ask(3, "reload")
    ask(1, "held")
    ask(2, "held")
    ask(1, "len")
    ask(1, "shield")
    ask(1, "price bow")
    ask(2, "price bow")
    ask(3, "version")
    ask(2, "potions")
    clients[1][0].close()
    for _ in range(200):  # until agent 2 has seen its client go (else the abort may come first)
        if clients[0][1].ask("gone") == "gone 2":
            break
    ask(1, "gone")
    ask(1, "version")
    clients[0][0].sendall(b"shutdown\n")
    tr.append(f"1 after shutdown: {closed(clients[0][0])}")
    return tr
