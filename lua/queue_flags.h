// queue_flags: the dispatch state's flag word, "a wake-up, error or fork may be queued" and "a sender may have a trace tag", kept by the tables' own __newindex so the C steps test a bit instead of reading the tables.
//
// After every resume the C steps (dispatch_fast's ended_alone, batch_step's
// common_end) looked at skynet.lua's wake-up and error queues' first slot
// and the fork queue's h and t, and before every request at
// trace_source[sender]: four to five raw gets, ~60-70 instructions each,
// twice a call (the request's resume and the answer's). The tables are now
// made by skynet.core (co_records()'s last four) with a __newindex that sets a bit of
// dispatch_state::flags: every enqueue writes a slot that was nil (the
// queues append at #q + 1 and at fork_queue.t + 1; a sender's tag is a new
// key), so it goes through __newindex, and a clear bit proves the queues
// empty. The C steps read the tables only when the bit is set, and clear
// the queues' bit when they find them all empty. skynet.lua and skynet/*.lua
// keep their spelling (the metatables have no __index, __len or __pairs).
//
// What it buys (callgrind, `thread = 1`, whole process; docs/benchmarks.md
// "Queue flags"): a call (bench_call, 40,000 minus 20,000 calls) 12,043 ->
// 11,226 instructions (-6.8%), traced 17,243 -> 16,445; a one-way send
// (bench_send, 200,000 minus 100,000) 5,804 -> 5,338 (-8.0%).
// What it costs: an enqueue (skynet.wakeup, skynet.fork, an error waiting)
// and a sender's tag are a C metamethod call (~100 instructions) where a
// raw table write was ~40; two metatables per service (+0.2 KiB an idle
// service, test_service_cost); a service that ever had a traced sender
// reads trace_source per request as before (that bit is never cleared: the
// table may hold other senders' tags).
#pragma once
#include <lua.hpp>

#include <cstdint>

#include "lua/dispatch_state.h"

enum : uint8_t {
	MAYBE_QUEUED = 1,       // a wake-up, error or fork may be waiting
	MAYBE_TRACED_SENDER = 2 // trace_source may hold a tag
};

// Whether no wake-up, error or fork waits: true without a table read when
// the bit is clear; else the tables are read (the slots given: stack or
// upvalue indices; h and t the field names as Lua strings) and the bit is
// cleared when they are all empty.
inline bool nothing_queued(lua_State *L, dispatch_state *st, int wakeup, int error, int fork, int key_h,
	int key_t)
{
	if (!(st->flags & MAYBE_QUEUED))
		return true;
	bool queued = lua_rawgeti(L, wakeup, 1) != LUA_TNIL;
	queued = lua_rawgeti(L, error, 1) != LUA_TNIL || queued;
	lua_pushvalue(L, key_h);
	lua_rawget(L, fork);
	lua_pushvalue(L, key_t);
	lua_rawget(L, fork);
	queued = queued || !(lua_tointeger(L, -2) > lua_tointeger(L, -1));
	lua_pop(L, 4);
	if (!queued)
		st->flags &= uint8_t(~MAYBE_QUEUED);
	return !queued;
}

// Pushes trace_source[source] (the table at `table`) when the bit says it
// may hold a tag, else nil without a lookup. Returns whether it is truthy.
inline bool sender_traced(lua_State *L, dispatch_state *st, int table, lua_Integer source)
{
	if (!(st->flags & MAYBE_TRACED_SENDER)) {
		lua_pushnil(L);
		return false;
	}
	lua_rawgeti(L, table, source);
	return lua_toboolean(L, -1);
}

// Pushes wakeup_queue, error_queue, fork_queue, trace_source (lua/queue_flags.cpp),
// which skynet.core's co_records() returns after the records' tables. Not a
// function of its own: a 34th entry in skynet.core's table doubled its hash
// part, +1 KiB per idle service (test_service_cost).
void push_queue_tables(lua_State *L);
