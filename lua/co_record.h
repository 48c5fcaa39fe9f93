// co_record: what a pooled coroutine's task is serving (session, sender) and whether it may have a trace tag or a pending start, kept where C reaches it without a table lookup.
//
// skynet.lua kept these in tables keyed by the coroutine
// (session_coroutine_id, session_coroutine_address, tracetag,
// pending_start), which the C steps (dispatch_fast, ret_step, task_end,
// batch_step) read and wrote with lua_rawget/rawset: ~100-160 instructions
// each (the key's push, its hash, the API's index checks), about a dozen
// per 1-in-flight call. Each pooled coroutine now gets one record, made with
// it (skynet.lua's co_create), and its Lua extra space (LUA_EXTRASPACE, one
// pointer, which otherwise holds the service's core_self) points at the
// record's copy of core_self: a C step finds the record in two loads.
//
// What it buys (callgrind, `thread = 1`, whole process; docs/benchmarks.md
// "Per-coroutine records"): a call (bench_call, 40,000 minus 20,000 calls)
// 13,772 -> 12,077 instructions (-12%), a one-way send (bench_send,
// 200,000 minus 100,000) 6,403 -> 5,825 (-9%).
//
// The Lua side keeps its spelling: session_coroutine_id and
// session_coroutine_address are tables whose metamethods read and write the
// records (and __pairs walks them, for skynet.exit); tracetag and
// pending_start stay plain tables, but writing a new key flags the record,
// so C looks them up only when a record says "maybe" (and clears the flag
// when it finds nothing). What it costs: a Lua read or write of a session or
// address is a metamethod call into C (~200 instructions in C, against
// ~70 for a raw table access), so the Lua paths that remain (a traced task, an answer
// forgotten, skynet.response, the first request of a batch) pay a little
// more (~6 instructions a send, amortised), and a userdata of 56 bytes per
// pooled coroutine.
#pragma once
#include <lua.hpp>

#include "lua/dispatch_state.h"

struct co_record {
	core_self self; // first: self_of(co) still finds the service's context and state
	lua_Integer session = 0;
	lua_Integer address = 0;
	bool has_session = false; // session_coroutine_id[co] ~= nil
	bool has_address = false; // session_coroutine_address[co] ~= nil
	bool maybe_tag = false;   // tracetag[co] may be set: look it up
	bool maybe_start = false; // pending_start[co] may be set: look it up
	bool unpacking = false;   // batch_step is unpacking its next request (lua/batch_step.cpp)
	// Parked by skynet.call (lua/call_park.cpp) whose protocol unpacks with
	// skynet.unpack: its answer's bytes are decoded at once, where they lie,
	// so an inlined payload (kernel/message.h) is handed over in place, not
	// copied to the heap. Cleared when the task is resumed.
	bool answer_in_place = false;
	// co_id[co], the coroutine's number in the trace: given to new_record
	// with the coroutine (skynet.lua's co_number), never changed after.
	// What it buys: the traced C steps read it here, where a lua_rawget of
	// the weak co_id table by the thread cost ~110-130 instructions: one a
	// traced send, four a traced call (co.new, co.suspend, co.resume,
	// co.exit); docs/benchmarks.md "trace on and off, calls parked in C".
	lua_Integer trace_co = 0;
};

// The record of a coroutine, or null (the main thread, a coroutine that is
// not a pooled task's: coroutine.create's, skynet.coroutine's).
inline co_record *record_of(lua_State *co)
{
	return self_of(co)->record;
}

// co_id[co] (co at index `co_index`, `co_id` the table's index): from its
// record when it has one, else from the table.
inline lua_Integer co_trace_number(lua_State *L, int co_index, int co_id, const co_record *rec)
{
	if (rec != nullptr)
		return rec->trace_co;
	lua_pushvalue(L, co_index);
	lua_rawget(L, co_id);
	lua_Integer n = lua_tointeger(L, -1);
	lua_pop(L, 1);
	return n;
}

// Pushes table[co] (co at index `co_index`) when `*maybe`, else nil without
// a lookup; clears `*maybe` when the entry is gone. Returns the pushed type.
inline int record_flagged_get(lua_State *L, int table, int co_index, bool *maybe)
{
	if (!*maybe) {
		lua_pushnil(L);
		return LUA_TNIL;
	}
	lua_pushvalue(L, co_index);
	int type = lua_rawget(L, table);
	if (type == LUA_TNIL)
		*maybe = false;
	return type;
}

// skynet.core's co_records(): the record maker and the Lua views (lua/co_record.cpp).
int co_records_new(lua_State *L);
