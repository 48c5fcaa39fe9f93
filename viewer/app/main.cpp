// main: skyglass-view — open a trace file, connect to a live runtime, or start one; or render headless screenshots.
#include "viewer/app/viewer_app.h"
#include "trace/lesson.h"

#include <arpa/inet.h>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

// --help asked for it: stdout, success. A bad argument: stderr, status 2.
static int usage(FILE *to, int status)
{
	std::fprintf(to,
		"usage: skyglass-view [FILE.jsonl [FILE2.jsonl] | --connect HOST:PORT | --run CONFIG | --lesson DIR]\n"
		"                     [--steps DIR] [--step N] [--record FILE.jsonl] [--shots DIR]\n"
		"                     [--screenshot OUT.png --frames N] [--select EVENT] [--panel threads|sockets|netpack|coroutines]\n"
		"                     [--size WxH] [--one-clock] [--report]\n"
		"  FILE2 opens a second trace beside the first: the two charts show the same span from each\n"
		"  trace's start (--one-clock: the same times, for traces of one clock).\n"
		"  --lesson DIR runs DIR/config.lua live and shows DIR/steps.json beside it;\n"
		"  --steps DIR shows a lesson's steps beside a trace file or a live runtime;\n"
		"  --step N goes to step N (from 1) once it has happened.\n"
		"  --record FILE keeps a live run's trace (default: the config's trace file, else run/live.jsonl).\n"
		"  --shots DIR is where F12 writes screenshots (default: the working folder).\n"
		"  --report writes beside each screenshot PNG.json, what its frame showed (for tests).\n"
		"  EVENT is the event's index in file order, from 0 (the inspector shows it).\n");
	return status;
}

// A port nobody uses right now, kept ours until the runtime listens on it:
// bound with SO_REUSEADDR and never listening, so the runtime (which also sets
// SO_REUSEADDR) can bind it too, while any other process asking for a port
// (bind to port 0, or a connect picking its local port) is kept off it.
// Closing it at once instead left a window in which, on a busy machine,
// another program's socket could take the port before the runtime started.
// The reservation is held until the next run replaces it.
static int reserved_port_fd = -1;

static int free_port()
{
	if (reserved_port_fd >= 0)
		close(reserved_port_fd);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	reserved_port_fd = fd;
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	int port = -1;
	if (bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 && getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0)
		port = ntohs(a.sin_port);
	return port;
}

// build/skyglass sits beside build/skyglass-view.
static std::string runtime_path()
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return "skyglass";
	self[n] = '\0';
	std::string dir(self);
	return dir.substr(0, dir.rfind('/') + 1) + "skyglass";
}

// Starts the runtime with its trace sent to a live sink on a free port; the
// runtime reads SKYGLASS_TRACE as an override of the config's `trace` key.
// With `dir`, the runtime starts there (a lesson's config names its services
// relative to the repo root).
static pid_t spawn_runtime(const std::string &config, const std::string &dir, std::string &address)
{
	int port = free_port();
	if (port < 0)
		return -1;
	address = "127.0.0.1:" + std::to_string(port);
	std::string exe = runtime_path();
	pid_t pid = fork();
	if (pid == 0) {
		setenv("SKYGLASS_TRACE", address.c_str(), 1);
		// Hold the runtime's start until we are connected, so the viewer
		// sees the program from its first event.
		setenv("SKYGLASS_TRACE_WAIT", "1", 1);
		if (!dir.empty() && chdir(dir.c_str()) != 0)
			std::fprintf(stderr, "skyglass-view: cannot enter %s: %s\n", dir.c_str(), std::strerror(errno));
		execl(exe.c_str(), exe.c_str(), config.c_str(), static_cast<char *>(nullptr));
		std::fprintf(stderr, "skyglass-view: cannot run %s: %s\n", exe.c_str(), std::strerror(errno));
		_exit(127);
	}
	return pid;
}

