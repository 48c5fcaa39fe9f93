// socket_server: the epoll loop and the commands that drive it (socket_server.c's twin).
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
#include "net/socket_server.h"

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

namespace {

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

} // namespace

struct socket_slot {
	std::atomic<int> id{0};
	std::atomic<slot_state> state{slot_state::free};
	int fd = -1;
	uint32_t opaque = 0;
	int family = 0;           // AF_INET or AF_INET6: a UDP send must match it
	bool reading = false;     // the owner wants data (not paused)
	bool read_closed = false; // CLOSE was reported; only writes go on
	bool closing = false;     // the owner closed: close as soon as the writes drain
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

namespace {

// One epoll event, split into the parts still to be handled. A part is cleared
// when handled, so an event that produced a message is picked up again at the
// next poll; `s` becomes null when the socket is closed meanwhile.
struct ready_event {
	socket_slot *s;
	bool read, write, error, hangup;
	bool done() const { return !(read || write || error || hangup); }
	void clear() { read = write = error = hangup = false; }
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
	exit = 'X',
};

struct cmd_open_fd { // listen, udp_open: the caller made the fd
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

} // namespace

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

struct socket_server {
	int epoll_fd = -1;
	command_queue commands;
	// An fd kept spare: when accept fails for lack of fds, closing this one
	// lets us accept and drop the connection instead of spinning on it.
	int reserve_fd = -1;
	std::atomic<uint32_t> alloc_id{0};
	socket_slot *slots = nullptr;
	epoll_event events[MAX_EVENT];
	ready_event ready[MAX_EVENT];
	int ready_n = 0;
	int ready_index = 0;
	bool check_ctrl = false;      // epoll_wait returned: run the queued commands first
	const char *open_kind = "open"; // for the trace: "connect" when an OPEN is a connect's
	char text[256];               // the text of the event being reported
	char *udp_buffer = nullptr;   // recvfrom's scratch: a datagram is read whole
};

namespace {

socket_slot *slot_of(socket_server *ss, int id) { return &ss->slots[id & (MAX_SOCKET - 1)]; }

// The slot that holds socket `id`, or null if that socket is gone.
socket_slot *live_slot(socket_server *ss, int id)
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
int reserve_id(socket_server *ss)
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

// The socket thread: take every queued command at once. False when there are none.
bool take_commands(socket_server *ss)
{
	command_queue &q = ss->commands;
	bool was_full;
	{
		std::lock_guard g(q.lock);
		if (q.queued.empty())
			return false;
		was_full = q.queued.size() >= MAX_QUEUED_COMMANDS;
		q.taken.clear();
		q.taken.swap(q.queued);
	}
	q.taken_pos = 0;
	if (was_full)
		q.space.notify_all();
	return true;
}

// The next command taken, or false when all have run.
bool read_command(socket_server *ss, command *type, cmd_body *body)
{
	command_queue &q = ss->commands;
	if (q.taken_pos >= q.taken.size())
		return false;
	const uint8_t *p = q.taken.data() + q.taken_pos;
	*type = command(p[0]);
	memcpy(body, p + 2, p[1]);
	q.taken_pos += 2 + size_t(p[1]);
	return true;
}

// --- addresses ---

const char *ip_text(const sockaddr *sa, char *out, size_t outsz)
{
	const void *addr = sa->sa_family == AF_INET6
		? static_cast<const void *>(&reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr)
		: static_cast<const void *>(&reinterpret_cast<const sockaddr_in *>(sa)->sin_addr);
	if (!inet_ntop(sa->sa_family, addr, out, socklen_t(outsz)))
		snprintf(out, outsz, "?");
	return out;
}

int port_of(const sockaddr *sa)
{
	return ntohs(sa->sa_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_port
										   : reinterpret_cast<const sockaddr_in *>(sa)->sin_port);
}

// "ip:port", or "[ip6]:port".
void address_text(const sockaddr *sa, char *out, size_t outsz)
{
	char ip[INET6_ADDRSTRLEN];
	ip_text(sa, ip, sizeof(ip));
	if (sa->sa_family == AF_INET6)
		snprintf(out, outsz, "[%s]:%d", ip, port_of(sa));
	else
		snprintf(out, outsz, "%s:%d", ip, port_of(sa));
}

int compact_from_sockaddr(const sockaddr *sa, uint8_t *out)
{
	int port = port_of(sa);
	out[1] = uint8_t(port >> 8);
	out[2] = uint8_t(port & 0xff);
	if (sa->sa_family == AF_INET6) {
		out[0] = 6;
		memcpy(out + 3, &reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr, 16);
		return 19;
	}
	out[0] = 4;
	memcpy(out + 3, &reinterpret_cast<const sockaddr_in *>(sa)->sin_addr, 4);
	return 7;
}

bool sockaddr_from_compact(const uint8_t *in, int size, sockaddr_storage *out, socklen_t *len)
{
	memset(out, 0, sizeof(*out));
	uint16_t port = htons(uint16_t(in[1] << 8 | in[2]));
	if (size == 7 && in[0] == 4) {
		auto *v4 = reinterpret_cast<sockaddr_in *>(out);
		v4->sin_family = AF_INET;
		v4->sin_port = port;
		memcpy(&v4->sin_addr, in + 3, 4);
		*len = sizeof(*v4);
		return true;
	}
	if (size == 19 && in[0] == 6) {
		auto *v6 = reinterpret_cast<sockaddr_in6 *>(out);
		v6->sin6_family = AF_INET6;
		v6->sin6_port = port;
		memcpy(&v6->sin6_addr, in + 3, 16);
		*len = sizeof(*v6);
		return true;
	}
	return false;
}

// getaddrinfo for host:port; an empty or null host means every interface.
int resolve(const char *host, int port, int socktype, bool passive, addrinfo **out)
{
	addrinfo hints{};
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_protocol = socktype == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	if (host == nullptr || host[0] == 0)
		host = "0.0.0.0";
	char service[16];
	snprintf(service, sizeof(service), "%d", port);
	return getaddrinfo(host, service, &hints, out);
}

// --- slot life ---

bool epoll_watch(socket_server *ss, socket_slot *s, bool add)
{
	uint32_t want = 0;
	if (s->reading && !s->read_closed && !s->closing)
		want |= EPOLLIN;
	// Writable means: queued bytes can go, or a connect in progress has ended.
	if (!s->high.empty() || !s->low.empty() ||
		s->state.load(std::memory_order_relaxed) == slot_state::connecting)
		want |= EPOLLOUT;
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

void free_write_list(write_list &list)
{
	while (!list.empty()) {
		write_buffer *wb = list.pop();
		free(wb->block);
		delete wb;
	}
}

// Close the fd, drop what was queued and give the slot back. Events of this
// batch that still point at the slot are forgotten: the slot may be reused
// before we reach them.
void force_close(socket_server *ss, socket_slot *s)
{
	if (s->fd >= 0) {
		epoll_ctl(ss->epoll_fd, EPOLL_CTL_DEL, s->fd, nullptr);
		close(s->fd);
	}
	free_write_list(s->high);
	free_write_list(s->low);
	for (int i = ss->ready_index; i < ss->ready_n; i++)
		if (ss->ready[i].s == s)
			ss->ready[i].s = nullptr;
	s->fd = -1;
	s->opaque = 0;
	s->family = 0;
	s->reading = s->read_closed = s->closing = false;
	s->epoll_mask = 0;
	s->unsent = 0;
	s->warn_at = SOCKET_WARNING_SIZE;
	s->warned = false;
	s->read_size = MIN_READ_BUFFER;
	s->peer_size = 0;
	s->state.store(slot_state::free, std::memory_order_release);
}

// Fill an event about socket s. `text` (may be null) is copied into ss->text.
int report(socket_server *ss, socket_message *result, int type, socket_slot *s, int ud,
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
int close_with_error(socket_server *ss, socket_slot *s, socket_message *result, const char *what,
	int err)
{
	bool told = s->read_closed || s->closing;
	char text[200];
	snprintf(text, sizeof(text), "%s: %s", what, strerror(err));
	int type = told ? -1 : report(ss, result, SOCKET_ERR, s, 0, text);
	force_close(ss, s);
	return type;
}

// --- writing ---

// After the write lists grew: WARNING when the unsent bytes cross the next
// threshold (1 MiB, then 2, 4, ...). ud is in KiB, rounded up, as skynet's.
int check_warning(socket_server *ss, socket_slot *s, socket_message *result)
{
	if (s->unsent < s->warn_at)
		return -1;
	s->warned = true;
	while (s->warn_at <= s->unsent)
		s->warn_at *= 2;
	int kib = int((s->unsent + 1023) / 1024);
	return report(ss, result, SOCKET_WARNING, s, kib, nullptr);
}

// The lists have drained: stop watching for writability, finish a pending
// close, and tell a warned owner that all is sent (WARNING with ud 0).
int writes_drained(socket_server *ss, socket_slot *s, socket_message *result)
{
	if (s->closing) {
		force_close(ss, s);
		return -1;
	}
	epoll_watch(ss, s, false);
	if (s->warned) {
		s->warned = false;
		s->warn_at = SOCKET_WARNING_SIZE;
		return report(ss, result, SOCKET_WARNING, s, 0, nullptr);
	}
	return -1;
}

// Writable: send high-priority buffers first. A low-priority buffer is moved
// to the high list before its first byte goes out, so once started it is
// finished before any later high-priority data (the stream must not interleave).
int flush_tcp(socket_server *ss, socket_slot *s, socket_message *result)
{
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
			return close_with_error(ss, s, result, "write", errno);
		}
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

int flush_udp(socket_server *ss, socket_slot *s, socket_message *result)
{
	while (!s->high.empty() || !s->low.empty()) {
		write_list &list = s->high.empty() ? s->low : s->high;
		write_buffer *wb = list.head;
		sockaddr_storage sa;
		socklen_t len;
		if (sockaddr_from_compact(wb->udp_address, wb->udp_address_size, &sa, &len)) {
			ssize_t n = sendto(s->fd, wb->ptr, wb->left, 0, reinterpret_cast<sockaddr *>(&sa), len);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				return -1;
			// Other errors lose this one datagram, as the network may anyway.
		}
		s->unsent -= wb->left;
		list.pop();
		free(wb->block);
		delete wb;
	}
	return writes_drained(ss, s, result);
}

write_buffer *new_write_buffer(char *block, char *ptr, size_t left)
{
	write_buffer *wb = new write_buffer;
	wb->next = nullptr;
	wb->block = block;
	wb->ptr = ptr;
	wb->left = left;
	wb->udp_address_size = 0;
	return wb;
}

int send_udp(socket_server *ss, socket_slot *s, cmd_send &cmd, socket_message *result)
{
	const uint8_t *address = cmd.address_size ? cmd.address : s->peer;
	int address_size = cmd.address_size ? cmd.address_size : s->peer_size;
	sockaddr_storage sa;
	socklen_t len;
	if (!sockaddr_from_compact(address, address_size, &sa, &len) || sa.ss_family != s->family) {
		free(cmd.buffer); // no address, or one the socket cannot reach: dropped
		return -1;
	}
	if (s->high.empty() && s->low.empty()) {
		ssize_t n = sendto(s->fd, cmd.buffer, cmd.size, 0, reinterpret_cast<sockaddr *>(&sa), len);
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
	epoll_watch(ss, s, false);
	return check_warning(ss, s, result);
}

int send_tcp(socket_server *ss, socket_slot *s, cmd_send &cmd, socket_message *result)
{
	char *ptr = cmd.buffer;
	size_t left = cmd.size;
	bool nothing_queued = s->high.empty() && s->low.empty();
	if (nothing_queued && s->state.load(std::memory_order_relaxed) != slot_state::connecting) {
		// The common case: try to send at once and queue only what is left.
		ssize_t n;
		do
			n = send(s->fd, ptr, left, MSG_NOSIGNAL);
		while (n < 0 && errno == EINTR);
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			free(cmd.buffer);
			return close_with_error(ss, s, result, "write", errno);
		}
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
	epoll_watch(ss, s, false);
	return check_warning(ss, s, result);
}

int run_send(socket_server *ss, cmd_send &cmd, socket_message *result)
{
	socket_slot *s = live_slot(ss, cmd.id);
	slot_state st = s ? s->state.load(std::memory_order_relaxed) : slot_state::free;
	if (s && st == slot_state::udp)
		return send_udp(ss, s, cmd, result);
	bool can_send = st == slot_state::connected || st == slot_state::connecting ||
		st == slot_state::accepted_paused;
	if (!s || !can_send || s->closing) {
		free(cmd.buffer); // closed, closing, or a listener: nowhere to go
		return -1;
	}
	return send_tcp(ss, s, cmd, result);
}

// --- the other commands ---

int run_listen(socket_server *ss, const cmd_open_fd &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = cmd.family;
	s->state.store(slot_state::listen_paused, std::memory_order_release);
	if (!epoll_watch(ss, s, true))
		return close_with_error(ss, s, result, "listen: epoll", errno);
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	if (getsockname(cmd.fd, reinterpret_cast<sockaddr *>(&sa), &len) != 0)
		return close_with_error(ss, s, result, "listen: getsockname", errno);
	char ip[INET6_ADDRSTRLEN];
	ip_text(reinterpret_cast<sockaddr *>(&sa), ip, sizeof(ip));
	return report(ss, result, SOCKET_OPEN, s, port_of(reinterpret_cast<sockaddr *>(&sa)), ip);
}

int connected_now(socket_server *ss, socket_slot *s, socket_message *result)
{
	s->state.store(slot_state::connected, std::memory_order_release);
	s->reading = true;
	epoll_watch(ss, s, false);
	sockaddr_storage sa;
	socklen_t len;
	char ip[INET6_ADDRSTRLEN] = "";
	int port = 0;
	if (sockaddr_from_compact(s->peer, s->peer_size, &sa, &len)) {
		ip_text(reinterpret_cast<sockaddr *>(&sa), ip, sizeof(ip));
		port = port_of(reinterpret_cast<sockaddr *>(&sa));
	}
	ss->open_kind = "connect";
	return report(ss, result, SOCKET_OPEN, s, port, ip);
}

// The connect's error text names where it tried to go.
int connect_failed(socket_server *ss, socket_slot *s, socket_message *result, int err)
{
	char what[96] = "connect";
	std::string where = socket_udp_address_to_text(s->peer, s->peer_size);
	if (!where.empty())
		snprintf(what, sizeof(what), "connect %s", where.c_str());
	return close_with_error(ss, s, result, what, err);
}

int run_connect(socket_server *ss, const cmd_connect &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->opaque = cmd.opaque;
	addrinfo *list = nullptr;
	int gai = resolve(cmd.host, cmd.port, SOCK_STREAM, false, &list);
	if (gai != 0) {
		char text[200];
		snprintf(text, sizeof(text), "connect %s:%d: %s", cmd.host, cmd.port, gai_strerror(gai));
		report(ss, result, SOCKET_ERR, s, 0, text);
		force_close(ss, s);
		return SOCKET_ERR;
	}
	int err = 0;
	for (addrinfo *ai = list; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		int on = 1;
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
		s->peer_size = compact_from_sockaddr(ai->ai_addr, s->peer);
		int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (r != 0 && errno != EINPROGRESS) {
			err = errno;
			close(fd);
			continue;
		}
		s->fd = fd;
		s->family = ai->ai_family;
		freeaddrinfo(list);
		if (r == 0) {
			if (!epoll_watch(ss, s, true))
				return close_with_error(ss, s, result, "connect: epoll", errno);
			return connected_now(ss, s, result);
		}
		// In progress: writability (or an error) will tell.
		s->state.store(slot_state::connecting, std::memory_order_release);
		if (!epoll_watch(ss, s, true))
			return close_with_error(ss, s, result, "connect: epoll", errno);
		return -1;
	}
	freeaddrinfo(list);
	return connect_failed(ss, s, result, err);
}

int finish_connect(socket_server *ss, socket_slot *s, socket_message *result)
{
	int err = 0;
	socklen_t len = sizeof(err);
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err != 0)
		return connect_failed(ss, s, result, err);
	return connected_now(ss, s, result);
}

int run_start(socket_server *ss, const cmd_socket &cmd, socket_message *result)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (!s) {
		result->id = cmd.id;
		result->opaque = cmd.opaque;
		result->ud = 0;
		snprintf(ss->text, sizeof(ss->text), "start: socket %d is not open", cmd.id);
		result->data = ss->text;
		return SOCKET_ERR;
	}
	s->opaque = cmd.opaque;
	const char *how = "start";
	switch (s->state.load(std::memory_order_relaxed)) {
	case slot_state::accepted_paused:
		s->state.store(slot_state::connected, std::memory_order_release);
		break;
	case slot_state::listen_paused:
		s->state.store(slot_state::listening, std::memory_order_release);
		break;
	case slot_state::connected:
		how = "transfer"; // already running: a new owner, or a resume after pause
		break;
	default:
		return -1; // connecting, udp: nothing to start
	}
	s->reading = true;
	if (!epoll_watch(ss, s, false))
		return close_with_error(ss, s, result, "start: epoll", errno);
	return report(ss, result, SOCKET_OPEN, s, 0, how);
}

void run_pause(socket_server *ss, const cmd_socket &cmd)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (!s)
		return;
	slot_state st = s->state.load(std::memory_order_relaxed);
	if (st == slot_state::connected || st == slot_state::listening) {
		s->reading = false;
		epoll_watch(ss, s, false);
	}
}

int run_close(socket_server *ss, const cmd_socket &cmd, bool now, socket_message *result)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (!s || s->state.load(std::memory_order_relaxed) == slot_state::reserved)
		return -1;
	bool told = s->read_closed; // the peer's close was reported already
	bool pending = !s->high.empty() || !s->low.empty();
	// Only a connected TCP socket can flush; anything else (a connect still in
	// progress, a listener, UDP) closes at once.
	slot_state st = s->state.load(std::memory_order_relaxed);
	bool can_flush = st == slot_state::connected || st == slot_state::accepted_paused;
	if (now || !pending || !can_flush) {
		int type = told ? -1 : report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		force_close(ss, s);
		return type;
	}
	if (s->closing)
		return -1;
	// Stop reading now; the fd closes when the last queued byte is sent.
	s->closing = true;
	s->read_closed = true;
	epoll_watch(ss, s, false);
	return told ? -1 : report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
}

void run_nodelay(socket_server *ss, const cmd_socket &cmd)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (s && s->fd >= 0 && s->state.load(std::memory_order_relaxed) != slot_state::udp) {
		int on = 1;
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	}
}

void run_udp_open(socket_server *ss, const cmd_open_fd &cmd)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = cmd.family;
	s->reading = true;
	s->state.store(slot_state::udp, std::memory_order_release);
	if (!epoll_watch(ss, s, true)) {
		fprintf(stderr, "socket_server: udp socket %d: epoll: %s\n", cmd.id, strerror(errno));
		force_close(ss, s);
	}
}

