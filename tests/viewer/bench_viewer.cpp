// bench_viewer: load rate of a trace file, and frame times of the chart and the whole window, whole trace and zoomed.
// Run under a display: `xvfb-run -a -s "-screen 0 1600x900x24" build/tests/viewer/bench_viewer [EVENTS | --trace FILE]`;
// tests/bench/viewer/run.sh (`make bench-viewer`) runs it on a real gate trace.
#include "viewer/app/viewer_app.h"
#include "trace/trace_source.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

// CPU time of the whole process, llvmpipe's threads included: steadier than
// wall time on a shared machine.
static double cpu_seconds()
{
	rusage u{};
	getrusage(RUSAGE_SELF, &u);
	return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static double seconds_since(Clock::time_point t)
{
	return std::chrono::duration<double>(Clock::now() - t).count();
}

// A synthetic trace shaped like a busy skynet: SERVICES services calling each
// other round robin (push, suspend, begin, RESPONSE, end, resume), with a
// socket read every tenth round. About 10 events per round.
static size_t write_trace(const char *path, size_t events, int services)
{
	FILE *f = std::fopen(path, "w");
	if (!f)
		return 0;
	size_t n = 0;
	int64_t t = 1000;
	std::fprintf(f, "{\"t\":%lld,\"ev\":\"trace.start\",\"version\":1,\"thread\":4,\"harbor\":0}\n", (long long)t), n++;
	for (int s = 0; s < services; s++, n++)
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"svc.new\",\"h\":%d,\"module\":\"snlua\",\"args\":\"agent %d\"}\n", (long long)(t += 500), 8 + s, s);
	uint64_t id = 1;
	int session = 1;
	for (size_t round = 0; n < events; round++) {
		int a = 8 + int(round % size_t(services)), b = 8 + int((round * 7 + 3) % size_t(services));
		int worker = int(round % 4);
		long long T = (long long)(t += 1700);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"msg.push\",\"id\":%llu,\"src\":%d,\"dst\":%d,\"session\":%d,\"type\":10,\"size\":24}\n", T, (unsigned long long)id, a, b, session);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"co.suspend\",\"h\":%d,\"co\":1,\"why\":\"call\",\"session\":%d,\"dst\":%d}\n", T + 200, a, session, b);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"msg.begin\",\"id\":%llu,\"h\":%d,\"thread\":%d}\n", T + 600, (unsigned long long)id, b, worker);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"msg.push\",\"id\":%llu,\"src\":%d,\"dst\":%d,\"session\":%d,\"type\":1,\"size\":8}\n", T + 900, (unsigned long long)id + 1, b, a, session);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"msg.end\",\"id\":%llu,\"h\":%d,\"thread\":%d}\n", T + 1000, (unsigned long long)id, b, worker);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"msg.begin\",\"id\":%llu,\"h\":%d,\"thread\":%d}\n", T + 1200, (unsigned long long)id + 1, a, (worker + 1) % 4);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"co.resume\",\"h\":%d,\"co\":1,\"session\":%d,\"why\":\"response\"}\n", T + 1250, a, session);
		std::fprintf(f, "{\"t\":%lld,\"ev\":\"msg.end\",\"id\":%llu,\"h\":%d,\"thread\":%d}\n", T + 1400, (unsigned long long)id + 1, a, (worker + 1) % 4);
		n += 8, id += 2, session++;
		if (round % 10 == 0) {
			std::fprintf(f, "{\"t\":%lld,\"ev\":\"sock.poll\",\"sock\":5,\"kind\":\"data\",\"bytes\":66}\n", T + 1500);
			std::fprintf(f, "{\"t\":%lld,\"ev\":\"netpack\",\"sock\":5,\"in\":66,\"buffered\":10,\"packets\":2,\"partial\":true}\n", T + 1600);
			n += 2;
		}
	}
	std::fclose(f);
	return n;
}

// The view's span, centred on the middle of the trace, that holds about
// `events` events: the zoom a reader works at (one by one below DETAIL_LIMIT).
static int64_t span_holding(const TraceModel &m, size_t events)
{
	size_t mid = m.size() / 2, half = std::min(events / 2, mid);
	if (m.size() == 0)
		return 1;
	int64_t a = m.event(m.at_rank(mid - half)).t, b = m.event(m.at_rank(std::min(m.size() - 1, mid + half))).t;
	return std::max<int64_t>(b - a, 1000);
}

static void usage()
{
	std::fprintf(stderr, "usage: bench_viewer [EVENTS [WxH]] | --trace FILE [--size WxH] [--label NAME] [--frames N] [--load-only] [--shots DIR] [--only TEXT]\n"
		"  EVENTS: write a synthetic trace of that many events (default 1000000); --trace: load FILE instead\n"
		"  --shots DIR: a screenshot of each measure's view, DIR/NAME-N.png (before/after pictures)\n"
		"  --only TEXT: only the measures whose name holds TEXT (perf record of one view)\n");
	std::exit(2);
}

