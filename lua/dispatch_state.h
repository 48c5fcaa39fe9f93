// dispatch_state: what skynet.core keeps per Lua state, shared by its two files (lua/lua_skynet.cpp, lua/lua_trace_hooks.cpp).
#pragma once
#include <lua.hpp>

#include <cstddef>
#include <cstdint>

#include "lua/bindings.h"

struct skynet_context;

// What the message callback keeps, one per Lua state (the callback's ud, and
// the second upvalue of skynet.core's functions).
struct dispatch_state {
	lua_State *L = nullptr; // the main thread, where the callback runs
	int keep = 0;           // forward mode: the runtime must not free the buffers
	bool batch = false;     // the callback's Lua function may take more messages (next_message)
	// The main thread's stack between messages: the traceback function, and
	// with dispatch_fast the fast paths' tables (lua/dispatch_fast.h).
	int base = 1;
	bool restack = false; // base changed: set the stack up again before the next message
	// The message being dispatched, for the error line: next_message moves it on.
	int session = 0;
	uint32_t source = 0;
	size_t sz = 0;
	// A C filter in front of the Lua dispatch of PTYPE_SOCKET messages (see
	// skyglass_socket_hook in lua/bindings.h); null: every message goes to Lua.
	socket_hook hook = nullptr;
	void *hook_ud = nullptr;
};

// skynet.core's functions carry two upvalues: the service's context and its
// dispatch_state.
inline skynet_context *self_ctx(lua_State *L)
{
	return static_cast<skynet_context *>(lua_touserdata(L, lua_upvalueindex(1)));
}

inline dispatch_state *self_state(lua_State *L)
{
	return static_cast<dispatch_state *>(lua_touserdata(L, lua_upvalueindex(2)));
}

// The trace hooks of skynet.core (lua/lua_trace_hooks.cpp): registered with
// the two upvalues above; `tracing` needs none.
extern const luaL_Reg skynet_core_trace_hooks[];
int skynet_core_tracing(lua_State *L);
