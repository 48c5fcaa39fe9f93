// codecache: compiled Lua chunks shared by every service (skynet.codecache's twin).
//
// Every snlua service loads skynet.lua and its modules into a state of its
// own; compiling them again for each new service was most of what creating a
// service cost. skynet patches Lua so that states share the compiled
// prototypes; with Debian's stock Lua we keep each file's bytecode instead
// (lua_dump, with debug info so tracebacks keep their lines; skyglass's own
// library without its local names, see strip_local_names), and a new state
// loads that, which skips the parser. `loadfile` and the Lua-file searcher go
// through it. Files are read once: change a file on disk and the running node
// keeps the old code until codecache.clear() (as with skynet's cache). Where
// a module or service was found along its path is kept as well: a file added
// earlier on the path later is seen after codecache.clear().
//
// What it buys: a service create+kill (tests/bench/bench_spawn.lua) costs
// about half the CPU it costs when every service parses skynet.lua and its
// modules again. What it costs: the bytecode of every Lua file any service
// loaded, once for the process (~120 KiB for lualib's skynet modules); and
// unlike skynet's cache it saves no memory per service, as each state still
// holds its own copy of the functions (Debian's Lua has no way to share them).
//
// The mode is per service, as skynet's: "ON" (the default) loads through the
// cache and adds to it, "EXIST" uses what is cached but adds nothing, "OFF"
// reads the file every time.
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lua/bindings.h"
#include "lua/dump_strip.h"

namespace {

// A file's bytecode is immutable once cached: a load holds a reference to
// it and reads it unlocked, even if clear() drops it from the map meanwhile.
using Code = std::shared_ptr<const std::string>;

// Looked up by string_view: a lookup builds no std::string (a require was
// ~3 K instructions of C++ before the undump, much of it copies and hashing
// of package.path).
struct view_hash {
	using is_transparent = void;
	size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class T>
using map_by_name = std::unordered_map<std::string, T, view_hash, std::equal_to<>>;

std::mutex cache_lock;
map_by_name<Code> cache; // file name -> bytecode
// Where a name was found along a search path: key "path\0name", value the
// file. Each require of a module and each service's script was a walk of
// open() calls along the path (~11 per plain service, ~10% of creating one);
// found once, it is remembered like the file's bytecode, until clear().
map_by_name<std::string> found_files;

// "path\0name", the key of found_files, in a buffer of this thread's.
std::string_view found_key(std::string_view path, std::string_view name)
{
	thread_local std::string key;
	key.assign(path);
	key += '\0';
	key.append(name);
	return key;
}

enum Level { CACHE_OFF, CACHE_EXIST, CACHE_ON };
const char *const level_names[] = {"OFF", "EXIST", "ON", nullptr};
const char mode_key = 0; // the registry key of this state's mode (absent: ON)

Level cache_level(lua_State *L)
{
	Level level = CACHE_ON;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &mode_key) == LUA_TNUMBER) {
		lua_Integer n = lua_tointeger(L, -1);
		if (n >= CACHE_OFF && n < CACHE_ON)
			level = Level(n);
	}
	lua_pop(L, 1);
	return level;
}

int dump_writer(lua_State *, const void *p, size_t sz, void *ud)
{
	static_cast<std::string *>(ud)->append(static_cast<const char *>(p), sz);
	return 0;
}

// skyglass's own runtime library: skynet.lua and lualib/skynet/*.lua, the
// files every service loads. Never a user's file, and not loader_init.lua:
// it calls the service's main chunk through a parameter named `main`, and a
// traceback of an error there names that frame "in local 'main'" as
// skynet's loader does; without local names it would say "in main chunk".
bool runtime_library(const char *filename)
{
	static const std::string prefix = SKYGLASS_ROOT "/lua/lualib/skynet";
	size_t n = prefix.size();
	if (strncmp(filename, prefix.c_str(), n) != 0)
		return false;
	const char *rest = filename + n;
	return strcmp(rest, ".lua") == 0 || (rest[0] == '/' && strcmp(rest, "/loader_init.lua") != 0);
}

// The runtime library's chunks are cached without their local variables'
// names (lua/dump_strip.cpp); line info and upvalue names stay, so its
// tracebacks still read file:line and debug.getupvalue still names things.
// What it buys: the local names a service interned while undumping the
// library, kept and freed: 1,652 -> 1,429 K instructions per create+kill
// (callgrind, bench_spawn), and less Lua memory per service. What it
// costs: inside those files debug.getlocal names a local "(temporary)",
// and an error there no longer says "(local 'x')" (docs/lua-api.md). The stripped chunk replaces the function just parsed
// (on the stack), so the first service runs the same code as every later
// one; a chunk that does not strip, or whose stripped form does not load,
// stays as it was.
void strip_local_names(lua_State *L, const char *filename, std::string &dumped)
{
	std::string stripped;
	if (!dump_strip_locals(dumped, stripped))
		return;
	lua_pushfstring(L, "@%s", filename);
	int r = luaL_loadbufferx(L, stripped.data(), stripped.size(), lua_tostring(L, -1), "b");
	lua_remove(L, -2);
	if (r != LUA_OK) {
		lua_pop(L, 1);
		return;
	}
	lua_replace(L, -2);
	dumped = std::move(stripped);
}

} // namespace

