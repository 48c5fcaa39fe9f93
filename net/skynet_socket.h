// skynet_socket: the bridge between socket_server and services (skynet_socket's twin).
// The socket thread calls skynet_socket_poll in a loop; each socket event becomes a
// PTYPE_SOCKET message in the queue of the service that owns the socket. Services
// (through the socketdriver binding) call the other functions here, which only
// forward commands to socket_server: no service ever touches a file descriptor.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/socket_info.h"

struct skynet_context;

// The seven message types and their numbers are skynet's, so Lua code that
// switches on them moves over unchanged.
enum {
	SKYNET_SOCKET_TYPE_DATA = 1,    // ud = bytes, buffer = the bytes (the receiver frees them)
	SKYNET_SOCKET_TYPE_CONNECT = 2, // listen, connect or start took effect; text inline
	SKYNET_SOCKET_TYPE_CLOSE = 3,   // no more data will come
	SKYNET_SOCKET_TYPE_ACCEPT = 4,  // ud = the new socket's id; its "ip:port" inline
	SKYNET_SOCKET_TYPE_ERROR = 5,   // the error text inline
	SKYNET_SOCKET_TYPE_UDP = 6,     // ud = bytes; buffer = bytes then the sender's address
	SKYNET_SOCKET_TYPE_WARNING = 7, // ud = KiB still waiting to be sent (0: drained)
};

// The payload of every PTYPE_SOCKET message. When `buffer` is null, the message
// carries text (an address or an error, at most 128 bytes, not terminated)
// straight after this struct; its length is the message size minus sizeof.
struct skynet_socket_message {
	int type;
	int id;
	int ud;
	char *buffer;
};

// --- called by the runtime (kernel/start.cpp) ---
void skynet_socket_init();  // create the socket server (before any service runs)
void skynet_socket_exit();  // ask the socket thread to stop: its poll then returns 0
void skynet_socket_free();  // close every socket and free the server (after the thread ends)
// Handle one socket event. Returns 0 when told to exit, >0 when it handled one.
int skynet_socket_poll();

// --- called by services; `ctx` becomes the socket's owner ---
// Bind and listen now. Returns the id, or -1 with `error` set to a sentence
// such as "Listen error: 127.0.0.1:8888: Address already in use".
int skynet_socket_listen(skynet_context *ctx, const char *host, int port, int backlog,
	std::string *error);
// The longest host name a connect takes (socket_server's socket_connect_host_max).
constexpr size_t skynet_socket_host_max = 231;
// Connect in the background: CONNECT or ERROR follows. Returns the id, or -1.
int skynet_socket_connect(skynet_context *ctx, const char *host, int port);
// Send a malloc'd buffer, which is handed over either way. Returns -1 when the
// socket is not open.
int skynet_socket_send(skynet_context *ctx, int id, void *buffer, int sz);
int skynet_socket_send_lowpriority(skynet_context *ctx, int id, void *buffer, int sz);
// Take an fd the process has (0: stdin) as a socket that reads at once:
// CONNECT, then DATA and CLOSE at end of file (ERROR if it cannot be polled).
int skynet_socket_bind(skynet_context *ctx, int fd);
void skynet_socket_start(skynet_context *ctx, int id);
void skynet_socket_pause(skynet_context *ctx, int id);
void skynet_socket_close(skynet_context *ctx, int id);    // flush what is queued, then close
void skynet_socket_shutdown(skynet_context *ctx, int id); // close now, dropping what is queued
void skynet_socket_nodelay(skynet_context *ctx, int id);

// UDP. `address` is the compact binary address that UDP messages carry (null:
// the one set by udp_connect). The malloc'd buffer is handed over as in send.
int skynet_socket_udp(skynet_context *ctx, const char *host, int port);
// Unbound, of host's family, sending to host:port unless told otherwise (udp_dial).
int skynet_socket_udp_dial(skynet_context *ctx, const char *host, int port);
int skynet_socket_udp_connect(skynet_context *ctx, int id, const char *host, int port);
int skynet_socket_udp_send(skynet_context *ctx, int id, const char *address, int address_size,
	void *buffer, int sz);
// Every open socket (netstat); empty if the socket thread does not answer.
std::vector<socket_info> skynet_socket_info();

// The sender's address of a UDP message (points into msg->buffer), or null.
const char *skynet_socket_udp_address(const skynet_socket_message *msg, int *addrsz);
// An address (as above, or as udp_send takes it) split into ip and port;
// false when the bytes are not an address.
bool skynet_socket_udp_address_parts(const char *address, int addrsz, std::string *ip, int *port);
