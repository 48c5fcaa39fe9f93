// message: what one service hands another, and skynet's protocol type numbers.
#pragma once
#include <cstddef>
#include <cstdint>

// The protocol numbers are skynet's, so Lua code that names them moves over unchanged.
enum {
	PTYPE_TEXT = 0,
	PTYPE_RESPONSE = 1,
	PTYPE_MULTICAST = 2,
	PTYPE_CLIENT = 3,
	PTYPE_SYSTEM = 4,
	PTYPE_HARBOR = 5,
	PTYPE_SOCKET = 6,
	PTYPE_ERROR = 7,
	PTYPE_RESERVED_QUEUE = 8,
	PTYPE_DEBUG = 9,
	PTYPE_LUA = 10,
	PTYPE_SNAX = 11,
	PTYPE_TRACE = 12,
};

// Flags or-ed into the type given to skynet_send.
// DONTCOPY: the caller hands over a malloc'd buffer instead of lending it.
// ALLOCSESSION: the runtime picks a fresh session for a request.
constexpr int PTYPE_TAG_DONTCOPY = 0x10000;
constexpr int PTYPE_TAG_ALLOCSESSION = 0x20000;

// One message in a queue. `data` is malloc'd and owned by whoever holds the
// message: the queue, then the receiving service's dispatch, which frees it
// afterwards unless the service forwarded it on.
struct skynet_message {
	uint32_t source;
	int session;
	int type;
	void *data;
	size_t size;
	uint64_t id; // unique per run when tracing, else 0; joins msg.push to msg.begin
};
