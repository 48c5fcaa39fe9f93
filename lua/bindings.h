// bindings: the C++ modules that a Lua service can `require` (preloaded by snlua).
#pragma once
#include <lua.hpp>

int luaopen_skynet_core(lua_State *L);          // lua/lua_skynet.cpp
int luaopen_skynet_socketdriver(lua_State *L);  // lua/lua_socketdriver.cpp
int luaopen_skynet_netpack(lua_State *L);       // lua/lua_netpack.cpp
int luaopen_skynet_codecache(lua_State *L);     // lua/lua_codecache.cpp
// luaL_loadfilex through the shared code cache (lua/lua_codecache.cpp).
int codecache_loadfile(lua_State *L, const char *filename, const char *mode);
