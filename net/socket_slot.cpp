// socket_slot: a slot's life on the socket thread: what epoll watches for it, closing it, and the events reported about it.
#include "net/socket_server_internal.h"

#include "kernel/memory.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace socket_internal {

bool slot_watch(socket_server *ss, socket_slot *s, bool add)
{
	slot_state st = s->state.load(std::memory_order_relaxed);
	uint32_t want = 0;
	if (s->reading && !s->read_closed && !s->closing)
		want |= EPOLLIN;
	// Writable means: queued bytes can go, or a connect in progress has ended.
	if ((s->has_writes() && !s->failed) || st == slot_state::connecting)
		want |= EPOLLOUT;
	// A socket that reads nothing (not started yet, or paused) would not
	// notice that its peer has closed: EPOLLRDHUP tells us of the FIN without
	// reading. See peer_closed_early in socket_server_read.cpp.
	if ((st == slot_state::accepted_paused || st == slot_state::connected) && !s->reading &&
		s->watch_peer_close && !s->read_closed && !s->closing)
		want |= EPOLLRDHUP;
	if (!add && want == s->epoll_mask)
		return true;
	epoll_event ev{};
	ev.events = want;
	ev.data.ptr = s;
	if (epoll_ctl(ss->epoll_fd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, s->fd, &ev) != 0)
		return false;
	s->epoll_mask = want;
	return true;
}

// Events of this batch that still point at the slot are forgotten: the slot
// may be reused before we reach them.
void slot_force_close(socket_server *ss, socket_slot *s)
{
	slot_writer_guard g(s); // no caller may be writing to the fd we close
	if (s->fd >= 0) {
		epoll_ctl(ss->epoll_fd, EPOLL_CTL_DEL, s->fd, nullptr);
		close(s->fd);
	}
	s->high.free_all();
	s->low.free_all();
	if (s->unsent > 0)
		memory_released(s->unsent); // a client that never read may have held MiBs
	for (int i = ss->ready_index; i < ss->ready_n; i++)
		if (ss->ready[i].s == s)
			ss->ready[i].s = nullptr;
	s->fd = -1;
	s->opaque = 0;
	s->family = 0;
	s->reading = s->read_closed = s->closing = false;
	s->watch_peer_close = true;
	s->epoll_mask = 0;
	s->unsent = 0;
	s->warn_at = SOCKET_WARNING_SIZE;
	s->warned = false;
	s->read_size = MIN_READ_BUFFER;
	s->read_grew = false;
	s->failed = false;
	s->bound = false;
	s->read_bytes = s->write_bytes = s->rtime = s->wtime = 0;
	s->peer_size = 0;
	s->state.store(slot_state::free, std::memory_order_release);
}

// Fill an event about socket s. `text` (may be null) is copied into ss->text.
int slot_report(socket_server *ss, socket_message *result, int type, socket_slot *s, int ud,
	const char *text)
{
	result->id = s->id.load(std::memory_order_relaxed);
	result->opaque = s->opaque;
	result->ud = ud;
	if (text) {
		snprintf(ss->text, sizeof(ss->text), "%s", text);
		result->data = ss->text;
	} else {
		result->data = nullptr;
	}
	return type;
}

// Close and report an error, unless the owner already heard the socket end.
// The text is strerror's alone, as skynet's: `socket.open` returns it and
// `socket: error on <id> <text>` logs it, and programs compare it.
int slot_close_with_error(socket_server *ss, socket_slot *s, socket_message *result, int err)
{
	bool told = s->read_closed || s->closing;
	int type = told ? -1 : slot_report(ss, result, SOCKET_ERR, s, 0, strerror(err));
	slot_force_close(ss, s);
	return type;
}

// A connected socket failed: its peer reset it, or a write was refused. As
// skynet's does, report ERR (socket.lua logs `socket: error on <id> <text>`)
// but keep the slot, so that a CLOSE follows it: from the read that finds the
// end, the hang-up, or the owner's shutdown (socket.lua's ERR handler sends
// one), whichever comes first. So onclose callbacks and a gate's disconnect
// run after a reset as on skynet. The queued writes can never go out: they
// are freed now, before the owner hears of the error (a client that never
// read may have left MiBs queued; the e2e test of that measures the RSS when
// the owner is told). The connection's trace shows both: error, then close.
int slot_fail(socket_server *ss, socket_slot *s, socket_message *result, int err)
{
	if (s->read_closed || s->closing) { // the owner heard the end already
		slot_force_close(ss, s);
		return -1;
	}
	if (s->failed)
		return -1; // one ERR; the CLOSE is on its way
	s->failed = true;
	{
		slot_writer_guard g(s);
		s->high.free_all();
		s->low.free_all();
		if (s->unsent > 0)
			memory_released(s->unsent);
		s->unsent = 0;
	}
	slot_watch(ss, s, false);
	return slot_report(ss, result, SOCKET_ERR, s, 0, strerror(err));
}

} // namespace socket_internal
