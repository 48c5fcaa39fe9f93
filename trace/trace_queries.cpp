// trace_queries: lookups over the indexes — by time, by handle, a coroutine's state, a socket event's climb.
#include "trace/trace_model.h"

#include <algorithm>
#include <cstdio>

size_t TraceModel::rank_of(EventId e) const
{
	// order_ is sorted by (t, id), so the rank is found by binary search.
	const Event &ev = events_[e];
	auto it = std::lower_bound(order_.begin(), order_.end(), e, [&](EventId a, EventId b) {
		const Event &x = events_[a];
		return x.t < ev.t || (x.t == ev.t && a < b);
	});
	return size_t(it - order_.begin());
}

size_t TraceModel::lower_bound(const std::vector<EventId> &ids, int64_t t) const
{
	auto it = std::lower_bound(ids.begin(), ids.end(), t, [&](EventId a, int64_t v) { return events_[a].t < v; });
	return size_t(it - ids.begin());
}

size_t TraceModel::first_rank_at(int64_t t) const
{
	return lower_bound(order_, t);
}

int64_t TraceModel::first_time() const
{
	return order_.empty() ? 0 : events_[order_.front()].t;
}

int64_t TraceModel::last_time() const
{
	return order_.empty() ? 0 : events_[order_.back()].t;
}

int TraceModel::service_index(uint32_t handle) const
{
	auto it = service_of_handle_.find(handle);
	return it == service_of_handle_.end() ? -1 : it->second;
}

std::string TraceModel::service_label(uint32_t handle) const
{
	if (handle == 0)
		return "runtime";
	int i = service_index(handle);
	if (i >= 0) {
		const Service &s = services_[i];
		if (!s.name.empty())
			return s.name;
		if (!s.args.empty())
			return s.module == "snlua" ? s.args : s.module + " " + s.args;
		if (!s.module.empty())
			return s.module;
	}
	return format_handle(handle);
}

int TraceModel::message_index(uint64_t id) const
{
	auto it = message_of_id_.find(id);
	return it == message_of_id_.end() ? -1 : it->second;
}

int TraceModel::message_of(EventId e) const
{
	Kind k = events_[e].kind;
	bool is_message = k == Kind::msg_push || k == Kind::msg_begin || k == Kind::msg_end || k == Kind::msg_drop || k == Kind::sock_fwd;
	return is_message ? link_[e] : -1;
}

int TraceModel::wait_of(EventId e) const
{
	Kind k = events_[e].kind;
	return k == Kind::co_suspend || k == Kind::co_resume ? link_[e] : -1;
}

int TraceModel::socket_index(int32_t sock) const
{
	auto it = socket_of_.find(sock);
	return it == socket_of_.end() ? -1 : it->second;
}

int64_t TraceModel::sample_at(const std::vector<Sample> &s, int64_t t)
{
	auto it = std::upper_bound(s.begin(), s.end(), t, [](int64_t v, const Sample &x) { return v < x.t; });
	return it == s.begin() ? 0 : (it - 1)->value;
}

EventId TraceModel::coroutine_state_at(const Coroutine &c, int64_t t) const
{
	size_t i = lower_bound(c.events, t + 1);
	return i == 0 ? NO_EVENT : c.events[i - 1];
}

