// bench_viewer: ingest rate from a file, and frame time of the sequence chart with a million events loaded.
// Run under a display: `xvfb-run -a -s "-screen 0 1600x900x24" build/tests/viewer/bench_viewer [EVENTS]`.
#include "viewer/app/viewer_app.h"
#include "trace/trace_source.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
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

int main(int argc, char **argv)
{
	size_t events = argc > 1 ? size_t(std::atol(argv[1])) : 1000000;
	int width = 1600, height = 900;
	if (argc > 2)
		std::sscanf(argv[2], "%dx%d", &width, &height);
	const int services = 16, frames = 60;
	const char *path = "/tmp/skyglass_bench_trace.jsonl";
	std::printf("bench_viewer: writing %zu events (%d services) to %s\n", events, services, path);
	size_t written = write_trace(path, events, services);

	ViewerApp app;
	auto t0 = Clock::now();
	std::string error;
	if (!load_trace_file(path, app.source.model, error)) {
		std::fprintf(stderr, "bench_viewer: %s\n", error.c_str());
		return 1;
	}
	double load_s = seconds_since(t0);
	const TraceModel &m = app.source.model;
	std::printf("ingest: %zu events (%zu written, %zu bad) from file in %.3f s = %.0f events/s\n",
		m.size(), written, m.bad_lines(), load_s, double(m.size()) / load_s);

	if (!app.open(width, height, false, error)) {
		std::fprintf(stderr, "bench_viewer: %s (run under xvfb-run -a)\n", error.c_str());
		return 1;
	}
	auto measure = [&](const char *what, bool full) {
		std::vector<double> ms;
		double build = 0, render = 0, swap = 0;
		int vertices = 0;
		double cpu0 = 0;
		for (int i = 0; i < frames + 5; i++) {
			if (i == 5)
				cpu0 = cpu_seconds();
			auto f0 = Clock::now();
			full ? app.frame() : app.frame_sequence_only();
			if (i < 5)   // the first frames build the font atlas and buffers
				continue;
			ms.push_back(seconds_since(f0) * 1000);
			build += app.times.build, render += app.times.render, swap += app.times.swap;
			vertices = std::max(vertices, app.times.vertices);
		}
		std::sort(ms.begin(), ms.end());
		double sum = 0;
		for (double x : ms)
			sum += x;
		std::printf("%s, %dx%d, %d frames: mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms\n",
			what, width, height, frames, sum / double(ms.size()), ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
		std::printf("    per frame: build UI %.2f ms, rasterize %.2f ms, swap %.2f ms; process CPU %.2f ms; %d vertices\n",
			build / frames, render / frames, swap / frames, (cpu_seconds() - cpu0) * 1000 / frames, vertices);
	};
	measure("sequence chart alone, default zoom (whole trace)", false);
	measure("whole window, every panel, default zoom", true);
	// Zoomed in to 200 us around the middle: arrows drawn one by one.
	int64_t mid = (m.first_time() + m.last_time()) / 2;
	app.view.view_t0 = mid - 100000, app.view.view_t1 = mid + 100000, app.view.view_user = true;
	measure("sequence chart alone, zoomed to 200 us", false);
	app.close();
	std::remove(path);
	return 0;
}
