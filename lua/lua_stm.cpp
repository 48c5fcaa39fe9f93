// lua_stm: the `skynet.stm` module (lua-stm.c's twin): one service writes a shared
// object, other services read its latest snapshot by reference, with no message
// per update. The writer replaces the whole snapshot (packed bytes) at once; a
// reader asks "has it changed since I last looked?" and, if so, decodes it in place.
//
//   local obj = stm.new(skynet.pack(...))    -- writer; obj(skynet.pack(...)) updates
//   skynet.send(reader, "lua", stm.copy(obj)) -- a reference the reader takes over
//   local r = stm.newcopy(ref)                -- reader
//   local changed, ... = r(skynet.unpack)     -- true and f(msg, sz, ud)'s results, or false
//
// A snapshot is immutable once published and reference-counted (std::shared_ptr),
// so a reader decodes it without a lock while the writer publishes the next one;
// the lock only guards swapping the object's current snapshot. When the writer's
// userdata is collected the object has no snapshot any more: readers see false.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <unordered_set>

#include "lua/bindings.h"

namespace {

// One published snapshot: bytes from malloc (skynet.pack's, or a copy of a string).
struct StmCopy {
	void *msg;
	uint32_t sz;
	StmCopy(void *m, uint32_t s) : msg(m), sz(s) {}
	~StmCopy() { std::free(msg); }
	StmCopy(const StmCopy &) = delete;
	StmCopy &operator=(const StmCopy &) = delete;
};

struct StmObject {
	std::mutex lock;  // guards `current` only: swapping it, or taking a reference to it
	std::shared_ptr<const StmCopy> current;

	std::shared_ptr<const StmCopy> snapshot()
	{
		std::lock_guard<std::mutex> guard(lock);
		return current;
	}
	void publish(std::shared_ptr<const StmCopy> next)
	{
		std::lock_guard<std::mutex> guard(lock);
		current.swap(next);
	}  // the old snapshot is released here, outside no reader's way
};

// stm.copy hands out a reference as a light userdata (it travels in a message);
// stm.newcopy takes it over. The set of references not yet taken lets newcopy
// refuse a pointer that is not one, or one used twice, instead of crashing.
using Ref = std::shared_ptr<StmObject>;
std::mutex pending_lock;
std::unordered_set<Ref *> pending_refs;

struct WriterBox {
	Ref obj;
};

struct ReaderBox {
	Ref obj;
	std::shared_ptr<const StmCopy> last;  // the snapshot this reader saw last
};

const char *const WRITER_META = "skynet.stm.writer";
const char *const READER_META = "skynet.stm.reader";

// The message at (index, index+1): a light userdata and its size (taken over,
// as in skynet), or a string (copied).
StmCopy *take_message(lua_State *L, int index)
{
	void *msg;
	size_t sz;
	if (lua_type(L, index) == LUA_TLIGHTUSERDATA) {
		msg = lua_touserdata(L, index);
		lua_Integer n = luaL_checkinteger(L, index + 1);
		luaL_argcheck(L, n >= 0 && n <= UINT32_MAX, index + 1, "size out of range");
		sz = size_t(n);
	} else {
		const char *s = luaL_checklstring(L, index, &sz);
		msg = std::malloc(sz ? sz : 1);
		if (!msg)
			luaL_error(L, "stm: out of memory");
		memcpy(msg, s, sz);
	}
	return new StmCopy(msg, uint32_t(sz));
}

// stm.new(msg, sz) or stm.new(string) -> writer
int lnew(lua_State *L)
{
	auto *box = static_cast<WriterBox *>(lua_newuserdatauv(L, sizeof(WriterBox), 0));
	new (box) WriterBox{std::make_shared<StmObject>()};
	luaL_setmetatable(L, WRITER_META);
	StmCopy *first = take_message(L, 1);  // if this raises, __gc still frees the box
	box->obj->publish(std::shared_ptr<const StmCopy>(first));
	return 1;
}

// writer(msg, sz) or writer(string): publish a new snapshot.
int lupdate(lua_State *L)
{
	auto *box = static_cast<WriterBox *>(luaL_checkudata(L, 1, WRITER_META));
	StmCopy *next = take_message(L, 2);
	box->obj->publish(std::shared_ptr<const StmCopy>(next));
	return 0;
}

int lwriter_gc(lua_State *L)
{
	auto *box = static_cast<WriterBox *>(lua_touserdata(L, 1));
	if (box->obj)
		box->obj->publish(nullptr);  // the writer is gone: no snapshot from now on
	box->~WriterBox();
	return 0;
}

// stm.copy(writer) -> a light userdata, one reference for one stm.newcopy
int lcopy(lua_State *L)
{
	auto *box = static_cast<WriterBox *>(luaL_checkudata(L, 1, WRITER_META));
	auto *ref = new Ref(box->obj);
	{
		std::lock_guard<std::mutex> guard(pending_lock);
		pending_refs.insert(ref);
	}
	lua_pushlightuserdata(L, ref);
	return 1;
}

// stm.newcopy(ref) -> reader
int lnewcopy(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TLIGHTUSERDATA);
	auto *ref = static_cast<Ref *>(lua_touserdata(L, 1));
	bool known;
	{
		std::lock_guard<std::mutex> guard(pending_lock);
		known = pending_refs.erase(ref) == 1;
	}
	if (!known)
		return luaL_error(L, "stm.newcopy: not a reference from stm.copy, or one already taken");
	auto *box = static_cast<ReaderBox *>(lua_newuserdatauv(L, sizeof(ReaderBox), 0));
	new (box) ReaderBox{std::move(*ref), nullptr};
	delete ref;
	luaL_setmetatable(L, READER_META);
	return 1;
}

