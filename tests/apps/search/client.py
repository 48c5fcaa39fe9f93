"""client.py: the search front's client: queries scattered to four shards and
gathered by skynet.request/select (all answer; a deadline that only the first
meets; a shard that raises; a killed shard), a to-be-closed gatherer left after
the first answer, and the shards' call counts (the late answers were dropped)."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["find an", "find m", "quick e", "find crash", "count", "calls", "kill 2", "find p", "calls",
                 "bogus"]:
        tr.append(f"{line} < " + lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
