"""client.py: the router app's client: sets and gets through a routing proxy
(skynet.forward_type, skynet.redirect: the workers answer the caller), a
worker that raises (the caller's call fails), sends routed without answers,
the router's own count, a service behind skynet.filter counting types, and a
call routed to a killed worker (dropped by skynet.redirect: never answered)."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["set a 1", "set bb 2", "set ccc 3", "get a", "get bb", "get zzz", "boom a", "note x", "note yy",
                 "seen x", "seen yy", "routed", "audit first", "audit second", "get ccc", "kill 3",
                 "dead bb", "get a", "routed"]:
        tr.append(lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
