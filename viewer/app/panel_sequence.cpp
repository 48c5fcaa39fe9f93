// panel_sequence: a lane per service, an arrow per message, dispatches and coroutine waits on the lanes.
// Only what is visible is drawn. When more events are in view than can be
// told apart, lanes become density strips and arrows are merged per edge and
// per few pixels: llvmpipe pays per triangle, so a million events must never
// become a million lines.
#include "viewer/app/arrow_bundles.h"
#include "viewer/app/chart_cache.h"
#include "viewer/app/colors.h"
#include "viewer/app/describe.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/lanes.h"
#include "viewer/app/panels.h"
#include "viewer/app/sequence_marks.h"
#include "viewer/app/timeline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

static constexpr float LABEL_W = 160;
static constexpr float AXIS_H = 20;
static constexpr size_t DETAIL_LIMIT = 4000;   // events in view drawn one by one
static constexpr float BUCKET_PX = 4;          // merged arrows: at least this many pixels apart
static constexpr int MERGED_ARROWS = 600;      // and about this many in all

namespace {

struct Lanes : LaneLayout {     // rows and service -> row (lanes.h), placed on screen
	float origin_y = 0, height = 24;
	int first = 0, last = -1;      // visible lanes
	float y(int lane) const { return origin_y + (float(lane) + 0.5f) * height; }
	int of(const TraceModel &m, uint32_t h) const
	{
		int s = m.service_index(h);
		return s < 0 ? -1 : of_service[s];
	}
	bool visible(int lane) const { return lane >= first && lane <= last; }
};

struct Drawer {
	const TraceModel &m;
	const ViewState &v;
	const Lanes &lanes;
	const TimeAxis &axis;
	ImDrawList *dl;
	std::unordered_set<uint64_t> drawn;   // pixel keys already drawn this frame
	int report_budget = 200;              // arrows and boxes named in the frame report
	// Zoomed in, the events are walked twice: the arrows first (gathered
	// into bands, arrow_bundles.h), then the boxes and marks over them.
	enum Pass { All, Arrows, Marks } pass = All;
	ArrowBundles *bundles = nullptr;
	MarkRuns *mark_runs = nullptr;         // marks a pixel or two apart, one shape (sequence_marks.h)

	bool once(uint64_t key) { return drawn.insert(key).second; }

	void message_arrow(int mi, ImU32 col, float thickness)
	{
		const Message &msg = m.messages()[mi];
		if (msg.push == NO_EVENT)
			return;
		int a = lanes.of(m, msg.src), b = lanes.of(m, msg.dst);
		if (a < 0 || b < 0 || (!lanes.visible(a) && !lanes.visible(b)))
			return;
		float x0 = axis.x(m.event(msg.push).t);
		float x1 = msg.begin != NO_EVENT ? axis.x(m.event(msg.begin).t) : x0 + 12;
		float y0 = lanes.y(a), y1 = lanes.y(b);
		if (a == b)
			y1 += lanes.height * 0.3f;   // to itself: a short hook down the lane
		uint64_t key = (uint64_t(a) << 48) ^ (uint64_t(b) << 36) ^ (uint64_t(int64_t(x0) & 0x3ffff) << 18) ^ uint64_t(int64_t(x1) & 0x3ffff);
		if (thickness <= 1.5f && !once(key))
			return;
		if (bundles && thickness <= 1.5f)
			bundles->add(a, b, ImVec2(x0, y0), ImVec2(x1, y1), col);
		else
			draw_arrow(dl, ImVec2(x0, y0), ImVec2(x1, y1), col, thickness);
		if (a != b && thickness <= 1.5f && report_budget-- > 0)   // its middle, for the tests to point at
			frame_report().targets.push_back({"arrow " + std::to_string(msg.id), (x0 + x1) / 2 - 1, (y0 + y1) / 2 - 1, (x0 + x1) / 2 + 1, (y0 + y1) / 2 + 1});
	}

