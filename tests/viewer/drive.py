#!/usr/bin/env python3
# drive: runs skyglass-view under an X server and drives it with real input (xdotool), as a user would.
#
# Each scenario starts the viewer, sends key presses and clicks through the X
# server, and asks for screenshots with F12 (the viewer writes shot-N.png and
# shot-N.png.json, the frame's facts: see viewer/app/frame_report.h). A shot
# arriving is also how the script knows the viewer has drawn a frame after the
# input sent before it: no sleeps. Every shot is checked twice: the report
# says what was drawn, and the pixels must show it.
#
# usage (under xvfb-run): drive.py VIEWER REPO OUT_DIR SCENARIO
import json
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib

VIEWER, REPO, OUT, SCENARIO = sys.argv[1:5]
FIXTURES = os.path.join(REPO, "tests", "viewer", "fixtures")
TIMEOUT = 20.0


def fail(msg):
    print("drive %s: FAIL: %s" % (SCENARIO, msg), file=sys.stderr)
    sys.exit(1)


def xdo(*args):
    subprocess.run(["xdotool"] + [str(a) for a in args], check=True, timeout=TIMEOUT)


class Viewer:
    def __init__(self, *args, cwd=None):
        self.dir = os.path.join(OUT, SCENARIO)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.shots = 0
        self.proc = subprocess.Popen([VIEWER, "--shots", self.dir, "--report"] + list(args), cwd=cwd or self.dir)
        out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "skyglass-view"],
                             capture_output=True, text=True, timeout=TIMEOUT)
        self.window = out.stdout.split()[0]
        # No window manager: the pointer's window gets the keys.
        xdo("mousemove", "--window", self.window, 5, 300)

    def shot(self):
        """Asks for a screenshot and waits for it: returns (report, pixels)."""
        self.shots += 1
        png = os.path.join(self.dir, "shot-%d.png" % self.shots)
        xdo("key", "F12")
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(png + ".json"):
            if self.proc.poll() is not None:
                fail("the viewer exited (%d) before shot %d" % (self.proc.returncode, self.shots))
            if time.monotonic() > deadline:
                fail("no frame for %.0f s after shot %d was asked: the window is frozen" % (TIMEOUT, self.shots))
            time.sleep(0.02)
        with open(png + ".json") as f:
            report = json.load(f)
        return report, Png(png)

    def shot_until(self, what, ok):
        deadline = time.monotonic() + TIMEOUT
        while True:
            report, png = self.shot()
            if ok(report):
                return report, png
            if time.monotonic() > deadline:
                fail("%s never happened; last frame: %s" % (what, report))

    def loaded(self):
        return self.shot_until("the trace loading", lambda r: r["state"] == "loaded")

    def key(self, *keys):
        # xdotool key sends press and release back to back: a tap far shorter than a frame.
        xdo("key", "--delay", 0, *keys)

    def click(self, report, target, button=1):
        """Clicks the middle of a place the last frame drew, then moves the pointer off it (no hover colour)."""
        x, y = centre(report, target)
        xdo("mousemove", x, y, "click", button)
        # ImGui reads the pointer's position once a frame: moved off before
        # the viewer drew a frame, the click would land at (5, 300). A shot
        # is a frame that has handled the click.
        self.shot()
        xdo("mousemove", 5, 300)

    def move(self, x, y):
        xdo("mousemove", int(x), int(y))

    def type(self, text):
        xdo("type", "--delay", 5, text)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the viewer did not exit on SIGTERM")


def centre(report, target):
    t = report["targets"].get(target)
    if t is None:
        fail("nothing named %r on screen; targets: %s" % (target, sorted(report["targets"])))
    return int((t[0] + t[2]) / 2), int((t[1] + t[3]) / 2)


class Png:
    """An 8-bit RGB PNG as stb_image_write writes it."""

    def __init__(self, path):
        self.path = path
        self._rows = None
        with open(path, "rb") as f:
            head = f.read(24)
        self.w, self.h = struct.unpack(">II", head[16:24])

    @property
    def rows(self):
        # Decoded when first looked at: pure Python takes a second or two.
        if self._rows is None:
            self._rows = self._decode()
        return self._rows

    def _decode(self):
        data = open(self.path, "rb").read()
        pos, idat = 8, b""
        while pos < len(data):
            n, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + n]
            if kind == b"IDAT":
                idat += body
            pos += 12 + n
        raw = zlib.decompress(idat)
        stride = self.w * 3
        rows, prev = [], bytearray(stride)
        for y in range(self.h):
            f = raw[y * (stride + 1)]
            line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - 3] if i >= 3 else 0
                b = prev[i]
                c = prev[i - 3] if i >= 3 else 0
                if f == 1:
                    line[i] = (line[i] + a) & 255
                elif f == 2:
                    line[i] = (line[i] + b) & 255
                elif f == 3:
                    line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(bytes(line))
            prev = line
        return rows

    def count(self, rect, colour, tol=12):
        """Pixels in rect (x0, y0, x1, y1) within tol of colour (r, g, b)."""
        x0, y0, x1, y1 = [int(v) for v in rect]
        n = 0
        for y in range(max(0, y0), min(self.h, y1)):
            row = self.rows[y]
            for x in range(max(0, x0), min(self.w, x1)):
                r, g, b = row[3 * x:3 * x + 3]
                if abs(r - colour[0]) <= tol and abs(g - colour[1]) <= tol and abs(b - colour[2]) <= tol:
                    n += 1
        return n

    def distinct(self, rect):
        x0, y0, x1, y1 = [int(v) for v in rect]
        seen = set()
        for y in range(max(0, y0), min(self.h, y1)):
            row = self.rows[y]
            for x in range(max(0, x0), min(self.w, x1)):
                seen.add(row[3 * x:3 * x + 3])
        return len(seen)


