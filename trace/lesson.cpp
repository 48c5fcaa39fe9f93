// lesson: reads and checks a lesson's steps.json, so that a mistake is reported with its file and field.
#include "trace/lesson.h"

#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;   // keeps a step's fields in the order written

// Checks one step and copies it out. `captured` holds the names earlier steps
// capture: a "$name" that none of them captures could never match.
static bool read_step(const json &j, int number, std::set<std::string> &captured, LessonStep &step, std::string &error)
{
	std::string at = "step " + std::to_string(number) + ": ";
	if (!j.is_object()) {
		error = at + "must be an object";
		return false;
	}
	if (!j.contains("text") || !j["text"].is_string()) {
		error = at + "\"text\" is missing or not a string";
		return false;
	}
	step.text = j["text"].get<std::string>();
	if (!j.contains("match") || !j["match"].is_object() || j["match"].empty()) {
		error = at + "\"match\" is missing or not a non-empty object of fields";
		return false;
	}
	step.match = j["match"];
	for (auto &[field, value] : step.match.items()) {
		if (!value.is_string() || value.get<std::string>().rfind('$', 0) != 0)
			continue;
		std::string name = value.get<std::string>().substr(1);
		if (!captured.count(name)) {
			error = at + "match \"" + field + "\": \"$" + name + "\" is not captured by an earlier step";
			return false;
		}
	}
	if (j.contains("capture")) {
		step.capture = j["capture"];
		if (!step.capture.is_object()) {
			error = at + "\"capture\" must be an object of {name: field}";
			return false;
		}
		for (auto &[name, field] : step.capture.items()) {
			if (!field.is_string()) {
				error = at + "capture \"" + name + "\" must name a field (a string)";
				return false;
			}
			captured.insert(name);
		}
	}
	if (j.contains("tag")) {
		if (!j["tag"].is_string() || j["tag"].get<std::string>().empty()) {
			error = at + "\"tag\" must be a non-empty string";
			return false;
		}
		step.tag = j["tag"].get<std::string>();
	}
	if (j.contains("panel")) {
		static const std::set<std::string> panels = {"threads", "sockets", "netpack", "coroutines"};
		if (!j["panel"].is_string() || !panels.count(j["panel"].get<std::string>())) {
			error = at + "\"panel\" must be one of threads, sockets, netpack, coroutines";
			return false;
		}
		step.panel = j["panel"].get<std::string>();
	}
	return true;
}

static bool read_lesson(const json &j, Lesson &out, std::string &error)
{
	if (!j.is_object()) {
		error = "the top level must be an object with \"title\" and \"steps\"";
		return false;
	}
	if (j.contains("title") && !j["title"].is_string()) {
		error = "\"title\" must be a string";
		return false;
	}
	out.title = j.value("title", fs::path(out.dir).filename().string());
	if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].empty()) {
		error = "\"steps\" is missing or not a non-empty array";
		return false;
	}
	std::set<std::string> captured;
	for (size_t i = 0; i < j["steps"].size(); i++) {
		LessonStep step;
		if (!read_step(j["steps"][i], int(i) + 1, captured, step, error))
			return false;
		out.steps.push_back(std::move(step));
	}
	return true;
}

bool lesson_load(const std::string &dir, Lesson &out, std::string &error)
{
	std::string path = (fs::path(dir) / "steps.json").string();
	std::ifstream in(path);
	if (!in) {
		error = path + ": cannot open (is " + dir + " a lesson folder?)";
		return false;
	}
	json j;
	try {
		j = json::parse(in);
	} catch (const json::parse_error &e) {
		error = path + ": not JSON: " + e.what();   // names the line and column
		return false;
	}
	Lesson lesson;
	lesson.dir = dir;
	if (!read_lesson(j, lesson, error)) {
		error = path + ": " + error;
		return false;
	}
	lesson.root = lesson_find_root(dir);
	lesson_find_tags(lesson);
	out = std::move(lesson);
	return true;
}
