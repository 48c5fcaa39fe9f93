"""client.py: the pool app's clients: one waits in queryservice until the other
starts the pool by uniqueservice with arguments (a second uniqueservice with
others gets the same one), jobs go round three workers started with many
arguments, a boolean argument and a missing service, a worker replaced."""
import time
from wire import connect, closed, Lines


def run(port):
    tr = []
    s1, s2 = connect(port), connect(port)
    l1, l2 = Lines(s1), Lines(s2)
    s1.sendall(b"find\n")  # waits in queryservice: nobody has started the pool
    s1.settimeout(0.3)
    try:
        tr.append("1 early: " + repr(s1.recv(100)))
    except TimeoutError:
        tr.append("1 early: nothing yet")
    s1.settimeout(3)
    tr.append("2 < " + l2.ask("start"))
    l1.buf = b""
    while b"\n" not in l1.buf:
        l1.buf += s1.recv(4096)
    got, l1.buf = l1.buf.split(b"\n", 1)
    tr.append("1 < " + got.decode())
    for line in ["again", "args", "work a", "work b", "work c", "work d", "bad", "nilarg", "nosuch", "replace 2",
                 "work e", "work f", "work g", "dance"]:
        tr.append(f"1 {line} < " + l1.ask(line))
    s2.sendall(b"shutdown\n")
    tr.append(f"2 after shutdown: {closed(s2)}")
    return tr
