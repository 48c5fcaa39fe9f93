"""client.py: the key-value client's admin, and the backend (a Python server
on a free port speaking "<session> <command> <arg>" lines): sets and gets, an
error answer, a slow answer overtaken by a quick one (session mode), the
backend dropping the connection with a request pending (the request fails, the
channel reconnects and authenticates again), the channel closed."""
import threading
from wire import Backend, connect, closed, Lines

_kv = {"data": {}}


def _serve(conn):
    buf = b""
    lock = threading.Lock()

    def send(line):
        with lock:
            try:
                conn.sendall(line.encode() + b"\n")
            except OSError:
                pass

    while True:
        try:
            chunk = conn.recv(4096)
        except OSError:
            return
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            sess, cmd, arg = (line.decode().split(" ", 2) + ["", ""])[:3]
            if cmd == "auth":
                send(f"{sess} ok welcome")
            elif cmd == "set":
                k, _, v = arg.partition("=")
                _kv["data"][k] = v
                send(f"{sess} ok stored {k}")
            elif cmd == "get":
                send(f"{sess} ok {_kv['data'].get(arg, 'nil')}")
            elif cmd == "fail":
                send(f"{sess} err no such thing as {arg}")
            elif cmd == "slow":
                # answered 0.3 s later, from another thread: later requests overtake it
                threading.Timer(0.3, send, (f"{sess} ok slow {arg}",)).start()
            elif cmd == "drop":
                conn.close()
                return


_server = Backend(_serve)


def prepare():
    return _server.start("kv_port")


def cleanup():
    _server.stop()


def run(port):
    tr = []
    l = Lines(connect(port))
    for line in ["auths", "set a=1", "get a", "get b", "fail x", "both a", "drop now", "auths", "get a",
                 "auths", "close", "get a", "bogus"]:
        tr.append(l.ask(line))
    l.s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(l.s)}")
    return tr
