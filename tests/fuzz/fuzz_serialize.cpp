// fuzz_serialize: skynet.unpack of arbitrary bytes either returns values or raises
// skynet's "Invalid serialize stream N (line:L)" -- never a crash, a wild read or any
// other error. And whatever it returns must pack again (unless nested past pack's 32
// levels) and unpack to the same values.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "lua/serialize.h"

namespace {

// The property, in Lua: it raises if the property fails.
const char *const CHECK = R"lua(
local unpack, packstring = ...

-- Deep equality; NaN equals NaN, 1 differs from 1.0, table keys are only counted
-- (a table key is a new table after every unpack, so it cannot be looked up).
local function same(a, b)
    if type(a) ~= type(b) then return false end
    if type(a) == "number" then
        if math.type(a) ~= math.type(b) then return false end
        if a ~= a then return b ~= b end
        return a == b
    end
    if type(a) ~= "table" then return a == b end
    local count = 0
    for k, v in pairs(a) do
        count = count + 1
        if type(k) ~= "table" and not same(v, rawget(b, k)) then return false end
    end
    for _ in pairs(b) do count = count - 1 end
    return count == 0
end

return function(msg, size)
    local first = table.pack(pcall(unpack, msg, size))
    if not first[1] then
        local err = first[2]
        assert(type(err) == "string" and err:find("^Invalid serialize stream %d+ %(line:%d+%)$"),
               "unexpected unpack error: " .. tostring(err))
        return
    end
    -- As skynet's, unpack reads any depth but pack refuses past 32 levels.
    local ok, bytes = pcall(packstring, table.unpack(first, 2, first.n))
    if not ok then
        assert(tostring(bytes):find("serialize can't pack too depth table", 1, true), "unexpected pack error: " .. tostring(bytes))
        return
    end
    local second = table.pack(true, unpack(bytes))
    assert(same(first, second), "unpack(pack(values)) differs from values")
end
)lua";

lua_State *L;
int check_ref;

void start_lua() {
    L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_loadstring(L, CHECK) != LUA_OK) {
        std::fprintf(stderr, "fuzz_serialize: %s\n", lua_tostring(L, -1));
        std::abort();
    }
    lua_pushcfunction(L, seri_lua_unpack);
    lua_pushcfunction(L, seri_lua_packstring);
    lua_call(L, 2, 1);
    check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (L == nullptr) start_lua();
    lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
    // Unpacked through a pointer, as a message from another service would be:
    // the fuzzer's buffer is exactly `size` bytes, so ASan sees any overread.
    lua_pushlightuserdata(L, const_cast<uint8_t *>(data));
    lua_pushinteger(L, lua_Integer(size));
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        std::fprintf(stderr, "fuzz_serialize: %s\n", lua_tostring(L, -1));
        std::abort();
    }
    return 0;
}
