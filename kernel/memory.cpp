// memory: gives memory back to the OS after large releases (a closed socket's unsent data, dead services).
#include "kernel/memory.h"

#include <malloc.h>

#include <atomic>

static std::atomic<size_t> released_since_trim{0};

void memory_released(size_t bytes)
{
	size_t before = released_since_trim.fetch_add(bytes, std::memory_order_relaxed);
	if (bytes < MEMORY_TRIM_ONE && before + bytes < MEMORY_TRIM_STEP)
		return;
	// One thread trims; the others go on. malloc_trim walks every arena (a
	// few ms at most), so it runs at most once per MiB freed.
	if (released_since_trim.exchange(0, std::memory_order_relaxed) >= MEMORY_TRIM_ONE)
		malloc_trim(0);
}
