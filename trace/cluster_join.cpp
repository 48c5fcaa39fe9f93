// cluster_join: pairs the `cluster` events of two nodes' traces by node and session.
#include "trace/cluster_join.h"

#include <algorithm>
#include <map>
#include <tuple>

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
			out.push_back({1 - caller_index, other, e, true, ev.h});
		else
			out.push_back({caller_index, e, other, false, ev.h});
	}
}

std::vector<ClusterCrossing> cluster_join(const TraceModel &a, const TraceModel &b)
{
	std::vector<ClusterCrossing> out;
	join_one_way(a, b, 0, out);
	join_one_way(b, a, 1, out);
	return out;
}

int64_t cluster_clock_offset(const TraceModel &a, const TraceModel &b, const std::vector<ClusterCrossing> &crossings,
	bool &found)
{
	// A request and its response share the session and the caller's sender;
	// key them by (caller trace, sender, session), the k-th request with the k-th response.
	struct Half { int64_t out_t, in_t; };   // in the caller's and the callee's clocks, as written
	std::map<std::tuple<int, uint32_t, int32_t>, std::vector<Half>> requests, responses;
	for (const ClusterCrossing &c : crossings) {
		if (c.caller == 0)
			continue;
		const TraceModel &from = c.from_trace == 0 ? a : b, &to = c.from_trace == 0 ? b : a;
		const Event &out = from.event(c.from), &in = to.event(c.to);
		int caller = c.response ? 1 - c.from_trace : c.from_trace;
		(c.response ? responses : requests)[{caller, c.caller, out.session}].push_back({out.t, in.t});
	}
	std::vector<int64_t> offsets;
	for (auto &[key, reqs] : requests) {
		auto it = responses.find(key);
		if (it == responses.end())
			continue;
		for (size_t k = 0; k < reqs.size() && k < it->second.size(); k++) {
			// caller -> callee, then back: (callee - caller) estimates, as b - a.
			int64_t there = reqs[k].in_t - reqs[k].out_t;          // callee clock - caller clock + latency
			int64_t back = it->second[k].out_t - it->second[k].in_t; // callee clock - caller clock - latency
			int64_t callee_minus_caller = there / 2 + back / 2;
			offsets.push_back(std::get<0>(key) == 0 ? callee_minus_caller : -callee_minus_caller);
		}
	}
	found = !offsets.empty();
	if (!found)
		return 0;
	std::nth_element(offsets.begin(), offsets.begin() + offsets.size() / 2, offsets.end());
	return offsets[offsets.size() / 2];
}
