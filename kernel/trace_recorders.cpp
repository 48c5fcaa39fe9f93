// trace_recorders: the typed recorder of every event in trace/schema.h, each a filter test and a copy into the ring.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "kernel/trace.h"
#include "kernel/trace_state.h"

namespace ts = trace_schema;

// Text is copied (the caller's buffer is gone by the time the writer runs);
// everything else is kept as it is.
static trace_text store(std::string_view s)
{
	uint32_t n = (uint32_t)s.size();
	auto *p = (char *)malloc(sizeof(n) + n + 1);
	memcpy(p, &n, sizeof(n));
	memcpy(p + sizeof(n), s.data(), n);
	p[sizeof(n) + n] = '\0';
	return {p};
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

// Whether one service's events are recorded: its own switch if it has one,
// else the runtime's switch and the filter's `:h` terms.
static bool service_traced(const trace_state *S, const trace_switches *switched, uint32_t h)
{
	if (switched)
		for (auto &entry : *switched)
			if (entry.first == h)
				return entry.second;
	if (!S->all_on.load(std::memory_order_relaxed))
		return false;
	return S->handles.empty() || std::find(S->handles.begin(), S->handles.end(), h) != S->handles.end();
}

// An event passes the service filter when it names no service (then the
// runtime's switch decides), or one of the services it names is traced.
static bool handles_wanted(const uint32_t *h, int fields, int handle_fields)
{
	const trace_state *S = trace_S;
	const trace_switches *switched = S->switched.load(std::memory_order_acquire);
	bool named = false;
	for (int i = 0; i < fields && handle_fields > 0; i++) {
		if (h[i] == 0)
			continue;
		named = true;
		if (service_traced(S, switched, h[i]))
			return true;
	}
	return !named && S->all_on.load(std::memory_order_relaxed);
}

#define KEEP_always true
#define KEEP_filtered false
#define RECORDER_FILTER_HANDLE(type, key, presence, meaning) filter_handle<ts::field_type::type>(key),
#define RECORDER_COUNT_HANDLE(type, key, presence, meaning) +(ts::field_type::type == ts::field_type::handle)
#define RECORDER_COUNT_FIELD(type, key, presence, meaning) +1
#define RECORDER_STORE(type, key, presence, meaning) f.key = store(key);
#define RECORDER_PARAM(type, key, presence, meaning) , TRACE_PARAM_##type key
#define RECORDER_DEFINE_writer(name, keep)
// The body of a recorder; STAMP publishes the record with its time.
#define RECORDER_BODY(name, keep, STAMP) \
	{ \
		trace_state *S = trace_S; \
		if (S == nullptr || !S->kind_on[int(ts::kind::name)]) \
			return; \
		/* the service filter: only when one is set (the common case, none, \
		   is two loads here rather than a call building a handle array) */ \
		if (!KEEP_##keep && (S->switched.load(std::memory_order_acquire) != nullptr || !S->handles.empty())) { \
			const uint32_t handles[] = {TRACE_FIELDS_##name(RECORDER_FILTER_HANDLE) 0}; \
			if (!handles_wanted(handles, 0 TRACE_FIELDS_##name(RECORDER_COUNT_FIELD), \
				    0 TRACE_FIELDS_##name(RECORDER_COUNT_HANDLE))) \
				return; \
		} \
		trace_ring *ring; \
		uint64_t tail; \
		trace_record &r = trace_ring_claim(ring, tail); \
		r.kind = ts::kind::name; \
		trace_rec_##name &f = r.name; \
		TRACE_FIELDS_##name(RECORDER_STORE) \
		STAMP; \
	}
#define RECORDER_DEFINE_ring(name, keep) \
	void trace_##name(TRACE_RECORDER_DROP_FIRST(TRACE_FIELDS_##name(RECORDER_PARAM))) \
		RECORDER_BODY(name, keep, trace_ring_publish(ring, tail)) \
	void trace_##name##_at(uint64_t t TRACE_FIELDS_##name(RECORDER_PARAM)) \
		RECORDER_BODY(name, keep, trace_ring_publish_at(ring, tail, t))
#define RECORDER_DEFINE(name, ev, group, keep, origin, when) RECORDER_DEFINE_##origin(name, keep)

TRACE_EVENTS(RECORDER_DEFINE)
