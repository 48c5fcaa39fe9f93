// bson_decode: BSON documents to Lua tables (bson.decode), and the in-place field
// replacement of an encoded document (makeindex, then doc.key = value): the
// decoding half of lua-bson.c's twin.
// Every read is checked against what is left of its enclosing document, so bad
// bytes (a truncated document, a length that lies) raise a Lua error, never read
// past the buffer. skynet's error texts are kept; "Invalid bson block (a:b)"
// means that b bytes were needed where only a were left.
#include <cstdlib>
#include <cstring>

#include "lua/bson_format.h"

namespace bson {
namespace {

struct Reader {
	lua_State *L;
	const uint8_t *p;
	size_t size;  // bytes left

	void need(int64_t n)
	{
		if (n < 0 || uint64_t(n) > size)
			luaL_error(L, "Invalid bson block (%d:%d)", int(size), int(n));
	}
	const uint8_t *bytes(int64_t n)
	{
		need(n);
		const uint8_t *r = p;
		p += n;
		size -= size_t(n);
		return r;
	}
	uint8_t byte() { return *bytes(1); }
	int32_t i32() { return int32_t(get_u32(bytes(4))); }
	int64_t i64() { return int64_t(get_u64(bytes(8))); }
	const char *cstring(size_t *len)
	{
		const void *end = memchr(p, 0, size);
		if (!end)
			luaL_error(L, "Invalid bson block : cstring");
		*len = size_t(static_cast<const uint8_t *>(end) - p);
		return reinterpret_cast<const char *>(bytes(int64_t(*len) + 1));
	}
};

void read_document(Reader &r, bool array, int depth);

// Pushes one element's value of type `type`.
void read_value(Reader &t, int type, int depth)
{
	lua_State *L = t.L;
	switch (type) {
	case REAL: {
		uint64_t bits = uint64_t(t.i64());
		double d;
		memcpy(&d, &bits, 8);
		lua_pushnumber(L, d);
		return;
	}
	case BOOLEAN:
		lua_pushboolean(L, t.byte());
		return;
	case STRING: {
		int32_t sz = t.i32();
		if (sz <= 0)
			luaL_error(L, "Invalid bson string , length = %d", int(sz));
		lua_pushlstring(L, reinterpret_cast<const char *>(t.bytes(sz)), size_t(sz) - 1);
		return;
	}
	case DOCUMENT:
	case ARRAY:
		read_document(t, type == ARRAY, depth + 1);
		return;
	case BINARY: {
		int32_t sz = t.i32();
		if (sz < 0)
			luaL_error(L, "Invalid bson binary , length = %d", int(sz));
		const uint8_t *sub_and_data = t.bytes(int64_t(sz) + 1);  // subtype byte, then the data
		push_tagged(L, BINARY, sub_and_data, size_t(sz) + 1);
		return;
	}
	case OBJECTID:
		push_tagged(L, OBJECTID, t.bytes(12), 12);
		return;
	case DATE: {  // milliseconds on the wire, seconds in Lua (skynet's choice)
		uint8_t seconds[4];
		put_u32(seconds, uint32_t(t.i64() / 1000));
		push_tagged(L, DATE, seconds, 4);
		return;
	}
	case MINKEY:
	case MAXKEY:
	case NULLVALUE:
		push_tagged(L, Type(type), nullptr, 0);
		return;
	case REGEX: {
		size_t plen, olen;
		const char *pattern = t.cstring(&plen);
		t.cstring(&olen);
		push_tagged(L, REGEX, pattern, plen + olen + 2);  // pattern, 0, options, 0
		return;
	}
	case INT32:
		lua_pushinteger(L, t.i32());
		return;
	case INT64:
		lua_pushinteger(L, t.i64());
		return;
	case TIMESTAMP:
		push_tagged(L, TIMESTAMP, t.bytes(8), 8);
		return;
	case DBPOINTER: {  // string (length, bytes) then a 12-byte id, kept raw
		const uint8_t *start = t.p;
		int32_t sz = t.i32();
		t.bytes(int64_t(sz) + 12);
		push_tagged(L, DBPOINTER, start, size_t(t.p - start));
		return;
	}
	case JSCODE:
	case SYMBOL: {  // a string (length, bytes), kept raw
		const uint8_t *start = t.p;
		int32_t sz = t.i32();
		t.bytes(sz);
		push_tagged(L, Type(type), start, size_t(t.p - start));
		return;
	}
	case CODEWS: {  // its length counts itself, kept raw
		const uint8_t *start = t.p;
		int32_t sz = t.i32();
		t.bytes(int64_t(sz) - 4);
		push_tagged(L, CODEWS, start, size_t(t.p - start));
		return;
	}
	default:
		luaL_error(L, "Invalid bson type : %d", type);
	}
}

// Reads one document (or array) from r and pushes it as a table. An array's
// keys "0", "1", ... become the integers 1, 2, ...
void read_document(Reader &r, bool array, int depth)
{
	lua_State *L = r.L;
	if (depth > MAX_DEPTH)
		luaL_error(L, "Too depth while decoding bson");
	luaL_checkstack(L, 16, nullptr);
	int32_t sz = r.i32();
	if (sz < 5)
		luaL_error(L, "Invalid bson document , length = %d", int(sz));
	Reader t{L, r.bytes(int64_t(sz) - 5), size_t(sz) - 5};
	if (r.byte() != 0)
		luaL_error(L, "Invalid document end");
	lua_newtable(L);
	while (t.size > 0) {
		int type = t.byte();
		size_t klen;
		const char *key = t.cstring(&klen);
		if (array)
			lua_pushinteger(L, lua_Integer(strtoll(key, nullptr, 10)) + 1);
		else
			lua_pushlstring(L, key, klen);
		read_value(t, type, depth);
		lua_rawset(L, -3);
	}
}

// The bytes of the top-level fields that replace() may overwrite in place: the
// ones of a fixed size. Returns 0 for the others (after skipping their value).
int fixed_field_size(Reader &r, int type)
{
	switch (type) {
	case INT64:
	case TIMESTAMP:
	case DATE:
	case REAL:
		return 8;
	case BOOLEAN:
		return 1;
	case INT32:
		return 4;
	case OBJECTID:
		return 12;
	case MINKEY:
	case MAXKEY:
	case NULLVALUE:
		return 0;
	default:
		read_value(r, type, 0);  // skipped by reading it and dropping the value
		lua_pop(r.L, 1);
		return 0;
	}
}

// A field's index entry: its type in the low bits, its offset above them.
constexpr int TYPE_BITS = 5;

void write_replacement_object(lua_State *L, int type, uint8_t *at)
{
	size_t len = 0;
	const char *data = luaL_checklstring(L, 3, &len);
	if (len < 6 || data[0] != 0 || uint8_t(data[1]) != type)
		luaL_error(L, "Type mismatch, need bson type %d", type);
	auto *payload = reinterpret_cast<const uint8_t *>(data + 2);
	switch (type) {
	case OBJECTID:
		if (len != 2 + 12)
			luaL_error(L, "Invalid object id");
		memcpy(at, payload, 12);
		break;
	case DATE:
		if (len != 2 + 4)
			luaL_error(L, "Invalid date");
		put_u64(at, uint64_t(int64_t(get_u32(payload)) * 1000));
		break;
	case TIMESTAMP:
		if (len != 2 + 8)
			luaL_error(L, "Invalid timestamp");
		memcpy(at, payload, 8);
		break;
	}
}

}  // namespace

// bson.decode(doc): doc is what bson.encode returned (a full userdata), a light
// userdata pointing at a document (the mongo driver's replies: its length cannot
// be checked, as in skynet), or -- a skyglass addition -- a string of BSON bytes.
// Anything else decodes to nothing, as in skynet.
int ldecode(lua_State *L)
{
	const uint8_t *data;
	size_t have;
	switch (lua_type(L, 1)) {
	case LUA_TUSERDATA:
		data = static_cast<const uint8_t *>(lua_touserdata(L, 1));
		have = lua_rawlen(L, 1);
		break;
	case LUA_TLIGHTUSERDATA: {
		data = static_cast<const uint8_t *>(lua_touserdata(L, 1));
		if (!data)
			return 0;
		int32_t declared = int32_t(get_u32(data));
		have = declared > 0 ? size_t(declared) : 4;
		break;
	}
	case LUA_TSTRING:
		data = reinterpret_cast<const uint8_t *>(lua_tolstring(L, 1, &have));
		break;
	default:
		return 0;
	}
	Reader r{L, data, have};
	read_document(r, false, 0);
	return 1;
}

// doc:makeindex(): remembers where each fixed-size top-level field lies, so that
// `doc.key = value` can overwrite it in place (the mongo driver uses this to
// change a request id without encoding again).
int lmakeindex(lua_State *L)
{
	auto *start = static_cast<const uint8_t *>(luaL_checkudata(L, 1, META));
	size_t have = lua_rawlen(L, 1);
	Reader outer{L, start, have};
	int32_t len = outer.i32();
	if (len < 5 || size_t(len) > have)
		return luaL_error(L, "Invalid bson document , length = %d", int(len));
	Reader r{L, start + 4, size_t(len) - 5};
	lua_newtable(L);
	while (r.size > 0) {
		int type = r.byte();
		size_t klen;
		const char *key = r.cstring(&klen);
		int size = fixed_field_size(r, type);
		if (size > 0) {
			lua_Integer id = type | lua_Integer(r.p - start) << TYPE_BITS;
			r.bytes(size);
			lua_pushlstring(L, key, klen);
			lua_pushinteger(L, id);
			lua_rawset(L, -3);
		}
	}
	lua_setiuservalue(L, 1, 1);
	lua_settop(L, 1);
	return 1;
}

// doc.key = value: overwrites a field found by makeindex; the value must have
// the field's BSON type (a number, a boolean, or the tagged objectid/date/timestamp).
int lreplace(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	if (!lua_istable(L, -1))
		return luaL_error(L, "call makeindex first");
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNUMBER)
		return luaL_error(L, "Can't replace key : %s", lua_tostring(L, 2));
	lua_Integer id = lua_tointeger(L, -1);
	int type = int(id & ((1 << TYPE_BITS) - 1));
	uint8_t *at = static_cast<uint8_t *>(lua_touserdata(L, 1)) + (id >> TYPE_BITS);
	switch (type) {
	case REAL: {
		double d = luaL_checknumber(L, 3);
		uint64_t bits;
		memcpy(&bits, &d, 8);
		put_u64(at, bits);
		break;
	}
	case BOOLEAN:
		*at = lua_toboolean(L, 3) ? 1 : 0;
		break;
	case OBJECTID:
	case DATE:
	case TIMESTAMP:
		write_replacement_object(L, type, at);
		break;
	case INT32:
		if (!lua_isinteger(L, 3))
			return luaL_error(L, "%f must be a 32bit integer ", lua_tonumber(L, 3));
		put_u32(at, uint32_t(int32_t(lua_tointeger(L, 3))));
		break;
	case INT64:
		if (!lua_isinteger(L, 3))
			return luaL_error(L, "%f must be a 64bit integer ", lua_tonumber(L, 3));
		put_u64(at, uint64_t(lua_tointeger(L, 3)));
		break;
	default:
		return luaL_error(L, "Can't replace type %d", type);
	}
	return 0;
}

}  // namespace bson
