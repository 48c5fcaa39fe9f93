// socket_server_write: the socket thread's writing: high and low write lists, flushing, the WARNING at 1 MiB.
#include "net/socket_server_internal.h"

#include "kernel/skynet.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace socket_internal {

static void count_written(socket_slot *s, ssize_t n)
{
	if (n > 0) {
		s->write_bytes += uint64_t(n);
		s->wtime = uint32_t(skynet_now());
	}
}

// After the write lists grew: WARNING when the unsent bytes cross the next
// threshold (1 MiB, then 2, 4, ...). ud is in KiB, rounded up, as skynet's.
static int check_warning(socket_server *ss, socket_slot *s, socket_message *result)
{
	if (s->unsent < s->warn_at)
		return -1;
	s->warned = true;
	while (s->warn_at <= s->unsent)
		s->warn_at *= 2;
	int kib = int((s->unsent + 1023) / 1024);
	return slot_report(ss, result, SOCKET_WARNING, s, kib, nullptr);
}

// The lists have drained: stop watching for writability, finish a pending
// close, and tell a warned owner that all is sent (WARNING with ud 0).
static int writes_drained(socket_server *ss, socket_slot *s, socket_message *result)
{
	if (s->closing) {
		slot_force_close(ss, s);
		return -1;
	}
	slot_watch(ss, s, false);
	if (s->warned) {
		s->warned = false;
		s->warn_at = SOCKET_WARNING_SIZE;
		return slot_report(ss, result, SOCKET_WARNING, s, 0, nullptr);
	}
	return -1;
}

// Writable: send high-priority buffers first. A low-priority buffer is moved
// to the high list before its first byte goes out, so once started it is
// finished before any later high-priority data (the stream must not interleave).
int write_flush_tcp(socket_server *ss, socket_slot *s, socket_message *result)
{
	slot_writer_guard g(s);
	for (;;) {
		if (s->high.empty()) {
			if (s->low.empty())
				break;
			s->high.append(s->low.pop());
		}
		write_buffer *wb = s->high.head;
		ssize_t n = send(s->fd, wb->ptr, wb->left, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return -1;
			return slot_fail(ss, s, result, errno);
		}
		count_written(s, n);
		wb->ptr += n;
		wb->left -= size_t(n);
		s->unsent -= size_t(n);
		if (wb->left > 0)
			return -1; // the kernel's buffer is full; wait for the next EPOLLOUT
		free(s->high.pop()->block);
		delete wb;
	}
	return writes_drained(ss, s, result);
}

int write_flush_udp(socket_server *ss, socket_slot *s, socket_message *result)
{
	while (s->has_writes()) {
		write_list &list = s->high.empty() ? s->low : s->high;
		write_buffer *wb = list.head;
		sockaddr_storage sa;
		socklen_t len;
		if (address_from_compact(wb->udp_address, wb->udp_address_size, &sa, &len)) {
			ssize_t n = sendto(s->fd, wb->ptr, wb->left, 0, reinterpret_cast<sockaddr *>(&sa), len);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				return -1;
			count_written(s, n);
			// Other errors lose this one datagram, as the network may anyway.
		}
		s->unsent -= wb->left;
		list.pop();
		free(wb->block);
		delete wb;
	}
	return writes_drained(ss, s, result);
}

static write_buffer *new_write_buffer(char *block, char *ptr, size_t left)
{
	write_buffer *wb = new write_buffer;
	wb->next = nullptr;
	wb->block = block;
	wb->ptr = ptr;
	wb->left = left;
	wb->udp_address_size = 0;
	return wb;
}

static int send_udp(socket_server *ss, socket_slot *s, cmd_send &cmd, socket_message *result)
{
	const uint8_t *address = cmd.address_size ? cmd.address : s->peer;
	int address_size = cmd.address_size ? cmd.address_size : s->peer_size;
	sockaddr_storage sa;
	socklen_t len;
	if (!address_from_compact(address, address_size, &sa, &len) || sa.ss_family != s->family) {
		free(cmd.buffer); // no address, or one the socket cannot reach: dropped
		return -1;
	}
	if (!s->has_writes()) {
		ssize_t n = sendto(s->fd, cmd.buffer, cmd.size, 0, reinterpret_cast<sockaddr *>(&sa), len);
		count_written(s, n);
		if (n >= 0 || !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
			free(cmd.buffer);
			return -1;
		}
	}
	write_buffer *wb = new_write_buffer(cmd.buffer, cmd.buffer, cmd.size);
	wb->udp_address_size = address_size;
	memcpy(wb->udp_address, address, size_t(address_size));
	(cmd.low ? s->low : s->high).append(wb);
	s->unsent += cmd.size;
	slot_watch(ss, s, false);
	return check_warning(ss, s, result);
}

static int send_tcp(socket_server *ss, socket_slot *s, cmd_send &cmd, socket_message *result)
{
	char *ptr = cmd.buffer + cmd.sent; // the caller may have written a part (socket_direct_write.cpp)
	size_t left = cmd.size - cmd.sent;
	if (cmd.error != 0) { // the caller's write failed: report it as ours would have
		free(cmd.buffer);
		return slot_fail(ss, s, result, cmd.error);
	}
	bool nothing_queued = !s->has_writes();
	if (nothing_queued && s->state.load(std::memory_order_relaxed) != slot_state::connecting) {
		// The common case: try to send at once and queue only what is left.
		ssize_t n;
		do
			n = send(s->fd, ptr, left, MSG_NOSIGNAL);
		while (n < 0 && errno == EINTR);
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			free(cmd.buffer);
			return slot_fail(ss, s, result, errno);
		}
		count_written(s, n);
		if (n > 0) {
			ptr += n;
			left -= size_t(n);
		}
		if (left == 0) {
			free(cmd.buffer);
			return -1;
		}
	}
	write_buffer *wb = new_write_buffer(cmd.buffer, ptr, left);
	// A buffer that has started must finish first, whatever its priority.
	bool started = ptr != cmd.buffer;
	(cmd.low && !started ? s->low : s->high).append(wb);
	s->unsent += left;
	slot_watch(ss, s, false);
	return check_warning(ss, s, result);
}

int write_send(socket_server *ss, cmd_send &cmd, socket_message *result)
{
	slot_writer_guard g(slot_of(ss->slots, cmd.id));
	socket_slot *s = slot_live(ss->slots, cmd.id);
	slot_state st = s ? s->state.load(std::memory_order_relaxed) : slot_state::free;
	if (s && st == slot_state::udp)
		return send_udp(ss, s, cmd, result);
	bool can_send = st == slot_state::connected || st == slot_state::connecting ||
		st == slot_state::accepted_paused;
	if (!s || !can_send || s->closing) {
		bool listener = s && !s->closing &&
			(st == slot_state::listening || st == slot_state::listen_paused);
		if (listener) // skynet's socket thread says so, from no service
			skynet_error(nullptr, "socket-server error: write to listen fd %d.", cmd.id);
		free(cmd.buffer); // closed, closing, or a listener: nowhere to go
		return -1;
	}
	return send_tcp(ss, s, cmd, result);
}

} // namespace socket_internal
