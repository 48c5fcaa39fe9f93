// chart_cache: the sequence chart's strips, arrows and marks kept as vertices between frames, rebuilt only when the view or the trace changes.
#pragma once
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

// Everything the chart's picture depends on: a change in any of it builds
// the picture again. The selection, the cursor and hover are drawn on top
// each frame and are not part of it.
struct ChartKey {
	const void *model = nullptr;
	size_t events = 0;                 // a live trace grows: each new event rebuilds
	int64_t first = 0, last = 0;       // another file of the same size
	int64_t t0 = 0, t1 = 0;            // the time range in view
	float clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;   // the chart's rectangle on screen
	float origin_y = 0, lane_h = 0;    // where the lanes are, scrolled
	int lane_first = 0, lane_last = 0;
	std::vector<int> lane_of_service;  // order, grouping and folding
	bool operator==(const ChartKey &) const = default;
};

// Appends to `target` what `draw` draws for chart `id`: drawn into a list of
// its own when `key` changed, then copied in; copied from that list while the
// key stays the same. What `draw` adds to the frame report (targets, counts)
// is kept with it and added again on each copy.
void chart_cached(ImDrawList *target, ImGuiID id, const ChartKey &key, const std::function<void(ImDrawList *)> &draw);
// Whether the last chart_cached call reused the last frame's vertices (tests, bench).
bool chart_cache_hit();
