#!/usr/bin/env python3
# test_house_rules: feeds check_house_rules.py a tree that breaks each rule once, and a clean one.
import os
import subprocess
import sys
import tempfile

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "check_house_rules.py")


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def run(root):
    r = subprocess.run([sys.executable, CHECK, root], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout


def main():
    failures = []
    with tempfile.TemporaryDirectory() as clean:
        write(clean, "kernel/a.cpp", '// a: a kernel file\n#include "kernel/b.h"\n#include "trace/schema.h"\n')
        write(clean, "lua/l.cpp", '// l: a binding\n#include "net/skynet_socket.h"\n')
        write(clean, "lua/lualib/x.lua", "-- x: a Lua library\nreturn {}\n")
        code, out = run(clean)
        if code != 0:
            failures.append(f"a clean tree was rejected:\n{out}")
    with tempfile.TemporaryDirectory() as bad:
        write(bad, "kernel/a.cpp", '// a: a kernel file\n#include "net/skynet_socket.h"\n')
        write(bad, "kernel/b.cpp", "#include <cstdio>\n")
        write(bad, "net/c.cpp", "// c: too long\n" + "int x;\n" * 700)
        write(bad, "lua/d.cpp", '// d: a binding\n#include "net/socket_server.h"\n')
        write(bad, "tools/e.cpp", '// e: a tool\n#include "viewer/app/panels.h"\n')
        write(bad, "kernel/f.cpp", '// f: a kernel file\n#include "trace/trace_model.h"\n')
        write(bad, "lua/service/g.lua", "local x = 1\n")
        code, out = run(bad)
        if code == 0:
            failures.append("a violating tree passed")
        for expect in ['kernel/a.cpp:2: layers', 'kernel/b.cpp:1: purpose', 'net/c.cpp: budget: 701 lines',
                       'lua/d.cpp:2: layers', 'tools/e.cpp:2: layers', 'kernel/f.cpp:2: layers',
                       'lua/service/g.lua:1: purpose']:
            if expect not in out:
                failures.append(f"not reported: {expect}\n{out}")
    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
