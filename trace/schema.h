// schema: every trace event kind, its fields and their enumerated values, declared once for writer, reader and docs.
#pragma once
// This header is the trace format. The runtime's recorders and formatter
// (kernel/trace_*), the live sink's late-joiner state, the reader (trace/) and
// the tables of docs/trace-format.md are all expanded from the lists below
// (X-macros: each list takes the macro to apply to its entries). It includes
// nothing but <cstdint> so that every layer may include it.
//
// To add an event: add a line to TRACE_EVENTS and a TRACE_FIELDS_<name> list;
// the recorder `trace_<name>(...)` then exists, the writer formats it, the
// reader knows its kind, and `make test` fails until the document is
// regenerated (`trace_schema_doc --write docs/trace-format.md`).
#include <cstdint>

// --- enumerated values: X(identifier, "text in the trace", "meaning") ---

// co.* `why`: what a coroutine waits for, or what woke or started it.
#define TRACE_CO_WHY(X) \
	X(call, "call", "skynet.call: waiting for the response (suspend); `dst` names the callee") \
	X(sleep, "sleep", "skynet.sleep") \
	X(wait, "wait", "skynet.wait") \
	X(yield, "yield", "skynet.yield") \
	X(socket, "socket", "socket.lua waits for bytes (suspend), or they came (resume)") \
	X(response, "response", "the call's response came (resume)") \
	X(error, "error", "the call failed: the callee is gone or raised (resume)") \
	X(timeout, "timeout", "a timer: skynet.timeout or skynet.start (new), a sleep ended (resume)") \
	X(wakeup, "wakeup", "skynet.wakeup (resume)") \
	X(fork, "fork", "skynet.fork (new, resume)") \
	X(quit, "quit", "the service is exiting") \
	X(queue, "queue", "skynet.queue: waiting for the critical section (suspend)")

// timer `op`.
#define TRACE_TIMER_OP(X) \
	X(set, "set", "a timeout is set") \
	X(fire, "fire", "it fires: a RESPONSE is pushed to the service")

// sock.poll `kind`: the socket_server event an OS event became.
#define TRACE_POLL_KIND(X) \
	X(data, "data", "bytes were read") \
	X(accept, "accept", "a listening socket accepted a connection") \
	X(connect, "connect", "an outgoing connection completed") \
	X(open, "open", "listen or start took effect") \
	X(close, "close", "the peer closed, or the socket was closed") \
	X(error, "error", "an error ended the socket") \
	X(udp, "udp", "a datagram arrived") \
	X(warning, "warning", "the send buffer passed a threshold; `bytes` is what waits")

// sock.lua `op`: what socket.lua did.
#define TRACE_SOCK_OP(X) \
	X(buffer, "buffer", "bytes appended to the socket's buffer") \
	X(suspend, "suspend", "a read waits; `want` says for what") \
	X(wake, "wake", "the waiting read is woken") \
	X(read, "read", "a read returned bytes") \
	X(pause, "pause", "reading is paused (too much buffered)") \
	X(resume, "resume", "reading resumed") \
	X(close, "close", "the socket is closed or gone")

// sock.lua `want`, when a read waits for something other than a byte count.
#define TRACE_WANT(X) \
	X(line, "line", "a line (socket.readline)") \
	X(all, "all", "everything until the socket closes (socket.readall)")

// msg.drop `reason`.
#define TRACE_DROP_REASON(X) \
	X(no_such_service, "no such service", "the destination handle names no service") \
	X(unknown_name, "unknown name", "the destination name is bound to nothing") \
	X(service_exited, "service exited", "the service exited with the message in its queue") \
	X(owner_behind, "owner behind", "a UDP datagram the socket thread dropped: more than 1,024 messages waited in its owner's queue")

// --- numbered values: X(NAME, number, "meaning"); written as JSON integers ---