// Where a live run's trace is kept: the config's own `trace = "file"` (what
// the runtime would have written without the viewer), relative to the folder
// the runtime runs in; run/live.jsonl when the config names none or an address.
static std::string record_path(const std::string &config, const std::string &dir)
{
	std::ifstream in(config);
	std::string line, path;
	std::regex trace_key(R"re(^\s*trace\s*=\s*"([^"]+)")re");
	std::smatch match;
	while (std::getline(in, line))
		if (std::regex_search(line, match, trace_key))
			path = match[1];
	std::string host;
	int port = 0;
	if (path.empty() || parse_address(path, host, port))
		path = "run/live.jsonl";
	std::filesystem::path p = std::filesystem::path(dir.empty() ? "." : dir) / path;
	std::error_code ec;
	std::filesystem::create_directories(p.parent_path(), ec);
	return p.string();
}

// --lesson DIR (and the Lessons menu): DIR/config.lua runs in the repo root,
// so the config's paths resolve wherever skyglass-view was started from, with
// DIR's steps beside it unless --steps names others.
static void lesson_paths(const std::string &lesson_dir, std::string &run, std::string &run_dir, std::string &steps_dir)
{
	run_dir = lesson_find_root(lesson_dir);
	run = std::filesystem::absolute(std::filesystem::path(lesson_dir) / "config.lua").string();
	if (steps_dir.empty())
		steps_dir = lesson_dir;
}

// Loads a lesson's steps into the app; `step` 0 starts before step 1.
static bool lesson_steps(ViewerApp &app, const std::string &steps_dir, int step, std::string &error)
{
	Lesson lesson;
	if (!lesson_load(steps_dir, lesson, error))
		return false;
	if (step < 0 || size_t(step) > lesson.steps.size()) {
		error = "--step " + std::to_string(step) + ": " + steps_dir + " has steps 1 to " + std::to_string(lesson.steps.size());
		return false;
	}
	app.lesson = LessonView{};
	app.lesson.lesson = std::move(lesson);
	app.lesson.active = true;
	app.lesson.current = app.lesson.pending = step - 1;   // -1 when no --step
	app.title = "skyglass-view — " + app.lesson.lesson.title;
	return true;
}

// Starts the runtime on `run` and shows its trace live, keeping it in `record`
// (the config's own trace file when empty).
static bool run_live(ViewerApp &app, const std::string &run, const std::string &run_dir, std::string record, pid_t &child)
{
	std::string address;
	child = spawn_runtime(run, run_dir, address);
	if (child < 0) {
		std::fprintf(stderr, "skyglass-view: could not start the runtime\n");
		return false;
	}
	if (record.empty())
		record = record_path(run, run_dir);
	std::fprintf(stderr, "skyglass-view: recording the trace to %s\n", record.c_str());
	app.source.connect(address, 10000, record);
	return true;
}

int main(int argc, char **argv)
{
	std::string error;
	std::string file, connect, run, run_dir, screenshot, panel, lesson_dir, steps_dir, shots_dir, test_drop, record, file2;
	bool one_clock = false, report = false;
	int frames = 0, width = 1600, height = 900, step = 0;
	long select = -1;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto next = [&]() -> const char * { return i + 1 < argc ? argv[++i] : nullptr; };
		const char *value = nullptr;
		if (a == "--connect" && (value = next())) connect = value;
		else if (a == "--run" && (value = next())) run = value;
		else if (a == "--lesson" && (value = next())) lesson_dir = value;
		else if (a == "--steps" && (value = next())) steps_dir = value;
		else if (a == "--step" && (value = next())) step = std::atoi(value);
		else if (a == "--screenshot" && (value = next())) screenshot = value;
		else if (a == "--frames" && (value = next())) frames = std::atoi(value);
		else if (a == "--select" && (value = next())) select = std::atol(value);
		else if (a == "--panel" && (value = next())) panel = value;
		else if (a == "--shots" && (value = next())) shots_dir = value;
		else if (a == "--test-drop" && (value = next())) test_drop = value;
		else if (a == "--record" && (value = next())) record = value;
		else if (a == "--size" && (value = next())) std::sscanf(value, "%dx%d", &width, &height);
		else if (a == "-h" || a == "--help") return usage(stdout, 0);
		else if (a[0] != '-' && file.empty()) file = a;
		else if (a[0] != '-' && file2.empty()) file2 = a;   // a second trace: compared side by side
		else if (a == "--one-clock") one_clock = true;
		else if (a == "--report") report = true;
		else {
			std::fprintf(stderr, "skyglass-view: bad argument '%s'\n", a.c_str());
			return usage(stderr, 2);
		}
	}
	if (!screenshot.empty() && frames <= 0)
		frames = 3;
	if (!lesson_dir.empty())
		lesson_paths(lesson_dir, run, run_dir, steps_dir);
	ViewerApp app;
	if (!steps_dir.empty() && !lesson_steps(app, steps_dir, step, error)) {
		std::fprintf(stderr, "skyglass-view: %s\n", error.c_str());
		return 2;
	}
	if (panel == "sockets") app.view.show_bottom = BottomPanel::Sockets;
	else if (panel == "netpack") app.view.show_bottom = BottomPanel::Netpack;
	else if (panel == "coroutines") app.view.show_bottom = BottomPanel::Coroutines;
	else if (panel == "threads") app.view.show_bottom = BottomPanel::Threads;
	else if (!panel.empty() && panel != "lesson") {   // the lesson has its own panel now; "lesson" still accepted
		std::fprintf(stderr, "skyglass-view: --panel %s: expected threads, sockets, netpack or coroutines\n", panel.c_str());
		return 2;
	}
	if (!app.open(width, height, screenshot.empty(), error)) {
		std::fprintf(stderr, "skyglass-view: %s\n", error.c_str());
		return 1;
	}
	app.wait_when_idle = frames == 0;
	app.write_reports = report;
	if (!shots_dir.empty())
		app.shots_dir = shots_dir;

	pid_t child = -1;
	if (!run.empty()) {
		if (!run_live(app, run, run_dir, record, child))
			return 1;
	} else if (!connect.empty()) {
		app.source.connect(connect, 2000);
	} else if (!file.empty()) {
		app.source.open_file(file);
	}
	if (!file2.empty()) {
		app.compare = true;
		app.align_starts = !one_clock;
		app.source2.open_file(file2);
	}

	// Headless: wait for the file to load so that every frame shows all of it.
	if (!screenshot.empty())
		while (app.source.state() == TraceSource::State::Loading || app.source2.state() == TraceSource::State::Loading)
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
	bool selected = false;
	int status = 0;
	for (int n = 0; frames == 0 ? !app.should_close() : n < frames; n++) {
		if (!selected && select >= 0) {
			std::lock_guard lock(app.source.mutex);
			if (size_t(select) < app.source.model.size()) {
				view_select(app.view, app.source.model, EventId(select));
				selected = true;
			}
		}
		// --test-drop: once the first trace is on screen, drop another on the window.
		if (!test_drop.empty() && n > 2 && app.source.state() == TraceSource::State::Loaded) {
			app.drop(test_drop);
			test_drop.clear();
		}
		// Lessons menu: the chosen lesson replaces whatever runs, as --lesson would start it.
		if (!app.lesson_request.empty()) {
			std::string dir = std::move(app.lesson_request), steps;
			app.lesson_request.clear();
			if (child > 0) {
				kill(child, SIGTERM);
				waitpid(child, nullptr, 0);
				child = -1;
			}
			lesson_paths(dir, run, run_dir, steps);
			if (!lesson_steps(app, steps, 0, error))
				std::fprintf(stderr, "skyglass-view: %s\n", error.c_str());
			else {
				app.view = ViewState{};
				app.compare = false;
				app.retitle();
				run_live(app, run, run_dir, "", child);
			}
		}
		// Reap the runtime as soon as it ends: the lesson has finished.
		if (child > 0 && waitpid(child, nullptr, WNOHANG) == child)
			child = -1;
		bool last = frames > 0 && n == frames - 1;
		if (!app.frame(last ? screenshot : "")) {
			status = 1;
			break;
		}
	}
	if (!screenshot.empty() && status == 0)
		std::printf("skyglass-view: wrote %s\n", screenshot.c_str());
	if (select >= 0 && !selected)
		std::fprintf(stderr, "skyglass-view: --select %ld: no such event\n", select);
	app.close();
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, nullptr, 0);
	}
	return status;
}
