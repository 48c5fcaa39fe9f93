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
// Only what packs without a word is taken: the address must be a non-zero
// handle, and the pack is quiet (seri_pack_quietly): a value skynet.pack
// refuses, or a table whose __pairs would run Lua code, declines the whole
// send before anything is sent, and skynet.send goes its general way
// (lua/lualib/skynet/call.lua), where skynet.pack raises as skynet's, its
// traceback naming `field 'pack'`. So the errors are the general path's; the
// bytes are skynet.pack's (test_inline compares them).
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
	send_to to{self_ctx(L), (uint32_t)lua_tointeger(L, 1), (int)luaL_checkinteger(L, 2)};
	int session = 0;
	if (!seri_pack_quietly(L, 3, send_bytes, &to, &session)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (session < 0)
		return 0; // nil: no such service, as skynet
	lua_pushinteger(L, session);
	return 1;
}
