// netpack: cuts TCP byte streams into frames of a 2-byte big-endian length plus data.
// TCP delivers bytes, not messages: one read may hold half a header, or three
// packets and the start of a fourth (the "sticky packets" of 粘包). netpack keeps,
// per connection, the frame it is assembling, and hands out whole packets. It is
// the core under the Lua binding skynet.netpack (filter, pop, pack, tostring, clear).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

struct netpack;

// A whole packet. `data` is malloc'd and belongs to whoever took the packet.
struct netpack_packet {
	int id;     // the connection (socket id) it came from
	char *data; // never null, even for a zero-length packet
	int size;   // 0 .. 65535
};

enum netpack_status {
	NETPACK_NONE,  // the bytes were kept; no whole packet yet
	NETPACK_DATA,  // exactly one whole packet, handed out in *one
	NETPACK_MORE,  // whole packets were queued: take them with netpack_pop
	NETPACK_ERROR, // the connection broke the limit: see netpack_set_limit
};

netpack *netpack_new();
// Frees queued packets and half-assembled frames.
void netpack_free(netpack *np);

// Take `size` bytes that arrived on connection `id` (they are copied; the
// caller keeps its buffer). Records the `netpack` trace event.
netpack_status netpack_feed(netpack *np, int id, const void *data, size_t size,
	netpack_packet *one, std::string *error);

// Take the oldest queued packet. False when the queue is empty.
bool netpack_pop(netpack *np, netpack_packet *out);
size_t netpack_queued(const netpack *np);

// The connection ended: forget its half-assembled frame (and a broken mark).
void netpack_close(netpack *np, int id);
// Forget everything: queued packets and every connection's frame.
void netpack_clear(netpack *np);

// Bad input: a frame whose declared length exceeds `limit` bytes (0: no limit)
// makes the connection broken. netpack_feed then returns NETPACK_ERROR once,
// with a reason, drops the rest of that input, and ignores the connection's
// bytes until netpack_close. Other connections are not affected. The check is
// on the declared length, not on what happens to be buffered, so the outcome
// does not depend on how TCP split the stream.
void netpack_set_limit(netpack *np, size_t limit);

// Bytes held for connection `id` in an incomplete header or body.
size_t netpack_buffered(const netpack *np, int id);
// Bytes allocated for connection `id`'s incomplete body: it grows with the
// bytes that arrive, not with the length the header claims.
size_t netpack_reserved(const netpack *np, int id);

// Frame `size` bytes: a malloc'd buffer of size + 2 bytes, or null (with
// *framed_size 0) when size is over 65535, which 2 bytes cannot say.
char *netpack_pack(const void *data, size_t size, size_t *framed_size);
