// lua_socketbuffer: socketdriver's read buffer, where a socket's DATA bytes wait in socket.lua until read (part of lua-socket.c's twin).
#include "lua/lua_socketbuffer.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <new>
#include <string>

#include "kernel/memory.h"

// ---------------------------------------------------------------------------
// The read buffer: the bytes of DATA messages, in order, not yet read.
// Each message's malloc'd block is kept as it came (no copy on arrival); a
// read copies out into a Lua string and frees blocks as they empty.

struct buffer_block {
	char *data;
	size_t size;
	size_t offset; // bytes of it already read
};

// What check_buffer looks for at the start of a buffer userdata (see there).
static const uint64_t BUFFER_TAG = 0x736b67627566667fULL;

struct socket_buffer {
	uint64_t tag = BUFFER_TAG; // zeroed by the __gc: a collected buffer is no buffer
	std::deque<buffer_block> blocks;
	size_t size = 0; // unread bytes in all blocks
	// How far a search for a separator has looked without finding it, so
	// the next search starts there: a reader waiting for a long line then
	// looks at each arriving byte once, not at the whole buffer per arrival.
	// `scanned` counts unread bytes; any read resets it.
	size_t scanned = 0;
	std::string scanned_for; // the separator `scanned` is about
	size_t scan_block = 0;   // the block that holds unread position `scanned`...
	size_t scan_block_at = 0; // ...and the unread position where that block starts

	void clear()
	{
		for (buffer_block &b : blocks)
			free(b.data);
		blocks.clear();
		size = 0;
		forget_scan();
	}
	void forget_scan() { scanned = scan_block = scan_block_at = 0; }
	// Move n bytes (n <= size) into the Lua buffer, or drop them (out null).
	void take(luaL_Buffer *out, size_t n)
	{
		forget_scan(); // blocks may go, and the positions move
		while (n > 0) {
			buffer_block &b = blocks.front();
			size_t here = b.size - b.offset;
			size_t part = here < n ? here : n;
			if (out)
				luaL_addlstring(out, b.data + b.offset, part);
			b.offset += part;
			size -= part;
			n -= part;
			if (b.offset == b.size) {
				free(b.data);
				blocks.pop_front();
			}
		}
	}
	// Whether sep starts at byte `bo` of block `bi`, its tail possibly in the
	// blocks after.
	bool matches_at(size_t bi, size_t bo, const char *sep, size_t seplen) const
	{
		for (size_t k = 0; k < seplen; k++) {
			while (bo == blocks[bi].size) {
				if (++bi == blocks.size())
					return false;
				bo = blocks[bi].offset;
			}
			if (blocks[bi].data[bo] != sep[k])
				return false;
			bo++;
		}
		return true;
	}
	// Where `sep` first starts among the unread bytes, or -1. A separator may
	// straddle blocks, so each candidate (its first byte, found with memchr
	// inside a block) is checked across block ends without joining blocks.
	long find(const char *sep, size_t seplen)
	{
		if (seplen == 0)
			return 0;
		if (scanned_for.size() != seplen || memcmp(scanned_for.data(), sep, seplen) != 0) {
			scanned_for.assign(sep, seplen);
			forget_scan();
		}
		size_t at = scan_block_at; // unread position of the start of block bi
		for (size_t bi = scan_block; bi < blocks.size(); bi++) {
			const buffer_block &b = blocks[bi];
			size_t here = b.size - b.offset;
			size_t from = scanned > at ? scanned - at : 0;
			while (from < here) {
				const char *base = b.data + b.offset;
				const void *hit = memchr(base + from, sep[0], here - from);
				if (!hit)
					break;
				size_t off = size_t(static_cast<const char *>(hit) - base);
				if (matches_at(bi, b.offset + off, sep, seplen))
					return long(at + off);
				from = off + 1;
			}
			at += here;
		}
		// No separator. Its first seplen-1 bytes may already be here, so the
		// next search looks at those again.
		scanned = size >= seplen ? size - (seplen - 1) : 0;
		scan_block = blocks.size();
		scan_block_at = size;
		while (scan_block > 0 && scan_block_at > scanned) {
			scan_block--;
			scan_block_at -= blocks[scan_block].size - blocks[scan_block].offset;
		}
		return -1;
	}
};

static const char *BUFFER_META = "skynet.socketdriver.buffer";

// Every read and push checks its buffer, four times per echoed message. The
// check is a full userdata of a buffer's exact size that begins with
// BUFFER_TAG: no metatable fetched and compared (lua_getmetatable, a registry
// lookup, lua_rawequal: ~490 instructions a check under callgrind, against ~40).
// Buys: coroutine echo 19,008 -> 17,590 instructions per message (callgrind,
// docs/benchmarks.md "socket buffer tag"); costs: 8 bytes per buffer. A wrong argument still raises luaL_checkudata's
// error (the metatable check is the fallback).
static socket_buffer *check_buffer(lua_State *L, int index)
{
	if (lua_type(L, index) == LUA_TUSERDATA && lua_rawlen(L, index) == sizeof(socket_buffer)) {
		auto *b = static_cast<socket_buffer *>(lua_touserdata(L, index));
		if (b->tag == BUFFER_TAG)
			return b;
	}
	// skynet's words when there is no userdata at all (a read on a listening
	// socket, whose entry has no buffer); another userdata is refused by type.
	if (!lua_isuserdata(L, index))
		luaL_error(L, "Need buffer object at param %d", index);
	return static_cast<socket_buffer *>(luaL_checkudata(L, index, BUFFER_META)); // raises
}

