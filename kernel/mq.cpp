// mq: per-service ring-buffer queues and the global list of queues with work.
//
// A service's queue has its own lock (kernel/spin_lock.h: spins, then
// sleeps; skynet's is a plain spinlock), and each critical section is a few
// stores long. The global queue keeps a std::mutex: idle workers sleep on
// its condition variable.
#include "kernel/mq.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "kernel/spin_lock.h"

// A new queue's ring: 8 messages (384 bytes, 48 a message: kernel/message.h).
// Most services never hold more (an idle gate agent holds none); a burst
// doubles the ring as it needs. It was 64 (2.5 KiB in each service, ~2 KiB
// of an idle connection's cost).
static constexpr size_t DEFAULT_QUEUE_SIZE = 8;
static constexpr size_t OVERLOAD_THRESHOLD = 1024;

// The hand-off (see mq_handoff_begin in mq.h): the queue this worker woke
// during the message it is dispatching, kept for itself instead of joining
// the global queue. Only a worker inside a dispatch holds one.
thread_local bool handoff_open = false;
thread_local message_queue *handoff = nullptr;
// Messages pushed to the held queue after the one that woke it; at
// HANDOFF_STREAM of them the queue joins the global queue (mq_push).
thread_local int handoff_more = 0;
static constexpr int HANDOFF_STREAM = 2;
// The held queue is also published in the worker's slot, where a worker that
// is about to sleep takes it (mq_handoff_steal): a holder stuck in a long or
// endless message must not keep the service it woke from running.
static constexpr int HANDOFF_SLOTS = 256;
static std::atomic<message_queue *> handoff_slots[HANDOFF_SLOTS];
static std::atomic<int> handoff_slots_used{0};
thread_local std::atomic<message_queue *> *handoff_slot = nullptr;

struct message_queue {
	spin_lock lock;
	uint32_t handle = 0;
	// A ring buffer whose size is a power of two, so positions wrap with a
	// mask: head is the next to pop, tail the next free slot.
	std::vector<skynet_message> ring = std::vector<skynet_message>(DEFAULT_QUEUE_SIZE);
	size_t mask = DEFAULT_QUEUE_SIZE - 1;
	size_t head = 0, tail = 0, count = 0;
	bool in_global = true; // until mq_activate, so no worker sees a half-born service
	bool release = false;
	bool quiet = false; // mq_set_quiet
	size_t overload = 0;
	size_t overload_threshold = OVERLOAD_THRESHOLD;
	message_queue *next = nullptr;
};

message_queue *mq_create(uint32_t handle)
{
	auto *q = new message_queue;
	q->handle = handle;
	return q;
}

uint32_t mq_handle(message_queue *q) { return q->handle; }

size_t mq_length(message_queue *q)
{
	std::lock_guard g(q->lock);
	return q->count;
}

static void expand(message_queue *q)
{
	std::vector<skynet_message> bigger(q->ring.size() * 2);
	for (size_t i = 0; i < q->count; i++)
		bigger[i] = q->ring[(q->head + i) & q->mask];
	q->head = 0;
	q->tail = q->count;
	q->ring.swap(bigger);
	q->mask = q->ring.size() - 1;
}

void globalmq_push(message_queue *q);
static void globalmq_push_quiet(message_queue *q);

// A queue that has just got work: held by this worker if it is dispatching
// and holds none yet (the hand-off), otherwise into the global queue.
static void wake_queue(message_queue *q)
{
	if (handoff_open) {
		if (handoff == nullptr) {
			handoff = q; // joins the global queue later, or runs next here
			handoff_more = 0;
			handoff_slot->store(q, std::memory_order_release);
			return;
		}
		// A second queue woken by the same message: both join the global
		// queue in the order they were woken, so the first is not overtaken
		// by the second (skynet's order; lesson 20 shows it).
		message_queue *first = handoff;
		handoff = nullptr;
		if (handoff_slot->exchange(nullptr, std::memory_order_acq_rel) == first)
			globalmq_push(first);
	}
	globalmq_push(q);
}

void mq_push(message_queue *q, skynet_message *msg)
{
	bool wake;
	{
		std::lock_guard g(q->lock);
		if (q->count == q->ring.size())
			expand(q);
		q->ring[q->tail] = *msg;
		q->tail = (q->tail + 1) & q->mask;
		q->count++;
		wake = !q->in_global;
		q->in_global = true;
	}
	if (wake) {
		if (q->quiet)
			globalmq_push_quiet(q);
		else
			wake_queue(q);
	} else if (q == handoff && ++handoff_more >= HANDOFF_STREAM) {
		// A third message to the queue we hold: the waker is streaming
		// to it, so another worker should start on it now (unless one
		// already took it from our slot). Two are not a stream:
		// skynet.kill sends the launcher REMOVE and newservice then sends
		// it LAUNCH in the same message; publishing at the second sent the
		// launcher to the other worker on every create+kill, and kept that
		// worker spinning (bench_spawn: ~20 us of CPU per create+kill).
		handoff = nullptr;
		if (handoff_slot->exchange(nullptr, std::memory_order_acq_rel) == q)
			globalmq_push(q);
	}
}

