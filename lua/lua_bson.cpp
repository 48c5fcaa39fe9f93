// lua_bson: the `bson` module (lua-bson.c's twin), the BSON codec skynet's mongo
// driver is built on. Encoding is in bson_encode.cpp, decoding in bson_decode.cpp;
// here are the module table, the constructors of the values Lua lacks (tagged
// strings, see bson_format.h), bson.type to take them apart, and the metatable
// of an encoded document.
#include <atomic>
#include <cstring>
#include <ctime>

#include <unistd.h>

#include "lua/bindings.h"
#include "lua/bson_format.h"

namespace bson {

void push_tagged(lua_State *L, Type type, const void *payload, size_t size)
{
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, size + 2);
	out[0] = 0;
	out[1] = char(type);
	if (size)
		memcpy(out + 2, payload, size);
	luaL_pushresultsize(&b, size + 2);
}

namespace {

// tostring(doc) is the document's bytes; #doc their count.
int ltostring(lua_State *L)
{
	lua_pushlstring(L, static_cast<const char *>(lua_touserdata(L, 1)), lua_rawlen(L, 1));
	return 1;
}

int llen(lua_State *L)
{
	lua_pushinteger(L, lua_Integer(lua_rawlen(L, 1)));
	return 1;
}

// bson.date(seconds): a date, to the second (skynet keeps no milliseconds).
int ldate(lua_State *L)
{
	uint8_t seconds[4];
	put_u32(seconds, uint32_t(int32_t(luaL_checkinteger(L, 1))));
	push_tagged(L, DATE, seconds, 4);
	return 1;
}

int lint64(lua_State *L)
{
	uint8_t v[8];
	put_u64(v, uint64_t(luaL_checkinteger(L, 1)));
	push_tagged(L, INT64, v, 8);
	return 1;
}

// bson.timestamp(seconds [, increment]): without an increment, a counter of this
// process supplies one, so that two timestamps of the same second differ.
int ltimestamp(lua_State *L)
{
	static std::atomic<uint32_t> next_increment{0};
	uint32_t seconds = uint32_t(int32_t(luaL_checkinteger(L, 1)));
	uint32_t increment = lua_isnoneornil(L, 2) ? next_increment.fetch_add(1)
	                                           : uint32_t(lua_tointeger(L, 2));
	uint8_t v[8];
	put_u32(v, increment);
	put_u32(v + 4, seconds);
	push_tagged(L, TIMESTAMP, v, 8);
	return 1;
}

// bson.regex(pattern [, options])
int lregex(lua_State *L)
{
	size_t plen, olen;
	const char *pattern = luaL_checklstring(L, 1, &plen);
	const char *options = luaL_optlstring(L, 2, "", &olen);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addchar(&b, 0);
	luaL_addchar(&b, char(REGEX));
	luaL_addlstring(&b, pattern, plen);
	luaL_addchar(&b, 0);
	luaL_addlstring(&b, options, olen);
	luaL_addchar(&b, 0);
	luaL_pushresult(&b);
	return 1;
}

// bson.binary(bytes): binary data of the generic subtype 0.
int lbinary(lua_State *L)
{
	size_t len;
	const char *data = luaL_checklstring(L, 1, &len);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addchar(&b, 0);
	luaL_addchar(&b, char(BINARY));
	luaL_addchar(&b, 0);
	luaL_addlstring(&b, data, len);
	luaL_pushresult(&b);
	return 1;
}

// --- ObjectId: 4 bytes of seconds (big-endian), 5 of this machine and process,
// --- 3 of a counter (big-endian), the layout mongo's own drivers use.

struct OidSource {
	uint8_t machine[5];
	std::atomic<uint32_t> counter;

