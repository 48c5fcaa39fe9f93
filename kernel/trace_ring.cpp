// trace_ring: per-thread rings of trace records, and the writer thread that merges them by time into the sinks.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

#include "kernel/trace.h"
#include "kernel/trace_state.h"

// The trace's own threads (this writer; the file sink's disk thread keeps
// the normal priority, as it only writes what the writer hands it) run at
// idle priority (SCHED_IDLE; nice 19 where that is refused): on a 2-core box
// they take a core only when no worker wants it, and a worker that wakes up
// takes the core back at once. During a burst the records wait in the
// threads' chains of blocks (trace_ring_next_block); the writer catches up
// when the workers leave a core idle, and at the latest when the trace
// closes. SKYGLASS_TRACE_PRIORITY=normal keeps the writer at the workers'
// priority.
static void writer_priority()
{
	const char *want = getenv("SKYGLASS_TRACE_PRIORITY");
	if (want != nullptr && strcmp(want, "normal") == 0)
		return;
	sched_param p{};
	if ((want != nullptr && strcmp(want, "nice") == 0) || pthread_setschedparam(pthread_self(), SCHED_IDLE, &p) != 0)
		(void)!setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
}

static trace_block *block_new()
{
	// Mapped twice the size, then trimmed to the 2 MiB boundary inside, so
	// that the block can be one huge page.
	size_t size = sizeof(trace_block);
	void *p = mmap(nullptr, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("trace: a block of records");
		abort(); // as operator new would on no memory; the cap keeps this far off
	}
	auto start = uintptr_t(p), aligned = (start + size - 1) & ~uintptr_t(size - 1);
	if (aligned > start)
		munmap(p, aligned - start);
	if (aligned + size < start + 2 * size)
		munmap(reinterpret_cast<void *>(aligned + size), start + 2 * size - aligned - size);
	madvise(reinterpret_cast<void *>(aligned), size, MADV_HUGEPAGE);
	return new (reinterpret_cast<void *>(aligned)) trace_block;
}

static void block_delete(trace_block *b)
{
	b->~trace_block();
	munmap(b, sizeof(trace_block));
}

trace_ring *trace_ring_new_for_thread(uint64_t generation)
{
	trace_ring *ring = new trace_ring;
	ring->write_block = ring->read_block = block_new();
	ring->write_end = TRACE_BLOCK_RECORDS;
	ring->blocks = 1;
	trace_S->blocks_out.fetch_add(1); // a thread's first block is not held to the cap
	trace_my_ring = ring;
	trace_my_ring_generation = generation;
	std::lock_guard g(trace_S->rings_lock);
	trace_S->rings.push_back(ring);
	return ring;
}

trace_ring::~trace_ring()
{
	// The chain (read_block to write_block: its records are formatted by
	// now), the spares and the blocks handed back.
	for (trace_block *list : {read_block, spare, returned.load()})
		while (list != nullptr) {
			trace_block *next = list->next.load(std::memory_order_relaxed);
			block_delete(list);
			list = next;
		}
	if (trace_S)
		trace_S->blocks_out.fetch_sub(blocks.load());
}

// A block the thread may write: one of its spares, else a fresh one while
// the whole trace holds fewer than the cap, else (the cap) it waits for the
// writer to empty one, asleep so that the writer, at idle priority, gets a
// core.
static trace_block *block_take(trace_state *S, trace_ring *ring)
{
	for (;;) {
		if (ring->spare == nullptr)
			ring->spare = ring->returned.exchange(nullptr, std::memory_order_acquire);
		if (trace_block *b = ring->spare) {
			ring->spare = b->next.load(std::memory_order_relaxed);
			b->next.store(nullptr, std::memory_order_relaxed);
			return b;
		}
		if (S->blocks_out.fetch_add(1) < S->blocks_cap) {
			ring->blocks.fetch_add(1, std::memory_order_relaxed);
			return block_new();
		}
		S->blocks_out.fetch_sub(1);
		std::unique_lock g(S->cap_lock);
		S->cap_waiters.fetch_add(1);
		// The timeout only bounds a wake-up lost between the writer's
		// hand-back and this wait; the predicate is the wait's reason.
		S->cap_freed.wait_for(g, std::chrono::milliseconds(1), [&] {
			return ring->returned.load() != nullptr || S->blocks_out.load() < S->blocks_cap;
		});
		S->cap_waiters.fetch_sub(1);
	}
}

