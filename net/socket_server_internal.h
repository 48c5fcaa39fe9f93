// socket_server_internal: the socket thread's structures, shared by socket_server*.cpp and socket_address.cpp (not an API).
//
// Who touches what: socket_server_poll runs on the socket thread and owns the
// contents of every slot. Other threads do only two things: reserve a free slot
// (a compare-and-swap on its state, so an id can be returned to the caller at
// once) and queue a command. That is why a slot's `id` and `state` are atomics
// and nothing else in it is.
//
// Life of a TCP socket, in slot states:
//   listen:  reserved -> listen_paused --start--> listening
//   accept:  (a listener's read event) accepted_paused --start--> connected
//   connect: reserved -> connecting --(writable)--> connected
// and from anywhere back to free on close. A connected socket whose peer has
// closed stays in its slot with `read_closed` set (CLOSE reported) so that the
// owner can still write its last words; the owner's close frees it.
#pragma once
#include "net/socket_server.h"
#include "trace/schema.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include "kernel/trace.h"

namespace socket_internal {

constexpr int MAX_SOCKET = 1 << 16; // slots; ids are hashed into them (id % MAX_SOCKET)
constexpr int MAX_EVENT = 64;       // epoll events taken per wait
constexpr int MIN_READ_BUFFER = 64;
constexpr int MAX_READ_BUFFER = 1 << 20;
constexpr int MAX_UDP_PACKAGE = 65535;

enum class slot_state : uint8_t {
	free,            // nobody uses the slot
	reserved,        // a caller took the id; its command is on the way
	listen_paused,   // bound and listening, but not accepting until start
	listening,
	connecting,      // a non-blocking connect is in progress
	connected,
	accepted_paused, // accepted; reads nothing until start
	udp,
};

// One buffer handed to send, and how much of it is still to go out.
struct write_buffer {
	write_buffer *next;
	char *block; // the malloc'd buffer that send was given; freed when sent
	char *ptr;   // the first byte not yet sent
	size_t left;
	int udp_address_size; // UDP only: where this datagram goes
	uint8_t udp_address[SOCKET_UDP_ADDRESS_MAX];
};

struct write_list {
	write_buffer *head = nullptr;
	write_buffer *tail = nullptr;
	bool empty() const { return head == nullptr; }
	void append(write_buffer *wb) {
		wb->next = nullptr;
		if (tail)
			tail->next = wb;
		else
			head = wb;
		tail = wb;
	}
	write_buffer *pop() {
		write_buffer *wb = head;
		head = wb->next;
		if (!head)
			tail = nullptr;
		return wb;
	}
};

struct socket_slot {
	std::atomic<int> id{0};
	std::atomic<slot_state> state{slot_state::free};
	int fd = -1;
	uint32_t opaque = 0;
	int family = 0;           // AF_INET or AF_INET6: a UDP send must match it
	bool reading = false;     // the owner wants data (not paused)
	bool read_closed = false; // CLOSE was reported; only writes go on
	bool closing = false;     // the owner closed: close as soon as the writes drain
	bool watch_peer_close = true; // accepted_paused: report a peer's FIN before start (see epoll_watch)
	uint32_t epoll_mask = 0;  // what epoll watches for this fd right now
	write_list high, low;
	size_t unsent = 0;        // bytes in both write lists
	size_t warn_at = SOCKET_WARNING_SIZE;
	bool warned = false;
	int read_size = MIN_READ_BUFFER;
	// The peer: a TCP connect's target (for its error text), or the address a
	// UDP send without one goes to (set by udp_connect). Compact form.
	int peer_size = 0;
	uint8_t peer[SOCKET_UDP_ADDRESS_MAX];
};

// One epoll event, split into the parts still to be handled. A part is cleared
// when handled, so an event that produced a message is picked up again at the
// next poll; `s` becomes null when the socket is closed meanwhile.
struct ready_event {
	socket_slot *s;
	bool read, write, error, hangup, peer_closed;
	bool done() const { return !(read || write || error || hangup || peer_closed); }
	void clear() { read = write = error = hangup = peer_closed = false; }
};

// --- commands: what other threads send the socket thread ---
// A command is [type:1][body size:1][body], appended to the command queue
// under its lock, so commands from many threads never interleave.
enum class command : uint8_t {
	listen = 'L',
	connect = 'O',
	start = 'S',
	pause = 'P',
	close = 'K',
	shutdown = 'H',
	nodelay = 'T',
	send = 'D',
	send_low = 'W',
	udp_open = 'U',
	udp_peer = 'C',
	bind = 'B',
	exit = 'X',
};

struct cmd_open_fd { // listen, udp_open, bind: the caller made (or owns) the fd
	int id;
	int fd;
	uint32_t opaque;
	int family;
};
struct cmd_connect {
	int id;
	uint32_t opaque;
	int port;
	char host[128];
};
struct cmd_socket { // start, pause, close, shutdown, nodelay
	int id;
	uint32_t opaque;
};
struct cmd_send {
	int id;
	bool low;
	char *buffer;
	size_t size;
	int address_size; // UDP: 0 means the udp_connect address
	uint8_t address[SOCKET_UDP_ADDRESS_MAX];
};
struct cmd_udp_peer {
	int id;
	int address_size;
	uint8_t address[SOCKET_UDP_ADDRESS_MAX];
};
union cmd_body {
	cmd_open_fd open_fd;
	cmd_connect connect;
	cmd_socket socket;
	cmd_send send;
	cmd_udp_peer udp_peer;
};
static_assert(sizeof(cmd_body) <= 255, "a command body's size must fit its one-byte header");

// Bytes of commands that may wait in the queue before senders wait for the
// socket thread, as a full pipe would make them (64 KiB: a pipe's size).
constexpr size_t MAX_QUEUED_COMMANDS = 64 * 1024;

// How commands travel. Senders append to `queued` under `lock`; the
// socket thread takes the whole queue at once (a swap), so a burst of sends
// costs it one lock. The pipe is only a doorbell: a sender writes one byte into
// it when the socket thread sleeps in epoll_wait and nobody has rung yet. While
// the socket thread is awake it takes new commands before it sleeps again, so
// under load a send costs no system call at all (a pipe write per send was a
// fifth of a worker's time in tests/bench/net's coroutine echo).
struct command_queue {
	std::mutex lock;
	std::condition_variable space; // senders wait here while the queue is full
	std::vector<uint8_t> queued;   // guarded by lock
	bool sleeping = false;         // guarded: the socket thread is in (or entering) epoll_wait
	bool rung = false;             // guarded: a byte is on its way through the doorbell
	int bell_read = -1, bell_write = -1;
	// The socket thread's own: the commands taken, and how far they are run.
	std::vector<uint8_t> taken;
	size_t taken_pos = 0;
};

} // namespace socket_internal

