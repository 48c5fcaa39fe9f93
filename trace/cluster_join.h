// cluster_join: pairs the `cluster` events of two nodes' traces — a request one node wrote with the one the other read, and the response back.
#pragma once
#include "trace/trace_model.h"

#include <vector>

// One crossing between the traces: `from` in trace `from_trace` (0 or 1),
// `to` in the other.
// A message between two harbor nodes is one too (trace/harbor_join.h).
struct ClusterCrossing {
	int from_trace = 0;
	EventId from = NO_EVENT, to = NO_EVENT;
	bool response = false;
	// The calling service (a clustersender, or the caller of a harbor call),
	// which pairs a request with its response for the clock offset; 0 for a
	// message that is no half of a round trip (a send, a multicast).
	uint32_t caller = 0;
};

// A request (or push) that one trace's clustersender wrote to node N pairs
// with the request the other trace's clusteragent read with the same session,
// when the other trace's `node` event names N; that agent's response pairs
// with the one the sender read back. Sessions count per connection, so two
// callers of one node can share a number: the k-th with a session pairs with
// the k-th. Both directions are joined (each node may call the other).
// Nothing pairs when a trace has no `node` event.
std::vector<ClusterCrossing> cluster_join(const TraceModel &a, const TraceModel &b);

// Each process counts `t` from its own start, so two nodes' clocks differ by
// an offset. A round trip — a request out of a at ta1, read by b at tb1, its
// response out of b at tb2, read by a at ta2 — gives it as NTP does:
// ((tb1 - ta1) + (tb2 - ta2)) / 2, b's time minus a's for one instant. The
// median over every round trip; `found` false when none crossed.
int64_t cluster_clock_offset(const TraceModel &a, const TraceModel &b, const std::vector<ClusterCrossing> &crossings,
	bool &found);
