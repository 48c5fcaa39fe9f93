// test_netpack: however TCP splits a stream, netpack hands out the same packets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernel/trace.h"
#include "net/netpack.h"

namespace {

std::string framed(const std::string &payload)
{
	size_t size = 0;
	char *p = netpack_pack(payload.data(), payload.size(), &size);
	REQUIRE(p != nullptr);
	std::string out(p, size);
	free(p);
	return out;
}

std::string stream_of(const std::vector<std::string> &payloads)
{
	std::string s;
	for (const auto &p : payloads)
		s += framed(p);
	return s;
}

// Take what one feed produced: the DATA packet, or everything queued by MORE.
void take(netpack *np, netpack_status status, const netpack_packet &one,
	std::vector<std::string> &out)
{
	REQUIRE(status != NETPACK_ERROR);
	if (status == NETPACK_DATA) {
		REQUIRE(one.data != nullptr);
		out.emplace_back(one.data, size_t(one.size));
		free(one.data);
	} else if (status == NETPACK_MORE) {
		netpack_packet p;
		while (netpack_pop(np, &p)) {
			REQUIRE(p.data != nullptr);
			out.emplace_back(p.data, size_t(p.size));
			free(p.data);
		}
	}
}

// Feed `stream` to a fresh netpack in pieces that end at `cuts` (ascending
// offsets), and return every packet in the order it came out.
std::vector<std::string> packets_of(const std::string &stream, const std::vector<size_t> &cuts)
{
	netpack *np = netpack_new();
	std::vector<std::string> out;
	size_t from = 0;
	auto feed_to = [&](size_t to) {
		netpack_packet one{};
		netpack_status st = netpack_feed(np, 5, stream.data() + from, to - from, &one, nullptr);
		take(np, st, one, out);
		from = to;
	};
	for (size_t cut : cuts)
		feed_to(cut);
	feed_to(stream.size());
	CHECK(netpack_buffered(np, 5) == 0);
	netpack_free(np);
	return out;
}

} // namespace

TEST_CASE("netpack: one byte at a time, all at once, and split anywhere give the same packets",
	"[netpack]")
{
	const std::vector<std::string> payloads = {"hello", "", "x", std::string(300, 'a'), "",
		std::string(256, 'b'), "end"};
	const std::string stream = stream_of(payloads);

	CHECK(packets_of(stream, {}) == payloads);

	std::vector<size_t> every_byte;
	for (size_t i = 1; i < stream.size(); i++)
		every_byte.push_back(i);
	CHECK(packets_of(stream, every_byte) == payloads);

	for (size_t cut = 0; cut <= stream.size(); cut++) {
		INFO("split at " << cut);
		REQUIRE(packets_of(stream, {cut}) == payloads);
	}
}

TEST_CASE("netpack: three pieces, cut at every pair of offsets", "[netpack]")
{
	const std::vector<std::string> payloads = {"ab", "", std::string(40, 'z'), "q", ""};
	const std::string stream = stream_of(payloads);
	for (size_t i = 0; i <= stream.size(); i++)
		for (size_t j = i; j <= stream.size(); j++) {
			INFO("cuts at " << i << " and " << j);
			REQUIRE(packets_of(stream, {i, j}) == payloads);
		}
}

TEST_CASE("netpack: the largest packet, 65535 bytes, by bytes and at once", "[netpack]")
{
	std::string big(65535, '\0');
	for (size_t i = 0; i < big.size(); i++)
		big[i] = char(i * 7);
	const std::vector<std::string> payloads = {big, "tail"};
	const std::string stream = stream_of(payloads);
	CHECK(packets_of(stream, {}) == payloads);
	std::vector<size_t> every_byte;
	for (size_t i = 1; i < stream.size(); i++)
		every_byte.push_back(i);
	CHECK(packets_of(stream, every_byte) == payloads);
}

TEST_CASE("netpack: a header's claim reserves nothing; the body grows with the bytes that come", "[netpack]")
{
	netpack *np = netpack_new();
	netpack_packet one{};
	const char three[] = {'\xff', '\xff', 'x'}; // "65,535 bytes follow", and one does
	REQUIRE(netpack_feed(np, 7, three, 3, &one, nullptr) == NETPACK_NONE);
	CHECK(netpack_buffered(np, 7) == 3);
	CHECK(netpack_reserved(np, 7) < 1024);
	std::string rest(65534, 'y');
	size_t fed = 0, steps = 0;
	while (fed < rest.size()) {
		size_t n = std::min<size_t>(1000, rest.size() - fed);
		netpack_status st = netpack_feed(np, 7, rest.data() + fed, n, &one, nullptr);
		fed += n;
		steps++;
		if (fed < rest.size()) {
			REQUIRE(st == NETPACK_NONE);
			// Never more than twice what came (and never more than the claim).
			CHECK(netpack_reserved(np, 7) <= 2 * (1 + fed));
		} else {
			REQUIRE(st == NETPACK_DATA);
		}
	}
	REQUIRE(one.size == 65535);
	CHECK(one.data[0] == 'x');
	CHECK(std::string(one.data + 1, 65534) == rest);
	free(one.data);
	CHECK(netpack_reserved(np, 7) == 0);
	netpack_free(np);
}

