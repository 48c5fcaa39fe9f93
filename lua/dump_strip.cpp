// dump_strip: a Lua 5.4 binary chunk without its local variables' names (line info and upvalue names kept).
//
// Every service undumps its own copy of skynet.lua and the modules it
// loads (lua/lua_codecache.cpp), and undumping is mostly interning strings:
// each constant, each upvalue name and each local variable's name, hashed
// byte by byte and looked up in the state's string table. The local names
// are only read by the debug library and by error messages; dropping them
// from the runtime's own library chunks (never a user's file) leaves less to
// intern, to keep and to free per service. What it buys and costs: see
// codecache_loadfile's comment and docs/benchmarks.md.
//
// The format read here is the one lua_dump of Lua 5.4 writes (ldump.c):
// a header, then each function as
//   source, linedefined, lastlinedefined, numparams, is_vararg, maxstacksize,
//   code, constants, upvalues, nested functions,
//   debug: lineinfo, abslineinfo, locvars (name, startpc, endpc), upvalue names
// with sizes and integers as big-endian base-128 varints whose last byte has
// the high bit set, and a string as its length + 1 (0: none) then its bytes.
// Anything else (another Lua version, another number size, a truncated or
// unknown chunk) is refused and the caller keeps the chunk as it was.
#include "lua/dump_strip.h"

#include <lua.hpp>

#include <cstring>

namespace {

// The header lua_dump writes for this build's Lua (ldump.c dumpHeader):
// signature, version 5.4, format 0, LUAC_DATA, then the sizes of an
// instruction, a lua_Integer and a lua_Number, then 0x5678 and 370.5 as
// this machine stores them.
std::string expected_header()
{
	std::string h = LUA_SIGNATURE;
	h += char(0x54);
	h += char(0);
	h += "\x19\x93\r\n\x1a\n";
	h += char(4);
	h += char(sizeof(lua_Integer));
	h += char(sizeof(lua_Number));
	lua_Integer i = 0x5678;
	lua_Number n = 370.5;
	h.append(reinterpret_cast<const char *>(&i), sizeof i);
	h.append(reinterpret_cast<const char *>(&n), sizeof n);
	return h;
}

// Lua 5.4's constant tags (lobject.h: type | variant << 4).
constexpr int TAG_NIL = 0, TAG_FALSE = 1, TAG_TRUE = 17, TAG_INT = 3, TAG_FLOAT = 19, TAG_SHORTSTR = 4,
	TAG_LONGSTR = 20;

// Copies the chunk from `in` to `out` piece by piece, leaving out the
// local names; any surprise sets `ok` to false and stops.
struct rewriter {
	const std::string &in;
	std::string &out;
	size_t at = 0;
	bool ok = true;

	bool need(size_t n)
	{
		if (ok && in.size() - at >= n)
			return true;
		ok = false;
		return false;
	}
	// Copies (or skips) n bytes.
	void bytes(size_t n, bool keep = true)
	{
		if (!need(n))
			return;
		if (keep)
			out.append(in, at, n);
		at += n;
	}
	// A varint, copied (or skipped); its value.
	size_t varint(bool keep = true)
	{
		size_t x = 0;
		for (int i = 0; i < 10; i++) {
			if (!need(1))
				return 0;
			unsigned char b = static_cast<unsigned char>(in[at]);
			bytes(1, keep);
			x = (x << 7) | (b & 0x7f);
			if (b & 0x80)
				return x;
		}
		ok = false; // longer than any size_t
		return 0;
	}
	void string(bool keep = true)
	{
		size_t n = varint(keep);
		if (n > 0)
			bytes(n - 1, keep);
	}
	// A count of items in the chunk: each is at least one byte, so a count
	// beyond what is left is a corrupt chunk (not a loop of a billion steps).
	size_t count(bool keep = true)
	{
		size_t n = varint(keep);
		if (n > in.size() - at)
			ok = false;
		return ok ? n : 0;
	}
	void function(int depth)
	{
		if (depth > 200) { // Lua's own limit on nesting is lower
			ok = false;
			return;
		}
		string();     // source
		varint();     // linedefined
		varint();     // lastlinedefined
		bytes(3);     // numparams, is_vararg, maxstacksize
		size_t code = count();
		bytes(code * 4);
		size_t constants = count();
		for (size_t i = 0; ok && i < constants; i++) {
			if (!need(1))
				return;
			int tag = static_cast<unsigned char>(in[at]);
			bytes(1);
			if (tag == TAG_INT || tag == TAG_FLOAT)
				bytes(8);
			else if (tag == TAG_SHORTSTR || tag == TAG_LONGSTR)
				string();
			else if (tag != TAG_NIL && tag != TAG_FALSE && tag != TAG_TRUE)
				ok = false;
		}
		size_t upvalues = count();
		bytes(upvalues * 3); // instack, idx, kind
		size_t protos = count();
		for (size_t i = 0; ok && i < protos; i++)
			function(depth + 1);
		size_t lineinfo = count();
		bytes(lineinfo);
		size_t abslineinfo = count();
		for (size_t i = 0; ok && i < abslineinfo; i++) {
			varint(); // pc
			varint(); // line
		}
		// The local variables: none are written, and their entries skipped.
		size_t locvars = count(false);
		out += char(0x80); // the count 0
		for (size_t i = 0; ok && i < locvars; i++) {
			string(false);
			varint(false); // startpc
			varint(false); // endpc
		}
		size_t upvalue_names = count();
		for (size_t i = 0; ok && i < upvalue_names; i++)
			string();
	}
};

} // namespace

bool dump_strip_locals(const std::string &chunk, std::string &stripped)
{
	static const std::string header = expected_header();
	stripped.clear();
	if (chunk.size() <= header.size() || chunk.compare(0, header.size(), header) != 0)
		return false;
	rewriter w{chunk, stripped};
	w.bytes(header.size());
	w.bytes(1); // the main closure's number of upvalues
	w.function(0);
	if (!w.ok || w.at != chunk.size()) {
		stripped.clear();
		return false;
	}
	return true;
}
