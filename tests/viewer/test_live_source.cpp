// test_live_source: a TraceSource reads a live TCP stream, and says "disconnected" when it ends.
#include "trace/trace_source.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

// A stand-in for the runtime's live sink: listens on a free loopback port,
// sends its lines to the first viewer in two pieces, then closes.
static int listen_loopback(int &port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
	REQUIRE(listen(fd, 4) == 0);
	socklen_t len = sizeof a;
	getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
	port = ntohs(a.sin_port);
	return fd;
}

static bool wait_for(TraceSource &s, TraceSource::State want)
{
	for (int i = 0; i < 300 && s.state() != want; i++)
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	return s.state() == want;
}

TEST_CASE("a live stream is ingested as it arrives and ends as disconnected", "[viewer][live]")
{
	int port = 0;
	int listener = listen_loopback(port);
	TraceSource source;
	source.connect("127.0.0.1:" + std::to_string(port), 2000);
	int peer = accept(listener, nullptr, nullptr);
	REQUIRE(peer >= 0);
	REQUIRE(wait_for(source, TraceSource::State::Live));
	std::string a = "{\"t\":1,\"ev\":\"trace.start\",\"version\":1,\"thread\":1,\"harbor\":0}\n{\"t\":2,\"ev\":\"svc.new\",\"h\":8,\"mod";
	std::string b = "ule\":\"snlua\",\"args\":\"main\"}\n{\"t\":3,\"ev\":\"svc.name\",\"h\":8,\"name\":\".main\"}\n";
	REQUIRE(send(peer, a.data(), a.size(), 0) == ssize_t(a.size()));
	std::this_thread::sleep_for(std::chrono::milliseconds(50));
	REQUIRE(send(peer, b.data(), b.size(), 0) == ssize_t(b.size()));
	close(peer);
	close(listener);
	REQUIRE(wait_for(source, TraceSource::State::Disconnected));
	std::lock_guard lock(source.mutex);
	CHECK(source.model.size() == 3);
	CHECK(source.model.service_label(8) == ".main");
	CHECK(source.model.bad_lines() == 0);
}

TEST_CASE("connecting to nothing fails with the address in the message", "[viewer][live]")
{
	int port = 0;
	int listener = listen_loopback(port);
	close(listener);   // the port is now free and nobody listens
	TraceSource source;
	source.connect("127.0.0.1:" + std::to_string(port), 0);
	REQUIRE(wait_for(source, TraceSource::State::Failed));
	CHECK(source.status().find(std::to_string(port)) != std::string::npos);
	source.connect("nonsense", 0);
	CHECK(source.state() == TraceSource::State::Failed);
}
