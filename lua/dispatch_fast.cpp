// dispatch_fast: the two messages of a call (the request, its answer) handed to their coroutine from the message callback.
//
// Without it, each message enters Lua (lua_pcall of skynet.dispatch_message),
// where raw_dispatch_message reads skynet.lua's tables, resumes a coroutine
// through coroutine.resume and checks what it yielded. For the two messages
// every call is made of, the callback does the same reads in C and resumes
// the coroutine itself: a plain request (its protocol has a dispatch
// function, no `direct`, no trace) starts a pooled coroutine on its handler;
// a RESPONSE resumes the task waiting for it. Lua's dispatch runs only when
// the coroutine's yield asks for more than "back to the pool" or "waiting
// again" (a wake-up, an error, a fork, an exit: skynet.lua's dispatch_after),
// or when anything is not the common case (then nothing here was touched).
//
// What it buys (callgrind, thread = 1, per 1-in-flight call, both sides):
// the answer 19,978 -> 18,536 instructions, the request 18,536 -> 16,539,
// raw gets by names kept on the stack 16,022; traced, 29,526 -> 23,401
// (docs/benchmarks.md, "calls, round 4"). What it costs: this file must read
// the tables as skynet.lua's raw_dispatch_message does (lua/lualib/skynet.lua,
// "who waits for what"), and a change there must be made here too;
// test_response and test_batch check the two agree. Traced, the fast paths
// record co.new and co.resume where raw_dispatch_message would (the lessons
// check the order); a skynet.trace tag or a traced protocol goes to Lua.
#include "lua/dispatch_fast.h"

#include "kernel/trace.h"
#include "lua/bindings.h"
#include "lua/co_record.h"
#include "lua/dispatch_state.h"
#include "lua/queue_flags.h"
#include "lua/serialize.h"

#include <cstring>
#include <initializer_list>

// The main thread's stack slots (see DISPATCH_FAST_TOP), in the order
// skynet.lua registers them.
enum : int {
	WAITS = 2,      // session -> coroutine waiting for it (session_id_coroutine)
	PENDING_START,  // coroutine -> function it starts with (a timeout, a fork)
	TRACETAG,       // coroutine -> its skynet.trace tag
	RUNNING,        // { thread = the task the dispatcher resumed last }
	WAKEUP_QUEUE,
	ERROR_QUEUE,
	FORK_QUEUE,     // { h = first, t = last }: empty when h > t
	AFTER,          // dispatch_after(co, ok, command, more)
	PROTO,          // protocol id -> { dispatch, unpack, direct, trace }
	TRACE_SOURCE,   // sender -> trace tag its next request belongs to
	POOL,           // parked coroutines, a stack (the session and sender a task serves: its record, lua/co_record.h)
	CO_ID,          // coroutine -> its number in the trace
	WATCHING,       // session of an outgoing call -> callee (watching_session): its answer's co.resume is "response"
	TRACING,        // skynet.lua's `tracing`: record co.new and co.resume as it would
	// The field names read below, kept as Lua strings: a raw get with one of
	// them costs ~60 instructions where lua_getfield, which looks the C
	// string up among Lua's strings first, costs ~120 (a call: 16,539 -> 16,022).
	KEY_H, KEY_T, KEY_THREAD, KEY_DISPATCH, KEY_UNPACK, KEY_DIRECT, KEY_TRACE,
};
static_assert(TRACING == DISPATCH_FAST_VALUES + 1 && KEY_TRACE == DISPATCH_FAST_TOP);

// table[key] without metamethods (all the tables here are plain), key a slot above.
static int field(lua_State *L, int table, int key)
{
	lua_pushvalue(L, key);
	return lua_rawget(L, table);
}

static const char registry_key = 0; // its address keys the registered values

// co_id[co], co on top of L's stack, rec its record.
static int64_t co_number(lua_State *L, const co_record *rec)
{
	return co_trace_number(L, lua_gettop(L), CO_ID, rec);
}

void dispatch_fast_register(lua_State *L)
{
	lua_createtable(L, DISPATCH_FAST_VALUES, 0);
	for (int i = 1; i <= DISPATCH_FAST_VALUES; i++) {
		lua_pushvalue(L, i);
		lua_rawseti(L, -2, i);
	}
	lua_rawsetp(L, LUA_REGISTRYINDEX, &registry_key);
}