def check(cond, msg):
    if not cond:
        fail(msg)


def fixture_events(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return sum(1 for line in f if line.strip())


# ImGui's dark style: the selected tab, and a tab not selected.
TAB_ACTIVE = (51, 105, 173)


# --- blockers -------------------------------------------------------------

def open_menu():
    """File > Open, type a path, Enter: the trace loads and the window keeps answering."""
    v = Viewer()
    report, _ = v.shot()
    check(report["events"] == 0, "an empty viewer shows %d events" % report["events"])
    v.click(report, "File")
    report, _ = v.shot()
    v.click(report, "File/Open")
    v.shot()
    v.type(os.path.join(FIXTURES, "pingpong.jsonl"))
    v.key("Return")
    want = fixture_events("pingpong.jsonl")
    report, png = v.shot_until("the opened file loading", lambda r: r["state"] == "loaded" and r["events"] > 0)
    check(report["events"] == want, "loaded %d events, the file has %d" % (report["events"], want))
    check(report["source"].endswith("pingpong.jsonl"), "source is %r" % report["source"])
    # Still alive: a key moves the selection.
    v.key("Home")
    v.key("Right")
    report, png = v.shot()
    check(report["selected"] >= 0, "Home then Right selected nothing: the window no longer takes input")
    check(png.distinct((0, 0, png.w, png.h)) > 40, "the picture after Open is blank")
    v.close()


def drop():
    """A file dropped on the window replaces the one shown."""
    v = Viewer(os.path.join(FIXTURES, "pingpong.jsonl"), "--test-drop", os.path.join(FIXTURES, "lesson01.jsonl"))
    want = fixture_events("lesson01.jsonl")
    report, png = v.shot_until("the dropped file loading",
                               lambda r: r["source"].endswith("lesson01.jsonl") and r["state"] == "loaded")
    check(report["events"] == want, "dropped file: %d events, the file has %d" % (report["events"], want))
    v.key("End")
    report, _ = v.shot()
    check(report["selected"] >= 0, "after the drop the window takes no input")
    v.close()


def lesson_tabs():
    """In lesson mode the bottom tab stays put, and a click on another tab sticks."""
    v = Viewer(os.path.join(FIXTURES, "lesson01.jsonl"), "--steps", os.path.join(REPO, "lessons", "01-hello"))
    first, _ = v.loaded()
    for _ in range(4):
        report, _ = v.shot()
        check(report["tab"] == first["tab"], "the bottom tab flipped from %r to %r" % (first["tab"], report["tab"]))
    for name in ("tab Coroutines 协程", "tab Socket layers 套接字层"):
        v.click(report, name)
        for _ in range(4):
            report, png = v.shot()
            check("tab " + report["tab"] == name, "clicked %r, the frame shows %r" % (name, report["tab"]))
        x0, y0, x1, y1 = report["targets"][name]
        lit = png.count((x0, y0, x1, y1), TAB_ACTIVE)
        check(lit > (x1 - x0) * (y1 - y0) // 3, "the %r tab is not drawn selected (%d pixels)" % (name, lit))
        for other in ("tab Threads 线程",):
            ox0, oy0, ox1, oy1 = report["targets"][other]
            check(png.count((ox0, oy0, ox1, oy1), TAB_ACTIVE) < (ox1 - ox0) * (oy1 - oy0) // 10,
                  "%r is drawn selected too" % other)
    v.close()


def taps():
    """n, space and the arrows work on a tap shorter than a frame."""
    v = Viewer(os.path.join(FIXTURES, "lesson01.jsonl"), "--steps", os.path.join(REPO, "lessons", "01-hello"))
    report, _ = v.loaded()
    check(report["lesson_step"] == -1, "the lesson starts on step %d" % report["lesson_step"])
    for want in (0, 1, 2):
        v.key("n")
        report, _ = v.shot()
        check(report["lesson_step"] == want, "after %d taps of n the step is %d" % (want + 1, report["lesson_step"]))
    before = report["selected"]
    v.key("Right")
    report, _ = v.shot()
    check(report["selected"] != before, "a tap of Right did not move the selection")
    v.close()


# --- the learner's path -------------------------------------------------

SELECTED = (255, 230, 60)
TAG_LINE = (255, 230, 115)


def span(r):
    return r["view_t1"] - r["view_t0"]


def lesson_step():
    """Step 8 of lesson 01 frames its events, brings up its panel, and keeps the text beside; f, w, s zoom."""
    v = Viewer(os.path.join(FIXTURES, "lesson01.jsonl"), "--steps", os.path.join(REPO, "lessons", "01-hello"))
    whole, _ = v.loaded()
    for _ in range(8):
        v.key("n")
    r, png = v.shot()
    check(r["lesson_step"] == 7, "eight taps of n show step %d" % (r["lesson_step"] + 1))
    check(r["view_t0"] <= r["step_t0"] and r["step_t1"] <= r["view_t1"],
          "the step's events %d..%d are not all in the view %d..%d" % (r["step_t0"], r["step_t1"], r["view_t0"], r["view_t1"]))
    check(span(r) * 50 < span(whole), "the step is not zoomed: the view spans %d ns of %d" % (span(r), span(whole)))
    check(r["tab"].startswith("Coroutines"), "step 8 (a co.resume) shows the %r tab" % r["tab"])
    check(png.count(r["targets"]["chart"], SELECTED) > 30, "the step's event is not drawn selected in the chart")
    check(png.count(r["targets"]["lesson"], TAG_LINE) > 30, "the lesson text is not on screen beside the chart")
    framed = span(r)
    for _ in range(3):   # each tap its own frame (three in one burst: see the report of issue 9)
        v.key("s")
        r, _ = v.shot()
    check(span(r) > framed * 1.8, "three taps of s zoomed out to %d ns from %d" % (span(r), framed))
    v.key("w")
    r2, _ = v.shot()
    check(span(r2) < span(r), "w did not zoom in")
    v.key("f")
    r, _ = v.shot()
    check(span(r) < span(r2) and r["view_t0"] <= r["step_t0"] <= r["view_t1"], "f did not zoom onto the selection")
    v.close()


LAYER_LIT = (52, 48, 34)


def socket_climb():
    """Lesson 02: the coroutine woken by a line climbs back through its own dispatch to the poll; the four socket layers lit (layer 0, the protocol, has none here)."""
    trace = os.path.join(FIXTURES, "lesson02.jsonl")
    with open(trace) as f:
        lines = [json.loads(x) for x in f if x.strip()]
    first_buffer = next(i for i, e in enumerate(lines) if e["ev"] == "sock.lua" and e["op"] == "buffer")
    resume = next(i for i, e in enumerate(lines) if i > first_buffer and e["ev"] == "co.resume")
    check(lines[resume]["why"] == "wakeup", "the runtime wrote why=%r on a socket resume" % lines[resume]["why"])
    v = Viewer(trace, "--select", str(resume), "--panel", "sockets")
    r, png = v.loaded()
    check(r["tab"].startswith("Socket layers"), "the socket layers tab is not shown: %r" % r["tab"])
    check(r["climb"] == "poll fwd begin lua resume", "the climb from the woken coroutine lit only %r" % r["climb"])
    for layer in range(1, 5):
        x0, y0, x1, y1 = r["targets"]["layer %d" % layer]
        lit = png.count((x0, y0, x1, y1), LAYER_LIT, tol=3)
        check(lit > (x1 - x0) * (y1 - y0) // 2, "socket layer %d is not lit (%d pixels)" % (layer, lit))
    v.close()


def protocol_climb():
    """Lesson 40: a websocket frame read climbs down to its sock.poll; all five layers lit, the protocol on top."""
    trace = os.path.join(FIXTURES, "lesson40.jsonl")
    with open(trace) as f:
        lines = [json.loads(x) for x in f if x.strip()]
    frame = next(i for i, e in enumerate(lines) if e["ev"] == "ws.frame" and not e["out"] and e["h"] == 8)
    v = Viewer(trace, "--select", str(frame), "--panel", "sockets")
    r, png = v.loaded()
    check(r["climb"] == "poll fwd begin lua resume proto", "the climb from the ws.frame lit only %r" % r["climb"])
    for layer in range(5):
        x0, y0, x1, y1 = r["targets"]["layer %d" % layer]
        lit = png.count((x0, y0, x1, y1), LAYER_LIT, tol=3)
        check(lit > (x1 - x0) * (y1 - y0) // 2, "socket layer %d is not lit (%d pixels)" % (layer, lit))
    v.close()


def hover_click():
    """Tooltips on a dispatch box and an arrow; a click on each selects it; the legend is drawn."""
    trace = os.path.join(FIXTURES, "pingpong.jsonl")
    with open(trace) as f:
        lines = [json.loads(x) for x in f if x.strip()]
    v = Viewer(trace)
    r, png = v.loaded()
    boxes = [(t[2] - t[0], name) for name, t in r["targets"].items() if name.startswith("dispatch ")]
    check(boxes, "no dispatch box drawn")
    _, box = max(boxes)
    msg_id = int(box.split()[1])
    x, y = centre(r, box)
    v.move(x, y)
    r, png = v.shot()
    check(r["tooltip"].startswith("dispatch on"), "hovering dispatch %d shows tooltip %r" % (msg_id, r["tooltip"]))
    check(png.distinct((x + 10, y + 10, x + 200, y + 60)) > 8, "no tooltip drawn beside the mouse")
    xdo("click", 1)
    r, _ = v.shot()
    begin = next(i for i, e in enumerate(lines) if e["ev"] == "msg.begin" and e["id"] == msg_id)
    check(r["selected"] == begin, "clicking dispatch %d selected event %d, not its msg.begin %d" % (msg_id, r["selected"], begin))
    arrows = [name for name in r["targets"] if name.startswith("arrow ")]
    check(arrows, "no arrow drawn")
    arrow = arrows[len(arrows) // 2]
    msg_id = int(arrow.split()[1])
    x, y = centre(r, arrow)
    v.move(x, y)
    r, _ = v.shot()
    check(r["tooltip"].startswith("message "), "hovering arrow %d shows tooltip %r" % (msg_id, r["tooltip"]))
    xdo("click", 1)
    r, png = v.shot()
    push = next(i for i, e in enumerate(lines) if e["ev"] == "msg.push" and e["id"] == msg_id)
    check(r["selected"] == push, "clicking arrow %d selected event %d, not its msg.push %d" % (msg_id, r["selected"], push))
    x0, y0, x1, y1 = r["targets"]["chart"]
    check(png.count((x0, y1 - 30, x1, y1), (255, 120, 40), tol=20) > 10, "the legend's drop mark is not drawn")
    v.close()


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def live_lesson():
    """--lesson runs lesson 01 live: its start in view, "finished" at the end, the runtime reaped, the trace kept."""
    out = os.path.join(OUT, "live_lesson.jsonl")
    if os.path.exists(out):
        os.remove(out)
    v = Viewer("--lesson", os.path.join(REPO, "lessons", "01-hello"), "--record", out)
    r, _ = v.shot_until("the lesson finishing", lambda r: r["state"] == "finished")
    check(r["events"] > 50, "the live run brought only %d events" % r["events"])
    check(r["view_t0"] <= 0 <= r["view_t1"], "the first view (%d..%d) does not show the lesson's start" % (r["view_t0"], r["view_t1"]))
    deadline = time.monotonic() + TIMEOUT
    while children(v.proc.pid):
        check(time.monotonic() < deadline, "the runtime %s was not reaped after the lesson finished" % children(v.proc.pid))
        v.shot()   # the viewer reaps between frames
    with open(out) as f:
        kept = sum(1 for line in f if line.strip())
    check(kept == r["events"], "the kept trace has %d lines, the viewer showed %d events" % (kept, r["events"]))
    v.key("n")
    r, _ = v.shot()
    check(r["lesson_step"] == 0 and r["selected"] >= 0, "n after the live run did not go to step 1")
    v.close()


def two_traces():
    """Two traces side by side: both charts drawn, each from its own start, zooming one zooms both."""
    a, b = os.path.join(FIXTURES, "lesson02.jsonl"), os.path.join(FIXTURES, "lesson03.jsonl")
    v = Viewer(a, b)
    r, png = v.shot_until("both traces loading", lambda r: r["state"] == "loaded" and r["events2"] > 0)
    check(r["traces"] == 2, "the frame shows %d traces" % r["traces"])
    check(r["events"] == fixture_events("lesson02.jsonl") and r["events2"] == fixture_events("lesson03.jsonl"),
          "loaded %d and %d events" % (r["events"], r["events2"]))
    for chart in ("chart", "chart B"):
        check(chart in r["targets"], "no %r drawn" % chart)
        check(png.distinct(r["targets"][chart]) > 20, "%r is empty" % chart)
    check(r["targets"]["chart"][2] <= r["targets"]["chart B"][0], "the charts overlap instead of standing side by side")
    check(r["view_t0"] == r["view2_t0"] and r["view_t1"] == r["view2_t1"],
          "not aligned to their starts: A %d..%d, B %d..%d" % (r["view_t0"], r["view_t1"], r["view2_t0"], r["view2_t1"]))
    before = span(r)
    v.key("w", "w")
    r, _ = v.shot()
    check(span(r) < before and r["view2_t1"] - r["view2_t0"] == span(r), "w zoomed A to %d, B to %d" % (span(r), r["view2_t1"] - r["view2_t0"]))
    # the wheel over B zooms both too
    x, y = centre(r, "chart B")
    v.move(x, y)
    xdo("click", 5)
    r2, _ = v.shot()
    check(span(r2) > span(r) and r2["view2_t1"] - r2["view2_t0"] == span(r2), "the wheel over B: A spans %d, B %d" % (span(r2), r2["view2_t1"] - r2["view2_t0"]))
    v.close()


def lessons_menu():
    """The Lessons menu lists every folder of lessons/; choosing one runs it live, as --lesson does."""
    v = Viewer()
    r, _ = v.shot()
    v.click(r, "Lessons")
    r, png = v.shot()
    want = sorted(d for d in os.listdir(os.path.join(REPO, "lessons")) if os.path.isdir(os.path.join(REPO, "lessons", d)))
    have = sorted(t[len("Lessons/"):] for t in r["targets"] if t.startswith("Lessons/"))
    check(have == want, "the Lessons menu lists %s, lessons/ has %s" % (have, want))
    x0, y0, x1, y1 = r["targets"]["Lessons/01-hello"]
    check(png.distinct((x0, y0, x1, y1)) > 2, "the menu item 01-hello is not drawn")
    v.click(r, "Lessons/01-hello")
    r, _ = v.shot_until("lesson 01 finishing", lambda r: r["state"] == "finished")
    check(r["events"] > 50, "the lesson chosen in the menu brought only %d events" % r["events"])
    deadline = time.monotonic() + TIMEOUT
    while children(v.proc.pid):
        check(time.monotonic() < deadline, "the runtime %s was not reaped after the lesson finished" % children(v.proc.pid))
        v.shot()
    v.key("n")
    r, _ = v.shot()
    check(r["lesson_step"] == 0 and r["selected"] >= 0, "n after the lesson from the menu did not go to step 1")
    v.close()


def lesson12_side_by_side():
    """Lesson 12's callback and coroutine echo servers traced under the same small load, then
    shown side by side headless (--screenshot): both charts drawn, each with its trace's events."""
    build = os.path.dirname(VIEWER)
    out = os.path.join(OUT, "lesson12")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    env = dict(os.environ, CONNS="2", MSGS="100", SIZE="64", TRACE="1", OUT=out, TIMEOUT="60")
    run = subprocess.run(["sh", os.path.join(REPO, "lessons", "12-raw-vs-coroutine", "compare.sh"), build],
                         env=env, capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, "compare.sh exited %d: %s" % (run.returncode, run.stderr))
    a, b = os.path.join(out, "12-callback.jsonl"), os.path.join(out, "12-coroutine.jsonl")
    lines = []
    for path, service in ((a, "echo_callback"), (b, "echo_coroutine")):
        with open(path) as f:
            text = f.read()
        lines.append(sum(1 for line in text.splitlines() if line.strip()))
        check(service in text, "%s never names %s: not the server compare.sh should have run" % (path, service))
    png_path = os.path.join(out, "side_by_side.png")
    shot = subprocess.run([VIEWER, a, b, "--screenshot", png_path, "--frames", "6", "--report"],
                          capture_output=True, text=True, timeout=60)
    check(shot.returncode == 0, "the viewer exited %d: %s" % (shot.returncode, shot.stderr))
    with open(png_path + ".json") as f:
        r = json.load(f)
    png = Png(png_path)
    check(r["traces"] == 2, "the frame shows %d traces" % r["traces"])
    check(r["events"] == lines[0] and r["events2"] == lines[1],
          "shown %d and %d events; the traces have %d and %d" % (r["events"], r["events2"], lines[0], lines[1]))
    check(r["events"] > 100 and r["events2"] > 100, "traces too small to compare: %d and %d events" % (r["events"], r["events2"]))
    for chart in ("chart", "chart B"):
        check(chart in r["targets"], "no %r drawn" % chart)
        check(png.distinct(r["targets"][chart]) > 20, "%r is empty" % chart)
    check(r["targets"]["chart"][2] <= r["targets"]["chart B"][0], "the charts overlap instead of standing side by side")


def side_by_side_shot(a, b, name):
    """Traces a and b side by side, headless (--screenshot after 6 frames, OUT/name/name_side_by_side.png):
    the screenshot's path and the viewer's report of the frame, which must show both traces."""
    out = os.path.join(OUT, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    png_path = os.path.join(out, name + "_side_by_side.png")
    shot = subprocess.run([VIEWER, a, b, "--screenshot", png_path, "--frames", "6", "--report"],
                          capture_output=True, text=True, timeout=60)
    check(shot.returncode == 0, "the viewer exited %d: %s" % (shot.returncode, shot.stderr))
    with open(png_path + ".json") as f:
        r = json.load(f)
    check(r["traces"] == 2, "the frame shows %d traces" % r["traces"])
    return png_path, r


def check_arrows_cross(png_path, r):
    """Two traces side by side: the cross-node arrows span the gap, i.e. cyan pixels where chart A ends and
    chart B begins (the screenshot at png_path, its report r)."""
    png = Png(png_path)
    left, right = r["targets"]["chart"], r["targets"]["chart B"]
    x0, x1 = int(left[2]) - 40, int(right[0]) + 40
    y0, y1 = int(max(left[1], right[1])), int(min(left[3], right[3]))
    cyan = 0
    for y in range(y0, y1):
        row = png.rows[y]
        for x in range(x0, x1):
            red, green, blue = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if red < 60 and green > 180 and blue > 180:
                cyan += 1
    check(cyan > 30, "no cross-node arrow drawn between the charts (%d cyan pixels in x %d..%d)" % (cyan, x0, x1))


def cluster_side_by_side():
    """Lesson 30's two nodes side by side (headless --screenshot): each chart titled with its node, the
    nine requests, pushes and responses that crossed paired, and drawn as cyan arrows across the gap."""
    a, b = os.path.join(FIXTURES, "lesson30-node1.jsonl"), os.path.join(FIXTURES, "lesson30-node2.jsonl")
    png_path, r = side_by_side_shot(a, b, "cluster")
    check(r["node"] == "node1" and r["node2"] == "node2", "the charts name nodes %r and %r" % (r["node"], r["node2"]))
    check(r["crossings"] == 9, "%d crossings paired; lesson 30 has 9 (hello, 3 rounds, a send)" % r["crossings"])
    check(r["crossings_drawn"] == 9, "only %d of the 9 arrows drawn with both traces whole" % r["crossings_drawn"])
    check_arrows_cross(png_path, r)


def trace_tag_inspector():
    """skynet.trace (tests/lua/test_trace.lua, traced): the inspector shows a traced step's tag and every step
    logged under it, across services; a message whose dispatch logged a step shows the same tag."""
    fixture = os.path.join(FIXTURES, "skynet_trace.jsonl")
    with open(fixture) as f:
        events = [json.loads(line) for line in f if line.strip()]
    tagged = [i for i, e in enumerate(events) if e["ev"] == "log" and e.get("text", "").startswith("<TRACE :00000007-1>")]
    check(len(tagged) > 10, "the fixture has %d steps of tag :00000007-1" % len(tagged))
    services = {events[i]["h"] for i in tagged}
    check(len(services) >= 3, "the steps of :00000007-1 are in only %d services" % len(services))
    # a step in the callee, and the dispatch (msg.begin) in which the callee logged it
    step = next(i for i in tagged if events[i]["h"] != 7)
    begin = max(i for i in range(step) if events[i]["ev"] == "msg.begin" and events[i]["h"] == events[step]["h"])
    out = os.path.join(OUT, "trace_tag")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for selected, what in ((step, "a traced step"), (begin, "the dispatch that logged it")):
        png_path = os.path.join(out, "select_%d.png" % selected)
        shot = subprocess.run([VIEWER, fixture, "--screenshot", png_path, "--frames", "4", "--report", "--select", str(selected)],
                              capture_output=True, text=True, timeout=60)
        check(shot.returncode == 0, "the viewer exited %d: %s" % (shot.returncode, shot.stderr))
        with open(png_path + ".json") as f:
            r = json.load(f)
        check(r["selected"] == selected, "selected %d, asked %d" % (r["selected"], selected))
        check(r["trace_tag"] == ":00000007-1", "%s: the inspector shows tag %r" % (what, r["trace_tag"]))
        check(r["trace_steps"] == len(tagged), "%s: %d steps listed, the trace has %d" % (what, r["trace_steps"], len(tagged)))


# --- lanes and services that scale (item 6) -------------------------------

def many_trace(agents):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import many_services
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "many%d.jsonl" % agents)
    many_services.write(path, agents)
    return path


def lanes_by_y(r):
    """The chart's lane labels, top to bottom."""
    lanes = [(t[1], name[len("lane "):]) for name, t in r["targets"].items() if name.startswith("lane ") and name not in ("lane order", "lane groups")]
    return [name for _, name in sorted(lanes)]


def below(r, a, b):
    """Target a lies wholly below target b (no overlap)."""
    return r["targets"][a][1] >= r["targets"][b][3]


def lanes_100():
    """100 agents: one folded lane, then one lane each named with its handle, sorted by activity;
    the Services graph shows one node for the group and the list sorts; no legend over a lane."""
    v = Viewer(many_trace(100))
    r, png = v.loaded()
    names = lanes_by_y(r)
    check(names == ["gate", "watchdog", "▶ agent ×100"], "grouped lanes are %s" % names)
    check(below(r, "legend", "lanes") and below(r, "events in view", "lanes"), "the legend or the count is drawn over the lanes")
    check(png.distinct(r["targets"]["legend"]) > 8, "the legend strip is empty")
    check("node agent ×100" in r["targets"] and "node gate" in r["targets"], "the graph has no group node: %s" %
          [t for t in r["targets"] if t.startswith("node ")])
    for name, t in r["targets"].items():
        if name.startswith("node "):
            check(t[3] + 16 <= r["targets"]["services legend"][1], "%s and its name reach the graph's key" % name)
    # flat: a lane per agent, each named with its handle
    v.click(r, "lane groups")
    r, png = v.shot()
    names = lanes_by_y(r)
    agents = [n for n in names if n.startswith("agent")]
    check(len(agents) > 5 and all(n.startswith("agent :000000") for n in agents), "flat lanes are %s" % names[:6])
    check(len(set(agents)) == len(agents), "two agent lanes share a label: %s" % agents)
    x0, y0, x1, y1 = r["targets"]["lane " + agents[0]]
    check(png.distinct((x0, y0, x1, y1)) > 8, "the lane label %s is not drawn" % agents[0])
    # by activity: the gate (every request and answer), the watchdog (a message to each agent), then the busiest agents by address
    v.click(r, "lane order")
    r, _ = v.shot()
    names = lanes_by_y(r)
    check(names[0] == "agent :0000000a" and "gate" not in names[:10], "by name the lanes are %s ... %s" % (names[:2], names[-3:]))
    v.click(r, "lane order")
    r, _ = v.shot()
    names = lanes_by_y(r)
    check(names[:4] == ["gate", "watchdog", "agent :00000010", "agent :00000017"], "by activity the lanes start %s" % names[:3])
    # grouped again: a click on the folded group's name opens it
    v.click(r, "lane groups")
    r, _ = v.shot()
    v.click(r, "lane ▶ agent ×100")
    r, png = v.shot()
    names = lanes_by_y(r)
    check("▼ agent ×100" in names and "agent :00000010" in names, "the opened group shows %s" % names[:5])
    # the Services list: sorted by what it receives
    v.click(r, "tab List")
    r, png = v.shot()
    check(r["services_order"].startswith("agent :0000000a,agent :0000000b"), "the list starts %s" % r["services_order"])
    check(png.distinct(r["targets"]["list row 0"]) > 4, "the list's first row is not drawn")
    v.click(r, "list column in")
    r, _ = v.shot()
    first = r["services_order"].split(",")
    check(first[0] == "gate", "sorted by messages in, the list starts %s" % first)
    v.close()


def services_10():
    """10 agents, one lane and one node each: the ring's nodes and names stay apart and off the key."""
    v = Viewer(many_trace(10))
    r, _ = v.loaded()
    v.click(r, "lane groups")
    r, png = v.shot()
    nodes = {n: t for n, t in r["targets"].items() if n.startswith("node ")}
    check(len(nodes) == 12, "the graph has %d nodes, not 12: %s" % (len(nodes), sorted(nodes)))
    legend = r["targets"]["services legend"]
    for name, t in nodes.items():
        check(t[3] + 16 <= legend[1], "%s and its name reach the graph's key" % name)
    items = list(nodes.values())
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            check(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], "two nodes overlap: %s %s" % (a, b))
    names = [t for n, t in r["targets"].items() if n.startswith("name ")]
    check(len(names) >= 6, "only %d nodes are named" % len(names))
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            a, b = names[i], names[j]
            check(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], "two names overlap: %s %s" % (a, b))
        check(names[i][3] <= legend[1], "a name reaches the graph's key")
    check(png.distinct(r["targets"]["services graph"]) > 12, "the graph is empty")
    check(len(lanes_by_y(r)) == 12, "%d lanes for 12 services" % len(lanes_by_y(r)))
    v.close()


# --- a broken clock (issue 8 item 6) ----------------------------------------

def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def huge_time():
    """An event at t = 9e15 among ones at 0 and 5: zoomed onto it (f), in (w), out past the end (s),
    panned (a, d), the window keeps answering, the axis is labelled, and memory stays put."""
    # The reader refuses times past 2^53 (bad/huge-time.jsonl); the largest it takes is used here,
    # and test_timeline checks the axis itself at 9e18.
    os.makedirs(OUT, exist_ok=True)
    trace = os.path.join(OUT, "far-time.jsonl")
    with open(trace, "w") as f:
        f.write('{"t":0,"ev":"trace.start","version":1,"thread":1,"harbor":0}\n{"t":5,"ev":"log","h":1,"text":"near"}\n'
                '{"t":9007199254740000,"ev":"log","h":1,"text":"far"}\n')
    v = Viewer(trace, "--select", "2")
    r, _ = v.loaded()
    check(r["selected"] == 2, "event 2 (t = 9e15) is not selected: %d" % r["selected"])
    before = rss_mb(v.proc.pid)
    v.key("f")
    r, png = v.shot()
    check(0 < span(r) <= 100000, "f on the far event shows a span of %d ns" % span(r))
    x0, y0, x1, y1 = r["targets"]["chart"]
    check(png.distinct((x0, y0, x1, y0 + 18)) > 4, "the time axis has no labels when zoomed at 9e15")
    v.key(*(["w"] * 30))
    r, _ = v.shot()
    check(span(r) >= 100, "zoomed in to %d ns" % span(r))
    v.key(*(["s"] * 300))
    r, _ = v.shot()
    check(0 < span(r) <= 9 * 10 ** 18, "zoomed out to %d ns" % span(r))
    v.key("a", "a", "d", "d", "d")
    r, _ = v.shot()
    grown = rss_mb(v.proc.pid) - before
    check(grown < 100, "the viewer grew by %d MB" % grown)
    v.close()


# --- details a user notices -------------------------------------------------

def headless(name, *args, size="1600x900"):
    """One --screenshot run with --report: (report, pixels, stderr)."""
    os.makedirs(os.path.join(OUT, SCENARIO), exist_ok=True)
    png = os.path.join(OUT, SCENARIO, name + ".png")
    for p in (png, png + ".json"):
        if os.path.exists(p):
            os.remove(p)
    run = subprocess.run([VIEWER] + list(args) + ["--screenshot", png, "--frames", "6", "--report", "--size", size],
                         capture_output=True, text=True, timeout=60)
    check(run.returncode == 0, "the viewer exited %d: %s" % (run.returncode, run.stderr))
    with open(png + ".json") as f:
        return json.load(f), Png(png), run.stderr


def apart(r, a, b):
    """Targets a and b do not overlap."""
    x0, y0, x1, y1 = r["targets"][a]
    u0, v0, u1, v1 = r["targets"][b]
    return x1 <= u0 or u1 <= x0 or y1 <= v0 or v1 <= y0


def small_window():
    """At 1024x768 nothing overlaps: lesson title and buttons, chart title, tabs, the count and the lanes,
    the scrub handle and its words; the legend stays off the lanes at 1600x900 too."""
    for size in ("1024x768", "1600x900"):
        r, png, _ = headless("lesson01_" + size, os.path.join(FIXTURES, "lesson01.jsonl"), "--steps",
                             os.path.join(REPO, "lessons", "01-hello"), "--step", "5", size=size)
        for button in ("Previous step", "Next step"):
            check(apart(r, button, "lesson title"), "%s: %s overlaps the lesson title" % (size, button))
        chart = r["targets"]["chart"]
        check(r["targets"]["chart title"][2] <= chart[2] + 8, "%s: the chart title runs past the chart: %s" % (size, r["targets"]["chart title"]))
        tabs = [n for n in r["targets"] if n.startswith("tab ") and n[4:] not in ("Graph", "List")]
        check(len(tabs) == 4, "%s: tabs %s" % (size, tabs))
        for i in range(len(tabs)):
            for j in range(i + 1, len(tabs)):
                check(apart(r, tabs[i], tabs[j]), "%s: tabs %s and %s overlap" % (size, tabs[i], tabs[j]))
        check(below(r, "events in view", "lanes"), "%s: the event count is over the lanes" % size)
        if "legend" in r["targets"]:
            check(below(r, "legend", "lanes"), "%s: the legend is over the lanes" % size)
        check(r["targets"]["scrub"][2] <= r["targets"]["scrub label"][0], "%s: the scrub bar runs under its words" % size)
        check(png.distinct(r["targets"]["scrub label"]) > 2, "%s: the scrub words are not drawn" % size)


def panels_details():
    """Coroutines grouped with finished ones hidden (a click shows them); Threads with every worker and the
    socket and timer threads; the filter list on the selection; play speed from the whole file."""
    lines = fixture_events("lesson02.jsonl")
    v = Viewer(os.path.join(FIXTURES, "lesson02.jsonl"), "--select", "100")
    # the list scrolls on the frame it finds the selection; its row is drawn from the next one
    r, png = v.shot_until("the filter list showing event 100", lambda r: r["state"] == "loaded" and "filter selected row" in r["targets"])
    for row in ("row worker 0", "row worker 1", "row socket thread", "row timer thread"):
        check(row in r["targets"], "the Threads panel has no %r" % row)
    check(png.count(r["targets"]["row socket thread"], (255, 170, 60), tol=20) > 10, "no socket thread ticks drawn")
    check(png.count(r["targets"]["row timer thread"], (120, 220, 220), tol=20) > 10, "no timer thread ticks drawn")
    check(r["filter_scrolled_to"] == 100 and "filter selected row" in r["targets"], "the filter list did not scroll to event 100")
    fx0, fy0, fx1, fy1 = r["targets"]["filter selected row"]
    check(fy0 > 400 and fy1 < 900, "the selected row is off the list: %s" % r["targets"]["filter selected row"])
    with open(os.path.join(FIXTURES, "lesson02.jsonl")) as f:
        ts = [json.loads(x)["t"] for x in f if x.strip()]
    want = (max(ts) - min(ts)) / 20
    check(abs(r["speed"] - want) <= want * 0.01, "play speed %.0f, not the whole file's %.0f" % (r["speed"], want))
    # a cut-off row shows its whole line on hover
    v.move(fx0 + 40, (fy0 + fy1) / 2 - 4 * (fy1 - fy0))   # four rows up: co.suspend main co 1 waits: socket session 2
    r, _ = v.shot()
    check(r["tooltip"].startswith("37.91 ms  co.suspend main co 1 waits: socket"), "hovering the cut-off row shows %r" % r["tooltip"])
    v.close()
    v = Viewer(os.path.join(FIXTURES, "lesson02.jsonl"), "--select", "100", "--panel", "coroutines")
    r, png = v.shot_until("the Coroutines tab", lambda r: r["tab"] == "Coroutines 协程" and r["coroutines"])
    check(r["coroutines"] == "2 services, 3 shown, 3 hidden", "Coroutines shows %r" % r["coroutines"])
    check("coroutines of main" in r["targets"] and "coroutines of bootstrap" in r["targets"], "no service headers")
    v.click(r, "show finished")
    r, _ = v.shot()
    check(r["coroutines"].endswith("6 shown, 0 hidden"), "show finished: %r" % r["coroutines"])
    v.close()


def trace_ends():
    """A trace without trace.stop is flagged incomplete; a lesson step that never happened says so;
    the inspector's climb lists the protocol step; --screenshot leaves no sidecar unless asked."""
    r, png, _ = headless("pingpong", os.path.join(FIXTURES, "pingpong.jsonl"))
    check(not r["incomplete"] and "incomplete" not in r["targets"], "pingpong (with trace.stop) is flagged incomplete")
    cut = os.path.join(OUT, SCENARIO, "cut.jsonl")
    with open(os.path.join(FIXTURES, "pingpong.jsonl")) as f, open(cut, "w") as out:
        out.writelines(x for x in f if "trace.stop" not in x)
    r, png, _ = headless("cut", cut)
    check(r["incomplete"] and r["state"] == "loaded", "a trace without trace.stop is not flagged: %s" % r["state"])
    check(png.count(r["targets"]["incomplete"], (255, 153, 76), tol=30) > 10, "the incomplete flag is not drawn")
    r, png, err = headless("never", os.path.join(FIXTURES, "pingpong.jsonl"), "--steps", os.path.join(REPO, "lessons", "01-hello"), "--step", "3")
    check(r["step_never_happened"] and r["lesson_step"] == 2, "step 3 of lesson 01 on pingpong: %s" % r["lesson_step"])
    check("step 3 never happened" in err, "nothing said on stderr: %r" % err)
    check(png.count(r["targets"]["step never happened"], (255, 102, 89), tol=30) > 10, "the lesson panel does not say so")
    r, _, _ = headless("protocol", os.path.join(FIXTURES, "lesson40.jsonl"), "--select", "835")
    check(r["climb_list"].endswith("coroutine protocol"), "the inspector's climb is %r" % r["climb_list"])
    png = os.path.join(OUT, SCENARIO, "plain.png")
    subprocess.run([VIEWER, os.path.join(FIXTURES, "pingpong.jsonl"), "--screenshot", png, "--frames", "3"],
                   capture_output=True, timeout=60, check=True)
    check(os.path.exists(png) and not os.path.exists(png + ".json"), "--screenshot without --report left %s.json" % png)


SCENARIOS = {f.__name__: f for f in (open_menu, drop, lesson_tabs, taps, lesson_step, socket_climb, protocol_climb, hover_click, live_lesson, two_traces,
                                     lessons_menu, lesson12_side_by_side, cluster_side_by_side, trace_tag_inspector, lanes_100, services_10, huge_time, small_window, panels_details, trace_ends)}

if __name__ == "__main__":
    if SCENARIO not in SCENARIOS:
        fail("no scenario %r (have %s)" % (SCENARIO, ", ".join(SCENARIOS)))
    SCENARIOS[SCENARIO]()
    print("drive %s: ok" % SCENARIO)
