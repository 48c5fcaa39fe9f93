// trace_state: what the parts of an open trace share (the filter, the rings, the sinks); internal to kernel/trace_*.cpp.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel/trace.h"
#include "kernel/trace_format.h"
#include "kernel/trace_record.h"
#include "kernel/trace_sink.h"

// One per recording thread: only that thread writes `tail`, only the writer
// thread moves `head`.
static constexpr size_t TRACE_RING_SIZE = 1 << 15;
// head and tail sit on lines of their own: next to each other, every push
// and every drain step moved the one line between the two cores.
struct trace_ring {
	trace_record slot[TRACE_RING_SIZE];
	alignas(64) std::atomic<uint64_t> head{0}; // next to read (writer thread)
	alignas(64) std::atomic<uint64_t> tail{0}; // next to write (owning thread)
	uint64_t head_seen = 0; // the owning thread's last read of head: read again only when it says full
};

// Services switched one by one: (handle, on).
using trace_switches = std::vector<std::pair<uint32_t, bool>>;

struct trace_state {
	std::mutex rings_lock;
	std::vector<trace_ring *> rings;
	std::vector<std::unique_ptr<trace_sink>> sinks;
	bool any_sink_notes = false;   // a sink wants each record beside its line
	std::thread writer;
	std::atomic<bool> stop{false};
	bool kind_on[trace_schema::kind_count];
	std::vector<uint32_t> handles; // empty: every service
	// The runtime's switch (the console's `tracing on|off`), and the services
	// switched one by one (`tracing on|off ADDR`), which win over it. A change
	// is rare, so it publishes a new list; the old ones stay until the trace
	// closes, as a recorder on another thread may still be reading one.
	std::atomic<bool> all_on{true};
	std::mutex switch_lock;
	std::atomic<const trace_switches *> switched{nullptr};
	std::vector<std::unique_ptr<trace_switches>> switch_history;
	std::atomic<uint64_t> next_id{1};
	int threads = 0;
};

// Null while no trace is open.
extern trace_state *trace_S;
// Bumped by every trace_open, so that threads take a fresh ring.
extern std::atomic<uint64_t> trace_generation;

// A recorder fills its record in place in the calling thread's ring:
// trace_ring_claim, the kind and fields, trace_ring_publish. Building it on
// the stack and copying its 88 bytes in cost ~25 instructions an event.
inline thread_local trace_ring *trace_my_ring = nullptr;
inline thread_local uint64_t trace_my_ring_generation = 0;
trace_ring *trace_ring_new_for_thread(uint64_t generation);
void trace_ring_wait(trace_ring *ring, uint64_t tail); // while the ring is full

// The slot the calling thread's next record goes in.
inline trace_record &trace_ring_claim(trace_ring *&ring, uint64_t &tail)
{
	uint64_t gen = trace_generation.load(std::memory_order_acquire);
	ring = trace_my_ring;
	if (ring == nullptr || trace_my_ring_generation != gen) [[unlikely]]
		ring = trace_ring_new_for_thread(gen);
	tail = ring->tail.load(std::memory_order_relaxed);
	if (tail - ring->head_seen >= TRACE_RING_SIZE) [[unlikely]]
		trace_ring_wait(ring, tail);
	return ring->slot[tail % TRACE_RING_SIZE];
}

// Stamps the claimed record with time t and hands it to the writer.
inline void trace_ring_publish_at(trace_ring *ring, uint64_t tail, uint64_t t)
{
	ring->slot[tail % TRACE_RING_SIZE].t = t;
	ring->tail.store(tail + 1, std::memory_order_release);
}
// The same, stamped now.
inline void trace_ring_publish(trace_ring *ring, uint64_t tail) { trace_ring_publish_at(ring, tail, trace_clock()); }
// The writer thread: drains the rings into the sinks until `stop`.
void trace_writer_main();
// Hand whole lines to every sink.
void trace_emit(std::string_view lines);
// The trace.start record of this run.
trace_record trace_start_record(bool late);