void run_udp_peer(socket_server *ss, const cmd_udp_peer &cmd)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (s && s->state.load(std::memory_order_relaxed) == slot_state::udp) {
		s->peer_size = cmd.address_size;
		memcpy(s->peer, cmd.address, size_t(cmd.address_size));
	}
}

// Run one command. Returns the event it produced, or -1.
int run_command(socket_server *ss, command type, cmd_body &body, socket_message *result)
{
	switch (type) {
	case command::listen: return run_listen(ss, body.open_fd, result);
	case command::connect: return run_connect(ss, body.connect, result);
	case command::start: return run_start(ss, body.socket, result);
	case command::pause: run_pause(ss, body.socket); return -1;
	case command::close: return run_close(ss, body.socket, false, result);
	case command::shutdown: return run_close(ss, body.socket, true, result);
	case command::nodelay: run_nodelay(ss, body.socket); return -1;
	case command::send:
	case command::send_low: return run_send(ss, body.send, result);
	case command::udp_open: run_udp_open(ss, body.open_fd); return -1;
	case command::udp_peer: run_udp_peer(ss, body.udp_peer); return -1;
	case command::exit:
		result->id = 0;
		result->opaque = 0;
		result->ud = 0;
		result->data = nullptr;
		return SOCKET_EXIT;
	}
	fprintf(stderr, "socket_server: unknown command %d\n", int(type));
	return -1;
}

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
	}
	ss->check_ctrl = take_commands(ss);
}

