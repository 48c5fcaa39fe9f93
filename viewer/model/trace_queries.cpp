// trace_queries: lookups over the indexes — by time, by handle, a coroutine's state, a socket event's climb.
#include "viewer/model/trace_model.h"

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

// From any event of one socket's journey, find the others: the poll that
// started it, the forward, the dispatch of the forwarded message, the first
// socket.lua/netpack action after it, and the coroutine it woke. Each step is
// the first match after the previous one and before the socket's next poll.
SocketClimb TraceModel::socket_climb(EventId e) const
{
	SocketClimb c;
	const Event &ev = events_[e];
	int32_t sock = ev.sock;
	int m = message_of(e);
	if (sock < 0 && m >= 0 && messages_[m].fwd != NO_EVENT)
		sock = events_[messages_[m].fwd].sock;   // a msg.* event of a forwarded socket message
	if (sock < 0 && ev.kind == Kind::co_resume) {
		// A coroutine woken by a socket: the nearest socket.lua wake before it on this service.
		const Service &s = services_[service_index(ev.h)];
		for (size_t i = lower_bound(s.events, ev.t + 1); i-- > 0;) {
			const Event &x = events_[s.events[i]];
			if (x.kind == Kind::sock_lua) {
				sock = x.sock;
				break;
			}
			if (ev.t - x.t > 1000000000)
				break;
		}
	}
	int si = socket_index(sock);
	if (si < 0)
		return c;
	const std::vector<EventId> &list = sockets_[si].events;
	int64_t at = ev.t;
	if (m >= 0 && messages_[m].fwd != NO_EVENT)
		at = std::min(at, events_[messages_[m].fwd].t);
	size_t i = lower_bound(list, at + 1);
	while (i-- > 0)
		if (events_[list[i]].kind == Kind::sock_poll) {
			c.poll = list[i];
			break;
		}
	size_t from = c.poll == NO_EVENT ? lower_bound(list, at) : lower_bound(list, events_[c.poll].t);
	int64_t until = INT64_MAX;
	for (size_t k = from; k < list.size(); k++) {
		const Event &x = events_[list[k]];
		if (x.kind == Kind::sock_poll && list[k] != c.poll) {
			until = x.t;
			break;
		}
		if (x.kind == Kind::sock_fwd && c.fwd == NO_EVENT)
			c.fwd = list[k];
		if ((x.kind == Kind::sock_lua || x.kind == Kind::netpack) && c.lua == NO_EVENT && c.fwd != NO_EVENT)
			c.lua = list[k];
	}
	if (c.fwd != NO_EVENT) {
		int fm = message_of(c.fwd);
		if (fm >= 0)
			c.begin = messages_[fm].begin;
	}
	EventId after = c.lua != NO_EVENT ? c.lua : c.begin;
	if (after != NO_EVENT) {
		const Event &a = events_[after];
		int svc = service_index(a.h);
		if (svc >= 0) {
			const std::vector<EventId> &evs = services_[svc].events;
			// The woken coroutine runs within a few events of the wake; look no further.
			size_t k0 = lower_bound(evs, a.t);
			for (size_t k = k0; k < evs.size() && k < k0 + 64 && events_[evs[k]].t < until; k++) {
				const Event &x = events_[evs[k]];
				if (x.kind == Kind::co_resume && word(x.word) == "socket") {
					c.resume = evs[k];
					break;
				}
			}
		}
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
