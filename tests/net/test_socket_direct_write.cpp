// test_socket_direct_write: sends written by the calling thread (net/socket_direct_write.cpp) keep a socket's order and its close.
#include <catch2/catch.hpp>

#include "tests/net/socket_thread_fixture.h"
#include "tests/net/tcp_client.h"

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

using namespace socket_test;

namespace {

// A record: sender (1 byte), sequence (4), payload length (4), payload.
std::string record(int sender, uint32_t seq, size_t len)
{
	std::string r(9, '\0');
	r[0] = char(sender);
	memcpy(&r[1], &seq, 4);
	uint32_t n = uint32_t(len);
	memcpy(&r[5], &n, 4);
	return r + pattern(len, sender * 7 + int(seq));
}

} // namespace

TEST_CASE("direct write: concurrent senders' records arrive whole and in each sender's order",
	"[socket]")
{
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	// A small receive buffer: the big records fill the socket, so direct
	// writes are cut short and their rest queued while others keep sending.
	int cid = accept_started(st, lid, port, 2, &c, 8192);
	constexpr int SENDERS = 4;
	constexpr uint32_t RECORDS = 150;
	std::vector<std::string> sent(SENDERS);
	for (int t = 0; t < SENDERS; t++)
		for (uint32_t i = 0; i < RECORDS; i++)
			sent[size_t(t)] += record(t, i, i % 10 == 0 ? 96 * 1024 : 16 + i);
	size_t total = 0;
	for (const std::string &s : sent)
		total += s.size();

	std::vector<std::thread> senders;
	for (int t = 0; t < SENDERS; t++)
		senders.emplace_back([&, t] {
			const std::string &mine = sent[size_t(t)];
			for (size_t off = 0; off < mine.size();) {
				uint32_t len;
				memcpy(&len, &mine[off + 5], 4);
				size_t n = 9 + len;
				socket_server_send(st.ss, cid, copy_of(mine.substr(off, n)), n);
				off += n;
			}
		});
	std::string got = recv_upto(c, total);
	for (std::thread &t : senders)
		t.join();
	REQUIRE(got.size() == total);

	uint32_t next[SENDERS] = {};
	for (size_t off = 0; off < got.size();) {
		REQUIRE(off + 9 <= got.size());
		int t = got[off];
		REQUIRE(t >= 0);
		REQUIRE(t < SENDERS);
		uint32_t seq, len;
		memcpy(&seq, &got[off + 1], 4);
		memcpy(&len, &got[off + 5], 4);
		INFO("sender " << t << " record " << seq);
		REQUIRE(seq == next[t]);
		REQUIRE(got.compare(off, 9 + len, record(t, seq, len)) == 0);
		next[t]++;
		off += 9 + len;
	}
	for (int t = 0; t < SENDERS; t++)
		CHECK(next[t] == RECORDS);
	socket_server_close(st.ss, 2, cid);
	close(c);
}

TEST_CASE("direct write: nothing sent after close goes out, what came before does", "[socket]")
{
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	int cid = accept_started(st, lid, port, 2, &c);
	REQUIRE(socket_server_send(st.ss, cid, copy_of("before"), 6) == 0);
	socket_server_close(st.ss, 2, cid);
	// The close is still on its way to the socket thread or has just run:
	// either way this send must not be written.
	socket_server_send(st.ss, cid, copy_of("after"), 5);
	st.wait_for(SOCKET_CLOSE, cid);
	CHECK(recv_upto(c, 11) == "before");
	CHECK(at_eof(c));
	close(c);
}
