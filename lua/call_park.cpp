// call_park: skynet.call's common case (a call to a numeric address, traced or not) sent, recorded and parked in one C call (lua/lualib/skynet/call.lua).
//
// An untraced skynet.call did, in Lua, after packing its request: the send
// (c.send_integer), watching_session[session] = addr (so the callee's death
// fails the call), session_id_coroutine[session] = the task (so the answer
// finds it), coroutine.yield "SUSPEND", and after the answer
// watching_session[session] = nil. Each session is a new key of both tables
// (the watch written and cleared alone: 331 instructions a call, measured by
// leaving it out), and the send and the yield are two C calls. This does
// the same writes with lua_rawseti, the same skynet_send and the same
// yield, and clears the session's watch in the yield's continuation; the
// resume's values come back as its results.
//
// What it buys (callgrind, `thread = 1`, 40,000 minus 20,000 sequential
// calls to bench_counter's echo, per call, whole process, three runs each):
// 15,067-15,240 -> 14,602-14,648 instructions (-3.4%; docs/benchmarks.md,
// "Calls, round 6"). One-way sends do not come here.
//
// Traced, the call's co.suspend is recorded here too, after the two writes
// and before the yield, as call.lua's own path records it (trace_co_call).
// What it buys: a traced call took call.lua's own path (the send, the two
// table writes, co_id[co], trace_co_call and the yield, each a step of
// the interpreter or a Lua-to-C call): a traced call 16,411 -> 15,605
// instructions, whole process (callgrind, `thread = 1`, bench_call's
// 40,000 minus 20,000 calls; docs/benchmarks.md "trace on and off, calls
// parked in C").
// What it costs: a second copy of skynet.call's parking rules (call.lua's
// own path, for names and odd bodies, is the reference). Anything that
// is not the common case (an address that is not a non-zero integer, a
// body that is neither a string nor (lightuserdata, integer)) returns 0
// before anything is touched, and call.lua does it as before.
// test_call_park checks the paths.
#include <cstdint>

#include <lua.hpp>

#include "kernel/context.h"
#include "kernel/message.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "lua/co_record.h"
#include "lua/dispatch_state.h"
#include "lua/serialize.h"

// The closure's upvalues, in the order call.lua passes them.
enum : int {
	WATCHING = 1, // session of an outgoing call -> callee address (watching_session)
	WAITS,        // session -> coroutine waiting for its answer (session_id_coroutine)
	CO_ID,        // coroutine -> its number in the trace (co_id)
	TRACING,      // skynet.lua's `tracing`: record the co.suspend as call.lua would
	RANGE,        // a reserved_range, shared by call_park and reserve_sessions
	UPVALUES = RANGE,
};

// Sessions (from, to] already have a node in both tables (reserve_sessions).
struct reserved_range {
	lua_Integer from, to;
};

static int up(int i) { return lua_upvalueindex(i); }

// Why sessions are reserved. A session is a new integer key of both tables
// and the answer clears it, so a service with W calls parked holds W keys
// that slide forward. Lua sizes a table's hash part to the next power of two
// of its keys and, until the next rehash, reuses a cleared node only for a
// key whose main position it is. With W at a power of two (the answer
// clears one key, then the next call adds one: W keys at each rehash, the
// hash part exactly full) the new session's main position holds a live one
// (session - (W - 1)), so every call rehashed the whole table: 40,000 calls
// from 4,096 coroutines took 113 us of CPU a call, from 4,097 3.5 us. With
// answers out of order a count just under a power of two does the same
// less often (a C loop of random answers, 4,095 parked: 70 us a call).
//
// The fix: a cleared key keeps its node, and writing that key again finds it
// in place (no new key, no rehash). So when a call's session passes the
// reserved range, the next R sessions (R = the calls parked, at least 32)
// are written into both tables and cleared at once: the tables grow to hold
// W + R keys in one doubling, and the next R sessions, whatever made them
// (calls, sleeps, waits), land on their own nodes. A rehash drops cleared
// nodes, but nothing rehashes before the range is used up: one O(W + R)
// reservation per R sessions. Figures: docs/benchmarks.md, "Many calls
// waiting at once". What it costs: up to 2R spare nodes per table.
static const char reserved_mark = 0; // the value a reserved key holds for a moment

static lua_Integer count_keys(lua_State *L, int table)
{
	lua_Integer n = 0;
	lua_pushnil(L);
	while (lua_next(L, table)) {
		lua_pop(L, 1);
		n++;
	}
	return n;
}

// Gives sessions (session, session + R] a node in `table`, skipping any
// that is still set (only after the session counter wrapped).
static void reserve_in(lua_State *L, int table, lua_Integer session, lua_Integer count)
{
	void *mark = const_cast<char *>(&reserved_mark);
	for (lua_Integer s = session + 1; s <= session + count; s++) {
		if (lua_rawgeti(L, table, s) == LUA_TNIL) {
			lua_pushlightuserdata(L, mark);
			lua_rawseti(L, table, s);
		}
		lua_pop(L, 1);
	}
	for (lua_Integer s = session + 1; s <= session + count; s++) {
		bool ours = lua_rawgeti(L, table, s) == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == mark;
		lua_pop(L, 1);
		if (ours) {
			lua_pushnil(L);
			lua_rawseti(L, table, s);
		}
	}
}

