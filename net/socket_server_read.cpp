// socket_server_read: one epoll event turned into socket events: accepting, reading, a peer's close.
#include "net/socket_server_internal.h"

#include "kernel/skynet.h"

#include <sys/ioctl.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace socket_internal {

// lesson net.accept: the socket thread takes a new connection off a listening socket and reports it to the listener's owner
static int accept_one(socket_server *ss, socket_slot *listener, socket_message *result)
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
			return slot_report(ss, result, SOCKET_ERR, listener, 0, text);
		}
		return -1; // EAGAIN, a connection reset before we took it, ...
	}
	int id = slot_reserve(ss->slots);
	if (id < 0) {
		close(fd);
		return slot_report(ss, result, SOCKET_ERR, listener, 0, "accept: no free socket slot");
	}
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	socket_slot *s = slot_of(ss->slots, id);
	s->fd = fd;
	s->opaque = listener->opaque; // until start hands it to its own service
	s->family = uint8_t(sa.ss_family);
	// A new connection starts paused: its owner may not be ready for data yet,
	// and bytes that arrived before `start` would have no service to go to.
	s->reading = false;
	s->state.store(slot_state::accepted_paused, std::memory_order_release);
	if (!slot_watch(ss, s, true)) {
		slot_force_close(ss, s);
		return -1;
	}
	listener->read_bytes++; // a listener's netstat counts accepts
	listener->rtime = uint32_t(skynet_now());
	char where[INET6_ADDRSTRLEN + 8];
	address_text(reinterpret_cast<sockaddr *>(&sa), where, sizeof(where));
	return slot_report(ss, result, SOCKET_ACCEPT, listener, id, where);
}

// Read what is there into a fresh buffer, which is handed to the event.
// The buffer size adapts, as skynet's does: it starts small (most messages
// are), doubles when a read fills it, and halves when a read uses less than
// half. A fixed 64 KiB buffer would cost a large malloc per small message.
// lesson net.read: one read(2) of what the kernel holds for this connection, on the socket thread
static int read_tcp(socket_server *ss, socket_slot *s, socket_message *result)
{
	int size = s->read_size;
	char *buffer = static_cast<char *>(malloc(size_t(size)));
	ssize_t n = read(s->fd, buffer, size_t(size));
	if (n < 0) {
		free(buffer);
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return -1;
		return slot_fail(ss, s, result, errno);
	}
	if (n == 0) {
		// The peer closed its side. Report CLOSE once; keep the slot so that
		// queued (and new) writes still go out until the owner closes.
		free(buffer);
		int type = slot_report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		s->read_closed = true;
		if (s->failed || (s->closing && s->high.empty() && s->low.empty()))
			slot_force_close(ss, s); // failed: nothing more can be written either
		else
			slot_watch(ss, s, false);
		return type;
	}
	s->read_bytes += uint64_t(n);
	s->rtime = uint32_t(skynet_now());
	// A read that follows a full one does not shrink the buffer: it takes
	// the tail of what the full one cut. Without that rule a stream of 66-byte
	// frames (gate's 2-byte header + 64 B) flipped between 64 and 128 bytes:
	// read 64 (full: grow), read 2 (small: shrink), two reads and two epoll
	// rounds per frame (2.13 reads per echoed message, 1.0 with the rule).
	bool after_full = s->read_grew;
	s->read_grew = false;
	if (n == size && size < MAX_READ_BUFFER) {
		s->read_size = size * 2;
		s->read_grew = true;
	} else if (size > MIN_READ_BUFFER && n * 2 < size && !after_full) {
		s->read_size = size / 2;
	}
	slot_report(ss, result, SOCKET_DATA, s, int(n), nullptr);
	result->data = buffer;
	return SOCKET_DATA;
}

static int read_udp(socket_server *ss, socket_slot *s, socket_message *result)
{
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	ssize_t n = recvfrom(s->fd, ss->udp_buffer, MAX_UDP_PACKAGE, 0, reinterpret_cast<sockaddr *>(&sa),
		&len);
	if (n < 0) {
		// EAGAIN: drained. An ICMP error from an earlier send: nothing to
		// deliver, and not worth another read in this round either.
		return -1;
	}
	s->read_bytes += uint64_t(n);
	s->rtime = uint32_t(skynet_now());
	uint8_t address[SOCKET_UDP_ADDRESS_MAX];
	int address_size = address_to_compact(reinterpret_cast<sockaddr *>(&sa), address);
	char *data = static_cast<char *>(malloc(size_t(n) + size_t(address_size)));
	memcpy(data, ss->udp_buffer, size_t(n));
	memcpy(data + n, address, size_t(address_size));
	slot_report(ss, result, SOCKET_UDP, s, int(n), nullptr);
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
static int peer_closed_early(socket_server *ss, socket_slot *s, socket_message *result)
{
	s->watch_peer_close = false;
	if (s->state.load(std::memory_order_relaxed) == slot_state::connected) {
		s->reading = true;
		slot_watch(ss, s, false);
		return -1;
	}
	int unread = 0;
	if (ioctl(s->fd, FIONREAD, &unread) == 0 && unread == 0 && !s->read_closed) {
		int type = slot_report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		s->read_closed = true;
		slot_watch(ss, s, false);
		return type;
	}
	slot_watch(ss, s, false);
	return -1;
}

// Handle the next part of one epoll event. Returns an event type, or -1.
int read_handle_event(socket_server *ss, ready_event &e, socket_message *result)
{
	socket_slot *s = e.s;
	switch (s->state.load(std::memory_order_relaxed)) {
	case slot_state::listening:
		e.clear();
		return accept_one(ss, s, result); // level-triggered: the next one comes next wait
	case slot_state::connecting:
		e.clear();
		return control_finish_connect(ss, s, result);
	case slot_state::udp:
		if (e.read) {
			// As skynet: read this socket's datagrams until none is left
			// before the next socket's, so two sockets' packets do not
			// interleave differently from skynet's.
			int type = read_udp(ss, s, result);
			if (type >= 0)
				return type;
			e.read = false;
		}
		if (e.write) {
			e.write = false;
			return write_flush_udp(ss, s, result);
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
			int type = write_flush_tcp(ss, s, result);
			if (type >= 0 || e.s == nullptr)
				return type;
		}
		if (e.error) {
			e.clear();
			int err = 0;
			socklen_t len = sizeof(err);
			getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
			return slot_fail(ss, s, result, err ? err : EIO);
		}
		if (e.hangup) {
			e.clear();
			bool told = s->read_closed || s->closing;
			int type = told ? -1 : slot_report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
			slot_force_close(ss, s);
			return type;
		}
		return -1;
	}
	default:
		e.clear();
		return -1;
	}
}

} // namespace socket_internal
