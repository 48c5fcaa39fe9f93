// skynet.h: the runtime's API for C++ service modules and bindings (skynet.h's twin).
#pragma once
#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include "kernel/message.h"

struct skynet_context;

// A service's message handler. Return 0 and the runtime frees msg afterwards;
// return 1 to keep it (the service forwarded the buffer on).
typedef int (*skynet_cb)(skynet_context *ctx, void *ud, int type, int session,
	uint32_t source, const void *msg, size_t sz);

// Send a message. With PTYPE_TAG_DONTCOPY the buffer is handed over, otherwise
// copied. Returns the session (>= 0), or -1 when the destination does not exist
// (the buffer is freed either way).
int skynet_send(skynet_context *ctx, uint32_t source, uint32_t destination,
	int type, int session, void *data, size_t sz);
// Same, to a name (".launcher") or a ":%08x" address.
int skynet_sendname(skynet_context *ctx, uint32_t source, const char *destination,
	int type, int session, void *data, size_t sz);

// Push an already built message straight into a service's queue (the socket
// and timer threads use this). Returns -1, and leaves msg->data to the caller,
// when the handle is dead.
int skynet_context_push(uint32_t handle, skynet_message *msg);

// Text commands, as skynet's: LAUNCH, KILL, NAME, REG, QUERY, EXIT, ABORT,
// GETENV, SETENV, STARTTIME, NOW, TIMEOUT, MQLEN, STAT ... The returned string
// lives in ctx until the next command.
const char *skynet_command(skynet_context *ctx, const char *cmd, const char *param);

void skynet_callback(skynet_context *ctx, void *ud, skynet_cb cb);
// Small payloads carried in the message (kernel/message.h). A callback gets
// a malloc'd buffer for every message unless its service says, after
// skynet_callback (which resets it), that it reads them in place: then an
// inlined message's `msg` points at its bytes in the worker's batch, valid
// until the callback returns, and the callback must call skynet_message_heap
// before it lets the pointer go anywhere that may keep it (a forward, Lua
// code). skynet_next_message's messages are alike.
void skynet_callback_inline(skynet_context *ctx, bool on);
// Inside the callback: `msg` (the message being dispatched, or what
// skynet_next_message gave) as a malloc'd buffer the dispatch owns, freed at
// the message's end unless kept, as any. An inlined payload is copied to the
// heap here, on the receiver's thread, once (asked again with the bytes'
// address, the same copy); any other pointer comes back as it is.
void *skynet_message_heap(skynet_context *ctx, const void *msg);
// Only inside ctx's callback: end the message being dispatched as if the
// callback had returned `keep`, and take the next one of the batch the worker
// popped from ctx's queue (it is now the one being dispatched).
// `now`: a trace_clock() the caller read for an event it recorded just
// before (the task's co.exit), shared by the end and the begin; 0: read here.
// Returns the next message (it lives in the worker's batch until the batch
// ends), or null, and nothing ended, when the batch has no more.
const skynet_message *skynet_next_message(skynet_context *ctx, int keep, uint64_t now = 0);
// Only inside ctx's callback: whether skynet_next_message would give one.
bool skynet_batch_more(skynet_context *ctx);
uint32_t skynet_context_handle(skynet_context *ctx);
int skynet_context_newsession(skynet_context *ctx);

// Log a line through the logger service, prefixed with ctx's address.
void skynet_error(skynet_context *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
// The same for n bytes as they are, NUL bytes included (skynet.error's
// text: skynet's logger writes a Lua string whole).
void skynet_error_bytes(skynet_context *ctx, const char *bytes, size_t n);
// From ABORT on, a service's lines go to the trace only: skynet retires its
// logger with every other service, so what a service logs after the abort
// (the aborting dispatch's own end, "Maybe forgot response ...") never shows.
void skynet_error_mute_services();

// Time: centiseconds since start (skynet.now), start time in seconds, and a
// nanosecond high-precision counter.
uint64_t skynet_now();
uint32_t skynet_starttime();
uint64_t skynet_hpc();

// The environment: config keys and values set by setenv.
const char *skynet_getenv(const char *key);
// Returns false when the key already exists: a key is set once.
bool skynet_setenv(const char *key, const char *value);
