// viewer_app: the window, the fonts, the fixed layout of the panels, and one frame of the viewer.
#pragma once
#include "viewer/app/lesson_view.h"
#include "viewer/app/view_state.h"
#include "trace/trace_source.h"

#include <string>
#include <vector>

struct GLFWwindow;

class ViewerApp {
public:
	// Opens a GLFW window with an OpenGL 3.3 core context and sets up ImGui.
	// `ini` false keeps ImGui from reading or writing imgui.ini (tests).
	bool open(int width, int height, bool ini, std::string &error);
	void close();
	bool should_close() const;
	// Polls input, draws every panel, renders. With `screenshot` set, the
	// framebuffer is written there before the swap.
	bool frame(const std::string &screenshot = "");
	// What GLFW's drop callback does with a dropped file (--test-drop).
	void drop(const std::string &path);
	// Draws only the sequence chart, full window (bench_viewer).
	bool frame_sequence_only(const std::string &screenshot = "");

	// Where the last frame's time went, in milliseconds: building the UI (our
	// code and ImGui), rasterizing it (glFinish after the draw), the swap.
	struct FrameTimes { double build = 0, render = 0, swap = 0; int vertices = 0; } times;

	TraceSource source;
	ViewState view;
	// A second trace beside the first (`skyglass-view a.jsonl b.jsonl`): its
	// own chart and tabs, on the first one's time axis (see sync_compare).
	TraceSource source2;
	ViewState view2;
	bool compare = false;
	bool align_starts = true;      // each from its own start; false: one clock
	LessonView lesson;      // --lesson / --steps; its panel appears when active
	std::string title = "skyglass-view";
	bool wait_when_idle = false;   // interactive: sleep until input when nothing moves
	std::string lesson_request;    // a lesson folder chosen in the Lessons menu; main runs it as --lesson does
	void retitle();                // the window's title becomes `title`
	std::string shots_dir = ".";   // F12 writes shot-N.png here
	bool write_reports = false;    // --report: each screenshot gets its frame's facts beside it (PNG.json, see frame_report)

private:
	void load_fonts();
	void layout(const TraceModel &m, uint64_t version, const TraceModel *m2);
	void trace_column(const std::string &id, const std::string &title, ViewState &v, const TraceModel &m,
		float x, float y, float w, float h);
	void sync_compare(const TraceModel &a, const TraceModel &b);
	void menu(const TraceModel &m);
	void lessons_menu();
	bool finished(const TraceModel &m) const;
	bool not_a_trace(const TraceModel &m) const;
	bool incomplete(const TraceModel &m) const;
	void open_dialog();
	void open_trace(const std::string &path);
	bool busy() const;
	void begin_frame();
	void end_frame(const std::string &screenshot, bool &ok);

	GLFWwindow *window_ = nullptr;
	bool open_dialog_ = false;
	char open_path_[512] = "";
	std::string open_request_;     // File > Open's choice, opened after the frame
	bool shot_requested_ = false;
	int shots_taken_ = 0;
	int settle_frames_ = 0;
	bool step_missing_said_ = false;
	int64_t synced2_t0_ = 0, synced2_t1_ = 0;   // view2's range as sync_compare last set it
	std::string last_error_;
	std::vector<std::string> lesson_dirs_;   // lessons/*, listed once
	double frame_start_ = 0;
};
