// socket_server_command: the socket thread runs the commands that other threads queued (listen, connect, start, close...).
#include "net/socket_server_internal.h"

using namespace socket_internal;

namespace socket_internal {

// --- the other commands ---

int run_listen(socket_server *ss, const cmd_open_fd &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = cmd.family;
	s->state.store(slot_state::listen_paused, std::memory_order_release);
	if (!epoll_watch(ss, s, true))
		return close_with_error(ss, s, result, "listen: epoll", errno);
	sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	if (getsockname(cmd.fd, reinterpret_cast<sockaddr *>(&sa), &len) != 0)
		return close_with_error(ss, s, result, "listen: getsockname", errno);
	char ip[INET6_ADDRSTRLEN];
	ip_text(reinterpret_cast<sockaddr *>(&sa), ip, sizeof(ip));
	return report(ss, result, SOCKET_OPEN, s, port_of(reinterpret_cast<sockaddr *>(&sa)), ip);
}

int connected_now(socket_server *ss, socket_slot *s, socket_message *result)
{
	s->state.store(slot_state::connected, std::memory_order_release);
	s->reading = true;
	epoll_watch(ss, s, false);
	sockaddr_storage sa;
	socklen_t len;
	char ip[INET6_ADDRSTRLEN] = "";
	int port = 0;
	if (sockaddr_from_compact(s->peer, s->peer_size, &sa, &len)) {
		ip_text(reinterpret_cast<sockaddr *>(&sa), ip, sizeof(ip));
		port = port_of(reinterpret_cast<sockaddr *>(&sa));
	}
	ss->open_kind = trace_schema::poll_kind::connect;
	return report(ss, result, SOCKET_OPEN, s, port, ip);
}

// The connect's error text names where it tried to go.
int connect_failed(socket_server *ss, socket_slot *s, socket_message *result, int err)
{
	char what[96] = "connect";
	std::string where = socket_udp_address_to_text(s->peer, s->peer_size);
	if (!where.empty())
		snprintf(what, sizeof(what), "connect %s", where.c_str());
	return close_with_error(ss, s, result, what, err);
}

int run_connect(socket_server *ss, const cmd_connect &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->opaque = cmd.opaque;
	addrinfo *list = nullptr;
	int gai = resolve(cmd.host, cmd.port, SOCK_STREAM, false, &list);
	if (gai != 0) {
		char text[200];
		snprintf(text, sizeof(text), "connect %s:%d: %s", cmd.host, cmd.port, gai_strerror(gai));
		report(ss, result, SOCKET_ERR, s, 0, text);
		force_close(ss, s);
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
		s->peer_size = compact_from_sockaddr(ai->ai_addr, s->peer);
		int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (r != 0 && errno != EINPROGRESS) {
			err = errno;
			close(fd);
			continue;
		}
		s->fd = fd;
		s->family = ai->ai_family;
		freeaddrinfo(list);
		if (r == 0) {
			if (!epoll_watch(ss, s, true))
				return close_with_error(ss, s, result, "connect: epoll", errno);
			return connected_now(ss, s, result);
		}
		// In progress: writability (or an error) will tell.
		s->state.store(slot_state::connecting, std::memory_order_release);
		if (!epoll_watch(ss, s, true))
			return close_with_error(ss, s, result, "connect: epoll", errno);
		return -1;
	}
	freeaddrinfo(list);
	return connect_failed(ss, s, result, err);
}

int finish_connect(socket_server *ss, socket_slot *s, socket_message *result)
{
	int err = 0;
	socklen_t len = sizeof(err);
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err != 0)
		return connect_failed(ss, s, result, err);
	return connected_now(ss, s, result);
}

int run_start(socket_server *ss, const cmd_socket &cmd, socket_message *result)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (!s) {
		result->id = cmd.id;
		result->opaque = cmd.opaque;
		result->ud = 0;
		snprintf(ss->text, sizeof(ss->text), "start: socket %d is not open", cmd.id);
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
	if (!epoll_watch(ss, s, false))
		return close_with_error(ss, s, result, "start: epoll", errno);
	return report(ss, result, SOCKET_OPEN, s, 0, how);
}

void run_pause(socket_server *ss, const cmd_socket &cmd)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (!s)
		return;
	slot_state st = s->state.load(std::memory_order_relaxed);
	if (st == slot_state::connected || st == slot_state::listening) {
		s->reading = false;
		epoll_watch(ss, s, false);
	}
}

