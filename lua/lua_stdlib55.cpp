// lua_stdlib55: the standard library as skynet's Lua 5.5 shapes it, put into every service over Debian's 5.4.
//
// A skynet program sees Lua 5.5's libraries. Where 5.4's differ in what a
// program can call or log, a service gets 5.5's version (found by running the
// same program on both: tests/compat/programs/lua_lib_keys and lua_lib_calls):
//   - table.create(nseq [, nrec]), new in 5.5;
//   - table.remove names its position argument #2 when it is out of bounds
//     (5.4 says #1);
//   - utf8.offset returns where the character starts and where it ends;
//   - utf8.codes fails on a character followed by a stray continuation
//     byte (Debian's 5.4.4 skipped it);
//   - string.dump of a C function is an argument error ("Lua function
//     expected");
//   - pairs returns four values (the fourth, a to-be-closed value, nil);
//   - collectgarbage knows 5.5's options: "param" (not "setpause" or
//     "setstepmul", which 5.5 refuses as invalid options);
//   - math.pow, atan2, cosh, sinh, tanh, log10 and debug.setcstacklimit are
//     gone (Debian builds 5.4 with its 5.3 compatibility; 5.5 has none of
//     them), so a program calling them fails as it does on skynet.
// Floats turned into text by Lua's core (`..`, table.concat) get 5.5's digits
// from lua/float_digits.cpp. What cannot be changed from a library stays
// 5.4's (docs/lua-api.md): `<=`
// falling back to `__lt`, a table constructor's border (`#`), the parser's
// messages, _VERSION.
// Written from the behaviour, not copied from Lua's sources.
#include <climits>
#include <cstdint>

#include "lua/bindings.h"

