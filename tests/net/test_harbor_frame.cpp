// test_harbor_frame: the bytes between two harbors: a frame packed is read back whole, however TCP cuts it, and bad streams fail.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "net/harbor_frame.h"

// Feed `bytes` in pieces of `step`, collecting every event.
static std::vector<harbor_frame_event> feed_all(harbor_frame_reader &r, const std::vector<uint8_t> &bytes, size_t step)
{
	std::vector<harbor_frame_event> events;
	for (size_t at = 0; at < bytes.size(); at += step) {
		const uint8_t *data = bytes.data() + at;
		size_t size = std::min(step, bytes.size() - at);
		while (size > 0) {
			harbor_frame_event ev = harbor_frame_feed(r, &data, &size);
			if (ev.what != harbor_frame_event::none)
				events.push_back(ev);
			if (r.at == harbor_frame_reader::at_failed)
				return events;
		}
	}
	return events;
}

static std::vector<uint8_t> frame_of(const harbor_header &h, const std::string &msg)
{
	size_t sz = 0;
	uint8_t *f = harbor_frame_pack(h, msg.data(), msg.size(), &sz);
	std::vector<uint8_t> bytes(f, f + sz);
	free(f);
	return bytes;
}

TEST_CASE("a harbor frame is skynet's: length, bytes, then source, destination and session big-endian", "[harbor]")
{
	std::vector<uint8_t> bytes = frame_of({0x01000009, 0x0a00000b, 7}, "hi");
	std::vector<uint8_t> want = {0, 0, 0, 14, 'h', 'i', 1, 0, 0, 9, 0x0a, 0, 0, 0x0b, 0, 0, 0, 7};
	CHECK(bytes == want);
}

TEST_CASE("frames cut at every byte, after a handshake byte, come back whole", "[harbor]")
{
	std::vector<uint8_t> stream = {3};
	for (int i = 0; i < 3; i++) {
		std::vector<uint8_t> f = frame_of({uint32_t(i), 0x0a000005, uint32_t(100 + i)}, std::string(size_t(i * 1000), 'x'));
		stream.insert(stream.end(), f.begin(), f.end());
	}
	for (size_t step : {size_t(1), size_t(5), size_t(4096), stream.size()}) {
		harbor_frame_reader r;
		r.at = harbor_frame_reader::at_handshake;
		auto events = feed_all(r, stream, step);
		REQUIRE(events.size() == 4);
		CHECK(events[0].what == harbor_frame_event::handshake_id);
		CHECK(events[0].peer_id == 3);
		for (int i = 0; i < 3; i++) {
			const harbor_frame_event &ev = events[size_t(i) + 1];
			CHECK(ev.what == harbor_frame_event::message);
			CHECK(ev.sz == size_t(i * 1000));
			CHECK(ev.header.session == uint32_t(100 + i));
			CHECK(ev.header.destination == 0x0a000005);
			free(ev.msg);
		}
	}
}

TEST_CASE("a length of 16 MiB or more, or shorter than the cookie, fails the stream", "[harbor]")
{
	harbor_frame_reader big;
	feed_all(big, {1, 0, 0, 0, 'x'}, 5);
	CHECK(big.at == harbor_frame_reader::at_failed);
	CHECK(big.error.find("too long") != std::string::npos);

	harbor_frame_reader small;
	feed_all(small, {0, 0, 0, 11, 'x'}, 5);
	CHECK(small.at == harbor_frame_reader::at_failed);
	CHECK(small.error.find("shorter than its 12-byte cookie") != std::string::npos);
}

TEST_CASE("a frame announced large holds only what has arrived", "[harbor]")
{
	harbor_frame_reader r;
	feed_all(r, {0, 0xff, 0xff, 0xff, 'a', 'b'}, 6);
	CHECK(r.at == harbor_frame_reader::at_content);
	CHECK(r.have == 2);
	CHECK(r.capacity < 8192);
	harbor_frame_reset(r);
}

TEST_CASE("a message too large for one frame is refused when packed", "[harbor]")
{
	size_t sz = 0;
	static char dummy;
	CHECK(harbor_frame_pack({1, 2, 3}, &dummy, HARBOR_FRAME_MAX - HARBOR_COOKIE + 1, &sz) == nullptr);
}
