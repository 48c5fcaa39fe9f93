// harbor: the service module skynet's cdummy launches as `harbor 0 <cdummy>` (one node: forwards nothing).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernel/module.h"

const skynet_module *harbor_module_get();

// A message to another node's address (harbor byte not 0): in one node every
// other harbor is down, so, as skynet's harbor does, answer the sender with an
// ERROR from that address and log "Drop message to harbor ...". -> false when
// the address is local (the caller reports it as invalid).
bool harbor_drop(uint32_t source, uint32_t destination, int session, size_t sz);
