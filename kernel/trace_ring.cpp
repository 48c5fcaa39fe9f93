// trace_ring: per-thread rings of trace records, and the writer thread that merges them by time into the sinks.
#include <chrono>
#include <thread>

#include "kernel/trace.h"
#include "kernel/trace_state.h"

static trace_ring *my_ring()
{
	thread_local trace_ring *ring = nullptr;
	thread_local uint64_t ring_generation = 0;
	uint64_t gen = trace_generation.load(std::memory_order_acquire);
	if (ring == nullptr || ring_generation != gen) {
		ring = new trace_ring;
		ring_generation = gen;
		std::lock_guard g(trace_S->rings_lock);
		trace_S->rings.push_back(ring);
	}
	return ring;
}

void trace_ring_push(trace_record &r)
{
	trace_ring *ring = my_ring();
	uint64_t tail = ring->tail.load(std::memory_order_relaxed);
	while (tail - ring->head.load(std::memory_order_acquire) >= TRACE_RING_SIZE)
		std::this_thread::yield(); // full: wait for the writer rather than lose the event
	r.t = trace_clock();
	ring->slot[tail % TRACE_RING_SIZE] = r;
	ring->tail.store(tail + 1, std::memory_order_release);
}

// Merge what every ring holds now, oldest first, into one chunk of lines.
static size_t drain_once(std::string &out)
{
	trace_state *S = trace_S;
	std::vector<trace_ring *> rings;
	{
		std::lock_guard g(S->rings_lock);
		rings = S->rings;
	}
	struct cursor { trace_ring *r; uint64_t at, end; };
	std::vector<cursor> cur;
	for (auto *r : rings) {
		uint64_t head = r->head.load(std::memory_order_relaxed);
		uint64_t tail = r->tail.load(std::memory_order_acquire);
		if (head != tail)
			cur.push_back({r, head, tail});
	}
	size_t n = 0;
	for (;;) {
		cursor *best = nullptr;
		for (auto &c : cur)
			if (c.at != c.end && (!best || c.r->slot[c.at % TRACE_RING_SIZE].t < best->r->slot[best->at % TRACE_RING_SIZE].t))
				best = &c;
		if (best == nullptr)
			break;
		trace_record &r = best->r->slot[best->at % TRACE_RING_SIZE];
		size_t from = out.size();
		trace_format(r, out);
		if (S->any_sink_notes)
			for (auto &s : S->sinks)
				if (s->notes)
					s->note(r, out.data() + from, out.size() - from);
		trace_record_free(r);
		best->at++;
		n++;
		// Hand slots back in small steps so a full ring's producer resumes soon.
		if ((best->at & 255) == 0)
			best->r->head.store(best->at, std::memory_order_release);
	}
	for (auto &c : cur)
		c.r->head.store(c.at, std::memory_order_release);
	return n;
}

void trace_emit(const std::string &lines)
{
	if (lines.empty())
		return;
	for (auto &s : trace_S->sinks)
		s->write(lines);
}

void trace_writer_main()
{
	trace_state *S = trace_S;
	std::string out;
	out.reserve(1 << 20);
	for (;;) {
		bool stopping = S->stop.load(std::memory_order_acquire);
		out.clear();
		size_t n = drain_once(out);
		trace_emit(out);
		if (n == 0) {
			if (stopping)
				break;
			for (auto &s : S->sinks)
				s->flush();
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		}
	}
}