	void dispatch_box(int mi, ImU32 outline)
	{
		const Message &msg = m.messages()[mi];
		if (msg.begin == NO_EVENT)
			return;
		const Event &b = m.event(msg.begin);
		int lane = lanes.of(m, b.h);
		if (!lanes.visible(lane))
			return;
		float x0 = axis.x(b.t);
		float x1 = msg.end != NO_EVENT ? axis.x(m.event(msg.end).t) : x0 + 2;
		x1 = std::max(x1, x0 + 2);
		float y = lanes.y(lane);
		if (!outline && !once((uint64_t(lane) << 40) ^ 0x8000000000000000ull ^ uint64_t(int64_t(x0) & 0xfffff) ^ (uint64_t(int64_t(x1) & 0xfffff) << 20)))
			return;
		dl->AddRectFilled(ImVec2(x0, y - 4), ImVec2(x1, y + 4), service_color(b.h, 0.75f));
		if (!outline && report_budget-- > 0)
			frame_report().targets.push_back({"dispatch " + std::to_string(msg.id), x0, y - 4, x1, y + 4});
		if (outline)
			dl->AddRect(ImVec2(x0 - 1, y - 5), ImVec2(x1 + 1, y + 5), outline, 0, 0, 2);
	}

	// A waiting coroutine: a line under the lane from suspend to resume.
	void wait_line(int wi)
	{
		const Wait &w = m.waits()[wi];
		int lane = lanes.of(m, w.h);
		if (!lanes.visible(lane))
			return;
		float x0 = axis.x(m.event(w.suspend).t);
		float x1 = w.resume != NO_EVENT ? axis.x(m.event(w.resume).t) : axis.x1;
		float y = lanes.y(lane) + 7;
		if (!once((uint64_t(lane) << 40) ^ 0x4000000000000000ull ^ uint64_t(int64_t(x0) & 0xfffff) ^ (uint64_t(int64_t(x1) & 0xfffff) << 20)))
			return;
		dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), IM_COL32(230, 120, 230, 150), 2);
	}

	void event(EventId e)
	{
		const Event &ev = m.event(e);
		if (pass == Arrows && ev.kind != Kind::msg_push && ev.kind != Kind::msg_begin)
			return;
		int lane = lanes.of(m, ev.h);
		switch (ev.kind) {
		case Kind::msg_push: case Kind::msg_begin: {
			int mi = m.message_of(e);
			if (mi >= 0 && pass != Marks)
				message_arrow(mi, message_color(m.messages()[mi].type), 1.0f);
			if (mi >= 0 && pass != Arrows)
				dispatch_box(mi, 0);
			return;
		}
		case Kind::msg_end: {
			int mi = m.message_of(e);
			if (mi >= 0)
				dispatch_box(mi, 0);
			return;
		}
		case Kind::co_suspend: case Kind::co_resume: {
			int wi = m.wait_of(e);
			if (wi >= 0)
				wait_line(wi);
			break;
		}
		default:
			break;
		}
		if (!lanes.visible(lane))
			return;
		float x = axis.x(ev.t);
		if (!once((uint64_t(lane) << 32) ^ (uint64_t(ev.kind) << 24) ^ uint64_t(int64_t(x) & 0xffffff)))
			return;
		if (mark_runs)
			mark_runs->add(lane, ev, ImVec2(x, lanes.y(lane)), mark_color(m, ev));
		else
			draw_mark(dl, ev, ImVec2(x, lanes.y(lane)), mark_color(m, ev));
	}
};

// The first of a lane's `times` at or after `t`, searching forward from
// `from`: a column's events start where the last column's ended, so gallop
// out from there rather than bisect the whole lane (16 lanes x 500 columns of
// a 1M-event trace cost 4 ms a frame that way). The times sit side by side
// (Service::times): through the event ids each step was a cache miss, 80% of
// this panel's time on the gate trace's 800k-event gate lane.
size_t first_from(const std::vector<int64_t> &times, size_t from, int64_t t)
{
	size_t lo = from, step = 1;
	while (lo + step < times.size() && times[lo + step] < t)
		lo += step, step *= 2;
	size_t hi = std::min(times.size(), lo + step + 1);
	return size_t(std::lower_bound(times.begin() + std::ptrdiff_t(lo), times.begin() + std::ptrdiff_t(hi), t) - times.begin());
}

