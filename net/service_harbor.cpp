// service_harbor: the C++ service that carries messages between nodes over one TCP connection per peer harbor.
//
// skynet's service_harbor.c, without its name table: global names live in the
// kernel's name registry, which cslave fills, so every message here already
// has an address. The bytes on the wire are skynet's (net/harbor_frame.h).
#include "net/service_harbor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <set>

#include "kernel/context.h"
#include "kernel/handle.h"
#include "kernel/harbor.h"
#include "kernel/skynet.h"
#include "kernel/trace.h"
#include "net/harbor_frame.h"
#include "net/skynet_socket.h"

namespace {

// A message for a harbor whose connection is not ready yet.
struct pending {
	harbor_header header;
	void *msg;
	size_t sz;
};

struct peer {
	enum status { waiting, handshake, connected, down };
	status at = waiting;
	int fd = -1;                  // socket id (-1: none yet)
	std::deque<pending> queue;    // sent before the connection was ready
	harbor_frame_reader reader;
};

struct harbor {
	skynet_context *ctx = nullptr;
	int id = 0;
	uint32_t slave = 0;           // cdummy or cslave, told of peers that go away
	peer peers[HARBOR_REMOTE_MAX];
	std::set<int> closed_here;    // sockets we closed: their CLOSE is expected
	std::map<int, int> handshake_timers; // timer session -> harbor id waiting for its byte
	int handshake_ticks = 1000;   // harbor_handshake_timeout, in centiseconds
};

} // namespace

// Messages that will never leave. With `ctx`, each sender that waits for an
// answer (a session, not itself an ERROR) gets an ERROR, as for a dead node.
static void drop_queue(peer &p, skynet_context *ctx, int id)
{
	for (pending &m : p.queue) {
		free(m.msg);
		int type = int(m.header.destination >> 24);
		if (ctx && m.header.session != 0 && type != PTYPE_ERROR && type != PTYPE_RESPONSE) {
			uint32_t from = uint32_t(id) << 24 | (m.header.destination & 0xffffff);
			skynet_send(ctx, from, m.header.source, PTYPE_ERROR, int(m.header.session), nullptr, 0);
		}
	}
	p.queue.clear();
}

static void *harbor_create() { return new harbor; }

static void harbor_release(void *instance)
{
	auto *h = static_cast<harbor *>(instance);
	harbor_start(0);
	// As skynet's: nothing is sent while the node ends.
	for (peer &p : h->peers) {
		drop_queue(p, nullptr, 0);
		harbor_frame_reset(p.reader);
	}
	delete h;
}

// Tell the slave a peer went away ("D id"), so its link/connect waiters return.
static void report_down(harbor *h, int id)
{
	char text[32];
	int n = snprintf(text, sizeof(text), "D %d", id);
	skynet_send(h->ctx, 0, h->slave, PTYPE_TEXT, 0, text, size_t(n));
}

// Stop talking to a peer for good: a harbor id is not reused (cmaster refuses it).
static void close_peer(harbor *h, int id)
{
	peer &p = h->peers[id];
	p.at = peer::down;
	if (p.fd >= 0) {
		h->closed_here.insert(p.fd);
		skynet_socket_close(h->ctx, p.fd);
		p.fd = -1;
	}
	drop_queue(p, h->ctx, id);
	harbor_frame_reset(p.reader);
}

static int peer_of_socket(harbor *h, int fd)
{
	for (int i = 1; i < HARBOR_REMOTE_MAX; i++)
		if (h->peers[i].fd == fd)
			return i;
	return 0;
}

