// lua_skynet: the `skynet.core` binding, the C side of lua/lualib/skynet.lua.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "lua/bindings.h"
#include "lua/co_record.h"
#include "lua/dispatch_fast.h"
#include "lua/dispatch_state.h"
#include "lua/serialize.h"
#include "lua/skynet_where.h"

// --- the message callback ---

// The message handler of the runtime's pcalls (the loader's, a dispatch's):
// skynet's snlua and skynet.core word an error object that is not a string
// (a table, error()'s nil: our "<no error object>") "(no error message)".
int skyglass_traceback(lua_State *L)
{
	const char *msg = lua_type(L, 1) == LUA_TNUMBER || lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : nullptr;
	if (msg && !is_no_error_object(L, 1))
		skyglass_traceback_of(L, L, msg, 1);
	else
		lua_pushliteral(L, "(no error message)");
	return 1;
}

// fork_runner(f): f runs the pending forks after a dispatch that raised.
static int lfork_runner(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, (void *)lfork_runner);
	return 0;
}


// The size the error line shows. An ERROR message counts as 0: ours carry
// the reason (for the trace), skynet's are empty, and the line shows it.
static size_t logged_size(int type, size_t sz)
{
	return type == PTYPE_ERROR ? 0 : sz;
}

// Whether the socket hook took this message whole (it then owns its buffer;
// the runtime frees the message itself). Only for a callback that lets the
// runtime free buffers: a forward-mode one frees them itself. The hook may
// keep what it is given, so an inlined payload goes to the heap first.
static bool hooked(dispatch_state *st, skynet_context *ctx, int type, const void *msg, size_t sz)
{
	return type == PTYPE_SOCKET && st->hook && st->keep == 0
		&& st->hook(st->hook_ud, ctx, static_cast<skynet_socket_message *>(skynet_message_heap(ctx, msg)), sz);
}

// A dispatch that raised, in skynet's three wordings; the error text is in
// red (ANSI) as skynet prints it.
static void log_dispatch_error(skynet_context *ctx, const dispatch_state *st, int r, const char *err)
{
	uint32_t self = skynet_context_handle(ctx);
	if (r == LUA_ERRMEM)
		skynet_error(ctx, "lua memory error : [%x to :%x : %d]", st->source, self, st->session);
	else if (r == LUA_ERRERR)
		skynet_error(ctx, "lua error in error : [%x to :%x : %d]", st->source, self, st->session);
	else
		skynet_error(ctx, "lua call [%x to :%x : %d msgsz = %zu] error : \x1b[31m%s\x1b[0m",
			st->source, self, st->session, st->sz, err ? err : "?");
}

