// test_trace: the trace writer turns what any thread records into valid JSON Lines,
// framed by trace.start and trace.stop, filtered as asked.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <sys/stat.h>

#include "kernel/message.h"
#include "kernel/trace.h"
#include "tests/kernel/kernel_support.h"
#include "tests/kernel/trace_lines.h"

namespace ts = trace_schema;

// Open the memory sink, or fail the test with trace_open's reason.
static void open_memory(const char *filter, int threads = 2)
{
	std::string error;
	bool opened = trace_open("memory", filter, threads, error);
	INFO(error);
	REQUIRE(opened);
}

static std::vector<json> close_and_take()
{
	trace_close();
	return parse_trace(trace_memory_take());
}

static std::set<std::string> kinds(const std::vector<json> &events)
{
	std::set<std::string> out;
	for (auto &e : events)
		out.insert(e["ev"].get<std::string>());
	return out;
}

static std::string logged_text(const std::string &text)
{
	open_memory("");
	trace_log(0x7, text);
	auto logs = events_of(close_and_take(), "log");
	REQUIRE(logs.size() == 1);
	CHECK(logs[0]["h"] == 0x7);
	return logs[0]["text"].get<std::string>();
}

TEST_CASE("tracing is off, and ids are 0, until a trace is opened", "[trace]")
{
	CHECK_FALSE(trace_enabled());
	CHECK(trace_next_id() == 0);
	open_memory("");
	CHECK(trace_enabled());
	uint64_t a = trace_next_id(), b = trace_next_id();
	CHECK(a != 0);
	CHECK(b > a);
	trace_close();
	CHECK_FALSE(trace_enabled());
	trace_memory_take();
}

TEST_CASE("a trace starts with trace.start, ends with trace.stop, and every line is JSON", "[trace]")
{
	open_memory("", 3);
	trace_svc_new(0x9, "snlua", "main");
	trace_svc_name(0x9, ".main");
	trace_msg_push(1, 0x9, 0xa, 5, 10, 12);
	trace_msg_begin(1, 0xa, 0);
	trace_msg_end(1, 0xa, 0);
	trace_msg_drop(2, 0x9, 0xb, 6, 10, ts::drop_reason::no_such_service);
	trace_co_new(0xa, 1, 5, ts::co_why::none, 0x9);
	trace_co_suspend(0xa, 1, 7, ts::co_why::call, 0xb);
	trace_co_resume(0xa, 1, 7, ts::co_why::response);
	trace_co_exit(0xa, 1, true);
	trace_timer(ts::timer_op::set, 0xa, 8, 100);
	trace_timer(ts::timer_op::fire, 0xa, 8, 0);
	trace_log(0xa, "hello");
	trace_sock_poll(3, ts::poll_kind::data, 64);
	trace_sock_fwd(3, 1, 0xa, 9, 64);
	trace_sock_lua(3, 0xa, ts::sock_op::suspend, 0, 10, trace_want::of(ts::want_word::line));
	trace_netpack(3, 64, 2, 1, true);
	trace_svc_exit(0xa);
	auto events = close_and_take();

	REQUIRE(events.size() == 2 + 18);
	CHECK(events.front()["ev"] == "trace.start");
	CHECK(events.front()["version"] == 1);
	CHECK(events.front()["thread"] == 3);
	CHECK(events.back()["ev"] == "trace.stop");
	uint64_t last_t = 0;
	for (size_t i = 1; i + 1 < events.size(); i++) {
		CHECK(events[i]["t"].get<uint64_t>() >= last_t); // one thread: in order
		last_t = events[i]["t"].get<uint64_t>();
	}

	auto push = events_of(events, "msg.push").at(0);
	CHECK(push == json::parse(R"({"t":)" + push["t"].dump() +
		R"(,"ev":"msg.push","id":1,"src":9,"dst":10,"session":5,"type":10,"size":12})"));
	auto suspend = events_of(events, "co.suspend").at(0);
	CHECK(suspend["why"] == "call");
	CHECK(suspend["dst"] == 0xb);
	CHECK(suspend["session"] == 7);
	CHECK(events_of(events, "co.new").at(0)["src"] == 0x9);
	CHECK(events_of(events, "co.exit").at(0)["ok"] == true);
	CHECK(events_of(events, "msg.drop").at(0)["reason"] == "no such service");
	auto svc = events_of(events, "svc.new").at(0);
	CHECK(svc["module"] == "snlua");
	CHECK(svc["args"] == "main");
	CHECK(events_of(events, "timer").at(0)["ticks"] == 100);
	CHECK_FALSE(events_of(events, "timer").at(1).contains("ticks"));
	CHECK(events_of(events, "sock.lua").at(0)["want"] == "line");
	CHECK(events_of(events, "netpack").at(0)["partial"] == true);
}