// One step of the loop: a command, or one part of one event. -1: nothing to report.
int poll_step(socket_server *ss, socket_message *result)
{
	ss->open_kind = "open";
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

const char *event_kind(socket_server *ss, int type)
{
	switch (type) {
	case SOCKET_DATA: return "data";
	case SOCKET_CLOSE: return "close";
	case SOCKET_OPEN: return ss->open_kind;
	case SOCKET_ACCEPT: return "accept";
	case SOCKET_ERR: return "error";
	case SOCKET_UDP: return "udp";
	case SOCKET_WARNING: return "warning";
	default: return nullptr;
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

} // namespace

// --- the public API ---

socket_server *socket_server_create()
{
	socket_server *ss = new socket_server;
	ss->slots = new socket_slot[MAX_SOCKET];
	ss->udp_buffer = static_cast<char *>(malloc(MAX_UDP_PACKAGE));
	int fds[2];
	ss->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	// The doorbell's read end is non-blocking so that emptying it stops at EAGAIN.
	if (ss->epoll_fd < 0 || pipe2(fds, O_CLOEXEC) != 0 ||
		fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0) {
		fprintf(stderr, "socket_server: cannot create epoll or pipe: %s\n", strerror(errno));
		abort();
	}
	ss->commands.bell_read = fds[0];
	ss->commands.bell_write = fds[1];
	epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.ptr = nullptr;
	epoll_ctl(ss->epoll_fd, EPOLL_CTL_ADD, ss->commands.bell_read, &ev);
	ss->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return ss;
}

void socket_server_release(socket_server *ss)
{
	// Commands not run yet may own buffers or fds.
	command type;
	cmd_body body;
	while (read_command(ss, &type, &body) || (take_commands(ss) && read_command(ss, &type, &body))) {
		if (type == command::send || type == command::send_low)
			free(body.send.buffer);
		else if (type == command::listen || type == command::udp_open)
			close(body.open_fd.fd);
	}
	ss->ready_n = ss->ready_index = 0;
	for (int i = 0; i < MAX_SOCKET; i++) {
		socket_slot *s = &ss->slots[i];
		if (s->state.load(std::memory_order_relaxed) != slot_state::free)
			force_close(ss, s);
	}
	close(ss->commands.bell_read);
	close(ss->commands.bell_write);
	close(ss->epoll_fd);
	if (ss->reserve_fd >= 0)
		close(ss->reserve_fd);
	free(ss->udp_buffer);
	delete[] ss->slots;
	delete ss;
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

void socket_server_exit(socket_server *ss) { send_command(ss, command::exit, cmd_socket{0, 0}); }

int socket_server_listen(socket_server *ss, uint32_t opaque, const char *host, int port,
	int backlog, std::string *error)
{
	std::string why;
	int family = 0;
	int fd = open_bound(host, port, SOCK_STREAM, backlog, &family, &why);
	int id = fd < 0 ? -1 : reserve_id(ss);
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
	send_command(ss, command::listen, cmd_open_fd{id, fd, opaque, family});
	return id;
}

int socket_server_connect(socket_server *ss, uint32_t opaque, const char *host, int port)
{
	cmd_connect cmd{};
	if (host == nullptr || strlen(host) >= sizeof(cmd.host))
		return -1;
	int id = reserve_id(ss);
	if (id < 0)
		return -1;
	cmd.id = id;
	cmd.opaque = opaque;
	cmd.port = port;
	snprintf(cmd.host, sizeof(cmd.host), "%s", host);
	send_command(ss, command::connect, cmd);
	return id;
}

void socket_server_start(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::start, cmd_socket{id, opaque});
}

void socket_server_pause(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::pause, cmd_socket{id, opaque});
}

void socket_server_close(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::close, cmd_socket{id, opaque});
}

