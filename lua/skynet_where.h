// skynet_where: where skynet's errors raised from C say they happened (lua/skynet_where.cpp).
#pragma once
#include <lua.hpp>

// Pushes luaL_where(L, 1)'s "file:line: ", but "<dir>/skynet.lua:line: "
// when the caller is one of the parts of skynet.lua kept in
// lualib/skynet/*.lua (call.lua, response.lua, ...): skynet raises these
// errors (c.send's refusals, unpack's) from C called by its skynet.lua.
void push_skynet_where(lua_State *L);
// The same for the function at `level` (error(msg, level)'s position); our
// loader_init.lua, which calls a service's main chunk, reads as loader.lua.
void push_skynet_where_at(lua_State *L, int level);
// luaL_error at push_skynet_where's position.
int skynet_where_error(lua_State *L, const char *fmt, ...);
// luaL_checkinteger, its refusal at push_skynet_where's position.
lua_Integer skynet_where_checkinteger(lua_State *L, int arg);
