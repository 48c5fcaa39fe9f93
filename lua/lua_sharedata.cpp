// lua_sharedata: `skynet.sharedata.core`, readers' proxies onto one immutable copy of a table shared by every Lua state.
//
// The owner service builds the table once into a C++ tree
// (lua/sharedata_tree.h). A reader never gets a copy: it gets a small
// proxy table whose __index looks a key up in the tree and hands back a
// scalar, or another proxy for a subtable. The proxy is an empty Lua table, as
// skynet's are (type() says "table"), whose one raw entry, under a private
// lightuserdata key, is the userdata holding the proxy's state. A reader therefore pays only for
// what it touches: one proxy per subtable it reaches and the strings it reads.
// An update links a new tree from the old one; a reader's box finds the link
// on its next access and moves to the newest tree, and each proxy finds its
// node again by the key that led to it.
#include "lua/bindings.h"
#include "lua/sharedata_tree.h"

// --- boxes and proxies ---

static const char *BOX = "skyglass.sharedata.box";
static const char *PROXY = "skyglass.sharedata.proxy";     // the state userdata's metatable
static const char *PROXY_TABLE = "skyglass.sharedata.table"; // the proxy tables' metatable
static const char PROXY_KEY = 0; // &PROXY_KEY: the raw key of a proxy table's state

// One per query in a reader: holds the reader's reference to the tree.
struct st_box {
	st_object *obj;
	uint32_t version; // bumped each time the box moves to a newer tree
	bool table;       // a sharetable's (its writes raise as skynet's shared tables do)
};

// One per subtable a reader touches. User values: 1 box, 2 parent proxy,
// 3 key in the parent, 4 cache of child proxies (weak values).
struct st_proxy {
	const st_table *node;
	uint32_t version;
};

// The state userdata of the proxy table at `index`, pushed; raises unless it is one.
static st_proxy *push_proxy_state(lua_State *L, int index)
{
	index = lua_absindex(L, index);
	if (lua_type(L, index) == LUA_TTABLE && lua_rawgetp(L, index, &PROXY_KEY) == LUA_TUSERDATA) {
		if (auto *p = static_cast<st_proxy *>(luaL_testudata(L, -1, PROXY)))
			return p;
	} else if (lua_type(L, index) == LUA_TTABLE) {
		lua_pop(L, 1);
	}
	luaL_typeerror(L, index, "sharedata proxy");
	return nullptr;
}

// Replace the proxy table at `index` by its state userdata, so the functions
// below work on the userdata (its user values hold the box, parent and cache).
static void to_state(lua_State *L, int index)
{
	push_proxy_state(L, index);
	lua_replace(L, index);
}

// Move the box to the newest version, if an update happened.
static void box_refresh(st_box *box)
{
	st_object *newest = box->obj->next.load(std::memory_order_acquire);
	if (newest == nullptr)
		return;
	for (st_object *n; (n = newest->next.load(std::memory_order_acquire)) != nullptr;)
		newest = n;
	st_incref(newest);
	st_decref(box->obj);
	box->obj = newest;
	box->version++;
}

static void push_value(lua_State *L, int proxy_index, int key_index, const st_value &v);