TEST_CASE("events from many threads keep each thread's order and unique ids", "[trace]")
{
	constexpr int THREADS = 4, PER_THREAD = 5000; // more than a ring drains at once
	open_memory("", THREADS);
	std::vector<std::thread> threads;
	for (int t = 0; t < THREADS; t++) {
		threads.emplace_back([t] {
			uint32_t self = 0x100 + t;
			for (int i = 0; i < PER_THREAD; i++) {
				uint64_t id = trace_next_id();
				trace_msg_push(id, self, 0x1, i, PTYPE_LUA, 0);
				if (i % 100 == 0) {
					std::string text = "thread " + std::to_string(t) + " step " + std::to_string(i);
					trace_log(self, text);
				}
			}
		});
	}
	for (auto &t : threads)
		t.join();
	auto events = close_and_take();

	CHECK(events.front()["ev"] == "trace.start");
	CHECK(events.back()["ev"] == "trace.stop");
	auto pushes = events_of(events, "msg.push");
	REQUIRE(pushes.size() == THREADS * PER_THREAD);
	std::set<uint64_t> ids;
	std::map<uint32_t, int> next_session;
	for (auto &p : pushes) {
		CHECK(ids.insert(p["id"].get<uint64_t>()).second);
		uint32_t src = p["src"].get<uint32_t>();
		// A thread's events come out in the order it recorded them.
		REQUIRE(p["session"].get<int>() == next_session[src]);
		next_session[src]++;
	}
	CHECK(next_session.size() == THREADS);
	CHECK(events_of(events, "log").size() == THREADS * PER_THREAD / 100);
}

TEST_CASE("text is escaped so that any bytes make a valid JSON string", "[trace]")
{
	CHECK(logged_text("say \"hi\"\nand\tbye\\") == "say \"hi\"\nand\tbye\\");
	CHECK(logged_text(std::string("bell\x07 cr\r", 9)) == "bell\x07 cr\r");
	// Well-formed UTF-8 passes through unchanged.
	CHECK(logged_text("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x99\x82") == "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x99\x82");
	// A byte that is not UTF-8 becomes \u00XX, which a reader sees as U+00XX.
	CHECK(logged_text("bad \xff\xfe end") == "bad \xc3\xbf\xc3\xbe end");
	CHECK(logged_text("cut \xe2\x82") == "cut \xc3\xa2\xc2\x82");
	CHECK(logged_text("lone \x80 continuation") == "lone \xc2\x80 continuation");
}

// The raw line a log text becomes, for checks that must not stop at a parse error.
static std::string logged_line(const std::string &text)
{
	open_memory("");
	trace_log(0x7, text);
	trace_close();
	auto lines = trace_memory_take();
	REQUIRE(lines.size() == 3);
	return lines[1];
}

// docs/trace-format.md: "bytes that are not valid UTF-8 are written as \u00XX".
// Sequences with the right shape but forbidden values (overlong forms, UTF-16
// surrogates, code points past U+10FFFF, lead bytes F5..F7) must be escaped too:
// a strict reader (nlohmann::json, Python's json) rejects the line otherwise.
// Overlong forms, surrogates and values past U+10FFFF must be escaped, not passed through.
TEST_CASE("ill-formed UTF-8 that only looks well-formed is escaped too", "[trace]")
{
	for (const char *bad : {"overlong \xc0\x80", "overlong \xe0\x80\x80", "surrogate \xed\xa0\x80",
			"too big \xf4\x90\x80\x80", "no such lead \xf5\x80\x80\x80"}) {
		std::string line = logged_line(bad);
		INFO(line);
		CHECK(json::accept(line));
	}
}

