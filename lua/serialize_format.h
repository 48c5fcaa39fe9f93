// serialize_format: the byte format shared by packing and unpacking (skynet.pack's messages).
// Every skynet.call and skynet.send with the "lua" protocol packs its arguments here
// and the receiver unpacks them, so packing is on the hot path of every message.
//
// The byte format
// ---------------
// A packed message is its values one after another, with no header and no count:
// the buffer's size says where it ends. Every value starts with a type byte whose
// high 3 bits are its kind and low 5 bits a payload that, for small values, is the
// whole value. Multi-byte numbers are little endian.
//
//   kind             payload (low 5 bits)          followed by
//   0 ATOM           0 nil, 1 false, 2 true        -
//                    3 float                       8-byte IEEE-754 double
//                    4 pointer (light userdata)    8-byte address
//   1 SMALL_INT      the integer itself, 0..31     -
//   2 INT            n = 1, 2, 4 or 8              n-byte two's complement integer
//   3 SHORT_STRING   the length, 0..31             the bytes
//   4 STRING         n = 1, 2, 4 or 8              n-byte length, then the bytes
//   5 SHORT_TABLE    the array length, 0..31       a table body
//   6 TABLE          n = 1, 2, 4 or 8              n-byte array length, then a body
//   7 (unused: a reader calls it malformed)
//
// A table body is the array part t[1]..t[len] in order, len being the raw #t (a
// hole below len is written as nil), then every other field as a key and a value, ended by a nil where a key would
// stand. Nil is never a key, so the end cannot be mistaken. Integers and lengths
// always use the smallest n that holds them.
//
// So (1, "hello", {x = 1}) packs to 12 bytes:
//   21 | 65 68 65 6c 6c 6f | a0 61 78 21 00
//   1    "hello"             {  "x"   1  end
//
// skynet's twin is lualib-src/lua-seri.c. This is not its byte layout (skynet's is
// equally private): the bytes only travel between skyglass services, so only this
// file reads them.
//
// What is refused: functions, full userdata, threads, a table that contains itself
// (a table met twice on different branches is fine: it is packed twice), and tables
// nested more than MAX_DEPTH deep. Metatables are not packed; as in skynet, a table
// whose metatable has __pairs is packed by iterating __pairs (all fields then go to
// the hash part).
//
// Lua errors unwind with longjmp, which skips C++ destructors. So nothing on the
// C stack here owns memory: big pack buffers live in a Lua userdata (see Writer).
#pragma once

#include <bit>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <lua.hpp>

namespace seri {


enum Kind : unsigned {
    KIND_ATOM = 0,
    KIND_SMALL_INT = 1,
    KIND_INT = 2,
    KIND_SHORT_STRING = 3,
    KIND_STRING = 4,
    KIND_SHORT_TABLE = 5,
    KIND_TABLE = 6,
};

enum Atom : unsigned {
    ATOM_NIL = 0,
    ATOM_FALSE = 1,
    ATOM_TRUE = 2,
    ATOM_FLOAT = 3,
    ATOM_POINTER = 4,
};

constexpr unsigned SHORT_LIMIT = 32;  // payloads 0..31 fit in the type byte
constexpr int MAX_DEPTH = 64;         // tables open at once, in pack and in unpack

constexpr uint8_t type_byte(Kind kind, unsigned payload) {
    return uint8_t(kind << 5 | payload);
}

// How many bytes (1, 2, 4 or 8) an unsigned length or count needs.
inline int width_of(uint64_t v) {
    if (v <= UINT8_MAX) return 1;
    if (v <= UINT16_MAX) return 2;
    if (v <= UINT32_MAX) return 4;
    return 8;
}

// Little endian on the wire. On a little-endian host (every host skyglass runs on
// today) these are plain copies; the loops keep big-endian hosts correct.
inline void store_le(uint8_t *out, uint64_t v, int n) {
    if constexpr (std::endian::native == std::endian::little) {
        switch (n) {  // constant sizes let the compiler emit one move
        case 1: *out = uint8_t(v); break;
        case 2: std::memcpy(out, &v, 2); break;
        case 4: std::memcpy(out, &v, 4); break;
        default: std::memcpy(out, &v, 8); break;
        }
    } else {
        for (int i = 0; i < n; i++) out[i] = uint8_t(v >> (8 * i));
    }
}

inline uint64_t load_le(const uint8_t *in, int n) {
    uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
        switch (n) {
        case 1: v = *in; break;
        case 2: std::memcpy(&v, in, 2); break;
        case 4: std::memcpy(&v, in, 4); break;
        default: std::memcpy(&v, in, 8); break;
        }
    } else {
        for (int i = 0; i < n; i++) v |= uint64_t(in[i]) << (8 * i);
    }
    return v;
}

}  // namespace seri
