// timeline: the shared time axis of the sequence chart and the threads panel — mapping, ticks, zoom, pan, measure.
#pragma once
#include "viewer/app/view_state.h"

#include <imgui.h>

#include <vector>

struct TimeAxis {
	float x0 = 0, x1 = 1;          // screen pixels
	int64_t t0 = 0, t1 = 1;        // trace nanoseconds
	int64_t origin = 0;            // labels count from here: the trace's first event
	float x(int64_t t) const { return x0 + float(double(t - t0) / double(t1 - t0) * double(x1 - x0)); }
	int64_t t(float x) const { return t0 + int64_t(double(x - x0) / double(x1 - x0) * double(t1 - t0)); }
	double ns_per_px() const { return double(t1 - t0) / double(x1 - x0); }
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
// Keyboard zoom (w/s, about the current time when it is in view) and pan (a/d).
void timeline_keys(ViewState &v, const TraceModel &m);
// Keeps the view on the whole trace until the user takes over.
void timeline_fit(ViewState &v, const TraceModel &m);
// Ticks and labels along the top of `min..max`.
void timeline_draw_axis(ImDrawList *dl, const TimeAxis &axis, ImVec2 min, ImVec2 max);
// The red line at `now`, and the measured span if any.
void timeline_draw_cursor(ImDrawList *dl, const TimeAxis &axis, const ViewState &v, const Measure &measure, ImVec2 min, ImVec2 max);
// Wheel zooms about the mouse, left drag pans, right drag measures. Returns
// true on a left click without a drag (the caller picks what is under it).
bool timeline_input(ViewState &v, const TimeAxis &axis, Measure &measure, ImVec2 min, ImVec2 max);
