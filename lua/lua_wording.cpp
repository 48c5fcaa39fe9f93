// lua_wording: skynet's Lua's wording for tracebacks and assert, installed in every service.
//
// skynet ships its own Lua (5.5); skyglass links Debian's 5.4. Two library
// functions word things differently there, and both show in a skynet
// program's log and in the messages its pcalls return:
//   - a traceback names a frame by what the calling code called it first
//     ("in global 'error'", "in upvalue 'f'", "in field 'call'"); 5.4.4 looks
//     the function up in package.loaded first ("in function 'error'");
//   - assert's message gets the caller's position, as error's does
//     ("file.lua:12: boom"); 5.4's assert raises the message bare;
//   - a nil error object becomes the string "<no error object>" (error(),
//     assert(false, nil));
//   - a float is written with 15 significant digits, or 17 when 15 do not
//     read back as the same number (0.1 + 0.2 is "0.30000000000000004";
//     5.4 writes 14: "0.3"). print, tostring and skynet.error write floats
//     so; the VM's own conversions (`..`, string.format) stay 5.4's.
// Written from the behaviour (run the same program on both), not copied.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lua/bindings.h"
#include "lua/skynet_where.h"

// Whether the value at idx is the text our error() and assert() raise for a
// nil error object (5.5's "<no error object>").
bool is_no_error_object(lua_State *L, int idx)
{
	size_t len = 0;
	const char *s = lua_tolstring(L, idx, &len);
	static const char text[] = "<no error object>";
	return s != nullptr && len == sizeof(text) - 1 && memcmp(s, text, len) == 0;
}

namespace {

// Frames shown at the top and the bottom of a long traceback (Lua's numbers).
constexpr int kFramesTop = 10;
constexpr int kFramesBottom = 11;

// Look for the function at index `fn` among the tables at the top of the
// stack, `depth` levels down; on success the dotted name is pushed.
bool find_name(lua_State *L, int fn, int depth)
{
	if (depth == 0 || !lua_istable(L, -1))
		return false;
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			if (lua_rawequal(L, fn, -1)) {
				lua_pop(L, 1);     // the value: the key (its name) stays
				lua_remove(L, -2); // the table
				return true;
			}
			if (find_name(L, fn, depth - 1)) {
				// table key subname -> "key.subname" in the table's place
				lua_pushliteral(L, ".");
				lua_insert(L, -2);
				lua_concat(L, 3);
				lua_remove(L, -2);
				return true;
			}
		}
		lua_pop(L, 1);
	}
	return false;
}

// The name of a frame's function among the loaded modules ("string.format",
// "skynet.dispatch_message"; a global's without "_G."), pushed; or nothing.
bool push_loaded_name(lua_State *L, lua_Debug *ar)
{
	int top = lua_gettop(L);
	lua_getinfo(L, "f", ar);
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	luaL_checkstack(L, 8, "traceback");
	if (!find_name(L, top + 1, 2)) {
		lua_settop(L, top);
		return false;
	}
	const char *name = lua_tostring(L, -1);
	if (std::strncmp(name, "_G.", 3) == 0)
		lua_pushstring(L, name + 3);
	else
		lua_pushvalue(L, -1);
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
	return true;
}

// How one frame's function is named, in 5.5's order of preference.
void push_frame_name(lua_State *L, lua_Debug *ar)
{
	if (*ar->namewhat != '\0')
		lua_pushfstring(L, "%s '%s'", ar->namewhat, ar->name);
	else if (*ar->what == 'm')
		lua_pushliteral(L, "main chunk");
	else if (push_loaded_name(L, ar)) {
		lua_pushfstring(L, "function '%s'", lua_tostring(L, -1));
		lua_remove(L, -2);
	} else if (*ar->what != 'C')
		lua_pushfstring(L, "function <%s:%d>", ar->short_src, ar->linedefined);
	else
		lua_pushliteral(L, "?");
}

// The deepest level of L1's stack that exists.
int deepest_level(lua_State *L1)
{
	lua_Debug ar;
	int low = 1, high = 1;
	while (lua_getstack(L1, high, &ar)) {
		low = high;
		high *= 2;
	}
	while (low < high) {
		int mid = (low + high) / 2;
		if (lua_getstack(L1, mid, &ar))
			low = mid + 1;
		else
			high = mid;
	}
	return high - 1;
}

// debug.traceback([thread,] [msg [, level]]): a message that is not a string
// (nor nil) comes back untouched, as Lua's does.
int traceback(lua_State *L)
{
	lua_State *L1 = L;
	int arg = 0;
	if (lua_isthread(L, 1)) {
		L1 = lua_tothread(L, 1);
		arg = 1;
	}
	const char *msg = lua_tostring(L, arg + 1);
	if (msg == nullptr && !lua_isnoneornil(L, arg + 1)) {
		lua_pushvalue(L, arg + 1);
		return 1;
	}
	// 5.5 hands a message handler error()'s nil itself (it becomes "<no
	// error object>" only after): skynet's xpcall(f, debug.traceback) of
	// error() gives the traceback alone ("init service failed: stack
	// traceback: ..."). Our error() gives the text at once: read as nil
	// when this runs as a message handler (no thread, and the function
	// below it is C: the error() or assert() that raised).
	lua_Debug below;
	if (msg != nullptr && arg == 0 && is_no_error_object(L, 1) && lua_getstack(L, 1, &below)
		&& lua_getinfo(L, "S", &below) && strcmp(below.what, "C") == 0)
		msg = nullptr;
	int level = (int)luaL_optinteger(L, arg + 2, L == L1 ? 1 : 0);
	skyglass_traceback_of(L, L1, msg, level);
	return 1;
}

