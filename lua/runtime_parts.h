// runtime_parts: the Lua config loader and the socket layer, as the program plugs them into the kernel.
#pragma once
#include "kernel/start.h"
#include "lua/config_loader.h"
#include "net/skynet_socket.h"

// main.cpp, the tests and the benchmarks start the same runtime.
inline runtime_parts skyglass_runtime_parts()
{
	runtime_parts p;
	p.load_config = config_load;
	p.socket_init = skynet_socket_init;
	p.socket_poll = skynet_socket_poll;
	p.socket_exit = skynet_socket_exit;
	p.socket_free = skynet_socket_free;
	return p;
}
