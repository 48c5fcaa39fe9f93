// lua_sproto: the `sproto.core` binding: sproto's zero-packing (pack/unpack) and the
// process-wide schema store behind sprotoloader (saveproto/loadproto).
//
// Encoding and decoding live in Lua (lua/lualib/sproto/wire.lua): they walk Lua
// tables, which Lua does plainly. Packing works byte by byte over every message,
// which is where C++ pays. The format is in docs/wire-formats.md.
//
// Zero-packing, in short: the message is cut into 8-byte words (the last one
// padded with zeros). A word becomes a mask byte (bit i set = byte i is not zero)
// followed by its non-zero bytes. A run of dense words is cheaper raw: 0xff, then
// N-1 (N = the number of words, 1..256), then the N*8 bytes as they are.
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include <lua.hpp>

#include "lua/bindings.h"

namespace {

// The message to (un)pack: a string, or a lightuserdata and a size (a netpack
// message handed over without a copy).
const uint8_t *message_arg(lua_State *L, size_t *size) {
    if (lua_type(L, 1) == LUA_TLIGHTUSERDATA) {
        lua_Integer n = luaL_checkinteger(L, 2);
        luaL_argcheck(L, n >= 0, 2, "negative size");
        *size = size_t(n);
        const void *p = lua_touserdata(L, 1);
        luaL_argcheck(L, p != nullptr || n == 0, 1, "null pointer");
        return static_cast<const uint8_t *>(p);
    }
    return reinterpret_cast<const uint8_t *>(luaL_checklstring(L, 1, size));
}

int count_nonzero(const uint8_t *word) {
    int n = 0;
    for (int i = 0; i < 8; i++) n += word[i] != 0;
    return n;
}

// sproto's packer, decision by decision:
// - a word with 8 non-zero bytes starts a raw run (or extends one);
// - inside a run, a word with 6 or 7 non-zero bytes also extends it (masking it
//   would save at most one byte and end the run);
// - a run holds at most 256 words; the word after a full run starts afresh.
int lpack(lua_State *L) {
    size_t size;
    const uint8_t *src = message_arg(L, &size);
    size_t words = (size + 7) / 8;
    luaL_Buffer b;
    // Worst case: every word raw, 2 bytes of run header per 256 words.
    uint8_t *out = reinterpret_cast<uint8_t *>(luaL_buffinitsize(L, &b, words * 8 + words / 256 * 2 + 2));
    size_t at = 0;
    size_t run_start = 0;  // where the current run's 0xff byte is in `out`
    int run_words = 0;
    for (size_t w = 0; w < words; w++) {
        uint8_t word[8] = {0};
        size_t n = size - w * 8 < 8 ? size - w * 8 : 8;
        std::memcpy(word, src + w * 8, n);
        int nonzero = count_nonzero(word);
        bool raw = nonzero == 8 || (run_words > 0 && nonzero >= 6);
        if (raw) {
            if (run_words == 0) {
                run_start = at;
                out[at++] = 0xff;
                out[at++] = 0;
            }
            std::memcpy(out + at, word, 8);
            at += 8;
            run_words++;
            out[run_start + 1] = uint8_t(run_words - 1);
            if (run_words == 256) run_words = 0;
            continue;
        }
        run_words = 0;
        uint8_t mask = 0;
        size_t mask_at = at++;
        for (int i = 0; i < 8; i++) {
            if (word[i] != 0) {
                mask |= uint8_t(1 << i);
                out[at++] = word[i];
            }
        }
        out[mask_at] = mask;
    }
    luaL_pushresultsize(&b, at);
    return 1;
}

// The inverse. The result is always a multiple of 8 bytes (the padding stays:
// a decoder reads what it needs and ignores the rest). Truncated input raises
// skynet's "Invalid unpack stream" (a raw run or a word cut short).
int lunpack(lua_State *L) {
    size_t size;
    const uint8_t *src = message_arg(L, &size);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t at = 0;
    while (at < size) {
        uint8_t mask = src[at++];
        if (mask == 0xff) {
            if (at >= size) return luaL_error(L, "Invalid unpack stream");
            size_t n = (size_t(src[at++]) + 1) * 8;
            if (size - at < n) return luaL_error(L, "Invalid unpack stream");
            luaL_addlstring(&b, reinterpret_cast<const char *>(src + at), n);
            at += n;
            continue;
        }
        char word[8];
        for (int i = 0; i < 8; i++) {
            if (mask & (1 << i)) {
                if (at >= size) return luaL_error(L, "Invalid unpack stream");
                word[i] = char(src[at++]);
            } else {
                word[i] = 0;
            }
        }
        luaL_addlstring(&b, word, 8);
    }
    luaL_pushresult(&b);
    return 1;
}

// sprotoloader's store: schema binaries by index, shared by every service of the
// process (skynet keeps parsed C objects; we keep the bytes and each service
// builds its own Lua tables from them, since Lua states share nothing).
std::mutex store_lock;
std::map<lua_Integer, std::string> store;

// skynet's words for the slots: "Invalid global slot index N", "nil sproto at
// index N". A nil binary empties the slot (skynet saves the NULL that bytes
// which are not a schema give). Nothing raises while the lock is held: a Lua
// error is a longjmp, which would leave the mutex locked for good.
int lsaveproto(lua_State *L) {
    size_t size = 0;
    const char *bin = lua_isnil(L, 1) ? nullptr : luaL_checklstring(L, 1, &size);
    lua_Integer index = luaL_optinteger(L, 2, 0);
    if (index < 0 || index >= 16) return luaL_error(L, "Invalid global slot index %d", int(index));
    std::lock_guard<std::mutex> hold(store_lock);
    if (bin == nullptr)
        store.erase(index);
    else
        store[index] = std::string(bin, size);
    return 0;
}

int lloadproto(lua_State *L) {
    lua_Integer index = luaL_optinteger(L, 1, 0);
    if (index < 0 || index >= 16) return luaL_error(L, "Invalid global slot index %d", int(index));
    std::string bin;
    bool found = false;
    {
        std::lock_guard<std::mutex> hold(store_lock);
        auto it = store.find(index);
        if (it != store.end()) {
            bin = it->second;
            found = true;
        }
    }
    if (!found) return luaL_error(L, "nil sproto at index %d", int(index));
    lua_pushlstring(L, bin.data(), bin.size());
    return 1;
}

// A lightuserdata and a size as a Lua string (decode takes strings).
int ltostring(lua_State *L) {
    size_t size;
    const uint8_t *p = message_arg(L, &size);
    lua_pushlstring(L, reinterpret_cast<const char *>(p), size);
    return 1;
}

}  // namespace

int luaopen_sproto_core(lua_State *L) {
    const luaL_Reg functions[] = {
        {"pack", lpack},
        {"unpack", lunpack},
        {"saveproto", lsaveproto},
        {"loadproto", lloadproto},
        {"tostring", ltostring},
        {nullptr, nullptr},
    };
    luaL_newlib(L, functions);
    return 1;
}
