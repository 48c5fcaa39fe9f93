// lesson_view: the lesson shown beside a trace — its steps, the events they matched, and the step the learner is on.
#pragma once
#include "viewer/app/view_state.h"
#include "trace/lesson_match.h"

struct LessonView {
	bool active = false;       // a lesson is loaded (--lesson or --steps)
	Lesson lesson;
	LessonMatcher matcher;
	int current = -1;          // the step shown; -1 before the first
	int pending = -1;          // a step gone to before it happened: select its event when it does
	int scrolled = -1;         // the step the list last scrolled into view
	bool trace_done = false;   // no more events will come (a loaded file, a finished run): a step still waiting never happened
	// The current step has no event and never will: it did not happen in this trace.
	bool never_happened() const { return trace_done && current >= 0 && matcher.event_of(size_t(current)) == NO_EVENT; }

	// Matches the events that arrived since the last frame; selects the
	// pending step's event once it has one.
	void update(ViewState &v, const TraceModel &m);
	// Shows step `step` (clamped: at most the first step still waiting) and
	// selects its event, so that every panel jumps to it.
	void go(ViewState &v, const TraceModel &m, int step);
	void next(ViewState &v, const TraceModel &m) { go(v, m, current + 1); }
	void previous(ViewState &v, const TraceModel &m) { go(v, m, current < 1 ? 0 : current - 1); }

private:
	void show(ViewState &v, const TraceModel &m, EventId e);
};
