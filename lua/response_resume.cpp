// response_resume: a RESPONSE resumes the coroutine that waits for it straight from the message callback.
//
// Without it, the answer to a call enters Lua (lua_pcall of
// skynet.dispatch_message), which looks the session up, resumes the caller
// through coroutine.resume and checks what the caller yielded. Here the
// callback does the same table reads in C and resumes the caller itself; Lua
// is entered only when the caller's yield asks for more than a wait (a
// wake-up, an error, a fork, an exit: skynet.lua's response_after).
//
// What it buys: the Lua entry, one Lua function and the Lua-to-C call of
// coroutine.resume per call: 19,978 -> 18,664 instructions per 1-in-flight
// call (callgrind, thread = 1). What it costs: this file, which must read the
// tables as skynet.lua does (lua/lualib/skynet.lua, "who waits for what");
// traced services (trace on, or a skynet.trace tag) keep the Lua path, which
// records co.resume.
#include "lua/response_resume.h"

#include <cstring>

// The main thread's stack slots (see RESPONSE_SLOTS_TOP).
enum : int {
	WAITS = 2,     // session -> coroutine (skynet.lua's session_id_coroutine)
	PENDING_START, // coroutine -> function it starts with (a timeout, a fork)
	TRACETAG,      // coroutine -> its skynet.trace tag
	RUNNING,       // { thread = the task the dispatcher resumed last }
	WAKEUP_QUEUE,
	ERROR_QUEUE,
	FORK_QUEUE,    // { h = first, t = last }: empty when h > t
	AFTER,         // skynet.lua's response_after(co, ok, command, more)
};
static_assert(AFTER == RESPONSE_SLOTS_TOP);

static const char registry_key = 0; // its address keys the registered tables

void response_register(lua_State *L)
{
	lua_createtable(L, RESPONSE_SLOTS_TOP - 1, 0);
	for (int slot = WAITS; slot <= AFTER; slot++) {
		lua_pushvalue(L, slot - 1);
		lua_rawseti(L, -2, slot - 1);
	}
	lua_rawsetp(L, LUA_REGISTRYINDEX, &registry_key);
}

bool response_push_slots(lua_State *L)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &registry_key) != LUA_TTABLE) {
		lua_pop(L, 1);
		return false;
	}
	int table = lua_gettop(L);
	for (int slot = WAITS; slot <= AFTER; slot++)
		lua_rawgeti(L, table, slot - 1);
	lua_remove(L, table);
	return true;
}

// Whether the caller's yield was a plain wait with nothing else to run:
// "SUSPEND", and no wake-up, error or fork queued meanwhile.
static bool parked_alone(lua_State *L, lua_State *co, int nres)
{
	size_t len = 0;
	const char *command = nres > 0 ? lua_tolstring(co, -nres, &len) : nullptr;
	if (command == nullptr || len != 7 || memcmp(command, "SUSPEND", 7) != 0)
		return false;
	bool queued = lua_rawgeti(L, WAKEUP_QUEUE, 1) != LUA_TNIL;
	queued = lua_rawgeti(L, ERROR_QUEUE, 1) != LUA_TNIL || queued;
	lua_getfield(L, FORK_QUEUE, "h");
	lua_getfield(L, FORK_QUEUE, "t");
	queued = queued || !(lua_tointeger(L, -2) > lua_tointeger(L, -1));
	lua_pop(L, 4);
	return !queued;
}

response_resumed response_resume(lua_State *L, int session, void *msg, size_t sz, bool more)
{
	// As raw_dispatch_message's RESPONSE branch: only a coroutine that waits
	// for this answer (not "BREAK", not a timeout's pending start) and has no
	// trace tag to log "resume" to.
	if (lua_rawgeti(L, WAITS, session) != LUA_TTHREAD) {
		lua_pop(L, 1);
		return response_resumed::not_here;
	}
	lua_State *co = lua_tothread(L, -1);
	lua_pushvalue(L, -1);
	bool pending = lua_rawget(L, PENDING_START) != LUA_TNIL;
	lua_pushvalue(L, -2);
	lua_rawget(L, TRACETAG);
	bool tagged = lua_toboolean(L, -1);
	lua_pop(L, 2);
	if (pending || tagged || !lua_checkstack(co, 4)) {
		lua_pop(L, 1);
		return response_resumed::not_here;
	}
	lua_pushnil(L);
	lua_rawseti(L, WAITS, session);
	lua_pushvalue(L, -1);
	lua_setfield(L, RUNNING, "thread");
	// yield_call's coroutine.yield "SUSPEND" returns (true, msg, sz, session)
	lua_pushboolean(co, 1);
	lua_pushlightuserdata(co, msg);
	lua_pushinteger(co, (lua_Integer)sz);
	lua_pushinteger(co, session);
	int nres = 0;
	int status = snlua_resume_thread(L, co, 4, &nres);
	bool ok = status == LUA_OK || status == LUA_YIELD;
	if (ok && parked_alone(L, co, nres)) {
		lua_pop(co, nres);
		lua_pop(L, 1);
		return response_resumed::done;
	}
	// response_after(co, ok, command, more); an error's object stays with
	// the dead coroutine's frames, for suspend's traceback of it
	lua_pushvalue(L, AFTER);
	lua_insert(L, -2);
	lua_pushboolean(L, ok);
	if (!ok) {
		lua_xmove(co, L, 1);
	} else if (nres > 0) {
		lua_pop(co, nres - 1);
		lua_xmove(co, L, 1);
	} else {
		lua_pushnil(L);
	}
	lua_pushboolean(L, more);
	return response_resumed::finish_in_lua;
}
