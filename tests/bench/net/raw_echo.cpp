// raw_echo: the smallest honest epoll echo server, the reference the runtime's
// echo services are measured against. One thread; every connection's bytes go
// straight back. What a runtime adds on top of this (threads, messages, Lua) is
// what the benchmark prices.
//
//   raw_echo PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: raw_echo PORT\n");
		return 2;
	}
	int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int on = 1;
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	sockaddr_in sa{};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(uint16_t(atoi(argv[1])));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, reinterpret_cast<sockaddr *>(&sa), sizeof(sa)) != 0 || listen(listener, 1024) != 0) {
		fprintf(stderr, "raw_echo: listen 127.0.0.1:%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int epfd = epoll_create1(0);
	epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.fd = listener;
	epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev);
	printf("raw_echo ready on %s\n", argv[1]);
	fflush(stdout);

	// fd -> bytes the kernel did not take yet (EPOLLOUT is watched while there are some)
	std::unordered_map<int, std::string> unsent;
	epoll_event events[64];
	char buffer[64 * 1024];
	for (;;) {
		int n = epoll_wait(epfd, events, 64, -1);
		for (int i = 0; i < n; i++) {
			int fd = events[i].data.fd;
			if (fd == listener) {
				int client = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
				if (client < 0)
					continue;
				setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
				ev.events = EPOLLIN;
				ev.data.fd = client;
				epoll_ctl(epfd, EPOLL_CTL_ADD, client, &ev);
				continue;
			}
			std::string &pending = unsent[fd];
			bool was_pending = !pending.empty();
			if (events[i].events & EPOLLOUT && was_pending) {
				ssize_t w = send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
				if (w > 0)
					pending.erase(0, size_t(w));
			}
			ssize_t r = 0;
			if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				r = read(fd, buffer, sizeof(buffer));
				if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
					close(fd); // also leaves the epoll set
					unsent.erase(fd);
					continue;
				}
			}
			if (r > 0) {
				// Echo at once; keep what the kernel would not take, in order.
				ssize_t w = pending.empty() ? send(fd, buffer, size_t(r), MSG_NOSIGNAL) : 0;
				if (w < 0)
					w = 0;
				pending.append(buffer + w, size_t(r - w));
			}
			if (was_pending != !pending.empty()) {
				ev.events = EPOLLIN | (pending.empty() ? 0u : uint32_t(EPOLLOUT));
				ev.data.fd = fd;
				epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
			}
		}
	}
}
