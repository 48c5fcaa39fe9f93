// test_lesson: steps.json loads, bad ones say what is wrong, steps match a trace as check_lesson.py matches them, tags are found.
#include "trace/lesson.h"
#include "trace/lesson_match.h"
#include "trace/trace_source.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

static const std::string LESSON01 = std::string(SKYGLASS_ROOT) + "/lessons/01-hello";

static Lesson load_lesson(const std::string &dir)
{
	Lesson lesson;
	std::string error;
	INFO(error);
	REQUIRE(lesson_load(dir, lesson, error));
	return lesson;
}

// A lesson folder in a temporary directory holding `steps` as its steps.json.
static std::string lesson_with(const std::string &name, const std::string &steps)
{
	fs::path dir = fs::temp_directory_path() / ("skyglass-lesson-" + std::to_string(getpid())) / name;
	fs::create_directories(dir);
	std::ofstream(dir / "steps.json") << steps;
	return dir.string();
}

static std::string load_error(const std::string &steps)
{
	static int n = 0;
	Lesson lesson;
	std::string error;
	CHECK_FALSE(lesson_load(lesson_with("bad" + std::to_string(n++), steps), lesson, error));
	return error;
}

// The 1-based file lines of the events each step matched.
static std::vector<uint32_t> matched_lines(const LessonMatcher &matcher, const TraceModel &m)
{
	std::vector<uint32_t> lines;
	for (size_t i = 0; i < matcher.matched(); i++)
		lines.push_back(m.event(matcher.event_of(i)).line);
	return lines;
}

static std::vector<std::string> fixture_lines(const char *name)
{
	std::ifstream in(std::string(FIXTURES) + "/" + name);
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	return lines;
}

// What tests/lessons/check_lesson.py finds on this fixture (its line numbers).
static const std::vector<uint32_t> LESSON01_STEP_LINES = {4, 22, 77, 102, 128, 131, 133, 137, 171};

TEST_CASE("a lesson's steps.json loads with its title, steps, matches and captures", "[viewer][lesson]")
{
	Lesson lesson = load_lesson(LESSON01);
	CHECK(lesson.title == "01 hello: a first service and a call");
	REQUIRE(lesson.steps.size() == 9);
	CHECK(lesson.steps[0].match.dump() == R"({"ev":"svc.new","args":"bootstrap"})");   // fields in written order
	CHECK(lesson.steps[2].capture.dump() == R"({"main":"h"})");
	CHECK(lesson.steps[4].tag == "lesson 01.2");
	CHECK(lesson.steps[5].tag.empty());
	CHECK(fs::equivalent(lesson.root, SKYGLASS_ROOT));   // found from the lesson's path
}

TEST_CASE("a bad steps.json is reported with its file and the field at fault", "[viewer][lesson]")
{
	Lesson lesson;
	std::string error;
	CHECK_FALSE(lesson_load("/nonexistent/lesson", lesson, error));
	CHECK_THAT(error, Catch::Contains("/nonexistent/lesson/steps.json: cannot open"));

	CHECK_THAT(load_error("{\"title\": \"x\",\n \"steps\": [ }"), Catch::Contains("steps.json: not JSON") && Catch::Contains("line 2"));
	CHECK_THAT(load_error(R"({"title": "x"})"), Catch::Contains("steps.json: \"steps\" is missing"));
	CHECK_THAT(load_error(R"({"title": 3, "steps": []})"), Catch::Contains("\"title\" must be a string"));
	CHECK_THAT(load_error(R"({"steps": [{"text": "a", "match": {"ev": "log"}}, {"text": "b", "match": []}]})"),
	           Catch::Contains("step 2: \"match\" is missing or not a non-empty object"));
	CHECK_THAT(load_error(R"({"steps": [{"match": {"ev": "log"}}]})"), Catch::Contains("step 1: \"text\" is missing"));
	CHECK_THAT(load_error(R"({"steps": [{"text": "a", "match": {"ev": "log", "h": "$main"}}]})"),
	           Catch::Contains("step 1: match \"h\": \"$main\" is not captured by an earlier step"));
	CHECK_THAT(load_error(R"({"steps": [{"text": "a", "match": {"ev": "log"}, "capture": {"main": 1}}]})"),
	           Catch::Contains("step 1: capture \"main\" must name a field"));
	CHECK_THAT(load_error(R"({"steps": [{"text": "a", "match": {"ev": "log"}, "tag": 12}]})"),
	           Catch::Contains("step 1: \"tag\" must be a non-empty string"));
}

TEST_CASE("steps match lesson 01's trace in time order, as check_lesson.py matches them", "[viewer][lesson]")
{
	Lesson lesson = load_lesson(LESSON01);
	TraceModel m;
	std::string error;
	REQUIRE(load_trace_file(std::string(FIXTURES) + "/lesson01.jsonl", m, error));
	LessonMatcher matcher;
	matcher.update(lesson, m);
	REQUIRE(matcher.matched() == 9);
	CHECK(matched_lines(matcher, m) == LESSON01_STEP_LINES);
	CHECK(matcher.event_of(9) == NO_EVENT);
}

