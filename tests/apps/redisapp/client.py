"""client.py: the redis app's clients (a redis-server of its own on a free port):
plain commands, a hash, a wrong-type error, pipelines (one with a failing step),
five coroutines on one connection, and pub/sub pushes to a listening client."""
import time
from wire import connect, closed, RedisServer

_redis = RedisServer()


def prepare():
    """Starts redis-server; returns the config lines the app reads."""
    return f'redis_port = "{_redis.start()}"\n'


def cleanup():
    _redis.stop()


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
