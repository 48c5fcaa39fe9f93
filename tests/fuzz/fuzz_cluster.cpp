// fuzz_cluster: the bodies a cluster connection delivers (skynet.cluster.core's
// unpackrequest and unpackresponse) are untrusted bytes from another process.
// Whatever they are, the unpackers return values or raise a Lua error; the
// payload copies they make are freed here, so ASan sees every overread and leak.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "lua/bindings.h"

namespace {

const char *const CHECK = R"lua(
local core, free = ...
return function(body)
	local ok, a, b, msg, sz = pcall(core.unpackrequest, body)
	if ok then
		if type(msg) == "userdata" then free(msg) end
	else
		assert(type(a) == "string", "unpackrequest raised a non-string")
	end
	core.unpackresponse(body)  -- returns nothing for a bad body, never raises
	local joined, n = core.concat({ #body, body:sub(1, #body // 2), body:sub(#body // 2 + 1) })
	assert(joined and n == #body, "concat of two halves")
	free(joined)
end
)lua";

lua_State *L;
int check_ref;

int free_message(lua_State *L) {
    std::free(lua_touserdata(L, 1));
    return 0;
}

void start_lua() {
    L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_loadstring(L, CHECK) != LUA_OK) {
        std::fprintf(stderr, "fuzz_cluster: %s\n", lua_tostring(L, -1));
        std::abort();
    }
    luaopen_skynet_cluster_core(L);
    lua_pushcfunction(L, free_message);
    lua_call(L, 2, 1);
    check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (L == nullptr) start_lua();
    lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
    lua_pushlstring(L, reinterpret_cast<const char *>(data), size);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        std::fprintf(stderr, "fuzz_cluster: %s\n", lua_tostring(L, -1));
        std::abort();
    }
    return 0;
}
