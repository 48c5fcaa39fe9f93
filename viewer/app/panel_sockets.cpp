// panel_sockets: the four socket layers (docs/architecture.md, "Following one TCP byte") stacked under the protocol on top, and one socket event climbing them from epoll to a coroutine.
#include "viewer/app/colors.h"
#include "viewer/app/describe.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"
#include "viewer/app/socket_pick.h"

#include <algorithm>

namespace {

struct Layer {
	const char *name;
	const char *where;
};
// Top to bottom, as a byte climbs them bottom to top.
constexpr Layer LAYERS[5] = {
	{"http / websocket 协议", "http.httpd, http.websocket, snax.loginserver"},
	{"coroutine 协程", "socket.read() returns"},
	{"socket.lua 套接字库", "lua/lualib/skynet/socket.lua"},
	{"skynet_socket 消息转发", "net/skynet_socket"},
	{"OS / socket_server 操作系统", "net/socket_server (epoll)"},
};

// Which band an event of a socket's journey belongs to.
int layer_of(const Event &ev)
{
	switch (ev.kind) {
	case Kind::co_resume: case Kind::co_suspend: return 1;
	case Kind::sock_lua: case Kind::netpack: case Kind::msg_begin: return 2;
	case Kind::sock_fwd: return 3;
	case Kind::sock_poll: return 4;
	default: return is_protocol(ev.kind) ? 0 : -1;
	}
}

} // namespace

