// bindings: the C++ modules that a Lua service can `require` (preloaded by snlua).
#pragma once
#include <lua.hpp>

#include <string>

// The message handler of every pcall the runtime makes: the error with a
// stack traceback (lua/lua_skynet.cpp).
int skyglass_traceback(lua_State *L);

int luaopen_skynet_core(lua_State *L);          // lua/lua_skynet.cpp
int luaopen_skynet_socketdriver(lua_State *L);  // lua/lua_socketdriver.cpp
int luaopen_skynet_netpack(lua_State *L);       // lua/lua_netpack.cpp
int luaopen_skynet_crypt(lua_State *L);         // lua/lua_crypt.cpp
int luaopen_ltls_c(lua_State *L);               // lua/lua_ltls.cpp (http.tlshelper)
int luaopen_skyglass_prototrace(lua_State *L);  // lua/lua_prototrace.cpp
int luaopen_skynet_multicast_core(lua_State *L); // lua/lua_multicast.cpp
int luaopen_skynet_sharedata_core(lua_State *L); // lua/lua_sharedata.cpp
int luaopen_sproto_core(lua_State *L);          // lua/lua_sproto.cpp
int luaopen_skynet_cluster_core(lua_State *L);  // lua/lua_cluster.cpp
extern "C" int luaopen_lpeg(lua_State *L);     // Debian's lua-lpeg, linked in when found
int luaopen_skynet_codecache(lua_State *L);     // lua/lua_codecache.cpp
int luaopen_bson(lua_State *L);                 // lua/lua_bson.cpp
int luaopen_skynet_stm(lua_State *L);           // lua/lua_stm.cpp
int luaopen_skynet_datasheet_core(lua_State *L); // lua/lua_datasheet.cpp
int luaopen_skynet_memory(lua_State *L);        // lua/lua_memory.cpp
int luaopen_md5_core(lua_State *L);             // lua/lua_md5.cpp
int luaopen_skynet_mongo_driver(lua_State *L);  // lua/lua_mongo_driver.cpp
// luaL_loadfilex through the shared code cache (lua/lua_codecache.cpp).
int codecache_loadfile(lua_State *L, const char *filename, const char *mode);
// package.searchers[2] (Lua files along package.path) through the same cache.
int codecache_searcher(lua_State *L);
// Where `name` was found along `path` before (false: not known, or this
// state's cache mode is OFF), and remembering it (mode ON only).
bool codecache_find(lua_State *L, const std::string &path, const std::string &name, std::string &file);
void codecache_found(lua_State *L, const std::string &path, const std::string &name, const std::string &file);