// msg.* `type`: skynet's protocol numbers, named as skynet names them.
#define TRACE_PTYPE(X) \
	X(TEXT, 0, "text (skynet.error, the logger)") \
	X(RESPONSE, 1, "the answer to a call") \
	X(MULTICAST, 2, "multicast") \
	X(CLIENT, 3, "client (gate's forward)") \
	X(SYSTEM, 4, "system") \
	X(HARBOR, 5, "harbor") \
	X(SOCKET, 6, "a socket event for the socket's owner") \
	X(ERROR, 7, "the call failed") \
	X(DEBUG, 9, "debug console") \
	X(LUA, 10, "Lua messages (skynet.send, skynet.call)") \
	X(SNAX, 11, "snax") \
	X(TRACE, 12, "trace")

// sock.fwd `type`: skynet_socket's message types.
#define TRACE_SOCKET_TYPE(X) \
	X(DATA, 1, "bytes arrived") \
	X(CONNECT, 2, "listen, connect or start took effect") \
	X(CLOSE, 3, "no more data will come") \
	X(ACCEPT, 4, "a connection was accepted") \
	X(ERROR, 5, "the socket failed") \
	X(UDP, 6, "a datagram arrived") \
	X(WARNING, 7, "the send buffer passed a threshold")

// --- field types: X(tag, "JSON type", "what a value is") ---
// handle: a service address, used by the `:h` filter terms; peer: a service
// address the filter ignores (the other end). text is always a line's last
// field. A field marked `if_set` is left out when it holds 0, false or none.
#define TRACE_FIELD_TYPES(X) \
	X(handle, "integer", "a service address (print it as skynet does, `:%08x`); 0 is no service") \
	X(peer, "integer", "a service address, the other end of the event") \
	X(id, "integer", "a message id, unique in a run") \
	X(i64, "integer", "a number") \
	X(flag, "boolean", "true or false") \
	X(text, "string", "free text, escaped") \
	X(module, "string", "a module name") \
	X(co_why, "string", "one of the `why` values") \
	X(timer_op, "string", "one of the timer `op` values") \
	X(poll_kind, "string", "one of the sock.poll `kind` values") \
	X(sock_op, "string", "one of the sock.lua `op` values") \
	X(drop_reason, "string", "one of the msg.drop `reason` values") \
	X(want, "integer or string", "a byte count (0: whatever arrives) or one of the `want` values") \
	X(ptype, "integer", "one of the protocol `type` numbers") \
	X(socket_type, "integer", "one of the socket message `type` numbers")

// --- events: X(name, "ev", group, keep, origin, "when") ---
// keep: `always` events pass every filter (so that a reader can name things);
// `filtered` ones obey trace_filter. origin: `ring` events are recorded by
// any thread through trace_<name>(); `writer` events are written by the
// trace writer itself.
#define TRACE_EVENTS(X) \
	X(trace_start, "trace.start", runtime, always, writer, "first line (a live viewer that joins late gets its own, with `late`)") \
	X(trace_drop, "trace.drop", runtime, always, writer, "a sink could not keep up and lost events") \
	X(trace_stop, "trace.stop", runtime, always, writer, "last line, at shutdown") \
	X(svc_new, "svc.new", services, always, ring, "a service is created") \
	X(svc_name, "svc.name", services, always, ring, "a name is bound to a service") \
	X(svc_exit, "svc.exit", services, always, ring, "a service ends") \
	X(msg_push, "msg.push", messages, filtered, ring, "a message enters a service queue") \
	X(msg_begin, "msg.begin", messages, filtered, ring, "a worker starts dispatching it") \
	X(msg_end, "msg.end", messages, filtered, ring, "the dispatch returns") \
	X(msg_drop, "msg.drop", messages, filtered, ring, "a message could not be delivered") \
	X(msg_label, "msg.label", messages, filtered, ring, "the service names the message it is dispatching: a snax call's method") \
	X(co_new, "co.new", coroutines, filtered, ring, "a coroutine is given a task (new, or reused from the pool)") \
	X(co_suspend, "co.suspend", coroutines, filtered, ring, "it yields, waiting for something") \
	X(co_resume, "co.resume", coroutines, filtered, ring, "it is woken and continues") \
	X(co_exit, "co.exit", coroutines, filtered, ring, "its task ends") \
	X(timer, "timer", timer, filtered, ring, "a timeout is set or fires") \
	X(log, "log", log, always, ring, "skynet.error or a runtime message is logged") \
	X(sock_poll, "sock.poll", sockets, filtered, ring, "socket_server turns an OS event into a socket event") \
	X(sock_fwd, "sock.fwd", sockets, filtered, ring, "skynet_socket pushes it as a PTYPE_SOCKET message") \
	X(sock_lua, "sock.lua", sockets, filtered, ring, "socket.lua acts on a socket") \
	X(netpack, "netpack", sockets, filtered, ring, "netpack consumed bytes of one connection") \
	X(http_req, "http.req", protocols, filtered, ring, "http.httpd read a request line (lua/lualib/http)") \
	X(http_resp, "http.resp", protocols, filtered, ring, "http.httpd wrote a response's status line") \
	X(ws_handshake, "ws.handshake", protocols, filtered, ring, "a websocket upgrade was answered, on either side") \
	X(ws_frame, "ws.frame", protocols, filtered, ring, "http.websocket read or wrote a frame") \
	X(login, "login", protocols, filtered, ring, "a step of snax.loginserver or snax.msgserver") \
	X(node, "node", cluster, always, ring, "this process opened as a cluster node (cluster.open): the trace names its node") \
	X(cluster, "cluster", cluster, filtered, ring, "a cluster request or response crossed to or from another node") \
	X(harbor, "harbor", cluster, filtered, ring, "a message crossed to or from another harbor (net/service_harbor.cpp)")