// What the chain buys: a burst's records wait in memory and the workers
// never stop for the trace while the writer, at idle priority, waits for a
// core they leave; it formats the backlog after the burst. What it costs:
// memory (64 bytes a record, ~5 records a one-way send: 1M traced sends
// behind the writer are ~320 MB), capped by SKYGLASS_TRACE_BACKLOG (MiB,
// default 256; the cap counts every block, plus one block per thread beyond
// it), and fresh pages faulted in on the workers during a burst; the lines
// reach the file, and a live viewer or `trace steps --follow`, late while
// the writer is behind. Once the writer has caught up, a thread's chain
// cycles through its spares and allocates nothing.
void trace_ring_next_block(trace_ring *ring)
{
	trace_block *b = block_take(trace_S, ring);
	ring->write_block->next.store(b, std::memory_order_release); // before any record of b is published
	ring->write_block = b;
	ring->write_end += TRACE_BLOCK_RECORDS;
}

// A thread keeps this many blocks (one it writes while the writer reads the
// other); the writer frees those beyond it once emptied, so a burst's
// memory goes back to the system after the writer catches up.
static constexpr int BLOCKS_KEPT = 2;

// The writer is done with every record of b: back to its thread, or freed.
static void block_emptied(trace_state *S, trace_ring *ring, trace_block *b)
{
	if (ring->blocks.load(std::memory_order_relaxed) > BLOCKS_KEPT) {
		ring->blocks.fetch_sub(1, std::memory_order_relaxed);
		block_delete(b);
		S->blocks_out.fetch_sub(1);
	} else {
		trace_block *top = ring->returned.load(std::memory_order_relaxed);
		do
			b->next.store(top, std::memory_order_relaxed);
		while (!ring->returned.compare_exchange_weak(top, b, std::memory_order_release));
	}
	if (S->cap_waiters.load() > 0) {
		std::lock_guard g(S->cap_lock);
		S->cap_freed.notify_all();
	}
}

// A chunk is handed to the sinks once it holds this much: one fwrite per
// ~1 MiB instead of one per drain.
static constexpr size_t CHUNK_FULL = 1 << 20;
// Fewer records than this in a round: the writer pauses before the next.
static constexpr size_t DRAIN_SMALL = 4096;

// Where the writer's lines go: its own chunk, handed to every sink whole,
// or, when the one sink lends its buffer (trace_sink::lend: the file sink's
// blocks), straight into that buffer, which saves the sink a copy of every
// byte. A loan lasts at most one drain round, so flush() and the trace's own
// lines never meet a buffer the writer is still filling.
struct writer_out {
	trace_lines &lines;
	trace_sink *lender = nullptr; // the one sink, while it lends
	size_t enough = CHUNK_FULL;

	void borrow()
	{
		auto &sinks = trace_S->sinks;
		size_t room = 0, want = 0;
		char *p = sinks.size() == 1 ? sinks[0]->lend(room, want) : nullptr;
		// Past `enough` the loan is handed back, so with a line's room
		// beyond it a line without text never needs a check of its own.
		if (p == nullptr || room < want + trace_line_fixed_room) {
			lender = nullptr, enough = CHUNK_FULL;
			return;
		}
		lender = sinks[0].get(), enough = want;
		lines.attach(p, room);
	}
	// Hands what is written to the sinks; the loan, if any, ends.
	void give_back()
	{
		if (lender == nullptr) {
			trace_emit(lines.view());
			lines.clear();
			return;
		}
		lender->filled(lines.size());
		lender = nullptr;
		lines.detach();
	}
	// Room for a line with text where it goes (a line without text always
	// fits: see borrow): a fresh loan when this one is short; false when
	// even that is (a huge text), and r goes through the own chunk.
	bool room_for_text(const trace_record &r)
	{
		if (lender == nullptr)
			return true; // the own chunk grows
		size_t need = trace_line_room(r);
		if (lines.free_room() >= need)
			return true;
		give_back();
		borrow();
		return lender == nullptr || lines.free_room() >= need;
	}
};

