// handle: service addresses (32-bit handles) and the registry of `.names`.
#pragma once
#include <cstdint>

#include "kernel/message.h"

struct skynet_context;

// A handle is harbor << 24 | index, printed ":%08x" as skynet prints it.
// Handle 0 is never a service.
void handle_init(int harbor);
uint32_t handle_register(skynet_context *ctx);
// Remove a handle; drops the registry's reference. Returns false if unknown.
bool handle_retire(uint32_t handle);
// Retire every service but `keep` (0: all).
void handle_retireall(uint32_t keep = 0);

// Look a handle up and take a reference (release with context_release).
skynet_context *handle_grab(uint32_t handle);

// Push a message to the service holding `handle`, under the registry's read
// lock instead of a reference: the service cannot be freed while it is held,
// and senders do not bounce the service's reference count between cores.
// False when there is no such service.
bool handle_push(uint32_t handle, skynet_message *msg);

// Names: ".launcher" style. bind returns false when the name is taken.
uint32_t handle_findname(const char *name);
bool handle_namehandle(uint32_t handle, const char *name);

// Parse ":0000000a", ".name" or a decimal number into a handle (0 if none).
uint32_t handle_from_string(const char *text);