TEST_CASE("a filter keeps only the kinds it names, plus svc.* and log", "[trace][filter]")
{
	open_memory("msg.push, timer");
	trace_svc_new(0x9, "snlua", "main");
	trace_svc_name(0x9, ".main");
	trace_log(0x9, "kept");
	trace_msg_push(1, 0x9, 0xa, 0, 10, 0);
	trace_msg_begin(1, 0xa, 0);
	trace_co_new(0xa, 1, 0, ts::co_why::none, 0x9);
	trace_timer(ts::timer_op::set, 0xa, 1, 10);
	trace_sock_poll(3, ts::poll_kind::data, 1);
	trace_svc_exit(0x9);
	auto events = close_and_take();
	CHECK(kinds(events) == std::set<std::string>{"trace.start", "trace.stop", "svc.new", "svc.name",
		"svc.exit", "log", "msg.push", "timer"});
}

TEST_CASE("a kind term matches every event whose name starts with it", "[trace][filter]")
{
	open_memory("co,sock");
	trace_msg_push(1, 0x9, 0xa, 0, 10, 0);
	trace_co_new(0xa, 1, 0, ts::co_why::none, 0x9);
	trace_co_exit(0xa, 1, true);
	trace_sock_poll(3, ts::poll_kind::data, 1);
	trace_sock_lua(3, 0xa, ts::sock_op::read, 1, 0, trace_want::none());
	trace_netpack(3, 1, 0, 0, true);
	auto events = close_and_take();
	CHECK(kinds(events) == std::set<std::string>{"trace.start", "trace.stop", "co.new", "co.exit",
		"sock.poll", "sock.lua"});
}

TEST_CASE("a service term keeps the events of that service, as sender or receiver", "[trace][filter]")
{
	open_memory("msg,:0000000a");
	trace_msg_push(1, 0xa, 0xb, 0, 10, 0);  // from it
	trace_msg_push(2, 0xb, 0xa, 0, 10, 0);  // to it
	trace_msg_push(3, 0xb, 0xc, 0, 10, 0);  // neither
	trace_msg_begin(2, 0xa, 0);
	trace_msg_begin(3, 0xc, 0);
	trace_svc_new(0xc, "snlua", "other");   // names are always kept
	trace_co_new(0xa, 1, 0, ts::co_why::none, 0); // not a kind asked for
	auto events = close_and_take();
	std::vector<uint64_t> ids;
	for (auto &e : events)
		if (e.contains("id"))
			ids.push_back(e["id"].get<uint64_t>());
	CHECK(ids == std::vector<uint64_t>{1, 2, 2});
	CHECK(events_of(events, "svc.new").size() == 1);
	CHECK(events_of(events, "co.new").empty());
}

TEST_CASE("tracing one service: switched off, or alone on while the runtime is off", "[trace][filter]")
{
	open_memory("");
	REQUIRE(trace_switch_service(0xa, false));
	CHECK(trace_enabled());
	trace_msg_push(1, 0xb, 0xc, 0, 10, 0);  // neither is :a: kept
	trace_msg_push(2, 0xa, 0xa, 0, 10, 0);  // only :a: dropped
	trace_msg_push(3, 0xa, 0xb, 0, 10, 0);  // to a traced service: kept
	trace_co_new(0xa, 1, 0, ts::co_why::none, 0); // :a's own: dropped

	REQUIRE(trace_switch(false));           // the runtime off forgets the per-service switches
	CHECK_FALSE(trace_enabled());
	REQUIRE(trace_switch_service(0xa, true));
	CHECK(trace_enabled());                 // something is traced: the hot flag is up
	trace_msg_push(4, 0xb, 0xc, 0, 10, 0);  // dropped: the runtime is off
	trace_msg_push(5, 0xb, 0xa, 0, 10, 0);  // kept: :a is on
	trace_co_new(0xa, 2, 0, ts::co_why::none, 0);
	trace_netpack(3, 10, 0, 1, false);      // names no service: the runtime's switch, off
	trace_svc_new(0xc, "snlua", "other");   // names are always kept

	REQUIRE(trace_switch_service(0xa, false));
	CHECK_FALSE(trace_enabled());           // nothing left on
	REQUIRE(trace_switch(true));
	trace_msg_push(6, 0xa, 0xa, 0, 10, 0);  // the runtime on again: :a too
	auto events = close_and_take();
	std::vector<uint64_t> ids;
	for (auto &e : events)
		if (e["ev"] == "msg.push")
			ids.push_back(e["id"].get<uint64_t>());
	CHECK(ids == std::vector<uint64_t>{1, 3, 5, 6});
	auto cos = events_of(events, "co.new");
	REQUIRE(cos.size() == 1);
	CHECK(cos[0]["co"] == 2);
	CHECK(events_of(events, "netpack").empty());
	CHECK(events_of(events, "svc.new").size() == 1);
	CHECK_FALSE(trace_switch_service(0xa, true)); // no trace open
}