TEST_CASE("netpack: zero-length packets are packets", "[netpack]")
{
	netpack *np = netpack_new();
	const std::string three_empty = stream_of({"", "", ""});
	REQUIRE(three_empty.size() == 6);
	netpack_packet one{};
	REQUIRE(netpack_feed(np, 1, three_empty.data(), 6, &one, nullptr) == NETPACK_MORE);
	REQUIRE(netpack_queued(np) == 3);
	netpack_packet p;
	for (int i = 0; i < 3; i++) {
		REQUIRE(netpack_pop(np, &p));
		CHECK(p.id == 1);
		CHECK(p.size == 0);
		CHECK(p.data != nullptr);
		free(p.data);
	}
	CHECK_FALSE(netpack_pop(np, &p));

	// A lone empty packet whose header ends the read is whole at once.
	REQUIRE(netpack_feed(np, 1, "\0", 1, &one, nullptr) == NETPACK_NONE);
	REQUIRE(netpack_feed(np, 1, "\0", 1, &one, nullptr) == NETPACK_DATA);
	CHECK(one.size == 0);
	free(one.data);
	netpack_free(np);
}

TEST_CASE("netpack: DATA for one whole packet, MORE for several, NONE for a part", "[netpack]")
{
	netpack *np = netpack_new();
	netpack_packet one{};
	const std::string a = framed("abc");
	REQUIRE(netpack_feed(np, 3, a.data(), a.size(), &one, nullptr) == NETPACK_DATA);
	CHECK(std::string(one.data, size_t(one.size)) == "abc");
	CHECK(one.id == 3);
	free(one.data);

	const std::string two = stream_of({"x", "yz"});
	REQUIRE(netpack_feed(np, 3, two.data(), two.size(), &one, nullptr) == NETPACK_MORE);
	CHECK(netpack_queued(np) == 2);
	std::vector<std::string> got;
	take(np, NETPACK_MORE, one, got);
	CHECK(got == std::vector<std::string>{"x", "yz"});

	// Header and part of the body: held, and counted as buffered.
	const std::string ten = framed("0123456789");
	REQUIRE(netpack_feed(np, 3, ten.data(), 1, &one, nullptr) == NETPACK_NONE);
	CHECK(netpack_buffered(np, 3) == 1);
	REQUIRE(netpack_feed(np, 3, ten.data() + 1, 5, &one, nullptr) == NETPACK_NONE);
	CHECK(netpack_buffered(np, 3) == 6);
	REQUIRE(netpack_feed(np, 3, ten.data() + 6, ten.size() - 6, &one, nullptr) == NETPACK_DATA);
	CHECK(std::string(one.data, size_t(one.size)) == "0123456789");
	CHECK(netpack_buffered(np, 3) == 0);
	free(one.data);
	netpack_free(np);
}

TEST_CASE("netpack: connections assemble apart, even interleaved byte by byte", "[netpack]")
{
	netpack *np = netpack_new();
	const std::string a = stream_of({"from-a", "again-a"});
	const std::string b = stream_of({"from-b-longer"});
	std::vector<std::string> got_a, got_b;
	for (size_t i = 0; i < std::max(a.size(), b.size()); i++) {
		netpack_packet one{};
		if (i < a.size()) {
			netpack_status st = netpack_feed(np, 10, &a[i], 1, &one, nullptr);
			if (st == NETPACK_DATA)
				CHECK(one.id == 10);
			take(np, st, one, got_a);
		}
		if (i < b.size()) {
			netpack_status st = netpack_feed(np, 11, &b[i], 1, &one, nullptr);
			if (st == NETPACK_DATA)
				CHECK(one.id == 11);
			take(np, st, one, got_b);
		}
	}
	CHECK(got_a == std::vector<std::string>{"from-a", "again-a"});
	CHECK(got_b == std::vector<std::string>{"from-b-longer"});
	netpack_free(np);
}

TEST_CASE("netpack: one packet does not overtake packets still queued", "[netpack]")
{
	netpack *np = netpack_new();
	netpack_packet one{};
	const std::string two = stream_of({"1", "2"});
	REQUIRE(netpack_feed(np, 4, two.data(), two.size(), &one, nullptr) == NETPACK_MORE);
	const std::string third = framed("3");
	REQUIRE(netpack_feed(np, 4, third.data(), third.size(), &one, nullptr) == NETPACK_MORE);
	std::vector<std::string> got;
	take(np, NETPACK_MORE, one, got);
	CHECK(got == std::vector<std::string>{"1", "2", "3"});
	netpack_free(np);
}

