// socket_server_command: the socket thread runs the commands that other threads queued (listen, connect, start, close...).
#include "net/socket_server_internal.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace socket_internal {

static int run_listen(socket_server *ss, const cmd_listen &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss->slots, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = uint8_t(cmd.family);
	s->state.store(slot_state::listen_paused, std::memory_order_release);
	if (!slot_watch(ss, s, true))
		return slot_close_with_error(ss, s, result, errno);
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	if (getsockname(cmd.fd, reinterpret_cast<sockaddr *>(&sa), &len) != 0)
		return slot_close_with_error(ss, s, result, errno);
	char ip[INET6_ADDRSTRLEN];
	address_ip_text(reinterpret_cast<sockaddr *>(&sa), ip, sizeof(ip));
	return slot_report(ss, result, SOCKET_OPEN, s, address_port(reinterpret_cast<sockaddr *>(&sa)), ip);
}

static int connected_now(socket_server *ss, socket_slot *s, socket_message *result)
{
	s->state.store(slot_state::connected, std::memory_order_release);
	s->reading = true;
	slot_watch(ss, s, false);
	sockaddr_storage sa;
	socklen_t len;
	char ip[INET6_ADDRSTRLEN] = "";
	int port = 0;
	if (address_from_compact(s->peer, s->peer_size, &sa, &len)) {
		address_ip_text(reinterpret_cast<sockaddr *>(&sa), ip, sizeof(ip));
		port = address_port(reinterpret_cast<sockaddr *>(&sa));
	}
	ss->open_kind = trace_schema::poll_kind::connect;
	return slot_report(ss, result, SOCKET_OPEN, s, port, ip);
}

static int run_connect(socket_server *ss, const cmd_connect &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss->slots, cmd.id);
	s->opaque = cmd.opaque;
	addrinfo *list = nullptr;
	int gai = address_resolve(cmd.host.c_str(), cmd.port, SOCK_STREAM, false, &list);
	if (gai != 0) {
		slot_report(ss, result, SOCKET_ERR, s, 0, gai_strerror(gai)); // skynet's text too
		slot_force_close(ss, s);
		return SOCKET_ERR;
	}
	int err = 0;
	for (addrinfo *ai = list; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		int on = 1;
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
		s->peer_size = uint8_t(address_to_compact(ai->ai_addr, s->peer));
		int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (r != 0 && errno != EINPROGRESS) {
			err = errno;
			close(fd);
			continue;
		}
		s->fd = fd;
		s->family = uint8_t(ai->ai_family);
		freeaddrinfo(list);
		if (r == 0) {
			if (!slot_watch(ss, s, true))
				return slot_close_with_error(ss, s, result, errno);
			return connected_now(ss, s, result);
		}
		// In progress: writability (or an error) will tell.
		s->state.store(slot_state::connecting, std::memory_order_release);
		if (!slot_watch(ss, s, true))
			return slot_close_with_error(ss, s, result, errno);
		return -1;
	}
	freeaddrinfo(list);
	return slot_close_with_error(ss, s, result, err); // "Connection refused", as skynet
}

int control_finish_connect(socket_server *ss, socket_slot *s, socket_message *result)
{
	int err = 0;
	socklen_t len = sizeof(err);
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err != 0)
		return slot_close_with_error(ss, s, result, err); // "Connection refused", as skynet
	return connected_now(ss, s, result);
}

