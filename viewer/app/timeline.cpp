// timeline: zoom, pan and measure on one time axis shared by the sequence chart and the threads panel.
#include "viewer/app/timeline.h"
#include "viewer/app/colors.h"
#include "viewer/app/input.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

void timeline_fit(ViewState &v, const TraceModel &m)
{
	if (v.view_user || m.size() == 0)
		return;
	double whole = timeline_diff(m.last_time(), m.first_time());
	double pad = std::max(whole / 50, 10.0);
	timeline_set(v, m.first_time(), pad / (whole + 2 * pad), whole + 2 * pad);
	v.view_user = false;   // still following the trace as it grows
}

void timeline_set(ViewState &v, int64_t pivot, double left, double span)
{
	// At least 100 ns, at most TIMELINE_MAX_SPAN: zooming out stops there.
	int64_t s = int64_t(std::clamp(span, 100.0, TIMELINE_MAX_SPAN));
	int64_t t0 = timeline_add(pivot, -left * double(s));
	v.view_t0 = std::min(t0, INT64_MAX - s);   // whole ns from t0: exact even near int64's ends
	v.view_t1 = v.view_t0 + s;
	v.view_user = true;
}

std::vector<EventId> related_events(const TraceModel &m, EventId e)
{
	std::vector<EventId> out;
	if (e == NO_EVENT || e >= m.size())
		return out;
	out.push_back(e);
	auto message = [&](int mi) {
		if (mi < 0)
			return;
		const Message &msg = m.messages()[mi];
		for (EventId x : {msg.fwd, msg.push, msg.begin, msg.end, msg.drop})
			if (x != NO_EVENT)
				out.push_back(x);
	};
	message(m.message_of(e));
	if (int wi = m.wait_of(e); wi >= 0) {
		const Wait &w = m.waits()[wi];
		for (EventId x : {w.suspend, w.resume})
			if (x != NO_EVENT)
				out.push_back(x);
		if (w.call >= 0) {
			message(m.calls()[w.call].request);
			message(m.calls()[w.call].response);
		}
	}
	const Event &ev = m.event(e);
	if (ev.sock >= 0 || ev.kind == Kind::co_resume) {
		SocketClimb c = m.socket_climb(e);
		for (EventId x : {c.poll, c.fwd, c.begin, c.lua, c.resume})
			if (x != NO_EVENT)
				out.push_back(x);
	}
	return out;
}

void timeline_frame(ViewState &v, const TraceModel &m, const std::vector<EventId> &events, int64_t min_span)
{
	if (events.empty())
		return;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (EventId e : events)
		lo = std::min(lo, m.event(e).t), hi = std::max(hi, m.event(e).t);
	double span = std::max(timeline_diff(hi, lo), double(min_span));
	timeline_set(v, timeline_add(lo, timeline_diff(hi, lo) / 2), 0.5, span * 1.5);
}

// Zoom by 1.25 per press about the current time (or the middle when it is
// out of view); pan by a fifth of the view.
void timeline_keys(ViewState &v, const TraceModel &m)
{
	if (m.size() == 0)
		return;
	double span = std::max(timeline_diff(v.view_t1, v.view_t0), 1.0);
	int64_t pivot = v.now >= v.view_t0 && v.now <= v.view_t1 ? v.now : timeline_add(v.view_t0, span / 2);
	double factor = key_hit(GLFW_KEY_W) ? 1 / 1.25 : key_hit(GLFW_KEY_S) ? 1.25 : 1.0;
	if (factor != 1.0)
		timeline_set(v, pivot, timeline_diff(pivot, v.view_t0) / span, span * factor);
	double pan = key_hit(GLFW_KEY_A) ? -0.2 : key_hit(GLFW_KEY_D) ? 0.2 : 0;
	if (pan != 0)
		timeline_set(v, v.view_t0, -pan, span);
	if (key_hit(GLFW_KEY_F) && v.selected != NO_EVENT)
		timeline_frame(v, m, related_events(m, v.selected), 2000);
}

// A label in the unit of its own size (s, ms, µs, ns), with as many decimals
// as the step between ticks needs: "12.35 ms" ticks 10 µs apart.
static void tick_label(char *buf, size_t n, double ns, double step)
{
	double a = std::fabs(ns);
	double unit = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
	const char *name = unit == 1e9 ? "s" : unit == 1e6 ? "ms" : unit == 1e3 ? "µs" : "ns";
	int decimals = std::clamp(int(std::ceil(std::log10(unit / step) - 1e-9)), 0, 6);
	std::snprintf(buf, n, "%.*f %s", decimals, ns / unit, name);
}

