// viewer_app: GLFW + ImGui 1.86 set-up, the fixed-position layout (1.86 has no docking), menus, drag-and-drop.
#include "viewer/app/viewer_app.h"
#include "viewer/app/frame_report.h"
#include "viewer/app/input.h"
#include "viewer/app/panels.h"
#include "viewer/app/screenshot.h"
#include "viewer/app/timeline.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

static const char *CHINESE_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// Files dropped on the window; GLFW calls this from glfwPollEvents on our thread.
static std::string dropped_path;
static void on_drop(GLFWwindow *, int count, const char **paths)
{
	if (count > 0)
		dropped_path = paths[0];
}

void ViewerApp::drop(const std::string &path)
{
	const char *paths[] = {path.c_str()};
	on_drop(window_, 1, paths);
}

// Under llvmpipe (Xvfb, CI, remote desktops) a frame costs what its pixels
// cost, not its triangles: every pixel of every triangle runs the shader, a
// texture fetch and a blend. So each pixel should be painted about once.
// The panels are fixed and never overlap, so their backgrounds are left
// transparent and glClear, which llvmpipe does almost for free, paints that
// colour instead. Popups, menus and tooltips keep their own opaque colours.
// With sample_nearest and the chart's hard-edged merged arrows, this took
// bench_viewer's 1M-event chart from ~25 to ~10 ms a frame at 1600x900.
static ImVec4 background;
static void cut_fill()
{
	ImVec4 &bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
	background = ImVec4(bg.x, bg.y, bg.z, 1.0f);
	bg.w = 0;
	// ImGui's anti-aliased lines read pre-drawn lines out of the font texture,
	// which needs bilinear filtering (see sample_nearest); it draws their soft
	// edges as geometry instead.
	ImGui::GetStyle().AntiAliasedLinesUseTex = false;
}

