// bson_format: the BSON wire format (bsonspec.org) as skynet's `bson` module speaks it,
// shared by the encoder (bson_encode.cpp), the decoder (bson_decode.cpp) and the
// module itself (lua_bson.cpp).
//
// A BSON document is: int32 total length, then elements, then a 0 byte. An element
// is: one type byte, the key as a NUL-terminated string, then the value. Every
// number on the wire is little-endian.
//
// Lua has no types for an ObjectId, a date or the BSON null, so skynet carries them
// as *tagged strings*: a 0 byte, the BSON type byte, then the payload. A tagged
// string never collides with text a user wrote (a Lua string that starts with a 0
// byte and is longer than one byte is taken as tagged). The payloads:
//   objectid   12 raw bytes                 date       uint32 seconds
//   timestamp  uint32 increment, uint32 seconds
//   binary     subtype byte, then the data  int64      int64
//   regex      pattern, 0, options, 0       null/minkey/maxkey   nothing
//   javascript, symbol, dbpointer, code-with-scope: the raw wire bytes
// (skynet writes the integers in the machine's order; skyglass writes them
// little-endian, the same bytes on the x86 and ARM machines skynet runs on.)
#pragma once

#include <cstddef>
#include <cstdint>

#include <lua.hpp>

namespace bson {

enum Type : uint8_t {
	REAL = 1,
	STRING = 2,
	DOCUMENT = 3,
	ARRAY = 4,
	BINARY = 5,
	UNDEFINED = 6,  // deprecated in the spec; skynet neither writes nor reads it
	OBJECTID = 7,
	BOOLEAN = 8,
	DATE = 9,
	NULLVALUE = 10,
	REGEX = 11,
	DBPOINTER = 12,
	JSCODE = 13,
	SYMBOL = 14,
	CODEWS = 15,
	INT32 = 16,
	TIMESTAMP = 17,
	INT64 = 18,
	MAXKEY = 127,
	MINKEY = 255,
};

// Tables nested deeper than this are refused while encoding (skynet's limit: it
// also stops a table that contains itself), and documents nested deeper while
// decoding (skyglass: untrusted bytes must not recurse without bound).
constexpr int MAX_DEPTH = 128;

// The metatable name of an encoded document (a full userdata holding the bytes).
constexpr const char *META = "bson";

inline uint32_t get_u32(const uint8_t *p)
{
	return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

inline uint64_t get_u64(const uint8_t *p)
{
	return uint64_t(get_u32(p)) | uint64_t(get_u32(p + 4)) << 32;
}

inline void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = uint8_t(v >> (8 * i));
}

inline void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = uint8_t(v >> (8 * i));
}

// Pushes a tagged string: 0, type, then the payload.
void push_tagged(lua_State *L, Type type, const void *payload, size_t size);

// Wraps the top of the stack (a full userdata holding a document) in the `bson`
// metatable: decode, makeindex, tostring, # and field replacement.
void set_document_meta(lua_State *L);

// The Lua functions of the module (lua_bson.cpp registers them).
int lencode(lua_State *L);        // bson.encode(table) -> document
int lencode_order(lua_State *L);  // bson.encode_order(k1, v1, k2, v2, ...) -> document
int ldecode(lua_State *L);        // bson.decode(document) -> table
int lmakeindex(lua_State *L);     // document:makeindex() -> document
int lreplace(lua_State *L);       // document.key = value (after makeindex)

}  // namespace bson
