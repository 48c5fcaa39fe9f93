// panel_threads: a row per worker thread, each dispatch a box coloured by the service it ran.
#include "viewer/app/colors.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"
#include "viewer/app/timeline.h"

#include <algorithm>

static constexpr float LABEL_W = 160;

// The runtime's events (handle 0) split by the thread that made them: the
// socket thread's (sock.poll, sock.fwd, its PTYPE_SOCKET pushes) and the
// timer's (timer events, the RESPONSEs of timeouts). Split once per model
// size, not per frame: a gate trace has hundreds of thousands of them, and
// walking them all each frame to pick one kind cost milliseconds.
struct RuntimeRows {
	const TraceModel *model = nullptr;
	size_t size = 0;
	std::vector<EventId> socket, timer;
};

static const RuntimeRows &runtime_rows(const TraceModel &m, int runtime)
{
	static RuntimeRows rows;
	if (rows.model == &m && rows.size == m.size())
		return rows;
	rows.model = &m;
	rows.size = m.size();
	rows.socket.clear();
	rows.timer.clear();
	for (EventId e : m.services()[size_t(runtime)].events) {
		const Event &ev = m.event(e);
		int mi = ev.kind == Kind::msg_push ? m.message_of(e) : -1;
		bool socket_msg = mi >= 0 && m.messages()[size_t(mi)].type == 6;
		if (ev.kind == Kind::sock_poll || ev.kind == Kind::sock_fwd || socket_msg)
			rows.socket.push_back(e);
		else if (ev.kind == Kind::timer || mi >= 0)
			rows.timer.push_back(e);
	}
	return rows;
}

