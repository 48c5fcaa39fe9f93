// panel_netpack: each netpack call as a bar of the reassembly buffer — carried bytes, new bytes, whole packets, partial tail.
#include "viewer/app/colors.h"
#include "viewer/app/panels.h"
#include "viewer/app/socket_pick.h"
#include "trace/json_line.h"

#include <algorithm>

static constexpr int ROWS = 8;   // the last few netpack calls up to `now`

// Packet sizes are not in the trace today (only the count), so whole packets
// are drawn as equal shares of the consumed bytes. If the runtime adds an
// optional `sizes` array to `netpack`, the real boundaries are drawn.
static std::vector<int64_t> packet_sizes(const TraceModel &m, EventId e)
{
	std::vector<int64_t> sizes;
	JsonObject obj;
	std::string error;
	if (!json_line_parse(m.raw(e), obj, error))
		return sizes;
	const JsonValue *v = obj.find("sizes");
	if (!v || v->type != JsonValue::Other || v->text.empty() || v->text[0] != '[')
		return sizes;
	int64_t n = 0;
	bool in_number = false;
	for (char c : v->text) {
		if (c >= '0' && c <= '9')
			n = n * 10 + (c - '0'), in_number = true;
		else if (in_number)
			sizes.push_back(n), n = 0, in_number = false;
	}
	return sizes;
}

void panel_netpack(ViewState &v, const TraceModel &m)
{
	int si = socket_pick(v, m, "##netpack_pick");
	if (si < 0)
		return;
	const Socket &sock = m.sockets()[si];
	ImGui::SameLine();
	ImGui::Text("buffered now: %lld B", (long long)TraceModel::sample_at(sock.buffered, v.now));
	ImGui::SameLine();
	ImGui::TextColored(ImVec4(0.55f, 0.6f, 0.75f, 1), "carried");
	ImGui::SameLine();
	ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.5f, 1), "whole packets");
	ImGui::SameLine();
	ImGui::TextColored(ImVec4(1.0f, 0.65f, 0.25f, 1), "partial tail 半包");

	std::vector<EventId> rows;
	for (size_t i = m.lower_bound(sock.events, v.now + 1); i-- > 0 && rows.size() < ROWS;)
		if (m.event(sock.events[i]).kind == Kind::netpack)
			rows.push_back(sock.events[i]);
	std::reverse(rows.begin(), rows.end());
	if (rows.empty()) {
		ImGui::TextDisabled("no netpack event on this socket at or before the current time");
		return;
	}
	// Each bar: what was held before + what came in, split into what left as packets and what stays.
	struct Bar { EventId e; int64_t carry, in, kept; };
	std::vector<Bar> bars;
	int64_t widest = 1;
	for (EventId e : rows) {
		const Event &ev = m.event(e);
		int64_t carry = TraceModel::sample_at(sock.buffered, ev.t - 1);
		bars.push_back({e, carry, ev.bytes, ev.buffered});
		widest = std::max(widest, carry + ev.bytes);
	}
	ImVec2 avail = ImGui::GetContentRegionAvail();
	ImVec2 top = ImGui::GetCursorScreenPos();
	ImDrawList *dl = ImGui::GetWindowDrawList();
	const float label_w = 250;
	float row = std::clamp(avail.y / float(ROWS), 20.0f, 36.0f);
	float x0 = top.x + label_w, x1 = top.x + avail.x - 60;
	float scale = (x1 - x0) / float(widest);
	for (size_t k = 0; k < bars.size(); k++) {
		const Bar &b = bars[k];
		const Event &ev = m.event(b.e);
		float y0 = top.y + float(k) * row + 2, y1 = y0 + row - 6;
		char label[96];
		std::snprintf(label, sizeof label, "+%s  in %lld, %d packet%s", format_duration(ev.t - m.first_time()).c_str(),
			(long long)b.in, ev.packets, ev.packets == 1 ? "" : "s");
		dl->AddText(ImVec2(top.x + 4, y0 + (row - 6 - ImGui::GetFontSize()) / 2), b.e == v.selected ? colors::selected : IM_COL32(220, 220, 225, 255), label);
		int64_t total = b.carry + b.in, consumed = std::max<int64_t>(total - b.kept, 0);
		// the carried part and the new part, underneath
		dl->AddRectFilled(ImVec2(x0, y1 - 4), ImVec2(x0 + float(b.carry) * scale, y1), IM_COL32(140, 155, 190, 255));
		dl->AddRectFilled(ImVec2(x0 + float(b.carry) * scale, y1 - 4), ImVec2(x0 + float(total) * scale, y1), IM_COL32(230, 230, 235, 255));
		// whole packets, with their boundaries
		std::vector<int64_t> sizes = packet_sizes(m, b.e);
		if (sizes.empty() && ev.packets > 0)
			for (int p = 0; p < ev.packets; p++)
				sizes.push_back(consumed / ev.packets + (p < consumed % ev.packets ? 1 : 0));
		float x = x0;
		for (size_t p = 0; p < sizes.size(); p++) {
			float w = float(sizes[p]) * scale;
			dl->AddRectFilled(ImVec2(x, y0), ImVec2(x + w, y1 - 5), p % 2 ? IM_COL32(70, 190, 110, 255) : IM_COL32(95, 215, 135, 255));
			dl->AddLine(ImVec2(x + w, y0 - 1), ImVec2(x + w, y1 + 1), IM_COL32(255, 255, 255, 230), 2);
			char n[24];
			std::snprintf(n, sizeof n, "%lld", (long long)sizes[p]);
			if (w > 30)
				dl->AddText(ImVec2(x + 4, y0), IM_COL32(10, 30, 15, 255), n);
			x += w;
		}
		// the tail that stays for the next call
		if (b.kept > 0) {
			float xt = x0 + float(consumed) * scale, xe = x0 + float(total) * scale;
			dl->AddRectFilled(ImVec2(xt, y0), ImVec2(xe, y1 - 5), IM_COL32(255, 165, 60, 255));
			for (float h = xt; h < xe; h += 6)   // hatched: incomplete
				dl->AddLine(ImVec2(h, y1 - 5), ImVec2(std::min(h + 6, xe), y0), IM_COL32(120, 60, 10, 160));
			char t[32];
			std::snprintf(t, sizeof t, "%lld%s", (long long)b.kept, ev.flag ? " partial" : "");
			dl->AddText(ImVec2(xe + 4, y0), IM_COL32(255, 190, 110, 255), t);
		}
	}
	ImGui::InvisibleButton("netpack_canvas", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
	if (ImGui::IsItemClicked()) {
		int k = int((ImGui::GetIO().MousePos.y - top.y) / row);
		if (k >= 0 && k < int(bars.size()))
			view_select(v, m, bars[k].e);
	}
}
