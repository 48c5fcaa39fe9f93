// monitor: notices a worker stuck in one dispatch and says which service it is.
#pragma once
#include <cstdint>

void monitor_init(int threads);
void monitor_free();
// Workers call this around each dispatch: (source, destination), then (0, 0).
void monitor_trigger(int thread, uint32_t source, uint32_t destination);
// The monitor thread calls this every interval; it logs endless dispatches.
void monitor_check();
// A worker calls this once as it starts: its thread CPU clock.
void monitor_worker_clock(int thread);
// The timer thread calls this once a tick: samples the CPU clock of workers
// in a new dispatch.
void monitor_sample_cpu();
// The worker `thread`, inside a dispatch that began at `start_wall`
// (context_profile_clock): the dispatch's CPU time so far, microseconds.
uint64_t monitor_dispatch_cpu(int thread, uint64_t start_wall);