// Zoomed out: each lane a strip whose brightness counts its events per column.
void draw_density(ImDrawList *dl, const TraceModel &m, const Lanes &lanes, const TimeAxis &axis)
{
	const float col_px = 3;
	std::vector<size_t> prev;
	for (int lane = lanes.first; lane <= lanes.last; lane++) {
		const std::vector<int> &members = lanes.rows[size_t(lane)].services;
		if (members.empty())
			continue;   // an open group's header
		const Service &s = m.services()[size_t(members[0])];
		float y = lanes.y(lane);
		prev.clear();
		for (int x : members)
			prev.push_back(first_from(m.services()[size_t(x)].times, 0, axis.t0));
		int run_level = 0;
		float run_x = axis.x0;
		for (float x = axis.x0; x < axis.x1 + col_px; x += col_px) {
			size_t n = 0;   // a collapsed group counts all its members
			for (size_t k = 0; k < members.size(); k++) {
				size_t next = first_from(m.services()[size_t(members[k])].times, prev[k], axis.t(x + col_px));
				n += next - prev[k];
				prev[k] = next;
			}
			int level = n == 0 ? 0 : std::min(8, 1 + int(std::log2(double(n))));
			if (level != run_level || x >= axis.x1) {
				if (run_level > 0)
					dl->AddRectFilled(ImVec2(run_x, y - 6), ImVec2(std::min(x, axis.x1), y + 6),
						service_color(s.handle, 0.2f + 0.1f * float(run_level)));
				run_level = level;
				run_x = x;
			}
		}
	}
}

// Zoomed out: per pair of lanes, one arrow per bucket of pixels, brighter
// as it is busier. Edges between the same two lanes share their buckets: a
// folded group of a hundred agents has two hundred edges to the gate, and
// their arrows, drawn per edge, lay on the same pixels a hundred deep. A long
// diagonal costs llvmpipe its length in pixels, so the bucket widens with
// the number of lane pairs to keep the total near MERGED_ARROWS.
void draw_merged_arrows(ImDrawList *dl, const TraceModel &m, const Lanes &lanes, const TimeAxis &axis)
{
	auto pair_of = [&](const Edge &edge) {
		int a = lanes.of(m, edge.src), b = lanes.of(m, edge.dst);
		bool shown = a >= 0 && b >= 0 && (lanes.visible(a) || lanes.visible(b));
		return shown ? (uint64_t(a) << 44) | (uint64_t(b) << 24) : ~0ull;
	};
	std::unordered_set<uint64_t> pairs;
	for (const Edge &edge : m.edges())
		if (uint64_t p = pair_of(edge); p != ~0ull)
			pairs.insert(p);
	const float bucket_px = std::max(BUCKET_PX, (axis.x1 - axis.x0) * float(pairs.size()) / float(MERGED_ARROWS));
	struct Bucket { int64_t t; uint32_t mi; size_t n; };
	std::map<uint64_t, Bucket> buckets;   // pair | bucket index, in order: the same picture every frame
	auto push_t = [&](uint32_t mi) { return m.event(m.messages()[mi].push).t; };
	for (const Edge &edge : m.edges()) {
		uint64_t pair = pair_of(edge);
		if (pair == ~0ull)
			continue;
		auto first_at = [&](int64_t t) {
			return size_t(std::lower_bound(edge.messages.begin(), edge.messages.end(), t,
				[&](uint32_t mi, int64_t v) { return push_t(mi) < v; }) - edge.messages.begin());
		};
		size_t i = first_at(axis.t0);
		while (i < edge.messages.size()) {
			int64_t t = push_t(edge.messages[i]);
			if (t > axis.t1)
				break;
			float bucket = std::floor((axis.x(t) - axis.x0) / bucket_px);
			size_t j = std::max(first_at(axis.t(axis.x0 + (bucket + 1) * bucket_px)), i + 1);
			auto [it, fresh] = buckets.try_emplace(pair | uint64_t(std::clamp(bucket, 0.0f, float(0xffffff))), Bucket{t, edge.messages[i], 0});
			if (t < it->second.t)
				it->second.t = t, it->second.mi = edge.messages[i];
			it->second.n += j - i;
			i = j;
		}
	}
	for (const auto &[key, bucket] : buckets) {
		int a = int(key >> 44), b = int((key >> 24) & 0xfffff);
		const Message &msg = m.messages()[bucket.mi];
		float x = axis.x(bucket.t);
		float x1 = msg.begin != NO_EVENT ? axis.x(m.event(msg.begin).t) : x + 12;
		int alpha = std::min(255, 70 + int(std::log2(double(bucket.n)) * 20));
		float y1 = lanes.y(b) + (a == b ? lanes.height * 0.3f : 0);
		ImU32 col = (message_color(msg.type) & 0x00ffffff) | (ImU32(alpha) << 24);
		draw_arrow(dl, ImVec2(x, lanes.y(a)), ImVec2(x1, y1), col, 1.0f);
	}
	frame_report().merged_arrows += int(buckets.size());
}

