// fuzz_bson: bson.decode of arbitrary bytes (a reply from a database is untrusted)
// returns a table or raises a string error -- never a crash or a read past the
// buffer. A document that decodes is encoded again and decoded again, neither of
// which may crash (each may raise: a decoded string need not be valid UTF-8, which
// encode checks).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "lua/bindings.h"

namespace {

const char *const CHECK = R"lua(
local bson = ...
return function(bytes)
	local ok, doc = pcall(bson.decode, bytes)
	if not ok then
		assert(type(doc) == "string", "decode raised a non-string")
		return
	end
	assert(type(doc) == "table", "decode returned no table")
	local encoded_ok, encoded = pcall(bson.encode, doc)
	if encoded_ok then
		-- What encode wrote decodes, or raises a clear error. Not always the
		-- former: a wire string that begins with "\0" and a type byte reads back
		-- as skynet's tagged value of that type (as on skynet), and encode copies
		-- a JS code, symbol, DB pointer or code-with-scope tag's bytes unchecked.
		local again_ok, again = pcall(bson.decode, encoded)
		assert(type(again) == (again_ok and "table" or "string"), "decode of encode's bytes")
	end
end
)lua";

lua_State *L;
int check_ref;

void start_lua() {
    L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_loadstring(L, CHECK) != LUA_OK) {
        std::fprintf(stderr, "fuzz_bson: %s\n", lua_tostring(L, -1));
        std::abort();
    }
    luaopen_bson(L);
    lua_call(L, 1, 1);
    check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (L == nullptr) start_lua();
    lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
    lua_pushlstring(L, reinterpret_cast<const char *>(data), size);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        std::fprintf(stderr, "fuzz_bson: %s\n", lua_tostring(L, -1));
        std::abort();
    }
    return 0;
}