// The frame goes out whole or not at all; a message too big for one frame
// is refused here, where the sender can be told, not at the peer.
static void send_frame(harbor *h, int id, const harbor_header &header, void *msg, size_t sz)
{
	size_t frame_sz = 0;
	uint8_t *frame = harbor_frame_pack(header, msg, sz, &frame_sz);
	free(msg);
	if (frame == nullptr) {
		skynet_error(h->ctx, "remote message from :%08x to :%02x%06x is too large (%zu bytes; a harbor frame holds %zu)",
			header.source, id, header.destination & 0xffffff, sz, HARBOR_FRAME_MAX - HARBOR_COOKIE);
		int type = int(header.destination >> 24);
		if (type != PTYPE_ERROR && header.session != 0)
			skynet_send(h->ctx, 0, header.source, PTYPE_ERROR, int(header.session), nullptr, 0);
		return;
	}
	if (trace_enabled())
		trace_harbor(skynet_context_handle(h->ctx), true, header.source,
			uint32_t(id) << 24 | (header.destination & 0xffffff), header.session, header.destination >> 24, sz);
	skynet_socket_send(h->ctx, h->peers[id].fd, frame, int(frame_sz));
}

static void flush_queue(harbor *h, int id)
{
	peer &p = h->peers[id];
	while (!p.queue.empty()) {
		pending m = p.queue.front();
		p.queue.pop_front();
		send_frame(h, id, m.header, m.msg, m.sz);
	}
}

// lesson 32.4: a message for another node leaves here, its type in the cookie's top byte
static void send_remote(harbor *h, uint32_t source, const remote_message &rm, int session)
{
	int id = int(rm.destination >> 24);
	peer &p = h->peers[id];
	harbor_header header{source, uint32_t(rm.type) << 24 | (rm.destination & 0xffffff), uint32_t(session)};
	switch (p.at) {
	case peer::down:
		// skynet's words: the caller gets an ERROR, as from the dead address
		// (not for an answer, whose session is its caller's, not the sender's)
		if (rm.type != PTYPE_RESPONSE && rm.type != PTYPE_ERROR)
			skynet_send(h->ctx, rm.destination, source, PTYPE_ERROR, session, nullptr, 0);
		skynet_error(h->ctx, "Drop message to harbor %d from %x to %x (session = %d, msgsz = %d)",
			id, source, rm.destination, session, int(rm.sz));
		free(rm.message);
		return;
	case peer::waiting:
	case peer::handshake:
		p.queue.push_back({header, rm.message, rm.sz});
		return;
	case peer::connected:
		send_frame(h, id, header, rm.message, rm.sz);
		return;
	}
}

// Types that carry a pointer inside this process (socket, multicast) or
// speak to the harbor itself never come from the network. One exception, as
// skynet's multicastd relies on it: a multicast message to multicastd, which
// between nodes carries a publish's packed bytes, not a package's address
// (lua/service/multicastd.lua registers the name). Any other service would
// take its bytes for an address, so it is refused there. The name is looked up
// only for a multicast message, one per node and publish.
static bool type_from_network(int type, uint32_t destination)
{
	if (type == PTYPE_MULTICAST)
		return destination != 0 && destination == handle_findname(".multicastd");
	return type != PTYPE_SYSTEM && type != PTYPE_HARBOR && type != PTYPE_SOCKET;
}

// lesson 32.5: a message from another node arrives; its address gets our harbor byte back
static void forward_local(harbor *h, int from, const harbor_frame_event &ev)
{
	int type = int(ev.header.destination >> 24);
	uint32_t destination = (ev.header.destination & 0xffffff) | uint32_t(h->id) << 24;
	int session = int(ev.header.session);
	if (trace_enabled())
		trace_harbor(skynet_context_handle(h->ctx), false, ev.header.source, destination, ev.header.session, type, ev.sz);
	if (!type_from_network(type, destination)) {
		free(ev.msg);
		skynet_error(h->ctx, "Refuse message of type %d from harbor %d (:%x to :%x): not a network type",
			type, from, ev.header.source, destination);
		if (session != 0)
			skynet_send(h->ctx, destination, ev.header.source, PTYPE_ERROR, session, nullptr, 0);
		return;
	}
	if (skynet_send(h->ctx, ev.header.source, destination, type | PTYPE_TAG_DONTCOPY, session, ev.msg, ev.sz) < 0) {
		if (type != PTYPE_ERROR && type != PTYPE_RESPONSE) // an answer's session is not its sender's
			skynet_send(h->ctx, destination, ev.header.source, PTYPE_ERROR, session, nullptr, 0);
		skynet_error(h->ctx, "Unknown destination :%x from :%x type(%d)", destination, ev.header.source, type);
	}
}

