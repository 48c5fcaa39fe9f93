// bindings: the C++ modules that a Lua service can `require` (preloaded by snlua).
#pragma once
#include <lua.hpp>

#include <cstddef>
#include <string>
#include <string_view>

// The message handler of every pcall the runtime makes: the error with a
// stack traceback (lua/lua_skynet.cpp).
int skyglass_traceback(lua_State *L);
// Lua's luaL_traceback, worded as skynet's Lua (5.5) words it; and that
// wording's debug.traceback and assert put into a service's state
// (lua/lua_wording.cpp).
void skyglass_traceback_of(lua_State *L, lua_State *L1, const char *msg, int level);
void skyglass_install_wording(lua_State *L);
// The standard library as skynet's Lua 5.5 has it: table.create, 5.5's
// table.remove, utf8.offset, pairs and collectgarbage, no 5.3 leftovers
// (lua/lua_stdlib55.cpp).
void skyglass_install_stdlib55(lua_State *L);
// Whether floats Lua converts to text get 5.5's digits (lua/float_digits.cpp).
bool skyglass_float_digits();
// Whether the value at idx is "<no error object>", which our error() raises
// for a nil error object where 5.5 raises nil and names it so later.
bool is_no_error_object(lua_State *L, int idx);
// luaL_tolstring, but a float in 5.5's digits (lua/lua_wording.cpp).
const char *skyglass_tolstring(lua_State *L, int idx, size_t *len);

struct skynet_context;
struct skynet_socket_message;
// A C function put in front of a service's Lua dispatch of PTYPE_SOCKET
// messages, on the worker, before any Lua runs (the gate's forward, lua/
// netpack_forward.cpp). It returns true when it took the message whole (and
// its buffer); false sends the message on to Lua as usual. It runs for the
// messages the Lua batch loop takes too (next_message), so none slips past.
using socket_hook = bool (*)(void *ud, skynet_context *ctx, skynet_socket_message *m, size_t sz);
// Installs (or, with a null hook, removes) this Lua state's socket hook
// (lua/lua_skynet.cpp). Raises when skynet.core is not loaded.
void skyglass_socket_hook(lua_State *L, socket_hook hook, void *ud);

int luaopen_skynet_core(lua_State *L);          // lua/lua_skynet.cpp
int luaopen_skynet_socketdriver(lua_State *L);  // lua/lua_socketdriver.cpp
int luaopen_skynet_netpack(lua_State *L);       // lua/lua_netpack.cpp
int luaopen_skynet_crypt(lua_State *L);         // lua/lua_crypt.cpp
int luaopen_ltls_c(lua_State *L);               // lua/lua_ltls.cpp (http.tlshelper)
int luaopen_ltls_init_c(lua_State *L);          // lua/lua_ltls.cpp (enablessl)
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
bool codecache_find(lua_State *L, std::string_view path, std::string_view name, std::string &file);
void codecache_found(lua_State *L, std::string_view path, std::string_view name, const std::string &file);