// --- the fields of each event, in line order: F(type, key, presence, "meaning") ---

#define TRACE_FIELDS_trace_start(F) \
	F(i64, version, always, "the format version, 1") \
	F(i64, thread, always, "the worker count") \
	F(i64, harbor, always, "the harbor id") \
	F(flag, late, if_set, "true on the line a live viewer gets when it joins late; the state it missed follows")
#define TRACE_FIELDS_trace_drop(F) \
	F(i64, count, always, "events lost since the last trace.drop")
#define TRACE_FIELDS_trace_stop(F)

#define TRACE_FIELDS_svc_new(F) \
	F(handle, h, always, "the new service") \
	F(module, module, always, "its module: `snlua`, `logger`, ...") \
	F(text, args, always, "the launch arguments, e.g. `main` or `agent 3`")
#define TRACE_FIELDS_svc_name(F) \
	F(handle, h, always, "the service") \
	F(text, name, always, "the name, e.g. `.launcher`")
#define TRACE_FIELDS_svc_exit(F) \
	F(handle, h, always, "the service")

#define TRACE_FIELDS_msg_push(F) \
	F(id, id, always, "joins msg.push to its msg.begin and msg.end") \
	F(handle, src, always, "the sender") \
	F(handle, dst, always, "the receiver") \
	F(i64, session, always, "the request session (0 for a send); a RESPONSE carries the session of the call it answers") \
	F(ptype, type, always, "the protocol") \
	F(i64, size, always, "payload bytes")
#define TRACE_FIELDS_msg_begin(F) \
	F(id, id, always, "the message") \
	F(handle, h, always, "the service dispatching it") \
	F(i64, thread, always, "the worker, from 0")
#define TRACE_FIELDS_msg_end(F) TRACE_FIELDS_msg_begin(F)
#define TRACE_FIELDS_msg_drop(F) \
	F(id, id, always, "the message (0 when it never had one)") \
	F(handle, src, always, "the sender") \
	F(handle, dst, always, "the receiver (0 for a name that resolved to nothing)") \
	F(i64, session, always, "the request session") \
	F(ptype, type, always, "the protocol") \
	F(drop_reason, reason, always, "why it was dropped")
#define TRACE_FIELDS_msg_label(F) \
	F(id, id, always, "the message, as its msg.push") \
	F(handle, h, always, "the service dispatching it") \
	F(text, label, always, "what it is, e.g. `response.echo` or `accept.note` for a snax method")

#define TRACE_FIELDS_co_new(F) \
	F(handle, h, always, "the service") \
	F(i64, co, always, "a per-service coroutine number (1, 2, ...)") \
	F(i64, session, always, "the session of the message that started it") \
	F(co_why, why, if_set, "when the task starts later: `timeout` or `fork`") \
	F(peer, src, always, "the sender of the message that started it (0 otherwise)")
