// panels: one function per panel; each draws into the window the layout has begun.
#pragma once
#include "viewer/app/lesson_view.h"
#include "viewer/app/view_state.h"
#include "trace/trace_source.h"

#include <imgui.h>

void panel_controls(ViewState &v, TraceSource &source, const TraceModel &m);
void panel_services(ViewState &v, const TraceModel &m);
void panel_sequence(ViewState &v, const TraceModel &m);
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
