#!/usr/bin/env python3
"""check_lesson: runs a lesson headless and checks that its steps happen in order in the trace.

The steps are matched by the one matcher, trace/lesson_match (the viewer's too),
through `skyglass trace steps`: a step matches the first event, after the
previous step's event, whose fields equal every field of its "match" ("$name"
means a value captured by an earlier step's "capture": {name: field}; a string
ending in "*" matches by prefix). Every "tag" must be marked in the lesson's
sources or the runtime's, so the viewer can show the code beside the step.

    check_lesson.py SKYGLASS LESSON_DIR            the test: trace to a temporary file, check afterwards
    check_lesson.py --live SKYGLASS LESSON_DIR     `make lesson`: trace to the config's path, print each
                                                   step as it happens, then the summary and the viewer line
    check_lesson.py --live --trace FILE ...        the same, with the trace in FILE

A lesson must finish within LESSON_BUDGET seconds (20 unless the environment
says otherwise; sanitizer runs may raise it).
"""
import json, os, re, subprocess, sys, tempfile, time


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def budget():
    return float(os.environ.get("LESSON_BUDGET", "20"))


def run_checked(skyglass, lesson):
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
        sys.stdout.flush()
        steps = subprocess.run([skyglass, "trace", "steps", trace, lesson])
        if steps.returncode != 0:
            sys.exit(steps.returncode)
    return elapsed


def config_trace(lesson):
    text = open(os.path.join(lesson, "config.lua")).read()
    m = re.search(r'^trace\s*=\s*"([^"]*)"', text, re.M)
    return m.group(1) if m else "run/lesson.jsonl"


def run_live(skyglass, lesson, title, trace=None):
    trace = trace or config_trace(lesson)
    os.makedirs(os.path.dirname(trace) or ".", exist_ok=True)
    if os.path.exists(trace):
        os.remove(trace)
    print(f"== {title}")
    print(f"   running {lesson}/config.lua headless; each step prints as it happens\n")

    sys.stdout.flush()
    env = dict(os.environ, SKYGLASS_TRACE=trace)
    log = open(trace + ".log", "w")
    started = time.monotonic()
    proc = subprocess.Popen([skyglass, os.path.join(lesson, "config.lua")], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    # The follower prints each step as it settles; closing its input says the run has ended.
    follower = subprocess.Popen([skyglass, "trace", "steps", "--follow", trace, lesson],
                                stdin=subprocess.PIPE)
    try:
        proc.wait(timeout=3 * budget())
    except subprocess.TimeoutExpired:
        proc.kill()
        follower.kill()
        fail(f"lesson still running after {3 * budget():.0f} s")
    log.close()
    follower.stdin.close()
    follower.wait(timeout=60)
    if proc.returncode != 0:
        fail(f"lesson exited {proc.returncode}; its log is {trace}.log")
    if follower.returncode != 0:
        sys.exit(follower.returncode)
    print(f"({time.monotonic() - started:.1f} s)")
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
    if live:
        run_live(skyglass, lesson, doc.get("title", lesson), trace)
    else:
        elapsed = run_checked(skyglass, lesson)
        print(f"ok: {lesson}: {len(steps)} steps in order in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
