// event: one trace line as a reader keeps it — fixed fields, no allocation per event.
#pragma once
#include <cstdint>
#include <string_view>

#include "trace/schema.h"

// The kinds of trace/schema.h, named as there (Kind::msg_push), plus Unknown:
// a kind this reader does not know is kept with its `ev` text interned, and
// shown as it is.
enum class Kind : uint8_t {
#define EVENT_KIND(name, ev, group, keep, origin, when) name,
	TRACE_EVENTS(EVENT_KIND)
#undef EVENT_KIND
	Unknown,
};
constexpr int KIND_COUNT = int(Kind::Unknown) + 1;
static_assert(KIND_COUNT == trace_schema::kind_count + 1);

std::string_view kind_name(Kind k);
Kind kind_from_name(std::string_view ev);

// An event's position in file (arrival) order; stable while the model grows.
using EventId = uint32_t;
constexpr EventId NO_EVENT = 0xffffffffu;

// Which service an event belongs to is always `h`, so one index serves every
// lane: the sender for msg.push/msg.drop, the owner for sock.fwd. `peer` is
// the other end: dst for msg.push/msg.drop and a call's co.suspend, src for co.new.
struct Event {
	int64_t t = 0;          // nanoseconds since the runtime started
	uint64_t id = 0;        // message id (msg.*, sock.fwd)
	uint64_t raw = 0;       // offset of the line in the model's text
	int64_t bytes = 0;      // bytes; size (msg.push); in (netpack); ticks (timer); count (trace.drop)
	int64_t buffered = 0;   // sock.lua, netpack
	uint32_t raw_len = 0;
	uint32_t line = 0;      // 1-based line in the file or stream
	uint32_t h = 0;
	uint32_t peer = 0;
	int32_t session = 0;
	int32_t co = 0;
	int32_t type = -1;      // protocol type (msg.*); socket message type (sock.fwd)
	int32_t sock = -1;
	int32_t thread = -1;    // worker (msg.begin/end); worker count (trace.start)
	int32_t packets = 0;    // netpack packets; sock.lua want as a byte count
	uint16_t word = 0;      // interned: why, op, sock.poll kind, timer op, drop reason, module
	uint16_t word2 = 0;     // interned: sock.lua want ("line", "all"); `ev` of an Unknown
	Kind kind = Kind::Unknown;
	bool flag = false;      // netpack partial; co.exit ok
};

// skynet's protocol numbers and skynet_socket's message types, by name ("?" when unknown).
inline std::string_view ptype_name(int type) { return trace_schema::ptype_name(type); }
inline std::string_view socket_type_name(int type) { return trace_schema::socket_type_name(type); }
