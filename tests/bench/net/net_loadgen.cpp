// net_loadgen: a TCP echo load generator. N connections to 127.0.0.1:PORT, each
// sends M messages of S bytes, one at a time: the next message goes out only
// when the whole echo of the last one is back, so a connection's latency is one
// round trip through the server. One thread, one epoll loop.
//
//   net_loadgen --port P [--conns N] [--msgs M] [--size S] [--framed] [--timeout SEC]
//
// --framed puts netpack's 2-byte big-endian length before each message (the gate
// expects it, and echoes it back framed). Every echo is checked byte for byte.
// Prints one line: the parameters, msgs/s, p50 and p99 latency in µs. Exit 1 on
// a timeout, a wrong echo or a closed connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using bench_clock = std::chrono::steady_clock;

struct options {
	int port = 0;
	int conns = 100;
	int msgs = 10000;
	int size = 64;
	bool framed = false;
	int timeout = 120; // seconds for the whole run, connecting included
};

struct connection {
	int fd = -1;
	int sent = 0;             // messages sent so far
	std::string out;          // the message on the wire (with its header when framed)
	size_t written = 0;       // bytes of `out` written
	std::vector<char> in;     // bytes of the echo received so far
	size_t got = 0;
	bench_clock::time_point started; // when the message in flight was sent
};

static void usage()
{
	fprintf(stderr, "usage: net_loadgen --port P [--conns N] [--msgs M] [--size S] [--framed] "
					"[--timeout SEC]\n");
	exit(2);
}

static options parse(int argc, char **argv)
{
	options o;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto value = [&]() {
			if (i + 1 >= argc)
				usage();
			return atoi(argv[++i]);
		};
		if (a == "--port") o.port = value();
		else if (a == "--conns") o.conns = value();
		else if (a == "--msgs") o.msgs = value();
		else if (a == "--size") o.size = value();
		else if (a == "--timeout") o.timeout = value();
		else if (a == "--framed") o.framed = true;
		else usage();
	}
	if (o.port <= 0 || o.conns <= 0 || o.msgs <= 0 || o.size <= 0 || (o.framed && o.size > 65535))
		usage();
	return o;
}

static int connect_to(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in sa{};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(uint16_t(port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof(sa)) != 0) {
		fprintf(stderr, "net_loadgen: connect 127.0.0.1:%d: %s\n", port, strerror(errno));
		exit(1);
	}
	int on = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	return fd;
}

// The next message of connection `index`: its bytes say who sent it and when,
// so a reply that went to the wrong connection or came back twice is caught.
static void next_message(const options &o, connection &c, int index)
{
	std::string body(size_t(o.size), '.');
	snprintf(body.data(), body.size(), "%d:%d:", index, c.sent);
	body.back() = '\n';
	c.out.clear();
	if (o.framed) {
		c.out.push_back(char(o.size >> 8));
		c.out.push_back(char(o.size & 0xff));
	}
	c.out += body;
	c.written = 0;
	c.got = 0;
	c.in.resize(c.out.size());
	c.sent++;
	c.started = bench_clock::now();
}

// Write what the kernel takes now. False when the connection broke.
static bool flush(connection &c)
{
	while (c.written < c.out.size()) {
		ssize_t n = send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c.written += size_t(n);
	}
	return true;
}

static void watch(int epfd, connection &c, int index)
{
	epoll_event ev{};
	ev.events = EPOLLIN | (c.written < c.out.size() ? uint32_t(EPOLLOUT) : 0u);
	ev.data.u32 = uint32_t(index);
	epoll_ctl(epfd, EPOLL_CTL_MOD, c.fd, &ev);
}

int main(int argc, char **argv)
{
	options o = parse(argc, argv);
	std::vector<connection> conns(size_t(o.conns));
	int epfd = epoll_create1(0);
	for (int i = 0; i < o.conns; i++) {
		connection &c = conns[size_t(i)];
		c.fd = connect_to(o.port);
		epoll_event ev{};
		ev.events = EPOLLIN;
		ev.data.u32 = uint32_t(i);
		epoll_ctl(epfd, EPOLL_CTL_ADD, c.fd, &ev);
	}

	long total = long(o.conns) * o.msgs;
	std::vector<uint32_t> latency_ns; // one per echo
	latency_ns.reserve(size_t(total));
	bench_clock::time_point begin = bench_clock::now();
	bench_clock::time_point deadline = begin + std::chrono::seconds(o.timeout);
	for (int i = 0; i < o.conns; i++) {
		next_message(o, conns[size_t(i)], i);
		flush(conns[size_t(i)]);
		watch(epfd, conns[size_t(i)], i);
	}

	int active = o.conns;
	const char *failure = nullptr;
	std::vector<epoll_event> events(size_t(o.conns));
	while (active > 0 && failure == nullptr) {
		if (bench_clock::now() > deadline) {
			failure = "timeout";
			break;
		}
		int n = epoll_wait(epfd, events.data(), o.conns, 1000);
		for (int k = 0; k < n && failure == nullptr; k++) {
			int index = int(events[size_t(k)].data.u32);
			connection &c = conns[size_t(index)];
			if (events[size_t(k)].events & EPOLLOUT) {
				if (!flush(c))
					failure = "send failed";
				watch(epfd, c, index);
			}
			if (!(events[size_t(k)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				continue;
			ssize_t r = recv(c.fd, c.in.data() + c.got, c.in.size() - c.got, 0);
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (r <= 0) {
				failure = r == 0 ? "the server closed a connection" : "recv failed";
				break;
			}
			c.got += size_t(r);
			if (c.got < c.in.size())
				continue;
			// The whole echo is back.
			auto now = bench_clock::now();
			latency_ns.push_back(uint32_t(std::min<int64_t>(
				std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.started).count(),
				UINT32_MAX)));
			if (memcmp(c.in.data(), c.out.data(), c.out.size()) != 0) {
				failure = "an echo differs from what was sent";
				break;
			}
			if (c.sent == o.msgs) {
				epoll_ctl(epfd, EPOLL_CTL_DEL, c.fd, nullptr);
				active--;
				continue;
			}
			next_message(o, c, index);
			if (!flush(c))
				failure = "send failed";
			else if (c.written < c.out.size())
				watch(epfd, c, index);
		}
	}
	double seconds = std::chrono::duration<double>(bench_clock::now() - begin).count();
	for (connection &c : conns)
		close(c.fd);

	long done = long(latency_ns.size());
	double p50 = 0, p99 = 0;
	if (done > 0) {
		auto at = [&](double q) {
			size_t k = std::min(size_t(double(done) * q), size_t(done - 1));
			std::nth_element(latency_ns.begin(), latency_ns.begin() + long(k), latency_ns.end());
			return latency_ns[k] / 1000.0;
		};
		p50 = at(0.50);
		p99 = at(0.99);
	}
	printf("LOADGEN conns=%d msgs=%d size=%d framed=%d done=%ld seconds=%.3f msgs_per_s=%.0f "
		   "p50_us=%.1f p99_us=%.1f%s%s\n",
		o.conns, o.msgs, o.size, o.framed ? 1 : 0, done, seconds, double(done) / seconds, p50, p99,
		failure ? " error=" : "", failure ? failure : "");
	return failure ? 1 : 0;
}
