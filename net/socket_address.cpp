// socket_address: text forms, the compact UDP form and name resolution, for socket_server and its callers.
#include "net/socket_address.h"

#include "net/socket_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdio>
#include <cstring>

namespace socket_internal {

const char *address_ip_text(const sockaddr *sa, char *out, size_t outsz)
{
	const void *addr = sa->sa_family == AF_INET6
		? static_cast<const void *>(&reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr)
		: static_cast<const void *>(&reinterpret_cast<const sockaddr_in *>(sa)->sin_addr);
	if (!inet_ntop(sa->sa_family, addr, out, socklen_t(outsz)))
		snprintf(out, outsz, "?");
	return out;
}

int address_port(const sockaddr *sa)
{
	return ntohs(sa->sa_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_port
										   : reinterpret_cast<const sockaddr_in *>(sa)->sin_port);
}

void address_text(const sockaddr *sa, char *out, size_t outsz)
{
	char ip[INET6_ADDRSTRLEN];
	address_ip_text(sa, ip, sizeof(ip));
	if (sa->sa_family == AF_INET6)
		snprintf(out, outsz, "[%s]:%d", ip, address_port(sa));
	else
		snprintf(out, outsz, "%s:%d", ip, address_port(sa));
}

int address_to_compact(const sockaddr *sa, uint8_t *out)
{
	int port = address_port(sa);
	out[1] = uint8_t(port >> 8);
	out[2] = uint8_t(port & 0xff);
	if (sa->sa_family == AF_INET6) {
		out[0] = 6;
		memcpy(out + 3, &reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr, 16);
		return 19;
	}
	out[0] = 4;
	memcpy(out + 3, &reinterpret_cast<const sockaddr_in *>(sa)->sin_addr, 4);
	return 7;
}

bool address_from_compact(const uint8_t *in, int size, sockaddr_storage *out, socklen_t *len)
{
	memset(out, 0, sizeof(*out));
	// The size first: the port's two bytes are read before the kind is
	// known, and socket.udp_address("\4") is a 1-byte string (ASan: a read
	// past its end).
	if (in == nullptr || (size != 7 && size != 19))
		return false;
	uint16_t port = htons(uint16_t(in[1] << 8 | in[2]));
	if (size == 7 && in[0] == 4) {
		auto *v4 = reinterpret_cast<sockaddr_in *>(out);
		v4->sin_family = AF_INET;
		v4->sin_port = port;
		memcpy(&v4->sin_addr, in + 3, 4);
		*len = sizeof(*v4);
		return true;
	}
	if (size == 19 && in[0] == 6) {
		auto *v6 = reinterpret_cast<sockaddr_in6 *>(out);
		v6->sin6_family = AF_INET6;
		v6->sin6_port = port;
		memcpy(&v6->sin6_addr, in + 3, 16);
		*len = sizeof(*v6);
		return true;
	}
	return false;
}

int address_resolve(const char *host, int port, int socktype, bool passive, addrinfo **out)
{
	addrinfo hints{};
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_protocol = socktype == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	if (host == nullptr || host[0] == 0)
		host = "0.0.0.0";
	char service[16];
	snprintf(service, sizeof(service), "%d", port);
	return getaddrinfo(host, service, &hints, out);
}

} // namespace socket_internal

// --- the public forms (socket_server.h) ---

using namespace socket_internal;

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
	if (!address_from_compact(address, addrsz, &sa, &len))
		return false;
	char text[INET6_ADDRSTRLEN];
	if (ip)
		*ip = address_ip_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	if (port)
		*port = address_port(reinterpret_cast<sockaddr *>(&sa));
	return true;
}

std::string socket_udp_address_to_text(const uint8_t *address, int addrsz)
{
	sockaddr_storage sa;
	socklen_t len;
	if (!address_from_compact(address, addrsz, &sa, &len))
		return "";
	char text[INET6_ADDRSTRLEN + 8];
	address_text(reinterpret_cast<sockaddr *>(&sa), text, sizeof(text));
	return text;
}

int socket_udp_address_from_host(const char *host, int port, uint8_t out[SOCKET_UDP_ADDRESS_MAX])
{
	addrinfo *list = nullptr;
	if (host == nullptr || address_resolve(host, port, SOCK_DGRAM, false, &list) != 0)
		return -1;
	int size = address_to_compact(list->ai_addr, out);
	freeaddrinfo(list);
	return size;
}
