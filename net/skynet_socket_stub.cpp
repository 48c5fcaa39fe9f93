// skynet_socket_stub: TEMPORARY stand-in until net/skynet_socket.cpp lands (delete it then).
#include <atomic>
#include <thread>

#include "net/skynet_socket.h"

static std::atomic<bool> stub_exit{false};
void skynet_socket_init() { stub_exit = false; }
void skynet_socket_exit() { stub_exit = true; }
void skynet_socket_free() {}
int skynet_socket_poll()
{
	if (stub_exit)
		return 0;
	std::this_thread::sleep_for(std::chrono::milliseconds(5));
	return 1;
}