// Everything under the selection and the cursor: zoomed in, each event
// (arrows first, in bands, then boxes and marks over them); zoomed out,
// density strips and merged arrows.
void draw_chart(ImDrawList *dl, const TraceModel &m, const ViewState &v, const Lanes &lanes, const TimeAxis &axis, size_t r0, size_t r1)
{
	Drawer drawer{m, v, lanes, axis, dl, {}};
	if (r1 - r0 <= DETAIL_LIMIT) {
		drawer.drawn.reserve((r1 - r0) * 2);
		ArrowBundles bundles(dl);
		drawer.bundles = &bundles;
		drawer.pass = Drawer::Arrows;
		for (size_t r = r0; r < r1; r++)
			drawer.event(m.at_rank(r));
		bundles.flush();
		frame_report().arrows += bundles.arrows;
		frame_report().arrow_draws += bundles.drawn;
		drawer.bundles = nullptr;
		drawer.pass = Drawer::Marks;
		MarkRuns runs(dl);
		drawer.mark_runs = &runs;
		for (size_t r = r0; r < r1; r++)
			drawer.event(m.at_rank(r));
		runs.flush();
		frame_report().marks += runs.marks;
		frame_report().mark_draws += runs.drawn;
		return;
	}
	draw_density(dl, m, lanes, axis);
	// Hundreds of long merged arrows: drawn with hard edges, since a soft
	// edge adds a pixel each side of a 1-pixel line, and pixels are what
	// llvmpipe pays for. One by one (zoomed in) they keep their soft edges.
	ImDrawListFlags flags = dl->Flags;
	dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill);
	draw_merged_arrows(dl, m, lanes, axis);
	dl->Flags = flags;
}

// What is under the mouse, nearest first: a mark within 7 pixels, then a
// message arrow within 4, then the dispatch box on the lane.
struct Hit {
	EventId event = NO_EVENT;   // the mark, the arrow's msg.push, the box's msg.begin
	enum What { None, Mark, Arrow, Dispatch } what = None;
};

float segment_distance(ImVec2 p, ImVec2 a, ImVec2 b)
{
	float dx = b.x - a.x, dy = b.y - a.y;
	float len2 = dx * dx + dy * dy;
	float u = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0;
	float ex = a.x + u * dx - p.x, ey = a.y + u * dy - p.y;
	return std::sqrt(ex * ex + ey * ey);
}

