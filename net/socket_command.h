// socket_command: the typed commands that other threads queue for the socket thread, and the one queue (with its doorbell) they travel in.
//
// Any thread pushes; only the socket thread takes. The socket thread takes the
// whole queue at once (a swap), so a burst of sends costs it one lock. The pipe
// is only a doorbell: a push writes one byte into it when the socket thread
// sleeps in epoll_wait and nobody has rung yet. While the socket thread is
// awake it takes new commands before it sleeps again, so under load a send
// costs no system call at all (a pipe write per send was a fifth of a worker's
// time in tests/bench/net's coroutine echo).
#pragma once
#include "net/socket_server.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace socket_internal {

// The commands. Each is addressed to a socket id that the caller reserved or
// was given; a command owns what it carries (an fd, a send buffer) until it runs.
struct cmd_listen { // the caller bound and listened already, so errors came back at once
	int id;
	int fd;
	uint32_t opaque;
	int family;
};
struct cmd_bind { // an fd the process already had (stdin)
	int id;
	int fd;
	uint32_t opaque;
};
struct cmd_udp_open {
	int id;
	int fd;
	uint32_t opaque;
	int family;
};
struct cmd_connect {
	int id;
	uint32_t opaque;
	int port;
	std::string host;
};
struct cmd_start {
	int id;
	uint32_t opaque;
};
struct cmd_pause {
	int id;
	uint32_t opaque;
};
struct cmd_close {
	int id;
	uint32_t opaque;
	bool now; // shutdown: drop what is queued instead of sending it first
};
struct cmd_nodelay {
	int id;
};
struct cmd_send { // TCP or UDP
	int id;
	bool low;
	char *buffer; // malloc'd; freed once sent or dropped
	size_t size;
	size_t sent;  // bytes of it the caller wrote already (socket_direct_write.cpp)
	int error;    // the errno of the caller's write, for the socket thread to report
	int address_size; // UDP: 0 means the udp_connect address
	uint8_t address[SOCKET_UDP_ADDRESS_MAX];
};
struct cmd_udp_peer { // udp_connect
	int id;
	int address_size;
	uint8_t address[SOCKET_UDP_ADDRESS_MAX];
};
struct cmd_info { // netstat: the socket thread fills the promise
	std::shared_ptr<std::promise<std::vector<socket_info>>> reply;
};
struct cmd_exit {};

using socket_command = std::variant<cmd_listen, cmd_bind, cmd_udp_open, cmd_connect, cmd_start,
	cmd_pause, cmd_close, cmd_nodelay, cmd_send, cmd_udp_peer, cmd_info, cmd_exit>;

// Commands that may wait before a pusher waits for the socket thread, as a
// full pipe would make it (about what 64 KiB of pipe held of send commands).
constexpr size_t MAX_QUEUED_COMMANDS = 1024;

struct command_queue {
	std::mutex lock;
	std::condition_variable space;        // pushers wait here while the queue is full
	std::vector<socket_command> queued;   // guarded by lock
	bool sleeping = false;                // guarded: the socket thread is in (or entering) epoll_wait
	bool rung = false;                    // guarded: a byte is on its way through the doorbell
	int bell_read = -1, bell_write = -1;  // bell_read is what epoll watches
	// The socket thread's own: the commands taken, and how far they are run.
	std::vector<socket_command> taken;
	size_t taken_pos = 0;
};

// Make the doorbell. False (errno set) when the pipe cannot be made.
bool command_queue_open(command_queue &q);
// Drop the commands never run (their fds closed, buffers freed) and the doorbell.
void command_queue_close(command_queue &q);

// Any thread.
void command_queue_push(command_queue &q, socket_command command);
// For a caller that must push while it holds a slot's writer lock, so must
// not wait: push whatever the length (true: ring the doorbell), and ring once
// the lock is given back. It exceeds the bound by at most one per thread.
bool command_queue_push_now(command_queue &q, socket_command command);
void command_queue_ring(command_queue &q);

// The socket thread. take: move every queued command to the taken list
// (false when none). next: the next taken command, or null when all have run.
bool command_queue_take(command_queue &q);
socket_command *command_queue_next(command_queue &q);
// Around epoll_wait: sleep says whether the thread may block (nothing queued;
// from now on a push rings the doorbell); woke ends that. A rung doorbell is
// emptied with empty_bell.
bool command_queue_sleep(command_queue &q);
bool command_queue_pending(command_queue &q); // any command queued, not yet taken
void command_queue_woke(command_queue &q);
void command_queue_empty_bell(command_queue &q);

} // namespace socket_internal
