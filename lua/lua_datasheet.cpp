// lua_datasheet: `skynet.datasheet.core` (lua-datasheet.c's twin), the reader's
// side of skynet.datasheet: real Lua tables filled lazily from one shared,
// immutable tree (lua/sharedata_tree.h), and moved to a newer tree on update.
//
// A reader's table starts empty with a metatable: its first read (index, pairs
// or #) copies that one level of the tree into it (scalars as Lua values, each
// subtable as another such lazy table) and drops the metatable, so later reads
// are plain table reads at full speed. An update empties every table of the
// sheet that this service holds and gives it back its metatable, pointing at the
// node found by the same keys in the new tree: the next read copies the new data,
// and a subtable a program kept (`local c = t.c`) shows the new `t.c`.
//
// The tree is the one skynet.sharedata uses; the builder makes it and the
// datasheet service links each new version from the old (`next`), so the version
// a reader holds keeps the newer ones alive until the reader moves to them.
#include "lua/bindings.h"
#include "lua/sharedata_tree.h"

namespace {

const char *const BOX_META = "skynet.datasheet.box";

// One per sheet a service queried: holds the service's reference to its tree.
struct SheetBox {
	st_object *obj;
	int tables; // lazy tables made for this sheet so far: the next one's index
};

// One per lazy table. User values: 1 the sheet's box, 2 the parent table (nil
// for the root), 3 the key in the parent. node is null once an update found no
// table at this path. index numbers the sheet's tables in the order this
// service first reached them (the root is 0); a read of a table whose path is
// gone raises "Invalid proxy (index = N)" as skynet's does, whose N is the
// table's slot in the dumped sheet (which moves between runs even there: the
// dump follows pairs order).
struct LazyInfo {
	const st_table *node;
	int index;
};

// Registry keys (their addresses): node -> table (weak values), table -> info
// (weak keys), and the metatable of a lazy table.
char NODES_KEY, INFOS_KEY, META_KEY;

void push_registry(lua_State *L, const char *key)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
}

LazyInfo *info_of(lua_State *L, int table)
{
	push_registry(L, &INFOS_KEY);
	lua_pushvalue(L, table);
	lua_rawget(L, -2);
	auto *info = static_cast<LazyInfo *>(lua_touserdata(L, -1));
	lua_pop(L, 2);
	if (!info)
		luaL_error(L, "Invalid proxy table %p", lua_topointer(L, table));
	return info;
}

// Pushes the lazy table for `node` (the one this service already has, if any).
void push_lazy(lua_State *L, const st_table *node, int box, int parent, int key)
{
	luaL_checkstack(L, 8, "datasheet: table nested too deep");
	push_registry(L, &NODES_KEY);
	if (lua_rawgetp(L, -1, node) == LUA_TTABLE) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	lua_newtable(L);
	int t = lua_gettop(L);
	push_registry(L, &META_KEY);
	lua_setmetatable(L, t);
	lua_pushvalue(L, t);
	lua_rawsetp(L, t - 1, node);  // NODES[node] = t
	auto *info = static_cast<LazyInfo *>(lua_newuserdatauv(L, sizeof(LazyInfo), 3));
	info->node = node;
	info->index = static_cast<SheetBox *>(lua_touserdata(L, box))->tables++;
	lua_pushvalue(L, box);
	lua_setiuservalue(L, -2, 1);
	if (parent) {
		lua_pushvalue(L, parent);
		lua_setiuservalue(L, -2, 2);
		lua_pushvalue(L, key);
		lua_setiuservalue(L, -2, 3);
	}
	push_registry(L, &INFOS_KEY);
	lua_pushvalue(L, t);
	lua_pushvalue(L, -3);
	lua_rawset(L, -3);  // INFOS[t] = info
	lua_pop(L, 2);
	lua_remove(L, t - 1);
}

