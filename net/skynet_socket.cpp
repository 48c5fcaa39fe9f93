// skynet_socket: socket events become PTYPE_SOCKET messages (skynet_socket.c's twin).
// One socket server serves the whole runtime. The socket thread turns each of
// its events into a message for the socket's owner; services reach it only
// through the commands below, which carry their handle as the owner.
#include "net/skynet_socket.h"

#include <cinttypes>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "net/socket_server.h"

// Error and address texts longer than this are cut, as skynet's are.
constexpr size_t SOCKET_TEXT_MAX = 128;

static socket_server *SOCKET_SERVER = nullptr;

void skynet_socket_init() { SOCKET_SERVER = socket_server_create(); }

void skynet_socket_exit() { socket_server_exit(SOCKET_SERVER); }

void skynet_socket_free()
{
	if (SOCKET_SERVER == nullptr)
		return;
	socket_server_release(SOCKET_SERVER);
	SOCKET_SERVER = nullptr;
}

// lesson net.fwd: one socket event becomes one message in the owner's queue.
// Data events hand their malloc'd bytes on (no copy); the others copy their
// text in after the struct, so nothing points into the socket server.
static void forward_message(int type, bool with_text, socket_message *result)
{
	size_t text_size = 0;
	if (with_text && result->data)
		text_size = strnlen(result->data, SOCKET_TEXT_MAX);
	size_t size = sizeof(skynet_socket_message) + text_size;
	auto *sm = static_cast<skynet_socket_message *>(malloc(size));
	sm->type = type;
	sm->id = result->id;
	sm->ud = result->ud;
	if (with_text) {
		sm->buffer = nullptr;
		memcpy(sm + 1, result->data ? result->data : "", text_size);
	} else {
		sm->buffer = result->data;
	}

	skynet_message msg{};
	msg.source = 0;
	msg.session = 0;
	msg.type = PTYPE_SOCKET;
	msg.data = sm;
	msg.size = size;
	if (trace_enabled()) {
		// The id is chosen here so that sock.fwd and the kernel's msg.push name
		// the same message: push keeps an id that is already set.
		msg.id = trace_next_id();
		bool has_bytes = type == SKYNET_SOCKET_TYPE_DATA || type == SKYNET_SOCKET_TYPE_UDP;
		trace_sock_fwd(result->id, type, result->opaque, msg.id, has_bytes ? size_t(result->ud) : 0);
	}
	if (skynet_context_push(result->opaque, &msg) != 0) {
		// The owner is gone: nobody will free the bytes but us.
		free(sm->buffer);
		free(sm);
	}
}

// A UDP socket is read as fast as datagrams come, whatever its owner's pace: 64
// KiB datagrams flooding a service that takes 2 ms each grew the process by 70
// MB a second without end (attack round 4; skynet's alike). UDP may lose
// datagrams, and the kernel drops them itself once a socket's buffer (~200 KiB)
// is full; so past UDP_QUEUE_HIGH messages waiting in the owner's queue the
// socket thread drops datagrams, until the queue is down to UDP_QUEUE_LOW (two
// log lines a spell, not one per datagram). Costs a handle lookup per datagram.
constexpr size_t UDP_QUEUE_HIGH = 1024;
constexpr size_t UDP_QUEUE_LOW = 512;

// socket id -> datagrams dropped in its current spell; the socket thread's alone.
static std::unordered_map<int, uint64_t> udp_dropping;

// The trace shows each dropped datagram as a msg.drop to its owner.
static void trace_udp_drop(const socket_message *result)
{
	if (trace_enabled())
		trace_msg_drop(0, 0, result->opaque, 0, PTYPE_SOCKET, trace_schema::drop_reason::owner_behind);
}

static bool udp_drop(const socket_message *result)
{
	skynet_context *owner_ctx = handle_grab(result->opaque);
	if (owner_ctx == nullptr)
		return false; // forward_message frees it
	size_t queued = context_mqlen(owner_ctx);
	context_release(owner_ctx);
	auto spell = udp_dropping.find(result->id);
	if (spell == udp_dropping.end()) {
		if (queued <= UDP_QUEUE_HIGH)
			return false;
		skynet_error(nullptr, "socket: udp %d: its owner :%08x has %zu messages queued, more than %zu: dropping datagrams",
			result->id, result->opaque, queued, UDP_QUEUE_HIGH);
		udp_dropping.emplace(result->id, 1);
		trace_udp_drop(result);
		return true;
	}
	if (queued > UDP_QUEUE_LOW) {
		++spell->second;
		trace_udp_drop(result);
		return true;
	}
	skynet_error(nullptr, "socket: udp %d: %" PRIu64 " datagrams dropped while its owner :%08x was behind",
		result->id, spell->second, result->opaque);
	udp_dropping.erase(spell);
	return false;
}