TEST_CASE("matching is incremental, and starts over when an event arrives out of order", "[viewer][lesson]")
{
	Lesson lesson = load_lesson(LESSON01);
	std::vector<std::string> lines = fixture_lines("lesson01.jsonl");

	SECTION("one line at a time, as a live trace grows") {
		TraceModel m;
		LessonMatcher matcher;
		for (const std::string &line : lines) {
			m.ingest_line(line);
			matcher.update(lesson, m);
		}
		CHECK(matched_lines(matcher, m) == LESSON01_STEP_LINES);
	}
	SECTION("the last lines first: each arrives in the past") {
		TraceModel m;
		LessonMatcher matcher;
		for (size_t i = lines.size(); i-- > 0;) {
			m.ingest_line(lines[i]);
			matcher.update(lesson, m);
		}
		std::vector<uint32_t> want;
		for (uint32_t line : LESSON01_STEP_LINES)
			want.push_back(uint32_t(lines.size()) + 1 - line);   // the model numbers lines as they came
		CHECK(matched_lines(matcher, m) == want);
	}
}

TEST_CASE("captures fill in later steps, '*' matches a prefix, and 1 == true as in Python", "[viewer][lesson]")
{
	Lesson lesson = load_lesson(lesson_with("captures", R"({"title": "t", "steps": [
		{"text": "a client starts", "match": {"ev": "svc.new", "args": "client *"}, "capture": {"client": "h"}},
		{"text": "it reads", "match": {"ev": "sock.lua", "h": "$client", "op": "read"}, "capture": {"sock": "sock"}},
		{"text": "a partial packet", "match": {"ev": "netpack", "sock": "$sock", "partial": true, "in": 5.0}}]})"));
	TraceModel m;
	m.ingest_line(R"({"t":1,"ev":"svc.new","h":7,"module":"snlua","args":"client"})");             // no: no space after "client"
	m.ingest_line(R"({"t":2,"ev":"svc.new","h":9,"module":"snlua","args":"client 127.0.0.1 8888"})");
	m.ingest_line(R"({"t":3,"ev":"sock.lua","h":7,"sock":3,"op":"read","bytes":5})");                 // another service
	LessonMatcher matcher;
	matcher.update(lesson, m);
	REQUIRE(matcher.matched() == 1);
	CHECK(m.event(matcher.event_of(0)).h == 9);
	CHECK(matcher.waiting_for(lesson, 1) == R"({"ev":"sock.lua","h":9,"op":"read"})");
	CHECK(matcher.waiting_for(lesson, 2) == R"({"ev":"netpack","sock":"$sock","partial":true,"in":5.0})");

	m.ingest_line(R"({"t":4,"ev":"sock.lua","h":9,"sock":4,"op":"read","bytes":5})");
	m.ingest_line(R"({"t":5,"ev":"netpack","h":9,"sock":3,"in":5,"packets":0,"partial":true,"buffered":5})");
	m.ingest_line(R"({"t":6,"ev":"netpack","h":9,"sock":4,"in":5,"packets":0,"partial":false,"buffered":5})");
	m.ingest_line(R"({"t":7,"ev":"netpack","h":9,"sock":4,"in":5,"packets":0,"partial":true,"buffered":5})");
	matcher.update(lesson, m);
	REQUIRE(matcher.matched() == 3);
	CHECK(m.event(matcher.event_of(1)).t == 4);
	CHECK(m.event(matcher.event_of(2)).t == 7);

	CHECK(lesson_event_matches(R"({"ev":"netpack","partial":1})", {{"partial", true}}));
	CHECK(lesson_event_matches(R"({"ev":"x"})", {{"missing", nullptr}}));
	CHECK_FALSE(lesson_event_matches(R"({"ev":"x","n":"5"})", {{"n", 5}}));
}

TEST_CASE("each step's tag is found in the real sources with the lines around it", "[viewer][lesson]")
{
	Lesson lesson = load_lesson(LESSON01);
	const TagSource &call = lesson.steps[4].source;
	CHECK(call.file == "lessons/01-hello/main.lua");
	CHECK(call.line == 9);
	REQUIRE(call.lines.size() == 8);
	CHECK(call.first_line == 7);
	CHECK_THAT(call.lines[2], Catch::Contains("-- lesson 01.2:"));
	CHECK_THAT(call.lines[3], Catch::Contains("skynet.call(pong"));
	CHECK(lesson.steps[6].source.file == "lessons/01-hello/pong.lua");
	CHECK(lesson.steps[0].source.line == 0);   // no tag, no source

	Lesson echo = load_lesson(std::string(SKYGLASS_ROOT) + "/lessons/02-echo");
	for (const LessonStep &step : echo.steps)
		if (step.tag == "lesson net.fwd")
			CHECK(step.source.file == "net/skynet_socket.cpp");   // the runtime's sources are searched too
}
