// memory: gives memory back to the OS after large releases (a closed socket's unsent data, dead services).
#pragma once
#include <cstddef>

// Say that `bytes` were just freed. malloc keeps freed memory for reuse, and
// in the middle of its heaps it never returns it: a burst of services or a
// client that never read could leave hundreds of MiB resident for good. Once
// MEMORY_TRIM_STEP bytes have been freed since the last time, or one release
// was MEMORY_TRIM_ONE or more, trim the heaps.
void memory_released(size_t bytes);

constexpr size_t MEMORY_TRIM_STEP = 8u << 20;
constexpr size_t MEMORY_TRIM_ONE = 1u << 20;
