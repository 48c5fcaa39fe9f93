// panel_coroutines: per service, each coroutine's state at the current time and what it waits for; finished ones hidden unless asked.
#include "viewer/app/colors.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"

#include <algorithm>
#include <map>

namespace {

// A row of the table: a service's header, or one of its coroutines.
struct Row {
	uint32_t h = 0;
	int coroutine = -1;         // index into coroutines(), -1 for the header
	EventId state = NO_EVENT;   // the coroutine's last co.* event at `now`
	int live = 0, waiting = 0;  // the header's counts
};

bool finished(const Event &ev) { return ev.kind == Kind::co_exit; }

void coroutine_row(ViewState &v, const TraceModel &m, const Row &row, int i)
{
	const Coroutine &c = m.coroutines()[size_t(row.coroutine)];
	EventId e = row.state;
	ImGui::TableNextRow();
	ImGui::TableNextColumn();
	ImGui::PushID(i);
	char label[32];
	std::snprintf(label, sizeof label, "    co %d", c.co);
	if (ImGui::Selectable(label, e != NO_EVENT && e == v.selected, ImGuiSelectableFlags_SpanAllColumns) && e != NO_EVENT)
		view_select(v, m, e);
	ImGui::PopID();
	ImGui::TableNextColumn();
	if (e == NO_EVENT) {
		ImGui::TextDisabled("not yet");
		return;
	}
	const Event &ev = m.event(e);
	std::string why(m.word(ev.word));
	switch (ev.kind) {
	case Kind::co_new: case Kind::co_resume:
		ImGui::TextColored(ImVec4(0.4f, 0.9f, 0.5f, 1), "running");
		break;
	case Kind::co_suspend:
		ImGui::TextColored(ImVec4(0.9f, 0.5f, 0.9f, 1), "suspended");
		break;
	default:
		ImGui::TextDisabled(ev.flag ? "done" : "done (raised)");
		break;
	}
	ImGui::TableNextColumn();
	if (ev.kind == Kind::co_suspend) {
		if (why == "call")
			ImGui::Text("call %s, session %d", m.service_label(ev.peer).c_str(), ev.session);
		else if (ev.session)
			ImGui::Text("%s, session %d", why.c_str(), ev.session);
		else
			ImGui::Text("%s", why.c_str());
	} else if (ev.kind == Kind::co_resume) {
		ImGui::TextDisabled("woken by %s", why.c_str());
	} else if (ev.kind == Kind::co_new) {
		ImGui::TextDisabled("started by %s", ev.peer ? m.service_label(ev.peer).c_str() : "fork");
	}
	ImGui::TableNextColumn();
	ImGui::TextDisabled("%s ago", format_duration(v.now - ev.t).c_str());
}

} // namespace

void panel_coroutines(ViewState &v, const TraceModel &m)
{
	static bool show_finished = false;
	if (m.coroutines().empty()) {
		ImGui::TextDisabled("no co.* events in this trace");
		return;
	}
	// Grouped by service, in address order; a finished coroutine (co.exit
	// before `now`) is history, and hidden until asked for.
	std::map<uint32_t, std::vector<Row>> by_service;
	int hidden = 0;
	for (size_t i = 0; i < m.coroutines().size(); i++) {
		const Coroutine &c = m.coroutines()[i];
		EventId e = m.coroutine_state_at(c, v.now);
		if (e == NO_EVENT)
			continue;   // not started yet
		if (!show_finished && finished(m.event(e))) {
			hidden++;
			continue;
		}
		by_service[c.h].push_back({c.h, int(i), e});
	}
	std::vector<Row> rows;
	for (auto &[h, list] : by_service) {
		Row header{h};
		for (const Row &r : list) {
			header.live += !finished(m.event(r.state));
			header.waiting += m.event(r.state).kind == Kind::co_suspend;
		}
		rows.push_back(header);
		rows.insert(rows.end(), list.begin(), list.end());
	}
	ImGui::Checkbox("show finished", &show_finished);
	frame_report_item("show finished");
	ImGui::SameLine();
	ImGui::TextDisabled("%zu services, %zu coroutines shown%s", by_service.size(), rows.size() - by_service.size(),
		hidden ? (", " + std::to_string(hidden) + " finished hidden").c_str() : "");
	frame_report().coroutines = std::to_string(by_service.size()) + " services, " + std::to_string(rows.size() - by_service.size()) +
		" shown, " + std::to_string(hidden) + " hidden";

	ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
	if (!ImGui::BeginTable("coroutines", 4, flags))
		return;
	ImGui::TableSetupScrollFreeze(0, 1);
	ImGui::TableSetupColumn("service / co 服务", 0, 1.2f);
	ImGui::TableSetupColumn("state 状态", 0, 0.8f);
	ImGui::TableSetupColumn("waits for 等待", 0, 2.0f);
	ImGui::TableSetupColumn("since", 0, 0.8f);
	ImGui::TableHeadersRow();
	ImGuiListClipper clipper;
	clipper.Begin(int(rows.size()));
	while (clipper.Step()) {
		for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; i++) {
			const Row &row = rows[size_t(i)];
			if (row.coroutine >= 0) {
				coroutine_row(v, m, row, i);
				continue;
			}
			ImGui::TableNextRow();
			ImGui::TableNextColumn();
			std::string name = m.service_label(row.h) + "  " + format_handle(row.h);
			ImGui::TextColored(ImColor(service_color(row.h)), "%s", name.c_str());
			frame_report_item("coroutines of " + m.service_label(row.h));
			ImGui::TableNextColumn();
			ImGui::TextDisabled("%d live", row.live);
			ImGui::TableNextColumn();
			ImGui::TextDisabled("%d waiting", row.waiting);
			ImGui::TableNextColumn();
		}
	}
	ImGui::EndTable();
}
