// test_spin_lock: the queue's lock excludes, and a thread asleep on it wakes when it is freed.
#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/spin_lock.h"

TEST_CASE("two threads counting under the lock lose no increment", "[spin_lock]")
{
	spin_lock lock;
	// Not atomic: only the lock keeps the two read-modify-writes apart
	// (volatile: one load and one store per increment, as written).
	volatile long counter = 0;
	constexpr int EACH = 200000;
	std::atomic<int> ready{0};
	auto count = [&] {
		// Both start together, so the two loops overlap.
		ready.fetch_add(1);
		while (ready.load() < 2) {
		}
		for (int i = 0; i < EACH; i++) {
			lock.lock();
			long seen = counter;
			// A few cycles between the read and the write: without the
			// lock the other thread's increment would land in between.
			for (int k = 0; k < 4; k++)
				__builtin_ia32_pause();
			counter = seen + 1;
			lock.unlock();
		}
	};
	std::thread other(count);
	count();
	other.join();
	CHECK(counter == 2L * EACH);
}

// A thread's scheduling state from /proc ('S': asleep in the kernel), or 0.
static char thread_state(long tid)
{
	std::ifstream f("/proc/self/task/" + std::to_string(tid) + "/stat");
	std::string line;
	std::getline(f, line);
	size_t paren = line.rfind(')');
	return paren != std::string::npos && paren + 2 < line.size() ? line[paren + 2] : 0;
}

TEST_CASE("a thread that gave up spinning wakes when the holder unlocks", "[spin_lock]")
{
	spin_lock lock;
	std::atomic<bool> got{false};
	std::atomic<long> waiter_tid{0};
	lock.lock();
	std::thread waiter([&] {
		waiter_tid.store(syscall(SYS_gettid));
		lock.lock();
		got.store(true);
		lock.unlock();
	});
	// The waiter spins a few hundred pauses, then marks the lock and sleeps
	// in the kernel (the mark alone does not say it got there yet).
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
	while (!(lock.has_sleeper() && waiter_tid.load() && thread_state(waiter_tid.load()) == 'S') &&
		std::chrono::steady_clock::now() < deadline)
		std::this_thread::yield();
	REQUIRE(lock.has_sleeper());
	REQUIRE(thread_state(waiter_tid.load()) == 'S');
	CHECK_FALSE(got.load());
	lock.unlock(); // must wake it: nothing else will
	deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
	while (!got.load() && std::chrono::steady_clock::now() < deadline)
		std::this_thread::yield();
	CHECK(got.load());
	if (got.load()) {
		waiter.join();
	} else {
		waiter.detach(); // asleep for good: the failure above says so
	}
	// The lock is free again, and its sleeper mark gone.
	lock.lock();
	CHECK_FALSE(lock.has_sleeper());
	lock.unlock();
}
