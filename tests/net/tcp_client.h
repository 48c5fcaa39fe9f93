// tcp_client: blocking helpers the socket tests use as the far end of a connection.
#pragma once
#include <cstddef>
#include <string>

// Send every byte (the test fails if the connection refuses them).
void send_all(int fd, const std::string &s);
// Read until n bytes, end of stream, an error or the socket's timeout.
std::string recv_upto(int fd, size_t n);
// True when the peer has closed: the next read returns end of stream.
bool at_eof(int fd);
