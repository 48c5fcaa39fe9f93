// queue_flags: skynet.lua's wake-up, error and fork queues and trace_source, made with a __newindex that sets the dispatch state's flag bits (lua/queue_flags.h says why).
#include "lua/queue_flags.h"

// __newindex(t, k, v): sets `bit`, then the raw write. Only a write to an
// absent key comes here: an enqueue, never the fork queue's h and t, which
// always exist. A light C function each bit (no closure to allocate).
template <uint8_t bit>
static int flagged_newindex(lua_State *L)
{
	dispatch_state *st = self_state(L);
	if (st != nullptr && !lua_isnil(L, 3))
		st->flags |= bit;
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

// A metatable whose __newindex sets `bit`, on top of the stack.
template <uint8_t bit>
static void push_flagging_meta(lua_State *L)
{
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, flagged_newindex<bit>);
	lua_setfield(L, -2, "__newindex");
}

void push_queue_tables(lua_State *L)
{
	luaL_checkstack(L, 8, "queue tables");
	push_flagging_meta<MAYBE_QUEUED>(L);
	int meta = lua_gettop(L);
	lua_newtable(L); // wakeup_queue
	lua_pushvalue(L, meta);
	lua_setmetatable(L, -2);
	lua_newtable(L); // error_queue
	lua_pushvalue(L, meta);
	lua_setmetatable(L, -2);
	lua_createtable(L, 0, 2); // fork_queue: { h = 1, t = 0 }, empty when h > t
	lua_pushinteger(L, 1);
	lua_setfield(L, -2, "h");
	lua_pushinteger(L, 0);
	lua_setfield(L, -2, "t");
	lua_pushvalue(L, meta);
	lua_setmetatable(L, -2);
	lua_newtable(L); // trace_source
	push_flagging_meta<MAYBE_TRACED_SENDER>(L);
	lua_setmetatable(L, -2);
	lua_remove(L, meta);
}
