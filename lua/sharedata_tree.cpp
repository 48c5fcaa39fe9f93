// sharedata_tree: building the shared tree from a Lua table, looking keys up in it, and copying it back out.
#include "lua/sharedata_tree.h"

struct st_builder {
	lua_State *L;
	st_object *obj;
	std::unordered_map<const void *, st_table *> seen; // a table met twice is built once
};

// A key as text for an error message, pushed as a Lua string: errors
// longjmp through these frames, so nothing C++ may own memory when they do.
const char *st_key_text(lua_State *L, int index)
{
	if (lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER)
		return luaL_tolstring(L, index, nullptr);
	return lua_pushstring(L, luaL_typename(L, index));
}

static st_table *build_table(st_builder &b, int index);

static st_value build_value(st_builder &b, int index, int key_index)
{
	lua_State *L = b.L;
	st_value v;
	switch (lua_type(L, index)) {
	case LUA_TBOOLEAN:
		v.type = st_value::BOOLEAN;
		v.b = lua_toboolean(L, index);
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, index)) {
			v.type = st_value::INTEGER;
			v.i = lua_tointeger(L, index);
		} else {
			v.type = st_value::NUMBER;
			v.n = lua_tonumber(L, index);
		}
		break;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, index, &len);
		b.obj->strings.emplace_back(s, len);
		v.type = st_value::STRING;
		v.s = b.obj->strings.back().data();
		v.len = (uint32_t)len;
		b.obj->bytes += len + sizeof(std::string);
		break;
	}
	case LUA_TTABLE:
		v.type = st_value::TABLE;
		v.t = build_table(b, index);
		break;
	default:
		// skynet's words (its lua-sharedata.c): the type alone, not the key
		(void)key_index;
		luaL_error(L, "Unsupport value type %s", lua_typename(L, lua_type(L, index)));
	}
	return v;
}

static st_table *build_table(st_builder &b, int index)
{
	lua_State *L = b.L;
	index = lua_absindex(L, index);
	const void *id = lua_topointer(L, index);
	auto found = b.seen.find(id);
	if (found != b.seen.end())
		return found->second;
	luaL_checkstack(L, 4, "sharedata: table nested too deep");
	st_table *t = &b.obj->tables.emplace_back();
	b.seen[id] = t;
	lua_Integer n = (lua_Integer)lua_rawlen(L, index);
	t->array.resize((size_t)n);
	lua_pushnil(L);
	while (lua_next(L, index) != 0) {
		int key = lua_absindex(L, -2), value = lua_absindex(L, -1);
		if (lua_isinteger(L, key) && lua_tointeger(L, key) >= 1 && lua_tointeger(L, key) <= n) {
			t->array[(size_t)lua_tointeger(L, key) - 1] = build_value(b, value, key);
		} else {
			st_value k;
			if (lua_type(L, key) == LUA_TSTRING) {
				k = build_value(b, key, key);
			} else if (lua_isinteger(L, key)) {
				k.type = st_value::INTEGER;
				k.i = lua_tointeger(L, key);
			} else if (lua_type(L, key) == LUA_TNUMBER) {
				luaL_error(L, "Invalid key %f", lua_tonumber(L, key));  // skynet's words, %.14g
			} else {
				// skynet's words. A table key it takes (reading it as a string it is not); ours refuses it.
				luaL_error(L, "Invalid key type %s", lua_typename(L, lua_type(L, key)));
			}
			uint32_t slot = (uint32_t)t->hash.size();
			t->hash.emplace_back(k, build_value(b, value, key));
			if (k.type == st_value::STRING)
				t->by_name.emplace(std::string_view(k.s, k.len), slot);
			else
				t->by_integer.emplace(k.i, slot);
		}
		lua_pop(L, 1);
	}
	b.obj->bytes += sizeof(st_table) + t->array.size() * sizeof(st_value) + t->hash.size() * 3 * sizeof(st_value);
	return t;
}

st_object *st_build(lua_State *L, int index)
{
	index = lua_absindex(L, index);
	auto *obj = new st_object;
	int status;
	{
		// build_table raises on bad values: the builder is gone and the
		// half-built tree freed before the error goes on.
		st_builder b{L, obj, {}};
		lua_pushcfunction(L, [](lua_State *L) -> int {
			auto *b = static_cast<st_builder *>(lua_touserdata(L, 2));
			b->obj->root = build_table(*b, 1);
			return 0;
		});
		lua_pushvalue(L, index);
		lua_pushlightuserdata(L, &b);
		status = lua_pcall(L, 2, 0, 0);
	}
	if (status != LUA_OK) {
		delete obj;
		lua_error(L);
	}
	return obj;
}

const st_value *st_lookup(const st_table *t, lua_State *L, int key)
{
	static const st_value nil;
	switch (lua_type(L, key)) {
	case LUA_TNUMBER: {
		lua_Integer i;
		if (!lua_isinteger(L, key)) {
			lua_Number n = lua_tonumber(L, key);
			if (!lua_numbertointeger(n, &i) || (lua_Number)i != n)
				return &nil;
		} else {
			i = lua_tointeger(L, key);
		}
		if (i >= 1 && (size_t)i <= t->array.size())
			return &t->array[(size_t)i - 1];
		auto it = t->by_integer.find(i);
		return it == t->by_integer.end() ? &nil : &t->hash[it->second].second;
	}
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, key, &len);
		auto it = t->by_name.find(std::string_view(s, len));
		return it == t->by_name.end() ? &nil : &t->hash[it->second].second;
	}
	default:
		return &nil;
	}
}


void st_copy_value(lua_State *L, const st_value &v, int done)
{
	switch (v.type) {
	case st_value::TABLE: st_copy_table(L, v.t, done); break;
	case st_value::STRING: lua_pushlstring(L, v.s, v.len); break;
	case st_value::BOOLEAN: lua_pushboolean(L, v.b); break;
	case st_value::INTEGER: lua_pushinteger(L, v.i); break;
	case st_value::NUMBER: lua_pushnumber(L, v.n); break;
	default: lua_pushnil(L); break;
	}
}

void st_copy_table(lua_State *L, const st_table *t, int done)
{
	luaL_checkstack(L, 4, "sharedata: table nested too deep");
	if (lua_rawgetp(L, done, t) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_createtable(L, (int)t->array.size(), (int)t->hash.size());
	lua_pushvalue(L, -1);
	lua_rawsetp(L, done, t);
	for (size_t i = 0; i < t->array.size(); i++) {
		st_copy_value(L, t->array[i], done);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	for (const auto &[k, v] : t->hash) {
		st_copy_value(L, k, done);
		st_copy_value(L, v, done);
		lua_rawset(L, -3);
	}
}

// copy(proxy, k1, k2, ...) -> an ordinary Lua table copied from the part at that path.
