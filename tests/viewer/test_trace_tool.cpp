// test_trace_tool: export writes Chrome Trace JSON that parses, with every flow start ended; summary and errors.
#include "tools/trace_export.h"
#include "tools/trace_summary.h"
#include "tools/trace_tool.h"
#include "trace/trace_source.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

static const std::string PINGPONG = std::string(FIXTURES) + "/pingpong.jsonl";

static int run(std::vector<std::string> args)
{
	std::vector<char *> argv;
	for (std::string &a : args)
		argv.push_back(a.data());
	return trace_tool_main(int(argv.size()), argv.data());
}

TEST_CASE("trace export writes valid Chrome Trace JSON with matched flows, tracks, spans and counters", "[viewer][tool]")
{
	std::string out = "/tmp/skyglass_test_export.json";
	REQUIRE(run({"trace", "export", PINGPONG, out}) == 0);
	std::ifstream in(out);
	nlohmann::json j = nlohmann::json::parse(in);   // throws, failing the test, if invalid
	auto &events = j.at("traceEvents");
	std::map<int64_t, int> flow_starts, flow_ends;
	std::set<std::string> track_names;
	int slices = 0, async_begin = 0, async_end = 0, counters = 0;
	for (auto &e : events) {
		std::string ph = e.at("ph");
		if (ph == "s")
			flow_starts[e.at("id").get<int64_t>()]++;
		else if (ph == "f") {
			flow_ends[e.at("id").get<int64_t>()]++;
			CHECK(e.at("bp") == "e");
		} else if (ph == "X")
			slices++;
		else if (ph == "b")
			async_begin++;
		else if (ph == "e")
			async_end++;
		else if (ph == "C")
			counters++;
		else if (ph == "M" && e.at("name") == "thread_name")
			track_names.insert(e.at("args").at("name").get<std::string>());
	}
	CHECK(flow_starts.size() == 9);
	CHECK(flow_starts == flow_ends);
	for (auto &[id, n] : flow_starts)
		CHECK(n == 1);
	CHECK(slices >= 9);
	CHECK(async_begin == 3);
	CHECK(async_end == 3);
	CHECK(counters > 0);
	CHECK(track_names.count(".pong :0000000a") == 1);
	CHECK(track_names.count("ping :00000009") == 1);
}

TEST_CASE("trace summary shows services, edges, kinds, suspends, slow dispatches and long calls", "[viewer][tool]")
{
	TraceModel m;
	std::string error;
	REQUIRE(load_trace_file(PINGPONG, m, error));
	char *buf = nullptr;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	trace_summary_write(m, "pingpong.jsonl", f);
	std::fclose(f);
	std::string text(buf, len);
	std::free(buf);
	CHECK(text.find(":0000000a  snlua pong") != std::string::npos);
	CHECK(text.find(".pong") != std::string::npos);
	CHECK(text.find("ping                 -> .pong") != std::string::npos);
	CHECK(text.find("LUA 3") != std::string::npos);
	CHECK(text.find("msg.push 9") != std::string::npos);
	CHECK(text.find("call 3") != std::string::npos);
	CHECK(text.find("slowest dispatches") != std::string::npos);
	CHECK(text.find("longest pending calls") != std::string::npos);
}

TEST_CASE("trace tool rejects bad usage and missing files with a non-zero status", "[viewer][tool]")
{
	CHECK(run({"trace"}) != 0);
	CHECK(run({"trace", "frobnicate"}) != 0);
	CHECK(run({"trace", "export", PINGPONG}) != 0);
	CHECK(run({"trace", "summary", "/nonexistent/trace.jsonl"}) != 0);
	CHECK(run({"trace", "export", "/nonexistent/trace.jsonl", "/tmp/x.json"}) != 0);
	CHECK(run({"trace", "export", PINGPONG, "/nonexistent/dir/out.json"}) != 0);
}

// --- bad inputs (issue 8 item 6): the files are in tests/viewer/bad/ ---

static const std::string BAD = std::string(FIXTURES) + "/../bad/";

TEST_CASE("trace tools on a directory or garbage exit non-zero with a clear message", "[viewer][tool][bad]")
{
	CHECK(run({"trace", "summary", std::string(FIXTURES)}) != 0);
	CHECK(run({"trace", "export", std::string(FIXTURES), "/tmp/skyglass_test_dir.json"}) != 0);
	CHECK(run({"trace", "export", BAD + "garbage.txt", "/tmp/skyglass_test_garbage.json"}) != 0);
	TraceModel m;
	std::string error;
	CHECK_FALSE(load_trace_file(std::string(FIXTURES), m, error));
	CHECK(error.find("is a directory") != std::string::npos);
	TraceModel g;
	CHECK_FALSE(load_trace_file(BAD + "garbage.txt", g, error));
	CHECK(error.find("not a trace") != std::string::npos);
}

TEST_CASE("a time past 2^53 ns and INT64 extremes are bad lines or kept, never undefined", "[viewer][tool][bad]")
{
	TraceModel huge;
	std::string error;
	REQUIRE(load_trace_file(BAD + "huge-time.jsonl", huge, error));
	CHECK(huge.size() == 2);
	CHECK(huge.bad_lines() == 1);
	CHECK(huge.last_time() == 5);

	TraceModel ext;
	REQUIRE(load_trace_file(BAD + "int64-extremes.jsonl", ext, error));
	CHECK(ext.bad_lines() == 1); // the negative time
	CHECK(ext.size() == 5);
	CHECK(run({"trace", "summary", BAD + "int64-extremes.jsonl"}) == 0);
	CHECK(run({"trace", "export", BAD + "int64-extremes.jsonl", "/tmp/skyglass_test_ext.json"}) == 0);
}

TEST_CASE("trace export escapes invalid UTF-8 so that its JSON stays valid", "[viewer][tool][bad]")
{
	std::string out = "/tmp/skyglass_test_utf8.json";
	REQUIRE(run({"trace", "export", BAD + "bad-utf8.jsonl", out}) == 0);
	std::ifstream in(out);
	nlohmann::json j;
	REQUIRE_NOTHROW(j = nlohmann::json::parse(in)); // throws on invalid UTF-8
	std::string all = j.dump();
	CHECK(all.find("good \xc3\xa9") != std::string::npos);
}
