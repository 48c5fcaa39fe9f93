// panel_coroutines: per service, each coroutine's state at the current time and what it waits for.
#include "viewer/app/colors.h"
#include "viewer/app/panels.h"

void panel_coroutines(ViewState &v, const TraceModel &m)
{
	if (m.coroutines().empty()) {
		ImGui::TextDisabled("no co.* events in this trace");
		return;
	}
	ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
	if (!ImGui::BeginTable("coroutines", 5, flags))
		return;
	ImGui::TableSetupScrollFreeze(0, 1);
	ImGui::TableSetupColumn("service 服务", 0, 1.2f);
	ImGui::TableSetupColumn("co", 0, 0.3f);
	ImGui::TableSetupColumn("state 状态", 0, 0.8f);
	ImGui::TableSetupColumn("waits for 等待", 0, 2.0f);
	ImGui::TableSetupColumn("since", 0, 0.8f);
	ImGui::TableHeadersRow();
	ImGuiListClipper clipper;
	clipper.Begin(int(m.coroutines().size()));
	while (clipper.Step()) {
		for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; i++) {
			const Coroutine &c = m.coroutines()[i];
			EventId e = m.coroutine_state_at(c, v.now);
			ImGui::TableNextRow();
			ImGui::TableNextColumn();
			ImGui::PushID(i);
			bool selected = e != NO_EVENT && e == v.selected;
			std::string name = m.service_label(c.h);
			if (ImGui::Selectable(name.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns) && e != NO_EVENT)
				view_select(v, m, e);
			ImGui::PopID();
			ImGui::TableNextColumn();
			ImGui::Text("%d", c.co);
			ImGui::TableNextColumn();
			if (e == NO_EVENT) {
				ImGui::TextDisabled("not yet");
				continue;
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
	}
	ImGui::EndTable();
}
