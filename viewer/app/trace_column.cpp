// trace_column: one trace's sequence chart over its tab bar — the middle of the window, or half of it when two traces are compared.
#include "viewer/app/frame_report.h"
#include "viewer/app/panels.h"
#include "viewer/app/viewer_app.h"

#include <imgui.h>

#include <string>

static const ImGuiWindowFlags FIXED = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

// `id` keeps the two columns' windows and tab bars apart ("" for the only one).
void ViewerApp::trace_column(const std::string &id, const std::string &title, ViewState &v, const TraceModel &m,
	float x, float y, float w, float h)
{
	float seq_h = h * 0.56f;
	ImGui::SetNextWindowPos(ImVec2(x, y));
	ImGui::SetNextWindowSize(ImVec2(w, seq_h));
	ImGui::Begin((title + "###chart" + id).c_str(), nullptr, FIXED);
	panel_sequence(v, m);
	ImGui::End();

	ImGui::SetNextWindowPos(ImVec2(x, y + seq_h));
	ImGui::SetNextWindowSize(ImVec2(w, h - seq_h));
	ImGui::Begin(("Details" + id).c_str(), nullptr, FIXED | ImGuiWindowFlags_NoTitleBar);
	if (ImGui::BeginTabBar(("bottom" + id).c_str())) {
		struct Tab { const char *name; BottomPanel panel; void (*draw)(ViewState &, const TraceModel &); };
		static const Tab tabs[] = {
			{"Threads 线程", BottomPanel::Threads, panel_threads},
			{"Socket layers 套接字层", BottomPanel::Sockets, panel_sockets},
			{"Netpack 拆包", BottomPanel::Netpack, panel_netpack},
			{"Coroutines 协程", BottomPanel::Coroutines, panel_coroutines},
		};
		for (const Tab &tab : tabs) {
			bool asked = v.show_bottom == tab.panel;
			bool shown = ImGui::BeginTabItem(tab.name, nullptr, asked ? ImGuiTabItemFlags_SetSelected : 0);
			frame_report_item(std::string("tab ") + tab.name + id);
			if (shown) {
				v.bottom = tab.panel;
				if (id.empty())
					frame_report().tab = tab.name;
				if (asked)
					v.show_bottom.reset();   // shown: the tab bar keeps it from now on
				tab.draw(v, m);
				ImGui::EndTabItem();
			}
		}
		ImGui::EndTabBar();
	}
	ImGui::End();
}

// The two charts show the same stretch of time: the same span counted from
// each trace's start (align_starts, to compare two runs of one program), or
// the same clock (two nodes of one cluster: their round trips give the
// offset between their clocks, see cluster_offset). Whichever
// chart the learner zoomed or panned last leads; the other follows.
void ViewerApp::sync_compare(const TraceModel &a, const TraceModel &b)
{
	if (a.size() == 0 || b.size() == 0)
		return;
	int64_t offset = align_starts ? b.first_time() - a.first_time() : 0;
	// Two nodes that called each other: one clock, b's shifted by the offset
	// their round trips give (trace/cluster_join.h), so each cross-node arrow
	// points forward in time.
	int64_t cluster = 0;
	if (cluster_offset(a, b, cluster))
		offset = cluster;
	if (!view.view_user && !view2.view_user) {
		// Both whole: the longer run decides the span, so neither is cut off.
		int64_t start = std::min(a.first_time(), b.first_time() - offset);
		int64_t span = std::max(a.last_time(), b.last_time() - offset) - start;
		int64_t pad = std::max<int64_t>(span / 50, 10);
		view.view_t0 = start - pad;
		view.view_t1 = start + span + pad;
		view.view_user = true;   // fitted here, not by timeline_fit (which knows one trace)
	} else if (view2.view_t0 != synced2_t0_ || view2.view_t1 != synced2_t1_) {
		view.view_t0 = view2.view_t0 - offset;   // the second chart moved: the first follows
		view.view_t1 = view2.view_t1 - offset;
		view.view_user = true;
	}
	view2.view_t0 = synced2_t0_ = view.view_t0 + offset;
	view2.view_t1 = synced2_t1_ = view.view_t1 + offset;
	view2.view_user = true;
}
