// timeline: the shared time axis of the sequence chart and the threads panel — mapping, ticks, zoom, pan, measure.
#pragma once
#include "viewer/app/view_state.h"

#include <imgui.h>

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

// Keeps the view on the whole trace until the user takes over.
void timeline_fit(ViewState &v, const TraceModel &m);
// Ticks and labels along the top of `min..max`.
void timeline_draw_axis(ImDrawList *dl, const TimeAxis &axis, ImVec2 min, ImVec2 max);
// The red line at `now`, and the measured span if any.
void timeline_draw_cursor(ImDrawList *dl, const TimeAxis &axis, const ViewState &v, const Measure &measure, ImVec2 min, ImVec2 max);
// Wheel zooms about the mouse, left drag pans, right drag measures. Returns
// true on a left click without a drag (the caller picks what is under it).
bool timeline_input(ViewState &v, const TimeAxis &axis, Measure &measure, ImVec2 min, ImVec2 max);
