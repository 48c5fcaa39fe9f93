// lua_memory: the `skynet.memory` module (lua-memory.c's twin): how much memory
// the services hold.
//
// skynet counts every skynet_malloc block per service through its allocator hook
// (its Lua heaps are not counted there). skyglass has no hook on malloc, so it
// counts what it does own: each Lua service's heap (lua/memory_stats.h). The
// process-wide figures come from glibc (mallinfo2); jemalloc's controls (mallctl,
// heap profiles) answer as skynet does when built without jemalloc.
#include <malloc.h>

#include "kernel/skynet.h"
#include "lua/bindings.h"
#include "lua/memory_stats.h"

namespace {

skynet_context *context_of(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "skynet_context");
	auto *ctx = static_cast<skynet_context *>(lua_touserdata(L, -1));
	lua_pop(L, 1);
	return ctx;
}

struct totals {
	size_t bytes = 0;
	size_t blocks = 0;
};

totals sum_all()
{
	totals t;
	for (const memory_usage &u : memory_stats_all()) {
		t.bytes += u.bytes;
		t.blocks += u.blocks;
	}
	return t;
}

// memory.total() -> bytes held by all Lua services
int ltotal(lua_State *L)
{
	lua_pushinteger(L, lua_Integer(sum_all().bytes));
	return 1;
}

// memory.block() -> blocks held by all Lua services
int lblock(lua_State *L)
{
	lua_pushinteger(L, lua_Integer(sum_all().blocks));
	return 1;
}

// memory.info() -> { [handle] = bytes } for every Lua service
int linfo(lua_State *L)
{
	std::vector<memory_usage> all = memory_stats_all();
	lua_createtable(L, 0, int(all.size()));
	for (const memory_usage &u : all) {
		lua_pushinteger(L, lua_Integer(u.bytes));
		lua_rawseti(L, -2, lua_Integer(u.handle));
	}
	return 1;
}

// memory.current() -> bytes held by the calling service
int lcurrent(lua_State *L)
{
	skynet_context *ctx = context_of(L);
	lua_pushinteger(L, ctx ? lua_Integer(memory_stats_of(skynet_context_handle(ctx))) : 0);
	return 1;
}

// memory.dump(): one log line per service, then the total (skynet's dump_c_mem).
int ldump(lua_State *L)
{
	skynet_context *ctx = context_of(L);
	skynet_error(ctx, "dump all service mem:");
	size_t total = 0;
	for (const memory_usage &u : memory_stats_all()) {
		total += u.bytes;
		skynet_error(ctx, ":%08x -> %zukb %zub", u.handle, u.bytes >> 10, u.bytes);
	}
	skynet_error(ctx, "+total: %zukb", total >> 10);
	return 0;
}

// memory.dumpinfo([opts]): the allocator's own figures, in the log (skynet prints
// jemalloc's statistics; this is glibc's malloc, and opts is not used).
int ldumpinfo(lua_State *L)
{
	struct mallinfo2 mi = mallinfo2();
	skynet_error(context_of(L),
		"malloc (glibc): %zu bytes in use, %zu in %zu mmapped blocks, %zu free in a heap of %zu",
		mi.uordblks + mi.hblkhd, mi.hblkhd, mi.hblks, mi.fordblks, mi.arena);
	return 0;
}

// memory.jestat() -> jemalloc's five totals, filled from glibc's nearest figures.
int ljestat(lua_State *L)
{
	struct mallinfo2 mi = mallinfo2();
	size_t in_use = mi.uordblks + mi.hblkhd;
	size_t mapped = mi.arena + mi.hblkhd;
	// When another allocator stands in for glibc's (ASan's does), mallinfo2 says 0:
	// the Lua heaps this runtime counts itself are then the best lower bound.
	if (in_use == 0) {
		for (const memory_usage &u : memory_stats_all())
			in_use += u.bytes;
		mapped = in_use;
	}
	const struct {
		const char *name;
		size_t value;
	} stats[] = {
		{"stats.allocated", in_use}, {"stats.active", in_use}, {"stats.resident", mapped},
		{"stats.mapped", mapped},    {"stats.retained", mi.fordblks},
	};
	lua_createtable(L, 0, 5);
	for (const auto &s : stats) {
		lua_pushinteger(L, lua_Integer(s.value));
		lua_setfield(L, -2, s.name);
	}
	return 1;
}

// jemalloc's controls: what skynet says when it is built without jemalloc.
int lmallctl(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	skynet_error(context_of(L), "No jemalloc : mallctl_int64 %s.", name);
	lua_pushinteger(L, 0);
	return 1;
}

int ldumpheap(lua_State *L)
{
	skynet_error(context_of(L), "No jemalloc : mallctl_cmd prof.dump.");
	return 0;
}

int lprofactive(lua_State *L)
{
	skynet_error(context_of(L), "No jemalloc : mallctl_bool prof.active.");
	lua_pushboolean(L, 0);
	return 1;
}

}  // namespace

int luaopen_skynet_memory(lua_State *L)
{
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {
		{"total", ltotal},     {"block", lblock},       {"info", linfo},
		{"current", lcurrent}, {"dump", ldump},         {"dumpinfo", ldumpinfo},
		{"jestat", ljestat},   {"mallctl", lmallctl},   {"dumpheap", ldumpheap},
		{"profactive", lprofactive}, {nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	return 1;
}
