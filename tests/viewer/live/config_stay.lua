-- A runtime that stays up (hold sleeps 1000 s) until a signal ends it: the trace.stop-on-SIGTERM test.
thread = 2
start = "hold"
hold_ticks = 100000
luaservice = "tests/viewer/live/?.lua"
