// test_dump_strip: a Lua chunk without its local names still loads, runs and reports file:line (lua/dump_strip.cpp).
#include <catch2/catch.hpp>

#include <lua.hpp>
#include <cstring>
#include <string>

#include "lua/dump_strip.h"

namespace {

int append(lua_State *, const void *p, size_t sz, void *ud)
{
	static_cast<std::string *>(ud)->append(static_cast<const char *>(p), sz);
	return 0;
}

// `source` compiled as "@lib.lua" and dumped with its debug info.
std::string dump_of(lua_State *L, const char *source)
{
	REQUIRE(luaL_loadbuffer(L, source, strlen(source), "@lib.lua") == LUA_OK);
	std::string chunk;
	REQUIRE(lua_dump(L, append, &chunk, 0) == 0);
	lua_pop(L, 1);
	return chunk;
}

// Loads `chunk` and calls it with no arguments; the error or first result as text.
std::string run(lua_State *L, const std::string &chunk)
{
	if (luaL_loadbufferx(L, chunk.data(), chunk.size(), "=chunk", "b") != LUA_OK) {
		std::string err = lua_tostring(L, -1);
		lua_pop(L, 1);
		return "load error: " + err;
	}
	lua_pcall(L, 0, 1, 0);
	std::string out = luaL_tolstring(L, -1, nullptr);
	lua_pop(L, 2);
	return out;
}

// Nested functions, upvalues, every kind of constant, a long string, many
// locals and lines, and an error raised on a known line.
const char *const LIBRARY = R"(
local big = string.rep("x", 100)
local up = { n = 1.5, i = 7, t = true, f = false }
local function helper(a, b)
	local sum = a + b + up.i
	for i = 1, 3 do sum = sum + i end
	return sum
end
local function fails(x)
	local y = nil
	return y.field -- line 11
end
return function(what)
	if what == "total" then return helper(up.i, #big) + up.n end
	if what == "local" then return debug.getlocal(1, 1) end
	if what == "upvalue" then return (debug.getupvalue(helper, 1)) or "none" end
	if what == "lines" then
		local ok, err = pcall(fails, 1)
		return err
	end
	if what == "traceback" then
		local ok, err = xpcall(fails, debug.traceback, 1)
		return err
	end
end
)";

// The chunk's returned function called with `what`.
std::string call(lua_State *L, const std::string &chunk, const char *what)
{
	REQUIRE(luaL_loadbufferx(L, chunk.data(), chunk.size(), "=chunk", "b") == LUA_OK);
	REQUIRE(lua_pcall(L, 0, 1, 0) == LUA_OK);
	lua_pushstring(L, what);
	REQUIRE(lua_pcall(L, 1, 1, 0) == LUA_OK);
	std::string out = luaL_tolstring(L, -1, nullptr);
	lua_pop(L, 2);
	return out;
}

} // namespace

TEST_CASE("dump_strip: the stripped chunk is smaller, runs the same and keeps lines and upvalue names",
	"[dump_strip]")
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	std::string full = dump_of(L, LIBRARY), stripped;
	REQUIRE(dump_strip_locals(full, stripped));
	CHECK(stripped.size() < full.size());
	CHECK(stripped.find("sum") == std::string::npos); // a local's name only
	CHECK(full.find("sum") != std::string::npos);

	CHECK(call(L, stripped, "total") == call(L, full, "total"));
	CHECK(call(L, full, "total") == "121.5");
	// what is kept: the file:line of an error and of a traceback's frames
	CHECK(call(L, stripped, "lines").rfind("lib.lua:11: attempt to index a nil value", 0) == 0);
	std::string traceback = call(L, stripped, "traceback");
	CHECK(traceback.find("lib.lua:11: in") != std::string::npos);
	CHECK(traceback.find("lib.lua:22: in") != std::string::npos);
	CHECK(call(L, stripped, "upvalue") == "up");
	// what is lost: local names
	CHECK(call(L, full, "lines").find("(local 'y')") != std::string::npos);
	CHECK(call(L, stripped, "lines").find("(local 'y')") == std::string::npos);
	CHECK(call(L, full, "local") == "what");
	CHECK(call(L, stripped, "local") == "(temporary)");

	// Stripping twice changes nothing more.
	std::string again;
	REQUIRE(dump_strip_locals(stripped, again));
	CHECK(again == stripped);
	lua_close(L);
}

TEST_CASE("dump_strip: a chunk of another format or a damaged one is refused, never half-rewritten",
	"[dump_strip]")
{
	lua_State *L = luaL_newstate();
	std::string full = dump_of(L, LIBRARY), out = "left over";
	CHECK_FALSE(dump_strip_locals("return 1", out)); // source text
	CHECK(out.empty());
	CHECK_FALSE(dump_strip_locals("", out));
	std::string other_version = full;
	other_version[4] = 0x53; // Lua 5.3
	CHECK_FALSE(dump_strip_locals(other_version, out));
	// Cut anywhere after the header: never accepted.
	for (size_t cut = 40; cut < full.size(); cut += 7) {
		INFO("cut at " << cut);
		CHECK_FALSE(dump_strip_locals(full.substr(0, cut), out));
		CHECK(out.empty());
	}
	CHECK_FALSE(dump_strip_locals(full + "x", out)); // trailing bytes
	// An unknown constant tag (the first constant of the main function).
	std::string tag = dump_of(L, "return 'k'");
	size_t at = tag.find('k') - 2; // the tag, then the length 2 (+1, high bit set)
	REQUIRE(static_cast<unsigned char>(tag[at]) == 4);
	tag[at] = 9;
	CHECK_FALSE(dump_strip_locals(tag, out));
	CHECK(run(L, tag).rfind("load error", 0) == 0); // Lua refuses it too
	lua_close(L);
}