// assert(v [, message, ...]): as Lua's, but a string message (or the default
// one) carries the caller's position, as error's does.
int assert_(lua_State *L)
{
	if (lua_toboolean(L, 1))
		return lua_gettop(L);
	luaL_checkany(L, 1);
	lua_remove(L, 1);
	lua_pushliteral(L, "assertion failed!");
	lua_settop(L, 1);
	if (lua_type(L, 1) == LUA_TSTRING) {
		luaL_where(L, 1);
		lua_insert(L, 1);
		lua_concat(L, 2);
	} else if (lua_isnil(L, 1)) {
		lua_pushliteral(L, "<no error object>");
	}
	return lua_error(L);
}

// error(message [, level]): as Lua's, but a nil message becomes 5.5's text.
int error_(lua_State *L)
{
	int level = (int)luaL_optinteger(L, 2, 1);
	lua_settop(L, 1);
	if (lua_type(L, 1) == LUA_TSTRING && level > 0) {
		// luaL_where, but a level in our parts of skynet.lua names skynet.lua
		// (error("x", 2) in a function a fork or the start calls)
		push_skynet_where_at(L, level);
		lua_insert(L, 1);
		lua_concat(L, 2);
	} else if (lua_isnil(L, 1)) {
		lua_pushliteral(L, "<no error object>");
	}
	return lua_error(L);
}

// tostring(v), with 5.5's float digits.
int tostring_(lua_State *L)
{
	luaL_checkany(L, 1);
	skyglass_tolstring(L, 1, nullptr);
	return 1;
}

// print(...), with 5.5's float digits; to stdout as Lua's print writes.
int print_(lua_State *L)
{
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = skyglass_tolstring(L, i, &len);
		if (i > 1)
			std::fputc('\t', stdout);
		std::fwrite(s, 1, len, stdout);
		lua_pop(L, 1);
	}
	std::fputc('\n', stdout);
	std::fflush(stdout);
	return 0;
}

} // namespace

const char *skyglass_tolstring(lua_State *L, int idx, size_t *len)
{
	if (lua_type(L, idx) != LUA_TNUMBER || lua_isinteger(L, idx))
		return luaL_tolstring(L, idx, len);
	lua_Number n = lua_tonumber(L, idx);
	char buf[64];
	int w = std::snprintf(buf, sizeof buf - 2, "%.15g", (double)n);
	if (std::strtod(buf, nullptr) != n)
		w = std::snprintf(buf, sizeof buf - 2, "%.17g", (double)n);
	if (buf[std::strspn(buf, "-0123456789")] == '\0') {
		buf[w++] = '.';
		buf[w++] = '0';
	}
	lua_pushlstring(L, buf, (size_t)w);
	return lua_tolstring(L, -1, len);
}

void skyglass_traceback_of(lua_State *L, lua_State *L1, const char *msg, int level)
{
	luaL_Buffer b;
	lua_Debug ar;
	int last = deepest_level(L1);
	int show = (last - level > kFramesTop + kFramesBottom) ? kFramesTop : -1;
	luaL_buffinit(L, &b);
	if (msg) {
		luaL_addstring(&b, msg);
		luaL_addchar(&b, '\n');
	}
	luaL_addstring(&b, "stack traceback:");
	while (lua_getstack(L1, level++, &ar)) {
		if (show-- == 0) {
			int skip = last - level - kFramesBottom + 1;
			lua_pushfstring(L, "\n\t...\t(skipping %d levels)", skip);
			luaL_addvalue(&b);
			level += skip;
			continue;
		}
		lua_getinfo(L1, "Slnt", &ar);
		if (ar.currentline <= 0)
			lua_pushfstring(L, "\n\t%s: in ", ar.short_src);
		else
			lua_pushfstring(L, "\n\t%s:%d: in ", ar.short_src, ar.currentline);
		luaL_addvalue(&b);
		push_frame_name(L, &ar);
		luaL_addvalue(&b);
		if (ar.istailcall)
			luaL_addstring(&b, "\n\t(...tail calls...)");
	}
	luaL_pushresult(&b);
}

void skyglass_install_wording(lua_State *L)
{
	lua_pushcfunction(L, assert_);
	lua_setglobal(L, "assert");
	lua_pushcfunction(L, error_);
	lua_setglobal(L, "error");
	lua_pushcfunction(L, tostring_);
	lua_setglobal(L, "tostring");
	lua_pushcfunction(L, print_);
	lua_setglobal(L, "print");
	lua_getglobal(L, "debug");
	lua_pushcfunction(L, traceback);
	lua_setfield(L, -2, "traceback");
	lua_pop(L, 1);
}
