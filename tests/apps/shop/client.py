"""client.py: the shop's client: prices (a nested one, a missing one), the item
list, skynet.service's query, a write to read-only sharedata, the shop opened
through datacenter (a waiting fork wakes)."""
from wire import connect, closed


def run(port):
    tr = []
    s = connect(port)
    buf = b""
    for line in ["price sword", "price potion.big", "price axe", "items", "sametax", "write",
                 "price sword", "open ann", "waitopen"]:
        s.sendall(line.encode() + b"\n")
        while b"\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            buf += chunk
        got, buf = buf.split(b"\n", 1)
        tr.append(got.decode())
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
