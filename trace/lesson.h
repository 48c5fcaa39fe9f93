// lesson: a lesson folder's steps.json — its title, its steps, and the source lines each step's tag marks.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Where a tag (`-- lesson 01.2: ...` or `// lesson 01.2: ...`) sits in the
// sources, and the lines around it that the lesson panel shows.
struct TagSource {
	std::string file;                 // relative to the repo root: "lessons/01-hello/main.lua"
	int line = 0;                     // 1-based line of the tag's comment; 0 when not found
	int first_line = 0;               // 1-based line of lines[0]
	std::vector<std::string> lines;   // about 8 lines around the tag
};

// One step, as docs/lessons.md describes it.
struct LessonStep {
	std::string text;
	nlohmann::ordered_json match;     // {field: value}; "$name" is a capture, "abc*" a prefix
	nlohmann::ordered_json capture;   // {name: field}, or null
	std::string tag;                  // "" when the step names no source
	std::string panel;                // the viewer panel to bring up; "" to pick by the event's kind
	TagSource source;
};

struct Lesson {
	std::string dir;                  // the lesson folder as given
	std::string root;                 // the repo root its tags are searched under
	std::string title;
	std::vector<LessonStep> steps;
};

// Reads `dir`/steps.json. On bad input returns false with the file and the
// field in `error` ("lessons/x/steps.json: step 3: \"match\" must be an object").
// Tags are looked up too; a tag that is in no source is not an error here
// (the lesson test reports it), its step just shows no excerpt.
bool lesson_load(const std::string &dir, Lesson &out, std::string &error);

// The repo root for a lesson folder: the nearest folder above it that holds
// kernel/ and lua/, else the root baked in at build time (SKYGLASS_ROOT).
std::string lesson_find_root(const std::string &dir);

// Searches `lesson.dir`, then lua/, kernel/ and net/ under `lesson.root`, in
// path order, for each step's "<tag>:" in a .lua, .cpp or .h file; the first hit wins.
void lesson_find_tags(Lesson &lesson);
