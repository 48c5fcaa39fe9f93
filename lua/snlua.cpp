// snlua: loads a Lua service script into its own state and hands it the service's messages.
#include "lua/snlua.h"

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "kernel/memory.h"
#include "kernel/skynet.h"
#include "lua/bindings.h"
#include "lua/dispatch_state.h"
#include "lua/lua_arena.h"
#include "lua/memory_stats.h"
#include "lua/dispatch_fast.h"

// Lua's memory passes this, then each doubling of it: a log line (skynet's
// "Memory warning"). Not a limit: `memlimit` (below) is one.
static constexpr size_t MEMORY_WARNING_REPORT = 32u << 20;

struct snlua {
	lua_State *L = nullptr;
	skynet_context *ctx = nullptr;
	// Lua's allocations, counted by snlua_alloc (only this service's worker
	// allocates, so no atomics).
	size_t mem = 0;
	size_t mem_report = MEMORY_WARNING_REPORT;
	size_t mem_limit = 0; // 0: none
	memory_slot stats;    // `mem` and the block count, for skynet.memory (lua/memory_stats.h)
	lua_arena arena;      // where the state's blocks live (lua/lua_arena.h)
	core_self self;       // what skynet.core's functions find in the state's extra space (lua/dispatch_state.h)
	// The coroutine running now (see snlua_resume), for the signal hook.
	std::atomic<lua_State *> active{nullptr};
	std::atomic<bool> trap{false};
};

// Every allocation the fast path below does not take: large blocks, a new
// page, growing or shrinking a block, the memory limit and the warning.
[[gnu::noinline]] static void *snlua_alloc_slow(snlua *l, void *ptr, size_t osize, size_t nsize)
{
	if (nsize == 0) {
		if (ptr == nullptr)
			return nullptr;
		arena_free(l->arena, ptr, osize);
		// lua_close (snlua_release): the service is off the books already,
		// so its ~2,500 frees count nothing.
		if (!l->arena.closing) {
			l->mem -= osize;
			memory_slot_record(l->stats, l->mem, ptr, 0);
		}
		return nullptr;
	}
	size_t before = l->mem;
	l->mem += nsize;
	if (ptr)
		l->mem -= osize;
	// Over the limit: refuse to grow (Lua raises "not enough memory"), but
	// always let a block shrink, or the collector could not free anything.
	if (l->mem_limit != 0 && l->mem > l->mem_limit && (ptr == nullptr || nsize > osize)) {
		l->mem = before;
		return nullptr;
	}
	if (l->mem > l->mem_report) {
		l->mem_report *= 2;
		if (l->ctx)
			skynet_error(l->ctx, "Memory warning %.2f M", double(l->mem) / (1024 * 1024));
	}
	void *p = ptr == nullptr ? arena_alloc(l->arena, nsize) : arena_realloc(l->arena, ptr, osize, nsize);
	if (p == nullptr)
		l->mem = before;
	else
		memory_slot_record(l->stats, l->mem, ptr, nsize);
	return p;
}

// Lua's allocator for a service's state. Most calls are a small block taken
// from or given back to the arena (~3,700 per create+kill of a plain
// service): those are done here, with no call, so the function needs no
// stack frame; everything else goes to snlua_alloc_slow. What it buys: the
// whole allocator in one function saved and restored six registers on every
// call, ~14 of its ~35 instructions: 1,429 -> 1,380 K instructions per
// create+kill (callgrind, bench_spawn).
static void *snlua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	auto *l = static_cast<snlua *>(ud);
	if (nsize == 0) {
		if (ptr == nullptr)
			return nullptr; // Lua frees empty vectors too
		if (arena_free_small(l->arena, ptr, osize)) {
			if (!l->arena.closing) {
				l->mem -= osize;
				memory_slot_record(l->stats, l->mem, ptr, 0);
			}
			return nullptr;
		}
	} else if (ptr == nullptr) {
		size_t mem = l->mem + nsize;
		if (mem <= l->mem_report && (l->mem_limit == 0 || mem <= l->mem_limit)) {
			if (void *p = arena_alloc_small(l->arena, nsize)) {
				l->mem = mem;
				memory_slot_record(l->stats, mem, nullptr, nsize);
				return p;
			}
		}
	}
	return snlua_alloc_slow(l, ptr, osize, nsize);
}

