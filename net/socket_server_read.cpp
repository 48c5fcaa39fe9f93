// socket_server_read: the socket thread's epoll wait, accepting, reading, and turning OS events into socket events.
#include "net/socket_server_internal.h"

#include <sys/ioctl.h>

namespace socket_internal {

// --- reading ---

int accept_one(socket_server *ss, socket_slot *listener, socket_message *result)
{
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	int fd = accept4(listener->fd, reinterpret_cast<sockaddr *>(&sa), &len,
		SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE) {
			// Out of fds. The connection would wake us forever if left in the
			// backlog, so use the spare fd to take it and drop it.
			int err = errno;
			close(ss->reserve_fd);
			int dropped = accept(listener->fd, nullptr, nullptr);
			if (dropped >= 0)
				close(dropped);
			ss->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
			char text[128];
			snprintf(text, sizeof(text), "accept: %s (a connection was dropped)", strerror(err));
			return report(ss, result, SOCKET_ERR, listener, 0, text);
		}
		return -1; // EAGAIN, a connection reset before we took it, ...
	}
	int id = reserve_id(ss);
	if (id < 0) {
		close(fd);
		return report(ss, result, SOCKET_ERR, listener, 0, "accept: no free socket slot");
	}
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	socket_slot *s = slot_of(ss, id);
	s->fd = fd;
	s->opaque = listener->opaque; // until start hands it to its own service
	s->family = sa.ss_family;
	// A new connection starts paused: its owner may not be ready for data yet,
	// and bytes that arrived before `start` would have no service to go to.
	s->reading = false;
	s->state.store(slot_state::accepted_paused, std::memory_order_release);
	if (!epoll_watch(ss, s, true)) {
		force_close(ss, s);
		return -1;
	}
	char where[INET6_ADDRSTRLEN + 8];
	address_text(reinterpret_cast<sockaddr *>(&sa), where, sizeof(where));
	return report(ss, result, SOCKET_ACCEPT, listener, id, where);
}

// Read what is there into a fresh buffer, which is handed to the event.
// The buffer size adapts, as skynet's does: it starts small (most messages
// are), doubles when a read fills it, and halves when a read uses less than
// half. A fixed 64 KiB buffer would cost a large malloc per small message.
int read_tcp(socket_server *ss, socket_slot *s, socket_message *result)
{
	int size = s->read_size;
	char *buffer = static_cast<char *>(malloc(size_t(size)));
	ssize_t n = read(s->fd, buffer, size_t(size));
	if (n < 0) {
		free(buffer);
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return -1;
		return close_with_error(ss, s, result, "read", errno);
	}
	if (n == 0) {
		// The peer closed its side. Report CLOSE once; keep the slot so that
		// queued (and new) writes still go out until the owner closes.
		free(buffer);
		int type = report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		s->read_closed = true;
		if (s->closing && s->high.empty() && s->low.empty())
			force_close(ss, s);
		else
			epoll_watch(ss, s, false);
		return type;
	}
	if (n == size && size < MAX_READ_BUFFER)
		s->read_size = size * 2;
	else if (size > MIN_READ_BUFFER && n * 2 < size)
		s->read_size = size / 2;
	report(ss, result, SOCKET_DATA, s, int(n), nullptr);
	result->data = buffer;
	return SOCKET_DATA;
}

int read_udp(socket_server *ss, socket_slot *s, socket_message *result)
{
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	ssize_t n = recvfrom(s->fd, ss->udp_buffer, MAX_UDP_PACKAGE, 0, reinterpret_cast<sockaddr *>(&sa),
		&len);
	if (n < 0)
		return -1; // EAGAIN, or an ICMP error from an earlier send: nothing to deliver
	uint8_t address[SOCKET_UDP_ADDRESS_MAX];
	int address_size = compact_from_sockaddr(reinterpret_cast<sockaddr *>(&sa), address);
	char *data = static_cast<char *>(malloc(size_t(n) + size_t(address_size)));
	memcpy(data, ss->udp_buffer, size_t(n));
	memcpy(data + n, address, size_t(address_size));
	report(ss, result, SOCKET_UDP, s, int(n), nullptr);
	result->data = data;
	return SOCKET_UDP;
}

