// trace_record: the in-memory form of one trace event, one struct per kind, expanded from trace/schema.h.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "trace/schema.h"

// A read's `want`: a byte count (0: whatever arrives), a word ("line",
// "all"), or neither (not a read that waits).
struct trace_want {
	trace_schema::want_word word = trace_schema::want_word::none;
	int64_t bytes = -1;

	static trace_want none() { return {}; }
	static trace_want count(int64_t n) { return {trace_schema::want_word::none, n}; }
	static trace_want of(trace_schema::want_word w) { return {w, -1}; }
};

// Free text copied out of the caller's memory, freed by the writer thread:
// one pointer to [uint32_t length][bytes]['\0'], so that the cluster event's
// three texts keep every record within 64 bytes (see trace_record).
struct trace_text {
	char *block = nullptr;

	uint32_t size() const
	{
		uint32_t n = 0;
		if (block)
			memcpy(&n, block, sizeof(n));
		return n;
	}
	const char *data() const { return block ? block + sizeof(uint32_t) : ""; }
};

// How each field type is passed to a recorder and kept in a record.
#define TRACE_PARAM_handle uint32_t
#define TRACE_PARAM_peer uint32_t
#define TRACE_PARAM_id uint64_t
#define TRACE_PARAM_i64 int64_t
#define TRACE_PARAM_flag bool
#define TRACE_PARAM_text std::string_view
#define TRACE_PARAM_module const char * /* lives for the whole run */
#define TRACE_PARAM_co_why trace_schema::co_why
#define TRACE_PARAM_timer_op trace_schema::timer_op
#define TRACE_PARAM_poll_kind trace_schema::poll_kind
#define TRACE_PARAM_sock_op trace_schema::sock_op
#define TRACE_PARAM_drop_reason trace_schema::drop_reason
#define TRACE_PARAM_want trace_want
#define TRACE_PARAM_ptype int64_t
#define TRACE_PARAM_socket_type int64_t

#define TRACE_STORE_text trace_text
#define TRACE_STORE_handle TRACE_PARAM_handle
#define TRACE_STORE_peer TRACE_PARAM_peer
#define TRACE_STORE_id TRACE_PARAM_id
#define TRACE_STORE_i64 TRACE_PARAM_i64
#define TRACE_STORE_flag TRACE_PARAM_flag
#define TRACE_STORE_module TRACE_PARAM_module
#define TRACE_STORE_co_why TRACE_PARAM_co_why
#define TRACE_STORE_timer_op TRACE_PARAM_timer_op
#define TRACE_STORE_poll_kind TRACE_PARAM_poll_kind
#define TRACE_STORE_sock_op TRACE_PARAM_sock_op
#define TRACE_STORE_drop_reason TRACE_PARAM_drop_reason
#define TRACE_STORE_want TRACE_PARAM_want
#define TRACE_STORE_ptype TRACE_PARAM_ptype
#define TRACE_STORE_socket_type TRACE_PARAM_socket_type

// struct trace_rec_svc_new { uint32_t h; const char *module; trace_text args; }, ...
#define TRACE_RECORD_MEMBER(type, key, presence, meaning) TRACE_STORE_##type key;
#define TRACE_RECORD_STRUCT(name, ev, group, keep, origin, when) \
	struct trace_rec_##name { \
		TRACE_FIELDS_##name(TRACE_RECORD_MEMBER) \
	};
TRACE_EVENTS(TRACE_RECORD_STRUCT)
#undef TRACE_RECORD_STRUCT
#undef TRACE_RECORD_MEMBER

// One event: its time, its kind, and the fields of that kind (the union
// member named as the kind). Records are written into per-thread rings, so
// they hold only plain values. One record is one cache line: at 88 bytes
// they straddled lines, and a line the writer reads is one the producer's
// core has to hand over.
struct alignas(64) trace_record {
	uint64_t t = 0;
	trace_schema::kind kind = trace_schema::kind::trace_stop;
	union {
#define TRACE_RECORD_UNION(name, ev, group, keep, origin, when) trace_rec_##name name;
		TRACE_EVENTS(TRACE_RECORD_UNION)
#undef TRACE_RECORD_UNION
	};
	trace_record() : trace_stop{} {}
};
static_assert(sizeof(trace_record) == 64, "a trace record is one cache line: keep the largest kind within 48 bytes");

// Whether a kind has a text field (a record that owns memory).
#define TRACE_RECORD_TEXT_FIELD(type, key, presence, meaning) || trace_schema::field_type::type == trace_schema::field_type::text
#define TRACE_RECORD_HAS_TEXT(name, ev, group, keep, origin, when) (false TRACE_FIELDS_##name(TRACE_RECORD_TEXT_FIELD)),
inline constexpr bool trace_kind_has_text[] = {TRACE_EVENTS(TRACE_RECORD_HAS_TEXT)};
#undef TRACE_RECORD_HAS_TEXT
#undef TRACE_RECORD_TEXT_FIELD

// Free the text a record owns (called once the record is formatted).
void trace_record_free(trace_record &r);
