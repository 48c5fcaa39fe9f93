// mq: each service's message queue, and the global queue of queues that have work.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernel/message.h"

struct message_queue;

message_queue *mq_create(uint32_t handle);
uint32_t mq_handle(message_queue *q);
size_t mq_length(message_queue *q);

// Push a message; if the queue was idle it joins the global queue.
void mq_push(message_queue *q, skynet_message *msg);
// Pop one message; false (and the queue leaves the global queue) when empty.
bool mq_pop(message_queue *q, skynet_message *msg);
// Pop up to max messages under one lock (0 means empty, as mq_pop's false):
// the worker and a busy sender then meet on the lock once per batch, not
// once per message.
size_t mq_pop_batch(message_queue *q, skynet_message *out, size_t max);

// A queue grows without bound; when it passes a threshold the worker logs it.
// Returns the length that crossed the threshold, or 0.
size_t mq_overload(message_queue *q);

// The service is gone: mark the queue so the next worker to meet it frees it,
// handing each left-over message to drop().
void mq_mark_release(message_queue *q);
void mq_release(message_queue *q, void (*drop)(skynet_message *, void *), void *ud);

// The hand-off: a worker keeps for itself the one queue it wakes while it
// dispatches a message, and runs it next, as Go's scheduler runs a goroutine
// readied by the running one next on the same processor ("runnext").
//
// What it buys: a call between two services, one in flight, stays on one
// worker: the request wakes the callee, the caller yields, this worker runs
// the callee, whose answer wakes the caller on this worker again. Without it
// the idle worker's spin takes the callee on the other core, and every round
// trip crosses cores (a cache miss per message, and on a shared host a wait
// whenever the other vCPU is not scheduled): 200,000 calls ran at 0.19-0.60
// M/s across two workers, 0.60 M/s on one (docs/benchmarks.md).
// What it costs: the woken service waits for the rest of its waker's
// message (it is published when that message ends unless this worker is
// about to go idle), or until an idle worker, done spinning, takes it
// (mq_handoff_steal), so a long or endless message delays it by a spin, not
// forever; a third message to the same queue publishes it at once, so a
// stream of sends still runs on two workers, and so does a second queue woken
// by the same message (both, in the order they were woken).
// Only a worker between mq_handoff_begin and mq_handoff_end holds one;
// pushes from other threads (timer, sockets) join the global queue.
void mq_handoff_begin();
// The queue held (nullptr if none, or taken meanwhile by an idle worker);
// the caller runs it or globalmq_pushes it.
message_queue *mq_handoff_end();
// An idle worker about to sleep: move one queue some worker holds to the
// global queue. True if there was one.
bool mq_handoff_steal();
// A worker that moves on from a queue it held: true (and the queue leaves
// the global queue) if it is empty, false if it has messages (push it back).
bool mq_leave_if_empty(message_queue *q);

// A quiet queue (the logger's): a push that gives it work neither takes the
// hand-off (nor publishes the queue held) nor wakes a sleeping worker; it
// joins the global queue, where the next worker to look for work finds it.
// What it buys: every service created or killed logs a line (LAUNCH, KILL);
// as a second queue woken by the launcher's message, the line sent the new
// service to the global queue too, and so to the other worker, with 2
// workers ~20-30 us of CPU more per create+kill than with one
// (bench_spawn, docs/benchmarks.md). What it costs: a log line waits for a
// worker that is done with its message, or for an idle one's spin (up to one
// timer tick when every worker sleeps: the timer's wake-ups).
void mq_set_quiet(message_queue *q);
bool mq_is_quiet(message_queue *q);

// The global queue. A queue is in it at most once: while it has messages, or
// while a worker is dispatching it.
void globalmq_push(message_queue *q);
// A worker that puts back the queue it dispatched, to run another first:
// it comes back to the global queue itself next, so no sleeping worker is
// woken for it (waking one moved a new service's start to the other core).
void globalmq_requeue(message_queue *q);
message_queue *globalmq_pop();
// The first queue that is not quiet, or nullptr: a worker whose queue still
// has work yields its turn to others waiting, but not to the logger or a
// queue left to free (mq_set_quiet), which an idle worker takes. Yielding
// to them put the service back in the global queue, where the idle
// worker's spin took it to the other core: with 2 workers a create+kill
// (bench_spawn) ran on both, ~20% more CPU than on one.
message_queue *globalmq_pop_loud();
// The first quiet queue, or nullptr: a worker going on with a chain of
// hand-offs runs one in between (worker_main), so the log is written as
// the services run, not when the chain ends or an idle worker wakes.
message_queue *globalmq_pop_quiet();
// Called once a queue's service finished init, so it may be dispatched.
void mq_activate(message_queue *q);

// Workers that find the global queue empty wait here; a push wakes one.
void globalmq_wait_for_work(int spin_rounds);
void globalmq_wake_all();
bool globalmq_empty();
