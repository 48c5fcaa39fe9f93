// test_runtime: a whole run of lesson 01 in this process, read back through its trace.
// This is the end-to-end check: the trace shows the ping-pong as it happened.
#include <cstdlib>
#include <map>
#include <set>

#include "kernel/context.h"
#include "kernel/mq.h"
#include "kernel/start.h"
#include "lua/runtime_parts.h"
#include "lua/snlua.h"
#include "kernel/module.h"
#include "kernel/trace.h"
#include "tests/kernel/kernel_support.h"
#include "net/service_harbor.h"
#include "tests/kernel/trace_lines.h"

// Run skynet_start on a config written to a fresh directory.
static int run_config(const std::string &text)
{
	support_register_modules();
	static bool snlua_registered = false;
	if (!snlua_registered) {
		snlua_registered = true;
		module_register(snlua_module_get());
		module_register(service_harbor_module());
	}
	// A previous test must not leave services or queued work behind.
	REQUIRE(context_total_all() == 0);
	REQUIRE(globalmq_empty());
	unsetenv("SKYGLASS_TRACE"); // it would override the config's `trace`
	temp_dir dir;
	std::string config = dir.write("config.lua", text);
	return skynet_start(config.c_str(), skyglass_runtime_parts());
}

static const std::string LESSON_01 = std::string("thread = 2\n"
	"exit_when_idle = true\n"
	"start = \"main\"\n"
	"luaservice = \"") + SKYGLASS_ROOT + "/lessons/01-hello/?.lua\"\n";

static uint32_t handle_of(const std::vector<json> &events, const char *args)
{
	for (auto &e : events)
		if (e["ev"] == "svc.new" && e["args"] == args)
			return e["h"].get<uint32_t>();
	return 0;
}

// Lesson 01 runs once per process; each test below reads the same trace.
static const std::vector<json> &lesson_01_trace()
{
	static std::vector<json> events;
	static bool ran = false;
	if (!ran) {
		ran = true;
		trace_memory_take();
		REQUIRE(run_config(LESSON_01 + "trace = \"memory\"\n") == 0);
		events = parse_trace(trace_memory_take());
	}
	REQUIRE(events.size() > 2);
	return events;
}

TEST_CASE("lesson 01 runs to the end with a trace framed by trace.start and trace.stop", "[start][trace]")
{
	auto &events = lesson_01_trace();
	CHECK_FALSE(trace_enabled()); // closed with the runtime
	CHECK(events.front()["ev"] == "trace.start");
	CHECK(events.front()["thread"] == 2);
	CHECK(events.back()["ev"] == "trace.stop");
}

TEST_CASE("lesson 01: main and pong are snlua services, and every service has exited by the end", "[start][trace]")
{
	auto &events = lesson_01_trace();
	uint32_t main = handle_of(events, "main"), pong = handle_of(events, "pong");
	REQUIRE(main != 0);
	REQUIRE(pong != 0);
	std::map<uint32_t, int> alive;
	for (auto &e : events) {
		if (e["ev"] == "svc.new") {
			if (e["h"] == main || e["h"] == pong)
				CHECK(e["module"] == "snlua");
			alive[e["h"].get<uint32_t>()]++;
		} else if (e["ev"] == "svc.exit") {
			alive[e["h"].get<uint32_t>()]--;
		}
	}
	for (auto [h, count] : alive) {
		INFO("service " << h);
		CHECK(count == 0);
	}
}

