// panel_lesson: a lesson's steps beside the trace — which have happened, the current one's text and source, next/previous.
#include "viewer/app/colors.h"
#include "viewer/app/describe.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/input.h"
#include "viewer/app/panels.h"

#include <GLFW/glfw3.h>

#include <algorithm>

namespace {

const ImVec4 DONE(0.45f, 0.85f, 0.5f, 1), WAITING(1.0f, 0.65f, 0.3f, 1), TAG_LINE(1.0f, 0.9f, 0.45f, 1);

// Each step on one line: ✔ passed, ▶ the current one, ● happened, ○ not yet.
void step_list(ViewState &v, const TraceModel &m, LessonView &lv)
{
	const ImVec4 dim = ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
	for (size_t i = 0; i < lv.lesson.steps.size(); i++) {
		bool happened = lv.matcher.event_of(i) != NO_EVENT;
		bool current = int(i) == lv.current;
		const char *mark = current ? "▶" : happened && int(i) < lv.current ? "✔" : happened ? "●" : "○";
		ImGui::PushID(int(i));
		ImGui::TextColored(current ? TAG_LINE : happened ? DONE : dim, "%s", mark);
		ImGui::SameLine();
		std::string label = std::to_string(i + 1) + ". " + lv.lesson.steps[i].text;
		ImGui::PushStyleColor(ImGuiCol_Text, happened || current ? ImGui::GetStyle().Colors[ImGuiCol_Text] : dim);
		if (ImGui::Selectable(label.c_str(), current))
			lv.go(v, m, int(i));
		ImGui::PopStyleColor();
		if (ImGui::IsItemHovered())   // a long step is cut at the list's edge
			ImGui::SetTooltip("%s", label.c_str());
		if (current && lv.scrolled != lv.current) {
			ImGui::SetScrollHereY();
			lv.scrolled = lv.current;
		}
		ImGui::PopID();
	}
}

// The tag's lines, numbered, in the monospace face; the tag's own line lit.
void source_excerpt(const LessonStep &step)
{
	if (step.tag.empty())
		return;
	const TagSource &s = step.source;
	if (s.line == 0) {
		ImGui::TextDisabled("tag \"%s\" is in no source file", step.tag.c_str());
		return;
	}
	ImGui::TextDisabled("%s:%d  (%s)", s.file.c_str(), s.line, step.tag.c_str());
	ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(20, 22, 28, 255));
	ImGui::BeginChild("source", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
	ImGui::PushFont(mono_font());
	for (size_t i = 0; i < s.lines.size(); i++) {
		int n = s.first_line + int(i);
		// The tag's comment and the code line under it: the line the step is about.
		ImVec4 color = n == s.line || n == s.line + 1 ? TAG_LINE : ImGui::GetStyle().Colors[ImGuiCol_Text];
		ImGui::TextColored(ImGui::GetStyle().Colors[ImGuiCol_TextDisabled], "%4d", n);
		ImGui::SameLine();
		std::string line = s.lines[i];
		for (size_t tab; (tab = line.find('\t')) != std::string::npos;)
			line.replace(tab, 1, "    ");
		ImGui::TextColored(color, "%s", line.c_str());
	}
	ImGui::PopFont();
	ImGui::EndChild();
	ImGui::PopStyleColor();
}

void current_step(ViewState &v, const TraceModel &m, LessonView &lv)
{
	if (lv.current < 0) {
		ImGui::TextWrapped("%zu steps. Press Next step ▶ (or n) to start; click a step to go to it.", lv.lesson.steps.size());
		return;
	}
	const LessonStep &step = lv.lesson.steps[size_t(lv.current)];
	ImGui::Text("Step %d of %zu", lv.current + 1, lv.lesson.steps.size());
	ImGui::TextWrapped("%s", step.text.c_str());
	EventId e = lv.matcher.event_of(size_t(lv.current));
	if (lv.never_happened()) {
		ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.4f, 0.35f, 1));
		ImGui::TextWrapped("This step never happened in this trace: it has no %s. Was the trace taken from this lesson, "
			"with tracing on from the start?", lv.matcher.waiting_for(lv.lesson, size_t(lv.current)).c_str());
		ImGui::PopStyleColor();
		frame_report_item("step never happened");
	} else if (e == NO_EVENT) {
		ImGui::PushStyleColor(ImGuiCol_Text, WAITING);
		ImGui::TextWrapped("waiting for: %s", lv.matcher.waiting_for(lv.lesson, size_t(lv.current)).c_str());
		ImGui::PopStyleColor();
	} else {
		std::string what = "event: " + describe_event(m, e);
		if (ImGui::Selectable(what.c_str(), e == v.selected))
			view_select(v, m, e);
	}
	ImGui::Spacing();
	source_excerpt(step);
}

} // namespace

void lesson_keys(ViewState &v, const TraceModel &m, LessonView &lv)
{
	if (!lv.active)
		return;
	if (key_hit(GLFW_KEY_N))
		lv.next(v, m);
	if (key_hit(GLFW_KEY_P))
		lv.previous(v, m);
}

// Stacked to fit the column beside the chart: the title, the buttons, the
// step list, then the current step's text and its source.
void panel_lesson(ViewState &v, const TraceModel &m, LessonView &lv)
{
	ImGui::PushStyleColor(ImGuiCol_Text, TAG_LINE);
	ImGui::TextWrapped("%s", lv.lesson.title.c_str());
	ImGui::PopStyleColor();
	frame_report_item("lesson title");
	ImGui::BeginDisabled(lv.current <= 0);
	if (ImGui::Button("◀ Previous step"))
		lv.previous(v, m);
	frame_report_item("Previous step");
	ImGui::EndDisabled();
	ImGui::SameLine();
	ImGui::BeginDisabled(lv.current + 1 >= int(lv.lesson.steps.size()));
	if (ImGui::Button("Next step ▶"))
		lv.next(v, m);
	frame_report_item("Next step");
	ImGui::EndDisabled();
	ImGui::SameLine();
	ImGui::TextDisabled("n / p   (%zu of %zu seen)", lv.matcher.matched(), lv.lesson.steps.size());

	float list_h = std::min(ImGui::GetContentRegionAvail().y * 0.32f,
		float(lv.lesson.steps.size()) * ImGui::GetTextLineHeightWithSpacing() + 2 * ImGui::GetStyle().WindowPadding.y);
	ImGui::BeginChild("steps", ImVec2(0, list_h), true);
	step_list(v, m, lv);
	ImGui::EndChild();
	ImGui::BeginChild("step", ImVec2(0, 0), false);
	current_step(v, m, lv);
	ImGui::EndChild();
}
