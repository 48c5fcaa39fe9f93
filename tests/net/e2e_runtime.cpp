// e2e_runtime: the skyglass program as a child process, and the blocking client helpers the end-to-end tests share.
#include "tests/net/e2e_runtime.h"

#include <catch2/catch.hpp>

#include "tests/net/tcp_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>

using clock_type = std::chrono::steady_clock;

int free_port()
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof(a)) == 0);
	socklen_t len = sizeof(a);
	getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
	close(fd);
	return ntohs(a.sin_port);
}

runtime::runtime(const std::string &service, int port, const std::string &trace)
{
	int out[2];
	REQUIRE(pipe2(out, O_CLOEXEC) == 0);
	pid_ = fork();
	REQUIRE(pid_ >= 0);
	if (pid_ == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		setenv("TEST", service.c_str(), 1);
		setenv("PORT", std::to_string(port).c_str(), 1);
		if (!trace.empty())
			setenv("SKYGLASS_TRACE", trace.c_str(), 1);
		if (chdir(SKYGLASS_ROOT) != 0)
			_exit(126);
		execl(SKYGLASS_BIN, "skyglass", "tests/net/e2e_config.lua", nullptr);
		_exit(127);
	}
	close(out[1]);
	out_ = out[0];
}

runtime::~runtime()
{
	if (pid_ > 0) {
		kill(pid_, SIGKILL);
		waitpid(pid_, nullptr, 0);
	}
	close(out_);
}

bool runtime::wait_for(const std::string &text, int ms)
{
	auto deadline = clock_type::now() + std::chrono::milliseconds(ms);
	while (log.find(text) == std::string::npos) {
		if (!read_some(deadline))
			return false;
	}
	return true;
}

int runtime::wait_exit(int ms)
{
	auto deadline = clock_type::now() + std::chrono::milliseconds(ms);
	while (read_some(deadline)) {
	}
	if (clock_type::now() >= deadline)
		return -1;
	int status = 0;
	waitpid(pid_, &status, 0);
	pid_ = -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool runtime::read_some(clock_type::time_point deadline)
{
	auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
	if (left.count() <= 0)
		return false;
	pollfd p{out_, POLLIN, 0};
	if (poll(&p, 1, int(left.count())) <= 0)
		return false;
	char buf[4096];
	ssize_t n = read(out_, buf, sizeof(buf));
	if (n <= 0)
		return false;
	log.append(buf, size_t(n));
	return true;
}

int connect_to(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	REQUIRE(fd >= 0);
	timeval tv{10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_port = htons(uint16_t(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof(a)) == 0);
	return fd;
}

std::string frame(const std::string &payload)
{
	std::string f;
	f += char((payload.size() >> 8) & 0xff);
	f += char(payload.size() & 0xff);
	return f + payload;
}

std::string read_frame(int fd, bool *ok)
{
	std::string header = recv_upto(fd, 2);
	*ok = header.size() == 2;
	if (!*ok)
		return "";
	size_t len = size_t(uint8_t(header[0])) << 8 | uint8_t(header[1]);
	std::string body = recv_upto(fd, len);
	*ok = body.size() == len;
	return body;
}

void quit(runtime &rt, int port)
{
	int q = connect_to(port);
	send_all(q, "quit\n");
	CHECK(rt.wait_exit() == 0);
	close(q);
}

long proc_status_kb(pid_t pid, const char *field)
{
	std::ifstream in("/proc/" + std::to_string(pid) + "/status");
	std::string line;
	std::string key = std::string(field) + ":";
	while (std::getline(in, line)) {
		if (line.compare(0, key.size(), key) == 0)
			return std::stol(line.substr(key.size()));
	}
	return -1;
}