// Every shape samples the font texture (text its glyphs, the rest a white
// texel). Bilinear sampling reads four texels a pixel; nearest sampling
// cut llvmpipe's raster time by a quarter to a third. The glyphs are baked
// at their drawn size and placed on whole pixels (PixelSnapH), so nearest
// sampling shows the same text. The backend makes the texture on its first frame; make it now.
static void sample_nearest()
{
	ImGui_ImplOpenGL3_CreateDeviceObjects();
	glBindTexture(GL_TEXTURE_2D, GLuint(intptr_t(ImGui::GetIO().Fonts->TexID)));
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

bool ViewerApp::open(int width, int height, bool ini, std::string &error)
{
	if (!glfwInit()) {
		error = "glfwInit failed: is there a display? (try xvfb-run -a)";
		return false;
	}
	glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
	glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
	glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
	window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
	if (!window_) {
		error = "could not create a window with an OpenGL 3.3 context";
		glfwTerminate();
		return false;
	}
	glfwMakeContextCurrent(window_);
	glfwSwapInterval(0);
	glfwSetDropCallback(window_, on_drop);
	input_install(window_);   // before ImGui's backend, which chains to our callbacks
	IMGUI_CHECKVERSION();
	ImGui::CreateContext();
	ImGuiIO &io = ImGui::GetIO();
	// Window settings live in the user's config folder, not wherever the
	// viewer was started ($XDG_CONFIG_HOME/skyglass, else ~/.config/skyglass).
	static std::string ini_path;
	if (!ini) {
		io.IniFilename = nullptr;
	} else {
		const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
		std::filesystem::path dir = xdg && *xdg ? std::filesystem::path(xdg) : std::filesystem::path(home ? home : ".") / ".config";
		dir /= "skyglass";
		std::error_code ec;
		std::filesystem::create_directories(dir, ec);
		ini_path = (dir / "imgui.ini").string();
		io.IniFilename = ec ? nullptr : ini_path.c_str();
	}
	ImGui::StyleColorsDark();
	ImGui::GetStyle().WindowRounding = 0;
	cut_fill();
	load_fonts();
	ImGui_ImplGlfw_InitForOpenGL(window_, true);
	ImGui_ImplOpenGL3_Init("#version 330");
	sample_nearest();
	return true;
}

// The common simplified set plus the arrows, shapes and dingbats the panels
// draw as text (▶ ◀ ● ○ ✔). The ranges must outlive the atlas build.
static const ImWchar *glyph_ranges()
{
	static ImVector<ImWchar> ranges;
	if (ranges.empty()) {
		static const ImWchar symbols[] = {0x2190, 0x21FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0};
		ImFontGlyphRangesBuilder builder;
		builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
		builder.AddRanges(symbols);
		builder.BuildRanges(&ranges);
	}
	return ranges.Data;
}

// wqy-microhei carries both Latin and Chinese glyphs, so it is the one font;
// its second face (Micro Hei Mono) shows source lines. The common simplified
// set (about 2,500 characters) covers the panel terms and most log text;
// loading it twice costs a fraction of a second at start.
static ImFont *mono = nullptr;
ImFont *mono_font()
{
	return mono ? mono : ImGui::GetFont();
}

void ViewerApp::load_fonts()
{
	ImGuiIO &io = ImGui::GetIO();
	if (!std::filesystem::exists(CHINESE_FONT)) {
		io.Fonts->AddFontDefault();
		return;
	}
	ImFontConfig config;
	config.OversampleH = 1;
	config.OversampleV = 1;
	config.PixelSnapH = true;
	io.Fonts->AddFontFromFileTTF(CHINESE_FONT, 15.0f, &config, glyph_ranges());
	config.FontNo = 1;
	mono = io.Fonts->AddFontFromFileTTF(CHINESE_FONT, 14.0f, &config, glyph_ranges());
}

void ViewerApp::close()
{
	source.stop();
	source2.stop();
	if (!window_)
		return;
	ImGui_ImplOpenGL3_Shutdown();
	ImGui_ImplGlfw_Shutdown();
	ImGui::DestroyContext();
	glfwDestroyWindow(window_);
	glfwTerminate();
	window_ = nullptr;
}

bool ViewerApp::should_close() const
{
	return glfwWindowShouldClose(window_);
}

// Idle, the window waits for input instead of redrawing: a static trace
// costs no CPU. ImGui needs a few frames after an input to settle (hover
// state, a popup opening, a tab switching), so those are drawn first.
bool ViewerApp::busy() const
{
	TraceSource::State st = source.state();
	return view.playing || st == TraceSource::State::Loading || source2.state() == TraceSource::State::Loading || st == TraceSource::State::Connecting ||
		st == TraceSource::State::Live || !open_request_.empty() || !dropped_path.empty() ||
		ImGui::IsAnyMouseDown() || view.show_bottom.has_value() || shot_requested_ || input_pending();
}

void ViewerApp::begin_frame()
{
	if (wait_when_idle && settle_frames_ <= 0 && !busy())
		glfwWaitEvents();
	else
		glfwPollEvents();
	settle_frames_ = input_arrived() ? 4 : settle_frames_ - 1;
	input_new_frame();
	if (key_tapped(GLFW_KEY_F12))
		shot_requested_ = true;
	frame_report() = FrameReport{};
	frame_start_ = glfwGetTime();
	if (!dropped_path.empty()) {
		open_trace(dropped_path);
		dropped_path.clear();
	}
	ImGui_ImplOpenGL3_NewFrame();
	ImGui_ImplGlfw_NewFrame();
	ImGui::NewFrame();
}

void ViewerApp::end_frame(const std::string &screenshot, bool &ok)
{
	ImGui::Render();
	double built = glfwGetTime();
	times.build = (built - frame_start_) * 1000;
	times.vertices = ImGui::GetDrawData()->TotalVtxCount;
	int w, h;
	glfwGetFramebufferSize(window_, &w, &h);
	glViewport(0, 0, w, h);
	glClearColor(background.x, background.y, background.z, 1.0f);   // the panels' background: see cut_fill
	glClear(GL_COLOR_BUFFER_BIT);
	ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
	if (!screenshot.empty() && !screenshot_write(screenshot, w, h, last_error_)) {
		std::fprintf(stderr, "skyglass-view: %s\n", last_error_.c_str());
		ok = false;
	}
	glFinish();
	double rendered = glfwGetTime();
	times.render = (rendered - built) * 1000;
	glfwSwapBuffers(window_);
	times.swap = (glfwGetTime() - rendered) * 1000;
}

bool ViewerApp::frame(const std::string &screenshot)
{
	begin_frame();
	bool ok = true;
	if (compare) {
		std::scoped_lock lock(source.mutex, source2.mutex);
		layout(source.model, source.version(), &source2.model);
	} else {
		std::lock_guard lock(source.mutex);
		layout(source.model, source.version(), nullptr);
	}
	// Opening replaces the model and joins the loader thread, which takes
	// the model's lock: so it waits until the layout has let go of it.
	if (!open_request_.empty()) {
		open_trace(open_request_);
		open_request_.clear();
	}
	// F12's shot waits until the picture has settled: keys typed before it
	// handled, a tab asked for drawn.
	std::string shot = screenshot;
	// And two frames after the last input: a tooltip is hidden on the frame it
	// first appears (ImGui measures it), and a click's release comes a frame
	// after its press.
	if (shot.empty() && shot_requested_ && !input_pending() && !view.show_bottom && settle_frames_ <= 2) {
		shot = shots_dir + "/shot-" + std::to_string(++shots_taken_) + ".png";
		shot_requested_ = false;
	}
	end_frame(shot, ok);
	if (!shot.empty() && write_reports)
		frame_report_write(shot + ".json");
	// Busy (live, playing, loading), at most 60 frames a second: the picture
	// cannot change faster than a display shows it.
	if (wait_when_idle) {
		double left = frame_start_ + 1.0 / 60 - glfwGetTime();
		if (left > 0)
			glfwWaitEventsTimeout(left);
	}
	return ok;
}

bool ViewerApp::frame_sequence_only(const std::string &screenshot)
{
	begin_frame();
	bool ok = true;
	{
		std::lock_guard lock(source.mutex);
		ImGuiIO &io = ImGui::GetIO();
		ImGui::SetNextWindowPos(ImVec2(0, 0));
		ImGui::SetNextWindowSize(io.DisplaySize);
		ImGui::Begin("Sequence", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
		panel_sequence(view, source.model);
		ImGui::End();
	}
	end_frame(screenshot, ok);
	return ok;
}

// A live runtime that went away after writing trace.stop ended its program:
// the lesson is over, nothing was lost.
bool ViewerApp::finished(const TraceModel &m) const
{
	return source.state() == TraceSource::State::Disconnected && m.kind_counts()[size_t(Kind::trace_stop)] > 0;
}

// A trace file that ends without trace.stop: the runtime never reached
// its shutdown (killed with SIGKILL, crashed) or the file was cut short.
bool ViewerApp::incomplete(const TraceModel &m) const
{
	return source.state() == TraceSource::State::Loaded && m.size() > 0 && m.kind_counts()[size_t(Kind::trace_stop)] == 0;
}

// A file that loaded without one good event (a binary, a log, the wrong
// file): saying "loaded" would send the learner looking for a bug.
bool ViewerApp::not_a_trace(const TraceModel &m) const
{
	return source.state() == TraceSource::State::Loaded && m.size() == 0;
}

void ViewerApp::menu(const TraceModel &m)
{
	if (!ImGui::BeginMainMenuBar())
		return;
	bool file_menu = ImGui::BeginMenu("File");
	frame_report_item("File");
	if (file_menu) {
		if (ImGui::MenuItem("Open... 打开"))
			open_dialog_ = true;
		frame_report_item("File/Open");
		if (ImGui::MenuItem("Quit"))
			glfwSetWindowShouldClose(window_, 1);
		ImGui::EndMenu();
	}
	lessons_menu();
	TraceSource::State st = source.state();
	ImGui::TextDisabled("|");
	if (not_a_trace(m))
		ImGui::TextColored(ImVec4(1, 0.35f, 0.3f, 1), "not a trace: no line is a trace event");
	else if (finished(m))
		ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "finished");
	else if (st == TraceSource::State::Disconnected)
		ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "disconnected");
	else if (st == TraceSource::State::Failed)
		ImGui::TextColored(ImVec4(1, 0.35f, 0.3f, 1), "failed");
	else
		ImGui::Text("%s", TraceSource::state_name(st));
	ImGui::TextDisabled("%s", source.status().c_str());
	if (st == TraceSource::State::Loading) {
		char overlay[32];
		std::snprintf(overlay, sizeof overlay, "%.0f%%", source.progress() * 100);
		ImGui::ProgressBar(source.progress(), ImVec2(200, 0), overlay);
	}
	if (incomplete(m)) {
		ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "| incomplete");
		if (ImGui::IsItemHovered())
			ImGui::SetTooltip("no trace.stop line: the runtime was killed, or the file was cut;\nwhat happened after its last line is missing");
		frame_report_item("incomplete");
	}
	ImGui::TextDisabled("| %zu events", m.size());
	if (m.bad_lines())
		ImGui::TextColored(ImVec4(1, 0.5f, 0.3f, 1), "| %zu bad line(s), first: %s", m.bad_lines(), m.first_error().c_str());
	if (m.dropped())
		ImGui::TextColored(ImVec4(1, 0.5f, 0.3f, 1), "| %zu dropped by the runtime", m.dropped());
	ImGui::EndMainMenuBar();
}

