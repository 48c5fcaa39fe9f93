// co_record: the pooled coroutines' request records (lua/co_record.h) and the Lua views skynet.lua keeps its table names for.
#include "lua/co_record.h"
#include "lua/queue_flags.h"

#include <initializer_list>
#include <new>
#include <utility>

// What a view or a flagged table stands for: its closures' second upvalue.
enum : int { SESSION = 0, ADDRESS = 1, TAG = 2, START = 3 };

// Every closure here has the records (coroutine -> its record's userdata,
// weak keys) as its first upvalue, the kind as its second.
static int up(int i) { return lua_upvalueindex(i); }

static co_record *record_at(lua_State *L, int index)
{
	lua_State *co = lua_tothread(L, index);
	return co != nullptr ? record_of(co) : nullptr;
}

// new_record(co, number): co's record, made once, when skynet.lua makes the
// coroutine and gives it its number (co_id[co]). Its userdata lives as
// long as co (the records' weak key).
static int new_record(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTHREAD);
	lua_State *co = lua_tothread(L, 1);
	lua_Integer number = luaL_optinteger(L, 2, 0);
	lua_settop(L, 1);
	auto *rec = new (lua_newuserdatauv(L, sizeof(co_record), 0)) co_record;
	rec->trace_co = number;
	rec->self = *self_of(co); // the service's, copied into co when Lua made it
	rec->self.record = rec;
	*static_cast<core_self **>(lua_getextraspace(co)) = &rec->self;
	lua_rawset(L, up(1));
	return 0;
}

// view[co]: only called when the view has no raw entry for co.
static int view_index(lua_State *L)
{
	co_record *rec = record_at(L, 2);
	if (rec == nullptr)
		return 0;
	bool session = lua_tointeger(L, up(2)) == SESSION;
	if (session ? !rec->has_session : !rec->has_address)
		return 0;
	lua_pushinteger(L, session ? rec->session : rec->address);
	return 1;
}

// view[co] = v: into co's record (an integer, or nil); a key with no record
// is kept in the view itself, as a plain table would.
static int view_newindex(lua_State *L)
{
	lua_settop(L, 3);
	co_record *rec = record_at(L, 2);
	if (rec == nullptr) {
		lua_rawset(L, 1);
		return 0;
	}
	bool set = !lua_isnil(L, 3);
	lua_Integer v = set ? luaL_checkinteger(L, 3) : 0;
	if (lua_tointeger(L, up(2)) == SESSION) {
		rec->has_session = set;
		rec->session = v;
	} else {
		rec->has_address = set;
		rec->address = v;
	}
	return 0;
}

static int snapshot_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

// pairs(view): a snapshot of its entries (the records' and its raw ones),
// so the loop may change the view as it goes (as a plain table's pairs
// allows for entries already met).
static int view_pairs(lua_State *L)
{
	lua_settop(L, 1);
	bool session = lua_tointeger(L, up(2)) == SESSION;
	lua_newtable(L); // 2
	lua_pushnil(L);
	while (lua_next(L, up(1))) {
		auto *rec = static_cast<co_record *>(lua_touserdata(L, -1));
		if (session ? rec->has_session : rec->has_address) {
			lua_pushvalue(L, -2);
			lua_pushinteger(L, session ? rec->session : rec->address);
			lua_rawset(L, 2);
		}
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, 2);
	}
	lua_pushcfunction(L, snapshot_next);
	lua_insert(L, 2);
	lua_pushnil(L);
	return 3;
}

// flagged[k] = v for a key not (or no longer) in the table: stored raw, and
// a non-nil value for a recorded coroutine flags its record.
static int flagged_newindex(lua_State *L)
{
	lua_settop(L, 3);
	if (!lua_isnil(L, 3)) {
		if (co_record *rec = record_at(L, 2)) {
			if (lua_tointeger(L, up(2)) == TAG)
				rec->maybe_tag = true;
			else
				rec->maybe_start = true;
		}
	}
	lua_rawset(L, 1);
	return 0;
}

// An empty table whose metatable's `event` is fn, closed over the records
// (at `records`) and `kind`.
static void push_table_with(lua_State *L, int records, int kind, std::initializer_list<std::pair<const char *, lua_CFunction>> events)
{
	lua_newtable(L);
	lua_createtable(L, 0, (int)events.size());
	for (auto [event, fn] : events) {
		lua_pushvalue(L, records);
		lua_pushinteger(L, kind);
		lua_pushcclosure(L, fn, 2);
		lua_setfield(L, -2, event);
	}
	lua_setmetatable(L, -2);
}

// co_records() -> new_record, session_coroutine_id, session_coroutine_address,
// tracetag, pending_start (skynet.lua's names), then wakeup_queue,
// error_queue, fork_queue, trace_source (lua/queue_flags.h).
int co_records_new(lua_State *L)
{
	lua_settop(L, 0);
	lua_newtable(L); // 1: the records
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, 1);
	lua_pushvalue(L, 1);
	lua_pushcclosure(L, new_record, 1);
	for (int kind : {SESSION, ADDRESS})
		push_table_with(L, 1, kind, {{"__index", view_index}, {"__newindex", view_newindex}, {"__pairs", view_pairs}});
	for (int kind : {TAG, START})
		push_table_with(L, 1, kind, {{"__newindex", flagged_newindex}});
	push_queue_tables(L);
	return 9;
}
