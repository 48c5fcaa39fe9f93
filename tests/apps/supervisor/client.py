"""client.py: the supervisor app's client: workers started, one exiting in a
call (restarted), a call that times out, a worker killed mid-call, two
uniqueservice calls to a service whose start fails, an unknown command."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["spawn w1", "spawn w2", "work w1", "work w1", "work w1", "work w1", "list",
                 "slow w2", "work w2", "killmid w2", "list", "uniq", "frob", "list"]:
        tr.append(lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
