// socket_server: the epoll loop and the commands that drive it (socket_server.c's twin).
// Who touches what, and a socket's life in slot states: socket_server_internal.h.
#include "net/socket_server_internal.h"

#include "kernel/memory.h"

namespace socket_internal {

// The socket thread: take every queued command at once. False when there are none.
bool take_commands(socket_server *ss)
{
	command_queue &q = ss->commands;
	bool was_full;
	{
		std::lock_guard g(q.lock);
		if (q.queued.empty())
			return false;
		was_full = q.queued.size() >= MAX_QUEUED_COMMANDS;
		q.taken.clear();
		q.taken.swap(q.queued);
	}
	q.taken_pos = 0;
	if (was_full)
		q.space.notify_all();
	return true;
}

// The next command taken, or false when all have run.
bool read_command(socket_server *ss, command *type, cmd_body *body)
{
	command_queue &q = ss->commands;
	if (q.taken_pos >= q.taken.size())
		return false;
	const uint8_t *p = q.taken.data() + q.taken_pos;
	*type = command(p[0]);
	memcpy(body, p + 2, p[1]);
	q.taken_pos += 2 + size_t(p[1]);
	return true;
}

// --- slot life ---

bool epoll_watch(socket_server *ss, socket_slot *s, bool add)
{
	uint32_t want = 0;
	if (s->reading && !s->read_closed && !s->closing)
		want |= EPOLLIN;
	// Writable means: queued bytes can go, or a connect in progress has ended.
	if (!s->high.empty() || !s->low.empty() ||
		s->state.load(std::memory_order_relaxed) == slot_state::connecting)
		want |= EPOLLOUT;
	// A socket that reads nothing (not started yet, or paused) would not
	// notice that its peer has closed: EPOLLRDHUP tells us of the FIN without
	// reading. See peer_closed_early in socket_server_read.cpp.
	slot_state st = s->state.load(std::memory_order_relaxed);
	if ((st == slot_state::accepted_paused || st == slot_state::connected) && !s->reading &&
		s->watch_peer_close && !s->read_closed && !s->closing)
		want |= EPOLLRDHUP;
	if (!add && want == s->epoll_mask)
		return true;
	epoll_event ev{};
	ev.events = want;
	ev.data.ptr = s;
	if (epoll_ctl(ss->epoll_fd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, s->fd, &ev) != 0)
		return false;
	s->epoll_mask = want;
	return true;
}

void free_write_list(write_list &list)
{
	while (!list.empty()) {
		write_buffer *wb = list.pop();
		free(wb->block);
		delete wb;
	}
}

// Close the fd, drop what was queued and give the slot back. Events of this
// batch that still point at the slot are forgotten: the slot may be reused
// before we reach them.
void force_close(socket_server *ss, socket_slot *s)
{
	if (s->fd >= 0) {
		epoll_ctl(ss->epoll_fd, EPOLL_CTL_DEL, s->fd, nullptr);
		close(s->fd);
	}
	free_write_list(s->high);
	free_write_list(s->low);
	if (s->unsent > 0)
		memory_released(s->unsent); // a client that never read may have held MiBs
	for (int i = ss->ready_index; i < ss->ready_n; i++)
		if (ss->ready[i].s == s)
			ss->ready[i].s = nullptr;
	s->fd = -1;
	s->opaque = 0;
	s->family = 0;
	s->reading = s->read_closed = s->closing = false;
	s->watch_peer_close = true;
	s->epoll_mask = 0;
	s->unsent = 0;
	s->warn_at = SOCKET_WARNING_SIZE;
	s->warned = false;
	s->read_size = MIN_READ_BUFFER;
	s->peer_size = 0;
	s->state.store(slot_state::free, std::memory_order_release);
}

// Fill an event about socket s. `text` (may be null) is copied into ss->text.
int report(socket_server *ss, socket_message *result, int type, socket_slot *s, int ud,
	const char *text)
{
	result->id = s->id.load(std::memory_order_relaxed);
	result->opaque = s->opaque;
	result->ud = ud;
	if (text) {
		snprintf(ss->text, sizeof(ss->text), "%s", text);
		result->data = ss->text;
	} else {
		result->data = nullptr;
	}
	return type;
}

// Close and report an error, unless the owner already heard the socket end.
int close_with_error(socket_server *ss, socket_slot *s, socket_message *result, const char *what,
	int err)
{
	bool told = s->read_closed || s->closing;
	char text[200];
	snprintf(text, sizeof(text), "%s: %s", what, strerror(err));
	int type = told ? -1 : report(ss, result, SOCKET_ERR, s, 0, text);
	force_close(ss, s);
	return type;
}

} // namespace socket_internal

