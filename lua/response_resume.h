// response_resume: a RESPONSE resumes the coroutine that waits for it straight from the message callback.
#pragma once
#include <lua.hpp>

#include <cstddef>

// Between messages the service's main thread keeps on its stack the
// traceback function (slot 1, lua/lua_skynet.cpp) and, once skynet.lua has
// registered them (skynet.core's response_fast), the tables the fast path
// reads: slots 2 to RESPONSE_SLOTS_TOP.
constexpr int RESPONSE_SLOTS_TOP = 9;

// What response_resume did with the message.
enum class response_resumed {
	not_here,       // nothing touched: the Lua dispatch handles it as usual
	done,           // the caller ran and is parked again (or ended): nothing left to do
	finish_in_lua,  // the caller ran; its yield needs Lua: the function and its
	                // 4 arguments are on L's stack, ready for the dispatch's pcall
};

// skynet.core's response_fast(session_id_coroutine, pending_start, tracetag,
// running, wakeup_queue, error_queue, fork_queue, after): keeps the tables in
// the registry for response_push_slots.
void response_register(lua_State *L);
// Pushes the registered tables (slots 2..RESPONSE_SLOTS_TOP); false, pushing
// nothing, when skynet.lua registered none.
bool response_push_slots(lua_State *L);
// The fast path; only with the slots in place and the batch dispatch
// (skynet.dispatch_message) as the callback.
response_resumed response_resume(lua_State *L, int session, void *msg, size_t sz, bool more);

// snlua's coroutine.resume without the Lua call around it: keeps snlua's
// record of the running coroutine for the signal hook (lua/snlua.cpp).
int snlua_resume_thread(lua_State *L, lua_State *co, int narg, int *nres);
