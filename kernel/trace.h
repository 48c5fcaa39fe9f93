// trace: every layer records what it does here; a writer thread turns it into JSON Lines.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

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
// Pause (false) or resume (true) an open trace; false when no trace is open.
bool trace_switch(bool on);

// The memory sink keeps lines for tests; this hands them over and clears it.
std::vector<std::string> trace_memory_take();

// A fresh message id; ids only exist while tracing.
uint64_t trace_next_id();
// Nanoseconds since the runtime started: the `t` of every event.
uint64_t trace_clock();

// --- the events of docs/trace-format.md, one recorder each ---
// Strings marked `literal` must be string literals (only the pointer is kept);
// the others are copied.
void trace_svc_new(uint32_t h, const char *module, const char *args);
void trace_svc_name(uint32_t h, const char *name);
void trace_svc_exit(uint32_t h);

void trace_msg_push(uint64_t id, uint32_t src, uint32_t dst, int session, int type, size_t size);
void trace_msg_begin(uint64_t id, uint32_t h, int thread);
void trace_msg_end(uint64_t id, uint32_t h, int thread);
void trace_msg_drop(uint64_t id, uint32_t src, uint32_t dst, int session, int type, const char *literal_reason);

// kind is "co.new", "co.suspend", "co.resume" or "co.exit" (literal).
// `why` is literal or null; `peer` is src for co.new, dst for a call, ok for co.exit.
void trace_co(const char *literal_kind, uint32_t h, int co, int session, const char *literal_why, int64_t peer);

void trace_timer(const char *literal_op, uint32_t h, int session, int ticks);
void trace_log(uint32_t h, const char *text, size_t len);

void trace_sock_poll(int sock, const char *literal_kind, size_t bytes);
void trace_sock_fwd(int sock, int type, uint32_t owner, uint64_t id, size_t bytes);
// want: -1 none, >0 a byte count; literal_want overrides it ("line", "all") when set.
void trace_sock_lua(int sock, uint32_t h, const char *literal_op, size_t bytes, size_t buffered,
	int64_t want, const char *literal_want);
void trace_netpack(int sock, size_t in, size_t buffered, int packets, bool partial);