// The callback runs on the service's main Lua thread (its stack between
// messages: dispatch_fast_stack). The dispatch function is fetched from the registry each
// time (one lookup), so a service can swap it with callback() in the middle
// of a dispatch, as skynet.exit does.
static int dispatch_cb(skynet_context *ctx, void *ud, int type, int session, uint32_t source,
	const void *msg, size_t sz)
{
	auto *st = static_cast<dispatch_state *>(ud);
	if (hooked(st, ctx, type, msg, sz))
		return 0;
	lua_State *L = st->L;
	st->session = session;
	st->source = source;
	st->sz = logged_size(type, sz);
	if (lua_gettop(L) < st->base || st->restack) {
		st->restack = false;
		st->base = dispatch_fast_stack(L, st->base == DISPATCH_FAST_TOP);
	}
	// whether the batch has more: spares a batch callback a next_message
	// that would return nothing (a one-in-flight call: every message)
	bool more = st->batch && skynet_batch_more(ctx);
	int nargs = 6;
	// A call's request and its answer: to their coroutine from here (lua/dispatch_fast.cpp).
	dispatch_fast_result fast = dispatch_fast_result::not_here;
	// `msg` may be an inlined payload's bytes (kernel/message.h): every
	// pointer handed to Lua below is the heap's (skynet_message_heap).
	if (st->batch && st->base == DISPATCH_FAST_TOP) {
		uint32_t self = skynet_context_handle(ctx);
		if (type == PTYPE_RESPONSE)
			fast = dispatch_fast_response(L, self, session, msg, sz, more);
		else if (type != PTYPE_ERROR)
			fast = dispatch_fast_request(L, self, type, session, source, msg, sz, more);
	}
	if (fast == dispatch_fast_result::done) {
		lua_settop(L, st->base);
		return st->keep;
	} else if (fast == dispatch_fast_result::finish_in_lua) {
		nargs = 4; // skynet.lua's dispatch_after and its arguments are pushed
	} else {
		lua_rawgetp(L, LUA_REGISTRYINDEX, (void *)dispatch_cb);
		lua_pushinteger(L, type);
		lua_pushlightuserdata(L, skynet_message_heap(ctx, msg));
		lua_pushinteger(L, (lua_Integer)sz);
		lua_pushinteger(L, session);
		lua_pushinteger(L, source);
		lua_pushboolean(L, more);
	}
	// skynet.dispatch_message (the batch callback) raises bare, as the pcall
	// inside skynet's catches bare; the fork runner then runs what the message
	// forked and raises the whole error again (skynet's assert), and that
	// raise gets the traceback. Other callbacks get the traceback directly,
	// and their forks run after the line is logged.
	bool finish_in_lua = st->batch;
	int r = lua_pcall(L, nargs, 0, finish_in_lua ? 0 : 1);
	if (r == LUA_OK) {
		lua_settop(L, st->base);
		return st->keep;
	}
	bool runner = r == LUA_ERRRUN
		&& lua_rawgetp(L, LUA_REGISTRYINDEX, (void *)lfork_runner) == LUA_TFUNCTION;
	if (runner && finish_in_lua) {
		lua_insert(L, -2);
		lua_pushboolean(L, 1);
		lua_insert(L, -2); // runner(true, err)
		r = lua_pcall(L, 2, 0, 1);
		runner = false;
	} else if (r == LUA_ERRRUN) {
		lua_pop(L, 1); // the runner (or nil): it runs after the line
	}
	if (r != LUA_OK)
		log_dispatch_error(ctx, st, r, lua_tostring(L, -1));
	if (runner) {
		lua_settop(L, st->base);
		lua_rawgetp(L, LUA_REGISTRYINDEX, (void *)lfork_runner);
		if (lua_pcall(L, 0, 0, 1) != LUA_OK)
			skynet_error(ctx, "lua fork error : %s", lua_tostring(L, -1));
	}
	lua_settop(L, st->base);
	return st->keep;
}

// callback(f [, forward [, batch]]): f gets every message as (prototype, msg,
// sz, session, source, more); more: see next_message. forward: the Lua
// side took the buffer (redirected it on), so the runtime must not free it.
// batch: f's coroutines may take the next messages of the worker's batch
// with next_message (skynet.dispatch_message does); any other callback stops that.
static int lcallback(lua_State *L)
{
	skynet_context *ctx = self_ctx(L);
	dispatch_state *st = self_state(L);
	int forward = lua_toboolean(L, 2);
	bool batch = lua_toboolean(L, 3);
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, (void *)dispatch_cb);
	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
	st->L = lua_tothread(L, -1);
	st->keep = forward ? 1 : 0;
	st->batch = batch;
	skynet_callback(ctx, st, dispatch_cb);
	// Inlined payloads are read in place (kernel/message.h), except by a
	// forward-mode callback, which keeps every message it is given.
	skynet_callback_inline(ctx, !forward);
	return 0;
}