void mq_handoff_begin()
{
	if (handoff_slot == nullptr) {
		int i = handoff_slots_used.fetch_add(1, std::memory_order_relaxed);
		if (i >= HANDOFF_SLOTS)
			return; // more threads than slots: this one never holds
		handoff_slot = &handoff_slots[i];
	}
	handoff_open = true;
}

message_queue *mq_handoff_end()
{
	handoff_open = false;
	message_queue *q = handoff;
	handoff = nullptr;
	// Taken by an idle worker meanwhile: it is in the global queue already.
	if (q && handoff_slot->exchange(nullptr, std::memory_order_acq_rel) != q)
		return nullptr;
	return q;
}

bool mq_handoff_steal()
{
	int used = std::min(handoff_slots_used.load(std::memory_order_relaxed), HANDOFF_SLOTS);
	for (int i = 0; i < used; i++) {
		if (handoff_slots[i].load(std::memory_order_relaxed) == nullptr)
			continue;
		if (message_queue *q = handoff_slots[i].exchange(nullptr, std::memory_order_acq_rel)) {
			globalmq_push(q);
			return true;
		}
	}
	return false;
}

bool mq_leave_if_empty(message_queue *q)
{
	std::lock_guard g(q->lock);
	if (q->count != 0)
		return false;
	q->in_global = false;
	q->overload_threshold = OVERLOAD_THRESHOLD;
	return true;
}

size_t mq_pop_batch(message_queue *q, skynet_message *out, size_t max)
{
	std::lock_guard g(q->lock);
	if (q->count == 0) {
		// Leaving the global queue: the next push will put us back.
		q->in_global = false;
		q->overload_threshold = OVERLOAD_THRESHOLD;
		return 0;
	}
	size_t n = q->count < max ? q->count : max;
	for (size_t i = 0; i < n; i++) {
		out[i] = q->ring[q->head];
		q->head = (q->head + 1) & q->mask;
	}
	q->count -= n;
	// Warn once per doubling: a queue of 5000 says so once (threshold now
	// 8192), not again at each pop on the way down. An empty queue starts over.
	while (q->count > q->overload_threshold) {
		q->overload = q->count;
		q->overload_threshold *= 2;
	}
	return n;
}

bool mq_pop(message_queue *q, skynet_message *msg)
{
	return mq_pop_batch(q, msg, 1) == 1;
}

size_t mq_overload(message_queue *q)
{
	size_t n = q->overload;
	q->overload = 0;
	return n;
}

void mq_activate(message_queue *q)
{
	// The queue was born "in global" so pushes during init did not enqueue it;
	// now it really joins, as a woken queue does: a service launched inside a
	// message (the launcher's LAUNCH) is held by this worker and runs next
	// here. What it buys: creating a service stays on one worker, as a call
	// does (see mq_handoff_begin); before, the new service's init went to the
	// global queue, the idle worker spinning for work took it, and with 2
	// workers a create+kill cost ~175 us of CPU against ~140 us with one
	// (bench_spawn, docs/benchmarks.md). What it costs: the new service starts
	// once the launcher's message ends (or an idle worker steals it), as any
	// service woken by a message does.
	wake_queue(q);
}

void mq_mark_release(message_queue *q)
{
	bool push;
	{
		std::lock_guard g(q->lock);
		q->release = true;
		push = !q->in_global;
		q->in_global = true;
		// Out of the global queue: quiet from now on (mq_set_quiet), as
		// freeing it can wait for whichever worker comes by. Waking a
		// sleeping worker for it (skynet.kill from a message) sent that
		// worker on to the next service created, on the other core.
		if (push)
			q->quiet = true;
	}
	if (push)
		globalmq_push_quiet(q);
}

void mq_release(message_queue *q, void (*drop)(skynet_message *, void *), void *ud)
{
	{
		// The handle is gone but the service is not freed yet (someone still
		// holds a reference): come back to it later.
		std::unique_lock g(q->lock);
		if (!q->release) {
			g.unlock();
			globalmq_push(q);
			return;
		}
	}
	skynet_message m;
	for (;;) {
		{
			std::lock_guard g(q->lock);
			if (q->count == 0)
				break;
			m = q->ring[q->head];
			q->head = (q->head + 1) & q->mask;
			q->count--;
		}
		drop(&m, ud);
	}
	delete q;
}



// --- the global queue ---

struct global_queue {
	std::mutex lock;
	message_queue *head = nullptr, *tail = nullptr;
	std::condition_variable work;
	std::atomic<int> sleeping{0};
	// True while a queue that is not quiet (mq_set_quiet) is in the list, so
	// idle workers can spin on it without taking the lock that pushers and
	// poppers need. A quiet queue alone does not keep a worker spinning.
	std::atomic<bool> has_work{false};
	int loud = 0; // queues in the list that are not quiet
	// Quiet queues in the list, read unlocked by globalmq_pop_quiet, which
	// every worker calls between two dispatches: no lock when there is none.
	std::atomic<int> quiet{0};
};

