"""client.py: the shop's client: prices (a nested one, a missing one), the item
list, skynet.service's query, a write to read-only sharedata, the shop opened
through datacenter (a waiting fork wakes)."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["price sword", "price potion.big", "price axe", "items", "sametax", "write",
                 "price sword", "open ann", "waitopen"]:
        tr.append(lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
