// sequence_marks: the shapes and colours the sequence chart puts on a lane, and the legend that names them.
#pragma once

#include "trace/trace_model.h"

#include <imgui.h>

// The colour of an event's mark (coroutine, socket, log, timer, drop...).
ImU32 mark_color(const TraceModel &m, const Event &ev);
// A dropped message: an X, so it never reads as the red time cursor.
void draw_cross(ImDrawList *dl, ImVec2 p, ImU32 col);
// The shape on a lane for one event that is not an arrow or a dispatch.
void draw_mark(ImDrawList *dl, const Event &ev, ImVec2 p, ImU32 col);
// How many rows the legend needs between x0 and x1, and the legend drawn from y down.
int legend_rows(float x0, float x1);
void legend(ImDrawList *dl, float x0, float x1, float y);
