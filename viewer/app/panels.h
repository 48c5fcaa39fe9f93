// panels: one function per panel; each draws into the window the layout has begun.
#pragma once
#include "viewer/app/lesson_view.h"
#include "viewer/app/view_state.h"
#include "trace/trace_source.h"

#include <imgui.h>

void panel_controls(ViewState &v, TraceSource &source, const TraceModel &m);
void panel_services(ViewState &v, const TraceModel &m);
void panel_sequence(ViewState &v, const TraceModel &m);
// Where event `e` sat in the sequence chart panel_sequence drew last for `v`
// (screen pixels); false when its lane or time was out of view.
bool chart_point(const ViewState &v, const TraceModel &m, EventId e, ImVec2 &p);
// Two cluster nodes' charts side by side: an arrow from chart to chart for
// each request and response that crossed between them (trace/cluster_join.h).
// Returns how many were drawn.
// b's clock minus a's, from the round trips between two nodes' traces;
// false when none crossed.
bool cluster_offset(const TraceModel &a, const TraceModel &b, int64_t &offset);
int draw_cluster_crossings(const ViewState &va, const TraceModel &a, const ViewState &vb, const TraceModel &b);
void panel_threads(ViewState &v, const TraceModel &m);
void panel_sockets(ViewState &v, const TraceModel &m);
void panel_netpack(ViewState &v, const TraceModel &m);
void panel_coroutines(ViewState &v, const TraceModel &m);
void panel_inspector(ViewState &v, const TraceModel &m);
void panel_filter(ViewState &v, const TraceModel &m, uint64_t version);
void panel_lesson(ViewState &v, const TraceModel &m, LessonView &lesson);
// n / p: the next and previous lesson step, whichever panel is shown.
void lesson_keys(ViewState &v, const TraceModel &m, LessonView &lesson);
// The monospace face (source excerpts), or the default font without it.
ImFont *mono_font();