int run_close(socket_server *ss, const cmd_socket &cmd, bool now, socket_message *result)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (!s || s->state.load(std::memory_order_relaxed) == slot_state::reserved)
		return -1;
	bool told = s->read_closed; // the peer's close was reported already
	bool pending = !s->high.empty() || !s->low.empty();
	// Only a connected TCP socket can flush; anything else (a connect still in
	// progress, a listener, UDP) closes at once.
	slot_state st = s->state.load(std::memory_order_relaxed);
	bool can_flush = st == slot_state::connected || st == slot_state::accepted_paused;
	if (now || !pending || !can_flush) {
		int type = told ? -1 : report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
		force_close(ss, s);
		return type;
	}
	if (s->closing)
		return -1;
	// Stop reading now; the fd closes when the last queued byte is sent.
	s->closing = true;
	s->read_closed = true;
	epoll_watch(ss, s, false);
	return told ? -1 : report(ss, result, SOCKET_CLOSE, s, 0, nullptr);
}

void run_nodelay(socket_server *ss, const cmd_socket &cmd)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (s && s->fd >= 0 && s->state.load(std::memory_order_relaxed) != slot_state::udp) {
		int on = 1;
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	}
}

void run_udp_open(socket_server *ss, const cmd_open_fd &cmd)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = cmd.family;
	s->reading = true;
	s->state.store(slot_state::udp, std::memory_order_release);
	if (!epoll_watch(ss, s, true)) {
		fprintf(stderr, "socket_server: udp socket %d: epoll: %s\n", cmd.id, strerror(errno));
		force_close(ss, s);
	}
}

// The fd is not ours to create (stdin, say), so it may be blocking: the socket
// thread must never block on it, hence O_NONBLOCK. It reads at once, as
// skynet's bound sockets do; there is no peer to wait for.
int run_bind(socket_server *ss, const cmd_open_fd &cmd, socket_message *result)
{
	socket_slot *s = slot_of(ss, cmd.id);
	s->fd = cmd.fd;
	s->opaque = cmd.opaque;
	s->family = cmd.family;
	s->reading = true;
	s->state.store(slot_state::connected, std::memory_order_release);
	int flags = fcntl(cmd.fd, F_GETFL, 0);
	if (flags < 0 || fcntl(cmd.fd, F_SETFL, flags | O_NONBLOCK) != 0)
		return close_with_error(ss, s, result, "bind: fcntl", errno);
	if (!epoll_watch(ss, s, true))
		return close_with_error(ss, s, result, "bind: epoll", errno);
	return report(ss, result, SOCKET_OPEN, s, 0, "bind");
}

void run_udp_peer(socket_server *ss, const cmd_udp_peer &cmd)
{
	socket_slot *s = live_slot(ss, cmd.id);
	if (s && s->state.load(std::memory_order_relaxed) == slot_state::udp) {
		s->peer_size = cmd.address_size;
		memcpy(s->peer, cmd.address, size_t(cmd.address_size));
	}
}

// Run one command. Returns the event it produced, or -1.
int run_command(socket_server *ss, command type, cmd_body &body, socket_message *result)
{
	switch (type) {
	case command::listen: return run_listen(ss, body.open_fd, result);
	case command::connect: return run_connect(ss, body.connect, result);
	case command::start: return run_start(ss, body.socket, result);
	case command::pause: run_pause(ss, body.socket); return -1;
	case command::close: return run_close(ss, body.socket, false, result);
	case command::shutdown: return run_close(ss, body.socket, true, result);
	case command::nodelay: run_nodelay(ss, body.socket); return -1;
	case command::send:
	case command::send_low: return run_send(ss, body.send, result);
	case command::udp_open: run_udp_open(ss, body.open_fd); return -1;
	case command::udp_peer: run_udp_peer(ss, body.udp_peer); return -1;
	case command::bind: return run_bind(ss, body.open_fd, result);
	case command::exit:
		result->id = 0;
		result->opaque = 0;
		result->ud = 0;
		result->data = nullptr;
		return SOCKET_EXIT;
	}
	fprintf(stderr, "socket_server: unknown command %d\n", int(type));
	return -1;
}


} // namespace socket_internal
