// lanes: which services get a row in the sequence chart, in which order, and which rows are folded into a group.
#pragma once
#include "viewer/app/view_state.h"

#include <string>
#include <vector>

// One row of the chart: a service, a group's header, or a collapsed group
// that draws all its members' events on one row.
struct LaneRow {
	enum Kind { One, Header, Collapsed } kind = One;
	std::vector<int> services;     // service indexes drawn on this row (none for an open group's header)
	std::string label;             // a repeated name carries its handle: "agent :0000000a"
	std::string group;             // the group's key, "" for a service alone
	int members = 1;
};

struct LaneLayout {
	std::vector<LaneRow> rows;
	std::vector<int> of_service;   // service index -> row, -1 when not drawn
};

// The key services are grouped by: the service's own name ("agent" for
// every `snlua agent N`). A cluster view can prefix the node later; the rows
// only compare keys.
std::string lane_group_key(const TraceModel &m, int service);
// Every service's label, with its handle added where two share a name.
std::vector<std::string> lane_labels(const TraceModel &m);
// The rows for `v`'s order and grouping. Groups of GROUP_FOLD members or
// more start collapsed, until the learner opens them.
LaneLayout lanes_build(const TraceModel &m, const ViewState &v);
inline constexpr int GROUP_FOLD = 10;
const char *lane_order_name(LaneOrder o);
// Whether the service gets a row or a node at all: the runtime (handle 0)
// only when the socket thread or a timer did something.
bool lane_shown(const TraceModel &m, int service);