// Pushes a value of the tree; a subtable becomes a lazy table under `parent`.
void push_value(lua_State *L, const st_value &v, int box, int parent, int key)
{
	switch (v.type) {
	case st_value::BOOLEAN:
		lua_pushboolean(L, v.b);
		break;
	case st_value::INTEGER:
		lua_pushinteger(L, v.i);
		break;
	case st_value::NUMBER:
		lua_pushnumber(L, v.n);
		break;
	case st_value::STRING:
		lua_pushlstring(L, v.s, v.len);
		break;
	case st_value::TABLE:
		push_lazy(L, v.t, box, parent, key);
		break;
	default:
		lua_pushnil(L);
	}
}

// Copies the table's level of the tree into it and drops its metatable.
void materialize(lua_State *L, int t)
{
	LazyInfo *info = info_of(L, t);
	if (!info->node)
		luaL_error(L, "Invalid proxy (index = %d)", info->index);
	const st_table *node = info->node;
	push_registry(L, &INFOS_KEY);
	lua_pushvalue(L, t);
	lua_rawget(L, -2);
	lua_getiuservalue(L, -1, 1);
	int box = lua_gettop(L);
	for (size_t i = 0; i < node->array.size(); i++) {
		lua_pushinteger(L, lua_Integer(i) + 1);
		push_value(L, node->array[i], box, t, lua_gettop(L));
		lua_rawseti(L, t, lua_Integer(i) + 1);
		lua_pop(L, 1);
	}
	for (const auto &kv : node->hash) {
		push_value(L, kv.first, box, 0, 0);
		int key = lua_gettop(L);
		push_value(L, kv.second, box, t, key);
		lua_rawset(L, t);
	}
	lua_pop(L, 3);
	lua_pushnil(L);
	lua_setmetatable(L, t);
}

int lazy_index(lua_State *L)
{
	materialize(L, 1);
	lua_settop(L, 2);
	lua_rawget(L, 1);
	return 1;
}

int lazy_len(lua_State *L)
{
	materialize(L, 1);
	lua_pushinteger(L, lua_Integer(lua_rawlen(L, 1)));
	return 1;
}

