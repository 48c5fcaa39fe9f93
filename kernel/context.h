// context: a service: its module instance, callback, queue and sessions (skynet_server's twin).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernel/skynet.h"

struct message_queue;

// Create a service from a module name ("snlua", "logger") and its argument
// string. Returns null, having logged why, if the module is unknown or its
// init fails.
skynet_context *context_new(const char *module_name, const char *param);

void context_grab(skynet_context *ctx);
// Drop a reference; the last one frees the service. Returns null then.
skynet_context *context_release(skynet_context *ctx);
uint32_t context_handle(skynet_context *ctx);
// Its handle was retired (exit or kill): the rest of the batch being
// dispatched is dropped, each request answered with an ERROR (context.cpp).
void context_mark_retired(skynet_context *ctx);
// Only the handle registry calls this, under its lock, so a concurrent
// rehash never reads a half-born service's handle.
void context_set_handle(skynet_context *ctx, uint32_t handle);
// The push itself; handle_push calls it with the registry's read lock held.
void context_push_locked(skynet_context *ctx, skynet_message *msg);

// Services that keep the runtime up but are not "the program" (logger,
// launcher, ...) are daemons: when only daemons are left, the runtime stops.
void context_set_daemon(skynet_context *ctx);
// The logger: messages to it never take a worker's hand-off nor wake an idle
// worker (mq_set_quiet); the next worker to look at the global queue writes them.
void context_set_quiet(skynet_context *ctx);
// Once on (after the logger is up), the runtime quits when the last
// non-daemon service exits.
void context_quit_when_idle(bool on);
int context_total();        // live services that are not daemons
int context_total_all();    // every live service

// Run up to a batch of messages from the next queue with work. Returns the
// queue to run next (the same one when the global queue is otherwise empty),
// or null when there was nothing to do.
message_queue *context_message_dispatch(int thread, message_queue *q);

// Mark the service that holds this handle stuck in one dispatch (monitor).
void context_endless(uint32_t handle);
// The module's signal (snlua: 0 breaks running Lua code, 1 logs memory).
void context_signal(uint32_t handle, int signal);
// LOGON/LOGOFF: start or stop writing every message the service receives to
// `logpath`/<handle>.log (service_log); `by` is the service that asked (it logs).
void context_logon(skynet_context *by, uint32_t handle);
void context_logoff(skynet_context *by, uint32_t handle);
// KILL: retire the service; one stuck in a dispatch also gets signal 0.
bool context_kill(uint32_t handle);

// For the commands (STAT, results) and tests.
size_t context_mqlen(skynet_context *ctx);
char *context_result_buffer(skynet_context *ctx, size_t *size);
uint64_t context_message_count(skynet_context *ctx);
bool context_is_endless(skynet_context *ctx);
// skynet.stat "endless": whether the monitor marked it, and clear the mark.
bool context_take_endless(skynet_context *ctx);
// The profile (config `profile`): time spent dispatching per service, in
// microseconds of CLOCK_MONOTONIC (cheap; see context.cpp for the trade-off).
void context_set_profile(bool on);
bool context_profiling();
uint64_t context_profile_clock();
uint64_t context_cpu_cost(skynet_context *ctx);
uint64_t context_cpu_start(skynet_context *ctx);
// The current dispatch's thread CPU time so far, us (stat "time"; see monitor.cpp).
uint64_t context_dispatch_cpu(skynet_context *ctx);
// The trace id of the message the service is dispatching now (msg.label names it).
uint64_t context_dispatching_id(skynet_context *ctx);
// The trace clock read at the current dispatch's msg.begin (0: none was
// read). co.new and a call's co.resume, recorded at the start of the task
// they belong to, take it as their `t` instead of reading the clock again.
uint64_t context_dispatch_time(skynet_context *ctx);
// The time of this thread's last traced push when it was `source`'s request
// with `session`, else the clock now: a traced call's co.suspend, recorded
// right after its request's push on the same thread with no other event of
// that thread between, takes the push's read. What it buys: one clock read
// of the ~6.7 a traced call makes (against ~3.1 untraced; ~25 ns a read
// here). What it costs: the co.suspend is stamped at its push (equal `t`s
// keep file order, docs/trace-format.md), a few hundred ns early.
uint64_t context_push_time(uint32_t source, int session);