// Pushes the next n bytes (n <= size) as a string and consumes them: straight
// from the block when they lie in one (a read of one DATA message's bytes),
// without luaL_Buffer's staging.
static void push_taken(lua_State *L, socket_buffer *b, size_t n)
{
	if (n == 0) {
		// socket.read's look at an empty buffer before it waits, once per
		// echoed message: no luaL_Buffer for nothing (~250 instructions).
		lua_pushliteral(L, "");
		return;
	}
	if (b->blocks.front().size - b->blocks.front().offset >= n) {
		const buffer_block &f = b->blocks.front();
		lua_pushlstring(L, f.data + f.offset, n);
		b->take(nullptr, n);
		return;
	}
	luaL_Buffer out;
	luaL_buffinit(L, &out);
	b->take(&out, n);
	luaL_pushresult(&out);
}

static int lbuffer_gc(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	b->clear();
	b->tag = 0;
	b->~socket_buffer();
	return 0;
}

// buffer() -> a new, empty read buffer
static int lbuffer(lua_State *L)
{
	void *p = lua_newuserdatauv(L, sizeof(socket_buffer), 0);
	new (p) socket_buffer();
	if (luaL_newmetatable(L, BUFFER_META)) {
		lua_pushcfunction(L, lbuffer_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return 1;
}

// push(buffer, data, size) -> unread bytes now. The block is handed over.
static int lpush(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	char *data = static_cast<char *>(lua_touserdata(L, 2));
	lua_Integer size = luaL_checkinteger(L, 3);
	if (data == nullptr || size <= 0) {
		free(data);
	} else {
		b->blocks.push_back(buffer_block{data, size_t(size), 0});
		b->size += size_t(size);
	}
	lua_pushinteger(L, lua_Integer(b->size));
	return 1;
}

// pop(buffer, n) -> n bytes, or nil when fewer are there. Also nil for 0, as
// skynet's: its socket.read(id, 0) then waits for the next data and returns
// false and all that is there (tests/compat/programs/binary_proto.lua).
static int lpop(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	if (n <= 0 || size_t(n) > b->size)
		return 0;
	push_taken(L, b, size_t(n));
	return 1;
}

// readall(buffer) -> every unread byte ("" when none)
static int lreadall(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	push_taken(L, b, b->size);
	return 1;
}

// readline(buffer, sep) -> the bytes before sep (sep is consumed), or nil
static int lreadline(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	size_t seplen;
	const char *sep = luaL_optlstring(L, 2, "\n", &seplen);
	long at = b->find(sep, seplen);
	if (at < 0)
		return 0;
	luaL_Buffer out;
	luaL_buffinit(L, &out);
	b->take(&out, size_t(at));
	luaL_pushresult(&out);
	b->take(nullptr, seplen);
	return 1;
}

// hasline(buffer, sep) -> whether a whole line is there
static int lhasline(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	size_t seplen;
	const char *sep = luaL_optlstring(L, 2, "\n", &seplen);
	lua_pushboolean(L, b->find(sep, seplen) >= 0);
	return 1;
}

static int lsize(lua_State *L)
{
	lua_pushinteger(L, lua_Integer(check_buffer(L, 1)->size));
	return 1;
}

static int lclear(lua_State *L)
{
	socket_buffer *b = check_buffer(L, 1);
	size_t held = b->size;
	b->clear();
	memory_released(held); // a closed socket's unread bytes
	return 0;
}

// drop(data, size): free the bytes of a message nobody will read
static int ldrop(lua_State *L)
{
	free(lua_touserdata(L, 1));
	return 0;
}

// tostring(data, size) -> a DATA block's bytes as a string; the block is
// freed. socket.lua's handoff to a waiting read(): one call where push and
// readall were two, and no block kept in the buffer.
static int ltostring(lua_State *L)
{
	char *data = static_cast<char *>(lua_touserdata(L, 1));
	lua_Integer size = luaL_checkinteger(L, 2);
	if (data == nullptr || size <= 0)
		lua_pushliteral(L, "");
	else
		lua_pushlstring(L, data, size_t(size));
	free(data);
	return 1;
}

// header(bytes) -> the big-endian number in 1 to 4 bytes (a length header)
static int lheader(lua_State *L)
{
	size_t len = 0;
	const auto *s = reinterpret_cast<const uint8_t *>(luaL_checklstring(L, 1, &len));
	if (len < 1 || len > 4)
		return luaL_error(L, "Invalid read %s", reinterpret_cast<const char *>(s));
	lua_Integer n = 0;
	for (size_t i = 0; i < len; i++)
		n = n << 8 | s[i];
	lua_pushinteger(L, n);
	return 1;
}

void socketbuffer_setfuncs(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"buffer", lbuffer},
		{"push", lpush},
		{"pop", lpop},
		{"readall", lreadall},
		{"readline", lreadline},
		{"hasline", lhasline},
		{"size", lsize},
		{"clear", lclear},
		{"drop", ldrop},
		{"tostring", ltostring},
		{"header", lheader},
		{nullptr, nullptr},
	};
	luaL_setfuncs(L, funcs, 0);
}
