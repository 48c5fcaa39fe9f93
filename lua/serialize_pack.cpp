// serialize_pack: Lua values -> bytes, for skynet.pack and skynet.packstring (on every send's hot path).
#include "lua/serialize.h"
#include "lua/serialize_format.h"
#include "lua/skynet_where.h"

using namespace seri;

namespace {

// ---------------------------------------------------------------------------
// Packing

// A big pack buffer's memory, owned by a Lua userdata so that the garbage
// collector frees it if packing raises half-way.
struct SpillBox {
    uint8_t *bytes;
};

const char *const SPILL_BOX_METATABLE = "skyglass.seri.spill";

int spill_box_gc(lua_State *L) {
    auto *box = static_cast<SpillBox *>(lua_touserdata(L, 1));
    std::free(box->bytes);
    box->bytes = nullptr;
    return 0;
}

// The bytes being packed. Nearly every message fits in `inline_bytes`, on the C
// stack, so packing one allocates exactly once: the buffer handed to the caller.
// A bigger one spills into malloc'd memory held by a SpillBox in a stack slot that
// was reserved before packing began (a slot, not the top, because the table walk
// needs the top for lua_next). No member has a destructor: see the file comment.
struct Writer {
    lua_State *L;
    int box_slot;       // stack index reserved for the SpillBox; nil until it spills
    SpillBox *box;      // null while the bytes are inline
    uint8_t *bytes;     // inline_bytes or box->bytes
    size_t size;
    size_t capacity;
    uint8_t inline_bytes[256];
};

void writer_init(Writer &w, lua_State *L, int box_slot) {
    w.L = L;
    w.box_slot = box_slot;
    w.box = nullptr;
    w.bytes = w.inline_bytes;
    w.size = 0;
    w.capacity = sizeof w.inline_bytes;
}

[[gnu::noinline]] void writer_grow(Writer &w, size_t need) {
    lua_State *L = w.L;
    if (need > SIZE_MAX / 4 - w.size) luaL_error(L, "skynet.pack: message too large");
    size_t capacity = w.capacity * 2;
    while (capacity < w.size + need) capacity *= 2;

    if (w.box == nullptr) {
        // The box owns no memory until it sits in its slot, so a memory error
        // raised by any of these calls leaks nothing.
        auto *box = static_cast<SpillBox *>(lua_newuserdatauv(L, sizeof(SpillBox), 0));
        box->bytes = nullptr;
        if (luaL_newmetatable(L, SPILL_BOX_METATABLE)) {
            lua_pushcfunction(L, spill_box_gc);
            lua_setfield(L, -2, "__gc");
        }
        lua_setmetatable(L, -2);
        lua_replace(L, w.box_slot);
        box->bytes = static_cast<uint8_t *>(std::malloc(capacity));
        if (box->bytes == nullptr) luaL_error(L, "skynet.pack: out of memory");
        std::memcpy(box->bytes, w.inline_bytes, w.size);
        w.box = box;
    } else {
        void *grown = std::realloc(w.box->bytes, capacity);
        if (grown == nullptr) luaL_error(L, "skynet.pack: out of memory");
        w.box->bytes = static_cast<uint8_t *>(grown);
    }
    w.bytes = w.box->bytes;
    w.capacity = capacity;
}

// Room for n more bytes; returns where they go. The caller adds n to w.size.
inline uint8_t *writer_reserve(Writer &w, size_t n) {
    if (w.capacity - w.size < n) writer_grow(w, n);
    return w.bytes + w.size;
}

inline void write_byte(Writer &w, uint8_t b) {
    writer_reserve(w, 1)[0] = b;
    w.size += 1;
}

// A type byte, then v in n little-endian bytes.
inline void write_tagged(Writer &w, uint8_t type, uint64_t v, int n) {
    uint8_t *out = writer_reserve(w, 1 + n);
    out[0] = type;
    store_le(out + 1, v, n);
    w.size += 1 + n;
}

// skynet's choice of width: 0 alone; beyond int32 eight bytes; a negative int32
// four; else the smallest unsigned width that holds it.
void write_integer(Writer &w, lua_Integer v) {
    if (v == 0) {
        write_byte(w, type_byte(TYPE_NUMBER, NUMBER_ZERO));
    } else if (v != lua_Integer(int32_t(v))) {
        write_tagged(w, type_byte(TYPE_NUMBER, NUMBER_QWORD), uint64_t(v), 8);
    } else if (v < 0) {
        write_tagged(w, type_byte(TYPE_NUMBER, NUMBER_DWORD), uint64_t(uint32_t(int32_t(v))), 4);
    } else if (v < 0x100) {
        write_tagged(w, type_byte(TYPE_NUMBER, NUMBER_BYTE), uint64_t(v), 1);
    } else if (v < 0x10000) {
        write_tagged(w, type_byte(TYPE_NUMBER, NUMBER_WORD), uint64_t(v), 2);
    } else {
        write_tagged(w, type_byte(TYPE_NUMBER, NUMBER_DWORD), uint64_t(v), 4);
    }
}

void write_float(Writer &w, lua_Number v) {
    static_assert(sizeof(lua_Number) == 8, "the format carries floats as doubles");
    write_tagged(w, type_byte(TYPE_NUMBER, NUMBER_REAL), std::bit_cast<uint64_t>(v), 8);
}

void write_pointer(Writer &w, const void *p) {
    static_assert(sizeof(void *) == 8, "skynet's format carries a pointer in its native size");
    write_tagged(w, type_byte(TYPE_USERDATA, 0), uint64_t(uintptr_t(p)), 8);
}

void write_string(Writer &w, const char *s, size_t len) {
    uint8_t *out;
    if (len < MAX_COOKIE) {
        out = writer_reserve(w, 1 + len);
        *out++ = type_byte(TYPE_SHORT_STRING, unsigned(len));
        w.size += 1 + len;
    } else {
        if (len > UINT32_MAX) luaL_error(w.L, "skynet.pack: string longer than 4 GiB");
        int n = len < 0x10000 ? 2 : 4;
        write_tagged(w, type_byte(TYPE_LONG_STRING, unsigned(n)), len, n);
        out = writer_reserve(w, len);
        w.size += len;
    }
    std::memcpy(out, s, len);
}

void write_table_header(Writer &w, lua_Unsigned array_length) {
    if (array_length < LONG_ARRAY) {
        write_byte(w, type_byte(TYPE_TABLE, unsigned(array_length)));
        return;
    }
    write_byte(w, type_byte(TYPE_TABLE, LONG_ARRAY));
    write_integer(w, lua_Integer(array_length));
}

// The tables open from an argument down to the value being packed, for the
// depth limit and cycle detection.
struct Packer {
    Writer w;
    lua_State *L;
    int depth;  // how many entries of `open` are in use
    bool quiet; // seri_pack_quietly: decline (throw Declined) instead of raising
    const void *open[MAX_DEPTH + 1];
};

// Thrown, in a quiet pack only, from our own frames (no Lua frame between the
// throw and seri_pack_quietly's catch: every Lua API call has returned).
struct Declined {};

// skynet's words (lua-seri.c's), positioned where Lua called pack (skynet.lua
// when our part of it packs: a send's or call's arguments). A cycle is
// reported as skynet reports it: it has no cycle check and fails on the depth.
[[noreturn]] void pack_error(Packer &p, const char *problem) {
    if (p.quiet) throw Declined{};
    skynet_where_error(p.L, "%s", problem);
    __builtin_unreachable();  // luaL_error does not return; older headers lack the attribute
}
constexpr const char *TOO_DEEP = "serialize can't pack too depth table";

void pack_value(Packer &p, int index);

// Packs key and value at the two stack slots from `key_slot`, as one hash field.
void pack_field(Packer &p, int key_slot) {
    pack_value(p, key_slot);
    pack_value(p, key_slot + 1);
}

// The common case: the array part, then lua_next over everything else.
void pack_table_fields(Packer &p, int index) {
    lua_State *L = p.L;
    lua_Unsigned length = lua_rawlen(L, index);
    write_table_header(p.w, length);

    for (lua_Unsigned i = 1; i <= length; i++) {
        lua_rawgeti(L, index, lua_Integer(i));
        pack_value(p, lua_gettop(L));
        lua_pop(L, 1);
    }

    // lua_next walks the array part again; skipping it costs less than a second
    // traversal scheme would, since Lua gives no way to start in the hash part.
    lua_pushnil(L);
    int key_slot = lua_gettop(L);
    while (lua_next(L, index) != 0) {
        if (lua_isinteger(L, key_slot)) {
            lua_Integer k = lua_tointeger(L, key_slot);
            if (k >= 1 && lua_Unsigned(k) <= length) {
                lua_pop(L, 1);
                continue;
            }
        }
        pack_field(p, key_slot);
        lua_pop(L, 1);
    }
    write_byte(p.w, type_byte(TYPE_NIL, 0));
}

// A table with a __pairs metamethod (a proxy, say) is packed as what __pairs
// yields, as skynet does. Its metamethod is on the stack top on entry.
void pack_table_pairs(Packer &p, int index) {
    lua_State *L = p.L;
    lua_pushvalue(L, index);
    lua_call(L, 1, 3);  // next, state, control
    int iterator = lua_gettop(L) - 2;
    write_table_header(p.w, 0);
    for (;;) {
        lua_pushvalue(L, iterator);
        lua_pushvalue(L, iterator + 1);
        lua_pushvalue(L, iterator + 2);
        lua_call(L, 2, 2);
        int key_slot = lua_gettop(L) - 1;
        if (lua_isnil(L, key_slot)) {
            lua_pop(L, 2);
            break;
        }
        pack_field(p, key_slot);
        lua_pop(L, 1);
        lua_replace(L, iterator + 2);  // the key is the next control value
    }
    lua_pop(L, 3);
    write_byte(p.w, type_byte(TYPE_NIL, 0));
}

void pack_table(Packer &p, int index) {
    lua_State *L = p.L;
    const void *self = lua_topointer(L, index);
    // Linear scan of the path: it is rarely more than a few tables deep.
    for (int d = 0; d < p.depth; d++)
        if (p.open[d] == self) pack_error(p, TOO_DEEP);
    luaL_checkstack(L, 8, "skynet.pack: nested tables");

    p.open[p.depth++] = self;
    if (luaL_getmetafield(L, index, "__pairs") != LUA_TNIL) {
        // Lua code of the program's would run (and may raise) inside the
        // quiet pack's C call: declined, the caller packs it the usual way
        if (p.quiet) throw Declined{};
        pack_table_pairs(p, index);
    }
    else pack_table_fields(p, index);
    p.depth--;
}

void pack_value(Packer &p, int index) {
    lua_State *L = p.L;
    // skynet's limit: a value inside more than MAX_DEPTH open tables (so an empty
    // 33rd table is fine, a 33rd table holding anything is not).
    if (p.depth > MAX_DEPTH) pack_error(p, TOO_DEEP);
    switch (lua_type(L, index)) {
    case LUA_TNIL:
        write_byte(p.w, type_byte(TYPE_NIL, 0));
        break;
    case LUA_TBOOLEAN:
        write_byte(p.w, type_byte(TYPE_BOOLEAN, lua_toboolean(L, index) ? 1 : 0));
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, index)) write_integer(p.w, lua_tointeger(L, index));
        else write_float(p.w, lua_tonumber(L, index));
        break;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, index, &len);
        write_string(p.w, s, len);
        break;
    }
    case LUA_TTABLE:
        pack_table(p, index);
        break;
    case LUA_TLIGHTUSERDATA:
        write_pointer(p.w, lua_touserdata(L, index));
        break;
    default:  // function, thread
        pack_error(p, lua_pushfstring(L, "Unsupport type %s to serialize", luaL_typename(L, index)));
    }
}