// Every folder of lessons/ in the source tree this viewer was built from
// (SKYGLASS_ROOT: looking upwards from the working directory would stop at a
// build folder, which has kernel/ and lua/ too); choosing one runs it live
// (main picks up lesson_request).
void ViewerApp::lessons_menu()
{
	if (lesson_dirs_.empty()) {
		std::error_code ec;
		for (const auto &e : std::filesystem::directory_iterator(std::filesystem::path(SKYGLASS_ROOT) / "lessons", ec))
			if (e.is_directory(ec))
				lesson_dirs_.push_back(e.path().string());
		std::sort(lesson_dirs_.begin(), lesson_dirs_.end());
	}
	bool open = ImGui::BeginMenu("Lessons");
	frame_report_item("Lessons");
	if (!open)
		return;
	for (const std::string &dir : lesson_dirs_) {
		std::string name = std::filesystem::path(dir).filename().string();
		if (ImGui::MenuItem(name.c_str()))
			lesson_request = dir;
		frame_report_item("Lessons/" + name);
	}
	ImGui::EndMenu();
}

void ViewerApp::retitle()
{
	glfwSetWindowTitle(window_, title.c_str());
}

// Another trace: the views start over, and a lesson's steps are matched against it afresh.
void ViewerApp::open_trace(const std::string &path)
{
	source.open_file(path);
	view = ViewState{};
	lesson.matcher.reset();
	lesson.current = lesson.pending = lesson.scrolled = -1;
}

