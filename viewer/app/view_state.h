// view_state: what every panel shares — the selected event, the current time, the visible time range, the filter.
#pragma once
#include "trace/trace_model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// How the sequence chart orders its lanes.
enum class LaneOrder { Address, Name, Activity };

// The bottom tab shown below the sequence chart.
enum class BottomPanel { Threads, Sockets, Netpack, Coroutines };

struct ViewState {
	// Selection and time link every panel: selecting an event moves `now` to
	// it, and playing moves `now` and selects the last event at or before it.
	EventId selected = NO_EVENT;
	int64_t now = 0;
	bool playing = false;
	double speed = 0;              // trace nanoseconds per wall second, from the trace's length
	bool speed_user = false;       // until the learner sets it
	bool follow_live = false;

	// The time range the sequence chart and threads panel show. Until the user
	// zooms or pans, it follows the whole trace as it grows.
	int64_t view_t0 = 0, view_t1 = 1;
	bool view_user = false;

	// The chart's lanes: their order, whether services sharing a name fold
	// into a group, and the groups the learner opened or closed (see lanes.h).
	LaneOrder lane_order = LaneOrder::Address;
	bool lane_groups = true;
	std::map<std::string, bool> lane_collapsed;

	// The tab the tab bar drew last frame, and a request to switch to one
	// (--panel, a lesson step). They are kept apart: the tab bar takes a
	// frame to switch, and a request overwritten by the tab still shown
	// would ask for that tab back, flipping between the two every frame.
	BottomPanel bottom = BottomPanel::Threads;
	std::optional<BottomPanel> show_bottom;
	int32_t socket = -1;           // the socket the socket panels show

	// Filter & search.
	int filter_service = -1;       // index into services(), -1 for all
	char filter_kind[32] = "";
	int filter_socket = -1;
	char filter_text[64] = "";
	std::vector<EventId> matches;
	uint64_t matches_version = ~0ull;
	std::string matches_key;

	// Set by a panel to ask that the timeline centre on `now`.
	bool reveal_now = false;

	// Where the sequence chart drew its lanes last frame (panel_sequence sets
	// it), so that a drawing across two charts can place an event there
	// (chart_point: the cross-node arrows of two cluster nodes' traces).
	struct Chart {
		bool valid = false;
		float x0 = 0, x1 = 1, lanes_y = 0, lane_h = 1, clip_y0 = 0, clip_y1 = 0;
		int64_t t0 = 0, t1 = 1;
		std::vector<int> lane_of_service;   // service index -> lane, -1 hidden
	} chart;
};

// Selects an event: moves `now` to it, and the socket panels to its socket.
void view_select(ViewState &v, const TraceModel &m, EventId e);
