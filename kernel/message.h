// message: what one service hands another, and skynet's protocol type numbers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>

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

// A payload of up to MESSAGE_INLINE_MAX bytes travels inside the message
// itself (`inlined`, the bytes in `bytes`), not in a malloc'd buffer.
//
// What it buys: a small message (skynet.pack of a number is 2-10 bytes, of a
// short string up to 16) no longer hands a heap chunk from the sender's
// thread to the receiver's. With the chunk crossing, the receiver read the
// sender's fresh line (unpack) and freed the chunk, and glibc gave it back to
// the sender's next malloc through the fastbin both threads swap: in a slow
// round of the 1M one-way sends those three made ~75% of the extra samples
// (docs/benchmarks.md, "The send row's slow rounds" and "Small payloads in
// the queue slot"). The sender copies the bytes into the message and frees
// its own buffer at once (its tcache gets the chunk back for the next pack);
// the receiver reads them where the message lies. Measured (docs/
// benchmarks.md, "Small payloads in the queue slot"): a one-way send
// 5,306-5,331 -> 5,043-5,086 instructions (callgrind, whole process); the
// 1M sends, alternated with main's binary, ahead in 68 of 92 pairs (per
// set medians 1.09-1.33x), CPU a message 10-23% lower, 2.0 M/s reached in
// 36 rounds of 92 against 19.
// What it costs: a call 10,919-11,010 -> 11,128-11,147 instructions
// (+1.8%: the copy and its tests on both sides; wall within the noise);
// the message is 48 bytes, not 40 (the queue's ring and the
// worker's batch); a second representation of a message's data, which only
// the kernel (kernel/context.cpp) and the callbacks that say they read it
// (skynet_callback_inline: snlua's C steps, which decode the bytes before
// the message ends) ever see: every other callback, and every pointer a
// Lua function may keep, gets a malloc'd copy made on the receiver's thread
// (skynet_message_heap). skynet has no such path: its messages always carry
// a pointer.
constexpr size_t MESSAGE_INLINE_MAX = 16;

// One message in a queue. `data` is malloc'd and owned by whoever holds the
// message: the queue, then the receiving service's dispatch, which frees it
// afterwards unless the service forwarded it on. Inlined, the payload is
// `bytes` instead (`size` bytes of it) and there is nothing to free.
struct skynet_message {
	uint32_t source;
	int session;
	int type;
	bool inlined; // the payload is `bytes`, not `*data` (false in every initialiser that does not set it)
	union {
		void *data;
		unsigned char bytes[MESSAGE_INLINE_MAX];
	};
	size_t size;
	uint64_t id; // unique per run when tracing, else 0; joins msg.push to msg.begin
};

// The payload's bytes, wherever they are.
inline const void *message_payload(const skynet_message *m)
{
	return m->inlined ? m->bytes : m->data;
}

// Copies n <= MESSAGE_INLINE_MAX bytes in a few moves, without a call:
// memcpy of a size the compiler does not know is a call into libc (~25
// instructions a message on each side).
inline void message_copy_small(unsigned char *to, const void *from, size_t n)
{
	const auto *f = static_cast<const unsigned char *>(from);
	if (n >= 8) { // two 8-byte moves, overlapping below 16
		uint64_t a, b;
		__builtin_memcpy(&a, f, 8);
		__builtin_memcpy(&b, f + n - 8, 8);
		__builtin_memcpy(to, &a, 8);
		__builtin_memcpy(to + n - 8, &b, 8);
	} else if (n >= 4) {
		uint32_t a, b;
		__builtin_memcpy(&a, f, 4);
		__builtin_memcpy(&b, f + n - 4, 4);
		__builtin_memcpy(to, &a, 4);
		__builtin_memcpy(to + n - 4, &b, 4);
	} else if (n > 0) {
		to[0] = f[0];
		to[n / 2] = f[n / 2];
		to[n - 1] = f[n - 1];
	}
}

// Frees what a message owns (nothing when inlined).
inline void message_free(skynet_message *m)
{
	if (!m->inlined)
		free(m->data);
}
