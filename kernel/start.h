// start: boots the runtime from a config, runs its threads, and shuts it down (skynet_start's twin).
#pragma once
#include <string>

// Load the config file, start logger, trace, workers, timer, socket and
// monitor threads, launch bootstrap, and block until the program ends.
// Returns the process exit status (non-zero, with a message on stderr, when
// the config is unusable).
// What the program's entry point (main.cpp, the composition root) plugs into
// the kernel, which knows neither Lua nor sockets.
struct runtime_parts {
	// Reads the config file into the environment (lua/config_loader.h).
	bool (*load_config)(const char *path, std::string &error) = nullptr;
	// The socket layer (net/skynet_socket.h): its thread runs `poll` until it
	// returns 0; `exit` makes it return 0. Null: a runtime without sockets.
	void (*socket_init)() = nullptr;
	int (*socket_poll)() = nullptr;
	void (*socket_exit)() = nullptr;
	void (*socket_free)() = nullptr;
};
int skynet_start(const char *config_path, const runtime_parts &parts);

// Set by ABORT, or when the last non-daemon service exits.
bool runtime_should_quit();
void runtime_request_quit(int exit_code);
