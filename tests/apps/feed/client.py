"""client.py: a feed reader paging through posts by skynet.coroutine
generators that call the store between yields: pages of three (the store fails
a page past post 5), pages of two to the end, a generator closed half way, wrap,
and the generator's view of itself."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["open 3", "next 4", "next 4", "next 1", "open 2", "next 5", "next 5", "open 2", "next 3", "close",
                 "next 1", "wrap", "inside", "bogus"]:
        tr.append(f"{line} < " + lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
