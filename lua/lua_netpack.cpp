// lua_netpack: the `skynet.netpack` binding over net/netpack (lua-netpack.c's twin).
// gateserver's unpack is `netpack.filter(queue, msg, sz)`: it turns one
// PTYPE_SOCKET message into what the gate should do about it, keeping the
// frames still being assembled in `queue` (a userdata, created on first use).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <new>

#include "lua/bindings.h"
#include "lua/netpack_queue.h"
#include "net/netpack.h"
#include "net/skynet_socket.h"

const char *const NETPACK_QUEUE_META = "skynet.netpack.queue";

netpack_queue *netpack_queue_at(lua_State *L, int index)
{
	auto *q = static_cast<netpack_queue *>(luaL_testudata(L, index, NETPACK_QUEUE_META));
	return q && q->np ? q : nullptr;
}

static int lqueue_gc(lua_State *L)
{
	auto *q = static_cast<netpack_queue *>(luaL_testudata(L, 1, NETPACK_QUEUE_META));
	if (q && q->np) {
		netpack_free(q->np);
		q->np = nullptr;
		q->~netpack_queue();
	}
	return 0;
}

static netpack *new_queue(lua_State *L, size_t limit)
{
	auto *q = new (lua_newuserdatauv(L, sizeof(netpack_queue), 0)) netpack_queue;
	q->np = netpack_new();
	netpack_set_limit(q->np, limit);
	if (luaL_newmetatable(L, NETPACK_QUEUE_META)) {
		lua_pushcfunction(L, lqueue_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return q->np;
}

// new([limit]) -> queue. A skyglass addition: a queue whose connections may
// not send a frame longer than `limit` bytes (see netpack_set_limit).
static int lnew(lua_State *L)
{
	lua_Integer limit = luaL_optinteger(L, 1, 0);
	new_queue(L, limit > 0 ? size_t(limit) : 0);
	return 1;
}

// filter(queue, msg, sz) -> queue [, kind, ...]
//   "data", fd, msg, sz   one whole packet (msg is malloc'd: the taker frees it)
//   "more"                several: take them with pop
//   "open", fd, addr      a connection was accepted (fd is the new socket)
//   "init", fd, addr, port  the listen socket is ready
//   "close", fd           the peer closed
//   "error", fd, text     a socket error, or a frame over the queue's limit
//   "warning", fd, kib    unsent bytes passed a threshold (0: drained)
// With nothing to report (half a packet came), only the queue is returned.
static int lfilter(lua_State *L)
{
	netpack *np = nullptr; // made by the first data, as skynet's: other kinds return the nil given
	netpack_queue *queue = nullptr;
	if (!lua_isnoneornil(L, 1)) {
		queue = netpack_queue_at(L, 1);
		if (queue == nullptr)
			return luaL_error(L, "netpack.filter: argument 1 is not a netpack queue");
		np = queue->np;
	}
	const auto *m = static_cast<const skynet_socket_message *>(lua_touserdata(L, 2));
	lua_Integer size = luaL_checkinteger(L, 3);
	if (m == nullptr || size_t(size) < sizeof(*m))
		return luaL_error(L, "netpack.filter: not a socket message");
	const char *text = reinterpret_cast<const char *>(m + 1);
	size_t text_size = size_t(size) - sizeof(*m);
	lua_settop(L, 1);

	switch (m->type) {
	case SKYNET_SOCKET_TYPE_DATA: {
		if (np == nullptr) {
			np = new_queue(L, 0);
			lua_replace(L, 1);
		}
		netpack_packet one{};
		char reason[160];
		netpack_status st;
		{ // no std::string may outlive this block: a Lua error would skip its destructor
			std::string error;
			st = netpack_feed(np, m->id, m->buffer, size_t(m->ud), &one, &error);
			if (st == NETPACK_ERROR)
				snprintf(reason, sizeof(reason), "%s", error.c_str());
		}
		free(m->buffer); // netpack copied what it needs
		switch (st) {
		case NETPACK_NONE:
			return 1;
		case NETPACK_DATA:
			lua_pushliteral(L, "data");
			lua_pushinteger(L, one.id);
			lua_pushlightuserdata(L, one.data);
			lua_pushinteger(L, one.size);
			return 5;
		case NETPACK_MORE:
			lua_pushliteral(L, "more");
			return 2;
		case NETPACK_ERROR:
			lua_pushliteral(L, "error");
			lua_pushinteger(L, m->id);
			lua_pushstring(L, reason);
			return 4;
		}
		return 1;
	}
	case SKYNET_SOCKET_TYPE_CONNECT:
		lua_pushliteral(L, "init");
		lua_pushinteger(L, m->id);
		lua_pushlstring(L, text, text_size);
		lua_pushinteger(L, m->ud);
		return 5;
	case SKYNET_SOCKET_TYPE_ACCEPT:
		lua_pushliteral(L, "open");
		lua_pushinteger(L, m->ud); // the new connection, not the listener
		lua_pushlstring(L, text, text_size);
		return 4;
	case SKYNET_SOCKET_TYPE_CLOSE:
		if (np)
			netpack_close(np, m->id);
		if (queue)
			queue->forward.erase(m->id);
		lua_pushliteral(L, "close");
		lua_pushinteger(L, m->id);
		return 3;
	case SKYNET_SOCKET_TYPE_ERROR:
		if (np)
			netpack_close(np, m->id);
		if (queue)
			queue->forward.erase(m->id);
		lua_pushliteral(L, "error");
		lua_pushinteger(L, m->id);
		lua_pushlstring(L, text, text_size);
		return 4;
	case SKYNET_SOCKET_TYPE_WARNING:
		lua_pushliteral(L, "warning");
		lua_pushinteger(L, m->id);
		lua_pushinteger(L, m->ud);
		return 4;
	case NETPACK_TYPE_BROKEN: // the forward's bad frame (lua/netpack_forward.cpp)
		lua_pushliteral(L, "error");
		lua_pushinteger(L, m->id);
		if (queue)
			lua_pushlstring(L, queue->broken.data(), queue->broken.size());
		else
			lua_pushliteral(L, "");
		return 4;
	default: // UDP has no frames
		free(m->buffer);
		return 1;
	}
}

// pop(queue) -> fd, msg, sz of the oldest queued packet, or nothing.
// Works as an iterator: `for fd, msg, sz in netpack.pop, queue do ... end`.
static int lpop(lua_State *L)
{
	netpack_queue *q = netpack_queue_at(L, 1);
	netpack_packet p;
	if (q == nullptr || !netpack_pop(q->np, &p))
		return 0;
	lua_pushinteger(L, p.id);
	lua_pushlightuserdata(L, p.data);
	lua_pushinteger(L, p.size);
	return 3;
}

// pack(string) or pack(msg, sz) -> msg, sz: a malloc'd frame, header first,
// ready for socketdriver.send. The input is copied, not freed.
static int lpack(lua_State *L)
{
	const void *data;
	size_t size;
	if (lua_type(L, 1) == LUA_TLIGHTUSERDATA) {
		data = lua_touserdata(L, 1);
		size = size_t(luaL_checkinteger(L, 2));
	} else {
		data = luaL_checklstring(L, 1, &size);
	}
	size_t framed = 0;
	char *frame = netpack_pack(data, size, &framed);
	if (frame == nullptr)
		return luaL_error(L, "Invalid size (too long) of data : %d", int(size)); // skynet's words
	lua_pushlightuserdata(L, frame);
	lua_pushinteger(L, lua_Integer(framed));
	return 2;
}

// tostring(msg, sz) -> the bytes as a string; msg is freed.
static int ltostring(lua_State *L)
{
	void *msg = lua_touserdata(L, 1);
	lua_Integer size = luaL_checkinteger(L, 2);
	if (msg == nullptr) {
		lua_pushliteral(L, "");
		return 1;
	}
	lua_pushlstring(L, static_cast<const char *>(msg), size_t(size));
	free(msg);
	return 1;
}

// clear(queue): drop every queued packet and half-assembled frame.
static int lclear(lua_State *L)
{
	if (netpack_queue *q = netpack_queue_at(L, 1))
		netpack_clear(q->np);
	return 0;
}

int luaopen_skynet_netpack(lua_State *L)
{
	luaL_checkversion(L);
	static const luaL_Reg funcs[] = {
		{"new", lnew},
		{"filter", lfilter},
		{"pop", lpop},
		{"pack", lpack},
		{"tostring", ltostring},
		{"clear", lclear},
		{"forward", lnetpack_forward},
		{nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	return 1;
}