const skynet_message *core_next_message(lua_State *L, uint64_t now)
{
	dispatch_state *st = self_state(L);
	skynet_context *ctx = self_ctx(L);
	if (!st->batch)
		return nullptr;
	const skynet_message *next;
	do { // the socket hook's messages are done here, in C, without Lua
		next = skynet_next_message(ctx, st->keep, now);
		if (next == nullptr)
			return nullptr;
		now = 0; // a message the hook took: the next edge reads its own time
	} while (hooked(st, ctx, next->type, message_payload(next), next->size));
	st->session = next->session;
	st->source = next->source;
	st->sz = logged_size(next->type, next->size);
	return next;
}

// next_message([co]): inside the dispatch of a message, end it and return
// the next one of this worker's batch (prototype, msg, sz, session, source,
// and whether more follow), or nothing when the batch is done or the
// callback is not a batch one. What it buys and costs: lua/lualib/skynet.lua,
// "batch". While tracing, `co` is the number of the coroutine whose task just
// ended well: its co.exit is recorded here, with the clock read that msg.end
// and the next msg.begin share, where a trace_co_exit call from Lua cost a
// Lua->C call and a clock read per message (docs/benchmarks.md "trace cost").
static int lnext_message(lua_State *L)
{
	skynet_context *ctx = self_ctx(L);
	uint64_t now = 0;
	if (trace_enabled()) {
		int is_number = 0;
		lua_Integer co = lua_tointegerx(L, 1, &is_number);
		if (is_number) {
			now = trace_clock();
			trace_co_exit_at(now, skynet_context_handle(ctx), co, true);
		}
	}
	const skynet_message *next = core_next_message(L, now);
	if (next == nullptr)
		return 0;
	lua_pushinteger(L, next->type);
	lua_pushlightuserdata(L, skynet_message_heap(ctx, message_payload(next))); // Lua may keep it
	lua_pushinteger(L, (lua_Integer)next->size);
	lua_pushinteger(L, next->session);
	lua_pushinteger(L, next->source);
	lua_pushboolean(L, skynet_batch_more(ctx));
	return 6;
}

// dispatch_fast(...): skynet.lua hands over the tables that
// lua/dispatch_fast.cpp reads (the order: DISPATCH_FAST_VALUES there).
static int ldispatch_fast(lua_State *L)
{
	dispatch_state *st = self_state(L);
	for (int i = 1; i <= DISPATCH_FAST_VALUES; i++)
		luaL_checktype(L, i, i == 8 ? LUA_TFUNCTION : i == DISPATCH_FAST_VALUES ? LUA_TBOOLEAN : LUA_TTABLE);
	lua_settop(L, DISPATCH_FAST_VALUES);
	dispatch_fast_register(L);
	st->base = DISPATCH_FAST_TOP;
	st->restack = true;
	return 0;
}

void skyglass_socket_hook(lua_State *L, socket_hook hook, void *ud)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, (void *)lnext_message) != LUA_TUSERDATA) {
		lua_pop(L, 1);
		luaL_error(L, "socket hook: require skynet.core first");
		return;
	}
	auto *st = static_cast<dispatch_state *>(lua_touserdata(L, -1));
	lua_pop(L, 1);
	st->hook = hook;
	st->hook_ud = ud;
}

// --- sending ---