// The node a proxy stands for in the box's current tree (found again by its
// key after an update). Leaves the stack as it found it.
static const st_table *proxy_node(lua_State *L, int index)
{
	index = lua_absindex(L, index);
	auto *p = static_cast<st_proxy *>(lua_touserdata(L, index));
	lua_getiuservalue(L, index, 1);
	auto *box = static_cast<st_box *>(lua_touserdata(L, -1));
	lua_pop(L, 1);
	box_refresh(box);
	if (p->version == box->version)
		return p->node;
	luaL_checkstack(L, 4, "sharedata: table nested too deep");
	if (lua_getiuservalue(L, index, 2) == LUA_TNIL) {
		p->node = box->obj->root;
	} else {
		const st_table *parent = proxy_node(L, -1);
		lua_getiuservalue(L, index, 3);
		const st_value *v = st_lookup(parent, L, -1);
		if (v->type != st_value::TABLE) {
			luaL_error(L, "sharedata: the table at key %s is gone in the updated data", st_key_text(L, -1));
		}
		p->node = v->t;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	p->version = box->version;
	return p->node;
}

static void new_proxy_state(lua_State *L, const st_table *node, int parent_index, int key_index, uint32_t version);

// Push a proxy table for `node`, child of the proxy state at parent_index by
// key_index (parent 0: a root, with the box at key_index).
static void new_proxy(lua_State *L, const st_table *node, int parent_index, int key_index, uint32_t version)
{
	parent_index = parent_index ? lua_absindex(L, parent_index) : 0;
	key_index = lua_absindex(L, key_index);
	lua_createtable(L, 0, 1);
	new_proxy_state(L, node, parent_index, key_index, version);
	lua_rawsetp(L, -2, &PROXY_KEY);
	luaL_setmetatable(L, PROXY_TABLE);
}

static void new_proxy_state(lua_State *L, const st_table *node, int parent_index, int key_index, uint32_t version)
{
	auto *p = static_cast<st_proxy *>(lua_newuserdatauv(L, sizeof(st_proxy), 4));
	p->node = node;
	p->version = version;
	luaL_setmetatable(L, PROXY);
	if (parent_index == 0) {
		lua_pushvalue(L, key_index);
		lua_setiuservalue(L, -2, 1);
		return;
	}
	lua_getiuservalue(L, parent_index, 1);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, parent_index);
	lua_setiuservalue(L, -2, 2);
	lua_pushvalue(L, key_index);
	lua_setiuservalue(L, -2, 3);
}

static void push_value(lua_State *L, int proxy_index, int key_index, const st_value &v)
{
	switch (v.type) {
	case st_value::NIL: lua_pushnil(L); break;
	case st_value::BOOLEAN: lua_pushboolean(L, v.b); break;
	case st_value::INTEGER: lua_pushinteger(L, v.i); break;
	case st_value::NUMBER: lua_pushnumber(L, v.n); break;
	case st_value::STRING: lua_pushlstring(L, v.s, v.len); break;
	case st_value::TABLE: {
		// The same subtable gives the same proxy table while someone holds it.
		if (lua_getiuservalue(L, proxy_index, 4) == LUA_TNIL) {
			lua_pop(L, 1);
			lua_createtable(L, 0, 1);
			lua_createtable(L, 0, 1);
			lua_pushliteral(L, "v");
			lua_setfield(L, -2, "__mode");
			lua_setmetatable(L, -2);
			lua_pushvalue(L, -1);
			lua_setiuservalue(L, proxy_index, 4);
		}
		lua_pushvalue(L, key_index);
		if (lua_rawget(L, -2) != LUA_TNIL) {
			lua_remove(L, -2);
			return;
		}
		lua_pop(L, 1);
		auto *parent = static_cast<st_proxy *>(lua_touserdata(L, proxy_index));
		new_proxy(L, v.t, proxy_index, key_index, parent->version);
		lua_pushvalue(L, key_index);
		lua_pushvalue(L, -2);
		lua_rawset(L, -4);
		lua_remove(L, -2);
		break;
	}
	}
}

static int proxy_index(lua_State *L)
{
	to_state(L, 1);
	const st_table *node = proxy_node(L, 1);
	push_value(L, 1, 2, *st_lookup(node, L, 2));
	return 1;
}