	OidSource()
	{
		uint32_t h = 0;
		char host[256] = {};
		if (gethostname(host, sizeof host - 1) == 0) {
			size_t i = 0;
			for (; host[i]; i++)
				h ^= (h << 5) + (h >> 2) + uint8_t(host[i]);
			h ^= uint32_t(i);
		}
		pid_t pid = getpid();
		machine[0] = uint8_t(h);
		machine[1] = uint8_t(h >> 8);
		machine[2] = uint8_t(h >> 16);
		machine[3] = uint8_t(pid);
		machine[4] = uint8_t(pid >> 8);
		// A counter that starts somewhere different in each run.
		counter = h ^ uint32_t(time(nullptr)) ^ uint32_t(reinterpret_cast<uintptr_t>(this));
	}
};

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

// bson.objectid([hex]): a new ObjectId, or the one the 24 hex digits name.
int lobjectid(lua_State *L)
{
	uint8_t oid[12];
	if (lua_isstring(L, 1)) {
		size_t len;
		const char *hex = lua_tolstring(L, 1, &len);
		if (len != 24)
			return luaL_error(L, "Invalid objectid %s", hex);
		for (int i = 0; i < 12; i++) {
			int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
			if (hi < 0 || lo < 0)
				return luaL_error(L, "Invalid objectid %s", hex);
			oid[i] = uint8_t(hi << 4 | lo);
		}
	} else {
		static OidSource source;
		uint32_t now = uint32_t(time(nullptr));
		uint32_t id = source.counter.fetch_add(1);
		oid[0] = uint8_t(now >> 24);
		oid[1] = uint8_t(now >> 16);
		oid[2] = uint8_t(now >> 8);
		oid[3] = uint8_t(now);
		memcpy(oid + 4, source.machine, 5);
		oid[9] = uint8_t(id >> 16);
		oid[10] = uint8_t(id >> 8);
		oid[11] = uint8_t(id);
	}
	push_tagged(L, OBJECTID, oid, 12);
	return 1;
}

// What bson.type returns for a tagged string: its type name, then its parts.
int type_of_tagged(lua_State *L, int type, const uint8_t *p, size_t size)
{
	switch (type) {
	case BINARY:
		if (size < 1)
			return luaL_error(L, "Invalid binary");
		lua_pushliteral(L, "binary");
		lua_pushlstring(L, reinterpret_cast<const char *>(p + 1), size - 1);
		lua_pushinteger(L, p[0]);  // the subtype
		return 3;
	case OBJECTID: {
		if (size != 12)
			return luaL_error(L, "Invalid object id");
		static const char digits[] = "0123456789abcdef";
		char hex[24];
		for (int i = 0; i < 12; i++) {
			hex[2 * i] = digits[p[i] >> 4];
			hex[2 * i + 1] = digits[p[i] & 0xf];
		}
		lua_pushliteral(L, "objectid");
		lua_pushlstring(L, hex, 24);
		return 2;
	}
	case DATE:
		if (size != 4)
			return luaL_error(L, "Invalid date");
		lua_pushliteral(L, "date");
		lua_pushinteger(L, int32_t(get_u32(p)));
		return 2;
	case TIMESTAMP:
		if (size != 8)
			return luaL_error(L, "Invalid timestamp");
		lua_pushliteral(L, "timestamp");
		lua_pushinteger(L, get_u32(p + 4));  // seconds
		lua_pushinteger(L, get_u32(p));      // increment
		return 3;
	case REGEX: {
		const void *sep = size >= 2 ? memchr(p, 0, size - 1) : nullptr;
		if (!sep || p[size - 1] != 0)
			return luaL_error(L, "Invalid regex");
		size_t plen = size_t(static_cast<const uint8_t *>(sep) - p);
		lua_pushliteral(L, "regex");
		lua_pushlstring(L, reinterpret_cast<const char *>(p), plen);
		lua_pushlstring(L, reinterpret_cast<const char *>(p) + plen + 1, size - plen - 2);
		return 3;
	}
	case MINKEY:
		lua_pushliteral(L, "minkey");
		return 1;
	case MAXKEY:
		lua_pushliteral(L, "maxkey");
		return 1;
	case NULLVALUE:
		lua_pushliteral(L, "nil");
		return 1;
	case JSCODE:
	case DBPOINTER:
	case SYMBOL:
	case CODEWS:
		lua_pushliteral(L, "unsupported");
		lua_pushlstring(L, reinterpret_cast<const char *>(p), size);
		return 2;
	case INT64:
		if (size != 8)
			return luaL_error(L, "Invalid int64");
		lua_pushliteral(L, "int64");
		lua_pushinteger(L, lua_Integer(get_u64(p)));
		return 2;
	default:
		return luaL_error(L, "Invalid subtype %d", type);
	}
}

// bson.type(v) -> name, value...: "number", "boolean", "table", "string" and
// "nil" for plain Lua values; the BSON type and its parts for a tagged string.
int ltype(lua_State *L)
{
	int t = lua_type(L, 1);
	switch (t) {
	case LUA_TNUMBER:
		lua_pushliteral(L, "number");
		break;
	case LUA_TBOOLEAN:
		lua_pushliteral(L, "boolean");
		break;
	case LUA_TTABLE:
		lua_pushliteral(L, "table");
		break;
	case LUA_TNIL:
		lua_pushliteral(L, "nil");
		return 1;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, 1, &len);
		if (len >= 2 && s[0] == 0)
			return type_of_tagged(L, uint8_t(s[1]), reinterpret_cast<const uint8_t *>(s) + 2, len - 2);
		lua_pushliteral(L, "string");
		break;
	}
	default:
		return luaL_error(L, "Invalid type %s", lua_typename(L, t));
	}
	lua_pushvalue(L, 1);
	return 2;
}

// bson.to_lightuserdata(doc): a pointer to a document's bytes, to embed it
// elsewhere without copying it into a Lua string.
int lto_lightuserdata(lua_State *L)
{
	lua_pushlightuserdata(L, lua_touserdata(L, 1));
	return 1;
}

}  // namespace

void set_document_meta(lua_State *L)
{
	if (luaL_newmetatable(L, META)) {
		const luaL_Reg methods[] = {{"decode", ldecode}, {"makeindex", lmakeindex}, {nullptr, nullptr}};
		luaL_newlib(L, methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, ltostring);
		lua_setfield(L, -2, "__tostring");
		lua_pushcfunction(L, llen);
		lua_setfield(L, -2, "__len");
		lua_pushcfunction(L, lreplace);
		lua_setfield(L, -2, "__newindex");
	}
	lua_setmetatable(L, -2);
}

}  // namespace bson

int luaopen_bson(lua_State *L)
{
	using namespace bson;
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {
		{"encode", lencode},       {"encode_order", lencode_order}, {"decode", ldecode},
		{"date", ldate},           {"timestamp", ltimestamp},       {"regex", lregex},
		{"binary", lbinary},       {"objectid", lobjectid},         {"int64", lint64},
		{"type", ltype},           {"to_lightuserdata", lto_lightuserdata},
		{nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	push_tagged(L, NULLVALUE, nullptr, 0);
	lua_setfield(L, -2, "null");
	push_tagged(L, MINKEY, nullptr, 0);
	lua_setfield(L, -2, "minkey");
	push_tagged(L, MAXKEY, nullptr, 0);
	lua_setfield(L, -2, "maxkey");
	return 1;
}
