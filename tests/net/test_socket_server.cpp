// test_socket_server: socket_server against real sockets on 127.0.0.1.
// A socket thread polls as the runtime's does; the test plays the worker threads
// (sending commands) and the peers (plain blocking sockets with timeouts).
#include <catch2/catch.hpp>

#include "tests/net/socket_thread_fixture.h"
#include "tests/net/tcp_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel/trace.h"
#include "net/socket_server.h"

using namespace socket_test;

TEST_CASE("socket_server: listen, accept paused, start, echo, close", "[socket]")
{
	socket_thread st;
	std::string error;
	int lid = socket_server_listen(st.ss, 77, "127.0.0.1", 0, 32, &error);
	REQUIRE(lid > 0);
	event open = st.wait_for(SOCKET_OPEN, lid);
	CHECK(open.opaque == 77);
	CHECK(open.data == "127.0.0.1");
	int port = open.ud;
	REQUIRE(port > 0);
	socket_server_start(st.ss, 77, lid);
	CHECK(st.wait_for(SOCKET_OPEN, lid).data == "start");

	int c = client_connect(port);
	event accepted = st.wait_for(SOCKET_ACCEPT, lid);
	int cid = accepted.ud;
	CHECK(cid > 0);
	CHECK(accepted.opaque == 77);
	CHECK(accepted.data.rfind("127.0.0.1:", 0) == 0);

	// Accepted sockets stay paused: bytes sent before start are not read.
	send_all(c, "early");
	st.round_trip();
	st.round_trip();
	CHECK_FALSE(st.has(SOCKET_DATA, cid));

	socket_server_start(st.ss, 88, cid); // start also hands it to its owner
	event started = st.wait_for(SOCKET_OPEN, cid);
	CHECK(started.data == "start");
	CHECK(started.opaque == 88);
	CHECK(st.read_bytes(cid, 5) == "early");

	send_all(c, "ping");
	std::string got = st.read_bytes(cid, 4);
	REQUIRE(got == "ping");
	REQUIRE(socket_server_send(st.ss, cid, copy_of(got), got.size()) == 0);
	CHECK(recv_upto(c, 4) == "ping");

	// The client closes: CLOSE once; the owner's close after it says nothing more.
	close(c);
	CHECK(st.wait_for(SOCKET_CLOSE, cid).opaque == 88);
	socket_server_close(st.ss, 88, cid);
	st.round_trip();
	CHECK_FALSE(st.has(SOCKET_CLOSE, cid));
	CHECK(socket_server_send(st.ss, cid, copy_of("late"), 4) == -1);

	socket_server_close(st.ss, 77, lid);
	st.wait_for(SOCKET_CLOSE, lid);
}

TEST_CASE("socket_server: listen on a taken port says so, naming the address", "[socket]")
{
	socket_thread st;
	int port = 0;
	int taken = plain_listener(&port);
	std::string error;
	CHECK(socket_server_listen(st.ss, 1, "127.0.0.1", port, 32, &error) == -1);
	CHECK(error == "Listen error: 127.0.0.1:" + std::to_string(port) + ": Address already in use");
	close(taken);

	CHECK(socket_server_listen(st.ss, 1, "no.such.host.invalid", 80, 32, &error) == -1);
	CHECK(error.rfind("Listen error: no.such.host.invalid:80: ", 0) == 0);
}

TEST_CASE("socket_server: a refused connect is reported as ERROR", "[socket]")
{
	socket_thread st;
	int port = 0;
	int bound = plain_listener(&port, false); // bound, not listening: connects are refused
	int id = socket_server_connect(st.ss, 5, "127.0.0.1", port);
	REQUIRE(id > 0);
	event err = st.wait_for(SOCKET_ERR, id);
	CHECK(err.opaque == 5);
	CHECK(err.data == "Connection refused"); // skynet's text: strerror alone
	CHECK(socket_server_send(st.ss, id, copy_of("x"), 1) == -1); // the slot is free again
	close(bound);
}

TEST_CASE("socket_server: connect reports OPEN, then data flows both ways", "[socket]")
{
	socket_thread st;
	int port = 0;
	int lfd = plain_listener(&port);
	int id = socket_server_connect(st.ss, 6, "127.0.0.1", port);
	REQUIRE(id > 0);
	// Sent before the connect completes: queued, then flushed.
	REQUIRE(socket_server_send(st.ss, id, copy_of("first"), 5) == 0);
	event open = st.wait_for(SOCKET_OPEN, id);
	CHECK(open.opaque == 6);
	CHECK(open.data == "127.0.0.1");
	CHECK(open.ud == port);

	int peer = accept(lfd, nullptr, nullptr);
	REQUIRE(peer >= 0);
	set_timeouts(peer);
	REQUIRE(socket_server_send(st.ss, id, copy_of("hello"), 5) == 0);
	CHECK(recv_upto(peer, 10) == "firsthello");
	send_all(peer, "back");
	CHECK(st.read_bytes(id, 4) == "back");
	close(peer);
	st.wait_for(SOCKET_CLOSE, id);
	socket_server_close(st.ss, 6, id);
	close(lfd);
}

