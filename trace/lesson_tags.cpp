// lesson_tags: finds the source lines a lesson step's tag marks, for the viewer and `skyglass trace steps`.
#include "trace/lesson.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

// Lines shown: two before the tag's comment (the code it sits in) and five
// after (the code it talks about).
static constexpr int BEFORE = 2, AFTER = 5;

std::string lesson_find_root(const std::string &dir)
{
	std::error_code ec;
	fs::path p = fs::absolute(dir, ec);
	for (; !p.empty(); p = p.parent_path()) {
		if (fs::is_directory(p / "kernel", ec) && fs::is_directory(p / "lua", ec))
			return p.lexically_normal().string();
		if (p == p.parent_path())
			break;
	}
#ifdef SKYGLASS_ROOT
	return SKYGLASS_ROOT;
#else
	return ".";
#endif
}

// The files to search, root by root; sorted
// within a root so that the same tag in two files always resolves the same way.
static std::vector<fs::path> source_files(const Lesson &lesson)
{
	std::vector<fs::path> out;
	fs::path root(lesson.root);
	for (fs::path dir : {fs::path(lesson.dir), root / "lua", root / "kernel", root / "net"}) {
		std::vector<fs::path> files;
		std::error_code ec;
		for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
			std::string ext = it->path().extension().string();
			if (it->is_regular_file(ec) && (ext == ".lua" || ext == ".cpp" || ext == ".h"))
				files.push_back(it->path());
		}
		std::sort(files.begin(), files.end());
		out.insert(out.end(), files.begin(), files.end());
	}
	return out;
}

static std::vector<std::string> read_lines(const fs::path &file)
{
	std::ifstream in(file);
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	return lines;
}

// The path as the learner would type it from the repo root.
static std::string shown_path(const fs::path &file, const std::string &root)
{
	std::error_code ec;
	fs::path rel = fs::relative(fs::absolute(file, ec), root, ec);
	return ec || rel.empty() || *rel.begin() == ".." ? file.string() : rel.string();
}

void lesson_find_tags(Lesson &lesson)
{
	size_t wanted = 0;
	for (LessonStep &step : lesson.steps) {
		step.source = TagSource{};
		wanted += !step.tag.empty();
	}
	if (wanted == 0)
		return;
	for (const fs::path &file : source_files(lesson)) {
		std::vector<std::string> lines = read_lines(file);
		for (LessonStep &step : lesson.steps) {
			if (step.tag.empty() || step.source.line)
				continue;
			std::string needle = step.tag + ":";
			for (size_t i = 0; i < lines.size(); i++) {
				if (lines[i].find(needle) == std::string::npos)
					continue;
				TagSource &s = step.source;
				s.file = shown_path(file, lesson.root);
				s.line = int(i) + 1;
				size_t first = i >= BEFORE ? i - BEFORE : 0;
				size_t last = std::min(lines.size(), i + AFTER + 1);
				s.first_line = int(first) + 1;
				s.lines.assign(lines.begin() + long(first), lines.begin() + long(last));
				break;
			}
		}
	}
}
