// socket_server_internal: the socket thread's whole state and the few functions its files call across (not an API).
//
// The parts, each behind its own prefix:
//   socket_command.h   command_queue_*  typed commands from other threads, and the doorbell
//   socket_slot.h      slot_*           the slot table (any thread may reserve a slot)
//   socket_address.h   address_*        sockaddr, text and compact forms, resolution
//   socket_slot.cpp    slot_*           a slot's life on the socket thread: epoll interest, close, report
//   socket_server_control.cpp  control_*  running a command
//   socket_server_read.cpp     read_*     one epoll event: accept, read, peer close
//   socket_server_write.cpp    write_*    sends and the write lists
//   socket_direct_write.cpp    write_*    a caller's send, written at once when nothing is queued
//   socket_server.cpp  the public API (socket_server.h) and the poll loop that ties them
#pragma once
#include "net/socket_address.h"
#include "net/socket_command.h"
#include "net/socket_server.h"
#include "net/socket_slot.h"
#include "trace/schema.h"

#include <sys/epoll.h>

namespace socket_internal {

constexpr int MAX_EVENT = 64; // epoll events taken per wait
constexpr int MAX_UDP_PACKAGE = 65535;

// One epoll event, split into the parts still to be handled. A part is cleared
// when handled, so an event that produced a message is picked up again at the
// next poll; `s` becomes null when the socket is closed meanwhile.
struct ready_event {
	socket_slot *s;
	bool read, write, error, hangup, peer_closed;
	bool done() const { return !(read || write || error || hangup || peer_closed); }
	void clear() { read = write = error = hangup = peer_closed = false; }
};

} // namespace socket_internal

// The one global name: socket_server.h declares it for its callers.
struct socket_server {
	int epoll_fd = -1;
	socket_internal::command_queue commands;
	socket_internal::slot_table slots;
	// An fd kept spare: when accept fails for lack of fds, closing this one
	// lets us accept and drop the connection instead of spinning on it.
	int reserve_fd = -1;
	epoll_event events[socket_internal::MAX_EVENT];
	socket_internal::ready_event ready[socket_internal::MAX_EVENT];
	int ready_n = 0;
	int ready_index = 0;
	bool check_ctrl = false;      // epoll_wait returned: run the queued commands first
	trace_schema::poll_kind open_kind = trace_schema::poll_kind::open; // for the trace: "connect" when an OPEN is a connect's
	char text[256];               // the text of the event being reported
	char *udp_buffer = nullptr;   // recvfrom's scratch: a datagram is read whole
};

namespace socket_internal {

// Each returns the socket_event it produced into `result`, or -1 for none.

// socket_slot.cpp
bool slot_watch(socket_server *ss, socket_slot *s, bool add); // set epoll's interest from the slot's state
void slot_force_close(socket_server *ss, socket_slot *s);    // close the fd, drop the writes, free the slot
int slot_report(socket_server *ss, socket_message *result, int type, socket_slot *s, int ud,
	const char *text);
int slot_close_with_error(socket_server *ss, socket_slot *s, socket_message *result, int err);
int slot_fail(socket_server *ss, socket_slot *s, socket_message *result, int err); // ERR now, CLOSE later

// socket_server_control.cpp
int control_run(socket_server *ss, socket_command &command, socket_message *result);
int control_finish_connect(socket_server *ss, socket_slot *s, socket_message *result);

// socket_server_read.cpp
int read_handle_event(socket_server *ss, ready_event &e, socket_message *result);

// socket_server_write.cpp
int write_send(socket_server *ss, cmd_send &command, socket_message *result);
int write_flush_tcp(socket_server *ss, socket_slot *s, socket_message *result);
int write_flush_udp(socket_server *ss, socket_slot *s, socket_message *result);

// socket_direct_write.cpp
int write_from_caller(socket_server *ss, cmd_send command); // any thread: a send
void write_command_done(socket_server *ss, int id); // a counted command (send, close) has run

} // namespace socket_internal
