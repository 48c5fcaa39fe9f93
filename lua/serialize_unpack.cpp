// serialize_unpack: bytes -> Lua values, for skynet.unpack; bad bytes become a Lua error, never a wild read.
#include "lua/serialize.h"
#include "lua/serialize_format.h"
#include "lua/skynet_where.h"

using namespace seri;

namespace {

// ---------------------------------------------------------------------------
// Unpacking. Every read is checked against the end first: the bytes may come
// from anywhere, and bad ones must become a Lua error, never a wild read.

struct Reader {
    lua_State *L;
    const uint8_t *begin;
    const uint8_t *at;
    const uint8_t *end;
};

// `where` is the start of the value that could not be read (its type byte).
// skynet's words (lua-seri.c's): how many bytes were left after that type byte,
// and the line of the decoder that gave up (ours: the caller's line here).
[[noreturn]] void malformed(Reader &r, const uint8_t *where, int line = __builtin_LINE()) {
    lua_Integer left = r.end - where - 1;
    // at skynet.lua when our part of it unpacks (a call's answer: call.lua)
    skynet_where_error(r.L, "Invalid serialize stream %I (line:%d)", left < 0 ? 0 : left, line);
    __builtin_unreachable();
}

size_t remaining(const Reader &r) {
    return size_t(r.end - r.at);
}

// n little-endian bytes of the value that starts at `value`.
uint64_t read_sized(Reader &r, int n, const uint8_t *value) {
    if (remaining(r) < size_t(n)) malformed(r, value);
    uint64_t v = load_le(r.at, n);
    r.at += n;
    return v;
}

const char *read_bytes(Reader &r, uint64_t len, const uint8_t *value) {
    if (remaining(r) < len) malformed(r, value);
    const char *s = reinterpret_cast<const char *>(r.at);
    r.at += len;
    return s;
}

// The number after a NUMBER type byte with this cookie, as an integer; false for
// a real. The byte and word forms are unsigned, dword and qword signed.
bool read_integer(Reader &r, unsigned cookie, const uint8_t *value, lua_Integer *out) {
    switch (cookie) {
    case NUMBER_ZERO: *out = 0; return true;
    case NUMBER_BYTE: *out = lua_Integer(read_sized(r, 1, value)); return true;
    case NUMBER_WORD: *out = lua_Integer(read_sized(r, 2, value)); return true;
    case NUMBER_DWORD: *out = lua_Integer(int32_t(uint32_t(read_sized(r, 4, value)))); return true;
    case NUMBER_QWORD: *out = lua_Integer(read_sized(r, 8, value)); return true;
    case NUMBER_REAL: return false;
    default: malformed(r, value);
    }
}

void unpack_value(Reader &r, int depth);

void unpack_table(Reader &r, unsigned cookie, int depth, const uint8_t *value) {
    lua_State *L = r.L;
    lua_Integer array_length = cookie;
    if (cookie == LONG_ARRAY) {  // the length follows as a NUMBER value
        if (remaining(r) < 1) malformed(r, value);
        uint8_t type = *r.at++;
        if ((type & 7) != TYPE_NUMBER || !read_integer(r, type >> 3, value, &array_length))
            malformed(r, value);
    }
    // Each element takes at least one byte, so a claimed length beyond the bytes
    // left is a lie; checking it first keeps a short input from preallocating a
    // huge table.
    if (depth > MAX_DEPTH + 1 || array_length < 0 || uint64_t(array_length) > remaining(r))
        malformed(r, value);
    // The table, a key, a value, and room for an error message.
    if (!lua_checkstack(L, 4)) luaL_error(L, "skynet.unpack: out of stack space");
    lua_createtable(L, array_length > INT_MAX ? INT_MAX : int(array_length), 0);
    int table = lua_gettop(L);

    for (lua_Integer i = 1; i <= array_length; i++) {
        unpack_value(r, depth);
        if (lua_isnil(L, -1)) lua_pop(L, 1);  // a hole
        else lua_rawseti(L, table, i);
    }
    for (;;) {
        const uint8_t *key_at = r.at;
        unpack_value(r, depth);
        if (lua_isnil(L, -1)) {  // the end of the body
            lua_pop(L, 1);
            break;
        }
        if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1)) {
            lua_Number k = lua_tonumber(L, -1);
            if (k != k) malformed(r, key_at);  // NaN cannot be a key
        }
        unpack_value(r, depth);
        if (lua_isnil(L, -1)) lua_pop(L, 2);
        else lua_rawset(L, table);
    }
}