TEST_CASE("a filter term that matches no event kind is an error naming the term", "[trace][filter]")
{
	std::string error;
	CHECK_FALSE(trace_open("memory", "msg,bogus", 2, error));
	CHECK_THAT(error, Catch::Contains("'bogus'"));
	CHECK_FALSE(trace_enabled());
	// Nothing was left half-open: the next trace opens.
	open_memory("msg");
	trace_close();
	trace_memory_take();
}

TEST_CASE("opening a second trace while one is open is an error", "[trace]")
{
	open_memory("");
	std::string error;
	CHECK_FALSE(trace_open("memory", "", 2, error));
	CHECK_THAT(error, Catch::Contains("already open"));
	CHECK(trace_enabled());
	trace_close();
	trace_memory_take();
}

TEST_CASE("a trace file that cannot be written is an error naming the path", "[trace][file]")
{
	temp_dir dir;
	// A directory cannot be made under a regular file, whoever we run as.
	std::string blocker = dir.write("plain-file", "x");
	std::string path = blocker + "/sub/trace.jsonl";
	std::string error;
	CHECK_FALSE(trace_open(path.c_str(), "", 2, error));
	CHECK_THAT(error, Catch::Contains(path));
	CHECK_FALSE(trace_enabled());
}

TEST_CASE("a trace file is created with its directories and holds the same lines", "[trace][file]")
{
	temp_dir dir;
	std::string path = dir.file("nested/deeper/trace.jsonl");
	std::string error;
	REQUIRE(trace_open(path.c_str(), "", 2, error));
	trace_log(0x1, "to a file");
	trace_close();

	std::ifstream in(path);
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	auto events = parse_trace(lines);
	REQUIRE(events.size() == 3);
	CHECK(events[0]["ev"] == "trace.start");
	CHECK(events[1]["text"] == "to a file");
	CHECK(events[2]["ev"] == "trace.stop");
}

TEST_CASE("a trace file holds every line whole when the writer formats into the sink's blocks", "[trace][file]")
{
	// The writer formats straight into the file sink's buffer and hands it
	// back every MiB (trace_sink::lend); a text longer than what is left of
	// a loan needs a fresh one, and one longer than any loan (the \x01s
	// escape to 6 bytes each: ~1.8 MiB) goes through write(). 60,000 pushes
	// of ~90 bytes make five loans.
	temp_dir dir;
	std::string path = dir.file("trace.jsonl");
	std::string error;
	REQUIRE(trace_open(path.c_str(), "", 2, error));
	const std::string texts[] = {std::string(300'000, '\x01'), std::string(50'000, 'y') + "\"", "short"};
	const int pushes = 60'000;
	for (int i = 1; i <= pushes; i++) {
		trace_msg_push(uint64_t(i), 1, 2, 0, 10, i);
		if (i % 10'000 == 0)
			trace_log(0x7, texts[(i / 10'000) % 3]);
	}
	trace_close();

	std::ifstream in(path);
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	auto events = parse_trace(lines);
	REQUIRE(events.size() == size_t(pushes + pushes / 10'000 + 2));
	int seen = 0;
	for (auto &e : events) {
		if (e["ev"] == "msg.push") {
			seen++;
			REQUIRE(e["size"] == seen); // in order, none lost or torn
		} else if (e["ev"] == "log") {
			REQUIRE(seen % 10'000 == 0);
			CHECK(e["text"] == texts[(seen / 10'000) % 3]);
		}
	}
	CHECK(seen == pushes);
	// The disk thread allocates blocks 64 MiB ahead; closing frees those
	// past the end.
	struct stat st;
	REQUIRE(stat(path.c_str(), &st) == 0);
	CHECK(uint64_t(st.st_blocks) * 512 <= uint64_t(st.st_size) + (1u << 20));
}