// A number is a handle; so is a string Lua reads as a non-zero integer
// ("8", "0x8", "8.0"), as skynet's lua_tointeger reads it. Another string is
// a name, resolved by skynet_sendname (0 here). Anything else, and the handle
// 0, is refused with skynet's words, raised here in C as skynet's c.send
// raises them, so the message carries the calling Lua line and a traceback
// shows the C function (`csend`) on top. The packed body is freed first
// (skynet leaks it).
static uint32_t check_address(lua_State *L, int index)
{
	int type = lua_type(L, index);
	const char *refusal = nullptr;
	uint32_t dest = 0;
	lua_Integer number = 0;
	int is_integer = 0;
	if (type == LUA_TSTRING) {
		number = lua_tointegerx(L, index, &is_integer);
		if (!is_integer || number == 0)
			return 0; // a name
	}
	if (type == LUA_TNUMBER || is_integer) {
		if (type == LUA_TNUMBER)
			number = lua_tointeger(L, index);
		dest = (uint32_t)number;
		if (number < 0 || number > lua_Integer(UINT32_MAX))
			// skyglass: cut to 32 bits, 0x100000009 was :9 (skynet's sends there)
			refusal = "Invalid service address %I: not a 32-bit handle";
		else if (dest == 0)
			refusal = "Invalid service address 0";
	} else {
		refusal = "dest address type (%s) must be a string or number.";
	}
	if (refusal != nullptr) {
		if (lua_type(L, index + 3) == LUA_TLIGHTUSERDATA)
			free(lua_touserdata(L, index + 3));
		if (type == LUA_TNUMBER || is_integer)
			skynet_where_error(L, refusal, number);
		skynet_where_error(L, refusal, lua_typename(L, type));
	}
	return dest;
}

// The body of a send: a string is copied, a (lightuserdata, size) pair is
// handed over as it is (the caller made it with skynet.pack). Anything else
// (nil and nothing too) is refused in skynet's words: `invalid param nil`.
static int get_body(lua_State *L, int index, void **data, size_t *sz)
{
	switch (lua_type(L, index)) {
	case LUA_TSTRING: {
		const char *s = lua_tolstring(L, index, sz);
		// as skynet's: an empty string arrives as a null message (sz 0)
		*data = *sz == 0 ? nullptr : const_cast<char *>(s);
		return 0;
	}
	case LUA_TLIGHTUSERDATA:
		*sz = (size_t)skynet_where_checkinteger(L, index + 1);
		*data = lua_touserdata(L, index);
		return PTYPE_TAG_DONTCOPY;
	default:
		return skynet_where_error(L, "invalid param %s", luaL_typename(L, index));
	}
}

static int send_to(lua_State *L, uint32_t source, int first)
{
	skynet_context *ctx = self_ctx(L);
	uint32_t dest = check_address(L, first);
	int type = (int)luaL_checkinteger(L, first + 1);
	int session = 0;
	if (lua_isnil(L, first + 2))
		type |= PTYPE_TAG_ALLOCSESSION;
	else
		session = (int)luaL_checkinteger(L, first + 2);
	void *data = nullptr;
	size_t sz = 0;
	type |= get_body(L, first + 3, &data, &sz);
	int r;
	if (dest == 0) {
		const char *name = luaL_checkstring(L, first);
		r = skynet_sendname(ctx, source, name, type, session, data, sz);
	} else {
		r = skynet_send(ctx, source, dest, type, session, data, sz);
	}
	if (r < 0)
		return 0; // nil: no such service, as skynet
	lua_pushinteger(L, r);
	return 1;
}

// send(address, type, session|nil, msg [, sz]) -> session | nil
static int lsend(lua_State *L) { return send_to(L, 0, 1); }

// send_integer(address, type, session|nil, msg [, sz]) -> session | nil, or
// false (nothing sent) when the address is not a non-zero integer: then the
// caller's Lua decides (a name may have to wait, 0 and other types raise).
// skynet.call's test of the address, in the same C call as
// the send: math.type's call and two comparisons fewer, 15,890 -> 15,767
// instructions per call (callgrind, docs/benchmarks.md, "Calls, round 5").
static int lsend_integer(lua_State *L)
{
	// 1 to 2^32-1 in one unsigned test: send_to refuses the rest with a reason
	if (!lua_isinteger(L, 1) || lua_Unsigned(lua_tointeger(L, 1)) - 1 >= UINT32_MAX) {
		lua_pushboolean(L, 0);
		return 1;
	}
	return send_to(L, 0, 1);
}

// redirect(address, source, type, session, msg [, sz]) -> session | nil
static int lredirect(lua_State *L)
{
	uint32_t source = (uint32_t)skynet_where_checkinteger(L, 2);
	lua_remove(L, 2);
	return send_to(L, source, 1);
}