// A write raises what skynet raises. skynet's sharedata names the table's
// path from the root ("Error newindex, the key [.b.d]" for obj.b.d.x = 1,
// "[]" for the root); skynet's sharetable tables are real tables its patched
// Lua refuses to change ("attempt to index a table value (...)").
// keypath(proxy): the path in the message, "" for the root, ".b.d" below;
// nil for a sharetable's table. skynet.sharedata.corelib (Lua) raises the
// error, so that its message and traceback carry a Lua file's position as
// skynet's corelib.lua gives them.
static int lkeypath(lua_State *L)
{
	to_state(L, 1);
	lua_getiuservalue(L, 1, 1);
	bool table = static_cast<st_box *>(lua_touserdata(L, -1))->table;
	lua_pop(L, 1);
	if (table) {
		lua_pushnil(L);
		return 1;
	}
	lua_settop(L, 1);
	luaL_checkstack(L, 8, "sharedata: table nested too deep");
	int depth = 0; // the keys from this table up to the root, pushed leaf first
	lua_pushvalue(L, 1);
	while (lua_getiuservalue(L, -1, 2) != LUA_TNIL) { // [keys..., state, parent]
		lua_getiuservalue(L, -2, 3);                  // the state's key in its parent
		lua_replace(L, -3);                           // [keys..., key, parent]
		luaL_checkstack(L, 4, "sharedata: table nested too deep");
		depth++;
	}
	lua_pop(L, 2);
	int top = lua_gettop(L);
	lua_pushliteral(L, "");
	for (int i = top; i > top - depth; i--) {
		lua_pushliteral(L, ".");
		luaL_tolstring(L, i, nullptr);
		lua_concat(L, 3);
	}
	return 1;
}

// The write to a proxy when skynet.sharedata.corelib has not set its own
// __newindex (a state that only uses sharetable): the same texts, from C.
static int proxy_newindex(lua_State *L)
{
	lua_settop(L, 1);
	lkeypath(L);
	if (lua_isnil(L, -1))
		return luaL_error(L, "attempt to index a table value (a sharetable is read-only)");
	lua_pushliteral(L, "Error newindex, the key [");
	lua_insert(L, -2);
	lua_pushliteral(L, "]");
	lua_concat(L, 3);
	return lua_error(L);
}

// setnewindex(f): the proxies' __newindex in this state becomes f.
static int lsetnewindex(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	luaL_getmetatable(L, PROXY_TABLE);
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "__newindex");
	return 0;
}

static int proxy_len(lua_State *L)
{
	to_state(L, 1);
	lua_pushinteger(L, (lua_Integer)proxy_node(L, 1)->array.size());
	return 1;
}

// next(proxy, key): the array part 1..n, then the other keys in build order.
static int proxy_next(lua_State *L)
{
	to_state(L, 1);
	const st_table *node = proxy_node(L, 1);
	lua_settop(L, 2);
	size_t at = 0; // position of the next entry
	if (!lua_isnil(L, 2)) {
		lua_Integer i;
		if (lua_isinteger(L, 2) && (i = lua_tointeger(L, 2)) >= 1 && (size_t)i <= node->array.size()) {
			at = (size_t)i;
		} else if (lua_type(L, 2) == LUA_TSTRING) {
			size_t len;
			const char *s = lua_tolstring(L, 2, &len);
			auto it = node->by_name.find(std::string_view(s, len));
			if (it == node->by_name.end())
				return luaL_error(L, "sharedata: invalid key to 'next'");
			at = node->array.size() + it->second + 1;
		} else if (lua_isinteger(L, 2)) {
			auto it = node->by_integer.find(lua_tointeger(L, 2));
			if (it == node->by_integer.end())
				return luaL_error(L, "sharedata: invalid key to 'next'");
			at = node->array.size() + it->second + 1;
		} else {
			return luaL_error(L, "sharedata: invalid key to 'next'");
		}
	}
	for (; at < node->array.size() + node->hash.size(); at++) {
		const st_value *v;
		if (at < node->array.size()) {
			v = &node->array[at];
			lua_pushinteger(L, (lua_Integer)at + 1);
		} else {
			const auto &entry = node->hash[at - node->array.size()];
			v = &entry.second;
			if (entry.first.type == st_value::STRING)
				lua_pushlstring(L, entry.first.s, entry.first.len);
			else
				lua_pushinteger(L, entry.first.i);
		}
		if (v->type == st_value::NIL) { // a hole in the array part
			lua_pop(L, 1);
			continue;
		}
		push_value(L, 1, lua_gettop(L), *v);
		return 2;
	}
	lua_pushnil(L);
	return 1;
}

