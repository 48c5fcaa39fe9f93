// trace_slots: the schema's fields mapped to Event members, once per kind.
#include "trace/trace_slots.h"

namespace ts = trace_schema;

static TraceSlot slot_of_number(std::string_view key, Kind kind)
{
	if (key == "h" || key == "owner") return S_H;
	if (key == "src") return kind == Kind::co_new ? S_PEER : S_H;
	if (key == "dst") return S_PEER;
	if (key == "id") return S_ID;
	if (key == "session") return S_SESSION;
	if (key == "type") return S_TYPE;
	if (key == "size" || key == "bytes" || key == "in" || key == "ticks" || key == "count") return S_BYTES;
	if (key == "buffered") return S_BUFFERED;
	if (key == "thread") return S_THREAD;
	if (key == "co") return S_CO;
	if (key == "sock") return S_SOCK;
	if (key == "packets") return S_PACKETS;
	if (key == "ok" || key == "partial" || (key == "out" && (kind == Kind::cluster || kind == Kind::harbor))) return S_FLAG;
	if (key == "why" || key == "op" || key == "kind" || key == "reason") return S_WORD;
	if (key == "want") return S_WANT;
	// Kept in the raw line only, shown by the inspector: the format's version
	// and harbor, `late`, and the HTTP and WebSocket details.
	if (key == "status" || key == "fin" || key == "masked" || key == "out") return S_TEXT;
	return S_IGNORE;   // version, harbor, late: read from the raw line when needed
}

static TraceSlot slot_of_field(const ts::field_info &f, Kind kind)
{
	switch (f.type) {
	case ts::field_type::co_why: case ts::field_type::timer_op: case ts::field_type::poll_kind:
	case ts::field_type::sock_op: case ts::field_type::drop_reason:
		return S_WORD;
	case ts::field_type::want: return S_WANT;
	case ts::field_type::module: return S_MODULE;
	case ts::field_type::text:
	{
		// Log text stays in the raw line, decoded when shown. Short words a
		// join needs are interned: a cluster op and node, a message's label.
		std::string_view key = f.key;
		if (key == "op" || key == "label") return S_WORD;
		if (key == "node") return S_WORD2;
		return key == "args" ? S_ARGS : key == "name" ? S_NAME : S_TEXT;
	}
	default: return slot_of_number(f.key, kind);
	}
}

const TraceKindSlots &trace_kind_slots(Kind kind)
{
	static const auto *table = [] {
		static TraceKindSlots t[KIND_COUNT];   // Unknown's entry stays empty
		for (int k = 0; k < ts::kind_count; k++)
			for (int i = 0; i < ts::kinds[k].field_count && i < TraceKindSlots::MAX; i++) {
				const ts::field_info &f = ts::kinds[k].fields[i];
				t[k].keys[t[k].count++] = {f.key, slot_of_field(f, Kind(k))};
			}
		return t;
	}();
	return table[int(kind)];
}

TraceSlot trace_slot_of(std::string_view key, Kind kind)
{
	if (kind == Kind::Unknown)
		return slot_of_number(key, kind);
	const TraceKindSlots &ks = trace_kind_slots(kind);
	for (int i = 0; i < ks.count; i++)
		if (ks.keys[i].key == key)
			return ks.keys[i].slot;
	return S_IGNORE;   // a field a newer runtime added
}
