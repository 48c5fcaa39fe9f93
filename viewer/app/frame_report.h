// frame_report: what one frame showed, in words — written beside a screenshot so a test can check the picture's meaning.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// A place on screen a test may click: x0, y0, x1, y1 in window pixels.
struct ReportTarget {
	std::string name;
	float x0, y0, x1, y1;
};

// Panels fill this in as they draw; the frame loop clears it before each frame.
struct FrameReport {
	std::string state;          // the trace source: loaded, live, finished...
	std::string source;         // the file or address
	bool incomplete = false;    // a loaded file without trace.stop
	size_t events = 0;
	std::string tab;            // the bottom tab drawn this frame
	int lesson_step = -1;       // the lesson step shown (from 0), -1 for none
	bool step_never_happened = false;   // that step has no event in a trace that is complete
	int64_t selected = -1;      // the selected event's id
	int64_t view_t0 = 0, view_t1 = 0;   // the sequence chart's time range, from the trace's first event
	int64_t step_t0 = 0, step_t1 = -1;  // the current lesson step's event and those joined to it, same origin
	std::string tooltip;        // the hover tooltip's first line, if one was shown
	std::string climb;          // the socket layers lit, bottom to top: "poll fwd begin lua resume"
	int64_t filter_scrolled_to = -1;
	double speed = 0;           // play speed, trace ns per second
	std::string coroutines;     // the Coroutines panel's counts: "N services, N shown, N hidden"   // the event the filter list last scrolled to
	std::string climb_list;     // the inspector's socket climb rows: "... coroutine protocol"
	int traces = 1;             // traces side by side
	std::string source2;        // the second trace, when two are compared
	size_t events2 = 0;
	int64_t view2_t0 = 0, view2_t1 = 0; // its chart's range, from its own first event
	std::string node, node2;    // the cluster node each trace names (its `node` event)
	int crossings = 0;          // cluster requests and responses, harbor messages, paired between the two traces
	int crossings_drawn = 0;    // of those, the arrows drawn (both ends in view)
	std::string trace_tag;      // the skynet.trace tag the inspector shows for the selection
	size_t trace_steps = 0;     // and how many steps it lists under it
	std::string services_order; // the Services list's first rows, top down, comma-separated
	int arrows = 0;             // the chart's message arrows drawn one by one (zoomed in)
	int arrow_draws = 0;        // the lines and bands drawn for them (arrow_bundles.h)
	int merged_arrows = 0;      // zoomed out: one per lane pair and bucket of pixels
	int marks = 0, mark_draws = 0;   // zoomed in: the marks on lanes, and the shapes drawn for them (MarkRuns)
	bool chart_reused = false;  // the chart's vertices were last frame's (chart_cache.h)
	std::vector<ReportTarget> targets;   // tabs, buttons, marks: where they were drawn
};

FrameReport &frame_report();
// Records the last ImGui item's rectangle under `name`.
void frame_report_item(const std::string &name);
// Writes the report as one JSON object to `path`.
bool frame_report_write(const std::string &path);