// Like skynet, a reader is lenient where nothing is ambiguous: NIL ignores its
// cookie and any non-zero BOOLEAN cookie is true.
void unpack_value(Reader &r, int depth) {
    lua_State *L = r.L;
    const uint8_t *value = r.at;
    if (r.at == r.end) malformed(r, value);
    uint8_t type = *r.at++;
    unsigned cookie = type >> 3;
    switch (Type(type & 7)) {
    case TYPE_NIL:
        lua_pushnil(L);
        break;
    case TYPE_BOOLEAN:
        lua_pushboolean(L, cookie != 0);
        break;
    case TYPE_NUMBER: {
        lua_Integer n;
        if (read_integer(r, cookie, value, &n)) lua_pushinteger(L, n);
        else lua_pushnumber(L, std::bit_cast<double>(read_sized(r, 8, value)));
        break;
    }
    case TYPE_USERDATA:
        lua_pushlightuserdata(L, reinterpret_cast<void *>(uintptr_t(read_sized(r, 8, value))));
        break;
    case TYPE_SHORT_STRING:
        lua_pushlstring(L, read_bytes(r, cookie, value), cookie);
        break;
    case TYPE_LONG_STRING: {
        if (cookie != 2 && cookie != 4) malformed(r, value);
        uint64_t len = read_sized(r, int(cookie), value);
        lua_pushlstring(L, read_bytes(r, len, value), size_t(len));
        break;
    }
    case TYPE_TABLE:
        unpack_table(r, cookie, depth + 1, value);
        break;
    default:
        malformed(r, value);
    }
}

}  // namespace

int seri_unpack(lua_State *L, const void *data, size_t size) {
    Reader r;
    r.L = L;
    r.begin = static_cast<const uint8_t *>(data);
    r.at = r.begin;
    r.end = r.begin + size;
    int count = 0;
    while (r.at < r.end) {
        if (!lua_checkstack(L, 4)) luaL_error(L, "skynet.unpack: too many values");
        unpack_value(r, 0);
        count++;
    }
    return count;
}

int seri_lua_unpack(lua_State *L) {
    const void *data;
    size_t size;
    switch (lua_type(L, 1)) {
    case LUA_TNONE:
    case LUA_TNIL:
        return 0;  // skynet.unpack(nil): a message with no payload
    case LUA_TSTRING:
        data = lua_tolstring(L, 1, &size);
        break;
    case LUA_TLIGHTUSERDATA:
    case LUA_TUSERDATA: {
        lua_Integer n = luaL_checkinteger(L, 2);
        luaL_argcheck(L, n >= 0, 2, "negative size");
        data = lua_touserdata(L, 1);
        size = size_t(n);
        if (size == 0)
            return 0;  // as skynet's: nothing, whatever the pointer
        if (data == nullptr)
            return luaL_error(L, "deserialize null pointer");
        if (lua_type(L, 1) == LUA_TUSERDATA)
            luaL_argcheck(L, size <= lua_rawlen(L, 1), 2, "size beyond the userdata");
        break;
    }
    default:
        // skynet's reads any other value as a null pointer and wants its
        // size: unpack(12) is "bad argument #2 ... (number expected, got no
        // value)", unpack(12, 0) nothing, unpack(12, 3) a null pointer
        if (luaL_checkinteger(L, 2) == 0)
            return 0;
        return luaL_error(L, "deserialize null pointer");
    }
    return seri_unpack(L, data, size);
}