static void *snlua_create()
{
	auto *l = new snlua;
	l->L = lua_newstate(snlua_alloc, l);
	// before any coroutine exists: each copies the main thread's extra space
	if (l->L != nullptr)
		*static_cast<core_self **>(lua_getextraspace(l->L)) = &l->self;
	return l;
}

// --- signal 0: break a dispatch stuck in a loop -------------------------
// A hook runs inside the Lua code that is looping; raising an error there
// ends the coroutine as any error would. lua_sethook is the one Lua call
// that may come from another thread: it is how Lua lets a signal stop code.

static void signal_hook(lua_State *L, lua_Debug *)
{
	lua_sethook(L, nullptr, 0, 0);
	void *ud = nullptr;
	lua_getallocf(L, &ud);
	auto *l = static_cast<snlua *>(ud);
	if (l->trap.exchange(false))
		luaL_error(L, "signal 0");
}

// lua_resume, keeping track of the running coroutine: the hook must be set
// on the thread that loops, and a signal can come at any time.
int snlua_resume_thread(lua_State *L, lua_State *co, int narg, int *nres)
{
	void *ud = nullptr;
	lua_getallocf(L, &ud);
	auto *l = static_cast<snlua *>(ud);
	// Only this thread writes `active`; the signal thread only reads it. A
	// plain load and a release store do, where an exchange is a locked
	// instruction twice per message (~3% of a one-way message's cost).
	lua_State *outer = l->active.load(std::memory_order_relaxed);
	l->active.store(co, std::memory_order_release);
	if (l->trap.load(std::memory_order_relaxed))
		lua_sethook(co, signal_hook, LUA_MASKCOUNT, 1);
	int status = lua_resume(co, L, narg, nres);
	l->active.store(outer, std::memory_order_release);
	return status;
}

// coroutine.resume, through snlua_resume_thread. As skynet's (its snlua's
// profiling resume), a non-thread argument is "thread expected".
static int snlua_resume(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTHREAD);
	lua_State *co = lua_tothread(L, 1);
	int narg = lua_gettop(L) - 1;
	if (!lua_checkstack(co, narg)) {
		lua_pushboolean(L, 0);
		lua_pushliteral(L, "too many arguments to resume");
		return 2;
	}
	lua_xmove(L, co, narg);
	int nres = 0;
	int status = snlua_resume_thread(L, co, narg, &nres);
	if (status == LUA_OK || status == LUA_YIELD) {
		if (!lua_checkstack(L, nres + 1)) {
			lua_pop(co, nres);
			lua_pushboolean(L, 0);
			lua_pushliteral(L, "too many results to resume");
			return 2;
		}
		lua_pushboolean(L, 1);
		lua_xmove(co, L, nres);
		return nres + 1;
	}
	lua_pushboolean(L, 0);
	lua_xmove(co, L, 1); // the error
	return 2;
}

// The module's signal (skynet's snlua_signal): 0 breaks the running Lua code
// with the error "signal 0"; 1 logs the memory in use.
static void snlua_signal(void *instance, int signal)
{
	auto *l = static_cast<snlua *>(instance);
	skynet_error(l->ctx, "recv a signal %d", signal);
	if (signal == 0) {
		lua_State *active = l->active.load();
		if (active && !l->trap.exchange(true))
			lua_sethook(active, signal_hook, LUA_MASKCOUNT, 1);
	} else if (signal == 1) {
		skynet_error(l->ctx, "Current Memory %.3fK", double(l->mem) / 1024);
	}
}

static void snlua_release(void *instance)
{
	auto *l = static_cast<snlua *>(instance);
	memory_stats_unregister(&l->stats);
	size_t held = l->mem; // lua_close brings it to 0
	// Closing frees every block; the small ones go with their pages after.
	// Nothing is counted any more: a finalizer's allocations are not
	// refused or reported as a memory warning.
	l->arena.closing = true;
	l->mem_limit = 0;
	l->mem_report = SIZE_MAX;
	lua_close(l->L);
	arena_release(l->arena);
	memory_released(held + sizeof(snlua));
	delete l;
}

static std::string replace_all(std::string text, const std::string &name)
{
	for (size_t at = text.find('?'); at != std::string::npos; at = text.find('?', at + name.size()))
		text.replace(at, 1, name);
	return text;
}

