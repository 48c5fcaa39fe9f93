#!/usr/bin/env python3
# check_house_rules: the include layering, the purpose comment atop every source file, and the 600-line budget.
"""Usage: check_house_rules.py [ROOT]   (ROOT defaults to the repository)

Prints one line per violation and exits 1 when there is any. The rules
(docs/architecture.md explains them):

  layers   kernel includes nothing from net/, lua/, viewer/, tools/, and from
           trace/ only schema.h; net/ nothing from lua/, viewer/, tools/ (trace/:
           schema.h only); lua/ reaches sockets only through net/skynet_socket.h
           and net/netpack.h, nothing from viewer/ or tools/ (trace/: schema.h
           only); trace/ includes nothing of the runtime or the viewer; nothing
           outside viewer/ includes viewer/.
  purpose  every .cpp, .h and .lua file starts with a comment line that says
           what the file is for (`// name: ...` or `-- ...`).
  headers  no `using namespace` in a header.
  budget   runtime files (kernel/, net/, lua/ with lualib/ and service/) stay
           under 600 lines.
"""
import os
import re
import sys

BUDGET = 600
RUNTIME_DIRS = ("kernel", "net", "lua")
# Files allowed over the budget for now, each with the reason. A listed file
# that is back under the budget is reported so that the entry is removed.
BUDGET_EXCEPTIONS = {}
SKIP_DIRS = {"build", ".git", "node_modules"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def allowed_include(top, target):
    """Whether a file under top-level folder `top` may include `target`."""
    other = target.split("/", 1)[0]
    if top in ("kernel", "net", "lua"):
        if other == "trace":
            return target == "trace/schema.h"
        if other in ("viewer", "tools"):
            return False
        if top == "kernel":
            return other not in ("net", "lua")
        if top == "net":
            return other != "lua"
        if top == "lua" and other == "net":
            return target in ("net/skynet_socket.h", "net/netpack.h")
        return True
    if top == "trace":
        return other not in ("kernel", "net", "lua", "viewer", "tools")
    if other == "viewer":
        # The viewer's own tests and benchmarks may reach into it.
        return top == "viewer" or top == "tests"
    if top == "tools":
        return other != "viewer"
    return True


def source_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "build-"))]
        for name in filenames:
            if name.endswith((".cpp", ".h", ".lua")):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, root).replace(os.sep, "/"), path


def check(root):
    problems = []
    for rel, path in sorted(source_files(root)):
        top = rel.split("/", 1)[0] if "/" in rel else ""
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().split("\n")
        except OSError as e:
            problems.append(f"{rel}: cannot read: {e}")
            continue
        first = lines[0] if lines else ""
        marker = "--" if rel.endswith(".lua") else "//"
        if not first.startswith(marker) or len(first.strip(marker + " !")) < 8:
            problems.append(f"{rel}:1: purpose: the first line must be a comment saying what the file is for")
        if rel.endswith(".h"):
            for n, line in enumerate(lines, 1):
                if re.match(r"^\s*using\s+namespace\b", line):
                    problems.append(f"{rel}:{n}: headers: no `using namespace` in a header")
        if not rel.endswith(".lua"):
            for n, line in enumerate(lines, 1):
                m = INCLUDE.match(line)
                if m and "/" in m.group(1) and not allowed_include(top, m.group(1)):
                    problems.append(f"{rel}:{n}: layers: {top}/ may not include \"{m.group(1)}\"")
        count = len(lines) - (1 if lines and lines[-1] == "" else 0)
        if top in RUNTIME_DIRS:
            if count > BUDGET and rel not in BUDGET_EXCEPTIONS:
                problems.append(f"{rel}: budget: {count} lines, over the {BUDGET}-line budget of runtime files")
            if count <= BUDGET and rel in BUDGET_EXCEPTIONS:
                print(f"note: {rel} is under the budget now; remove it from BUDGET_EXCEPTIONS")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_house_rules: {len(problems)} problem(s) in {root}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