TEST_CASE("netpack: a frame over the limit breaks that connection only", "[netpack]")
{
	netpack *np = netpack_new();
	netpack_set_limit(np, 100);
	netpack_packet one{};
	std::string error;

	// A header announcing 200 bytes (the body need not even arrive).
	const std::string bad = framed(std::string(200, 'g'));
	REQUIRE(netpack_feed(np, 1, bad.data(), 3, &one, &error) == NETPACK_ERROR);
	CHECK(error.find("socket 1") != std::string::npos);
	CHECK(error.find("200-byte") != std::string::npos);
	CHECK(error.find("limit of 100") != std::string::npos);
	// The rest of that stream is ignored until the connection is closed.
	CHECK(netpack_feed(np, 1, bad.data() + 3, bad.size() - 3, &one, &error) == NETPACK_NONE);
	CHECK(netpack_buffered(np, 1) == 0);

	// Another connection, mid-frame all along, is unaffected.
	const std::string good = framed("fine");
	REQUIRE(netpack_feed(np, 2, good.data(), 3, &one, nullptr) == NETPACK_NONE);
	REQUIRE(netpack_feed(np, 2, good.data() + 3, good.size() - 3, &one, nullptr) == NETPACK_DATA);
	CHECK(std::string(one.data, size_t(one.size)) == "fine");
	free(one.data);

	// Once closed, the id is usable again (socket ids are reused by slots' numbers).
	netpack_close(np, 1);
	const std::string ok = framed(std::string(100, 'k'));
	REQUIRE(netpack_feed(np, 1, ok.data(), ok.size(), &one, nullptr) == NETPACK_DATA);
	CHECK(one.size == 100);
	free(one.data);
	netpack_free(np);
}

TEST_CASE("netpack: close and clear forget half-assembled frames", "[netpack]")
{
	netpack *np = netpack_new();
	netpack_packet one{};
	const std::string a = framed("abcdef");
	REQUIRE(netpack_feed(np, 8, a.data(), 4, &one, nullptr) == NETPACK_NONE);
	netpack_close(np, 8);
	CHECK(netpack_buffered(np, 8) == 0);
	// After the close, the same bytes start a fresh frame.
	REQUIRE(netpack_feed(np, 8, a.data(), a.size(), &one, nullptr) == NETPACK_DATA);
	free(one.data);

	const std::string two = stream_of({"q", "r"});
	REQUIRE(netpack_feed(np, 9, two.data(), two.size(), &one, nullptr) == NETPACK_MORE);
	REQUIRE(netpack_feed(np, 8, a.data(), 3, &one, nullptr) == NETPACK_NONE);
	netpack_clear(np); // frees the queued packets and the half frame
	CHECK(netpack_queued(np) == 0);
	CHECK(netpack_buffered(np, 8) == 0);
	netpack_free(np);
}

TEST_CASE("netpack: pack frames up to 65535 bytes and refuses more", "[netpack]")
{
	size_t size = 0;
	char *p = netpack_pack("hi", 2, &size);
	REQUIRE(size == 4);
	CHECK(std::string(p, 4) == std::string("\0\2hi", 4));
	free(p);

	std::string max(65535, 'm');
	p = netpack_pack(max.data(), max.size(), &size);
	REQUIRE(p != nullptr);
	CHECK(uint8_t(p[0]) == 0xff);
	CHECK(uint8_t(p[1]) == 0xff);
	free(p);

	std::string over(65536, 'o');
	CHECK(netpack_pack(over.data(), over.size(), &size) == nullptr);
	CHECK(size == 0);
}

TEST_CASE("netpack: each feed records a netpack trace event", "[netpack][trace]")
{
	std::string error;
	REQUIRE(trace_open("memory", "netpack", 1, error));
	netpack *np = netpack_new();
	netpack_packet one{};
	const std::string s = stream_of({"12345", "678"});
	// one + 2 bytes of the next: "more", as skynet's filter says (not "data")
	REQUIRE(netpack_feed(np, 7, s.data(), 9, &one, nullptr) == NETPACK_MORE);
	REQUIRE(netpack_pop(np, &one));
	free(one.data);
	REQUIRE(netpack_feed(np, 7, s.data() + 9, s.size() - 9, &one, nullptr) == NETPACK_DATA);
	free(one.data);
	netpack_free(np);
	trace_close();

	std::vector<std::string> events;
	for (const std::string &line : trace_memory_take())
		if (line.find("\"ev\":\"netpack\"") != std::string::npos)
			events.push_back(line);
	REQUIRE(events.size() == 2);
	CHECK(events[0].find("\"sock\":7") != std::string::npos);
	CHECK(events[0].find("\"in\":9") != std::string::npos);
	CHECK(events[0].find("\"buffered\":2") != std::string::npos);
	CHECK(events[0].find("\"packets\":1") != std::string::npos);
	CHECK(events[0].find("\"partial\":true") != std::string::npos);
	CHECK(events[1].find("\"buffered\":0") != std::string::npos);
	CHECK(events[1].find("\"partial\":false") != std::string::npos);
}
