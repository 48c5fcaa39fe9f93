// test_trace_live: the live sink with real TCP viewers: a bounded number of them, bounded memory, closed ones released at once.
#include <arpa/inet.h>
#include <chrono>
#include <dirent.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "kernel/trace.h"
#include <catch2/catch.hpp>

#include "tests/kernel/kernel_support.h"

// RSS and time figures mean nothing under a sanitizer: its shadow memory and its own
// allocator (which malloc_trim does not reach) are counted too. The behaviour
// is still checked there; only the memory figures are left to the plain build.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool RSS_IS_MEANINGFUL = false;
#else
constexpr bool RSS_IS_MEANINGFUL = true;
#endif

static int open_fds()
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	while (dirent *e = readdir(d))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; // the DIR's own fd
}

static long rss_kib()
{
	std::ifstream f("/proc/self/status");
	std::string line;
	while (std::getline(f, line))
		if (line.rfind("VmRSS:", 0) == 0)
			return atol(line.c_str() + 6);
	return -1;
}

static int connect_viewer(int port, int rcvbuf = 0)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (rcvbuf)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_port = htons(uint16_t(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(connect(fd, (sockaddr *)&a, sizeof(a)) == 0);
	return fd;
}

// Waits (at most `ms`) until the viewer has bytes, or the server closed it.
// Returns the bytes read, 0 for closed, -1 for nothing yet.
static long read_some(int fd, int ms)
{
	pollfd p{fd, POLLIN, 0};
	if (poll(&p, 1, ms) <= 0)
		return -1;
	char buf[4096];
	return recv(fd, buf, sizeof(buf), 0);
}

template <typename F> static bool eventually(F done, int ms = 3000)
{
	auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
	while (std::chrono::steady_clock::now() < end) {
		if (done())
			return true;
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	}
	return done();
}

static int open_live()
{
	std::string error;
	REQUIRE(trace_open("127.0.0.1:0", "", 1, error));
	int port = trace_live_port();
	REQUIRE(port > 0);
	return port;
}

TEST_CASE("a closed viewer's fd is released at once, with no event flowing", "[trace][live]")
{
	int port = open_live();
	trace_log(1, "one line so that the sink is streaming");
	int base = open_fds();
	for (int i = 0; i < 300; i++) {
		int fd = connect_viewer(port);
		close(fd);
	}
	// No traced event happens from here on: the sink must notice by itself.
	bool released = eventually([&] { return open_fds() <= base; });
	INFO("fds before " << base << ", now " << open_fds());
	CHECK(released);
	trace_close();
	trace_memory_take();
}

TEST_CASE("viewers past the maximum are refused at once; the others are served", "[trace][live]")
{
	int port = open_live();
	trace_log(1, "hello");
	std::vector<int> fds;
	for (int i = 0; i < 11; i++)
		fds.push_back(connect_viewer(port));
	int served = 0, refused = 0;
	for (int fd : fds) {
		long n = read_some(fd, 2000);
		served += n > 0;
		refused += n == 0;
	}
	CHECK(served == 8);
	CHECK(refused == 3);
	for (int fd : fds)
		close(fd);
	trace_close();
}

TEST_CASE("viewers that never read hold bounded memory and do not stall recording", "[trace][live]")
{
	int port = open_live();
	std::vector<int> fds;
	for (int i = 0; i < 8; i++)
		fds.push_back(connect_viewer(port, 4096));
	// Every viewer is registered once it has its first bytes queued: wait
	// until a probe viewer is refused, which proves the other 8 are in.
	REQUIRE(eventually([&] {
		trace_log(1, "probe");
		int probe = connect_viewer(port);
		long n = read_some(probe, 200);
		close(probe);
		return n == 0;
	}));
	long before = rss_kib();
	std::string text(200, 'x');
	auto start = std::chrono::steady_clock::now();
	for (int i = 0; i < 400000; i++) // ~100 MB of lines, 8 copies would be 800 MB
		trace_log(1, text);
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	long grown_mib = (rss_kib() - before) / 1024;
	INFO("recorded 400k events in " << seconds << " s; RSS grew " << grown_mib << " MiB");
	if (RSS_IS_MEANINGFUL)
		CHECK(grown_mib < 64);
	CHECK(seconds < (RSS_IS_MEANINGFUL ? 30 : 120)); // sanitizers run several times slower
	// A viewer that starts reading gets a trace.drop telling it what it lost.
	std::string got;
	char buf[65536];
	REQUIRE(eventually([&] {
		trace_log(1, "after");
		ssize_t n;
		while ((n = recv(fds[0], buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			got.append(buf, size_t(n));
		return got.find("\"ev\":\"trace.drop\"") != std::string::npos;
	}, 10000));
	for (int fd : fds)
		close(fd);
	trace_close();
}
