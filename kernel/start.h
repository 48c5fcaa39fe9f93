// start: boots the runtime from a config, runs its threads, and shuts it down (skynet_start's twin).
#pragma once
#include <string>

// Load the config file, start logger, trace, workers, timer, socket and
// monitor threads, launch bootstrap, and block until the program ends.
// Returns the process exit status (non-zero, with a message on stderr, when
// the config is unusable).
int skynet_start(const char *config_path);

// Set by ABORT, or when the last non-daemon service exits.
bool runtime_should_quit();
void runtime_request_quit(int exit_code);