using namespace socket_internal;

// --- the public API ---

socket_server *socket_server_create()
{
	socket_server *ss = new socket_server;
	ss->slots = new socket_slot[MAX_SOCKET];
	ss->udp_buffer = static_cast<char *>(malloc(MAX_UDP_PACKAGE));
	int fds[2];
	ss->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	// The doorbell's read end is non-blocking so that emptying it stops at EAGAIN.
	if (ss->epoll_fd < 0 || pipe2(fds, O_CLOEXEC) != 0 ||
		fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0) {
		fprintf(stderr, "socket_server: cannot create epoll or pipe: %s\n", strerror(errno));
		abort();
	}
	ss->commands.bell_read = fds[0];
	ss->commands.bell_write = fds[1];
	epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.ptr = nullptr;
	epoll_ctl(ss->epoll_fd, EPOLL_CTL_ADD, ss->commands.bell_read, &ev);
	ss->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return ss;
}

void socket_server_release(socket_server *ss)
{
	// Commands not run yet may own buffers or fds.
	command type;
	cmd_body body;
	while (read_command(ss, &type, &body) || (take_commands(ss) && read_command(ss, &type, &body))) {
		if (type == command::send || type == command::send_low)
			free(body.send.buffer);
		else if (type == command::listen || type == command::udp_open)
			close(body.open_fd.fd);
	}
	ss->ready_n = ss->ready_index = 0;
	for (int i = 0; i < MAX_SOCKET; i++) {
		socket_slot *s = &ss->slots[i];
		if (s->state.load(std::memory_order_relaxed) != slot_state::free)
			force_close(ss, s);
	}
	close(ss->commands.bell_read);
	close(ss->commands.bell_write);
	close(ss->epoll_fd);
	if (ss->reserve_fd >= 0)
		close(ss->reserve_fd);
	free(ss->udp_buffer);
	delete[] ss->slots;
	delete ss;
}

int socket_server_poll(socket_server *ss, socket_message *result)
{
	for (;;) {
		int type = poll_step(ss, result);
		if (type < 0)
			continue;
		if (trace_enabled() && type != SOCKET_EXIT) {
			size_t bytes = type == SOCKET_DATA || type == SOCKET_UDP ? size_t(result->ud)
				: type == SOCKET_WARNING                           ? size_t(result->ud) * 1024
																   : 0;
			trace_sock_poll(result->id, event_kind(ss, type), bytes);
		}
		return type;
	}
}

void socket_server_exit(socket_server *ss) { send_command(ss, command::exit, cmd_socket{0, 0}); }

int socket_server_listen(socket_server *ss, uint32_t opaque, const char *host, int port,
	int backlog, std::string *error)
{
	std::string why;
	int family = 0;
	int fd = open_bound(host, port, SOCK_STREAM, backlog, &family, &why);
	int id = fd < 0 ? -1 : reserve_id(ss);
	if (fd >= 0 && id < 0) {
		close(fd);
		why = "no free socket slot";
	}
	if (id < 0) {
		if (error) {
			char text[300];
			snprintf(text, sizeof(text), "Listen error: %s:%d: %s",
				host && host[0] ? host : "0.0.0.0", port, why.c_str());
			*error = text;
		}
		return -1;
	}
	send_command(ss, command::listen, cmd_open_fd{id, fd, opaque, family});
	return id;
}

int socket_server_bind(socket_server *ss, uint32_t opaque, int fd)
{
	int id = reserve_id(ss);
	if (id < 0)
		return -1;
	send_command(ss, command::bind, cmd_open_fd{id, fd, opaque, AF_UNSPEC});
	return id;
}

int socket_server_connect(socket_server *ss, uint32_t opaque, const char *host, int port)
{
	cmd_connect cmd{};
	if (host == nullptr || strlen(host) >= sizeof(cmd.host))
		return -1;
	int id = reserve_id(ss);
	if (id < 0)
		return -1;
	cmd.id = id;
	cmd.opaque = opaque;
	cmd.port = port;
	snprintf(cmd.host, sizeof(cmd.host), "%s", host);
	send_command(ss, command::connect, cmd);
	return id;
}

void socket_server_start(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::start, cmd_socket{id, opaque});
}

void socket_server_pause(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::pause, cmd_socket{id, opaque});
}

