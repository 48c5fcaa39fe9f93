#!/usr/bin/env python3
# drive_chart: the sequence chart's level of detail, driven as drive.py drives the window: marks on every lane of a
# zoomed-out busy trace, a burst of arrows drawn as bands when zoomed in, and hover and click still finding one message.
#
# usage (under xvfb-run): drive_chart.py VIEWER REPO OUT_DIR chart_lod
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drive  # noqa: E402  (reads the same argv: VIEWER REPO OUT SCENARIO)
from drive import Viewer, check, centre, xdo  # noqa: E402

GATE, AGENTS, BURSTS, BURST = 8, 12, 40, 120
SOCKET = (255, 170, 60)   # colors::socket


def burst_trace(path):
    """A gate fed by the socket thread in bursts: BURST messages 100 ns apart, each dispatched 30 us later (and
    logged), each forwarded to one of AGENTS agents (a folded group); 1 ms between bursts."""
    lines = [{"t": 1000, "ev": "trace.start", "version": 1, "thread": 2, "harbor": 0},
             {"t": 1500, "ev": "svc.new", "h": GATE, "module": "snlua", "args": "gate"}]
    for k in range(AGENTS):
        lines.append({"t": 2000 + k, "ev": "svc.new", "h": 10 + k, "module": "snlua", "args": "agent"})
    mid = 0
    pushes = []   # (line index, message id) of each socket message
    for b in range(BURSTS):
        base = 100000 + b * 1000000
        lines.append({"t": base - 50, "ev": "sock.poll", "sock": 5, "kind": "data", "bytes": 66 * BURST})
        events = []
        for i in range(BURST):
            mid += 1
            t = base + i * 100
            events.append((t, {"t": t, "ev": "msg.push", "id": mid, "src": 0, "dst": GATE, "session": 0, "type": 6, "size": 66}))
            events.append((t + 30000, {"t": t + 30000, "ev": "msg.begin", "id": mid, "h": GATE, "thread": 0}))
            events.append((t + 30050, {"t": t + 30050, "ev": "msg.end", "id": mid, "h": GATE, "thread": 0}))
            events.append((t + 30020, {"t": t + 30020, "ev": "log", "h": GATE, "text": "read %d" % mid}))
            agent = 10 + i % AGENTS
            events.append((t + 30040, {"t": t + 30040, "ev": "msg.push", "id": 100000 + mid, "src": GATE, "dst": agent,
                                       "session": 0, "type": 0, "size": 64}))
            events.append((t + 40000, {"t": t + 40000, "ev": "msg.begin", "id": 100000 + mid, "h": agent, "thread": 1}))
            events.append((t + 40500, {"t": t + 40500, "ev": "msg.end", "id": 100000 + mid, "h": agent, "thread": 1}))
        for _, e in sorted(events, key=lambda x: x[0]):
            if e["ev"] == "msg.push" and e["src"] == 0:
                pushes.append((len(lines), e["id"]))
            lines.append(e)
    lines.append({"t": lines[-1]["t"] + 5000, "ev": "trace.stop"})
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    return lines, pushes


def lane_row(r, label):
    """The chart's part of a lane: the lanes' x range, the label's y range."""
    x0, _, x1, _ = r["targets"]["chart"]
    _, y0, _, y1 = r["targets"]["lane " + label]
    return (x0, y0, x1, y1)


