// lesson_view: moving through a lesson's steps, and keeping their matches up to date as the trace grows.
#include "viewer/app/lesson_view.h"
#include "viewer/app/timeline.h"

#include <algorithm>

// The panel a step is about: the one steps.json names, else by its event's
// kind — a socket event climbs the socket layers, netpack cuts packets, a
// coroutine waits, a dispatch runs on a worker thread.
static std::optional<BottomPanel> step_panel(const LessonStep &step, const Event &ev)
{
	if (step.panel == "threads") return BottomPanel::Threads;
	if (step.panel == "sockets") return BottomPanel::Sockets;
	if (step.panel == "netpack") return BottomPanel::Netpack;
	if (step.panel == "coroutines") return BottomPanel::Coroutines;
	switch (ev.kind) {
	case Kind::netpack: return BottomPanel::Netpack;
	case Kind::sock_poll: case Kind::sock_fwd: case Kind::sock_lua: return BottomPanel::Sockets;
	case Kind::co_suspend: case Kind::co_resume: case Kind::co_new: case Kind::co_exit: return BottomPanel::Coroutines;
	case Kind::msg_begin: case Kind::msg_end: return BottomPanel::Threads;
	default: return std::nullopt;
	}
}

// Selects the current step's event, zooms the chart onto it and what it is
// joined to, and brings up its panel: the step's picture, not the whole run.
void LessonView::show(ViewState &v, const TraceModel &m, EventId e)
{
	view_select(v, m, e);
	timeline_frame(v, m, related_events(m, e));
	if (auto panel = step_panel(lesson.steps[size_t(current)], m.event(e)))
		v.show_bottom = *panel;
	v.playing = false;
	v.follow_live = false;
}

void LessonView::update(ViewState &v, const TraceModel &m)
{
	if (!active)
		return;
	matcher.update(lesson, m);
	if (pending >= 0 && matcher.event_of(size_t(pending)) != NO_EVENT) {
		current = pending;
		pending = -1;
		show(v, m, matcher.event_of(size_t(current)));
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
	show(v, m, e);
}