static global_queue G;

void mq_set_quiet(message_queue *q)
{
	std::lock_guard g(G.lock);
	if (q->quiet)
		return;
	q->quiet = true;
	for (message_queue *in = G.head; in; in = in->next) {
		if (in == q) {
			// counted as loud when it joined
			if (--G.loud == 0)
				G.has_work.store(false, std::memory_order_relaxed);
			G.quiet.fetch_add(1, std::memory_order_relaxed);
			break;
		}
	}
}

bool mq_is_quiet(message_queue *q)
{
	std::lock_guard g(G.lock);
	return q->quiet;
}

static void globalmq_append(message_queue *q)
{
	std::lock_guard g(G.lock);
	q->next = nullptr;
	if (G.tail) {
		G.tail->next = q;
		G.tail = q;
	} else {
		G.head = G.tail = q;
	}
	if (q->quiet)
		G.quiet.fetch_add(1, std::memory_order_relaxed);
	else if (G.loud++ == 0)
		G.has_work.store(true, std::memory_order_release);
}

void globalmq_push(message_queue *q)
{
	globalmq_append(q);
	// Only pay for a notify when some worker is actually asleep.
	if (G.sleeping.load(std::memory_order_acquire) > 0)
		G.work.notify_one();
}

void globalmq_requeue(message_queue *q)
{
	globalmq_append(q);
}

// A quiet queue (mq_set_quiet): a worker inside a dispatch does not wake
// another for it; it takes it itself from the global queue once its chain of
// hand-offs ends, or a spinning worker does. Other threads (timer, sockets)
// wake one, as no worker may be about to look.
static void globalmq_push_quiet(message_queue *q)
{
	if (!handoff_open) {
		globalmq_push(q);
		return;
	}
	globalmq_append(q);
}

message_queue *globalmq_pop()
{
	std::lock_guard g(G.lock);
	message_queue *q = G.head;
	if (q) {
		G.head = q->next;
		if (G.head == nullptr)
			G.tail = nullptr;
		if (q->quiet)
			G.quiet.fetch_sub(1, std::memory_order_relaxed);
		else if (--G.loud == 0)
			G.has_work.store(false, std::memory_order_relaxed);
		q->next = nullptr;
	}
	return q;
}

message_queue *globalmq_pop_quiet()
{
	if (G.quiet.load(std::memory_order_relaxed) == 0)
		return nullptr;
	std::lock_guard g(G.lock);
	message_queue *prev = nullptr;
	for (message_queue *q = G.head; q; prev = q, q = q->next) {
		if (!q->quiet)
			continue;
		(prev ? prev->next : G.head) = q->next;
		if (G.tail == q)
			G.tail = prev;
		q->next = nullptr;
		G.quiet.fetch_sub(1, std::memory_order_relaxed);
		return q;
	}
	return nullptr;
}

message_queue *globalmq_pop_loud()
{
	std::lock_guard g(G.lock);
	if (G.loud == 0)
		return nullptr;
	message_queue *prev = nullptr;
	for (message_queue *q = G.head; q; prev = q, q = q->next) {
		if (q->quiet)
			continue;
		(prev ? prev->next : G.head) = q->next;
		if (G.tail == q)
			G.tail = prev;
		q->next = nullptr;
		if (--G.loud == 0)
			G.has_work.store(false, std::memory_order_relaxed);
		return q;
	}
	return nullptr;
}

void globalmq_wait_for_work(int spin_rounds)
{
	// Spin first: a reply usually arrives within microseconds, and waking a
	// sleeping thread costs more than that. The spin adapts per worker: it
	// doubles when spinning found work and halves when it did not, so a
	// ping-pong between workers stays fast while a worker with nothing to do
	// (one busy service, or work that comes in bursts) stops burning a core.
	thread_local int spin_limit = 4000;
	for (int i = 0; i < spin_limit; i++) {
		if (G.has_work.load(std::memory_order_acquire)) {
			spin_limit = std::min(spin_limit * 2, 4000);
			return;
		}
		__builtin_ia32_pause();
	}
	spin_limit = std::max(spin_limit / 2, 64);
	for (int i = 0; i < spin_rounds; i++) {
		if (G.has_work.load(std::memory_order_acquire))
			return;
		std::this_thread::yield();
	}
	// Still nothing after the spin: a queue another worker holds for
	// itself has waited long enough (its waker's message is a long one).
	if (mq_handoff_steal())
		return;
	std::unique_lock g(G.lock);
	if (G.head)
		return;
	G.sleeping.fetch_add(1, std::memory_order_acq_rel);
	// The timeout bounds the damage of a lost wake-up and lets workers see quit.
	G.work.wait_for(g, std::chrono::milliseconds(50));
	G.sleeping.fetch_sub(1, std::memory_order_acq_rel);
}

bool globalmq_empty()
{
	std::lock_guard g(G.lock);
	return G.head == nullptr;
}

void globalmq_wake_all()
{
	G.work.notify_all();
}
