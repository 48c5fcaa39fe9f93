// socket_thread_fixture: a socket thread that polls as the runtime's does and queues its events, and the peers' helpers, for the socket_server tests.
#pragma once
#include <catch2/catch.hpp>

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

#include "net/socket_server.h"

namespace socket_test {

constexpr auto WAIT = std::chrono::seconds(5);

struct event {
	int type;
	int id;
	uint32_t opaque;
	int ud;
	std::string data; // the bytes of DATA and UDP, else the text
	std::string from; // UDP: the sender's compact address
};

// The socket thread: polls, and queues every event for the test to wait on.
class socket_thread {
public:
	socket_server *ss = socket_server_create();

	socket_thread() : thread_([this] { run(); }) {}
	~socket_thread()
	{
		socket_server_exit(ss);
		thread_.join();
		socket_server_release(ss);
	}

	// Take the first queued event that matches (others stay queued), waiting
	// for it at most WAIT.
	event wait(const std::function<bool(const event &)> &match, const std::string &what)
	{
		std::unique_lock g(lock_);
		event found{};
		bool ok = changed_.wait_for(g, WAIT, [&] {
			for (auto it = events_.begin(); it != events_.end(); ++it)
				if (match(*it)) {
					found = *it;
					events_.erase(it);
					return true;
				}
			return false;
		});
		if (!ok)
			FAIL("no " << what << " within 5 s");
		return found;
	}

	event wait_for(int type, int id)
	{
		return wait([=](const event &e) { return e.type == type && e.id == id; },
			"event " + std::to_string(type) + " on socket " + std::to_string(id));
	}

	bool has(int type, int id)
	{
		std::lock_guard g(lock_);
		for (const event &e : events_)
			if (e.type == type && e.id == id)
				return true;
		return false;
	}

	// A command whose answer comes back through the socket thread: when it
	// arrives, every event that was ready before it has been queued.
	void round_trip()
	{
		int probe = --probe_id_;
		socket_server_start(ss, 0, probe); // not a socket: answered with ERR
		wait_for(SOCKET_ERR, probe);
	}

	// Gather DATA on socket `id` until `n` bytes have come.
	std::string read_bytes(int id, size_t n)
	{
		std::string got;
		while (got.size() < n)
			got += wait_for(SOCKET_DATA, id).data;
		return got;
	}

private:
	void run()
	{
		for (;;) {
			socket_message m;
			int type = socket_server_poll(ss, &m);
			if (type == SOCKET_EXIT)
				return;
			event e{type, m.id, m.opaque, m.ud, {}, {}};
			if (type == SOCKET_DATA || type == SOCKET_UDP) {
				e.data.assign(m.data, size_t(m.ud));
				int size = 0;
				const uint8_t *from = socket_server_udp_address(type, &m, &size);
				if (from)
					e.from.assign(reinterpret_cast<const char *>(from), size_t(size));
				free(m.data);
			} else if (m.data) {
				e.data = m.data;
			}
			{
				std::lock_guard g(lock_);
				events_.push_back(e);
			}
			changed_.notify_all();
		}
	}

	std::mutex lock_;
	std::condition_variable changed_;
	std::deque<event> events_;
	int probe_id_ = -1000;
	std::thread thread_;
};

inline void *copy_of(const std::string &s)
{
	void *p = malloc(s.size() ? s.size() : 1);
	memcpy(p, s.data(), s.size());
	return p;
}

inline void set_timeouts(int fd)
{
	timeval tv{5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

inline sockaddr_in loopback(int port)
{
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_port = htons(uint16_t(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

inline int port_of_fd(int fd)
{
	sockaddr_in a{};
	socklen_t len = sizeof(a);
	getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
	return ntohs(a.sin_port);
}

// A peer: a blocking client. A small receive buffer makes a slow reader.
inline int client_connect(int port, int rcvbuf = 0)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	REQUIRE(fd >= 0);
	set_timeouts(fd);
	if (rcvbuf)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sockaddr_in a = loopback(port);
	REQUIRE(connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof(a)) == 0);
	return fd;
}

// A plain listening socket on a free port, for socket_server to connect to.
inline int plain_listener(int *port, bool do_listen = true)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	REQUIRE(fd >= 0);
	sockaddr_in a = loopback(0);
	REQUIRE(bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof(a)) == 0);
	if (do_listen)
		REQUIRE(listen(fd, 16) == 0);
	*port = port_of_fd(fd);
	return fd;
}

// A pattern that shows if any byte is lost or out of order.
inline std::string pattern(size_t n, int seed)
{
	std::string s(n, '\0');
	for (size_t i = 0; i < n; i++)
		s[i] = char((i * 31 + size_t(seed)) & 0xff);
	return s;
}

// Listen on an ephemeral port and start accepting; returns the listener's id.
inline int listen_and_start(socket_thread &st, uint32_t opaque, int *port)
{
	std::string error;
	int lid = socket_server_listen(st.ss, opaque, "127.0.0.1", 0, 64, &error);
	REQUIRE(lid > 0);
	event open = st.wait_for(SOCKET_OPEN, lid);
	CHECK(open.data == "127.0.0.1");
	*port = open.ud;
	REQUIRE(*port > 0);
	socket_server_start(st.ss, opaque, lid);
	CHECK(st.wait_for(SOCKET_OPEN, lid).data == "start");
	return lid;
}

// Connect a client and start its accepted socket. Returns the socket's id.
inline int accept_started(socket_thread &st, int lid, int port, uint32_t owner, int *client,
	int rcvbuf = 0)
{
	*client = client_connect(port, rcvbuf);
	int cid = st.wait_for(SOCKET_ACCEPT, lid).ud;
	socket_server_start(st.ss, owner, cid);
	st.wait_for(SOCKET_OPEN, cid);
	return cid;
}

} // namespace socket_test
