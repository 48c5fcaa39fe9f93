// lua_socketdriver: the `skynet.socketdriver` binding, socket.lua's C side (lua-socket.c's twin).
// Commands that go to the socket thread (listen, connect, send, ...) with the
// calling service as the socket's owner, and the unpacking of socket messages.
// The read buffer that socket.lua keeps per socket is lua_socketbuffer.cpp.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kernel/skynet.h"
#include "lua/bindings.h"
#include "lua/lua_socketbuffer.h"
#include "net/skynet_socket.h"

static skynet_context *self_ctx(lua_State *L)
{
	return static_cast<skynet_context *>(lua_touserdata(L, lua_upvalueindex(1)));
}

// ---------------------------------------------------------------------------
// Messages

// unpack(msg, sz) -> type, id, ud, data [, udp address]
// data is a lightuserdata (DATA, UDP: the bytes, to be freed by the reader)
// or a string (the text of CONNECT, ACCEPT, ERROR).
static int lunpack(lua_State *L)
{
	const auto *m = static_cast<const skynet_socket_message *>(lua_touserdata(L, 1));
	lua_Integer size = luaL_checkinteger(L, 2);
	if (m == nullptr || size_t(size) < sizeof(*m))
		return luaL_error(L, "socketdriver.unpack: not a socket message (%d bytes)", int(size));
	lua_pushinteger(L, m->type);
	lua_pushinteger(L, m->id);
	lua_pushinteger(L, m->ud);
	if (m->buffer == nullptr)
		lua_pushlstring(L, reinterpret_cast<const char *>(m + 1), size_t(size) - sizeof(*m));
	else
		lua_pushlightuserdata(L, m->buffer);
	if (m->type == SKYNET_SOCKET_TYPE_UDP) {
		int addrsz = 0;
		const char *address = skynet_socket_udp_address(m, &addrsz);
		if (address) {
			lua_pushlstring(L, address, size_t(addrsz));
			return 5;
		}
	}
	return 4;
}

// ---------------------------------------------------------------------------
// Commands
//
// A Lua error unwinds with longjmp, past C++ destructors: no std::string may
// be alive when luaL_error (or a luaL_check*) runs in the functions below.

// An integer argument that must fit an int: a socket id, a backlog. Cut to an
// int, 2^32 + 5 named socket 5 and 2^31 a negative id that no reply could
// reach (socket.start then waited for ever; skynet's does).
static int check_int(lua_State *L, int index, const char *what)
{
	lua_Integer v = luaL_checkinteger(L, index);
	if (v < INT_MIN || v > INT_MAX)
		luaL_error(L, "%s %I out of range", what, v);
	return int(v);
}

// A port given as a number: from `lowest` (0 for a listener: the kernel
// picks one) to 65535. Passed on unchecked, 70000 bound port 4464 and
// 65536 + p reached port p (skynet's does the same).
static int check_port(lua_State *L, lua_Integer port, int lowest)
{
	if (port < lowest || port > 65535)
		luaL_error(L, "Invalid port %I (want %d to 65535)", port, lowest);
	return int(port);
}

// A port written in an address: digits only, up to 65535, or skynet's error.
static int parse_port(lua_State *L, const char *text, const char *address)
{
	errno = 0;
	char *end = nullptr;
	unsigned long port = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || port > 65535)
		luaL_error(L, "Invalid port in address %s.", address);
	return int(port);
}

// host, port from (host, port) or ("host:port", "[v6]:port"), into
// host[size], with skynet's errors: an address without a port is "Invalid
// address X.", a port that is not a number "Invalid port in address X.".
static void host_port(lua_State *L, int index, char *host, size_t size, int *port)
{
	const char *text = luaL_checkstring(L, index);
	if (!lua_isnoneornil(L, index + 1)) {
		*port = check_port(L, luaL_optinteger(L, index + 1, 0), 0);
		snprintf(host, size, "%s", text);
		return;
	}
	const char *start = text;
	const char *end;
	const char *colon;
	if (const char *open = strchr(text, '[')) { // [::1]:80
		start = open + 1;
		end = strchr(text, ']');
		if (end == nullptr)
			luaL_error(L, "Invalid address %s.", text);
		colon = strchr(end + 1, ':');
	} else {
		colon = strchr(text, ':');
		end = colon;
	}
	if (colon == nullptr)
		luaL_error(L, "Invalid address %s.", text);
	snprintf(host, size, "%.*s", int(end - start), start);
	*port = parse_port(L, colon + 1, text);
}

