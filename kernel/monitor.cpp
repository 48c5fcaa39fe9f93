// monitor: a version counter per worker; if it has not moved since the last
// check and the worker is inside a dispatch, that dispatch is stuck.
#include "kernel/monitor.h"

#include <atomic>
#include <memory>

#include "kernel/context.h"
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
	for (int i = 0; i < monitor_count; i++) {
		worker_monitor &m = monitors[i];
		int v = m.version.load(std::memory_order_acquire);
		if (v == m.check_version) {
			uint32_t dst = m.destination.load(std::memory_order_relaxed);
			if (dst) {
				context_endless(dst);
				skynet_error(nullptr,
					"A message from [ :%08x ] to [ :%08x ] maybe in an endless loop (version = %d)",
					m.source.load(std::memory_order_relaxed), dst, v);
			}
		} else {
			m.check_version = v;
		}
	}
}