static void socket_data(harbor *h, const skynet_socket_message *sm)
{
	int id = peer_of_socket(h, sm->id);
	if (id == 0) {
		if (h->closed_here.count(sm->id) == 0) // (bytes still in flight to a socket we closed are expected)
			skynet_error(h->ctx, "Invalid socket fd (%d) data", sm->id);
		return;
	}
	peer &p = h->peers[id];
	const uint8_t *data = reinterpret_cast<const uint8_t *>(sm->buffer);
	size_t size = size_t(sm->ud);
	while (size > 0 && p.at != peer::down) {
		harbor_frame_event ev = harbor_frame_feed(p.reader, &data, &size);
		if (ev.what == harbor_frame_event::handshake_id) {
			if (ev.peer_id != id) {
				skynet_error(h->ctx, "Invalid shakehand id (%d) from fd = %d , harbor = %d", ev.peer_id, sm->id, id);
				close_peer(h, id);
				report_down(h, id);
				return;
			}
			p.at = peer::connected;
			flush_queue(h, id);
		} else if (ev.what == harbor_frame_event::message) {
			forward_local(h, id, ev);
		} else if (p.reader.at == harbor_frame_reader::at_failed) {
			skynet_error(h->ctx, "Harbor %d (fd = %d) sent a bad stream: %s; closed", id, sm->id, p.reader.error.c_str());
			close_peer(h, id);
			report_down(h, id);
			return;
		}
	}
}

// "S fd id" (we connected) or "A fd id" (it connected), from the slave,
// which has read or written nothing on fd but the handshake it checked.
static void command_peer(harbor *h, char kind, const char *args, size_t sz)
{
	char text[64];
	size_t n = sz < sizeof(text) - 1 ? sz : sizeof(text) - 1;
	memcpy(text, args, n);
	text[n] = '\0';
	int fd = -1, id = 0;
	if (sscanf(text, "%d %d", &fd, &id) != 2 || fd < 0 || id <= 0 || id >= HARBOR_REMOTE_MAX || id == h->id) {
		skynet_error(h->ctx, "Invalid command %c %s", kind, text);
		return;
	}
	peer &p = h->peers[id];
	if (p.fd >= 0 || p.at == peer::down) {
		skynet_error(h->ctx, "Harbor %d already exist (fd = %d); closing fd %d", id, p.fd, fd);
		h->closed_here.insert(fd);
		skynet_socket_start(h->ctx, fd);
		skynet_socket_close(h->ctx, fd);
		return;
	}
	p.fd = fd;
	skynet_socket_start(h->ctx, fd); // fd is ours from here: its bytes come to this service
	uint8_t *hello = static_cast<uint8_t *>(malloc(1));
	hello[0] = uint8_t(h->id);
	skynet_socket_send(h->ctx, fd, hello, 1);
	if (kind == 'S') {
		p.reader.at = harbor_frame_reader::at_handshake;
		p.at = peer::handshake;
		// A peer that never answers would hold our messages to it for ever.
		char ticks[16];
		snprintf(ticks, sizeof(ticks), "%d", h->handshake_ticks);
		if (const char *session = skynet_command(h->ctx, "TIMEOUT", ticks))
			h->handshake_timers[atoi(session)] = id;
	} else {
		p.reader.at = harbor_frame_reader::at_header;
		p.at = peer::connected;
		flush_queue(h, id);
	}
}

static void harbor_command(harbor *h, const char *msg, size_t sz)
{
	if (sz >= 2 && (msg[0] == 'S' || msg[0] == 'A') && msg[1] == ' ') {
		command_peer(h, msg[0], msg + 2, sz - 2);
		return;
	}
	skynet_error(h->ctx, "Unknown command %.*s", int(sz < 64 ? sz : 64), msg);
}