// A path box and the .jsonl files nearby: enough for a viewer with no file-dialog library.
void ViewerApp::open_dialog()
{
	if (open_dialog_) {
		ImGui::OpenPopup("Open a trace");
		open_dialog_ = false;
	}
	ImGui::SetNextWindowSize(ImVec2(560, 360), ImGuiCond_Appearing);
	if (!ImGui::BeginPopupModal("Open a trace"))
		return;
	ImGui::SetNextItemWidth(-90);
	if (ImGui::IsWindowAppearing())
		ImGui::SetKeyboardFocusHere();   // type the path straight away
	bool enter = ImGui::InputText("##path", open_path_, sizeof open_path_, ImGuiInputTextFlags_EnterReturnsTrue);
	ImGui::SameLine();
	if (ImGui::Button("Open") || enter) {
		open_request_ = open_path_;   // opened after the frame lets go of the model: see frame()
		ImGui::CloseCurrentPopup();
	}
	ImGui::TextDisabled(".jsonl files here and in run/ (or drop a file on the window):");
	ImGui::BeginChild("files", ImVec2(0, -30));
	std::error_code ec;
	for (const char *dir : {".", "run"}) {
		for (auto &entry : std::filesystem::directory_iterator(dir, ec)) {
			if (entry.path().extension() != ".jsonl")
				continue;
			std::string p = entry.path().string();
			if (ImGui::Selectable(p.c_str()))
				std::snprintf(open_path_, sizeof open_path_, "%s", p.c_str());
		}
	}
	ImGui::EndChild();
	if (ImGui::Button("Cancel"))
		ImGui::CloseCurrentPopup();
	ImGui::EndPopup();
}

