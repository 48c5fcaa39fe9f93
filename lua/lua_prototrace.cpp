// lua_prototrace: the `skyglass.prototrace` binding: the trace events of the
// client-facing protocols (http.req, http.resp, ws.handshake, ws.frame, login),
// recorded by the Lua libraries in lua/lualib/http and lua/lualib/snax, and of
// the cluster services (node, cluster) and snaxd (msg.label).
// skyglass's own (skynet has no trace); the events are declared in trace/schema.h.
// Every function returns at once while the trace is off, so a caller need not check.
#include <string_view>

#include "kernel/context.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "lua/bindings.h"

// The service recording: snlua keeps its context in the registry.
static uint32_t self_handle(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "skynet_context");
	auto *ctx = static_cast<skynet_context *>(lua_touserdata(L, -1));
	lua_pop(L, 1);
	return ctx ? skynet_context_handle(ctx) : 0;
}

static std::string_view check_text(lua_State *L, int index)
{
	size_t sz = 0;
	const char *s = luaL_checklstring(L, index, &sz);
	return {s, sz};
}

// http_req(sock, request_line)
static int lhttp_req(lua_State *L)
{
	if (trace_enabled())
		trace_http_req(self_handle(L), luaL_optinteger(L, 1, 0), check_text(L, 2));
	return 0;
}

// http_resp(sock, status)
static int lhttp_resp(lua_State *L)
{
	if (trace_enabled())
		trace_http_resp(self_handle(L), luaL_optinteger(L, 1, 0), luaL_checkinteger(L, 2));
	return 0;
}

// ws_handshake(sock, status, url)
static int lws_handshake(lua_State *L)
{
	if (trace_enabled())
		trace_ws_handshake(self_handle(L), luaL_checkinteger(L, 1), luaL_checkinteger(L, 2), check_text(L, 3));
	return 0;
}

// ws_frame(sock, out, op, fin, masked, bytes)
static int lws_frame(lua_State *L)
{
	if (trace_enabled())
		trace_ws_frame(self_handle(L), luaL_checkinteger(L, 1), lua_toboolean(L, 2), lua_toboolean(L, 4),
			lua_toboolean(L, 5), luaL_checkinteger(L, 6), check_text(L, 3));
	return 0;
}

// login(sock, step)
static int llogin(lua_State *L)
{
	if (trace_enabled())
		trace_login(self_handle(L), luaL_checkinteger(L, 1), check_text(L, 2));
	return 0;
}

// msg_label(label): names the message this service is dispatching now
// (snaxd: the snax method). Outside a dispatch, or for an untraced message, nothing.
static int lmsg_label(lua_State *L)
{
	if (!trace_enabled())
		return 0;
	lua_getfield(L, LUA_REGISTRYINDEX, "skynet_context");
	auto *ctx = static_cast<skynet_context *>(lua_touserdata(L, -1));
	lua_pop(L, 1);
	uint64_t id = ctx ? context_dispatching_id(ctx) : 0;
	if (id != 0)
		trace_msg_label(id, skynet_context_handle(ctx), check_text(L, 1));
	return 0;
}

// node(name, addr): this process listens as a cluster node.
static int lnode(lua_State *L)
{
	if (trace_enabled())
		trace_node(self_handle(L), check_text(L, 1), check_text(L, 2));
	return 0;
}

// cluster(out, op, node, session, addr, bytes): a request or response crossed.
static int lcluster(lua_State *L)
{
	if (trace_enabled())
		trace_cluster(self_handle(L), lua_toboolean(L, 1), check_text(L, 2), check_text(L, 3),
			luaL_checkinteger(L, 4), check_text(L, 5), luaL_optinteger(L, 6, 0));
	return 0;
}

int luaopen_skyglass_prototrace(lua_State *L)
{
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {
		{"http_req", lhttp_req}, {"http_resp", lhttp_resp}, {"ws_handshake", lws_handshake},
		{"ws_frame", lws_frame}, {"login", llogin},         {"msg_label", lmsg_label},
		{"node", lnode},         {"cluster", lcluster},     {nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	return 1;
}
