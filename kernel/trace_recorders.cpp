// trace_recorders: the typed recorder of every event in trace/schema.h, each a filter test and a copy into the ring.
#include <cstdlib>
#include <cstring>

#include "kernel/trace.h"
#include "kernel/trace_state.h"

namespace ts = trace_schema;

// Text is copied (the caller's buffer is gone by the time the writer runs);
// everything else is kept as it is.
static trace_text store(std::string_view s)
{
	auto *p = (char *)malloc(s.size() + 1);
	memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	return {p, (uint32_t)s.size()};
}
template <typename V> static V store(V v) { return v; }

// A `handle` field's value, for the `:h` filter; other fields give 0.
template <ts::field_type T, typename V> static uint32_t filter_handle(const V &v)
{
	if constexpr (T == ts::field_type::handle)
		return v;
	else
		return 0;
}

// An event passes the service filter when it has no `handle` field, or
// one of them is asked for.
static bool handles_wanted(const uint32_t *h, int fields, int handle_fields)
{
	const std::vector<uint32_t> &want = trace_S->handles;
	if (want.empty() || handle_fields == 0)
		return true;
	for (int i = 0; i < fields; i++)
		for (uint32_t w : want)
			if (h[i] != 0 && h[i] == w)
				return true;
	return false;
}

#define KEEP_always true
#define KEEP_filtered false
#define RECORDER_FILTER_HANDLE(type, key, presence, meaning) filter_handle<ts::field_type::type>(key),
#define RECORDER_COUNT_HANDLE(type, key, presence, meaning) +(ts::field_type::type == ts::field_type::handle)
#define RECORDER_COUNT_FIELD(type, key, presence, meaning) +1
#define RECORDER_STORE(type, key, presence, meaning) f.key = store(key);
#define RECORDER_PARAM(type, key, presence, meaning) , TRACE_PARAM_##type key
#define RECORDER_DEFINE_writer(name, keep)
#define RECORDER_DEFINE_ring(name, keep) \
	void trace_##name(TRACE_RECORDER_DROP_FIRST(TRACE_FIELDS_##name(RECORDER_PARAM))) \
	{ \
		trace_state *S = trace_S; \
		if (S == nullptr || !S->kind_on[int(ts::kind::name)]) \
			return; \
		if (!KEEP_##keep) { \
			const uint32_t handles[] = {TRACE_FIELDS_##name(RECORDER_FILTER_HANDLE) 0}; \
			if (!handles_wanted(handles, 0 TRACE_FIELDS_##name(RECORDER_COUNT_FIELD), \
				    0 TRACE_FIELDS_##name(RECORDER_COUNT_HANDLE))) \
				return; \
		} \
		trace_record r; \
		r.kind = ts::kind::name; \
		trace_rec_##name &f = r.name; \
		TRACE_FIELDS_##name(RECORDER_STORE) \
		trace_ring_push(r); \
	}
#define RECORDER_DEFINE(name, ev, group, keep, origin, when) RECORDER_DEFINE_##origin(name, keep)

TRACE_EVENTS(RECORDER_DEFINE)
