// test_e2e: the skyglass program serving real TCP and UDP clients on 127.0.0.1.
// Each test starts `skyglass tests/net/e2e_config.lua` with a service (TEST) and
// a port (PORT), waits for the service's "ready" line in its log, and talks to it
// with plain blocking sockets. Every wait has a deadline.
#include <catch2/catch.hpp>

#include "tests/net/e2e_runtime.h"
#include "tests/net/tcp_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "trace/json_line.h"

TEST_CASE("e2e: echo with read(n), readline, and readall at the client's half-close", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));

	int a = connect_to(port);
	send_all(a, "read 5\nhe");
	send_all(a, "llo");
	CHECK(recv_upto(a, 5) == "hello");

	int b = connect_to(port);
	send_all(b, "line\nfirst\nsec");
	send_all(b, "ond\n");
	CHECK(recv_upto(b, 13) == "first\nsecond\n");

	int c = connect_to(port);
	send_all(c, "all\nevery");
	send_all(c, "thing");
	shutdown(c, SHUT_WR); // readall returns at the close; the reply still comes back
	CHECK(recv_upto(c, 100) == "everything");
	CHECK(at_eof(c));

	close(a);
	close(b);
	close(c);
	quit(rt, port);
}

TEST_CASE("e2e: a thousand concurrent connections each get their own echo", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	const int N = 1000;
	std::vector<int> clients;
	for (int i = 0; i < N; i++) {
		clients.push_back(connect_to(port));
		send_all(clients.back(), "any\nclient " + std::to_string(i) + ";");
	}
	int matched = 0;
	for (int i = 0; i < N; i++) {
		std::string want = "client " + std::to_string(i) + ";";
		if (recv_upto(clients[size_t(i)], want.size()) == want)
			matched++;
	}
	CHECK(matched == N);
	for (int fd : clients)
		close(fd);
	quit(rt, port);
}

