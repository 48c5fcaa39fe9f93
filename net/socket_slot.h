// socket_slot: one socket as the socket thread keeps it (a slot), its write lists, and the table of slots that any thread may reserve from.
//
// Who touches what: the socket thread owns the contents of every slot. Other
// threads do only one thing here: reserve a free slot (a compare-and-swap on
// its state, so an id can be returned to the caller at once). That is why a
// slot's `id` and `state` are atomics and nothing else in it is.
//
// The one exception is a send: a caller writes to a connected socket itself
// when nothing of it is queued (see socket_direct_write.cpp). That touches the
// fd, the write lists' emptiness and the write counters, so the socket thread
// holds the slot's `writer` lock wherever it changes those (sending, flushing,
// closing), and `queued` counts the sends and closes on their way to it.
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

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <sched.h>

namespace socket_internal {

constexpr int MAX_SOCKET = 1 << 16; // slots; ids are hashed into them (id % MAX_SOCKET)
constexpr int MIN_READ_BUFFER = 64;
constexpr int MAX_READ_BUFFER = 1 << 20;

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
	void append(write_buffer *wb)
	{
		wb->next = nullptr;
		if (tail)
			tail->next = wb;
		else
			head = wb;
		tail = wb;
	}
	write_buffer *pop()
	{
		write_buffer *wb = head;
		head = wb->next;
		if (!head)
			tail = nullptr;
		return wb;
	}
	void free_all()
	{
		while (!empty()) {
			write_buffer *wb = pop();
			free(wb->block);
			delete wb;
		}
	}
};

// There are MAX_SOCKET slots, all allocated at start, so the fields are
// ordered by size to keep a slot small (120 bytes: 7.5 MiB in all).
struct socket_slot {
	std::atomic<int> id{0};
	std::atomic<slot_state> state{slot_state::free};
	bool closing = false;     // the owner closed: close as soon as the writes drain (a direct write reads it)
	// One byte for the flags only the socket thread reads (a bit-field, so
	// that the writer lock and its counter below fit in the 120 bytes).
	bool reading : 1 = false;     // the owner wants data (not paused)
	bool read_closed : 1 = false; // CLOSE was reported; only writes go on
	bool watch_peer_close : 1 = true; // accepted_paused: report a peer's FIN before start (see slot_watch)
	bool warned : 1 = false;
	bool bound : 1 = false;       // taken in by bind (stdin): netstat's BIND
	bool read_grew : 1 = false;   // the last read filled the buffer (see read_tcp)
	bool failed : 1 = false;      // ERR was reported (slot_fail): its CLOSE is still to come
	// The peer: a TCP connect's target (for its error text), or the address a
	// UDP send without one goes to (set by udp_connect). Compact form.
	uint8_t peer_size = 0;
	uint8_t family = 0;       // AF_INET or AF_INET6: a UDP send must match it
	uint8_t peer[SOCKET_UDP_ADDRESS_MAX];
	// Who may write the fd now (slot_writer): nobody, a caller's direct
	// write, or the socket thread. These three bytes fit in padding.
	std::atomic<uint8_t> writer{0};
	// Sends and closes for this slot queued but not yet run by the socket
	// thread: while there are any, a caller's send queues behind them. Kept
	// across a slot's reuse, as each one queued is counted down when it runs.
	std::atomic<uint16_t> queued{0};
	int fd = -1;
	uint32_t opaque = 0;
	uint32_t epoll_mask = 0;  // what epoll watches for this fd right now
	int read_size = MIN_READ_BUFFER;
	uint32_t rtime = 0, wtime = 0; // for netstat: skynet_now() of the last read and write
	write_list high, low;
	size_t unsent = 0;        // bytes in both write lists
	size_t warn_at = SOCKET_WARNING_SIZE;
	// For netstat: bytes read (connections accepted, for a listener) and written.
	uint64_t read_bytes = 0, write_bytes = 0;

	bool has_writes() const { return !high.empty() || !low.empty(); }
};
static_assert(sizeof(socket_slot) <= 120, "65,536 slots are allocated at start: keep one small");

// The slot's writer lock (see socket_slot::writer). Held for one send()
// at most, so a waiter spins briefly, then yields: the holder may be a
// thread the scheduler has just put aside.
enum : uint8_t { WRITER_NONE = 0, WRITER_CALLER = 1, WRITER_SOCKET_THREAD = 2 };

inline void slot_writer_take(socket_slot *s, uint8_t who)
{
	for (int spins = 0;; spins++) {
		uint8_t none = WRITER_NONE;
		if (s->writer.load(std::memory_order_relaxed) == WRITER_NONE &&
			s->writer.compare_exchange_weak(none, who, std::memory_order_acquire))
			return;
		if (spins < 64)
			__builtin_ia32_pause();
		else
			sched_yield();
	}
}

inline void slot_writer_give(socket_slot *s) { s->writer.store(WRITER_NONE, std::memory_order_release); }

// The socket thread's hold on a slot's writer lock. It nests: a send that
// fails closes the slot, and the close takes the lock again.
struct slot_writer_guard {
	socket_slot *s;
	bool took;
	explicit slot_writer_guard(socket_slot *slot)
		: s(slot), took(slot->writer.load(std::memory_order_relaxed) != WRITER_SOCKET_THREAD)
	{
		if (took)
			slot_writer_take(s, WRITER_SOCKET_THREAD);
	}
	~slot_writer_guard()
	{
		if (took)
			slot_writer_give(s);
	}
	slot_writer_guard(const slot_writer_guard &) = delete;
	slot_writer_guard &operator=(const slot_writer_guard &) = delete;
};

struct slot_table {
	socket_slot *slots = nullptr; // MAX_SOCKET of them
	std::atomic<uint32_t> alloc_id{0};
};

inline socket_slot *slot_of(slot_table &t, int id) { return &t.slots[id & (MAX_SOCKET - 1)]; }

// The slot that holds socket `id`, or null if that socket is gone.
inline socket_slot *slot_live(slot_table &t, int id)
{
	if (id < 0)
		return nullptr;
	socket_slot *s = slot_of(t, id);
	slot_state st = s->state.load(std::memory_order_acquire);
	if (st == slot_state::free || s->id.load(std::memory_order_relaxed) != id)
		return nullptr;
	return s;
}

// Any thread: claim a free slot. Ids grow from a counter so that a closed id
// is not reused soon (a late message about an old socket finds nothing).
inline int slot_reserve(slot_table &t)
{
	for (int i = 0; i < MAX_SOCKET; i++) {
		int id = int((t.alloc_id.fetch_add(1, std::memory_order_relaxed) + 1) & 0x7fffffff);
		if (id == 0)
			continue;
		socket_slot *s = slot_of(t, id);
		slot_state expected = slot_state::free;
		if (s->state.compare_exchange_strong(expected, slot_state::reserved,
				std::memory_order_acq_rel)) {
			s->id.store(id, std::memory_order_release);
			return id;
		}
	}
	return -1;
}

} // namespace socket_internal
