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
};

// A private socket message type: the forward found a frame over the limit and
// hands the connection's error on to Lua (lfilter answers "error", fd, broken).
constexpr int NETPACK_TYPE_BROKEN = 0x100;

struct netpack_queue {
	netpack *np = nullptr;
	// fd -> agent: connections whose packets the worker forwards in C
	std::unordered_map<int, netpack_target> forward;
	std::string broken; // the reason NETPACK_TYPE_BROKEN carries
};

extern const char *const NETPACK_QUEUE_META;

// The queue at `index`, or null when it is not one (or was collected).
netpack_queue *netpack_queue_at(lua_State *L, int index);

// forward(queue, fd, agent, client) / forward(queue, fd): lua/netpack_forward.cpp.
int lnetpack_forward(lua_State *L);