TEST_CASE("lesson 01: every pushed message is dispatched exactly once, or dropped with a reason", "[start][trace]")
{
	auto &events = lesson_01_trace();
	struct fate { json push; int begins = 0, ends = 0, drops = 0; json begin, end; };
	std::map<uint64_t, fate> by_id;
	for (auto &e : events) {
		if (!e.contains("id") || e["ev"] == "sock.fwd")
			continue;
		uint64_t id = e["id"].get<uint64_t>();
		if (e["ev"] == "msg.push") {
			INFO(e.dump());
			CHECK(by_id.count(id) == 0); // ids are unique per push
			by_id[id].push = e;
		} else if (e["ev"] == "msg.begin") {
			by_id[id].begins++;
			by_id[id].begin = e;
		} else if (e["ev"] == "msg.end") {
			by_id[id].ends++;
			by_id[id].end = e;
		} else if (e["ev"] == "msg.drop" && id != 0) {
			by_id[id].drops++;
		}
	}
	REQUIRE_FALSE(by_id.empty());
	for (auto &[id, f] : by_id) {
		INFO("id " << id << " push " << f.push.dump());
		REQUIRE_FALSE(f.push.is_null()); // nothing begins or drops without a push
		if (f.drops == 0) {
			CHECK(f.begins == 1);
			CHECK(f.ends == 1);
			CHECK(f.begin["h"] == f.push["dst"]);
			CHECK(f.end["h"] == f.push["dst"]);
			CHECK(f.begin["thread"] == f.end["thread"]);
		} else {
			CHECK(f.drops == 1);
			CHECK(f.begins == 0);
		}
	}
}

TEST_CASE("lesson 01: each call suspends, gets a RESPONSE with its session, and resumes", "[start][trace]")
{
	auto &events = lesson_01_trace();
	uint32_t main = handle_of(events, "main"), pong = handle_of(events, "pong");
	int calls_to_pong = 0;
	for (auto &suspend : events) {
		if (suspend["ev"] != "co.suspend" || suspend["h"] != main || suspend.value("why", "") != "call")
			continue;
		int session = suspend["session"].get<int>();
		INFO("call " << suspend.dump());
		CHECK(session > 0);
		const json *request = nullptr, *reply = nullptr, *resume = nullptr;
		for (auto &e : events) {
			if (e["ev"] == "msg.push" && e["src"] == main && e["session"] == session &&
				e["dst"] == suspend["dst"])
				request = &e;
			if (e["ev"] == "msg.push" && e["type"] == PTYPE_RESPONSE && e["session"] == session &&
				e["dst"] == main)
				reply = &e;
			if (e["ev"] == "co.resume" && e["h"] == main && e["co"] == suspend["co"] &&
				e["session"] == session)
				resume = &e;
		}
		REQUIRE(request != nullptr);
		REQUIRE(reply != nullptr);
		REQUIRE(resume != nullptr);
		CHECK((*reply)["src"] == suspend["dst"]);
		CHECK(resume->value("why", "") == "response");
		// Cause before effect, by the clock every event carries. The request's
		// push, not the suspend: the callee may answer on the other worker
		// before main's suspend is recorded.
		CHECK((*request)["t"].get<uint64_t>() < (*reply)["t"].get<uint64_t>());
		CHECK(suspend["t"].get<uint64_t>() < (*resume)["t"].get<uint64_t>());
		// The suspend takes its request's clock read (context_push_time) and
		// follows it in the file.
		CHECK((*request)["t"] == suspend["t"]);
		CHECK(request < &suspend);
		CHECK((*reply)["t"].get<uint64_t>() < (*resume)["t"].get<uint64_t>());
		if (suspend["dst"] == pong)
			calls_to_pong++;
	}
	CHECK(calls_to_pong == 3); // lesson 01 pings three times
}