int dispatch_fast_stack(lua_State *L, bool fast)
{
	lua_settop(L, 0);
	luaL_checkstack(L, DISPATCH_FAST_TOP + 8, "dispatch");
	lua_pushcfunction(L, skyglass_traceback);
	if (!fast)
		return 1;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &registry_key) != LUA_TTABLE) {
		lua_pop(L, 1);
		return 1;
	}
	int table = lua_gettop(L);
	for (int i = 1; i <= DISPATCH_FAST_VALUES; i++)
		lua_rawgeti(L, table, i);
	lua_remove(L, table);
	for (const char *key : {"h", "t", "thread", "dispatch", "unpack", "direct", "trace"})
		lua_pushstring(L, key);
	return DISPATCH_FAST_TOP;
}

// Whether the coroutine ended as the common case: yielded `command` alone,
// and no wake-up, error or fork was queued meanwhile (the flag word first:
// lua/queue_flags.h).
static bool ended_alone(lua_State *L, lua_State *co, int nres, const char *command)
{
	size_t len = 0;
	const char *said = nres == 1 ? lua_tolstring(co, -1, &len) : nullptr;
	if (said == nullptr || len != strlen(command) || memcmp(said, command, len) != 0)
		return false;
	return nothing_queued(L, self_state(L), WAKEUP_QUEUE, ERROR_QUEUE, FORK_QUEUE, KEY_H, KEY_T);
}

// Resumes co (its arguments pushed) with `co` on top of L's stack; then
// either done, or dispatch_after and its arguments left on L's stack.
static dispatch_fast_result run(lua_State *L, lua_State *co, int narg, bool more, const char *common)
{
	int nres = 0;
	int status = snlua_resume_thread(L, co, narg, &nres);
	bool ok = status == LUA_OK || status == LUA_YIELD;
	if (ok && ended_alone(L, co, nres, common)) {
		lua_pop(co, nres);
		lua_pop(L, 1);
		return dispatch_fast_result::done;
	}
	// dispatch_after(co, ok, command, more); an error's object stays with
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
	return dispatch_fast_result::finish_in_lua;
}

dispatch_fast_result dispatch_fast_response(lua_State *L, uint32_t self, int session, const void *msg, size_t sz,
	bool more)
{
	// As raw_dispatch_message's RESPONSE branch: only a coroutine that waits
	// for this answer (not "BREAK", not a timeout's pending start) and has no
	// trace tag to log "resume" to.
	if (lua_rawgeti(L, WAITS, session) != LUA_TTHREAD) {
		lua_pop(L, 1);
		return dispatch_fast_result::not_here;
	}
	lua_State *co = lua_tothread(L, -1);
	co_record *rec = record_of(co);
	if (rec == nullptr || !lua_checkstack(co, 4)) {
		lua_pop(L, 1);
		return dispatch_fast_result::not_here;
	}
	int co_index = lua_gettop(L);
	bool pending = record_flagged_get(L, PENDING_START, co_index, &rec->maybe_start) != LUA_TNIL;
	record_flagged_get(L, TRACETAG, co_index, &rec->maybe_tag);
	bool tagged = lua_toboolean(L, -1);
	lua_pop(L, 2);
	if (pending || tagged) {
		lua_pop(L, 1);
		return dispatch_fast_result::not_here;
	}
	lua_pushnil(L);
	lua_rawseti(L, WAITS, session);
	if (lua_toboolean(L, TRACING)) {
		// resume_waiting's co.resume: "response" for a call, else "timeout"
		bool call = lua_rawgeti(L, WATCHING, session) != LUA_TNIL;
		lua_pop(L, 1);
		if (trace_enabled())
			trace_co_resume_at(task_start_t(self_ctx(L)), self, co_number(L, rec), session,
				call ? trace_schema::co_why::response : trace_schema::co_why::timeout);
	}
	lua_pushvalue(L, KEY_THREAD);
	lua_pushvalue(L, -2);
	lua_rawset(L, RUNNING);
	// skynet.call's coroutine.yield "SUSPEND" returns (true, msg, sz, session);
	// an inlined payload stays where it is only for a call that decodes it
	// at once with skynet.unpack (call_park), else the task gets a heap copy
	if (!rec->answer_in_place)
		msg = skynet_message_heap(self_ctx(L), msg);
	rec->answer_in_place = false;
	lua_pushboolean(co, 1);
	lua_pushlightuserdata(co, const_cast<void *>(msg));
	lua_pushinteger(co, (lua_Integer)sz);
	lua_pushinteger(co, session);
	return run(L, co, 4, more, "SUSPEND");
}

