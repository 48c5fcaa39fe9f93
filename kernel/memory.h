// memory: gives memory back to the OS after large releases (a closed socket's unsent data, dead services).
#pragma once
#include <cstddef>

// Say that `bytes` were just freed. malloc keeps freed memory for reuse, and
// in the middle of its heaps it never returns it: a burst of services or a
// client that never read could leave hundreds of MiB resident for good. Once
// MEMORY_TRIM_STEP bytes have been freed since the last time, or one release
// was MEMORY_TRIM_ONE or more, trim the heaps.
// The step is 32 MiB, not 8: a trim hands the freed pages back (madvise, a
// TLB flush) and the next services fault them in again; with ~100 KiB per
// dead service, 8 MiB meant a trim every ~80 kills and ~10% of a service's
// create+kill CPU (docs/benchmarks.md). The cost: up to 32 MiB of freed
// memory may stay resident until the next trim.
void memory_released(size_t bytes);

constexpr size_t MEMORY_TRIM_STEP = 32u << 20;
constexpr size_t MEMORY_TRIM_ONE = 1u << 20;
