// netpack_forward: the gate's packets go from the socket message to the agent in C,
// without entering the gate's Lua (what skynet's C gate, service_gate.c, does).
//
// gateserver.forward(fd, agent, client) (lua/lualib/snax/gateserver.lua) calls
// netpack.forward(queue, fd, agent, client): from then on each DATA message of
// fd is cut into frames by netpack on the worker that dispatches the gate, and
// each whole packet is sent to `agent` as PTYPE_CLIENT from `client` with
// session fd, the buffer changing hands: exactly what the gate's Lua handler
// did with skynet.redirect. The trace is the same (the gate's msg.begin, the
// netpack event, one msg.push per packet, msg.end), less the gate's task
// coroutine, which no longer runs. Everything else (open, close, error,
// warning, a connection not forwarded, a bad frame) still goes to Lua.
//
// What it buys: the gate's Lua entry, task coroutine, filter call, handler and
// redirect per packet: gate echo 29,698 -> 15,190 instructions per message
// (callgrind), -15% server CPU under perf (docs/benchmarks.md, "gate
// forward"; the agents' cold Lua states and the kernel are the rest). What it costs: a hash lookup per
// socket message of a gate, and a connection's packets bypass handler.message
// once forwarded (gateserver's own `forward`, a skyglass addition; a gate that
// wants every packet in Lua does not call it).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/skynet.h"
#include "lua/bindings.h"
#include "lua/netpack_queue.h"
#include "net/netpack.h"
#include "net/skynet_socket.h"

static std::string hex8(uint32_t handle)
{
	char text[16];
	snprintf(text, sizeof(text), "%08x", handle);
	return text;
}

// lesson gate.redirect: the packet's buffer changes hands, no copy; the
// message's session carries fd, so the agent knows the client.
static void redirect(skynet_context *ctx, const netpack_target &to, const netpack_packet &p)
{
	skynet_send(ctx, to.client, to.agent, PTYPE_CLIENT | PTYPE_TAG_DONTCOPY, p.id, p.data, size_t(p.size));
}

// A client may send faster than its agent answers: the gate reads it whatever
// the agent's pace, and 20 MiB of empty packets queued 10 million messages for
// the agent (1.3 GB, a new client waiting 20 s). So after every 1,024 packets
// of a connection the gate looks at its agent's queue, and past this many
// waiting messages (the gate's conf.maxqueue) closes the connection as a broken
// one (skynet's gate forwards without limit). Costs a handle lookup per 1,024 packets.
constexpr size_t AGENT_QUEUE_LIMIT = 100000;
constexpr uint32_t PACKETS_PER_CHECK = 1024;

// -> the length of the agent's queue when it is past AGENT_QUEUE_LIMIT, else 0.
static size_t agent_overloaded(netpack_target &to, uint32_t packets)
{
	to.unchecked += packets;
	if (to.unchecked < PACKETS_PER_CHECK || to.maxqueue == 0)
		return 0;
	to.unchecked = 0;
	skynet_context *agent = handle_grab(to.agent);
	if (agent == nullptr)
		return 0;
	size_t queued = context_mqlen(agent);
	context_release(agent);
	return queued > to.maxqueue ? queued : 0;
}

static bool forward_hook(void *ud, skynet_context *ctx, skynet_socket_message *m, size_t)
{
	auto *q = static_cast<netpack_queue *>(ud);
	if (!q->discard.empty()) {
		auto d = q->discard.find(m->id);
		if (d != q->discard.end()) {
			if (m->type != SKYNET_SOCKET_TYPE_DATA) {
				q->discard.erase(d); // CLOSE or ERROR: Lua hears of it as usual
				return false;
			}
			d->second += m->ud;
			free(m->buffer);
			m->buffer = nullptr;
			return true;
		}
	}
	if (m->type != SKYNET_SOCKET_TYPE_DATA || q->np == nullptr || q->forward.empty())
		return false;
	auto it = q->forward.find(m->id);
	// Packets the Lua side has still queued (another connection's, taken
	// while its handler was blocked) go first, in Lua: keep their order.
	if (it == q->forward.end() || netpack_queued(q->np) != 0)
		return false;
	netpack_target &to = it->second;
	netpack_packet one{};
	std::string error;
	netpack_status st = netpack_feed(q->np, m->id, m->buffer, size_t(m->ud), &one, &error);
	free(m->buffer); // netpack copied what it needs
	m->buffer = nullptr;
	uint32_t packets = 0;
	switch (st) {
	case NETPACK_NONE:
		return true;
	case NETPACK_DATA:
		redirect(ctx, to, one);
		packets = 1;
		break;
	case NETPACK_MORE:
		while (netpack_pop(q->np, &one)) {
			redirect(ctx, to, one);
			packets++;
		}
		break;
	case NETPACK_ERROR:
		break;
	}
	if (st != NETPACK_ERROR) {
		size_t queued = agent_overloaded(to, packets);
		if (queued == 0)
			return true;
		error = "its agent :" + hex8(to.agent) + " has " + std::to_string(queued) + " messages queued, more than " +
			std::to_string(to.maxqueue);
		q->discard[m->id] = 0;
	}
	// Lua hears of it as netpack.filter's "error", fd, reason.
	q->forward.erase(m->id);
	q->broken = error;
	m->type = NETPACK_TYPE_BROKEN;
	return false;
}

// forward(queue, fd, agent, client [, maxqueue]): fd's packets go to agent in C
// (above); maxqueue: the agent's queue length that closes fd (0: no limit).
// forward(queue, fd): back to Lua (netpack.filter's "data"/"more").
// A skyglass addition, for gateserver.forward.
int lnetpack_forward(lua_State *L)
{
	netpack_queue *q = netpack_queue_at(L, 1);
	if (q == nullptr)
		return luaL_error(L, "netpack.forward: argument 1 is not a netpack queue");
	int fd = int(luaL_checkinteger(L, 2));
	if (lua_isnoneornil(L, 3)) {
		q->forward.erase(fd);
		return 0;
	}
	lua_Integer maxqueue = luaL_optinteger(L, 5, lua_Integer(AGENT_QUEUE_LIMIT));
	luaL_argcheck(L, maxqueue >= 0 && maxqueue <= UINT32_MAX, 5, "maxqueue: want 0 (no limit) to 4294967295");
	netpack_target to{uint32_t(luaL_checkinteger(L, 3)), uint32_t(luaL_optinteger(L, 4, 0)), uint32_t(maxqueue)};
	q->forward[fd] = to;
	// The hook points into the queue: the registry keeps the queue alive.
	lua_pushvalue(L, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, (void *)lnetpack_forward);
	skyglass_socket_hook(L, forward_hook, q);
	return 0;
}
