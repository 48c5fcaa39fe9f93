// trace_ring: per-thread rings of trace records, and the writer thread that merges them by time into the sinks.
#include <chrono>
#include <thread>

#include "kernel/trace.h"
#include "kernel/trace_state.h"

trace_ring *trace_ring_new_for_thread(uint64_t generation)
{
	trace_ring *ring = new trace_ring;
	trace_my_ring = ring;
	trace_my_ring_generation = generation;
	std::lock_guard g(trace_S->rings_lock);
	trace_S->rings.push_back(ring);
	return ring;
}

void trace_ring_wait(trace_ring *ring, uint64_t tail)
{
	while (tail - (ring->head_seen = ring->head.load(std::memory_order_acquire)) >= TRACE_RING_SIZE)
		std::this_thread::yield(); // full: wait for the writer rather than lose the event
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

// Merge what every ring holds now, oldest first, into the sinks.
static size_t drain_once(writer_out &out)
{
	trace_state *S = trace_S;
	std::vector<trace_ring *> rings;
	{
		std::lock_guard g(S->rings_lock);
		rings = S->rings;
	}
	// `t`: the time of the record at `at`, kept so that picking the oldest
	// reads one array, not a slot of every ring.
	struct cursor { trace_ring *r; uint64_t at, end, t; };
	std::vector<cursor> cur;
	for (auto *r : rings) {
		uint64_t head = r->head.load(std::memory_order_relaxed);
		uint64_t tail = r->tail.load(std::memory_order_acquire);
		if (head != tail)
			cur.push_back({r, head, tail, r->slot[head % TRACE_RING_SIZE].t});
	}
	size_t n = 0;
	out.borrow();
	while (!cur.empty()) {
		cursor *best = &cur[0];
		for (size_t i = 1; i < cur.size(); i++)
			if (cur[i].t < best->t)
				best = &cur[i];
		trace_record &r = best->r->slot[best->at % TRACE_RING_SIZE];
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
		// Hand slots back in small steps so a full ring's producer resumes soon.
		if ((best->at & 255) == 0)
			best->r->head.store(best->at, std::memory_order_release);
		if (best->at == best->end) {
			best->r->head.store(best->at, std::memory_order_release);
			*best = cur.back();
			cur.pop_back();
		} else {
			best->t = best->r->slot[best->at % TRACE_RING_SIZE].t;
		}
		if (out.lines.size() >= out.enough) {
			out.give_back();
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
	trace_state *S = trace_S;
	trace_lines lines(CHUNK_FULL + (64 << 10));
	writer_out out{lines};
	for (;;) {
		bool stopping = S->stop.load(std::memory_order_acquire);
		size_t n = drain_once(out);
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
			// a core the workers need. A pause lets a batch gather; the rings
			// hold 32,768 records each, and a full one makes its thread wait,
			// never drop.
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		}
	}
}
