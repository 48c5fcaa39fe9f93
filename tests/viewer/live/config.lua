-- The runtime of the live-viewer test; SKYGLASS_TRACE names its live port.
thread = 2
start = "hold"
luaservice = "tests/viewer/live/?.lua"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
