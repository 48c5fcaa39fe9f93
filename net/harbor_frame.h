// harbor_frame: the bytes two harbors exchange: a handshake byte, then length-prefixed messages with a 12-byte cookie.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// One message between harbors (docs/wire-formats.md, "harbor"):
//   4 bytes   length L, big-endian; the first byte is always 0 (L < 16 MiB)
//   L-12      the message's bytes
//   12        cookie: source, destination, session (each 4 bytes, big-endian);
//             the destination's top byte is the protocol type, not a harbor
//             id: the receiver puts its own there.
struct harbor_header {
	uint32_t source;
	uint32_t destination; // type << 24 | the handle's low 24 bits
	uint32_t session;
};

constexpr size_t HARBOR_COOKIE = 12;
// The largest L the 3 length bytes that may be non-zero can say.
constexpr size_t HARBOR_FRAME_MAX = 0xffffff;

// A frame for `msg`, malloc'd, with its size in *frame_sz; null when the
// message cannot fit in one (more than HARBOR_FRAME_MAX - 12 bytes).
uint8_t *harbor_frame_pack(const harbor_header &h, const void *msg, size_t sz, size_t *frame_sz);

// Cuts one connection's byte stream into messages. It starts at the handshake
// byte when this side connected (it waits for the peer's id), else at the
// first length.
struct harbor_frame_reader {
	enum state { at_handshake, at_header, at_content, at_failed };
	state at = at_header;
	uint8_t length_bytes[4] = {};
	size_t have = 0;           // bytes of the length, or of the content, read so far
	size_t length = 0;         // L of the message being read
	uint8_t *content = nullptr; // malloc'd, grows to length bytes (handed out whole)
	size_t capacity = 0;
	std::string error;         // why it failed (for the log line)
};

// What harbor_frame_feed found. For a message, `msg` is the malloc'd buffer
// whose last 12 bytes are the cookie (decoded into `header`); the caller owns it.
struct harbor_frame_event {
	enum kind { none, handshake_id, message } what = none;
	int peer_id = 0;
	harbor_header header{};
	uint8_t *msg = nullptr;
	size_t sz = 0; // the message's bytes, without the cookie
};

// Consume bytes from *data until one event is complete (or all is consumed):
// *data and *size move past what was used. On a bad stream the reader's state
// becomes `failed`, with its `error` set, and the connection must be closed.
harbor_frame_event harbor_frame_feed(harbor_frame_reader &r, const uint8_t **data, size_t *size);
// Free what a reader holds (a partial message).
void harbor_frame_reset(harbor_frame_reader &r);
