// harbor: the service module skynet's cdummy launches as `harbor 0 <cdummy>` (one node: forwards nothing).
#pragma once

#include "kernel/module.h"

const skynet_module *harbor_module_get();