void panel_sockets(ViewState &v, const TraceModel &m)
{
	int si = socket_pick(v, m, "##sockets_pick");
	if (si < 0)
		return;
	const Socket &sock = m.sockets()[si];
	ImGui::SameLine();
	ImGui::TextDisabled("a byte climbs from the OS (bottom) to the coroutine that reads it and the protocol it carries (top)");

	// The climb: the selected event's, if it is on this socket, else the last poll at or before now.
	SocketClimb climb;
	if (v.selected != NO_EVENT && v.selected < m.size())
		climb = m.socket_climb(v.selected);
	if (climb.poll == NO_EVENT || m.event(climb.poll).sock != sock.sock) {
		climb = SocketClimb{};
		size_t i = m.lower_bound(sock.events, v.now + 1);
		while (i-- > 0)
			if (m.event(sock.events[i]).kind == Kind::sock_poll) {
				climb = m.socket_climb(sock.events[i]);
				break;
			}
	}
	EventId steps[6] = {climb.poll, climb.fwd, climb.begin, climb.lua, climb.resume, climb.proto};
	static const char *step_names[6] = {"poll", "fwd", "begin", "lua", "resume", "proto"};
	for (int k = 0; k < 6; k++)
		if (steps[k] != NO_EVENT && m.event(steps[k]).t <= v.now)
			frame_report().climb += std::string(frame_report().climb.empty() ? "" : " ") + step_names[k];
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (EventId e : steps)
		if (e != NO_EVENT)
			lo = std::min(lo, m.event(e).t), hi = std::max(hi, m.event(e).t);
	if (lo == INT64_MAX)
		lo = hi = v.now;
	int64_t pad = std::max<int64_t>((hi - lo) / 6, 1000);
	int64_t t0 = lo - pad, t1 = hi + pad;

	ImVec2 avail = ImGui::GetContentRegionAvail();
	ImVec2 top = ImGui::GetCursorScreenPos();
	ImDrawList *dl = ImGui::GetWindowDrawList();
	const float label_w = 330;
	float band = (avail.y - 4) / 5;
	float x0 = top.x + label_w, x1 = top.x + avail.x - 12;
	auto x_of = [&](int64_t t) { return x0 + float(double(t - t0) / double(t1 - t0)) * (x1 - x0); };
	auto y_of = [&](int layer) { return top.y + band * (float(layer) + 0.5f); };

	EventId step_of_layer[5] = {climb.proto, climb.resume, climb.lua != NO_EVENT ? climb.lua : climb.begin, climb.fwd, climb.poll};
	for (int l = 0; l < 5; l++) {
		float y0 = top.y + band * float(l);
		bool lit = step_of_layer[l] != NO_EVENT && m.event(step_of_layer[l]).t <= v.now;
		dl->AddRectFilled(ImVec2(top.x, y0 + 1), ImVec2(x1, y0 + band - 1), lit ? IM_COL32(52, 48, 34, 255) : (l % 2 ? colors::lane_b : colors::lane_a), 4);
		frame_report().targets.push_back({"layer " + std::to_string(l), top.x, y0 + 1, x1, y0 + band - 1});
		dl->AddText(ImVec2(top.x + 8, y0 + 3), IM_COL32(235, 235, 240, 255), LAYERS[l].name);
		dl->AddText(ImVec2(top.x + 8, y0 + 3 + ImGui::GetFontSize()), colors::text_dim, LAYERS[l].where);
		if (step_of_layer[l] != NO_EVENT && band > 3 * ImGui::GetFontSize()) {
			std::string d = describe_event(m, step_of_layer[l]);
			dl->PushClipRect(ImVec2(top.x, y0), ImVec2(x0 - 6, y0 + band), true);
			dl->AddText(ImVec2(top.x + 8, y0 + 5 + 2 * ImGui::GetFontSize()), lit ? colors::selected : colors::text_dim, d.c_str());
			dl->PopClipRect();
		}
	}
	dl->PushClipRect(ImVec2(x0 - 8, top.y), ImVec2(x1 + 8, top.y + avail.y), true);
	// Every event of this socket (and the dispatches it caused) in the window, as ticks in its band.
	for (size_t i = m.lower_bound(sock.events, t0); i < sock.events.size() && m.event(sock.events[i]).t <= t1; i++) {
		const Event &ev = m.event(sock.events[i]);
		int l = layer_of(ev);
		float x = x_of(ev.t), y = y_of(l);
		dl->AddLine(ImVec2(x, y - 8), ImVec2(x, y + 8), IM_COL32(200, 160, 90, 200), 2);
	}
	// The climb itself, lit up to `now`.
	ImVec2 prev;
	bool have_prev = false;
	int drawn = 0;
	for (EventId e : steps) {
		if (e == NO_EVENT)
			continue;
		const Event &ev = m.event(e);
		ImVec2 p(x_of(ev.t), y_of(layer_of(ev)));
		bool lit = ev.t <= v.now;
		ImU32 col = lit ? colors::selected : IM_COL32(140, 140, 150, 200);
		if (have_prev) {
			dl->AddLine(prev, p, col, lit ? 3.0f : 1.5f);
		}
		dl->AddCircleFilled(p, e == v.selected ? 8.0f : 6.0f, col, 16);
		std::string name(m.ev_name(e));
		// Labels alternate above and below, so close steps do not overwrite each other.
		float ly = drawn++ % 2 ? p.y + 6 : p.y - ImGui::GetFontSize() - 4;
		dl->AddText(ImVec2(p.x + 9, ly), IM_COL32(235, 235, 240, 255), name.c_str());
		prev = p, have_prev = true;
	}
	if (v.now >= t0 && v.now <= t1)
		dl->AddLine(ImVec2(x_of(v.now), top.y), ImVec2(x_of(v.now), top.y + avail.y), colors::cursor, 1.5f);
	dl->PopClipRect();
	if (!have_prev)
		dl->AddText(ImVec2(x0 + 10, top.y + 10), colors::text_dim, "no sock.poll on this socket at or before the current time");

	// Clicking a climb step selects it.
	ImGui::InvisibleButton("sockets_canvas", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
	if (ImGui::IsItemClicked()) {
		ImVec2 mouse = ImGui::GetIO().MousePos;
		for (EventId e : steps) {
			if (e == NO_EVENT)
				continue;
			const Event &ev = m.event(e);
			float dx = mouse.x - x_of(ev.t), dy = mouse.y - y_of(layer_of(ev));
			if (dx * dx + dy * dy < 100)
				view_select(v, m, e);
		}
	}
}
