// dispatch_fast: the two messages of a call (the request, its answer) handed to their coroutine from the message callback.
#pragma once
#include <lua.hpp>

#include <cstddef>
#include <cstdint>

// Between messages the service's main thread keeps on its stack the
// traceback function (slot 1, lua/lua_skynet.cpp) and, once skynet.lua has
// registered them (skynet.core's dispatch_fast), the tables the fast paths
// read: slots 2 to DISPATCH_FAST_TOP.
// How many values skynet.lua registers (slots 2..15); the field names the
// fast paths read follow them (slots 16..22).
constexpr int DISPATCH_FAST_VALUES = 14;
constexpr int DISPATCH_FAST_TOP = 22;

// What a fast path did with the message.
enum class dispatch_fast_result {
	not_here,       // nothing touched: the Lua dispatch handles it as usual
	done,           // the coroutine ran and is parked again (or back in the pool)
	finish_in_lua,  // it ran; its yield needs Lua: skynet.lua's dispatch_after
	                // and its 4 arguments are on L's stack, for the dispatch's pcall
};

// skynet.core's dispatch_fast(...): keeps the registered values (arguments
// 1..DISPATCH_FAST_VALUES on L's stack) in the registry.
void dispatch_fast_register(lua_State *L);
// Sets the main thread's stack up for the callback: the traceback function,
// then, with `fast` and the values registered, the slots 2..DISPATCH_FAST_TOP.
// Returns the stack's height between messages (1, or DISPATCH_FAST_TOP).
int dispatch_fast_stack(lua_State *L, bool fast);
// The fast paths; only with the slots in place and the batch dispatch
// (skynet.dispatch_message) as the callback.
// `self` is the service's handle, for the trace's co.new and co.resume.
dispatch_fast_result dispatch_fast_response(lua_State *L, uint32_t self, int session, const void *msg, size_t sz,
	bool more);
// `msg` may be an inlined payload's bytes (kernel/message.h): both hand Lua
// the heap's copy (skynet_message_heap) unless its reader is skynet.unpack's
// decoder, which keeps nothing.
dispatch_fast_result dispatch_fast_request(lua_State *L, uint32_t self, int type, int session,
	uint32_t source, const void *msg, size_t sz, bool more);

// snlua's coroutine.resume without the Lua call around it: keeps snlua's
// record of the running coroutine for the signal hook (lua/snlua.cpp).
int snlua_resume_thread(lua_State *L, lua_State *co, int narg, int *nres);