#define TRACE_FIELDS_co_suspend(F) \
	F(handle, h, always, "the service") \
	F(i64, co, always, "the coroutine") \
	F(i64, session, always, "the session it waits on (0 when none)") \
	F(co_why, why, if_set, "what it waits for") \
	F(peer, dst, if_set, "for a call, the callee")
#define TRACE_FIELDS_co_resume(F) \
	F(handle, h, always, "the service") \
	F(i64, co, always, "the coroutine") \
	F(i64, session, always, "the session that woke it") \
	F(co_why, why, if_set, "what woke it")
#define TRACE_FIELDS_co_exit(F) \
	F(handle, h, always, "the service") \
	F(i64, co, always, "the coroutine") \
	F(flag, ok, always, "false when the task raised")

#define TRACE_FIELDS_timer(F) \
	F(timer_op, op, always, "set or fire") \
	F(handle, h, always, "the service") \
	F(i64, session, always, "the session its RESPONSE carries") \
	F(i64, ticks, if_set, "hundredths of a second, for `set`")

#define TRACE_FIELDS_log(F) \
	F(handle, h, always, "who logged (0: the runtime)") \
	F(text, text, always, "the text")

#define TRACE_FIELDS_sock_poll(F) \
	F(i64, sock, always, "the socket id") \
	F(poll_kind, kind, always, "the socket_server event") \
	F(i64, bytes, always, "bytes read, or waiting to be sent for `warning`")
#define TRACE_FIELDS_sock_fwd(F) \
	F(i64, sock, always, "the socket id") \
	F(socket_type, type, always, "the socket message type") \
	F(handle, owner, always, "the service that owns the socket") \
	F(id, id, always, "the msg.push id of the message") \
	F(i64, bytes, always, "bytes carried (DATA, UDP)")
#define TRACE_FIELDS_sock_lua(F) \
	F(i64, sock, always, "the socket id") \
	F(handle, h, always, "the service") \
	F(sock_op, op, always, "what socket.lua did") \
	F(i64, bytes, always, "bytes moved by this op") \
	F(i64, buffered, always, "bytes in the socket's buffer after it") \
	F(want, want, if_set, "for `suspend`: what the read waits for")
#define TRACE_FIELDS_netpack(F) \
	F(i64, sock, always, "the connection's socket id") \
	F(i64, in, always, "bytes consumed") \
	F(i64, buffered, always, "bytes held after") \
	F(i64, packets, always, "whole packets out") \
	F(flag, partial, always, "true when a header or body is incomplete")

// The client-facing protocols, recorded from Lua through skyglass.prototrace.
#define TRACE_FIELDS_http_req(F) \
	F(handle, h, always, "the service") \
	F(i64, sock, always, "the connection's socket id (0 when the reader is not a socket's)") \
	F(text, line, always, "the request line, e.g. `GET /poll?n=1 HTTP/1.1`")
#define TRACE_FIELDS_http_resp(F) \
	F(handle, h, always, "the service") \
	F(i64, sock, always, "the connection's socket id (0 when unknown)") \
	F(i64, status, always, "the status code, e.g. 200 or 413")
#define TRACE_FIELDS_ws_handshake(F) \
	F(handle, h, always, "the service") \
	F(i64, sock, always, "the connection's socket id") \
	F(i64, status, always, "101 when the connection became a websocket, else the refusal sent or received") \
	F(text, url, always, "the request target, e.g. `/ws`")
#define TRACE_FIELDS_ws_frame(F) \
	F(handle, h, always, "the service") \
	F(i64, sock, always, "the connection's socket id") \
	F(flag, out, always, "true for a frame written, false for one read") \
	F(flag, fin, always, "the frame ends its message") \
	F(flag, masked, always, "the payload is masked (every client frame)") \
	F(i64, bytes, always, "payload bytes") \
	F(text, op, always, "`text`, `binary`, `frame` (a continuation), `close`, `ping` or `pong`")
#define TRACE_FIELDS_login(F) \
	F(handle, h, always, "the service") \
	F(i64, sock, always, "the client's socket id") \
	F(text, step, always, "e.g. `challenge sent`, `DH exchange done`, `token accepted`, `200 for test1`, `handshake 200 OK`")