// Fixed windows computed from the framebuffer: controls across the top;
// services and the event list on the left; the sequence chart over a tab bar
// (threads, socket layers, netpack, coroutines) in the middle; the inspector
// on the right, under the lesson when there is one.
void ViewerApp::layout(const TraceModel &m, uint64_t version, const TraceModel *m2)
{
	menu(m);
	open_dialog();
	FrameReport &report = frame_report();
	report.state = not_a_trace(m) ? "not a trace" : finished(m) ? "finished" : TraceSource::state_name(source.state());
	report.source = source.status();
	report.incomplete = incomplete(m);
	report.events = m.size();
	report.selected = view.selected == NO_EVENT ? -1 : int64_t(view.selected);
	ImGuiIO &io = ImGui::GetIO();
	float W = io.DisplaySize.x, H = io.DisplaySize.y;
	float top = ImGui::GetFrameHeight();
	float controls_h = 2 * ImGui::GetFrameHeightWithSpacing() + 2 * ImGui::GetStyle().WindowPadding.y;
	float left_w = std::max(260.0f, W * 0.2f), right_w = std::max(300.0f, W * (lesson.active ? 0.26f : 0.22f));
	float mid_x = left_w, mid_w = W - left_w - right_w;
	float body_y = top + controls_h, body_h = H - body_y;
	ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
	auto place = [](float x, float y, float w, float h) {
		ImGui::SetNextWindowPos(ImVec2(x, y));
		ImGui::SetNextWindowSize(ImVec2(w, h));
	};

	// A file is matched once it has loaded: while it loads, lines come in
	// file order, and each one out of time order would restart the match.
	if (source.state() != TraceSource::State::Loading)
		lesson.update(view, m);
	lesson.trace_done = source.state() == TraceSource::State::Loaded || finished(m);
	if (lesson.never_happened() && !step_missing_said_) {   // once, for --step N in a script too
		std::fprintf(stderr, "skyglass-view: step %d never happened in this trace (no %s)\n", lesson.current + 1,
			lesson.matcher.waiting_for(lesson.lesson, size_t(lesson.current)).c_str());
		step_missing_said_ = true;
	}
	lesson_keys(view, m, lesson);

	// The selection may have moved the cursor out of sight: bring it back.
	timeline_fit(view, m);
	if (view.reveal_now && (view.now < view.view_t0 || view.now > view.view_t1)) {
		timeline_set(view, view.now, 0.5, timeline_diff(view.view_t1, view.view_t0));
	}
	view.reveal_now = false;

	place(0, top, W, controls_h);
	ImGui::Begin("Controls", nullptr, fixed | ImGuiWindowFlags_NoTitleBar);
	panel_controls(view, source, m);
	ImGui::End();

	float services_h = body_h * 0.45f;
	place(0, body_y, left_w, services_h);
	ImGui::Begin("Services 服务", nullptr, fixed);
	panel_services(view, m);
	ImGui::End();
	place(0, body_y + services_h, left_w, body_h - services_h);
	ImGui::Begin("Filter & search 过滤", nullptr, fixed);
	panel_filter(view, m, version);
	ImGui::End();

	if (!m2) {
		// The longest title that fits: a narrow window keeps the name, not half a sentence.
		std::string chart_title = "Sequence chart 时序图";
		for (const char *hint : {"  (wheel or w/s: zoom, drag or a/d: pan, f: zoom to selection, right-drag: measure)", "  (w/s zoom, a/d pan, f selection)"})
			if (ImGui::CalcTextSize((chart_title + hint).c_str()).x + 24 <= mid_w) {
				chart_title += hint;
				break;
			}
		report.targets.push_back({"chart title", mid_x + 8, body_y, mid_x + 8 + ImGui::CalcTextSize(chart_title.c_str()).x, body_y + ImGui::GetFrameHeight()});
		trace_column("", chart_title, view, m, mid_x, body_y, mid_w, body_h);
	} else {
		sync_compare(m, *m2);
		auto name = [](const TraceSource &s) { return std::filesystem::path(s.status()).filename().string(); };
		float half = mid_w / 2;
		// Two nodes of one cluster: each chart is one node's lane group, named
		// by the node its trace names, and arrows join what crossed between them.
		auto node = [](const TraceModel &t) { return t.node_name().empty() ? std::string() : "node " + t.node_name() + " · "; };
		int64_t offset = 0;
		const char *clock = cluster_offset(m, *m2, offset) ? "  (one clock, set by their round trips)"
			: align_starts ? "  (both from their start)" : "  (one clock)";
		trace_column("", "A: " + node(m) + name(source) + clock, view, m, mid_x, body_y, half, body_h);
		trace_column(" B", "B: " + node(*m2) + name(source2), view2, *m2, mid_x + half, body_y, mid_w - half, body_h);
		draw_cluster_crossings(view, m, view2, *m2);
		report.node = m.node_name();
		report.node2 = m2->node_name();
		for (ReportTarget &t : report.targets)
			if (t.name == "chart" && t.x0 >= mid_x + half - 1)
				t.name = "chart B";
		report.traces = 2;
		report.source2 = source2.status();
		report.events2 = m2->size();
		report.view2_t0 = view2.view_t0 - m2->first_time();
		report.view2_t1 = view2.view_t1 - m2->first_time();
	}
	report.view_t0 = view.view_t0 - m.first_time();
	report.view_t1 = view.view_t1 - m.first_time();

	report.lesson_step = lesson.active ? lesson.current : -1;
	report.step_never_happened = lesson.active && lesson.never_happened();

	// The lesson sits above the inspector, beside the chart and the tabs, so
	// its text stays in view while a step brings up the panel it is about.
	float lesson_h = lesson.active ? body_h * 0.58f : 0;
	if (lesson.active) {
		place(W - right_w, body_y, right_w, lesson_h);
		ImGui::Begin("Lesson 课程", nullptr, fixed);
		report.targets.push_back({"lesson", W - right_w, body_y, W, body_y + lesson_h});
		panel_lesson(view, m, lesson);
		ImGui::End();
		if (lesson.current >= 0) {
			EventId e = lesson.matcher.event_of(size_t(lesson.current));
			int64_t lo = INT64_MAX, hi = INT64_MIN;
			for (EventId x : related_events(m, e))
				lo = std::min(lo, m.event(x).t), hi = std::max(hi, m.event(x).t);
			if (lo <= hi)
				report.step_t0 = lo - m.first_time(), report.step_t1 = hi - m.first_time();
		}
	}
	place(W - right_w, body_y + lesson_h, right_w, body_h - lesson_h);
	ImGui::Begin("Inspector 检视", nullptr, fixed);
	panel_inspector(view, m);
	ImGui::End();
}
