// trace_joins: index each new event and join it to its partners (push→dispatch, suspend→resume, call→RESPONSE).
#include "trace/trace_model.h"

#include <algorithm>

static constexpr int PTYPE_RESPONSE = 1;
static constexpr int PTYPE_ERROR = 7;

Service &TraceModel::service(uint32_t handle)
{
	auto it = service_of_handle_.find(handle);
	if (it != service_of_handle_.end())
		return services_[it->second];
	service_of_handle_[handle] = int(services_.size());
	services_.emplace_back();
	services_.back().handle = handle;
	return services_.back();
}

int TraceModel::message_for(uint64_t id)
{
	auto [it, fresh] = message_of_id_.try_emplace(id, int(messages_.size()));
	if (fresh) {
		messages_.emplace_back();
		messages_.back().id = id;
	}
	return it->second;
}

void TraceModel::index_event(EventId e)
{
	const Event &ev = events_[e];
	// Every event lives on the lane of its service; the socket thread and the
	// timer have no service and share the lane of handle 0.
	Service &s = service(ev.h);
	insert_in_lane(s, e);
	switch (ev.kind) {
	case Kind::trace_start:
		// The runtime has 1 to 256 workers; a file claiming more (or fewer)
		// announces none: the viewer lays out a lane per announced worker, and
		// a hostile `"thread":2000000000` asked it for two billion each frame.
		workers_ = ev.thread >= 1 && ev.thread <= MAX_WORKERS ? ev.thread : 0;
		break;
	case Kind::trace_drop:
		dropped_ += size_t(ev.bytes);
		break;
	case Kind::svc_new:
		s.created = e;
		break;
	case Kind::svc_exit:
		s.exited = e;
		break;
	case Kind::msg_push: case Kind::msg_begin: case Kind::msg_end: case Kind::msg_drop:
		index_message(e);
		break;
	case Kind::msg_label: {
		int m = message_for(ev.id);
		link_[e] = m;
		messages_[m].label = ev.word;
		break;
	}
	case Kind::node:
		node_name_ = std::string(word(ev.word2));
		break;
	case Kind::cluster:
		insert_by_time(cluster_events_, e);
		break;
	case Kind::harbor:
		insert_by_time(harbor_events_, e);
		break;
	case Kind::co_new: case Kind::co_suspend: case Kind::co_resume: case Kind::co_exit:
		index_coroutine(e);
		break;
	case Kind::sock_poll: case Kind::sock_fwd: case Kind::sock_lua: case Kind::netpack:
		index_socket(e);
		break;
	case Kind::http_req: case Kind::http_resp: case Kind::ws_handshake: case Kind::ws_frame: case Kind::login:
		if (events_[e].sock > 0)   // 0: not a socket's (e.g. an http reader over a string)
			index_socket(e);
		break;
	default:
		break;
	}
}

