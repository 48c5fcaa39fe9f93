// test_trace_line_fast: the fast line parser gives the same model as the reference reader, on good and bad input.
#include "trace/trace_line_fast.h"
#include "trace/trace_model.h"
#include "trace/trace_source.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

// Two models of the same bytes, one read by trace_line_fast (with the
// reference for what it hands on), one by the reference alone.
static void require_same(const TraceModel &fast, const TraceModel &ref)
{
	REQUIRE(fast.size() == ref.size());
	CHECK(fast.lines() == ref.lines());
	CHECK(fast.bad_lines() == ref.bad_lines());
	CHECK(fast.first_error() == ref.first_error());
	CHECK(fast.by_time() == ref.by_time());
	for (EventId e = 0; e < fast.size(); e++) {
		const Event &a = fast.event(e), &b = ref.event(e);
		INFO("event " << e << ": " << ref.raw(e));
		CHECK(a.t == b.t);
		CHECK(a.kind == b.kind);
		CHECK(a.id == b.id);
		CHECK(a.bytes == b.bytes);
		CHECK(a.buffered == b.buffered);
		CHECK(a.line == b.line);
		CHECK(a.h == b.h);
		CHECK(a.peer == b.peer);
		CHECK(a.session == b.session);
		CHECK(a.co == b.co);
		CHECK(a.type == b.type);
		CHECK(a.sock == b.sock);
		CHECK(a.thread == b.thread);
		CHECK(a.packets == b.packets);
		CHECK(a.flag == b.flag);
		CHECK(a.word == b.word);      // interned in the same order, so the same numbers
		CHECK(a.word2 == b.word2);
		CHECK(fast.word(a.word) == ref.word(b.word));
		CHECK(fast.raw(e) == ref.raw(e));
	}
	REQUIRE(fast.services().size() == ref.services().size());
	for (size_t i = 0; i < fast.services().size(); i++) {
		CHECK(fast.services()[i].module == ref.services()[i].module);
		CHECK(fast.services()[i].args == ref.services()[i].args);
		CHECK(fast.services()[i].name == ref.services()[i].name);
	}
	CHECK(fast.messages().size() == ref.messages().size());
	CHECK(fast.waits().size() == ref.waits().size());
	CHECK(fast.calls().size() == ref.calls().size());
}

// The bytes fed as a stream in two pieces, and as a file (the loader's block).
static void check_bytes(const std::string &bytes)
{
	TraceModel fast, ref;
	ref.set_fast_parse(false);
	for (TraceModel *m : {&fast, &ref}) {
		m->ingest_bytes(std::string_view(bytes).substr(0, bytes.size() / 2));
		m->ingest_bytes(std::string_view(bytes).substr(bytes.size() / 2));
		m->finish();
	}
	require_same(fast, ref);

	std::string path = (std::filesystem::temp_directory_path() / "skyglass_test_fast_line.jsonl").string();
	std::ofstream(path, std::ios::binary) << bytes;
	TraceModel from_file;
	std::string error;
	bool loaded = load_trace_file(path, from_file, error);
	std::filesystem::remove(path);
	CHECK((loaded || error.find("not a trace") != std::string::npos));
	require_same(from_file, ref);
}

TEST_CASE("the fast parser reads the runtime's lines into the same events as the reference", "[viewer][fast]")
{
	FastLine f;
	REQUIRE(trace_line_fast(R"({"t":5470640019,"ev":"msg.begin","id":14618,"h":32,"thread":0})", f));
	CHECK(f.ev.t == 5470640019);
	CHECK(f.ev.kind == Kind::msg_begin);
	CHECK(f.ev.id == 14618);
	CHECK(f.ev.h == 32);
	CHECK(f.ev.thread == 0);
	REQUIRE(trace_line_fast(R"({"t":1,"ev":"sock.poll","sock":5,"kind":"data","bytes":66})", f));
	REQUIRE(f.word_count == 1);
	CHECK(f.words[0].text == "data");
	REQUIRE(trace_line_fast(R"({"t":2,"ev":"svc.new","h":9,"module":"snlua","args":"agent 3"})", f));
	CHECK(f.module == "snlua");
	CHECK(f.args == "agent 3");
	// Every fixture of the lessons and the viewer, whole.
	for (const auto &entry : std::filesystem::directory_iterator(FIXTURES)) {
		INFO(entry.path().string());
		std::ifstream in(entry.path(), std::ios::binary);
		std::stringstream bytes;
		bytes << in.rdbuf();
		check_bytes(bytes.str());
	}
}

