// task_end: a pooled coroutine's end of task, common case, taken in C: the request's tables cleared, back to the pool, parked (lua/lualib/skynet.lua, co_create).
//
// When a task's handler returns and nothing of the worker's batch follows,
// skynet.lua's loop ran ~45 bytecodes: the session looked at (an answer
// owed and not given is "Maybe forgot response"), the address cleared, the
// trace tag looked at, the batch and tracing tested, the coroutine put back
// in the pool and parked with a yield of "EXIT". This does the same for the
// common case and yields "EXIT" itself; the values the next resume passes
// (the next task's function and arguments) come back as its results.
//
// What it buys (callgrind, `thread = 1`, 40,000 minus 20,000 sequential
// calls to bench_counter's echo, per call, whole process): 15,767 ->
// 15,147 instructions (docs/benchmarks.md, "Calls, round 5"); one-way
// sends unchanged (a batch's next request does not come here).
// What it costs: a second copy of the loop's rules (skynet.lua's co_create
// loop is the reference). skynet.lua calls it only when no batch follows;
// it declines, touching nothing, when an answer is owed (a session other
// than 0) or the task has a trace tag, and the Lua loop does it as before.
// test_ret_step checks both sides. Traced, it records the loop's co.exit
// itself rather than declining (test_runtime checks the events; the traced
// call's share: docs/benchmarks.md "trace on the C steps").
#include <lua.hpp>

#include "kernel/trace.h"
#include "lua/dispatch_state.h"

// The closure's upvalues, in the order skynet.lua passes them.
enum : int {
	SESSION_OF_CO = 1, // coroutine -> session of the request it serves
	ADDRESS_OF_CO,     // coroutine -> that request's sender
	TRACETAG,          // coroutine -> its skynet.trace tag
	POOL,              // the parked coroutines, a sequence
	CO_ID,             // coroutine -> its number in the trace
	TRACING,           // skynet.lua's `tracing`: record co.exit as its loop would
	UPVALUES = TRACING,
};

static int up(int i) { return lua_upvalueindex(i); }

// task_end(co) -> false (declined: the Lua loop goes on), or, after the
// yield of "EXIT", the next resume's values.
static int step(lua_State *L)
{
	lua_settop(L, 1);
	lua_pushvalue(L, 1);
	int session_type = lua_rawget(L, up(SESSION_OF_CO));
	bool one_way = false;
	if (session_type != LUA_TNIL) {
		// 0: a one-way request, nothing owed; anything else is owed an answer
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) != 0) {
			lua_pushboolean(L, 0);
			return 1;
		}
		one_way = true;
	}
	lua_pushvalue(L, 1);
	if (lua_rawget(L, up(TRACETAG)) != LUA_TNIL) { // the tag's "end" line
		lua_pushboolean(L, 0);
		return 1;
	}
	if (one_way) {
		lua_pushvalue(L, 1);
		lua_pushnil(L);
		lua_rawset(L, up(SESSION_OF_CO));
	}
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	lua_rawset(L, up(ADDRESS_OF_CO));
	if (lua_toboolean(L, up(TRACING)) && trace_enabled()) { // the loop's co.exit, after the tables
		lua_pushvalue(L, 1);
		lua_rawget(L, up(CO_ID));
		trace_co_exit(skynet_context_handle(self_ctx(L)), lua_tointeger(L, -1), true);
		lua_pop(L, 1);
	}
	lua_pushvalue(L, 1);
	lua_rawseti(L, up(POOL), (lua_Integer)lua_rawlen(L, up(POOL)) + 1);
	lua_settop(L, 0);
	lua_pushliteral(L, "EXIT");
	return lua_yield(L, 1);
}

// task_end(session_coroutine_id, session_coroutine_address, tracetag,
// coroutine_pool, co_id, tracing): the step, with skynet.lua's tables as its
// upvalues.
int task_end_new(lua_State *L)
{
	for (int i = 1; i < TRACING; i++)
		luaL_checktype(L, i, LUA_TTABLE);
	luaL_checktype(L, TRACING, LUA_TBOOLEAN);
	lua_settop(L, UPVALUES);
	lua_pushcclosure(L, step, UPVALUES);
	return 1;
}