Hit hit_test(const TraceModel &m, const Lanes &lanes, const TimeAxis &axis, ImVec2 mouse, size_t r0, size_t r1, bool detail)
{
	Hit hit;
	int lane = int(std::floor((mouse.y - lanes.origin_y) / lanes.height));
	bool on_lane = lane >= 0 && lane < int(lanes.rows.size());
	const std::vector<int> no_members;
	const std::vector<int> &members = on_lane ? lanes.rows[size_t(lane)].services : no_members;
	if (on_lane) {
		float best_d = 7;
		// The nearest mark is the first at or after the mouse's time or the
		// last before it (the first of its time, as a walk from the left
		// would find it): two bisections, where walking the 14 pixels around
		// the mouse zoomed out on the gate's lane was ten thousand events.
		for (int s : members) {
			const std::vector<EventId> &evs = m.services()[size_t(s)].events;
			size_t at = m.lower_bound(evs, axis.t(mouse.x));
			size_t candidates[2] = {at, at};
			if (at > 0)
				candidates[0] = m.lower_bound(evs, m.event(evs[at - 1]).t);
			for (size_t i : candidates) {
				if (i >= evs.size())
					continue;
				float d = std::fabs(axis.x(m.event(evs[i]).t) - mouse.x);
				if (d < best_d)
					best_d = d, hit = {evs[i], Hit::Mark};
			}
		}
		if (hit.event != NO_EVENT && std::fabs(mouse.y - lanes.y(lane)) < 12)
			return hit;
		hit = {};
	}
	if (detail) {
		float best_d = 4;
		for (size_t r = r0; r < r1; r++) {
			EventId e = m.at_rank(r);
			if (m.event(e).kind != Kind::msg_push)
				continue;
			int mi = m.message_of(e);
			if (mi < 0 || m.messages()[mi].begin == NO_EVENT)
				continue;
			const Message &msg = m.messages()[mi];
			int a = lanes.of(m, msg.src), b = lanes.of(m, msg.dst);
			if (a < 0 || b < 0)
				continue;
			ImVec2 p0(axis.x(m.event(msg.push).t), lanes.y(a)), p1(axis.x(m.event(msg.begin).t), lanes.y(b));
			float d = segment_distance(mouse, p0, p1);
			if (d < best_d)
				best_d = d, hit = {msg.push, Hit::Arrow};
		}
		if (hit.event != NO_EVENT)
			return hit;
	}
	if (on_lane && std::fabs(mouse.y - lanes.y(lane)) < 6) {
		// The dispatch running at the mouse's time: the last msg.begin before it, if not yet ended.
		int64_t t = axis.t(mouse.x);
		for (int s : members) {
			const std::vector<EventId> &evs = m.services()[size_t(s)].events;
			for (size_t i = m.lower_bound(evs, t + 1); i-- > 0;) {
				const Event &x = m.event(evs[i]);
				if (x.kind == Kind::msg_end)
					break;
				if (x.kind == Kind::msg_begin) {
					hit = {evs[i], Hit::Dispatch};
					break;
				}
			}
			if (hit.event != NO_EVENT)
				break;
		}
	}
	return hit;
}

// The tooltip: what it is, and the figures a learner asks about.
void hover_tooltip(const TraceModel &m, const Hit &hit)
{
	std::string first;
	int mi = m.message_of(hit.event);
	const Message *msg = mi >= 0 ? &m.messages()[mi] : nullptr;
	if (hit.what == Hit::Arrow && msg) {
		first = "message " + m.service_label(msg->src) + " -> " + m.service_label(msg->dst) + "  " +
			std::string(ptype_name(msg->type)) + " session " + std::to_string(msg->session);
	} else if (hit.what == Hit::Dispatch && msg) {
		first = "dispatch on " + m.service_label(msg->dst) + ": " + std::string(ptype_name(msg->type)) + " from " + m.service_label(msg->src);
	} else {
		first = describe_event(m, hit.event);
	}
	ImGui::BeginTooltip();
	ImGui::TextUnformatted(first.c_str());
	if (msg && msg->push != NO_EVENT && msg->begin != NO_EVENT)
		ImGui::TextDisabled("waited in the queue %s", format_duration(m.event(msg->begin).t - m.event(msg->push).t).c_str());
	if (msg && msg->begin != NO_EVENT && msg->end != NO_EVENT)
		ImGui::TextDisabled("dispatch took %s", format_duration(m.event(msg->end).t - m.event(msg->begin).t).c_str());
	ImGui::TextDisabled("+%s   click to select", format_duration(m.event(hit.event).t - m.first_time()).c_str());
	ImGui::EndTooltip();
	frame_report().tooltip = first;
}

