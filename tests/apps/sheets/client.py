"""client.py: two readers of a skynet.datasheet sheet: values, lists, keys; the
builder updates it twice (a monster added, then one removed); each reader sees
the newest version without asking (polled until it shows), and the sub-tables
they kept follow it, one whose path is gone raises; a write to the sheet."""
import re
from wire import connect, closed, Lines


def run(port):
    tr = []
    readers = []
    for n in (1, 2):
        s = connect(port)
        l = Lines(s)
        while b"\n" not in l.buf:
            l.buf += s.recv(4096)
        hello, l.buf = l.buf.split(b"\n", 1)
        tr.append(hello.decode())
        readers.append((s, l))

    def ask(n, line):
        # a gone table's index is its slot in skynet's dump, which moves between runs: masked
        got = re.sub(r"index = \d+", "index = N", readers[n - 1][1].ask(line))
        tr.append(f"{n} {line} < " + got)

    def until(n, version):
        for _ in range(200):  # the reader's monitor applies the update when its call returns
            if readers[n - 1][1].ask("version") == f"version {version}":
                break
        ask(n, "version")

    ask(1, "get orc"); ask(2, "get wolf"); ask(1, "keys"); ask(2, "kept"); ask(1, "get dragon")
    ask(1, "bump")
    until(1, 2); until(2, 2)
    ask(2, "get dragon"); ask(1, "keys"); ask(2, "kept"); ask(1, "get orc")
    ask(2, "bump")
    until(1, 3); until(2, 3)
    ask(1, "keys"); ask(1, "kept"); ask(2, "get wolf"); ask(2, "get dragon"); ask(1, "write"); ask(2, "dance")
    readers[0][0].sendall(b"shutdown\n")
    tr.append(f"1 after shutdown: {closed(readers[0][0])}")
    return tr
