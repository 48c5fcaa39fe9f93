// describe: turns an event's fields into a sentence-like line, naming services as the viewer names them.
#include "viewer/app/describe.h"

#include <cstdio>

#include "trace/json_line.h"

// The client-facing protocols (http.req, ws.frame, login, ...): their text and
// flags stay in the raw line, so read the fields from it.
static std::string describe_protocol(const TraceModel &m, EventId e, const std::string &who)
{
	JsonObject obj;
	std::string error;
	if (!json_line_parse(m.raw(e), obj, error))
		return " " + who;
	auto field = [&](const char *key) {
		const JsonValue *v = obj.find(key);
		return v ? json_value_text(*v) : std::string();
	};
	std::string s = " " + who + " sock " + field("sock");
	switch (m.event(e).kind) {
	case Kind::http_req: return s + " " + field("line");
	case Kind::http_resp: return s + " status " + field("status");
	case Kind::ws_handshake: return s + " " + field("url") + " -> " + field("status");
	case Kind::ws_frame:
		return s + (field("out") == "true" ? " out " : " in ") + field("op") + " " + field("bytes") + " B"
			+ (field("masked") == "true" ? ", masked" : "") + (field("fin") == "true" ? "" : ", more follows");
	default: return s + " " + field("step");
	}
}

std::string describe_event(const TraceModel &m, EventId e)
{
	const Event &ev = m.event(e);
	std::string s(m.ev_name(e));
	std::string who = m.service_label(ev.h);
	std::string word(m.word(ev.word));
	char buf[160];
	switch (ev.kind) {
	case Kind::msg_push:
	case Kind::msg_drop:
		std::snprintf(buf, sizeof buf, " %s -> %s %s session %d, %lld B", who.c_str(), m.service_label(ev.peer).c_str(),
			std::string(ptype_name(ev.type)).c_str(), ev.session, (long long)ev.bytes);
		s += buf;
		if (ev.kind == Kind::msg_drop)
			s += " (" + word + ")";
		if (int mi = m.message_of(e); mi >= 0 && m.messages()[mi].label)
			s += ": " + std::string(m.word(m.messages()[mi].label));   // a snax method, by msg.label
		break;
	case Kind::msg_label:
		s += " " + who + " calls it " + word;
		break;
	case Kind::node:
		s += " this trace is cluster node " + (m.node_name().empty() ? std::string("(opened by port)") : m.node_name());
		break;
	case Kind::cluster: {
		std::string node(m.word(ev.word2));
		std::snprintf(buf, sizeof buf, " %s %s %s %s session %d, %lld B", who.c_str(), word.c_str(), ev.flag ? "to" : "from",
			node.empty() ? "a caller" : ("node " + node).c_str(), ev.session, (long long)ev.bytes);
		s += buf;
		break;
	}
	case Kind::msg_begin:
	case Kind::msg_end:
		std::snprintf(buf, sizeof buf, " %s id %llu on thread %d", who.c_str(), (unsigned long long)ev.id, ev.thread);
		s += buf;
		break;
	case Kind::co_new: case Kind::co_resume: case Kind::co_exit:
		std::snprintf(buf, sizeof buf, " %s co %d session %d %s", who.c_str(), ev.co, ev.session, word.c_str());
		s += buf;
		break;
	case Kind::co_suspend:
		std::snprintf(buf, sizeof buf, " %s co %d waits: %s session %d", who.c_str(), ev.co, word.c_str(), ev.session);
		s += buf;
		if (word == "call")
			s += " on " + m.service_label(ev.peer);
		break;
	case Kind::sock_poll:
		std::snprintf(buf, sizeof buf, " sock %d %s %lld B", ev.sock, word.c_str(), (long long)ev.bytes);
		s += buf;
		break;
	case Kind::sock_fwd:
		std::snprintf(buf, sizeof buf, " sock %d %s -> %s, %lld B", ev.sock, std::string(socket_type_name(ev.type)).c_str(),
			who.c_str(), (long long)ev.bytes);
		s += buf;
		break;
	case Kind::sock_lua:
		std::snprintf(buf, sizeof buf, " sock %d %s %s %lld B, buffered %lld", ev.sock, who.c_str(), word.c_str(),
			(long long)ev.bytes, (long long)ev.buffered);
		s += buf;
		break;
	case Kind::netpack:
		std::snprintf(buf, sizeof buf, " sock %d in %lld, %d packet(s), buffered %lld%s", ev.sock, (long long)ev.bytes,
			ev.packets, (long long)ev.buffered, ev.flag ? ", partial" : "");
		s += buf;
		break;
	case Kind::timer:
		std::snprintf(buf, sizeof buf, " %s %s session %d", word.c_str(), who.c_str(), ev.session);
		s += buf;
		break;
	case Kind::trace_start: case Kind::trace_stop: case Kind::trace_drop:
		break;
	case Kind::http_req: case Kind::http_resp: case Kind::ws_handshake: case Kind::ws_frame: case Kind::login:
		s += describe_protocol(m, e, who);
		break;
	default:
		s += " " + who;
		break;
	}
	return s;
}