// connect(host, port) or connect("host:port") -> id; CONNECT or ERROR follows
static int lconnect(lua_State *L)
{
	char host[256];
	int port = 0;
	host_port(L, 1, host, sizeof(host), &port);
	if (port == 0)
		return luaL_error(L, "Invalid port"); // skynet's: no connect is tried
	if (strlen(host) > skynet_socket_host_max) // skynet's words (its socket thread logs them)
		return luaL_error(L, "Invalid addr %s.", host);
	int id = skynet_socket_connect(self_ctx(L), host, port);
	if (id < 0)
		return luaL_error(L, "connect %s:%d: no free socket", host, port);
	lua_pushinteger(L, id);
	return 1;
}

// listen(host, port [, backlog]) -> id; raises skynet's "Listen error" (the
// reason, "host:port: Address already in use", is not in skynet's words)
static int llisten(lua_State *L)
{
	const char *host = luaL_optstring(L, 1, "0.0.0.0");
	int port = check_port(L, luaL_checkinteger(L, 2), 0);
	int backlog = lua_isnoneornil(L, 3) ? 32 : check_int(L, 3, "listen backlog");
	int id;
	{
		std::string error;
		id = skynet_socket_listen(self_ctx(L), host, port, backlog, &error);
	}
	if (id < 0)
		return luaL_error(L, "Listen error");
	lua_pushinteger(L, id);
	return 1;
}

static int lclose(lua_State *L)
{
	skynet_socket_close(self_ctx(L), check_int(L, 1, "socket id"));
	return 0;
}

static int lshutdown(lua_State *L)
{
	skynet_socket_shutdown(self_ctx(L), check_int(L, 1, "socket id"));
	return 0;
}

// bind(fd) -> id: an fd the process already has (0: stdin) read as a socket.
static int lbind(lua_State *L)
{
	int fd = check_int(L, 1, "bind: fd");
	if (fd < 0)
		return luaL_error(L, "bind: invalid fd %d", fd);
	int id = skynet_socket_bind(self_ctx(L), fd);
	if (id < 0)
		return luaL_error(L, "bind: no free socket slot");
	lua_pushinteger(L, id);
	return 1;
}

static int lstart(lua_State *L)
{
	skynet_socket_start(self_ctx(L), check_int(L, 1, "socket id"));
	return 0;
}

static int lpause(lua_State *L)
{
	skynet_socket_pause(self_ctx(L), check_int(L, 1, "socket id"));
	return 0;
}

static int lnodelay(lua_State *L)
{
	skynet_socket_nodelay(self_ctx(L), check_int(L, 1, "socket id"));
	return 0;
}

// What send and friends accept: a string or a number (copied), a
// (lightuserdata, size) pair (handed over, as netpack.pack makes), or a table
// of strings (joined).
static void *send_body(lua_State *L, int index, size_t *sz)
{
	switch (lua_type(L, index)) {
	case LUA_TSTRING: {
		const char *s = lua_tolstring(L, index, sz);
		void *copy = malloc(*sz ? *sz : 1);
		memcpy(copy, s, *sz);
		return copy;
	}
	case LUA_TLIGHTUSERDATA: {
		lua_Integer n = luaL_checkinteger(L, index + 1);
		if (n < 0)
			luaL_error(L, "send: negative size %d", int(n));
		*sz = size_t(n);
		return lua_touserdata(L, index);
	}
	case LUA_TTABLE: {
		// As skynet's: the items up to the first nil, each a string or a
		// number (luaL_checklstring's words otherwise: "bad argument #-1 ...").
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		for (lua_Integer i = 1; lua_geti(L, index, i) != LUA_TNIL; i++) {
			luaL_checklstring(L, -1, nullptr); // (a number becomes its text in place)
			luaL_addvalue(&b);
		}
		lua_pop(L, 1);
		luaL_pushresult(&b);
		const char *s = lua_tolstring(L, -1, sz);
		void *copy = malloc(*sz ? *sz : 1);
		memcpy(copy, s, *sz);
		lua_pop(L, 1);
		return copy;
	}
	default: {
		// a number goes as its text; anything else is refused in
		// luaL_checklstring's words, as skynet's
		const char *s = luaL_checklstring(L, index, sz);
		void *copy = malloc(*sz ? *sz : 1);
		memcpy(copy, s, *sz);
		return copy;
	}
	}
}