int main(int argc, char **argv)
{
	size_t events = 1000000;
	int width = 1600, height = 900, frames = 60;
	std::string trace, label = "bench_viewer", shots, only;
	bool load_only = false;   // no window: the load alone (for perf stat and perf record)
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : (usage(), std::string()); };
		if (a == "--trace") trace = next();
		else if (a == "--label") label = next();
		else if (a == "--frames") frames = std::max(1, std::atoi(next().c_str()));
		else if (a == "--rounds") next();   // run.sh repeats whole runs instead
		else if (a == "--load-only") load_only = true;
		else if (a == "--shots") shots = next();
		else if (a == "--only") only = next();
		else if (a == "--size") { if (std::sscanf(next().c_str(), "%dx%d", &width, &height) != 2) usage(); }
		else if (a[0] >= '0' && a[0] <= '9' && trace.empty() && i == 1) events = size_t(std::atol(a.c_str()));
		else if (a[0] >= '0' && a[0] <= '9' && i == 2) std::sscanf(a.c_str(), "%dx%d", &width, &height);
		else usage();
	}
	const char *synthetic = "/tmp/skyglass_bench_trace.jsonl";
	size_t written = 0;
	if (trace.empty()) {
		const int services = 16;
		std::printf("%s: writing %zu events (%d services) to %s\n", label.c_str(), events, services, synthetic);
		written = write_trace(synthetic, events, services);
		trace = synthetic;
	}

	// The load as the viewer does it: TraceSource's loader thread, until Loaded.
	// Twice: "load" is the first in this process, what a learner opening the
	// viewer waits for; "reload" replaces it at once, on the memory the first
	// just freed. The two differ when fresh memory costs more than reused
	// (on this VM, huge pages the host took back: docs/benchmarks.md, "The
	// first load"), so the bench prints both and the aim is on "load".
	ViewerApp app;
	struct stat st{};
	double mb = ::stat(trace.c_str(), &st) == 0 ? double(st.st_size) / 1e6 : 0;
	for (const char *what : {"load", "reload"}) {
		auto t0 = Clock::now();
		double cpu_load0 = cpu_seconds();
		app.source.open_file(trace);
		while (app.source.state() == TraceSource::State::Loading)
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		double load_s = seconds_since(t0), load_cpu = cpu_seconds() - cpu_load0;
		if (app.source.state() != TraceSource::State::Loaded) {
			std::fprintf(stderr, "%s: %s\n", label.c_str(), app.source.status().c_str());
			return 1;
		}
		const TraceModel &m = app.source.model;
		std::printf("%s %s: %zu events (%zu bad lines), %.1f MB in %.3f s = %.2f M events/s, %.0f MB/s; CPU %.3f s\n",
			label.c_str(), what, m.size(), m.bad_lines(), mb, load_s, double(m.size()) / load_s / 1e6, mb / load_s, load_cpu);
		std::fflush(stdout);
	}
	const TraceModel &m = app.source.model;
	if (written && m.size() != written)
		std::fprintf(stderr, "%s: wrote %zu events, read %zu\n", label.c_str(), written, m.size());

	if (load_only)
		return 0;
	std::string error;
	if (!app.open(width, height, false, error)) {
		std::fprintf(stderr, "%s: %s (run under xvfb-run -a)\n", label.c_str(), error.c_str());
		return 1;
	}
	// `pan`: each frame moves the view by a pixel and back, so that nothing
	// drawn for the last frame can be reused (a reader dragging the chart).
	int shot = 0;
	auto measure = [&](const char *what, bool full, bool pan = false) {
		if (!only.empty() && std::string(what).find(only) == std::string::npos)
			return;
		std::vector<double> ms;
		double build = 0, render = 0, swap = 0;
		int vertices = 0;
		double cpu0 = 0;
		int64_t px = std::max<int64_t>((app.view.view_t1 - app.view.view_t0) / 1400, 1);
		for (int i = 0; i < frames + 5; i++) {
			if (i == 5)
				cpu0 = cpu_seconds();
			if (pan) {
				int64_t d = i % 2 ? px : -px;
				app.view.view_t0 += d, app.view.view_t1 += d, app.view.view_user = true;
			}
			auto f0 = Clock::now();
			full ? app.frame() : app.frame_sequence_only();
			if (i < 5)   // the first frames build the font atlas and buffers
				continue;
			ms.push_back(seconds_since(f0) * 1000);
			build += app.times.build, render += app.times.render, swap += app.times.swap;
			vertices = std::max(vertices, app.times.vertices);
		}
		std::sort(ms.begin(), ms.end());
		size_t r0 = m.first_rank_at(app.view.view_t0), r1 = m.first_rank_at(app.view.view_t1 + 1);
		std::printf("%s frame: %s (%zu events in view), %dx%d, %d frames: median %.2f ms, p95 %.2f ms, max %.2f ms\n",
			label.c_str(), what, r1 - r0, width, height, frames, ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
		std::printf("    per frame: build UI %.2f ms, rasterize %.2f ms, swap %.2f ms; process CPU %.2f ms; %d vertices\n",
			build / frames, render / frames, swap / frames, (cpu_seconds() - cpu0) * 1000 / frames, vertices);
		if (!shots.empty()) {
			std::string path = shots + "/" + label + "-" + std::to_string(++shot) + ".png";
			full ? app.frame(path) : app.frame_sequence_only(path);
		}
	};
	measure("chart alone, whole trace", false);
	measure("whole window, whole trace", true);
	measure("whole window, whole trace, panning", true, true);
	int64_t mid = m.size() ? m.event(m.at_rank(m.size() / 2)).t : 0;
	auto zoom = [&](int64_t span) {
		app.view.view_t0 = mid - span / 2, app.view.view_t1 = mid + span / 2, app.view.view_user = true;
	};
	// Zoomed so that about 3,000 events are in view: each drawn one by one
	// (below DETAIL_LIMIT), the most a detailed frame draws.
	zoom(span_holding(m, 3000));
	measure("chart alone, zoomed, one by one", false);
	measure("whole window, zoomed, one by one", true);
	measure("whole window, zoomed, one by one, panning", true, true);
	// Zoomed to a hundredth of the trace: still merged, but not the fitted view.
	zoom(std::max<int64_t>((m.last_time() - m.first_time()) / 100, 1000));
	measure("whole window, zoomed to 1/100", true);
	app.close();
	if (written)
		std::remove(synthetic);
	return 0;
}
