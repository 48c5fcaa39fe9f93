// lua_cluster: the `skynet.cluster.core` binding: skynet's cluster wire format.
// clustersender packs requests and reads responses with it; clusteragent reads
// requests and packs responses. The bytes are skynet's (docs/wire-formats.md), so a
// skyglass node and a skynet node talk to each other.
//
// Every packet is a 2-byte big-endian length, then the body; numbers inside the
// body are 4-byte little endian. A payload of 32 KiB or more travels as a header
// packet and then parts of at most 32 KiB, each tagged with the request's session.
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include <lua.hpp>

#include "lua/bindings.h"

namespace {

constexpr uint32_t MULTI_PART = 0x8000;  // the largest part; a payload this big or bigger is split

// Request body types (the body's first byte).
enum : uint8_t {
    REQ_BY_HANDLE = 0x00,        // addr, session, payload
    REQ_MULTI_BY_HANDLE = 0x01,  // addr, session, total size; parts follow
    REQ_PART = 0x02,             // session, a part; more follow
    REQ_PART_LAST = 0x03,        // session, the last part
    REQ_TRACE = 0x04,            // a trace tag for the next request
    REQ_PUSH_MULTI_BY_HANDLE = 0x41,
    REQ_BY_NAME = 0x80,          // name length, name, session, payload
    REQ_MULTI_BY_NAME = 0x81,
    REQ_PUSH_MULTI_BY_NAME = 0xc1,
};

// Response body types (the byte after the session).
enum : uint8_t {
    RESP_ERROR = 0,
    RESP_OK = 1,
    RESP_MULTI_BEGIN = 2,  // followed by the total size
    RESP_PART = 3,
    RESP_PART_LAST = 4,
};

void put_u32(std::string &out, uint32_t v) {
    for (int i = 0; i < 4; i++) out.push_back(char((v >> (8 * i)) & 0xff));
}

uint32_t get_u32(const uint8_t *p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// A packet: the big-endian length of `body`, then `body`.
void push_packet(lua_State *L, const std::string &body) {
    std::string packet;
    packet.reserve(body.size() + 2);
    packet.push_back(char((body.size() >> 8) & 0xff));
    packet.push_back(char(body.size() & 0xff));
    packet += body;
    lua_pushlstring(L, packet.data(), packet.size());
}

// The parts of a payload of `size` bytes, as a Lua array of packets: each part is
// `more` (and the session) while bytes remain after it, `last` for the final one.
// `session_first` puts the session before the type byte (responses) or after (requests).
void push_parts(lua_State *L, const uint8_t *p, uint32_t size, uint32_t session,
                uint8_t more, uint8_t last, bool session_first, int first_index) {
    int index = first_index;
    while (size > 0 || index == first_index) {
        uint32_t n = size > MULTI_PART ? MULTI_PART : size;
        std::string body;
        if (session_first) {
            put_u32(body, session);
            body.push_back(char(size > MULTI_PART ? more : last));
        } else {
            body.push_back(char(size > MULTI_PART ? more : last));
            put_u32(body, session);
        }
        body.append(reinterpret_cast<const char *>(p), n);
        push_packet(L, body);
        lua_rawseti(L, -2, index++);
        p += n;
        size -= n;
        if (size == 0) break;
    }
}

// packrequest(addr, session, msg, sz) / packpush(...):
//   -> request packet, next session [, table of part packets]
// addr is a handle (number) or a name (string, 1..255 bytes); msg is freed here.
int pack_request(lua_State *L, bool is_push) {
    void *msg = lua_touserdata(L, 3);
    if (msg == nullptr) return luaL_error(L, "Invalid request message");
    lua_Integer sz_arg = luaL_checkinteger(L, 4);
    lua_Integer session = luaL_checkinteger(L, 2);
    if (session <= 0 || session > INT32_MAX) {
        std::free(msg);
        return luaL_error(L, "Invalid request session %d", int(session));
    }
    if (sz_arg < 0 || sz_arg > lua_Integer(UINT32_MAX)) {
        std::free(msg);
        return luaL_error(L, "Invalid request size %I", sz_arg);
    }
    uint32_t sz = uint32_t(sz_arg);
    bool multi = sz >= MULTI_PART;
    std::string body;
    if (lua_type(L, 1) == LUA_TNUMBER) {
        uint32_t addr = uint32_t(lua_tointeger(L, 1));
        if (!multi) {
            body.push_back(char(REQ_BY_HANDLE));
            put_u32(body, addr);
            put_u32(body, is_push ? 0 : uint32_t(session));
        } else {
            body.push_back(char(is_push ? REQ_PUSH_MULTI_BY_HANDLE : REQ_MULTI_BY_HANDLE));
            put_u32(body, addr);
            put_u32(body, uint32_t(session));
            put_u32(body, sz);
        }
    } else {
        size_t namelen = 0;
        const char *name = lua_tolstring(L, 1, &namelen);
        if (name == nullptr || namelen < 1 || namelen > 255) {
            std::free(msg);
            if (name == nullptr)
                return luaL_error(L, "name is not a string, it's a %s", luaL_typename(L, 1));
            return luaL_error(L, "name length is invalid, must be between 1 and 255 characters: %s", name);
        }
        body.push_back(char(multi ? (is_push ? REQ_PUSH_MULTI_BY_NAME : REQ_MULTI_BY_NAME) : REQ_BY_NAME));
        body.push_back(char(namelen));
        body.append(name, namelen);
        put_u32(body, (is_push && !multi) ? 0 : uint32_t(session));
        if (multi) put_u32(body, sz);
    }
    if (!multi) body.append(static_cast<const char *>(msg), sz);
    push_packet(L, body);
    // Sessions wrap before they would turn negative as a signed 32-bit number.
    lua_pushinteger(L, session + 1 > INT32_MAX ? 1 : session + 1);
    if (!multi) {
        std::free(msg);
        return 2;
    }
    lua_createtable(L, int((sz - 1) / MULTI_PART + 1), 0);
    push_parts(L, static_cast<const uint8_t *>(msg), sz, uint32_t(session), REQ_PART, REQ_PART_LAST, false, 1);
    std::free(msg);
    return 3;
}

int lpackrequest(lua_State *L) { return pack_request(L, false); }
int lpackpush(lua_State *L) { return pack_request(L, true); }

// packtrace(tag) -> a packet that tags the next request for tracing.
int lpacktrace(lua_State *L) {
    size_t sz;
    const char *tag = luaL_checklstring(L, 1, &sz);
    if (sz > MULTI_PART) return luaL_error(L, "trace tag is too long : %d", int(sz));
    std::string body(1, char(REQ_TRACE));
    body.append(tag, sz);
    push_packet(L, body);
    return 1;
}

// A copy of the payload in malloc'd memory, as skynet.rawcall/rawsend want it.
void push_payload(lua_State *L, const uint8_t *p, size_t sz) {
    void *copy = std::malloc(sz > 0 ? sz : 1);
    if (copy == nullptr) luaL_error(L, "cluster: out of memory");
    std::memcpy(copy, p, sz);
    lua_pushlightuserdata(L, copy);
    lua_pushinteger(L, lua_Integer(sz));
}

// unpackrequest(body) (a string, or lightuserdata + size), body without its length:
//   whole request:  addr, session, msg, sz [, nil, true (a push: no response)]
//   multi header:   addr, session, nil, total size, true (parts follow), is_push
//   a part:         false, session, msg, sz, more
//   trace tag:      tag
int lunpackrequest(lua_State *L) {
    const uint8_t *p;
    size_t sz;
    if (lua_type(L, 1) == LUA_TLIGHTUSERDATA) {
        p = static_cast<const uint8_t *>(lua_touserdata(L, 1));
        lua_Integer n = luaL_checkinteger(L, 2);
        luaL_argcheck(L, n >= 0 && (p != nullptr || n == 0), 2, "invalid message size");
        sz = size_t(n);
    } else {
        p = reinterpret_cast<const uint8_t *>(luaL_checklstring(L, 1, &sz));
    }
    if (sz == 0) return luaL_error(L, "Invalid req package. size == 0");
    uint8_t type = p[0];
    switch (type) {
    case REQ_BY_HANDLE: {
        if (sz < 9) return luaL_error(L, "Invalid cluster message (size=%d)", int(sz));
        uint32_t session = get_u32(p + 5);
        lua_pushinteger(L, get_u32(p + 1));
        lua_pushinteger(L, session);
        push_payload(L, p + 9, sz - 9);
        if (session != 0) return 4;
        lua_pushnil(L);
        lua_pushboolean(L, 1);
        return 6;
    }
    case REQ_MULTI_BY_HANDLE:
    case REQ_PUSH_MULTI_BY_HANDLE:
        if (sz != 13) return luaL_error(L, "Invalid cluster message size %d (multi req must be 13)", int(sz));
        lua_pushinteger(L, get_u32(p + 1));
        lua_pushinteger(L, get_u32(p + 5));
        lua_pushnil(L);
        lua_pushinteger(L, get_u32(p + 9));
        lua_pushboolean(L, 1);
        lua_pushboolean(L, type == REQ_PUSH_MULTI_BY_HANDLE);
        return 6;
    case REQ_PART:
    case REQ_PART_LAST:
        if (sz < 5) return luaL_error(L, "Invalid cluster multi part message");
        lua_pushboolean(L, 0);
        lua_pushinteger(L, get_u32(p + 1));
        push_payload(L, p + 5, sz - 5);
        lua_pushboolean(L, type == REQ_PART);
        return 5;
    case REQ_TRACE:
        lua_pushlstring(L, reinterpret_cast<const char *>(p + 1), sz - 1);
        return 1;
    case REQ_BY_NAME: {
        size_t namelen = sz >= 2 ? p[1] : 0;
        if (sz < 2 || sz < namelen + 6) return luaL_error(L, "Invalid cluster message (size=%d)", int(sz));
        uint32_t session = get_u32(p + 2 + namelen);
        lua_pushlstring(L, reinterpret_cast<const char *>(p + 2), namelen);
        lua_pushinteger(L, session);
        push_payload(L, p + 6 + namelen, sz - 6 - namelen);
        if (session != 0) return 4;
        lua_pushnil(L);
        lua_pushboolean(L, 1);
        return 6;
    }
    case REQ_MULTI_BY_NAME:
    case REQ_PUSH_MULTI_BY_NAME: {
        size_t namelen = sz >= 2 ? p[1] : 0;
        if (sz < 2 || sz < namelen + 10) return luaL_error(L, "Invalid cluster message (size=%d)", int(sz));
        lua_pushlstring(L, reinterpret_cast<const char *>(p + 2), namelen);
        lua_pushinteger(L, get_u32(p + 2 + namelen));
        lua_pushnil(L);
        lua_pushinteger(L, get_u32(p + 6 + namelen));
        lua_pushboolean(L, 1);
        lua_pushboolean(L, type == REQ_PUSH_MULTI_BY_NAME);
        return 6;
    }
    default:
        return luaL_error(L, "Invalid req package type %d", int(int8_t(type)));
    }
}

// packresponse(session, ok, msg [, sz]) -> a packet, or a table of packets for a
// payload over 32 KiB. msg is a string or a lightuserdata (not freed: it belongs
// to the message that carried it). An error text is cut to 32 KiB.
int lpackresponse(lua_State *L) {
    uint32_t session = uint32_t(luaL_checkinteger(L, 1));
    bool ok = lua_toboolean(L, 2);
    const uint8_t *msg;
    size_t sz;
    if (lua_type(L, 3) == LUA_TSTRING) {
        msg = reinterpret_cast<const uint8_t *>(lua_tolstring(L, 3, &sz));
    } else {
        msg = static_cast<const uint8_t *>(lua_touserdata(L, 3));
        lua_Integer n = luaL_checkinteger(L, 4);
        if (n < 0 || (msg == nullptr && n > 0)) return luaL_error(L, "Invalid response message");
        sz = size_t(n);
    }
    if (!ok && sz > MULTI_PART) sz = MULTI_PART;
    if (ok && sz > MULTI_PART) {
        if (sz > UINT32_MAX) return luaL_error(L, "response too large");
        lua_createtable(L, int((sz - 1) / MULTI_PART + 2), 0);
        std::string begin;
        put_u32(begin, session);
        begin.push_back(char(RESP_MULTI_BEGIN));
        put_u32(begin, uint32_t(sz));
        push_packet(L, begin);
        lua_rawseti(L, -2, 1);
        push_parts(L, msg, uint32_t(sz), session, RESP_PART, RESP_PART_LAST, true, 2);
        return 1;
    }
    std::string body;
    put_u32(body, session);
    body.push_back(char(ok ? RESP_OK : RESP_ERROR));
    if (sz > 0) body.append(reinterpret_cast<const char *>(msg), sz);
    push_packet(L, body);
    return 1;
}

// unpackresponse(body) -> session, ok, data [, more]   (nothing for a bad body)
//   a multi begin gives session, true, total size, true.
int lunpackresponse(lua_State *L) {
    size_t sz;
    const uint8_t *p = reinterpret_cast<const uint8_t *>(luaL_checklstring(L, 1, &sz));
    if (sz < 5) return 0;
    lua_pushinteger(L, get_u32(p));
    const char *data = reinterpret_cast<const char *>(p + 5);
    switch (p[4]) {
    case RESP_ERROR:
        lua_pushboolean(L, 0);
        lua_pushlstring(L, data, sz - 5);
        return 3;
    case RESP_OK:
    case RESP_PART_LAST:
        lua_pushboolean(L, 1);
        lua_pushlstring(L, data, sz - 5);
        return 3;
    case RESP_MULTI_BEGIN:
        if (sz != 9) return 0;
        lua_pushboolean(L, 1);
        lua_pushinteger(L, get_u32(p + 5));
        lua_pushboolean(L, 1);
        return 4;
    case RESP_PART:
        lua_pushboolean(L, 1);
        lua_pushlstring(L, data, sz - 5);
        lua_pushboolean(L, 1);
        return 4;
    default:
        return 0;
    }
}

// append(t, msg, sz): adds a part to a multi-part collection t. A nil msg adds
// sz itself (the total size, first in t); a pointer is copied into a string and freed.
int lappend(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = lua_Integer(lua_rawlen(L, 1));
    if (lua_isnil(L, 2)) {
        lua_settop(L, 3);
        lua_rawseti(L, 1, n + 1);
        return 0;
    }
    void *buffer = lua_touserdata(L, 2);
    if (buffer == nullptr) return luaL_error(L, "Need lightuserdata");
    lua_Integer sz = luaL_checkinteger(L, 3);
    luaL_argcheck(L, sz >= 0, 3, "negative size");
    lua_pushlstring(L, static_cast<const char *>(buffer), size_t(sz));
    std::free(buffer);
    lua_rawseti(L, 1, n + 1);
    return 0;
}

// concat(t) -> msg, sz: joins a collection {total, part, part...} into one
// malloc'd message; nothing if the parts do not add up to the total.
int lconcat(lua_State *L) {
    if (!lua_istable(L, 1)) return 0;
    if (lua_rawgeti(L, 1, 1) != LUA_TNUMBER) return 0;
    lua_Integer total = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (total < 0 || total > lua_Integer(UINT32_MAX)) return 0;
    char *buffer = static_cast<char *>(std::malloc(size_t(total) > 0 ? size_t(total) : 1));
    if (buffer == nullptr) return luaL_error(L, "cluster: out of memory");
    size_t offset = 0;
    for (lua_Integer i = 2; lua_rawgeti(L, 1, i) == LUA_TSTRING; i++) {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        if (offset + n > size_t(total)) {
            std::free(buffer);
            return 0;
        }
        std::memcpy(buffer + offset, s, n);
        offset += n;
        lua_pop(L, 1);
    }
    if (offset != size_t(total)) {
        std::free(buffer);
        return 0;
    }
    lua_pushlightuserdata(L, buffer);
    lua_pushinteger(L, total);
    return 2;
}

// isname(addr) -> true when addr is an "@name" (a name registered with cluster.register).
int lisname(lua_State *L) {
    const char *name = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : nullptr;
    if (name != nullptr && name[0] == '@') {
        lua_pushboolean(L, 1);
        return 1;
    }
    return 0;
}

// nodename() -> hostname followed by the pid: names this process to its peers.
int lnodename(lua_State *L) {
    char host[256];
    if (gethostname(host, sizeof host) != 0) {
        lua_pushfstring(L, "noname%d", int(getpid()));
        return 1;
    }
    host[sizeof host - 1] = '\0';
    for (char *c = host; *c; c++)
        if (*c <= ' ') *c = '_';
    lua_pushfstring(L, "%s%d", host, int(getpid()));
    return 1;
}

}  // namespace

int luaopen_skynet_cluster_core(lua_State *L) {
    const luaL_Reg functions[] = {
        {"packrequest", lpackrequest},     {"packpush", lpackpush},
        {"packtrace", lpacktrace},         {"unpackrequest", lunpackrequest},
        {"packresponse", lpackresponse},   {"unpackresponse", lunpackresponse},
        {"append", lappend},               {"concat", lconcat},
        {"isname", lisname},               {"nodename", lnodename},
        {nullptr, nullptr},
    };
    luaL_newlib(L, functions);
    return 1;
}
