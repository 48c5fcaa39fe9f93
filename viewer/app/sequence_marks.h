// sequence_marks: the shapes and colours the sequence chart puts on a lane, and the legend that names them.
#pragma once

#include "trace/trace_model.h"

#include <imgui.h>

#include <cstdint>
#include <unordered_map>

// The colour of an event's mark (coroutine, socket, log, timer, drop...).
ImU32 mark_color(const TraceModel &m, const Event &ev);
// A dropped message: an X, so it never reads as the red time cursor.
void draw_cross(ImDrawList *dl, ImVec2 p, ImU32 col);
// The shape on a lane for one event that is not an arrow or a dispatch.
void draw_mark(ImDrawList *dl, const Event &ev, ImVec2 p, ImU32 col);
// Marks of one shape and colour on one lane, each within MARK_GAP pixels of
// the one before, drawn as one shape that covers them all: a hexagon for a
// row of diamonds, a trapezoid for a row of triangles, a rounded bar for
// dots. Zoomed in on a busy gate, a lane holds hundreds of marks a pixel
// apart; to the eye a bar, to llvmpipe hundreds of soft-edged shapes, and
// it pays per triangle. A mark alone is drawn as draw_mark draws it.
class MarkRuns {
public:
	static constexpr float MARK_GAP = 2;
	explicit MarkRuns(ImDrawList *dl) : dl_(dl) {}
	void add(int lane, const Event &ev, ImVec2 p, ImU32 col);
	void flush();   // draws the runs still open; call after the last add
	int marks = 0, drawn = 0;

private:
	struct Run { Event first; float y = 0, x0 = 0, x1 = 0; ImU32 col = 0; int n = 0; };
	void draw(const Run &r);
	ImDrawList *dl_;
	std::unordered_map<uint64_t, Run> open_;
};

// How many rows the legend needs between x0 and x1, and the legend drawn from y down.
int legend_rows(float x0, float x1);
void legend(ImDrawList *dl, float x0, float x1, float y);
