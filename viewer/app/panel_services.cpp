// panel_services: services as nodes on a ring, edges by traffic, queue length on each node, messages in flight moving.
#include "viewer/app/colors.h"
#include "viewer/app/panels.h"

#include <algorithm>
#include <cmath>

// How far back from `now` to look for messages still in flight: enough for a
// live view, and bounded so that a million-event trace costs the same.
static constexpr size_t IN_FLIGHT_SCAN = 3000;

void panel_services(ViewState &v, const TraceModel &m)
{
	ImVec2 avail = ImGui::GetContentRegionAvail();
	ImVec2 top = ImGui::GetCursorScreenPos();
	ImDrawList *dl = ImGui::GetWindowDrawList();
	ImGui::InvisibleButton("graph", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
	bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);

	// Nodes: services alive at `now` (and the runtime when it sent anything).
	std::vector<int> nodes;
	for (size_t i = 0; i < m.services().size(); i++) {
		const Service &s = m.services()[i];
		bool born = s.created == NO_EVENT || m.event(s.created).t <= v.now;
		if (s.handle == 0 && s.queue.empty() && s.events.size() <= 2)
			continue;
		if (born)
			nodes.push_back(int(i));
	}
	std::vector<int> slot(m.services().size(), -1);
	std::vector<ImVec2> pos(nodes.size());
	ImVec2 c(top.x + avail.x / 2, top.y + avail.y / 2);
	float rx = std::max(avail.x / 2 - 60, 20.0f), ry = std::max(avail.y / 2 - 34, 20.0f);
	for (size_t k = 0; k < nodes.size(); k++) {
		float a = float(k) / float(std::max<size_t>(nodes.size(), 1)) * 6.2831853f - 1.5707963f;
		pos[k] = ImVec2(c.x + rx * std::cos(a), c.y + ry * std::sin(a));
		slot[nodes[k]] = int(k);
	}
	auto node_of = [&](uint32_t h) {
		int s = m.service_index(h);
		return s < 0 ? -1 : slot[s];
	};

	// Edges, as thick as their traffic.
	for (const Edge &e : m.edges()) {
		int a = node_of(e.src), b = node_of(e.dst);
		if (a < 0 || b < 0 || a == b)
			continue;
		float w = 1.0f + std::min(4.0f, float(std::log10(double(e.messages.size()) + 1)));
		// Offset both directions a little so a->b and b->a do not overlap.
		ImVec2 d(pos[b].x - pos[a].x, pos[b].y - pos[a].y);
		float len = std::max(1.0f, std::sqrt(d.x * d.x + d.y * d.y));
		ImVec2 off(-d.y / len * 4, d.x / len * 4);
		dl->AddLine(ImVec2(pos[a].x + off.x, pos[a].y + off.y), ImVec2(pos[b].x + off.x, pos[b].y + off.y), IM_COL32(120, 130, 150, 120), w);
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
		const Message &msg = m.messages()[mi];
		if (msg.begin != NO_EVENT && m.event(msg.begin).t <= v.now)
			continue;
		int a = node_of(msg.src), b = node_of(msg.dst);
		if (a < 0 || b < 0)
			continue;
		int64_t end = msg.begin != NO_EVENT ? m.event(msg.begin).t : ev.t + 1;
		float f = std::clamp(float(double(v.now - ev.t) / double(std::max<int64_t>(end - ev.t, 1))), 0.0f, 1.0f);
		ImVec2 p(pos[a].x + (pos[b].x - pos[a].x) * f, pos[a].y + (pos[b].y - pos[a].y) * f);
		dl->AddCircleFilled(p, 5, message_color(msg.type), 10);
		in_flight++;
	}

	// Nodes on top, with their queue length at `now`.
	uint32_t selected_h = v.selected != NO_EVENT && v.selected < m.size() ? m.event(v.selected).h : 0xffffffff;
	ImVec2 mouse = ImGui::GetIO().MousePos;
	for (size_t k = 0; k < nodes.size(); k++) {
		const Service &s = m.services()[nodes[k]];
		int64_t q = TraceModel::sample_at(s.queue, v.now);
		float radius = 16 + std::min(14.0f, float(q) * 2);
		bool dead = s.exited != NO_EVENT && m.event(s.exited).t <= v.now;
		dl->AddCircleFilled(pos[k], radius, service_color(s.handle, dead ? 0.3f : 0.9f), 24);
		if (s.handle == selected_h)
			dl->AddCircle(pos[k], radius + 3, colors::selected, 24, 2.5f);
		char qtext[16];
		std::snprintf(qtext, sizeof qtext, "%lld", (long long)q);
		ImVec2 qs = ImGui::CalcTextSize(qtext);
		dl->AddText(ImVec2(pos[k].x - qs.x / 2, pos[k].y - qs.y / 2), IM_COL32(15, 15, 20, 255), qtext);
		std::string label = m.service_label(s.handle);
		ImVec2 ls = ImGui::CalcTextSize(label.c_str());
		dl->AddText(ImVec2(pos[k].x - ls.x / 2, pos[k].y + radius + 1), IM_COL32(230, 230, 235, 255), label.c_str());
		float dx = mouse.x - pos[k].x, dy = mouse.y - pos[k].y;
		if (clicked && dx * dx + dy * dy <= radius * radius) {
			// Clicking a service selects its last event at or before `now`.
			size_t i = m.lower_bound(s.events, v.now + 1);
			if (i > 0)
				view_select(v, m, s.events[i - 1]);
		}
	}
	char info[64];
	std::snprintf(info, sizeof info, "numbers: queue length   in flight: %d", in_flight);
	dl->AddText(ImVec2(top.x + 4, top.y + avail.y - ImGui::GetFontSize() - 2), colors::text_dim, info);
}