// Cluster (lua/service/cluster*.lua). A viewer joins two nodes' traces by
// these: a request `out` to node N with session S is the request `in` with
// session S in the trace whose `node` event names N; its response comes back
// the same way.
#define TRACE_FIELDS_node(F) \
	F(handle, h, always, "clusterd") \
	F(text, node, always, "this node's name in the cluster table (empty when opened by port alone)") \
	F(text, addr, always, "the address it listens on, `host:port`")
#define TRACE_FIELDS_cluster(F) \
	F(handle, h, always, "the clustersender (requests out, responses in) or the clusteragent (requests in, responses out)") \
	F(flag, out, always, "true: written to the other node; false: read from it") \
	F(text, op, always, "`request` (cluster.call), `push` (cluster.send) or `response`") \
	F(text, node, always, "the other node's name (empty at the clusteragent: skynet's protocol does not carry the caller's)") \
	F(i64, session, always, "the request's session on this connection (the cluster's, not a service's)") \
	F(text, addr, always, "the address called, `@name`, `.name` or `:0000000a` (empty for a response)") \
	F(i64, bytes, always, "payload bytes, before the cluster framing")
// Harbor (net/service_harbor.cpp). Both nodes' traces see the same src, dst
// and session: a message `out` in one is the message `in` in the other.
#define TRACE_FIELDS_harbor(F) \
	F(handle, h, always, "the harbor service") \
	F(flag, out, always, "true: written to the other harbor; false: read from it") \
	F(handle, src, always, "the sender") \
	F(handle, dst, always, "the receiver (its harbor byte names the node)") \
	F(i64, session, always, "the message's session (0 for a send)") \
	F(ptype, type, always, "its protocol") \
	F(i64, bytes, always, "the message's bytes, before the harbor framing")

// --- C++ names derived from the lists ---