// Find `name` along the `;`-separated patterns of `luaservice`. On success
// `found` is the file and `pattern` the pattern that matched; otherwise
// `found` lists the files tried, one per line, as skynet's loader reports.
static bool find_service(const std::string &name, const std::string &paths, std::string &found,
	std::string &pattern)
{
	std::string tried;
	size_t pos = 0;
	while (pos <= paths.size()) {
		size_t end = paths.find(';', pos);
		if (end == std::string::npos)
			end = paths.size();
		std::string pat = paths.substr(pos, end - pos);
		pos = end + 1;
		if (pat.empty())
			continue;
		std::string file = replace_all(pat, name);
		if (FILE *f = fopen(file.c_str(), "r")) {
			fclose(f);
			found = file;
			pattern = pat;
			return true;
		}
		// skynet's loader words each miss as loadfile does
		if (!tried.empty())
			tried += '\n';
		tried += "cannot open " + file + ": " + std::strerror(errno);
	}
	found = tried;
	return false;
}

static void report_launcher_error(skynet_context *ctx, const char *reason);

// A service found nowhere: raise the misses from lua/lualib/loader.lua so
// the log line is skynet's loader error, positioned at loader.lua:N and with
// its traceback (the launcher's caller gets `call failed`).
static void report_missing_service(lua_State *L, skynet_context *ctx, const std::string &tried)
{
	lua_pushcfunction(L, skyglass_traceback);
	std::string reason = tried;
	if (luaL_loadfile(L, SKYGLASS_ROOT "/lua/lualib/loader.lua") == LUA_OK) {
		lua_pushlstring(L, tried.data(), tried.size());
		if (lua_pcall(L, 1, 0, -3) != LUA_OK && lua_type(L, -1) == LUA_TSTRING)
			reason = lua_tostring(L, -1);
	} else if (const char *err = lua_tostring(L, -1)) {
		reason = tried + "\n(" + err + ")";
	}
	lua_settop(L, 0);
	skynet_error(ctx, "lua loader error : %s", reason.c_str());
	report_launcher_error(ctx, reason.c_str());
}

// SERVICE_PATH is the folder of the pattern that matched, '?' filled in. When
// the service is a folder of its own ("service/?/main.lua"), that folder goes
// first on package.path so the service's own modules are found (as skynet).
static void set_service_path(lua_State *L, const std::string &pattern, const std::string &name)
{
	size_t slash = pattern.rfind('/');
	std::string dir = slash == std::string::npos ? "./" : pattern.substr(0, slash + 1);
	bool own_folder = slash != std::string::npos && pattern.find('?', slash) == std::string::npos;
	dir = replace_all(dir, name);
	lua_pushstring(L, dir.c_str());
	lua_setglobal(L, "SERVICE_PATH");
	if (own_folder) {
		lua_getglobal(L, "package");
		lua_getfield(L, -1, "path");
		std::string path = dir + "?.lua;" + lua_tostring(L, -1);
		lua_pop(L, 1);
		lua_pushstring(L, path.c_str());
		lua_setfield(L, -2, "path");
		lua_pop(L, 1);
	}
}

static void report_launcher_error(skynet_context *ctx, const char *reason);

// Runs lualib's skynet/loader_init.lua (skynet.require in place of require,
// then the `preload` file) with the service's arguments; its error is the
// service's launch error. On success it leaves on the stack the function
// that calls the main chunk (run_main in loader_init.lua).
static int run_before_main(lua_State *L, skynet_context *ctx, const std::string &args)
{
	lua_getglobal(L, "require");
	lua_pushliteral(L, "skynet.loader_init");
	if (lua_pcall(L, 1, 1, 1) != LUA_OK) {
		std::string reason = lua_tostring(L, -1);
		skynet_error(ctx, "lua loader error : %s", reason.c_str());
		report_launcher_error(ctx, reason.c_str());
		return 1;
	}
	lua_pushlstring(L, args.data(), args.size());
	if (lua_pcall(L, 1, 1, 1) != LUA_OK) {
		std::string reason = lua_tostring(L, -1);
		skynet_error(ctx, "lua loader error : %s", reason.c_str());
		report_launcher_error(ctx, reason.c_str());
		return 1;
	}
	return 0;
}