// Packs stack[from..top] into p.w and returns the old top, which the caller
// restores once it has taken the bytes out. One slot above the old top is
// reserved for the Writer's SpillBox.
int pack_arguments(Packer &p, lua_State *L, int from, bool quiet = false) {
    from = lua_absindex(L, from);
    int top = lua_gettop(L);
    luaL_checkstack(L, 8, "skynet.pack");
    lua_pushnil(L);
    writer_init(p.w, L, top + 1);
    p.L = L;
    p.depth = 0;
    p.quiet = quiet;
    for (int i = from; i <= top; i++) pack_value(p, i);
    return top;
}

}  // namespace

// ---------------------------------------------------------------------------
// The exported functions

void *seri_pack(lua_State *L, int from, size_t *size) {
    Packer p;  // left uninitialised on purpose: pack_arguments sets what is read
    int top = pack_arguments(p, L, from);
    Writer &w = p.w;
    uint8_t *out;
    if (w.box != nullptr) {
        out = w.box->bytes;  // ownership passes to the caller
        w.box->bytes = nullptr;
    } else {
        out = static_cast<uint8_t *>(std::malloc(w.size > 0 ? w.size : 1));
        if (out == nullptr) luaL_error(L, "skynet.pack: out of memory");
        std::memcpy(out, w.bytes, w.size);
    }
    *size = w.size;
    lua_settop(L, top);
    return out;
}

