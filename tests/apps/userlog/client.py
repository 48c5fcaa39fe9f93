"""client.py: the userlog app's client: lines to log, a SIGHUP to the process
(the logger's PTYPE_SYSTEM), then the shutdown."""
import os, signal, time
from wire import connect, closed, Lines

CONFIG = 'logger = "applog"\nlogservice = "snlua"\n'


def prepare():
    return CONFIG


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)

    def ask(line):
        tr.append(f"{line} < {lines.ask(line)}")

    ask("first")
    os.kill(int(os.environ["APP_PID"]), signal.SIGHUP)
    for _ in range(200):  # until the logger has had it (bounded)
        got = lines.ask("hups")
        if got == "hups 1":
            break
        time.sleep(0.01)
    tr.append(f"after SIGHUP: {got}")
    ask("second")
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
