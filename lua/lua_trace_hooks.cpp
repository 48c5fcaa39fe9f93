// lua_trace_hooks: skynet.core's trace hooks, how skynet.lua and socket.lua record coroutine and socket events.
#include <cstring>

#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "lua/dispatch_state.h"

// Whether a trace is open: a service started while it is paused still records
// its coroutine events once it is switched on (trace_co tests the switch).
int skynet_core_tracing(lua_State *L)
{
	lua_pushboolean(L, trace_is_open());
	return 1;
}

// A Lua string mapped onto one value of a trace/schema.h enumeration (whose
// entry 0, none, is ""), or an error naming the argument. The first byte is
// compared before the rest: a call's co.suspend and co.resume each look one
// up, and strcmp over the list was ~100 instructions of each.
template <typename E, size_t N>
static E schema_value(lua_State *L, int arg, const char *what, const char *const (&texts)[N])
{
	size_t n = 0;
	const char *s = luaL_checklstring(L, arg, &n);
	for (size_t i = 1; i < N; i++)
		if (texts[i][0] == s[0] && strncmp(texts[i], s, n + 1) == 0) // n + 1: the lengths must agree too
			return E(i);
	luaL_error(L, "%s: unknown value '%s' (see trace/schema.h)", what, s);
	return E{};
}

// The four co.* kinds are looked up first: a traced message makes two or
// more trace_co calls, and the scan of every kind's name cost ~400
// instructions each (a tenth of what tracing adds per message). Their
// lengths differ (co.new 6, co.exit 7, co.resume 9, co.suspend 10), so the
// length picks the one to compare.
static bool co_kind_from_text(const char *s, size_t n, trace_schema::kind &out)
{
	namespace ts = trace_schema;
	ts::kind k = n == 6 ? ts::kind::co_new : n == 7 ? ts::kind::co_exit : n == 9 ? ts::kind::co_resume
		: ts::kind::co_suspend;
	if (strncmp(ts::kind_text[int(k)], s, n + 1) == 0) { // n + 1: the lengths must agree too
		out = k;
		return true;
	}
	return ts::kind_from_text(s, n, out);
}

// trace_co(kind, co, session, why|nil, peer)
static int ltrace_co(lua_State *L)
{
	namespace ts = trace_schema;
	if (!trace_enabled())
		return 0;
	ts::kind kind;
	size_t len = 0;
	const char *name = luaL_checklstring(L, 1, &len);
	if (!co_kind_from_text(name, len, kind))
		return luaL_error(L, "trace_co: unknown kind '%s'", name);
	int64_t co = luaL_checkinteger(L, 2);
	int64_t session = luaL_optinteger(L, 3, 0);
	ts::co_why why = lua_isnoneornil(L, 4) ? ts::co_why::none
		: schema_value<ts::co_why>(L, 4, "trace_co why", ts::co_why_text);
	uint32_t h = skynet_context_handle(self_ctx(L));
	switch (kind) {
	case ts::kind::co_new:
		trace_co_new(h, co, session, why, (uint32_t)luaL_optinteger(L, 5, 0));
		break;
	case ts::kind::co_suspend:
		trace_co_suspend(h, co, session, why, why == ts::co_why::call ? (uint32_t)luaL_optinteger(L, 5, 0) : 0);
		break;
	case ts::kind::co_resume:
		trace_co_resume(h, co, session, why);
		break;
	case ts::kind::co_exit:
		trace_co_exit(h, co, lua_toboolean(L, 5));
		break;
	default:
		return luaL_error(L, "trace_co: '%s' is not a co.* event", name);
	}
	return 0;
}

// trace_co_new(co) and trace_co_exit(co, ok): the two co.* events every Lua
// request makes, without trace_co's kind and why lookups. What it buys: the
// pair costs 630 instructions instead of 1,060, so tracing adds ~4,550 to a
// one-way message instead of ~5,100 (callgrind, docs/benchmarks.md); it costs
// two more entries in skynet.core. co.new's session and sender are the
// dispatched message's, which dispatch_cb and next_message keep: as two more
// arguments from Lua they cost ~130 instructions a message.
// Their `t` is the dispatch's msg.begin's (task_start_t, dispatch_state.h).
static int ltrace_co_new(lua_State *L)
{
	if (!trace_enabled())
		return 0;
	const dispatch_state *st = self_state(L);
	skynet_context *ctx = self_ctx(L);
	trace_co_new_at(task_start_t(ctx), skynet_context_handle(ctx), lua_tointeger(L, 1), st->session,
		trace_schema::co_why::none, st->source);
	return 0;
}

static int ltrace_co_exit(lua_State *L)
{
	if (!trace_enabled())
		return 0;
	trace_co_exit(skynet_context_handle(self_ctx(L)), luaL_checkinteger(L, 1), lua_toboolean(L, 2));
	return 0;
}

// trace_co_call(co, session, callee), trace_co_response(co, session): a
// call's co.suspend and co.resume, without trace_co's lookups (~580
// instructions each through it; docs/benchmarks.md "trace cost").
static int ltrace_co_call(lua_State *L)
{
	if (!trace_enabled())
		return 0;
	uint32_t self = skynet_context_handle(self_ctx(L));
	lua_Integer session = lua_tointeger(L, 2);
	trace_co_suspend_at(context_push_time(self, int(session)), self, lua_tointeger(L, 1), session,
		trace_schema::co_why::call, (uint32_t)lua_tointeger(L, 3));
	return 0;
}

static int ltrace_co_response(lua_State *L)
{
	if (!trace_enabled())
		return 0;
	skynet_context *ctx = self_ctx(L);
	trace_co_resume_at(task_start_t(ctx), skynet_context_handle(ctx), lua_tointeger(L, 1), lua_tointeger(L, 2),
		trace_schema::co_why::response);
	return 0;
}

// trace_sock(sock, op, bytes, buffered, want) ; want is a number, "line", "all" or nil
static int ltrace_sock(lua_State *L)
{
	namespace ts = trace_schema;
	if (!trace_enabled())
		return 0;
	int64_t sock = luaL_checkinteger(L, 1);
	ts::sock_op op = schema_value<ts::sock_op>(L, 2, "trace_sock op", ts::sock_op_text);
	int64_t bytes = luaL_optinteger(L, 3, 0);
	int64_t buffered = luaL_optinteger(L, 4, 0);
	trace_want want;
	if (lua_type(L, 5) == LUA_TNUMBER)
		want = trace_want::count(lua_tointeger(L, 5));
	else if (lua_type(L, 5) == LUA_TSTRING)
		want = trace_want::of(schema_value<ts::want_word>(L, 5, "trace_sock want", ts::want_word_text));
	trace_sock_lua(sock, skynet_context_handle(self_ctx(L)), op, bytes, buffered, want);
	return 0;
}

const luaL_Reg skynet_core_trace_hooks[] = {
	{"trace_co", ltrace_co},
	{"trace_co_new", ltrace_co_new},
	{"trace_co_exit", ltrace_co_exit},
	{"trace_co_call", ltrace_co_call},
	{"trace_co_response", ltrace_co_response},
	{"trace_sock", ltrace_sock},
	{nullptr, nullptr},
};