// The one global name: socket_server.h declares it for its callers.
struct socket_server {
	int epoll_fd = -1;
	socket_internal::command_queue commands;
	// An fd kept spare: when accept fails for lack of fds, closing this one
	// lets us accept and drop the connection instead of spinning on it.
	int reserve_fd = -1;
	std::atomic<uint32_t> alloc_id{0};
	socket_internal::socket_slot *slots = nullptr;
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

inline socket_slot *slot_of(socket_server *ss, int id) { return &ss->slots[id & (MAX_SOCKET - 1)]; }

// The slot that holds socket `id`, or null if that socket is gone.
inline socket_slot *live_slot(socket_server *ss, int id)
{
	if (id < 0)
		return nullptr;
	socket_slot *s = slot_of(ss, id);
	slot_state st = s->state.load(std::memory_order_acquire);
	if (st == slot_state::free || s->id.load(std::memory_order_relaxed) != id)
		return nullptr;
	return s;
}

// Any thread: claim a free slot. Ids grow from a counter so that a closed id
// is not reused soon (a late message about an old socket finds nothing).
inline int reserve_id(socket_server *ss)
{
	for (int i = 0; i < MAX_SOCKET; i++) {
		int id = int((ss->alloc_id.fetch_add(1, std::memory_order_relaxed) + 1) & 0x7fffffff);
		if (id == 0)
			continue;
		socket_slot *s = slot_of(ss, id);
		slot_state expected = slot_state::free;
		if (s->state.compare_exchange_strong(expected, slot_state::reserved,
				std::memory_order_acq_rel)) {
			s->id.store(id, std::memory_order_release);
			return id;
		}
	}
	return -1;
}

template <class Body>
void send_command(socket_server *ss, command type, const Body &body)
{
	command_queue &q = ss->commands;
	bool ring;
	{
		std::unique_lock g(q.lock);
		q.space.wait(g, [&] { return q.queued.size() < MAX_QUEUED_COMMANDS; });
		const auto *bytes = reinterpret_cast<const uint8_t *>(&body);
		q.queued.push_back(uint8_t(type));
		q.queued.push_back(uint8_t(sizeof(Body)));
		q.queued.insert(q.queued.end(), bytes, bytes + sizeof(Body));
		ring = q.sleeping && !q.rung;
		q.rung = q.rung || ring;
	}
	if (ring) {
		char bell = 0;
		while (write(q.bell_write, &bell, 1) < 0 && errno == EINTR) {
		}
	}
}

// --- defined in socket_server.cpp (commands, slot life), socket_address.cpp,
// socket_server_write.cpp, socket_server_command.cpp and socket_server_read.cpp ---
// address
const char *ip_text(const sockaddr *sa, char *out, size_t outsz);
int port_of(const sockaddr *sa);
void address_text(const sockaddr *sa, char *out, size_t outsz);
int compact_from_sockaddr(const sockaddr *sa, uint8_t *out);
bool sockaddr_from_compact(const uint8_t *in, int size, sockaddr_storage *out, socklen_t *len);
int resolve(const char *host, int port, int socktype, bool passive, addrinfo **out);
// slot
bool epoll_watch(socket_server *ss, socket_slot *s, bool add);
void free_write_list(write_list &list);
void force_close(socket_server *ss, socket_slot *s);
int report(socket_server *ss, socket_message *result, int type, socket_slot *s, int ud,
	const char *text);
int close_with_error(socket_server *ss, socket_slot *s, socket_message *result, const char *what,
	int err);
// write
int check_warning(socket_server *ss, socket_slot *s, socket_message *result);
int writes_drained(socket_server *ss, socket_slot *s, socket_message *result);
int flush_tcp(socket_server *ss, socket_slot *s, socket_message *result);
int flush_udp(socket_server *ss, socket_slot *s, socket_message *result);
write_buffer *new_write_buffer(char *block, char *ptr, size_t left);
int send_udp(socket_server *ss, socket_slot *s, cmd_send &cmd, socket_message *result);
int send_tcp(socket_server *ss, socket_slot *s, cmd_send &cmd, socket_message *result);
int run_send(socket_server *ss, cmd_send &cmd, socket_message *result);
// command
int run_listen(socket_server *ss, const cmd_open_fd &cmd, socket_message *result);
int connected_now(socket_server *ss, socket_slot *s, socket_message *result);
int connect_failed(socket_server *ss, socket_slot *s, socket_message *result, int err);
int run_connect(socket_server *ss, const cmd_connect &cmd, socket_message *result);
int finish_connect(socket_server *ss, socket_slot *s, socket_message *result);
int run_start(socket_server *ss, const cmd_socket &cmd, socket_message *result);
void run_pause(socket_server *ss, const cmd_socket &cmd);
int run_close(socket_server *ss, const cmd_socket &cmd, bool now, socket_message *result);
void run_nodelay(socket_server *ss, const cmd_socket &cmd);
void run_udp_open(socket_server *ss, const cmd_open_fd &cmd);
void run_udp_peer(socket_server *ss, const cmd_udp_peer &cmd);
int run_command(socket_server *ss, command type, cmd_body &body, socket_message *result);
// read
int accept_one(socket_server *ss, socket_slot *listener, socket_message *result);
int read_tcp(socket_server *ss, socket_slot *s, socket_message *result);
int read_udp(socket_server *ss, socket_slot *s, socket_message *result);
int handle_event(socket_server *ss, ready_event &e, socket_message *result);
void wait_for_events(socket_server *ss);
int poll_step(socket_server *ss, socket_message *result);
trace_schema::poll_kind event_kind(socket_server *ss, int type);
int open_bound(const char *host, int port, int socktype, int backlog, int *family,
	std::string *error);
// commands
bool take_commands(socket_server *ss);
bool read_command(socket_server *ss, command *type, cmd_body *body);

} // namespace socket_internal
