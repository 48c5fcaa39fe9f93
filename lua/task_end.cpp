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
#include "lua/co_record.h"

// The closure's upvalues, in the order skynet.lua passes them.
enum : int {
	TRACETAG = 1, // coroutine -> its skynet.trace tag
	POOL,         // the parked coroutines, a sequence
	CO_ID,        // coroutine -> its number in the trace
	TRACING,      // skynet.lua's `tracing`: record co.exit as its loop would
	UPVALUES = TRACING,
};

static int up(int i) { return lua_upvalueindex(i); }

// task_end(co) -> false (declined: the Lua loop goes on), or, after the
// yield of "EXIT", the next resume's values.
static int step(lua_State *L)
{
	lua_settop(L, 1);
	lua_State *co = lua_tothread(L, 1);
	co_record *rec = co != nullptr ? record_of(co) : nullptr;
	// no record (not a pooled coroutine), or an answer owed: a session
	// other than 0 ("Maybe forgot response")
	if (rec == nullptr || (rec->has_session && rec->session != 0)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (record_flagged_get(L, up(TRACETAG), 1, &rec->maybe_tag) != LUA_TNIL) { // the tag's "end" line
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pop(L, 1);
	rec->has_session = false;
	rec->has_address = false;
	if (lua_toboolean(L, up(TRACING)) && trace_enabled()) { // the loop's co.exit, after the tables
		trace_co_exit(skynet_context_handle(self_ctx(L)), co_trace_number(L, 1, up(CO_ID), rec), true);
	}
	lua_pushvalue(L, 1);
	lua_rawseti(L, up(POOL), (lua_Integer)lua_rawlen(L, up(POOL)) + 1);
	lua_settop(L, 0);
	lua_pushliteral(L, "EXIT");
	return lua_yield(L, 1);
}

// task_end(tracetag, coroutine_pool, co_id, tracing): the step, with
// skynet.lua's tables as its upvalues (the session and address: the
// coroutine's record, lua/co_record.h).
int task_end_new(lua_State *L)
{
	for (int i = 1; i < TRACING; i++)
		luaL_checktype(L, i, LUA_TTABLE);
	luaL_checktype(L, TRACING, LUA_TBOOLEAN);
	lua_settop(L, UPVALUES);
	lua_pushcclosure(L, step, UPVALUES);
	return 1;
}