static int proxy_pairs(lua_State *L)
{
	push_proxy_state(L, 1);
	lua_pop(L, 1);
	lua_pushcfunction(L, proxy_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int box_gc(lua_State *L)
{
	auto *box = static_cast<st_box *>(lua_touserdata(L, 1));
	if (box->obj) {
		st_decref(box->obj);
		box->obj = nullptr;
	}
	return 0;
}

static st_object *check_object(lua_State *L, int index)
{
	if (lua_type(L, index) != LUA_TLIGHTUSERDATA)
		luaL_error(L, "sharedata: want a data object (lightuserdata), got %s", luaL_typename(L, index));
	return static_cast<st_object *>(lua_touserdata(L, index));
}

// --- owner-side functions ---

// new(table) -> object, holding one reference (the caller's).
static int lnew(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_pushlightuserdata(L, st_build(L, 1));
	return 1;
}

static int lincref(lua_State *L) { st_incref(check_object(L, 1)); return 0; }
static int ldecref(lua_State *L) { st_decref(check_object(L, 1)); return 0; }

// supersede(old, new): readers of old move to new on their next access.
static int lsupersede(lua_State *L)
{
	st_object *old = check_object(L, 1), *newer = check_object(L, 2);
	st_incref(newer);
	st_object *expected = nullptr;
	if (!old->next.compare_exchange_strong(expected, newer, std::memory_order_acq_rel)) {
		st_decref(newer);
		return luaL_error(L, "sharedata: this version was already updated");
	}
	return 0;
}

// markdeleted(object): sharedata.delete took its name away. Readers keep the
// version they hold; a reader's cached root sees the mark (deleted below) and
// asks sharedatad again, which refuses, as skynet's does after a delete.
static int lmarkdeleted(lua_State *L)
{
	check_object(L, 1)->deleted.store(true, std::memory_order_release);
	return 0;
}

static int lsize(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)check_object(L, 1)->bytes);
	return 1;
}

// --- reader-side functions ---

// box(object [, sharetable]) -> proxy of its root. Adopts one reference the owner took for
// this reader (so the object cannot go away between the owner's reply and here).
static int lbox(lua_State *L)
{
	st_object *obj = check_object(L, 1);
	bool table = lua_toboolean(L, 2);
	lua_settop(L, 1);
	auto *box = static_cast<st_box *>(lua_newuserdatauv(L, sizeof(st_box), 0));
	box->obj = obj;
	box->version = 0;
	box->table = table;
	luaL_setmetatable(L, BOX);
	new_proxy(L, obj->root, 0, lua_gettop(L), 0);
	return 1;
}

// switch(proxy, object): move this root proxy's box to `object` now (sharetable.update).
static int lswitch(lua_State *L)
{
	to_state(L, 1);
	st_object *obj = check_object(L, 2);
	lua_getiuservalue(L, 1, 1);
	auto *box = static_cast<st_box *>(lua_touserdata(L, -1));
	if (box->obj == obj) {
		st_decref(obj); // the reference taken for us is not needed
		return 0;
	}
	st_decref(box->obj);
	box->obj = obj;
	box->version++;
	return 0;
}

