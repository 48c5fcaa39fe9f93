// tcp_client: blocking helpers the socket tests use as the far end of a connection.
#include "tests/net/tcp_client.h"

#include <algorithm>
#include <sys/socket.h>

#include <catch2/catch.hpp>

void send_all(int fd, const std::string &s)
{
	size_t off = 0;
	while (off < s.size()) {
		ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
		REQUIRE(n > 0);
		off += size_t(n);
	}
}

std::string recv_upto(int fd, size_t n)
{
	std::string got;
	char buf[65536];
	while (got.size() < n) {
		ssize_t r = recv(fd, buf, std::min(sizeof(buf), n - got.size()), 0);
		if (r <= 0)
			break;
		got.append(buf, size_t(r));
	}
	return got;
}

bool at_eof(int fd)
{
	char c;
	return recv(fd, &c, 1, 0) == 0;
}
