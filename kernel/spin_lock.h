// spin_lock: the lock of a service's queue: spins on a collision, sleeps only if the holder stays.
#pragma once
#include <atomic>

// A service's queue is locked by its senders once a message and by the worker
// that runs it once a batch, each time for a few stores (kernel/mq.cpp). Two
// threads meeting on it should wait those few stores out, not sleep.
// glibc's default mutex (std::mutex) does not spin: the second thread goes
// straight into the kernel (futex) and the first pays a system call to wake
// it. In the 1M one-way sends (bench_send, 2 workers) the sender and the
// counter's pops met on it: 117-77,082 futex calls and up to 10,176 context
// switches a run, nearly all the sender asleep in mq_push with its vCPU
// idle. With this lock: 99-409 futex calls (the timer's and idle workers'
// waits). The send rate's median moved by 0.996-1.03x per pair of runs: the
// slow rounds are something else (docs/benchmarks.md, "The send row's slow
// rounds"); a call's instructions went 11,113 -> ~11,040. This lock spins
// first (SPINS pause instructions: ~1.3 us on this EPYC, where a pause takes
// ~40 ns, against a critical section of ~0.1 us), then sleeps as the mutex
// did, so a holder descheduled by the machine costs a microsecond of spin,
// not a core.
//
// The state, as in the classic futex mutex: 0 free, 1 held, 2 held and
// someone may be asleep on it (unlock then wakes one).
class spin_lock {
public:
	void lock()
	{
		int free = 0;
		if (state.compare_exchange_strong(free, 1, std::memory_order_acquire))
			return;
		lock_contended();
	}

	void unlock()
	{
		if (state.exchange(0, std::memory_order_release) == 2)
			state.notify_one();
	}

	// For tests: a thread has given up spinning and may be asleep on the lock.
	bool has_sleeper() const { return state.load(std::memory_order_relaxed) == 2; }

private:
	static constexpr int SPINS = 32;

	void lock_contended()
	{
		for (int i = 0; i < SPINS; i++) {
			__builtin_ia32_pause();
			int free = 0;
			if (state.load(std::memory_order_relaxed) == 0 &&
				state.compare_exchange_weak(free, 1, std::memory_order_acquire))
				return;
		}
		// Still held: mark it "someone waits" and sleep until it is free.
		while (state.exchange(2, std::memory_order_acquire) != 0)
			state.wait(2, std::memory_order_relaxed);
	}

	std::atomic<int> state{0};
};
