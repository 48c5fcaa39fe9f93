// fuzz_netpack: however a byte stream is split, netpack must give what a plain parse gives.
//
// Input: [control][seed][stream...]. control's low bit turns a size limit on
// (limit = control * 64); seed picks where the stream is cut. The stream is fed
// whole, cut at pseudo-random points, and (when short) one byte at a time; each
// run is checked against a straightforward parse of the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "net/netpack.h"

namespace {

struct outcome {
	std::vector<std::string> packets;
	bool error = false;
	size_t buffered = 0;
};

void check(bool ok)
{
	if (!ok)
		abort();
}

// The reference: read frames one after another until one is incomplete or too big.
outcome plain_parse(const uint8_t *data, size_t size, size_t limit)
{
	outcome r;
	size_t pos = 0;
	while (size - pos >= 2) {
		size_t len = size_t(data[pos]) << 8 | data[pos + 1];
		if (limit && len > limit) {
			r.error = true;
			return r;
		}
		if (size - pos - 2 < len)
			break;
		r.packets.emplace_back(reinterpret_cast<const char *>(data + pos + 2), len);
		pos += 2 + len;
	}
	r.buffered = size - pos;
	return r;
}

outcome feed_in_pieces(const uint8_t *data, size_t size, size_t limit,
	const std::vector<size_t> &cuts)
{
	outcome r;
	netpack *np = netpack_new();
	netpack_set_limit(np, limit);
	size_t from = 0;
	auto feed_to = [&](size_t to) {
		netpack_packet one{};
		std::string error;
		netpack_status st = netpack_feed(np, 1, data + from, to - from, &one, &error);
		from = to;
		if (r.error) {
			check(st == NETPACK_NONE); // a broken connection's bytes are ignored
			return;
		}
		if (st == NETPACK_ERROR) {
			check(!error.empty());
			r.error = true;
		} else if (st == NETPACK_DATA) {
			check(one.id == 1 && one.data != nullptr);
			r.packets.emplace_back(one.data, size_t(one.size));
			free(one.data);
		} else if (st == NETPACK_MORE) {
			netpack_packet p;
			while (netpack_pop(np, &p)) {
				r.packets.emplace_back(p.data, size_t(p.size));
				free(p.data);
			}
		}
	};
	for (size_t cut : cuts)
		feed_to(cut);
	feed_to(size);
	r.buffered = netpack_buffered(np, 1);
	netpack_free(np);
	return r;
}

// Without an error, every way of feeding gives exactly the reference's packets
// and leaves the same bytes buffered. With one, the packets that came out are
// a prefix of those before the bad frame: the ones fed together with the bad
// header are dropped with it.
void check_against(const outcome &got, const outcome &want)
{
	check(got.error == want.error);
	if (!want.error) {
		check(got.packets == want.packets);
		check(got.buffered == want.buffered);
		return;
	}
	check(got.packets.size() <= want.packets.size());
	for (size_t i = 0; i < got.packets.size(); i++)
		check(got.packets[i] == want.packets[i]);
	check(got.buffered == 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *input, size_t input_size)
{
	if (input_size < 2)
		return 0;
	uint8_t control = input[0];
	uint32_t seed = input[1] + 1;
	const uint8_t *data = input + 2;
	size_t size = input_size - 2;
	size_t limit = (control & 1) ? size_t(control) * 64 : 0;

	// The reference's packets, up to a frame over the limit if there is one.
	const outcome want = plain_parse(data, size, limit);

	outcome whole = feed_in_pieces(data, size, limit, {});
	check_against(whole, want);
	if (want.error)
		check(whole.packets.empty()); // one feed: all of it is dropped with the error

	std::vector<size_t> cuts;
	for (size_t at = 0;;) {
		seed = seed * 1103515245u + 12345u;
		at += 1 + (seed >> 16) % 97;
		if (at >= size)
			break;
		cuts.push_back(at);
	}
	check_against(feed_in_pieces(data, size, limit, cuts), want);

	if (size <= 4096) {
		std::vector<size_t> every_byte;
		for (size_t i = 1; i < size; i++)
			every_byte.push_back(i);
		check_against(feed_in_pieces(data, size, limit, every_byte), want);
	}
	return 0;
}