TEST_CASE("e2e: a peer that resets mid-read; the server goes on", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	int a = connect_to(port);
	send_all(a, "readack 100\n");
	REQUIRE(recv_upto(a, 3) == "go\n"); // the server reads now
	send_all(a, "only ten b.");
	linger hard{1, 0};
	setsockopt(a, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	close(a); // RST
	bool reported = rt.wait_for(" Connection reset by peer") &&
		rt.wait_for("closed with 11 bytes unread");
	INFO(rt.log);
	CHECK(reported);

	int b = connect_to(port);
	send_all(b, "any\nstill here");
	CHECK(recv_upto(b, 10) == "still here");
	close(b);
	quit(rt, port);
}

TEST_CASE("e2e: a slow reader makes WARNING, and 0 once it has read everything", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	int a = socket(AF_INET, SOCK_STREAM, 0);
	int small = 4096;
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	close(a);
	a = connect_to(port);
	send_all(a, "flood 16\n");
	CHECK(rt.wait_for(" kib=10")); // the first warning: a little over 1024 KiB
	std::string all = recv_upto(a, 16u << 20);
	CHECK(all.size() == (16u << 20));
	CHECK(rt.wait_for(" kib=0"));
	close(a);
	quit(rt, port);
}

TEST_CASE("e2e: UDP echo", "[e2e][udp]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	timeval tv{10, 0};
	setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sockaddr_in to{};
	to.sin_family = AF_INET;
	to.sin_port = htons(uint16_t(port));
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sendto(u, "datagram", 8, 0, reinterpret_cast<sockaddr *>(&to), sizeof(to));
	char buf[64];
	ssize_t n = recv(u, buf, sizeof(buf), 0);
	CHECK(std::string(buf, size_t(std::max<ssize_t>(n, 0))) == "datagram");
	close(u);
	quit(rt, port);
}

TEST_CASE("e2e: gate, watchdog and agents echo netpack frames for 1000 clients", "[e2e][gate]")
{
	int port = free_port();
	runtime rt("gate_main", port);
	REQUIRE(rt.wait_for("gate ready"));
	const int N = 1000;
	std::vector<int> clients;
	for (int i = 0; i < N; i++) {
		clients.push_back(connect_to(port));
		// Two frames in one write, to be split apart by netpack.
		send_all(clients.back(), frame("hello " + std::to_string(i)) + frame(""));
	}
	int matched = 0;
	for (int i = 0; i < N; i++) {
		bool ok1 = false, ok2 = false;
		std::string first = read_frame(clients[size_t(i)], &ok1);
		std::string second = read_frame(clients[size_t(i)], &ok2);
		if (ok1 && ok2 && first == "hello " + std::to_string(i) && second.empty())
			matched++;
	}
	CHECK(matched == N);
	for (int fd : clients)
		close(fd);
}

TEST_CASE("e2e: one client write, followed through all four layers to the reading coroutine",
	"[e2e][trace]")
{
	std::string trace = std::string(TEST_OUTPUT_DIR) + "/e2e_layers.jsonl";
	unlink(trace.c_str());
	int port = free_port();
	{
		runtime rt("echo_server", port, trace);
		REQUIRE(rt.wait_for("echo_server ready"));
		int a = connect_to(port);
		send_all(a, "readack 7\n");
		REQUIRE(recv_upto(a, 3) == "go\n"); // the server is about to read 7 bytes
		send_all(a, "abcdefg");
		CHECK(recv_upto(a, 7) == "abcdefg");
		close(a);
		quit(rt, port);
	}

	// The trace as a list of flat objects.
	std::ifstream in(trace);
	REQUIRE(in.good());
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	struct ev {
		std::string kind;
		std::map<std::string, std::string> f;
		int64_t t;
		int64_t num(const char *k) const
		{
			auto it = f.find(k);
			if (it == f.end() || it->second.empty() ||
				it->second.find_first_not_of("-0123456789") != std::string::npos)
				return -1; // absent, or a string such as "want":"line"
			return std::stoll(it->second);
		}
		std::string str(const char *k) const
		{
			auto it = f.find(k);
			return it == f.end() ? "" : it->second;
		}
	};
	std::vector<ev> events;
	for (const std::string &line : lines) {
		JsonObject o;
		std::string error;
		REQUIRE(json_line_parse(line, o, error));
		ev e;
		for (int i = 0; i < o.count; i++)
			e.f[std::string(o.fields[i].key)] = json_value_text(o.fields[i].value);
		e.kind = e.str("ev");
		e.t = e.num("t");
		events.push_back(e);
	}
	std::stable_sort(events.begin(), events.end(), [](const ev &x, const ev &y) { return x.t < y.t; });

	// Layer 4, the coroutine: socket.lua hands 7 bytes to the reader.
	const ev *read = nullptr;
	for (const ev &e : events)
		if (e.kind == "sock.lua" && e.str("op") == "read" && e.num("bytes") == 7)
			read = &e;
	REQUIRE(read != nullptr);
	int64_t sock = read->num("sock");
	int64_t h = read->num("h");
	// Layer 1, socket_server: the last OS read on that socket before it.
	const ev *poll_ev = nullptr;
	for (const ev &e : events)
		if (e.t <= read->t && e.kind == "sock.poll" && e.num("sock") == sock && e.str("kind") == "data")
			poll_ev = &e;
	REQUIRE(poll_ev != nullptr);
	// Layer 2, skynet_socket: the DATA message made from it, and its journey.
	const ev *fwd = nullptr, *push = nullptr, *begin = nullptr;
	for (const ev &e : events)
		if (!fwd && e.t >= poll_ev->t && e.kind == "sock.fwd" && e.num("sock") == sock && e.num("type") == 1)
			fwd = &e;
	REQUIRE(fwd != nullptr);
	CHECK(fwd->num("owner") == h);
	CHECK(fwd->num("bytes") == poll_ev->num("bytes"));
	for (const ev &e : events) {
		if (e.kind == "msg.push" && e.num("id") == fwd->num("id"))
			push = &e;
		if (e.kind == "msg.begin" && e.num("id") == fwd->num("id"))
			begin = &e;
	}
	REQUIRE(push != nullptr);
	REQUIRE(begin != nullptr);
	CHECK(push->num("dst") == h);
	CHECK(push->num("type") == 6);
	// Layer 3, socket.lua: the bytes are buffered, the reader woken and resumed.
	const ev *buffer = nullptr, *wake = nullptr, *resume = nullptr;
	for (const ev &e : events) {
		if (e.t < begin->t || e.t > read->t || e.num("h") != h)
			continue;
		if (!buffer && e.kind == "sock.lua" && e.num("sock") == sock && e.str("op") == "buffer")
			buffer = &e;
		if (buffer && !wake && e.kind == "sock.lua" && e.num("sock") == sock && e.str("op") == "wake")
			wake = &e;
		if (wake && !resume && e.kind == "co.resume")
			resume = &e;
	}
	REQUIRE(buffer != nullptr);
	CHECK(buffer->num("bytes") == poll_ev->num("bytes"));
	REQUIRE(wake != nullptr);
	REQUIRE(resume != nullptr);
	CHECK(resume->str("why") == "wakeup");
	// And the order they happened in.
	CHECK(poll_ev->t <= fwd->t);
	CHECK(fwd->t <= push->t);
	CHECK(push->t <= begin->t);
	CHECK(begin->t <= buffer->t);
	CHECK(buffer->t <= wake->t);
	CHECK(wake->t <= resume->t);
	CHECK(resume->t <= read->t);
	// Before all that, the reader had suspended, waiting for 7 bytes.
	bool suspended = false;
	for (const ev &e : events)
		if (e.t < begin->t && e.kind == "sock.lua" && e.num("sock") == sock && e.str("op") == "suspend" &&
			e.num("want") == 7)
			suspended = true;
	CHECK(suspended);
}

TEST_CASE("e2e: readline on 16 MiB without a newline closes that socket at 1 MiB; other clients are served at once", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	long rss_before = proc_status_kb(rt.pid(), "VmRSS");
	int a = connect_to(port);
	send_all(a, "line\n");
	// Send up to 16 MiB without a newline, until the server stops taking them.
	const size_t total = 16u << 20;
	std::string chunk(64 * 1024, 'x');
	size_t sent = 0;
	while (sent < total) {
		ssize_t n = send(a, chunk.data(), std::min(chunk.size(), total - sent), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0) {
			sent += size_t(n);
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			break; // the server closed the connection
		pollfd p{a, POLLOUT, 0};
		if (poll(&p, 1, 5000) <= 0)
			break; // the server stopped reading and did not close: the old hang
	}
	CHECK(rt.wait_for("socket: line longer than 1048576 bytes"));
	// The waiting readline returns, with what came.
	CHECK(rt.wait_for("bytes without a newline"));
	INFO("sent " << sent << " bytes before the server closed");
	CHECK(sent < total);
	long rss_after = proc_status_kb(rt.pid(), "VmRSS");
	if (RSS_IS_MEANINGFUL)
		CHECK(rss_after - rss_before < 8 * 1024); // kB: the line is not held in memory
	close(a);

	// Another connection of the same service echoes at once.
	int b = connect_to(port);
	auto start = std::chrono::steady_clock::now();
	send_all(b, "line\nping\n");
	CHECK(recv_upto(b, 5) == "ping\n");
	auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
	CHECK(ms.count() < 1000);
	close(b);
	quit(rt, port);
}

TEST_CASE("e2e: a line of 1,040,000 bytes, past the 128 KiB pause, is read whole (it waited forever)", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	int a = connect_to(port);
	std::string line(1040000, 'y');
	// The reply comes while we still send: read it on another thread's behalf
	// by sending without blocking and draining what comes back.
	std::string out = "line\n" + line + "\n", back;
	size_t sent = 0;
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
	while (back.size() < line.size() + 1 && std::chrono::steady_clock::now() < deadline) {
		pollfd p{a, short(POLLIN | (sent < out.size() ? POLLOUT : 0)), 0};
		if (poll(&p, 1, 1000) <= 0)
			continue;
		if ((p.revents & POLLOUT) && sent < out.size()) {
			ssize_t n = send(a, out.data() + sent, out.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n > 0)
				sent += size_t(n);
		}
		if (p.revents & POLLIN) {
			char buf[65536];
			ssize_t n = recv(a, buf, sizeof(buf), MSG_DONTWAIT);
			if (n <= 0)
				break;
			back.append(buf, size_t(n));
		}
	}
	CHECK(back.size() == line.size() + 1);
	CHECK(back == line + "\n");
	close(a);
	quit(rt, port);
}

TEST_CASE("e2e: readall of 5 MB, past the 128 KiB pause, ends at the client's half-close (it waited forever)", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	int a = connect_to(port);
	std::string out = "all\n" + std::string(5000000, 'z');
	size_t sent = 0;
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
	while (sent < out.size() && std::chrono::steady_clock::now() < deadline) {
		pollfd p{a, POLLOUT, 0};
		if (poll(&p, 1, 1000) <= 0)
			continue;
		ssize_t n = send(a, out.data() + sent, out.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0)
			sent += size_t(n);
	}
	INFO("sent " << sent << " of " << out.size());
	REQUIRE(sent == out.size());
	shutdown(a, SHUT_WR);
	std::string back = recv_upto(a, 5000000);
	CHECK(back.size() == 5000000);
	close(a);
	quit(rt, port);
}

TEST_CASE("e2e: a client that sends and never reads is held back (backpressure)", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	long rss_before = proc_status_kb(rt.pid(), "VmRSS");
	int a = connect_to(port);
	int small = 4096;
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	send_all(a, "any\n");
	// Send up to 128 MiB, reading nothing, until the server stops taking it.
	const size_t total = 128u << 20;
	std::string chunk(256 * 1024, 'x');
	size_t sent = 0;
	while (sent < total) {
		ssize_t n = send(a, chunk.data(), std::min(chunk.size(), total - sent), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0) {
			sent += size_t(n);
			continue;
		}
		pollfd p{a, POLLOUT, 0};
		if (poll(&p, 1, 1000) <= 0)
			break; // held back
	}
	long rss_held = proc_status_kb(rt.pid(), "VmRSS");
	INFO("sent " << sent << " bytes before the server pushed back; RSS kB before " << rss_before << ", held "
		<< rss_held);
	CHECK(sent < total);
	CHECK(rt.wait_for("Pause socket"));
	if (RSS_IS_MEANINGFUL)
		CHECK(rss_held - rss_before < 48 * 1024); // kB: some MiB of backlog, not the 128 MiB stream

	linger hard{1, 0};
	setsockopt(a, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	close(a); // RST: the unsent echoes are dropped
	CHECK(rt.wait_for("any mode ended"));
	quit(rt, port);
}

TEST_CASE("e2e: the unsent data of a client that never read is returned to the OS when it leaves", "[e2e]")
{
	int port = free_port();
	runtime rt("echo_server", port);
	REQUIRE(rt.wait_for("echo_server ready"));
	long rss_before = proc_status_kb(rt.pid(), "VmRSS");
	int a = socket(AF_INET, SOCK_STREAM, 0);
	int small = 4096;
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	close(a);
	a = connect_to(port);
	send_all(a, "flood 64\n"); // the server writes 64 MiB; we read none of it
	CHECK(rt.wait_for(" kib=32")); // a warning past 32 MiB unsent
	long rss_held = proc_status_kb(rt.pid(), "VmRSS");
	linger hard{1, 0};
	setsockopt(a, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	close(a);
	CHECK(rt.wait_for("flood ended"));
	long rss_after = proc_status_kb(rt.pid(), "VmRSS");
	INFO("RSS kB: before " << rss_before << ", held " << rss_held << ", after " << rss_after);
	if (RSS_IS_MEANINGFUL)
		CHECK(rss_held - rss_before > 32 * 1024);
	if (RSS_IS_MEANINGFUL)
		CHECK(rss_after - rss_before < 8 * 1024);
	quit(rt, port);
}
