// codecache: compiled Lua chunks shared by every service (skynet.codecache's twin).
//
// Every snlua service loads skynet.lua and its modules into a state of its
// own; compiling them again for each new service was most of what creating a
// service cost. skynet patches Lua so that states share the compiled
// prototypes; with Debian's stock Lua we keep each file's bytecode instead
// (lua_dump, with debug info so tracebacks keep their lines), and a new state
// loads that, which skips the parser. `loadfile` and the Lua-file searcher go
// through it. Files are read once: change a file on disk and the running node
// keeps the old code until codecache.clear() (as with skynet's cache).
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include "lua/bindings.h"

namespace {

std::mutex cache_lock;
std::unordered_map<std::string, std::string> cache; // file name -> bytecode
bool cache_on = true;

int dump_writer(lua_State *, const void *p, size_t sz, void *ud)
{
	static_cast<std::string *>(ud)->append(static_cast<const char *>(p), sz);
	return 0;
}

} // namespace

// Load `filename` as luaL_loadfilex would, from the cache when it can.
int codecache_loadfile(lua_State *L, const char *filename, const char *mode)
{
	std::string key(filename);
	bool on;
	{
		std::lock_guard g(cache_lock);
		on = cache_on;
		if (on) {
			auto it = cache.find(key);
			if (it != cache.end()) {
				std::string code = it->second; // a copy: the load runs unlocked
				return luaL_loadbufferx(L, code.data(), code.size(), ("@" + key).c_str(), "b");
			}
		}
	}
	int r = luaL_loadfilex(L, filename, mode);
	if (r != LUA_OK || !on || (mode && !strchr(mode, 't')))
		return r;
	std::string code;
	if (lua_dump(L, dump_writer, &code, 0) == 0) {
		std::lock_guard g(cache_lock);
		cache.emplace(key, std::move(code));
	}
	return r;
}

// loadfile([filename [, mode [, env]]]) through the cache.
static int lloadfile(lua_State *L)
{
	const char *filename = luaL_optstring(L, 1, nullptr);
	const char *mode = luaL_optstring(L, 2, nullptr);
	int env = !lua_isnone(L, 3) ? 3 : 0;
	int r = filename ? codecache_loadfile(L, filename, mode) : luaL_loadfilex(L, nullptr, mode);
	if (r != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (env) {
		lua_pushvalue(L, env);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

// The Lua-file searcher (package.searchers[2]) through the cache.
static int lsearcher(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "searchpath");
	lua_pushstring(L, name);
	lua_getfield(L, -3, "path");
	lua_call(L, 2, 2);
	if (lua_isnil(L, -2))
		return 1; // the "no file ..." list
	const char *filename = lua_tostring(L, -2);
	if (codecache_loadfile(L, filename, nullptr) != LUA_OK)
		return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, filename,
			lua_tostring(L, -1));
	lua_pushstring(L, filename);
	return 2;
}

static int lclear(lua_State *L)
{
	std::lock_guard g(cache_lock);
	cache.clear();
	return 0;
}

// mode(): "ON" or "OFF"; mode("OFF") stops caching (and clears), "ON" resumes.
static int lmode(lua_State *L)
{
	std::lock_guard g(cache_lock);
	if (!lua_isnoneornil(L, 1)) {
		std::string m = luaL_checkstring(L, 1);
		if (m != "ON" && m != "OFF")
			return luaL_error(L, "codecache.mode: want \"ON\" or \"OFF\", got \"%s\"", m.c_str());
		cache_on = m == "ON";
		if (!cache_on)
			cache.clear();
	}
	lua_pushstring(L, cache_on ? "ON" : "OFF");
	return 1;
}

int luaopen_skynet_codecache(lua_State *L)
{
	luaL_Reg l[] = {
		{"clear", lclear},
		{"mode", lmode},
		{"loadfile", lloadfile},
		{"searcher", lsearcher},
		{nullptr, nullptr},
	};
	luaL_newlib(L, l);
	return 1;
}
