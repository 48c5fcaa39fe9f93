// sharedata_tree: the immutable C++ tree that skynet.sharedata and skynet.sharetable share between Lua states.
//
// Lua tables cannot be shared between lua_States, so the owner service
// (sharedatad, or the sharetable service) converts a table once into this
// tree, which lives outside every Lua heap (lua/lua_sharedata.cpp gives
// readers proxies onto it). It is never written after it is built, so
// readers on any worker thread read it without locks; its life is an atomic
// reference count, and a newer version is linked from the old one (`next`).
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <lua.hpp>

struct st_table;

struct st_value {
	enum kind : uint8_t { NIL, BOOLEAN, INTEGER, NUMBER, STRING, TABLE } type = NIL;
	uint32_t len = 0; // of a string
	union {
		bool b;
		lua_Integer i;
		lua_Number n;
		const char *s; // in st_object::strings
		st_table *t;
	};
	st_value() : i(0) {}
};

struct st_table {
	std::vector<st_value> array;                            // keys 1..n
	std::vector<std::pair<st_value, st_value>> hash;        // the other keys, in a fixed order for pairs
	std::unordered_map<std::string_view, uint32_t> by_name; // string key -> index in hash
	std::unordered_map<lua_Integer, uint32_t> by_integer;   // integer key (outside array) -> index in hash
};

struct st_object {
	std::atomic<int> ref{1};
	std::atomic<st_object *> next{nullptr}; // the newer version, once updated
	std::atomic<bool> deleted{false};       // sharedata.delete: new queries of its name fail
	st_table *root = nullptr;
	std::deque<st_table> tables;   // a deque never moves what it holds
	std::deque<std::string> strings;
	size_t bytes = 0;              // roughly what the tree takes, for stats
};

inline void st_incref(st_object *obj) { obj->ref.fetch_add(1, std::memory_order_relaxed); }

inline void st_decref(st_object *obj)
{
	// A chain of superseded versions is released in a loop, not recursively.
	while (obj && obj->ref.fetch_sub(1, std::memory_order_acq_rel) == 1) {
		st_object *next = obj->next.load(std::memory_order_acquire);
		delete obj;
		obj = next;
	}
}

// Build a tree from the Lua table at `index` (raises a Lua error naming the
// bad key or value; nothing is leaked then). The object starts with one reference.
st_object *st_build(lua_State *L, int index);

// The value at the key on the Lua stack at `key` (a nil value if absent).
const st_value *st_lookup(const st_table *t, lua_State *L, int key);

// A key as text for an error message, pushed as a Lua string.
const char *st_key_text(lua_State *L, int index);

// Push an ordinary Lua copy of a value / table; `done` is the stack index of
// a table that maps trees already copied to their copies (shared subtables, cycles).
void st_copy_value(lua_State *L, const st_value &v, int done);
void st_copy_table(lua_State *L, const st_table *t, int done);
