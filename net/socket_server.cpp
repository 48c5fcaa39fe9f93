// socket_server: the poll loop and the public API that queues commands for it (socket_server.c's twin).
// How the parts fit, and which prefix each has: socket_server_internal.h.
#include "net/socket_server_internal.h"

#include "kernel/trace.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>

using namespace socket_internal;

// --- the poll loop (the socket thread) ---

// Wait for socket events; the commands queued meanwhile run first, then the
// events. When commands are waiting already, epoll_wait only looks (timeout 0):
// a stream of commands cannot starve the sockets, nor sockets the commands.
// Before it sleeps in epoll_wait, the socket thread looks a few more times
// (epoll_wait with timeout 0), giving its core away between looks
// (sched_yield, not before the first): under load the next event is usually
// microseconds away, and a sleep costs a context switch each way, dear on a
// virtual machine
// (finish_task_switch under epoll_wait was 7% of the echo server's CPU).
// Buys: echo (100 connections, one message in flight each) context switches
// 0.17-0.21 -> 0.07-0.09 per message, 1.13-1.17x msgs/s, CPU per message the
// same or lower (docs/benchmarks.md, "direct write"). Costs: up to four
// epoll_wait and three sched_yield calls each time the thread goes idle, and
// a command queued during them waits for the next look (the doorbell rings
// only once the thread has said it sleeps).
constexpr int IDLE_LOOKS = 4;

static void wait_for_events(socket_server *ss)
{
	command_queue &q = ss->commands;
	int n = 0;
	for (int i = 0; i < IDLE_LOOKS && n == 0 && !command_queue_pending(q); i++) {
		// The first look is at once, as the sleep it replaces would have
		// been: a socket with more bytes is read before the commands that
		// its first bytes caused (a close after a bad packet must not find
		// the rest unread: that closes with a reset, not a FIN).
		if (i > 0)
			sched_yield();
		n = epoll_wait(ss->epoll_fd, ss->events, MAX_EVENT, 0);
	}
	if (n == 0) {
		bool sleep = command_queue_sleep(q);
		n = epoll_wait(ss->epoll_fd, ss->events, MAX_EVENT, sleep ? -1 : 0);
		if (sleep)
			command_queue_woke(q);
	}
	if (n < 0) {
		if (errno != EINTR)
			fprintf(stderr, "socket_server: epoll_wait: %s\n", strerror(errno));
		n = 0;
	}
	ss->ready_n = 0;
	ss->ready_index = 0;
	for (int i = 0; i < n; i++) {
		const epoll_event &ev = ss->events[i];
		if (ev.data.ptr == nullptr) {
			command_queue_empty_bell(q);
			continue;
		}
		ready_event &r = ss->ready[ss->ready_n++];
		r.s = static_cast<socket_slot *>(ev.data.ptr);
		r.read = ev.events & EPOLLIN;
		r.write = ev.events & EPOLLOUT;
		r.error = ev.events & EPOLLERR;
		r.hangup = ev.events & EPOLLHUP;
		r.peer_closed = ev.events & EPOLLRDHUP;
	}
	ss->check_ctrl = command_queue_take(q);
}

// One step of the loop: a command, or one part of one event. -1: nothing to report.
static int poll_step(socket_server *ss, socket_message *result)
{
	ss->open_kind = trace_schema::poll_kind::open;
	if (ss->check_ctrl) {
		if (socket_command *command = command_queue_next(ss->commands))
			return control_run(ss, *command, result);
		ss->check_ctrl = false;
	}
	if (ss->ready_index == ss->ready_n) {
		wait_for_events(ss);
		return -1;
	}
	ready_event &e = ss->ready[ss->ready_index];
	if (e.s == nullptr || e.done()) {
		ss->ready_index++;
		return -1;
	}
	return read_handle_event(ss, e, result);
}

static trace_schema::poll_kind event_kind(socket_server *ss, int type)
{
	switch (type) {
	case SOCKET_DATA: return trace_schema::poll_kind::data;
	case SOCKET_CLOSE: return trace_schema::poll_kind::close;
	case SOCKET_OPEN: return ss->open_kind;
	case SOCKET_ACCEPT: return trace_schema::poll_kind::accept;
	case SOCKET_ERR: return trace_schema::poll_kind::error;
	case SOCKET_UDP: return trace_schema::poll_kind::udp;
	case SOCKET_WARNING: return trace_schema::poll_kind::warning;
	default: return trace_schema::poll_kind::none;
	}
}