TEST_CASE("socket_server: after the peer's half-close, the owner can still reply", "[socket]")
{
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	int cid = accept_started(st, lid, port, 2, &c);

	send_all(c, "question");
	shutdown(c, SHUT_WR);
	CHECK(st.read_bytes(cid, 8) == "question");
	st.wait_for(SOCKET_CLOSE, cid);
	REQUIRE(socket_server_send(st.ss, cid, copy_of("answer"), 6) == 0);
	CHECK(recv_upto(c, 6) == "answer");
	socket_server_close(st.ss, 2, cid);
	CHECK(at_eof(c));
	close(c);
}

TEST_CASE("socket_server: a peer that resets mid-stream ends the socket: ERR, then CLOSE", "[socket]")
{
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	int cid = accept_started(st, lid, port, 2, &c);
	send_all(c, "partial message");
	linger hard{1, 0}; // close with a reset instead of a FIN
	setsockopt(c, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	close(c);
	event end = st.wait([=](const event &e) {
		return e.id == cid && (e.type == SOCKET_ERR || e.type == SOCKET_CLOSE);
	}, "ERR or CLOSE after a reset");
	if (end.type == SOCKET_ERR) {
		CHECK(end.data == "Connection reset by peer");
		// As skynet's: a CLOSE follows the ERR (socket.lua's onclose, a
		// gate's disconnect), without the owner asking; then the slot is gone.
		st.wait([=](const event &e) { return e.id == cid && e.type == SOCKET_CLOSE; },
			"CLOSE after the ERR");
		CHECK(socket_server_send(st.ss, cid, copy_of("x"), 1) == -1);
	} else {
		CHECK(socket_server_send(st.ss, cid, copy_of("x"), 1) == 0);
	}
	socket_server_close(st.ss, 2, cid);
}

TEST_CASE("socket_server: pause stops reading until start", "[socket]")
{
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	int cid = accept_started(st, lid, port, 2, &c);
	socket_server_pause(st.ss, 2, cid);
	st.round_trip();
	send_all(c, "zz");
	st.round_trip();
	st.round_trip();
	CHECK_FALSE(st.has(SOCKET_DATA, cid));
	socket_server_start(st.ss, 2, cid);
	CHECK(st.wait_for(SOCKET_OPEN, cid).data == "transfer");
	CHECK(st.read_bytes(cid, 2) == "zz");
	close(c);
	st.wait_for(SOCKET_CLOSE, cid);
	socket_server_close(st.ss, 2, cid);
}

TEST_CASE("socket_server: close sends what is queued first; shutdown drops it", "[socket]")
{
	const size_t chunk = 64 * 1024;
	const std::string all = pattern(16 * 1024 * 1024, 3);
	socket_thread st;
	int port = 0;
	int lid = listen_and_start(st, 1, &port);

	SECTION("close") {
		int c = -1;
		int cid = accept_started(st, lid, port, 2, &c, 4096);
		for (size_t off = 0; off < all.size(); off += chunk)
			REQUIRE(socket_server_send(st.ss, cid, copy_of(all.substr(off, chunk)), chunk) == 0);
		socket_server_close(st.ss, 2, cid);
		st.wait_for(SOCKET_CLOSE, cid); // at once, while the bytes still go out
		CHECK(recv_upto(c, all.size()) == all);
		CHECK(at_eof(c));
		close(c);
	}
	SECTION("shutdown") {
		int c = -1;
		int cid = accept_started(st, lid, port, 2, &c, 4096);
		for (size_t off = 0; off < all.size(); off += chunk)
			REQUIRE(socket_server_send(st.ss, cid, copy_of(all.substr(off, chunk)), chunk) == 0);
		socket_server_shutdown(st.ss, 2, cid);
		st.wait_for(SOCKET_CLOSE, cid);
		std::string got = recv_upto(c, all.size());
		CHECK(got.size() < all.size());
		CHECK(got == all.substr(0, got.size()));
		close(c);
	}
}

TEST_CASE("socket_server: a slow reader makes WARNING at 1 MiB unsent, 2 MiB, ... and 0 when drained",
	"[socket]")
{
	const size_t chunk = 64 * 1024;
	const std::string all = pattern(16 * 1024 * 1024, 5);
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	int cid = accept_started(st, lid, port, 2, &c, 4096);
	for (size_t off = 0; off < all.size(); off += chunk)
		REQUIRE(socket_server_send(st.ss, cid, copy_of(all.substr(off, chunk)), chunk) == 0);
	st.round_trip(); // every send has been handled: the warnings are queued

	// Each warning comes as the unsent bytes cross 1 MiB, 2 MiB, 4 MiB, ...;
	// ud is in KiB, and a 64 KiB send overshoots a threshold by at most 64.
	std::vector<int> kib;
	while (st.has(SOCKET_WARNING, cid))
		kib.push_back(st.wait_for(SOCKET_WARNING, cid).ud);
	REQUIRE(kib.size() >= 2);
	for (size_t i = 0; i < kib.size(); i++) {
		INFO("warning " << i << ": " << kib[i] << " KiB");
		CHECK(kib[i] >= (1024 << i));
		CHECK(kib[i] <= (1024 << i) + 64);
	}

	CHECK(recv_upto(c, all.size()) == all);
	CHECK(st.wait_for(SOCKET_WARNING, cid).ud == 0);
	socket_server_close(st.ss, 2, cid);
	close(c);
}

TEST_CASE("socket_server: low-priority data waits behind high-priority data", "[socket]")
{
	socket_thread st;
	int port = 0, c = -1;
	int lid = listen_and_start(st, 1, &port);
	int cid = accept_started(st, lid, port, 2, &c, 4096);
	// A big buffer the peer does not read yet: most of it stays queued.
	const std::string big = pattern(8 * 1024 * 1024, 7);
	REQUIRE(socket_server_send(st.ss, cid, copy_of(big), big.size()) == 0);
	REQUIRE(socket_server_send_lowpriority(st.ss, cid, copy_of("LOW"), 3) == 0);
	REQUIRE(socket_server_send(st.ss, cid, copy_of("HIGH"), 4) == 0);
	std::string got = recv_upto(c, big.size() + 7);
	REQUIRE(got.size() == big.size() + 7);
	CHECK(got.substr(0, big.size()) == big);
	CHECK(got.substr(big.size()) == "HIGHLOW");
	socket_server_close(st.ss, 2, cid);
	close(c);
}

TEST_CASE("socket_server: UDP echo, with the sender's address", "[socket][udp]")
{
	socket_thread st;
	int peer = socket(AF_INET, SOCK_DGRAM, 0);
	set_timeouts(peer);
	sockaddr_in pa = loopback(0);
	REQUIRE(bind(peer, reinterpret_cast<sockaddr *>(&pa), sizeof(pa)) == 0);
	int peer_port = port_of_fd(peer);

	SECTION("an unbound socket talks first, to its udp_connect address") {
		int uid = socket_server_udp(st.ss, 9, nullptr, 0);
		REQUIRE(uid > 0);
		REQUIRE(socket_server_udp_connect(st.ss, uid, "127.0.0.1", peer_port) == 0);
		REQUIRE(socket_server_udp_send(st.ss, uid, nullptr, copy_of("ping"), 4) == 0);
		char buf[64];
		sockaddr_in from{};
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(peer, buf, sizeof(buf), 0, reinterpret_cast<sockaddr *>(&from), &len);
		REQUIRE(n == 4);
		CHECK(std::string(buf, 4) == "ping");

		sendto(peer, "pong", 4, 0, reinterpret_cast<sockaddr *>(&from), len);
		event u = st.wait_for(SOCKET_UDP, uid);
		CHECK(u.opaque == 9);
		CHECK(u.data == "pong");
		const auto *address = reinterpret_cast<const uint8_t *>(u.from.data());
		CHECK(socket_udp_address_to_text(address, int(u.from.size())) ==
			"127.0.0.1:" + std::to_string(peer_port));

		// Echo to the address the datagram came from.
		REQUIRE(socket_server_udp_send(st.ss, uid, address, copy_of(u.data), u.data.size()) == 0);
		n = recv(peer, buf, sizeof(buf), 0);
		CHECK(std::string(buf, size_t(std::max<ssize_t>(n, 0))) == "pong");
		socket_server_close(st.ss, 9, uid);
		st.wait_for(SOCKET_CLOSE, uid);
	}
	SECTION("a bound socket receives first") {
		int probe = socket(AF_INET, SOCK_DGRAM, 0);
		sockaddr_in free_port = loopback(0);
		REQUIRE(bind(probe, reinterpret_cast<sockaddr *>(&free_port), sizeof(free_port)) == 0);
		int port = port_of_fd(probe);
		close(probe); // a port that was free a moment ago
		int uid = socket_server_udp(st.ss, 9, "127.0.0.1", port);
		REQUIRE(uid > 0);
		st.round_trip(); // the socket is registered before the datagram comes
		sockaddr_in to = loopback(port);
		sendto(peer, "hi", 2, 0, reinterpret_cast<sockaddr *>(&to), sizeof(to));
		event u = st.wait_for(SOCKET_UDP, uid);
		CHECK(u.data == "hi");
		std::string ip;
		int from_port = 0;
		CHECK(socket_udp_address_parts(reinterpret_cast<const uint8_t *>(u.from.data()),
			int(u.from.size()), &ip, &from_port));
		CHECK(ip == "127.0.0.1");
		CHECK(from_port == peer_port);
		socket_server_close(st.ss, 9, uid);
	}
	close(peer);
}

TEST_CASE("socket_server: compact UDP addresses and their text", "[socket][udp]")
{
	uint8_t a[SOCKET_UDP_ADDRESS_MAX];
	REQUIRE(socket_udp_address_from_host("127.0.0.1", 8080, a) == 7);
	CHECK(a[0] == 4);
	CHECK((a[1] << 8 | a[2]) == 8080);
	CHECK(socket_udp_address_to_text(a, 7) == "127.0.0.1:8080");
	REQUIRE(socket_udp_address_from_host("::1", 53, a) == 19);
	CHECK(socket_udp_address_to_text(a, 19) == "[::1]:53");
	CHECK(socket_udp_address_to_text(a, 7) == ""); // wrong size for an IPv6 address
	CHECK(socket_udp_address_from_host("no.such.host.invalid", 1, a) == -1);
}

TEST_CASE("socket_server: a hundred clients each get their own echo", "[socket]")
{
	socket_thread st;
	int port = 0;
	int lid = listen_and_start(st, 1, &port);
	const int N = 100;
	std::vector<int> clients;
	for (int i = 0; i < N; i++) {
		clients.push_back(client_connect(port));
		socket_server_start(st.ss, 2, st.wait_for(SOCKET_ACCEPT, lid).ud);
	}
	for (int i = 0; i < N; i++)
		send_all(clients[size_t(i)], "client " + std::to_string(i) + ";");
	// Echo every DATA back to the socket it came from, then each client
	// must find its own line (and nobody else's) waiting.
	size_t total = 0, want = 0;
	for (int i = 0; i < N; i++)
		want += ("client " + std::to_string(i) + ";").size();
	while (total < want) {
		event e = st.wait([](const event &x) { return x.type == SOCKET_DATA; }, "echo data");
		total += e.data.size();
		REQUIRE(socket_server_send(st.ss, e.id, copy_of(e.data), e.data.size()) == 0);
	}
	for (int i = 0; i < N; i++) {
		std::string line = "client " + std::to_string(i) + ";";
		CHECK(recv_upto(clients[size_t(i)], line.size()) == line);
	}
	for (int fd : clients)
		close(fd);
}

TEST_CASE("socket_server: each event records sock.poll", "[socket][trace]")
{
	std::string error;
	REQUIRE(trace_open("memory", "sock.poll", 1, error));
	{
		socket_thread st;
		int port = 0, c = -1;
		int lid = listen_and_start(st, 1, &port);
		int cid = accept_started(st, lid, port, 2, &c);
		send_all(c, "12345");
		st.read_bytes(cid, 5);
		int lfd_port = 0;
		int lfd = plain_listener(&lfd_port);
		int out = socket_server_connect(st.ss, 3, "127.0.0.1", lfd_port);
		st.wait_for(SOCKET_OPEN, out);
		close(c);
		st.wait_for(SOCKET_CLOSE, cid);
		close(lfd);
	}
	trace_close();
	std::string all;
	for (const std::string &line : trace_memory_take())
		if (line.find("\"ev\":\"sock.poll\"") != std::string::npos)
			all += line;
	CHECK(all.find("\"kind\":\"open\"") != std::string::npos);
	CHECK(all.find("\"kind\":\"accept\"") != std::string::npos);
	CHECK(all.find("\"kind\":\"connect\"") != std::string::npos);
	CHECK(all.find("\"kind\":\"close\"") != std::string::npos);
	CHECK(all.find("\"kind\":\"data\"") != std::string::npos);
	CHECK(all.find("\"bytes\":5") != std::string::npos);
}
