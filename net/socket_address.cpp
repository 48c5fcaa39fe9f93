// socket_address: addresses for socket_server: text forms, the compact UDP form, and name resolution.
#include "net/socket_server_internal.h"

using namespace socket_internal;

namespace socket_internal {

// --- addresses ---

const char *ip_text(const sockaddr *sa, char *out, size_t outsz)
{
	const void *addr = sa->sa_family == AF_INET6
		? static_cast<const void *>(&reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr)
		: static_cast<const void *>(&reinterpret_cast<const sockaddr_in *>(sa)->sin_addr);
	if (!inet_ntop(sa->sa_family, addr, out, socklen_t(outsz)))
		snprintf(out, outsz, "?");
	return out;
}

int port_of(const sockaddr *sa)
{
	return ntohs(sa->sa_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_port
										   : reinterpret_cast<const sockaddr_in *>(sa)->sin_port);
}

// "ip:port", or "[ip6]:port".
void address_text(const sockaddr *sa, char *out, size_t outsz)
{
	char ip[INET6_ADDRSTRLEN];
	ip_text(sa, ip, sizeof(ip));
	if (sa->sa_family == AF_INET6)
		snprintf(out, outsz, "[%s]:%d", ip, port_of(sa));
	else
		snprintf(out, outsz, "%s:%d", ip, port_of(sa));
}

int compact_from_sockaddr(const sockaddr *sa, uint8_t *out)
{
	int port = port_of(sa);
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

bool sockaddr_from_compact(const uint8_t *in, int size, sockaddr_storage *out, socklen_t *len)
{
	memset(out, 0, sizeof(*out));
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

// getaddrinfo for host:port; an empty or null host means every interface.
int resolve(const char *host, int port, int socktype, bool passive, addrinfo **out)
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