// skyglass's C modules, built in (skynet loads its own from luaclib/*.so).
struct builtin_module {
	const char *name;
	lua_CFunction open;
};
static const builtin_module builtin_modules[] = {
	{"skynet.core", luaopen_skynet_core},
	{"skynet.socketdriver", luaopen_skynet_socketdriver},
	{"skynet.netpack", luaopen_skynet_netpack},
	{"skynet.crypt", luaopen_skynet_crypt},
	{"ltls.c", luaopen_ltls_c},
	{"ltls.init.c", luaopen_ltls_init_c},
	{"skyglass.prototrace", luaopen_skyglass_prototrace},
	{"skynet.multicast.core", luaopen_skynet_multicast_core},
	{"skynet.sharedata.core", luaopen_skynet_sharedata_core},
	{"sproto.core", luaopen_sproto_core},
	{"skynet.cluster.core", luaopen_skynet_cluster_core},
	{"bson", luaopen_bson},
	{"skynet.stm", luaopen_skynet_stm},
	{"skynet.datasheet.core", luaopen_skynet_datasheet_core},
	{"skynet.memory", luaopen_skynet_memory},
	{"md5.core", luaopen_md5_core},
	{"skynet.mongo.driver", luaopen_skynet_mongo_driver},
	{"skynet.codecache", luaopen_skynet_codecache},
#ifdef SKYGLASS_HAVE_LPEG
	{"lpeg", luaopen_lpeg}, // for sprotoparser (lua/CMakeLists.txt)
#endif
};

// package.searchers[3], the C-module searcher: a built-in module first
// (its loader data ":preload:", as when it was in package.preload), then
// Lua's own C searcher along package.cpath (upvalue 1), so a skynet-built
// skynet.so on lua_cpath is never picked up. What it buys: these were 18
// package.preload entries set in every new state (~25 K instructions of
// a create+kill, bench_spawn); package.preload is now empty, as on skynet.
static int builtin_searcher(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	for (const builtin_module &m : builtin_modules) {
		if (strcmp(m.name, name) == 0) {
			lua_pushcfunction(L, m.open);
			lua_pushliteral(L, ":preload:");
			return 2;
		}
	}
	lua_settop(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 1, LUA_MULTRET);
	return lua_gettop(L);
}

