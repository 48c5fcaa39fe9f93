// cluster_arrows: with two nodes' traces side by side (cluster or harbor), an arrow from one chart to the other for each message that crossed.
#include "trace/cluster_join.h"
#include "trace/harbor_join.h"
#include "viewer/app/colors.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"

#include <algorithm>
#include <cmath>

namespace {

// The join is redone only when a trace grew (a live trace keeps growing).
struct JoinCache {
	const TraceModel *a = nullptr, *b = nullptr;
	size_t a_size = 0, b_size = 0;
	std::vector<ClusterCrossing> crossings;
	int64_t offset = 0;
	bool offset_found = false;
};

const JoinCache &join_of(const TraceModel &a, const TraceModel &b)
{
	static JoinCache cache;
	if (cache.a != &a || cache.b != &b || cache.a_size != a.size() || cache.b_size != b.size()) {
		cache = {&a, &b, a.size(), b.size(), cluster_join(a, b)};
		harbor_join(a, b, cache.crossings); // two harbor nodes: every message between them
		cache.offset = cluster_clock_offset(a, b, cache.crossings, cache.offset_found);
	}
	return cache;
}

void arrow_head(ImDrawList *dl, ImVec2 from, ImVec2 to, ImU32 col)
{
	float dx = to.x - from.x, dy = to.y - from.y;
	float len = std::sqrt(dx * dx + dy * dy);
	if (len < 4)
		return;
	dx /= len, dy /= len;
	const float s = 9;
	dl->AddTriangleFilled(to, ImVec2(to.x - dx * s - dy * s * 0.5f, to.y - dy * s + dx * s * 0.5f),
		ImVec2(to.x - dx * s + dy * s * 0.5f, to.y - dy * s - dx * s * 0.5f), col);
}

} // namespace

bool cluster_offset(const TraceModel &a, const TraceModel &b, int64_t &offset)
{
	const JoinCache &j = join_of(a, b);
	offset = j.offset;
	return j.offset_found;
}

int draw_cluster_crossings(const ViewState &va, const TraceModel &a, const ViewState &vb, const TraceModel &b)
{
	const auto &crossings = join_of(a, b).crossings;
	if (crossings.empty() || !va.chart.valid || !vb.chart.valid)
		return 0;
	// Over both charts, across the gap between them; on top of the windows.
	ImDrawList *dl = ImGui::GetForegroundDrawList();
	float top = std::min(va.chart.clip_y0, vb.chart.clip_y0), bottom = std::max(va.chart.clip_y1, vb.chart.clip_y1);
	dl->PushClipRect(ImVec2(va.chart.x0, top), ImVec2(vb.chart.x1, bottom), true);
	int drawn = 0;
	for (const ClusterCrossing &c : crossings) {
		const ViewState &vf = c.from_trace == 0 ? va : vb, &vt = c.from_trace == 0 ? vb : va;
		const TraceModel &mf = c.from_trace == 0 ? a : b, &mt = c.from_trace == 0 ? b : a;
		ImVec2 p, q;
		if (!chart_point(vf, mf, c.from, p) || !chart_point(vt, mt, c.to, q))
			continue;
		// A response is dashed-looking by being thinner; both share the colour
		// that no message inside one node uses.
		dl->AddLine(p, q, colors::cross_node, c.response ? 1.5f : 2.5f);
		arrow_head(dl, p, q, colors::cross_node);
		dl->AddCircleFilled(p, 3.5f, colors::cross_node, 10);
		drawn++;
	}
	dl->PopClipRect();
	FrameReport &r = frame_report();
	r.crossings = int(crossings.size());
	r.crossings_drawn = drawn;
	return drawn;
}
