// memory_stats: the registry of Lua services' memory counters (see memory_stats.h).
#include "lua/memory_stats.h"

#include <mutex>
#include <unordered_map>

namespace {

// A mutex, not a lock-free structure: it is taken twice per service life and by
// the rare memory.info call, never on an allocation.
std::mutex registry_lock;
std::unordered_map<uint32_t, const memory_slot *> &registry()
{
	static auto *slots = new std::unordered_map<uint32_t, const memory_slot *>;  // outlives every service
	return *slots;
}

}  // namespace

void memory_stats_register(memory_slot *slot, uint32_t handle)
{
	slot->handle = handle;
	std::lock_guard<std::mutex> guard(registry_lock);
	registry()[handle] = slot;
}

void memory_stats_unregister(memory_slot *slot)
{
	if (slot->handle == 0)
		return;
	std::lock_guard<std::mutex> guard(registry_lock);
	auto it = registry().find(slot->handle);
	if (it != registry().end() && it->second == slot)
		registry().erase(it);
}

std::vector<memory_usage> memory_stats_all()
{
	std::vector<memory_usage> all;
	std::lock_guard<std::mutex> guard(registry_lock);
	all.reserve(registry().size());
	for (const auto &[handle, slot] : registry())
		all.push_back({handle, slot->bytes.load(std::memory_order_relaxed),
		               slot->blocks.load(std::memory_order_relaxed)});
	return all;
}

size_t memory_stats_of(uint32_t handle)
{
	std::lock_guard<std::mutex> guard(registry_lock);
	auto it = registry().find(handle);
	return it == registry().end() ? 0 : it->second->bytes.load(std::memory_order_relaxed);
}