// Above the lane names: how the lanes are ordered, and whether services
// that share a name fold into a group.
void lane_controls(ViewState &v, ImVec2 at)
{
	ImGui::SetCursorScreenPos(at);
	char order[40];
	std::snprintf(order, sizeof order, "by %s", lane_order_name(v.lane_order));
	if (ImGui::SmallButton(order))
		v.lane_order = LaneOrder((int(v.lane_order) + 1) % 3);
	frame_report_item("lane order");
	if (ImGui::IsItemHovered())
		ImGui::SetTooltip("lanes sorted by address, name or activity (events): click for the next");
	ImGui::SameLine(0, 4);
	if (ImGui::SmallButton(v.lane_groups ? "grouped" : "flat"))
		v.lane_groups = !v.lane_groups;
	frame_report_item("lane groups");
	if (ImGui::IsItemHovered())
		ImGui::SetTooltip("services of one name in a group (click its name to fold or open it), or one lane each");
}

} // namespace

void panel_sequence(ViewState &v, const TraceModel &m)
{
	static Measure measure;
	timeline_fit(v, m);
	ImVec2 avail = ImGui::GetContentRegionAvail();
	ImVec2 top = ImGui::GetCursorScreenPos();
	ImDrawList *dl = ImGui::GetWindowDrawList();

	Lanes lanes;
	static_cast<LaneLayout &>(lanes) = lanes_build(m, v);

	TimeAxis axis;
	axis.x0 = top.x + LABEL_W;
	axis.x1 = top.x + avail.x - 8;
	axis.t0 = v.view_t0;
	axis.t1 = std::max(v.view_t1, v.view_t0 + 1);
	axis.origin = m.first_time();

	// The strip under the lanes: the legend (when the chart is wide enough)
	// and how many events are in view. The lanes end above it.
	const float row_h = ImGui::GetFontSize() + 4;
	bool wide = axis.x1 - axis.x0 > 600;   // a half-width chart (two traces compared) has no room for a legend
	float info_w = ImGui::CalcTextSize("0000000 events in view (merged: zoom in for each arrow)").x;
	float strip_h = float(wide ? legend_rows(axis.x0 + 4, axis.x1 - info_w - 16) : 1) * row_h + 4;
	float lanes_h = std::max(avail.y - AXIS_H - strip_h, 40.0f);
	int n = std::max<int>(1, int(lanes.rows.size()));
	lanes.height = std::clamp(lanes_h / float(n), 26.0f, 56.0f);

	timeline_draw_axis(dl, axis, ImVec2(axis.x0, top.y), ImVec2(axis.x1, top.y + AXIS_H + lanes_h));
	frame_report().targets.push_back({"chart", axis.x0, top.y, axis.x1, top.y + avail.y});
	lane_controls(v, top);

	ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + AXIS_H));
	ImGui::BeginChild("lanes", ImVec2(avail.x, lanes_h), false, ImGuiWindowFlags_NoScrollWithMouse);
	dl = ImGui::GetWindowDrawList();
	ImVec2 origin = ImGui::GetCursorScreenPos();
	float view_h = ImGui::GetWindowHeight();
	float scroll = ImGui::GetScrollY();
	lanes.origin_y = origin.y;
	lanes.first = std::max(0, int(scroll / lanes.height));
	lanes.last = std::min(int(lanes.rows.size()) - 1, int((scroll + view_h) / lanes.height));
	ImVec2 clip_min(top.x, top.y + AXIS_H), clip_max(top.x + avail.x, top.y + AXIS_H + lanes_h);
	frame_report().targets.push_back({"lanes", top.x, clip_min.y, axis.x1, clip_max.y});

	// Lane backgrounds and names. Every other lane is shaded; the rest show
	// the window's background, so those pixels are painted once (see cut_fill).
	ImVec2 mouse = ImGui::GetIO().MousePos;
	bool label_click = ImGui::IsWindowHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && mouse.x < axis.x0;
	for (int lane = lanes.first; lane <= lanes.last; lane++) {
		const LaneRow &row = lanes.rows[size_t(lane)];
		float y0 = origin.y + float(lane) * lanes.height;
		if (lane % 2)
			dl->AddRectFilled(ImVec2(top.x, y0), ImVec2(axis.x1, y0 + lanes.height), colors::lane_b);
		float indent = row.kind == LaneRow::One && !row.group.empty() ? 12 : 0;
		std::string label = row.label;
		std::string sub;
		if (row.kind == LaneRow::One) {
			const Service &s = m.services()[size_t(row.services[0])];
			dl->AddLine(ImVec2(axis.x0, lanes.y(lane)), ImVec2(axis.x1, lanes.y(lane)), IM_COL32(255, 255, 255, 30));
			dl->AddRectFilled(ImVec2(top.x + 4 + indent, y0 + 5), ImVec2(top.x + 8 + indent, y0 + lanes.height - 5), service_color(s.handle));
			char buf[48];
			std::snprintf(buf, sizeof buf, "%s  q %lld", s.handle ? format_handle(s.handle).c_str() : "socket/timer",
				(long long)TraceModel::sample_at(s.queue, v.now));
			sub = buf;
		} else {
			// A group: its name, how many, and a triangle that says whether it is open.
			label = (row.kind == LaneRow::Collapsed ? "▶ " : "▼ ") + row.label + " ×" + std::to_string(row.members);
			if (row.kind == LaneRow::Collapsed) {
				dl->AddRectFilled(ImVec2(top.x + 4, y0 + 5), ImVec2(top.x + 8, y0 + lanes.height - 5),
					service_color(m.services()[size_t(row.services[0])].handle));
				dl->AddLine(ImVec2(axis.x0, lanes.y(lane)), ImVec2(axis.x1, lanes.y(lane)), IM_COL32(255, 255, 255, 30));
				int64_t q = 0;
				for (int x : row.services)
					q += TraceModel::sample_at(m.services()[size_t(x)].queue, v.now);
				sub = "q " + std::to_string(q) + "  click to open";
			} else {
				sub = "click to fold";
			}
		}
		dl->AddText(ImVec2(top.x + 13 + indent, y0 + 2), IM_COL32(230, 230, 235, 255), label.c_str());
		if (lanes.height >= 30)
			dl->AddText(ImVec2(top.x + 13 + indent, y0 + 2 + ImGui::GetFontSize()), colors::text_dim, sub.c_str());
		if (lane - lanes.first < 200)
			frame_report().targets.push_back({"lane " + label, top.x, y0, top.x + LABEL_W, y0 + lanes.height});
		if (label_click && row.kind != LaneRow::One && mouse.y >= y0 && mouse.y < y0 + lanes.height)
			v.lane_collapsed[row.group] = row.kind != LaneRow::Collapsed;
	}
	dl->PushClipRect(ImVec2(axis.x0, clip_min.y), ImVec2(axis.x1, clip_max.y), true);

	size_t r0 = m.first_rank_at(axis.t0), r1 = m.first_rank_at(axis.t1 + 1);
	size_t in_view = r1 - r0;
	// The strips, arrows and marks: the same vertices while the view, the
	// lanes and the trace stay the same, so built once (chart_cache.h).
	ChartKey key{&m, m.size(), m.first_time(), m.last_time(), axis.t0, axis.t1,
		axis.x0, clip_min.y, axis.x1, clip_max.y, lanes.origin_y, lanes.height, lanes.first, lanes.last, lanes.of_service};
	chart_cached(dl, ImGui::GetID("chart"), key, [&](ImDrawList *to) { draw_chart(to, m, v, lanes, axis, r0, r1); });
	frame_report().chart_reused = chart_cache_hit();
	Drawer drawer{m, v, lanes, axis, dl, {}};

	// The selection on top: its message, its wait, or its mark.
	if (v.selected != NO_EVENT && v.selected < m.size()) {
		const Event &ev = m.event(v.selected);
		int mi = m.message_of(v.selected);
		if (mi >= 0) {
			drawer.message_arrow(mi, colors::selected, 2.5f);
			drawer.dispatch_box(mi, colors::selected);
		}
		int lane = lanes.of(m, ev.h);
		if (lanes.visible(lane))
			dl->AddCircle(ImVec2(axis.x(ev.t), lanes.y(lane)), 8, colors::selected, 16, 2);
	}
	timeline_draw_cursor(dl, axis, v, measure, ImVec2(axis.x0, origin.y + scroll), ImVec2(axis.x1, origin.y + scroll + view_h));
	dl->PopClipRect();

	v.chart = {true, axis.x0, axis.x1, lanes.origin_y, lanes.height, clip_min.y, clip_max.y, axis.t0, axis.t1,
		lanes.of_service};

	ImGui::Dummy(ImVec2(avail.x - 20, float(lanes.rows.size()) * lanes.height));
	ImGui::SetCursorScreenPos(origin);
	bool over = ImGui::IsWindowHovered() && mouse.x >= axis.x0 && mouse.x < axis.x1 && mouse.y >= origin.y + scroll && mouse.y < origin.y + scroll + view_h;
	Hit hit;
	if (over && !measure.active && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f))
		hit = hit_test(m, lanes, axis, mouse, r0, r1, in_view <= DETAIL_LIMIT);
	if (hit.event != NO_EVENT)
		hover_tooltip(m, hit);
	if (timeline_input(v, axis, measure, ImVec2(axis.x0, origin.y + scroll), ImVec2(axis.x1, origin.y + scroll + view_h)) && hit.event != NO_EVENT)
		view_select(v, m, hit.event);
	ImGui::EndChild();

	// The strip: drawn in the chart's window, below the lanes' child.
	dl = ImGui::GetWindowDrawList();
	float strip_y = top.y + AXIS_H + lanes_h + 2;
	char info[96];
	std::snprintf(info, sizeof info, "%zu events in view%s", in_view, in_view > DETAIL_LIMIT ? " (merged: zoom in for each arrow)" : "");
	ImVec2 size = ImGui::CalcTextSize(info);
	dl->AddText(ImVec2(std::max(axis.x0, axis.x1 - size.x - 4), strip_y + 2), colors::text_dim, info);
	frame_report().targets.push_back({"events in view", std::max(axis.x0, axis.x1 - size.x - 4), strip_y + 2, axis.x1, strip_y + 2 + size.y});
	if (m.size() && wide) {
		legend(dl, axis.x0 + 4, axis.x1 - info_w - 16, strip_y);
		frame_report().targets.push_back({"legend", axis.x0 + 4, strip_y, axis.x1 - info_w - 16, strip_y + strip_h - 4});
	}
}

bool chart_point(const ViewState &v, const TraceModel &m, EventId e, ImVec2 &p)
{
	const ViewState::Chart &c = v.chart;
	if (!c.valid || e >= m.size())
		return false;
	const Event &ev = m.event(e);
	int s = m.service_index(ev.h);
	if (s < 0 || size_t(s) >= c.lane_of_service.size() || c.lane_of_service[s] < 0)
		return false;
	p.y = c.lanes_y + (float(c.lane_of_service[s]) + 0.5f) * c.lane_h;
	p.x = c.x0 + float(double(ev.t - c.t0) / double(std::max<int64_t>(c.t1 - c.t0, 1)) * double(c.x1 - c.x0));
	return p.y >= c.clip_y0 && p.y <= c.clip_y1 && p.x >= c.x0 && p.x <= c.x1;
}
