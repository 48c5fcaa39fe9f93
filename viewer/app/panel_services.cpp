// panel_services: the services as a graph (a node per service or per group, directed edges by traffic) and as a sortable list, as Erlang's observer lists processes.
#include "viewer/app/colors.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/lanes.h"
#include "viewer/app/panels.h"

#include <algorithm>
#include <cmath>
#include <map>

// How far back from `now` to look for messages still in flight: enough for a
// live view, and bounded so that a million-event trace costs the same.
static constexpr size_t IN_FLIGHT_SCAN = 3000;
// More nodes than this and the ring has no room for names: only the one
// under the mouse and the selected one are named (the list names them all).
static constexpr size_t NAMED_NODES = 24;

namespace {

// A node of the graph: one service, or every service of a group (lanes.h),
// so that 100 agents are one node "agent ×100" and the graph still reads.
struct Node {
	std::string label;
	std::vector<int> services;
	uint32_t handle = 0;        // the first member's: its colour
};

// Nodes keep their slot on the ring for the whole trace: a slot per node
// of the whole file, in the order services were created, whether or not
// alive at `now`. Services coming and going light and dim their node; no
// node ever moves.
std::vector<Node> graph_nodes(const TraceModel &m, const ViewState &v, std::vector<int> &node_of_service)
{
	std::vector<Node> nodes;
	std::vector<std::string> labels = lane_labels(m);
	std::map<std::string, int> group_node;
	std::map<std::string, int> group_size;
	if (v.lane_groups)
		for (size_t i = 0; i < m.services().size(); i++)
			if (lane_shown(m, int(i)))
				group_size[lane_group_key(m, int(i))]++;
	node_of_service.assign(m.services().size(), -1);
	for (size_t i = 0; i < m.services().size(); i++) {
		if (!lane_shown(m, int(i)))
			continue;
		std::string key = v.lane_groups ? lane_group_key(m, int(i)) : "";
		if (v.lane_groups && group_size[key] > 1) {
			auto [it, fresh] = group_node.emplace(key, int(nodes.size()));
			if (fresh)
				nodes.push_back({key + " ×" + std::to_string(group_size[key]), {}, m.services()[i].handle});
			nodes[size_t(it->second)].services.push_back(int(i));
			node_of_service[i] = it->second;
			continue;
		}
		node_of_service[i] = int(nodes.size());
		nodes.push_back({labels[i], {int(i)}, m.services()[i].handle});
	}
	return nodes;
}

void draw_arrow_head(ImDrawList *dl, ImVec2 tip, ImVec2 dir, float size, ImU32 col)
{
	ImVec2 n(-dir.y, dir.x);
	dl->AddTriangleFilled(tip, ImVec2(tip.x - dir.x * size + n.x * size * 0.5f, tip.y - dir.y * size + n.y * size * 0.5f),
		ImVec2(tip.x - dir.x * size - n.x * size * 0.5f, tip.y - dir.y * size - n.y * size * 0.5f), col);
}

// Selects the service's last event at or before `now`.
void select_service(ViewState &v, const TraceModel &m, int service)
{
	const Service &s = m.services()[size_t(service)];
	size_t i = m.lower_bound(s.events, v.now + 1);
	if (i > 0)
		view_select(v, m, s.events[i - 1]);
	else if (!s.events.empty())
		view_select(v, m, s.events[0]);
}

void services_graph(ViewState &v, const TraceModel &m)
{
	ImVec2 avail = ImGui::GetContentRegionAvail();
	ImVec2 top = ImGui::GetCursorScreenPos();
	ImDrawList *dl = ImGui::GetWindowDrawList();
	const float legend_h = ImGui::GetFontSize() + 4;   // the key's own strip: no node is drawn over it
	ImGui::InvisibleButton("graph", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
	bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
	frame_report().targets.push_back({"services graph", top.x, top.y, top.x + avail.x, top.y + avail.y - legend_h});

	std::vector<int> node_of_service;
	std::vector<Node> nodes = graph_nodes(m, v, node_of_service);
	bool named = nodes.size() <= NAMED_NODES;
	float node_r = named ? 14 : std::clamp(300.0f / float(std::max<size_t>(nodes.size(), 1)), 3.0f, 8.0f);
	// The ring leaves room for a name under the lowest node and above the key.
	ImVec2 c(top.x + avail.x / 2, top.y + (avail.y - legend_h) / 2);
	float label_h = named ? ImGui::GetFontSize() + 2 : 0;
	float rx = std::max(avail.x / 2 - 60, 20.0f), ry = std::max((avail.y - legend_h) / 2 - node_r - label_h - 14, 20.0f);
	std::vector<ImVec2> pos(nodes.size());
	for (size_t k = 0; k < nodes.size(); k++) {
		float a = float(k) / float(std::max<size_t>(nodes.size(), 1)) * 6.2831853f - 1.5707963f;
		pos[k] = ImVec2(c.x + rx * std::cos(a), c.y + ry * std::sin(a));
	}
	auto node_of = [&](uint32_t h) {
		int s = m.service_index(h);
		return s < 0 ? -1 : node_of_service[size_t(s)];
	};
	std::vector<bool> born(nodes.size(), false), alive(nodes.size(), false);
	std::vector<int64_t> queue(nodes.size(), 0);
	for (size_t k = 0; k < nodes.size(); k++)
		for (int si : nodes[k].services) {
			const Service &s = m.services()[size_t(si)];
			bool b = s.created == NO_EVENT || m.event(s.created).t <= v.now;
			born[k] = born[k] || b;
			alive[k] = alive[k] || (b && !(s.exited != NO_EVENT && m.event(s.exited).t <= v.now));
			queue[k] += TraceModel::sample_at(s.queue, v.now);
		}

	// Directed edges, node to node, as thick as their traffic; an edge's
	// count is the messages sent along it in the whole trace.
	std::map<std::pair<int, int>, size_t> traffic;
	for (const Edge &e : m.edges()) {
		int a = node_of(e.src), b = node_of(e.dst);
		if (a >= 0 && b >= 0 && a != b && born[size_t(a)] && born[size_t(b)])
			traffic[{a, b}] += e.messages.size();
	}
	for (const auto &[ab, count] : traffic) {
		ImVec2 pa = pos[size_t(ab.first)], pb = pos[size_t(ab.second)];
		ImVec2 d(pb.x - pa.x, pb.y - pa.y);
		float len = std::max(1.0f, std::sqrt(d.x * d.x + d.y * d.y));
		ImVec2 dir(d.x / len, d.y / len), off(-dir.y * 3, dir.x * 3);   // a->b and b->a side by side
		float w = 1.0f + std::min(4.0f, float(std::log10(double(count) + 1)));
		ImVec2 from(pa.x + off.x + dir.x * node_r, pa.y + off.y + dir.y * node_r);
		ImVec2 to(pb.x + off.x - dir.x * (node_r + 2), pb.y + off.y - dir.y * (node_r + 2));
		ImU32 col = IM_COL32(140, 150, 175, 150);
		dl->AddLine(from, ImVec2(to.x - dir.x * 6, to.y - dir.y * 6), col, w);
		draw_arrow_head(dl, to, dir, 7 + w, col);
		if (named && traffic.size() <= 16) {
			char n[24];
			std::snprintf(n, sizeof n, "%zu", count);
			dl->AddText(ImVec2((from.x + to.x) / 2 + off.x * 2, (from.y + to.y) / 2 + off.y * 2), colors::text_dim, n);
		}
	}

	// Messages in flight at `now`: pushed, not yet dispatched.
	size_t r = m.first_rank_at(v.now + 1);
	size_t from = r > IN_FLIGHT_SCAN ? r - IN_FLIGHT_SCAN : 0;
	int in_flight = 0;
	for (size_t k = from; k < r; k++) {
		EventId e = m.at_rank(k);
		const Event &ev = m.event(e);
		if (ev.kind != Kind::msg_push)
			continue;
		int mi = m.message_of(e);
		const Message &msg = m.messages()[size_t(mi)];
		if (msg.begin != NO_EVENT && m.event(msg.begin).t <= v.now)
			continue;
		int a = node_of(msg.src), b = node_of(msg.dst);
		if (a < 0 || b < 0)
			continue;
		int64_t end = msg.begin != NO_EVENT ? m.event(msg.begin).t : ev.t + 1;
		float f = std::clamp(float(double(v.now - ev.t) / double(std::max<int64_t>(end - ev.t, 1))), 0.0f, 1.0f);
		ImVec2 p(pos[size_t(a)].x + (pos[size_t(b)].x - pos[size_t(a)].x) * f, pos[size_t(a)].y + (pos[size_t(b)].y - pos[size_t(a)].y) * f);
		dl->AddCircleFilled(p, 5, message_color(msg.type), 10);
		in_flight++;
	}

	// Nodes on top, with their queue length at `now`.
	int selected_node = v.selected != NO_EVENT && v.selected < m.size() ? node_of(m.event(v.selected).h) : -1;
	ImVec2 mouse = ImGui::GetIO().MousePos;
	std::vector<ImVec4> names;   // the names drawn so far: x0, y0, x1, y1
	for (size_t k = 0; k < nodes.size(); k++) {
		float radius = node_r + (named ? std::min(10.0f, float(queue[k]) * 2) : 0);
		if (born[k])
			dl->AddCircleFilled(pos[k], radius, service_color(nodes[k].handle, alive[k] ? 0.9f : 0.3f), named ? 24 : 10);
		else   // not yet created at `now`: an outline where it will appear
			dl->AddCircle(pos[k], radius, service_color(nodes[k].handle, 0.35f), named ? 24 : 10, 1.5f);
		if (int(k) == selected_node)
			dl->AddCircle(pos[k], radius + 3, colors::selected, 24, 2.5f);
		float dx = mouse.x - pos[k].x, dy = mouse.y - pos[k].y;
		bool under = dx * dx + dy * dy <= (radius + 2) * (radius + 2) && ImGui::IsItemHovered();
		if (named && born[k]) {
			char qtext[16];
			std::snprintf(qtext, sizeof qtext, "%lld", (long long)queue[k]);
			ImVec2 qs = ImGui::CalcTextSize(qtext);
			dl->AddText(ImVec2(pos[k].x - qs.x / 2, pos[k].y - qs.y / 2), IM_COL32(15, 15, 20, 255), qtext);
		}
		if (named || under || int(k) == selected_node) {
			// A name that would cover one already drawn is left out (the
			// tooltip and the list still give it): names never overlap.
			ImVec2 ls = ImGui::CalcTextSize(nodes[k].label.c_str());
			float lx = std::clamp(pos[k].x - ls.x / 2, top.x + 2, std::max(top.x + 2, top.x + avail.x - ls.x - 2));
			ImVec4 box(lx, pos[k].y + radius + 1, lx + ls.x, pos[k].y + radius + 1 + ls.y);
			bool free = std::none_of(names.begin(), names.end(), [&](const ImVec4 &o) {
				return box.x < o.z && o.x < box.z && box.y < o.w && o.y < box.w;
			});
			if (free || under || int(k) == selected_node) {
				dl->AddText(ImVec2(box.x, box.y), IM_COL32(230, 230, 235, 255), nodes[k].label.c_str());
				names.push_back(box);
				frame_report().targets.push_back({"name " + nodes[k].label, box.x, box.y, box.z, box.w});
			}
		}
		frame_report().targets.push_back({"node " + nodes[k].label, pos[k].x - radius, pos[k].y - radius, pos[k].x + radius, pos[k].y + radius});
		if (under)
			ImGui::SetTooltip("%s  queue %lld  (click: select its last event)", nodes[k].label.c_str(), (long long)queue[k]);
		if (clicked && under)
			select_service(v, m, nodes[k].services.front());
	}
	char info[96];
	std::snprintf(info, sizeof info, "numbers: queue   arrows: messages sent   in flight: %d", in_flight);
	float info_y = top.y + avail.y - legend_h + 2;
	dl->AddText(ImVec2(top.x + 4, info_y), colors::text_dim, info);
	frame_report().targets.push_back({"services legend", top.x + 4, info_y, top.x + 4 + ImGui::CalcTextSize(info).x, info_y + ImGui::GetFontSize()});
}

// One row per service, sortable by any column: what observer shows for
// Erlang processes, for a trace of a hundred services.
void services_list(ViewState &v, const TraceModel &m)
{
	struct Row { int service; std::string label; uint32_t handle; size_t in, out, events; int64_t queue; };
	std::vector<std::string> labels = lane_labels(m);
	std::vector<Row> rows;
	std::vector<size_t> in(m.services().size()), out(m.services().size());
	for (const Edge &e : m.edges()) {
		int a = m.service_index(e.src), b = m.service_index(e.dst);
		if (a >= 0) out[size_t(a)] += e.messages.size();
		if (b >= 0) in[size_t(b)] += e.messages.size();
	}
	for (size_t i = 0; i < m.services().size(); i++) {
		if (!lane_shown(m, int(i)))
			continue;
		const Service &s = m.services()[i];
		rows.push_back({int(i), labels[i], s.handle, in[i], out[i], s.events.size(), TraceModel::sample_at(s.queue, v.now)});
	}
	ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
		ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
	if (!ImGui::BeginTable("services list", 5, flags))
		return;
	ImGui::TableSetupScrollFreeze(0, 1);
	ImGui::TableSetupColumn("service", ImGuiTableColumnFlags_DefaultSort, 3.0f);
	ImGui::TableSetupColumn("address", 0, 2.0f);
	ImGui::TableSetupColumn("in", ImGuiTableColumnFlags_PreferSortDescending, 1.2f);
	ImGui::TableSetupColumn("out", ImGuiTableColumnFlags_PreferSortDescending, 1.2f);
	ImGui::TableSetupColumn("queue", ImGuiTableColumnFlags_PreferSortDescending, 1.0f);
	ImGui::TableHeadersRow();
	for (int col = 0; col < 5; col++) {
		ImGui::TableSetColumnIndex(col);
		frame_report_item(std::string("list column ") + ImGui::TableGetColumnName(col));
	}
	static int sort_col = 0;
	static bool ascending = true;
	if (ImGuiTableSortSpecs *specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
		sort_col = specs->Specs[0].ColumnIndex;
		ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
	}
	std::stable_sort(rows.begin(), rows.end(), [&](const Row &a, const Row &b) {
		auto cmp = [&](auto x, auto y) { return ascending ? x < y : y < x; };
		switch (sort_col) {
		case 1: return cmp(a.handle, b.handle);
		case 2: return a.in != b.in ? cmp(a.in, b.in) : a.handle < b.handle;
		case 3: return a.out != b.out ? cmp(a.out, b.out) : a.handle < b.handle;
		case 4: return a.queue != b.queue ? cmp(a.queue, b.queue) : a.handle < b.handle;
		default: return a.label != b.label ? cmp(a.label, b.label) : a.handle < b.handle;
		}
	});
	std::string order;
	uint32_t selected_h = v.selected != NO_EVENT && v.selected < m.size() ? m.event(v.selected).h : 0xffffffff;
	ImGuiListClipper clipper;
	clipper.Begin(int(rows.size()));
	while (clipper.Step())
		for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; i++) {
			const Row &row = rows[size_t(i)];
			ImGui::TableNextRow();
			ImGui::TableSetColumnIndex(0);
			ImGui::PushID(i);
			if (ImGui::Selectable(row.label.c_str(), row.handle == selected_h, ImGuiSelectableFlags_SpanAllColumns))
				select_service(v, m, row.service);
			if (ImGui::IsItemHovered())
				ImGui::SetTooltip("%s %s: %zu events; click to select its last event", row.label.c_str(), format_handle(row.handle).c_str(), row.events);
			if (i < 200)
				frame_report_item("list row " + std::to_string(i));
			ImGui::PopID();
			ImGui::TableSetColumnIndex(1);
			ImGui::TextUnformatted(format_handle(row.handle).c_str());
			ImGui::TableSetColumnIndex(2);
			ImGui::Text("%zu", row.in);
			ImGui::TableSetColumnIndex(3);
			ImGui::Text("%zu", row.out);
			ImGui::TableSetColumnIndex(4);
			ImGui::Text("%lld", (long long)row.queue);
		}
	for (size_t i = 0; i < rows.size() && i < 5; i++)
		order += (i ? "," : "") + rows[i].label;
	frame_report().services_order = order;
	ImGui::EndTable();
}

} // namespace

void panel_services(ViewState &v, const TraceModel &m)
{
	if (!ImGui::BeginTabBar("services view"))
		return;
	bool graph = ImGui::BeginTabItem("Graph 图");
	frame_report_item("tab Graph");
	if (graph) {
		services_graph(v, m);
		ImGui::EndTabItem();
	}
	bool list = ImGui::BeginTabItem("List 列表");
	frame_report_item("tab List");
	if (list) {
		services_list(v, m);
		ImGui::EndTabItem();
	}
	ImGui::EndTabBar();
}
