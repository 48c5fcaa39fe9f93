// timer: timeouts in 1/100 s ticks, answered with a RESPONSE message carrying the session.
#pragma once
#include <cstdint>

void timer_init();
void timer_free();
// After `ticks` hundredths of a second, push a PTYPE_RESPONSE with `session`
// to `handle`. ticks <= 0 pushes it now, and then returns -1 if the handle
// is dead; a later expiry to a dead handle is dropped when it fires.
int timer_timeout(uint32_t handle, int ticks, int session);
// The timer thread's loop step: fire what is due, then wait at most until the
// next expiry (or `max_wait_us`). Returns when something may be due.
void timer_update(int max_wait_us);
// Wake a timer thread blocked in timer_update (for shutdown).
void timer_wake();
// Centiseconds since timer_init: skynet.now().
uint64_t timer_now();
uint32_t timer_starttime();
