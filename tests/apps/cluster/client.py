"""client.py: the cluster app: the hall node (main.lua, the runtime under test) and a
game node (gamenode.lua, started here on the same runtime). Calls, a proxy, sends
in order, a call back the other way, a remote error, an unknown name, the game node
killed during a call, a reload to a new game node."""
import os, socket, subprocess, tempfile, threading, time
from wire import connect, closed

APPDIR = os.path.dirname(os.path.abspath(__file__))
_st = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_game(port):
    """A game node on `port`, on the runtime under test; returns (proc, lines)."""
    import app_harness
    # the runtime under test, or the other one (app_harness.py --mixed)
    which = os.environ.get("APP_PEER_RUNTIME") or os.environ["APP_RUNTIME"]
    binary = os.environ.get("APP_PEER_BIN") or os.environ["APP_RUNTIME_BIN"]
    cwd = os.environ.get("APP_PEER_CWD") or os.environ["APP_RUNTIME_CWD"]
    extra = f'cluster = "{_st["nodes"]}"\n'
    conf = os.path.join(_st["dir"], f"game{port}.conf")
    with open(conf, "w") as f:
        if which == "skynet":
            f.write(app_harness.skynet_conf(APPDIR, os.environ["APP_SKYNET_DIR"], 0, extra, "gamenode"))
        else:
            f.write(app_harness.skyglass_conf(APPDIR, 0, extra, "gamenode"))
    rt = app_harness.Runtime([binary, conf], cwd)
    if not rt.wait_for("ready"):
        raise RuntimeError("game node did not start:\n" + "".join(rt.raw))
    return rt


def write_nodes(game_port):
    with open(_st["nodes"], "w") as f:
        f.write(f'hall = "{_st["hall"]}"\ngame = "127.0.0.1:{game_port}"\n')


def prepare():
    _st["dir"] = tempfile.mkdtemp(prefix="apps.cluster.")
    _st["nodes"] = os.path.join(_st["dir"], "nodes.lua")
    _st["hall"] = f"127.0.0.1:{free_port()}"
    _st["game_port"] = free_port()
    write_nodes(_st["game_port"])
    _st["game"] = start_game(_st["game_port"])
    return f'cluster = "{_st["nodes"]}"\nhall_addr = "{_st["hall"]}"\n'


def cleanup():
    for key in ("game", "game2"):
        rt = _st.pop(key, None)
        if rt and rt.proc.poll() is None:
            rt.proc.kill()
            rt.proc.wait()


class Line:
    def __init__(self, port, tr):
        self.s, self.tr, self.buf = connect(port), tr, b""

    def ask(self, line):
        self.s.sendall(line.encode() + b"\n")
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk
        got, self.buf = self.buf.split(b"\n", 1)
        self.tr.append(f"< {got.decode()}")
        return got


def run(port):
    tr = []
    c = Line(port, tr)
    for cmd in ["add ann 10", "add bob 20", "add ann 95", "top", "proxytop", "bump bob", "crash", "nobody",
                "add ann 1"]:
        c.ask(cmd)
    game = _st["game"]
    # the game node dies while the hall waits for "slow"
    c.s.sendall(b"slow\n")
    if not game.wait_for("slow started"):
        tr.append("slow did not start")
    game.proc.kill()
    game.proc.wait()
    while b"\n" not in c.buf:
        chunk = c.s.recv(4096)
        if not chunk:
            break
        c.buf += chunk
    got, c.buf = c.buf.split(b"\n", 1)
    tr.append(f"< {got.decode()}")
    c.ask("add ann 1")
    # a new game node on another port; the hall learns it by cluster.reload
    port2 = free_port()
    write_nodes(port2)
    _st["game2"] = start_game(port2)
    c.ask(f"reload {port2}")
    tr[-1] = tr[-1].replace(str(port2), "PORT")
    c.ask("add cat 5")
    c.ask("top")
    c.s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(c.s)}")
    for key in ("game", "game2"):
        rt = _st[key]
        if rt.proc.poll() is None:
            rt.proc.kill()
            rt.proc.wait()
        rt.finish(timeout=1)
        import app_harness
        for line in app_harness.masked("".join(rt.raw), os.environ.get("APP_SKYNET_DIR") or None, False).splitlines():
            text = line.split("] ", 1)[1] if line.startswith("[:") else line
            if not text.startswith(("LAUNCH", "cluster", "KILL", "socket", "Listen", "ready", "[harness]")):
                tr.append(f"{key} node: {text.rstrip()}")
    return tr
