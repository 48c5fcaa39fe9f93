// lua_multicast: `skynet.multicast.core`, one published buffer shared by every subscriber with a reference count.
//
// A publish packs its message once (skynet.pack). multicastd does not copy it
// for each subscriber: it sends each one a message whose body is just the
// address of an mc_package, and sets the package's count to the number of
// subscribers. Each subscriber reads the shared bytes and calls close; the
// last close frees them. So a delivery costs a pointer-sized body, not a copy
// of the message, whatever its size.
//
// A pointer cannot leave the process: between nodes (a harbor network)
// multicastd sends the packed bytes themselves (remote, tostring), and the
// multicastd that receives them makes a package of its own (packremote).
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "lua/bindings.h"

struct mc_package {
	std::atomic<int> reference;
	size_t size;
	void *data; // a skynet.pack buffer (malloc), freed by the last close
};

static mc_package *check_package(lua_State *L, int index)
{
	if (lua_type(L, index) != LUA_TLIGHTUSERDATA)
		luaL_error(L, "multicast: want a package (lightuserdata), got %s", luaL_typename(L, index));
	return static_cast<mc_package *>(lua_touserdata(L, index));
}

static void package_free(mc_package *pack)
{
	free(pack->data);
	delete pack;
}

// pack(msg, sz) -> package: takes ownership of the skynet.pack buffer.
// The size is wanted first, as skynet's (a custom pack giving one string
// fails "bad argument #2 to 'pack' (number expected, got no value)"). A
// string with its size is copied into a buffer of our own (skynet's would
// take it for a NULL buffer).
static int lpack(lua_State *L)
{
	void *data;
	size_t size = (size_t)luaL_checkinteger(L, 2);
	if (lua_type(L, 1) == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, 1, &len);
		size = size < len ? size : len;
		data = malloc(size ? size : 1);
		memcpy(data, s, size);
	} else if (lua_type(L, 1) == LUA_TLIGHTUSERDATA) {
		data = lua_touserdata(L, 1);
	} else {
		return luaL_error(L, "multicast.pack: want (lightuserdata, size) or a string, got %s", luaL_typename(L, 1));
	}
	auto *pack = new mc_package;
	pack->reference.store(0, std::memory_order_relaxed);
	pack->size = size;
	pack->data = data;
	lua_pushlightuserdata(L, pack);
	return 1;
}

// bind(package, n) -> body: n subscribers will each close it once. The body
// is the message each of them receives: the package's address, as bytes.
static int lbind(lua_State *L)
{
	mc_package *pack = check_package(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	if (n <= 0)
		return luaL_error(L, "multicast.bind: want a positive subscriber count, got %d", (int)n);
	pack->reference.store((int)n, std::memory_order_release);
	lua_pushlstring(L, reinterpret_cast<const char *>(&pack), sizeof(pack));
	return 1;
}

// unpack(msg, sz) -> package, data, size: what a subscriber receives.
static int lunpack(lua_State *L)
{
	void *msg = lua_touserdata(L, 1);
	lua_Integer sz = luaL_checkinteger(L, 2);
	if (msg == nullptr || sz != (lua_Integer)sizeof(mc_package *))
		return luaL_error(L, "multicast.unpack: a multicast message is %d bytes, got %d",
			(int)sizeof(mc_package *), (int)sz);
	mc_package *pack;
	memcpy(&pack, msg, sizeof(pack));
	lua_pushlightuserdata(L, pack);
	lua_pushlightuserdata(L, pack->data);
	lua_pushinteger(L, (lua_Integer)pack->size);
	return 3;
}

// close(package): one reader is done; the last one frees the shared buffer.
// A package never bound (no subscriber) is freed at once.
static int lclose(lua_State *L)
{
	mc_package *pack = check_package(L, 1);
	int before = pack->reference.fetch_sub(1, std::memory_order_acq_rel);
	if (before <= 1)
		package_free(pack);
	return 0;
}

// remote(package) -> data, size: hands the packed buffer out of a package
// nobody else reads (a publish to another node's channel) and frees the
// package; a redirect of (data, size) then takes the buffer without a copy.
static int lremote(lua_State *L)
{
	mc_package *pack = check_package(L, 1);
	lua_pushlightuserdata(L, pack->data);
	lua_pushinteger(L, (lua_Integer)pack->size);
	delete pack;
	return 2;
}

// packremote(msg, sz) -> package: a multicast message from another node is
// the packed bytes, not a package's address. They belong to the message,
// which is freed after its dispatch, so the package gets a copy.
static int lpackremote(lua_State *L)
{
	void *msg = lua_touserdata(L, 1);
	size_t size = (size_t)luaL_checkinteger(L, 2);
	if (msg == nullptr && size != 0)
		return luaL_error(L, "multicast.packremote: want (lightuserdata, size)");
	auto *pack = new mc_package;
	pack->reference.store(0, std::memory_order_relaxed);
	pack->size = size;
	pack->data = malloc(size ? size : 1);
	if (size)
		memcpy(pack->data, msg, size);
	lua_pushlightuserdata(L, pack);
	return 1;
}

// tostring(package) -> string: a copy of the packed bytes, for another node.
static int ltostring(lua_State *L)
{
	mc_package *pack = check_package(L, 1);
	lua_pushlstring(L, static_cast<const char *>(pack->data), pack->size);
	return 1;
}

int luaopen_skynet_multicast_core(lua_State *L)
{
	luaL_checkversion(L);
	static const luaL_Reg funcs[] = {
		{"pack", lpack},
		{"bind", lbind},
		{"unpack", lunpack},
		{"close", lclose},
		{"remote", lremote},
		{"packremote", lpackremote},
		{"tostring", ltostring},
		{nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	return 1;
}
