// serialize_format: the byte format shared by packing and unpacking (skynet.pack's messages).
// Every skynet.call and skynet.send with the "lua" protocol packs its arguments here
// and the receiver unpacks them, so packing is on the hot path of every message.
//
// The byte format (skynet's, byte for byte; docs/wire-formats.md walks through it)
// ----------------------------------------------------------------------------
// A packed message is its values one after another, with no header and no count:
// the buffer's size says where it ends. These bytes cross the network in a
// cluster, so they are exactly what skynet's lua-seri.c writes: a skyglass node
// and a skynet node read each other's messages.
//
// Every value starts with a type byte: the low 3 bits are the type, the high 5
// bits a "cookie" that refines it (type | cookie << 3). Numbers are little endian.
//
//   type        cookie                      followed by                 byte
//   0 NIL       0                           -                           00
//   1 BOOLEAN   0 false, 1 true             -                           01 / 09
//   2 NUMBER    0 the integer 0             -                           02
//               1 byte                      1 unsigned byte (1..255)    0a
//               2 word                      2 unsigned bytes (..65535)  12
//               4 dword                     4 signed bytes              22
//               6 qword                     8 signed bytes              32
//               8 real                      8-byte IEEE-754 double      42
//   3 USERDATA  0 (a light userdata)        8-byte pointer              03
//   4 SHORT_STR the length, 0..31           the bytes                   20..f8
//   5 LONG_STR  2 or 4                      2- or 4-byte length, bytes  15 / 25
//   6 TABLE     array length 0..30, or 31   (31: the length as a NUMBER 06..fe
//                                            value), then the body
//
// Integers: 0 is one byte; a value outside int32 is a qword; a negative int32 is
// a dword; otherwise the smallest of byte, word, dword that holds it.
// A table body is the array part t[1]..t[n] in order (n the raw #t; a hole below
// n is a NIL), then every other field as a key and a value, ended by a NIL where
// a key would stand. Nil is never a key, so the end cannot be mistaken.
//
// So (1, "hello", {x = 1}) packs to 14 bytes:
//   0a 01 | 2c 68 65 6c 6c 6f | 06 0c 78 0a 01 00
//   1       "hello"             {  "x" 1     end
//
// skynet's twin is lualib-src/lua-seri.c.
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


enum Type : unsigned {
    TYPE_NIL = 0,
    TYPE_BOOLEAN = 1,
    TYPE_NUMBER = 2,
    TYPE_USERDATA = 3,
    TYPE_SHORT_STRING = 4,
    TYPE_LONG_STRING = 5,
    TYPE_TABLE = 6,
};

// The cookies of TYPE_NUMBER: how the number follows.
enum NumberCookie : unsigned {
    NUMBER_ZERO = 0,
    NUMBER_BYTE = 1,
    NUMBER_WORD = 2,
    NUMBER_DWORD = 4,
    NUMBER_QWORD = 6,
    NUMBER_REAL = 8,
};

constexpr unsigned MAX_COOKIE = 32;  // cookies are 5 bits: 0..31
// A table's array length from 31 up is written as a NUMBER after the type byte.
constexpr unsigned LONG_ARRAY = MAX_COOKIE - 1;
// skynet refuses to pack a value inside more than 32 open tables, so a message
// holds at most 33 nested tables (the 33rd empty); unpack accepts no deeper.
constexpr int MAX_DEPTH = 32;

constexpr uint8_t type_byte(Type type, unsigned cookie) {
    return uint8_t(type | cookie << 3);
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