// Load `filename` as luaL_loadfilex would, from the cache when it can.
int codecache_loadfile(lua_State *L, const char *filename, const char *mode)
{
	Level level = filename ? cache_level(L) : CACHE_OFF;
	if (level == CACHE_OFF)
		return luaL_loadfilex(L, filename, mode);
	Code code;
	{
		std::lock_guard g(cache_lock);
		auto it = cache.find(std::string_view(filename));
		if (it != cache.end())
			code = it->second;
	}
	if (code) {
		lua_pushfstring(L, "@%s", filename);
		int r = luaL_loadbufferx(L, code->data(), code->size(), lua_tostring(L, -1), "b");
		lua_remove(L, -2);
		return r;
	}
	int r = luaL_loadfilex(L, filename, mode);
	if (r != LUA_OK || level != CACHE_ON || (mode && !strchr(mode, 't')))
		return r;
	auto dumped = std::make_shared<std::string>();
	if (lua_dump(L, dump_writer, dumped.get(), 0) != 0)
		return r;
	if (runtime_library(filename))
		strip_local_names(L, filename, *dumped);
	std::lock_guard g(cache_lock);
	cache.emplace(filename, std::move(dumped));
	return r;
}

bool codecache_find(lua_State *L, std::string_view path, std::string_view name, std::string &file)
{
	if (cache_level(L) == CACHE_OFF)
		return false;
	std::string_view key = found_key(path, name);
	std::lock_guard g(cache_lock);
	auto it = found_files.find(key);
	if (it == found_files.end())
		return false;
	file = it->second;
	return true;
}

void codecache_found(lua_State *L, std::string_view path, std::string_view name, const std::string &file)
{
	if (cache_level(L) != CACHE_ON)
		return;
	std::string key(found_key(path, name));
	std::lock_guard g(cache_lock);
	found_files.emplace(std::move(key), file);
}

// loadfile([filename [, mode [, env]]]) through the cache.
static int lloadfile(lua_State *L)
{
	const char *filename = luaL_optstring(L, 1, nullptr);
	const char *mode = luaL_optstring(L, 2, nullptr);
	int env = !lua_isnone(L, 3) ? 3 : 0;
	if (codecache_loadfile(L, filename, mode) != LUA_OK) {
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
int codecache_searcher(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "path");
	size_t path_len = 0;
	const char *path = lua_tolstring(L, -1, &path_len);
	if (path == nullptr)
		return luaL_error(L, "'package.path' must be a string");
	std::string_view key_path(path, path_len); // package.path stays on the stack
	bool loaded;
	{
		// lua_error longjmps past C++ destructors: the error is raised once
		// this block has freed filename (LeakSanitizer found the leak).
		std::string filename;
		if (!codecache_find(L, key_path, name, filename)) {
			lua_getfield(L, -2, "searchpath");
			lua_pushstring(L, name);
			lua_pushvalue(L, -3);
			lua_call(L, 2, 2);
			if (lua_isnil(L, -2))
				return 1; // the "no file ..." list
			filename = lua_tostring(L, -2);
			codecache_found(L, key_path, name, filename);
		}
		loaded = codecache_loadfile(L, filename.c_str(), nullptr) == LUA_OK;
		if (loaded)
			lua_pushstring(L, filename.c_str());
		else
			lua_pushfstring(L, "error loading module '%s' from file '%s':\n\t%s", name, filename.c_str(),
				lua_tostring(L, -1));
	}
	// (luaL_error's position prefix would be empty: level 1 is this C function)
	return loaded ? 2 : lua_error(L);
}

// clear(): forget every cached file (all services') and where each was
// found; the next load of each searches and reads it from disk again.
static int lclear(lua_State *)
{
	std::lock_guard g(cache_lock);
	cache.clear();
	found_files.clear();
	return 0;
}

// mode(): this service's mode, "ON", "EXIST" or "OFF"; mode(m) sets it.
static int lmode(lua_State *L)
{
	if (lua_isnoneornil(L, 1)) {
		lua_pushstring(L, level_names[cache_level(L)]);
		return 1;
	}
	int level = luaL_checkoption(L, 1, "OFF", level_names);
	lua_pushinteger(L, level);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &mode_key);
	return 0;
}

int luaopen_skynet_codecache(lua_State *L)
{
	luaL_Reg l[] = {
		{"clear", lclear},
		{"mode", lmode},
		{"loadfile", lloadfile},
		{nullptr, nullptr},
	};
	luaL_newlib(L, l);
	return 1;
}
