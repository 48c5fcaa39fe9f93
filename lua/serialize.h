// serialize: turns Lua values into bytes and back; it backs skynet.pack,
// skynet.unpack and skynet.packstring, so every PTYPE_LUA message passes here twice.
// The byte format is described in serialize_format.h. Nothing here knows
// about services or messages: it needs only a lua_State.
#pragma once

#include <cstddef>

#include <lua.hpp>

// Packs the values at stack indices `from`..top into one buffer from malloc();
// the caller owns it and frees it with free(). The stack is left as it was.
// An unsupported value (function, userdata, thread, a cyclic or too deeply nested
// table) raises a Lua error that names the argument and the key path, e.g.
// "skynet.pack: cannot pack a function (argument 2, key 'on_done')".
// It may raise, so call it from a C function that Lua called, or under lua_pcall.
void *seri_pack(lua_State *L, int from, size_t *size);

// Packs the values at `from`..top as seri_pack does, but hands the bytes to
// use(bytes, size, ud) while they are valid instead of copying them out (up
// to 256 bytes they are on the C stack: nothing is allocated here), and sets
// *result to what `use` returns. Quiet: where seri_pack would raise (a value
// it refuses) or run Lua code (a table's __pairs), it returns false having
// called nothing, so the caller can pack the usual way and raise there. The
// stack is left as it was either way; only running out of memory raises.
bool seri_pack_quietly(lua_State *L, int from, int (*use)(const void *bytes, size_t size, void *ud), void *ud,
    int *result);

// Pushes the values encoded in data[0..size) and returns how many it pushed.
// Bad bytes raise "skynet.unpack: malformed data at byte N"; they never crash.
int seri_unpack(lua_State *L, const void *data, size_t size);

// The Lua-facing functions, registered by skynet.core:
//   skynet.pack(...)              -> lightuserdata, size   (malloc'd, like skynet)
//   skynet.unpack(msg, size)      -> ...   (msg is a lightuserdata, or a string
//                                            and then size is not needed)
//   skynet.packstring(...)        -> string
// unpack does not free a lightuserdata: the message owner does (skynet.trash).
int seri_lua_pack(lua_State *L);
int seri_lua_unpack(lua_State *L);
int seri_lua_packstring(lua_State *L);
