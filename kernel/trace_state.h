// trace_state: what the parts of an open trace share (the filter, the rings, the sinks); internal to kernel/trace_*.cpp.
#pragma once
#include <atomic>
#include <condition_variable>
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

// A thread's records, in order, in a chain of fixed-size blocks: the thread
// appends to its last block, the writer thread reads from its first. When
// the last block is full the thread links another, from its own spares
// (blocks the writer has emptied and handed back) or a fresh one, so a burst
// the writer cannot keep up with grows the chain instead of making the
// thread wait (trace_ring_next_block says what that buys and costs).
// A block is one 2 MiB huge page where the system gives one
// (MADV_HUGEPAGE): a burst's fresh blocks are then one page fault each, not
// 512 (touching 256 MiB of fresh memory here: 0.04-0.05 s of CPU in huge
// pages, 0.22-0.26 s in 4 KiB ones).
static constexpr size_t TRACE_BLOCK_BYTES = size_t(2) << 20;
static constexpr size_t TRACE_BLOCK_RECORDS = TRACE_BLOCK_BYTES / sizeof(trace_record) - 1; // 32,767
struct trace_block {
	// The next block of the chain (set by the thread before it publishes a
	// record there), or, on a spare list, the next spare.
	std::atomic<trace_block *> next{nullptr};
	trace_record slot[TRACE_BLOCK_RECORDS];
};
static_assert(sizeof(trace_block) == TRACE_BLOCK_BYTES, "a block of records is one huge page");

// One per recording thread. tail, write_block, write_end and spare belong to
// the owning thread; head, read_block and read_base to the writer thread.
struct trace_ring {
	trace_block *write_block = nullptr;
	uint64_t write_end = 0;              // tail at which write_block is full
	trace_block *spare = nullptr;        // blocks the thread may take at once
	alignas(64) std::atomic<uint64_t> tail{0}; // records published so far
	// head and tail sit on lines of their own: next to each other, every
	// publish and every drain moved the one line between the two cores.
	alignas(64) uint64_t head = 0;       // next record to read
	trace_block *read_block = nullptr;   // the block that holds record read_base
	uint64_t read_base = 0;
	std::atomic<trace_block *> returned{nullptr}; // emptied blocks, back to the thread
	std::atomic<int> blocks{0};          // blocks this thread owns (chain, spares, returned)
	~trace_ring();
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
	// Blocks of records held by all rings, and the most they may hold
	// (SKYGLASS_TRACE_BACKLOG, MiB): a thread that would pass it waits for
	// the writer, as every full ring once did.
	std::atomic<int64_t> blocks_out{0};
	int64_t blocks_cap = 0;
	std::mutex cap_lock;
	std::condition_variable cap_freed; // the writer emptied a block while a thread waited
	std::atomic<int> cap_waiters{0};
	// Set by trace_close: the writer thread leaves its round and the closing
	// thread drains the rest itself (the writer runs at idle priority, so
	// under load from elsewhere its drain could take long).
	std::atomic<bool> writer_leave{false};
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
void trace_ring_next_block(trace_ring *ring); // write_block is full: link another

// The slot the calling thread's next record goes in.
inline trace_record &trace_ring_claim(trace_ring *&ring, uint64_t &tail)
{
	uint64_t gen = trace_generation.load(std::memory_order_acquire);
	ring = trace_my_ring;
	if (ring == nullptr || trace_my_ring_generation != gen) [[unlikely]]
		ring = trace_ring_new_for_thread(gen);
	tail = ring->tail.load(std::memory_order_relaxed);
	if (tail == ring->write_end) [[unlikely]]
		trace_ring_next_block(ring);
	return ring->write_block->slot[tail + TRACE_BLOCK_RECORDS - ring->write_end];
}

// Stamps the claimed record with time t and hands it to the writer.
inline void trace_ring_publish_at(trace_ring *ring, uint64_t tail, uint64_t t)
{
	ring->write_block->slot[tail + TRACE_BLOCK_RECORDS - ring->write_end].t = t;
	ring->tail.store(tail + 1, std::memory_order_release);
}
// The same, stamped now.
inline void trace_ring_publish(trace_ring *ring, uint64_t tail) { trace_ring_publish_at(ring, tail, trace_clock()); }
// The writer thread: drains the rings into the sinks until `stop` (all of
// them) or `writer_leave` (at once; trace_writer_finish drains the rest).
void trace_writer_main();
void trace_writer_finish();
// Hand whole lines to every sink.
void trace_emit(std::string_view lines);
// The trace.start record of this run.
trace_record trace_start_record(bool late);
