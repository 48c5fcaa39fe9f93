// viewer_app: the window, the fonts, the fixed layout of the panels, and one frame of the viewer.
#pragma once
#include "viewer/app/lesson_view.h"
#include "viewer/app/view_state.h"
#include "trace/trace_source.h"

#include <string>

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
	bool frame_sequence_only();

	// Where the last frame's time went, in milliseconds: building the UI (our
	// code and ImGui), rasterizing it (glFinish after the draw), the swap.
	struct FrameTimes { double build = 0, render = 0, swap = 0; int vertices = 0; } times;

	TraceSource source;
	ViewState view;
	LessonView lesson;      // --lesson / --steps; its panel appears when active
	std::string title = "skyglass-view";
	bool wait_when_idle = false;   // interactive: sleep until input when nothing moves
	std::string shots_dir = ".";   // F12 writes shot-N.png (and shot-N.png.json, see frame_report) here

private:
	void load_fonts();
	void layout(const TraceModel &m, uint64_t version);
	void menu(const TraceModel &m);
	bool finished(const TraceModel &m) const;
	bool not_a_trace(const TraceModel &m) const;
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
	std::string last_error_;
	double frame_start_ = 0;
};