// A send to an id no socket can have (past an int) goes nowhere, as to a
// closed socket: the body is freed and the send says false.
static bool fits_int(lua_Integer id, void *body)
{
	if (id >= INT_MIN && id <= INT_MAX)
		return true;
	free(body);
	return false;
}

// send(id, data [, sz]) -> true, or false when the socket is closed
static int lsend(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	size_t sz = 0;
	void *body = send_body(L, 2, &sz);
	if (!fits_int(id, body)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pushboolean(L, skynet_socket_send(self_ctx(L), int(id), body, int(sz)) == 0);
	return 1;
}

// lsend: the same, low priority (after any high-priority data not yet started)
static int llsend(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	size_t sz = 0;
	void *body = send_body(L, 2, &sz);
	if (!fits_int(id, body)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pushboolean(L, skynet_socket_send_lowpriority(self_ctx(L), int(id), body, int(sz)) == 0);
	return 1;
}

// The UDP calls take an address as (host, port) or as "host:port" / "[ip6]:port".

// udp([host, port]) -> id; bound when host or port is given
static int ludp(lua_State *L)
{
	char host[256] = "";
	int port = 0;
	if (!lua_isnoneornil(L, 1))
		host_port(L, 1, host, sizeof(host), &port);
	int id = skynet_socket_udp(self_ctx(L), host[0] ? host : nullptr, port);
	if (id < 0)
		return luaL_error(L, "udp %s:%d: cannot open", host, port);
	lua_pushinteger(L, id);
	return 1;
}

// udp_listen(host, port) -> id: bound to host:port (port 0 is an error, as skynet)
static int ludp_listen(lua_State *L)
{
	char host[256];
	int port = 0;
	host_port(L, 1, host, sizeof(host), &port);
	int id = port == 0 ? -1 : skynet_socket_udp(self_ctx(L), host, port);
	if (id < 0)
		return luaL_error(L, "udp listen host failed");
	lua_pushinteger(L, id);
	return 1;
}

// udp_dial(host, port) -> id: unbound, of host's family, sending to host:port
static int ludp_dial(lua_State *L)
{
	char host[256];
	int port = 0;
	host_port(L, 1, host, sizeof(host), &port);
	int id = skynet_socket_udp_dial(self_ctx(L), host, port);
	if (id < 0)
		return luaL_error(L, "udp dial host failed");
	lua_pushinteger(L, id);
	return 1;
}

// udp_connect(id, host, port): where sends without an address go
static int ludp_connect(lua_State *L)
{
	int id = check_int(L, 1, "socket id");
	char host[256];
	int port = 0;
	host_port(L, 2, host, sizeof(host), &port);
	if (skynet_socket_udp_connect(self_ctx(L), id, host, port) != 0)
		return luaL_error(L, "udp connect failed"); // skynet's words (the host did not resolve)
	return 0;
}

// info() -> { {id, address, type, read, write, ...}, ... }: skynet's netstat,
// newest socket first as skynet lists them (it builds its list by prepending).
static int linfo(lua_State *L)
{
	std::vector<socket_info> all = skynet_socket_info();
	std::reverse(all.begin(), all.end());
	lua_createtable(L, int(all.size()), 0);
	int n = 0;
	for (const socket_info &si : all) {
		lua_createtable(L, 0, 12);
		lua_pushinteger(L, si.id);
		lua_setfield(L, -2, "id");
		lua_pushinteger(L, si.opaque);
		lua_setfield(L, -2, "address");
		lua_pushstring(L, si.type);
		lua_setfield(L, -2, "type");
		bool listen = strcmp(si.type, "LISTEN") == 0;
		lua_pushinteger(L, lua_Integer(si.read));
		lua_setfield(L, -2, listen ? "accept" : "read");
		lua_pushinteger(L, lua_Integer(si.rtime));
		lua_setfield(L, -2, "rtime");
		if (!listen) {
			lua_pushinteger(L, lua_Integer(si.write));
			lua_setfield(L, -2, "write");
			lua_pushinteger(L, lua_Integer(si.wbuffer));
			lua_setfield(L, -2, "wbuffer");
			lua_pushinteger(L, lua_Integer(si.wtime));
			lua_setfield(L, -2, "wtime");
			lua_pushboolean(L, si.reading);
			lua_setfield(L, -2, "reading");
			lua_pushboolean(L, si.writing);
			lua_setfield(L, -2, "writing");
		}
		if (!si.name.empty()) {
			lua_pushlstring(L, si.name.data(), si.name.size());
			lua_setfield(L, -2, listen ? "sock" : "peer");
		}
		lua_seti(L, -2, ++n);
	}
	return 1;
}

// udp_send(id, address, data [, sz]) -> true/false; address as a UDP message gave it
static int ludp_send(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	size_t addrsz = 0;
	const char *address = luaL_checklstring(L, 2, &addrsz);
	size_t sz = 0;
	void *body = send_body(L, 3, &sz);
	if (!fits_int(id, body)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	int r = skynet_socket_udp_send(self_ctx(L), int(id), address, int(addrsz), body, int(sz));
	lua_pushboolean(L, r == 0);
	return 1;
}

// udp_address(address) -> ip, port
static int ludp_address(lua_State *L)
{
	size_t sz = 0;
	const char *address = luaL_checklstring(L, 1, &sz);
	bool ok;
	{
		std::string ip;
		int port = 0;
		ok = skynet_socket_udp_address_parts(address, int(sz), &ip, &port);
		if (ok) {
			lua_pushlstring(L, ip.data(), ip.size()); // (only out of memory could raise here)
			lua_pushinteger(L, port);
		}
	}
	if (!ok)
		return luaL_error(L, "Invalid udp address"); // skynet's words
	return 2;
}

// resolve(host) -> { address text, ... }: getaddrinfo, as skynet's (it blocks
// the service while the resolver works; skynet.dns is the non-blocking way).
// A failure raises gai_strerror's text alone.
static int lresolve(lua_State *L)
{
	const char *host = luaL_checkstring(L, 1);
	addrinfo hints;
	memset(&hints, 0, sizeof(hints));
	addrinfo *list = nullptr;
	int status = getaddrinfo(host, nullptr, &hints, &list);
	if (status != 0)
		return luaL_error(L, "%s", gai_strerror(status));
	lua_newtable(L);
	int n = 1;
	char text[128];
	for (addrinfo *ai = list; ai != nullptr; ai = ai->ai_next) {
		const void *where = ai->ai_family == AF_INET
			? static_cast<const void *>(&reinterpret_cast<sockaddr_in *>(ai->ai_addr)->sin_addr)
			: static_cast<const void *>(&reinterpret_cast<sockaddr_in6 *>(ai->ai_addr)->sin6_addr);
		if (inet_ntop(ai->ai_family, where, text, sizeof(text))) {
			lua_pushstring(L, text);
			lua_rawseti(L, -2, n++);
		}
	}
	freeaddrinfo(list);
	return 1;
}

// str2p(string) -> lightuserdata, size: a malloc'ed copy, for an API that
// takes a (pointer, size) body (socketdriver.send frees it).
static int lstr2p(lua_State *L)
{
	size_t sz = 0;
	const char *text = luaL_checklstring(L, 1, &sz);
	void *copy = malloc(sz);
	memcpy(copy, text, sz);
	lua_pushlightuserdata(L, copy);
	lua_pushinteger(L, lua_Integer(sz));
	return 2;
}

int luaopen_skynet_socketdriver(lua_State *L)
{
	luaL_checkversion(L);
	static const luaL_Reg with_ctx[] = {
		{"connect", lconnect},
		{"listen", llisten},
		{"close", lclose},
		{"shutdown", lshutdown},
		{"bind", lbind},
		{"start", lstart},
		{"pause", lpause},
		{"nodelay", lnodelay},
		{"send", lsend},
		{"lsend", llsend},
		{"udp", ludp},
		{"udp_connect", ludp_connect},
		{"udp_listen", ludp_listen},
		{"udp_dial", ludp_dial},
		{"info", linfo},
		{"udp_send", ludp_send},
		{nullptr, nullptr},
	};
	static const luaL_Reg plain[] = {
		{"unpack", lunpack},
		{"udp_address", ludp_address},
		{"resolve", lresolve},
		{"str2p", lstr2p},
		{nullptr, nullptr},
	};
	lua_createtable(L, 0, 24);
	lua_getfield(L, LUA_REGISTRYINDEX, "skynet_context");
	if (lua_touserdata(L, -1) == nullptr)
		return luaL_error(L, "skynet.socketdriver: no service context (require it from a snlua service)");
	luaL_setfuncs(L, with_ctx, 1);
	luaL_setfuncs(L, plain, 0);
	socketbuffer_setfuncs(L);
	return 1;
}
