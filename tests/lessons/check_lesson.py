#!/usr/bin/env python3
"""check_lesson: runs a lesson headless and checks that its steps happen in order in the trace.

A step matches the first event, after the previous step's event, whose fields
equal every field of its "match" ("$name" means a value captured by an earlier
step's "capture": {name: field}; a string ending in "*" matches by prefix).
Every "tag" must appear in the lesson's sources or the runtime's, so the viewer
can show the code beside the step.

    check_lesson.py SKYGLASS LESSON_DIR            the test: trace to a temporary file, check afterwards
    check_lesson.py --live SKYGLASS LESSON_DIR     `make lesson`: trace to the config's path, print each
                                                   step as it happens, then the summary and the viewer line
    check_lesson.py --live --trace FILE ...        the same, with the trace in FILE

A lesson must finish within LESSON_BUDGET seconds (20 unless the environment
says otherwise; sanitizer runs may raise it).
"""
import json, os, re, subprocess, sys, tempfile, time

# Events reach the file from per-thread rings, so they are only nearly in time
# order. While following a live run, an event is treated as settled once the
# trace has moved this far past it (nanoseconds).
SETTLE_NS = 50_000_000


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


class Stepper:
    """Walks the steps over events given in time order, remembering captures."""

    def __init__(self, steps, on_step):
        self.steps, self.on_step = steps, on_step
        self.captured, self.number = {}, 0

    def want(self):
        step = self.steps[self.number]
        return {k: (self.captured[v[1:]] if isinstance(v, str) and v.startswith("$") else v)
                for k, v in step["match"].items()}

    def feed(self, event):
        if self.number < len(self.steps) and matches(event, self.want()):
            step = self.steps[self.number]
            for name, field in step.get("capture", {}).items():
                self.captured[name] = event[field]
            self.number += 1
            self.on_step(self.number, step, event)

    def done(self):
        return self.number == len(self.steps)


def check_tags(lesson, steps):
    roots = [lesson, "lua", "kernel", "net", "tests/bench"]
    sources = []
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for f in files:
                if f.endswith((".lua", ".cpp", ".h")):
                    sources.append(open(os.path.join(dirpath, f), errors="replace").read())
    for step in steps:
        tag = step.get("tag")
        if tag and not any(tag + ":" in text for text in sources):
            fail(f"tag '{tag}' is not marked in any source file")


def budget():
    return float(os.environ.get("LESSON_BUDGET", "20"))


def run_checked(skyglass, lesson, steps):
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.jsonl")
        env = dict(os.environ, SKYGLASS_TRACE=trace)
        started = time.monotonic()
        run = subprocess.run([skyglass, os.path.join(lesson, "config.lua")], env=env,
                             capture_output=True, text=True, timeout=max(60, 3 * budget()))
        elapsed = time.monotonic() - started
        if run.returncode != 0:
            fail(f"lesson exited {run.returncode}: {run.stdout}{run.stderr}")
        if elapsed > budget():
            fail(f"lesson took {elapsed:.1f} s, over its {budget():.0f} s budget")
        events = [json.loads(line) for line in open(trace)]
    events.sort(key=lambda e: e["t"])

    stepper = Stepper(steps, lambda n, step, ev: print(f"ok step {n}: {step['text']}"))
    for event in events:
        stepper.feed(event)
        if stepper.done():
            break
    if not stepper.done():
        step = steps[stepper.number]
        fail(f"step {stepper.number + 1} ({step['text']}) never happened: no event {stepper.want()}")
    return elapsed


def config_trace(lesson):
    text = open(os.path.join(lesson, "config.lua")).read()
    m = re.search(r'^trace\s*=\s*"([^"]*)"', text, re.M)
    return m.group(1) if m else "run/lesson.jsonl"


def run_live(skyglass, lesson, steps, title, trace=None):
    trace = trace or config_trace(lesson)
    os.makedirs(os.path.dirname(trace) or ".", exist_ok=True)
    if os.path.exists(trace):
        os.remove(trace)
    print(f"== {title}")
    print(f"   running {lesson}/config.lua headless; each step prints as it happens\n")

    def show(n, step, event):
        tag = f"   [{step['tag']}]" if step.get("tag") else ""
        fields = {k: v for k, v in event.items() if k != "t"}
        print(f"{n:2}. {step['text']}{tag}\n      at {event['t'] / 1e6:.3f} ms: {json.dumps(fields)}", flush=True)

    stepper = Stepper(steps, show)
    env = dict(os.environ, SKYGLASS_TRACE=trace)
    log = open(trace + ".log", "w")
    started = time.monotonic()
    proc = subprocess.Popen([skyglass, os.path.join(lesson, "config.lua")], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    pending, partial, latest, offset = [], "", 0, 0
    while True:
        finished = proc.poll() is not None
        if os.path.exists(trace):
            with open(trace) as f:
                f.seek(offset)
                chunk = f.read()
                offset = f.tell()
            lines = (partial + chunk).split("\n")
            partial = lines.pop()
            for line in lines:
                if line:
                    event = json.loads(line)
                    latest = max(latest, event["t"])
                    pending.append(event)
        pending.sort(key=lambda e: e["t"])
        cut = len(pending) if finished else sum(1 for e in pending if e["t"] < latest - SETTLE_NS)
        for event in pending[:cut]:
            stepper.feed(event)
        del pending[:cut]
        if finished:
            break
        if time.monotonic() - started > 3 * budget():
            proc.kill()
            fail(f"lesson still running after {3 * budget():.0f} s")
        time.sleep(0.05)
    log.close()
    if proc.returncode != 0:
        fail(f"lesson exited {proc.returncode}; its log is {trace}.log")
    if not stepper.done():
        step = steps[stepper.number]
        fail(f"step {stepper.number + 1} ({step['text']}) never happened: no event {stepper.want()}")
    print(f"\nall {len(steps)} steps happened in order ({time.monotonic() - started:.1f} s)")
    print(f"runtime log: {trace}.log\n")
    subprocess.run([skyglass, "trace", "summary", trace])
    build = os.path.dirname(skyglass)
    print(f"\nopen it in the viewer with its steps (needs a display):")
    print(f"  {build}/skyglass-view {trace} --steps {lesson}")
    print(f"or run it live in the viewer:")
    print(f"  {build}/skyglass-view --lesson {lesson}")


def main():
    args = sys.argv[1:]
    live = bool(args) and args[0] == "--live"
    trace = None
    if live:
        args = args[1:]
        if len(args) >= 2 and args[0] == "--trace":
            trace, args = args[1], args[2:]
    if len(args) != 2:
        fail("usage: check_lesson.py [--live [--trace FILE]] SKYGLASS LESSON_DIR")
    skyglass, lesson = args
    lesson = lesson.rstrip("/")
    if not os.path.isfile(os.path.join(lesson, "steps.json")):
        fail(f"no lesson at {lesson} (expected {lesson}/steps.json)")
    doc = json.load(open(os.path.join(lesson, "steps.json")))
    steps = doc["steps"]
    check_tags(lesson, steps)
    if live:
        run_live(skyglass, lesson, steps, doc.get("title", lesson), trace)
    else:
        elapsed = run_checked(skyglass, lesson, steps)
        print(f"ok: {lesson}: {len(steps)} steps in order in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
