// test_json_line: the flat JSON scanner reads every value the trace writes and rejects broken lines.
#include "trace/json_line.h"

#include <catch2/catch.hpp>

TEST_CASE("json_line reads integers, strings, booleans and keeps other values raw", "[viewer][json]")
{
	JsonObject o;
	std::string error;
	REQUIRE(json_line_parse(R"({"t":-5,"ev":"x","ok":true,"f":1.5,"a":[1,{"b":"]"}],"n":null})", o, error));
	REQUIRE(o.count == 6);
	CHECK(o.find("t")->i == -5);
	CHECK(o.find("ev")->text == "x");
	CHECK(o.find("ok")->type == JsonValue::Bool);
	CHECK(o.find("f")->text == "1.5");
	CHECK(o.find("a")->text == R"([1,{"b":"]"}])");
	CHECK(o.find("n")->type == JsonValue::Null);
}

TEST_CASE("json_line decodes escapes, including \\u00XX bytes and surrogate pairs", "[viewer][json]")
{
	JsonObject o;
	std::string error;
	REQUIRE(json_line_parse(R"({"text":"a\"b\\c\n\u00e9\ud83d\ude00 中"})", o, error));
	const JsonValue *v = o.find("text");
	CHECK(v->escaped);
	CHECK(json_unescape(v->text) == "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80 中");
}

TEST_CASE("json_line reports where a broken line goes wrong", "[viewer][json]")
{
	JsonObject o;
	std::string error;
	CHECK_FALSE(json_line_parse(R"({"t":1,"ev":"msg.e)", o, error));
	CHECK(error.find("unterminated string") != std::string::npos);
	CHECK_FALSE(json_line_parse("garbage", o, error));
	CHECK(error == "expected '{' at column 1");
	CHECK_FALSE(json_line_parse(R"({"t":1} trailing)", o, error));
	CHECK_FALSE(json_line_parse(R"({"t":})", o, error));
}