// reader(f [, ud]) -> false, or true and f(msg, sz, ud)'s results when the
// snapshot changed since this reader's last call. f must not free msg.
int lread(lua_State *L)
{
	auto *box = static_cast<ReaderBox *>(luaL_checkudata(L, 1, READER_META));
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_settop(L, 3);
	const StmCopy *seen;
	{
		std::shared_ptr<const StmCopy> now = box->obj->snapshot();
		if (now == box->last) {
			lua_pushboolean(L, 0);
			return 1;
		}
		box->last = std::move(now);
		seen = box->last.get();
	}  // no C++ owner is alive below: f may raise
	if (!seen) {
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pushboolean(L, 1);
	lua_replace(L, 1);  // [true, f, ud]
	lua_pushvalue(L, 2);
	lua_pushlightuserdata(L, seen->msg);
	lua_pushinteger(L, seen->sz);
	lua_pushvalue(L, 3);
	lua_call(L, 3, LUA_MULTRET);
	lua_remove(L, 3);
	lua_remove(L, 2);
	return lua_gettop(L);
}

int lreader_gc(lua_State *L)
{
	auto *box = static_cast<ReaderBox *>(lua_touserdata(L, 1));
	box->~ReaderBox();
	return 0;
}

void new_meta(lua_State *L, const char *name, lua_CFunction call, lua_CFunction gc)
{
	luaL_newmetatable(L, name);
	// No __name: skynet's stm objects print as plain `userdata: 0x...` (its
	// metatables are plain tables); the registry key still tells them apart.
	lua_pushnil(L);
	lua_setfield(L, -2, "__name");
	lua_pushcfunction(L, call);
	lua_setfield(L, -2, "__call");
	lua_pushcfunction(L, gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
}

}  // namespace

int luaopen_skynet_stm(lua_State *L)
{
	luaL_checkversion(L);
	new_meta(L, WRITER_META, lupdate, lwriter_gc);
	new_meta(L, READER_META, lread, lreader_gc);
	const luaL_Reg funcs[] = {
		{"new", lnew}, {"copy", lcopy}, {"newcopy", lnewcopy}, {nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	return 1;
}
