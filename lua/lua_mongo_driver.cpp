// lua_mongo_driver: `skynet.mongo.driver`, the wire framing of skynet's mongo client
// (MongoDB OP_MSG: a 16-byte header, flag bits, one kind-0 section holding a BSON document).
//
//   driver.op_msg(request_id, flags, doc) -> the message bytes (doc: a bson document)
//   driver.length(first4) -> the bytes still to read after the 4-byte length
//   driver.reply(rest) -> true, response_to, document (a light userdata into `rest`,
//                        which the caller keeps alive) ; false when shorter than a header
// Errors are skynet's texts. Lengths are checked before anything is read, so a lying
// reply raises instead of reading past its bytes.
#include <cstdint>
#include <cstring>
#include <string>

#include "lua/bindings.h"

namespace {

constexpr int32_t kOpMsg = 2013;
constexpr uint32_t kChecksumPresent = 1u << 0;
constexpr uint32_t kMoreToCome = 1u << 1;
constexpr size_t kHeader = 16;                  // length, request id, response to, opcode
constexpr int64_t kMaxMessage = 48 * 1000 * 1000; // MongoDB's maxMessageSizeBytes

uint32_t read_u32(const char *p)
{
	const auto *b = reinterpret_cast<const unsigned char *>(p);
	return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
}

void put_u32(std::string &out, uint32_t v)
{
	for (int i = 0; i < 4; ++i)
		out.push_back(char((v >> (8 * i)) & 0xff));
}

// The bytes of a document given as a bson userdata or light userdata (its first 4 bytes
// are its length, as in skynet) or, skyglass, a string of BSON bytes.
const char *document_bytes(lua_State *L, int idx, size_t &size)
{
	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *s = lua_tolstring(L, idx, &size);
		if (size < 5 || read_u32(s) != size)
			luaL_error(L, "opmsg require cmd document");
		return s;
	}
	const char *doc = static_cast<const char *>(lua_touserdata(L, idx));
	if (doc == nullptr)
		luaL_error(L, "opmsg require cmd document");
	size = read_u32(doc);
	return doc;
}

int lop_msg(lua_State *L)
{
	auto id = uint32_t(luaL_checkinteger(L, 1));
	auto flags = uint32_t(luaL_checkinteger(L, 2));
	size_t doc_size = 0;
	const char *doc = document_bytes(L, 3, doc_size);
	std::string head;
	put_u32(head, uint32_t(kHeader + 4 + 1 + doc_size)); // the whole message
	put_u32(head, id);
	put_u32(head, 0); // response to: nothing, this is a request
	put_u32(head, uint32_t(kOpMsg));
	put_u32(head, flags);
	head.push_back(0); // section kind 0: one document follows
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addlstring(&b, head.data(), head.size());
	luaL_addlstring(&b, doc, doc_size);
	luaL_pushresult(&b);
	return 1;
}

int llength(lua_State *L)
{
	size_t size = 0;
	const char *s = luaL_checklstring(L, 1, &size);
	if (size < 4)
		return luaL_error(L, "Invalid mongo reply length (%d bytes)", int(size));
	auto length = int64_t(int32_t(read_u32(s)));
	// skyglass: a length that cannot be a reply would make the caller read a negative or
	// endless count of bytes; name it instead
	if (length < int64_t(kHeader) || length > kMaxMessage)
		return luaL_error(L, "Invalid mongo reply length %d", int(length));
	lua_pushinteger(L, length - 4);
	return 1;
}

// `rest` is the reply without its 4-byte length: request id, response to, opcode, flags,
// then the section.
int lreply(lua_State *L)
{
	size_t size = 0;
	const char *data = luaL_checklstring(L, 1, &size);
	if (size < kHeader) {
		lua_pushboolean(L, 0);
		return 1;
	}
	auto response_to = int32_t(read_u32(data + 4));
	auto opcode = int32_t(read_u32(data + 8));
	uint32_t flags = read_u32(data + 12);
	if (opcode != kOpMsg)
		return luaL_error(L, "Unsupported opcode:%d", int(opcode));
	if (flags != 0) {
		if (flags & kChecksumPresent)
			return luaL_error(L, "Unsupported OP_MSG flag checksumPresent");
		if (flags != kMoreToCome)
			return luaL_error(L, "Unsupported OP_MSG flag:%d", int(flags));
	}
	const char *section = data + kHeader;
	size_t left = size - kHeader;
	if (left < 1 + 5) // the kind byte, then at least an empty document
		return luaL_error(L, "Unsupported OP_MSG reply: no document");
	if (section[0] != 0)
		return luaL_error(L, "Unsupported OP_MSG payload type: %d", int(uint8_t(section[0])));
	const char *doc = section + 1;
	if (read_u32(doc) != left - 1)
		return luaL_error(L, "Unsupported OP_MSG reply: >1 section");
	lua_pushboolean(L, 1);
	lua_pushinteger(L, response_to);
	lua_pushlightuserdata(L, const_cast<char *>(doc));
	return 3;
}

} // namespace

int luaopen_skynet_mongo_driver(lua_State *L)
{
	luaL_checkversion(L);
	const luaL_Reg fns[] = {
		{"reply", lreply},
		{"length", llength},
		{"op_msg", lop_msg},
		{nullptr, nullptr},
	};
	luaL_newlib(L, fns);
	return 1;
}
