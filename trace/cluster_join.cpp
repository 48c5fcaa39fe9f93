// cluster_join: pairs the `cluster` events of two nodes' traces by node and session.
#include "trace/cluster_join.h"

#include <map>

// Joins what `caller` (trace index `caller_index`) wrote to `callee`'s node.
static void join_one_way(const TraceModel &caller, const TraceModel &callee, int caller_index,
	std::vector<ClusterCrossing> &out)
{
	const std::string &name = callee.node_name();
	if (name.empty())
		return;
	// The callee's agent side (its events name no node): requests read, responses written.
	std::map<int32_t, std::vector<EventId>> requests_in, responses_out;
	for (EventId e : callee.cluster_events()) {
		const Event &ev = callee.event(e);
		if (!callee.word(ev.word2).empty())
			continue;   // its own sender's, calling some node
		bool response = callee.word(ev.word) == "response";
		if (response && ev.flag)
			responses_out[ev.session].push_back(e);
		else if (!response && !ev.flag)
			requests_in[ev.session].push_back(e);
	}
	std::map<int32_t, size_t> next_request, next_response;
	for (EventId e : caller.cluster_events()) {
		const Event &ev = caller.event(e);
		if (caller.word(ev.word2) != name)
			continue;
		bool response = caller.word(ev.word) == "response";
		if (response == ev.flag)
			continue;   // a sender writes requests and reads responses, nothing else
		auto &pool = response ? responses_out : requests_in;
		auto it = pool.find(ev.session);
		if (it == pool.end())
			continue;
		size_t &k = (response ? next_response : next_request)[ev.session];
		if (k >= it->second.size())
			continue;
		EventId other = it->second[k++];
		if (response)
			out.push_back({1 - caller_index, other, e, true});
		else
			out.push_back({caller_index, e, other, false});
	}
}

std::vector<ClusterCrossing> cluster_join(const TraceModel &a, const TraceModel &b)
{
	std::vector<ClusterCrossing> out;
	join_one_way(a, b, 0, out);
	join_one_way(b, a, 1, out);
	return out;
}
