// dispatch_state: what skynet.core keeps per Lua state, shared by its two files (lua/lua_skynet.cpp, lua/lua_trace_hooks.cpp).
#pragma once
#include <lua.hpp>

#include <cstddef>
#include <cstdint>

#include "kernel/context.h"
#include "kernel/trace.h"
#include "lua/bindings.h"

struct skynet_context;

// What the message callback keeps, one per Lua state (the callback's ud, and
// core_self's st below).
struct dispatch_state {
	lua_State *L = nullptr; // the main thread, where the callback runs
	int keep = 0;           // forward mode: the runtime must not free the buffers
	bool batch = false;     // the callback's Lua function may take more messages (next_message)
	// The main thread's stack between messages: the traceback function, and
	// with dispatch_fast the fast paths' tables (lua/dispatch_fast.h).
	int base = 1;
	bool restack = false; // base changed: set the stack up again before the next message
	// The message being dispatched, for the error line: next_message moves it on.
	int session = 0;
	uint32_t source = 0;
	size_t sz = 0;
	// A C filter in front of the Lua dispatch of PTYPE_SOCKET messages (see
	// skyglass_socket_hook in lua/bindings.h); null: every message goes to Lua.
	socket_hook hook = nullptr;
	void *hook_ud = nullptr;
	// MAYBE_QUEUED, MAYBE_TRACED_SENDER: what the C steps need not look up
	// (lua/queue_flags.h: what it buys and costs)
	uint8_t flags = 0;
};

// What skynet.core's functions need: the service's context and its
// dispatch_state. snlua points the Lua state's extra space (one pointer,
// LUA_EXTRASPACE, copied into every coroutine Lua creates) at its own
// core_self before any Lua code runs, so the functions are plain C functions
// rather than closures with these two as upvalues. What it buys: a closure
// each is an allocation, a GC object and two upvalue copies per state; 18 of
// them were ~6 K instructions of a create+kill (docs/benchmarks.md), and a
// read here is two loads, not two calls into liblua.
struct co_record;
struct core_self {
	skynet_context *ctx = nullptr; // set by snlua's init
	dispatch_state *st = nullptr;  // set by the first require of skynet.core
	// A pooled coroutine's own request record (lua/co_record.h), whose
	// copy of this struct its extra space points at; null elsewhere.
	co_record *record = nullptr;
};

inline core_self *self_of(lua_State *L)
{
	return *static_cast<core_self **>(lua_getextraspace(L));
}

inline skynet_context *self_ctx(lua_State *L)
{
	return self_of(L)->ctx;
}

inline dispatch_state *self_state(lua_State *L)
{
	return self_of(L)->st;
}

// The `t` of a co.new or of a call's co.resume: both are recorded as their
// task starts, right after the dispatch's msg.begin, so they take its clock
// read (context_dispatch_time) instead of reading the clock again. Buys one
// clock read per request and per answered call (~25 ns with the TSC
// clocksource, 60-200 with kvm-clock, docs/benchmarks.md "trace cost, fifth
// round"); costs: they show at their message's begin, a few hundred ns
// early (the format allows equal times, kept in file order).
inline uint64_t task_start_t(skynet_context *ctx)
{
	uint64_t t = context_dispatch_time(ctx);
	return t != 0 ? t : trace_clock();
}

// The next message of the worker's batch (next_message's core: it ends the
// current one and begins the next; the socket hook's are done in C); null
// when the batch is done or the callback is not a batch one. Its payload may
// be inlined (kernel/message.h): skynet_message_heap before Lua sees it.
struct skynet_message;
const skynet_message *core_next_message(lua_State *L, uint64_t now);
// batch_step(tables...): the C step of a batch coroutine (lua/batch_step.cpp).
int batch_step_new(lua_State *L);

// skynet.tracelog: one trace line, its arguments checked as skynet's C
// function checks them (lua/trace_line.cpp).
int ltrace_line(lua_State *L);

// ret_step(tables...): skynet.ret's common case in C (lua/ret_step.cpp).
int ret_step_new(lua_State *L);

// task_end(tables...): a pooled coroutine's end of task in C (lua/task_end.cpp).
int task_end_new(lua_State *L);

// call_park(tables...): skynet.call's send, record and park in C (lua/call_park.cpp).
int call_park_new(lua_State *L);

// send_packed(address, type, ...): skynet.send's common case in one C call,
// packed on the C stack (lua/send_packed.cpp).
int lsend_packed(lua_State *L);

// The trace hooks of skynet.core (lua/lua_trace_hooks.cpp).
extern const luaL_Reg skynet_core_trace_hooks[];
int skynet_core_tracing(lua_State *L);
