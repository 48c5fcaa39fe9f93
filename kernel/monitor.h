// monitor: notices a worker stuck in one dispatch and says which service it is.
#pragma once
#include <cstdint>

void monitor_init(int threads);
void monitor_free();
// Workers call this around each dispatch: (source, destination), then (0, 0).
void monitor_trigger(int thread, uint32_t source, uint32_t destination);
// The monitor thread calls this every interval; it logs endless dispatches.
void monitor_check();
