// config_loader: runs the config file as Lua in a sandbox table and copies its keys out.
#include "lua/config_loader.h"

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
local function include(file, from)
	if from and not file:match("^/") then
		file = (from:match("^(.*/)") or "") .. file
	end
	local f, err = io.open(file, "rb")
	if not f then error("cannot open config " .. err, 0) end
	local code = expand(f:read("a"), file)
	f:close()
	local chunk, perr = load(code, "@" .. file, "t", result)
	if not chunk then error(perr, 0) end
	local saved = rawget(result, "include")
	result.include = function(name) include(name, file) end
	chunk()
	result.include = saved
end
include(path)
return result
)LUA";

bool config_load(const char *path, std::string &error)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		error = std::string("config error: '") + path + "' is a directory, not a config file";
		return false;
	}
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	bool ok = true;
	if (luaL_loadbuffer(L, LOADER, strlen(LOADER), "=[config loader]") != LUA_OK) {
		error = lua_tostring(L, -1);
		lua_close(L);
		return false;
	}
	lua_pushstring(L, path);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
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
		if (t == LUA_TSTRING || t == LUA_TNUMBER) {
			skynet_setenv(key, lua_tostring(L, -1));
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