static int run_start(socket_server *ss, const cmd_start &cmd, socket_message *result)
{
	socket_slot *s = slot_live(ss->slots, cmd.id);
	if (!s) {
		result->id = cmd.id;
		result->opaque = cmd.opaque;
		result->ud = 0;
		// skynet's words: socket.start of a stale id returns nil, "invalid socket"
		snprintf(ss->text, sizeof(ss->text), "invalid socket");
		result->data = ss->text;
		return SOCKET_ERR;
	}
	s->opaque = cmd.opaque;
	const char *how = "start";
	switch (s->state.load(std::memory_order_relaxed)) {
	case slot_state::accepted_paused:
		s->state.store(slot_state::connected, std::memory_order_release);
		break;
	case slot_state::listen_paused:
		s->state.store(slot_state::listening, std::memory_order_release);
		break;
	case slot_state::connected:
		how = "transfer"; // already running: a new owner, or a resume after pause
		break;
	default:
		return -1; // connecting, udp: nothing to start
	}
	s->reading = true;
	if (!slot_watch(ss, s, false))
		return slot_close_with_error(ss, s, result, errno);
	return slot_report(ss, result, SOCKET_OPEN, s, 0, how);
}

static void run_pause(socket_server *ss, const cmd_pause &cmd)
{
	socket_slot *s = slot_live(ss->slots, cmd.id);
	if (!s)
		return;
	slot_state st = s->state.load(std::memory_order_relaxed);
	if (st == slot_state::connected || st == slot_state::listening) {
		s->reading = false;
		slot_watch(ss, s, false);
	}
}

static int run_close(socket_server *ss, const cmd_close &cmd, socket_message *result)
{
	socket_slot *s = slot_live(ss->slots, cmd.id);
	if (!s || s->state.load(std::memory_order_relaxed) == slot_state::reserved)
		return -1;
	bool told = s->read_closed; // the peer's close was reported already
	bool pending = !s->high.empty() || !s->low.empty();
	// Only a connected TCP socket can flush; anything else (a connect still in
	// progress, a listener, UDP) closes at once.
	slot_state st = s->state.load(std::memory_order_relaxed);
	bool can_flush = st == slot_state::connected || st == slot_state::accepted_paused;
	if (cmd.now || !pending || !can_flush || s->failed) { // failed: the writes will never go
		int type = told ? -1 : slot_report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		slot_force_close(ss, s);
		return type;
	}
	if (s->closing)
		return -1;
	// Stop reading now; the fd closes when the last queued byte is sent.
	s->closing = true;
	s->read_closed = true;
	slot_watch(ss, s, false);
	return told ? -1 : slot_report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
}

static void run_nodelay(socket_server *ss, const cmd_nodelay &cmd)
{
	socket_slot *s = slot_live(ss->slots, cmd.id);
	if (s && s->fd >= 0 && s->state.load(std::memory_order_relaxed) != slot_state::udp) {
		int on = 1;
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	}
}

