#!/usr/bin/env python3
"""check_lesson: runs a lesson headless and checks that its steps happen in order in the trace.

A step matches the first event, after the previous step's event, whose fields
equal every field of its "match" ("$name" means a value captured by an earlier
step's "capture": {name: field}; a string ending in "*" matches by prefix).
Every "tag" must appear in the lesson's
sources or the runtime's, so the viewer can show the code beside the step.
"""
import json, os, subprocess, sys, tempfile


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def matches(event, want):
    for key, value in want.items():
        got = event.get(key)
        if isinstance(value, str) and value.endswith("*"):
            if not isinstance(got, str) or not got.startswith(value[:-1]):
                return False
        elif got != value:
            return False
    return True


def main():
    skyglass, lesson = sys.argv[1], sys.argv[2]
    steps = json.load(open(os.path.join(lesson, "steps.json")))["steps"]
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.jsonl")
        env = dict(os.environ, SKYGLASS_TRACE=trace)
        run = subprocess.run([skyglass, os.path.join(lesson, "config.lua")], env=env,
                             capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            fail(f"lesson exited {run.returncode}: {run.stdout}{run.stderr}")
        events = [json.loads(line) for line in open(trace)]
    events.sort(key=lambda e: e["t"])

    captured, at = {}, 0
    for number, step in enumerate(steps, 1):
        want = {k: (captured[v[1:]] if isinstance(v, str) and v.startswith("$") else v)
                for k, v in step["match"].items()}
        while at < len(events) and not matches(events[at], want):
            at += 1
        if at == len(events):
            fail(f"step {number} ({step['text']}) never happened: no event {want}")
        for name, field in step.get("capture", {}).items():
            captured[name] = events[at][field]
        print(f"ok step {number}: {step['text']}")
        at += 1

    roots = [lesson, "lua", "kernel", "net"]
    for step in steps:
        tag = step.get("tag")
        if not tag:
            continue
        found = False
        for root in roots:
            for dirpath, _, files in os.walk(root):
                for f in files:
                    if f.endswith((".lua", ".cpp", ".h")):
                        if tag + ":" in open(os.path.join(dirpath, f), errors="replace").read():
                            found = True
        if not found:
            fail(f"tag '{tag}' is not marked in any source file")
    print(f"ok: {lesson}: {len(steps)} steps in order")


if __name__ == "__main__":
    main()