void panel_threads(ViewState &v, const TraceModel &m)
{
	static Measure measure;
	ImVec2 avail = ImGui::GetContentRegionAvail();
	ImVec2 top = ImGui::GetCursorScreenPos();
	ImDrawList *dl = ImGui::GetWindowDrawList();
	TimeAxis axis;
	axis.x0 = top.x + LABEL_W;
	axis.x1 = top.x + avail.x - 8;
	axis.t0 = v.view_t0;
	axis.t1 = std::max(v.view_t1, v.view_t0 + 1);
	axis.origin = m.first_time();

	// Every worker trace.start announced, from the first frame, idle or not
	// (an idle worker is part of the picture); then any other that dispatched.
	std::vector<Worker> idle(size_t(std::max(0, m.workers_announced())));
	std::vector<const Worker *> workers;
	for (int t = 0; t < m.workers_announced(); t++) {
		idle[size_t(t)].thread = t;
		workers.push_back(&idle[size_t(t)]);
	}
	for (const Worker &w : m.workers()) {
		if (w.thread >= 0 && w.thread < m.workers_announced())
			workers[size_t(w.thread)] = &w;
		else
			workers.push_back(&w);
	}
	std::sort(workers.begin(), workers.end(), [](auto *a, auto *b) { return a->thread < b->thread; });
	// Below them the two threads that are not workers: the socket thread
	// (socket_server's poll and skynet_socket's forward) and the timer thread.
	const int runtime = m.service_index(0);
	const size_t rows = workers.size() + (runtime >= 0 ? 2 : 0);
	float row = std::clamp((avail.y - 24) / float(std::max<size_t>(1, rows)), 18.0f, 40.0f);
	timeline_draw_axis(dl, axis, ImVec2(axis.x0, top.y), ImVec2(axis.x1, top.y + avail.y));
	if (workers.empty())
		dl->AddText(ImVec2(axis.x0 + 8, top.y + 30), colors::text_dim, "no msg.begin events yet");
	if (runtime >= 0) {
		const RuntimeRows &split = runtime_rows(m, runtime);
		for (int which = 0; which < 2; which++) {
			const std::vector<EventId> &evs = which == 0 ? split.socket : split.timer;
			float y0 = top.y + 20 + float(workers.size() + size_t(which)) * row, y1 = y0 + row - 3;
			if ((workers.size() + size_t(which)) % 2)
				dl->AddRectFilled(ImVec2(top.x, y0), ImVec2(axis.x1, y1), colors::lane_b);
			const char *label = which == 0 ? "socket thread" : "timer thread";
			dl->AddText(ImVec2(top.x + 6, y0 + 1), IM_COL32(230, 230, 235, 255), label);
			frame_report().targets.push_back({std::string("row ") + label, top.x, y0, axis.x1, y1});
			dl->PushClipRect(ImVec2(axis.x0, y0), ImVec2(axis.x1, y1), true);
			// A tick per pixel that saw one of its events; past a drawn pixel,
			// jump by binary search so a busy thread costs its width. Ticks
			// that touch are one rectangle: a busy socket thread is one bar,
			// not a thousand thin ones (llvmpipe pays for each edge it walks).
			ImU32 col = which == 0 ? colors::socket : IM_COL32(120, 220, 220, 255);
			float last_x = -1e9f, run_x0 = -1e9f;
			auto end_run = [&] {
				if (run_x0 > -1e9f)
					dl->AddRectFilled(ImVec2(run_x0, y0 + 3), ImVec2(last_x + 2, y1 - 3), col);
			};
			for (size_t i = m.lower_bound(evs, axis.t0); i < evs.size(); i++) {
				const Event &ev = m.event(evs[i]);
				if (ev.t > axis.t1)
					break;
				float x = axis.x(ev.t);
				if (x < last_x + 1) {
					// Never backwards; and lower_bound may be 0 (times out of
					// order, or past int64's range): 0 - 1 would wrap to SIZE_MAX
					// and the loop start over forever.
					size_t next = m.lower_bound(evs, axis.t(last_x + 1));
					if (next > i + 1)
						i = next - 1;
					continue;
				}
				if (x > last_x + 2) {
					end_run();
					run_x0 = x;
				}
				last_x = x;
			}
			end_run();
			dl->PopClipRect();
		}
	}


	EventId hovered_begin = NO_EVENT;
	ImVec2 mouse = ImGui::GetIO().MousePos;
	for (size_t i = 0; i < workers.size(); i++) {
		const Worker &w = *workers[i];
		float y0 = top.y + 20 + float(i) * row, y1 = y0 + row - 3;
		if (i % 2)   // as the sequence chart's lanes: every other row shaded
			dl->AddRectFilled(ImVec2(top.x, y0), ImVec2(axis.x1, y1), colors::lane_b);
		char label[32];
		std::snprintf(label, sizeof label, "worker %d", w.thread);
		dl->AddText(ImVec2(top.x + 6, y0 + 1), IM_COL32(230, 230, 235, 255), label);
		frame_report().targets.push_back({std::string("row ") + label, top.x, y0, axis.x1, y1});
		dl->PushClipRect(ImVec2(axis.x0, y0), ImVec2(axis.x1, y1), true);
		// Dispatches are sorted by begin; one that began up to `longest` before
		// the view may still reach into it.
		auto begin_t = [&](uint32_t mi) { return m.event(m.messages()[mi].begin).t; };
		size_t k = size_t(std::lower_bound(w.dispatches.begin(), w.dispatches.end(), axis.t0 - w.longest,
			[&](uint32_t mi, int64_t t) { return begin_t(mi) < t; }) - w.dispatches.begin());
		float last_x1 = -1e9f;
		for (; k < w.dispatches.size(); k++) {
			const Message &msg = m.messages()[w.dispatches[k]];
			const Event &b = m.event(msg.begin);
			if (b.t > axis.t1)
				break;
			int64_t end = msg.end != NO_EVENT ? m.event(msg.end).t : b.t;
			float x0 = std::max(axis.x(b.t), axis.x0 - 2), x1 = std::max(axis.x(end), x0 + 1);
			if (x1 < axis.x0)
				continue;
			// Boxes that end inside the last pixel drawn merge into it; jump
			// past them by binary search, so a zoomed-out worker costs its
			// width in pixels, not its number of dispatches.
			if (x1 <= last_x1 + 1) {
				int64_t next_t = axis.t(last_x1 + 1);
				size_t skip = size_t(std::lower_bound(w.dispatches.begin() + k + 1, w.dispatches.end(), next_t,
					[&](uint32_t mi, int64_t t) { return begin_t(mi) < t; }) - w.dispatches.begin());
				k = skip - 1;
				continue;
			}
			x0 = std::max(x0, last_x1);
			last_x1 = x1;
			bool selected = v.selected != NO_EVENT && m.message_of(v.selected) >= 0 && m.messages()[m.message_of(v.selected)].id == msg.id;
			dl->AddRectFilled(ImVec2(x0, y0 + 2), ImVec2(x1, y1 - 2), service_color(b.h, 0.85f));
			if (selected)
				dl->AddRect(ImVec2(x0 - 1, y0 + 1), ImVec2(x1 + 1, y1 - 1), colors::selected, 0, 0, 2);
			if (x1 - x0 > 50) {
				std::string name = m.service_label(b.h);
				dl->AddText(ImVec2(x0 + 3, y0 + (row - 3 - ImGui::GetFontSize()) / 2), IM_COL32(20, 20, 25, 255), name.c_str());
			}
			if (mouse.y >= y0 && mouse.y < y1 && mouse.x >= x0 && mouse.x <= x1)
				hovered_begin = msg.begin;
		}
		dl->PopClipRect();
	}
	timeline_draw_cursor(dl, axis, v, measure, ImVec2(axis.x0, top.y + 20), ImVec2(axis.x1, top.y + avail.y));
	ImGui::InvisibleButton("threads_canvas", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
	ImGui::SetCursorScreenPos(top);
	if (timeline_input(v, axis, measure, ImVec2(axis.x0, top.y), ImVec2(axis.x1, top.y + avail.y)) && hovered_begin != NO_EVENT)
		view_select(v, m, hovered_begin);
	if (hovered_begin != NO_EVENT && ImGui::IsWindowHovered()) {
		const Message &msg = m.messages()[m.message_of(hovered_begin)];
		ImGui::SetTooltip("%s dispatches %s from %s (id %llu)", m.service_label(msg.dst).c_str(),
			std::string(ptype_name(msg.type)).c_str(), m.service_label(msg.src).c_str(), (unsigned long long)msg.id);
	}
}