static void install_builtin_searcher(lua_State *L)
{
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "searchers");
	lua_rawgeti(L, -1, 3);
	lua_pushcclosure(L, builtin_searcher, 1);
	lua_rawseti(L, -2, 3);
	lua_pop(L, 2);
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
	l->self.ctx = ctx;
	memory_stats_register(&l->stats, skynet_context_handle(ctx));
	lua_gc(L, LUA_GCSTOP, 0);
	// As skynet: the package library ignores LUA_PATH/LUA_CPATH in the
	// environment (package.path is the config's anyway).
	lua_pushboolean(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
	luaL_openlibs(L);
	skyglass_install_wording(L);
	skyglass_install_stdlib55(L);
	lua_pushlightuserdata(L, ctx);
	lua_setfield(L, LUA_REGISTRYINDEX, "skynet_context");
	install_builtin_searcher(L);
	// skynet.core is in package.loaded before any Lua runs: every service
	// requires it (skynet.lua, loader_init), and the first require walked
	// package.path for a Lua file of that name before the built-in searcher
	// found it: three failed open() calls per service, and 1,380 -> 1,356 K
	// instructions per create+kill (callgrind, bench_spawn).
	luaL_requiref(L, "skynet.core", luaopen_skynet_core, 0);
	lua_pop(L, 1);
	lua_getglobal(L, "coroutine");
	lua_pushcfunction(L, snlua_resume);
	lua_setfield(L, -2, "resume");
	lua_pop(L, 1);
	l->active.store(L);
	// loadfile and require's Lua-file searcher go through the shared code cache.
	luaL_requiref(L, "skynet.codecache", luaopen_skynet_codecache, 0);
	lua_getfield(L, -1, "loadfile");
	lua_setglobal(L, "loadfile");
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "searchers");
	lua_pushcfunction(L, codecache_searcher);
	lua_rawseti(L, -2, 2);
	lua_pop(L, 3);

	const char *path = skynet_getenv("skyglass_lua_path");
	lua_getglobal(L, "package");
	lua_pushstring(L, path ? path : "./?.lua");
	lua_setfield(L, -2, "path");
	// C modules: the config's lua_cpath first, then Lua's default places
	// (where Debian installs lua-lpeg and friends). skyglass's own bindings
	// are found first (builtin_searcher), so a skynet-built skynet.so is never picked up.
	if (const char *cpath = skynet_getenv("lua_cpath")) {
		lua_getfield(L, -1, "cpath");
		std::string all = std::string(cpath) + ";" + lua_tostring(L, -1);
		lua_pop(L, 1);
		lua_pushstring(L, all.c_str());
		lua_setfield(L, -2, "cpath");
	}
	lua_pop(L, 1);

	// The service's name and its `...`: the words of its launch arguments,
	// split at any blank (spaces, tabs) as skynet's loader splits them.
	std::vector<std::string> words;
	for (size_t pos = 0; pos < sz;) {
		size_t end = pos;
		while (end < sz && !isspace(static_cast<unsigned char>(args[end])))
			++end;
		if (end > pos)
			words.emplace_back(args + pos, end - pos);
		pos = end + 1;
	}
	std::string name = words.empty() ? "" : words[0];
	std::string rest;
	for (size_t i = 1; i < words.size(); ++i)
		rest += (i > 1 ? " " : "") + words[i];

	const char *service_path = skynet_getenv("skyglass_luaservice");
	std::string paths = service_path ? service_path : "./?.lua";
	// The code cache remembers where a service was found ("pattern\nfile"),
	// so a new instance of it does not walk the path again.
	std::string file, pattern, known;
	if (!name.empty() && codecache_find(L, paths, name, known)) {
		size_t cut = known.find('\n');
		pattern = known.substr(0, cut);
		file = known.substr(cut + 1);
	} else if (name.empty() || !find_service(name, paths, file, pattern)) {
		std::string reason = name.empty() ? "" : file; // "": loader.lua fails as skynet's
		// skynet lists the config's luaservice in order; our own service
		// folder (searched first, see set_default_paths) is listed last.
		size_t first = reason.find('\n');
		if (!name.empty() && first != std::string::npos)
			reason = reason.substr(first + 1) + '\n' + reason.substr(0, first);
		report_missing_service(L, ctx, reason);
		return 1;
	} else {
		codecache_found(L, paths, name, pattern + '\n' + file);
	}
	lua_pushstring(L, name.c_str());
	lua_setglobal(L, "SERVICE_NAME");
	set_service_path(L, pattern, name);

	lua_pushcfunction(L, skyglass_traceback);
	if (codecache_loadfile(L, file.c_str(), nullptr) != LUA_OK) {
		// as skynet's loader raises it: a syntax error is one of its misses,
		// raised from loader.lua (so positioned there)
		std::string reason = lua_tostring(L, -1);
		lua_settop(L, 0);
		report_missing_service(L, ctx, reason);
		return 1;
	}
	// `require` that may yield (skynet.require), and the config's `preload`
	// script, run with the service's arguments before the service itself.
	if (run_before_main(L, ctx, rest) != 0)
		return 1;
	// The chunk runs through loader_init's run_main (a traceback's frame
	// names it as skynet's loader does); the chunk is its first argument.
	lua_insert(L, -2);
	// The service's `...` are its launch arguments' words after its name.
	int nargs = 1;
	for (size_t i = 1; i < words.size(); ++i) {
		lua_pushlstring(L, words[i].data(), words[i].size());
		nargs++;
	}
	if (lua_pcall(L, nargs, 0, 1) != LUA_OK) {
		std::string reason = lua_tostring(L, -1);
		skynet_error(ctx, "lua loader error : %s", reason.c_str());
		report_launcher_error(ctx, reason.c_str());
		return 1;
	}
	lua_settop(L, 0);
	// skynet's memlimit: a service may set the registry's "memlimit" while
	// it loads (skynet.memlimit); from then on Lua's memory is capped.
	if (lua_getfield(L, LUA_REGISTRYINDEX, "memlimit") == LUA_TNUMBER) {
		l->mem_limit = size_t(lua_tointeger(L, -1));
		skynet_error(ctx, "Set memory limit to %.2f M", double(l->mem_limit) / (1024 * 1024));
		lua_pushnil(L);
		lua_setfield(L, LUA_REGISTRYINDEX, "memlimit");
	}
	lua_pop(L, 1);
	// Generational GC suits services: many short-lived message tables.
	// Entering it is a full collection, so what loading the script left
	// behind (temporary strings, the main chunks) goes now, while it is known
	// garbage: an idle service then costs only what it keeps (lesson 03's
	// agents: one per connection). One collection, not a LUA_GCCOLLECT
	// first as well: that second full pass cost ~15% of a service's creation.
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

static const skynet_module snlua_module = {"snlua", snlua_create, snlua_init, snlua_release, snlua_signal};

const skynet_module *snlua_module_get() { return &snlua_module; }