bool seri_pack_quietly(lua_State *L, int from, int (*use)(const void *bytes, size_t size, void *ud), void *ud,
    int *result) {
    Packer p;  // as in seri_pack
    p.w.box = nullptr;
    int top = lua_gettop(L);
    bool packed = true;
    try {
        top = pack_arguments(p, L, from, true);
        *result = use(p.w.bytes, p.w.size, ud);
    } catch (const Declined &) {
        packed = false;
    }
    if (p.w.box != nullptr) {  // a spilled buffer: free it now, as packstring does
        std::free(p.w.box->bytes);
        p.w.box->bytes = nullptr;
    }
    lua_settop(L, top);
    return packed;
}

int seri_lua_pack(lua_State *L) {
    size_t size;
    void *data = seri_pack(L, 1, &size);
    lua_pushlightuserdata(L, data);
    lua_pushinteger(L, lua_Integer(size));
    return 2;
}

int seri_lua_packstring(lua_State *L) {
    Packer p;
    int top = pack_arguments(p, L, 1);
    Writer &w = p.w;
    lua_pushlstring(L, reinterpret_cast<const char *>(w.bytes), w.size);
    if (w.box != nullptr) {  // free now: the collector cannot see how big it is
        std::free(w.box->bytes);
        w.box->bytes = nullptr;
    }
    lua_replace(L, top + 1);  // the string takes the box's slot
    lua_settop(L, top + 1);
    return 1;
}
