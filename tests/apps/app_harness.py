"""app_harness: run one small skynet application (a folder of services, main.lua
as `start`) on a runtime, drive it with the folder's client.py over real TCP on
127.0.0.1, and compare what the runtime logs and what the client receives.

  app_harness.py --skynet DIR --skyglass BIN APPDIR     run both, diff
  app_harness.py --skynet DIR --golden APPDIR           write skynet's as golden
  app_harness.py --skyglass BIN APPDIR                  compare with the golden (ctest)

client.py defines run(port), and may define prepare() (starts what the app
needs, e.g. a redis-server; returns extra config lines) and cleanup().
run(port) -> list of transcript lines (it raises or records a
line when something does not come within its timeout). The app logs "ready"
(that line alone) once it listens on the config's app_port, and ends itself with skynet.abort()
when the client is done. Logs are masked as tests/compat masks them, and
compared with tests/compat/same_log.py: only the interleaving of lines written
by different services may differ.
"""
import argparse, importlib.util, os, queue, re, socket, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(os.path.dirname(HERE))


def free_port():
    """A port p with p and p + 1 free (an app may listen on both)."""
    for _ in range(50):
        with socket.socket() as s, socket.socket() as t:
            s.bind(("127.0.0.1", 0))
            p = s.getsockname()[1]
            try:
                t.bind(("127.0.0.1", p + 1))
            except OSError:
                continue
            return p
    raise RuntimeError("no two free ports in a row")


def skyglass_conf(appdir, port, extra, start="main"):
    d = os.path.relpath(appdir, CHECKOUT) + "/?.lua"
    return (f'harbor = 0\nthread = 2\nstart = "{start}"\nsnax = "{d}"\n'
            f'luaservice = "{d}"\nlua_path = "{d}"\napp_port = "{port}"\napp_port2 = "{port + 1}"\n' + extra)


def skynet_conf(appdir, ref, port, extra, start="main"):
    d = appdir + "/?.lua"
    return (f'harbor = 0\nthread = 2\nstart = "{start}"\nsnax = "{d}"\nroot = "{ref}/"\n'
            'bootstrap = "snlua bootstrap"\ncpath = root.."cservice/?.so"\n'
            f'luaservice = "{d};"..root.."service/?.lua"\n'
            'lualoader = root.."lualib/loader.lua"\n'
            f'lua_path = "{d};"..root.."lualib/?.lua;"..root.."lualib/?/init.lua"\n'
            f'lua_cpath = root.."luaclib/?.so"\napp_port = "{port}"\napp_port2 = "{port + 1}"\n' + extra)