static void socket_event(harbor *h, const skynet_socket_message *sm)
{
	switch (sm->type) {
	case SKYNET_SOCKET_TYPE_DATA:
		socket_data(h, sm);
		free(sm->buffer);
		return;
	case SKYNET_SOCKET_TYPE_ERROR:
	case SKYNET_SOCKET_TYPE_CLOSE: {
		if (h->closed_here.erase(sm->id))
			return;
		int id = peer_of_socket(h, sm->id);
		if (id == 0) {
			skynet_error(h->ctx, "Unknown fd (%d) closed", sm->id);
			return;
		}
		// The peer's process is gone: later messages to it are dropped with
		// an ERROR to their sender (skynet keeps writing to the dead socket).
		close_peer(h, id);
		report_down(h, id);
		return;
	}
	case SKYNET_SOCKET_TYPE_WARNING: {
		int id = peer_of_socket(h, sm->id);
		if (id)
			skynet_error(h->ctx, "message havn't send to Harbor (%d) reach %d K", id, sm->ud);
		return;
	}
	case SKYNET_SOCKET_TYPE_CONNECT:
		return; // the transfer of a socket to us
	default:
		skynet_error(h->ctx, "recv invalid socket message type %d", sm->type);
		if (sm->buffer)
			free(sm->buffer);
		return;
	}
}

// The handshake timer of a harbor we connected to: still no byte from it?
static void handshake_timeout(harbor *h, int session)
{
	auto it = h->handshake_timers.find(session);
	if (it == h->handshake_timers.end())
		return;
	int id = it->second;
	h->handshake_timers.erase(it);
	peer &p = h->peers[id];
	if (p.at != peer::handshake)
		return;
	skynet_error(h->ctx, "Harbor %d (fd = %d) sent no handshake in %d.%02d s; closed, %zu message(s) to it dropped",
		id, p.fd, h->handshake_ticks / 100, h->handshake_ticks % 100, p.queue.size());
	close_peer(h, id);
	report_down(h, id);
}

static int harbor_cb(skynet_context *ctx, void *ud, int type, int session, uint32_t source, const void *msg, size_t sz)
{
	auto *h = static_cast<harbor *>(ud);
	switch (type) {
	case PTYPE_RESPONSE:
		if (source == 0) {
			handshake_timeout(h, session);
			return 0;
		}
		break;
	case PTYPE_SOCKET:
		socket_event(h, static_cast<const skynet_socket_message *>(msg));
		return 0;
	case PTYPE_HARBOR:
		harbor_command(h, static_cast<const char *>(msg), sz);
		return 0;
	case PTYPE_SYSTEM:
		if (sz == sizeof(remote_message)) {
			send_remote(h, source, *static_cast<const remote_message *>(msg), session);
			return 0;
		}
		break;
	default:
		break;
	}
	skynet_error(ctx, "recv invalid message from %x,  type = %d", source, type);
	if (session != 0 && type != PTYPE_ERROR)
		skynet_send(ctx, 0, source, PTYPE_ERROR, session, nullptr, 0);
	return 0;
}

static int harbor_init(void *instance, skynet_context *ctx, const char *args)
{
	auto *h = static_cast<harbor *>(instance);
	unsigned id = 0, slave = 0;
	if (args == nullptr || sscanf(args, "%u %u", &id, &slave) != 2 || slave == 0 || id >= HARBOR_REMOTE_MAX)
		return 1;
	h->ctx = ctx;
	h->id = int(id);
	h->slave = slave;
	if (const char *t = skynet_getenv("harbor_handshake_timeout"))
		h->handshake_ticks = std::max(1, int(atof(t) * 100));
	// A single node (harbor 0) has no peers: every other harbor is down, so a
	// message to one is answered with an ERROR at once.
	for (int i = 1; i < HARBOR_REMOTE_MAX; i++)
		if (id == 0 || i == int(id))
			h->peers[i].at = peer::down;
	context_set_daemon(ctx); // it serves the node; exit_when_idle does not wait for it
	skynet_callback(ctx, h, harbor_cb);
	harbor_start(skynet_context_handle(ctx));
	return 0;
}

static const skynet_module harbor_module = {"harbor", harbor_create, harbor_init, harbor_release, nullptr};

const skynet_module *service_harbor_module() { return &harbor_module; }
