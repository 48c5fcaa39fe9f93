// lesson_view: moving through a lesson's steps, and keeping their matches up to date as the trace grows.
#include "viewer/app/lesson_view.h"

#include <algorithm>

void LessonView::update(ViewState &v, const TraceModel &m)
{
	if (!active)
		return;
	matcher.update(lesson, m);
	if (pending >= 0 && matcher.event_of(size_t(pending)) != NO_EVENT) {
		current = pending;
		view_select(v, m, matcher.event_of(size_t(pending)));
		v.follow_live = false;
		pending = -1;
	}
}

void LessonView::go(ViewState &v, const TraceModel &m, int step)
{
	if (!active || lesson.steps.empty())
		return;
	int last = std::min(int(lesson.steps.size()) - 1, int(matcher.matched()));
	current = std::clamp(step, 0, last);
	EventId e = matcher.event_of(size_t(current));
	if (e == NO_EVENT) {
		pending = current;   // not happened yet: jump there when it does
		return;
	}
	pending = -1;
	view_select(v, m, e);
	v.playing = false;
	v.follow_live = false;
}