// Calls the protocol's unpack (on top of L's stack) protected: a message it
// cannot read goes to the Lua path, which unpacks it again and fails there
// as it always did. Returns how many values it pushed, or -1.
// skynet.unpack's decoder reads an inlined payload where it lies (it keeps
// nothing); any other unpack is Lua's and gets the heap's copy.
static int unpack_protected(lua_State *L, const void *msg, size_t sz)
{
	int top = lua_gettop(L) - 1;
	if (lua_tocfunction(L, -1) != seri_lua_unpack)
		msg = skynet_message_heap(self_ctx(L), msg);
	lua_pushlightuserdata(L, const_cast<void *>(msg));
	lua_pushinteger(L, (lua_Integer)sz);
	if (lua_pcall(L, 2, LUA_MULTRET, 0) != LUA_OK) {
		lua_settop(L, top);
		return -1;
	}
	return lua_gettop(L) - top;
}

dispatch_fast_result dispatch_fast_request(lua_State *L, uint32_t self, int type, int session,
	uint32_t source, const void *msg, size_t sz, bool more)
{
	// As raw_dispatch_message: a protocol with a dispatch function, no
	// `direct` and no trace flag, from a sender that announced no trace, and
	// a coroutine in the pool (a new one is made in Lua). Not when more of
	// the batch follows: skynet.lua's batch then runs the run of requests in
	// one coroutine, with no resume per message (docs/benchmarks.md, "batch").
	if (more)
		return dispatch_fast_result::not_here;
	int base = lua_gettop(L);
	if (lua_rawgeti(L, PROTO, type) != LUA_TTABLE || sender_traced(L, self_state(L), TRACE_SOURCE, source)) {
		lua_settop(L, base);
		return dispatch_fast_result::not_here;
	}
	int p = base + 1;
	lua_Integer pooled = (lua_Integer)lua_rawlen(L, POOL);
	if (field(L, p, KEY_DIRECT) != LUA_TNIL || field(L, p, KEY_TRACE) != LUA_TNIL
		|| field(L, p, KEY_DISPATCH) == LUA_TNIL || pooled == 0) {
		lua_settop(L, base);
		return dispatch_fast_result::not_here;
	}
	int handler = lua_gettop(L);
	int nargs = 2;
	if (field(L, p, KEY_UNPACK) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushlightuserdata(L, skynet_message_heap(self_ctx(L), msg)); // the handler may keep it
		lua_pushinteger(L, (lua_Integer)sz);
	} else if ((nargs = unpack_protected(L, msg, sz)) < 0) {
		lua_settop(L, base);
		return dispatch_fast_result::not_here;
	}
	if (!lua_checkstack(L, 4)) {
		lua_settop(L, base);
		return dispatch_fast_result::not_here;
	}
	lua_rawgeti(L, POOL, pooled);
	lua_State *co = lua_tothread(L, -1);
	co_record *rec = co != nullptr ? record_of(co) : nullptr;
	if (rec == nullptr || !lua_checkstack(co, nargs + 3)) {
		lua_settop(L, base);
		return dispatch_fast_result::not_here;
	}
	// co_get, the record's session and sender, running.thread: as the Lua path
	lua_pushnil(L);
	lua_rawseti(L, POOL, pooled);
	rec->session = session;
	rec->has_session = true;
	rec->address = source;
	rec->has_address = true;
	if (lua_toboolean(L, TRACING) && trace_enabled())
		trace_co_new_at(task_start_t(self_ctx(L)), self, co_number(L, rec), session, trace_schema::co_why::none, source);
	lua_pushvalue(L, KEY_THREAD);
	lua_pushvalue(L, -2);
	lua_rawset(L, RUNNING);
	// the pooled coroutine's yield returns (f, session, source, args...)
	lua_pushvalue(L, handler);
	lua_xmove(L, co, 1);
	lua_pushinteger(co, session);
	lua_pushinteger(co, source);
	lua_rotate(L, handler + 1, 1); // co below the unpacked arguments
	lua_xmove(L, co, nargs);
	lua_replace(L, base + 1); // L: base, co
	lua_settop(L, base + 1);
	return run(L, co, nargs + 3, more, "EXIT");
}
