"""client.py: the realm, two nodes of one harbor network: the gateway (main.lua,
harbor 1, the master; the runtime under test) and a scene node (harbor 2,
started here once the gateway is up, on the same runtime or, with --mixed, the
other). A call to the global name SCENE waits until the scene node registers
it; calls across nodes, a remote raise, the global uniqueservice both nodes
use; the scene node killed (harbor.link returns)."""
import os, socket, tempfile
from wire import connect, closed, Lines

APPDIR = os.path.dirname(os.path.abspath(__file__))
_st = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare():
    _st["dir"] = tempfile.mkdtemp(prefix="apps.realm.")
    _st["master"] = f"127.0.0.1:{free_port()}"
    return (f'harbor = 1\nstandalone = "{_st["master"]}"\nmaster = "{_st["master"]}"\n'
            f'address = "127.0.0.1:{free_port()}"\n')


def start_scene():
    import app_harness
    which = os.environ.get("APP_PEER_RUNTIME") or os.environ["APP_RUNTIME"]
    binary = os.environ.get("APP_PEER_BIN") or os.environ["APP_RUNTIME_BIN"]
    cwd = os.environ.get("APP_PEER_CWD") or os.environ["APP_RUNTIME_CWD"]
    extra = f'harbor = 2\nmaster = "{_st["master"]}"\naddress = "127.0.0.1:{free_port()}"\n'
    conf = os.path.join(_st["dir"], "scene.conf")
    with open(conf, "w") as f:
        if which == "skynet":
            f.write(app_harness.skynet_conf(APPDIR, os.environ["APP_SKYNET_DIR"], 0, extra, "scenenode"))
        else:
            f.write(app_harness.skyglass_conf(APPDIR, 0, extra, "scenenode"))
    rt = app_harness.Runtime([binary, conf], cwd)
    if not rt.wait_for("ready"):
        raise RuntimeError("scene node did not start:\n" + "".join(rt.raw))
    _st["scene"] = rt
    return rt


def cleanup():
    rt = _st.pop("scene", None)
    if rt and rt.proc.poll() is None:
        rt.proc.kill()
        rt.proc.wait()


def run(port):
    tr = []
    a, b = connect(port), connect(port)
    la, lb = Lines(a), Lines(b)

    def ask(l, line):
        tr.append(("A " if l is la else "B ") + line + " < " + l.ask(line))

    ask(lb, "link")
    ask(lb, "world")
    a.sendall(b"enter ann\n")  # waits: nobody has registered SCENE yet
    a.settimeout(0.3)
    try:
        tr.append("A early: " + repr(a.recv(100)))
    except TimeoutError:
        tr.append("A early: nothing yet")
    a.settimeout(3)
    start_scene()
    la.buf = b""
    while b"\n" not in la.buf:
        la.buf += a.recv(4096)
    got, la.buf = la.buf.split(b"\n", 1)
    tr.append("A enter ann < " + got.decode())
    ask(lb, "enter bob")
    ask(la, "where ann")
    ask(la, "where cat")
    ask(lb, "boom bad")
    ask(lb, "world")
    ask(la, "names")
    for _ in range(200):  # until the gateway has seen the scene node join
        if la.ask("link") == "scene node up":
            break
    ask(la, "link")
    rt = _st.pop("scene")
    rt.proc.kill()
    rt.proc.wait()
    for _ in range(200):  # until harbor.link has returned
        if la.ask("link") == "scene node down":
            break
    ask(la, "link")
    ask(lb, "world")
    a.sendall(b"shutdown\n")
    tr.append(f"A after shutdown: {closed(a)}")
    return tr
