// send_packed: skynet.send of skynet.pack's protocol to a handle in one C call, the values packed on the C stack.
//
// skynet.send(addr, "lua", ...) was two C calls and a malloc a message:
// skynet.pack malloc'd the bytes and pushed (lightuserdata, size), c.send
// read them back, and skynet_send copied a small payload into the message
// (kernel/message.h) and freed the buffer; before them, math.type(addr)
// tested the address (a C call and a string push, ~170 instructions). Here
// the address is tested, the values packed into the packer's stack buffer
// and sent with skynet_send's copy: a payload of up to 16 bytes is never on
// the heap at all, a bigger one is malloc'd once, as before.
//
// Only what cannot fail is taken: a non-zero handle and values that are not
// tables, functions, full userdata or threads (packing those may raise, and
// skynet's refusal then names `field 'pack'` in its traceback, which a C
// call here would not). Anything else answers false before packing, and
// skynet.send goes its general way (lua/lualib/skynet/call.lua).
#include <cstdint>

#include "kernel/skynet.h"
#include "lua/dispatch_state.h"
#include "lua/serialize.h"

namespace {

struct send_to {
	skynet_context *ctx;
	uint32_t destination;
	int type;
};

int send_bytes(const void *bytes, size_t size, void *ud)
{
	auto *to = static_cast<send_to *>(ud);
	return skynet_send(to->ctx, 0, to->destination, to->type, 0, const_cast<void *>(bytes), size);
}

} // namespace

// send_packed(address, type, ...) -> 0 (sent), nothing (no such service, as
// c.send), or false (nothing packed nor sent: the caller's general path).
int lsend_packed(lua_State *L)
{
	// 1 to 2^32-1 in one unsigned test, as send_integer's
	if (!lua_isinteger(L, 1) || lua_Unsigned(lua_tointeger(L, 1)) - 1 >= UINT32_MAX) {
		lua_pushboolean(L, 0);
		return 1;
	}
	int top = lua_gettop(L);
	for (int i = 3; i <= top; i++) {
		int t = lua_type(L, i);
		if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD) {
			lua_pushboolean(L, 0);
			return 1;
		}
	}
	send_to to{self_ctx(L), (uint32_t)lua_tointeger(L, 1), (int)luaL_checkinteger(L, 2)};
	int session = seri_pack_with(L, 3, send_bytes, &to);
	if (session < 0)
		return 0; // nil: no such service, as skynet
	lua_pushinteger(L, session);
	return 1;
}
