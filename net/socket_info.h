// socket_info: one open socket as netstat shows it (skynet's socket_info.h), shared by socket_server and skynet_socket.
#pragma once
#include <cstdint>
#include <string>

struct socket_info {
	int id;
	uint32_t opaque;       // the owner
	const char *type;      // "LISTEN", "TCP", "UDP", "BIND" or "CLOSING"
	uint64_t read;         // bytes read; for a listener, connections accepted
	uint64_t write;        // bytes written
	uint64_t wbuffer;      // bytes queued, not yet written
	uint64_t rtime, wtime; // skynet_now() of the last read and write (0: never)
	bool reading, writing; // reads wanted; writes queued
	std::string name;      // "ip:port": the peer, or a listener's own address
};
