// trace_slots: where each field of a trace line goes in an Event, from trace/schema.h; shared by both line parsers.
#pragma once
#include "trace/event.h"

#include <cstdint>
#include <string_view>

// Enumerated words and the service's strings follow from the field's type in
// trace/schema.h; numbers from their key, which means the same in every event
// that has it.
enum TraceSlot : uint8_t { S_IGNORE, S_ID, S_H, S_PEER, S_SESSION, S_TYPE, S_BYTES, S_BUFFERED, S_THREAD,
	S_CO, S_SOCK, S_PACKETS, S_FLAG, S_WORD, S_WANT, S_MODULE, S_ARGS, S_NAME, S_TEXT, S_WORD2 };

// A kind's keys in schema order (the order the writer writes them).
struct TraceKeySlot {
	std::string_view key;
	TraceSlot slot;
};
struct TraceKindSlots {
	static constexpr int MAX = 12;
	TraceKeySlot keys[MAX];
	int count = 0;
};

// The table of every known kind, built once.
const TraceKindSlots &trace_kind_slots(Kind kind);
// The slot of `key` in an event of `kind` (S_IGNORE: a field a newer runtime added).
TraceSlot trace_slot_of(std::string_view key, Kind kind);
