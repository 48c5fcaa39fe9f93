// skynet_where: the "file:line: " an error raised from C carries, naming skynet.lua for our parts of it.
#include <cstdarg>
#include <cstring>

#include "lua/skynet_where.h"

// skynet's c.send raises its refusals from C, so the message carries the
// calling Lua line: in skynet that is its skynet.lua. Ours may be one of the
// parts of skynet.lua kept in lualib/skynet/*.lua (call.lua, response.lua,
// ...): then the position names skynet.lua, as skynet/raise_here.lua's
// errors do (the line is the part's). Anyone else's line is left as it is.
static const char *const skynet_lua_parts[] = {
	"call", "call_raw", "response", "response_later", "request", "exit", "lifecycle",
	"trace", "time", "fork", "protocol", "lazy", "setenv", "service_query",
};

void push_skynet_where(lua_State *L) { push_skynet_where_at(L, 1); }

void push_skynet_where_at(lua_State *L, int level)
{
	lua_Debug ar;
	if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) {
		lua_pushliteral(L, "");
		return;
	}
	const char *source = ar.source;
	const char *slash = source[0] == '@' ? strrchr(source, '/') : nullptr;
	size_t dir_len = slash ? size_t(slash - source) : 0;
	if (slash != nullptr && dir_len >= 7 && strncmp(slash - 7, "/skynet", 7) == 0) {
		// our loader_init.lua calls a service's main chunk, as skynet's
		// loader.lua does: "@dir/skynet/loader_init.lua" -> "@dir/loader.lua"
		bool loader = strcmp(slash + 1, "loader_init.lua") == 0;
		for (const char *part : skynet_lua_parts) {
			size_t n = strlen(part);
			if (loader || (strncmp(slash + 1, part, n) == 0 && strcmp(slash + 1 + n, ".lua") == 0)) {
				// "@dir/skynet/part.lua" -> "@dir/skynet.lua", shortened as Lua
				// shortens a chunk name (an empty chunk of that name tells)
				lua_pushlstring(L, source, loader ? dir_len - 6 : dir_len);
				lua_pushstring(L, loader ? "loader.lua" : ".lua");
				lua_concat(L, 2);
				lua_Debug named;
				if (luaL_loadbuffer(L, "", 0, lua_tostring(L, -1)) == LUA_OK && lua_getinfo(L, ">S", &named)) {
					lua_pop(L, 1);
					lua_pushfstring(L, "%s:%d: ", named.short_src, ar.currentline);
					return;
				}
				lua_pop(L, 2);
				break;
			}
		}
	}
	lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
}


int skynet_where_error(lua_State *L, const char *fmt, ...)
{
	push_skynet_where(L);
	va_list args;
	va_start(args, fmt);
	lua_pushvfstring(L, fmt, args);
	va_end(args);
	lua_concat(L, 2);
	return lua_error(L);
}

lua_Integer skynet_where_checkinteger(lua_State *L, int arg)
{
	int is_integer = 0;
	lua_Integer n = lua_tointegerx(L, arg, &is_integer);
	if (is_integer)
		return n;
	lua_Debug ar;
	const char *name = lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name ? ar.name : "?";
	if (lua_isnumber(L, arg))
		return skynet_where_error(L, "bad argument #%d to '%s' (number has no integer representation)", arg, name);
	return skynet_where_error(L, "bad argument #%d to '%s' (number expected, got %s)", arg, name,
		luaL_typename(L, arg));
}