static void run_udp_open(socket_server *ss, const cmd_udp_open &cmd)
{
	socket_slot *s = slot_of(ss->slots, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = uint8_t(cmd.family);
	s->reading = true;
	s->state.store(slot_state::udp, std::memory_order_release);
	if (!slot_watch(ss, s, true)) {
		fprintf(stderr, "socket_server: udp socket %d: epoll: %s\n", cmd.id, strerror(errno));
		slot_force_close(ss, s);
	}
}

// The fd is not ours to create (stdin, say), so it may be blocking: the socket
// thread must never block on it, hence O_NONBLOCK. It reads at once, as
// skynet's bound sockets do; there is no peer to wait for.
static int run_bind(socket_server *ss, const cmd_bind &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss->slots, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = AF_UNSPEC;
	s->bound = true;
	s->reading = true;
	s->state.store(slot_state::connected, std::memory_order_release);
	int flags = fcntl(cmd.fd, F_GETFL, 0);
	if (flags < 0 || fcntl(cmd.fd, F_SETFL, flags | O_NONBLOCK) != 0)
		return slot_close_with_error(ss, s, result, errno);
	if (!slot_watch(ss, s, true))
		return slot_close_with_error(ss, s, result, errno);
	return slot_report(ss, result, SOCKET_OPEN, s, 0, "bind");
}

static void run_udp_peer(socket_server *ss, const cmd_udp_peer &cmd)
{
	socket_slot *s = slot_live(ss->slots, cmd.id);
	if (s && s->state.load(std::memory_order_relaxed) == slot_state::udp) {
		s->peer_size = uint8_t(cmd.address_size);
		memcpy(s->peer, cmd.address, size_t(cmd.address_size));
	}
}

// netstat: what each open slot is, in skynet's words.
static socket_info slot_info(socket_slot *s)
{
	slot_writer_guard g(s); // a caller's direct write counts its bytes under it
	socket_info info{};
	info.id = s->id.load(std::memory_order_relaxed);
	info.opaque = s->opaque;
	info.read = s->read_bytes;
	info.write = s->write_bytes;
	info.wbuffer = s->unsent;
	info.rtime = s->rtime;
	info.wtime = s->wtime;
	info.reading = s->reading && !s->read_closed;
	info.writing = s->has_writes();
	slot_state st = s->state.load(std::memory_order_relaxed);
	bool listener = st == slot_state::listen_paused || st == slot_state::listening;
	info.type = listener ? "LISTEN"
		: st == slot_state::udp ? "UDP"
		: s->closing ? "CLOSING"
		: s->bound ? "BIND"
		: "TCP";
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	char text[INET6_ADDRSTRLEN + 8] = "";
	if (st == slot_state::udp) {
		if (address_from_compact(s->peer, s->peer_size, &sa, &len))
			address_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	} else if (!s->bound && s->fd >= 0 &&
		(listener ? getsockname(s->fd, reinterpret_cast<sockaddr *>(&sa), &len)
				  : getpeername(s->fd, reinterpret_cast<sockaddr *>(&sa), &len)) == 0) {
		address_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	}
	info.name = text;
	return info;
}

static void run_info(socket_server *ss, const cmd_info &cmd)
{
	std::vector<socket_info> all;
	for (int i = 0; i < MAX_SOCKET; i++) {
		socket_slot *s = &ss->slots.slots[i];
		// As skynet's: a socket is listed once it is started or connected; a
		// listener or an accepted socket before start, and a connect in
		// progress, are not (skynet's PLISTEN, PACCEPT, CONNECTING).
		slot_state st = s->state.load(std::memory_order_relaxed);
		if ((st == slot_state::listening || st == slot_state::connected || st == slot_state::udp) && s->fd >= 0)
			all.push_back(slot_info(s));
	}
	cmd.reply->set_value(std::move(all));
}

// Run one command. Returns the event it produced, or -1.
int control_run(socket_server *ss, socket_command &command, socket_message *result)
{
	struct runner {
		socket_server *ss;
		socket_message *result;
		int operator()(const cmd_listen &c) { return run_listen(ss, c, result); }
		int operator()(const cmd_bind &c) { return run_bind(ss, c, result); }
		int operator()(const cmd_udp_open &c) { run_udp_open(ss, c); return -1; }
		int operator()(const cmd_connect &c) { return run_connect(ss, c, result); }
		int operator()(const cmd_start &c) { return run_start(ss, c, result); }
		int operator()(const cmd_pause &c) { run_pause(ss, c); return -1; }
		int operator()(const cmd_close &c)
		{
			int type = run_close(ss, c, result);
			write_command_done(ss, c.id);
			return type;
		}
		int operator()(const cmd_nodelay &c) { run_nodelay(ss, c); return -1; }
		int operator()(cmd_send &c)
		{
			int type = write_send(ss, c, result);
			write_command_done(ss, c.id);
			return type;
		}
		int operator()(const cmd_udp_peer &c) { run_udp_peer(ss, c); return -1; }
		int operator()(const cmd_info &c) { run_info(ss, c); return -1; }
		int operator()(const cmd_exit &)
		{
			*result = socket_message{0, 0, 0, nullptr};
			return SOCKET_EXIT;
		}
	};
	return std::visit(runner{ss, result}, command);
}

} // namespace socket_internal
