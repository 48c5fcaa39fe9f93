// logger: the service module that writes log lines to stdout or the config's `logger` file.
#pragma once
#include "kernel/module.h"

const skynet_module *logger_module_get();
