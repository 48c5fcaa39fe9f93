// memory_stats: how much memory each Lua service holds, for skynet.memory
// (the twin of the per-service counters in skynet's malloc_hook.c).
//
// Each snlua owns one memory_slot and updates it on every allocation of its Lua
// state; only the service's own worker allocates, so the counters are written by
// one thread at a time with relaxed stores (a plain move on x86, nothing shared
// with another service's slot). Readers (memory.info, memory.total) find the
// slots through a registry taken under a mutex, which a service leaves before
// its slot is freed.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

struct memory_slot {
	uint32_t handle = 0;
	std::atomic<size_t> bytes{0};
	std::atomic<size_t> blocks{0};
};

// Called by the allocator after a successful (re)allocation or a free:
// `bytes` is the state's new total; ptr/nsize say whether a block was born or died.
inline void memory_slot_record(memory_slot &slot, size_t bytes, const void *ptr, size_t nsize)
{
	slot.bytes.store(bytes, std::memory_order_relaxed);
	if (ptr == nullptr && nsize != 0)
		slot.blocks.store(slot.blocks.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
	else if (ptr != nullptr && nsize == 0)
		slot.blocks.store(slot.blocks.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}

void memory_stats_register(memory_slot *slot, uint32_t handle);
void memory_stats_unregister(memory_slot *slot);

struct memory_usage {
	uint32_t handle;
	size_t bytes;
	size_t blocks;
};

// Every registered service's counts, in no particular order.
std::vector<memory_usage> memory_stats_all();
// One service's bytes (0 when it is not a registered Lua service).
size_t memory_stats_of(uint32_t handle);
