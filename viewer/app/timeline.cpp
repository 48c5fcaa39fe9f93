// timeline: zoom, pan and measure on one time axis shared by the sequence chart and the threads panel.
#include "viewer/app/timeline.h"
#include "viewer/app/colors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

void timeline_fit(ViewState &v, const TraceModel &m)
{
	if (v.view_user || m.size() == 0)
		return;
	int64_t a = m.first_time(), b = m.last_time();
	int64_t pad = std::max<int64_t>((b - a) / 50, 10);
	v.view_t0 = a - pad;
	v.view_t1 = b + pad;
}

static void tick_label(char *buf, size_t n, double ns, double step)
{
	if (step >= 1e9)
		std::snprintf(buf, n, "%.0f s", ns / 1e9);
	else if (step >= 1e6)
		std::snprintf(buf, n, "%.*f ms", step >= 1e6 ? 0 : 1, ns / 1e6);
	else if (step >= 1e3)
		std::snprintf(buf, n, "%.0f us", ns / 1e3);
	else
		std::snprintf(buf, n, "%.0f ns", ns);
}

void timeline_draw_axis(ImDrawList *dl, const TimeAxis &axis, ImVec2 min, ImVec2 max)
{
	// A 1-2-5 step that puts a label every 100 pixels or so.
	double want = axis.ns_per_px() * 100.0;
	double step = std::pow(10.0, std::floor(std::log10(std::max(want, 1.0))));
	if (step * 2 >= want) step *= 2;
	else if (step * 5 >= want) step *= 5;
	else step *= 10;
	double first = std::ceil(double(axis.t0 - axis.origin) / step) * step;
	char buf[32];
	for (double rel = first; rel <= double(axis.t1 - axis.origin); rel += step) {
		double t = rel + double(axis.origin);
		float x = axis.x(int64_t(t));
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
		std::string label = format_duration(std::llabs(measure.b - measure.a));
		ImVec2 size = ImGui::CalcTextSize(label.c_str());
		float mid = (xa + xb) / 2 - size.x / 2;
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
		int64_t pivot = axis.t(io.MousePos.x);
		int64_t span = std::max<int64_t>(int64_t(double(v.view_t1 - v.view_t0) * factor), 100);
		double left = double(pivot - v.view_t0) / double(v.view_t1 - v.view_t0);
		v.view_t0 = pivot - int64_t(left * double(span));
		v.view_t1 = v.view_t0 + span;
		v.view_user = true;
	}
	if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
		measure.dragging = true;
	if (!ImGui::IsMouseDown(ImGuiMouseButton_Left))
		measure.dragging = false;
	if (measure.dragging && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f) && io.MouseDelta.x != 0) {
		int64_t dt = int64_t(double(io.MouseDelta.x) * axis.ns_per_px());
		v.view_t0 -= dt;
		v.view_t1 -= dt;
		v.view_user = true;
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