void socket_server_close(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::close, cmd_socket{id, opaque});
}

void socket_server_shutdown(socket_server *ss, uint32_t opaque, int id)
{
	send_command(ss, command::shutdown, cmd_socket{id, opaque});
}

void socket_server_nodelay(socket_server *ss, int id)
{
	send_command(ss, command::nodelay, cmd_socket{id, 0});
}

static int send_buffer(socket_server *ss, int id, void *buffer, size_t sz, bool low,
	const uint8_t *address, int address_size)
{
	// An early refusal for a socket that is already gone, so that the caller
	// learns it now; the socket thread checks again, as it may close meanwhile.
	if (live_slot(ss, id) == nullptr) {
		free(buffer);
		return -1;
	}
	cmd_send cmd{};
	cmd.id = id;
	cmd.low = low;
	cmd.buffer = static_cast<char *>(buffer);
	cmd.size = sz;
	cmd.address_size = address_size;
	if (address_size > 0)
		memcpy(cmd.address, address, size_t(address_size));
	send_command(ss, low ? command::send_low : command::send, cmd);
	return 0;
}

int socket_server_send(socket_server *ss, int id, void *buffer, size_t sz)
{
	return send_buffer(ss, id, buffer, sz, false, nullptr, 0);
}

int socket_server_send_lowpriority(socket_server *ss, int id, void *buffer, size_t sz)
{
	return send_buffer(ss, id, buffer, sz, true, nullptr, 0);
}

int socket_server_udp(socket_server *ss, uint32_t opaque, const char *host, int port)
{
	int family = AF_INET;
	int fd;
	if ((host == nullptr || host[0] == 0) && port == 0) {
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	} else {
		fd = open_bound(host, port, SOCK_DGRAM, 0, &family, nullptr);
	}
	if (fd < 0)
		return -1;
	int id = reserve_id(ss);
	if (id < 0) {
		close(fd);
		return -1;
	}
	send_command(ss, command::udp_open, cmd_open_fd{id, fd, opaque, family});
	return id;
}

int socket_server_udp_connect(socket_server *ss, int id, const char *host, int port)
{
	cmd_udp_peer cmd{};
	cmd.id = id;
	cmd.address_size = socket_udp_address_from_host(host, port, cmd.address);
	if (cmd.address_size < 0)
		return -1;
	send_command(ss, command::udp_peer, cmd);
	return 0;
}

int socket_server_udp_send(socket_server *ss, int id, const uint8_t *address, void *buffer,
	size_t sz)
{
	int address_size = 0;
	if (address) {
		address_size = address[0] == 4 ? 7 : address[0] == 6 ? 19 : -1;
		if (address_size < 0) {
			free(buffer);
			return -1;
		}
	}
	return send_buffer(ss, id, buffer, sz, false, address, address_size);
}

const uint8_t *socket_server_udp_address(int type, const socket_message *m, int *addrsz)
{
	if (type != SOCKET_UDP || m->data == nullptr)
		return nullptr;
	const uint8_t *address = reinterpret_cast<const uint8_t *>(m->data) + m->ud;
	int size = address[0] == 4 ? 7 : address[0] == 6 ? 19 : 0;
	if (size == 0)
		return nullptr;
	if (addrsz)
		*addrsz = size;
	return address;
}

bool socket_udp_address_parts(const uint8_t *address, int addrsz, std::string *ip, int *port)
{
	sockaddr_storage sa;
	socklen_t len;
	if (address == nullptr || !sockaddr_from_compact(address, addrsz, &sa, &len))
		return false;
	char text[INET6_ADDRSTRLEN];
	if (ip)
		*ip = ip_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	if (port)
		*port = port_of(reinterpret_cast<sockaddr *>(&sa));
	return true;
}

std::string socket_udp_address_to_text(const uint8_t *address, int addrsz)
{
	sockaddr_storage sa;
	socklen_t len;
	if (address == nullptr || !sockaddr_from_compact(address, addrsz, &sa, &len))
		return "";
	char text[INET6_ADDRSTRLEN + 8];
	address_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	return text;
}

int socket_udp_address_from_host(const char *host, int port, uint8_t out[SOCKET_UDP_ADDRESS_MAX])
{
	addrinfo *list = nullptr;
	if (host == nullptr || resolve(host, port, SOCK_DGRAM, false, &list) != 0)
		return -1;
	int size = compact_from_sockaddr(list->ai_addr, out);
	freeaddrinfo(list);
	return size;
}
