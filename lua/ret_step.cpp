// ret_step: skynet.ret's common case (an answer owed to a numeric address, no trace tag) taken in C (lua/lualib/skynet/response.lua).
//
// skynet.ret answers the request its task serves: it reads running.thread,
// the task's trace tag, session and sender (three tables keyed by the
// coroutine), clears the session and sends PTYPE_RESPONSE through c.send.
// In Lua that is ~20 bytecodes and a c.send with its argument checks, on
// every call a service answers. This does the same reads, the same clear and
// the same skynet_send, and returns what skynet.ret returns.
//
// What it buys (callgrind, `thread = 1`, 40,000 minus 20,000 sequential
// calls to bench_counter's echo, per call, whole process): 16,328 ->
// 15,890 instructions (docs/benchmarks.md, "Calls, round 5").
// What it costs: a second copy of skynet.ret's rules. Anything that is not
// the common case (no message, a body that is not a string or a
// (lightuserdata, integer) pair, no running task, a trace tag, no session,
// session 0, a sender that is not a number) is declined before anything is
// touched, and skynet.ret's Lua does it as before, with its errors, trash
// and trace lines at their usual places. test_ret_step checks both paths.
#include <lua.hpp>

#include "kernel/message.h"
#include "kernel/skynet.h"
#include "lua/co_record.h"

// The closure's upvalues, in the order response.lua passes them.
enum : int {
	RUNNING = 1, // { thread = the task being run }
	TRACETAG,    // coroutine -> its skynet.trace tag
	ARGS = TRACETAG,
	KEY_THREAD,  // "thread", as a Lua string
	UPVALUES = KEY_THREAD,
};

static int up(int i) { return lua_upvalueindex(i); }

// ret_step(msg [, sz]) -> whether the answer was sent (skynet.ret's value),
// or nothing when skynet.ret's Lua must do it.
static int step(lua_State *L)
{
	void *data = nullptr;
	size_t sz = 0;
	int type = PTYPE_RESPONSE;
	switch (lua_type(L, 1)) {
	case LUA_TSTRING:
		data = const_cast<char *>(lua_tolstring(L, 1, &sz)); // copied by the send
		if (sz == 0)
			data = nullptr; // as skynet's: an empty string arrives as a null message
		break;
	case LUA_TLIGHTUSERDATA: {
		int is_integer = 0;
		lua_Integer n = lua_tointegerx(L, 2, &is_integer);
		if (!is_integer || n < 0)
			return 0;
		data = lua_touserdata(L, 1);
		sz = (size_t)n;
		type |= PTYPE_TAG_DONTCOPY; // skynet.pack's buffer, handed over
		break;
	}
	default:
		return 0;
	}
	lua_settop(L, 2);
	lua_pushvalue(L, up(KEY_THREAD));
	if (lua_rawget(L, up(RUNNING)) != LUA_TTHREAD) // co at 3
		return 0;
	co_record *rec = record_of(lua_tothread(L, 3));
	if (rec == nullptr) // not a pooled task: skynet.ret's Lua decides
		return 0;
	if (record_flagged_get(L, up(TRACETAG), 3, &rec->maybe_tag) != LUA_TNIL) // tag: the "response" trace line
		return 0;
	// no session: "No session"; 0: nobody waits; a sender is always set with a session
	if (!rec->has_session || rec->session == 0 || !rec->has_address)
		return 0;
	lua_Integer session = rec->session;
	uint32_t address = (uint32_t)rec->address;
	rec->has_session = false; // answered: the task owes nothing more
	int r = skynet_send(self_ctx(L), 0, address, type, (int)session, data, sz);
	lua_pushboolean(L, r >= 0); // c.send's nil (no such service) is false
	return 1;
}

// ret_step(running, tracetag): the step, with skynet.lua's tables as its
// upvalues (the session and sender: the task's record, lua/co_record.h).
int ret_step_new(lua_State *L)
{
	for (int i = 1; i <= ARGS; i++)
		luaL_checktype(L, i, LUA_TTABLE);
	lua_settop(L, ARGS);
	lua_pushliteral(L, "thread");
	lua_pushcclosure(L, step, UPVALUES);
	return 1;
}