class Runtime:
    """One runtime process with its log read line by line on a thread."""

    def __init__(self, argv, cwd):
        self.proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.lines = queue.Queue()
        self.raw = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line.decode("utf-8", "replace"))
        self.lines.put(None)

    def wait_for(self, word, timeout=10):
        """Reads log lines until one holding `word`; "ready" must be the whole text
        after the [:address] prefix (and userlog's "#N " sequence number), since
        a harbor node's cslave logs "Shakehand ready" before the app is up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.raw.append(line)
            text = line.split("] ", 1)[-1].strip()
            if re.fullmatch(r"(#\d+ )?ready", text) if word == "ready" else word in line:
                return True
        return False

    def finish(self, timeout=5):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.raw.append("[harness] killed: the app did not end itself\n")
        while True:
            try:
                line = self.lines.get(timeout=2)
            except queue.Empty:
                break
            if line is None:
                break
            self.raw.append(line)


def load_client(appdir):
    spec = importlib.util.spec_from_file_location("app_client", os.path.join(appdir, "client.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, HERE)
    spec.loader.exec_module(mod)
    return mod


def run_app(appdir, which, binary, ref):
    """Runs the app once; returns (raw log text, transcript lines)."""
    client = load_client(appdir)
    port = free_port()
    # what a client.py that starts more nodes of the same runtime needs
    os.environ.update(APP_RUNTIME=which, APP_RUNTIME_BIN=binary, APP_RUNTIME_CWD=ref if which == "skynet" else CHECKOUT,
                      APP_SKYNET_DIR=ref or "")
    extra = client.prepare() if hasattr(client, "prepare") else ""
    tmp = tempfile.mkdtemp(prefix="app.")
    conf = os.path.join(tmp, "config")
    with open(conf, "w") as f:
        if which == "skynet":
            f.write(skynet_conf(appdir, ref, port, extra))
        else:
            f.write(skyglass_conf(appdir, port, extra))
    rt = Runtime([binary, conf], ref if which == "skynet" else CHECKOUT)
    os.environ["APP_PID"] = str(rt.proc.pid)  # for a client that signals the app
    transcript = []
    try:
        if not rt.wait_for("ready"):
            transcript.append("app did not log ready")
        else:
            try:
                transcript = client.run(port)
            except Exception as e:  # the transcript says what went wrong; the diff shows it
                transcript.append(f"client failed: {type(e).__name__}: {e}")
    finally:
        rt.finish()
        if hasattr(client, "cleanup"):
            client.cleanup()
    # one line per entry, as the golden file stores it
    transcript = [line.replace("\n", "\\n") for line in transcript]
    return "".join(rt.raw), transcript


def masked(raw, ref, marked):
    """The log masked by tests/compat/compat_lib.sh's mask; `marked` puts the
    @@ENTRY marker same_log.py uses before each entry."""
    if marked:
        import re
        raw = re.sub(r"(?m)^\[:([0-9a-f]{8})\]",
                     lambda m: "@@ENTRY " + m.group(1).translate(str.maketrans("0123456789", "ghijklmnop"))
                     + "@@\n" + m.group(0), raw)
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write(raw)
    script = f'here="{CHECKOUT}"; ref="{ref or ""}"; . "$here/tests/compat/compat_lib.sh"; mask "{f.name}"'
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True).stdout
    os.unlink(f.name)
    return out


def compare(name, want_log, got_marked, want_tr, got_tr):
    ok = True
    with tempfile.NamedTemporaryFile("w", delete=False) as g, \
            tempfile.NamedTemporaryFile("w", delete=False) as m:
        g.write(want_log)
        m.write(got_marked)
    r = subprocess.run([sys.executable, os.path.join(CHECKOUT, "tests/compat/same_log.py"), g.name, m.name],
                       capture_output=True, text=True)
    os.unlink(g.name)
    os.unlink(m.name)
    if r.returncode != 0:
        ok = False
        print(f"LOG DIFFERS ({name}):\n{r.stdout}{r.stderr}")
    if want_tr != got_tr:
        ok = False
        import difflib
        print(f"TRANSCRIPT DIFFERS ({name}) (- skynet, + skyglass):")
        print("\n".join(difflib.unified_diff(want_tr, got_tr, lineterm="")))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--skynet")
    ap.add_argument("--skyglass")
    ap.add_argument("--golden", action="store_true")
    ap.add_argument("--keep", help="folder to write raw logs and transcripts into")
    ap.add_argument("--mixed", action="store_true",
                    help="with --skynet and --skyglass: the app's other nodes (client.py's) run on the "
                         "other runtime, both ways round, each compared with skynet alone")
    ap.add_argument("appdir")
    a = ap.parse_args()
    if a.skyglass:  # a client that is itself a skynet program runs on this skyglass
        os.environ["APP_SKYGLASS"] = os.path.abspath(a.skyglass)
    appdir = os.path.abspath(a.appdir)
    name = os.path.basename(appdir)
    ref = os.path.abspath(a.skynet) if a.skynet else None
    gl, gt = os.path.join(appdir, "golden.log"), os.path.join(appdir, "golden.transcript")
    if ref:
        raw, tr = run_app(appdir, "skynet", os.path.join(ref, "skynet"), ref)
        want_log, want_tr = masked(raw, ref, False), tr
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            open(os.path.join(a.keep, "skynet.raw"), "w").write(raw)
            open(os.path.join(a.keep, "skynet.transcript"), "w").write("\n".join(tr) + "\n")
        if a.golden:
            open(gl, "w").write(want_log)
            open(gt, "w").write("\n".join(tr) + "\n")
            print(f"golden written: {name} ({len(tr)} transcript lines)")
            return 0
    else:
        want_log = open(gl).read()
        want_tr = open(gt).read().splitlines()
    if a.mixed:
        ok = True
        runtimes = {"skynet": (os.path.join(ref, "skynet"), ref), "skyglass": (os.path.abspath(a.skyglass), CHECKOUT)}
        for main_rt, peer_rt in (("skyglass", "skynet"), ("skynet", "skyglass")):
            os.environ.update(APP_PEER_RUNTIME=peer_rt, APP_PEER_BIN=runtimes[peer_rt][0],
                              APP_PEER_CWD=runtimes[peer_rt][1])
            raw, tr = run_app(appdir, main_rt, runtimes[main_rt][0], ref)
            label = f"{name}, main on {main_rt}, peers on {peer_rt}"
            if compare(label, want_log, masked(raw, ref, True), want_tr, tr):
                print(f"same: {label} ({len(tr)} transcript lines)")
            else:
                ok = False
        return 0 if ok else 1
    raw, tr = run_app(appdir, "skyglass", os.path.abspath(a.skyglass), ref)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        open(os.path.join(a.keep, "skyglass.raw"), "w").write(raw)
        open(os.path.join(a.keep, "skyglass.transcript"), "w").write("\n".join(tr) + "\n")
    if compare(name, want_log, masked(raw, ref, True), want_tr, tr):
        print(f"same: {name} ({len(tr)} transcript lines)")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
