// harbor_join: pairs the `harbor` events of two harbor nodes' traces — a message one node's harbor wrote with the one the other's read.
#pragma once
#include "trace/cluster_join.h"
#include "trace/trace_model.h"

#include <vector>

// Both ends of a message that crossed see the same source, destination
// (the full address, the receiver's harbor byte included), session and type:
// the k-th written in one trace with those four pairs with the k-th read in
// the other. Appended to `out` as crossings, like the cluster's, so the viewer
// draws both alike; a call and its RESPONSE carry `caller` for the clocks'
// offset (cluster_clock_offset). Both directions are joined.
void harbor_join(const TraceModel &a, const TraceModel &b, std::vector<ClusterCrossing> &out);
