// bindings: the C++ modules that a Lua service can `require` (preloaded by snlua).
#pragma once
#include <lua.hpp>

// The message handler of every pcall the runtime makes: the error with a
// stack traceback (lua/lua_skynet.cpp).
int skyglass_traceback(lua_State *L);

int luaopen_skynet_core(lua_State *L);          // lua/lua_skynet.cpp
int luaopen_skynet_socketdriver(lua_State *L);  // lua/lua_socketdriver.cpp
int luaopen_skynet_netpack(lua_State *L);       // lua/lua_netpack.cpp
