// bson_encode: Lua tables to BSON documents (bson.encode, bson.encode_order), the
// encoding half of lua-bson.c's twin. Which Lua value becomes which BSON element:
//   integer            int32 when it fits, else int64     float     double
//   string             string (must be valid UTF-8), or the element a tagged string names
//   boolean            boolean                            table     document or array
//   a bson document    an embedded document (its bytes are copied)
// A table is an array when its metatable has __len (that length, read through
// __index), or when its first key from next() is 1, or an integer no bigger than
// its raw length; otherwise it is a document (read through __pairs if it has one).
// This is skynet's guess, kept so that the same table gives the same bytes.
#include <cstring>
#include <vector>

#include "lua/bson_format.h"

namespace bson {
namespace {

// Lua raises errors with longjmp, which skips C++ destructors: the output vector is
// owned by lencode's frame, outside the lua_pcall that may raise, and nothing
// below owns memory.
struct Writer {
	lua_State *L;
	std::vector<uint8_t> &out;

	void byte(uint8_t v) { out.push_back(v); }
	void u32(uint32_t v)
	{
		uint8_t b[4];
		put_u32(b, v);
		out.insert(out.end(), b, b + 4);
	}
	void u64(uint64_t v)
	{
		uint8_t b[8];
		put_u64(b, v);
		out.insert(out.end(), b, b + 8);
	}
	void bytes(const void *p, size_t n)
	{
		auto *b = static_cast<const uint8_t *>(p);
		out.insert(out.end(), b, b + n);
	}
	// A length is written before its content is known: keep its place, patch it later.
	size_t reserve_length()
	{
		size_t at = out.size();
		u32(0);
		return at;
	}
	void patch_length(size_t at, uint32_t v) { put_u32(out.data() + at, v); }
};

// The UTF-8 that skynet accepts: no overlong forms, nothing above U+10FFFF, no
// truncated sequence (surrogate code points pass, as they do in skynet).
bool valid_utf8(const char *s, size_t n)
{
	static const uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
	size_t i = 0;
	while (i < n) {
		uint8_t c = uint8_t(s[i]);
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t extra;
		uint32_t cp;
		if ((c & 0xE0) == 0xC0) {
			extra = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			extra = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			extra = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= extra)
			return false;
		for (size_t k = 1; k <= extra; k++) {
			uint8_t cc = uint8_t(s[i + k]);
			if ((cc & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (cc & 0x3F);
		}
		if (cp < smallest[extra] || cp > 0x10FFFF)
			return false;
		i += extra + 1;
	}
	return true;
}

// A NUL-terminated string on the wire (keys, regex parts, and string bodies).
void write_cstring(Writer &w, const char *s, size_t n)
{
	if (!valid_utf8(s, n))
		luaL_error(w.L, "Invalid utf8 string");
	w.bytes(s, n);
	w.byte(0);
}

// The type byte and the key of an element. A key is a C string on the wire, so
// a 0 byte inside it would cut it short (skyglass refuses it; skynet writes it).
void write_key(Writer &w, Type type, const char *key, size_t n)
{
	if (memchr(key, 0, n))
		luaL_error(w.L, "Bson key can't contain a zero byte");
	w.byte(type);
	write_cstring(w, key, n);
}

void append_table(Writer &w, const char *key, size_t klen, int depth);
void append_value(Writer &w, const char *key, size_t klen, int depth);

void append_number(Writer &w, const char *key, size_t klen)
{
	lua_State *L = w.L;
	if (lua_isinteger(L, -1)) {
		lua_Integer i = lua_tointeger(L, -1);
		if (i >= INT32_MIN && i <= INT32_MAX) {
			write_key(w, INT32, key, klen);
			w.u32(uint32_t(int32_t(i)));
		} else {
			write_key(w, INT64, key, klen);
			w.u64(uint64_t(i));
		}
		return;
	}
	double d = lua_tonumber(L, -1);
	uint64_t bits;
	memcpy(&bits, &d, 8);
	write_key(w, REAL, key, klen);
	w.u64(bits);
}

// An already encoded document, embedded by copying its bytes. A full userdata
// is checked against its own size; a light userdata (a pointer into a reply that
// the mongo driver hands out) can only be trusted, as skynet trusts it.
void append_document_bytes(Writer &w, const char *key, size_t klen)
{
	lua_State *L = w.L;
	auto *doc = static_cast<const uint8_t *>(lua_touserdata(L, -1));
	bool full = lua_type(L, -1) == LUA_TUSERDATA;
	size_t have = full ? lua_rawlen(L, -1) : 5;
	int32_t len = have >= 4 ? int32_t(get_u32(doc)) : 0;
	if (len < 5 || (full && size_t(len) > have))
		luaL_error(L, "Invalid bson document in userdata (%d of %d bytes)", int(len), int(have));
	write_key(w, DOCUMENT, key, klen);
	w.bytes(doc, size_t(len));
}

// Whether the bytes of a raw-copied tag hold the element its type names: a BSON
// string (int32 length with its 0 byte, the bytes, 0), a string and a 12-byte id,
// or a total length, a string and a document.
static bool raw_string_at(const uint8_t *p, size_t size, size_t &used)
{
	if (size < 5)
		return false;
	size_t len = get_u32(p);
	if (len < 1 || len > size - 4 || p[4 + len - 1] != 0)
		return false;
	used = 4 + len;
	return true;
}

static bool raw_tag_framed(Type type, const uint8_t *p, size_t size)
{
	size_t used = 0;
	switch (type) {
	case JSCODE:
	case SYMBOL:
		return raw_string_at(p, size, used) && used == size;
	case DBPOINTER:
		return raw_string_at(p, size, used) && used + 12 == size;
	case CODEWS:
		if (size < 14 || get_u32(p) != size || !raw_string_at(p + 4, size - 4, used))
			return false;
		return size - 4 - used >= 5 && get_u32(p + 4 + used) == size - 4 - used && p[size - 1] == 0;
	default:
		return false;
	}
}

// A tagged string (see bson_format.h) becomes the element its type byte names.
void append_tagged(Writer &w, const char *key, size_t klen, const char *str, size_t len)
{
	lua_State *L = w.L;
	uint8_t type = uint8_t(str[1]);
	const char *payload = str + 2;
	size_t size = len - 2;
	auto *p = reinterpret_cast<const uint8_t *>(payload);
	switch (type) {
	case BINARY:  // payload: subtype, data; the wire length counts the data only
		write_key(w, BINARY, key, klen);
		if (size < 1)
			luaL_error(L, "Invalid binary");
		w.u32(uint32_t(size - 1));
		w.bytes(payload, size);
		return;
	case OBJECTID:
		if (size != 12)
			luaL_error(L, "Invalid object id %s", payload);
		write_key(w, OBJECTID, key, klen);
		w.bytes(payload, 12);
		return;
	case JSCODE:
	case DBPOINTER:
	case SYMBOL:
	case CODEWS:  // kept as the raw wire bytes they were decoded from
		// A plain string that begins with "\0" and this type byte lands here too:
		// its bytes must be framed as the type says, or decode would refuse them.
		if (!raw_tag_framed(Type(type), p, size))
			luaL_error(L, "Invalid bson %s", type == DBPOINTER ? "dbpointer" : type == CODEWS ? "code with scope" : "string");
		write_key(w, Type(type), key, klen);
		w.bytes(payload, size);
		return;
	case DATE:  // seconds in Lua, milliseconds on the wire
		if (size != 4)
			luaL_error(L, "Invalid date");
		write_key(w, DATE, key, klen);
		w.u64(uint64_t(int64_t(get_u32(p)) * 1000));
		return;
	case TIMESTAMP:  // increment, then seconds: the low and high halves of a uint64
		if (size != 8)
			luaL_error(L, "Invalid timestamp");
		write_key(w, TIMESTAMP, key, klen);
		w.bytes(payload, 8);
		return;
	case REGEX: {  // payload: pattern, 0, options, 0
		const char *sep = size >= 2 ? static_cast<const char *>(memchr(payload, 0, size - 1)) : nullptr;
		if (!sep || payload[size - 1] != 0)
			luaL_error(L, "Invalid regex");
		write_key(w, REGEX, key, klen);
		write_cstring(w, payload, size_t(sep - payload));
		write_cstring(w, sep + 1, size - 2 - size_t(sep - payload));
		return;
	}
	case MINKEY:
	case MAXKEY:
	case NULLVALUE:
		write_key(w, Type(type), key, klen);
		return;
	case INT64:
		if (size != 8)
			luaL_error(L, "Invalid int64");
		write_key(w, INT64, key, klen);
		w.bytes(payload, 8);
		return;
	default:
		luaL_error(L, "Invalid subtype %d", int(type));
	}
}

// Appends the value on top of the stack as the element `key`.
void append_value(Writer &w, const char *key, size_t klen, int depth)
{
	lua_State *L = w.L;
	int vt = lua_type(L, -1);
	switch (vt) {
	case LUA_TNUMBER:
		append_number(w, key, klen);
		return;
	case LUA_TLIGHTUSERDATA:
	case LUA_TUSERDATA:
		append_document_bytes(w, key, klen);
		return;
	case LUA_TSTRING: {
		size_t len;
		const char *str = lua_tolstring(L, -1, &len);
		if (len > 1 && str[0] == 0) {
			append_tagged(w, key, klen, str, len);
			return;
		}
		write_key(w, STRING, key, klen);
		w.u32(uint32_t(len + 1));
		write_cstring(w, str, len);  // a string may hold 0 bytes: its length says where it ends
		return;
	}
	case LUA_TTABLE:
		append_table(w, key, klen, depth + 1);
		return;
	case LUA_TBOOLEAN:
		write_key(w, BOOLEAN, key, klen);
		w.byte(lua_toboolean(L, -1) ? 1 : 0);
		return;
	case LUA_TNIL:
		luaL_error(L, "Bson array has a hole (nil), Use bson.null instead");
		return;
	default:
		luaL_error(L, "Invalid value type : %s", lua_typename(L, vt));
	}
}

// One document entry: the key at -2, the value at -1 (left on the stack).
void append_entry(Writer &w, int depth)
{
	lua_State *L = w.L;
	int kt = lua_type(L, -2);
	if (kt == LUA_TNUMBER)
		luaL_error(L, "Bson dictionary's key can't be number");
	if (kt != LUA_TSTRING)
		luaL_error(L, "Invalid key type : %s", lua_typename(L, kt));
	size_t klen;
	const char *key = lua_tolstring(L, -2, &klen);
	append_value(w, key, klen, depth);
}

// The table on top of the stack, as a document's body (its length, entries, 0).
void write_dict(Writer &w, int depth)
{
	lua_State *L = w.L;
	int t = lua_gettop(L);
	size_t at = w.reserve_length();
	if (luaL_getmetafield(L, t, "__pairs") != LUA_TNIL) {
		lua_pushvalue(L, t);
		lua_call(L, 1, 3);  // next, state, control
		int control = lua_gettop(L);
		for (;;) {
			lua_pushvalue(L, control - 2);
			lua_pushvalue(L, control - 1);
			lua_pushvalue(L, control);
			lua_call(L, 2, 2);
			if (lua_isnil(L, -2)) {
				lua_pop(L, 2);
				break;
			}
			append_entry(w, depth);
			lua_pop(L, 1);
			lua_replace(L, control);
		}
		lua_settop(L, t);
	} else {
		lua_pushnil(L);
		while (lua_next(L, t) != 0) {
			append_entry(w, depth);
			lua_pop(L, 1);
		}
	}
	w.byte(0);
	w.patch_length(at, uint32_t(w.out.size() - at));
}

// Elements 1..len of the table on top of the stack, keyed "0", "1", ...
void write_array(Writer &w, int depth, lua_Integer len)
{
	lua_State *L = w.L;
	size_t at = w.reserve_length();
	char key[24];
	for (lua_Integer i = 1; i <= len; i++) {
		int klen = snprintf(key, sizeof key, "%lld", static_cast<long long>(i - 1));
		lua_geti(L, -1, i);
		append_value(w, key, size_t(klen), depth);
		lua_pop(L, 1);
	}
	w.byte(0);
	w.patch_length(at, uint32_t(w.out.size() - at));
}

bool is_raw_array(lua_State *L)
{
	lua_pushnil(L);
	if (lua_next(L, -2) == 0)
		return false;  // an empty table is an empty document
	lua_Integer first = lua_isinteger(L, -2) ? lua_tointeger(L, -2) : 0;
	lua_pop(L, 2);
	if (first <= 1)
		return first == 1;
	return lua_Unsigned(first) <= lua_rawlen(L, -1);
}

void append_table(Writer &w, const char *key, size_t klen, int depth)
{
	lua_State *L = w.L;
	if (depth > MAX_DEPTH)
		luaL_error(L, "Too depth while encoding bson");
	luaL_checkstack(L, 16, nullptr);
	if (luaL_getmetafield(L, -1, "__len") != LUA_TNIL) {
		lua_pushvalue(L, -2);
		lua_call(L, 1, 1);
		if (!lua_isinteger(L, -1))
			luaL_error(L, "__len should return integer");
		lua_Integer len = lua_tointeger(L, -1);
		lua_pop(L, 1);
		write_key(w, ARRAY, key, klen);
		write_array(w, depth, len);
	} else if (luaL_getmetafield(L, -1, "__pairs") != LUA_TNIL) {
		lua_pop(L, 1);
		write_key(w, DOCUMENT, key, klen);
		write_dict(w, depth);
	} else if (is_raw_array(L)) {
		write_key(w, ARRAY, key, klen);
		write_array(w, depth, lua_Integer(lua_rawlen(L, -1)));
	} else {
		write_key(w, DOCUMENT, key, klen);
		write_dict(w, depth);
	}
}

// Under lua_pcall: (table, writer) -> nothing.
int encode_body(lua_State *L)
{
	Writer w{L, *static_cast<std::vector<uint8_t> *>(lua_touserdata(L, 2))};
	lua_settop(L, 1);
	write_dict(w, 0);
	return 0;
}

// Under lua_pcall: (k1, v1, ..., kn, vn, writer) -> nothing.
int encode_order_body(lua_State *L)
{
	int n = lua_gettop(L) - 1;
	Writer w{L, *static_cast<std::vector<uint8_t> *>(lua_touserdata(L, n + 1))};
	size_t at = w.reserve_length();
	for (int i = 1; i <= n; i += 2) {
		size_t klen = 0;
		const char *key = lua_isstring(L, i) ? lua_tolstring(L, i, &klen) : nullptr;  // a number is taken as its text, as in skynet
		if (!key)
			luaL_error(L, "Argument %d need a string", i);
		lua_pushvalue(L, i + 1);
		append_value(w, key, klen, 0);
		lua_pop(L, 1);
	}
	w.byte(0);
	w.patch_length(at, uint32_t(w.out.size() - at));
	return 0;
}

// Runs `body` with the arguments now on the stack plus the output vector; on
// success leaves the document (a `bson` userdata) on the stack.
int run_encoder(lua_State *L, lua_CFunction body)
{
	int nargs = lua_gettop(L);
	int status;
	{
		std::vector<uint8_t> out;
		out.reserve(64);
		lua_pushcfunction(L, body);
		lua_insert(L, 1);
		lua_pushlightuserdata(L, &out);
		status = lua_pcall(L, nargs + 1, 0, 0);
		if (status == LUA_OK) {
			void *doc = lua_newuserdatauv(L, out.size(), 1);
			memcpy(doc, out.data(), out.size());
		}
	}  // `out` is freed here, before lua_error jumps away
	if (status != LUA_OK)
		return lua_error(L);
	set_document_meta(L);
	return 1;
}

}  // namespace

int lencode(lua_State *L)
{
	lua_settop(L, 1);
	luaL_checktype(L, 1, LUA_TTABLE);
	return run_encoder(L, encode_body);
}

int lencode_order(lua_State *L)
{
	if (lua_gettop(L) % 2 != 0)
		return luaL_error(L, "Invalid ordered dict");
	return run_encoder(L, encode_order_body);
}

}  // namespace bson