void socket_server_shutdown(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::shutdown, cmd_socket{id, opaque});
}

void socket_server_nodelay(socket_server *ss, int id)
{
	send_command(ss, command::nodelay, cmd_socket{id, 0});
}

static int send_buffer(socket_server *ss, int id, void *buffer, size_t sz, bool low,
	const uint8_t *address, int address_size)
{
	// An early refusal for a socket that is already gone, so that the caller
	// learns it now; the socket thread checks again, as it may close meanwhile.
	if (live_slot(ss, id) == nullptr) {
		free(buffer);
		return -1;
	}
	cmd_send cmd{};
	cmd.id = id;
	cmd.low = low;
	cmd.buffer = static_cast<char *>(buffer);
	cmd.size = sz;
	cmd.address_size = address_size;
	if (address_size > 0)
		memcpy(cmd.address, address, size_t(address_size));
	send_command(ss, low ? command::send_low : command::send, cmd);
	return 0;
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
	int id = reserve_id(ss);
	if (id < 0) {
		close(fd);
		return -1;
	}
	send_command(ss, command::udp_open, cmd_open_fd{id, fd, opaque, family});
	return id;
}

int socket_server_udp_connect(socket_server *ss, int id, const char *host, int port)
{
	cmd_udp_peer cmd{};
	cmd.id = id;
	cmd.address_size = socket_udp_address_from_host(host, port, cmd.address);
	if (cmd.address_size < 0)
		return -1;
	send_command(ss, command::udp_peer, cmd);
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

const uint8_t *socket_server_udp_address(int type, const socket_message *m, int *addrsz)
{
	if (type != SOCKET_UDP || m->data == nullptr)
		return nullptr;
	const uint8_t *address = reinterpret_cast<const uint8_t *>(m->data) + m->ud;
	int size = address[0] == 4 ? 7 : address[0] == 6 ? 19 : 0;
	if (size == 0)
		return nullptr;
	if (addrsz)
		*addrsz = size;
	return address;
}

bool socket_udp_address_parts(const uint8_t *address, int addrsz, std::string *ip, int *port)
{
	sockaddr_storage sa;
	socklen_t len;
	if (address == nullptr || !sockaddr_from_compact(address, addrsz, &sa, &len))
		return false;
	char text[INET6_ADDRSTRLEN];
	if (ip)
		*ip = ip_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	if (port)
		*port = port_of(reinterpret_cast<sockaddr *>(&sa));
	return true;
}

std::string socket_udp_address_to_text(const uint8_t *address, int addrsz)
{
	sockaddr_storage sa;
	socklen_t len;
	if (address == nullptr || !sockaddr_from_compact(address, addrsz, &sa, &len))
		return "";
	char text[INET6_ADDRSTRLEN + 8];
	address_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	return text;
}

int socket_udp_address_from_host(const char *host, int port, uint8_t out[SOCKET_UDP_ADDRESS_MAX])
{
	addrinfo *list = nullptr;
	if (host == nullptr || resolve(host, port, SOCK_DGRAM, false, &list) != 0)
		return -1;
	int size = compact_from_sockaddr(list->ai_addr, out);
	freeaddrinfo(list);
	return size;
}
