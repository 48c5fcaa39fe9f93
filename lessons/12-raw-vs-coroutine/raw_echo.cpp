// raw_echo (lesson 12): an echo server on bare sockets, no runtime: one thread, its own epoll loop,
// recording the same sock.poll events as socket_server through the trace writer.
//
//   raw_echo_traced [--port P] [--trace FILE] [--once]
//
// Prints "raw_echo ready on 127.0.0.1:PORT" when listening (port 0, the default,
// lets the OS choose). --once: exit when the last client has gone, after at least
// one came, printing the process's CPU time from the first accept to then
// ("cpu_us=N"; the lesson's benchmark reads it, as the Lua servers print theirs).
//
// Why an epoll loop and not a thread per connection: a thread per connection
// reads like the coroutine version (a blocking read in a loop) but costs a
// kernel thread and its stack per client and a context switch per message, so
// a benchmark of it would mostly measure the scheduler. One epoll loop is what
// socket_server itself runs; with it, the comparison prices exactly what the
// runtime adds above that loop: messages, worker threads, Lua and coroutines.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

#include "kernel/trace.h"

namespace {

struct options {
	int port = 0;
	const char *trace = nullptr;
	bool once = false;
};

options parse(int argc, char **argv)
{
	options o;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		if (a == "--port" && i + 1 < argc)
			o.port = atoi(argv[++i]);
		else if (a == "--trace" && i + 1 < argc)
			o.trace = argv[++i];
		else if (a == "--once")
			o.once = true;
		else {
			fprintf(stderr, "usage: raw_echo_traced [--port P] [--trace FILE] [--once]\n");
			exit(2);
		}
	}
	return o;
}

using trace_schema::poll_kind;

// lesson 12.1: the raw server records the same socket events socket_server does
void record(int fd, poll_kind kind, size_t bytes)
{
	if (trace_enabled())
		trace_sock_poll(fd, kind, int64_t(bytes));
}

void watch(int epfd, int op, int fd, bool writable)
{
	epoll_event ev{};
	ev.events = EPOLLIN | (writable ? uint32_t(EPOLLOUT) : 0u);
	ev.data.fd = fd;
	epoll_ctl(epfd, op, fd, &ev);
}

} // namespace

int main(int argc, char **argv)
{
	options o = parse(argc, argv);
	if (o.trace) {
		std::string error;
		if (!trace_open(o.trace, "", 1, error)) {
			fprintf(stderr, "raw_echo: trace %s: %s\n", o.trace, error.c_str());
			return 1;
		}
	}
	int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int on = 1;
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	sockaddr_in sa{};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(uint16_t(o.port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(sa);
	if (bind(listener, reinterpret_cast<sockaddr *>(&sa), sizeof(sa)) != 0 || listen(listener, 1024) != 0 ||
		getsockname(listener, reinterpret_cast<sockaddr *>(&sa), &len) != 0) {
		fprintf(stderr, "raw_echo: listen 127.0.0.1:%d: %s\n", o.port, strerror(errno));
		return 1;
	}
	int epfd = epoll_create1(EPOLL_CLOEXEC);
	watch(epfd, EPOLL_CTL_ADD, listener, false);
	record(listener, poll_kind::open, 0);
	printf("raw_echo ready on 127.0.0.1:%d\n", ntohs(sa.sin_port));
	fflush(stdout);

	// fd -> bytes the kernel did not take yet; EPOLLOUT is watched while there are some.
	// This is the whole of what socket_server's write lists do for one priority.
	std::unordered_map<int, std::string> unsent;
	int clients = 0, served = 0;
	clock_t cpu_start = 0;
	epoll_event events[64];
	static char buffer[64 * 1024];
	while (!(o.once && served > 0 && clients == 0)) {
		int n = epoll_wait(epfd, events, 64, -1);
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			int fd = events[i].data.fd;
			if (fd == listener) {
				int client = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
				if (client < 0)
					continue;
				record(listener, poll_kind::accept, 0);
				setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
				watch(epfd, EPOLL_CTL_ADD, client, false);
				if (served == 0)
					cpu_start = clock();
				clients++;
				served++;
				continue;
			}
			std::string &pending = unsent[fd];
			bool was_pending = !pending.empty();
			if ((events[i].events & EPOLLOUT) && was_pending) {
				ssize_t w = send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
				if (w > 0)
					pending.erase(0, size_t(w));
			}
			ssize_t r = 0;
			if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				r = read(fd, buffer, sizeof(buffer));
				if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
					record(fd, r == 0 ? poll_kind::close : poll_kind::error, 0);
					close(fd); // also leaves the epoll set
					unsent.erase(fd);
					clients--;
					continue;
				}
			}
			if (r > 0) {
				record(fd, poll_kind::data, size_t(r));
				// lesson 12.2: the echo goes back from the same loop iteration that read it: no queue, no thread hop
				ssize_t w = pending.empty() ? send(fd, buffer, size_t(r), MSG_NOSIGNAL) : 0;
				if (w < 0)
					w = 0;
				pending.append(buffer + w, size_t(r - w));
			}
			if (was_pending != !pending.empty())
				watch(epfd, EPOLL_CTL_MOD, fd, !pending.empty());
		}
	}
	printf("raw_echo served %d connections, cpu_us=%.0f\n", served,
		double(clock() - cpu_start) * 1e6 / CLOCKS_PER_SEC);
	close(listener);
	close(epfd);
	if (o.trace)
		trace_close();
	return 0;
}
