// batch_step: a batch coroutine's step from one plain request to the next, taken in C (lua/lualib/skynet.lua, "batch").
//
// A worker pops up to 64 messages of one queue, and a task's coroutine that
// ends without suspending runs the next plain request of that batch in place
// (skynet.lua, "batch"). Between two requests the Lua loop did ~85 bytecodes
// of bookkeeping: the finished task's session and address cleared, its trace
// tag looked at, the wake-up, error and fork queues looked at, next_message,
// the protocol's dispatch, trace flag and unpack read, the sender's trace tag
// read, the unpack, request_begin's two table writes. This does the same
// reads and writes from C and returns the handler and its arguments, so the
// Lua left per message is the handler's call.
//
// What it buys (callgrind, 2 workers, per message, 200k sends minus 100k):
// a one-way send's receiver (bench_send's counter) 5,375 -> 3,789-3,974
// instructions (-26 to -30%); the sender stays at ~2,600. The receiver sets
// a send stream's rate: it ran twice the sender's instructions, so the
// sender's messages piled up (265k-550k queued in a 1M run) and the run
// lasted as long as the receiver (docs/benchmarks.md, "slow rounds"). A ring
// of 100 services sending: 9,106 -> 7,645 a message, whole process.
// What it costs: a second copy of the loop's rules (skynet.lua's co_create
// loop is the reference; test_batch checks both agree); anything that is not
// the common case (a request owed an answer and not answered, a trace tag, a
// wake-up, error or fork waiting) is declined before anything is touched,
// and the Lua loop does it as before. Calls (one in flight, no batch) +77 of
// 16,037; the coroutine echo within its noise (+-300 of 18,800).
// Traced, it records the loop's co.exit and co.new itself (same fields, same
// order, the same shared clock read), where it used to decline: a traced
// one-way send 11,103 -> 8,786 instructions against 6,730 untraced (on/off
// 0.61 -> 0.77; callgrind, thread = 1, 200k minus 100k sends, whole process;
// docs/benchmarks.md "trace on the C steps"). test_runtime checks the events.
// Its answer in fixed slots (step, below) took another 464 instructions off
// a send, both workers together: 6,632 -> 6,168 (receiver ~3,960 -> ~3,440).
#include <lua.hpp>

#include "kernel/message.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "lua/co_record.h"
#include "lua/queue_flags.h"
#include "lua/serialize.h"

// The closure's upvalues, in the order skynet.lua passes them.
enum : int {
	TRACETAG = 1,      // coroutine -> its skynet.trace tag (the session and sender: its record, lua/co_record.h)
	WAKEUP_QUEUE,      // (read only when the flag word says a queue may not be empty)
	ERROR_QUEUE,
	FORK_QUEUE,        // { h = first, t = last }: empty when h > t
	PROTO,             // protocol id -> { dispatch, unpack, trace, ... }
	TRACE_SOURCE,      // sender -> trace tag its next request belongs to
	CO_ID,             // coroutine -> its number in the trace
	TRACING,           // skynet.lua's `tracing`: record co.exit and co.new as its loop would
	ARGS = TRACING,
	KEY_H, KEY_T, KEY_DISPATCH, KEY_UNPACK, KEY_TRACE, // field names, as Lua strings
	UPVALUES = KEY_TRACE,
};

static int up(int i) { return lua_upvalueindex(i); }

// table[key] without metamethods, key an upvalue; pushes it, returns its type.
static int field(lua_State *L, int table, int key)
{
	lua_pushvalue(L, up(key));
	return lua_rawget(L, table);
}

// Whether the finished task leaves nothing for the Lua loop: no answer owed
// (session nil, or 0 for a one-way message), no trace tag, nothing woken,
// failed or forked waiting to run. Reads only.
static bool common_end(lua_State *L, co_record *rec)
{
	// the wake-up queue is empty: skynet.lua looked before calling (a socket
	// message whose handler woke a reader, the coroutine echo's every
	// message, then costs no call here); the error and fork queues: the
	// flag word first (lua/queue_flags.h)
	if (!nothing_queued(L, self_state(L), up(WAKEUP_QUEUE), up(ERROR_QUEUE), up(FORK_QUEUE), up(KEY_H), up(KEY_T)))
		return false;
	if (rec->has_session && rec->session != 0)
		return false; // an answer owed: "Maybe forgot response", in Lua
	bool tagged = record_flagged_get(L, up(TRACETAG), 1, &rec->maybe_tag) != LUA_TNIL;
	lua_settop(L, 1);
	return !tagged;
}