static int lgenid(lua_State *L)
{
	lua_pushinteger(L, skynet_context_newsession(self_ctx(L)));
	return 1;
}

// --- commands ---

static int lcommand(lua_State *L)
{
	const char *cmd = luaL_checkstring(L, 1);
	// a second argument must be a string, nil too, as skynet's: getenv(nil)
	// raises "bad argument #2 to 'command' (string expected, got nil)"
	const char *param = lua_gettop(L) == 2 ? luaL_checkstring(L, 2) : nullptr;
	const char *result = skynet_command(self_ctx(L), cmd, param);
	if (result == nullptr)
		return 0; // nothing (not nil), as skynet's: print(c.command(...)) prints ""
	lua_pushstring(L, result);
	return 1;
}

static int lintcommand(lua_State *L)
{
	const char *cmd = luaL_checkstring(L, 1);
	char buf[32];
	const char *param = nullptr;
	if (lua_gettop(L) == 2) {
		if (lua_isnumber(L, 2)) {
			snprintf(buf, sizeof(buf), "%d", (int32_t)luaL_checkinteger(L, 2));
			param = buf;
		} else {
			param = luaL_checkstring(L, 2);
		}
	}
	const char *result = skynet_command(self_ctx(L), cmd, param);
	if (result == nullptr)
		return 0; // nothing, as skynet's
	// An integer, or else a real number (STAT's "cpu"), as skynet's.
	char *end = nullptr;
	lua_Integer r = strtoll(result, &end, 0);
	if (end != nullptr && *end == '\0') {
		lua_pushinteger(L, r);
		return 1;
	}
	double n = strtod(result, &end);
	if (end == nullptr || *end != '\0')
		return luaL_error(L, "Invalid result %s", result);
	lua_pushnumber(L, n);
	return 1;
}

static int laddresscommand(lua_State *L)
{
	const char *cmd = luaL_checkstring(L, 1);
	const char *param = lua_gettop(L) == 2 ? luaL_checkstring(L, 2) : nullptr; // as lcommand
	const char *result = skynet_command(self_ctx(L), cmd, param);
	if (result == nullptr || result[0] != ':')
		return 0; // nothing (not nil), as skynet's: localname(".x") returns no value
	lua_pushinteger(L, (lua_Integer)strtoul(result + 1, nullptr, 16));
	return 1;
}

static int lerror(lua_State *L)
{
	int n = lua_gettop(L);
	if (n <= 1) {
		lua_settop(L, 1); // no argument at all writes "nil", as skynet's
		size_t len;
		const char *s = skyglass_tolstring(L, 1, &len);
		skynet_error_bytes(self_ctx(L), s, len);
		return 0;
	}
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		skyglass_tolstring(L, i, nullptr);
		luaL_addvalue(&b);
		if (i < n)
			luaL_addchar(&b, ' ');
	}
	luaL_pushresult(&b);
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	skynet_error_bytes(self_ctx(L), s, len);
	return 0;
}

// --- message bodies ---

// tostring(msg, sz): the bytes of a message buffer. skynet's reads any
// first argument as a pointer: a string (or a null pointer) with a size
// crashes it; ours refuses them.
static int ltostring(lua_State *L)
{
	if (lua_isnoneornil(L, 1))
		return 0;
	const char *msg = static_cast<const char *>(lua_touserdata(L, 1));
	lua_Integer sz = luaL_checkinteger(L, 2);
	if (sz < 0 || (msg == nullptr && sz > 0))
		return luaL_error(L, "skynet.tostring: %s with size %I is not a message",
			msg == nullptr ? luaL_typename(L, 1) : "a buffer", sz);
	lua_pushlstring(L, msg, (size_t)sz);
	return 1;
}

