#!/usr/bin/env python3
"""harbor_test: three skyglass processes on 127.0.0.1 as one harbor network.

Node a is harbor 1 and the master (standalone); node c (harbor 3) joins, then
node b (harbor 2), which runs the cases (node_b.lua). The driver picks free
ports, acts on the lines the nodes log (kills c on KILL_C, a on KILL_A) and
checks the log lines skynet writes for what happened. b's exit status is the
test's. usage: harbor_test.py path/to/skyglass [SKYNET_DIR NODES]

With SKYNET_DIR (a built skynet) and NODES (letters, e.g. "ac"), those nodes
run on skynet instead (tests/interop/run_harbor.sh): the same cases, the
same bytes between them.
"""
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# HARBOR_BENCH=1: node b runs bench_b.lua (timed calls and sends to node a) instead of the cases.
BENCH = os.environ.get("HARBOR_BENCH") == "1"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEADLINE = time.monotonic() + 120  # generous: CI also runs this under TSan


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def skynet_config(skynet_dir, work, name, harbor, env):
    """A config for a node on skynet: its own paths, our test services."""
    here = os.path.join(ROOT, "tests", "harbor")
    lines = [f'root = "{skynet_dir}/"', "thread = 2", f"harbor = {harbor}",
             f'master = "{env["MASTER"]}"', f'address = "{env["ADDRESS"]}"', f'start = "{env["START"]}"',
             'bootstrap = "snlua bootstrap"', f'luaservice = root.."service/?.lua;{here}/?.lua"',
             'lualoader = root.."lualib/loader.lua"',
             f'lua_path = root.."lualib/?.lua;"..root.."lualib/?/init.lua;{here}/?.lua"',
             'lua_cpath = root.."luaclib/?.so"', 'cpath = root.."cservice/?.so"',
             'harbor_test_runtime = "skynet"']
    if harbor == 1:
        lines.append(f'standalone = "{env["MASTER"]}"')
    path = os.path.join(work, f"{name}.config")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def start(command, cwd, env, name, events):
    proc = subprocess.Popen(command, cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def pump():
        for line in proc.stdout:
            sys.stdout.write(f"[{name}] {line}")
            events.put((name, line))
        events.put((name, None))

    threading.Thread(target=pump, daemon=True).start()
    return proc


def start_node(run, name, harbor, start_script, trace=None):
    """Node `name` with harbor id `harbor`, running service `start_script`: on skynet when its name is in
    run["on_skynet"], else on skyglass (the master's config for harbor 1). `run` holds skyglass, skynet_dir,
    on_skynet, work, master, events and procs (where the process is kept)."""
    env = dict(os.environ, MASTER=run["master"], ADDRESS=f"127.0.0.1:{free_port()}",
               START=start_script, HARBOR=str(harbor))
    if trace:
        env["SKYGLASS_TRACE"] = trace
    if name in run["on_skynet"]:
        config = skynet_config(run["skynet_dir"], run["work"], name, harbor, env)
        run["procs"][name] = start(["./skynet", config], run["skynet_dir"], env, name, run["events"])
    else:
        config = "tests/harbor/config_master.lua" if harbor == 1 else "tests/harbor/config_slave.lua"
        run["procs"][name] = start([run["skyglass"], config], ROOT, env, name, run["events"])


def wait_for(events, who, word, seen):
    while time.monotonic() < DEADLINE:
        try:
            name, line = events.get(timeout=1)
        except queue.Empty:
            continue
        seen.append((name, line or ""))
        if name == who and line and word in line:
            return
        if name == who and line is None:
            sys.exit(f"node {who} ended before {word}")
    sys.exit(f"node {who} did not log {word} in time")


def main():
    skyglass = os.path.abspath(sys.argv[1])
    skynet_dir = os.path.abspath(sys.argv[2]) if len(sys.argv) > 3 else None
    on_skynet = sys.argv[3] if len(sys.argv) > 3 else ""
    work = tempfile.mkdtemp(prefix="skyglass-harbor-")
    master = f"127.0.0.1:{free_port()}"
    events = queue.Queue()
    seen = []
    procs = {}

    run = dict(skyglass=skyglass, skynet_dir=skynet_dir, on_skynet=on_skynet, work=work, master=master,
               events=events, procs=procs)

    def node(name, harbor, start_script):
        # b's trace: the harbor events, checked below
        start_node(run, name, harbor, start_script,
                   os.path.join(work, "b.jsonl") if name == "b" and not BENCH else None)

    status = None
    try:
        node("a", 1, "node_a")
        wait_for(events, "a", "HARBOR_A_READY", seen)
        if BENCH:
            node("b", 2, "bench_b")
        else:
            node("c", 3, "node_c")
            wait_for(events, "c", "HARBOR_C_READY", seen)
            node("b", 2, "node_b")
        while time.monotonic() < DEADLINE:
            try:
                who, line = events.get(timeout=1)
            except queue.Empty:
                continue
            seen.append((who, line or ""))
            if who == "b" and line and "KILL_C" in line:
                procs["c"].send_signal(signal.SIGKILL)
            elif who == "b" and line and "KILL_A" in line:
                # the master saw c leave (a line b does not wait for) before it goes too
                if not any(w == "a" and "slave 3 is down" in l for w, l in seen):
                    wait_for(events, "a", "slave 3 is down", seen)
                procs["a"].send_signal(signal.SIGKILL)
            elif who == "b" and line and "HARBOR_B_DONE" in line and "b" in on_skynet:
                status = 0  # skynet's node b stays up (node_b.lua)
                break
            elif who == "b" and line is None:
                status = procs["b"].wait()
                break
    finally:
        for name, p in procs.items():
            if p.poll() is None:
                p.kill()
            elif p.returncode not in (0, -9) and name != "b":
                print(f"node {name} ended with status {p.returncode}")
            p.wait()
    if status is None:
        sys.exit("node b did not finish in time")
    if status != 0:
        sys.exit(status)
    if any(w == "b" and "FAILED" in line for w, line in seen):
        sys.exit("a case failed")
    if BENCH:
        print("".join(line for w, line in seen if w == "b" and "BENCH" in line), end="")
        shutil.rmtree(work, ignore_errors=True)
        return
    # skynet's lines for what the cases did
    for who, words in [("a", "Harbor 3 (fd="), ("a", "Harbor 2 (fd="), ("b", "Waiting for 2 harbors"),
                       ("b", "Harbor 1 connected"), ("b", "Harbor 3 connected"),
                       ("c", "Connect to harbor 2"), ("a", "slave 3 is down"),
                       ("a", "Unknown destination :1000fff"),
                       ("b", "Master disconnect"), ("b", "HARBOR_B_DONE")]:
        if not any(w == who and words in line for w, line in seen):
            sys.exit(f"node {who} did not log {words!r}")
    # skynet keeps writing to a node that left, so only skyglass drops with a line
    if "b" not in on_skynet:
        words = "Drop message to harbor 3"
        if not any(w == "b" and words in line for w, line in seen):
            sys.exit(f"node b did not log {words!r}")
    if "b" not in on_skynet:
        # a message out to harbor 1 and one in from it, in the trace
        with open(os.path.join(work, "b.jsonl")) as f:
            events = [line for line in f if '"ev":"harbor"' in line]
        for out in ("true", "false"):
            if not any(f'"out":{out}' in e and '"type":10' in e for e in events):
                sys.exit(f"no harbor event with out={out} in node b's trace")
    shutil.rmtree(work, ignore_errors=True)
    print("harbor_test: ok")


if __name__ == "__main__":
    main()
