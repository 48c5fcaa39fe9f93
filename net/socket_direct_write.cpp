// socket_direct_write: a send from a service's thread, written to the socket at once when nothing of that socket is queued.
//
// Why: a send used to be a command for the socket thread, always: the
// caller took the command queue's lock, the socket thread took the queue
// (and, when it was asleep in epoll_wait, was woken through the doorbell
// pipe), then did the send() itself. In the echo benchmark (100 connections,
// one message in flight each; perf stat of the server, per echoed message)
// that was 0.06-0.11 doorbell writes and as many pipe reads, 0.24 epoll_wait
// and 0.36 context switches (raw epoll: 1 read, 1 send, 0.02 epoll_wait,
// 0.03 context switches), and the socket thread spent more CPU than both
// workers together on the gate. Written here: no doorbell, no queue lock, and
// the socket thread only reads; with the socket thread's idle looks
// (socket_server.cpp) 0.04 epoll_wait and 0.09 context switches per message
// (docs/benchmarks.md, "direct write"). skynet's socket_server writes
// directly in the same case.
//
// What it costs: a one-byte lock per slot (the writer lock, socket_slot.h),
// taken once per send by the caller and once per send/flush/close by the
// socket thread; a counter per slot of the sends and closes queued; and the
// caller's thread, not the socket thread, pays for the send() (the loopback
// delivery to the peer included), so a service that writes much spends more.
//
// What it keeps: bytes go out in the order of the sends of a socket (a send
// writes directly only when nothing of the socket is queued or unsent, and
// what a partial write leaves is queued before the lock is given back, so
// every later send queues behind it); a close runs after the sends queued
// before it, and no send is written once a close is on its way; a failed
// write is reported by the socket thread as before (its errno travels in the
// command); low-priority sends, UDP and sockets not yet connected always queue.
#include "net/socket_server_internal.h"

#include "kernel/skynet.h"

#include <sys/socket.h>

#include <cerrno>

namespace socket_internal {

// With the writer lock held: may this caller write to the socket itself?
static bool can_write_now(socket_slot *s, int id)
{
	return s->id.load(std::memory_order_relaxed) == id &&
		s->state.load(std::memory_order_acquire) == slot_state::connected &&
		// Acquire: what the socket thread did for the commands counted
		// (closing, the write lists) is seen once the count is 0.
		s->queued.load(std::memory_order_acquire) == 0 && !s->closing && !s->has_writes();
}

int write_from_caller(socket_server *ss, cmd_send command)
{
	socket_slot *s = slot_of(ss->slots, command.id);
	slot_writer_take(s, WRITER_CALLER);
	if (!command.low && command.address_size == 0 && can_write_now(s, command.id)) {
		ssize_t n;
		do
			n = send(s->fd, command.buffer, command.size, MSG_NOSIGNAL | MSG_DONTWAIT);
		while (n < 0 && errno == EINTR);
		if (n > 0) {
			s->write_bytes += uint64_t(n);
			s->wtime = uint32_t(skynet_now());
			command.sent = size_t(n);
		}
		if (command.sent == command.size) {
			slot_writer_give(s);
			free(command.buffer);
			return 0;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			command.error = errno;
		// The rest (or the error) goes to the socket thread, queued before
		// the lock is given back so that no later send overtakes it.
		s->queued.fetch_add(1, std::memory_order_relaxed);
		bool ring = command_queue_push_now(ss->commands, command);
		slot_writer_give(s);
		if (ring)
			command_queue_ring(ss->commands);
		return 0;
	}
	// Counted before the lock is given back: from now on every direct write
	// of this socket waits until the socket thread has run this one.
	s->queued.fetch_add(1, std::memory_order_relaxed);
	slot_writer_give(s);
	command_queue_push(ss->commands, command);
	return 0;
}

// The socket thread, after running a command counted in `queued`.
void write_command_done(socket_server *ss, int id)
{
	if (id >= 0) // as the pushers count only these
		slot_of(ss->slots, id)->queued.fetch_sub(1, std::memory_order_release);
}

} // namespace socket_internal
