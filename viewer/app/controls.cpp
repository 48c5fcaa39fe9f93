// controls: play/pause, step, next message, speed, scrub, follow live — and the keys for them.
#include "viewer/app/colors.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/input.h"
#include "viewer/app/panels.h"
#include "viewer/app/timeline.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

void view_select(ViewState &v, const TraceModel &m, EventId e)
{
	if (e == NO_EVENT || e >= m.size())
		return;
	v.selected = e;
	const Event &ev = m.event(e);
	v.now = ev.t;
	v.reveal_now = true;
	if (ev.sock >= 0)
		v.socket = ev.sock;
	else if (int mi = m.message_of(e); mi >= 0 && m.messages()[mi].fwd != NO_EVENT)
		v.socket = m.event(m.messages()[mi].fwd).sock;
	else if (ev.kind == Kind::co_resume || ev.kind == Kind::co_suspend) {
		SocketClimb c = m.socket_climb(e);   // a coroutine woken by a socket: show that socket
		if (c.fwd != NO_EVENT)
			v.socket = m.event(c.fwd).sock;
	}
}

static void step(ViewState &v, const TraceModel &m, int delta)
{
	if (m.size() == 0)
		return;
	size_t r = v.selected == NO_EVENT ? 0 : m.rank_of(v.selected);
	if (v.selected != NO_EVENT)
		r = size_t(std::clamp<int64_t>(int64_t(r) + delta, 0, int64_t(m.size()) - 1));
	view_select(v, m, m.at_rank(r));
}

// The next msg.push after the selection: one message at a time.
static void next_message(ViewState &v, const TraceModel &m)
{
	size_t r = v.selected == NO_EVENT ? 0 : m.rank_of(v.selected) + 1;
	for (; r < m.size(); r++)
		if (m.event(m.at_rank(r)).kind == Kind::msg_push) {
			view_select(v, m, m.at_rank(r));
			return;
		}
}

// Playing moves `now` at `speed` and selects the last event at or before it.
static void play(ViewState &v, const TraceModel &m, float dt)
{
	if (m.size() == 0)
		return;
	if (v.follow_live) {
		v.now = m.last_time();
		v.selected = m.at_rank(m.size() - 1);
		if (v.view_user)
			timeline_set(v, v.now, 0.95, timeline_diff(v.view_t1, v.view_t0));
		return;
	}
	if (!v.playing)
		return;
	v.now = timeline_add(v.now, v.speed * double(dt));
	if (v.now >= m.last_time()) {
		v.now = m.last_time();
		v.playing = false;
	}
	size_t r = m.first_rank_at(v.now + 1);
	if (r > 0)
		v.selected = m.at_rank(r - 1);
	// keep the cursor in view
	if (v.now > v.view_t1 || v.now < v.view_t0)
		timeline_set(v, v.now, 0.1, timeline_diff(v.view_t1, v.view_t0));
}

static void keys(ViewState &v, const TraceModel &m)
{
	if (key_hit(GLFW_KEY_SPACE))
		v.playing = !v.playing, v.follow_live = false;
	if (key_hit(GLFW_KEY_RIGHT))
		step(v, m, +1);
	if (key_hit(GLFW_KEY_LEFT))
		step(v, m, -1);
	if (key_hit(GLFW_KEY_DOWN))
		next_message(v, m);
	if (key_hit(GLFW_KEY_HOME) && m.size())
		view_select(v, m, m.at_rank(0));
	if (key_hit(GLFW_KEY_END) && m.size())
		view_select(v, m, m.at_rank(m.size() - 1));
	timeline_keys(v, m);
}

void panel_controls(ViewState &v, TraceSource &source, const TraceModel &m)
{
	keys(v, m);
	// The whole trace in 20 s. Recomputed every frame until the learner moves
	// the slider: a file still loading has not shown its last time yet, and a
	// speed fixed from its first chunk would crawl through the rest.
	if (!v.speed_user && m.size() > 1)
		v.speed = std::max(1000.0, (double(m.last_time()) - double(m.first_time())) / 20.0);
	// Before anything is selected the current time is the trace's start.
	if (v.selected == NO_EVENT && !v.playing && !v.follow_live && m.size() && v.now < m.first_time())
		v.now = m.first_time();
	play(v, m, ImGui::GetIO().DeltaTime);
	frame_report().speed = v.speed;

	if (ImGui::Button(v.playing ? "Pause 暂停" : "Play 播放"))
		v.playing = !v.playing, v.follow_live = false;
	ImGui::SameLine();
	if (ImGui::Button("< Back"))
		step(v, m, -1);
	ImGui::SameLine();
	if (ImGui::Button("Step >"))
		step(v, m, +1);
	ImGui::SameLine();
	if (ImGui::Button("Next message >>"))
		next_message(v, m);
	ImGui::SameLine();
	ImGui::SetNextItemWidth(150);
	float log_speed = float(std::log10(std::max(v.speed, 1.0)));
	char speed_label[48];
	std::snprintf(speed_label, sizeof speed_label, "%s/s", format_duration(int64_t(v.speed)).c_str());
	if (ImGui::SliderFloat("speed", &log_speed, 2.0f, 10.0f, speed_label))
		v.speed = std::pow(10.0, double(log_speed)), v.speed_user = true;
	ImGui::SameLine();
	ImGui::Checkbox("Follow live", &v.follow_live);
	ImGui::SameLine();
	if (ImGui::Button("Fit"))
		v.view_user = false;
	ImGui::SameLine();
	ImGui::TextDisabled("now +%s", format_duration(v.now - m.first_time()).c_str());

	// The scrub bar: one notch per event, in time order.
	int rank = v.selected == NO_EVENT || v.selected >= m.size() ? 0 : int(m.rank_of(v.selected));
	// Its words beside it, not on it: a narrow window's handle covers the middle of the bar.
	char scrub_label[64];
	std::snprintf(scrub_label, sizeof scrub_label, "event %d of %zu", rank + (m.size() ? 1 : 0), m.size());
	ImGui::SetNextItemWidth(-(ImGui::CalcTextSize(scrub_label).x + ImGui::GetStyle().ItemSpacing.x + 4));
	if (ImGui::SliderInt("##scrub", &rank, 0, std::max<int>(0, int(m.size()) - 1), "") && m.size())
		view_select(v, m, m.at_rank(size_t(rank))), v.follow_live = false;
	frame_report_item("scrub");
	ImGui::SameLine();
	ImGui::TextUnformatted(scrub_label);
	frame_report_item("scrub label");
}
