// trace_steps: checks a lesson's steps against a trace, once or following a live file, for tests/lessons/check_lesson.py and `make lesson`.
#include "tools/trace_steps.h"

#include "trace/lesson.h"
#include "trace/lesson_match.h"
#include "trace/trace_source.h"

#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

// Events reach the file from per-thread rings, so they are only nearly in time
// order. While following a live run, a matched step is printed once the trace
// has moved this far past its event (nanoseconds): a later, earlier-stamped
// event could still take its place before that.
static constexpr int64_t SETTLE_NS = 50'000'000;

static int fail(const char *what, const std::string &text)
{
	std::printf("FAIL: %s%s\n", what, text.c_str());
	return 1;
}

static bool check_tags(const Lesson &lesson)
{
	for (const LessonStep &step : lesson.steps)
		if (!step.tag.empty() && step.source.line == 0) {
			fail("tag '", step.tag + "' is not marked in any source file");
			return false;
		}
	return true;
}

// The step as `make lesson` shows it: its text and tag, when, and the event's fields.
static void print_live(const Lesson &lesson, const TraceModel &m, size_t k, EventId e)
{
	const LessonStep &step = lesson.steps[k];
	std::string tag = step.tag.empty() ? "" : "   [" + step.tag + "]";
	nlohmann::ordered_json fields = nlohmann::ordered_json::parse(m.raw(e), nullptr, false);
	if (fields.is_object())
		fields.erase("t");
	std::printf("%2zu. %s%s\n      at %.3f ms: %s\n", k + 1, step.text.c_str(), tag.c_str(),
		double(m.event(e).t) / 1e6, fields.dump().c_str());
	std::fflush(stdout);
}

static int verdict(const Lesson &lesson, const LessonMatcher &matcher)
{
	if (matcher.matched() == lesson.steps.size())
		return 0;
	size_t k = matcher.matched();
	return fail("step ", std::to_string(k + 1) + " (" + lesson.steps[k].text +
			") never happened: no event " + matcher.waiting_for(lesson, k));
}

// True once standard input has ended (or was never a pipe to wait on).
static bool input_ended(int timeout_ms)
{
	pollfd p{STDIN_FILENO, POLLIN, 0};
	if (poll(&p, 1, timeout_ms) <= 0)
		return false;
	char buffer[256];
	return read(STDIN_FILENO, buffer, sizeof(buffer)) <= 0;
}

static int follow_file(const char *trace, const Lesson &lesson)
{
	TraceModel model;
	LessonMatcher matcher;
	std::ifstream in;
	size_t printed = 0;
	std::string chunk(1 << 16, '\0');
	for (bool last = false;;) {
		if (!last)
			last = input_ended(50);
		if (!in.is_open())
			in.open(trace, std::ios::binary);
		while (in.is_open()) {
			in.read(chunk.data(), std::streamsize(chunk.size()));
			std::streamsize n = in.gcount();
			if (n <= 0)
				break;
			model.ingest_bytes(std::string_view(chunk.data(), size_t(n)));
		}
		in.clear(); // past the end for now: the writer may add more
		if (last)
			model.finish();
		matcher.update(lesson, model);
		for (; printed < matcher.matched(); printed++) {
			EventId e = matcher.event_of(printed);
			if (!last && model.event(e).t >= model.last_time() - SETTLE_NS)
				break;
			print_live(lesson, model, printed, e);
		}
		if (last)
			break;
	}
	if (!std::ifstream(trace))
		return fail("no trace at ", trace);
	int status = verdict(lesson, matcher);
	if (status == 0)
		std::printf("\nall %zu steps happened in order\n", lesson.steps.size());
	return status;
}

int trace_steps(const char *trace, const char *lesson_dir, bool follow)
{
	Lesson lesson;
	std::string error;
	if (!lesson_load(lesson_dir, lesson, error)) {
		std::fprintf(stderr, "skyglass trace steps: %s\n", error.c_str());
		return 2;
	}
	if (!check_tags(lesson))
		return 1;
	if (follow)
		return follow_file(trace, lesson);
	TraceModel model;
	if (!load_trace_file(trace, model, error)) {
		std::fprintf(stderr, "skyglass trace steps: %s\n", error.c_str());
		return 2;
	}
	LessonMatcher matcher;
	matcher.update(lesson, model);
	for (size_t k = 0; k < matcher.matched(); k++)
		std::printf("ok step %zu: %s\n", k + 1, lesson.steps[k].text.c_str());
	return verdict(lesson, matcher);
}
