// trace_lines: the memory sink's lines parsed back into JSON, for trace assertions.
#pragma once
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using json = nlohmann::json;

// Parse every line; a line that is not JSON fails the test and names the line.
inline std::vector<json> parse_trace(const std::vector<std::string> &lines)
{
	std::vector<json> events;
	for (size_t i = 0; i < lines.size(); i++) {
		json j = json::parse(lines[i], nullptr, false);
		INFO("line " << i + 1 << ": " << lines[i]);
		REQUIRE_FALSE(j.is_discarded());
		REQUIRE(j.is_object());
		REQUIRE(j.contains("t"));
		REQUIRE(j.contains("ev"));
		events.push_back(std::move(j));
	}
	return events;
}

inline std::vector<json> events_of(const std::vector<json> &all, const char *ev)
{
	std::vector<json> out;
	for (auto &e : all)
		if (e["ev"] == ev)
			out.push_back(e);
	return out;
}
