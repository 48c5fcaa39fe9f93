"""client.py: the capped cache's client: 8 MiB blobs added until the 48 MiB
cap refuses one (not enough memory), its size, an eviction, and an add that
fits again."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["add a", "add b", "add c", "size", "add d", "add e", "add f", "size", "evict b", "evict c",
                 "add g", "size"]:
        tr.append(lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