TEST_CASE("lines off the writer's shape go to the reference reader", "[viewer][fast]")
{
	FastLine f;
	for (const char *line : {
		     R"({"t": 1,"ev":"log","h":1})",                         // a space
		     R"({"ev":"log","t":1,"h":1})",                          // t not first
		     R"({"t":1,"ev":"future.kind","h":1})",                  // an unknown kind
		     R"({"t":1,"ev":"msg.end","id":1,"h":2,"thread":0,"x":1})", // an unknown key
		     R"({"t":1,"ev":"msg.end","id":1,"id":2,"h":2})",        // a repeated key
		     R"({"t":1,"ev":"msg.end","id":1.5,"h":2})",             // a float
		     R"({"t":1,"ev":"msg.end","id":12345678901234567890,"h":2})", // 20 digits
		     R"({"t":9007199254740992,"ev":"log","h":1})",           // t past 2^53
		     R"({"t":-1,"ev":"log","h":1})",                         // t below 0
		     R"({"t":1,"ev":"svc.name","h":1,"name":"a\"b"})",       // an escape
		     "{\"t\":1,\"ev\":\"svc.name\",\"h\":1,\"name\":\"\xc3\xa9\"}", // UTF-8
		     R"({"t":1,"ev":"svc.new","h":1,"module":7})",           // a number as a name
		     R"({"t":1,"ev":"msg.end","id":1,"h":2,"thread":"0"})",  // a string as a number
		     R"({"t":1,"ev":"msg.end","id":1,"h":2})x)",             // text after the object
		     R"({"t":1,"ev":"msg.end","id":1,"h":2)",                // truncated
		     R"({"t":1,"ev":"msg.end","id":1,"h":null})",            // null
	     }) {
		INFO(line);
		CHECK_FALSE(trace_line_fast(line, f));
	}
}

TEST_CASE("bad input gives the reference's events and errors through the fast parser, and never crashes", "[viewer][fast]")
{
	const std::string good = "{\"t\":10,\"ev\":\"msg.push\",\"id\":1,\"src\":9,\"dst\":10,\"session\":3,\"type\":10,\"size\":24}\n"
		"{\"t\":12,\"ev\":\"msg.begin\",\"id\":1,\"h\":10,\"thread\":0}\n"
		"{\"t\":13,\"ev\":\"co.suspend\",\"h\":10,\"co\":1,\"why\":\"call\",\"session\":4,\"dst\":11}\n"
		"{\"t\":14,\"ev\":\"sock.lua\",\"sock\":5,\"h\":10,\"op\":\"suspend\",\"want\":\"line\",\"buffered\":3}\n"
		"{\"t\":15,\"ev\":\"svc.new\",\"h\":10,\"module\":\"snlua\",\"args\":\"pong\"}\n"
		"{\"t\":16,\"ev\":\"msg.end\",\"id\":1,\"h\":10,\"thread\":0}\n";
	SECTION("garbage lines and blank lines among good ones")
	{
		check_bytes("garbage\n" + good + "\n   \n\x01\x02\xff\n{}\n[1,2]\n" + good);
	}
	SECTION("every truncation of every good line")
	{
		std::string bytes;
		std::istringstream lines(good);
		for (std::string line; std::getline(lines, line);)
			for (size_t n = 0; n <= line.size(); n++)
				bytes += line.substr(0, n) + "\n";
		check_bytes(bytes);
		check_bytes(good.substr(0, good.size() - 7));   // the last line cut, no newline
	}
	SECTION("INT64 extremes and past them")
	{
		check_bytes("{\"t\":1,\"ev\":\"msg.push\",\"id\":-9223372036854775808,\"src\":1,\"dst\":2,\"session\":-9223372036854775808,\"type\":10,\"size\":9223372036854775807}\n"
			"{\"t\":2,\"ev\":\"netpack\",\"sock\":9223372036854775807,\"in\":-9223372036854775808,\"buffered\":99999999999999999999,\"packets\":1,\"partial\":true}\n"
			"{\"t\":999999999999999999,\"ev\":\"log\",\"h\":1}\n{\"t\":-9223372036854775808,\"ev\":\"log\",\"h\":1}\n"
			"{\"t\":3,\"ev\":\"msg.end\",\"id\":999999999999999999,\"h\":-999999999999999999,\"thread\":0}\n");
	}
	SECTION("invalid UTF-8 in strings is kept as the reference keeps it; outside them it is a bad line")
	{
		check_bytes("{\"t\":1,\"ev\":\"svc.new\",\"h\":1,\"module\":\"snlua\",\"args\":\"\xed\xa0\x80\"}\n"
			"{\"t\":2,\"ev\":\"svc.name\",\"h\":1,\"name\":\"\xff\xfe\"}\n{\"t\":3\xc3,\"ev\":\"log\",\"h\":1}\n");
	}
	SECTION("escapes, duplicates, CRLF and unknown kinds")
	{
		check_bytes("{\"t\":1,\"ev\":\"svc.name\",\"h\":1,\"name\":\"a\\\"b\\u00e9\"}\r\n"
			"{\"t\":2,\"ev\":\"sock.poll\",\"sock\":5,\"kind\":\"data\",\"kind\":\"close\",\"bytes\":1}\n"
			"{\"t\":3,\"ev\":\"future\",\"kind\":\"data\",\"h\":2}\n{\"t\":4,\"ev\":\"sock.poll\",\"sock\":5,\"kind\":\"\",\"bytes\":1}\n");
	}
	SECTION("the first error names the line and the column")
	{
		TraceModel m;
		m.ingest_bytes(good + "{\"t\":1,\"ev\":\"msg.end\",\"id\":1,\"h\":2\n");
		m.finish();
		CHECK(m.bad_lines() == 1);
		CHECK(m.first_error().rfind("line 7: ", 0) == 0);
		CHECK(m.first_error().find("column") != std::string::npos);
	}
}
