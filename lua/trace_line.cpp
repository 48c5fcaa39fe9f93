// trace_line: skynet.tracelog, one "<TRACE tag> ns what [: source:line ...]" log line, in C as skynet's.
//
// skynet's tracelog is its C function, so a bad argument reads as Lua's own
// check (`bad argument #2 to 'tracelog' (string expected, got no value)`,
// positioned at the caller, a `[C]: in field 'tracelog'` frame); ours is too.
#include <lua.hpp>

#include <string>

#include "kernel/skynet.h"
#include "lua/dispatch_state.h"

// tracelog(tag, what [, level | co [, level]]): with a level, up to three
// source:line pairs of the stack from that level (1: the caller), of `co`'s
// stack when given.
int ltrace_line(lua_State *L)
{
	size_t tag_len, what_len;
	const char *tag = luaL_checklstring(L, 1, &tag_len);
	const char *what = luaL_checklstring(L, 2, &what_len);
	std::string where;
	if (!lua_isnoneornil(L, 3)) {
		lua_State *co = L;
		lua_Integer level;
		if (lua_isthread(L, 3)) {
			co = lua_tothread(L, 3);
			level = luaL_optinteger(L, 4, 1);
		} else {
			level = luaL_optinteger(L, 3, 1);
		}
		lua_Debug d;
		for (int found = 0; found < 3 && lua_getstack(co, (int)level, &d); level++) {
			lua_getinfo(co, "Sl", &d);
			if (d.currentline < 0)
				continue;
			where += found++ == 0 ? " : " : " ";
			where += d.source;
			where += ':';
			where += std::to_string(d.currentline);
		}
	}
	skynet_error(self_ctx(L), "<TRACE %.*s> %llu %.*s%s", (int)tag_len, tag,
		(unsigned long long)skynet_hpc(), (int)what_len, what, where.c_str());
	return 0;
}
