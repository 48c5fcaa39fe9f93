// timer: a min-heap of expiry times, read by one timer thread.
//
// skynet uses a hierarchical timing wheel, which is O(1) per timeout. A heap
// is O(log n) but reads in a dozen lines; with thousands of pending timeouts
// the difference is a few hundred nanoseconds per insert. Revisit if a
// benchmark shows the timer thread busy.
#include "kernel/timer.h"

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <queue>
#include <vector>

#include "kernel/message.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"

using steady = std::chrono::steady_clock;

struct timer_event {
	steady::time_point expire;
	uint64_t order; // keeps equal expiries in the order they were set
	uint32_t handle;
	int session;
	bool operator>(const timer_event &o) const
	{
		return expire != o.expire ? expire > o.expire : order > o.order;
	}
};

struct timer {
	std::mutex lock;
	std::condition_variable changed;
	std::priority_queue<timer_event, std::vector<timer_event>, std::greater<timer_event>> heap;
	uint64_t order = 0;
	// Ticks (1/100 s) count from the start of the second the node started
	// in, as skynet's do: skynet.now() begins at the start's centiseconds, so
	// starttime + now/100 is the wall clock to within a tick.
	steady::time_point tick0;
	uint32_t starttime = 0;
};

static timer *T = nullptr;

void timer_init()
{
	T = new timer;
	timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	auto now = steady::now();
	T->starttime = (uint32_t)wall.tv_sec;
	T->tick0 = now - std::chrono::nanoseconds(wall.tv_nsec);
}

void timer_free()
{
	delete T;
	T = nullptr;
}

static int push_response(uint32_t handle, int session)
{
	skynet_message msg{.source = 0, .session = session, .type = PTYPE_RESPONSE, .inlined = false, .data = nullptr, .size = 0, .id = 0};
	return skynet_context_push(handle, &msg);
}

int timer_timeout(uint32_t handle, int ticks, int session)
{
	if (trace_enabled())
		trace_timer(trace_schema::timer_op::set, handle, session, ticks);
	if (ticks <= 0) {
		if (trace_enabled())
			trace_timer(trace_schema::timer_op::fire, handle, session, 0);
		return push_response(handle, session);
	}
	std::lock_guard g(T->lock);
	// Aligned to ticks, as skynet's wheel is: the timeout fires when the tick
	// count reaches now + ticks, so sleep(1) right after a tick waits a whole
	// tick and 100 sleep(1) in a row take one second, not 100 x (1 tick + lag).
	auto tick = std::chrono::milliseconds(10);
	auto expire = T->tick0 + tick * (int64_t)(timer_now() + (uint64_t)ticks);
	bool earliest = T->heap.empty() || expire < T->heap.top().expire;
	T->heap.push({expire, T->order++, handle, session});
	if (earliest)
		T->changed.notify_one();
	return 0;
}

void timer_update(int max_wait_us)
{
	std::vector<timer_event> due;
	{
		std::unique_lock g(T->lock);
		auto limit = steady::now() + std::chrono::microseconds(max_wait_us);
		auto until = T->heap.empty() ? limit : std::min(limit, T->heap.top().expire);
		T->changed.wait_until(g, until);
		auto now = steady::now();
		while (!T->heap.empty() && T->heap.top().expire <= now) {
			due.push_back(T->heap.top());
			T->heap.pop();
		}
	}
	// Pushed outside the lock: a push may take a queue lock of its own.
	for (auto &e : due) {
		if (trace_enabled())
			trace_timer(trace_schema::timer_op::fire, e.handle, e.session, 0);
		push_response(e.handle, e.session);
	}
}

void timer_wake()
{
	std::lock_guard g(T->lock);
	T->changed.notify_all();
}

uint64_t timer_now()
{
	if (T == nullptr)
		return 0;
	auto d = steady::now() - T->tick0;
	return (uint64_t)std::chrono::duration_cast<std::chrono::milliseconds>(d).count() / 10;
}

uint32_t timer_starttime() { return T ? T->starttime : 0; }