// The C steps read a pooled coroutine's number from its record
// (lua/co_record.h), the Lua paths from co_id: a call's task has one number
// from its co.new through its co.suspend and co.resume, and the callee's
// tasks from their co.new to their co.exit.
TEST_CASE("lesson 01: a task's co events carry one number (co.new, co.suspend, co.resume; co.exit)", "[start][trace]")
{
	auto &events = lesson_01_trace();
	uint32_t main = handle_of(events, "main");
	int checked = 0;
	for (size_t i = 0; i < events.size(); i++) {
		const json &suspend = events[i];
		if (suspend["ev"] != "co.suspend" || suspend["h"] != main || suspend.value("why", "") != "call")
			continue;
		INFO("call " << suspend.dump());
		auto co = suspend["co"].get<int64_t>();
		CHECK(co > 0);
		bool made = false, resumed = false;
		for (size_t j = 0; j < events.size(); j++) {
			const json &e = events[j];
			// value()/contains(): operator[] of a const json on a missing key
			// is undefined (TSan saw it read freed memory).
			if (e.value("h", 0u) != main || !e.contains("co") || e["co"].get<int64_t>() != co)
				continue;
			made = made || (j < i && e["ev"] == "co.new");
			resumed = resumed || (j > i && e["ev"] == "co.resume" && e.contains("session") && e["session"] == suspend["session"]);
		}
		CHECK(made);
		CHECK(resumed);
		checked++;
	}
	CHECK(checked >= 3); // lesson 01 pings three times (and asks the launcher for pong)
	// the callee's tasks, started and ended by the C steps
	uint32_t pong = handle_of(events, "pong");
	int tasks = 0;
	for (size_t i = 0; i < events.size(); i++) {
		const json &exit = events[i];
		if (exit["ev"] != "co.exit" || exit["h"] != pong)
			continue;
		INFO("task end " << exit.dump());
		bool made = false;
		for (size_t j = 0; j < i; j++)
			made = made || (events[j]["ev"] == "co.new" && events[j]["h"] == pong && events[j]["co"] == exit["co"]);
		CHECK(made);
		tasks++;
	}
	CHECK(tasks >= 3);
}

TEST_CASE("without a trace key the runtime records nothing", "[start][trace]")
{
	trace_memory_take();
	REQUIRE(run_config(LESSON_01) == 0);
	CHECK_FALSE(trace_enabled());
	CHECK(trace_memory_take().empty());
}

TEST_CASE("an unusable config stops skynet_start with a non-zero status", "[start]")
{
	CHECK(run_config("thread = 0\n") != 0);
	CHECK(run_config("thread = 2\ntrace = \"memory\"\ntrace_filter = \"nonsense\"\n") != 0);
	CHECK_FALSE(trace_enabled());
}

TEST_CASE("skynet.request's answers resume its collector with why=response, not timeout", "[start][trace]")
{
	trace_memory_take();
	std::string root = SKYGLASS_ROOT;
	REQUIRE(run_config("thread = 2\nexit_when_idle = true\nstart = \"test_request\"\n"
			   "luaservice = \"" + root + "/tests/lua/?.lua\"\nlua_path = \"" + root + "/tests/lua/?.lua\"\n"
			   "trace = \"memory\"\n") == 0);
	auto events = parse_trace(trace_memory_take());
	uint32_t tester = handle_of(events, "test_request");
	REQUIRE(tester != 0);
	std::set<int64_t> called; // sessions the tester suspended on as calls
	int answered = 0;
	for (auto &e : events) {
		if (e["h"] != tester)
			continue;
		if (e["ev"] == "co.suspend" && e.value("why", "") == "call")
			called.insert(e["session"].get<int64_t>());
		if (e["ev"] == "co.resume" && called.count(e["session"].get<int64_t>())) {
			INFO(e.dump());
			CHECK(e.value("why", "") != "timeout");
			answered++;
		}
	}
	CHECK(answered >= 6); // select's answers: 42, fast, slow, a failed call, in time, and the calls after
}

