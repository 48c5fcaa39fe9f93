// queue_flags: skynet.lua's wake-up, error and fork queues and trace_source, made with a __newindex that sets the dispatch state's flag bits (lua/queue_flags.h says why).
#include "lua/queue_flags.h"

// __newindex(t, k, v): the bit of the metatable's upvalue, then the raw
// write. Only a write to an absent key comes here: an enqueue, never the
// fork queue's h and t, which always exist.
static int flagged_newindex(lua_State *L)
{
	dispatch_state *st = self_state(L);
	if (st != nullptr && !lua_isnil(L, 3))
		st->flags |= (uint8_t)lua_tointeger(L, lua_upvalueindex(1));
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

// A metatable whose __newindex sets `bit`, on top of the stack.
static void push_flagging_meta(lua_State *L, uint8_t bit)
{
	lua_createtable(L, 0, 1);
	lua_pushinteger(L, bit);
	lua_pushcclosure(L, flagged_newindex, 1);
	lua_setfield(L, -2, "__newindex");
}

int queue_flags_new(lua_State *L)
{
	if (self_state(L) == nullptr)
		return luaL_error(L, "queue_flags: skynet.core has no dispatch state");
	lua_settop(L, 0);
	push_flagging_meta(L, MAYBE_QUEUED); // 1
	lua_newtable(L); // wakeup_queue
	lua_pushvalue(L, 1);
	lua_setmetatable(L, -2);
	lua_newtable(L); // error_queue
	lua_pushvalue(L, 1);
	lua_setmetatable(L, -2);
	lua_createtable(L, 0, 2); // fork_queue: { h = 1, t = 0 }, empty when h > t
	lua_pushinteger(L, 1);
	lua_setfield(L, -2, "h");
	lua_pushinteger(L, 0);
	lua_setfield(L, -2, "t");
	lua_pushvalue(L, 1);
	lua_setmetatable(L, -2);
	lua_newtable(L); // trace_source
	push_flagging_meta(L, MAYBE_TRACED_SENDER);
	lua_setmetatable(L, -2);
	return 4;
}
