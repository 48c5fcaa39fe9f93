// snlua: loads a Lua service script into its own state and hands it the service's messages.
#include "lua/snlua.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include "kernel/skynet.h"
#include "lua/bindings.h"

struct snlua {
	lua_State *L = nullptr;
	skynet_context *ctx = nullptr;
};

static void *snlua_create()
{
	auto *l = new snlua;
	l->L = luaL_newstate();
	return l;
}

static void snlua_release(void *instance)
{
	auto *l = static_cast<snlua *>(instance);
	lua_close(l->L);
	delete l;
}

// Find `name` along the `;`-separated patterns, as package.searchpath does.
static bool find_service(lua_State *L, const char *name, const char *paths, std::string &found)
{
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "searchpath");
	lua_pushstring(L, name);
	lua_pushstring(L, paths);
	lua_call(L, 2, 2);
	bool ok = !lua_isnil(L, -2);
	found = ok ? lua_tostring(L, -2) : lua_tostring(L, -1);
	lua_pop(L, 3);
	return ok;
}

static void preload(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, open);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

// Tell the launcher that this service failed to start, with the reason, so
// that the caller of newservice raises instead of waiting.
static void report_launcher_error(skynet_context *ctx, const char *reason)
{
	std::string text = std::string("ERROR ") + reason;
	skynet_sendname(ctx, 0, ".launcher", PTYPE_TEXT, 0, text.data(), text.size());
}

static int init_cb(snlua *l, skynet_context *ctx, const char *args, size_t sz)
{
	lua_State *L = l->L;
	l->ctx = ctx;
	lua_gc(L, LUA_GCSTOP, 0);
	luaL_openlibs(L);
	lua_pushlightuserdata(L, ctx);
	lua_setfield(L, LUA_REGISTRYINDEX, "skynet_context");
	preload(L, "skynet.core", luaopen_skynet_core);
	preload(L, "skynet.socketdriver", luaopen_skynet_socketdriver);
	preload(L, "skynet.netpack", luaopen_skynet_netpack);

	const char *path = skynet_getenv("skyglass_lua_path");
	lua_getglobal(L, "package");
	lua_pushstring(L, path ? path : "./?.lua");
	lua_setfield(L, -2, "path");
	// No C modules from disk: the bindings are linked in, and a skynet .so
	// would be built against skynet's own headers. Dropping the C searchers
	// keeps `require` errors to the Lua paths that matter.
	lua_pushstring(L, "");
	lua_setfield(L, -2, "cpath");
	lua_getfield(L, -1, "searchers");
	lua_pushnil(L);
	lua_rawseti(L, -2, 4);
	lua_pushnil(L);
	lua_rawseti(L, -2, 3);
	lua_pop(L, 2);

	std::string text(args, sz);
	std::string name = text.substr(0, text.find(' '));
	std::string rest = name.size() < text.size() ? text.substr(name.size() + 1) : "";

	const char *service_path = skynet_getenv("skyglass_luaservice");
	std::string file;
	if (name.empty() || !find_service(L, name.c_str(), service_path ? service_path : "./?.lua", file)) {
		std::string reason = name.empty() ? "no service name given"
			: "cannot find service '" + name + "':" + file;
		skynet_error(ctx, "%s", reason.c_str());
		report_launcher_error(ctx, reason.c_str());
		return 1;
	}
	lua_pushstring(L, name.c_str());
	lua_setglobal(L, "SERVICE_NAME");
	lua_pushstring(L, file.c_str());
	lua_setglobal(L, "SERVICE_PATH");

	lua_pushcfunction(L, skyglass_traceback);
	if (luaL_loadfile(L, file.c_str()) != LUA_OK) {
		std::string reason = lua_tostring(L, -1);
		skynet_error(ctx, "%s", reason.c_str());
		report_launcher_error(ctx, reason.c_str());
		return 1;
	}
	// The service's `...` are its launch arguments, split at spaces as skynet does.
	int nargs = 0;
	size_t pos = 0;
	while (pos < rest.size()) {
		size_t space = rest.find(' ', pos);
		size_t end = space == std::string::npos ? rest.size() : space;
		if (end > pos) {
			lua_pushlstring(L, rest.data() + pos, end - pos);
			nargs++;
		}
		pos = end + 1;
	}
	if (lua_pcall(L, nargs, 0, 1) != LUA_OK) {
		std::string reason = lua_tostring(L, -1);
		skynet_error(ctx, "lua loader error : %s", reason.c_str());
		report_launcher_error(ctx, reason.c_str());
		return 1;
	}
	lua_settop(L, 0);
	// Generational GC suits services: many short-lived message tables.
	lua_gc(L, LUA_GCRESTART, 0);
	lua_gc(L, LUA_GCGEN, 0, 0);
	return 0;
}

// The first message is the one snlua sent itself in init: the script to load.
// Loading happens here, on a worker, not inside LAUNCH, so a slow script does
// not hold up the service that launched it.
static int launch_cb(skynet_context *ctx, void *ud, int type, int session, uint32_t source,
	const void *msg, size_t sz)
{
	auto *l = static_cast<snlua *>(ud);
	skynet_callback(ctx, nullptr, nullptr);
	if (init_cb(l, ctx, static_cast<const char *>(msg), sz) != 0) {
		// The config's bootstrap service is the whole program: when its
		// script cannot load, the program fails (non-zero exit) rather than
		// ending quietly for want of services.
		const char *bootstrap = skynet_getenv("bootstrap");
		std::string self = std::string("snlua ") + std::string(static_cast<const char *>(msg), sz);
		if (self == (bootstrap ? bootstrap : "snlua bootstrap"))
			skynet_command(ctx, "ABORT", "1");
		skynet_command(ctx, "EXIT", nullptr);
	}
	return 0;
}

static int snlua_init(void *instance, skynet_context *ctx, const char *args)
{
	size_t sz = strlen(args);
	char *copy = static_cast<char *>(malloc(sz + 1));
	memcpy(copy, args, sz + 1);
	skynet_callback(ctx, instance, launch_cb);
	uint32_t self = skynet_context_handle(ctx);
	skynet_send(ctx, 0, self, PTYPE_TAG_DONTCOPY, 0, copy, sz);
	return 0;
}

static const skynet_module snlua_module = {"snlua", snlua_create, snlua_init, snlua_release, nullptr};

const skynet_module *snlua_module_get() { return &snlua_module; }