void TraceModel::index_message(EventId e)
{
	const Event &ev = events_[e];
	int m = message_for(ev.id);
	link_[e] = m;
	Message &msg = messages_[m];
	switch (ev.kind) {
	case Kind::msg_push: {
		msg.push = e;
		msg.src = ev.h, msg.dst = ev.peer, msg.session = ev.session, msg.type = ev.type;
		// The queue of the destination grows by one until a worker takes it.
		Service &dst = service(ev.peer);
		int64_t q = dst.queue.empty() ? 0 : dst.queue.back().value;
		insert_sample(dst.queue, {ev.t, q + 1});
		auto key = std::make_pair(ev.h, ev.peer);
		auto [it, fresh] = edge_of_.try_emplace(key, int(edges_.size()));
		if (fresh) {
			edges_.emplace_back();
			edges_.back().src = ev.h, edges_.back().dst = ev.peer;
		}
		Edge &edge = edges_[it->second];
		insert_by_message_time(edge.messages, uint32_t(m), false);
		edge.by_type[ev.type & 15]++;
		// A RESPONSE (or ERROR) to A with session S answers A's call S.
		if ((ev.type == PTYPE_RESPONSE || ev.type == PTYPE_ERROR) && ev.session != 0) {
			auto c = open_calls_.find({ev.peer, ev.session});
			if (c != open_calls_.end())
				calls_[c->second].response = m;
			else
				early_responses_[{ev.peer, ev.session}] = m;
		} else if (ev.session != 0) {
			requests_[{ev.h, ev.session}] = m;
		}
		break;
	}
	case Kind::msg_begin: {
		msg.begin = e;
		if (msg.dst == 0)
			msg.dst = ev.h;
		Service &s = service(ev.h);
		int64_t q = s.queue.empty() ? 0 : s.queue.back().value;
		insert_sample(s.queue, {ev.t, std::max<int64_t>(q - 1, 0)});
		auto [it, fresh] = worker_of_.try_emplace(ev.thread, int(workers_list_.size()));
		if (fresh) {
			workers_list_.emplace_back();
			workers_list_.back().thread = ev.thread;
		}
		insert_by_message_time(workers_list_[it->second].dispatches, uint32_t(m), true);
		break;
	}
	case Kind::msg_end: {
		msg.end = e;
		if (msg.begin != NO_EVENT) {
			auto it = worker_of_.find(events_[msg.begin].thread);
			if (it != worker_of_.end()) {
				Worker &w = workers_list_[it->second];
				w.longest = std::max(w.longest, ev.t - events_[msg.begin].t);
			}
		}
		break;
	}
	case Kind::msg_drop:
		msg.drop = e;
		msg.src = ev.h, msg.dst = ev.peer, msg.session = ev.session, msg.type = ev.type;
		break;
	default:
		break;
	}
}

void TraceModel::index_coroutine(EventId e)
{
	const Event &ev = events_[e];
	auto [cit, fresh] = coroutine_of_.try_emplace({ev.h, ev.co}, int(coroutines_.size()));
	if (fresh) {
		coroutines_.emplace_back();
		coroutines_.back().h = ev.h, coroutines_.back().co = ev.co;
	}
	insert_by_time(coroutines_[cit->second].events, e);

	if (ev.kind == Kind::co_suspend) {
		int w = int(waits_.size());
		waits_.emplace_back();
		Wait &wait = waits_.back();
		wait.h = ev.h, wait.peer = ev.peer, wait.co = ev.co, wait.session = ev.session;
		wait.why = ev.word, wait.suspend = e;
		link_[e] = w;
		open_waits_[{ev.h, ev.co}] = w;
		if (word(ev.word) == "call") {
			int c = int(calls_.size());
			calls_.emplace_back();
			Call &call = calls_.back();
			call.caller = ev.h, call.callee = ev.peer, call.session = ev.session, call.co = ev.co;
			call.suspend = e;
			wait.call = c;
			auto req = requests_.find({ev.h, ev.session});
			if (req != requests_.end()) {
				call.request = req->second;
				requests_.erase(req);
			}
			auto early = early_responses_.find({ev.h, ev.session});
			if (early != early_responses_.end()) {
				call.response = early->second;
				early_responses_.erase(early);
			}
			open_calls_[{ev.h, ev.session}] = c;
		}
	} else if (ev.kind == Kind::co_resume) {
		auto it = open_waits_.find({ev.h, ev.co});
		if (it == open_waits_.end())
			return;   // joined late: the suspend happened before the trace began
		Wait &wait = waits_[it->second];
		wait.resume = e;
		link_[e] = it->second;
		open_waits_.erase(it);
		if (wait.call >= 0) {
			calls_[wait.call].resume = e;
			open_calls_.erase({wait.h, wait.session});
		}
	} else if (ev.kind == Kind::co_exit) {
		open_waits_.erase({ev.h, ev.co});
	}
}

void TraceModel::index_socket(EventId e)
{
	const Event &ev = events_[e];
	auto [it, fresh] = socket_of_.try_emplace(ev.sock, int(sockets_.size()));
	if (fresh) {
		sockets_.emplace_back();
		sockets_.back().sock = ev.sock;
	}
	Socket &s = sockets_[it->second];
	insert_by_time(s.events, e);
	if (ev.kind == Kind::netpack)
		insert_sample(s.buffered, {ev.t, ev.buffered});
	if (ev.kind == Kind::sock_fwd) {
		s.owner = ev.h;
		int m = message_for(ev.id);
		messages_[m].fwd = e;
		link_[e] = m;
	}
}
