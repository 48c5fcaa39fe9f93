// monitor: a version counter per worker; if it has not moved since the last
// check and the worker is inside a dispatch, that dispatch is stuck.
#include "kernel/monitor.h"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <memory>
#include <pthread.h>

#include "kernel/context.h"
#include "kernel/logger.h"
#include "kernel/skynet.h"

struct alignas(64) worker_monitor {
	std::atomic<int> version{0};
	int check_version = 0;
	std::atomic<uint32_t> source{0};
	std::atomic<uint32_t> destination{0};
	// The dispatch clock (see monitor_sample_cpu): this worker's thread CPU
	// clock, and one sample of it taken by the timer thread during the
	// dispatch numbered sample_version.
	clockid_t cpu_clock{};
	std::atomic<bool> has_clock{false};
	std::atomic<int> sample_version{-1};
	std::atomic<uint64_t> sample_cpu{0};  // the thread's CPU clock then, us
	std::atomic<uint64_t> sample_wall{0}; // context_profile_clock() then, us
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

static uint64_t clock_us(clockid_t clock)
{
	timespec ts;
	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void monitor_worker_clock(int thread)
{
	worker_monitor &m = monitors[thread];
	if (pthread_getcpuclockid(pthread_self(), &m.cpu_clock) == 0)
		m.has_clock.store(true, std::memory_order_release);
}

// skynet's stat "time" is the thread CPU time of the current dispatch; it
// reads the thread CPU clock at every dispatch's start, a system call per
// message on Linux (see context.cpp). Instead the timer thread, once a tick,
// reads the CPU clock of each worker that started a new dispatch since its
// last look. A dispatch older than a tick then has a CPU reading taken inside
// it, and its CPU time is the wall time up to that sample plus the CPU time
// after it: exact but for preemption within its first tick.
void monitor_sample_cpu()
{
	for (int i = 0; i < monitor_count; i++) {
		worker_monitor &m = monitors[i];
		if (!m.has_clock.load(std::memory_order_acquire))
			continue;
		int v = m.version.load(std::memory_order_acquire);
		if (v == m.sample_version.load(std::memory_order_relaxed) ||
			m.destination.load(std::memory_order_relaxed) == 0)
			continue;
		uint64_t wall = context_profile_clock();
		uint64_t cpu = clock_us(m.cpu_clock);
		// Publish only if the same dispatch still runs: the sample must
		// have been taken inside it.
		if (m.version.load(std::memory_order_acquire) != v)
			continue;
		m.sample_version.store(-1, std::memory_order_release);
		m.sample_cpu.store(cpu, std::memory_order_relaxed);
		m.sample_wall.store(wall, std::memory_order_relaxed);
		m.sample_version.store(v, std::memory_order_release);
	}
}

uint64_t monitor_dispatch_cpu(int thread, uint64_t start_wall)
{
	uint64_t now = context_profile_clock();
	uint64_t wall = now > start_wall ? now - start_wall : 0;
	if (thread < 0 || thread >= monitor_count)
		return wall;
	worker_monitor &m = monitors[thread];
	// Called by the worker itself inside the dispatch, so its version is
	// stable; the timer thread writes a sample only for a newer version.
	int v = m.version.load(std::memory_order_relaxed);
	if (m.sample_version.load(std::memory_order_acquire) != v)
		return wall; // younger than a tick: its wall time stands for CPU
	uint64_t sample_wall = m.sample_wall.load(std::memory_order_relaxed);
	uint64_t sample_cpu = m.sample_cpu.load(std::memory_order_relaxed);
	uint64_t cpu = clock_us(m.cpu_clock);
	uint64_t before = sample_wall > start_wall ? sample_wall - start_wall : 0;
	return before + (cpu > sample_cpu ? cpu - sample_cpu : 0);
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
