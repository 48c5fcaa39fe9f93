// logger: the service module that writes log lines to stdout or the config's `logger` file.
#pragma once
#include <cstdint>

#include "kernel/module.h"

const skynet_module *logger_module_get();

// Write one line straight to the logger's output, from any thread, without
// a message: for the monitor, when every worker is stuck and the logger
// service cannot run. False when the log service is not this logger.
bool logger_write_urgent(uint32_t source, const char *text);
