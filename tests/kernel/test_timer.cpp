// test_timer: a timeout becomes a RESPONSE message carrying its session, in expiry
// order. The test thread plays the timer thread by calling timer_update itself.
#include <catch2/catch.hpp>
#include <chrono>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/timer.h"
#include "tests/kernel/kernel_support.h"

// timer_init / timer_free around one test.
struct timer_scope {
	timer_scope() { timer_init(); }
	~timer_scope() { timer_free(); }
};

// Play the timer thread until `s` holds `count` messages (or two seconds pass).
// timer_update itself blocks until the next expiry, so this does not spin.
static void run_timer_until(const test_service &s, size_t count)
{
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
	while (s.rec->received.size() < count && std::chrono::steady_clock::now() < deadline) {
		timer_update(20000);
		dispatch_all();
	}
}

static std::vector<int> sessions(const test_service &s)
{
	std::vector<int> out;
	for (auto &m : s.rec->received)
		out.push_back(m.session);
	return out;
}

TEST_CASE("a timeout of zero ticks or less is delivered at once, without the timer thread", "[timer]")
{
	kernel_bench bench;
	timer_scope timer;
	test_service s = launch_recorder();
	CHECK(timer_timeout(s.handle, 0, 11) == 0);
	CHECK(timer_timeout(s.handle, -5, 12) == 0);
	CHECK(context_mqlen(s.ctx) == 2);
	dispatch_all();
	REQUIRE(s.rec->received.size() == 2);
	for (auto &m : s.rec->received) {
		CHECK(m.type == PTYPE_RESPONSE);
		CHECK(m.source == 0); // the timer is no service
		CHECK(m.data.empty());
	}
	CHECK(sessions(s) == std::vector<int>{11, 12});
}

TEST_CASE("an immediate timeout to a dead service reports -1", "[timer]")
{
	kernel_bench bench;
	timer_scope timer;
	test_service s = launch_recorder();
	REQUIRE(handle_retire(s.handle));
	CHECK(timer_timeout(s.handle, 0, 1) == -1);
}

TEST_CASE("a timeout does not fire before its ticks have passed", "[timer]")
{
	kernel_bench bench;
	timer_scope timer;
	test_service s = launch_recorder();
	REQUIRE(timer_timeout(s.handle, 500, 1) == 0); // five seconds
	timer_update(0);
	timer_update(1000);
	dispatch_all();
	CHECK(s.rec->received.empty());
}

TEST_CASE("timeouts fire in expiry order, whatever order they were set in", "[timer]")
{
	kernel_bench bench;
	timer_scope timer;
	test_service s = launch_recorder();
	auto set_at = std::chrono::steady_clock::now();
	REQUIRE(timer_timeout(s.handle, 3, 1) == 0);
	REQUIRE(timer_timeout(s.handle, 1, 2) == 0);
	REQUIRE(timer_timeout(s.handle, 2, 3) == 0);
	run_timer_until(s, 3);
	auto waited = std::chrono::steady_clock::now() - set_at;
	CHECK(sessions(s) == std::vector<int>{2, 3, 1});
	for (auto &m : s.rec->received)
		CHECK(m.type == PTYPE_RESPONSE);
	// Timeouts fire on tick boundaries, as skynet's: a timeout set part-way
	// through a tick fires after the third boundary, so more than two ticks
	// (20 ms) must have passed, and the last one cannot have come sooner.
	CHECK(waited >= std::chrono::milliseconds(20));
}

TEST_CASE("timeouts with the same ticks fire in the order they were set", "[timer]")
{
	kernel_bench bench;
	timer_scope timer;
	test_service s = launch_recorder();
	for (int session = 1; session <= 20; session++)
		REQUIRE(timer_timeout(s.handle, 1, session) == 0);
	run_timer_until(s, 20);
	std::vector<int> expected;
	for (int session = 1; session <= 20; session++)
		expected.push_back(session);
	CHECK(sessions(s) == expected);
}

TEST_CASE("timeouts go to the service that set them", "[timer]")
{
	kernel_bench bench;
	timer_scope timer;
	test_service a = launch_recorder(), b = launch_recorder();
	REQUIRE(timer_timeout(a.handle, 1, 100) == 0);
	REQUIRE(timer_timeout(b.handle, 1, 200) == 0);
	run_timer_until(b, 1);
	run_timer_until(a, 1);
	CHECK(sessions(a) == std::vector<int>{100});
	CHECK(sessions(b) == std::vector<int>{200});
}

TEST_CASE("timer_now counts hundredths of a second from the start's whole second", "[timer]")
{
	timer_scope timer;
	// As skynet's: timer_starttime() is the wall-clock second the timer began
	// in, and now counts hundredths from it, so it starts inside 0..100.
	uint64_t start = timer_now();
	CHECK(start <= 100);
	CHECK(timer_starttime() > 0);
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
	while (timer_now() < start + 2 && std::chrono::steady_clock::now() < deadline)
		timer_update(5000); // an empty heap: waits the full 5 ms
	CHECK(timer_now() >= start + 2);
}
