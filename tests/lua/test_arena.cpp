// test_arena: the small-object pool under each service's Lua state (lua/lua_arena.h).
#include <catch2/catch.hpp>

#include <cstring>
#include <lua.hpp>
#include <vector>

#include "lua/lua_arena.h"

namespace {

void *arena_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	return arena_realloc(*static_cast<lua_arena *>(ud), ptr, osize, nsize);
}

// Under AddressSanitizer the arena hands every block to malloc (no pages).
bool pooled()
{
	lua_arena a;
	void *p = arena_realloc(a, nullptr, 0, 16);
	bool paged = a.page_count == 1;
	arena_realloc(a, p, 16, 0);
	arena_release(a);
	return paged;
}

} // namespace

TEST_CASE("arena: a freed small block is the next one of its size class", "[arena]")
{
	if (!pooled())
		return;
	lua_arena a;
	void *p = arena_realloc(a, nullptr, LUA_TTABLE, 24); // Lua passes a type tag as osize here
	void *q = arena_realloc(a, nullptr, LUA_TSTRING, 24);
	CHECK(p != q);
	arena_realloc(a, p, 24, 0);
	CHECK(arena_realloc(a, nullptr, 0, 17) == p); // 17..24 bytes: one class
	CHECK(arena_realloc(a, nullptr, 0, 24) != p);
	CHECK(a.page_count == 1);
	arena_release(a);
	CHECK(a.page_count == 0);
}

TEST_CASE("arena: realloc keeps the contents across classes and into malloc", "[arena]")
{
	lua_arena a;
	auto *p = static_cast<char *>(arena_realloc(a, nullptr, 0, 10));
	memcpy(p, "abcdefghij", 10);
	void *grown = arena_realloc(a, p, 10, 16);
	if (pooled())
		CHECK(grown == static_cast<void *>(p)); // same class: the block has room
	auto *q = static_cast<char *>(arena_realloc(a, grown, 16, 200));
	CHECK(memcmp(q, "abcdefghij", 10) == 0);
	auto *big = static_cast<char *>(arena_realloc(a, q, 200, 4 * ARENA_SMALL_MAX));
	CHECK(memcmp(big, "abcdefghij", 10) == 0);
	auto *back = static_cast<char *>(arena_realloc(a, big, 4 * ARENA_SMALL_MAX, 12));
	CHECK(memcmp(back, "abcdefghij", 10) == 0);
	arena_realloc(a, back, 12, 0);
	arena_release(a);
}

TEST_CASE("arena: blocks of every small size fill pages without overlapping", "[arena]")
{
	lua_arena a;
	std::vector<std::pair<unsigned char *, size_t>> blocks;
	for (int round = 0; round < 20; round++)
		for (size_t size = 1; size <= ARENA_SMALL_MAX; size += 7) {
			auto *p = static_cast<unsigned char *>(arena_realloc(a, nullptr, 0, size));
			REQUIRE(p != nullptr);
			CHECK(reinterpret_cast<uintptr_t>(p) % ARENA_GRAIN == 0);
			memset(p, int(blocks.size() & 0xff), size);
			blocks.emplace_back(p, size);
		}
	if (pooled())
		CHECK(a.page_count > 1);
	for (size_t i = 0; i < blocks.size(); i++) {
		auto [p, size] = blocks[i];
		for (size_t k = 0; k < size; k++)
			REQUIRE(p[k] == (i & 0xff));
		arena_realloc(a, p, size, 0);
	}
	arena_release(a);
}

TEST_CASE("arena: a Lua state runs, collects and closes on an arena", "[arena]")
{
	lua_arena a;
	lua_State *L = lua_newstate(arena_lua_alloc, &a);
	REQUIRE(L != nullptr);
	luaL_openlibs(L);
	const char *code =
		"local t = {}\n"
		"for i = 1, 20000 do t[i] = { i, tostring(i), function() return i end } end\n"
		"for i = 1, 20000, 2 do t[i] = nil end\n"
		"collectgarbage()\n"
		"local s = 0\n"
		"for i = 2, 20000, 2 do s = s + t[i][3]() + #t[i][2] end\n"
		"return s, string.rep('x', 1000) .. 'y'\n";
	REQUIRE(luaL_dostring(L, code) == LUA_OK);
	CHECK(lua_tointeger(L, -2) == 100010000 + 44449);
	CHECK(lua_rawlen(L, -1) == 1001);
	lua_settop(L, 0);
	a.closing = true;
	lua_close(L);
	arena_release(a);
	CHECK(a.pages == nullptr);
}