// step(): called by the running batch coroutine when its task ended and the
// batch has more (skynet.lua checks batch_more, batch_co and the wake-up queue first).
// Returns nothing when the Lua loop must do the step itself (nothing
// touched); else true, more, then either the handler, session, source,
// the unpacked values in four fixed slots (in a table in the first when
// more than four) and their number (the request's session and address are
// set, as request_begin does), or false, then the message taken that is
// not a plain request (session, source, prototype, msg, sz), or nothing
// more when the batch had none left.
//
// Fixed slots, not a variable list: skynet.lua reads them into locals and
// calls the handler itself, where a variable list needed a vararg Lua
// function between this and the handler (its call, frame copy and the
// copy of the arguments: 6,632 -> 6,168 instructions a send, both workers
// together, docs/benchmarks.md "Sends: the batch step's fixed slots").
// Costs: a table for a request of more than four values (skynet.lua
// unpacks it), and four slots pushed for fewer.
static int step(lua_State *L)
{
	co_record *rec = record_of(L);
	if (rec == nullptr) // not a pooled coroutine: the Lua loop does it
		return 0;
	lua_pushthread(L); // 1: co (a C function has LUA_MINSTACK slots)
	if (!common_end(L, rec))
		return 0;
	// Traced, the events the Lua loop records, in its order: the finished
	// task's co.exit (next_message's, sharing the clock read of msg.end and
	// the next msg.begin), then the next request's co.new (request_begin's,
	// after the unpack). `co` is 0 when the trace is off.
	skynet_context *ctx = self_ctx(L);
	lua_Integer co = 0;
	uint64_t now = 0;
	if (lua_toboolean(L, up(TRACING)) && trace_enabled()) {
		co = co_trace_number(L, 1, up(CO_ID), rec);
		now = trace_clock();
		trace_co_exit_at(now, skynet_context_handle(ctx), co, true);
	}
	const skynet_message *next = core_next_message(L, now);
	if (next == nullptr) {
		rec->has_session = rec->has_address = false;
		lua_pushboolean(L, 1);
		lua_pushboolean(L, 0);
		lua_pushboolean(L, 0);
		return 3;
	}
	bool more = skynet_batch_more(ctx);
	// the Lua loop's test: a protocol with a dispatch function, not a
	// response or an error, no trace flag, a sender with no trace tag
	bool plain = next->type != PTYPE_RESPONSE && next->type != PTYPE_ERROR
		&& lua_rawgeti(L, up(PROTO), next->type) == LUA_TTABLE // 2: p
		&& field(L, 2, KEY_DISPATCH) != LUA_TNIL             // 3: handler
		&& field(L, 2, KEY_TRACE) == LUA_TNIL;               // 4
	if (plain)
		plain = !sender_traced(L, self_state(L), up(TRACE_SOURCE), next->source); // 5
	// a protocol with no unpack goes to the dispatcher too, whose call of
	// the nil unpack raises skynet's error
	if (plain)
		plain = field(L, 2, KEY_UNPACK) != LUA_TNIL; // 6
	if (!plain) {
		lua_settop(L, 1);
		rec->has_session = rec->has_address = false;
		lua_pushboolean(L, 1);
		lua_pushboolean(L, more);
		lua_pushboolean(L, 0);
		lua_pushinteger(L, next->session);
		lua_pushinteger(L, next->source);
		lua_pushinteger(L, next->type);
		lua_pushlightuserdata(L, skynet_message_heap(ctx, message_payload(next))); // Lua may keep it
		lua_pushinteger(L, (lua_Integer)next->size);
		return 8;
	}
	int base = lua_gettop(L);
	lua_pushboolean(L, 1);
	lua_pushboolean(L, more);
	lua_pushvalue(L, 3);
	lua_pushinteger(L, next->session);
	lua_pushinteger(L, next->source);
	int values = lua_gettop(L); // the unpacked values follow
	// The finished task's session (nil, or 0: a one-way) and address stay
	// until the new ones are set: an unpack that raises kills the coroutine
	// before request_begin (no ERROR sent), and skynet.lua's suspend, told
	// by unpack_failed, raises it as a failed dispatch, as skynet's
	// dispatcher does when it unpacks (the task never began).
	rec->unpacking = true;
	const void *data = message_payload(next);
	if (lua_tocfunction(L, 6) == seri_lua_unpack && data != nullptr) {
		// skynet.unpack itself: its decoder called directly, without the
		// Lua call and the argument checks (~140 instructions a message);
		// an inlined payload is read where it lies (kernel/message.h)
		seri_unpack(L, data, next->size);
	} else {
		lua_pushvalue(L, 6);
		lua_pushlightuserdata(L, skynet_message_heap(ctx, data)); // Lua's unpack may keep it
		lua_pushinteger(L, (lua_Integer)next->size);
		lua_call(L, 2, LUA_MULTRET);
	}
	rec->unpacking = false;
	int n = lua_gettop(L) - values;
	if (n > 4) { // more than the slots: a table in the first
		lua_createtable(L, n, 0);
		lua_insert(L, values + 1);
		for (int i = n; i >= 1; i--)
			lua_rawseti(L, values + 1, i);
	}
	lua_settop(L, values + 4); // four slots, nil where no value
	lua_pushinteger(L, n);
	rec->session = next->session;
	rec->has_session = true;
	rec->address = next->source;
	rec->has_address = true;
	if (co != 0)
		trace_co_new_at(task_start_t(ctx), skynet_context_handle(ctx), co, next->session,
			trace_schema::co_why::none, next->source);
	return lua_gettop(L) - base;
}

// unpack_failed(co): whether co died unpacking its next request in step
// (and forgets it).
static int unpack_failed(lua_State *L)
{
	lua_State *co = lua_tothread(L, 1);
	co_record *rec = co != nullptr ? record_of(co) : nullptr;
	bool failed = rec != nullptr && rec->unpacking;
	if (failed)
		rec->unpacking = false;
	lua_pushboolean(L, failed);
	return 1;
}

// batch_step(tracetag, wakeup_queue, error_queue, fork_queue, proto,
// trace_source, co_id, tracing): the step, with skynet.lua's tables as its
// upvalues.
int batch_step_new(lua_State *L)
{
	for (int i = 1; i < TRACING; i++)
		luaL_checktype(L, i, LUA_TTABLE);
	luaL_checktype(L, TRACING, LUA_TBOOLEAN);
	lua_settop(L, ARGS);
	for (const char *key : {"h", "t", "dispatch", "unpack", "trace"})
		lua_pushstring(L, key);
	lua_pushcclosure(L, step, UPVALUES);
	lua_pushcfunction(L, unpack_failed);
	return 2;
}
