// handle: service addresses and names, behind one reader-writer lock.
//
// Lookups (every send) take the lock shared; only service creation, exit and
// naming take it exclusive, which are rare next to sends.
#include "kernel/handle.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "kernel/context.h"

static constexpr uint32_t HANDLE_MASK = 0xffffff;

struct handle_storage {
	std::shared_mutex lock;
	uint32_t harbor = 0;
	uint32_t next_index = 1;
	// Open addressing on the low bits of the index: slot = index & (size-1).
	// A new address skips indexes whose slot is taken, so which addresses a
	// program sees depends on the size: it starts at 4 and doubles, as skynet's.
	std::vector<skynet_context *> slot = std::vector<skynet_context *>(4, nullptr);
	std::map<std::string, uint32_t> names;
};

static handle_storage H;

void handle_init(int harbor)
{
	std::unique_lock g(H.lock);
	H.harbor = (uint32_t)(harbor & 0xff) << 24;
}

uint32_t handle_register(skynet_context *ctx)
{
	std::unique_lock g(H.lock);
	for (;;) {
		size_t size = H.slot.size();
		for (size_t i = 0; i < size; i++) {
			uint32_t index = (H.next_index + i) & HANDLE_MASK;
			if (index == 0)
				continue;
			size_t s = index & (size - 1);
			if (H.slot[s] == nullptr) {
				H.slot[s] = ctx;
				H.next_index = index + 1;
				context_set_handle(ctx, H.harbor | index);
				return H.harbor | index;
			}
		}
		// Full: double the table and rehash the live handles into it.
		std::vector<skynet_context *> bigger(size * 2, nullptr);
		for (auto *c : H.slot)
			bigger[context_handle(c) & (size * 2 - 1)] = c;
		H.slot.swap(bigger);
	}
}

skynet_context *handle_grab(uint32_t handle)
{
	std::shared_lock g(H.lock);
	skynet_context *c = H.slot[handle & (H.slot.size() - 1)];
	if (c && context_handle(c) == handle) {
		context_grab(c);
		return c;
	}
	return nullptr;
}

bool handle_push(uint32_t handle, skynet_message *msg)
{
	std::shared_lock g(H.lock);
	skynet_context *c = H.slot[handle & (H.slot.size() - 1)];
	if (c == nullptr || context_handle(c) != handle)
		return false;
	context_push_locked(c, msg);
	return true;
}

bool handle_retire(uint32_t handle)
{
	skynet_context *c = nullptr;
	{
		std::unique_lock g(H.lock);
		size_t s = handle & (H.slot.size() - 1);
		c = H.slot[s];
		if (c == nullptr || context_handle(c) != handle)
			return false;
		H.slot[s] = nullptr;
		for (auto it = H.names.begin(); it != H.names.end();) {
			if (it->second == handle)
				it = H.names.erase(it);
			else
				++it;
		}
	}
	context_mark_retired(c);
	// Released outside the lock: the last release runs the module's exit code,
	// which may itself look up handles.
	context_release(c);
	return true;
}

void handle_retireall(uint32_t keep)
{
	for (;;) {
		std::vector<uint32_t> live;
		{
			std::shared_lock g(H.lock);
			for (auto *c : H.slot)
				if (c && context_handle(c) != keep)
					live.push_back(context_handle(c));
		}
		if (live.empty())
			return;
		for (uint32_t h : live)
			handle_retire(h);
	}
}

uint32_t handle_findname(const char *name)
{
	std::shared_lock g(H.lock);
	auto it = H.names.find(name);
	return it == H.names.end() ? 0 : it->second;
}

bool handle_namehandle(uint32_t handle, const char *name)
{
	std::unique_lock g(H.lock);
	return H.names.emplace(name, handle).second;
}

uint32_t handle_from_string(const char *text)
{
	if (text == nullptr || text[0] == '\0')
		return 0;
	if (text[0] == ':') {
		// No service has an address past 32 bits: ":100000009" is none, not :9
		// (cut to 32 bits, a console's `kill :100000009` killed :9, as skynet's does)
		unsigned long long v = strtoull(text + 1, nullptr, 16);
		return v > UINT32_MAX ? 0 : uint32_t(v);
	}
	if (text[0] == '.')
		return handle_findname(text);
	char *end = nullptr;
	unsigned long v = strtoul(text, &end, 10);
	return (end && *end == '\0') ? (uint32_t)v : handle_findname(text);
}
