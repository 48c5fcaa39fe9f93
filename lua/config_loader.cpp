// config_loader: runs the config file as Lua in a sandbox table and copies its keys out.
#include "lua/config_loader.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <lua.hpp>

#include "kernel/skynet.h"

// The loader is Lua because the config is Lua: `include`, `$NAME` expansion
// and error positions come for free from load() with a "@file" chunk name.
static const char *LOADER = R"LUA(
local path = ...
local result = {}
local function expand(code, file)
	return (code:gsub("%$([%w_]+)", function(name)
		local v = os.getenv(name)
		if v == nil then
			error(string.format("%s: environment variable $%s is not set", file, name), 0)
		end
		return v
	end))
end
local depth = 0
local function include(file, from)
	-- skyglass: include(nil) said "attempt to index a nil value (local 'file')";
	-- a.lua including b.lua including a.lua said "needs more than 64 MiB"
	if type(file) ~= "string" then
		error(string.format("%s: include wants a file name, got %s", from, type(file)), 0)
	end
	if depth >= 16 then
		error(string.format("%s: include of %s: includes nested deeper than 16 (a cycle?)", from, file), 0)
	end
	if from and not file:match("^/") then
		file = (from:match("^(.*/)") or "") .. file
	end
	local f, err = io.open(file, "rb")
	if not f then error("cannot open config " .. err, 0) end
	local text, rerr = f:read("a")
	f:close()
	if not text then error("cannot read config " .. file .. ": " .. tostring(rerr), 0) end
	local code = expand(text, file)
	local chunk, perr = load(code, "@" .. file, "t", result)
	if not chunk then error(perr, 0) end
	local saved = rawget(result, "include")
	result.include = function(name) include(name, file) end
	depth = depth + 1
	chunk()
	depth = depth - 1
	result.include = saved
end
include(path)
return result
)LUA";

// A config is a few assignments. One that runs longer or grows larger than
// these is broken (a loop that never ends, a string built in a loop), and
// would otherwise hang or exhaust the process before it starts.
static constexpr int MAX_INSTRUCTIONS = 50'000'000;
static constexpr int HOOK_EVERY = 10'000;
static constexpr size_t MAX_MEMORY = 64u << 20;

struct config_budget {
	size_t used = 0;
	int hooks = 0;
};

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	auto *budget = static_cast<config_budget *>(ud);
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		budget->used -= old;
		return nullptr;
	}
	if (nsize > old && budget->used + (nsize - old) > MAX_MEMORY)
		return nullptr; // Lua raises "not enough memory"
	void *p = realloc(ptr, nsize);
	if (p)
		budget->used = budget->used - old + nsize;
	return p;
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	void *ud = nullptr;
	lua_getallocf(L, &ud);
	if (++static_cast<config_budget *>(ud)->hooks <= MAX_INSTRUCTIONS / HOOK_EVERY)
		return;
	lua_getinfo(L, "Sl", ar); // where the config was when the budget ran out
	luaL_error(L, "%s:%d: the config runs too long (a loop that never ends?)", ar->short_src,
		ar->currentline);
}

static int budget_panic(lua_State *L)
{
	fprintf(stderr, "config error: %s\n", lua_tostring(L, -1));
	return 0; // Lua aborts
}

bool config_load(const char *path, std::string &error)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		error = std::string("config error: '") + path + "' is a directory, not a config file";
		return false;
	}
	config_budget budget;
	lua_State *L = lua_newstate(budget_alloc, &budget);
	if (L == nullptr) {
		error = "config error: cannot create a Lua state";
		return false;
	}
	lua_atpanic(L, budget_panic);
	luaL_openlibs(L);
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
	bool ok = true;
	if (luaL_loadbuffer(L, LOADER, strlen(LOADER), "=[config loader]") != LUA_OK) {
		error = lua_tostring(L, -1);
		lua_close(L);
		return false;
	}
	lua_pushstring(L, path);
	int status = lua_pcall(L, 1, 1, 0);
	if (status != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		if (status == LUA_ERRMEM)
			error = std::string("config error: ") + path + ": the config needs more than " +
				std::to_string(MAX_MEMORY >> 20) + " MiB";
		else
			error = std::string("config error: ") + (msg ? msg : "(no message)");
		lua_close(L);
		return false;
	}
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			lua_pop(L, 1);
			continue;
		}
		const char *key = lua_tostring(L, -2);
		int t = lua_type(L, -1);
		size_t len = 0;
		const char *value = t == LUA_TSTRING || t == LUA_TNUMBER ? lua_tolstring(L, -1, &len) : nullptr;
		if (value != nullptr && strlen(value) != len) {
			// skyglass: the environment holds C strings; "\0abc" was cut to ""
			error = std::string("config error: ") + path + ": key '" + key + "' holds a NUL byte";
			ok = false;
			lua_pop(L, 2);
			break;
		}
		if (value != nullptr) {
			skynet_setenv(key, value);
		} else if (t == LUA_TBOOLEAN) {
			skynet_setenv(key, lua_toboolean(L, -1) ? "true" : "false");
		} else if (t != LUA_TFUNCTION) {
			error = std::string("config error: ") + path + ": key '" + key + "' is a " +
				lua_typename(L, t) + "; only strings, numbers and booleans are allowed";
			ok = false;
			lua_pop(L, 2);
			break;
		}
		lua_pop(L, 1);
	}
	lua_close(L);
	return ok;
}
