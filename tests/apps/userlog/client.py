"""client.py: the userlog app's client: lines to log, a SIGHUP to the process
(the logger's PTYPE_SYSTEM), then the shutdown."""
import os, signal, time
from wire import connect, closed

CONFIG = 'logger = "applog"\nlogservice = "snlua"\n'


def prepare():
    return CONFIG


def run(port):
    tr = []
    s = connect(port)
    buf = b""

    def ask(line):
        nonlocal buf
        s.sendall(line.encode() + b"\n")
        while b"\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            buf += chunk
        got, buf = buf.split(b"\n", 1)
        tr.append(f"{line} < {got.decode()}")

    ask("first")
    os.kill(int(os.environ["APP_PID"]), signal.SIGHUP)
    for _ in range(200):  # until the logger has had it (bounded)
        s.sendall(b"hups\n")
        while b"\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            buf += chunk
        got, buf = buf.split(b"\n", 1)
        if got == b"hups 1":
            break
        time.sleep(0.01)
    tr.append(f"after SIGHUP: {got.decode()}")
    ask("second")
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