namespace trace_schema {

enum class kind : uint8_t {
#define TRACE_SCHEMA_KIND(name, ev, group, keep, origin, when) name,
	TRACE_EVENTS(TRACE_SCHEMA_KIND)
#undef TRACE_SCHEMA_KIND
};
#define TRACE_SCHEMA_COUNT(...) +1
constexpr int kind_count = 0 TRACE_EVENTS(TRACE_SCHEMA_COUNT);

// Enumerations written as strings: `none` (0) means the field is absent.
#define TRACE_SCHEMA_ENUM_ID(id, text, meaning) id,
enum class co_why : uint8_t { none, TRACE_CO_WHY(TRACE_SCHEMA_ENUM_ID) };
enum class timer_op : uint8_t { none, TRACE_TIMER_OP(TRACE_SCHEMA_ENUM_ID) };
enum class poll_kind : uint8_t { none, TRACE_POLL_KIND(TRACE_SCHEMA_ENUM_ID) };
enum class sock_op : uint8_t { none, TRACE_SOCK_OP(TRACE_SCHEMA_ENUM_ID) };
enum class want_word : uint8_t { none, TRACE_WANT(TRACE_SCHEMA_ENUM_ID) };
enum class drop_reason : uint8_t { none, TRACE_DROP_REASON(TRACE_SCHEMA_ENUM_ID) };
#undef TRACE_SCHEMA_ENUM_ID

// The text of each value, indexed by the enum (entry 0, none, is "").
#define TRACE_SCHEMA_ENUM_TEXT(id, text, meaning) text,
constexpr const char *co_why_text[] = {"", TRACE_CO_WHY(TRACE_SCHEMA_ENUM_TEXT)};
constexpr const char *timer_op_text[] = {"", TRACE_TIMER_OP(TRACE_SCHEMA_ENUM_TEXT)};
constexpr const char *poll_kind_text[] = {"", TRACE_POLL_KIND(TRACE_SCHEMA_ENUM_TEXT)};
constexpr const char *sock_op_text[] = {"", TRACE_SOCK_OP(TRACE_SCHEMA_ENUM_TEXT)};
constexpr const char *want_word_text[] = {"", TRACE_WANT(TRACE_SCHEMA_ENUM_TEXT)};
constexpr const char *drop_reason_text[] = {"", TRACE_DROP_REASON(TRACE_SCHEMA_ENUM_TEXT)};
#undef TRACE_SCHEMA_ENUM_TEXT

constexpr const char *kind_text[] = {
#define TRACE_SCHEMA_KIND_TEXT(name, ev, group, keep, origin, when) ev,
	TRACE_EVENTS(TRACE_SCHEMA_KIND_TEXT)
#undef TRACE_SCHEMA_KIND_TEXT
};
constexpr bool kind_always_kept[] = {
#define TRACE_SCHEMA_KEEP(name, ev, group, keep, origin, when) TRACE_SCHEMA_KEEP_##keep,
#define TRACE_SCHEMA_KEEP_always true
#define TRACE_SCHEMA_KEEP_filtered false
	TRACE_EVENTS(TRACE_SCHEMA_KEEP)
#undef TRACE_SCHEMA_KEEP
};

// Numbered values: the name of a number, or "?" (protocol and socket types).
inline const char *ptype_name(int64_t type)
{
	switch (type) {
#define TRACE_SCHEMA_NUMBERED(name, number, meaning) case number: return #name;
		TRACE_PTYPE(TRACE_SCHEMA_NUMBERED)
	default: return "?";
	}
}
inline const char *socket_type_name(int64_t type)
{
	switch (type) {
		TRACE_SOCKET_TYPE(TRACE_SCHEMA_NUMBERED)
#undef TRACE_SCHEMA_NUMBERED
	default: return "?";
	}
}

// --- the schema as data, for the reader and the document ---

enum class field_type : uint8_t {
#define TRACE_SCHEMA_TYPE_ID(tag, json, meaning) tag,
	TRACE_FIELD_TYPES(TRACE_SCHEMA_TYPE_ID)
#undef TRACE_SCHEMA_TYPE_ID
};

struct field_info {
	const char *key;
	field_type type;
	bool optional;     // `if_set`: absent when 0, false or none
	const char *meaning;
};

struct kind_info {
	const char *ev;
	const char *group;
	bool always_kept;
	bool from_writer;
	const char *when;
	const field_info *fields;
	int field_count;
};

#define TRACE_SCHEMA_PRESENCE_always false
#define TRACE_SCHEMA_PRESENCE_if_set true
#define TRACE_SCHEMA_FIELD_INFO(type, key, presence, meaning) \
	field_info{#key, field_type::type, TRACE_SCHEMA_PRESENCE_##presence, meaning},
#define TRACE_SCHEMA_FIELD_ARRAY(name, ev, group, keep, origin, when) \
	inline constexpr field_info fields_##name[] = { \
		field_info{nullptr, field_type::i64, false, nullptr}, \
		TRACE_FIELDS_##name(TRACE_SCHEMA_FIELD_INFO)};
TRACE_EVENTS(TRACE_SCHEMA_FIELD_ARRAY)
#undef TRACE_SCHEMA_FIELD_ARRAY

#define TRACE_SCHEMA_ORIGIN_writer true
#define TRACE_SCHEMA_ORIGIN_ring false
// Each fields_ array starts with a placeholder (so an event with no field
// still has an array); `fields` points past it.
inline constexpr kind_info kinds[] = {
#define TRACE_SCHEMA_KIND_INFO(name, ev, group, keep, origin, when) \
	kind_info{ev, #group, TRACE_SCHEMA_KEEP_##keep, TRACE_SCHEMA_ORIGIN_##origin, when, fields_##name + 1, \
		int(sizeof(fields_##name) / sizeof(field_info)) - 1},
	TRACE_EVENTS(TRACE_SCHEMA_KIND_INFO)
#undef TRACE_SCHEMA_KIND_INFO
};

// The kind named by an `ev` text, or false.
inline bool kind_from_text(const char *s, size_t n, kind &out)
{
	for (int i = 0; i < kind_count; i++) {
		const char *k = kind_text[i];
		size_t m = 0;
		while (k[m] && m < n && k[m] == s[m])
			m++;
		if (m == n && k[m] == '\0') {
			out = kind(i);
			return true;
		}
	}
	return false;
}

} // namespace trace_schema
