// serialize_unpack: bytes -> Lua values, for skynet.unpack; bad bytes become a Lua error, never a wild read.
#include "lua/serialize.h"
#include "lua/serialize_format.h"

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

// `where` is the start of the value that could not be read, so that the
// offset points a reader of a hex dump at its type byte. lua_error rather than
// luaL_error: the message is about the bytes, so it carries no Lua source position.
[[noreturn]] void malformed(Reader &r, const uint8_t *where) {
    lua_pushfstring(r.L, "skynet.unpack: malformed data at byte %I", lua_Integer(where - r.begin));
    lua_error(r.L);
    __builtin_unreachable();
}

size_t remaining(const Reader &r) {
    return size_t(r.end - r.at);
}

// n little-endian bytes of the value that starts at `value`, for n in 1, 2, 4, 8.
uint64_t read_sized(Reader &r, unsigned n, const uint8_t *value) {
    if ((n != 1 && n != 2 && n != 4 && n != 8) || remaining(r) < n) malformed(r, value);
    uint64_t v = load_le(r.at, int(n));
    r.at += n;
    return v;
}

const char *read_bytes(Reader &r, uint64_t len, const uint8_t *value) {
    if (remaining(r) < len) malformed(r, value);
    const char *s = reinterpret_cast<const char *>(r.at);
    r.at += len;
    return s;
}

void unpack_value(Reader &r, int depth);

void unpack_table(Reader &r, uint64_t array_length, int depth, const uint8_t *value) {
    lua_State *L = r.L;
    // Each element takes at least one byte, so a claimed length beyond the bytes
    // left is a lie; checking it first keeps a short input from preallocating a
    // huge table.
    if (depth > MAX_DEPTH || array_length > remaining(r)) malformed(r, value);
    // The table, a key, a value, and room for an error message.
    if (!lua_checkstack(L, 4)) luaL_error(L, "skynet.unpack: out of stack space");
    lua_createtable(L, array_length > INT_MAX ? INT_MAX : int(array_length), 0);
    int table = lua_gettop(L);

    for (uint64_t i = 1; i <= array_length; i++) {
        unpack_value(r, depth);
        if (lua_isnil(L, -1)) lua_pop(L, 1);  // a hole
        else lua_rawseti(L, table, lua_Integer(i));
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

void unpack_value(Reader &r, int depth) {
    lua_State *L = r.L;
    const uint8_t *value = r.at;
    if (r.at == r.end) malformed(r, value);
    uint8_t type = *r.at++;
    unsigned payload = type & 31;
    switch (Kind(type >> 5)) {
    case KIND_ATOM:
        switch (payload) {
        case ATOM_NIL: lua_pushnil(L); break;
        case ATOM_FALSE: lua_pushboolean(L, 0); break;
        case ATOM_TRUE: lua_pushboolean(L, 1); break;
        case ATOM_FLOAT: lua_pushnumber(L, std::bit_cast<double>(read_sized(r, 8, value))); break;
        case ATOM_POINTER:
            lua_pushlightuserdata(L, reinterpret_cast<void *>(uintptr_t(read_sized(r, 8, value))));
            break;
        default: malformed(r, value);
        }
        break;
    case KIND_SMALL_INT:
        lua_pushinteger(L, lua_Integer(payload));
        break;
    case KIND_INT: {
        uint64_t bits = read_sized(r, payload, value);
        int unused = 64 - 8 * int(payload);  // sign-extend from n bytes
        lua_pushinteger(L, lua_Integer(int64_t(bits << unused) >> unused));
        break;
    }
    case KIND_SHORT_STRING:
        lua_pushlstring(L, read_bytes(r, payload, value), payload);
        break;
    case KIND_STRING: {
        uint64_t len = read_sized(r, payload, value);
        lua_pushlstring(L, read_bytes(r, len, value), size_t(len));
        break;
    }
    case KIND_SHORT_TABLE:
        unpack_table(r, payload, depth + 1, value);
        break;
    case KIND_TABLE:
        unpack_table(r, read_sized(r, payload, value), depth + 1, value);
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
        luaL_argcheck(L, data != nullptr || size == 0, 1, "null pointer with a non-zero size");
        if (lua_type(L, 1) == LUA_TUSERDATA)
            luaL_argcheck(L, size <= lua_rawlen(L, 1), 2, "size beyond the userdata");
        break;
    }
    default:
        return luaL_typeerror(L, 1, "lightuserdata or string");
    }
    return seri_unpack(L, data, size);
}