namespace {

// t[k] through metamethods, as lua_geti/lua_seti do; whether 'arg' can be
// read, written and measured like a table: a table, or a value whose
// metatable has __index, __newindex and __len.
void check_table_like(lua_State *L, int arg)
{
	if (lua_type(L, arg) == LUA_TTABLE)
		return;
	bool ok = false;
	if (lua_getmetatable(L, arg)) {
		ok = true;
		for (const char *field : { "__index", "__newindex", "__len" }) {
			if (lua_getfield(L, -1, field) == LUA_TNIL)
				ok = false;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	if (!ok)
		luaL_checktype(L, arg, LUA_TTABLE); // raises "table expected, got ..."
}

// table.remove(t [, pos]): 5.4's, but a position outside 1..#t+1 is argument #2.
int table_remove(lua_State *L)
{
	check_table_like(L, 1);
	lua_Integer size = luaL_len(L, 1);
	lua_Integer pos = luaL_optinteger(L, 2, size);
	if (pos != size) {
		// a given position must lie in [1, size + 1]
		luaL_argcheck(L, static_cast<lua_Unsigned>(pos) - 1u <= static_cast<lua_Unsigned>(size), 2,
			"position out of bounds");
	}
	lua_geti(L, 1, pos);
	for (; pos < size; ++pos) {
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

// table.create(nseq [, nrec]): an empty table with room for that many items.
int table_create(lua_State *L)
{
	auto seq = static_cast<lua_Unsigned>(luaL_checkinteger(L, 1));
	auto rec = static_cast<lua_Unsigned>(luaL_optinteger(L, 2, 0));
	luaL_argcheck(L, seq <= static_cast<lua_Unsigned>(INT_MAX), 1, "out of range");
	luaL_argcheck(L, rec <= static_cast<lua_Unsigned>(INT_MAX), 2, "out of range");
	lua_createtable(L, static_cast<int>(seq), static_cast<int>(rec));
	return 1;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// utf8.offset(s, n [, i]): the byte where the n-th character (counted from
// byte i) starts, and, as 5.5 adds, the byte where it ends.
int utf8_offset(lua_State *L)
{
	size_t len = 0;
	const char *s = luaL_checklstring(L, 1, &len);
	lua_Integer n = luaL_checkinteger(L, 2);
	auto slen = static_cast<lua_Integer>(len);
	lua_Integer i = luaL_optinteger(L, 3, n >= 0 ? 1 : slen + 1);
	if (i < 0)
		i = (-i > slen) ? 0 : slen + i + 1; // counted from the end
	luaL_argcheck(L, i >= 1 && i - 1 <= slen, 3, "position out of bounds");
	lua_Integer p = i - 1; // 0-based; s[len] is the terminating NUL
	auto at = [&](lua_Integer k) { return static_cast<unsigned char>(s[k]); };
	if (n == 0) {
		while (p > 0 && is_continuation(at(p)))
			--p;
	} else {
		if (is_continuation(at(p)))
			return luaL_error(L, "initial position is a continuation byte");
		if (n < 0) {
			for (; n < 0 && p > 0; ++n) {
				do
					--p;
				while (p > 0 && is_continuation(at(p)));
			}
		} else {
			for (--n; n > 0 && p < slen; --n) {
				do
					++p;
				while (is_continuation(at(p)));
			}
		}
	}
	if (n != 0) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, p + 1);
	if (at(p) & 0x80) {
		if (is_continuation(at(p)))
			return luaL_error(L, "initial position is a continuation byte");
		while (p + 1 < slen && is_continuation(at(p + 1)))
			++p;
	}
	lua_pushinteger(L, p + 1);
	return 2;
}

// One UTF-8 sequence at s (NUL-terminated): its code in *code and the byte
// after it, or null when it is not valid UTF-8 (a stray continuation byte, a
// cut or overlong sequence, past 0x7FFFFFFF; strict: past U+10FFFF or a
// surrogate).
const char *utf8_decode(const char *s, lua_Integer *code, bool strict)
{
	unsigned lead = static_cast<unsigned char>(s[0]);
	uint64_t value = lead;
	if (lead >= 0x80) {
		// the smallest code each length may carry (shorter forms are overlong)
		static const uint64_t least[] = { ~uint64_t(0), 0x80, 0x800, 0x10000, 0x200000, 0x4000000 };
		int extra = 0;
		value = 0;
		for (unsigned bits = lead; bits & 0x40; bits <<= 1) {
			unsigned next = static_cast<unsigned char>(s[++extra]);
			if (!is_continuation(static_cast<unsigned char>(next)))
				return nullptr;
			value = (value << 6) | (next & 0x3F);
			if (extra > 5)
				return nullptr;
		}
		value |= static_cast<uint64_t>(lead & (0x7F >> extra)) << (extra * 6);
		if (extra == 0 || value > 0x7FFFFFFFu || value < least[extra])
			return nullptr;
		s += extra;
	}
	if (strict && (value > 0x10FFFFu || (value >= 0xD800u && value <= 0xDFFFu)))
		return nullptr;
	*code = static_cast<lua_Integer>(value);
	return s + 1;
}

// utf8.codes' iterator: the next character's position and code. As 5.5's, a
// character followed by a stray continuation byte is invalid too.
int utf8_next(lua_State *L, bool strict)
{
	size_t len = 0;
	const char *s = luaL_checklstring(L, 1, &len);
	auto n = static_cast<lua_Unsigned>(lua_tointeger(L, 2));
	if (n < len) {
		while (is_continuation(static_cast<unsigned char>(s[n])))
			++n;
	}
	if (n >= len)
		return 0;
	lua_Integer code = 0;
	const char *next = utf8_decode(s + n, &code, strict);
	if (next == nullptr || is_continuation(static_cast<unsigned char>(*next)))
		return luaL_error(L, "invalid UTF-8 code");
	lua_pushinteger(L, static_cast<lua_Integer>(n + 1));
	lua_pushinteger(L, code);
	return 2;
}

int utf8_next_strict(lua_State *L) { return utf8_next(L, true); }
int utf8_next_lax(lua_State *L) { return utf8_next(L, false); }

// utf8.codes(s [, lax]): for p, c in utf8.codes(s).
int utf8_codes(lua_State *L)
{
	bool lax = lua_toboolean(L, 2);
	const char *s = luaL_checkstring(L, 1);
	luaL_argcheck(L, !is_continuation(static_cast<unsigned char>(s[0])), 1, "invalid UTF-8 code");
	lua_pushcfunction(L, lax ? utf8_next_lax : utf8_next_strict);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, 0);
	return 3;
}

// string.dump(f [, strip]): 5.5 refuses a C function as an argument error;
// a Lua function goes on to 5.4's own (upvalue 1), which cannot fail then.
int string_dump(lua_State *L)
{
	luaL_argcheck(L, lua_type(L, 1) == LUA_TFUNCTION && !lua_iscfunction(L, 1), 1, "Lua function expected");
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

int pairs_done(lua_State *, int, lua_KContext) { return 4; }

// pairs(t): next, t, nil and a to-be-closed nil; or __pairs' first four results.
int pairs_(lua_State *L)
{
	luaL_checkany(L, 1);
	if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
		lua_pushvalue(L, lua_upvalueindex(1)); // next
		lua_pushvalue(L, 1);
		lua_pushnil(L);
		lua_pushnil(L);
	} else {
		lua_pushvalue(L, 1);
		lua_callk(L, 1, 4, 0, pairs_done); // the metamethod may yield (a skynet call)
	}
	return 4;
}

// 5.5's GC parameters, as collectgarbage("param", name [, value]) reads and
// sets them. Debian's 5.4 has setters for two of them only (pause, stepmul,
// applied too); the rest are remembered per service with 5.5's defaults.
constexpr const char *kParamNames[] = { "minormul", "majorminor", "minormajor", "pause", "stepmul", "stepsize",
	nullptr };
constexpr lua_Integer kParamDefaults[] = { 20, 50, 68, 250, 200, 9600 };
constexpr const char *kParamKey = "skyglass.gcparams";

int gc_param(lua_State *L)
{
	int which = luaL_checkoption(L, 2, nullptr, kParamNames);
	lua_Integer value = luaL_optinteger(L, 3, -1);
	if (lua_getfield(L, LUA_REGISTRYINDEX, kParamKey) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_createtable(L, 6, 0);
		for (int k = 0; k < 6; ++k) {
			lua_pushinteger(L, kParamDefaults[k]);
			lua_rawseti(L, -2, k + 1);
		}
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, kParamKey);
	}
	lua_rawgeti(L, -1, which + 1);
	lua_Integer old = lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (value >= 0) {
		lua_pushinteger(L, value);
		lua_rawseti(L, -2, which + 1);
		int v = value > INT_MAX ? INT_MAX : static_cast<int>(value);
		if (which == 3)
			lua_gc(L, LUA_GCSETPAUSE, v);
		else if (which == 4)
			lua_gc(L, LUA_GCSETSTEPMUL, v);
	}
	lua_pushinteger(L, old);
	return 1;
}

// collectgarbage([opt [, ...]]) with 5.5's options and answers. Written out
// in full (not handed to 5.4's function) so that its argument errors name
// 'collectgarbage', as this function is the one a program called.
int collectgarbage_(lua_State *L)
{
	static const char *const options[] = { "stop", "restart", "collect", "count", "step", "isrunning",
		"generational", "incremental", "param", nullptr };
	int o = luaL_checkoption(L, 1, "collect", options);
	int res = 0;
	switch (o) {
	case 3: { // count: KiB, a float
		int k = lua_gc(L, LUA_GCCOUNT, 0);
		int b = lua_gc(L, LUA_GCCOUNTB, 0);
		if (k == -1)
			break;
		lua_pushnumber(L, static_cast<lua_Number>(k) + static_cast<lua_Number>(b) / 1024);
		return 1;
	}
	case 4: { // step [n]: whether a cycle ended
		lua_Integer n = luaL_optinteger(L, 2, 0);
		res = lua_gc(L, LUA_GCSTEP, static_cast<int>(n));
		if (res == -1)
			break;
		lua_pushboolean(L, res);
		return 1;
	}
	case 5:
		res = lua_gc(L, LUA_GCISRUNNING, 0);
		if (res == -1)
			break;
		lua_pushboolean(L, res);
		return 1;
	case 6:
	case 7: // the mode before
		res = lua_gc(L, o == 6 ? LUA_GCGEN : LUA_GCINC, 0, 0, 0);
		if (res == -1)
			break;
		lua_pushstring(L, res == LUA_GCGEN ? "generational" : "incremental");
		return 1;
	case 8:
		return gc_param(L);
	default: // stop, restart, collect
		res = lua_gc(L, o == 0 ? LUA_GCSTOP : o == 1 ? LUA_GCRESTART : LUA_GCCOLLECT, 0);
		if (res == -1)
			break;
		lua_pushinteger(L, res);
		return 1;
	}
	lua_pushnil(L); // called inside a finalizer: fail, as Lua's
	return 1;
}

void drop_fields(lua_State *L, const char *lib, std::initializer_list<const char *> names)
{
	lua_getglobal(L, lib);
	for (const char *name : names) {
		lua_pushnil(L);
		lua_setfield(L, -2, name);
	}
	lua_pop(L, 1);
}

} // namespace

void skyglass_install_stdlib55(lua_State *L)
{
	// `..` and the rest of Lua's own float-to-text conversions: 5.5's digits
	(void)skyglass_float_digits();
	lua_getglobal(L, "table");
	lua_pushcfunction(L, table_remove);
	lua_setfield(L, -2, "remove");
	lua_pushcfunction(L, table_create);
	lua_setfield(L, -2, "create");
	lua_pop(L, 1);
	lua_getglobal(L, "utf8");
	lua_pushcfunction(L, utf8_offset);
	lua_setfield(L, -2, "offset");
	lua_pushcfunction(L, utf8_codes);
	lua_setfield(L, -2, "codes");
	lua_pop(L, 1);
	lua_getglobal(L, "string");
	lua_getfield(L, -1, "dump");
	lua_pushcclosure(L, string_dump, 1);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	lua_getglobal(L, "next");
	lua_pushcclosure(L, pairs_, 1);
	lua_setglobal(L, "pairs");
	lua_pushcfunction(L, collectgarbage_);
	lua_setglobal(L, "collectgarbage");
	drop_fields(L, "math", { "pow", "atan2", "cosh", "sinh", "tanh", "log10" });
	drop_fields(L, "debug", { "setcstacklimit" });
}