int socket_server_poll(socket_server *ss, socket_message *result)
{
	for (;;) {
		int type = poll_step(ss, result);
		if (type < 0)
			continue;
		if (trace_enabled() && type != SOCKET_EXIT) {
			size_t bytes = type == SOCKET_DATA || type == SOCKET_UDP ? size_t(result->ud)
				: type == SOCKET_WARNING                           ? size_t(result->ud) * 1024
																   : 0;
			trace_sock_poll(result->id, event_kind(ss, type), bytes);
		}
		return type;
	}
}

// --- life ---

socket_server *socket_server_create()
{
	socket_server *ss = new socket_server;
	ss->slots.slots = new socket_slot[MAX_SOCKET];
	ss->udp_buffer = static_cast<char *>(malloc(MAX_UDP_PACKAGE));
	ss->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (ss->epoll_fd < 0 || !command_queue_open(ss->commands)) {
		fprintf(stderr, "socket_server: cannot create epoll or pipe: %s\n", strerror(errno));
		abort();
	}
	epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.ptr = nullptr; // the doorbell; every other event points at its slot
	epoll_ctl(ss->epoll_fd, EPOLL_CTL_ADD, ss->commands.bell_read, &ev);
	ss->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return ss;
}

void socket_server_release(socket_server *ss)
{
	command_queue_close(ss->commands); // commands not run yet may own buffers or fds
	ss->ready_n = ss->ready_index = 0;
	for (int i = 0; i < MAX_SOCKET; i++) {
		socket_slot *s = &ss->slots.slots[i];
		if (s->state.load(std::memory_order_relaxed) != slot_state::free)
			slot_force_close(ss, s);
	}
	close(ss->epoll_fd);
	if (ss->reserve_fd >= 0)
		close(ss->reserve_fd);
	free(ss->udp_buffer);
	delete[] ss->slots.slots;
	delete ss;
}

// --- the public API: each call queues one command ---

void socket_server_exit(socket_server *ss) { command_queue_push(ss->commands, cmd_exit{}); }

// The caller side of listen and udp: make the fd here, so errors come back at once.
static int open_bound(const char *host, int port, int socktype, int backlog, int *family,
	std::string *error)
{
	addrinfo *list = nullptr;
	int gai = address_resolve(host, port, socktype, true, &list);
	if (gai != 0) {
		if (error)
			*error = gai_strerror(gai);
		return -1;
	}
	int fd = socket(list->ai_family, list->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		list->ai_protocol);
	int err = fd < 0 ? errno : 0;
	if (fd >= 0) { // UDP too, as skynet: a second udp_listen on a port in use succeeds
		int on = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	}
	if (fd >= 0 && bind(fd, list->ai_addr, list->ai_addrlen) != 0)
		err = errno;
	if (fd >= 0 && err == 0 && socktype == SOCK_STREAM && listen(fd, backlog) != 0)
		err = errno;
	*family = list->ai_family;
	freeaddrinfo(list);
	if (err != 0) {
		if (fd >= 0)
			close(fd);
		if (error)
			*error = strerror(err);
		return -1;
	}
	return fd;
}

int socket_server_listen(socket_server *ss, uint32_t opaque, const char *host, int port,
	int backlog, std::string *error)
{
	std::string why;
	int family = 0;
	int fd = open_bound(host, port, SOCK_STREAM, backlog, &family, &why);
	int id = fd < 0 ? -1 : slot_reserve(ss->slots);
	if (fd >= 0 && id < 0) {
		close(fd);
		why = "no free socket slot";
	}
	if (id < 0) {
		if (error) {
			char text[300];
			snprintf(text, sizeof(text), "Listen error: %s:%d: %s",
				host && host[0] ? host : "0.0.0.0", port, why.c_str());
			*error = text;
		}
		return -1;
	}
	command_queue_push(ss->commands, cmd_listen{id, fd, opaque, family});
	return id;
}

int socket_server_bind(socket_server *ss, uint32_t opaque, int fd)
{
	int id = slot_reserve(ss->slots);
	if (id < 0)
		return -1;
	command_queue_push(ss->commands, cmd_bind{id, fd, opaque});
	return id;
}

int socket_server_connect(socket_server *ss, uint32_t opaque, const char *host, int port)
{
	// skynet's request carries the name in 256 bytes with 24 of header: a longer
	// one is refused there (socket_connect_host_max); shorter ones are looked up.
	if (host == nullptr || strlen(host) > socket_connect_host_max)
		return -1;
	int id = slot_reserve(ss->slots);
	if (id < 0)
		return -1;
	command_queue_push(ss->commands, cmd_connect{id, opaque, port, host});
	return id;
}

