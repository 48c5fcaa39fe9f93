// frame_report: the last frame's facts as JSON, for the screenshot tests.
#include "viewer/app/frame_report.h"

#include <imgui.h>

#include <cstdio>

FrameReport &frame_report()
{
	static FrameReport report;
	return report;
}

void frame_report_item(const std::string &name)
{
	ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
	frame_report().targets.push_back({name, a.x, a.y, b.x, b.y});
}

// Enough escaping for paths and event descriptions.
static std::string quoted(const std::string &s)
{
	std::string out = "\"";
	for (char c : s) {
		if (c == '"' || c == '\\')
			out += '\\', out += c;
		else if (static_cast<unsigned char>(c) < 0x20)
			out += ' ';
		else
			out += c;
	}
	return out + "\"";
}

bool frame_report_write(const std::string &path)
{
	const FrameReport &r = frame_report();
	// Written aside and renamed: a test polling for the file never reads half of it.
	std::string tmp = path + ".tmp";
	FILE *f = std::fopen(tmp.c_str(), "w");
	if (!f)
		return false;
	std::fprintf(f, "{\"state\":%s,\"source\":%s,\"events\":%zu,\"tab\":%s,\"lesson_step\":%d,\"selected\":%lld,"
		"\"view_t0\":%lld,\"view_t1\":%lld,\"step_t0\":%lld,\"step_t1\":%lld,\"tooltip\":%s,\"climb\":%s,\"traces\":%d,\"source2\":%s,\"events2\":%zu,\"view2_t0\":%lld,\"view2_t1\":%lld",
		quoted(r.state).c_str(), quoted(r.source).c_str(), r.events, quoted(r.tab).c_str(), r.lesson_step,
		(long long)r.selected, (long long)r.view_t0, (long long)r.view_t1, (long long)r.step_t0, (long long)r.step_t1,
		quoted(r.tooltip).c_str(), quoted(r.climb).c_str(), r.traces,
		quoted(r.source2).c_str(), r.events2, (long long)r.view2_t0, (long long)r.view2_t1);
	std::fprintf(f, ",\"node\":%s,\"node2\":%s,\"crossings\":%d,\"crossings_drawn\":%d", quoted(r.node).c_str(),
		quoted(r.node2).c_str(), r.crossings, r.crossings_drawn);
	std::fprintf(f, ",\"trace_tag\":%s,\"trace_steps\":%zu", quoted(r.trace_tag).c_str(), r.trace_steps);
	std::fprintf(f, ",\"services_order\":%s,\"incomplete\":%s", quoted(r.services_order).c_str(), r.incomplete ? "true" : "false");
	std::fprintf(f, ",\"step_never_happened\":%s,\"climb_list\":%s,\"filter_scrolled_to\":%lld,\"coroutines\":%s,\"speed\":%.0f", r.step_never_happened ? "true" : "false",
		quoted(r.climb_list).c_str(), (long long)r.filter_scrolled_to, quoted(r.coroutines).c_str(), r.speed);
	std::fprintf(f, ",\"arrows\":%d,\"arrow_draws\":%d,\"merged_arrows\":%d,\"marks\":%d,\"mark_draws\":%d", r.arrows, r.arrow_draws,
		r.merged_arrows, r.marks, r.mark_draws);
	std::fprintf(f, ",\"chart_reused\":%s", r.chart_reused ? "true" : "false");
	std::fprintf(f, ",\"targets\":{");
	for (size_t i = 0; i < r.targets.size(); i++) {
		const ReportTarget &t = r.targets[i];
		std::fprintf(f, "%s%s:[%.0f,%.0f,%.0f,%.0f]", i ? "," : "", quoted(t.name).c_str(), t.x0, t.y0, t.x1, t.y1);
	}
	std::fprintf(f, "}}\n");
	return std::fclose(f) == 0 && std::rename(tmp.c_str(), path.c_str()) == 0;
}
