// monitor: a version counter per worker; if it has not moved since the last
// check and the worker is inside a dispatch, that dispatch is stuck.
#include "kernel/monitor.h"

#include <atomic>
#include <cstdio>
#include <memory>

#include "kernel/context.h"
#include "kernel/logger.h"
#include "kernel/skynet.h"

struct alignas(64) worker_monitor {
	std::atomic<int> version{0};
	int check_version = 0;
	std::atomic<uint32_t> source{0};
	std::atomic<uint32_t> destination{0};
};

static std::unique_ptr<worker_monitor[]> monitors;
static int monitor_count = 0;

void monitor_init(int threads)
{
	monitors.reset(new worker_monitor[threads]);
	monitor_count = threads;
}

void monitor_free()
{
	monitors.reset();
	monitor_count = 0;
}

void monitor_trigger(int thread, uint32_t source, uint32_t destination)
{
	worker_monitor &m = monitors[thread];
	m.source.store(source, std::memory_order_relaxed);
	m.destination.store(destination, std::memory_order_relaxed);
	// Only this worker writes its version, so a load and a store will do:
	// no read-modify-write on the hot path.
	m.version.store(m.version.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

void monitor_check()
{
	int stuck = 0;
	uint32_t source = 0, destination = 0;
	int version = 0;
	for (int i = 0; i < monitor_count; i++) {
		worker_monitor &m = monitors[i];
		int v = m.version.load(std::memory_order_acquire);
		if (v == m.check_version) {
			uint32_t dst = m.destination.load(std::memory_order_relaxed);
			if (dst) {
				context_endless(dst);
				stuck++;
				source = m.source.load(std::memory_order_relaxed);
				destination = dst;
				version = v;
				// lesson monitor.warn: skynet's text; the logger prints it...
				skynet_error(nullptr,
					"error: A message from [ :%08x ] to [ :%08x ] maybe in an endless loop (version = %d)",
					source, dst, v);
			}
		} else {
			m.check_version = v;
		}
	}
	// ...when a worker is free to run the logger. With every worker stuck
	// (always so with `thread = 1`) nobody is: write the last warning to the
	// log's output from here, or the log would never say why all stopped.
	if (stuck > 0 && stuck == monitor_count) {
		char text[160];
		snprintf(text, sizeof(text),
			"error: A message from [ :%08x ] to [ :%08x ] maybe in an endless loop (version = %d)"
			" (every worker is busy: written by the monitor)",
			source, destination, version);
		if (!logger_write_urgent(0, text))
			fprintf(stderr, "%s\n", text);
	}
}
