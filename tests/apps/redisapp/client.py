"""client.py: the redis app's clients (a redis-server of its own on a free port):
plain commands, a hash, a wrong-type error, pipelines (one with a failing step),
five coroutines on one connection, and pub/sub pushes to a listening client."""
import os, shutil, socket, subprocess, tempfile, time
from wire import connect, closed

_redis = {}


def prepare():
    """Starts redis-server; returns the config lines the app reads."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    d = tempfile.mkdtemp(prefix="apps.redis.")
    p = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--dir", d], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _redis.update(proc=p, dir=d)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.02)
    return f'redis_port = "{port}"\n'


def cleanup():
    p = _redis.pop("proc", None)
    if p:
        p.kill()
        p.wait()
    shutil.rmtree(_redis.pop("dir", ""), ignore_errors=True)


class Line:
    def __init__(self, port, tr, name):
        self.s, self.tr, self.name, self.buf = connect(port), tr, name, b""

    def ask(self, line, quiet=False):
        self.s.sendall(line.encode() + b"\n")
        return self.read(quiet)

    def read(self, quiet=False):
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.decode()
        if not quiet:
            self.tr.append(f"{self.name} < {line}")
        return line


def run(port):
    tr = []
    a = Line(port, tr, "A")
    b = Line(port, tr, "B")
    for cmd in ["get missing", "set k hello", "get k", "exists k", "exists nope", "hash",
                "wrongtype", "pipe", "burst", "frob"]:
        a.ask(cmd)
    b.ask("listen")
    for _ in range(200):  # until the watcher's subscriptions are in place
        if a.ask("numsub news", quiet=True) == "numsub 1 1":
            break
        time.sleep(0.02)
    a.ask("publish news hi")
    b.read()
    a.ask("publish room.7 go")
    b.read()
    a.ask("publish other nobody")
    a.s.sendall(b"shutdown\n")
    tr.append(f"A after shutdown: {closed(a.s)}")
    return tr
