// test_trace_format: the writer's hand-written number formatting, cached timestamp digits, growing buffer and TSC clock give what the plain ways gave.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "kernel/trace.h"
#include "kernel/trace_format.h"
#include "tests/kernel/trace_lines.h"

namespace ts = trace_schema;

static trace_record push_record(uint64_t t, uint64_t id, uint32_t src, uint32_t dst, int64_t session, int64_t type,
	int64_t size)
{
	trace_record r;
	r.t = t;
	r.kind = ts::kind::msg_push;
	r.msg_push = {id, src, dst, session, type, size};
	return r;
}

static std::string push_line(uint64_t t, uint64_t id, uint32_t src, uint32_t dst, int64_t session, int64_t type,
	int64_t size)
{
	return "{\"t\":" + std::to_string(t) + ",\"ev\":\"msg.push\",\"id\":" + std::to_string(id) +
		",\"src\":" + std::to_string(src) + ",\"dst\":" + std::to_string(dst) +
		",\"session\":" + std::to_string(session) + ",\"type\":" + std::to_string(type) +
		",\"size\":" + std::to_string(size) + "}\n";
}

// Every power of ten and its neighbours, both signs, and the ends of the types.
static std::vector<uint64_t> edge_values()
{
	std::vector<uint64_t> v = {0, std::numeric_limits<uint64_t>::max(), std::numeric_limits<uint64_t>::max() - 1};
	for (uint64_t p = 1; p <= 1'000'000'000'000'000'000ull; p *= 10) {
		v.push_back(p - 1);
		v.push_back(p);
		v.push_back(p + 1);
		v.push_back(p * 5 + 7);
	}
	return v;
}

TEST_CASE("the writer's numbers are the decimal text std::to_string gives", "[trace][format]")
{
	trace_lines lines(64); // small: grows as lines are added
	std::string expected;
	for (uint64_t u : edge_values()) {
		int64_t s = (int64_t)u; // negative for the top half
		uint32_t h = (uint32_t)u;
		lines.add(push_record(u, u, h, h, s, -s, s));
		expected += push_line(u, u, h, h, s, -s, s);
	}
	int64_t lowest = std::numeric_limits<int64_t>::min();
	lines.add(push_record(1, 2, 3, 4, lowest, lowest, lowest));
	expected += push_line(1, 2, 3, 4, lowest, lowest, lowest);
	CHECK(std::string(lines.view()) == expected);
}

TEST_CASE("a timestamp reuses the digits above its last four only when they are the same", "[trace][format]")
{
	// Up across a 10^4 step, back down below it, then into a longer number:
	// each must come out whole whatever the line before held.
	const uint64_t times[] = {123459998, 123459999, 123460000, 123460001, 123459999, 9999, 10000, 0,
		99999999999, 100000000000, 123460001, 18446744073709551615ull};
	trace_lines lines;
	std::string expected;
	for (uint64_t t : times) {
		lines.add(push_record(t, 1, 2, 3, 0, 0, 5));
		expected += push_line(t, 1, 2, 3, 0, 0, 5);
	}
	CHECK(std::string(lines.view()) == expected);
}

TEST_CASE("a text longer than the chunk grows it, escaped as before", "[trace][format]")
{
	std::string text(100'000, '\x01');
	text += "\"end\xff";
	trace_record r;
	r.t = 42;
	r.kind = ts::kind::log;
	r.log.h = 7;
	std::string block(4, '\0');
	uint32_t n = (uint32_t)text.size();
	memcpy(block.data(), &n, 4);
	block += text;
	r.log.text = {block.data()};
	trace_lines lines(256);
	lines.add(r);
	lines.add(push_record(43, 1, 2, 3, 0, 0, 5));
	std::string escaped;
	for (size_t i = 0; i < 100'000; i++)
		escaped += "\\u0001";
	CHECK(std::string(lines.view()) ==
		"{\"t\":42,\"ev\":\"log\",\"h\":7,\"text\":\"" + escaped + "\\\"end\\u00ff\"}\n" + push_line(43, 1, 2, 3, 0, 0, 5));
	r.log.text = {}; // the text is the test's, not the record's
}

TEST_CASE("the trace clock keeps time with the OS clock and never goes back across threads", "[trace][clock]")
{
	// Opening a trace picks the clock's source (the TSC where the OS clock
	// is a system call); what follows must hold either way.
	std::string error;
	REQUIRE(trace_open("memory", "", 2, error));
	auto os0 = std::chrono::steady_clock::now();
	uint64_t t0 = trace_clock();
	std::this_thread::sleep_for(std::chrono::milliseconds(30)); // a span to measure, not a wait for an event
	uint64_t t1 = trace_clock();
	auto os1 = std::chrono::steady_clock::now();
	double os_ns = (double)std::chrono::duration_cast<std::chrono::nanoseconds>(os1 - os0).count();
	CHECK((double)(t1 - t0) <= os_ns * 1.01);
	CHECK((double)(t1 - t0) >= (os_ns - 200'000) * 0.99); // less the two reads' own length

	// A value one thread read is never above what another reads after it.
	std::atomic<uint64_t> seen{0};
	std::atomic<int> backwards{0};
	auto reader = [&] {
		for (int i = 0; i < 20000; i++) {
			uint64_t before = seen.load(std::memory_order_acquire);
			uint64_t now = trace_clock();
			if (now < before)
				backwards++;
			uint64_t cur = seen.load(std::memory_order_relaxed);
			while (cur < now && !seen.compare_exchange_weak(cur, now, std::memory_order_acq_rel))
				;
		}
	};
	std::thread a(reader), b(reader);
	a.join();
	b.join();
	CHECK(backwards == 0);
	trace_close();
	trace_memory_take();
}
