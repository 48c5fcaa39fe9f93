// trace: every layer records what it does here; a writer thread turns it into JSON Lines.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kernel/trace_record.h"

// Recording is guarded by one flag read with a relaxed load, so a runtime
// started without `trace` pays one predictable branch per call site and nothing
// else. Call sites read: `if (trace_enabled()) trace_msg_push(...)`.
extern std::atomic<bool> trace_active;
inline bool trace_enabled() { return trace_active.load(std::memory_order_relaxed); }

// Open the sinks named by the config's `trace` value (a path, "host:port", or
// "memory") with the `trace_filter` terms. Returns false and fills `error` when
// the value is unusable. Starting twice is an error; trace_close stops it.
bool trace_open(const char *spec, const char *filter, int threads, std::string &error);
void trace_close();
// Pause (false) or resume (true) an open trace for the whole runtime (every
// per-service switch is forgotten); false when no trace is open.
bool trace_switch(bool on);
// Switch the trace for one service, whatever the runtime's switch says: its
// events are kept (on) or dropped (off). An event naming several services
// (a message's sender and receiver) is kept when one of them is traced.
// false when no trace is open.
bool trace_switch_service(uint32_t handle, bool on);
// Whether a trace is open, recording or paused.
bool trace_is_open();

// The memory sink keeps lines for tests; this hands them over and clears it.
std::vector<std::string> trace_memory_take();

// The port the live sink listens on (the one chosen when the config says
// port 0), or 0 when there is none.
int trace_live_port();

// A fresh message id; ids only exist while tracing.
uint64_t trace_next_id();
// Nanoseconds since the runtime started: the `t` of every event, and the
// profile's clock (context.cpp).
uint64_t trace_clock();
// Picks that clock's source once per process (trace_clock.cpp): the TSC when
// the OS clock is slow. Before it runs, trace_clock reads the OS clock.
void trace_clock_choose();

// --- the recorders: one per event of trace/schema.h whose origin is `ring` ---
// Each is `void trace_<name>(<its fields, typed and named as the schema
// lists them>)`, for example
//   trace_msg_push(uint64_t id, uint32_t src, uint32_t dst, int64_t session, int64_t type, int64_t size)
//   trace_co_suspend(uint32_t h, int64_t co, int64_t session, trace_schema::co_why why, uint32_t dst)
//   trace_log(uint32_t h, std::string_view text)
// Text is copied; a `module` name must live for the whole run.
// Each also has `trace_<name>_at(uint64_t t, <fields>)`, stamped with t (a
// trace_clock() the caller read) instead of a clock read of its own: a
// dispatch's msg.end, the next msg.begin and the profile's clock share one
// read (context.cpp), as a read costs 60-200 ns on a kvm-clock VM.
#define TRACE_RECORDER_PARAM(type, key, presence, meaning) , TRACE_PARAM_##type key
#define TRACE_RECORDER_DROP_FIRST(...) TRACE_RECORDER_DROP_FIRST_(__VA_ARGS__)
#define TRACE_RECORDER_DROP_FIRST_(empty, ...) __VA_ARGS__
#define TRACE_RECORDER_DECLARE_ring(name) \
	void trace_##name(TRACE_RECORDER_DROP_FIRST(TRACE_FIELDS_##name(TRACE_RECORDER_PARAM))); \
	void trace_##name##_at(uint64_t t TRACE_FIELDS_##name(TRACE_RECORDER_PARAM));
#define TRACE_RECORDER_DECLARE_writer(name)
#define TRACE_RECORDER_DECLARE(name, ev, group, keep, origin, when) TRACE_RECORDER_DECLARE_##origin(name)
TRACE_EVENTS(TRACE_RECORDER_DECLARE)
