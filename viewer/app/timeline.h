// timeline: the shared time axis of the sequence chart and the threads panel — mapping, ticks, zoom, pan, measure.
#pragma once
#include "viewer/app/view_state.h"

#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <vector>

// The widest view: its span (view_t1 - view_t0) still fits an int64.
constexpr double TIMELINE_MAX_SPAN = 9e18;

// A time computed in doubles back into int64, saturating instead of
// overflowing (converting an out-of-range double is undefined).
inline int64_t timeline_clamp(double t)
{
	if (!(t > -9.2e18))
		return int64_t(-9.2e18);
	if (t > 9.2e18)
		return int64_t(9.2e18);
	return int64_t(t);
}

// a - b exactly while it fits an int64 (a double near 9e18 cannot tell
// two times 1 µs apart), in doubles only when it would overflow.
inline double timeline_diff(int64_t a, int64_t b)
{
	int64_t d;
	return __builtin_sub_overflow(a, b, &d) ? double(a) - double(b) : double(d);
}

// t + an offset of ns, saturating.
inline int64_t timeline_add(int64_t t, double ns)
{
	int64_t d = timeline_clamp(ns), out;
	return __builtin_add_overflow(t, d, &out) ? (d > 0 ? INT64_MAX : INT64_MIN) : out;
}

struct TimeAxis {
	float x0 = 0, x1 = 1;          // screen pixels
	int64_t t0 = 0, t1 = 1;        // trace nanoseconds
	int64_t origin = 0;            // labels count from here: the trace's first event
	// In doubles: a trace's times may lie anywhere in int64 (a broken clock,
	// a hand-written file), and t - t0 must not overflow on the way.
	float x(int64_t t) const
	{
		return float(std::clamp(double(x0) + timeline_diff(t, t0) / span() * double(x1 - x0), -1e7, 1e7));
	}
	int64_t t(float x) const { return timeline_add(t0, double(x - x0) / double(x1 - x0) * span()); }
	double ns_per_px() const { return span() / double(x1 - x0); }
	double span() const { return std::max(timeline_diff(t1, t0), 1.0); }
};

// One panel's gestures: a left drag pans; a right-button drag measures a
// span, as in Tracy.
struct Measure {
	bool dragging = false;
	bool active = false;
	int64_t a = 0, b = 0;
};

// The events joined to `e`, `e` first: its message's push, dispatch begin
// and end, its wait's suspend and resume, its call's request and RESPONSE,
// its socket climb. What a step or a selection is "about".
std::vector<EventId> related_events(const TraceModel &m, EventId e);
// Zooms the view onto `events`: their span, at least `min_span`, with a
// quarter of it as margin each side.
void timeline_frame(ViewState &v, const TraceModel &m, const std::vector<EventId> &events, int64_t min_span = 20000);
// Sets the view to `span` ns with `pivot` at `left` (0..1) of it, saturating
// at int64's ends: the one way every zoom and pan moves the view.
void timeline_set(ViewState &v, int64_t pivot, double left, double span);
// Keyboard zoom (w/s, about the current time when it is in view) and pan (a/d).
void timeline_keys(ViewState &v, const TraceModel &m);
// Keeps the view on the whole trace until the user takes over.
void timeline_fit(ViewState &v, const TraceModel &m);
// Where the axis puts its ticks, from `origin`, and the `step` between them:
// a bounded number whatever the times (a tick per 50 pixels at most).
std::vector<double> timeline_ticks(const TimeAxis &axis, double &step);
// Ticks and labels along the top of `min..max`.
void timeline_draw_axis(ImDrawList *dl, const TimeAxis &axis, ImVec2 min, ImVec2 max);
// The red line at `now`, and the measured span if any.
void timeline_draw_cursor(ImDrawList *dl, const TimeAxis &axis, const ViewState &v, const Measure &measure, ImVec2 min, ImVec2 max);
// Wheel zooms about the mouse, left drag pans, right drag measures. Returns
// true on a left click without a drag (the caller picks what is under it).
bool timeline_input(ViewState &v, const TimeAxis &axis, Measure &measure, ImVec2 min, ImVec2 max);
