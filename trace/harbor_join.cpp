// harbor_join: pairs the `harbor` events of two traces by source, destination, session and type.
#include "trace/harbor_join.h"

#include <map>
#include <tuple>

namespace {

using Key = std::tuple<uint32_t, uint32_t, int32_t, int32_t>; // src, dst, session, type

constexpr int32_t PTYPE_RESPONSE = 1;
constexpr int32_t PTYPE_MULTICAST = 2; // its session is a channel id, not a call's

Key key_of(const Event &ev) { return {ev.h, ev.peer, ev.session, ev.type}; }

// Joins what `writer` (trace index `writer_index`) wrote with what `reader` read.
void join_one_way(const TraceModel &writer, const TraceModel &reader, int writer_index,
	std::vector<ClusterCrossing> &out)
{
	std::map<Key, std::vector<EventId>> read;
	for (EventId e : reader.harbor_events()) {
		const Event &ev = reader.event(e);
		if (!ev.flag)
			read[key_of(ev)].push_back(e);
	}
	if (read.empty())
		return;
	std::map<Key, size_t> next;
	for (EventId e : writer.harbor_events()) {
		const Event &ev = writer.event(e);
		if (!ev.flag)
			continue;
		Key k = key_of(ev);
		auto it = read.find(k);
		if (it == read.end())
			continue;
		size_t &n = next[k];
		if (n >= it->second.size())
			continue;
		EventId other = it->second[n++];
		bool response = ev.type == PTYPE_RESPONSE;
		// A call's request is written by its caller (src); its response read by it (dst).
		uint32_t caller = 0;
		if (response)
			caller = ev.peer;
		else if (ev.session != 0 && ev.type != PTYPE_MULTICAST)
			caller = ev.h;
		out.push_back({writer_index, e, other, response, caller});
	}
}

} // namespace

void harbor_join(const TraceModel &a, const TraceModel &b, std::vector<ClusterCrossing> &out)
{
	join_one_way(a, b, 0, out);
	join_one_way(b, a, 1, out);
}