// A string is left to Lua's collector; a buffer needs its size beside it, as
// skynet's; anything else is refused in skynet's words.
static int ltrash(lua_State *L)
{
	int t = lua_type(L, 1);
	if (t == LUA_TSTRING)
		return 0;
	if (t != LUA_TLIGHTUSERDATA)
		return luaL_error(L, "skynet.trash invalid param %s", lua_typename(L, t));
	luaL_checkinteger(L, 2);
	free(lua_touserdata(L, 1));
	return 0;
}

// harbor(handle) -> the handle's harbor id, and whether it is another node's
// (neither ours nor 0), as skynet's skynet_isremote answers.
static int lharbor(lua_State *L)
{
	// skynet.harbor's argument: "8" and 8.0 read as 8; anything else is
	// refused at skynet.lua's position (skynet/protocol.lua calls this)
	uint32_t handle = (uint32_t)skynet_where_checkinteger(L, 1);
	uint32_t h = handle & 0xff000000u;
	uint32_t mine = skynet_context_handle(self_ctx(L)) & 0xff000000u;
	lua_pushinteger(L, (lua_Integer)(h >> 24));
	lua_pushboolean(L, h != 0 && h != mine);
	return 2;
}

// --- time and identity ---

static int lnow(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)skynet_now());
	return 1;
}

static int lhpc(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)skynet_hpc());
	return 1;
}

static int lself(lua_State *L)
{
	lua_pushinteger(L, skynet_context_handle(self_ctx(L)));
	return 1;
}

int luaopen_skynet_core(lua_State *L)
{
	luaL_checkversion(L);
	static const luaL_Reg with_ctx[] = {
		{"send", lsend},
		{"send_integer", lsend_integer},
		{"send_packed", lsend_packed},
		{"redirect", lredirect},
		{"genid", lgenid},
		{"callback", lcallback},
		{"next_message", lnext_message},
		{"dispatch_fast", ldispatch_fast},
		{"batch_step", batch_step_new},
		{"ret_step", ret_step_new},
		{"task_end", task_end_new},
		{"co_records", co_records_new}, // lua/co_record.cpp (and lua/queue_flags.cpp's tables)
		{"call_park", call_park_new},
		{"fork_runner", lfork_runner},
		{"command", lcommand},
		{"intcommand", lintcommand},
		{"addresscommand", laddresscommand},
		{"error", lerror},
		{"self", lself},
		{"harbor", lharbor},
		{"trace", ltrace_line},
		{nullptr, nullptr},
	};
	static const luaL_Reg plain[] = {
		{"tostring", ltostring},
		{"trash", ltrash},
		{"pack", seri_lua_pack},
		{"unpack", seri_lua_unpack},
		{"packstring", seri_lua_packstring},
		{"now", lnow},
		{"hpc", lhpc},
		{nullptr, nullptr},
	};
	// only snlua's states have the context here, and their extra space set
	if (lua_getfield(L, LUA_REGISTRYINDEX, "skynet_context") != LUA_TLIGHTUSERDATA)
		return luaL_error(L, "skynet.core: no service context (require it from a snlua service)");
	lua_pop(L, 1);
	core_self *self = self_of(L);
	lua_createtable(L, 0, 26);
	// One dispatch_state per Lua state, kept in the registry: a second
	// require of skynet.core must share it with the first.
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, (void *)lnext_message) != LUA_TUSERDATA) {
		lua_pop(L, 1);
		self->st = new (lua_newuserdatauv(L, sizeof(dispatch_state), 0)) dispatch_state;
		lua_rawsetp(L, LUA_REGISTRYINDEX, (void *)lnext_message);
	} else {
		lua_pop(L, 1);
	}
	// plain C functions: they find the context and state through self_of
	luaL_setfuncs(L, with_ctx, 0);
	luaL_setfuncs(L, skynet_core_trace_hooks, 0);
	luaL_setfuncs(L, plain, 0);
	lua_pushcfunction(L, skynet_core_tracing);
	lua_setfield(L, -2, "tracing");
	return 1;
}
