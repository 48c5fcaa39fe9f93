// socket_address: the three forms of an address socket_server meets (sockaddr, "ip:port" text, the compact UDP form) and name resolution.
#pragma once
#include <netdb.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

namespace socket_internal {

// The ip part as text ("127.0.0.1", "::1"), written into out; returns out.
const char *address_ip_text(const sockaddr *sa, char *out, size_t outsz);
int address_port(const sockaddr *sa);
// "ip:port", or "[ip6]:port".
void address_text(const sockaddr *sa, char *out, size_t outsz);
// sockaddr -> compact form (socket_server.h): returns its size, 7 or 19.
int address_to_compact(const sockaddr *sa, uint8_t *out);
// compact form -> sockaddr; false when the bytes are not an address.
bool address_from_compact(const uint8_t *in, int size, sockaddr_storage *out, socklen_t *len);
// getaddrinfo for host:port (an empty or null host: every interface); returns
// getaddrinfo's code. The caller frees *out with freeaddrinfo.
int address_resolve(const char *host, int port, int socktype, bool passive, addrinfo **out);

} // namespace socket_internal