int lazy_pairs(lua_State *L)
{
	materialize(L, 1);
	lua_getglobal(L, "next");
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

int box_gc(lua_State *L)
{
	auto *box = static_cast<SheetBox *>(lua_touserdata(L, 1));
	st_decref(box->obj);
	box->obj = nullptr;
	return 0;
}

st_object *check_object(lua_State *L, int index)
{
	if (lua_type(L, index) != LUA_TLIGHTUSERDATA)
		luaL_error(L, "datasheet: want a sheet (lightuserdata), got %s", luaL_typename(L, index));
	return static_cast<st_object *>(lua_touserdata(L, index));
}

// core.new(sheet) -> the root table. Adopts the reference the datasheet service
// took for this reader.
int lnew(lua_State *L)
{
	st_object *obj = check_object(L, 1);
	auto *box = static_cast<SheetBox *>(lua_newuserdatauv(L, sizeof(SheetBox), 0));
	box->obj = obj;
	box->tables = 0;
	luaL_setmetatable(L, BOX_META);
	push_lazy(L, obj->root, lua_gettop(L), 0, 0);
	return 1;
}

// The node at table t's path in the new tree, memoised in `memo` (t -> node or false).
const st_table *resolve(lua_State *L, int t, int memo, const st_object *newer)
{
	luaL_checkstack(L, 8, "datasheet: table nested too deep");
	lua_pushvalue(L, t);
	if (lua_rawget(L, memo) != LUA_TNIL) {
		auto *found = static_cast<const st_table *>(lua_touserdata(L, -1));
		lua_pop(L, 1);
		return found;
	}
	lua_pop(L, 1);
	push_registry(L, &INFOS_KEY);
	lua_pushvalue(L, t);
	lua_rawget(L, -2);
	int info = lua_gettop(L);
	const st_table *node = nullptr;
	if (lua_getiuservalue(L, info, 2) == LUA_TNIL) {
		node = newer->root;
	} else {
		const st_table *parent = resolve(L, lua_gettop(L), memo, newer);
		lua_getiuservalue(L, info, 3);
		if (parent) {
			const st_value *v = st_lookup(parent, L, lua_gettop(L));
			if (v->type == st_value::TABLE)
				node = v->t;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 3);
	lua_pushvalue(L, t);
	if (node)
		lua_pushlightuserdata(L, const_cast<st_table *>(node));
	else
		lua_pushboolean(L, 0);
	lua_rawset(L, memo);
	return node;
}

// core.update(root, sheet): moves every table of root's sheet to the newer tree.
int lupdate(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	st_object *newer = check_object(L, 2);
	info_of(L, 1);
	push_registry(L, &INFOS_KEY);
	lua_pushvalue(L, 1);
	lua_rawget(L, -2);
	lua_getiuservalue(L, -1, 1);
	int box_index = lua_gettop(L);
	auto *box = static_cast<SheetBox *>(lua_touserdata(L, box_index));
	if (box->obj == newer)
		return 0;
	// The sheet's tables, gathered first: the loop below edits the registry.
	lua_newtable(L);
	int tables = lua_gettop(L);
	lua_Integer n = 0;
	int infos = box_index - 2;
	lua_pushnil(L);
	while (lua_next(L, infos) != 0) {
		lua_getiuservalue(L, -1, 1);
		if (lua_rawequal(L, -1, box_index)) {
			lua_pushvalue(L, -3);
			lua_rawseti(L, tables, ++n);
		}
		lua_pop(L, 2);
	}
	lua_newtable(L);
	int memo = lua_gettop(L);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, tables, i);
		resolve(L, lua_gettop(L), memo, newer);
		lua_pop(L, 1);
	}
	push_registry(L, &NODES_KEY);
	int nodes = lua_gettop(L);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, tables, i);
		int t = lua_gettop(L);
		LazyInfo *info = info_of(L, t);
		lua_rawgetp(L, nodes, info->node);
		if (lua_rawequal(L, -1, t)) {
			lua_pushnil(L);
			lua_rawsetp(L, nodes, info->node);
		}
		lua_pop(L, 1);
		// empty it; the metatable makes the next read copy from the new node
		lua_pushnil(L);
		while (lua_next(L, t) != 0) {
			lua_pop(L, 1);
			lua_pushvalue(L, -1);
			lua_pushnil(L);
			lua_rawset(L, t);
		}
		push_registry(L, &META_KEY);
		lua_setmetatable(L, t);
		lua_pushvalue(L, t);
		lua_rawget(L, memo);
		info->node = static_cast<const st_table *>(lua_touserdata(L, -1));
		lua_pop(L, 1);
		if (info->node) {
			lua_pushvalue(L, t);
			lua_rawsetp(L, nodes, info->node);
		}
		lua_pop(L, 1);
	}
	st_incref(newer);
	st_object *old = box->obj;
	box->obj = newer;
	st_decref(old);
	return 0;
}

void new_weak_table(lua_State *L, const char *mode, const char *key)
{
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushstring(L, mode);
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

}  // namespace

int luaopen_skynet_datasheet_core(lua_State *L)
{
	luaL_checkversion(L);
	push_registry(L, &META_KEY);
	bool ready = lua_istable(L, -1);
	lua_pop(L, 1);
	if (!ready) {
		new_weak_table(L, "v", &NODES_KEY);
		new_weak_table(L, "k", &INFOS_KEY);
		const luaL_Reg meta[] = {
			{"__index", lazy_index}, {"__len", lazy_len}, {"__pairs", lazy_pairs}, {nullptr, nullptr},
		};
		luaL_newlib(L, meta);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &META_KEY);
		luaL_newmetatable(L, BOX_META);
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
		lua_pop(L, 1);
	}
	const luaL_Reg funcs[] = {{"new", lnew}, {"update", lupdate}, {nullptr, nullptr}};
	luaL_newlib(L, funcs);
	return 1;
}