def chart_lod():
    os.makedirs(drive.OUT, exist_ok=True)
    path = os.path.join(drive.OUT, "bursts.jsonl")
    lines, pushes = burst_trace(path)
    middle = pushes[len(pushes) // 2 + BURST // 2][0]   # a message inside a burst, half way through the trace
    v = Viewer(path, "--select", str(middle))
    r, png = v.loaded()
    # Zoomed out: merged, every lane shows its events, a bounded number of arrows.
    check(0 < r["merged_arrows"] <= 700, "zoomed out, %d merged arrows drawn" % r["merged_arrows"])
    for label in ("runtime", "gate", "▶ agent ×%d" % AGENTS):
        check(png.distinct(lane_row(r, label)) > 3, "the %s lane shows no marks when zoomed out" % label)
    # A frame with nothing changed reuses the chart's vertices: the same picture, the same targets.
    r2, png2 = v.shot()
    check(r2["chart_reused"], "a second frame of the same view built the chart again")
    arrows_of = lambda rep: sorted((n, t) for n, t in rep["targets"].items() if n.startswith(("arrow ", "dispatch ")))
    check(arrows_of(r2) == arrows_of(r) and r2["merged_arrows"] == r["merged_arrows"], "the reused chart reports other targets")
    x0, y0, x1, y1 = [int(c) for c in r["targets"]["lanes"]]
    x0 = int(r["targets"]["chart"][0])
    check([row[3 * x0:3 * x1] for row in png.rows[y0:y1]] == [row[3 * x0:3 * x1] for row in png2.rows[y0:y1]],
          "the reused chart's pixels differ from the built one's")
    # Zoomed onto the selected message, then out until its whole burst is drawn one by one.
    v.key("f")
    r, _ = v.shot()
    for _ in range(30):
        if r["arrows"] >= BURST:
            break
        v.key("s")
        r, _ = v.shot()
    check(r["arrows"] >= BURST, "zoomed in, only %d arrows drawn one by one" % r["arrows"])
    check(r["arrow_draws"] * 10 <= r["arrows"], "%d arrows took %d lines or bands: not bundled" % (r["arrows"], r["arrow_draws"]))
    # The gate's dispatches 100 ns apart: a row of marks drawn as a few bars, never none.
    check(0 < r["mark_draws"] and r["mark_draws"] * 4 <= r["marks"], "%d marks took %d shapes" % (r["marks"], r["mark_draws"]))
    r, png = v.shot()
    ids = {mid for _, mid in pushes}
    named = sorted((t[0], int(n.split()[1])) for n, t in r["targets"].items()
                   if n.startswith("arrow ") and int(n.split()[1]) in ids)
    check(len(named) >= 20, "only %d socket arrows named in the frame" % len(named))
    # Between the burst's first and last arrow the band is filled with the socket colour.
    a = centre(r, "arrow %d" % named[0][1])
    b = centre(r, "arrow %d" % named[-1][1])
    mx, my = (a[0] + b[0]) // 2, (a[1] + b[1]) // 2
    check(png.count((mx - 2, my - 2, mx + 3, my + 3), SOCKET, tol=40) >= 12,
          "no band between arrows %d and %d at (%d, %d)" % (named[0][1], named[-1][1], mx, my))
    # Hover and click inside the band still find one message of it, not the one selected.
    selected_id = lines[middle]["id"]
    mid_arrow = named[len(named) // 4][1]
    check(abs(mid_arrow - selected_id) > 10, "arrow %d is too near the selected message %d to tell a click" % (mid_arrow, selected_id))
    x, y = centre(r, "arrow %d" % mid_arrow)
    v.move(x, y)
    r, _ = v.shot()
    check(r["tooltip"].startswith("message "), "hovering arrow %d shows tooltip %r" % (mid_arrow, r["tooltip"]))
    check(r["chart_reused"], "a hover built the chart again")
    xdo("click", 1)
    r, _ = v.shot()
    sel = lines[r["selected"]] if 0 <= r["selected"] < len(lines) else {}
    check(sel.get("ev") == "msg.push" and sel.get("src") == 0 and sel.get("dst") == GATE,
          "clicking inside the band selected %s, not a socket message to the gate" % sel)
    check(abs(sel["id"] - mid_arrow) <= 3, "clicking arrow %d selected message %d" % (mid_arrow, sel["id"]))
    v.close()


if __name__ == "__main__":
    check(drive.SCENARIO == "chart_lod", "no scenario %r (have chart_lod)" % drive.SCENARIO)
    chart_lod()
