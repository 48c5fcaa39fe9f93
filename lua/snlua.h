// snlua: the service module that runs one Lua 5.4 state per service.
#pragma once
#include "kernel/module.h"

const skynet_module *snlua_module_get();