// The peer of a socket that reads nothing has sent FIN.
// * Paused by its owner (connected): pausing was to stop the peer sending
//   more, and it has stopped for good; what is left is bounded by the kernel's
//   receive buffer. Read it to the end, so the owner gets the data and CLOSE
//   (a reader waiting for a line that will never come wakes up).
// * Not started yet (accepted_paused): when the peer sent nothing, no byte
//   can be lost: report CLOSE now, so a gate stops counting it against
//   maxclient while its agent is still being made. When bytes wait unread,
//   they belong to whoever starts the socket: read() finds the end after them.
// Either way stop watching: the event is level-triggered.
int peer_closed_early(socket_server *ss, socket_slot *s, socket_message *result)
{
	s->watch_peer_close = false;
	if (s->state.load(std::memory_order_relaxed) == slot_state::connected) {
		s->reading = true;
		epoll_watch(ss, s, false);
		return -1;
	}
	int unread = 0;
	if (ioctl(s->fd, FIONREAD, &unread) == 0 && unread == 0 && !s->read_closed) {
		int type = report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		s->read_closed = true;
		epoll_watch(ss, s, false);
		return type;
	}
	epoll_watch(ss, s, false);
	return -1;
}

// Handle the next part of one epoll event. Returns an event type, or -1.
int handle_event(socket_server *ss, ready_event &e, socket_message *result)
{
	socket_slot *s = e.s;
	switch (s->state.load(std::memory_order_relaxed)) {
	case slot_state::listening:
		e.clear();
		return accept_one(ss, s, result); // level-triggered: the next one comes next wait
	case slot_state::connecting:
		e.clear();
		return finish_connect(ss, s, result);
	case slot_state::udp:
		if (e.read) {
			e.read = false;
			return read_udp(ss, s, result);
		}
		if (e.write) {
			e.write = false;
			return flush_udp(ss, s, result);
		}
		e.clear();
		return -1;
	case slot_state::connected:
	case slot_state::accepted_paused: {
		// An error or hang-up on a socket that is reading is left to read():
		// it returns the bytes still buffered first, then 0 or the error. So
		// the event is read again and again until read has nothing more.
		if (e.peer_closed) {
			e.peer_closed = false;
			if (!s->reading && !s->read_closed && !e.error && !e.hangup) {
				int type = peer_closed_early(ss, s, result);
				if (type >= 0)
					return type;
				e.read = s->reading; // a paused socket now reads to the end
			}
		}
		bool readable = e.read || e.error || e.hangup;
		e.read = false;
		if (readable && s->reading && !s->read_closed) {
			int type = read_tcp(ss, s, result);
			if (type >= 0 || e.s == nullptr)
				return type;
		}
		if (e.write) {
			e.write = false;
			int type = flush_tcp(ss, s, result);
			if (type >= 0 || e.s == nullptr)
				return type;
		}
		if (e.error) {
			e.clear();
			int err = 0;
			socklen_t len = sizeof(err);
			getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
			return close_with_error(ss, s, result, "socket", err ? err : EIO);
		}
		if (e.hangup) {
			e.clear();
			bool told = s->read_closed || s->closing;
			int type = told ? -1 : report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
			force_close(ss, s);
			return type;
		}
		return -1;
	}
	default:
		e.clear();
		return -1;
	}
}

// Wait for socket events; the commands queued meanwhile run first, then the
// events. When commands are waiting already, epoll_wait only looks (timeout 0):
// a stream of commands cannot starve the sockets, nor sockets the commands.
void wait_for_events(socket_server *ss)
{
	command_queue &q = ss->commands;
	int timeout = 0;
	{
		std::lock_guard g(q.lock);
		if (q.queued.empty()) {
			q.sleeping = true; // from here on a sender rings the doorbell
			timeout = -1;
		}
	}
	int n = epoll_wait(ss->epoll_fd, ss->events, MAX_EVENT, timeout);
	if (timeout < 0) {
		std::lock_guard g(q.lock);
		q.sleeping = false;
		q.rung = false;
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
		if (ev.data.ptr == nullptr) { // the doorbell: empty it
			char bells[64];
			while (read(q.bell_read, bells, sizeof(bells)) > 0) {
			}
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
	ss->check_ctrl = take_commands(ss);
}

// One step of the loop: a command, or one part of one event. -1: nothing to report.
int poll_step(socket_server *ss, socket_message *result)
{
	ss->open_kind = trace_schema::poll_kind::open;
	if (ss->check_ctrl) {
		command type;
		cmd_body body;
		if (read_command(ss, &type, &body))
			return run_command(ss, type, body, result);
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
	return handle_event(ss, e, result);
}

trace_schema::poll_kind event_kind(socket_server *ss, int type)
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

// The caller side of listen and udp: make the fd here, so errors come back at once.
int open_bound(const char *host, int port, int socktype, int backlog, int *family,
	std::string *error)
{
	addrinfo *list = nullptr;
	int gai = resolve(host, port, socktype, true, &list);
	if (gai != 0) {
		if (error)
			*error = gai_strerror(gai);
		return -1;
	}
	int fd = socket(list->ai_family, list->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		list->ai_protocol);
	int err = fd < 0 ? errno : 0;
	if (fd >= 0 && socktype == SOCK_STREAM) {
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


} // namespace socket_internal
