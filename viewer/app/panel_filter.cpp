// panel_filter: filter and search the events by service, kind prefix, socket and text; click a row to select it.
#include "viewer/app/describe.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstring>

// The match list is rebuilt when the filter changes or the model grows, at
// most four times a second while a trace streams in: a full scan of a
// million events (with a text search of their lines) takes tens of milliseconds.
static void rebuild(ViewState &v, const TraceModel &m)
{
	v.matches.clear();
	uint32_t handle = v.filter_service >= 0 && v.filter_service < int(m.services().size())
		? m.services()[v.filter_service].handle : 0;
	std::string_view kind = v.filter_kind;
	std::string_view text = v.filter_text;
	for (EventId e : m.by_time()) {
		const Event &ev = m.event(e);
		if (v.filter_service >= 0 && ev.h != handle && !(ev.peer == handle && ev.kind == Kind::msg_push))
			continue;
		if (!kind.empty() && m.ev_name(e).substr(0, kind.size()) != kind)
			continue;
		if (v.filter_socket >= 0 && ev.sock != v.filter_socket)
			continue;
		if (!text.empty() && m.raw(e).find(text) == std::string_view::npos)
			continue;
		v.matches.push_back(e);
	}
}

void panel_filter(ViewState &v, const TraceModel &m, uint64_t version)
{
	std::string current = v.filter_service >= 0 && v.filter_service < int(m.services().size())
		? m.service_label(m.services()[v.filter_service].handle) : "all services";
	ImGui::SetNextItemWidth(-70);
	if (ImGui::BeginCombo("service", current.c_str())) {
		if (ImGui::Selectable("all services", v.filter_service < 0))
			v.filter_service = -1;
		for (size_t i = 0; i < m.services().size(); i++) {
			std::string label = m.service_label(m.services()[i].handle) + "##" + std::to_string(i);
			if (ImGui::Selectable(label.c_str(), v.filter_service == int(i)))
				v.filter_service = int(i);
		}
		ImGui::EndCombo();
	}
	ImGui::SetNextItemWidth(-70);
	ImGui::InputTextWithHint("kind", "msg, co.suspend, sock", v.filter_kind, sizeof v.filter_kind);
	ImGui::SetNextItemWidth(-70);
	ImGui::InputInt("socket", &v.filter_socket);
	if (v.filter_socket < -1)
		v.filter_socket = -1;
	ImGui::SetNextItemWidth(-70);
	ImGui::InputTextWithHint("text", "search the lines", v.filter_text, sizeof v.filter_text);

	std::string key = std::to_string(v.filter_service) + "\x1f" + v.filter_kind + "\x1f" + std::to_string(v.filter_socket) + "\x1f" + v.filter_text;
	static double last_rebuild = -1;
	double now = ImGui::GetTime();
	if (key != v.matches_key || (version != v.matches_version && (now - last_rebuild > 0.25 || m.size() < 100000))) {
		rebuild(v, m);
		v.matches_key = key;
		v.matches_version = version;
		last_rebuild = now;
	} else if (version != v.matches_version) {
		glfwPostEmptyEvent();   // an idle window must still come back for the last of the trace
	}
	ImGui::TextDisabled("%zu of %zu events", v.matches.size(), m.size());
	ImGui::BeginChild("matches");
	// A selection made elsewhere (the chart, a lesson step, the keys) scrolls
	// the list to its row, once per new selection: the list follows the
	// learner, and scrolling by hand afterwards is not fought.
	static EventId scrolled_to = NO_EVENT;
	static const ViewState *scrolled_for = nullptr;
	static EventId found = NO_EVENT;   // the last selection the list scrolled to, for the frame report
	float row_h = ImGui::GetTextLineHeightWithSpacing();
	if (v.selected != NO_EVENT && (v.selected != scrolled_to || scrolled_for != &v)) {
		const EventId sel = v.selected;
		auto it = std::lower_bound(v.matches.begin(), v.matches.end(), sel, [&](EventId a, EventId b) {
			const Event &ea = m.event(a), &eb = m.event(b);
			return ea.t != eb.t ? ea.t < eb.t : a < b;
		});
		if (it != v.matches.end() && *it == sel) {
			float y = float(it - v.matches.begin()) * row_h;
			if (y < ImGui::GetScrollY() || y + row_h > ImGui::GetScrollY() + ImGui::GetWindowHeight())
				ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() / 2));
			found = sel;
			scrolled_to = sel;   // done; a selection not in the list (filtered out, not loaded yet) is looked for again
			scrolled_for = &v;
		}
	}
	if (found != NO_EVENT)
		frame_report().filter_scrolled_to = int64_t(found);
	ImGuiListClipper clipper;
	clipper.Begin(int(v.matches.size()));
	while (clipper.Step()) {
		for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; i++) {
			EventId e = v.matches[i];
			std::string line = format_duration(m.event(e).t - m.first_time()) + "  " + describe_event(m, e);
			ImGui::PushID(i);
			if (ImGui::Selectable(line.c_str(), e == v.selected))
				view_select(v, m, e);
			// Rows are cut at the panel's edge: the whole line on hover.
			if (ImGui::IsItemHovered() && ImGui::GetItemRectMin().x + ImGui::CalcTextSize(line.c_str()).x > ImGui::GetWindowDrawList()->GetClipRectMax().x) {
				ImGui::SetTooltip("%s", line.c_str());
				frame_report().tooltip = line;
			}
			if (e == v.selected)
				frame_report_item("filter selected row");
			ImGui::PopID();
		}
	}
	ImGui::EndChild();
}