std::vector<double> timeline_ticks(const TimeAxis &axis, double &step)
{
	// A 1-2-5 step that puts a label every 100 pixels or so.
	double want = axis.ns_per_px() * 100.0;
	step = std::pow(10.0, std::floor(std::log10(std::max(want, 1.0))));
	if (step >= want) {}
	else if (step * 2 >= want) step *= 2;
	else if (step * 5 >= want) step *= 5;
	else step *= 10;
	double first = std::ceil(timeline_diff(axis.t0, axis.origin) / step) * step;
	double last = timeline_diff(axis.t1, axis.origin);
	// Counted, not stepped until past the end: near 9e18 a double cannot
	// tell t from t + step (its grain there is 1 µs), so `rel += step` would
	// never get there, adding lines to the draw list until memory runs out.
	// One tick per 100 pixels or so; a few more at most.
	int ticks = int(std::clamp((last - first) / step, -1.0, double(axis.x1 - axis.x0) / 50 + 2));
	std::vector<double> out;
	for (int i = 0; i <= ticks; i++)
		out.push_back(first + double(i) * step);
	return out;
}

void timeline_draw_axis(ImDrawList *dl, const TimeAxis &axis, ImVec2 min, ImVec2 max)
{
	double step = 1;
	char buf[32];
	for (double rel : timeline_ticks(axis, step)) {
		float x = axis.x(timeline_add(axis.origin, rel));
		dl->AddLine(ImVec2(x, min.y), ImVec2(x, max.y), IM_COL32(255, 255, 255, 18));
		dl->AddLine(ImVec2(x, min.y), ImVec2(x, min.y + 6), colors::text_dim);
		tick_label(buf, sizeof buf, std::fabs(rel) < step / 2 ? 0.0 : rel, step);
		dl->AddText(ImVec2(x + 3, min.y), colors::text_dim, buf);
	}
}

void timeline_draw_cursor(ImDrawList *dl, const TimeAxis &axis, const ViewState &v, const Measure &measure, ImVec2 min, ImVec2 max)
{
	if (v.now >= axis.t0 && v.now <= axis.t1) {
		float x = axis.x(v.now);
		dl->AddLine(ImVec2(x, min.y), ImVec2(x, max.y), colors::cursor, 1.5f);
	}
	if (measure.a != measure.b) {
		float xa = std::clamp(axis.x(std::min(measure.a, measure.b)), min.x, max.x);
		float xb = std::clamp(axis.x(std::max(measure.a, measure.b)), min.x, max.x);
		dl->AddRectFilled(ImVec2(xa, min.y), ImVec2(xb, max.y), IM_COL32(120, 180, 255, 40));
		dl->AddLine(ImVec2(xa, min.y), ImVec2(xa, max.y), IM_COL32(120, 180, 255, 200));
		dl->AddLine(ImVec2(xb, min.y), ImVec2(xb, max.y), IM_COL32(120, 180, 255, 200));
		std::string label = format_duration(timeline_clamp(std::fabs(timeline_diff(measure.b, measure.a))));
		ImVec2 size = ImGui::CalcTextSize(label.c_str());
		// Kept inside the chart: a span measured against its edge still shows its length.
		float mid = std::clamp((xa + xb) / 2 - size.x / 2, min.x + 4, std::max(min.x + 4, max.x - size.x - 4));
		dl->AddRectFilled(ImVec2(mid - 4, min.y + 18), ImVec2(mid + size.x + 4, min.y + 20 + size.y), IM_COL32(20, 30, 60, 230), 3);
		dl->AddText(ImVec2(mid, min.y + 19), IM_COL32(200, 225, 255, 255), label.c_str());
	}
}

bool timeline_input(ViewState &v, const TimeAxis &axis, Measure &measure, ImVec2 min, ImVec2 max)
{
	ImGuiIO &io = ImGui::GetIO();
	bool hovered = ImGui::IsWindowHovered() && io.MousePos.x >= min.x && io.MousePos.x < max.x &&
		io.MousePos.y >= min.y && io.MousePos.y < max.y;
	if (hovered && io.MouseWheel != 0) {
		double factor = std::pow(1.25, -io.MouseWheel);
		double span = std::max(timeline_diff(v.view_t1, v.view_t0), 1.0);
		int64_t pivot = axis.t(io.MousePos.x);
		timeline_set(v, pivot, timeline_diff(pivot, v.view_t0) / span, span * factor);
	}
	if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
		measure.dragging = true;
	if (!ImGui::IsMouseDown(ImGuiMouseButton_Left))
		measure.dragging = false;
	if (measure.dragging && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f) && io.MouseDelta.x != 0) {
		double dt = double(io.MouseDelta.x) * axis.ns_per_px();
		timeline_set(v, timeline_add(v.view_t0, -dt), 0, timeline_diff(v.view_t1, v.view_t0));
	}
	if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
		measure.active = true;
		measure.a = measure.b = axis.t(io.MousePos.x);
	}
	if (measure.active) {
		measure.b = axis.t(std::clamp(io.MousePos.x, min.x, max.x));
		if (!ImGui::IsMouseDown(ImGuiMouseButton_Right))
			measure.active = false;
	}
	if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
		ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
		return std::fabs(d.x) < 3 && std::fabs(d.y) < 3;
	}
	return false;
}