// From any event of one socket's journey, the others, each tied to the same
// message and the same read rather than to "the next one in time":
//   poll    the sock.poll that produced the forward (the last on its socket before it)
//   fwd     the sock.fwd, whose `id` is the PTYPE_SOCKET message
//   begin   that message's dispatch on the owner
//   lua     the first socket.lua (buffer, close) or netpack action on the socket inside that dispatch
//   resume  the coroutine the dispatch's `wake` woke: the one whose socket.lua
//           `suspend` on this socket came last before the wake (the runtime
//           writes why "wakeup" on that resume)
//   proto   the http/ws/login event on the socket: the selected one, else the
//           first inside that dispatch (the reader resumes within it)
SocketClimb TraceModel::socket_climb(EventId e) const
{
	SocketClimb c;
	const Event &ev = events_[e];
	if (is_protocol(ev.kind))
		c.proto = e;
	int si = service_index(ev.h);
	const std::vector<EventId> *svc = si >= 0 ? &services_[si].events : nullptr;
	// The dispatch running on ev's service at ev's time: the last msg.begin at or
	// before it whose message has not ended before it.
	auto dispatch_at = [&](const Event &x) -> int {
		if (!svc)
			return -1;
		for (size_t k = lower_bound(*svc, x.t + 1); k-- > 0;) {
			const Event &y = events_[(*svc)[k]];
			if (y.kind == Kind::msg_end)
				return -1;   // between dispatches
			if (y.kind == Kind::msg_begin)
				return message_of((*svc)[k]);
		}
		return -1;
	};
	EventId fwd = NO_EVENT;
	switch (ev.kind) {
	case Kind::sock_fwd:
		fwd = e;
		break;
	case Kind::sock_poll: {
		int k = socket_index(ev.sock);
		if (k < 0)
			return c;
		const std::vector<EventId> &list = sockets_[k].events;
		for (size_t i = lower_bound(list, ev.t); i < list.size(); i++) {
			const Event &x = events_[list[i]];
			if (x.kind == Kind::sock_poll && list[i] != e && x.t > ev.t)
				break;   // the next poll: this one forwarded nothing
			if (x.kind == Kind::sock_fwd) {
				fwd = list[i];
				break;
			}
		}
		if (fwd == NO_EVENT) {
			c.poll = e;
			return c;
		}
		break;
	}
	case Kind::co_suspend: case Kind::co_resume: {
		// A socket wait: climb to the wake that ended it.
		int wi = wait_of(e);
		if (wi < 0 || waits_[wi].resume == NO_EVENT || word(waits_[wi].why) != "socket")
			return c;
		const Event &r = events_[waits_[wi].resume];
		int m = dispatch_at(r);
		if (m >= 0)
			fwd = messages_[m].fwd;
		break;
	}
	default: {
		int m = message_of(e);
		if (m < 0 && (ev.kind == Kind::sock_lua || is_protocol(ev.kind)))
			m = dispatch_at(ev);
		if (m >= 0)
			fwd = messages_[m].fwd;
		if (ev.kind == Kind::netpack && ev.sock >= 0 && socket_index(ev.sock) >= 0) {
			// netpack names no service: the last forward on its socket whose dispatch holds it.
			const std::vector<EventId> &list = sockets_[socket_index(ev.sock)].events;
			for (size_t i = lower_bound(list, ev.t + 1); i-- > 0 && fwd == NO_EVENT;) {
				int fm = events_[list[i]].kind == Kind::sock_fwd ? message_of(list[i]) : -1;
				if (fm < 0 || messages_[fm].begin == NO_EVENT || events_[messages_[fm].begin].t > ev.t)
					continue;
				EventId end = messages_[fm].end;
				if (end != NO_EVENT && events_[end].t < ev.t)
					break;   // the socket's last dispatch ended before it
				fwd = list[i];
			}
		}
		break;
	}
	}
	if (fwd == NO_EVENT)
		return c;
	c.fwd = fwd;
	const Event &f = events_[fwd];
	int sk = socket_index(f.sock);
	if (sk < 0)
		return c;
	const std::vector<EventId> &list = sockets_[sk].events;
	for (size_t i = lower_bound(list, f.t + 1); i-- > 0;)
		if (events_[list[i]].kind == Kind::sock_poll) {
			c.poll = list[i];
			break;
		}
	int m = message_of(fwd);
	if (m < 0 || messages_[m].begin == NO_EVENT)
		return c;
	c.begin = messages_[m].begin;
	int64_t from = events_[c.begin].t;
	int64_t until = messages_[m].end != NO_EVENT ? events_[messages_[m].end].t : INT64_MAX;
	EventId wake = NO_EVENT;
	for (size_t i = lower_bound(list, from); i < list.size() && events_[list[i]].t <= until; i++) {
		const Event &x = events_[list[i]];
		if (x.h != events_[c.begin].h && x.kind != Kind::netpack)   // netpack names no service
			continue;
		bool lua = x.kind == Kind::netpack || (x.kind == Kind::sock_lua && word(x.word) != "wake");
		if (lua && c.lua == NO_EVENT)
			c.lua = list[i];
		if (x.kind == Kind::sock_lua && word(x.word) == "wake") {
			wake = list[i];
			break;
		}
	}
	for (size_t i = lower_bound(list, from); c.proto == NO_EVENT && i < list.size() && events_[list[i]].t <= until; i++)
		if (is_protocol(events_[list[i]].kind) && events_[list[i]].h == events_[c.begin].h)
			c.proto = list[i];
	if (wake == NO_EVENT)
		return c;   // nobody was waiting: the bytes stay buffered (or netpack passed them on)
	// The reader: the last socket.lua suspend on this socket before the wake,
	// and the co.suspend that follows it on the same service.
	const Event &w = events_[wake];
	for (size_t i = lower_bound(list, w.t); i-- > 0;) {
		const Event &x = events_[list[i]];
		if (x.kind != Kind::sock_lua || x.h != w.h || word(x.word) != "suspend")
			continue;
		// The co.suspend written beside it (just after, in the runtime's order).
		const std::vector<EventId> &evs = services_[service_index(x.h)].events;
		size_t at = lower_bound(evs, x.t);
		int64_t best = INT64_MAX;
		for (size_t k = at > 4 ? at - 4 : 0; k < evs.size() && k < at + 16; k++) {
			const Event &y = events_[evs[k]];
			int wi = y.kind == Kind::co_suspend ? wait_of(evs[k]) : -1;
			if (wi < 0 || word(waits_[wi].why) != "socket" || waits_[wi].resume == NO_EVENT)
				continue;
			int64_t d = y.t > x.t ? y.t - x.t : x.t - y.t;
			if (d < best && events_[waits_[wi].resume].t >= w.t)
				best = d, c.resume = waits_[wi].resume;
		}
		break;
	}
	return c;
}

std::string format_handle(uint32_t h)
{
	char buf[16];
	std::snprintf(buf, sizeof buf, ":%08x", h);
	return buf;
}

std::string format_time(int64_t ns)
{
	char buf[32];
	std::snprintf(buf, sizeof buf, "%.6f s", double(ns) / 1e9);
	return buf;
}

std::string format_duration(int64_t ns)
{
	char buf[32];
	double v = double(ns < 0 ? -ns : ns);
	const char *sign = ns < 0 ? "-" : "";
	if (v < 1e3)
		std::snprintf(buf, sizeof buf, "%s%.0f ns", sign, v);
	else if (v < 1e6)
		std::snprintf(buf, sizeof buf, "%s%.1f us", sign, v / 1e3);
	else if (v < 1e9)
		std::snprintf(buf, sizeof buf, "%s%.2f ms", sign, v / 1e6);
	else
		std::snprintf(buf, sizeof buf, "%s%.3f s", sign, v / 1e9);
	return buf;
}
