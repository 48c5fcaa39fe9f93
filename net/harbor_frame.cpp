// harbor_frame: the bytes two harbors exchange: a handshake byte, then length-prefixed messages with a 12-byte cookie.
#include "net/harbor_frame.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

static void put_be32(uint8_t *p, uint32_t n)
{
	p[0] = uint8_t(n >> 24);
	p[1] = uint8_t(n >> 16);
	p[2] = uint8_t(n >> 8);
	p[3] = uint8_t(n);
}

static uint32_t get_be32(const uint8_t *p)
{
	return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

uint8_t *harbor_frame_pack(const harbor_header &h, const void *msg, size_t sz, size_t *frame_sz)
{
	if (sz > HARBOR_FRAME_MAX - HARBOR_COOKIE)
		return nullptr;
	size_t length = sz + HARBOR_COOKIE;
	auto *frame = static_cast<uint8_t *>(malloc(4 + length));
	put_be32(frame, uint32_t(length));
	if (sz)
		memcpy(frame + 4, msg, sz);
	put_be32(frame + 4 + sz, h.source);
	put_be32(frame + 8 + sz, h.destination);
	put_be32(frame + 12 + sz, h.session);
	*frame_sz = 4 + length;
	return frame;
}

static harbor_frame_event fail(harbor_frame_reader &r, std::string why)
{
	harbor_frame_reset(r);
	r.at = harbor_frame_reader::at_failed;
	r.error = std::move(why);
	return {};
}

harbor_frame_event harbor_frame_feed(harbor_frame_reader &r, const uint8_t **data, size_t *size)
{
	while (*size > 0) {
		switch (r.at) {
		case harbor_frame_reader::at_handshake: {
			harbor_frame_event ev;
			ev.what = harbor_frame_event::handshake_id;
			ev.peer_id = **data;
			++*data;
			--*size;
			r.at = harbor_frame_reader::at_header;
			return ev;
		}
		case harbor_frame_reader::at_header: {
			size_t take = std::min(*size, 4 - r.have);
			memcpy(r.length_bytes + r.have, *data, take);
			*data += take;
			*size -= take;
			r.have += take;
			if (r.have < 4)
				break;
			// The first byte is 0 by the format: anything else is a message of
			// 16 MiB or more, or not a harbor at all.
			if (r.length_bytes[0] != 0)
				return fail(r, "message is too long (length byte 0 is " + std::to_string(r.length_bytes[0]) + ")");
			r.length = get_be32(r.length_bytes);
			if (r.length < HARBOR_COOKIE)
				return fail(r, "message of " + std::to_string(r.length) + " bytes is shorter than its 12-byte cookie");
			r.have = 0;
			// The buffer grows with what arrives: a length that announces
			// 16 MiB followed by nothing holds nothing.
			r.content = nullptr;
			r.at = harbor_frame_reader::at_content;
			break;
		}
		case harbor_frame_reader::at_content: {
			size_t take = std::min(*size, r.length - r.have);
			if (r.content == nullptr || r.have + take > r.capacity) {
				// doubling, from what has arrived, up to the whole message
				size_t want = std::max(r.have + take, std::min(r.length, std::max<size_t>(r.capacity * 2, 4096)));
				r.content = static_cast<uint8_t *>(realloc(r.content, want));
				r.capacity = want;
			}
			memcpy(r.content + r.have, *data, take);
			*data += take;
			*size -= take;
			r.have += take;
			if (r.have < r.length)
				break;
			harbor_frame_event ev;
			ev.what = harbor_frame_event::message;
			ev.msg = r.content;
			ev.sz = r.length - HARBOR_COOKIE;
			const uint8_t *cookie = r.content + ev.sz;
			ev.header = {get_be32(cookie), get_be32(cookie + 4), get_be32(cookie + 8)};
			r.content = nullptr;
			r.capacity = 0;
			r.have = 0;
			r.length = 0;
			r.at = harbor_frame_reader::at_header;
			return ev;
		}
		case harbor_frame_reader::at_failed:
			*size = 0;
			return {};
		}
	}
	return {};
}

void harbor_frame_reset(harbor_frame_reader &r)
{
	free(r.content);
	r.content = nullptr;
	r.capacity = 0;
	r.have = 0;
	r.length = 0;
}