static void reserve_sessions(lua_State *L, lua_Integer session)
{
	auto *range = static_cast<reserved_range *>(lua_touserdata(L, up(RANGE)));
	if (session > range->from && session <= range->to)
		return;
	// the waits, not the watches: sleeps and waits hold sessions too
	lua_Integer count = count_keys(L, up(WAITS));
	if (count < 32)
		count = 32;
	if (count > INT32_MAX - session) // sessions wrap at 2^31 - 1: reserve none past it
		count = INT32_MAX - session;
	reserve_in(L, up(WATCHING), session, count);
	reserve_in(L, up(WAITS), session, count);
	range->from = session;
	range->to = session + count;
}

// reserve_sessions(session): the same reservation for a session that call.lua's
// own path or skynet.lua's suspend_session parks (a call by name, a rawcall, a
// wait), which would otherwise slow down just as call_park's did (a cluster
// agent's 1,024 rawcalls waiting: docs/benchmarks.md, "The cluster link's
// in-flight limit").
static int reserve(lua_State *L)
{
	lua_Integer session = luaL_checkinteger(L, 1);
	if (session > 0 && session <= INT32_MAX)
		reserve_sessions(L, session);
	return 0;
}

// After the resume: the stack holds what the resume passed, (true, msg,
// sz, session) for an answer, (false, reason, ...) for an error or a break.
static int answered(lua_State *L, int status, lua_KContext session)
{
	(void)status;
	if (co_record *rec = record_of(L))
		rec->answer_in_place = false;
	lua_pushnil(L);
	lua_rawseti(L, up(WATCHING), (lua_Integer)session);
	lua_settop(L, 3); // succ, msg, sz: what coroutine.yield "SUSPEND" returned to call.lua
	return 3;
}

// call_park(addr, type, msg, sz, co, unpack) -> true, msg, sz (answered) |
// false (the call failed) | nil (no such service) | 0 (nothing sent:
// call.lua's own path decides). `unpack`: the protocol's, which call.lua
// applies to the answer at once; when it is skynet.unpack's decoder, the
// answer's inlined bytes may come in place (co_record's answer_in_place).
static int park(lua_State *L)
{
	int is_integer = 0;
	lua_Integer addr = lua_tointegerx(L, 1, &is_integer);
	// addr from 1 to 2^32-1 in one unsigned test; 0 and the rest go the slow
	// way, which raises (an address past 32 bits named another service)
	if (!is_integer || lua_Unsigned(addr) - 1 >= UINT32_MAX || !lua_isinteger(L, 2)) {
		lua_pushinteger(L, 0);
		return 1;
	}
	int type = (int)lua_tointeger(L, 2) | PTYPE_TAG_ALLOCSESSION;
	void *data = nullptr;
	size_t sz = 0;
	switch (lua_type(L, 3)) {
	case LUA_TSTRING:
		data = const_cast<char *>(lua_tolstring(L, 3, &sz)); // copied by the send
		if (sz == 0)
			data = nullptr; // as skynet's: an empty string arrives as a null message
		break;
	case LUA_TLIGHTUSERDATA: {
		lua_Integer n = lua_tointegerx(L, 4, &is_integer);
		if (!is_integer || n < 0) {
			lua_pushinteger(L, 0);
			return 1;
		}
		data = lua_touserdata(L, 3);
		sz = (size_t)n;
		type |= PTYPE_TAG_DONTCOPY; // skynet.pack's buffer, handed over
		break;
	}
	default:
		lua_pushinteger(L, 0);
		return 1;
	}
	int session = skynet_send(self_ctx(L), 0, (uint32_t)addr, type, 0, data, sz);
	if (session < 0)
		return 0; // nil: c.send's "no such service", call.lua raises "invalid address"
	reserve_sessions(L, session);
	lua_pushvalue(L, 1);
	lua_rawseti(L, up(WATCHING), session);
	lua_pushvalue(L, 5);
	lua_rawseti(L, up(WAITS), session);
	if (lua_toboolean(L, up(TRACING)) && trace_enabled()) {
		// call.lua's trace_co_call(co_id[co], session, addr): stamped with
		// the request's push (context_push_time), as there
		lua_State *thread = lua_tothread(L, 5);
		lua_Integer co = co_trace_number(L, 5, up(CO_ID), thread ? record_of(thread) : nullptr);
		uint32_t self = skynet_context_handle(self_ctx(L));
		trace_co_suspend_at(context_push_time(self, session), self, co, session, trace_schema::co_why::call,
			(uint32_t)addr);
	}
	// L is the task parked here (the one `answered` continues), whose
	// record dispatch_fast_response reads when it resumes it
	if (co_record *rec = record_of(L))
		rec->answer_in_place = lua_tocfunction(L, 6) == seri_lua_unpack;
	lua_settop(L, 0);
	lua_pushliteral(L, "SUSPEND");
	return lua_yieldk(L, 1, (lua_KContext)session, answered);
}

// call_park(watching_session, session_id_coroutine, co_id, tracing) ->
// call_park, reserve_sessions: the step and the reservation alone, with
// skynet.lua's three tables and its `tracing` as their upvalues and one
// reserved range of sessions (empty at first) shared by both.
int call_park_new(lua_State *L)
{
	for (int i = 1; i < TRACING; i++)
		luaL_checktype(L, i, LUA_TTABLE);
	lua_settop(L, TRACING);
	auto *range = static_cast<reserved_range *>(lua_newuserdatauv(L, sizeof(reserved_range), 0));
	range->from = range->to = 0; // nothing reserved yet
	for (int i = 1; i <= UPVALUES; i++)
		lua_pushvalue(L, i);
	lua_pushcclosure(L, park, UPVALUES);
	for (int i = 1; i <= UPVALUES; i++)
		lua_pushvalue(L, i);
	lua_pushcclosure(L, reserve, UPVALUES);
	return 2;
}
