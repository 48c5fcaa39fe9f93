// netpack_queue: the userdata behind skynet.netpack's queue (lua/lua_netpack.cpp),
// shared with the gate's C forward (lua/netpack_forward.cpp).
#pragma once
#include <lua.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>

struct netpack;

// Where a forwarded connection's packets go: as skynet.redirect(agent, client,
// "client", fd, msg, sz) would send them.
struct netpack_target {
	uint32_t agent;
	uint32_t client;
	uint32_t maxqueue;      // the agent's queue length that closes the connection (0: none)
	uint32_t unchecked = 0; // packets since the agent's queue was last looked at
};

// A private socket message type: the forward found a frame over the limit (or
// an agent too far behind) and hands the connection's error on to Lua (lfilter answers "error", fd, broken).
constexpr int NETPACK_TYPE_BROKEN = 0x100;

struct netpack_queue {
	netpack *np = nullptr;
	// fd -> agent: connections whose packets the worker forwards in C
	std::unordered_map<int, netpack_target> forward;
	std::string broken; // the reason NETPACK_TYPE_BROKEN carries
	// fds whose agent fell too far behind: their data is freed unread until
	// their CLOSE, rather than cut into packets that nobody takes
	std::unordered_map<int, uint64_t> discard; // fd -> bytes dropped
};

extern const char *const NETPACK_QUEUE_META;

// The queue at `index`, or null when it is not one (or was collected).
netpack_queue *netpack_queue_at(lua_State *L, int index);

// forward(queue, fd, agent, client) / forward(queue, fd): lua/netpack_forward.cpp.
int lnetpack_forward(lua_State *L);