void socket_server_start(socket_server *ss, uint32_t opaque, int id)
{
	command_queue_push(ss->commands, cmd_start{id, opaque});
}

void socket_server_pause(socket_server *ss, uint32_t opaque, int id)
{
	command_queue_push(ss->commands, cmd_pause{id, opaque});
}

// A close is counted in the slot's `queued` (socket_direct_write.cpp): no
// send after it is written directly, ahead of it.
static void close_socket(socket_server *ss, uint32_t opaque, int id, bool now)
{
	if (id >= 0)
		slot_of(ss->slots, id)->queued.fetch_add(1, std::memory_order_relaxed);
	command_queue_push(ss->commands, cmd_close{id, opaque, now});
}

void socket_server_close(socket_server *ss, uint32_t opaque, int id) { close_socket(ss, opaque, id, false); }

void socket_server_shutdown(socket_server *ss, uint32_t opaque, int id) { close_socket(ss, opaque, id, true); }

void socket_server_nodelay(socket_server *ss, int id)
{
	command_queue_push(ss->commands, cmd_nodelay{id});
}

static int send_buffer(socket_server *ss, int id, void *buffer, size_t sz, bool low,
	const uint8_t *address, int address_size)
{
	// An early refusal for a socket that is already gone, so that the caller
	// learns it now; the socket thread checks again, as it may close meanwhile.
	if (slot_live(ss->slots, id) == nullptr) {
		free(buffer);
		return -1;
	}
	cmd_send command{};
	command.id = id;
	command.low = low;
	command.buffer = static_cast<char *>(buffer);
	command.size = sz;
	command.address_size = address_size;
	if (address_size > 0)
		memcpy(command.address, address, size_t(address_size));
	return write_from_caller(ss, command);
}

int socket_server_send(socket_server *ss, int id, void *buffer, size_t sz)
{
	return send_buffer(ss, id, buffer, sz, false, nullptr, 0);
}

int socket_server_send_lowpriority(socket_server *ss, int id, void *buffer, size_t sz)
{
	return send_buffer(ss, id, buffer, sz, true, nullptr, 0);
}

int socket_server_udp(socket_server *ss, uint32_t opaque, const char *host, int port)
{
	int family = AF_INET;
	int fd;
	if ((host == nullptr || host[0] == 0) && port == 0) {
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	} else {
		fd = open_bound(host, port, SOCK_DGRAM, 0, &family, nullptr);
	}
	if (fd < 0)
		return -1;
	int id = slot_reserve(ss->slots);
	if (id < 0) {
		close(fd);
		return -1;
	}
	command_queue_push(ss->commands, cmd_udp_open{id, fd, opaque, family});
	return id;
}

int socket_server_udp_dial(socket_server *ss, uint32_t opaque, const char *host, int port)
{
	cmd_udp_peer peer{};
	peer.address_size = socket_udp_address_from_host(host, port, peer.address);
	if (peer.address_size < 0)
		return -1;
	int family = peer.address[0] == 6 ? AF_INET6 : AF_INET;
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int id = slot_reserve(ss->slots);
	if (id < 0) {
		close(fd);
		return -1;
	}
	peer.id = id;
	// One after the other from this thread, so they run in this order.
	command_queue_push(ss->commands, cmd_udp_open{id, fd, opaque, family});
	command_queue_push(ss->commands, peer);
	return id;
}

int socket_server_udp_connect(socket_server *ss, int id, const char *host, int port)
{
	cmd_udp_peer command{};
	command.id = id;
	command.address_size = socket_udp_address_from_host(host, port, command.address);
	if (command.address_size < 0)
		return -1;
	command_queue_push(ss->commands, command);
	return 0;
}

int socket_server_udp_send(socket_server *ss, int id, const uint8_t *address, void *buffer,
	size_t sz)
{
	int address_size = 0;
	if (address) {
		address_size = address[0] == 4 ? 7 : address[0] == 6 ? 19 : -1;
		if (address_size < 0) {
			free(buffer);
			return -1;
		}
	}
	return send_buffer(ss, id, buffer, sz, false, address, address_size);
}

std::vector<socket_info> socket_server_info(socket_server *ss)
{
	auto reply = std::make_shared<std::promise<std::vector<socket_info>>>();
	std::future<std::vector<socket_info>> answer = reply->get_future();
	command_queue_push(ss->commands, cmd_info{reply});
	if (answer.wait_for(std::chrono::seconds(1)) != std::future_status::ready)
		return {};
	try {
		return answer.get();
	} catch (const std::future_error &) { // dropped unrun at release
		return {};
	}
}
