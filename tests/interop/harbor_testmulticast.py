#!/usr/bin/env python3
"""harbor_testmulticast: skynet's own test/testmulticast.lua (node 1, the master) and test/testmulticast2.lua
(node 2) in one harbor network, as skynet's users run them: node 1 makes a channel with ten subscribers,
publishes, and leaves the id in the datacenter; node 2 subscribes ten more and itself to that channel,
publishes, unsubscribes, publishes again and deletes it.

Prints every delivery line ("<===", "======>") of both nodes, sorted (subscribers print in any order),
for run_harbor_multicast.sh to compare between runtimes.
usage: harbor_testmulticast.py SKYGLASS SKYNET_DIR NODES   (NODES: the nodes on skynet, "", "1", "2", "12")
KEEP=DIR keeps the configs and the skyglass nodes' traces in DIR.
"""
import os
import queue
import re
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "harbor"))
from harbor_test import free_port, start, wait_for  # noqa: E402
import time  # noqa: E402

# All deliveries take well under a second; a run that misses some ends here.
WAIT = 20

# node 1: 10 subscribers get "Hello World", "Remote message" and "Remote message2";
# node 2: 10 subscribers get the last two. Node 2's main unsubscribes as soon as its
# publish returns, before its own message is back from node 1: it prints nothing
# ("======>" never shows, on skynet either).
WANT = {"1": 30, "2": 20}


def config(path, skynet_dir, harbor, master, address, start_name):
    lines = ["thread = 2", f"harbor = {harbor}", f'master = "{master}"', f'address = "{address}"',
             f'start = "{start_name}"']
    if harbor == 1:
        lines.append(f'standalone = "{master}"')
    if skynet_dir:
        lines += [f'root = "{skynet_dir}/"', 'bootstrap = "snlua bootstrap"',
                  'luaservice = root.."service/?.lua;"..root.."test/?.lua"', 'lualoader = root.."lualib/loader.lua"',
                  'lua_path = root.."lualib/?.lua;"..root.."lualib/?/init.lua"',
                  'lua_cpath = root.."luaclib/?.so"', 'cpath = root.."cservice/?.so"']
    else:
        lines.append(f'luaservice = "{os.environ["SKYNET_TEST_DIR"]}/?.lua"')
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    skyglass, skynet_dir, on_skynet = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    os.environ["SKYNET_TEST_DIR"] = os.path.join(skynet_dir, "test")
    work = os.environ.get("KEEP") or tempfile.mkdtemp(prefix="skyglass-testmc-")
    master = f"127.0.0.1:{free_port()}"
    events, seen, procs = queue.Queue(), [], {}
    out, sys.stdout = sys.stdout, sys.stderr   # the nodes' logs to stderr, the result to stdout

    def node(name, harbor, start_name):
        path = os.path.join(work, f"{name}.config")
        runs_skynet = name in on_skynet
        config(path, skynet_dir if runs_skynet else None, harbor, master, f"127.0.0.1:{free_port()}", start_name)
        command = ["./skynet", path] if runs_skynet else [skyglass, path]
        env = dict(os.environ, SKYGLASS_TRACE=os.path.join(work, name + ".jsonl"))
        procs[name] = start(command, skynet_dir if runs_skynet else work, env, name, events)

    got = {"1": [], "2": []}
    try:
        node("1", 1, "testmulticast")
        wait_for(events, "1", "===>", seen)
        node("2", 2, "testmulticast2")
        deadline = time.monotonic() + WAIT
        while any(len(got[n]) < WANT[n] for n in WANT):
            if time.monotonic() > deadline:
                sys.exit(f"deliveries seen: {dict((n, len(v)) for n, v in got.items())}, want {WANT}")
            try:
                who, line = events.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                sys.exit(f"node {who} ended")
            if "<===" in line or "======>" in line:
                got[who].append(line.strip())
    finally:
        for p in procs.values():
            p.kill()
            p.wait()
        if not os.environ.get("KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    for who in sorted(got):
        for line in sorted(got[who]):
            # the tab between print's values, shown as one space
            print("node %s: %s" % (who, re.sub(r"[ \t]+", " ", line)), file=out)


if __name__ == "__main__":
    main()
