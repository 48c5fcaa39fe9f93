// socket_server: the only thread that touches socket file descriptors (socket_server's twin).
// Worker threads ask it to do things by queueing commands (a pipe wakes it when it
// sleeps); the socket
// thread runs socket_server_poll in a loop and turns what epoll reports into
// socket events, one per call. Nothing here knows about services or Lua: a
// socket's `opaque` is just the number (a service handle) of whoever owns it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/socket_info.h"

struct socket_server;

// What socket_server_poll returns. The numbers are skynet's socket_server.h.
enum socket_event {
	SOCKET_DATA = 0,    // bytes arrived: ud = size, data = malloc'd bytes (the receiver frees)
	SOCKET_CLOSE = 1,   // no more bytes will come (peer closed, or the owner's close took effect)
	SOCKET_OPEN = 2,    // listen, connect or start took effect: data = ip text, ud = port
	SOCKET_ACCEPT = 3,  // a listener accepted: ud = the new socket's id, data = "ip:port"
	SOCKET_ERR = 4,     // something failed: data = the error text. A connected socket's CLOSE follows; others are gone
	SOCKET_EXIT = 5,    // socket_server_exit was called: stop polling
	SOCKET_UDP = 6,     // a datagram: ud = size, data = malloc'd bytes then the sender address
	SOCKET_WARNING = 7, // ud = KiB waiting to be sent (0 when it has drained again)
};

// One event. `data` is owned by the receiver only for DATA and UDP; for the
// others it is text that lives until the next poll.
struct socket_message {
	int id;
	uint32_t opaque;
	int ud;
	char *data;
};

// Unsent bytes at which a socket first warns; it warns again each time they double.
constexpr size_t SOCKET_WARNING_SIZE = 1024 * 1024;

// A UDP peer's address in the compact form that UDP events carry after the data:
// one byte for the IP version (4 or 6), the port (2 bytes, big-endian), then the
// address (4 or 16 bytes). So 7 or 19 bytes.
constexpr int SOCKET_UDP_ADDRESS_MAX = 19;

socket_server *socket_server_create();
// Close every socket and free everything. Only after the poll loop has ended.
void socket_server_release(socket_server *ss);

// --- the socket thread ---
// Block until there is something to report, fill `result` and return its
// socket_event type. Records `sock.poll` in the trace.
int socket_server_poll(socket_server *ss, socket_message *result);

// --- any thread: each call queues one command for the socket thread ---
void socket_server_exit(socket_server *ss);

// Bind and listen now, so that a taken port is reported to the caller: returns
// the id, or -1 with `error` = "Listen error: 127.0.0.1:8888: Address already in use".
// The listener starts paused: OPEN (ud = the bound port) follows; `start` accepts.
int socket_server_listen(socket_server *ss, uint32_t opaque, const char *host, int port,
	int backlog, std::string *error);
// Take an fd the process already has (0: stdin) into the server, non-blocking,
// reading at once: OPEN "bind" follows, then DATA and a CLOSE at end of file.
// An fd epoll cannot watch (a regular file, /dev/null) gives ERR instead.
// Returns the id, or -1 when no slot is free.
int socket_server_bind(socket_server *ss, uint32_t opaque, int fd);
// Connect without blocking: returns the id at once; OPEN or ERR follows.
// Returns -1 when no slot is free.
// The longest host name a connect takes: skynet's request holds it in 256 bytes
// with 24 of header (longer: skynet logs `Invalid addr`).
constexpr size_t socket_connect_host_max = 231;
int socket_server_connect(socket_server *ss, uint32_t opaque, const char *host, int port);
// Start reading a paused socket (an accepted one, a listener, or one paused
// by `pause`) and make `opaque` its owner. OPEN follows.
void socket_server_start(socket_server *ss, uint32_t opaque, int id);
void socket_server_pause(socket_server *ss, uint32_t opaque, int id);
// Stop reading, send what is queued, then close. CLOSE follows (unless the
// peer's close was already reported).
void socket_server_close(socket_server *ss, uint32_t opaque, int id);
// Close now and drop what is queued.
void socket_server_shutdown(socket_server *ss, uint32_t opaque, int id);
void socket_server_nodelay(socket_server *ss, int id);

// Send a malloc'd buffer; it is handed over whatever happens. High-priority
// data goes out before low-priority data that has not started. Returns -1
// when the socket is already closed (the buffer is freed).
int socket_server_send(socket_server *ss, int id, void *buffer, size_t sz);
int socket_server_send_lowpriority(socket_server *ss, int id, void *buffer, size_t sz);

// --- UDP ---
// Open a UDP socket, bound to host:port when given (host null and port 0:
// unbound). It reads at once; no `start` needed. Returns the id or -1.
int socket_server_udp(socket_server *ss, uint32_t opaque, const char *host, int port);
// A UDP socket, unbound, of host's address family, whose sends without an
// address go to host:port (skynet's udp_dial). Returns the id or -1.
int socket_server_udp_dial(socket_server *ss, uint32_t opaque, const char *host, int port);
// Set the address that sends without an address go to. Returns 0, or -1 when
// host:port does not resolve.
int socket_server_udp_connect(socket_server *ss, int id, const char *host, int port);
// Send one datagram to `address` (compact form; null: the udp_connect one).
int socket_server_udp_send(socket_server *ss, int id, const uint8_t *address, void *buffer,
	size_t sz);
// The sender's address of a UDP event: points just after the data in
// result->data. Returns null when the event is not a UDP one.
const uint8_t *socket_server_udp_address(int type, const socket_message *m, int *addrsz);

// --- netstat ---
// Every open socket, asked of the socket thread (it owns them). Empty when the
// socket thread does not answer within a second (it has exited).
std::vector<socket_info> socket_server_info(socket_server *ss);

// Compact address <-> text. parts gives the ip text and the port (false if
// the bytes are not an address); to_text gives "ip:port" ("[ip6]:port" for
// IPv6), or "". from_host resolves host:port and returns the size written
// (7 or 19), or -1.
bool socket_udp_address_parts(const uint8_t *address, int addrsz, std::string *ip, int *port);
std::string socket_udp_address_to_text(const uint8_t *address, int addrsz);
int socket_udp_address_from_host(const char *host, int port, uint8_t out[SOCKET_UDP_ADDRESS_MAX]);