// The child proxies a reader holds under the proxy state at `state`, whose
// node in the box's newest tree is `node` (nullptr: gone), that no longer lead
// to a table: each goes into the set at `out`, and so do all below it. (Even
// when the key now holds a string or a number, skynet's update makes the old
// table nil, not that value.)
static void collect_stale(lua_State *L, int state, const st_table *node, int out)
{
	luaL_checkstack(L, 6, "sharetable: table nested too deep");
	if (lua_getiuservalue(L, state, 4) != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	int cache = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, cache) != 0) { // key at cache+1, child proxy table at cache+2
		push_proxy_state(L, cache + 2);
		int child = lua_gettop(L);
		const st_value *v = node ? st_lookup(node, L, cache + 1) : nullptr;
		const st_table *now = v && v->type == st_value::TABLE ? v->t : nullptr;
		if (now == nullptr) {
			lua_pushvalue(L, cache + 2);
			lua_pushboolean(L, 1);
			lua_rawset(L, out);
		}
		collect_stale(L, child, now, out);
		lua_settop(L, cache + 1);
	}
	lua_pop(L, 1);
}

// stale(root proxy, out): after switch, add to `out` the proxies below this
// root whose tables the new version no longer has (sharetable.update then
// replaces the references the service holds to them, as skynet's does).
static int lstale(lua_State *L)
{
	to_state(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	collect_stale(L, 1, proxy_node(L, 1), 2);
	return 0;
}

// flush(proxy): look for a newer version now.
static int lflush(lua_State *L)
{
	to_state(L, 1);
	proxy_node(L, 1);
	return 0;
}

// deleted(root proxy) -> whether the newest version it reaches was deleted.
static int ldeleted(lua_State *L)
{
	to_state(L, 1);
	lua_getiuservalue(L, 1, 1);
	auto *box = static_cast<st_box *>(lua_touserdata(L, -1));
	box_refresh(box);
	lua_pushboolean(L, box->obj->deleted.load(std::memory_order_acquire));
	return 1;
}

static int lis_proxy(lua_State *L)
{
	bool is = lua_type(L, 1) == LUA_TTABLE && lua_rawgetp(L, 1, &PROXY_KEY) == LUA_TUSERDATA &&
	          luaL_testudata(L, -1, PROXY) != nullptr;
	lua_pushboolean(L, is);
	return 1;
}

// Copies keep the shape of the shared tree: a subtable met twice (or a
// cycle) becomes one table, found through the `done` table at index `done`.
static int lcopy(lua_State *L)
{
	to_state(L, 1);
	const st_table *node = proxy_node(L, 1);
	int n = lua_gettop(L);
	lua_newtable(L);
	int done = lua_gettop(L);
	for (int i = 2; i <= n; i++) {
		const st_value *v = st_lookup(node, L, i);
		if (v->type != st_value::TABLE) {
			st_copy_value(L, *v, done);
			return 1;
		}
		node = v->t;
	}
	st_copy_table(L, node, done);
	return 1;
}

int luaopen_skynet_sharedata_core(lua_State *L)
{
	luaL_checkversion(L);
	if (luaL_newmetatable(L, BOX)) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_pop(L, 1);
	luaL_newmetatable(L, PROXY);
	lua_pop(L, 1);
	if (luaL_newmetatable(L, PROXY_TABLE)) {
		static const luaL_Reg meta[] = {
			{"__index", proxy_index},
			{"__newindex", proxy_newindex},
			{"__len", proxy_len},
			{"__pairs", proxy_pairs},
			{nullptr, nullptr},
		};
		luaL_setfuncs(L, meta, 0);
		// luaL_newmetatable set __name, which would make error messages call
		// the proxy a "skyglass.sharedata.table" where skynet's says "table".
		lua_pushnil(L);
		lua_setfield(L, -2, "__name");
	}
	lua_pop(L, 1);
	static const luaL_Reg funcs[] = {
		{"new", lnew},
		{"incref", lincref},
		{"decref", ldecref},
		{"supersede", lsupersede},
		{"markdeleted", lmarkdeleted},
		{"deleted", ldeleted},
		{"size", lsize},
		{"box", lbox},
		{"switch", lswitch},
		{"stale", lstale},
		{"flush", lflush},
		{"is_proxy", lis_proxy},
		{"copy", lcopy},
		{"next", proxy_next},
		{"keypath", lkeypath},
		{"newindex", proxy_newindex},
		{"setnewindex", lsetnewindex},
		{nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	return 1;
}