TEST_CASE("a snax call is a message with its method name (msg.label)", "[start][trace][snax]")
{
	trace_memory_take();
	std::string root = SKYGLASS_ROOT;
	REQUIRE(run_config("thread = 2\nexit_when_idle = true\nstart = \"test_snax\"\n"
			   "luaservice = \"" + root + "/tests/lua/?.lua\"\nlua_path = \"" + root + "/tests/lua/?.lua\"\n"
			   "snax = \"" + root + "/tests/lua/snax/?.lua\"\ntrace = \"memory\"\n") == 0);
	auto events = parse_trace(trace_memory_take());
	std::map<uint64_t, json> pushes;
	for (auto &e : events)
		if (e["ev"] == "msg.push")
			pushes[e["id"].get<uint64_t>()] = e;
	std::map<std::string, int> labels;
	for (auto &e : events) {
		if (e["ev"] != "msg.label")
			continue;
		std::string label = e["label"];
		labels[label]++;
		// it names a message the labelling service received: a SNAX one (11)
		auto push = pushes.find(e["id"].get<uint64_t>());
		REQUIRE(push != pushes.end());
		CHECK(push->second["dst"] == e["h"]);
		CHECK(push->second["type"] == 11);
	}
	// counter_snax: obj.post.add(2), obj.post.add(3), obj.req.get(), ...
	CHECK(labels["accept.add"] >= 2);
	CHECK(labels["response.get"] >= 1);
	CHECK(labels["system.init"] >= 1);
}

// Traced, a batch's step from one request to the next (lua/batch_step.cpp)
// and a task's end with no batch left (lua/task_end.cpp) run in C and record
// the events skynet.lua's loop records: every request the receiver gets is
// msg.begin, co.new (the request's session and sender), co.exit (the same
// coroutine, ok), msg.end, with nothing else of those kinds in between.
TEST_CASE("traced, a batch of sends and a run of calls keep their co.new and co.exit in each message", "[start][trace]")
{
	trace_memory_take();
	std::string root = SKYGLASS_ROOT;
	REQUIRE(run_config("thread = 2\nexit_when_idle = true\nstart = \"trace_batch\"\n"
			   "luaservice = \"" + root + "/tests/lua/?.lua\"\nlua_path = \"" + root + "/tests/lua/?.lua\"\n"
			   "trace = \"memory\"\n") == 0);
	auto events = parse_trace(trace_memory_take());
	uint32_t sender = handle_of(events, "trace_batch");
	uint32_t receiver = handle_of(events, "batch_service");
	REQUIRE(sender != 0);
	REQUIRE(receiver != 0);
	std::map<uint64_t, json> pushes;
	std::vector<json> seq; // the receiver's dispatch and coroutine events, in file order
	for (auto &e : events) {
		if (e["ev"] == "msg.push")
			pushes[e["id"].get<uint64_t>()] = e;
		else if (e.value("h", 0u) == receiver && (e["ev"] == "msg.begin" || e["ev"] == "msg.end"
			|| e["ev"] == "co.new" || e["ev"] == "co.exit"))
			seq.push_back(e);
	}
	int sends = 0, calls = 0;
	for (size_t i = 0; i < seq.size(); i++) {
		if (seq[i]["ev"] != "msg.begin")
			continue;
		const json &push = pushes[seq[i]["id"].get<uint64_t>()];
		if (push.value("src", 0u) != sender || push.value("type", 0) != 10)
			continue; // the service's start, its timer
		INFO("the receiver's events from " << seq[i].dump());
		REQUIRE(i + 3 < seq.size());
		const json &co_new = seq[i + 1], &co_exit = seq[i + 2], &end = seq[i + 3];
		CHECK(co_new["ev"] == "co.new");
		CHECK(co_new["session"] == push["session"]);
		CHECK(co_new["src"] == sender);
		CHECK_FALSE(co_new.contains("why"));
		CHECK(co_exit["ev"] == "co.exit");
		CHECK(co_exit["co"] == co_new["co"]);
		CHECK(co_exit["ok"] == true);
		CHECK(end["ev"] == "msg.end");
		CHECK(end["id"] == seq[i]["id"]);
		(push["session"] == 0 ? sends : calls)++;
	}
	CHECK(sends == 100);
	CHECK(calls == 6); // five echoes and the log
}
