"""client.py: the back office's clients: a player posts scores and asks the top (one
bad count), an admin on the debug_console lists services, asks one for info,
calls the snax board, pings it, and asks for a command that does not exist."""
import re, socket
from wire import connect, closed, TIMEOUT


class Line:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name, self.buf = connect(port), tr, name, b""

    def read_until(self, end):
        while end not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError(f"closed before {end!r}; got {self.buf!r}")
            self.buf += chunk
        got, self.buf = self.buf.split(end, 1)
        return got.decode()

    def ask(self, line):
        self.s.sendall(line.encode() + b"\n")
        got = self.read_until(b"\n")
        self.tr.append(f"{self.name} {line} < {got}")
        return got


def console(c, line, tr):
    """A console command's output up to its <CMD OK> or <CMD Error> line."""
    c.s.sendall(line.encode() + b"\n")
    out = []
    while True:
        got = c.read_until(b"\n")
        out.append(got)
        if got.startswith("<CMD"):
            break
    import app_harness, os
    tr.append(re.sub(r":[0-9a-f]{8}", ":ADDR", f"console {line}:"))
    if line.startswith("ping"):  # the round trip in ms: 0 or 1
        out = [re.sub(r"^\d+$", "MS", o) for o in out]
    text = app_harness.masked("".join(o + "\n" for o in out), os.environ.get("APP_SKYNET_DIR") or None, False)
    tr.extend("  " + o for o in text.splitlines())
    return out


def run(port):
    tr = []
    p = Line(port, tr, "P")
    p.ask("score ann 30")
    p.ask("score bob 50")
    p.ask("score ann 40")
    p.ask("top 5")
    p.ask("top 0")
    c = Line(port + 1, tr, "C")
    c.read_until(b"\n")  # the welcome line
    out = console(c, "list", tr)
    board = next(line.split()[0] for line in out if "board" in line)
    console(c, "service", tr)
    console(c, f"call {board} \"top\", 1", tr)
    console(c, f"ping {board}", tr)
    console(c, "frobnicate", tr)
    console(c, f"exit {board}", tr)
    p.ask("top 5")
    p.s.sendall(b"shutdown\n")
    tr.append(f"P after shutdown: {closed(p.s)}")
    return tr