// Formats r into out; the sinks that keep notes see it with its line.
[[gnu::always_inline]] static inline void add_line(trace_state *S, trace_lines &out, const trace_record &r)
{
	size_t from = out.size();
	out.add(r);
	if (S->any_sink_notes)
		for (auto &s : S->sinks)
			if (s->notes)
				s->note(r, out.at(from), out.size() - from);
}

// The writer's place in one ring during a drain round: the record at `at`
// is in `block`, whose first record is `base`, and its time is `t`, kept so
// that picking the oldest reads one array, not a slot of every ring.
struct cursor {
	trace_ring *r;
	trace_block *block;
	uint64_t base, at, end, t;

	trace_record &record()
	{
		if (at - base == TRACE_BLOCK_RECORDS) { // b is read to its end; `at` is in the next block
			trace_block *done = block;
			block = done->next.load(std::memory_order_acquire);
			base = at;
			block_emptied(trace_S, r, done);
		}
		return block->slot[at - base];
	}
	// Where the next round starts.
	void save() const { r->head = at, r->read_block = block, r->read_base = base; }
};

// Merge what every ring holds now, oldest first, into the sinks; stops
// early when the closing thread asks the writer to leave.
static size_t drain_once(writer_out &out, bool may_leave)
{
	trace_state *S = trace_S;
	std::vector<trace_ring *> rings;
	{
		std::lock_guard g(S->rings_lock);
		rings = S->rings;
	}
	std::vector<cursor> cur;
	for (auto *r : rings) {
		uint64_t tail = r->tail.load(std::memory_order_acquire);
		if (r->head != tail) {
			cursor c{r, r->read_block, r->read_base, r->head, tail, 0};
			c.t = c.record().t;
			cur.push_back(c);
		}
	}
	size_t n = 0;
	out.borrow();
	while (!cur.empty()) {
		cursor *best = &cur[0];
		for (size_t i = 1; i < cur.size(); i++)
			if (cur[i].t < best->t)
				best = &cur[i];
		trace_record &r = best->record();
		if (!trace_kind_has_text[int(r.kind)])
			add_line(S, out.lines, r);
		else {
			if (out.room_for_text(r))
				add_line(S, out.lines, r);
			else {
				out.give_back(); // nothing is lent now: the line goes through write()
				add_line(S, out.lines, r);
				out.give_back();
				out.borrow();
			}
			trace_record_free(r);
		}
		best->at++;
		n++;
		if (best->at == best->end) {
			best->save();
			*best = cur.back();
			cur.pop_back();
		} else {
			best->t = best->record().t;
		}
		if (out.lines.size() >= out.enough) {
			out.give_back();
			if (may_leave && S->writer_leave.load(std::memory_order_relaxed)) {
				for (auto &c : cur)
					c.save();
				return n;
			}
			out.borrow();
		}
	}
	out.give_back();
	return n;
}

void trace_emit(std::string_view lines)
{
	if (lines.empty())
		return;
	for (auto &s : trace_S->sinks)
		s->write(lines);
}

void trace_writer_main()
{
	writer_priority();
	trace_state *S = trace_S;
	trace_lines lines(CHUNK_FULL + (64 << 10));
	writer_out out{lines};
	for (;;) {
		bool stopping = S->stop.load(std::memory_order_acquire);
		if (S->writer_leave.load(std::memory_order_relaxed))
			break;
		size_t n = drain_once(out, true);
		if (n == 0) {
			if (stopping)
				break;
			for (auto &s : S->sinks)
				s->flush();
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		} else if (n < DRAIN_SMALL && !stopping) {
			// A writer faster than the workers went round again at once and
			// drained a few records each time, its own per-round costs
			// (copying the ring list, a small write) paid again and again on
			// a core the workers need. A pause lets a batch gather; the
			// records wait in their threads' chains meanwhile.
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		}
	}
}

// On the closing thread, once the writer has left: what is still in the
// rings, at the closer's priority.
void trace_writer_finish()
{
	trace_lines lines(CHUNK_FULL + (64 << 10));
	writer_out out{lines};
	while (drain_once(out, false) > 0) {
	}
}