int skynet_socket_poll()
{
	socket_message result;
	int type = socket_server_poll(SOCKET_SERVER, &result);
	switch (type) {
	case SOCKET_EXIT:
		return 0;
	case SOCKET_DATA:
		forward_message(SKYNET_SOCKET_TYPE_DATA, false, &result);
		break;
	case SOCKET_CLOSE:
		if (!udp_dropping.empty())
			udp_dropping.erase(result.id);
		forward_message(SKYNET_SOCKET_TYPE_CLOSE, false, &result);
		break;
	case SOCKET_OPEN:
		forward_message(SKYNET_SOCKET_TYPE_CONNECT, true, &result);
		break;
	case SOCKET_ERR:
		forward_message(SKYNET_SOCKET_TYPE_ERROR, true, &result);
		break;
	case SOCKET_ACCEPT:
		forward_message(SKYNET_SOCKET_TYPE_ACCEPT, true, &result);
		break;
	case SOCKET_UDP:
		if (udp_drop(&result))
			free(result.data);
		else
			forward_message(SKYNET_SOCKET_TYPE_UDP, false, &result);
		break;
	case SOCKET_WARNING:
		forward_message(SKYNET_SOCKET_TYPE_WARNING, false, &result);
		break;
	default:
		skynet_error(nullptr, "socket: unknown event type %d", type);
		break;
	}
	return 1;
}

static uint32_t owner(skynet_context *ctx) { return ctx ? skynet_context_handle(ctx) : 0; }

int skynet_socket_listen(skynet_context *ctx, const char *host, int port, int backlog,
	std::string *error)
{
	return socket_server_listen(SOCKET_SERVER, owner(ctx), host, port, backlog, error);
}

static_assert(skynet_socket_host_max == socket_connect_host_max, "one limit for host names");

int skynet_socket_connect(skynet_context *ctx, const char *host, int port)
{
	return socket_server_connect(SOCKET_SERVER, owner(ctx), host, port);
}

int skynet_socket_send(skynet_context *ctx, int id, void *buffer, int sz)
{
	return socket_server_send(SOCKET_SERVER, id, buffer, size_t(sz));
}

int skynet_socket_send_lowpriority(skynet_context *ctx, int id, void *buffer, int sz)
{
	return socket_server_send_lowpriority(SOCKET_SERVER, id, buffer, size_t(sz));
}

void skynet_socket_start(skynet_context *ctx, int id)
{
	socket_server_start(SOCKET_SERVER, owner(ctx), id);
}

void skynet_socket_pause(skynet_context *ctx, int id)
{
	socket_server_pause(SOCKET_SERVER, owner(ctx), id);
}

void skynet_socket_close(skynet_context *ctx, int id)
{
	socket_server_close(SOCKET_SERVER, owner(ctx), id);
}

void skynet_socket_shutdown(skynet_context *ctx, int id)
{
	socket_server_shutdown(SOCKET_SERVER, owner(ctx), id);
}

void skynet_socket_nodelay(skynet_context *ctx, int id) { socket_server_nodelay(SOCKET_SERVER, id); }

int skynet_socket_bind(skynet_context *ctx, int fd)
{
	return socket_server_bind(SOCKET_SERVER, owner(ctx), fd);
}

int skynet_socket_udp(skynet_context *ctx, const char *host, int port)
{
	return socket_server_udp(SOCKET_SERVER, owner(ctx), host, port);
}

int skynet_socket_udp_dial(skynet_context *ctx, const char *host, int port)
{
	return socket_server_udp_dial(SOCKET_SERVER, owner(ctx), host, port);
}

std::vector<socket_info> skynet_socket_info() { return socket_server_info(SOCKET_SERVER); }

int skynet_socket_udp_connect(skynet_context *ctx, int id, const char *host, int port)
{
	return socket_server_udp_connect(SOCKET_SERVER, id, host, port);
}

int skynet_socket_udp_send(skynet_context *ctx, int id, const char *address, int address_size,
	void *buffer, int sz)
{
	const auto *compact = reinterpret_cast<const uint8_t *>(address);
	if (compact && !(address_size == 7 || address_size == 19)) {
		free(buffer);
		return -1;
	}
	return socket_server_udp_send(SOCKET_SERVER, id, compact, buffer, size_t(sz));
}

const char *skynet_socket_udp_address(const skynet_socket_message *msg, int *addrsz)
{
	if (msg->type != SKYNET_SOCKET_TYPE_UDP)
		return nullptr;
	socket_message m{msg->id, 0, msg->ud, msg->buffer};
	return reinterpret_cast<const char *>(socket_server_udp_address(SOCKET_UDP, &m, addrsz));
}

bool skynet_socket_udp_address_parts(const char *address, int addrsz, std::string *ip, int *port)
{
	return socket_udp_address_parts(reinterpret_cast<const uint8_t *>(address), addrsz, ip, port);
}
